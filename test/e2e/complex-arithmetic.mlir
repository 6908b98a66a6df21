// Complex arithmetic inside tasks, as front ends for signal processing and FFTs emit it:
// complex.create, add, mul, div, conj, abs and exp, with the parts stored as floats. The
// CPU lowers it through convert-complex-to-standard and -to-llvm, CUDA and HIP through
// their GPU conversions, Vulkan (no complex type in SPIR-V) on the parts. A yield at
// the checkpoint, then the resume.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

func.func @k(%re: memref<4xf32>, %im: memref<4xf32>, %mag: memref<4xf32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  // z = (z * z + conj(z)) / (1 + i); mag = |z| before.
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %a = memref.load %re[%i] : memref<4xf32>
    %b = memref.load %im[%i] : memref<4xf32>
    %z = complex.create %a, %b : complex<f32>
    %abs = complex.abs %z : complex<f32>
    memref.store %abs, %mag[%i] : memref<4xf32>
    %sq = complex.mul %z, %z : complex<f32>
    %cj = complex.conj %z : complex<f32>
    %sum = complex.add %sq, %cj : complex<f32>
    %one = arith.constant 1.0 : f32
    %d = complex.create %one, %one : complex<f32>
    %q = complex.div %sum, %d : complex<f32>
    %r = complex.re %q : complex<f32>
    %m = complex.im %q : complex<f32>
    memref.store %r, %re[%i] : memref<4xf32>
    memref.store %m, %im[%i] : memref<4xf32>
  }
  // exp(i * pi * re / 2): the unit circle at quarter turns.
  ckpt.checkpoint 0 "turned" yield_on %flag : memref<i32> {
    scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
      %a = memref.load %re[%i] : memref<4xf32>
      %zero = arith.constant 0.0 : f32
      %half_pi = arith.constant 1.57079632679 : f32
      %angle = arith.mulf %a, %half_pi : f32
      %w = complex.create %zero, %angle : complex<f32>
      %e = complex.exp %w : complex<f32>
      %x = complex.re %e : complex<f32>
      %y = complex.im %e : complex<f32>
      %hundred = arith.constant 100.0 : f32
      %xs = arith.mulf %x, %hundred : f32
      %ys = arith.mulf %y, %hundred : f32
      %xr = math.roundeven %xs : f32
      %yr = math.roundeven %ys : f32
      memref.store %xr, %mag[%i] : memref<4xf32>
      memref.store %yr, %im[%i] : memref<4xf32>
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %re = memref.alloc() : memref<4xf32>
  %im = memref.alloc() : memref<4xf32>
  %mag = memref.alloc() : memref<4xf32>
  %flag = memref.alloc() : memref<i32>
  %rv = arith.constant dense<[3.0, 0.0, 1.0, -2.0]> : vector<4xf32>
  %iv = arith.constant dense<[4.0, 2.0, 1.0, 0.0]> : vector<4xf32>
  vector.store %rv, %re[%c0] : memref<4xf32>, vector<4xf32>
  vector.store %iv, %im[%c0] : memref<4xf32>, vector<4xf32>
  %raised = arith.constant 1 : i32
  %z = arith.constant 0 : i32
  memref.store %raised, %flag[] : memref<i32>
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="turned"
  %st = ckpt.launch @k(%re, %im, %mag, %flag) : (memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  memref.store %z, %flag[] : memref<i32>
  %label = arith.constant 0 : i64
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  %st2 = ckpt.launch @k(%re, %im, %mag, %flag) resume_from %label : (memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  // (z^2 + conj z) / (1 + i) of 3+4i, 2i, 1+i, -2: 8+12i, -3+i, 1, 1-i.
  // CHECK-NEXT: ( 8, -3, 1, 1 )
  %r = vector.load %re[%c0] : memref<4xf32>, vector<4xf32>
  vector.print %r : vector<4xf32>
  // exp(i pi re / 2) * 100, rounded: 8, -3, 1 and 1 quarter turns.
  // CHECK-NEXT: ( 100, 0, 0, 0 )
  // CHECK-NEXT: ( 0, 100, 100, 100 )
  // As integers: a cosine a little below 0 rounds to -0.
  %x = vector.load %mag[%c0] : memref<4xf32>, vector<4xf32>
  %xi = arith.fptosi %x : vector<4xf32> to vector<4xi32>
  vector.print %xi : vector<4xi32>
  %y = vector.load %im[%c0] : memref<4xf32>, vector<4xf32>
  %yi = arith.fptosi %y : vector<4xf32> to vector<4xi32>
  vector.print %yi : vector<4xi32>
  memref.dealloc %re : memref<4xf32>
  memref.dealloc %im : memref<4xf32>
  memref.dealloc %mag : memref<4xf32>
  memref.dealloc %flag : memref<i32>
  return
}
