// --ckpt-spirv-loop-budget: a gated Vulkan kernel with loops counts its loop bodies'
// iterations in a shader variable and, before it returns, stores 1 into word 3 of the
// gating state when they reached lavapipe's 65,535. The state is what the gate of an
// outlined task reads, or the first argument of a gated hand-written kernel. Kernels
// without a loop or without a gate stay as they are.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-spirv-loop-budget)' | FileCheck %s

module attributes {gpu.container_module} {
  gpu.module @tasks {
    // CHECK-LABEL: gpu.func @outlined(
    // CHECK-SAME: %[[STATE:.*]]: memref<4xi32>, %[[DATA:.*]]: memref<8xi32>
    // CHECK: %[[COUNT:.*]] = memref.alloca() : memref<1xi32, #spirv.storage_class<Function>>
    // CHECK: memref.store %{{.*}}, %[[COUNT]][%{{.*}}]
    // CHECK: scf.if
    // CHECK: scf.for
    // CHECK-NEXT: %[[V:.*]] = memref.load %[[COUNT]]
    // CHECK-NEXT: %[[W:.*]] = arith.addi %[[V]], %{{.*}} : i32
    // CHECK-NEXT: memref.store %[[W]], %[[COUNT]]
    // CHECK: scf.while
    // CHECK: } do {
    // CHECK-NEXT: ^bb0(
    // CHECK-NEXT: %[[V2:.*]] = memref.load %[[COUNT]]
    // CHECK-NEXT: arith.addi %[[V2]]
    // CHECK-NEXT: memref.store
    // CHECK: } {ckpt.gate}
    // CHECK-NEXT: %[[FINAL:.*]] = memref.load %[[COUNT]]
    // CHECK-NEXT: %[[LAST:.*]] = arith.constant 65534 : i32
    // CHECK-NEXT: %[[SPENT:.*]] = arith.cmpi ult, %[[LAST]], %[[FINAL]] : i32
    // CHECK-NEXT: scf.if %[[SPENT]] {
    // CHECK-NEXT: %[[WORD:.*]] = arith.constant 3 : index
    // CHECK-NEXT: memref.store %{{.*}}, %[[STATE]][%[[WORD]]] : memref<4xi32>
    // CHECK-NEXT: }
    // CHECK-NEXT: gpu.return
    gpu.func @outlined(%state: memref<4xi32>, %data: memref<8xi32>) kernel {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c8 = arith.constant 8 : index
      %zero = arith.constant 0 : i32
      %gate = arith.constant 2 : i32
      %resume = memref.load %state[%c0] : memref<4xi32>
      %yielded = memref.load %state[%c1] : memref<4xi32>
      %not_yielded = arith.cmpi eq, %yielded, %zero : i32
      %fresh = arith.cmpi slt, %resume, %zero : i32
      %here = arith.cmpi eq, %resume, %gate : i32
      %either = arith.ori %fresh, %here : i1
      %run = arith.andi %not_yielded, %either : i1
      scf.if %run {
        scf.for %i = %c0 to %c8 step %c1 {
          %v = arith.index_cast %i : index to i32
          memref.store %v, %data[%i] : memref<8xi32>
        }
        %end = scf.while (%n = %zero) : (i32) -> i32 {
          %more = arith.cmpi slt, %n, %gate : i32
          scf.condition(%more) %n : i32
        } do {
        ^bb0(%n: i32):
          %next = arith.addi %n, %gate : i32
          scf.yield %next : i32
        }
        memref.store %end, %data[%c0] : memref<8xi32>
      } {ckpt.gate}
      gpu.return
    }

    // A hand-written kernel that ckpt-convert-tasks-to-gpu gated: the state comes first.
    // CHECK-LABEL: gpu.func @handwritten(
    // CHECK-SAME: %[[HSTATE:[^:]*]]: memref<4xi32>
    // CHECK: memref.alloca()
    // CHECK: scf.for
    // CHECK: memref.store %{{.*}}, %[[HSTATE]][%{{.*}}] : memref<4xi32>
    // CHECK-NEXT: }
    // CHECK-NEXT: gpu.return
    gpu.func @handwritten(%state: memref<4xi32>, %gate: i32, %data: memref<8xi32>) kernel
        attributes {ckpt.gated} {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c8 = arith.constant 8 : index
      %one = arith.constant 1 : i32
      scf.for %i = %c0 to %c8 step %c1 {
        memref.store %one, %data[%i] : memref<8xi32>
      }
      gpu.return
    }

    // CHECK-LABEL: gpu.func @no_loop(
    // CHECK-NOT: memref.alloca
    // CHECK: gpu.return
    gpu.func @no_loop(%state: memref<4xi32>, %gate: i32, %data: memref<8xi32>) kernel
        attributes {ckpt.gated} {
      %c0 = arith.constant 0 : index
      %one = arith.constant 1 : i32
      memref.store %one, %data[%c0] : memref<8xi32>
      gpu.return
    }

    // CHECK-LABEL: gpu.func @no_gate(
    // CHECK-NOT: memref.alloca
    // CHECK: gpu.return
    gpu.func @no_gate(%data: memref<8xi32>) kernel {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c8 = arith.constant 8 : index
      %one = arith.constant 1 : i32
      scf.for %i = %c0 to %c8 step %c1 {
        memref.store %one, %data[%i] : memref<8xi32>
      }
      gpu.return
    }
  }
}
