// Every error of --ckpt-lower-host-dispatch, with its exact message. The pass options are
// checked before anything else and reported at the module, so each of those cases gets a
// file of its own, whose module is written out to carry the expected error.
// RUN: rm -rf %t && split-file %s %t
// RUN: %ckpt_opt %t/kernels.mlir -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-host-dispatch)'
// RUN: %ckpt_opt %t/kernels.mlir -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=cuda})'
// RUN: %ckpt_opt %t/device.mlir -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=cuda})'
// RUN: %ckpt_opt %t/unknown-target.mlir -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=tpu})'
// RUN: %ckpt_opt %t/hip-if.mlir -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=hip gating=if})'
// RUN: %ckpt_opt %t/hip-bad-chip.mlir -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=hip chips=gfx90a,GFX942})'
// RUN: %ckpt_opt %t/hip-mixed-chips.mlir -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=hip chips=gfx942,sm_90})'
// RUN: %ckpt_opt %t/hip-chip-twice.mlir -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=hip chips=sm_90,sm_80,sm_90})'
// RUN: %ckpt_opt %t/hip-unknown-amd-chip.mlir -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=hip chips=gfx90a,gfx9999})'
// RUN: %ckpt_opt %t/hip-unknown-nvidia-chip.mlir -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=hip chips=sm_9999})'
// RUN: %ckpt_opt %t/hip-binary.mlir -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=hip})'
// RUN: %ckpt_opt %t/unknown-gating.mlir -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=cuda gating=always})'
// RUN: %if ckpt-opt %{ %ckpt_opt %t/kernels.mlir -split-input-file -verify-diagnostics --ckpt-lower-host-dispatch %}
// RUN: %if ckpt-opt %{ %ckpt_opt %t/unknown-target.mlir -verify-diagnostics --ckpt-lower-host-dispatch='target=tpu' %}

//--- kernels.mlir

// Errors of every target: parameters the plan cannot describe, and values a task would
// need from outside that are not pure.

// expected-error @+1 {{parameter 0 of graph kernel @unranked: unranked memrefs are not supported: give the parameter a rank}}
func.func @unranked(%x: memref<*xf32>) attributes {ckpt.graph} {
  return
}

// -----

// expected-error @+1 {{parameter 1 of graph kernel @vector: only memrefs, integers, floats and index can be graph kernel parameters}}
func.func @vector(%x: memref<?xf32>, %v: vector<4xf32>) attributes {ckpt.graph} {
  return
}

// -----

// expected-error @+1 {{parameter 0 of graph kernel @memory_space: memrefs in a non-default memory space are not supported as parameters}}
func.func @memory_space(%x: memref<?xf32, 1>) attributes {ckpt.graph} {
  return
}

// -----

// expected-error @+1 {{parameter 2 of graph kernel @element: memref elements must be integers, floats or index}}
func.func @element(%x: memref<?xf32>, %n: index, %z: memref<?xcomplex<f32>>) attributes {ckpt.graph} {
  return
}

// -----

// A task that uses what a bare statement produced: reported at the use.
func.func @task_uses_bare_value(%x: memref<?xf32>, %size: memref<index>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.load %size[] : memref<index>
  // expected-error @+1 {{uses a value produced by 'memref.load', which is not pure and lies outside this task; tasks of a graph kernel communicate through memory: move the op into the task}}
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<?xf32>
    memref.store %v, %x[%i] : memref<?xf32>
  }
  return
}

// -----

// Through a pure op: the pure op is re-materialised in the task, and its operand is not
// pure.
func.func @pure_op_uses_bare_value(%x: memref<?xf32>, %size: memref<index>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.load %size[] : memref<index>
  // expected-error @+1 {{uses a value produced by 'memref.load', which is not pure and lies outside this task; tasks of a graph kernel communicate through memory: move the op into the task}}
  %m = arith.subi %n, %c1 : index
  scf.parallel (%i) = (%c0) to (%m) step (%c1) {
    %v = memref.load %x[%i] : memref<?xf32>
    memref.store %v, %x[%i] : memref<?xf32>
  }
  return
}

// -----

// A later run of bare statements that uses what an earlier one produced.
func.func @bare_run_uses_earlier_run(%x: memref<?xf32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %v = memref.load %flag[] : memref<i32>
  ckpt.checkpoint implicit {
  }
  // expected-error @+1 {{uses a value produced by 'memref.load', which is not pure and lies outside this task; tasks of a graph kernel communicate through memory: move the op into the task}}
  memref.store %v, %flag[] : memref<i32>
  return
}

//--- device.mlir

// Device targets: the kernel launches a task records.

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @k(%x: memref<?xf32>) kernel {
      gpu.return
    }
  }
  func.func @not_compiled(%x: memref<?xf32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{the kernel's gpu.module was not compiled to a gpu.binary: run gpu-module-to-binary before --ckpt-lower-host-dispatch}}
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.binary @kernels [#gpu.object<#nvvm.target, "PTX">]
  func.func @clusters(%x: memref<?xf32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{async tokens, clusters and async objects are not supported in graph kernel tasks: the graph orders tasks itself}}
    gpu.launch_func @kernels::@k clusters in (%c1, %c1, %c1) blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
}

// -----

// A launch inside a task (here an scf.for) is recorded too, and checked the same way.
module attributes {gpu.container_module} {
  gpu.binary @kernels [#gpu.object<#nvvm.target, "PTX">]
  func.func @async_dependencies(%x: memref<?xf32>) attributes {ckpt.graph} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    scf.for %i = %c0 to %c1 step %c1 {
      %ready = gpu.wait async
      // expected-error @+1 {{async tokens, clusters and async objects are not supported in graph kernel tasks: the graph orders tasks itself}}
      %done = gpu.launch_func async [%ready] @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    }
    return
  }
}

//--- unknown-target.mlir

// expected-error @+1 {{unknown ckpt target 'tpu'; expected one of: cpu, cuda, hip, vulkan}}
module {
  func.func @k(%x: memref<?xf32>) attributes {ckpt.graph} {
    return
  }
}

//--- hip-if.mlir

// expected-error @+1 {{target hip: gating=if needs conditional graph nodes, which HIP graphs do not have; use gating=auto or gating=prologue}}
module {
  func.func @k(%x: memref<?xf32>) attributes {ckpt.graph} {
    return
  }
}

//--- hip-bad-chip.mlir

// expected-error @+1 {{target hip: chips=gfx90a,GFX942: chip 'GFX942' is neither an AMD chip (gfx90a, gfx942, gfx1100, ...) nor an NVIDIA one (sm_90, ...)}}
module {
  func.func @k(%x: memref<?xf32>) attributes {ckpt.graph} {
    return
  }
}

//--- hip-mixed-chips.mlir

// expected-error @+1 {{target hip: chips=gfx942,sm_90: chips 'gfx942' and 'sm_90' are of different vendors; compile once for the AMD chips and once for the NVIDIA ones}}
module {
  func.func @k(%x: memref<?xf32>) attributes {ckpt.graph} {
    return
  }
}

//--- hip-unknown-amd-chip.mlir

// Well formed but unknown to LLVM: the AMDGPU backend aborted the compiler on it.
// expected-error @+1 {{target hip: chips=gfx90a,gfx9999: chip 'gfx9999' is not a processor LLVM's AMDGPU backend knows (e.g. gfx90a, gfx942, gfx1100)}}
module {
  func.func @k(%x: memref<?xf32>) attributes {ckpt.graph} {
    return
  }
}

//--- hip-unknown-nvidia-chip.mlir

// expected-error @+1 {{target hip: chips=sm_9999: chip 'sm_9999' is not a processor LLVM's NVPTX backend knows (e.g. sm_80, sm_90)}}
module {
  func.func @k(%x: memref<?xf32>) attributes {ckpt.graph} {
    return
  }
}

//--- hip-chip-twice.mlir

// expected-error @+1 {{target hip: chips=sm_90,sm_80,sm_90: chip 'sm_90' is listed twice}}
module {
  func.func @k(%x: memref<?xf32>) attributes {ckpt.graph} {
    return
  }
}

//--- hip-binary.mlir

// A bundle holds ROCDL and NVVM objects only.
module attributes {gpu.container_module} {
  // expected-error @+1 {{object 0 of this gpu.binary is neither a ROCDL nor an NVVM object; target hip bundles only those}}
  gpu.binary @kernels [#gpu.object<#spirv.target_env<#spirv.vce<v1.0, [Shader], []>, #spirv.resource_limits<>>, "SPIRV">]
  func.func @k(%x: memref<?xf32>) attributes {ckpt.graph} {
    %state = ckpt.device_state : memref<4xi32>
    %c1 = arith.constant 1 : index
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%state : memref<4xi32>)
    return
  }
}

//--- unknown-gating.mlir

// expected-error @+1 {{unknown gating 'always'; expected one of: auto, prologue, if}}
module {
  func.func @k(%x: memref<?xf32>) attributes {ckpt.graph} {
    return
  }
}
