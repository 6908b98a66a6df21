// Vectors wider than SPIR-V's (at most 4 elements), as vectorizers for CPUs emit them:
// 8-lane transfers, a 16-lane vector.load, a 2-lane vector.store, a 5-lane transfer running past the memref's
// end, arithmetic, math, comparisons and selects, a broadcast, an fma and reductions, in
// a task that a checkpoint makes run twice (the launch yields there, the resume runs it
// again). On Vulkan ckpt splits them into 4-lane pieces; a 5-lane vector goes lane by
// lane.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
//
// x[i] = i - 6 for i < 20. The checkpoint's task, for each 8-lane half h of x[0..16):
// y = 2x + 1, s = sum(exp(y - y)) = 8, x[8h + j] = max(y, 0) * s / 8 - j. It runs twice:
// after the first run x[0..16) = 0 -1 -2 -3 -4 -5 -5 -4 5 6 .. 12, after the second
// 1 -1 -2 .. -7 11 12 .. 18. Then n[0] = how many of x[0..16) are >= 0 (a 16-lane
// integer select and reduction) and n[1] = the sum of a 5-lane read of x[16..21), whose
// last lane is past the end and reads the padding 100: 10 + 11 + 12 + 13 + 100.
// CHECK: ckpt.status ok=1 yielded=1 label=0 name="wide"
// CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: ( 1, -1, -2, -3, -4, -5, -6, -7, 11, 12, 13, 14, 15, 16, 17, 18, 10, 11, 12, 13 )
// CHECK-NEXT: ( 9, 146 )
module {
  func.func @k(%x: memref<20xf32>, %n: memref<2xi32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c8 = arith.constant 8 : index
    %c16 = arith.constant 16 : index
    %pad = arith.constant 0.0 : f32
    ckpt.checkpoint 0 "wide" yield_on %flag : memref<i32> {
      scf.parallel (%h) = (%c0) to (%c2) step (%c1) {
        %o = arith.muli %h, %c8 : index
        %v = vector.transfer_read %x[%o], %pad {in_bounds = [true]} : memref<20xf32>, vector<8xf32>
        %two = arith.constant dense<2.0> : vector<8xf32>
        %one = arith.constant dense<1.0> : vector<8xf32>
        %y = vector.fma %v, %two, %one : vector<8xf32>
        %d = arith.subf %y, %y : vector<8xf32>
        %e = math.exp %d : vector<8xf32>
        %s = vector.reduction <add>, %e : vector<8xf32> into f32
        %eighth = arith.constant 0.125 : f32
        %scale = arith.mulf %s, %eighth : f32
        %b = vector.broadcast %scale : f32 to vector<8xf32>
        %zero = arith.constant dense<0.0> : vector<8xf32>
        %pos = arith.cmpf ogt, %y, %zero : vector<8xf32>
        %r = arith.select %pos, %y, %zero : vector<8xi1>, vector<8xf32>
        %m = arith.mulf %r, %b : vector<8xf32>
        %lanes = arith.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]> : vector<8xf32>
        %w = arith.subf %m, %lanes : vector<8xf32>
        vector.transfer_write %w, %x[%o] {in_bounds = [true]} : vector<8xf32>, memref<20xf32>
        scf.reduce
      }
    }
    scf.parallel (%t) = (%c0) to (%c1) step (%c1) {
      %all = vector.load %x[%c0] : memref<20xf32>, vector<16xf32>
      %zero16 = arith.constant dense<0.0> : vector<16xf32>
      %ge = arith.cmpf oge, %all, %zero16 : vector<16xf32>
      %ones = arith.constant dense<1> : vector<16xi32>
      %zeros = arith.constant dense<0> : vector<16xi32>
      %bits = arith.select %ge, %ones, %zeros : vector<16xi1>, vector<16xi32>
      %count = vector.reduction <add>, %bits : vector<16xi32> into i32
      %hundred = arith.constant 100.0 : f32
      %tail = vector.transfer_read %x[%c16], %hundred : memref<20xf32>, vector<5xf32>
      %tsum = vector.reduction <add>, %tail : vector<5xf32> into f32
      %ti = arith.fptosi %tsum : f32 to i32
      %pair = vector.from_elements %count, %ti : vector<2xi32>
      vector.store %pair, %n[%c0] : memref<2xi32>, vector<2xi32>
      scf.reduce
    }
    return
  }
  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c20 = arith.constant 20 : index
    %x = memref.alloc() : memref<20xf32>
    %n = memref.alloc() : memref<2xi32>
    %flag = memref.alloc() : memref<i32>
    %zero = arith.constant 0 : i32
    %raised = arith.constant 1 : i32
    scf.for %i = %c0 to %c20 step %c1 {
      %ii = arith.index_cast %i : index to i32
      %six = arith.constant 6 : i32
      %v = arith.subi %ii, %six : i32
      %f = arith.sitofp %v : i32 to f32
      memref.store %f, %x[%i] : memref<20xf32>
    }
    memref.store %raised, %flag[] : memref<i32>
    %st = ckpt.launch @k(%x, %n, %flag) : (memref<20xf32>, memref<2xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %zero, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    %st2 = ckpt.launch @k(%x, %n, %flag) resume_from %label : (memref<20xf32>, memref<2xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    %pad = arith.constant 0.0 : f32
    %xv = vector.transfer_read %x[%c0], %pad {in_bounds = [true]} : memref<20xf32>, vector<20xf32>
    vector.print %xv : vector<20xf32>
    %nv = vector.transfer_read %n[%c0], %zero {in_bounds = [true]} : memref<2xi32>, vector<2xi32>
    vector.print %nv : vector<2xi32>
    memref.dealloc %x : memref<20xf32>
    memref.dealloc %n : memref<2xi32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
