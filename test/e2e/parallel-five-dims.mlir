// An scf.parallel of five dimensions, with lower bounds and steps other than 0 and 1, as a
// task inside an explicit checkpoint, and a second one over the whole memref after it.
// GPUs map the innermost 3 dimensions to the grid and loop over the outer 2 in each
// thread; the CPU runs the loop nest. The output is the same on every target. (No
// atomics in the loops: lavapipe of Mesa 22.3 skips what follows an atomic inside a loop
// in divergent code after the first iteration; docs/robustness.md.)
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cuda -o /dev/null %}

// Task 1 writes x[i,j,k,l,m] = 10000i + 1000j + 100k + 10l + m at i in [0,d0), j in [1,d1),
// k in [0,d2) step 2, l in [0,d3), m in [1,d4) step 2; the flag is raised when request[0]
// is non-zero. Task 2 maps every element v of x to 2v + 1.
func.func @step(%x: memref<?x?x?x?x?xi32>, %request: memref<?xi32>, %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c10 = arith.constant 10 : index
  %c100 = arith.constant 100 : index
  %c1000 = arith.constant 1000 : index
  %c10000 = arith.constant 10000 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %d0 = memref.dim %x, %c0 : memref<?x?x?x?x?xi32>
  %d1 = memref.dim %x, %c1 : memref<?x?x?x?x?xi32>
  %d2 = memref.dim %x, %c2 : memref<?x?x?x?x?xi32>
  %d3 = memref.dim %x, %c3 : memref<?x?x?x?x?xi32>
  %d4 = memref.dim %x, %c4 : memref<?x?x?x?x?xi32>
  ckpt.checkpoint 1 "fill" yield_on %f : memref<i32> {
    scf.parallel (%i, %j, %k, %l, %m) = (%c0, %c1, %c0, %c0, %c1) to (%d0, %d1, %d2, %d3, %d4)
        step (%c1, %c1, %c2, %c1, %c2) {
      %w0 = arith.muli %i, %c10000 : index
      %w1 = arith.muli %j, %c1000 : index
      %w2 = arith.muli %k, %c100 : index
      %w3 = arith.muli %l, %c10 : index
      %a = arith.addi %w0, %w1 : index
      %b = arith.addi %a, %w2 : index
      %c = arith.addi %b, %w3 : index
      %d = arith.addi %c, %m : index
      %v = arith.index_cast %d : index to i32
      memref.store %v, %x[%i, %j, %k, %l, %m] : memref<?x?x?x?x?xi32>
    }
    scf.for %t = %c0 to %c1 step %c1 {
      %r = memref.load %request[%c0] : memref<?xi32>
      %raise = arith.cmpi ne, %r, %zero : i32
      scf.if %raise {
        memref.store %r, %f[] : memref<i32>
      }
    }
  }
  scf.parallel (%i, %j, %k, %l, %m) = (%c0, %c0, %c0, %c0, %c0) to (%d0, %d1, %d2, %d3, %d4)
      step (%c1, %c1, %c1, %c1, %c1) {
    %v = memref.load %x[%i, %j, %k, %l, %m] : memref<?x?x?x?x?xi32>
    %twice = arith.addi %v, %v : i32
    %mapped = arith.addi %twice, %one : i32
    memref.store %mapped, %x[%i, %j, %k, %l, %m] : memref<?x?x?x?x?xi32>
  }
  return
}

// x is 2x3x4x2x3, 72 elements for each i. Task 1 writes 8 of them for each i (j in {1, 2},
// k in {0, 2}, l in {0, 1}, m = 1), which sum to 8 * 10000i + 4 * 1000 * (1 + 2)
// + 4 * 100 * (0 + 2) + 4 * 10 * (0 + 1) + 8 * 1 = 80000i + 12848; task 2 then makes the
// sum 2 * that + 72 (each element v becomes 2v + 1) while the other 64 are 0.
func.func @main() {
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %storage = memref.alloc() : memref<2x3x4x2x3xi32>
  linalg.fill ins(%zero : i32) outs(%storage : memref<2x3x4x2x3xi32>)
  %x = memref.cast %storage : memref<2x3x4x2x3xi32> to memref<?x?x?x?x?xi32>
  %request = memref.alloc(%c1) : memref<?xi32>
  %f = memref.alloc() : memref<i32>

  // The first launch yields at "fill": task 2 has not run.
  // CHECK: status ok=1 yielded=1 label=1
  // CHECK-NEXT: x[1,2,2,1,1] = 12211 x[0,0,0,0,0] = 0 x[1,2,3,1,2] = 0
  // CHECK-NEXT: sums 12848 92848
  memref.store %zero, %f[] : memref<i32>
  memref.store %one, %request[%c0] : memref<?xi32>
  %first = ckpt.launch @step(%x, %request, %f)
      : (memref<?x?x?x?x?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  call @print_status(%first) : (!ckpt.status) -> ()
  call @print_state(%x) : (memref<?x?x?x?x?xi32>) -> ()

  // Resumed at "fill": task 1 runs again (it rewrites the same values), then task 2:
  // 2 * 12211 + 1, 2 * 0 + 1, and sums 2 * 12848 + 72, 2 * 92848 + 72.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x[1,2,2,1,1] = 24423 x[0,0,0,0,0] = 1 x[1,2,3,1,2] = 1
  // CHECK-NEXT: sums 25768 185768
  memref.store %zero, %f[] : memref<i32>
  memref.store %zero, %request[%c0] : memref<?xi32>
  %label = ckpt.status_label %first : i64
  %resumed = ckpt.launch @step(%x, %request, %f) resume_from %label
      : (memref<?x?x?x?x?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  call @print_status(%resumed) : (!ckpt.status) -> ()
  call @print_state(%x) : (memref<?x?x?x?x?xi32>) -> ()

  // A fresh launch runs both tasks: the 8 written elements are rewritten and mapped again
  // (2v + 1), the 64 others go from 1 to 3: sums 2 * 12848 + 8 + 192 and 2 * 92848 + 200.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x[1,2,2,1,1] = 24423 x[0,0,0,0,0] = 3 x[1,2,3,1,2] = 3
  // CHECK-NEXT: sums 25896 185896
  %fresh = ckpt.launch @step(%x, %request, %f)
      : (memref<?x?x?x?x?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  call @print_status(%fresh) : (!ckpt.status) -> ()
  call @print_state(%x) : (memref<?x?x?x?x?xi32>) -> ()
  memref.dealloc %storage : memref<2x3x4x2x3xi32>
  memref.dealloc %request : memref<?xi32>
  memref.dealloc %f : memref<i32>
  return
}

// Prints "status ok=O yielded=Y label=L".
func.func @print_status(%status: !ckpt.status) {
  %ok = ckpt.status_ok %status : i1
  %yielded = ckpt.status_yielded %status : i1
  %label = ckpt.status_label %status : i64
  vector.print str "status ok="
  vector.print %ok : i1 punctuation <no_punctuation>
  vector.print str " yielded="
  vector.print %yielded : i1 punctuation <no_punctuation>
  vector.print str " label="
  vector.print %label : i64
  return
}

// Prints one element task 1 writes, one it never writes, one its steps pass over, and
// the sum of x[i, ...] for each i (on the host).
func.func @print_state(%x: memref<?x?x?x?x?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0 : i32
  %written = memref.load %x[%c1, %c2, %c2, %c1, %c1] : memref<?x?x?x?x?xi32>
  %origin = memref.load %x[%c0, %c0, %c0, %c0, %c0] : memref<?x?x?x?x?xi32>
  %skipped = memref.load %x[%c1, %c2, %c3, %c1, %c2] : memref<?x?x?x?x?xi32>
  vector.print str "x[1,2,2,1,1] = "
  vector.print %written : i32 punctuation <no_punctuation>
  vector.print str " x[0,0,0,0,0] = "
  vector.print %origin : i32 punctuation <no_punctuation>
  vector.print str " x[1,2,3,1,2] = "
  vector.print %skipped : i32
  vector.print str "sums"
  scf.for %i = %c0 to %c2 step %c1 {
    %sum = scf.for %j = %c0 to %c3 step %c1 iter_args(%sj = %zero) -> (i32) {
      %sk = scf.for %k = %c0 to %c4 step %c1 iter_args(%sk0 = %sj) -> (i32) {
        %sl = scf.for %l = %c0 to %c2 step %c1 iter_args(%sl0 = %sk0) -> (i32) {
          %sm = scf.for %m = %c0 to %c3 step %c1 iter_args(%sm0 = %sl0) -> (i32) {
            %v = memref.load %x[%i, %j, %k, %l, %m] : memref<?x?x?x?x?xi32>
            %a = arith.addi %sm0, %v : i32
            scf.yield %a : i32
          }
          scf.yield %sm : i32
        }
        scf.yield %sl : i32
      }
      scf.yield %sk : i32
    }
    vector.print str " "
    vector.print %sum : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  return
}
