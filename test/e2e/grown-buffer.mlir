// Arguments may change between launches with no rebuild: a launch yields because its
// buffer is too small, and the resume is given a bigger one. The resumed checkpoint
// fills the new buffer, the task after it reads it, and the task before the checkpoint
// (which updates %x in place) does not run again, so the result equals a run that had
// the big buffer from the start. The small buffer is left as it was.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

// Adds 1 to every x[i]; then needs 2 * size(x) slots in %buf: if %buf is smaller, asks for
// that many through %overflow, else writes buf[2i] = 10 * x[i], buf[2i+1] = 10 * x[i] + 1;
// then sums those slots into %sum.
func.func @step(%x: memref<?xi32>, %buf: memref<?xi32>, %overflow: memref<i32>,
                %sum: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %ten = arith.constant 10 : i32
  %n = memref.dim %x, %c0 : memref<?xi32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %v = memref.load %x[%i] : memref<?xi32>
    %w = arith.addi %v, %one : i32
    memref.store %w, %x[%i] : memref<?xi32>
  }
  ckpt.checkpoint 0 "fill" yield_on %overflow : memref<i32> {
    scf.for %unused = %c0 to %c1 step %c1 {
      %need = arith.muli %n, %c2 : index
      %capacity = memref.dim %buf, %c0 : memref<?xi32>
      %too_small = arith.cmpi ugt, %need, %capacity : index
      scf.if %too_small {
        %need_i32 = arith.index_cast %need : index to i32
        memref.store %need_i32, %overflow[] : memref<i32>
      } else {
        scf.for %i = %c0 to %n step %c1 {
          %v = memref.load %x[%i] : memref<?xi32>
          %even = arith.muli %v, %ten : i32
          %odd = arith.addi %even, %one : i32
          %j = arith.muli %i, %c2 : index
          %j1 = arith.addi %j, %c1 : index
          memref.store %even, %buf[%j] : memref<?xi32>
          memref.store %odd, %buf[%j1] : memref<?xi32>
        }
      }
    }
  }
  scf.for %unused = %c0 to %c1 step %c1 {
    %need = arith.muli %n, %c2 : index
    %total = scf.for %j = %c0 to %need step %c1 iter_args(%acc = %zero) -> (i32) {
      %v = memref.load %buf[%j] : memref<?xi32>
      %next = arith.addi %acc, %v : i32
      scf.yield %next : i32
    }
    memref.store %total, %sum[] : memref<i32>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %two = arith.constant 2 : i32
  %three = arith.constant 3 : i32
  %x = call @zeros(%c3) : (index) -> memref<?xi32>
  memref.store %one, %x[%c0] : memref<?xi32>
  memref.store %two, %x[%c1] : memref<?xi32>
  memref.store %three, %x[%c2] : memref<?xi32>
  %small = call @zeros(%c4) : (index) -> memref<?xi32>
  %overflow = memref.alloc() : memref<i32>
  %sum = memref.alloc() : memref<i32>
  memref.store %zero, %overflow[] : memref<i32>
  memref.store %zero, %sum[] : memref<i32>

  // CHECK: status ok=1 yielded=1 label=0
  // CHECK-NEXT: overflow: 6
  // CHECK-NEXT: sum: 0
  %small_run = ckpt.launch @step(%x, %small, %overflow, %sum)
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %small_run_ok = ckpt.status_ok %small_run : i1
  %small_run_yielded = ckpt.status_yielded %small_run : i1
  %small_run_label = ckpt.status_label %small_run : i64
  call @print_status(%small_run_ok, %small_run_yielded, %small_run_label) : (i1, i1, i64) -> ()
  %v0 = memref.load %overflow[] : memref<i32>
  vector.print str "overflow: "
  vector.print %v0 : i32
  %v1 = memref.load %sum[] : memref<i32>
  vector.print str "sum: "
  vector.print %v1 : i32

  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x: 2 3 4
  // CHECK-NEXT: big: 20 21 30 31 40 41
  // CHECK-NEXT: small: 0 0 0 0
  // CHECK-NEXT: sum: 183
  %need_i32 = memref.load %overflow[] : memref<i32>
  %need = arith.index_cast %need_i32 : i32 to index
  %big = call @zeros(%need) : (index) -> memref<?xi32>
  memref.store %zero, %overflow[] : memref<i32>
  %grown = ckpt.launch @step(%x, %big, %overflow, %sum) resume_from %small_run_label
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %grown_ok = ckpt.status_ok %grown : i1
  %grown_yielded = ckpt.status_yielded %grown : i1
  %grown_label = ckpt.status_label %grown : i64
  call @print_status(%grown_ok, %grown_yielded, %grown_label) : (i1, i1, i64) -> ()
  vector.print str "x:"
  call @print_and_clear(%x) : (memref<?xi32>) -> ()
  vector.print str "big:"
  call @print_and_clear(%big) : (memref<?xi32>) -> ()
  vector.print str "small:"
  call @print_and_clear(%small) : (memref<?xi32>) -> ()
  %v2 = memref.load %sum[] : memref<i32>
  vector.print str "sum: "
  vector.print %v2 : i32

  // The same from the start with a buffer big enough.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x: 2 3 4
  // CHECK-NEXT: buffer: 20 21 30 31 40 41 0 0
  // CHECK-NEXT: sum: 183
  %x2 = call @zeros(%c3) : (index) -> memref<?xi32>
  memref.store %one, %x2[%c0] : memref<?xi32>
  memref.store %two, %x2[%c1] : memref<?xi32>
  memref.store %three, %x2[%c2] : memref<?xi32>
  %roomy = call @zeros(%c8) : (index) -> memref<?xi32>
  %reference = ckpt.launch @step(%x2, %roomy, %overflow, %sum)
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %reference_ok = ckpt.status_ok %reference : i1
  %reference_yielded = ckpt.status_yielded %reference : i1
  %reference_label = ckpt.status_label %reference : i64
  call @print_status(%reference_ok, %reference_yielded, %reference_label) : (i1, i1, i64) -> ()
  vector.print str "x:"
  call @print_and_clear(%x2) : (memref<?xi32>) -> ()
  vector.print str "buffer:"
  call @print_and_clear(%roomy) : (memref<?xi32>) -> ()
  %v3 = memref.load %sum[] : memref<i32>
  vector.print str "sum: "
  vector.print %v3 : i32
  memref.dealloc %x : memref<?xi32>
  memref.dealloc %small : memref<?xi32>
  memref.dealloc %overflow : memref<i32>
  memref.dealloc %sum : memref<i32>
  memref.dealloc %big : memref<?xi32>
  memref.dealloc %x2 : memref<?xi32>
  memref.dealloc %roomy : memref<?xi32>
  return
}

// Helpers shared, as copies, by the e2e tests.

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

// A log of 64 entries, empty: log[0], the next free slot, is 1.
func.func @new_log() -> memref<?xi32> {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %one = arith.constant 1 : i32
  %log = call @zeros(%c64) : (index) -> memref<?xi32>
  memref.store %one, %log[%c0] : memref<?xi32>
  return %log : memref<?xi32>
}

// Prints "log: A B C", the ids appended since the last call, and empties the log.
func.func @print_log(%log: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  %end = memref.load %log[%c0] : memref<?xi32>
  %end_index = arith.index_cast %end : i32 to index
  vector.print str "log:"
  scf.for %i = %c1 to %end_index step %c1 {
    %id = memref.load %log[%i] : memref<?xi32>
    vector.print str " "
    vector.print %id : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  memref.store %one, %log[%c0] : memref<?xi32>
  return
}

func.func @zeros(%n: index) -> memref<?xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %m = memref.alloc(%n) : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    memref.store %zero, %m[%i] : memref<?xi32>
  }
  return %m : memref<?xi32>
}

// Prints " a b c" and a newline, then zeroes the values.
func.func @print_and_clear(%values: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %n = memref.dim %values, %c0 : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %values[%i] : memref<?xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
    memref.store %zero, %values[%i] : memref<?xi32>
  }
  vector.print punctuation <newline>
  return
}
