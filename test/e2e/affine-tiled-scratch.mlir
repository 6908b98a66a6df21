// Per-thread scratch as affine tiling emits it (affine-loop-tile, IREE-style): affine.parallel
// over 4x4 tiles of a 5x7 result, partial tiles bounded with min maps, a per-tile
// accumulator in memref.alloca, affine.for nests with affine.load/store and affine.apply
// offsets. The accumulator stays live across loops, so nothing optimizes it away: on AMD
// chips it must become a private entry-block alloca (ckpt-prepare-rocdl-kernels), which
// the backend otherwise cannot select.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
//
// A[i][k] = i + k (5x6), B[k][j] = k - j (6x7): C[i][j] = 55 + 15i - j(15 + 6i).
// CHECK: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: ( ( 55, 40, 25, 10, -5, -20, -35 ), ( 70, 49, 28, 7, -14, -35, -56 ), ( 85, 58, 31, 4, -23, -50, -77 ), ( 100, 67, 34, 1, -32, -65, -98 ), ( 115, 76, 37, -2, -41, -80, -119 ) )
#ub = affine_map<(d0) -> (d0 + 4, 5)>
#ubj = affine_map<(d0) -> (d0 + 4, 7)>
#lb = affine_map<(d0) -> (d0)>
#sub = affine_map<(d0, d1) -> (d0 - d1)>
module {
  func.func @mm(%A: memref<5x6xf32>, %B: memref<6x7xf32>, %C: memref<5x7xf32>) attributes {ckpt.graph} {
    affine.parallel (%ti, %tj) = (0, 0) to (5, 7) step (4, 4) {
      %acc = memref.alloca() : memref<4x4xf32>
      %zero = arith.constant 0.0 : f32
      affine.for %i = 0 to 4 {
        affine.for %j = 0 to 4 {
          affine.store %zero, %acc[%i, %j] : memref<4x4xf32>
        }
      }
      affine.for %i = #lb(%ti) to min #ub(%ti) {
        affine.for %j = #lb(%tj) to min #ubj(%tj) {
          affine.for %k = 0 to 6 {
            %a = affine.load %A[%i, %k] : memref<5x6xf32>
            %b = affine.load %B[%k, %j] : memref<6x7xf32>
            %li = affine.apply #sub(%i, %ti)
            %lj = affine.apply #sub(%j, %tj)
            %c = affine.load %acc[%li, %lj] : memref<4x4xf32>
            %p = arith.mulf %a, %b : f32
            %s = arith.addf %c, %p : f32
            affine.store %s, %acc[%li, %lj] : memref<4x4xf32>
          }
        }
      }
      affine.for %i = #lb(%ti) to min #ub(%ti) {
        affine.for %j = #lb(%tj) to min #ubj(%tj) {
          %v = affine.load %acc[%i - %ti, %j - %tj] : memref<4x4xf32>
          affine.store %v, %C[%i, %j] : memref<5x7xf32>
        }
      }
    }
    return
  }
  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c5 = arith.constant 5 : index
    %c6 = arith.constant 6 : index
    %c7 = arith.constant 7 : index
    %A = memref.alloc() : memref<5x6xf32>
    %B = memref.alloc() : memref<6x7xf32>
    %C = memref.alloc() : memref<5x7xf32>
    scf.for %i = %c0 to %c5 step %c1 {
      scf.for %k = %c0 to %c6 step %c1 {
        %s = arith.addi %i, %k : index
        %si = arith.index_cast %s : index to i32
        %sf = arith.sitofp %si : i32 to f32
        memref.store %sf, %A[%i, %k] : memref<5x6xf32>
      }
    }
    scf.for %k = %c0 to %c6 step %c1 {
      scf.for %j = %c0 to %c7 step %c1 {
        %ki = arith.index_cast %k : index to i32
        %ji = arith.index_cast %j : index to i32
        %s = arith.subi %ki, %ji : i32
        %sf = arith.sitofp %s : i32 to f32
        memref.store %sf, %B[%k, %j] : memref<6x7xf32>
      }
    }
    %st = ckpt.launch @mm(%A, %B, %C) : (memref<5x6xf32>, memref<6x7xf32>, memref<5x7xf32>) -> !ckpt.status
    ckpt.status_print %st
    %z = arith.constant 0.0 : f32
    %v = vector.transfer_read %C[%c0, %c0], %z {in_bounds = [true, true]} : memref<5x7xf32>, vector<5x7xf32>
    vector.print %v : vector<5x7xf32>
    memref.dealloc %A : memref<5x6xf32>
    memref.dealloc %B : memref<6x7xf32>
    memref.dealloc %C : memref<5x7xf32>
    return
  }
}
