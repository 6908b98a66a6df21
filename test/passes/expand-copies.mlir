// --ckpt-expand-copies: a memref.copy that is a task of a graph kernel becomes one
// scf.parallel over its shape (rank 0: one iteration), a copy inside a task an scf.for
// nest; copies outside graph kernels stay.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-expand-copies)' | FileCheck %s

// CHECK-LABEL: func.func @task(
// CHECK-SAME:      %[[A:[a-z0-9]+]]: memref<4x?xf32, strided<[?, 2], offset: ?>>, %[[B:[a-z0-9]+]]: memref<?x5xf32>)
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C5:.*]] = arith.constant 5 : index
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK:         scf.parallel (%[[I:.*]], %[[J:.*]]) = (%[[C0]], %[[C0]]) to (%[[C4]], %[[C5]]) step (%{{.*}}, %{{.*}}) {
// CHECK-NEXT:      %[[V:.*]] = memref.load %[[A]][%[[I]], %[[J]]] : memref<4x?xf32, strided<[?, 2], offset: ?>>
// CHECK-NEXT:      memref.store %[[V]], %[[B]][%[[I]], %[[J]]] : memref<?x5xf32>
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    }
// CHECK-NOT:     memref.copy
// CHECK:         return
func.func @task(%a: memref<4x?xf32, strided<[?, 2], offset: ?>>, %b: memref<?x5xf32>)
    attributes {ckpt.graph} {
  memref.copy %a, %b : memref<4x?xf32, strided<[?, 2], offset: ?>> to memref<?x5xf32>
  return
}

// CHECK-LABEL: func.func @dynamic(
// CHECK-SAME:      %[[A:[a-z0-9]+]]: memref<?xi32>, %[[B:[a-z0-9]+]]: memref<?xi32>, %[[F:[a-z0-9]+]]: memref<i32>)
// CHECK:         ckpt.checkpoint 3 yield_on %[[F]] : memref<i32> {
// CHECK:           %[[N:.*]] = memref.dim %[[A]], %{{.*}} : memref<?xi32>
// CHECK:           scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%[[N]]) step (%{{.*}}) {
// CHECK-NEXT:        %[[V:.*]] = memref.load %[[A]][%[[I]]] : memref<?xi32>
// CHECK-NEXT:        memref.store %[[V]], %[[B]][%[[I]]] : memref<?xi32>
func.func @dynamic(%a: memref<?xi32>, %b: memref<?xi32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint 3 yield_on %flag : memref<i32> {
    memref.copy %a, %b : memref<?xi32> to memref<?xi32>
  }
  return
}

// CHECK-LABEL: func.func @rank0(
// CHECK-SAME:      %[[A:[a-z0-9]+]]: memref<i32>, %[[B:[a-z0-9]+]]: memref<i32>, %{{[a-z0-9]+}}: memref<i32>)
// CHECK:         ckpt.do_while
// CHECK:           %[[ONE:.*]] = arith.constant 1 : index
// CHECK:           scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[ONE]]) step (%{{.*}}) {
// CHECK-NEXT:        %[[V:.*]] = memref.load %[[A]][] : memref<i32>
// CHECK-NEXT:        memref.store %[[V]], %[[B]][] : memref<i32>
// CHECK-NEXT:        scf.reduce
func.func @rank0(%a: memref<i32>, %b: memref<i32>, %c: memref<i32>) attributes {ckpt.graph} {
  ckpt.do_while %c : memref<i32> {
    memref.copy %a, %b : memref<i32> to memref<i32>
  }
  return
}

// CHECK-LABEL: func.func @nested(
// CHECK-SAME:      %[[A:[a-z0-9]+]]: memref<2x3xi8>, %[[B:[a-z0-9]+]]: memref<2x3xi8, strided<[6, 1]>>)
// CHECK:         scf.for
// CHECK:           scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:             scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK-NEXT:          %[[V:.*]] = memref.load %[[A]][%[[I]], %[[J]]] : memref<2x3xi8>
// CHECK-NEXT:          memref.store %[[V]], %[[B]][%[[I]], %[[J]]] : memref<2x3xi8, strided<[6, 1]>>
// CHECK-NOT:     scf.parallel
// CHECK-NOT:     memref.copy
func.func @nested(%a: memref<2x3xi8>, %b: memref<2x3xi8, strided<[6, 1]>>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %k = %c0 to %c1 step %c1 {
    memref.copy %a, %b : memref<2x3xi8> to memref<2x3xi8, strided<[6, 1]>>
  }
  return
}

// CHECK-LABEL: func.func @host(
// CHECK-NEXT:    memref.copy
func.func @host(%a: memref<4xf32>, %b: memref<4xf32>) {
  memref.copy %a, %b : memref<4xf32> to memref<4xf32>
  return
}
