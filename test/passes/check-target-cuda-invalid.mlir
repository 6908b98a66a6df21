// What the CUDA target cannot run, reported by --ckpt-check-target at the op (alone and
// as the pipeline runs it); the CPU target runs it.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-check-target{target=cuda})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cuda})'
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-check-target{target=cpu})' 2> /dev/null | FileCheck %s --check-prefix=CPU

// CPU-LABEL: func.func @big_block
func.func @big_block(%x: memref<?xi32>) attributes {ckpt.graph} {
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c32 = arith.constant 32 : index
  // expected-error @+1 {{this launch asks for 2048 threads per block, but CUDA allows at most 1024: use smaller blocks and more of them}}
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c32, %sz = %c1) {
    %v = memref.load %x[%tx] : memref<?xi32>
    memref.store %v, %x[%tx] : memref<?xi32>
    gpu.terminator
  }
  // Exactly the limit is fine.
  %c1024 = arith.constant 1024 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1024, %sy = %c1, %sz = %c1) {
    %v = memref.load %x[%tx] : memref<?xi32>
    memref.store %v, %x[%tx] : memref<?xi32>
    gpu.terminator
  }
  return
}

// -----

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @copy(%x: memref<?xi32>) kernel {
      gpu.return
    }
  }

  // CPU-LABEL: func.func @big_launch_func
  func.func @big_launch_func(%x: memref<?xi32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    %c2048 = arith.constant 2048 : index
    // expected-error @+1 {{this launch asks for 2048 threads per block, but CUDA allows at most 1024}}
    gpu.launch_func @kernels::@copy blocks in (%c1, %c1, %c1) threads in (%c2048, %c1, %c1) args(%x : memref<?xi32>)
    return
  }
}

// -----

// Shared memory of a size known only at run time: a kernel's shared memory is static.
func.func @dynamic_workgroup_memory(%x: memref<64xf32>, %n: index) attributes {ckpt.graph} {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    %fixed = memref.alloc() : memref<32xf32, #gpu.address_space<workgroup>>
    // expected-error @+1 {{'memref.alloc' of workgroup memory runs in a CUDA kernel and has a dynamic size, and a kernel's shared memory is sized when it is compiled: give it a static shape}}
    %sized = memref.alloc(%n) : memref<?xf32, #gpu.address_space<workgroup>>
    %v = memref.load %x[%tx] : memref<64xf32>
    memref.store %v, %fixed[%tx] : memref<32xf32, #gpu.address_space<workgroup>>
    memref.store %v, %sized[%tx] : memref<?xf32, #gpu.address_space<workgroup>>
    gpu.terminator
  }
  return
}

// -----

// A function a task calls takes a mutable host global: the kernel's module would get a
// device copy of it that the host never sees. A constant global may be read there.
memref.global "private" @counter : memref<1xi32> = dense<0>
memref.global "private" constant @table : memref<2xi32> = dense<[3, 4]>

func.func @bump() {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{'memref.get_global' of the mutable global @counter runs in a CUDA kernel, where it would name a device copy that the host never sees: take the global with memref.get_global in the graph kernel itself (ckpt passes it to the kernel) and hand the memref to this function as an argument, or make the global constant}}
  %g = memref.get_global @counter : memref<1xi32>
  %t = memref.get_global @table : memref<2xi32>
  %v = memref.load %g[%c0] : memref<1xi32>
  %w = memref.load %t[%c0] : memref<2xi32>
  %n = arith.addi %v, %w : i32
  memref.store %n, %g[%c0] : memref<1xi32>
  return
}

// CPU-LABEL: func.func @mutable_global_in_helper
func.func @mutable_global_in_helper() attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    func.call @bump() : () -> ()
  }
  return
}
