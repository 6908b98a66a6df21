// An scf.parallel of more than 3 dimensions: its innermost 3 map to the grid, as a
// 3-dimensional loop does, and each thread runs the outer ones, in order, as scf.for loops
// with their own bounds and steps around the body.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-convert-tasks-to-gpu)' | FileCheck %s

// CHECK-LABEL: func.func @five(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: memref<?x?x?x?x?xi32>, %[[N:[a-z0-9_]+]]: index)
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[C2:.*]] = arith.constant 2 : index
// CHECK-NEXT:    %[[C3:.*]] = arith.constant 3 : index
// The grid covers dimensions 2-4 (k, l, m) with blocks of 8x8x4.
// CHECK:         %[[SPAN_K:.*]] = arith.subi %[[N]], %[[C0]] : index
// CHECK-NEXT:    %[[TRIPS_K:.*]] = arith.ceildivsi %[[SPAN_K]], %[[C2]] : index
// CHECK-NEXT:    %[[B8:.*]] = arith.constant 8 : index
// CHECK:         %[[SPAN_L:.*]] = arith.subi %[[C3]], %[[C1]] : index
// CHECK:         %[[SPAN_M:.*]] = arith.subi %[[N]], %[[C0]] : index
// CHECK-NEXT:    %[[TRIPS_M:.*]] = arith.ceildivsi %[[SPAN_M]], %[[C1]] : index
// CHECK-NEXT:    %[[B4:.*]] = arith.constant 4 : index
// CHECK:         gpu.launch
// CHECK-SAME:        threads({{.*}}) in ({{.*}} = %[[B8]], {{.*}} = %[[B8]]{{.*}}, {{.*}} = %[[B4]])
// CHECK:           scf.if %{{.*}} {
// CHECK:             scf.if %{{.*}} {
// CHECK-NEXT:        scf.for %[[I:.*]] = %[[C1]] to %[[N]] step %[[C1]] {
// CHECK-NEXT:          scf.for %[[J:.*]] = %[[C0]] to %[[C3]] step %[[C2]] {
// CHECK-NEXT:            %[[IJ:.*]] = arith.addi %[[I]], %[[J]] : index
// CHECK-NEXT:            %[[V:.*]] = arith.index_cast %[[IJ]] : index to i32
// CHECK-NEXT:            memref.store %[[V]], %[[X]][%[[I]], %[[J]], %{{.*}}, %{{.*}}, %{{.*}}] : memref<?x?x?x?x?xi32>
// CHECK-NEXT:          }
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NOT:     scf.parallel
func.func @five(%x: memref<?x?x?x?x?xi32>, %n: index) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  scf.parallel (%i, %j, %k, %l, %m) = (%c1, %c0, %c0, %c1, %c0) to (%n, %c3, %n, %c3, %n)
      step (%c1, %c2, %c2, %c1, %c1) {
    %ij = arith.addi %i, %j : index
    %v = arith.index_cast %ij : index to i32
    memref.store %v, %x[%i, %j, %k, %l, %m] : memref<?x?x?x?x?xi32>
  }
  return
}
