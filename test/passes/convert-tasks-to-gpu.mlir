// --ckpt-convert-tasks-to-gpu: every task and run of bare statements of a graph kernel
// becomes a gpu.launch whose body starts with the checkpoint gate
//   run = state[1] == 0 && (state[0] < 0 || state[0] == gate)
// reading the ckpt.device_state made at the kernel's entry.
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-convert-tasks-to-gpu)' \
// RUN:   | FileCheck %s
// RUN: %if ckpt-opt %{ %ckpt_opt %s -split-input-file --ckpt-convert-tasks-to-gpu | FileCheck %s %}

// scf.parallel becomes a grid with one thread per iteration: per dimension,
// trips = (upper - lower) ceildiv step, grid = max(trips ceildiv block, 1), with blocks
// of 256 (1-D), 32x8 (2-D) and 8x8x4 (3-D). Each thread computes its iteration from its
// ids and runs only when it is in range.
// CHECK:       module attributes {gpu.container_module}
// CHECK-LABEL: func.func @grids(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: memref<?xf32>, %[[M:[a-z0-9_]+]]: memref<?x?xf32>, %[[C:[a-z0-9_]+]]: memref<?x?x?xf32>, %[[LO:[a-z0-9_]+]]: index, %[[HI:[a-z0-9_]+]]: index, %[[ST:[a-z0-9_]+]]: index)
// CHECK-NEXT:    %[[STATE:.*]] = ckpt.device_state : memref<4xi32>
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index

// 1-D
// CHECK-NEXT:    %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[SPAN:.*]] = arith.subi %[[HI]], %[[LO]] : index
// CHECK-NEXT:    %[[TRIPS:.*]] = arith.ceildivsi %[[SPAN]], %[[ST]] : index
// CHECK-NEXT:    %[[B256:.*]] = arith.constant 256 : index
// CHECK-NEXT:    %[[BLOCKS:.*]] = arith.ceildivsi %[[TRIPS]], %[[B256]] : index
// CHECK-NEXT:    %[[GRID:.*]] = arith.maxsi %[[BLOCKS]], %[[ONE]] : index
// CHECK-NEXT:    gpu.launch blocks(%[[BX:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[GRID]], %{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]])
// CHECK-SAME:        threads(%[[TX:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%[[BDX:[a-z0-9_]+]] = %[[B256]], %{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]]) {
// CHECK-NEXT:      %[[GATE:.*]] = arith.constant -2 : i32
// CHECK-NEXT:      %[[I0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[I1:.*]] = arith.constant 1 : index
// CHECK-NEXT:      %[[RESUME_CP:.*]] = memref.load %[[STATE]][%[[I0]]] : memref<4xi32>
// CHECK-NEXT:      %[[YIELDED:.*]] = memref.load %[[STATE]][%[[I1]]] : memref<4xi32>
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:      %[[NOT_YIELDED:.*]] = arith.cmpi eq, %[[YIELDED]], %[[ZERO]] : i32
// CHECK-NEXT:      %[[FRESH:.*]] = arith.cmpi slt, %[[RESUME_CP]], %[[ZERO]] : i32
// CHECK-NEXT:      %[[HERE:.*]] = arith.cmpi eq, %[[RESUME_CP]], %[[GATE]] : i32
// CHECK-NEXT:      %[[EITHER:.*]] = arith.ori %[[FRESH]], %[[HERE]] : i1
// CHECK-NEXT:      %[[ENABLED:.*]] = arith.andi %[[NOT_YIELDED]], %[[EITHER]] : i1
// CHECK-NEXT:      scf.if %[[ENABLED]] {
// CHECK-NEXT:        %[[BASE:.*]] = arith.muli %[[BX]], %[[BDX]] : index
// CHECK-NEXT:        %[[LINEAR:.*]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK-NEXT:        %[[IN_RANGE:.*]] = arith.cmpi slt, %[[LINEAR]], %[[TRIPS]] : index
// CHECK-NEXT:        %[[OFFSET:.*]] = arith.muli %[[LINEAR]], %[[ST]] : index
// CHECK-NEXT:        %[[I:.*]] = arith.addi %[[LO]], %[[OFFSET]] : index
// CHECK-NEXT:        scf.if %[[IN_RANGE]] {
// CHECK-NEXT:          %[[V:.*]] = memref.load %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:          memref.store %[[V]], %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:      gpu.terminator
// CHECK-NEXT:    }

// 2-D
// CHECK-NEXT:    %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[SPAN0:.*]] = arith.subi %[[HI]], %[[C0]] : index
// CHECK-NEXT:    %[[TRIPS0:.*]] = arith.ceildivsi %[[SPAN0]], %[[C1]] : index
// CHECK-NEXT:    %[[B32:.*]] = arith.constant 32 : index
// CHECK-NEXT:    %[[BLOCKS0:.*]] = arith.ceildivsi %[[TRIPS0]], %[[B32]] : index
// CHECK-NEXT:    %[[GRID0:.*]] = arith.maxsi %[[BLOCKS0]], %[[ONE]] : index
// CHECK-NEXT:    %[[SPAN1:.*]] = arith.subi %[[HI]], %[[LO]] : index
// CHECK-NEXT:    %[[TRIPS1:.*]] = arith.ceildivsi %[[SPAN1]], %[[ST]] : index
// CHECK-NEXT:    %[[B8:.*]] = arith.constant 8 : index
// CHECK-NEXT:    %[[BLOCKS1:.*]] = arith.ceildivsi %[[TRIPS1]], %[[B8]] : index
// CHECK-NEXT:    %[[GRID1:.*]] = arith.maxsi %[[BLOCKS1]], %[[ONE]] : index
// CHECK-NEXT:    gpu.launch blocks(%[[BX:[a-z0-9_]+]], %[[BY:[a-z0-9_]+]], %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[GRID0]], %{{[a-z0-9_]+}} = %[[GRID1]], %{{[a-z0-9_]+}} = %[[ONE]])
// CHECK-SAME:        threads(%[[TX:[a-z0-9_]+]], %[[TY:[a-z0-9_]+]], %{{[a-z0-9_]+}}) in (%[[BDX:[a-z0-9_]+]] = %[[B32]], %[[BDY:[a-z0-9_]+]] = %[[B8]], %{{[a-z0-9_]+}} = %[[ONE]]) {
// CHECK-NEXT:      %[[GATE:.*]] = arith.constant -2 : i32
// CHECK:           scf.if %{{.*}} {
// CHECK-NEXT:        %[[BASE0:.*]] = arith.muli %[[BX]], %[[BDX]] : index
// CHECK-NEXT:        %[[LINEAR0:.*]] = arith.addi %[[BASE0]], %[[TX]] : index
// CHECK-NEXT:        %[[IN_RANGE0:.*]] = arith.cmpi slt, %[[LINEAR0]], %[[TRIPS0]] : index
// CHECK-NEXT:        %[[OFFSET0:.*]] = arith.muli %[[LINEAR0]], %[[C1]] : index
// CHECK-NEXT:        %[[I:.*]] = arith.addi %[[C0]], %[[OFFSET0]] : index
// CHECK-NEXT:        %[[BASE1:.*]] = arith.muli %[[BY]], %[[BDY]] : index
// CHECK-NEXT:        %[[LINEAR1:.*]] = arith.addi %[[BASE1]], %[[TY]] : index
// CHECK-NEXT:        %[[IN_RANGE1:.*]] = arith.cmpi slt, %[[LINEAR1]], %[[TRIPS1]] : index
// CHECK-NEXT:        %[[IN_RANGE:.*]] = arith.andi %[[IN_RANGE0]], %[[IN_RANGE1]] : i1
// CHECK-NEXT:        %[[OFFSET1:.*]] = arith.muli %[[LINEAR1]], %[[ST]] : index
// CHECK-NEXT:        %[[J:.*]] = arith.addi %[[LO]], %[[OFFSET1]] : index
// CHECK-NEXT:        scf.if %[[IN_RANGE]] {
// CHECK-NEXT:          %[[V:.*]] = memref.load %[[M]][%[[I]], %[[J]]] : memref<?x?xf32>
// CHECK-NEXT:          memref.store %[[V]], %[[M]][%[[I]], %[[J]]] : memref<?x?xf32>
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:      gpu.terminator
// CHECK-NEXT:    }

// 3-D
// CHECK-NEXT:    %[[ONE:.*]] = arith.constant 1 : index
// CHECK:         %[[B8X:.*]] = arith.constant 8 : index
// CHECK-NEXT:    %{{.*}} = arith.ceildivsi %{{.*}}, %[[B8X]] : index
// CHECK-NEXT:    %[[GRID0:.*]] = arith.maxsi %{{.*}}, %[[ONE]] : index
// CHECK:         %[[B8Y:.*]] = arith.constant 8 : index
// CHECK-NEXT:    %{{.*}} = arith.ceildivsi %{{.*}}, %[[B8Y]] : index
// CHECK-NEXT:    %[[GRID1:.*]] = arith.maxsi %{{.*}}, %[[ONE]] : index
// CHECK:         %[[TRIPS2:.*]] = arith.ceildivsi %{{.*}}, %[[C1]] : index
// CHECK-NEXT:    %[[B4:.*]] = arith.constant 4 : index
// CHECK-NEXT:    %[[BLOCKS2:.*]] = arith.ceildivsi %[[TRIPS2]], %[[B4]] : index
// CHECK-NEXT:    %[[GRID2:.*]] = arith.maxsi %[[BLOCKS2]], %[[ONE]] : index
// CHECK-NEXT:    gpu.launch blocks(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %[[BZ:[a-z0-9_]+]]) in (%{{[a-z0-9_]+}} = %[[GRID0]], %{{[a-z0-9_]+}} = %[[GRID1]], %{{[a-z0-9_]+}} = %[[GRID2]])
// CHECK-SAME:        threads(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %[[TZ:[a-z0-9_]+]]) in (%{{[a-z0-9_]+}} = %[[B8X]], %{{[a-z0-9_]+}} = %[[B8Y]], %[[BDZ:[a-z0-9_]+]] = %[[B4]]) {
// CHECK:           %[[BASE2:.*]] = arith.muli %[[BZ]], %[[BDZ]] : index
// CHECK-NEXT:      %[[LINEAR2:.*]] = arith.addi %[[BASE2]], %[[TZ]] : index
// CHECK-NEXT:      %[[IN_RANGE2:.*]] = arith.cmpi slt, %[[LINEAR2]], %[[TRIPS2]] : index
// CHECK-NEXT:      %[[IN_RANGE:.*]] = arith.andi %{{.*}}, %[[IN_RANGE2]] : i1
// CHECK:           scf.if %[[IN_RANGE]] {
// CHECK-NEXT:        memref.load %[[C]]
// CHECK-NOT:     scf.parallel
// CHECK:         return
func.func @grids(%x: memref<?xf32>, %m: memref<?x?xf32>, %c: memref<?x?x?xf32>,
                 %lo: index, %hi: index, %st: index) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%lo) to (%hi) step (%st) {
    %v = memref.load %x[%i] : memref<?xf32>
    memref.store %v, %x[%i] : memref<?xf32>
  }
  scf.parallel (%i, %j) = (%c0, %lo) to (%hi, %hi) step (%c1, %st) {
    %v = memref.load %m[%i, %j] : memref<?x?xf32>
    memref.store %v, %m[%i, %j] : memref<?x?xf32>
  }
  scf.parallel (%i, %j, %k) = (%c0, %c0, %c0) to (%hi, %hi, %hi) step (%c1, %c1, %c1) {
    %v = memref.load %c[%i, %j, %k] : memref<?x?x?xf32>
    memref.store %v, %c[%i, %j, %k] : memref<?x?x?xf32>
  }
  return
}

// -----

// scf.for, func.call and runs of bare statements run on a single thread. The gate is -2
// outside checkpoints and the checkpoint's cp_id inside one.
// CHECK-LABEL: func.func @single(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: memref<?xf32>, %[[FLAG:[a-z0-9_]+]]: memref<i32>, %[[N:[a-z0-9_]+]]: index)
// CHECK-NEXT:    %[[STATE:.*]] = ckpt.device_state : memref<4xi32>
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index

// CHECK-NEXT:    %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT:    gpu.launch blocks(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]])
// CHECK-SAME:        threads(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]]) {
// CHECK-NEXT:      %[[GATE:.*]] = arith.constant -2 : i32
// CHECK:           %[[RESUME_CP:.*]] = memref.load %[[STATE]][
// CHECK:           arith.cmpi eq, %[[RESUME_CP]], %[[GATE]] : i32
// CHECK:           scf.if %{{.*}} {
// CHECK-NEXT:        scf.for %{{.*}} = %[[C0]] to %[[N]] step %[[C1]] {
// CHECK:             }
// CHECK-NEXT:      }
// CHECK-NEXT:      gpu.terminator
// CHECK-NEXT:    }

// CHECK-NEXT:    ckpt.checkpoint implicit attributes {cp_id = 0 : i64} {
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT:      gpu.launch blocks(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]])
// CHECK-SAME:          threads(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]]) {
// CHECK-NEXT:        %[[GATE:.*]] = arith.constant 0 : i32
// CHECK:             %[[RESUME_CP:.*]] = memref.load %[[STATE]][
// CHECK:             arith.cmpi eq, %[[RESUME_CP]], %[[GATE]] : i32
// CHECK:             scf.if %{{.*}} {
// CHECK-NEXT:          func.call @helper(%[[X]]) : (memref<?xf32>) -> ()
// CHECK-NEXT:        }
// CHECK-NEXT:        gpu.terminator
// CHECK-NEXT:      }
// CHECK-NEXT:    }

// CHECK-NEXT:    ckpt.checkpoint 5 yield_on %[[FLAG]] : memref<i32> attributes {cp_id = 1 : i64} {
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT:      gpu.launch blocks(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]])
// CHECK-NEXT:        %[[GATE:.*]] = arith.constant 1 : i32
// CHECK:             %[[RESUME_CP:.*]] = memref.load %[[STATE]][
// CHECK:             arith.cmpi eq, %[[RESUME_CP]], %[[GATE]] : i32
// CHECK:             scf.if %{{.*}} {
// CHECK-NEXT:          scf.for %{{.*}} = %[[C0]] to %[[N]] step %[[C1]] {
// CHECK:               }
// CHECK-NEXT:        }
// CHECK-NEXT:        gpu.terminator
// CHECK-NEXT:      }
// CHECK-NEXT:    }

// The bare run: the constant defined before it stays on the host (the kernel captures
// it), the one between its statements moves into the kernel.
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT:    gpu.launch blocks(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]], %{{[a-z0-9_]+}} = %[[ONE]])
// CHECK-NEXT:      %[[GATE:.*]] = arith.constant -2 : i32
// CHECK:           %[[RESUME_CP:.*]] = memref.load %[[STATE]][
// CHECK:           arith.cmpi eq, %[[RESUME_CP]], %[[GATE]] : i32
// CHECK:           scf.if %{{.*}} {
// CHECK-NEXT:        memref.store %[[ZERO]], %[[FLAG]][] : memref<i32>
// CHECK-NEXT:        %[[ONE_I32:.*]] = arith.constant 1 : i32
// CHECK-NEXT:        memref.store %[[ONE_I32]], %[[FLAG]][] : memref<i32>
// CHECK-NEXT:      }
// CHECK-NEXT:      gpu.terminator
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func private @helper(%x: memref<?xf32>)

func.func @single(%x: memref<?xf32>, %flag: memref<i32>, %n: index)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<?xf32>
    memref.store %v, %x[%i] : memref<?xf32>
  }
  ckpt.checkpoint implicit {
    func.call @helper(%x) : (memref<?xf32>) -> ()
  }
  ckpt.checkpoint 5 yield_on %flag : memref<i32> {
    scf.for %i = %c0 to %n step %c1 {
      %v = memref.load %x[%i] : memref<?xf32>
      memref.store %v, %x[%i] : memref<?xf32>
    }
  }
  %zero = arith.constant 0 : i32
  memref.store %zero, %flag[] : memref<i32>
  %one = arith.constant 1 : i32
  memref.store %one, %flag[] : memref<i32>
  return
}

// -----

// A kernel the user wrote: its gpu.func takes the state and the gate first and checks the
// gate itself, once, though two launches use it; each launch passes the state and its
// own gate. A gpu.launch keeps its shape and gets the gate in its body.
// CHECK-LABEL: gpu.func @scale(
// CHECK-SAME:      %[[STATE:[a-z0-9_]+]]: memref<4xi32>, %[[GATE:[a-z0-9_]+]]: i32, %[[X:[a-z0-9_]+]]: memref<?xf32>, %{{[a-z0-9_]+}}: index) kernel attributes {ckpt.gated} {
// CHECK-NEXT:      %[[I0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[I1:.*]] = arith.constant 1 : index
// CHECK-NEXT:      %[[RESUME_CP:.*]] = memref.load %[[STATE]][%[[I0]]] : memref<4xi32>
// CHECK-NEXT:      %[[YIELDED:.*]] = memref.load %[[STATE]][%[[I1]]] : memref<4xi32>
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:      %[[NOT_YIELDED:.*]] = arith.cmpi eq, %[[YIELDED]], %[[ZERO]] : i32
// CHECK-NEXT:      %[[FRESH:.*]] = arith.cmpi slt, %[[RESUME_CP]], %[[ZERO]] : i32
// CHECK-NEXT:      %[[HERE:.*]] = arith.cmpi eq, %[[RESUME_CP]], %[[GATE]] : i32
// CHECK-NEXT:      %[[EITHER:.*]] = arith.ori %[[FRESH]], %[[HERE]] : i1
// CHECK-NEXT:      %[[ENABLED:.*]] = arith.andi %[[NOT_YIELDED]], %[[EITHER]] : i1
// CHECK-NEXT:      scf.if %[[ENABLED]] {
// CHECK-NEXT:        %[[TID:.*]] = gpu.thread_id x
// CHECK-NEXT:        %[[V:.*]] = memref.load %[[X]][%[[TID]]] : memref<?xf32>
// CHECK-NEXT:        memref.store %[[V]], %[[X]][%[[TID]]] : memref<?xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:      gpu.return
// CHECK-NEXT:    }

// CHECK-LABEL: func.func @user_kernels(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: memref<?xf32>, %[[FLAG:[a-z0-9_]+]]: memref<i32>, %[[N:[a-z0-9_]+]]: index)
// CHECK-NEXT:    %[[STATE:.*]] = ckpt.device_state : memref<4xi32>
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[C64:.*]] = arith.constant 64 : index
// CHECK-NEXT:    ckpt.checkpoint 2 yield_on %[[FLAG]] : memref<i32> attributes {cp_id = 0 : i64} {
// CHECK-NEXT:      %[[CP0:.*]] = arith.constant 0 : i32
// CHECK-NEXT:      gpu.launch_func @kernels::@scale blocks in (%[[C1]], %[[C1]], %[[C1]]) threads in (%[[C64]], %[[C1]], %[[C1]]) args(%[[STATE]] : memref<4xi32>, %[[CP0]] : i32, %[[X]] : memref<?xf32>, %[[N]] : index)
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[OUTSIDE:.*]] = arith.constant -2 : i32
// CHECK-NEXT:    gpu.launch_func @kernels::@scale blocks in (%[[C1]], %[[C1]], %[[C1]]) threads in (%[[C64]], %[[C1]], %[[C1]]) args(%[[STATE]] : memref<4xi32>, %[[OUTSIDE]] : i32, %[[X]] : memref<?xf32>, %[[N]] : index)
// CHECK-NEXT:    gpu.launch blocks(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C1]], %{{[a-z0-9_]+}} = %[[C1]], %{{[a-z0-9_]+}} = %[[C1]])
// CHECK-SAME:        threads(%[[TX:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C64]], %{{[a-z0-9_]+}} = %[[C1]], %{{[a-z0-9_]+}} = %[[C1]]) {
// CHECK-NEXT:      %[[GATE:.*]] = arith.constant -2 : i32
// CHECK:           %[[RESUME_CP:.*]] = memref.load %[[STATE]][
// CHECK:           arith.cmpi eq, %[[RESUME_CP]], %[[GATE]] : i32
// CHECK:           scf.if %{{.*}} {
// CHECK-NEXT:        %[[V:.*]] = memref.load %[[X]][%[[TX]]] : memref<?xf32>
// CHECK-NEXT:        memref.store %[[V]], %[[X]][%[[TX]]] : memref<?xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:      gpu.terminator
// CHECK-NEXT:    }
// CHECK-NEXT:    return
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @scale(%x: memref<?xf32>, %n: index) kernel {
      %i = gpu.thread_id x
      %v = memref.load %x[%i] : memref<?xf32>
      memref.store %v, %x[%i] : memref<?xf32>
      gpu.return
    }
  }
  func.func @user_kernels(%x: memref<?xf32>, %flag: memref<i32>, %n: index)
      attributes {ckpt.graph, ckpt.checkpoints} {
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    ckpt.checkpoint 2 yield_on %flag : memref<i32> {
      gpu.launch_func @kernels::@scale blocks in (%c1, %c1, %c1) threads in (%c64, %c1, %c1)
          args(%x : memref<?xf32>, %n : index)
    }
    gpu.launch_func @kernels::@scale blocks in (%c1, %c1, %c1) threads in (%c64, %c1, %c1)
        args(%x : memref<?xf32>, %n : index)
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1) {
      %v = memref.load %x[%tx] : memref<?xf32>
      memref.store %v, %x[%tx] : memref<?xf32>
      gpu.terminator
    }
    return
  }
}
