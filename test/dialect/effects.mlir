// A checkpoint reads its flag, may end the launch, and is where a resume starts: dead-code
// elimination keeps it without tasks (an empty body), and memory
// accesses do not move across it. An empty do-while only reads its condition and goes.
// RUN: %ckpt_opt %s --canonicalize --cse | FileCheck %s

// CHECK-LABEL: func.func @empty_checkpoints
// CHECK: ckpt.checkpoint 0 "host" yield_on %{{.*}} : memref<i32> {
// CHECK-NEXT: }
// CHECK-NEXT: return
func.func @empty_checkpoints(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint 0 "host" yield_on %f : memref<i32> {
  }
  ckpt.do_while %f : memref<i32> {
  }
  return
}

// The load after the checkpoint is not the one before it: the flag may have changed.
// CHECK-LABEL: func.func @loads_stay
// CHECK: memref.load
// CHECK: ckpt.checkpoint 0
// CHECK: memref.load
func.func @loads_stay(%f: memref<i32>, %out: memref<2xi32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.load %f[] : memref<i32>
  ckpt.checkpoint 0 "host" yield_on %f : memref<i32> {
  }
  %b = memref.load %f[] : memref<i32>
  memref.store %a, %out[%c0] : memref<2xi32>
  memref.store %b, %out[%c1] : memref<2xi32>
  return
}
