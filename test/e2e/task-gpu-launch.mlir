// GPU launches are tasks too: gpu.launch with its body inline and gpu.launch_func of a
// gpu.module kernel, at the top level and in a checkpoint, over several blocks and
// threads. They give the same values whatever the target (on the CPU they run as host
// loops), including across a yield and a resume.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

module attributes {gpu.container_module} {

gpu.module @kernels {
  // y[i] = 3 * x[i], one element per thread.
  gpu.func @triple(%x: memref<?xi32>, %y: memref<?xi32>) kernel {
    %block = gpu.block_id x
    %thread = gpu.thread_id x
    %size = gpu.block_dim x
    %first = arith.muli %block, %size : index
    %i = arith.addi %first, %thread : index
    %three = arith.constant 3 : i32
    %v = memref.load %x[%i] : memref<?xi32>
    %w = arith.muli %v, %three : i32
    memref.store %w, %y[%i] : memref<?xi32>
    gpu.return
  }
}

// x[i] = i; then label 1 computes y = 3 * x (and raises %f when request[0] is non-zero);
// then y[i] += 1, in place. 2 blocks of 4 threads, 8 elements.
func.func @step(%x: memref<?xi32>, %y: memref<?xi32>, %request: memref<?xi32>, %f: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c2, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
    %first = arith.muli %bx, %sx : index
    %i = arith.addi %first, %tx : index
    %v = arith.index_cast %i : index to i32
    memref.store %v, %x[%i] : memref<?xi32>
    gpu.terminator
  }
  ckpt.checkpoint 1 yield_on %f : memref<i32> {
    gpu.launch_func @kernels::@triple blocks in (%c2, %c1, %c1) threads in (%c4, %c1, %c1)
        args(%x : memref<?xi32>, %y : memref<?xi32>)
    scf.for %unused = %c0 to %c1 step %c1 {
      %r = memref.load %request[%c0] : memref<?xi32>
      %raise = arith.cmpi ne, %r, %zero : i32
      scf.if %raise {
        memref.store %r, %f[] : memref<i32>
      }
    }
  }
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c2, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
    %first = arith.muli %bx, %sx : index
    %i = arith.addi %first, %tx : index
    %v = memref.load %y[%i] : memref<?xi32>
    %w = arith.addi %v, %one : i32
    memref.store %w, %y[%i] : memref<?xi32>
    gpu.terminator
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %x = call @zeros(%c8) : (index) -> memref<?xi32>
  %y = call @zeros(%c8) : (index) -> memref<?xi32>
  %request = call @zeros(%c1) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  memref.store %zero, %f[] : memref<i32>

  // CHECK:      status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x: 0 1 2 3 4 5 6 7
  // CHECK-NEXT: y: 1 4 7 10 13 16 19 22
  %whole = ckpt.launch @step(%x, %y, %request, %f)
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %whole_ok = ckpt.status_ok %whole : i1
  %whole_yielded = ckpt.status_yielded %whole : i1
  %whole_label = ckpt.status_label %whole : i64
  call @print_status(%whole_ok, %whole_yielded, %whole_label) : (i1, i1, i64) -> ()
  vector.print str "x:"
  call @print_and_clear(%x) : (memref<?xi32>) -> ()
  vector.print str "y:"
  call @print_and_clear(%y) : (memref<?xi32>) -> ()

  // CHECK-NEXT: status ok=1 yielded=1 label=1
  // CHECK-NEXT: x: 0 1 2 3 4 5 6 7
  // CHECK-NEXT: y: 0 3 6 9 12 15 18 21
  memref.store %one, %request[%c0] : memref<?xi32>
  %yielded = ckpt.launch @step(%x, %y, %request, %f)
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %yielded_ok = ckpt.status_ok %yielded : i1
  %yielded_yielded = ckpt.status_yielded %yielded : i1
  %yielded_label = ckpt.status_label %yielded : i64
  call @print_status(%yielded_ok, %yielded_yielded, %yielded_label) : (i1, i1, i64) -> ()
  vector.print str "x:"
  call @print_and_clear(%x) : (memref<?xi32>) -> ()
  vector.print str "y:"
  call @print_and_clear(%y) : (memref<?xi32>) -> ()

  // Printing cleared x and y: the resume does not run the gpu.launch before label 1 again
  // (x stays 0), and label 1's kernel recomputes y from that x.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x: 0 0 0 0 0 0 0 0
  // CHECK-NEXT: y: 1 1 1 1 1 1 1 1
  memref.store %zero, %f[] : memref<i32>
  memref.store %zero, %request[%c0] : memref<?xi32>
  %resumed = ckpt.launch @step(%x, %y, %request, %f) resume_from %yielded_label
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %resumed_ok = ckpt.status_ok %resumed : i1
  %resumed_yielded = ckpt.status_yielded %resumed : i1
  %resumed_label = ckpt.status_label %resumed : i64
  call @print_status(%resumed_ok, %resumed_yielded, %resumed_label) : (i1, i1, i64) -> ()
  vector.print str "x:"
  call @print_and_clear(%x) : (memref<?xi32>) -> ()
  vector.print str "y:"
  call @print_and_clear(%y) : (memref<?xi32>) -> ()
  memref.dealloc %x : memref<?xi32>
  memref.dealloc %y : memref<?xi32>
  memref.dealloc %request : memref<?xi32>
  memref.dealloc %f : memref<i32>
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

func.func @zeros(%n: index) -> memref<?xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %m = memref.alloc(%n) : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    memref.store %zero, %m[%i] : memref<?xi32>
  }
  return %m : memref<?xi32>
}

// Prints " a b c" and a newline, then zeroes the values.
func.func @print_and_clear(%values: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %n = memref.dim %values, %c0 : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %values[%i] : memref<?xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
    memref.store %zero, %values[%i] : memref<?xi32>
  }
  vector.print punctuation <newline>
  return
}

}
