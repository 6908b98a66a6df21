// What no device target can run, reported by --ckpt-check-target at the op, on CUDA and
// Vulkan alike (alone and as the pipeline runs it); the CPU target runs all of it.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-check-target{target=cuda})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-check-target{target=vulkan})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cuda})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=vulkan})'
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-check-target{target=cpu})' 2> /dev/null | FileCheck %s --check-prefix=CPU

// CPU-LABEL: func.func @prints
func.func @prints(%x: memref<?xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    %v = memref.load %x[%i] : memref<?xi32>
    // expected-error @+1 {{kernel, which cannot print: store the value into a memref parameter and print it on the host after the launch}}
    vector.print %v : i32
  }
  return
}

// -----

// A bare statement runs in a kernel of its own on device targets, and a function called
// from a task is compiled into the task's kernel.
func.func @log(%v: i32) {
  // expected-error @+1 {{kernel, which cannot print}}
  vector.print %v : i32
  return
}

// CPU-LABEL: func.func @prints_in_callee
func.func @prints_in_callee(%x: memref<?xi32>, %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  ckpt.checkpoint 0 yield_on %f : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %v = memref.load %x[%i] : memref<?xi32>
      func.call @log(%v) : (i32) -> ()
    }
  }
  return
}

// -----

func.func private @host_function(memref<?xi32>)

// CPU-LABEL: func.func @calls_declaration
func.func @calls_declaration(%x: memref<?xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    // expected-error @+1 {{@host_function has no body, but this call runs in a}}
    func.call @host_function(%x) : (memref<?xi32>) -> ()
  }
  return
}

// -----

// A launch inside a task would start a kernel from device code.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @k(%x: memref<?xf32>) kernel {
      gpu.return
    }
  }

  // CPU-LABEL: func.func @nested_launches
  func.func @nested_launches(%x: memref<?xf32>) attributes {ckpt.graph} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    scf.for %i = %c0 to %c1 step %c1 {
      // expected-error @+1 {{'gpu.launch_func' inside a task or a function a task calls would launch a kernel from}}
      gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    }
    gpu.launch blocks(%a, %b, %c) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%d, %e, %f) in (%sx = %c1, %sy = %c1, %sz = %c1) {
      // expected-error @+1 {{'gpu.launch' inside a task or a function a task calls would launch a kernel from}}
      gpu.launch blocks(%a2, %b2, %c2) in (%gx2 = %c1, %gy2 = %c1, %gz2 = %c1) threads(%d2, %e2, %f2) in (%sx2 = %c1, %sy2 = %c1, %sz2 = %c1) {
        gpu.terminator
      }
      gpu.terminator
    }
    return
  }
}

// -----

// A parameter no target's ABI can pass, reported before the kernels are compiled (where the
// conversion would fail on it less clearly); the CPU target reports it when it lowers the
// host side (lower-host-dispatch-invalid.mlir).
// CPU-LABEL: func.func @complex_elements
// expected-error @+1 {{parameter 0 of graph kernel @complex_elements: memref elements must be integers, floats or index}}
func.func @complex_elements(%z: memref<4xcomplex<f32>>) attributes {ckpt.graph} {
  return
}
