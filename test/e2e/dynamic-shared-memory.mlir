// Dynamic shared memory (gpu.dynamic_shared_memory, sized by the launch) beside a static
// workgroup attribution, as GPU front ends write a kernel whose scratch depends on the
// block size: each thread stores its value in both, a barrier, then adds what both hold
// at its index, inside a checkpoint that yields and is resumed. The dynamic region must
// follow the static one: NVPTX made the upstream lowering's internal global a byte of
// static shared memory that the attribution was placed after, so the two overlapped
// (ckpt-extern-dynamic-shared-memory). Vulkan and the CPU target refuse dynamic shared
// memory (check-target-kernel-ops-vulkan-invalid.mlir, convert-gpu-to-host-invalid.mlir).
// UNSUPPORTED: target-cpu, target-vulkan
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @both(%y: memref<64xi32>)
        workgroup(%fixed : memref<64xi32, #gpu.address_space<workgroup>>) kernel {
      %c0 = arith.constant 0 : index
      %c63 = arith.constant 63 : index
      %tx = gpu.thread_id x
      %t = arith.index_cast %tx : index to i32
      %dynamic = gpu.dynamic_shared_memory : memref<?xi8, #gpu.address_space<workgroup>>
      %scratch = memref.view %dynamic[%c0][] : memref<?xi8, #gpu.address_space<workgroup>>
          to memref<64xi32, #gpu.address_space<workgroup>>
      %c1000 = arith.constant 1000 : i32
      %big = arith.muli %t, %c1000 : i32
      memref.store %t, %fixed[%tx] : memref<64xi32, #gpu.address_space<workgroup>>
      memref.store %big, %scratch[%tx] : memref<64xi32, #gpu.address_space<workgroup>>
      gpu.barrier
      // Each thread reads its mirror's values: t' + 1000 t' with t' = 63 - t.
      %m = arith.subi %c63, %tx : index
      %a = memref.load %fixed[%m] : memref<64xi32, #gpu.address_space<workgroup>>
      %b = memref.load %scratch[%m] : memref<64xi32, #gpu.address_space<workgroup>>
      %sum = arith.addi %a, %b : i32
      %old = memref.load %y[%tx] : memref<64xi32>
      %new = arith.addi %old, %sum : i32
      memref.store %new, %y[%tx] : memref<64xi32>
      gpu.return
    }
  }

  func.func @k(%y: memref<64xi32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    %bytes = arith.constant 256 : i32
    ckpt.checkpoint 0 "mixed" yield_on %flag : memref<i32> {
      gpu.launch_func @kernels::@both blocks in (%c1, %c1, %c1) threads in (%c64, %c1, %c1)
          dynamic_shared_memory_size %bytes args(%y : memref<64xi32>)
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %c60 = arith.constant 60 : index
    %y = memref.alloc() : memref<64xi32>
    %zeros = arith.constant dense<0> : vector<64xi32>
    vector.store %zeros, %y[%c0] : memref<64xi32>, vector<64xi32>
    %flag = memref.alloc() : memref<i32>
    %raised = arith.constant 1 : i32
    %z = arith.constant 0 : i32
    memref.store %raised, %flag[] : memref<i32>
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="mixed"
    %st = ckpt.launch @k(%y, %flag) : (memref<64xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    // The kernel ran twice: y[t] = 2 * 1001 * (63 - t).
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    // CHECK-NEXT: ( 126126, 124124, 122122, 120120 )
    // CHECK-NEXT: ( 6006, 4004, 2002, 0 )
    %st2 = ckpt.launch @k(%y, %flag) resume_from %label : (memref<64xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    %r = vector.load %y[%c0] : memref<64xi32>, vector<4xi32>
    vector.print %r : vector<4xi32>
    %q = vector.load %y[%c60] : memref<64xi32>, vector<4xi32>
    vector.print %q : vector<4xi32>
    memref.dealloc %y : memref<64xi32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
