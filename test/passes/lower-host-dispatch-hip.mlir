// --ckpt-lower-host-dispatch{target=hip}: each gpu.binary becomes one bundle of its
// objects (runtime/include/ckpt/hip_bundle.h, docs/design-hip.md), the plan's device
// image. Bundle bytes below were laid out by hand from that header:
//   header    magic "CKPTHIPB", version 1, 2 entries, 134 bytes in all
//   entry 0   format 1 (code object), chip at 96 ("`"), image at 112 ("p"), 4 bytes
//   entry 1   format 1, chip at 103 ("g"), image at 128 (\80), 6 bytes
//   96..109   "gfx90a\0gfx942\0", then 2 bytes of padding to 112
//   112..115  "AAAA", then 12 bytes of padding to 128; 128..133 "BBBBBB"
// PTX objects (sm_ chips) keep a NUL after the text, as target=cuda's images do.
// RUN: %ckpt_opt %s -split-input-file \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=hip chips=gfx90a,gfx942})' \
// RUN:   | FileCheck %s

// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK-NOT:     gpu.binary
// CHECK-LABEL: func.func @D(
// The launch asks for target 2 (hip).
// CHECK:         llvm.mlir.addressof @D__ckpt_plan : !llvm.ptr
// CHECK-NEXT:    llvm.mlir.constant(2 : i64) : i64
// CHECK-LABEL: func.func private @D__fn0(
// CHECK:         %[[IMAGE:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    %[[NAME:.*]] = llvm.mlir.addressof @D__fn0__ckpt_kernel_name0 : !llvm.ptr
// CHECK:         call @ckpt_mlir_record_launch(%{{.*}}, %[[IMAGE]], %[[NAME]],
// CHECK-DAG:   llvm.mlir.global internal constant @D__fn0__ckpt_kernel_name0("k\00")
// CHECK-DAG:   llvm.mlir.global internal constant @__ckpt_device_image0("CKPTHIPB\01\00\00\00\00\00\00\00\02\00\00\00\00\00\00\00\86\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00`\00\00\00\00\00\00\00p\00\00\00\00\00\00\00\04\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00g\00\00\00\00\00\00\00\80\00\00\00\00\00\00\00\06\00\00\00\00\00\00\00gfx90a\00gfx942\00\00\00AAAA\00\00\00\00\00\00\00\00\00\00\00\00BBBBBB") {addr_space = 0 : i32, alignment = 16 : i64}
// CHECK-DAG:   llvm.mlir.global internal constant @__ckpt_device_image_sizes(dense<134> : tensor<1xi64>)
module attributes {gpu.container_module} {
  gpu.binary @kernels [#gpu.object<#rocdl.target<chip = "gfx90a">, "AAAA">,
                       #gpu.object<#rocdl.target<chip = "gfx942">, "BBBBBB">]
  func.func @D(%x: memref<?xf32>, %n: index) attributes {ckpt.graph} {
    %state = ckpt.device_state : memref<4xi32>
    %c1 = arith.constant 1 : index
    %gate = arith.constant -2 : i32
    gpu.launch_func @kernels::@k blocks in (%n, %c1, %c1) threads in (%c1, %c1, %c1)
        args(%state : memref<4xi32>, %gate : i32, %x : memref<?xf32>)
    return
  }
}

// -----

// One PTX object: format 2, chip "sm_90" at 64 ("@"), image at 80 ("P"), 3 bytes of text
// and its NUL: 84 bytes ("T") in all.
// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK:       llvm.mlir.global internal constant @__ckpt_device_image0("CKPTHIPB\01\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00T\00\00\00\00\00\00\00\02\00\00\00\00\00\00\00@\00\00\00\00\00\00\00P\00\00\00\00\00\00\00\03\00\00\00\00\00\00\00sm_90\00\00\00\00\00\00\00\00\00\00\00PTX\00")
// CHECK-DAG:   llvm.mlir.global internal constant @__ckpt_device_image_sizes(dense<84> : tensor<1xi64>)
module attributes {gpu.container_module} {
  gpu.binary @kernels [#gpu.object<#nvvm.target<chip = "sm_90">, "PTX">]
  func.func @E(%x: memref<?xf32>) attributes {ckpt.graph} {
    %state = ckpt.device_state : memref<4xi32>
    %c1 = arith.constant 1 : index
    %gate = arith.constant -2 : i32
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
        args(%state : memref<4xi32>, %gate : i32, %x : memref<?xf32>)
    return
  }
}
