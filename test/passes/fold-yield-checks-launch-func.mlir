// --ckpt-convert-tasks-to-gpu{fold-yield-checks=true} and gpu.launch_func tasks.
// RUN: %ckpt_opt %s \
// RUN:   --pass-pipeline='builtin.module(ckpt-convert-tasks-to-gpu{fold-yield-checks=true})' \
// RUN:   | FileCheck %s
// RUN: %ckpt_opt %s \
// RUN:   --pass-pipeline='builtin.module(ckpt-convert-tasks-to-gpu{fold-yield-checks=true programmatic-launch=true})' \
// RUN:   | FileCheck %s --check-prefix=PDL

// A gpu.launch_func after the checkpoint keeps its kernel's plain gate (the gpu.func may
// be launched with other gates), and the checkpoint keeps its check: the task after the
// launch is not the first of its checkpoint, so it does not take it either.
// CHECK-LABEL: func.func @launch_func(
// CHECK:         ckpt.checkpoint 1 yield_on %{{.*}} : memref<i32> attributes {cp_id = 0 : i64}
// CHECK-NOT:     ckpt.yield_folded
// CHECK:         return

// With programmatic-launch, the user's gpu.func gets the same prologue as built kernels,
// after its two gate arguments: release, state loads, wait, then the gate.
// PDL-LABEL: gpu.func @fill(
// PDL-SAME:      %[[S:[a-z0-9_]+]]: memref<4xi32>, %[[GATE:[a-z0-9_]+]]: i32, %{{.*}}: memref<?xf32>)
// PDL-NEXT:    nvvm.griddepcontrol launch_dependents
// PDL-NEXT:    arith.constant 0 : index
// PDL-NEXT:    arith.constant 1 : index
// PDL-NEXT:    memref.load %[[S]]
// PDL-NEXT:    memref.load %[[S]]
// PDL-NEXT:    nvvm.griddepcontrol wait
// PDL:         } {ckpt.gate}
// PDL:       func.func @launch_func({{.*}}ckpt.programmatic_wait
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @fill(%x: memref<?xf32>) kernel {
      gpu.return
    }
  }
  func.func @launch_func(%x: memref<?xf32>, %f: memref<i32>, %n: index)
      attributes {ckpt.graph, ckpt.checkpoints} {
    %c1 = arith.constant 1 : index
    ckpt.checkpoint 1 yield_on %f : memref<i32> attributes {cp_id = 0 : i64} {
      scf.for %i = %c1 to %n step %c1 {
      }
    }
    ckpt.checkpoint 2 yield_on %f : memref<i32> attributes {cp_id = 1 : i64} {
      gpu.launch_func @kernels::@fill blocks in (%c1, %c1, %c1) threads in (%n, %c1, %c1) args(%x : memref<?xf32>)
      scf.for %i = %c1 to %n step %c1 {
      }
    }
    return
  }
}
