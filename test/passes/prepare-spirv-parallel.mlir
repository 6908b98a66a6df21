// --ckpt-prepare-spirv-tasks: an scf.parallel inside a gpu.launch becomes scf.for loops
// run by the thread, inner loops first; a reduction is carried through iter_args, from
// the loop's init, folded by the reduction's own region (carried value first). Constants
// from outside the launch get a copy at its start, in the order of their first use.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-prepare-spirv-tasks)' | FileCheck %s

// CHECK-LABEL: func.func @reduce(
// CHECK-SAME:      %[[M:.*]]: memref<3x4xi32>, %[[OUT:.*]]: memref<i32>)
// CHECK:         gpu.launch
// CHECK-NEXT:      %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[C3:.*]] = arith.constant 3 : index
// CHECK-NEXT:      %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:      %[[LOW:.*]] = arith.constant -1 : i32
// CHECK-NEXT:      %[[C4:.*]] = arith.constant 4 : index
// CHECK-NOT:       scf.parallel
// CHECK-NEXT:      %[[R:.*]]:2 = scf.for %[[I:.*]] = %[[C0]] to %[[C3]] step %{{.*}} iter_args(%[[S0:.*]] = %[[ZERO]], %[[X0:.*]] = %[[LOW]]) -> (i32, i32) {
// CHECK-NEXT:        %[[IN:.*]]:2 = scf.for %[[J:.*]] = %[[C0]] to %[[C4]] step %{{.*}} iter_args(%[[S1:.*]] = %[[S0]], %[[X1:.*]] = %[[X0]]) -> (i32, i32) {
// CHECK-NEXT:          %[[V:.*]] = memref.load %[[M]][%[[I]], %[[J]]] : memref<3x4xi32>
// CHECK-NEXT:          scf.for %[[K:.*]] = %[[C0]] to %[[C4]] step %{{.*}} {
// CHECK-NEXT:            memref.store %[[V]], %[[M]][%[[I]], %[[K]]] : memref<3x4xi32>
// CHECK-NEXT:          }
// CHECK-NEXT:          %[[SUM:.*]] = arith.addi %[[S1]], %[[V]] : i32
// CHECK-NEXT:          %[[MAX:.*]] = arith.maxsi %[[X1]], %[[V]] : i32
// CHECK-NEXT:          scf.yield %[[SUM]], %[[MAX]] : i32, i32
// CHECK-NEXT:        }
// CHECK-NEXT:        scf.yield %[[IN]]#0, %[[IN]]#1 : i32, i32
// CHECK-NEXT:      }
// CHECK-NEXT:      %[[BOTH:.*]] = arith.addi %[[R]]#0, %[[R]]#1 : i32
// CHECK-NEXT:      memref.store %[[BOTH]], %[[OUT]][] : memref<i32>
func.func @reduce(%m: memref<3x4xi32>, %out: memref<i32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0 : i32
  %low = arith.constant -1 : i32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %s, %x = scf.parallel (%i, %j) = (%c0, %c0) to (%c3, %c4) step (%c1, %c1) init (%zero, %low) -> (i32, i32) {
      %v = memref.load %m[%i, %j] : memref<3x4xi32>
      scf.parallel (%k) = (%c0) to (%c4) step (%c1) {
        memref.store %v, %m[%i, %k] : memref<3x4xi32>
      }
      scf.reduce(%v, %v : i32, i32) {
      ^bb0(%a: i32, %b: i32):
        %r = arith.addi %a, %b : i32
        scf.reduce.return %r : i32
      }, {
      ^bb0(%a: i32, %b: i32):
        %r = arith.maxsi %a, %b : i32
        scf.reduce.return %r : i32
      }
    }
    %both = arith.addi %s, %x : i32
    memref.store %both, %out[] : memref<i32>
    gpu.terminator
  }
  return
}
