// A graph kernel whose task reaches the kernel itself through a plain function is
// rejected at compile time with the same error on every target, and ckpt-run stops
// there: no crash (`not` fails on a signal), nothing runs.
// RUN: not %ckpt_run_target %s > %target_tmp.out 2> %target_tmp.err
// RUN: FileCheck %s < %target_tmp.err
// RUN: FileCheck %s --check-prefix=OUT --allow-empty < %target_tmp.out

// CHECK: error: graph kernel @step calls itself from one of its tasks (through @again); a graph kernel runs as a whole launch from the host, never inside a task
// CHECK-NEXT: ckpt-run: lowering '{{.*}}recursion-rejected.mlir' for target {{cpu|cuda|hip|vulkan}} failed
// OUT-NOT: {{.}}

func.func @again(%x: memref<?xi32>) {
  func.call @step(%x) : (memref<?xi32>) -> ()
  return
}

func.func @step(%x: memref<?xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<?xi32>
    %one = arith.constant 1 : i32
    %d = arith.subi %v, %one : i32
    memref.store %d, %x[%i] : memref<?xi32>
    func.call @again(%x) : (memref<?xi32>) -> ()
  }
  return
}

func.func @main() {
  %c1 = arith.constant 1 : index
  %x = memref.alloc(%c1) : memref<?xi32>
  %s = ckpt.launch @step(%x) : (memref<?xi32>) -> !ckpt.status
  ckpt.status_print %s
  memref.dealloc %x : memref<?xi32>
  return
}
