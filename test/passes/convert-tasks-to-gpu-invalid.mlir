// Every error of --ckpt-convert-tasks-to-gpu, with its exact message, at the op that is
// wrong.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-convert-tasks-to-gpu)'
// RUN: %if ckpt-opt %{ %ckpt_opt %s -split-input-file -verify-diagnostics --ckpt-convert-tasks-to-gpu %}

// The reduction's result is unused: a used one is already a rule violation (task results).
func.func @reduction(%x: memref<?xf32>, %n: index) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  // expected-error @+1 {{scf.parallel with reductions (or the affine.parallel with `reduce` it was lowered from) is not supported as a task on device targets: reduce into memory with atomics (memref.atomic_rmw) instead, or nest the reduction inside a task}}
  %sum = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f32 {
    %v = memref.load %x[%i] : memref<?xf32>
    scf.reduce(%v : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  return
}

// -----

func.func @multi_block_launch(%x: memref<?xf32>) attributes {ckpt.graph} {
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{a gpu.launch task must have a single-block body on device targets, so that its checkpoint gate can guard it: move the control flow into scf ops}}
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
    // expected-error @+1 {{the launched kernel must have a single-block body on device targets, so that its checkpoint gate can guard it: move the control flow into scf ops}}
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
}

// -----

// The GPU dialect's verifier checks only launches directly in a function, so a missing
// kernel inside a checkpoint or a do-while reaches the pass.
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
  func.func @missing_module(%x: memref<?xf32>, %again: memref<i32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    ckpt.do_while %again : memref<i32> {
      // expected-error @+1 {{the launched gpu.func was not found in a gpu.module of this module}}
      gpu.launch_func @nowhere::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    }
    return
  }
}

// -----

func.func @forall(%x: memref<?xf32>, %n: index) attributes {ckpt.graph} {
  // expected-error @+1 {{'scf.forall' must be normalised before --ckpt-convert-tasks-to-gpu (run lower-affine and scf-forall-to-parallel first)}}
  scf.forall (%i) in (%n) {
    %v = memref.load %x[%i] : memref<?xf32>
    memref.store %v, %x[%i] : memref<?xf32>
  }
  return
}

// -----

func.func @affine_for(%x: memref<?xf32>) attributes {ckpt.graph} {
  // expected-error @+1 {{'affine.for' must be normalised before --ckpt-convert-tasks-to-gpu (run lower-affine and scf-forall-to-parallel first)}}
  affine.for %i = 0 to 4 {
    %v = memref.load %x[%i] : memref<?xf32>
    memref.store %v, %x[%i] : memref<?xf32>
  }
  return
}

// -----

func.func @affine_parallel(%x: memref<?xf32>) attributes {ckpt.graph} {
  // expected-error @+1 {{'affine.parallel' must be normalised before --ckpt-convert-tasks-to-gpu (run lower-affine and scf-forall-to-parallel first)}}
  affine.parallel (%i) = (0) to (4) {
    %v = memref.load %x[%i] : memref<?xf32>
    memref.store %v, %x[%i] : memref<?xf32>
  }
  return
}

// -----

// A bare statement's result used by a task: reported at the first op of the run.
func.func @bare_value_used_by_task(%x: memref<?xf32>, %size: memref<index>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{a value produced by this bare statement is used outside its run of bare statements; on device targets bare statements run in a kernel of their own: pass the value through memory}}
  %n = memref.load %size[] : memref<index>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<?xf32>
    memref.store %v, %x[%i] : memref<?xf32>
  }
  return
}

// -----

// Used by a later run (a task stands between them), through a pure op that depends on
// the run and so moves into its kernel.
func.func @bare_value_used_by_later_run(%x: memref<?xf32>, %flag: memref<i32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  // expected-error @+1 {{a value produced by this bare statement is used outside its run of bare statements; on device targets bare statements run in a kernel of their own: pass the value through memory}}
  memref.store %zero, %x[%c0] : memref<?xf32>
  %v = memref.load %flag[] : memref<i32>
  %w = arith.addi %v, %v : i32
  scf.for %i = %c0 to %c1 step %c1 {
    memref.store %zero, %x[%i] : memref<?xf32>
  }
  memref.store %w, %flag[] : memref<i32>
  return
}

// -----

// A precompiled kernel has no source to put the gate in.
module attributes {gpu.container_module} {
  gpu.binary @kernels [#gpu.object<#nvvm.target, "PTX">]
  func.func @binary(%x: memref<?xf32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{the launched kernel is a precompiled gpu.binary: ckpt needs its gpu.module to add the checkpoint gate; launch the gpu.func from source}}
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
}

// -----

// The gate's two extra arguments would break the launch from the plain function.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @scale(%x: memref<?xf32>) kernel {
      gpu.return
    }
  }
  func.func @graph(%x: memref<?xf32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{kernel 'scale' is also launched outside graph kernels; device targets add the checkpoint gate to it as two leading arguments: give the graph kernel its own copy of the gpu.func}}
    gpu.launch_func @kernels::@scale blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
  func.func @plain(%x: memref<?xf32>) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @kernels::@scale blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
}
