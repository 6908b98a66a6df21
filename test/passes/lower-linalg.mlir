// --ckpt-lower-linalg: every linalg op on memrefs becomes its loops; a task without
// loops first moves into a one-iteration scf.parallel, so that it stays one task;
// linalg on tensors stays. Nothing else changes.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-linalg)' | FileCheck %s
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-linalg,ckpt-auto-wrap)' | FileCheck %s --check-prefix=WRAP

#scalar = affine_map<() -> ()>

// A fill does not load what it overwrites.
// CHECK-LABEL: func.func @loopless(
// CHECK-SAME:      %[[S:[a-z0-9]+]]: memref<i32>, %[[F:[a-z0-9]+]]: memref<i32>)
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    ckpt.checkpoint 0 yield_on %[[F]] : memref<i32> {
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1 : index
// CHECK:           scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[ONE]]) step (%{{.*}}) {
// CHECK-NEXT:        memref.store %[[ZERO]], %[[S]][] : memref<i32>
// CHECK-NEXT:        scf.reduce
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK:         scf.parallel
// CHECK-NEXT:      %[[V:.*]] = memref.load %[[S]][] : memref<i32>
// CHECK-NEXT:      %[[W:.*]] = arith.addi %[[V]], %[[V]] : i32
// CHECK-NEXT:      memref.store %[[W]], %[[S]][] : memref<i32>
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    }
// CHECK-NEXT:    return
// WRAP-LABEL: func.func @loopless(
// WRAP:         ckpt.checkpoint 0
// WRAP:         ckpt.checkpoint implicit {
// WRAP-NEXT:      scf.parallel
// WRAP:         return
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

// A matmul: parallel over (i, j), sequential over k. A loopless op inside a task and
// one outside graph kernels need no wrapping.
// CHECK-LABEL: func.func @matmul(
// CHECK:         scf.parallel (%[[I:.*]], %[[J:.*]]) = {{.*}} {
// CHECK-NEXT:      scf.for %[[K:.*]] = {{.*}} {
// CHECK:             memref.load
// CHECK:             memref.load
// CHECK:             memref.load
// CHECK:             arith.mulf
// CHECK-NEXT:        arith.addf
// CHECK-NEXT:        memref.store
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    }
// CHECK:         scf.for
// CHECK-NEXT:      memref.store
// CHECK-NEXT:    }
// CHECK-NEXT:    return
// WRAP-LABEL: func.func @matmul(
// WRAP:         ckpt.checkpoint implicit {
// WRAP-NEXT:      scf.parallel
// WRAP:         ckpt.checkpoint implicit {
// WRAP-NEXT:      scf.for
// WRAP-NOT:     linalg.
// WRAP-LABEL: func.func @host(
func.func @matmul(%a: memref<2x3xf32>, %b: memref<3x2xf32>, %c: memref<2x2xf32>,
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

// A GPU grid has 3 dimensions: the outer parallel dimension of 4 becomes a loop inside.
// An scf.parallel between reduction loops becomes a loop too: only the outermost maps to
// a grid.
// CHECK-LABEL: func.func @shapes(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: memref<2x3x4x5xi32>
// CHECK:         scf.parallel (%[[B:.*]], %[[C:.*]], %[[D:.*]]) = ({{.*}}) to (%[[C3:.*]], %[[C4:.*]], %[[C5:.*]]) step
// CHECK-NEXT:      scf.for %[[A:.*]] = %{{.*}} to %[[C2:.*]] step
// CHECK-NEXT:        affine.apply #{{.*}}(%[[A]])
// CHECK-NEXT:        affine.apply #{{.*}}(%[[B]])
// CHECK-NEXT:        affine.apply #{{.*}}(%[[C]])
// CHECK-NEXT:        affine.apply #{{.*}}(%[[D]])
// CHECK-NEXT:        memref.load %[[X]]
// CHECK:           scf.reduce
// CHECK:         scf.parallel (%[[I:.*]]) =
// CHECK-NEXT:      scf.for %[[R:.*]] =
// CHECK-NEXT:        scf.for %[[J:.*]] =
// CHECK-NEXT:          affine.apply #{{.*}}(%[[I]])
// CHECK-NEXT:          affine.apply #{{.*}}(%[[R]])
// CHECK-NEXT:          affine.apply #{{.*}}(%[[J]])
// CHECK-NEXT:          memref.load
// CHECK:             }
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.reduce
// CHECK-NOT:     scf.parallel
// CHECK:         return
func.func @shapes(%x: memref<2x3x4x5xi32>, %y: memref<2x3x4xi32>, %z: memref<2x4xi32>)
    attributes {ckpt.graph} {
  linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      outs(%x : memref<2x3x4x5xi32>) {
  ^bb0(%v: i32):
    %w = arith.addi %v, %v : i32
    linalg.yield %w : i32
  }
  linalg.generic {indexing_maps = [affine_map<(i, r, j) -> (i, r, j)>,
                                   affine_map<(i, r, j) -> (i, j)>],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%y : memref<2x3x4xi32>) outs(%z : memref<2x4xi32>) {
  ^bb0(%v: i32, %acc: i32):
    %w = arith.addi %v, %acc : i32
    linalg.yield %w : i32
  }
  return
}

// CHECK-LABEL: func.func @host(
// CHECK-NEXT:    arith.constant
// CHECK-NEXT:    memref.store
// CHECK-NEXT:    %[[T:.*]] = linalg.fill {{.*}} -> tensor<4xf32>
// CHECK-NEXT:    return %[[T]]
func.func @host(%s: memref<f32>, %t: tensor<4xf32>) -> tensor<4xf32> {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%s : memref<f32>)
  %u = linalg.fill ins(%zero : f32) outs(%t : tensor<4xf32>) -> tensor<4xf32>
  return %u : tensor<4xf32>
}
