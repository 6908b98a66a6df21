// --ckpt-convert-gpu-to-host: on the CPU target, gpu.launch and gpu.launch_func tasks of
// graph kernels become an scf.parallel over (grid x block), 6 dimensions from 0 step 1,
// whose body is the kernel's with the ids replaced by the loop's indices and sizes.
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-convert-gpu-to-host)' \
// RUN:   | FileCheck %s
// RUN: %if ckpt-opt %{ %ckpt_opt %s -split-input-file --ckpt-convert-gpu-to-host | FileCheck %s %}

// The launched gpu.func's body is cloned into the loop with its arguments replaced by the
// launch's operands; the gpu.module, launched by nothing any more, is erased.
// CHECK-NOT:   gpu.module
// CHECK-LABEL: func.func @tasks(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: memref<?xf32>, %[[A:[a-z0-9_]+]]: f32)
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[C2:.*]] = arith.constant 2 : index
// CHECK-NEXT:    %[[C3:.*]] = arith.constant 3 : index
// CHECK-NEXT:    %[[C4:.*]] = arith.constant 4 : index
// CHECK-NEXT:    %[[C5:.*]] = arith.constant 5 : index
// CHECK-NEXT:    %[[C6:.*]] = arith.constant 6 : index

// gpu.launch_func grid (1, 2, 3), block (4, 5, 6): block_id y = iv 1, thread_id x = iv 3,
// block_dim x = 4, grid_dim z = 3.
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[STEP:.*]] = arith.constant 1 : index
// CHECK-NEXT:    scf.parallel (%[[BX:[a-z0-9_]+]], %[[BY:[a-z0-9_]+]], %[[BZ:[a-z0-9_]+]], %[[TX:[a-z0-9_]+]], %[[TY:[a-z0-9_]+]], %[[TZ:[a-z0-9_]+]])
// CHECK-SAME:        = (%[[ZERO]], %[[ZERO]], %[[ZERO]], %[[ZERO]], %[[ZERO]], %[[ZERO]])
// CHECK-SAME:        to (%[[C1]], %[[C2]], %[[C3]], %[[C4]], %[[C5]], %[[C6]])
// CHECK-SAME:        step (%[[STEP]], %[[STEP]], %[[STEP]], %[[STEP]], %[[STEP]], %[[STEP]]) {
// CHECK-NEXT:      %[[BASE:.*]] = arith.muli %[[BY]], %[[C4]] : index
// CHECK-NEXT:      %[[I:.*]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK-NEXT:      %[[J:.*]] = arith.addi %[[I]], %[[C3]] : index
// CHECK-NEXT:      %[[V:.*]] = memref.load %[[X]][%[[J]]] : memref<?xf32>
// CHECK-NEXT:      %[[W:.*]] = arith.mulf %[[V]], %[[A]] : f32
// CHECK-NEXT:      memref.store %[[W]], %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    }

// gpu.launch grid (6, 5, 4), block (3, 2, 1): its block arguments and id ops become the
// loop's indices and sizes.
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[STEP:.*]] = arith.constant 1 : index
// CHECK-NEXT:    scf.parallel (%[[BX:[a-z0-9_]+]], %[[BY:[a-z0-9_]+]], %[[BZ:[a-z0-9_]+]], %[[TX:[a-z0-9_]+]], %[[TY:[a-z0-9_]+]], %[[TZ:[a-z0-9_]+]])
// CHECK-SAME:        = (%[[ZERO]], %[[ZERO]], %[[ZERO]], %[[ZERO]], %[[ZERO]], %[[ZERO]])
// CHECK-SAME:        to (%[[C6]], %[[C5]], %[[C4]], %[[C3]], %[[C2]], %[[C1]])
// CHECK-SAME:        step (%[[STEP]], %[[STEP]], %[[STEP]], %[[STEP]], %[[STEP]], %[[STEP]]) {
// CHECK-NEXT:      %[[I:.*]] = arith.addi %[[BX]], %[[TZ]] : index
// CHECK-NEXT:      %[[K:.*]] = arith.addi %[[I]], %[[C2]] : index
// CHECK-NEXT:      %[[L:.*]] = arith.addi %[[K]], %[[C6]] : index
// CHECK-NEXT:      %[[M:.*]] = arith.addi %[[L]], %[[BZ]] : index
// CHECK-NEXT:      %[[V:.*]] = memref.load %[[X]][%[[M]]] : memref<?xf32>
// CHECK-NEXT:      memref.store %[[V]], %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    }
// CHECK-NEXT:    return
// CHECK-NOT:   gpu.
// CHECK:       // -----
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @axpy(%x: memref<?xf32>, %a: f32) kernel {
      %b = gpu.block_id y
      %t = gpu.thread_id x
      %bd = gpu.block_dim x
      %gd = gpu.grid_dim z
      %base = arith.muli %b, %bd : index
      %i = arith.addi %base, %t : index
      %j = arith.addi %i, %gd : index
      %v = memref.load %x[%j] : memref<?xf32>
      %w = arith.mulf %v, %a : f32
      memref.store %w, %x[%i] : memref<?xf32>
      gpu.return
    }
  }
  func.func @tasks(%x: memref<?xf32>, %a: f32) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %c5 = arith.constant 5 : index
    %c6 = arith.constant 6 : index
    gpu.launch_func @kernels::@axpy blocks in (%c1, %c2, %c3) threads in (%c4, %c5, %c6)
        args(%x : memref<?xf32>, %a : f32)
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c6, %gy = %c5, %gz = %c4)
               threads(%tx, %ty, %tz) in (%sx = %c3, %sy = %c2, %sz = %c1) {
      %bid = gpu.block_id z
      %i = arith.addi %bx, %tz : index
      %k = arith.addi %i, %sy : index
      %l = arith.addi %k, %gx : index
      %m = arith.addi %l, %bid : index
      %v = memref.load %x[%m] : memref<?xf32>
      memref.store %v, %x[%i] : memref<?xf32>
      gpu.terminator
    }
    return
  }
}

// -----

// Launches anywhere in a graph kernel are converted: inside a checkpoint, inside a task.
// Launches outside graph kernels are left alone, and so is the gpu.module they launch.
// CHECK-LABEL: gpu.module @kernels
// CHECK:         gpu.func @k(
// CHECK-LABEL: func.func @nested(
// CHECK:         ckpt.checkpoint implicit {
// CHECK-NEXT:      %{{.*}} = arith.constant 0 : index
// CHECK-NEXT:      %{{.*}} = arith.constant 1 : index
// CHECK-NEXT:      scf.parallel (%{{.*}}) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) {
// CHECK-NEXT:        %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:        %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:        memref.store %[[ZERO]], %{{.*}}[%[[C0]]] : memref<?xf32>
// CHECK-NEXT:        scf.reduce
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    scf.for
// CHECK-NEXT:      %{{.*}} = arith.constant 0 : index
// CHECK-NEXT:      %{{.*}} = arith.constant 1 : index
// CHECK-NEXT:      scf.parallel
// CHECK-NOT:       gpu.launch
// CHECK:         return
// CHECK-LABEL: func.func @plain(
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    gpu.launch_func @kernels::@k blocks in (%[[C1]], %[[C1]], %[[C1]]) threads in (%[[C1]], %[[C1]], %[[C1]]) args(%{{.*}} : memref<?xf32>)
// CHECK-NEXT:    gpu.launch blocks
// CHECK-NEXT:      gpu.terminator
// CHECK-NEXT:    }
// CHECK-NEXT:    return
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @k(%x: memref<?xf32>) kernel {
      %c0 = arith.constant 0 : index
      %zero = arith.constant 0.0 : f32
      memref.store %zero, %x[%c0] : memref<?xf32>
      gpu.return
    }
  }
  func.func @nested(%x: memref<?xf32>) attributes {ckpt.graph, ckpt.checkpoints} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    ckpt.checkpoint implicit {
      gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
          args(%x : memref<?xf32>)
    }
    scf.for %i = %c0 to %c1 step %c1 {
      gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
                 threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
        gpu.terminator
      }
    }
    return
  }
  func.func @plain(%x: memref<?xf32>) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
        args(%x : memref<?xf32>)
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
      gpu.terminator
    }
    return
  }
}

// -----

// gpu.global_id is the block id times the block size plus the thread id.
// CHECK-LABEL: func.func @global_id
// CHECK: scf.parallel (%[[BX:.*]], %[[BY:.*]], %[[BZ:.*]], %[[TX:.*]], %[[TY:.*]], %[[TZ:.*]]) =
// CHECK-NOT: gpu.global_id
// CHECK: %[[SCALED:.*]] = arith.muli %[[BY]], %{{.*}} : index
// CHECK: %[[GID:.*]] = arith.addi %[[SCALED]], %[[TY]] : index
// CHECK: memref.store %{{.*}}, %{{.*}}[%[[GID]]]
func.func @global_id(%x: memref<?xi32>) attributes {ckpt.graph} {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c2, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c4, %sz = %c1) {
    %g = gpu.global_id y
    %v = arith.index_cast %g : index to i32
    memref.store %v, %x[%g] : memref<?xi32>
    gpu.terminator
  }
  return
}
