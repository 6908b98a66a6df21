// --ckpt-attach-spirv-abi: gpu.all_reduce in a Vulkan kernel becomes a tree reduction
// through a workgroup buffer of one element per invocation, with the workgroup size the
// kernel's launches fix (what it cannot take: attach-spirv-abi-invalid.mlir).
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-attach-spirv-abi)' | FileCheck %s

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // 6 x 2 = 12 invocations: steps of 8 (the 4 partners that exist), 4, 2, 1.
    // CHECK-LABEL: gpu.func @block
    // CHECK: %[[BUF:.*]] = memref.alloc() : memref<12xf32, #spirv.storage_class<Workgroup>>
    // CHECK-NOT: gpu.all_reduce
    // CHECK: memref.store %{{.*}}, %[[BUF]][%[[LANE:.*]]] :
    // CHECK-NEXT: gpu.barrier
    // CHECK: arith.cmpi ult, %[[LANE]], %c4
    // CHECK: scf.if
    // CHECK: arith.addi %[[LANE]], %c8
    // CHECK: arith.maximumf
    // CHECK: gpu.barrier
    // CHECK: arith.cmpi ult, %[[LANE]], %c4
    // CHECK: arith.cmpi ult, %[[LANE]], %c2
    // CHECK: arith.cmpi ult, %[[LANE]], %c1
    // CHECK: arith.maximumf
    // CHECK: gpu.barrier
    // CHECK: memref.load %[[BUF]][%c0]
    // CHECK-NEXT: gpu.barrier
    gpu.func @block(%x: memref<12xf32>) kernel attributes {known_block_size = array<i32: 6, 2, 1>} {
      %tx = gpu.thread_id x
      %v = memref.load %x[%tx] : memref<12xf32>
      %r = gpu.all_reduce %v uniform {
      ^bb0(%a: f32, %b: f32):
        %m = arith.maximumf %a, %b : f32
        gpu.yield %m : f32
      } : (f32) -> f32
      memref.store %r, %x[%tx] : memref<12xf32>
      gpu.return
    }
  }
}
