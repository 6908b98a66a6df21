// Vector ops in tasks as vectorizing compilers emit them: rows read with 1-D transfers and
// assembled into a 2-D vector, a matrix-vector vector.contract, a vector.multi_reduction
// (max of each row), vector.transpose, vector.shape_cast, vector.broadcast and vector.fma;
// the task is in a checkpoint, so the launch yields there and the resume runs it again.
// vector.multi_reduction has no conversion of its own (lower-vector-multi-reduction runs
// first), and the vector lowerings leave ub.poison (convert-ub-to-llvm). SPIR-V vectors
// are 1-D with at most 4 elements: on Vulkan ckpt lowers the contraction to products and
// reductions and splits the 2-D and 8-element vectors into 4- and 2-element ones.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
//
// CHECK: ckpt.status ok=1 yielded=1 label=0 name="rows"
// CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: ( 4, 557.25, 112.25, 606.25 )
// CHECK-NEXT: ( 135.25, 657.25, 160.25, 8 )
// CHECK-NEXT: ( 2, 1, 4.5, 5 )
// CHECK-NEXT: ( 14.25, 1, 7.25, 1 )
// CHECK-NEXT: ( 1, 51, 13.25, 51 )
// CHECK-NEXT: ( 13.25, 51, 13.25, 2 )
// CHECK-NEXT: ( 3, 119.562, -0.75, 49.25 )
// CHECK-NEXT: ( 23.25, 119.562, -0.75, 4 )

#map_a = affine_map<(i, k) -> (i, k)>
#map_b = affine_map<(i, k) -> (k)>
#map_c = affine_map<(i, k) -> (i)>
func.func @rows(%m: memref<8x4xf32>, %v: memref<4xf32>, %o: memref<8x4xf32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  ckpt.checkpoint 0 "rows" yield_on %flag : memref<i32> {
    scf.parallel (%t) = (%c0) to (%c4) step (%c1) {
      %pad = arith.constant 0.0 : f32
      %row = arith.muli %t, %c2 : index
      %row1 = arith.addi %row, %c1 : index
      %r0 = vector.transfer_read %m[%row, %c0], %pad {in_bounds = [true]} : memref<8x4xf32>, vector<4xf32>
      %r1 = vector.transfer_read %m[%row1, %c0], %pad {in_bounds = [true]} : memref<8x4xf32>, vector<4xf32>
      %z = arith.constant dense<0.0> : vector<2x4xf32>
      %a0 = vector.insert %r0, %z[0] : vector<4xf32> into vector<2x4xf32>
      %a = vector.insert %r1, %a0[1] : vector<4xf32> into vector<2x4xf32>
      %b = vector.transfer_read %v[%c0], %pad {in_bounds = [true]} : memref<4xf32>, vector<4xf32>
      %acc = arith.constant dense<0.0> : vector<2xf32>
      // mv[i] = sum_k a[i][k] * b[k]
      %mv = vector.contract {indexing_maps = [#map_a, #map_b, #map_c], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %acc : vector<2x4xf32>, vector<4xf32> into vector<2xf32>
      %lowest = arith.constant dense<-1.0e30> : vector<2xf32>
      %red = vector.multi_reduction <maximumf>, %a, %lowest [1] : vector<2x4xf32> to vector<2xf32>
      // f = (a^T flattened + mv broadcast)^2 + a^T flattened, back in 2 rows of 4
      %tr = vector.transpose %a, [1, 0] : vector<2x4xf32> to vector<4x2xf32>
      %flat = vector.shape_cast %tr : vector<4x2xf32> to vector<8xf32>
      %bb = vector.broadcast %mv : vector<2xf32> to vector<4x2xf32>
      %bf = vector.shape_cast %bb : vector<4x2xf32> to vector<8xf32>
      %sum = arith.addf %flat, %bf : vector<8xf32>
      %f = vector.fma %sum, %sum, %flat : vector<8xf32>
      %back = vector.shape_cast %f : vector<8xf32> to vector<2x4xf32>
      // each row's max in its first (row 0) or last (row 1) element
      %m0 = vector.extract %red[0] : f32 from vector<2xf32>
      %m1 = vector.extract %red[1] : f32 from vector<2xf32>
      %w = vector.insert %m0, %back[0, 0] : f32 into vector<2x4xf32>
      %w2 = vector.insert %m1, %w[1, 3] : f32 into vector<2x4xf32>
      %w0 = vector.extract %w2[0] : vector<4xf32> from vector<2x4xf32>
      %w1 = vector.extract %w2[1] : vector<4xf32> from vector<2x4xf32>
      vector.transfer_write %w0, %o[%row, %c0] {in_bounds = [true]} : vector<4xf32>, memref<8x4xf32>
      vector.transfer_write %w1, %o[%row1, %c0] {in_bounds = [true]} : vector<4xf32>, memref<8x4xf32>
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %m = memref.alloc() : memref<8x4xf32>
  %v = memref.alloc() : memref<4xf32>
  %o = memref.alloc() : memref<8x4xf32>
  %flag = memref.alloc() : memref<i32>
  %mv = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [-1.0, 0.5, 2.0, 1.0], [0.0, 1.0, 0.0, 1.0],
                              [1.0, 1.0, 1.0, 1.0], [2.0, 2.0, 2.0, 2.0], [3.0, -3.0, 3.0, -3.0], [4.0, 0.25, 4.0, 0.5]]> : vector<8x4xf32>
  vector.transfer_write %mv, %m[%c0, %c0] : vector<8x4xf32>, memref<8x4xf32>
  %vv = arith.constant dense<[1.0, -1.0, 0.5, 2.0]> : vector<4xf32>
  vector.transfer_write %vv, %v[%c0] : vector<4xf32>, memref<4xf32>
  %raised = arith.constant 1 : i32
  %lowered = arith.constant 0 : i32
  memref.store %raised, %flag[] : memref<i32>
  %s = ckpt.launch @rows(%m, %v, %o, %flag) : (memref<8x4xf32>, memref<4xf32>, memref<8x4xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %s
  memref.store %lowered, %flag[] : memref<i32>
  %label = arith.constant 0 : i64
  %s2 = ckpt.launch @rows(%m, %v, %o, %flag) resume_from %label : (memref<8x4xf32>, memref<4xf32>, memref<8x4xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %s2
  %pad = arith.constant 0.0 : f32
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %c8 step %c1 {
    %r = vector.transfer_read %o[%i, %c0], %pad : memref<8x4xf32>, vector<4xf32>
    vector.print %r : vector<4xf32>
  }
  memref.dealloc %m : memref<8x4xf32>
  memref.dealloc %v : memref<4xf32>
  memref.dealloc %o : memref<8x4xf32>
  memref.dealloc %flag : memref<i32>
  return
}
