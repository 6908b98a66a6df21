// Masked and indexed vector memory accesses as vectorizing compilers emit them: transfers
// masked over a tail (vector.create_mask, vector.constant_mask, a mask from a comparison,
// and the vector.mask region that linalg's vectorizer writes with vector sizes), a masked
// 2-D transfer, vector.maskedload / vector.maskedstore, vector.gather and vector.scatter.
// Masked-off lanes read the padding or the pass-through value and write nothing.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
//
// a = 0 1 2 ... 9; every output starts at 7 (or -7 for g).
// out: two blocks of 8 over 10 elements, each lane doubled where it exists: 0 2 4 ... 18.
// c (constant_mask [3] over 4 lanes, padding -1 read, then stored whole): 0 1 2 -1.
// r (the vector.mask region, 6 of 8 lanes): 0 1 2 3 4 5 then 7 7 (untouched).
// q (mask a[i] < 2.5 over a[0..3] with maskedload, pass-through 50, maskedstore of +100
//   under the mask of a[i] > 0.5): 7, 101, 102, and 150 from lane 3's pass-through.
// m (3x4 of 2-D m2[i][j] = 10i + j, masked to 2 rows x 3 columns, padding -1, written back
//   under the same mask to a 3x4 of 7s): rows ( 0 1 2 7 ) ( 10 11 12 7 ) ( 7 7 7 7 ).
// g: gather a[9 - 3k] for k = 0..3 under mask k != 2, pass-through -7: 9 6 -7 0;
//   scatter of 1 2 3 4 to s[3 - k] under mask k != 1: s = 4 3 7 1 (s[2] untouched).
// CHECK: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: ( 0, 2, 4, 6, 8, 10, 12, 14, 16, 18 )
// CHECK-NEXT: ( 0, 1, 2, -1 )
// CHECK-NEXT: ( 0, 1, 2, 3, 4, 5, 7, 7 )
// CHECK-NEXT: ( 7, 101, 102, 150 )
// CHECK-NEXT: ( ( 0, 1, 2, 7 ), ( 10, 11, 12, 7 ), ( 7, 7, 7, 7 ) )
// CHECK-NEXT: ( 9, 6, -7, 0 )
// CHECK-NEXT: ( 4, 3, 7, 1 )
module {
  func.func @k(%a: memref<10xf32>, %out: memref<10xf32>, %c: memref<4xf32>, %r: memref<8xf32>,
               %q: memref<4xf32>, %m2: memref<3x4xf32>, %m: memref<3x4xf32>,
               %idx: memref<4xi32>, %g: memref<4xf32>, %s: memref<4xf32>, %n: index)
      attributes {ckpt.graph} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c6 = arith.constant 6 : index
    %c8 = arith.constant 8 : index
    %minus = arith.constant -1.0 : f32
    scf.parallel (%t) = (%c0) to (%c2) step (%c1) {
      %base = arith.muli %t, %c8 : index
      %left = arith.subi %n, %base : index
      %tail = vector.create_mask %left : vector<8xi1>
      %v = vector.transfer_read %a[%base], %minus, %tail {in_bounds = [true]} : memref<10xf32>, vector<8xf32>
      %w = arith.addf %v, %v : vector<8xf32>
      vector.transfer_write %w, %out[%base], %tail {in_bounds = [true]} : vector<8xf32>, memref<10xf32>
      scf.reduce
    }
    scf.parallel (%t) = (%c0) to (%c1) step (%c1) {
      %three = vector.constant_mask [3] : vector<4xi1>
      %v = vector.transfer_read %a[%c0], %minus, %three {in_bounds = [true]} : memref<10xf32>, vector<4xf32>
      vector.transfer_write %v, %c[%c0] {in_bounds = [true]} : vector<4xf32>, memref<4xf32>
      %six = vector.create_mask %c6 : vector<8xi1>
      %rv = vector.mask %six { vector.transfer_read %a[%c0], %minus {in_bounds = [true]} : memref<10xf32>, vector<8xf32> } : vector<8xi1> -> vector<8xf32>
      vector.mask %six { vector.transfer_write %rv, %r[%c0] {in_bounds = [true]} : vector<8xf32>, memref<8xf32> } : vector<8xi1>
      scf.reduce
    }
    scf.parallel (%t) = (%c0) to (%c1) step (%c1) {
      %pad = arith.constant 0.0 : f32
      %head = vector.transfer_read %a[%c0], %pad {in_bounds = [true]} : memref<10xf32>, vector<4xf32>
      %limit = arith.constant dense<2.5> : vector<4xf32>
      %low = arith.cmpf olt, %head, %limit : vector<4xf32>
      %half = arith.constant dense<0.5> : vector<4xf32>
      %high = arith.cmpf ogt, %head, %half : vector<4xf32>
      %fifty = arith.constant dense<50.0> : vector<4xf32>
      %loaded = vector.maskedload %a[%c0], %low, %fifty : memref<10xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
      %hundred = arith.constant dense<100.0> : vector<4xf32>
      %sum = arith.addf %loaded, %hundred : vector<4xf32>
      vector.maskedstore %q[%c0], %high, %sum : memref<4xf32>, vector<4xi1>, vector<4xf32>
      %block = vector.create_mask %c2, %c3 : vector<3x4xi1>
      %mv = vector.transfer_read %m2[%c0, %c0], %minus, %block {in_bounds = [true, true]} : memref<3x4xf32>, vector<3x4xf32>
      vector.transfer_write %mv, %m[%c0, %c0], %block {in_bounds = [true, true]} : vector<3x4xf32>, memref<3x4xf32>
      scf.reduce
    }
    scf.parallel (%t) = (%c0) to (%c1) step (%c1) {
      %zero = arith.constant 0 : i32
      %iv = vector.transfer_read %idx[%c0], %zero {in_bounds = [true]} : memref<4xi32>, vector<4xi32>
      %lanes = arith.constant dense<[0, 1, 2, 3]> : vector<4xi32>
      %twos = arith.constant dense<2> : vector<4xi32>
      %not_two = arith.cmpi ne, %lanes, %twos : vector<4xi32>
      %sevens = arith.constant dense<-7.0> : vector<4xf32>
      %gv = vector.gather %a[%c0][%iv], %not_two, %sevens : memref<10xf32>, vector<4xi32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
      vector.transfer_write %gv, %g[%c0] {in_bounds = [true]} : vector<4xf32>, memref<4xf32>
      %ones = arith.constant dense<1> : vector<4xi32>
      %not_one = arith.cmpi ne, %lanes, %ones : vector<4xi32>
      %backwards = arith.constant dense<[3, 2, 1, 0]> : vector<4xi32>
      %values = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : vector<4xf32>
      vector.scatter %s[%c0][%backwards], %not_one, %values : memref<4xf32>, vector<4xi32>, vector<4xi1>, vector<4xf32>
      scf.reduce
    }
    return
  }

  func.func @fill1(%buf: memref<?xf32>, %value: f32) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = memref.dim %buf, %c0 : memref<?xf32>
    scf.for %i = %c0 to %n step %c1 {
      memref.store %value, %buf[%i] : memref<?xf32>
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %c10 = arith.constant 10 : index
    %seven = arith.constant 7.0 : f32
    %a = memref.alloc() : memref<10xf32>
    %out = memref.alloc() : memref<10xf32>
    %c = memref.alloc() : memref<4xf32>
    %r = memref.alloc() : memref<8xf32>
    %q = memref.alloc() : memref<4xf32>
    %m2 = memref.alloc() : memref<3x4xf32>
    %m = memref.alloc() : memref<3x4xf32>
    %idx = memref.alloc() : memref<4xi32>
    %g = memref.alloc() : memref<4xf32>
    %s = memref.alloc() : memref<4xf32>
    scf.for %i = %c0 to %c10 step %c1 {
      %ii = arith.index_cast %i : index to i32
      %f = arith.sitofp %ii : i32 to f32
      memref.store %f, %a[%i] : memref<10xf32>
    }
    %out_d = memref.cast %out : memref<10xf32> to memref<?xf32>
    func.call @fill1(%out_d, %seven) : (memref<?xf32>, f32) -> ()
    %c_d = memref.cast %c : memref<4xf32> to memref<?xf32>
    func.call @fill1(%c_d, %seven) : (memref<?xf32>, f32) -> ()
    %r_d = memref.cast %r : memref<8xf32> to memref<?xf32>
    func.call @fill1(%r_d, %seven) : (memref<?xf32>, f32) -> ()
    %q_d = memref.cast %q : memref<4xf32> to memref<?xf32>
    func.call @fill1(%q_d, %seven) : (memref<?xf32>, f32) -> ()
    %minus_seven = arith.constant -7.0 : f32
    %g_d = memref.cast %g : memref<4xf32> to memref<?xf32>
    func.call @fill1(%g_d, %minus_seven) : (memref<?xf32>, f32) -> ()
    %s_d = memref.cast %s : memref<4xf32> to memref<?xf32>
    func.call @fill1(%s_d, %seven) : (memref<?xf32>, f32) -> ()
    scf.for %i = %c0 to %c3 step %c1 {
      scf.for %j = %c0 to %c4 step %c1 {
        %c10i = arith.constant 10 : index
        %i10 = arith.muli %i, %c10i : index
        %e = arith.addi %i10, %j : index
        %ei = arith.index_cast %e : index to i32
        %ef = arith.sitofp %ei : i32 to f32
        memref.store %ef, %m2[%i, %j] : memref<3x4xf32>
        memref.store %seven, %m[%i, %j] : memref<3x4xf32>
      }
    }
    scf.for %k = %c0 to %c4 step %c1 {
      %k3 = arith.muli %k, %c3 : index
      %at = arith.subi %c10, %k3 : index
      %at1 = arith.subi %at, %c1 : index
      %ai = arith.index_cast %at1 : index to i32
      memref.store %ai, %idx[%k] : memref<4xi32>
    }
    %st = ckpt.launch @k(%a, %out, %c, %r, %q, %m2, %m, %idx, %g, %s, %c10)
        : (memref<10xf32>, memref<10xf32>, memref<4xf32>, memref<8xf32>, memref<4xf32>,
           memref<3x4xf32>, memref<3x4xf32>, memref<4xi32>, memref<4xf32>, memref<4xf32>, index)
        -> !ckpt.status
    ckpt.status_print %st
    %pad = arith.constant 0.0 : f32
    %vo = vector.transfer_read %out[%c0], %pad {in_bounds = [true]} : memref<10xf32>, vector<10xf32>
    vector.print %vo : vector<10xf32>
    %vc = vector.transfer_read %c[%c0], %pad {in_bounds = [true]} : memref<4xf32>, vector<4xf32>
    vector.print %vc : vector<4xf32>
    %vr = vector.transfer_read %r[%c0], %pad {in_bounds = [true]} : memref<8xf32>, vector<8xf32>
    vector.print %vr : vector<8xf32>
    %vq = vector.transfer_read %q[%c0], %pad {in_bounds = [true]} : memref<4xf32>, vector<4xf32>
    vector.print %vq : vector<4xf32>
    %vm = vector.transfer_read %m[%c0, %c0], %pad {in_bounds = [true, true]} : memref<3x4xf32>, vector<3x4xf32>
    vector.print %vm : vector<3x4xf32>
    %vg = vector.transfer_read %g[%c0], %pad {in_bounds = [true]} : memref<4xf32>, vector<4xf32>
    vector.print %vg : vector<4xf32>
    %vs = vector.transfer_read %s[%c0], %pad {in_bounds = [true]} : memref<4xf32>, vector<4xf32>
    vector.print %vs : vector<4xf32>
    memref.dealloc %a : memref<10xf32>
    memref.dealloc %out : memref<10xf32>
    memref.dealloc %c : memref<4xf32>
    memref.dealloc %r : memref<8xf32>
    memref.dealloc %q : memref<4xf32>
    memref.dealloc %m2 : memref<3x4xf32>
    memref.dealloc %m : memref<3x4xf32>
    memref.dealloc %idx : memref<4xi32>
    memref.dealloc %g : memref<4xf32>
    memref.dealloc %s : memref<4xf32>
    return
  }
}
