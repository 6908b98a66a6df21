// --ckpt-prepare-spirv-tasks: integer ops MLIR's SPIR-V conversion rejects or miscomputes
// for the Vulkan target become arith ops it converts: index dialect ops their arith
// twins (index.sizeof the target's 32 bits), the rounded divisions a division, a
// remainder and a correction, i8 ops that read more than the low bits (i8 is emulated
// on i32) the same op on i32 operands extended the way the op reads them, i1 addition
// xor; scf.execute_region of one block goes, scf.index_switch becomes scf.if;
// math.ctpop and math.cttz parallel bit sums, math.ctlz of other widths 32-bit counts,
// bitwise vector.reduction a chain of ops.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-prepare-spirv-tasks)' | FileCheck %s

// CHECK-LABEL: func.func @integers(
// CHECK:         gpu.launch blocks
// CHECK:           %[[X:.*]] = memref.load %{{.*}} : memref<8xi32>
// CHECK:           %[[Z:.*]] = memref.load %{{.*}} : memref<8xi8>
// CHECK:           %[[I:.*]] = arith.index_cast %[[X]] : i32 to index
// CHECK:           %[[C4:.*]] = arith.constant 4 : index
// floordivs: truncating quotient, minus one when inexact and the signs differ; the
// remainder a - q * b (MLIR's SPIR-V remsi got the sign wrong for the most negative
// integer).
// CHECK:           %[[Q:.*]] = arith.divsi %[[I]], %[[C4]] : index
// CHECK-NEXT:      %[[QB:.*]] = arith.muli %[[Q]], %[[C4]] : index
// CHECK-NEXT:      %[[R:.*]] = arith.subi %[[I]], %[[QB]] : index
// CHECK-NOT:       arith.remsi
// CHECK-NEXT:      %[[INEXACT:.*]] = arith.cmpi ne, %[[R]], %{{.*}} : index
// CHECK-NEXT:      %[[RNEG:.*]] = arith.cmpi slt, %[[R]], %{{.*}} : index
// CHECK-NEXT:      %[[BNEG:.*]] = arith.cmpi slt, %[[C4]], %{{.*}} : index
// CHECK-NEXT:      %[[DIFFER:.*]] = arith.xori %[[RNEG]], %[[BNEG]] : i1
// CHECK-NEXT:      %[[ADJUST:.*]] = arith.andi %[[INEXACT]], %[[DIFFER]] : i1
// CHECK-NEXT:      %[[LOWER:.*]] = arith.subi %[[Q]], %{{.*}} : index
// CHECK-NEXT:      %[[FLOOR:.*]] = arith.select %[[ADJUST]], %[[LOWER]], %[[Q]] : index
// CHECK-NEXT:      %[[ULT:.*]] = arith.cmpi ult, %[[FLOOR]], %[[I]] : index
// CHECK-NEXT:      %[[BITS:.*]] = arith.constant 32 : index
// CHECK-NEXT:      %[[SUM:.*]] = arith.addi %[[FLOOR]], %[[BITS]] : index
// CHECK-NEXT:      %[[D:.*]] = arith.index_castui %[[SUM]] : index to i32
// ceildivsi: plus one when inexact and the signs agree.
// CHECK:           %[[CQ:.*]] = arith.divsi %[[X]], %[[D]] : i32
// CHECK:           %[[CDIFFER:.*]] = arith.xori
// CHECK-NEXT:      %{{.*}} = arith.constant true
// CHECK-NEXT:      %[[AGREE:.*]] = arith.xori %[[CDIFFER]], %{{.*}} : i1
// CHECK-NEXT:      %[[CADJUST:.*]] = arith.andi %{{.*}}, %[[AGREE]] : i1
// CHECK-NEXT:      %[[UP:.*]] = arith.addi %[[CQ]], %{{.*}} : i32
// CHECK-NEXT:      %[[CEIL:.*]] = arith.select %[[CADJUST]], %[[UP]], %[[CQ]] : i32
// CHECK-NEXT:      %[[T:.*]] = arith.trunci %[[CEIL]] : i32 to i8
// i8 divui on zero-extended i32 operands.
// CHECK-NEXT:      %[[TW:.*]] = arith.extui %[[T]] : i8 to i32
// CHECK-NEXT:      %[[ZW:.*]] = arith.extui %[[Z]] : i8 to i32
// CHECK-NEXT:      %[[DIV:.*]] = arith.divui %[[TW]], %[[ZW]] : i32
// CHECK-NEXT:      %[[U:.*]] = arith.trunci %[[DIV]] : i32 to i8
// i8 cmpi slt on sign-extended operands (shifted up and back).
// CHECK-NEXT:      %[[C24:.*]] = arith.constant 24 : i32
// CHECK-NEXT:      %[[UW:.*]] = arith.extui %[[U]] : i8 to i32
// CHECK-NEXT:      %[[UH:.*]] = arith.shli %[[UW]], %[[C24]] : i32
// CHECK-NEXT:      %[[US:.*]] = arith.shrsi %[[UH]], %[[C24]] : i32
// CHECK:           %[[ZS:.*]] = arith.shrsi
// CHECK-NEXT:      %[[LT:.*]] = arith.cmpi slt, %[[US]], %[[ZS]] : i32
// CHECK-NEXT:      %[[BOTH:.*]] = arith.xori %[[LT]], %[[ULT]] : i1
// The execute_region's block, its extsi to i64 through a sign-extended i32.
// CHECK:           %[[WS:.*]] = arith.shrsi
// CHECK-NEXT:      %[[W:.*]] = arith.extsi %[[WS]] : i32 to i64
// CHECK-NEXT:      arith.select %[[BOTH]], %[[W]], %[[W]] : i64
// CHECK-NOT:       index.
// CHECK-NOT:       scf.execute_region
// CHECK:           gpu.terminator
func.func @integers(%a: memref<8xi32>, %n: memref<8xi8>, %out: memref<8xi64>) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %x = memref.load %a[%tx] : memref<8xi32>
    %z = memref.load %n[%tx] : memref<8xi8>
    %i = index.casts %x : i32 to index
    %four = index.constant 4
    %q = index.floordivs %i, %four
    %c = index.cmp ult(%q, %i)
    %s = index.sizeof
    %sum = index.add %q, %s
    %qi = index.castu %sum : index to i32
    %cd = arith.ceildivsi %x, %qi : i32
    %t = arith.trunci %cd : i32 to i8
    %u = arith.divui %t, %z : i8
    %lt = arith.cmpi slt, %u, %z : i8
    %both = arith.addi %lt, %c : i1
    %w = scf.execute_region -> i64 {
      %e = arith.extsi %u : i8 to i64
      scf.yield %e : i64
    }
    %sel = arith.select %both, %w, %w : i64
    memref.store %sel, %out[%tx] : memref<8xi64>
    gpu.terminator
  }
  return
}

// Ops that read only the low bits of an i8, and i16 (the target's own), stay as written.
// CHECK-LABEL: func.func @left_alone(
// CHECK:         arith.addi %{{.*}}, %{{.*}} : i8
// CHECK-NEXT:    arith.muli %{{.*}}, %{{.*}} : i8
// CHECK-NEXT:    arith.divsi %{{.*}}, %{{.*}} : i16
// CHECK-NEXT:    memref.store
func.func @left_alone(%n: memref<8xi8>, %h: memref<8xi16>) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %z = memref.load %n[%tx] : memref<8xi8>
    %y = memref.load %h[%tx] : memref<8xi16>
    %s = arith.addi %z, %z : i8
    %p = arith.muli %s, %z : i8
    %d = arith.divsi %y, %y : i16
    memref.store %p, %n[%tx] : memref<8xi8>
    memref.store %d, %h[%tx] : memref<8xi16>
    gpu.terminator
  }
  return
}

// scf.index_switch becomes scf.if per case in order, the default in the last else.
// CHECK-LABEL: func.func @switch(
// CHECK:         %[[SEL:.*]] = arith.remui
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[IS0:.*]] = arith.cmpi eq, %[[SEL]], %[[C0]] : index
// CHECK-NEXT:    %[[R:.*]] = scf.if %[[IS0]] -> (i32) {
// CHECK-NEXT:      %[[SQ:.*]] = arith.muli
// CHECK-NEXT:      scf.yield %[[SQ]] : i32
// CHECK-NEXT:    } else {
// CHECK-NEXT:      %[[C5:.*]] = arith.constant 5 : index
// CHECK-NEXT:      %[[IS5:.*]] = arith.cmpi eq, %[[SEL]], %[[C5]] : index
// CHECK-NEXT:      %[[INNER:.*]] = scf.if %[[IS5]] -> (i32) {
// CHECK-NEXT:        %[[SUM:.*]] = arith.addi
// CHECK-NEXT:        scf.yield %[[SUM]] : i32
// CHECK-NEXT:      } else {
// CHECK-NEXT:        %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:        scf.yield %[[ZERO]] : i32
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.yield %[[INNER]] : i32
// CHECK-NEXT:    }
// CHECK-NEXT:    memref.store %[[R]]
// CHECK-NOT:     scf.index_switch
func.func @switch(%a: memref<8xi32>) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %x = memref.load %a[%tx] : memref<8xi32>
    %c7 = arith.constant 7 : index
    %sel = arith.remui %tx, %c7 : index
    %r = scf.index_switch %sel -> i32
    case 0 {
      %t = arith.muli %x, %x : i32
      scf.yield %t : i32
    }
    case 5 {
      %t = arith.addi %x, %x : i32
      scf.yield %t : i32
    }
    default {
      %zero = arith.constant 0 : i32
      scf.yield %zero : i32
    }
    memref.store %r, %a[%tx] : memref<8xi32>
    gpu.terminator
  }
  return
}

// A switch with only a default is replaced by the default's ops.
// CHECK-LABEL: func.func @switch_default_only(
// CHECK:         %[[X:.*]] = memref.load
// CHECK-NEXT:    %[[D:.*]] = arith.addi %[[X]], %[[X]] : i32
// CHECK-NEXT:    memref.store %[[D]]
// CHECK-NOT:     scf.index_switch
func.func @switch_default_only(%a: memref<8xi32>) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %x = memref.load %a[%tx] : memref<8xi32>
    %r = scf.index_switch %tx -> i32
    default {
      %d = arith.addi %x, %x : i32
      scf.yield %d : i32
    }
    memref.store %r, %a[%tx] : memref<8xi32>
    gpu.terminator
  }
  return
}

// CHECK-LABEL: func.func @bit_counts
// CHECK-NOT: math.ctpop
// CHECK-NOT: math.cttz
// CHECK: arith.constant 1431655765 : i32
// CHECK: arith.constant 858993459 : i32
// CHECK: arith.constant 252645135 : i32
// CHECK: arith.constant 16843009 : i32
// CHECK: arith.constant 24 : i32
// cttz: the bits below the lowest set one, counted.
// CHECK: %[[NEGATED:.*]] = arith.subi %{{.*}}, %[[X:.*]] : vector<2xi16>
// CHECK: %[[LOWEST:.*]] = arith.andi %[[X]], %[[NEGATED]] : vector<2xi16>
// CHECK: arith.subi %[[LOWEST]]
// CHECK-NOT: vector.reduction <xor>
// CHECK-COUNT-3: arith.xori %{{.*}} : i32
// CHECK: gpu.terminator
func.func @bit_counts(%a: memref<4xi32>, %h: memref<2xi16>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %x = memref.load %a[%c0] : memref<4xi32>
    %p = math.ctpop %x : i32
    memref.store %p, %a[%c0] : memref<4xi32>
    %v = vector.load %h[%c0] : memref<2xi16>, vector<2xi16>
    %t = math.cttz %v : vector<2xi16>
    vector.store %t, %h[%c0] : memref<2xi16>, vector<2xi16>
    %w = vector.load %a[%c0] : memref<4xi32>, vector<4xi32>
    %r = vector.reduction <xor>, %w : vector<4xi32> into i32
    memref.store %r, %a[%c1] : memref<4xi32>
    gpu.terminator
  }
  return
}

// math.ctlz other than 32-bit: an i16 counts its zero-extension less 16; an i64 the high
// word's zeros where it has a bit set, else 32 plus the low word's.
// CHECK-LABEL: func.func @leading_zeros
// CHECK: %[[W:.*]] = arith.extui %{{.*}} : i16 to i32
// CHECK: %[[Z:.*]] = math.ctlz %[[W]] : i32
// CHECK: %[[S:.*]] = arith.subi %[[Z]], %{{.*}} : i32
// CHECK: arith.trunci %[[S]] : i32 to i16
// CHECK: %[[HI:.*]] = arith.trunci %{{.*}} : i64 to i32
// CHECK: %[[LO:.*]] = arith.trunci %{{.*}} : i64 to i32
// CHECK: %[[HZ:.*]] = math.ctlz %[[HI]] : i32
// CHECK: %[[LZ:.*]] = math.ctlz %[[LO]] : i32
// CHECK: %[[LZ32:.*]] = arith.addi %[[LZ]], %{{.*}} : i32
// CHECK: %[[SET:.*]] = arith.cmpi ne, %[[HI]], %{{.*}} : i32
// CHECK: %[[C:.*]] = arith.select %[[SET]], %[[HZ]], %[[LZ32]] : i32
// CHECK: arith.extui %[[C]] : i32 to i64
// CHECK-NOT: math.ctlz %{{.*}} : i64
// CHECK: gpu.terminator
func.func @leading_zeros(%h: memref<1xi16>, %q: memref<1xi64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %x = memref.load %h[%c0] : memref<1xi16>
    %lx = math.ctlz %x : i16
    memref.store %lx, %h[%c0] : memref<1xi16>
    %y = memref.load %q[%c0] : memref<1xi64>
    %ly = math.ctlz %y : i64
    memref.store %ly, %q[%c0] : memref<1xi64>
    gpu.terminator
  }
  return
}
