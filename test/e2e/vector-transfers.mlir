// Tasks as a vectorizing compiler writes them: each iteration of a parallel loop reads
// four elements with vector.transfer_read, the last chunk past the end of the memref
// (padded on read, masked on write), and writes them back doubled; a second task sums
// chunks twice, with vector.reduction and then vector.multi_reduction (as vectorizers write
// it, starting from the first sum). On device targets the transfers become loads and stores
// in the kernel (on Vulkan one scalar access per lane, --ckpt-prepare-spirv-tasks).
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

func.func @scale(%x: memref<?xf32>, %sums: memref<?xf32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %pad = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?xf32>
  %chunks = memref.dim %sums, %c0 : memref<?xf32>
  scf.parallel (%c) = (%c0) to (%chunks) step (%c1) {
    %at = arith.muli %c, %c4 : index
    %v = vector.transfer_read %x[%at], %pad : memref<?xf32>, vector<4xf32>
    %w = arith.addf %v, %v : vector<4xf32>
    vector.transfer_write %w, %x[%at] : vector<4xf32>, memref<?xf32>
    scf.reduce
  }
  ckpt.checkpoint 0 "sum" yield_on %flag : memref<i32> {
    scf.parallel (%c) = (%c0) to (%chunks) step (%c1) {
      %at = arith.muli %c, %c4 : index
      %v = vector.transfer_read %x[%at], %pad : memref<?xf32>, vector<4xf32>
      %s = vector.reduction <add>, %v : vector<4xf32> into f32
      %twice = vector.multi_reduction <add>, %v, %s [0] : vector<4xf32> to f32
      memref.store %twice, %sums[%c] : memref<?xf32>
      scf.reduce
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c10 = arith.constant 10 : index
  %x = memref.alloc(%c10) : memref<?xf32>
  %sums = memref.alloc(%c3) : memref<?xf32>
  %flag = memref.alloc() : memref<i32>
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %label = arith.constant 0 : i64
  scf.for %i = %c0 to %c10 step %c1 {
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    memref.store %f, %x[%i] : memref<?xf32>
  }
  // x = 0..9 doubled: 0 2 4 ... 18; sums of the chunks 0-3, 4-7, 8-9 (padded with 0):
  // 12, 44, 34. The launch yields before the sums; the resume does only them, so x is
  // doubled once.
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="sum"
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x: 0 2 4 6 8 10 12 14 16 18
  // CHECK-NEXT: sums: 24 88 68
  memref.store %one, %flag[] : memref<i32>
  %first = ckpt.launch @scale(%x, %sums, %flag)
      : (memref<?xf32>, memref<?xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %first
  memref.store %zero, %flag[] : memref<i32>
  %resumed = ckpt.launch @scale(%x, %sums, %flag) resume_from %label
      : (memref<?xf32>, memref<?xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %resumed
  vector.print str "x:"
  scf.for %i = %c0 to %c10 step %c1 {
    %v = memref.load %x[%i] : memref<?xf32>
    vector.print str " "
    vector.print %v : f32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "sums:"
  scf.for %i = %c0 to %c3 step %c1 {
    %v = memref.load %sums[%i] : memref<?xf32>
    vector.print str " "
    vector.print %v : f32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  memref.dealloc %x : memref<?xf32>
  memref.dealloc %sums : memref<?xf32>
  memref.dealloc %flag : memref<i32>
  return
}
