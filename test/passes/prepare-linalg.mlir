// --ckpt-prepare-linalg: a linalg task without loops moves into a one-iteration
// scf.parallel; linalg ops with loops, inside tasks, outside graph kernels or on tensors
// stay. After convert-linalg-to-parallel-loops every linalg task is one loop nest.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-prepare-linalg)' | FileCheck %s
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-prepare-linalg,func.func(convert-linalg-to-parallel-loops),ckpt-auto-wrap)' | FileCheck %s --check-prefix=LOOPS

#scalar = affine_map<() -> ()>

// CHECK-LABEL: func.func @loopless(
// CHECK:         ckpt.checkpoint 0
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1 : index
// CHECK:           scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[ONE]]) step (%{{.*}}) {
// CHECK-NEXT:        linalg.fill
// CHECK-NEXT:        scf.reduce
// CHECK:         scf.parallel
// CHECK-NEXT:      linalg.generic
// CHECK:           scf.reduce
// LOOPS-LABEL: func.func @loopless(
// LOOPS:         ckpt.checkpoint 0
// LOOPS:           scf.parallel
// LOOPS-NEXT:        memref.store
// LOOPS-NEXT:        scf.reduce
// LOOPS-NEXT:      }
// LOOPS-NEXT:    }
// LOOPS-NEXT:    ckpt.checkpoint implicit {
// LOOPS-NEXT:      scf.parallel
// LOOPS-NEXT:        memref.load
// LOOPS-NEXT:        arith.addi
// LOOPS-NEXT:        memref.store
// LOOPS-NEXT:        scf.reduce
// LOOPS-NEXT:      }
// LOOPS-NEXT:    }
// LOOPS-NEXT:    return
func.func @loopless(%s: memref<i32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %zero = arith.constant 0 : i32
  ckpt.checkpoint 0 yield_on %flag : memref<i32> {
    linalg.fill ins(%zero : i32) outs(%s : memref<i32>)
  }
  linalg.generic {indexing_maps = [#scalar], iterator_types = []} outs(%s : memref<i32>) {
  ^bb0(%v: i32):
    %w = arith.addi %v, %v : i32
    linalg.yield %w : i32
  }
  return
}

// CHECK-LABEL: func.func @untouched(
// CHECK-NEXT:    arith.constant
// CHECK-NEXT:    linalg.matmul
// CHECK-NEXT:    arith.constant
// CHECK-NEXT:    arith.constant
// CHECK-NEXT:    scf.for
// CHECK-NEXT:      linalg.fill
// CHECK-NEXT:    }
// CHECK-NEXT:    return
// LOOPS-LABEL: func.func @untouched(
// LOOPS:         ckpt.checkpoint implicit {
// LOOPS-NEXT:      scf.parallel
// LOOPS:         ckpt.checkpoint implicit {
// LOOPS-NEXT:      scf.for
// LOOPS-NEXT:        memref.store
// LOOPS-NOT:     linalg.
func.func @untouched(%a: memref<2x3xf32>, %b: memref<3x2xf32>, %c: memref<2x2xf32>,
                     %s: memref<f32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %zero = arith.constant 0.0 : f32
  linalg.matmul ins(%a, %b : memref<2x3xf32>, memref<3x2xf32>) outs(%c : memref<2x2xf32>)
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    linalg.fill ins(%zero : f32) outs(%s : memref<f32>)
  }
  return
}

// CHECK-LABEL: func.func @host(
// CHECK-NEXT:    arith.constant
// CHECK-NEXT:    linalg.fill
func.func @host(%s: memref<f32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%s : memref<f32>)
  return
}
