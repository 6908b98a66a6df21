// Every error of --ckpt-kernel-buffers, with its exact message, at the allocation.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-kernel-buffers)'

func.func @dynamic(%x: memref<?xf32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  // expected-error @+1 {{'memref.alloc' at the level of a graph kernel's tasks has a dynamic size; a buffer allocated in a graph kernel outlives a yield, so ckpt keeps it as a module global, which needs a static shape: allocate it on the host and pass it as a parameter}}
  %tmp = memref.alloc(%n) : memref<?xf32>
  return
}

// -----

#map = affine_map<(d0) -> (d0 + 2)>
func.func @layout() attributes {ckpt.graph} {
  // expected-error @+1 {{'memref.alloca' at the level of a graph kernel's tasks has a non-identity layout; ckpt keeps a kernel's scratch as a module global of the same type: allocate it with the default layout and take a view of it}}
  %tmp = memref.alloca() : memref<4xf32, #map>
  return
}

// -----

func.func @space(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint 1 yield_on %f : memref<i32> {
    // expected-error @+1 {{'memref.alloc' at the level of a graph kernel's tasks has a memory space; a graph kernel's scratch lives in the target's default memory: allocate memory of other spaces inside the task that uses it}}
    %tmp = memref.alloc() : memref<4xf32, 3>
  }
  return
}
