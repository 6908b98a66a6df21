// The Vulkan target's passes around MLIR's GPU-to-SPIR-V conversion:
// --ckpt-prepare-spirv-tasks and --ckpt-spirv-views (before outlining; the views have
// their own test, spirv-views.mlir), --ckpt-attach-spirv-abi (after
// spirv-attach-target) and --ckpt-nest-spirv-modules (after convert-gpu-to-spirv).
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-prepare-spirv-tasks,ckpt-spirv-views,ckpt-attach-spirv-abi)' \
// RUN:   | FileCheck %s
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-prepare-spirv-tasks,ckpt-spirv-views,ckpt-attach-spirv-abi,convert-gpu-to-spirv{use-64bit-index=false},ckpt-nest-spirv-modules)' \
// RUN:   | FileCheck %s --check-prefix=NEST

// A call is inlined; a memref<?x?xi32> is accessed through a rank-1 view of its base
// made before the launch, at (i * stride0 + j); memref.dim of an argument moves before
// the launch.
// CHECK-LABEL: func.func @prepare(
// CHECK-SAME:      %[[M:.*]]: memref<?x?xi32>, %[[V:.*]]: memref<?xi32>
// CHECK:         %[[N:.*]] = memref.dim %[[V]], %{{.*}} : memref<?xi32>
// CHECK:         %[[BASE:.*]], %{{.*}}, %[[SIZES:.*]]:2, %[[STRIDES:.*]]:2 = memref.extract_strided_metadata %[[M]]
// CHECK:         %[[FLAT:.*]] = memref.reinterpret_cast %[[BASE]] to offset: [0], sizes: [%{{.*}}], strides: [1] : memref<i32> to memref<?xi32>
// CHECK:         gpu.launch
// CHECK-NOT:       func.call
// CHECK:           %[[ROW:.*]] = arith.muli %{{.*}}, %[[STRIDES]]#0 : index
// CHECK:           %[[AT:.*]] = arith.addi %[[ROW]], %[[N]] : index
// CHECK:           memref.load %[[FLAT]][%[[AT]]] : memref<?xi32>
// CHECK:           memref.store %{{.*}}, %[[FLAT]][%{{.*}}] : memref<?xi32>
func.func private @double(%m: memref<?x?xi32>, %i: index, %j: index) {
  %v = memref.load %m[%i, %j] : memref<?x?xi32>
  %w = arith.addi %v, %v : i32
  memref.store %w, %m[%i, %j] : memref<?x?xi32>
  return
}

func.func @prepare(%m: memref<?x?xi32>, %v: memref<?xi32>) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %c0 = arith.constant 0 : index
    %n = memref.dim %v, %c0 : memref<?xi32>
    %c2 = arith.constant 2 : index
    func.call @double(%m, %c2, %n) : (memref<?x?xi32>, index, index) -> ()
    gpu.terminator
  }
  return
}

// -----

// Outlined kernels take their workgroup size from known_block_size, kernels written by
// hand from their launches; the module's SPIR-V target becomes its spirv.target_env.
// A static memref.dim folds.
// convert-gpu-to-spirv puts spirv.module @__spv__<name> beside the gpu.module; it moves in.
// NEST-LABEL: gpu.module @outlined
// NEST-NEXT:    spirv.module @__spv__outlined Logical GLSL450
// NEST:           spirv.func @k(
// NEST:         gpu.func @k(
// NEST-LABEL: gpu.module @written
// NEST-NEXT:    spirv.module @__spv__written Logical GLSL450
// NEST-NOT:   spirv.module
// CHECK-LABEL: gpu.module @outlined
// CHECK-SAME:      attributes {spirv.target_env = #spirv.target_env<#spirv.vce<v1.0, [Shader, Float64]
// CHECK:         gpu.func @k(
// CHECK-SAME:        spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [32, 8, 1]>
// CHECK:           arith.constant 4 : index
// CHECK-NOT:       memref.dim
// CHECK-LABEL: gpu.module @written
// CHECK:         gpu.func @w(
// CHECK-SAME:        spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [64, 1, 1]>
module attributes {gpu.container_module} {
  gpu.module @outlined [#spirv.target_env<#spirv.vce<v1.0, [Shader, Float64], [SPV_KHR_storage_buffer_storage_class]>, #spirv.resource_limits<>>] {
    gpu.func @k(%m: memref<4xf64>) kernel attributes {known_block_size = array<i32: 32, 8, 1>} {
      %c0 = arith.constant 0 : index
      %n = memref.dim %m, %c0 : memref<4xf64>
      gpu.return
    }
  }
  gpu.module @written {
    gpu.func @w(%m: memref<?xi32>) kernel {
      gpu.return
    }
  }
  func.func @host(%m: memref<?xi32>) {
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    gpu.launch_func @written::@w blocks in (%c1, %c1, %c1) threads in (%c64, %c1, %c1) args(%m : memref<?xi32>)
    gpu.launch_func @written::@w blocks in (%c64, %c1, %c1) threads in (%c64, %c1, %c1) args(%m : memref<?xi32>)
    return
  }
}

// -----

// What SPIR-V cannot do is reported at the op, with the fix.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @local(%x: memref<?xi32>, %n: index) kernel attributes {known_block_size = array<i32: 1, 1, 1>} {
      %c0 = arith.constant 0 : index
      %local = memref.alloca(%n) : memref<?xi32>
      // expected-error @+1 {{memref.dim of a dynamic size inside a task cannot be compiled for Vulkan}}
      %size = memref.dim %local, %c0 : memref<?xi32>
      %v = arith.index_cast %size : index to i32
      memref.store %v, %x[%c0] : memref<?xi32>
      gpu.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @twice(%m: memref<?xi32>) kernel {
      gpu.return
    }
  }
  func.func @host(%m: memref<?xi32>) {
    %c1 = arith.constant 1 : index
    %c32 = arith.constant 32 : index
    %c64 = arith.constant 64 : index
    gpu.launch_func @kernels::@twice blocks in (%c1, %c1, %c1) threads in (%c32, %c1, %c1) args(%m : memref<?xi32>)
    // expected-error @+1 {{kernel 'twice' is launched with block sizes 64x1x1 and 32x1x1; a Vulkan compute shader has one workgroup size}}
    gpu.launch_func @kernels::@twice blocks in (%c1, %c1, %c1) threads in (%c64, %c1, %c1) args(%m : memref<?xi32>)
    return
  }
}

