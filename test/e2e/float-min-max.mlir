// arith.maximumf and arith.minimumf are IEEE 754-2019 maximum and minimum: NaN in, NaN
// out, and -0 < +0, in either operand order. A task takes them on f32 scalars, on
// vector<4xf32> and on f16, inside a checkpoint that yields and is resumed; host code
// takes them too. Upstream's arith-expand (host code and the CPU target) and the SPIR-V
// conversion (Vulkan) returned the second operand of a tie of zeros
// (ckpt-expand-float-ops). maxnumf/minnumf may return either zero and are not checked
// on ties.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module {
  func.func @k(%x: memref<8xf32>, %y: memref<8xf32>, %mx: memref<8xf32>, %mn: memref<8xf32>,
               %vmx: memref<8xf32>, %hmn: memref<8xf32>, %cz: memref<16xf32>, %flag: memref<i32>)
      attributes {ckpt.graph, ckpt.checkpoints} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c4 = arith.constant 4 : index
    %c8 = arith.constant 8 : index
    ckpt.checkpoint 0 "compared" yield_on %flag : memref<i32> {
      scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
        %a = memref.load %x[%i] : memref<8xf32>
        %b = memref.load %y[%i] : memref<8xf32>
        %hi = arith.maximumf %a, %b : f32
        %lo = arith.minimumf %a, %b : f32
        memref.store %hi, %mx[%i] : memref<8xf32>
        memref.store %lo, %mn[%i] : memref<8xf32>
        %ha = arith.truncf %a : f32 to f16
        %hb = arith.truncf %b : f32 to f16
        %hlo = arith.minimumf %ha, %hb : f16
        %wide = arith.extf %hlo : f16 to f32
        memref.store %wide, %hmn[%i] : memref<8xf32>
        scf.reduce
      }
      // Against constant zeros, as a ReLU or a clamp is written.
      scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
        %a = memref.load %x[%i] : memref<8xf32>
        %zero = arith.constant 0.0 : f32
        %negzero = arith.constant -0.0 : f32
        %relu = arith.maximumf %a, %zero : f32
        %clamp = arith.minimumf %negzero, %a : f32
        %i8 = arith.addi %i, %c8 : index
        memref.store %relu, %cz[%i] : memref<16xf32>
        memref.store %clamp, %cz[%i8] : memref<16xf32>
        scf.reduce
      }
      scf.parallel (%j) = (%c0) to (%c2) step (%c1) {
        %at = arith.muli %j, %c4 : index
        %va = vector.load %x[%at] : memref<8xf32>, vector<4xf32>
        %vb = vector.load %y[%at] : memref<8xf32>, vector<4xf32>
        %vm = arith.maximumf %va, %vb : vector<4xf32>
        vector.store %vm, %vmx[%at] : memref<8xf32>, vector<4xf32>
        scf.reduce
      }
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %x = memref.alloc() : memref<8xf32>
    %y = memref.alloc() : memref<8xf32>
    %mx = memref.alloc() : memref<8xf32>
    %mn = memref.alloc() : memref<8xf32>
    %vmx = memref.alloc() : memref<8xf32>
    %hmn = memref.alloc() : memref<8xf32>
    %cz = memref.alloc() : memref<16xf32>
    %nan = arith.constant 0x7FC00000 : f32
    %xs = arith.constant dense<[-0.0, 0.0, 0.0, -0.0, 1.5, -2.0, 0x7FC00000, 0x7F800000]> : vector<8xf32>
    %ys = arith.constant dense<[0.0, -0.0, 0.0, -0.0, -3.0, -2.0, 1.0, 3.0]> : vector<8xf32>
    vector.store %xs, %x[%c0] : memref<8xf32>, vector<8xf32>
    vector.store %ys, %y[%c0] : memref<8xf32>, vector<8xf32>
    %flag = memref.alloc() : memref<i32>
    %raised = arith.constant 1 : i32
    %z = arith.constant 0 : i32
    memref.store %raised, %flag[] : memref<i32>
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="compared"
    %st = ckpt.launch @k(%x, %y, %mx, %mn, %vmx, %hmn, %cz, %flag)
        : (memref<8xf32>, memref<8xf32>, memref<8xf32>, memref<8xf32>, memref<8xf32>,
           memref<8xf32>, memref<16xf32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    %st2 = ckpt.launch @k(%x, %y, %mx, %mn, %vmx, %hmn, %cz, %flag) resume_from %label
        : (memref<8xf32>, memref<8xf32>, memref<8xf32>, memref<8xf32>, memref<8xf32>,
           memref<8xf32>, memref<16xf32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    // CHECK-NEXT: ( 0, 0, 0, -0, 1.5, -2, nan, inf )
    // CHECK-NEXT: ( -0, -0, 0, -0, -3, -2, nan, 3 )
    // CHECK-NEXT: ( 0, 0, 0, -0, 1.5, -2, nan, inf )
    // CHECK-NEXT: ( -0, -0, 0, -0, -3, -2, nan, 3 )
    %a = vector.load %mx[%c0] : memref<8xf32>, vector<8xf32>
    vector.print %a : vector<8xf32>
    %b = vector.load %mn[%c0] : memref<8xf32>, vector<8xf32>
    vector.print %b : vector<8xf32>
    %c = vector.load %vmx[%c0] : memref<8xf32>, vector<8xf32>
    vector.print %c : vector<8xf32>
    %d = vector.load %hmn[%c0] : memref<8xf32>, vector<8xf32>
    vector.print %d : vector<8xf32>
    // maximumf(x, 0.0) and minimumf(-0.0, x): a driver that folds x + 0.0 to x gave -0
    // for the first.
    // CHECK-NEXT: ( 0, 0, 0, 0, 1.5, 0, nan, inf, -0, -0, -0, -0, -0, -2, nan, -0 )
    %e = vector.load %cz[%c0] : memref<16xf32>, vector<16xf32>
    vector.print %e : vector<16xf32>
    // Host code, on values it loads (not constants it could fold).
    // CHECK-NEXT: ( 0, 0, 0, -0, 1.5, -2, nan, inf )
    // CHECK-NEXT: ( -0, -0, 0, -0, -3, -2, nan, 3 )
    %hx = vector.load %x[%c0] : memref<8xf32>, vector<8xf32>
    %hy = vector.load %y[%c0] : memref<8xf32>, vector<8xf32>
    %hmax = arith.maximumf %hx, %hy : vector<8xf32>
    vector.print %hmax : vector<8xf32>
    %hmin = arith.minimumf %hx, %hy : vector<8xf32>
    vector.print %hmin : vector<8xf32>
    memref.dealloc %x : memref<8xf32>
    memref.dealloc %y : memref<8xf32>
    memref.dealloc %mx : memref<8xf32>
    memref.dealloc %mn : memref<8xf32>
    memref.dealloc %vmx : memref<8xf32>
    memref.dealloc %hmn : memref<8xf32>
    memref.dealloc %cz : memref<16xf32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
