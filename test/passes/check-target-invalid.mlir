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
