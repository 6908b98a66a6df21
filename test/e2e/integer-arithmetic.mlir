// Integer arithmetic in tasks as front ends emit it: the rounded divisions
// (arith.ceildivsi, ceildivui, floordivsi), the index dialect, scf.index_switch, the high
// half of a widening multiply, and narrow integers (i8, i1) in the ops that read them as
// signed or unsigned, i8 values coming both from truncations and from i8 memory. Vulkan
// emulates i8 on i32, and MLIR's SPIR-V conversion rejected or miscomputed several of
// these; ckpt-prepare-spirv-tasks rewrites them first. The i8 and i1 task is in a
// checkpoint: the launch yields there and the resume runs it again.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
//
// CHECK: ckpt.status ok=1 yielded=1 label=0 name="narrow"
// CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: ceildivsi: ( 4, -2, -14, 0, 0, -6, -11, -1 )
// CHECK-NEXT: floordivsi: ( 3, -3, -15, -1, 0, -7, -12, -1 )
// CHECK-NEXT: ceildivui of |x|, |y|: ( 4, 3, 15, 1, 0, 7, 12, 1 )
// CHECK-NEXT: index.floordivs: ( 3, -3, -15, -1, 0, -7, -12, -1 )
// CHECK-NEXT: index.ceildivs, maxs, mul: ( 8, 10, -14, 6, 2, -8, 18, -2 )
// CHECK-NEXT: index.cmp sle, bool: ( 1, 0, 1, 0, 0, 1, 0, 1 )
// CHECK-NEXT: index_switch on i mod 3: ( 49, -8, 107, 1, 1, 29, 10000, 0 )
// CHECK-NEXT: mulsi_extended high: ( -1, -1, -2, -1, 0, 0, -3, 0 )
// CHECK-NEXT: i8 divui: ( 3, 48, 0, 85, 0, 0, 17, 0 )
// CHECK-NEXT: i8 remui: ( 1, 3, 100, 0, 0, 25, 3, 3 )
// CHECK-NEXT: i8 divsi: ( 3, -2, -14, 0, 0, -6, -11, -1 )
// CHECK-NEXT: i8 cmpi slt, ugt: ( 10, 11, 0, 11, 1, 0, 11, 0 )
// CHECK-NEXT: i8 shrsi by 2: ( 1, -4, 25, -1, 0, 6, -25, 0 )
// CHECK-NEXT: i8 sitofp / 2: ( 3, -6, 50, 0, 0, 12, -50, 1 )
// CHECK-NEXT: i8 extsi to i64: ( 7, -13, 100, -1, 0, 25, -100, 3 )
// CHECK-NEXT: i8 ceildivsi: ( 4, -2, -14, 0, 0, -6, -11, -1 )
// CHECK-NEXT: i8 loaded == truncated: ( 1, 1, 1, 1, 1, 1, 1, 1 )
// CHECK-NEXT: i8 loaded: divsi, maxui: ( 3007, -1757, -13751, 255, 1, -5748, -10844, -747 )
// CHECK-NEXT: i1 add, mul: ( 1, 10, 1, 10, 1, 1, 1, 10 )

func.func @ints(%a: memref<8xi32>, %b: memref<8xi32>, %n8: memref<8xi8>, %out: memref<19x8xi64>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %x = memref.load %a[%i] : memref<8xi32>
    %y = memref.load %b[%i] : memref<8xi32>
    %z = memref.load %n8[%i] : memref<8xi8>
    %row0 = scf.execute_region -> i64 {
      %q = arith.ceildivsi %x, %y : i32
      %r = arith.extsi %q : i32 to i64
      scf.yield %r : i64
    }
    %k0 = arith.constant 0 : index
    memref.store %row0, %out[%k0, %i] : memref<19x8xi64>
    %row1 = scf.execute_region -> i64 {
      %q = arith.floordivsi %x, %y : i32
      %r = arith.extsi %q : i32 to i64
      scf.yield %r : i64
    }
    %k1 = arith.constant 1 : index
    memref.store %row1, %out[%k1, %i] : memref<19x8xi64>
    %row2 = scf.execute_region -> i64 {
      %ax = math.absi %x : i32
      %ay = math.absi %y : i32
      %q = arith.ceildivui %ax, %ay : i32
      %r = arith.extui %q : i32 to i64
      scf.yield %r : i64
    }
    %k2 = arith.constant 2 : index
    memref.store %row2, %out[%k2, %i] : memref<19x8xi64>
    %row3 = scf.execute_region -> i64 {
      %p = index.casts %x : i32 to index
      %s = index.casts %y : i32 to index
      %q = index.floordivs %p, %s
      %r = index.casts %q : index to i64
      scf.yield %r : i64
    }
    %k3 = arith.constant 3 : index
    memref.store %row3, %out[%k3, %i] : memref<19x8xi64>
    %row4 = scf.execute_region -> i64 {
      %p = index.casts %x : i32 to index
      %s = index.casts %y : i32 to index
      %q = index.ceildivs %p, %s
      %m = index.maxs %q, %s
      %two = index.constant 2
      %t = index.mul %m, %two
      %r = index.casts %t : index to i64
      scf.yield %r : i64
    }
    %k4 = arith.constant 4 : index
    memref.store %row4, %out[%k4, %i] : memref<19x8xi64>
    %row5 = scf.execute_region -> i64 {
      %p = index.casts %x : i32 to index
      %s = index.casts %y : i32 to index
      %c = index.cmp sle(%p, %s)
      %yes = index.bool.constant true
      %n = arith.xori %c, %yes : i1
      %r = arith.extui %n : i1 to i64
      scf.yield %r : i64
    }
    %k5 = arith.constant 5 : index
    memref.store %row5, %out[%k5, %i] : memref<19x8xi64>
    %row6 = scf.execute_region -> i64 {
      %three = arith.constant 3 : index
      %sel = arith.remui %i, %three : index
      %sw = scf.index_switch %sel -> i32
      case 0 {
        %t = arith.muli %x, %x : i32
        scf.yield %t : i32
      }
      case 1 {
        %t = arith.addi %x, %y : i32
        scf.yield %t : i32
      }
      default {
        %t = arith.subi %x, %y : i32
        scf.yield %t : i32
      }
      %r = arith.extsi %sw : i32 to i64
      scf.yield %r : i64
    }
    %k6 = arith.constant 6 : index
    memref.store %row6, %out[%k6, %i] : memref<19x8xi64>
    %row7 = scf.execute_region -> i64 {
      %big = arith.constant 1000000007 : i32
      %m = arith.muli %x, %big : i32
      %lo, %hi = arith.mulsi_extended %m, %y : i32
      %r = arith.extsi %hi : i32 to i64
      scf.yield %r : i64
    }
    %k7 = arith.constant 7 : index
    memref.store %row7, %out[%k7, %i] : memref<19x8xi64>
  }
  ckpt.checkpoint 0 "narrow" yield_on %flag : memref<i32> {
    scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
      %x = memref.load %a[%i] : memref<8xi32>
      %y = memref.load %b[%i] : memref<8xi32>
      %z = memref.load %n8[%i] : memref<8xi8>
      %row8 = scf.execute_region -> i64 {
        %p = arith.trunci %x : i32 to i8
        %s = arith.trunci %y : i32 to i8
        %q = arith.divui %p, %s : i8
        %r = arith.extui %q : i8 to i64
        scf.yield %r : i64
      }
      %k8 = arith.constant 8 : index
      memref.store %row8, %out[%k8, %i] : memref<19x8xi64>
      %row9 = scf.execute_region -> i64 {
        %p = arith.trunci %x : i32 to i8
        %s = arith.trunci %y : i32 to i8
        %q = arith.remui %p, %s : i8
        %r = arith.extui %q : i8 to i64
        scf.yield %r : i64
      }
      %k9 = arith.constant 9 : index
      memref.store %row9, %out[%k9, %i] : memref<19x8xi64>
      %row10 = scf.execute_region -> i64 {
        %p = arith.trunci %x : i32 to i8
        %s = arith.trunci %y : i32 to i8
        %q = arith.divsi %p, %s : i8
        %w = arith.extsi %q : i8 to i32
        %r = arith.extsi %w : i32 to i64
        scf.yield %r : i64
      }
      %k10 = arith.constant 10 : index
      memref.store %row10, %out[%k10, %i] : memref<19x8xi64>
      %row11 = scf.execute_region -> i64 {
        %p = arith.trunci %x : i32 to i8
        %s = arith.trunci %y : i32 to i8
        %lt = arith.cmpi slt, %p, %s : i8
        %gt = arith.cmpi ugt, %p, %s : i8
        %l = arith.extui %lt : i1 to i64
        %g = arith.extui %gt : i1 to i64
        %ten = arith.constant 10 : i64
        %gg = arith.muli %g, %ten : i64
        %r = arith.addi %l, %gg : i64
        scf.yield %r : i64
      }
      %k11 = arith.constant 11 : index
      memref.store %row11, %out[%k11, %i] : memref<19x8xi64>
      %row12 = scf.execute_region -> i64 {
        %p = arith.trunci %x : i32 to i8
        %two = arith.constant 2 : i8
        %q = arith.shrsi %p, %two : i8
        %w = arith.extsi %q : i8 to i32
        %r = arith.extsi %w : i32 to i64
        scf.yield %r : i64
      }
      %k12 = arith.constant 12 : index
      memref.store %row12, %out[%k12, %i] : memref<19x8xi64>
      %row13 = scf.execute_region -> i64 {
        %p = arith.trunci %x : i32 to i8
        %f = arith.sitofp %p : i8 to f32
        %half = arith.constant 0.5 : f32
        %h = arith.mulf %f, %half : f32
        %r = arith.fptosi %h : f32 to i64
        scf.yield %r : i64
      }
      %k13 = arith.constant 13 : index
      memref.store %row13, %out[%k13, %i] : memref<19x8xi64>
      %row14 = scf.execute_region -> i64 {
        %p = arith.trunci %x : i32 to i8
        %r = arith.extsi %p : i8 to i64
        scf.yield %r : i64
      }
      %k14 = arith.constant 14 : index
      memref.store %row14, %out[%k14, %i] : memref<19x8xi64>
      %row15 = scf.execute_region -> i64 {
        %p = arith.trunci %x : i32 to i8
        %s = arith.trunci %y : i32 to i8
        %q = arith.ceildivsi %p, %s : i8
        %r = arith.extsi %q : i8 to i64
        scf.yield %r : i64
      }
      %k15 = arith.constant 15 : index
      memref.store %row15, %out[%k15, %i] : memref<19x8xi64>
      %row16 = scf.execute_region -> i64 {
        %p = arith.trunci %x : i32 to i8
        %e = arith.cmpi eq, %z, %p : i8
        %r = arith.extui %e : i1 to i64
        scf.yield %r : i64
      }
      %k16 = arith.constant 16 : index
      memref.store %row16, %out[%k16, %i] : memref<19x8xi64>
      %row17 = scf.execute_region -> i64 {
        %s = arith.trunci %y : i32 to i8
        %q = arith.divsi %z, %s : i8
        %u = arith.maxui %z, %s : i8
        %qe = arith.extsi %q : i8 to i64
        %ue = arith.extui %u : i8 to i64
        %k1000 = arith.constant 1000 : i64
        %ql = arith.muli %qe, %k1000 : i64
        %r = arith.addi %ql, %ue : i64
        scf.yield %r : i64
      }
      %k17 = arith.constant 17 : index
      memref.store %row17, %out[%k17, %i] : memref<19x8xi64>
      %row18 = scf.execute_region -> i64 {
        %p = arith.trunci %x : i32 to i1
        %s = arith.trunci %y : i32 to i1
        %sum = arith.addi %p, %s : i1
        %prod = arith.muli %p, %s : i1
        %u = arith.extui %sum : i1 to i64
        %v = arith.extui %prod : i1 to i64
        %ten = arith.constant 10 : i64
        %vv = arith.muli %v, %ten : i64
        %r = arith.addi %u, %vv : i64
        scf.yield %r : i64
      }
      %k18 = arith.constant 18 : index
      memref.store %row18, %out[%k18, %i] : memref<19x8xi64>
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<8xi32>
  %b = memref.alloc() : memref<8xi32>
  %n8 = memref.alloc() : memref<8xi8>
  %out = memref.alloc() : memref<19x8xi64>
  %flag = memref.alloc() : memref<i32>
  %av = arith.constant dense<[7, -13, 100, -1, 0, 25, -100, 3]> : vector<8xi32>
  %bv = arith.constant dense<[2, 5, -7, 3, 1, -4, 9, -3]> : vector<8xi32>
  vector.transfer_write %av, %a[%c0] : vector<8xi32>, memref<8xi32>
  vector.transfer_write %bv, %b[%c0] : vector<8xi32>, memref<8xi32>
  %cv = arith.trunci %av : vector<8xi32> to vector<8xi8>
  vector.transfer_write %cv, %n8[%c0] : vector<8xi8>, memref<8xi8>
  %raised = arith.constant 1 : i32
  %lowered = arith.constant 0 : i32
  memref.store %raised, %flag[] : memref<i32>
  %st = ckpt.launch @ints(%a, %b, %n8, %out, %flag) : (memref<8xi32>, memref<8xi32>, memref<8xi8>, memref<19x8xi64>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  memref.store %lowered, %flag[] : memref<i32>
  %label = arith.constant 0 : i64
  %st2 = ckpt.launch @ints(%a, %b, %n8, %out, %flag) resume_from %label : (memref<8xi32>, memref<8xi32>, memref<8xi8>, memref<19x8xi64>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  %pad = arith.constant 0 : i64
  %k0 = arith.constant 0 : index
  %v0 = vector.transfer_read %out[%k0, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "ceildivsi: "
  vector.print %v0 : vector<8xi64>
  %k1 = arith.constant 1 : index
  %v1 = vector.transfer_read %out[%k1, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "floordivsi: "
  vector.print %v1 : vector<8xi64>
  %k2 = arith.constant 2 : index
  %v2 = vector.transfer_read %out[%k2, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "ceildivui of |x|, |y|: "
  vector.print %v2 : vector<8xi64>
  %k3 = arith.constant 3 : index
  %v3 = vector.transfer_read %out[%k3, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "index.floordivs: "
  vector.print %v3 : vector<8xi64>
  %k4 = arith.constant 4 : index
  %v4 = vector.transfer_read %out[%k4, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "index.ceildivs, maxs, mul: "
  vector.print %v4 : vector<8xi64>
  %k5 = arith.constant 5 : index
  %v5 = vector.transfer_read %out[%k5, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "index.cmp sle, bool: "
  vector.print %v5 : vector<8xi64>
  %k6 = arith.constant 6 : index
  %v6 = vector.transfer_read %out[%k6, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "index_switch on i mod 3: "
  vector.print %v6 : vector<8xi64>
  %k7 = arith.constant 7 : index
  %v7 = vector.transfer_read %out[%k7, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "mulsi_extended high: "
  vector.print %v7 : vector<8xi64>
  %k8 = arith.constant 8 : index
  %v8 = vector.transfer_read %out[%k8, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "i8 divui: "
  vector.print %v8 : vector<8xi64>
  %k9 = arith.constant 9 : index
  %v9 = vector.transfer_read %out[%k9, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "i8 remui: "
  vector.print %v9 : vector<8xi64>
  %k10 = arith.constant 10 : index
  %v10 = vector.transfer_read %out[%k10, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "i8 divsi: "
  vector.print %v10 : vector<8xi64>
  %k11 = arith.constant 11 : index
  %v11 = vector.transfer_read %out[%k11, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "i8 cmpi slt, ugt: "
  vector.print %v11 : vector<8xi64>
  %k12 = arith.constant 12 : index
  %v12 = vector.transfer_read %out[%k12, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "i8 shrsi by 2: "
  vector.print %v12 : vector<8xi64>
  %k13 = arith.constant 13 : index
  %v13 = vector.transfer_read %out[%k13, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "i8 sitofp / 2: "
  vector.print %v13 : vector<8xi64>
  %k14 = arith.constant 14 : index
  %v14 = vector.transfer_read %out[%k14, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "i8 extsi to i64: "
  vector.print %v14 : vector<8xi64>
  %k15 = arith.constant 15 : index
  %v15 = vector.transfer_read %out[%k15, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "i8 ceildivsi: "
  vector.print %v15 : vector<8xi64>
  %k16 = arith.constant 16 : index
  %v16 = vector.transfer_read %out[%k16, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "i8 loaded == truncated: "
  vector.print %v16 : vector<8xi64>
  %k17 = arith.constant 17 : index
  %v17 = vector.transfer_read %out[%k17, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "i8 loaded: divsi, maxui: "
  vector.print %v17 : vector<8xi64>
  %k18 = arith.constant 18 : index
  %v18 = vector.transfer_read %out[%k18, %c0], %pad : memref<19x8xi64>, vector<8xi64>
  vector.print str "i1 add, mul: "
  vector.print %v18 : vector<8xi64>
  memref.dealloc %a : memref<8xi32>
  memref.dealloc %b : memref<8xi32>
  memref.dealloc %n8 : memref<8xi8>
  memref.dealloc %out : memref<19x8xi64>
  memref.dealloc %flag : memref<i32>
  return
}
