// The Vulkan target's checks of a graph kernel's parameters, on the parameters that
// ckpt-kernel-buffers adds: a scratch buffer the kernel allocates and a global it uses are
// named as such, at their definition, not as a parameter the user never wrote.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-kernel-buffers,ckpt-check-target{target=vulkan})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=vulkan})'

#id = affine_map<(d0) -> (d0)>
func.func @scratch(%x: memref<4xf32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{the scratch buffer this graph kernel allocates (parameter 2, which ckpt-kernel-buffers made of it) of type 'memref<4xbf16>' cannot be used on the Vulkan target: bf16 has no SPIR-V type a Vulkan shader may use: use f32 or f16}}
  %s = memref.alloc() : memref<4xbf16>
  ckpt.checkpoint 0 "c" yield_on %flag : memref<i32> {
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
        ins(%x : memref<4xf32>) outs(%s : memref<4xbf16>) {
    ^bb0(%a: f32, %o: bf16):
      %t = arith.truncf %a : f32 to bf16
      linalg.yield %t : bf16
    }
  }
  return
}

// -----

// expected-error @+1 {{the global @table this graph kernel uses (parameter 1) of type 'memref<4xindex>' cannot be used on the Vulkan target: index elements are 64-bit on the host but 32-bit in Vulkan shaders: use i32 or i64 elements}}
memref.global "private" @table : memref<4xindex> = dense<[0, 1, 2, 3]>

func.func @global(%x: memref<4xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %t = memref.get_global @table : memref<4xindex>
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %j = memref.load %t[%i] : memref<4xindex>
    %v = memref.load %x[%j] : memref<4xi32>
    memref.store %v, %x[%i] : memref<4xi32>
    scf.reduce
  }
  return
}
