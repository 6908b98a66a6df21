// A task with 41 memref operands: on a Vulkan device whose shaders may use fewer storage
// buffers (lavapipe: 32) the launch fails with a status naming the limit and the fix,
// where it used to crash in the driver; elsewhere it runs. Either way nothing crashes.
// RUN: %ckpt_run_target %s 2>&1 | FileCheck %s
// CHECK: {{^ckpt.status ok=1 yielded=0 label=-1$|^ckpt: error: kernel 'k', entry 'k_kernel', binds [0-9]+ storage buffers .*, more than the [0-9]+ one shader may use on .*maxPerStageDescriptorStorageBuffers.: pass the task fewer memrefs}}
func.func @k(%a0: memref<4xf32>, %a1: memref<4xf32>, %a2: memref<4xf32>, %a3: memref<4xf32>, %a4: memref<4xf32>, %a5: memref<4xf32>, %a6: memref<4xf32>, %a7: memref<4xf32>, %a8: memref<4xf32>, %a9: memref<4xf32>, %a10: memref<4xf32>, %a11: memref<4xf32>, %a12: memref<4xf32>, %a13: memref<4xf32>, %a14: memref<4xf32>, %a15: memref<4xf32>, %a16: memref<4xf32>, %a17: memref<4xf32>, %a18: memref<4xf32>, %a19: memref<4xf32>, %a20: memref<4xf32>, %a21: memref<4xf32>, %a22: memref<4xf32>, %a23: memref<4xf32>, %a24: memref<4xf32>, %a25: memref<4xf32>, %a26: memref<4xf32>, %a27: memref<4xf32>, %a28: memref<4xf32>, %a29: memref<4xf32>, %a30: memref<4xf32>, %a31: memref<4xf32>, %a32: memref<4xf32>, %a33: memref<4xf32>, %a34: memref<4xf32>, %a35: memref<4xf32>, %a36: memref<4xf32>, %a37: memref<4xf32>, %a38: memref<4xf32>, %a39: memref<4xf32>, %out: memref<4xf32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %v0 = memref.load %a0[%i] : memref<4xf32>
    %v1 = memref.load %a1[%i] : memref<4xf32>
    %v2 = memref.load %a2[%i] : memref<4xf32>
    %v3 = memref.load %a3[%i] : memref<4xf32>
    %v4 = memref.load %a4[%i] : memref<4xf32>
    %v5 = memref.load %a5[%i] : memref<4xf32>
    %v6 = memref.load %a6[%i] : memref<4xf32>
    %v7 = memref.load %a7[%i] : memref<4xf32>
    %v8 = memref.load %a8[%i] : memref<4xf32>
    %v9 = memref.load %a9[%i] : memref<4xf32>
    %v10 = memref.load %a10[%i] : memref<4xf32>
    %v11 = memref.load %a11[%i] : memref<4xf32>
    %v12 = memref.load %a12[%i] : memref<4xf32>
    %v13 = memref.load %a13[%i] : memref<4xf32>
    %v14 = memref.load %a14[%i] : memref<4xf32>
    %v15 = memref.load %a15[%i] : memref<4xf32>
    %v16 = memref.load %a16[%i] : memref<4xf32>
    %v17 = memref.load %a17[%i] : memref<4xf32>
    %v18 = memref.load %a18[%i] : memref<4xf32>
    %v19 = memref.load %a19[%i] : memref<4xf32>
    %v20 = memref.load %a20[%i] : memref<4xf32>
    %v21 = memref.load %a21[%i] : memref<4xf32>
    %v22 = memref.load %a22[%i] : memref<4xf32>
    %v23 = memref.load %a23[%i] : memref<4xf32>
    %v24 = memref.load %a24[%i] : memref<4xf32>
    %v25 = memref.load %a25[%i] : memref<4xf32>
    %v26 = memref.load %a26[%i] : memref<4xf32>
    %v27 = memref.load %a27[%i] : memref<4xf32>
    %v28 = memref.load %a28[%i] : memref<4xf32>
    %v29 = memref.load %a29[%i] : memref<4xf32>
    %v30 = memref.load %a30[%i] : memref<4xf32>
    %v31 = memref.load %a31[%i] : memref<4xf32>
    %v32 = memref.load %a32[%i] : memref<4xf32>
    %v33 = memref.load %a33[%i] : memref<4xf32>
    %v34 = memref.load %a34[%i] : memref<4xf32>
    %v35 = memref.load %a35[%i] : memref<4xf32>
    %v36 = memref.load %a36[%i] : memref<4xf32>
    %v37 = memref.load %a37[%i] : memref<4xf32>
    %v38 = memref.load %a38[%i] : memref<4xf32>
    %v39 = memref.load %a39[%i] : memref<4xf32>
    %s1 = arith.addf %v0, %v1 : f32
    %s2 = arith.addf %s1, %v2 : f32
    %s3 = arith.addf %s2, %v3 : f32
    %s4 = arith.addf %s3, %v4 : f32
    %s5 = arith.addf %s4, %v5 : f32
    %s6 = arith.addf %s5, %v6 : f32
    %s7 = arith.addf %s6, %v7 : f32
    %s8 = arith.addf %s7, %v8 : f32
    %s9 = arith.addf %s8, %v9 : f32
    %s10 = arith.addf %s9, %v10 : f32
    %s11 = arith.addf %s10, %v11 : f32
    %s12 = arith.addf %s11, %v12 : f32
    %s13 = arith.addf %s12, %v13 : f32
    %s14 = arith.addf %s13, %v14 : f32
    %s15 = arith.addf %s14, %v15 : f32
    %s16 = arith.addf %s15, %v16 : f32
    %s17 = arith.addf %s16, %v17 : f32
    %s18 = arith.addf %s17, %v18 : f32
    %s19 = arith.addf %s18, %v19 : f32
    %s20 = arith.addf %s19, %v20 : f32
    %s21 = arith.addf %s20, %v21 : f32
    %s22 = arith.addf %s21, %v22 : f32
    %s23 = arith.addf %s22, %v23 : f32
    %s24 = arith.addf %s23, %v24 : f32
    %s25 = arith.addf %s24, %v25 : f32
    %s26 = arith.addf %s25, %v26 : f32
    %s27 = arith.addf %s26, %v27 : f32
    %s28 = arith.addf %s27, %v28 : f32
    %s29 = arith.addf %s28, %v29 : f32
    %s30 = arith.addf %s29, %v30 : f32
    %s31 = arith.addf %s30, %v31 : f32
    %s32 = arith.addf %s31, %v32 : f32
    %s33 = arith.addf %s32, %v33 : f32
    %s34 = arith.addf %s33, %v34 : f32
    %s35 = arith.addf %s34, %v35 : f32
    %s36 = arith.addf %s35, %v36 : f32
    %s37 = arith.addf %s36, %v37 : f32
    %s38 = arith.addf %s37, %v38 : f32
    %s39 = arith.addf %s38, %v39 : f32
    memref.store %s39, %out[%i] : memref<4xf32>
    scf.reduce
  }
  return
}

func.func @main() {
  %f0 = arith.constant 1.0 : f32
  %f1 = arith.constant 2.0 : f32
  %f2 = arith.constant 3.0 : f32
  %a0 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a0 : memref<4xf32>)
  %a1 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f1 : f32) outs(%a1 : memref<4xf32>)
  %a2 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f2 : f32) outs(%a2 : memref<4xf32>)
  %a3 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a3 : memref<4xf32>)
  %a4 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f1 : f32) outs(%a4 : memref<4xf32>)
  %a5 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f2 : f32) outs(%a5 : memref<4xf32>)
  %a6 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a6 : memref<4xf32>)
  %a7 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f1 : f32) outs(%a7 : memref<4xf32>)
  %a8 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f2 : f32) outs(%a8 : memref<4xf32>)
  %a9 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a9 : memref<4xf32>)
  %a10 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f1 : f32) outs(%a10 : memref<4xf32>)
  %a11 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f2 : f32) outs(%a11 : memref<4xf32>)
  %a12 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a12 : memref<4xf32>)
  %a13 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f1 : f32) outs(%a13 : memref<4xf32>)
  %a14 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f2 : f32) outs(%a14 : memref<4xf32>)
  %a15 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a15 : memref<4xf32>)
  %a16 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f1 : f32) outs(%a16 : memref<4xf32>)
  %a17 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f2 : f32) outs(%a17 : memref<4xf32>)
  %a18 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a18 : memref<4xf32>)
  %a19 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f1 : f32) outs(%a19 : memref<4xf32>)
  %a20 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f2 : f32) outs(%a20 : memref<4xf32>)
  %a21 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a21 : memref<4xf32>)
  %a22 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f1 : f32) outs(%a22 : memref<4xf32>)
  %a23 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f2 : f32) outs(%a23 : memref<4xf32>)
  %a24 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a24 : memref<4xf32>)
  %a25 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f1 : f32) outs(%a25 : memref<4xf32>)
  %a26 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f2 : f32) outs(%a26 : memref<4xf32>)
  %a27 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a27 : memref<4xf32>)
  %a28 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f1 : f32) outs(%a28 : memref<4xf32>)
  %a29 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f2 : f32) outs(%a29 : memref<4xf32>)
  %a30 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a30 : memref<4xf32>)
  %a31 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f1 : f32) outs(%a31 : memref<4xf32>)
  %a32 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f2 : f32) outs(%a32 : memref<4xf32>)
  %a33 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a33 : memref<4xf32>)
  %a34 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f1 : f32) outs(%a34 : memref<4xf32>)
  %a35 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f2 : f32) outs(%a35 : memref<4xf32>)
  %a36 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a36 : memref<4xf32>)
  %a37 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f1 : f32) outs(%a37 : memref<4xf32>)
  %a38 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f2 : f32) outs(%a38 : memref<4xf32>)
  %a39 = memref.alloc() : memref<4xf32>
  linalg.fill ins(%f0 : f32) outs(%a39 : memref<4xf32>)
  %out = memref.alloc() : memref<4xf32>
  %st = ckpt.launch @k(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9, %a10, %a11, %a12, %a13, %a14, %a15, %a16, %a17, %a18, %a19, %a20, %a21, %a22, %a23, %a24, %a25, %a26, %a27, %a28, %a29, %a30, %a31, %a32, %a33, %a34, %a35, %a36, %a37, %a38, %a39, %out) : (memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>) -> !ckpt.status
  ckpt.status_print %st
  memref.dealloc %a0 : memref<4xf32>
  memref.dealloc %a1 : memref<4xf32>
  memref.dealloc %a2 : memref<4xf32>
  memref.dealloc %a3 : memref<4xf32>
  memref.dealloc %a4 : memref<4xf32>
  memref.dealloc %a5 : memref<4xf32>
  memref.dealloc %a6 : memref<4xf32>
  memref.dealloc %a7 : memref<4xf32>
  memref.dealloc %a8 : memref<4xf32>
  memref.dealloc %a9 : memref<4xf32>
  memref.dealloc %a10 : memref<4xf32>
  memref.dealloc %a11 : memref<4xf32>
  memref.dealloc %a12 : memref<4xf32>
  memref.dealloc %a13 : memref<4xf32>
  memref.dealloc %a14 : memref<4xf32>
  memref.dealloc %a15 : memref<4xf32>
  memref.dealloc %a16 : memref<4xf32>
  memref.dealloc %a17 : memref<4xf32>
  memref.dealloc %a18 : memref<4xf32>
  memref.dealloc %a19 : memref<4xf32>
  memref.dealloc %a20 : memref<4xf32>
  memref.dealloc %a21 : memref<4xf32>
  memref.dealloc %a22 : memref<4xf32>
  memref.dealloc %a23 : memref<4xf32>
  memref.dealloc %a24 : memref<4xf32>
  memref.dealloc %a25 : memref<4xf32>
  memref.dealloc %a26 : memref<4xf32>
  memref.dealloc %a27 : memref<4xf32>
  memref.dealloc %a28 : memref<4xf32>
  memref.dealloc %a29 : memref<4xf32>
  memref.dealloc %a30 : memref<4xf32>
  memref.dealloc %a31 : memref<4xf32>
  memref.dealloc %a32 : memref<4xf32>
  memref.dealloc %a33 : memref<4xf32>
  memref.dealloc %a34 : memref<4xf32>
  memref.dealloc %a35 : memref<4xf32>
  memref.dealloc %a36 : memref<4xf32>
  memref.dealloc %a37 : memref<4xf32>
  memref.dealloc %a38 : memref<4xf32>
  memref.dealloc %a39 : memref<4xf32>
  memref.dealloc %out : memref<4xf32>
  return
}
