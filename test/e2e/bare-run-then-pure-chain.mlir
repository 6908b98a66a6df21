// A bare statement followed by a chain of pure operations (two constants and their
// product) that later tasks use. On device targets the bare statements run in a kernel of
// their own; the chain does not depend on them, so it stays outside that kernel, where
// the tasks after it can use it. A pure operation that does depend on a bare statement
// (%next) goes into the bare statements' kernel with the statement that uses it.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

// x[i] = 6 * 7 + i, then x[i] -= 6; count[0] counts launches, count[1] = count[0] after
// the increment.
func.func @step(%x: memref<?xi32>, %count: memref<?xi32>, %f: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  %old = memref.atomic_rmw addi %one, %count[%c0] : (i32, memref<?xi32>) -> i32
  %next = arith.addi %old, %one : i32
  memref.store %next, %count[%c1] : memref<?xi32>
  %six = arith.constant 6 : i32
  %seven = arith.constant 7 : i32
  %product = arith.muli %six, %seven : i32
  %n = memref.dim %x, %c0 : memref<?xi32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %i_i32 = arith.index_cast %i : index to i32
    %v = arith.addi %product, %i_i32 : i32
    memref.store %v, %x[%i] : memref<?xi32>
  }
  ckpt.checkpoint 1 yield_on %f : memref<i32> {
    scf.for %i = %c0 to %n step %c1 {
      %v = memref.load %x[%i] : memref<?xi32>
      %w = arith.subi %v, %six : i32
      memref.store %w, %x[%i] : memref<?xi32>
    }
  }
  return
}

func.func @main() {
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0 : i32
  %x = call @zeros(%c4) : (index) -> memref<?xi32>
  %count = call @zeros(%c2) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  memref.store %zero, %f[] : memref<i32>

  // CHECK:      ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x: 36 37 38 39
  // CHECK-NEXT: count: 1 1
  %first = ckpt.launch @step(%x, %count, %f)
      : (memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %first
  vector.print str "x:"
  call @print_values(%x) : (memref<?xi32>) -> ()
  vector.print str "count:"
  call @print_values(%count) : (memref<?xi32>) -> ()

  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x: 36 37 38 39
  // CHECK-NEXT: count: 2 2
  %second = ckpt.launch @step(%x, %count, %f)
      : (memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %second
  vector.print str "x:"
  call @print_values(%x) : (memref<?xi32>) -> ()
  vector.print str "count:"
  call @print_values(%count) : (memref<?xi32>) -> ()
  memref.dealloc %x : memref<?xi32>
  memref.dealloc %count : memref<?xi32>
  memref.dealloc %f : memref<i32>
  return
}

// Prints " a b c" and a newline.
func.func @print_values(%values: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %values, %c0 : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %values[%i] : memref<?xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
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
