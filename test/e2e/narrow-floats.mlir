// f16 and bf16 in tasks, as ML front ends emit them: math functions (checked against the
// same function computed in f32 on the host, within 1e-2 relative: the narrow types
// keep 11 and 8 significant bits) and exact arithmetic, comparisons and selects
// (printed). On Vulkan f16 is native (shaderFloat16, 16-bit storage) and math on it is
// computed in f32; bf16 has no SPIR-V type, so its arithmetic and math are emulated in
// f32 and its conversions done on the bits. The task is in a checkpoint: the launch
// yields there and the resume runs it again.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
//
// CHECK: ckpt.status ok=1 yielded=1 label=0 name="narrow"
// CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: exp f16: values off by more than 1e-2: 0
// CHECK-NEXT: sin f16: values off by more than 1e-2: 0
// CHECK-NEXT: tanh f16: values off by more than 1e-2: 0
// CHECK-NEXT: log f16: values off by more than 1e-2: 0
// CHECK-NEXT: sqrt f16: values off by more than 1e-2: 0
// CHECK-NEXT: erf f16: values off by more than 1e-2: 0
// CHECK-NEXT: cbrt f16: values off by more than 1e-2: 0
// CHECK-NEXT: exp2 f16: values off by more than 1e-2: 0
// CHECK-NEXT: atan f16: values off by more than 1e-2: 0
// CHECK-NEXT: trunc f16: ( 0, 1, 2, 0, 3, 0, 1, 0 )
// CHECK-NEXT: floor f16: ( 0, 1, 2, 0, 3, 0, 1, 0 )
// CHECK-NEXT: x * 2 + 0.5 f16: ( 1.5, 3, 4.5, 0.75, 7.5, 2, 3.5, 1 )
// CHECK-NEXT: max(x, 1) f16: ( 1, 1.25, 2, 1, 3.5, 1, 1.5, 1 )
// CHECK-NEXT: |x| < 2 ? x : -x f16: ( 0.5, 1.25, -2, 0.125, -3.5, 0.75, 1.5, 0.25 )
// CHECK-NEXT: exp bf16: values off by more than 1e-2: 0
// CHECK-NEXT: sin bf16: values off by more than 1e-2: 0
// CHECK-NEXT: tanh bf16: values off by more than 1e-2: 0
// CHECK-NEXT: log bf16: values off by more than 1e-2: 0
// CHECK-NEXT: sqrt bf16: values off by more than 1e-2: 0
// CHECK-NEXT: erf bf16: values off by more than 1e-2: 0
// CHECK-NEXT: cbrt bf16: values off by more than 1e-2: 0
// CHECK-NEXT: exp2 bf16: values off by more than 1e-2: 0
// CHECK-NEXT: atan bf16: values off by more than 1e-2: 0
// CHECK-NEXT: trunc bf16: ( 0, 1, 2, 0, 3, 0, 1, 0 )
// CHECK-NEXT: floor bf16: ( 0, 1, 2, 0, 3, 0, 1, 0 )
// CHECK-NEXT: x * 2 + 0.5 bf16: ( 1.5, 3, 4.5, 0.75, 7.5, 2, 3.5, 1 )
// CHECK-NEXT: max(x, 1) bf16: ( 1, 1.25, 2, 1, 3.5, 1, 1.5, 1 )
// CHECK-NEXT: |x| < 2 ? x : -x bf16: ( 0.5, 1.25, -2, 0.125, -3.5, 0.75, 1.5, 0.25 )

func.func @narrow(%a: memref<8xf32>, %o: memref<28x8xf32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  ckpt.checkpoint 0 "narrow" yield_on %flag : memref<i32> {
    scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
      %x = memref.load %a[%i] : memref<8xf32>
      %row0 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %q = math.exp %h : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k0 = arith.constant 0 : index
      memref.store %row0, %o[%k0, %i] : memref<28x8xf32>
      %row1 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %q = math.sin %h : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k1 = arith.constant 1 : index
      memref.store %row1, %o[%k1, %i] : memref<28x8xf32>
      %row2 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %q = math.tanh %h : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k2 = arith.constant 2 : index
      memref.store %row2, %o[%k2, %i] : memref<28x8xf32>
      %row3 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %q = math.log %h : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k3 = arith.constant 3 : index
      memref.store %row3, %o[%k3, %i] : memref<28x8xf32>
      %row4 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %q = math.sqrt %h : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k4 = arith.constant 4 : index
      memref.store %row4, %o[%k4, %i] : memref<28x8xf32>
      %row5 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %q = math.erf %h : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k5 = arith.constant 5 : index
      memref.store %row5, %o[%k5, %i] : memref<28x8xf32>
      %row6 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %q = math.cbrt %h : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k6 = arith.constant 6 : index
      memref.store %row6, %o[%k6, %i] : memref<28x8xf32>
      %row7 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %q = math.exp2 %h : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k7 = arith.constant 7 : index
      memref.store %row7, %o[%k7, %i] : memref<28x8xf32>
      %row8 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %q = math.atan %h : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k8 = arith.constant 8 : index
      memref.store %row8, %o[%k8, %i] : memref<28x8xf32>
      %row9 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %q = math.trunc %h : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k9 = arith.constant 9 : index
      memref.store %row9, %o[%k9, %i] : memref<28x8xf32>
      %row10 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %q = math.floor %h : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k10 = arith.constant 10 : index
      memref.store %row10, %o[%k10, %i] : memref<28x8xf32>
      %row11 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %two = arith.constant 2.0 : f16
        %half = arith.constant 0.5 : f16
        %d = arith.mulf %h, %two : f16
        %q = arith.addf %d, %half : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k11 = arith.constant 11 : index
      memref.store %row11, %o[%k11, %i] : memref<28x8xf32>
      %row12 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %one = arith.constant 1.0 : f16
        %q = arith.maximumf %h, %one : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k12 = arith.constant 12 : index
      memref.store %row12, %o[%k12, %i] : memref<28x8xf32>
      %row13 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to f16
        %ax = math.absf %h : f16
        %two = arith.constant 2.0 : f16
        %lt = arith.cmpf olt, %ax, %two : f16
        %n = arith.negf %h : f16
        %q = arith.select %lt, %h, %n : f16
        %r = arith.extf %q : f16 to f32
        scf.yield %r : f32
      }
      %k13 = arith.constant 13 : index
      memref.store %row13, %o[%k13, %i] : memref<28x8xf32>
      %row14 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %q = math.exp %h : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k14 = arith.constant 14 : index
      memref.store %row14, %o[%k14, %i] : memref<28x8xf32>
      %row15 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %q = math.sin %h : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k15 = arith.constant 15 : index
      memref.store %row15, %o[%k15, %i] : memref<28x8xf32>
      %row16 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %q = math.tanh %h : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k16 = arith.constant 16 : index
      memref.store %row16, %o[%k16, %i] : memref<28x8xf32>
      %row17 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %q = math.log %h : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k17 = arith.constant 17 : index
      memref.store %row17, %o[%k17, %i] : memref<28x8xf32>
      %row18 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %q = math.sqrt %h : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k18 = arith.constant 18 : index
      memref.store %row18, %o[%k18, %i] : memref<28x8xf32>
      %row19 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %q = math.erf %h : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k19 = arith.constant 19 : index
      memref.store %row19, %o[%k19, %i] : memref<28x8xf32>
      %row20 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %q = math.cbrt %h : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k20 = arith.constant 20 : index
      memref.store %row20, %o[%k20, %i] : memref<28x8xf32>
      %row21 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %q = math.exp2 %h : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k21 = arith.constant 21 : index
      memref.store %row21, %o[%k21, %i] : memref<28x8xf32>
      %row22 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %q = math.atan %h : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k22 = arith.constant 22 : index
      memref.store %row22, %o[%k22, %i] : memref<28x8xf32>
      %row23 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %q = math.trunc %h : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k23 = arith.constant 23 : index
      memref.store %row23, %o[%k23, %i] : memref<28x8xf32>
      %row24 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %q = math.floor %h : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k24 = arith.constant 24 : index
      memref.store %row24, %o[%k24, %i] : memref<28x8xf32>
      %row25 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %two = arith.constant 2.0 : bf16
        %half = arith.constant 0.5 : bf16
        %d = arith.mulf %h, %two : bf16
        %q = arith.addf %d, %half : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k25 = arith.constant 25 : index
      memref.store %row25, %o[%k25, %i] : memref<28x8xf32>
      %row26 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %one = arith.constant 1.0 : bf16
        %q = arith.maximumf %h, %one : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k26 = arith.constant 26 : index
      memref.store %row26, %o[%k26, %i] : memref<28x8xf32>
      %row27 = scf.execute_region -> f32 {
        %h = arith.truncf %x : f32 to bf16
        %ax = math.absf %h : bf16
        %two = arith.constant 2.0 : bf16
        %lt = arith.cmpf olt, %ax, %two : bf16
        %n = arith.negf %h : bf16
        %q = arith.select %lt, %h, %n : bf16
        %r = arith.extf %q : bf16 to f32
        scf.yield %r : f32
      }
      %k27 = arith.constant 27 : index
      memref.store %row27, %o[%k27, %i] : memref<28x8xf32>
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %a = memref.alloc() : memref<8xf32>
  %o = memref.alloc() : memref<28x8xf32>
  %flag = memref.alloc() : memref<i32>
  %av = arith.constant dense<[0.5, 1.25, 2.0, 0.125, 3.5, 0.75, 1.5, 0.25]> : vector<8xf32>
  vector.transfer_write %av, %a[%c0] : vector<8xf32>, memref<8xf32>
  %raised = arith.constant 1 : i32
  %lowered = arith.constant 0 : i32
  memref.store %raised, %flag[] : memref<i32>
  %s = ckpt.launch @narrow(%a, %o, %flag) : (memref<8xf32>, memref<28x8xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %s
  memref.store %lowered, %flag[] : memref<i32>
  %label = arith.constant 0 : i64
  %s2 = ckpt.launch @narrow(%a, %o, %flag) resume_from %label : (memref<8xf32>, memref<28x8xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %s2
  %tol = arith.constant 1.0e-2 : f32
  %tiny = arith.constant 1.0e-3 : f32
  %pad = arith.constant 0.0 : f32
  %k0 = arith.constant 0 : index
  vector.print str "exp f16: values off by more than 1e-2: "
  %bad0 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to f16
    %hx = arith.extf %h : f16 to f32
    %want = math.exp %hx : f32
    %got = memref.load %o[%k0, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi0 = arith.index_cast %bad0 : index to i64
  vector.print %badi0 : i64
  %k1 = arith.constant 1 : index
  vector.print str "sin f16: values off by more than 1e-2: "
  %bad1 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to f16
    %hx = arith.extf %h : f16 to f32
    %want = math.sin %hx : f32
    %got = memref.load %o[%k1, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi1 = arith.index_cast %bad1 : index to i64
  vector.print %badi1 : i64
  %k2 = arith.constant 2 : index
  vector.print str "tanh f16: values off by more than 1e-2: "
  %bad2 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to f16
    %hx = arith.extf %h : f16 to f32
    %want = math.tanh %hx : f32
    %got = memref.load %o[%k2, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi2 = arith.index_cast %bad2 : index to i64
  vector.print %badi2 : i64
  %k3 = arith.constant 3 : index
  vector.print str "log f16: values off by more than 1e-2: "
  %bad3 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to f16
    %hx = arith.extf %h : f16 to f32
    %want = math.log %hx : f32
    %got = memref.load %o[%k3, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi3 = arith.index_cast %bad3 : index to i64
  vector.print %badi3 : i64
  %k4 = arith.constant 4 : index
  vector.print str "sqrt f16: values off by more than 1e-2: "
  %bad4 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to f16
    %hx = arith.extf %h : f16 to f32
    %want = math.sqrt %hx : f32
    %got = memref.load %o[%k4, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi4 = arith.index_cast %bad4 : index to i64
  vector.print %badi4 : i64
  %k5 = arith.constant 5 : index
  vector.print str "erf f16: values off by more than 1e-2: "
  %bad5 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to f16
    %hx = arith.extf %h : f16 to f32
    %want = math.erf %hx : f32
    %got = memref.load %o[%k5, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi5 = arith.index_cast %bad5 : index to i64
  vector.print %badi5 : i64
  %k6 = arith.constant 6 : index
  vector.print str "cbrt f16: values off by more than 1e-2: "
  %bad6 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to f16
    %hx = arith.extf %h : f16 to f32
    %want = math.cbrt %hx : f32
    %got = memref.load %o[%k6, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi6 = arith.index_cast %bad6 : index to i64
  vector.print %badi6 : i64
  %k7 = arith.constant 7 : index
  vector.print str "exp2 f16: values off by more than 1e-2: "
  %bad7 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to f16
    %hx = arith.extf %h : f16 to f32
    %want = math.exp2 %hx : f32
    %got = memref.load %o[%k7, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi7 = arith.index_cast %bad7 : index to i64
  vector.print %badi7 : i64
  %k8 = arith.constant 8 : index
  vector.print str "atan f16: values off by more than 1e-2: "
  %bad8 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to f16
    %hx = arith.extf %h : f16 to f32
    %want = math.atan %hx : f32
    %got = memref.load %o[%k8, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi8 = arith.index_cast %bad8 : index to i64
  vector.print %badi8 : i64
  %k9 = arith.constant 9 : index
  %v9 = vector.transfer_read %o[%k9, %c0], %pad : memref<28x8xf32>, vector<8xf32>
  vector.print str "trunc f16: "
  vector.print %v9 : vector<8xf32>
  %k10 = arith.constant 10 : index
  %v10 = vector.transfer_read %o[%k10, %c0], %pad : memref<28x8xf32>, vector<8xf32>
  vector.print str "floor f16: "
  vector.print %v10 : vector<8xf32>
  %k11 = arith.constant 11 : index
  %v11 = vector.transfer_read %o[%k11, %c0], %pad : memref<28x8xf32>, vector<8xf32>
  vector.print str "x * 2 + 0.5 f16: "
  vector.print %v11 : vector<8xf32>
  %k12 = arith.constant 12 : index
  %v12 = vector.transfer_read %o[%k12, %c0], %pad : memref<28x8xf32>, vector<8xf32>
  vector.print str "max(x, 1) f16: "
  vector.print %v12 : vector<8xf32>
  %k13 = arith.constant 13 : index
  %v13 = vector.transfer_read %o[%k13, %c0], %pad : memref<28x8xf32>, vector<8xf32>
  vector.print str "|x| < 2 ? x : -x f16: "
  vector.print %v13 : vector<8xf32>
  %k14 = arith.constant 14 : index
  vector.print str "exp bf16: values off by more than 1e-2: "
  %bad14 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to bf16
    %hx = arith.extf %h : bf16 to f32
    %want = math.exp %hx : f32
    %got = memref.load %o[%k14, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi14 = arith.index_cast %bad14 : index to i64
  vector.print %badi14 : i64
  %k15 = arith.constant 15 : index
  vector.print str "sin bf16: values off by more than 1e-2: "
  %bad15 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to bf16
    %hx = arith.extf %h : bf16 to f32
    %want = math.sin %hx : f32
    %got = memref.load %o[%k15, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi15 = arith.index_cast %bad15 : index to i64
  vector.print %badi15 : i64
  %k16 = arith.constant 16 : index
  vector.print str "tanh bf16: values off by more than 1e-2: "
  %bad16 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to bf16
    %hx = arith.extf %h : bf16 to f32
    %want = math.tanh %hx : f32
    %got = memref.load %o[%k16, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi16 = arith.index_cast %bad16 : index to i64
  vector.print %badi16 : i64
  %k17 = arith.constant 17 : index
  vector.print str "log bf16: values off by more than 1e-2: "
  %bad17 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to bf16
    %hx = arith.extf %h : bf16 to f32
    %want = math.log %hx : f32
    %got = memref.load %o[%k17, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi17 = arith.index_cast %bad17 : index to i64
  vector.print %badi17 : i64
  %k18 = arith.constant 18 : index
  vector.print str "sqrt bf16: values off by more than 1e-2: "
  %bad18 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to bf16
    %hx = arith.extf %h : bf16 to f32
    %want = math.sqrt %hx : f32
    %got = memref.load %o[%k18, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi18 = arith.index_cast %bad18 : index to i64
  vector.print %badi18 : i64
  %k19 = arith.constant 19 : index
  vector.print str "erf bf16: values off by more than 1e-2: "
  %bad19 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to bf16
    %hx = arith.extf %h : bf16 to f32
    %want = math.erf %hx : f32
    %got = memref.load %o[%k19, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi19 = arith.index_cast %bad19 : index to i64
  vector.print %badi19 : i64
  %k20 = arith.constant 20 : index
  vector.print str "cbrt bf16: values off by more than 1e-2: "
  %bad20 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to bf16
    %hx = arith.extf %h : bf16 to f32
    %want = math.cbrt %hx : f32
    %got = memref.load %o[%k20, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi20 = arith.index_cast %bad20 : index to i64
  vector.print %badi20 : i64
  %k21 = arith.constant 21 : index
  vector.print str "exp2 bf16: values off by more than 1e-2: "
  %bad21 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to bf16
    %hx = arith.extf %h : bf16 to f32
    %want = math.exp2 %hx : f32
    %got = memref.load %o[%k21, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi21 = arith.index_cast %bad21 : index to i64
  vector.print %badi21 : i64
  %k22 = arith.constant 22 : index
  vector.print str "atan bf16: values off by more than 1e-2: "
  %bad22 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %x = memref.load %a[%i] : memref<8xf32>
    %h = arith.truncf %x : f32 to bf16
    %hx = arith.extf %h : bf16 to f32
    %want = math.atan %hx : f32
    %got = memref.load %o[%k22, %i] : memref<28x8xf32>
    %diff = arith.subf %got, %want : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %want : f32
    %scale = arith.maximumf %aw, %tiny : f32
    %rel = arith.divf %ad, %scale : f32
    %off = arith.cmpf ugt, %rel, %tol : f32
    %n1 = arith.addi %n, %c1 : index
    %next = arith.select %off, %n1, %n : index
    scf.yield %next : index
  }
  %badi22 = arith.index_cast %bad22 : index to i64
  vector.print %badi22 : i64
  %k23 = arith.constant 23 : index
  %v23 = vector.transfer_read %o[%k23, %c0], %pad : memref<28x8xf32>, vector<8xf32>
  vector.print str "trunc bf16: "
  vector.print %v23 : vector<8xf32>
  %k24 = arith.constant 24 : index
  %v24 = vector.transfer_read %o[%k24, %c0], %pad : memref<28x8xf32>, vector<8xf32>
  vector.print str "floor bf16: "
  vector.print %v24 : vector<8xf32>
  %k25 = arith.constant 25 : index
  %v25 = vector.transfer_read %o[%k25, %c0], %pad : memref<28x8xf32>, vector<8xf32>
  vector.print str "x * 2 + 0.5 bf16: "
  vector.print %v25 : vector<8xf32>
  %k26 = arith.constant 26 : index
  %v26 = vector.transfer_read %o[%k26, %c0], %pad : memref<28x8xf32>, vector<8xf32>
  vector.print str "max(x, 1) bf16: "
  vector.print %v26 : vector<8xf32>
  %k27 = arith.constant 27 : index
  %v27 = vector.transfer_read %o[%k27, %c0], %pad : memref<28x8xf32>, vector<8xf32>
  vector.print str "|x| < 2 ? x : -x bf16: "
  vector.print %v27 : vector<8xf32>
  memref.dealloc %a : memref<8xf32>
  memref.dealloc %o : memref<28x8xf32>
  memref.dealloc %flag : memref<i32>
  return
}
