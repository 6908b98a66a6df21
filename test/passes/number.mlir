// --ckpt-number: every checkpoint of a checkpointed graph kernel gets its dense,
// source-order cp_id (top level and nested do-whiles alike, implicit and explicit
// alike), and the kernel records its label table. Numbering twice changes nothing.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-number)' \
// RUN:   | FileCheck %s --check-prefixes=CHECK,NUMBER
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-number,ckpt-number)' \
// RUN:   | FileCheck %s --check-prefixes=CHECK,NUMBER
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-auto-wrap,ckpt-number)' \
// RUN:   | FileCheck %s --check-prefixes=CHECK,WRAP
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-auto-wrap,ckpt-number,ckpt-auto-wrap,ckpt-number)' \
// RUN:   | FileCheck %s --check-prefixes=CHECK,WRAP
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-auto-wrap,ckpt-number)' > %t.once.mlir
// RUN: %ckpt_opt %t.once.mlir --pass-pipeline='builtin.module(ckpt-number)' > %t.twice.mlir
// RUN: diff %t.once.mlir %t.twice.mlir
// RUN: %if ckpt-opt %{ %ckpt_opt %s --ckpt-number | FileCheck %s --check-prefixes=CHECK,NUMBER %}
// RUN: %if ckpt-opt %{ %ckpt_opt %s --ckpt-auto-wrap --ckpt-number | FileCheck %s --check-prefixes=CHECK,WRAP %}

// CHECK-LABEL: func.func @dense(
// CHECK-SAME:      attributes {ckpt.checkpoints, ckpt.graph,
// CHECK-SAME:      ckpt.labels = [{cp_id = 1 : i64, label = 10 : i64, name = "FIRST"}, {cp_id = 3 : i64, label = 20 : i64}, {cp_id = 5 : i64, label = 5 : i64, name = "AFTER_INNER"}, {cp_id = 7 : i64, label = 0 : i64, name = "LAST"}],
// CHECK-SAME:      ckpt.num_checkpoints = 8 : i64} {
// CHECK-NEXT:    %{{.*}} = arith.constant
// CHECK-NEXT:    ckpt.checkpoint implicit attributes {cp_id = 0 : i64} {
// CHECK:         ckpt.checkpoint 10 "FIRST" yield_on %{{.*}} : memref<i32> attributes {cp_id = 1 : i64} {
// CHECK:         ckpt.do_while
// CHECK-NEXT:      ckpt.checkpoint implicit attributes {cp_id = 2 : i64} {
// CHECK:           ckpt.do_while
// CHECK-NEXT:        ckpt.checkpoint 20 yield_on %{{.*}} : memref<i32> attributes {cp_id = 3 : i64} {
// CHECK:             ckpt.checkpoint implicit attributes {cp_id = 4 : i64} {
// CHECK:           ckpt.checkpoint 5 "AFTER_INNER" yield_on %{{.*}} : memref<i32> attributes {cp_id = 5 : i64} {
// CHECK:         ckpt.checkpoint implicit attributes {cp_id = 6 : i64} {
// CHECK:         ckpt.checkpoint 0 "LAST" yield_on %{{.*}} : memref<i32> attributes {cp_id = 7 : i64} {
// CHECK-NOT:     ckpt.checkpoint
// CHECK:         return
func.func @dense(%x: memref<?xf32>, %f: memref<i32>, %g: memref<i32>, %outer: memref<i32>,
                 %inner: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %zero = arith.constant 0.0 : f32
  ckpt.checkpoint implicit {
    affine.for %i = 0 to 4 {
      affine.store %zero, %x[%i] : memref<?xf32>
    }
  }
  ckpt.checkpoint 10 "FIRST" yield_on %f : memref<i32> {
  }
  ckpt.do_while %outer : memref<i32> {
    ckpt.checkpoint implicit {
    }
    ckpt.do_while %inner : memref<i32> {
      ckpt.checkpoint 20 yield_on %g : memref<i32> {
      }
      ckpt.checkpoint implicit {
      }
    }
    ckpt.checkpoint 5 "AFTER_INNER" yield_on %f : memref<i32> {
    }
  }
  // A stale cp_id is replaced.
  ckpt.checkpoint implicit attributes {cp_id = 42 : i64} {
  }
  ckpt.checkpoint 0 "LAST" yield_on %g : memref<i32> {
  }
  return
}

// Numbering restarts at 0 in every kernel; a stale label table is replaced.
// CHECK-LABEL: func.func @second_kernel(
// CHECK-SAME:      ckpt.labels = [{cp_id = 1 : i64, label = 10 : i64, name = "FIRST"}], ckpt.num_checkpoints = 2 : i64} {
// CHECK-NEXT:    ckpt.checkpoint implicit attributes {cp_id = 0 : i64} {
// CHECK-NEXT:    }
// CHECK-NEXT:    ckpt.checkpoint 10 "FIRST" yield_on %{{.*}} : memref<i32> attributes {cp_id = 1 : i64} {
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @second_kernel(%f: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints, ckpt.labels = [{cp_id = 9 : i64, label = 99 : i64}],
                ckpt.num_checkpoints = 17 : i64} {
  ckpt.checkpoint implicit {
  }
  ckpt.checkpoint 10 "FIRST" yield_on %f : memref<i32> {
  }
  return
}

// Tasks not yet in a checkpoint are numbered once auto-wrap has wrapped them.
// NUMBER-LABEL: func.func @wrap_then_number(
// NUMBER-SAME:      ckpt.labels = [{cp_id = 0 : i64, label = 1 : i64, name = "X"}], ckpt.num_checkpoints = 2 : i64} {
// NUMBER-NEXT:    %{{.*}} = arith.constant
// NUMBER-NEXT:    %{{.*}} = arith.constant
// NUMBER-NEXT:    scf.for
// NUMBER:         ckpt.checkpoint 1 "X" yield_on %{{.*}} : memref<i32> attributes {cp_id = 0 : i64} {
// NUMBER:         ckpt.do_while
// NUMBER-NEXT:      scf.for
// NUMBER:         ckpt.checkpoint implicit attributes {cp_id = 1 : i64} {
// NUMBER-NOT:     ckpt.checkpoint
// NUMBER:         return
// WRAP-LABEL:   func.func @wrap_then_number(
// WRAP-SAME:        ckpt.labels = [{cp_id = 1 : i64, label = 1 : i64, name = "X"}], ckpt.num_checkpoints = 4 : i64} {
// WRAP-NEXT:      %{{.*}} = arith.constant
// WRAP-NEXT:      %{{.*}} = arith.constant
// WRAP-NEXT:      ckpt.checkpoint implicit attributes {cp_id = 0 : i64} {
// WRAP-NEXT:        scf.for
// WRAP:           ckpt.checkpoint 1 "X" yield_on %{{.*}} : memref<i32> attributes {cp_id = 1 : i64} {
// WRAP:           ckpt.do_while
// WRAP-NEXT:        ckpt.checkpoint implicit attributes {cp_id = 2 : i64} {
// WRAP-NEXT:          scf.for
// WRAP:           ckpt.checkpoint implicit attributes {cp_id = 3 : i64} {
// WRAP-NOT:       ckpt.checkpoint
// WRAP:           return
func.func @wrap_then_number(%x: memref<?xf32>, %f: memref<i32>, %c: memref<i32>, %n: index)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %n step %n {
    memref.store %zero, %x[%i] : memref<?xf32>
  }
  ckpt.checkpoint 1 "X" yield_on %f : memref<i32> {
    scf.for %i = %c0 to %n step %n {
      memref.store %zero, %x[%i] : memref<?xf32>
    }
  }
  ckpt.do_while %c : memref<i32> {
    scf.for %i = %c0 to %n step %n {
      memref.store %zero, %x[%i] : memref<?xf32>
    }
  }
  ckpt.checkpoint implicit {
    scf.for %i = %c0 to %n step %n {
      memref.store %zero, %x[%i] : memref<?xf32>
    }
  }
  return
}

// A kernel that opted in but has no checkpoint gets an empty table.
// NUMBER-LABEL: func.func @no_checkpoints(
// NUMBER-SAME:      attributes {ckpt.checkpoints, ckpt.graph, ckpt.labels = [], ckpt.num_checkpoints = 0 : i64} {
// WRAP-LABEL:   func.func @no_checkpoints(
// WRAP-SAME:        attributes {ckpt.checkpoints, ckpt.graph, ckpt.labels = [], ckpt.num_checkpoints = 1 : i64} {
// WRAP-NEXT:      ckpt.checkpoint implicit attributes {cp_id = 0 : i64} {
// WRAP-NEXT:        func.call @external() : () -> ()
func.func @no_checkpoints() attributes {ckpt.graph, ckpt.checkpoints} {
  func.call @external() : () -> ()
  return
}

// Graph kernels without `ckpt.checkpoints` and plain functions get no table.
// CHECK-LABEL: func.func @graph_only(
// CHECK-SAME:      attributes {ckpt.graph} {
// CHECK-NOT:     cp_id
// CHECK:         return
func.func @graph_only(%c: memref<i32>) attributes {ckpt.graph} {
  ckpt.do_while %c : memref<i32> {
    func.call @external() : () -> ()
  }
  return
}

// CHECK-LABEL: func.func private @external()
// CHECK-NOT:     ckpt.
func.func private @external()
