// --ckpt-prepare-spirv-tasks: memory a task makes itself takes the SPIR-V storage class
// MLIR's conversion needs: per-thread scratch (memref.alloca) the Function class, workgroup
// memory (a workgroup attribution, an alloc in the workgroup address space) an alloc of
// the Workgroup class; constants from outside the launch get copies inside it; math ops
// GLSL.std.450 lacks are rewritten.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-prepare-spirv-tasks)' | FileCheck %s

// CHECK-LABEL: func.func @memory(
// CHECK:         gpu.launch blocks
// CHECK-NOT:       workgroup(
// CHECK-SAME:      {
// CHECK-NEXT:      %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:      %[[SHARED:.*]] = memref.alloc() : memref<32xf32, #spirv.storage_class<Workgroup>>
// CHECK-NEXT:      %[[SCRATCH:.*]] = memref.alloca() : memref<4xf32, #spirv.storage_class<Function>>
// CHECK:           memref.store %{{.*}}, %[[SCRATCH]][%[[C0]]] : memref<4xf32, #spirv.storage_class<Function>>
// CHECK:           memref.store %{{.*}}, %[[SHARED]][%{{.*}}] : memref<32xf32, #spirv.storage_class<Workgroup>>
// CHECK:           %[[MORE:.*]] = memref.alloc() : memref<8xi32, #spirv.storage_class<Workgroup>>
// CHECK:           %[[NEG:.*]] = arith.cmpf olt, %[[X:.*]], %{{.*}} : f32
// CHECK-NEXT:      %[[UP:.*]] = math.ceil %[[X]] : f32
// CHECK-NEXT:      %[[DOWN:.*]] = math.floor %[[X]] : f32
// CHECK-NEXT:      arith.select %[[NEG]], %[[UP]], %[[DOWN]] : f32
// CHECK-NOT:       math.trunc
// CHECK-NOT:       math.erf
// CHECK:           gpu.terminator
func.func @memory(%x: memref<64xf32>, %out: memref<2xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c2, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1)
             workgroup(%shared : memref<32xf32, #gpu.address_space<workgroup>>) {
    %scratch = memref.alloca() : memref<4xf32>
    %v = memref.load %x[%tx] : memref<64xf32>
    memref.store %v, %scratch[%c0] : memref<4xf32>
    %w = memref.load %scratch[%c0] : memref<4xf32>
    memref.store %w, %shared[%tx] : memref<32xf32, #gpu.address_space<workgroup>>
    %more = memref.alloc() : memref<8xi32, #gpu.address_space<workgroup>>
    %i = arith.constant 7 : i32
    memref.store %i, %more[%c1] : memref<8xi32, #gpu.address_space<workgroup>>
    gpu.barrier
    %s = memref.load %shared[%c0] : memref<32xf32, #gpu.address_space<workgroup>>
    %t = math.trunc %s : f32
    %e = math.erf %t : f32
    memref.store %e, %out[%bx] : memref<2xf32>
    gpu.terminator
  }
  return
}
