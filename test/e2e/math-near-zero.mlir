// math.expm1 and math.log1p exist for arguments near 0, where exp(x) - 1 and log(1 + x)
// lose every digit: a task takes them on f32 across their range (tiny, small, large,
// infinite, log1p's pole at -1), inside a checkpoint that yields and is resumed. The LLVM
// conversion computed exactly those two forms (expm1(1e-10) was 0 on the CPU target), and
// GLSL.std.450 has neither; ckpt-expand-float-ops rewrites them by Kahan's corrections
// (and on Vulkan a series near 0). CUDA and HIP call libdevice's and ocml's own.
// math.sinh, tanh, asinh and atanh, which GLSL.std.450 computes from exp and log, lost
// tiny arguments the same way on Vulkan (sinh(1e-10) was 3e-8, asinh(1e-10) 0): a second
// task takes them there, and atan and erf, whose Vulkan forms lost precision or the sign
// of a zero near 0.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module {
  func.func @k(%x: memref<8xf32>, %y: memref<8xf32>, %e: memref<8xf32>, %l: memref<8xf32>,
               %h: memref<6x4xf32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c8 = arith.constant 8 : index
    ckpt.checkpoint 0 "near zero" yield_on %flag : memref<i32> {
      scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
        %a = memref.load %x[%i] : memref<8xf32>
        %b = memref.load %y[%i] : memref<8xf32>
        %ea = math.expm1 %a : f32
        %lb = math.log1p %b : f32
        memref.store %ea, %e[%i] : memref<8xf32>
        memref.store %lb, %l[%i] : memref<8xf32>
        scf.reduce
      }
      %c2 = arith.constant 2 : index
      %c3 = arith.constant 3 : index
      %c4 = arith.constant 4 : index
      scf.parallel (%j) = (%c0) to (%c4) step (%c1) {
        %v = memref.load %x[%j] : memref<8xf32>
        %half = arith.constant 0.5 : f32
        %is3 = arith.cmpi eq, %j, %c3 : index
        %a = arith.select %is3, %half, %v : f32
        %s = math.sinh %a : f32
        %t = math.tanh %a : f32
        %as = math.asinh %a : f32
        %at = math.atanh %a : f32
        memref.store %s, %h[%c0, %j] : memref<6x4xf32>
        memref.store %t, %h[%c1, %j] : memref<6x4xf32>
        memref.store %as, %h[%c2, %j] : memref<6x4xf32>
        memref.store %at, %h[%c3, %j] : memref<6x4xf32>
        // atan and erf, with -0 for 1e-10: both keep the zero's sign.
        %negzero = arith.constant -0.0 : f32
        %is1 = arith.cmpi eq, %j, %c1 : index
        %b = arith.select %is1, %negzero, %a : f32
        %tan = math.atan %b : f32
        %erf = math.erf %b : f32
        %c5 = arith.constant 5 : index
        memref.store %tan, %h[%c4, %j] : memref<6x4xf32>
        memref.store %erf, %h[%c5, %j] : memref<6x4xf32>
        scf.reduce
      }
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %x = memref.alloc() : memref<8xf32>
    %y = memref.alloc() : memref<8xf32>
    %e = memref.alloc() : memref<8xf32>
    %l = memref.alloc() : memref<8xf32>
    %h = memref.alloc() : memref<6x4xf32>
    %xs = arith.constant dense<[1.0e-7, 1.0e-10, -1.0e-10, 1.0e-3, 0.5, 20.0, -20.0, 0x7F800000]> : vector<8xf32>
    %ys = arith.constant dense<[1.0e-7, 1.0e-10, -1.0e-10, 1.0e-3, 0.5, -1.0, 1.0e30, 0x7F800000]> : vector<8xf32>
    vector.store %xs, %x[%c0] : memref<8xf32>, vector<8xf32>
    vector.store %ys, %y[%c0] : memref<8xf32>, vector<8xf32>
    %flag = memref.alloc() : memref<i32>
    %raised = arith.constant 1 : i32
    %z = arith.constant 0 : i32
    memref.store %raised, %flag[] : memref<i32>
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="near zero"
    %st = ckpt.launch @k(%x, %y, %e, %l, %h, %flag)
        : (memref<8xf32>, memref<8xf32>, memref<8xf32>, memref<8xf32>, memref<6x4xf32>,
           memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    %st2 = ckpt.launch @k(%x, %y, %e, %l, %h, %flag) resume_from %label
        : (memref<8xf32>, memref<8xf32>, memref<8xf32>, memref<8xf32>, memref<6x4xf32>,
           memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    // Six significant digits; the last may differ between targets' exp and log.
    // CHECK-NEXT: ( 1e-07, 1e-10, -1e-10, 0.001000{{[45][0-9]*}}, 0.64872{{[0-9]*}}, 4.8516{{[0-9]*}}e+08, -1, inf )
    // CHECK-NEXT: ( 1e-07, 1e-10, -1e-10, 0.000999{{[45][0-9]*}}, 0.40546{{[0-9]*}}, -inf, 69.077{{[0-9]*}}, inf )
    %ev = vector.load %e[%c0] : memref<8xf32>, vector<8xf32>
    vector.print %ev : vector<8xf32>
    %lv = vector.load %l[%c0] : memref<8xf32>, vector<8xf32>
    vector.print %lv : vector<8xf32>
    // sinh, tanh, asinh, atanh of 1e-7, 1e-10, -1e-10 and 0.5.
    // CHECK-NEXT: ( 1e-07, 1e-10, -1e-10, 0.52109{{[0-9]*}} )
    // CHECK-NEXT: ( 1e-07, 1e-10, -1e-10, 0.46211{{[0-9]*}} )
    // CHECK-NEXT: ( 1e-07, 1e-10, -1e-10, 0.48121{{[0-9]*}} )
    // CHECK-NEXT: ( 1e-07, 1e-10, -1e-10, 0.54930{{[0-9]*}} )
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %h0 = vector.load %h[%c0, %c0] : memref<6x4xf32>, vector<4xf32>
    vector.print %h0 : vector<4xf32>
    %h1 = vector.load %h[%c1, %c0] : memref<6x4xf32>, vector<4xf32>
    vector.print %h1 : vector<4xf32>
    %h2 = vector.load %h[%c2, %c0] : memref<6x4xf32>, vector<4xf32>
    vector.print %h2 : vector<4xf32>
    %h3 = vector.load %h[%c3, %c0] : memref<6x4xf32>, vector<4xf32>
    vector.print %h3 : vector<4xf32>
    // atan and erf of 1e-7, -0, -1e-10 and 0.5 (lavapipe's atan was 2e-5 too small near 0,
    // and erf(-0) was +0 there).
    // CHECK-NEXT: ( 1e-07, -0, -1e-10, 0.46364{{[0-9]*}} )
    // CHECK-NEXT: ( 1.12838e-07, -0, -1.12838e-10, {{0\.5205[0-9]*|0\.52049[0-9]*}} )
    %c4 = arith.constant 4 : index
    %c5 = arith.constant 5 : index
    %h4 = vector.load %h[%c4, %c0] : memref<6x4xf32>, vector<4xf32>
    vector.print %h4 : vector<4xf32>
    %h5 = vector.load %h[%c5, %c0] : memref<6x4xf32>, vector<4xf32>
    vector.print %h5 : vector<4xf32>
    memref.dealloc %x : memref<8xf32>
    memref.dealloc %y : memref<8xf32>
    memref.dealloc %e : memref<8xf32>
    memref.dealloc %l : memref<8xf32>
    memref.dealloc %h : memref<6x4xf32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
