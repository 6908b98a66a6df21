// Scalar parameters (index, i32, f32, f64, i64) sit next to memrefs, reach every task,
// and may differ between launches: the resumed part of the kernel sees the values passed
// to the resume, not those of the launch that yielded.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

// For i < n: a[i] = k; then label 1 raises %f when k < 0; then b[i] = scale * i,
// c[i] = offset + i, d[i] = big + i.
func.func @step(%a: memref<?xi32>, %n: index, %k: i32, %b: memref<?xf32>, %scale: f32,
                %c: memref<?xf64>, %offset: f64, %d: memref<?xi64>, %big: i64,
                %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %k, %a[%i] : memref<?xi32>
  }
  ckpt.checkpoint 1 yield_on %f : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %negative = arith.cmpi slt, %k, %zero : i32
      scf.if %negative {
        memref.store %one, %f[] : memref<i32>
      }
    }
  }
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %i_i32 = arith.index_cast %i : index to i32
    %i_f32 = arith.sitofp %i_i32 : i32 to f32
    %v = arith.mulf %scale, %i_f32 : f32
    memref.store %v, %b[%i] : memref<?xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %i_i64 = arith.index_cast %i : index to i64
    %i_f64 = arith.sitofp %i_i64 : i64 to f64
    %v = arith.addf %offset, %i_f64 : f64
    memref.store %v, %c[%i] : memref<?xf64>
    %w = arith.addi %big, %i_i64 : i64
    memref.store %w, %d[%i] : memref<?xi64>
  }
  return
}

func.func @main() {
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0 : i32
  %k_first = arith.constant -3 : i32
  %k_resume = arith.constant 5 : i32
  %scale_first = arith.constant 0.5 : f32
  %scale_resume = arith.constant 2.5 : f32
  %offset_first = arith.constant 0.25 : f64
  %offset_resume = arith.constant 0.5 : f64
  %big_first = arith.constant 1 : i64
  %big_resume = arith.constant 8000000000 : i64
  %a = memref.alloc(%c4) : memref<?xi32>
  %b = memref.alloc(%c4) : memref<?xf32>
  %c = memref.alloc(%c4) : memref<?xf64>
  %d = memref.alloc(%c4) : memref<?xi64>
  %f = memref.alloc() : memref<i32>
  call @clear(%a, %b, %c, %d) : (memref<?xi32>, memref<?xf32>, memref<?xf64>, memref<?xi64>) -> ()
  memref.store %zero, %f[] : memref<i32>

  // CHECK:      status ok=1 yielded=1 label=1
  // CHECK-NEXT: a: -3 -3 -3 -3
  // CHECK-NEXT: b: -1 -1 -1 -1
  // CHECK-NEXT: c: -1 -1 -1 -1
  // CHECK-NEXT: d: -1 -1 -1 -1
  %first = ckpt.launch @step(%a, %c4, %k_first, %b, %scale_first, %c, %offset_first, %d, %big_first, %f)
      : (memref<?xi32>, index, i32, memref<?xf32>, f32, memref<?xf64>, f64, memref<?xi64>, i64, memref<i32>) -> !ckpt.status
  %first_ok = ckpt.status_ok %first : i1
  %first_yielded = ckpt.status_yielded %first : i1
  %first_label = ckpt.status_label %first : i64
  call @print_status(%first_ok, %first_yielded, %first_label) : (i1, i1, i64) -> ()
  vector.print str "a:"
  call @print_i32s(%a) : (memref<?xi32>) -> ()
  vector.print str "b:"
  call @print_f32s(%b) : (memref<?xf32>) -> ()
  vector.print str "c:"
  call @print_f64s(%c) : (memref<?xf64>) -> ()
  vector.print str "d:"
  call @print_i64s(%d) : (memref<?xi64>) -> ()

  // Resumed with n = 3 and new values: a keeps what the first launch wrote.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: a: -3 -3 -3 -3
  // CHECK-NEXT: b: 0 2.5 5 -1
  // CHECK-NEXT: c: 0.5 1.5 2.5 -1
  // CHECK-NEXT: d: 8000000000 8000000001 8000000002 -1
  memref.store %zero, %f[] : memref<i32>
  %resumed = ckpt.launch @step(%a, %c3, %k_resume, %b, %scale_resume, %c, %offset_resume, %d, %big_resume, %f) resume_from %first_label
      : (memref<?xi32>, index, i32, memref<?xf32>, f32, memref<?xf64>, f64, memref<?xi64>, i64, memref<i32>) -> !ckpt.status
  %resumed_ok = ckpt.status_ok %resumed : i1
  %resumed_yielded = ckpt.status_yielded %resumed : i1
  %resumed_label = ckpt.status_label %resumed : i64
  call @print_status(%resumed_ok, %resumed_yielded, %resumed_label) : (i1, i1, i64) -> ()
  vector.print str "a:"
  call @print_i32s(%a) : (memref<?xi32>) -> ()
  vector.print str "b:"
  call @print_f32s(%b) : (memref<?xf32>) -> ()
  vector.print str "c:"
  call @print_f64s(%c) : (memref<?xf64>) -> ()
  vector.print str "d:"
  call @print_i64s(%d) : (memref<?xi64>) -> ()
  memref.dealloc %a : memref<?xi32>
  memref.dealloc %b : memref<?xf32>
  memref.dealloc %c : memref<?xf64>
  memref.dealloc %d : memref<?xi64>
  memref.dealloc %f : memref<i32>
  return
}

func.func @clear(%a: memref<?xi32>, %b: memref<?xf32>, %c: memref<?xf64>, %d: memref<?xi64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %a, %c0 : memref<?xi32>
  %i32 = arith.constant -1 : i32
  %f32 = arith.constant -1.0 : f32
  %f64 = arith.constant -1.0 : f64
  %i64 = arith.constant -1 : i64
  scf.for %i = %c0 to %n step %c1 {
    memref.store %i32, %a[%i] : memref<?xi32>
    memref.store %f32, %b[%i] : memref<?xf32>
    memref.store %f64, %c[%i] : memref<?xf64>
    memref.store %i64, %d[%i] : memref<?xi64>
  }
  return
}

func.func @print_i32s(%values: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %values, %c0 : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %values[%i] : memref<?xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  return
}

func.func @print_f32s(%values: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %values, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %values[%i] : memref<?xf32>
    vector.print str " "
    vector.print %v : f32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  return
}

func.func @print_f64s(%values: memref<?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %values, %c0 : memref<?xf64>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %values[%i] : memref<?xf64>
    vector.print str " "
    vector.print %v : f64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  return
}

func.func @print_i64s(%values: memref<?xi64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %values, %c0 : memref<?xi64>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %values[%i] : memref<?xi64>
    vector.print str " "
    vector.print %v : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  return
}

// Prints "status ok=O yielded=Y label=L".
func.func @print_status(%ok: i1, %yielded: i1, %label: i64) {
  vector.print str "status ok="
  vector.print %ok : i1 punctuation <no_punctuation>
  vector.print str " yielded="
  vector.print %yielded : i1 punctuation <no_punctuation>
  vector.print str " label="
  vector.print %label : i64
  return
}
