// --ckpt-hoist-alloca-scopes: the static allocations of a memref.alloca_scope move to the
// start of the next allocation scope around it, and a scope left without allocations is
// replaced by its body (its results by what it returns). A parallel loop's body is an
// allocation scope of its own; a scope with an allocation of a dynamic size stays.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-hoist-alloca-scopes)' | FileCheck %s

// CHECK-LABEL: func.func @loop_locals
// CHECK-NEXT: %[[LOC:.*]] = memref.alloca() : memref<4xi32>
// CHECK-NEXT: %[[INNER:.*]] = memref.alloca() : memref<2xi32>
// CHECK-NOT: memref.alloca_scope
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[LOC]]
// CHECK: memref.store %{{.*}}, %[[INNER]]
// CHECK: %[[V:.*]] = memref.load %[[LOC]]
// CHECK: memref.store %[[V]], %{{.*}}
func.func @loop_locals(%out: memref<4xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.alloca_scope -> (i32) {
      %loc = memref.alloca() : memref<4xi32>
      %ii = arith.index_cast %i : index to i32
      memref.store %ii, %loc[%i] : memref<4xi32>
      memref.alloca_scope {
        %inner = memref.alloca() : memref<2xi32>
        memref.store %ii, %inner[%c0] : memref<2xi32>
      }
      %r = memref.load %loc[%i] : memref<4xi32>
      memref.alloca_scope.return %r : i32
    }
    memref.store %v, %out[%i] : memref<4xi32>
  }
  return
}

// CHECK-LABEL: func.func @parallel_body
// CHECK: scf.parallel
// CHECK-NEXT: memref.alloca() : memref<2xf32>
// CHECK-NOT: memref.alloca_scope
// CHECK: scf.reduce
func.func @parallel_body(%out: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %one = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    memref.alloca_scope {
      %tmp = memref.alloca() : memref<2xf32>
      memref.store %one, %tmp[%c0] : memref<2xf32>
      %t = memref.load %tmp[%c0] : memref<2xf32>
      memref.store %t, %out[%i] : memref<8xf32>
    }
    scf.reduce
  }
  return
}

// CHECK-LABEL: func.func @dynamic_size
// CHECK: memref.alloca_scope
// CHECK-NEXT: memref.alloca(%{{.*}}) : memref<?xf32>
func.func @dynamic_size(%n: index, %out: memref<f32>) {
  %c0 = arith.constant 0 : index
  memref.alloca_scope {
    %tmp = memref.alloca(%n) : memref<?xf32>
    %t = memref.load %tmp[%c0] : memref<?xf32>
    memref.store %t, %out[] : memref<f32>
  }
  return
}
