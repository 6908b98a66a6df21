// ckpt-opt also offers the passes as flags (the stock mlir-opt reaches plugin passes
// only through --pass-pipeline).
// REQUIRES: ckpt-opt
// RUN: %ckpt_opt %s --ckpt-auto-wrap --ckpt-number | FileCheck %s
// RUN: %ckpt_opt %s --ckpt-auto-wrap --ckpt-number --ckpt-auto-wrap --ckpt-number | FileCheck %s
// RUN: %ckpt_opt %s --ckpt-auto-wrap | FileCheck %s --check-prefix=WRAP-ONLY
// RUN: %ckpt_opt --help | FileCheck %s --check-prefix=HELP

// HELP-DAG: --ckpt-auto-wrap
// HELP-DAG: --ckpt-number
// HELP-DAG: --ckpt-lower-to-llvm

// CHECK-LABEL: func.func @step(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>, %[[OVERFLOW:.*]]: memref<i32>, %[[NEWTON:.*]]: memref<i32>)
// CHECK-SAME:      ckpt.labels = [{cp_id = 1 : i64, label = 0 : i64, name = "SIM"}, {cp_id = 2 : i64, label = 1 : i64}], ckpt.num_checkpoints = 3 : i64
// CHECK:         ckpt.do_while %[[NEWTON]] : memref<i32> {
// CHECK-NEXT:      ckpt.checkpoint implicit attributes {cp_id = 0 : i64} {
// CHECK-NEXT:        scf.parallel
// CHECK:           ckpt.checkpoint 0 "SIM" yield_on %[[OVERFLOW]] : memref<i32> attributes {cp_id = 1 : i64} {
// CHECK-NEXT:        scf.parallel
// CHECK:           ckpt.checkpoint 1 yield_on %[[OVERFLOW]] : memref<i32> attributes {cp_id = 2 : i64} {
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    return

// WRAP-ONLY-LABEL: func.func @step(
// WRAP-ONLY-SAME:      attributes {ckpt.checkpoints, ckpt.graph} {
// WRAP-ONLY:           ckpt.checkpoint implicit {
// WRAP-ONLY-NOT:       cp_id
func.func @step(%x: memref<?xf32>, %overflow: memref<i32>, %newton: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  ckpt.do_while %newton : memref<i32> {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %v = memref.load %x[%i] : memref<?xf32>
      memref.store %v, %x[%i] : memref<?xf32>
    }
    ckpt.checkpoint 0 "SIM" yield_on %overflow : memref<i32> {
      scf.parallel (%i) = (%c0) to (%n) step (%c1) {
        %v = memref.load %x[%i] : memref<?xf32>
        memref.store %v, %x[%i] : memref<?xf32>
      }
    }
    ckpt.checkpoint 1 yield_on %overflow : memref<i32> {
    }
  }
  return
}
