// --ckpt-kernel-buffers: unit-level allocations of a graph kernel become private globals
// (deallocations erased), and every global a kernel uses becomes a trailing parameter
// that each ckpt.launch of the kernel passes. Functions that are not graph kernels keep
// their allocations and globals.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-kernel-buffers)' | FileCheck %s

// CHECK:       memref.global "private" @table : memref<4xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]>
// CHECK:       memref.global "private" @__ckpt_step_scratch0 : memref<4xf32> = uninitialized {alignment = 64 : i64}
// CHECK:       memref.global "private" @__ckpt_step_scratch1_0 : memref<2x3xi32> = uninitialized
// CHECK-LABEL: func.func @step(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: memref<4xf32>, %[[F:[a-z0-9]+]]: memref<i32>,
// CHECK-SAME:      %[[T:[a-z0-9]+]]: memref<4xf32>, %[[S0:[a-z0-9]+]]: memref<4xf32>, %[[S1:[a-z0-9]+]]: memref<2x3xi32>)
// CHECK-SAME:      ckpt.global_params = [@table, @__ckpt_step_scratch0, @__ckpt_step_scratch1_0]
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.get_global
// CHECK:         scf.parallel
// CHECK:           memref.load %[[T]]
// CHECK:           memref.store %{{.*}}, %[[S0]]
// CHECK:         ckpt.checkpoint 0 "c" yield_on %[[F]] : memref<i32> {
// CHECK:           memref.load %[[S0]]
// CHECK:           memref.load %[[T]]
// CHECK:           memref.store %{{.*}}, %[[S1]]
// CHECK-NOT:     memref.dealloc
// CHECK:         return
memref.global "private" constant @table : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
memref.global "private" @__ckpt_step_scratch1 : memref<8xi8> = uninitialized

func.func @step(%x: memref<4xf32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %tmp = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
  %t = memref.get_global @table : memref<4xf32>
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %v = memref.load %x[%i] : memref<4xf32>
    %w = memref.load %t[%i] : memref<4xf32>
    %s = arith.mulf %v, %w : f32
    memref.store %s, %tmp[%i] : memref<4xf32>
  }
  ckpt.checkpoint 0 "c" yield_on %flag : memref<i32> {
    %counts = memref.alloca() : memref<2x3xi32>
    scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
      %v = memref.load %tmp[%i] : memref<4xf32>
      %t2 = memref.get_global @table : memref<4xf32>
      %w = memref.load %t2[%i] : memref<4xf32>
      %s = arith.addf %v, %w : f32
      %n = arith.fptosi %s : f32 to i32
      memref.store %n, %counts[%c0, %c0] : memref<2x3xi32>
    }
  }
  memref.dealloc %tmp : memref<4xf32>
  return
}

// CHECK-LABEL: func.func @main(
// CHECK:         %[[G0:.*]] = memref.get_global @table : memref<4xf32>
// CHECK-NEXT:    %[[G1:.*]] = memref.get_global @__ckpt_step_scratch0 : memref<4xf32>
// CHECK-NEXT:    %[[G2:.*]] = memref.get_global @__ckpt_step_scratch1_0 : memref<2x3xi32>
// CHECK-NEXT:    %[[S:.*]] = ckpt.launch @step(%{{.*}}, %{{.*}}, %[[G0]], %[[G1]], %[[G2]]) : (memref<4xf32>, memref<i32>, memref<4xf32>, memref<4xf32>, memref<2x3xi32>) -> !ckpt.status
// CHECK:         %[[L:.*]] = ckpt.status_label %[[S]] : i64
// CHECK:         ckpt.launch @step(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) resume_from %[[L]] {note = "kept"} : (memref<4xf32>, memref<i32>, memref<4xf32>, memref<4xf32>, memref<2x3xi32>) -> !ckpt.status
// CHECK:         memref.alloc() : memref<4xf32>
// CHECK:         return
func.func @main(%x: memref<4xf32>, %flag: memref<i32>) {
  %s = ckpt.launch @step(%x, %flag) : (memref<4xf32>, memref<i32>) -> !ckpt.status
  %l = ckpt.status_label %s : i64
  %r = ckpt.launch @step(%x, %flag) resume_from %l {note = "kept"} : (memref<4xf32>, memref<i32>) -> !ckpt.status
  %host = memref.alloc() : memref<4xf32>
  memref.dealloc %host : memref<4xf32>
  return
}

// A kernel without allocations or globals is left as it was.
// CHECK-LABEL: func.func @plain(
// CHECK-SAME:      %{{.*}}: memref<4xf32>) attributes {ckpt.graph} {
// CHECK-NEXT:    return
func.func @plain(%x: memref<4xf32>) attributes {ckpt.graph} {
  return
}
