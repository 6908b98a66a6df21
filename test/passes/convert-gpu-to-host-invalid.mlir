// Every error of --ckpt-convert-gpu-to-host (what the CPU target cannot run), with its
// exact message, at the op that is wrong.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-convert-gpu-to-host)'
// RUN: %if ckpt-opt %{ %ckpt_opt %s -split-input-file -verify-diagnostics --ckpt-convert-gpu-to-host %}

func.func @barrier(%x: memref<?xf32>) attributes {ckpt.graph} {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    // expected-error @+1 {{'gpu.barrier' synchronises the threads of a block, which the CPU target runs one after another: restructure the task without it, or run it on a device target}}
    gpu.barrier
    gpu.terminator
  }
  return
}

// -----

// Every such op is reported, in one run.
func.func @shuffle_and_reductions(%x: memref<?xf32>) attributes {ckpt.graph} {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %c0 = arith.constant 0 : index
    %v = memref.load %x[%c0] : memref<?xf32>
    %offset = arith.constant 1 : i32
    %width = arith.constant 32 : i32
    // expected-error @+1 {{'gpu.shuffle' synchronises the threads of a block, which the CPU target runs one after another: restructure the task without it, or run it on a device target}}
    %s, %valid = gpu.shuffle xor %v, %offset, %width : f32
    memref.store %s, %x[%c0] : memref<?xf32>
    // expected-error @+1 {{'gpu.subgroup_reduce' synchronises the threads of a block, which the CPU target runs one after another: restructure the task without it, or run it on a device target}}
    %r = gpu.subgroup_reduce add %v : (f32) -> f32
    memref.store %r, %x[%c0] : memref<?xf32>
    // expected-error @+1 {{'gpu.all_reduce' synchronises the threads of a block, which the CPU target runs one after another: restructure the task without it, or run it on a device target}}
    %a = gpu.all_reduce add %v uniform {} : (f32) -> f32
    memref.store %a, %x[%c0] : memref<?xf32>
    // expected-error @+1 {{'gpu.lane_id' asks for the subgroup a thread belongs to, and the CPU target runs the threads of a block one after another, in no subgroups: compute from gpu.thread_id instead, or run it on a device target}}
    %lane = gpu.lane_id
    // expected-error @+1 {{'gpu.subgroup_id' asks for the subgroup a thread belongs to}}
    %sg = gpu.subgroup_id : index
    // expected-error @+1 {{'gpu.printf' runs in a kernel on the CPU target, which has no device printf: store the values into a memref parameter and print them on the host after the launch}}
    gpu.printf "lane %d\n", %lane : index
    // expected-error @+1 {{'gpu.cluster_id' runs in a kernel on the CPU target, which has no thread block clusters: compute from gpu.block_id instead}}
    %cl = gpu.cluster_id x
    %i0 = arith.addi %lane, %sg : index
    %i = arith.addi %i0, %cl : index
    memref.store %v, %x[%i] : memref<?xf32>
    gpu.terminator
  }
  return
}

// -----

// In a launched kernel, the error is at the op in the gpu.func.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @k(%x: memref<?xf32>) kernel {
      // expected-error @+1 {{'gpu.barrier' synchronises the threads of a block, which the CPU target runs one after another: restructure the task without it, or run it on a device target}}
      gpu.barrier
      gpu.return
    }
  }
  func.func @barrier_in_kernel(%x: memref<?xf32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
}

// -----

func.func @multi_block_launch(%x: memref<?xf32>) attributes {ckpt.graph} {
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{a kernel body with several blocks cannot run on the CPU target: use scf control flow inside it}}
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    cf.br ^bb1
  ^bb1:
    gpu.terminator
  }
  return
}

// -----

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @k(%x: memref<?xf32>) kernel {
      cf.br ^bb1
    ^bb1:
      gpu.return
    }
  }
  func.func @multi_block_kernel(%x: memref<?xf32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{a kernel body with several blocks cannot run on the CPU target: use scf control flow inside it}}
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
}

// -----

func.func @workgroup_memory(%x: memref<?xf32>) attributes {ckpt.graph} {
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{gpu.launch with async dependencies or workgroup memory cannot run on the CPU target: drop the async dependencies (the graph orders its tasks) or run it on a device target (cuda, hip, vulkan)}}
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1)
             workgroup(%shared : memref<32xf32, #gpu.address_space<workgroup>>) {
    gpu.terminator
  }
  return
}

// -----

// The token comes from inside the task: a launch anywhere in a graph kernel is converted.
func.func @async_dependencies(%x: memref<?xf32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    %ready = gpu.wait async
    // expected-error @+1 {{gpu.launch with async dependencies or workgroup memory cannot run on the CPU target: drop the async dependencies (the graph orders its tasks) or run it on a device target (cuda, hip, vulkan)}}
    %done = gpu.launch async [%ready] blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
      gpu.terminator
    }
  }
  return
}

// -----

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @k(%x: memref<?xf32>) kernel {
      gpu.return
    }
  }
  func.func @clusters(%x: memref<?xf32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{gpu.launch_func with async tokens or clusters cannot run on the CPU target: drop them (the graph orders its tasks)}}
    gpu.launch_func @kernels::@k clusters in (%c1, %c1, %c1) blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @k(%x: memref<?xf32>) kernel {
      gpu.return
    }
  }
  func.func @launch_func_async(%x: memref<?xf32>) attributes {ckpt.graph} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    scf.for %i = %c0 to %c1 step %c1 {
      %ready = gpu.wait async
      // expected-error @+1 {{gpu.launch_func with async tokens or clusters cannot run on the CPU target: drop them (the graph orders its tasks)}}
      %done = gpu.launch_func async [%ready] @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    }
    return
  }
}

// -----

// The GPU dialect's verifier checks only launches directly in a function, so a missing
// kernel inside a checkpoint reaches the pass.
module attributes {gpu.container_module} {
  gpu.module @kernels {
  }
  func.func @missing_kernel(%x: memref<?xf32>) attributes {ckpt.graph, ckpt.checkpoints} {
    %c1 = arith.constant 1 : index
    ckpt.checkpoint implicit {
      // expected-error @+1 {{the launched gpu.func was not found in a gpu.module of this module}}
      gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    }
    return
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @k(%x: memref<?xf32>) workgroup(%shared : memref<32xf32, #gpu.address_space<workgroup>>) kernel {
      gpu.return
    }
  }
  func.func @workgroup_attribution(%x: memref<?xf32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{the kernel's workgroup or private memory attributions cannot run on the CPU target: run it on a device target (cuda or hip; vulkan takes workgroup attributions)}}
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @k(%x: memref<?xf32>) private(%scratch : memref<4xf32, #gpu.address_space<private>>) kernel {
      gpu.return
    }
  }
  func.func @private_attribution(%x: memref<?xf32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{the kernel's workgroup or private memory attributions cannot run on the CPU target: run it on a device target (cuda or hip; vulkan takes workgroup attributions)}}
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.binary @kernels [#gpu.object<#nvvm.target, "PTX">]
  func.func @binary(%x: memref<?xf32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{the launched kernel is a precompiled gpu.binary, which the CPU target cannot run: launch the gpu.func from source}}
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
}
