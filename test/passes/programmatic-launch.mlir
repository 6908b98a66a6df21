// --ckpt-convert-tasks-to-gpu{programmatic-launch=true}: every kernel loads the gating
// state, then waits for the kernels before it (nvvm.griddepcontrol wait) before touching
// anything else; one without a folded check first lets its successor start
// (launch_dependents); a folded check reads the flag after the wait and fences the state
// it stores. The graph kernel is marked ckpt.programmatic_wait and its plan's task and
// bare nodes get flags 4.
// RUN: %ckpt_opt %s \
// RUN:   --pass-pipeline='builtin.module(ckpt-convert-tasks-to-gpu{fold-yield-checks=true programmatic-launch=true})' \
// RUN:   | FileCheck %s
// RUN: %ckpt_opt %s \
// RUN:   --pass-pipeline='builtin.module(ckpt-convert-tasks-to-gpu{fold-yield-checks=true})' \
// RUN:   | FileCheck %s --check-prefix=OFF
// RUN: %ckpt_opt %s \
// RUN:   --pass-pipeline='builtin.module(ckpt-convert-tasks-to-gpu{fold-yield-checks=true programmatic-launch=true},ckpt-speculate-gated-loads)' \
// RUN:   | FileCheck %s --check-prefix=SPEC
// RUN: %ckpt_opt %s \
// RUN:   --pass-pipeline='builtin.module(ckpt-convert-tasks-to-gpu{fold-yield-checks=true programmatic-launch=true},ckpt-lower-host-dispatch{target=cuda})' \
// RUN:   | FileCheck %s --check-prefix=PLAN
// RUN: %ckpt_opt %s \
// RUN:   --pass-pipeline='builtin.module(ckpt-convert-tasks-to-gpu{fold-yield-checks=true},ckpt-lower-host-dispatch{target=cuda})' \
// RUN:   | FileCheck %s --check-prefix=PLAN-OFF

// OFF-NOT: griddepcontrol
// OFF-NOT: nvvm.memory.barrier
// OFF-NOT: ckpt.programmatic_wait

// CHECK-LABEL: func.func @two(
// CHECK-SAME:      %[[A:[a-z0-9_]+]]: memref<?xf32>, %[[F:[a-z0-9_]+]]: memref<i32>, %[[G:[a-z0-9_]+]]: memref<i32>
// CHECK-SAME:      ckpt.programmatic_wait
// CHECK:         %[[STATE:.*]] = ckpt.device_state : memref<4xi32>
// The first kernel does no folded check: it releases its successor at once.
// CHECK:         ckpt.checkpoint 1
// CHECK:           gpu.launch
// CHECK-NEXT:        arith.constant 0 : i32
// CHECK-NEXT:        nvvm.griddepcontrol launch_dependents
// CHECK-NEXT:        arith.constant 0 : index
// CHECK-NEXT:        arith.constant 1 : index
// CHECK-NEXT:        memref.load %[[STATE]]
// CHECK-NEXT:        memref.load %[[STATE]]
// CHECK-NEXT:        nvvm.griddepcontrol wait
// CHECK-NOT:         griddepcontrol
// CHECK:           } {ckpt.gate}
// The second does checkpoint 1's check: every block but the first releases at entry; the
// flag is read after the wait; the recording thread fences what it stores and then
// releases for the first block.
// CHECK:         ckpt.checkpoint 2
// CHECK:           gpu.launch blocks(%[[BX:[a-z0-9_]+]], %[[BY:[a-z0-9_]+]], %[[BZ:[a-z0-9_]+]])
// CHECK-NEXT:        arith.constant 1 : i32
// CHECK-NEXT:        %[[Z:.*]] = arith.constant 0 : index
// CHECK-NEXT:        %[[B1:.*]] = arith.ori %[[BX]], %[[BY]] : index
// CHECK-NEXT:        %[[B2:.*]] = arith.ori %[[B1]], %[[BZ]] : index
// CHECK-NEXT:        %[[OTHER:.*]] = arith.cmpi ne, %[[B2]], %[[Z]] : index
// CHECK-NEXT:        scf.if %[[OTHER]] {
// CHECK-NEXT:          nvvm.griddepcontrol launch_dependents
// CHECK-NEXT:        }
// CHECK-NEXT:        arith.constant 1 : index
// CHECK-NEXT:        memref.load %[[STATE]]
// CHECK-NEXT:        memref.load %[[STATE]]
// CHECK-NEXT:        nvvm.griddepcontrol wait
// CHECK-NEXT:        arith.constant 0 : i32
// CHECK-NEXT:        arith.cmpi eq
// CHECK-NEXT:        memref.load %[[F]][] : memref<i32>
// CHECK:             %[[FIRST:.*]] = arith.cmpi eq, %{{.*}}, %{{.*}} : index
// CHECK-NEXT:        %[[RECORD:.*]] = arith.andi %[[FIRST]], %{{.*}} : i1
// CHECK-NEXT:        scf.if %[[RECORD]] {
// CHECK-NEXT:          scf.if
// CHECK-NEXT:            arith.constant 0 : index
// CHECK-NEXT:            memref.store %{{.*}}, %[[STATE]]
// CHECK-NEXT:            nvvm.memory.barrier <gpu>
// CHECK-NEXT:          }
// CHECK-NEXT:          scf.if
// CHECK-NEXT:            arith.constant 2 : index
// CHECK-NEXT:            memref.store %{{.*}}, %[[STATE]]
// CHECK-NEXT:            arith.constant 1 : i32
// CHECK-NEXT:            arith.constant 1 : index
// CHECK-NEXT:            memref.store %{{.*}}, %[[STATE]]
// CHECK-NEXT:            nvvm.memory.barrier <gpu>
// CHECK-NEXT:          }
// CHECK-NEXT:        }
// CHECK-NEXT:        scf.if %[[FIRST]] {
// CHECK-NEXT:          nvvm.griddepcontrol launch_dependents
// CHECK-NEXT:        }
// CHECK:           } {ckpt.gate}
// The third, not first in its checkpoint, releases its successor again.
// CHECK:           gpu.launch
// CHECK-NEXT:        arith.constant 1 : i32
// CHECK-NEXT:        nvvm.griddepcontrol launch_dependents
// CHECK-NOT:       nvvm.memory.barrier
// CHECK:           } {ckpt.gate}

// With speculation, the leading loads are issued right after the wait, never before it,
// and a folded check's flag load, stores, fences and release do not stop them.
// SPEC-LABEL: func.func @two(
// SPEC:         gpu.launch
// SPEC:           nvvm.griddepcontrol launch_dependents
// SPEC-NOT:       memref.load %arg0
// SPEC:           nvvm.griddepcontrol wait
// SPEC:           memref.load %arg0
// SPEC:         } {ckpt.gate}
// SPEC:         gpu.launch
// SPEC:           nvvm.griddepcontrol launch_dependents
// SPEC-NOT:       memref.load %arg0
// SPEC:           nvvm.griddepcontrol wait
// SPEC-NEXT:      arith.muli
// SPEC:           memref.dim %arg0
// SPEC:           memref.load %arg0
// SPEC:           memref.load %arg1[] : memref<i32>
// SPEC:           nvvm.memory.barrier <gpu>
// SPEC:           nvvm.griddepcontrol launch_dependents
// SPEC:         } {ckpt.gate}

// Task and bare nodes get flags 4, checkpoints keep theirs (3: folded, 1: not); without
// the option the task nodes' flags stay -1. (Checkpoint 2's check folds into the
// serial loop after it.)
// PLAN: llvm.mlir.global internal constant @two__ckpt_nodes(dense<[3, 2, -1, 0, 1, 1, -1, 3, 1, 2, 0, -1, -1, -1, -1, 4, 3, 5, -1, 1, 2, 2, -1, 3, 1, 4, 1, -1, -1, -1, -1, 4, 1, 5, 2, -1, -1, -1, -1, 4, 1, 6, 3, -1, -1, -1, -1, 4]>
// PLAN-OFF: llvm.mlir.global internal constant @two__ckpt_nodes(dense<[3, 2, -1, 0, 1, 1, -1, 3, 1, 2, 0, -1, -1, -1, -1, -1, 3, 5, -1, 1, 2, 2, -1, 3, 1, 4, 1, -1, -1, -1, -1, -1, 1, 5, 2, -1, -1, -1, -1, -1, 1, 6, 3, -1, -1, -1, -1, -1]>
func.func @two(%a: memref<?xf32>, %f: memref<i32>, %g: memref<i32>, %n: index)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  ckpt.checkpoint 1 yield_on %f : memref<i32> {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %v = memref.load %a[%i] : memref<?xf32>
      %w = arith.addf %v, %v : f32
      memref.store %w, %a[%i] : memref<?xf32>
    }
  }
  ckpt.checkpoint 2 yield_on %g : memref<i32> {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %v = memref.load %a[%i] : memref<?xf32>
      %w = arith.mulf %v, %v : f32
      memref.store %w, %a[%i] : memref<?xf32>
    }
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %v = memref.load %a[%i] : memref<?xf32>
      memref.store %v, %a[%i] : memref<?xf32>
    }
  }
  scf.for %i = %c0 to %n step %c1 {
  }
  return
}

