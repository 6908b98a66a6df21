// Rank-0 views at a static offset, the way linalg on 0-d tensors bufferizes (a scalar
// slot of a larger buffer): made in a task (memref.subview into a copy and a 0-d
// linalg.generic), passed in from the host, and as a hand-written kernel's parameter,
// inside a checkpoint that yields and is resumed. MLIR's SPIR-V conversion drops a
// rank-0 memref's static offset (it wrote element 0), so on Vulkan these go through the
// flat-buffer views of ckpt-spirv-views.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @bump(%slot: memref<f32, strided<[], offset: 4>>) kernel {
      %v = memref.load %slot[] : memref<f32, strided<[], offset: 4>>
      %one = arith.constant 1.0 : f32
      %w = arith.addf %v, %one : f32
      memref.store %w, %slot[] : memref<f32, strided<[], offset: 4>>
      gpu.return
    }
  }

  func.func @k(%s: memref<f32>, %dst: memref<6xf32>, %slot: memref<f32, strided<[], offset: 3>>,
               %kslot: memref<f32, strided<[], offset: 4>>, %flag: memref<i32>)
      attributes {ckpt.graph, ckpt.checkpoints} {
    %c1 = arith.constant 1 : index
    ckpt.checkpoint 0 "slots" yield_on %flag : memref<i32> {
      %d1 = memref.subview %dst[1] [1] [1] : memref<6xf32> to memref<f32, strided<[], offset: 1>>
      memref.copy %s, %d1 : memref<f32> to memref<f32, strided<[], offset: 1>>
      %d2 = memref.subview %dst[2] [1] [1] : memref<6xf32> to memref<f32, strided<[], offset: 2>>
      linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []}
          ins(%s : memref<f32>) outs(%d2 : memref<f32, strided<[], offset: 2>>) {
      ^bb0(%v: f32, %o: f32):
        %r = arith.addf %v, %o : f32
        linalg.yield %r : f32
      }
      memref.copy %s, %slot : memref<f32> to memref<f32, strided<[], offset: 3>>
      gpu.launch_func @kernels::@bump blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
          args(%kslot : memref<f32, strided<[], offset: 4>>)
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %s = memref.alloc() : memref<f32>
    %dst = memref.alloc() : memref<6xf32>
    %sixteen = arith.constant 16.0 : f32
    memref.store %sixteen, %s[] : memref<f32>
    %init = arith.constant dense<[-1.0, -1.0, 100.0, -1.0, 7.0, -1.0]> : vector<6xf32>
    vector.store %init, %dst[%c0] : memref<6xf32>, vector<6xf32>
    %slot = memref.subview %dst[3] [1] [1] : memref<6xf32> to memref<f32, strided<[], offset: 3>>
    %kslot = memref.subview %dst[4] [1] [1] : memref<6xf32> to memref<f32, strided<[], offset: 4>>
    %flag = memref.alloc() : memref<i32>
    %raised = arith.constant 1 : i32
    %z = arith.constant 0 : i32
    memref.store %raised, %flag[] : memref<i32>
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="slots"
    %st = ckpt.launch @k(%s, %dst, %slot, %kslot, %flag)
        : (memref<f32>, memref<6xf32>, memref<f32, strided<[], offset: 3>>,
           memref<f32, strided<[], offset: 4>>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    // The checkpoint ran twice: dst[2] = 100 + 2 * 16, dst[4] = 7 + 2; the ends untouched.
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    // CHECK-NEXT: ( -1, 16, 132, 16, 9, -1 )
    %st2 = ckpt.launch @k(%s, %dst, %slot, %kslot, %flag) resume_from %label
        : (memref<f32>, memref<6xf32>, memref<f32, strided<[], offset: 3>>,
           memref<f32, strided<[], offset: 4>>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    %d = vector.load %dst[%c0] : memref<6xf32>, vector<6xf32>
    vector.print %d : vector<6xf32>
    memref.dealloc %s : memref<f32>
    memref.dealloc %dst : memref<6xf32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
