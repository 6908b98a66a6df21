// Pure operations at the kernel's top level (constants and index arithmetic, one built
// on another) may feed tasks, checkpoint bodies and bare statements.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

// For %n = 6: x = 7 7 7 8 108 9.
func.func @step(%x: memref<?xi32>, %f: memref<i32>, %n: index)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %one = arith.constant 1 : i32
  %seven = arith.constant 7 : i32
  %half = arith.divui %n, %c2 : index
  %last = arith.subi %n, %c1 : index
  %after_half = arith.addi %half, %c1 : index
  %eight = arith.addi %seven, %one : i32
  %nine = arith.addi %eight, %one : i32
  %twelve = arith.constant 12 : i32
  %hundred_eight = arith.muli %nine, %twelve : i32
  scf.for %i = %c0 to %half step %c1 {
    memref.store %seven, %x[%i] : memref<?xi32>
  }
  memref.store %nine, %x[%last] : memref<?xi32>
  ckpt.checkpoint 1 yield_on %f : memref<i32> {
    scf.parallel (%i) = (%half) to (%last) step (%c1) {
      memref.store %eight, %x[%i] : memref<?xi32>
    }
    scf.for %i = %after_half to %last step %c1 {
      memref.store %hundred_eight, %x[%i] : memref<?xi32>
    }
  }
  return
}

func.func @main() {
  %c6 = arith.constant 6 : index
  %zero = arith.constant 0 : i32
  %x = call @zeros(%c6) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  memref.store %zero, %f[] : memref<i32>

  // CHECK: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x: 7 7 7 8 108 9
  %s = ckpt.launch @step(%x, %f, %c6) : (memref<?xi32>, memref<i32>, index) -> !ckpt.status
  %ok = ckpt.status_ok %s : i1
  %yielded = ckpt.status_yielded %s : i1
  %label = ckpt.status_label %s : i64
  call @print_status(%ok, %yielded, %label) : (i1, i1, i64) -> ()
  vector.print str "x:"
  call @print_and_clear(%x) : (memref<?xi32>) -> ()
  memref.dealloc %x : memref<?xi32>
  memref.dealloc %f : memref<i32>
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
