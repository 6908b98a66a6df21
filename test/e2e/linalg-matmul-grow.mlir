// linalg ops on memrefs are tasks that ckpt lowers itself: a linalg.generic updates %a in
// place, linalg.fill and linalg.matmul compute c = a * b, and checkpoint "grow" yields when
// %scratch has fewer rows than c. The host gives the resume a scratch of the right size:
// the tasks before the checkpoint do not run again (a is incremented once), the generic
// after it writes scratch = 10 * c + 1 and a reduction sums scratch into %sum (zeroed by a
// rank-0 linalg.fill).
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

#id = affine_map<(i, j) -> (i, j)>
#all = affine_map<(i, j) -> ()>

func.func @step(%a: memref<?x?xi32>, %b: memref<?x?xi32>, %c: memref<?x?xi32>,
                %scratch: memref<?x?xi32>, %need: memref<i32>, %sum: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %ten = arith.constant 10 : i32
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]}
      outs(%a : memref<?x?xi32>) {
  ^bb0(%v: i32):
    %w = arith.addi %v, %one : i32
    linalg.yield %w : i32
  }
  linalg.fill ins(%zero : i32) outs(%c : memref<?x?xi32>)
  linalg.matmul ins(%a, %b : memref<?x?xi32>, memref<?x?xi32>) outs(%c : memref<?x?xi32>)
  ckpt.checkpoint 0 "grow" yield_on %need : memref<i32> {
    scf.for %unused = %c0 to %c1 step %c1 {
      %rows = memref.dim %c, %c0 : memref<?x?xi32>
      %have = memref.dim %scratch, %c0 : memref<?x?xi32>
      %too_small = arith.cmpi ult, %have, %rows : index
      scf.if %too_small {
        %rows_i32 = arith.index_cast %rows : index to i32
        memref.store %rows_i32, %need[] : memref<i32>
      }
    }
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<?x?xi32>) outs(%scratch : memref<?x?xi32>) {
  ^bb0(%v: i32, %unused: i32):
    %scaled = arith.muli %v, %ten : i32
    %w = arith.addi %scaled, %one : i32
    linalg.yield %w : i32
  }
  linalg.fill ins(%zero : i32) outs(%sum : memref<i32>)
  linalg.generic {indexing_maps = [#id, #all], iterator_types = ["reduction", "reduction"]}
      ins(%scratch : memref<?x?xi32>) outs(%sum : memref<i32>) {
  ^bb0(%v: i32, %acc: i32):
    %next = arith.addi %acc, %v : i32
    linalg.yield %next : i32
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0 : i32
  %a = call @matrix(%c2, %c3) : (index, index) -> memref<?x?xi32>
  %b = call @matrix(%c3, %c2) : (index, index) -> memref<?x?xi32>
  %c = call @matrix(%c2, %c2) : (index, index) -> memref<?x?xi32>
  %small = call @matrix(%c1, %c2) : (index, index) -> memref<?x?xi32>
  // a = [[1 2 3] [4 5 6]], b = [[1 0] [0 1] [1 1]]
  %v1 = arith.constant 1 : i32
  %v2 = arith.constant 2 : i32
  %v3 = arith.constant 3 : i32
  %v4 = arith.constant 4 : i32
  %v5 = arith.constant 5 : i32
  %v6 = arith.constant 6 : i32
  memref.store %v1, %a[%c0, %c0] : memref<?x?xi32>
  memref.store %v2, %a[%c0, %c1] : memref<?x?xi32>
  memref.store %v3, %a[%c0, %c2] : memref<?x?xi32>
  memref.store %v4, %a[%c1, %c0] : memref<?x?xi32>
  memref.store %v5, %a[%c1, %c1] : memref<?x?xi32>
  memref.store %v6, %a[%c1, %c2] : memref<?x?xi32>
  memref.store %v1, %b[%c0, %c0] : memref<?x?xi32>
  memref.store %v1, %b[%c1, %c1] : memref<?x?xi32>
  memref.store %v1, %b[%c2, %c0] : memref<?x?xi32>
  memref.store %v1, %b[%c2, %c1] : memref<?x?xi32>
  %need = memref.alloc() : memref<i32>
  %sum = memref.alloc() : memref<i32>
  memref.store %zero, %need[] : memref<i32>
  %v7 = arith.constant 7 : i32
  memref.store %v7, %sum[] : memref<i32>

  // CHECK: status ok=1 yielded=1 label=0
  // CHECK-NEXT: need: 2
  // CHECK-NEXT: sum: 7
  %first = ckpt.launch @step(%a, %b, %c, %small, %need, %sum)
      : (memref<?x?xi32>, memref<?x?xi32>, memref<?x?xi32>, memref<?x?xi32>, memref<i32>,
         memref<i32>) -> !ckpt.status
  %first_ok = ckpt.status_ok %first : i1
  %first_yielded = ckpt.status_yielded %first : i1
  %first_label = ckpt.status_label %first : i64
  call @print_status(%first_ok, %first_yielded, %first_label) : (i1, i1, i64) -> ()
  %rows_i32 = memref.load %need[] : memref<i32>
  vector.print str "need: "
  vector.print %rows_i32 : i32
  %s0 = memref.load %sum[] : memref<i32>
  vector.print str "sum: "
  vector.print %s0 : i32

  // a + 1 = [[2 3 4] [5 6 7]]; c = (a + 1) * b = [[6 7] [12 13]];
  // scratch = 10 c + 1 = [[61 71] [121 131]], whose sum is 384.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: a: 2 3 4 5 6 7
  // CHECK-NEXT: c: 6 7 12 13
  // CHECK-NEXT: scratch: 61 71 121 131
  // CHECK-NEXT: small: 0 0
  // CHECK-NEXT: sum: 384
  %rows = arith.index_cast %rows_i32 : i32 to index
  %big = call @matrix(%rows, %c2) : (index, index) -> memref<?x?xi32>
  memref.store %zero, %need[] : memref<i32>
  %second = ckpt.launch @step(%a, %b, %c, %big, %need, %sum) resume_from %first_label
      : (memref<?x?xi32>, memref<?x?xi32>, memref<?x?xi32>, memref<?x?xi32>, memref<i32>,
         memref<i32>) -> !ckpt.status
  %second_ok = ckpt.status_ok %second : i1
  %second_yielded = ckpt.status_yielded %second : i1
  %second_label = ckpt.status_label %second : i64
  call @print_status(%second_ok, %second_yielded, %second_label) : (i1, i1, i64) -> ()
  vector.print str "a:"
  call @print_matrix(%a) : (memref<?x?xi32>) -> ()
  vector.print str "c:"
  call @print_matrix(%c) : (memref<?x?xi32>) -> ()
  vector.print str "scratch:"
  call @print_matrix(%big) : (memref<?x?xi32>) -> ()
  vector.print str "small:"
  call @print_matrix(%small) : (memref<?x?xi32>) -> ()
  %s1 = memref.load %sum[] : memref<i32>
  vector.print str "sum: "
  vector.print %s1 : i32
  memref.dealloc %a : memref<?x?xi32>
  memref.dealloc %b : memref<?x?xi32>
  memref.dealloc %c : memref<?x?xi32>
  memref.dealloc %small : memref<?x?xi32>
  memref.dealloc %big : memref<?x?xi32>
  memref.dealloc %need : memref<i32>
  memref.dealloc %sum : memref<i32>
  return
}

// Prints "status ok=O yielded=Y label=L".
func.func @print_status(%ok: i1, %yielded: i1, %label: i64) {
  vector.print str "status ok="
  vector.print %ok : i1 punctuation <no_punctuation>
  vector.print str " yielded="
  vector.print %yielded : i1 punctuation <no_punctuation>
  vector.print str " label="
  vector.print %label : i64
  return
}

// A rows x cols matrix of zeros.
func.func @matrix(%rows: index, %cols: index) -> memref<?x?xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %m = memref.alloc(%rows, %cols) : memref<?x?xi32>
  scf.for %i = %c0 to %rows step %c1 {
    scf.for %j = %c0 to %cols step %c1 {
      memref.store %zero, %m[%i, %j] : memref<?x?xi32>
    }
  }
  return %m : memref<?x?xi32>
}

// Prints " a b c ..." in row-major order and a newline.
func.func @print_matrix(%m: memref<?x?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = memref.dim %m, %c0 : memref<?x?xi32>
  %cols = memref.dim %m, %c1 : memref<?x?xi32>
  scf.for %i = %c0 to %rows step %c1 {
    scf.for %j = %c0 to %cols step %c1 {
      %v = memref.load %m[%i, %j] : memref<?x?xi32>
      vector.print str " "
      vector.print %v : i32 punctuation <no_punctuation>
    }
  }
  vector.print punctuation <newline>
  return
}
