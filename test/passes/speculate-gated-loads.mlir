// --ckpt-speculate-gated-loads: the leading loads of a gated task body (the then-block
// of the scf.if marked ckpt.gate) are issued at the start of the kernel body, before the
// gate's state loads, each behind a bounds check so that it cannot fault when the task
// is gated off. The inputs are in the form --ckpt-convert-tasks-to-gpu gives.
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-speculate-gated-loads)' -o %t.once
// RUN: FileCheck %s < %t.once
// Idempotent: a second run changes nothing.
// RUN: %ckpt_opt %t.once -split-input-file --pass-pipeline='builtin.module(ckpt-speculate-gated-loads)' -o %t.twice
// RUN: diff %t.once %t.twice
// RUN: %if ckpt-opt %{ %ckpt_opt %s -split-input-file --ckpt-speculate-gated-loads | FileCheck %s %}

// An scf.parallel task: the gated body computes the thread's iteration, then loads and
// stores under the in-range check. The loads and the index computation they need move
// before the state loads; the in-range check and the rest stay. The loads keep their
// attributes.
// CHECK-LABEL: func.func @parallel(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: memref<?xf32>, %[[Y:[a-z0-9_]+]]: memref<?xf32>, %[[N:[a-z0-9_]+]]: index)
// CHECK-NEXT:    %[[STATE:.*]] = ckpt.device_state : memref<4xi32>
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK:         gpu.launch blocks(%[[BX:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in
// CHECK-SAME:        threads(%[[TX:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%[[BDX:[a-z0-9_]+]] =
// CHECK-NEXT:      %[[BASE:.*]] = arith.muli %[[BX]], %[[BDX]] : index
// CHECK-NEXT:      %[[LINEAR:.*]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK-NEXT:      %[[OFFSET:.*]] = arith.muli %[[LINEAR]], %[[C1]] : index
// CHECK-NEXT:      %[[I:.*]] = arith.addi %[[C0]], %[[OFFSET]] : index
// CHECK-NEXT:      %[[D0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[X_SIZE:.*]] = memref.dim %[[X]], %[[D0]] : memref<?xf32>
// CHECK-NEXT:      %[[X_OK:.*]] = arith.cmpi ult, %[[I]], %[[X_SIZE]] : index
// CHECK-NEXT:      %[[V:.*]] = scf.if %[[X_OK]] -> (f32) {
// CHECK-NEXT:        %[[LOADED:.*]] = memref.load %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:        scf.yield %[[LOADED]] : f32
// CHECK-NEXT:      } else {
// CHECK-NEXT:        %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:        scf.yield %[[ZERO]] : f32
// CHECK-NEXT:      }
// CHECK-NEXT:      %[[D0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[Y_SIZE:.*]] = memref.dim %[[Y]], %[[D0]] : memref<?xf32>
// CHECK-NEXT:      %[[Y_OK:.*]] = arith.cmpi ult, %[[I]], %[[Y_SIZE]] : index
// CHECK-NEXT:      %[[W:.*]] = scf.if %[[Y_OK]] -> (f32) {
// CHECK-NEXT:        %[[LOADED:.*]] = memref.load %[[Y]][%[[I]]] {nontemporal = true} : memref<?xf32>
// CHECK-NEXT:        scf.yield %[[LOADED]] : f32
// CHECK-NEXT:      } else {
// CHECK-NEXT:        %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:        scf.yield %[[ZERO]] : f32
// CHECK-NEXT:      }
// CHECK-NEXT:      %[[GATE:.*]] = arith.constant -2 : i32
// CHECK-NEXT:      %[[I0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[I1:.*]] = arith.constant 1 : index
// CHECK-NEXT:      %[[RESUME_CP:.*]] = memref.load %[[STATE]][%[[I0]]] : memref<4xi32>
// CHECK-NEXT:      %[[YIELDED:.*]] = memref.load %[[STATE]][%[[I1]]] : memref<4xi32>
// CHECK:           %[[ENABLED:.*]] = arith.andi
// CHECK-NEXT:      scf.if %[[ENABLED]] {
// CHECK-NEXT:        %[[IN_RANGE:.*]] = arith.cmpi slt, %[[LINEAR]], %[[N]] : index
// CHECK-NEXT:        scf.if %[[IN_RANGE]] {
// CHECK-NEXT:          %[[SUM:.*]] = arith.addf %[[V]], %[[W]] : f32
// CHECK-NEXT:          memref.store %[[SUM]], %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:        }
// CHECK-NEXT:      } {ckpt.gate}
// CHECK-NEXT:      gpu.terminator
func.func @parallel(%x: memref<?xf32>, %y: memref<?xf32>, %n: index) attributes {ckpt.graph} {
  %state = ckpt.device_state : memref<4xi32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %grid = arith.ceildivsi %n, %c256 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %grid, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c256, %sy = %c1, %sz = %c1) {
    %gate = arith.constant -2 : i32
    %i0 = arith.constant 0 : index
    %i1 = arith.constant 1 : index
    %resume_cp = memref.load %state[%i0] : memref<4xi32>
    %yielded = memref.load %state[%i1] : memref<4xi32>
    %zero = arith.constant 0 : i32
    %not_yielded = arith.cmpi eq, %yielded, %zero : i32
    %fresh = arith.cmpi slt, %resume_cp, %zero : i32
    %here = arith.cmpi eq, %resume_cp, %gate : i32
    %either = arith.ori %fresh, %here : i1
    %run = arith.andi %not_yielded, %either : i1
    scf.if %run {
      %base = arith.muli %bx, %sx : index
      %linear = arith.addi %base, %tx : index
      %in_range = arith.cmpi slt, %linear, %n : index
      %offset = arith.muli %linear, %c1 : index
      %i = arith.addi %c0, %offset : index
      scf.if %in_range {
        %v = memref.load %x[%i] : memref<?xf32>
        %w = memref.load %y[%i] {nontemporal = true} : memref<?xf32>
        %s = arith.addf %v, %w : f32
        memref.store %s, %x[%i] : memref<?xf32>
      }
    } {ckpt.gate}
    gpu.terminator
  }
  return
}

// -----

// A single-thread task: a rank-0 load needs no bounds check and moves as it is; a 2-D
// load checks both indices. The load after the store stays: it may read what the store
// wrote.
// CHECK-LABEL: func.func @single(
// CHECK-SAME:      %[[FLAG:[a-z0-9_]+]]: memref<i32>, %[[M:[a-z0-9_]+]]: memref<4x?xi32>, %[[OUT:[a-z0-9_]+]]: memref<i32>)
// CHECK:         gpu.launch
// CHECK-NEXT:      %[[F:.*]] = memref.load %[[FLAG]][] : memref<i32>
// CHECK-NEXT:      %[[ROW:.*]] = arith.constant 3 : index
// CHECK-NEXT:      %[[COL:.*]] = arith.index_cast %[[F]] : i32 to index
// CHECK-NEXT:      %[[D0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[ROWS:.*]] = memref.dim %[[M]], %[[D0]] : memref<4x?xi32>
// CHECK-NEXT:      %[[ROW_OK:.*]] = arith.cmpi ult, %[[ROW]], %[[ROWS]] : index
// CHECK-NEXT:      %[[D1:.*]] = arith.constant 1 : index
// CHECK-NEXT:      %[[COLS:.*]] = memref.dim %[[M]], %[[D1]] : memref<4x?xi32>
// CHECK-NEXT:      %[[COL_OK:.*]] = arith.cmpi ult, %[[COL]], %[[COLS]] : index
// CHECK-NEXT:      %[[OK:.*]] = arith.andi %[[ROW_OK]], %[[COL_OK]] : i1
// CHECK-NEXT:      %[[E:.*]] = scf.if %[[OK]] -> (i32) {
// CHECK-NEXT:        %[[LOADED:.*]] = memref.load %[[M]][%[[ROW]], %[[COL]]] : memref<4x?xi32>
// CHECK-NEXT:        scf.yield %[[LOADED]] : i32
// CHECK-NEXT:      } else {
// CHECK-NEXT:        %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:        scf.yield %[[ZERO]] : i32
// CHECK-NEXT:      }
// CHECK-NEXT:      %[[GATE:.*]] = arith.constant 0 : i32
// CHECK:           scf.if %{{.*}} {
// CHECK-NEXT:        memref.store %[[E]], %[[OUT]][] : memref<i32>
// CHECK-NEXT:        %[[AFTER:.*]] = memref.load %[[FLAG]][] : memref<i32>
// CHECK-NEXT:        memref.store %[[AFTER]], %[[OUT]][] : memref<i32>
// CHECK-NEXT:      } {ckpt.gate}
func.func @single(%flag: memref<i32>, %m: memref<4x?xi32>, %out: memref<i32>) attributes {ckpt.graph} {
  %state = ckpt.device_state : memref<4xi32>
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %gate = arith.constant 0 : i32
    %i0 = arith.constant 0 : index
    %i1 = arith.constant 1 : index
    %resume_cp = memref.load %state[%i0] : memref<4xi32>
    %yielded = memref.load %state[%i1] : memref<4xi32>
    %zero = arith.constant 0 : i32
    %not_yielded = arith.cmpi eq, %yielded, %zero : i32
    %fresh = arith.cmpi slt, %resume_cp, %zero : i32
    %here = arith.cmpi eq, %resume_cp, %gate : i32
    %either = arith.ori %fresh, %here : i1
    %run = arith.andi %not_yielded, %either : i1
    scf.if %run {
      %f = memref.load %flag[] : memref<i32>
      %row = arith.constant 3 : index
      %col = arith.index_cast %f : i32 to index
      %e = memref.load %m[%row, %col] : memref<4x?xi32>
      memref.store %e, %out[] : memref<i32>
      %after = memref.load %flag[] : memref<i32>
      memref.store %after, %out[] : memref<i32>
    } {ckpt.gate}
    gpu.terminator
  }
  return
}

// -----

// A load whose index is loaded: it is hoisted when the index's load is (@gather, behind
// the index's own bounds check), and stays when that load does (@gather_private: private
// memory is not speculated).
// CHECK-LABEL: func.func @gather(
// CHECK-SAME:      %[[IDX:[a-z0-9_]+]]: memref<?xindex>, %[[X:[a-z0-9_]+]]: memref<?xf32>, %[[OUT:[a-z0-9_]+]]: memref<?xf32>)
// CHECK:         gpu.launch blocks(%{{.*}}) in {{.*}} threads(%[[TX:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}})
// CHECK-NEXT:      %[[D0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[IDX_SIZE:.*]] = memref.dim %[[IDX]], %[[D0]] : memref<?xindex>
// CHECK-NEXT:      %[[IDX_OK:.*]] = arith.cmpi ult, %[[TX]], %[[IDX_SIZE]] : index
// CHECK-NEXT:      %[[J:.*]] = scf.if %[[IDX_OK]] -> (index) {
// CHECK-NEXT:        %[[LOADED:.*]] = memref.load %[[IDX]][%[[TX]]] : memref<?xindex>
// CHECK-NEXT:        scf.yield %[[LOADED]] : index
// CHECK-NEXT:      } else {
// CHECK-NEXT:        %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-NEXT:        scf.yield %[[ZERO]] : index
// CHECK-NEXT:      }
// CHECK-NEXT:      %[[D0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[X_SIZE:.*]] = memref.dim %[[X]], %[[D0]] : memref<?xf32>
// CHECK-NEXT:      %[[X_OK:.*]] = arith.cmpi ult, %[[J]], %[[X_SIZE]] : index
// CHECK-NEXT:      %[[V:.*]] = scf.if %[[X_OK]] -> (f32) {
// CHECK-NEXT:        %[[LOADED:.*]] = memref.load %[[X]][%[[J]]] : memref<?xf32>
// CHECK-NEXT:        scf.yield %[[LOADED]] : f32
// CHECK-NEXT:      } else {
// CHECK:           }
// CHECK-NEXT:      %[[GATE:.*]] = arith.constant -2 : i32
// CHECK:           scf.if %{{.*}} {
// CHECK-NEXT:        memref.store %[[V]], %[[OUT]][%[[TX]]] : memref<?xf32>
// CHECK-NEXT:      } {ckpt.gate}
func.func @gather(%idx: memref<?xindex>, %x: memref<?xf32>, %out: memref<?xf32>) attributes {ckpt.graph} {
  %state = ckpt.device_state : memref<4xi32>
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1) {
    %gate = arith.constant -2 : i32
    %i0 = arith.constant 0 : index
    %i1 = arith.constant 1 : index
    %resume_cp = memref.load %state[%i0] : memref<4xi32>
    %yielded = memref.load %state[%i1] : memref<4xi32>
    %zero = arith.constant 0 : i32
    %not_yielded = arith.cmpi eq, %yielded, %zero : i32
    %fresh = arith.cmpi slt, %resume_cp, %zero : i32
    %here = arith.cmpi eq, %resume_cp, %gate : i32
    %either = arith.ori %fresh, %here : i1
    %run = arith.andi %not_yielded, %either : i1
    scf.if %run {
      %j = memref.load %idx[%tx] : memref<?xindex>
      %v = memref.load %x[%j] : memref<?xf32>
      memref.store %v, %out[%tx] : memref<?xf32>
    } {ckpt.gate}
    gpu.terminator
  }
  return
}

// CHECK-LABEL: func.func @gather_private(
// CHECK:         gpu.launch
// CHECK-NEXT:      %[[GATE:.*]] = arith.constant -2 : i32
// CHECK:           scf.if %{{.*}} {
// CHECK-NEXT:        %[[J:.*]] = memref.load %{{.*}} : memref<?xindex, #gpu.address_space<private>>
// CHECK-NEXT:        %[[V:.*]] = memref.load %{{.*}}[%[[J]]] : memref<?xf32>
// CHECK-NEXT:        memref.store %[[V]]
// CHECK-NEXT:      } {ckpt.gate}
func.func @gather_private(%idx: memref<?xindex, #gpu.address_space<private>>, %x: memref<?xf32>,
                          %out: memref<?xf32>) attributes {ckpt.graph} {
  %state = ckpt.device_state : memref<4xi32>
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1) {
    %gate = arith.constant -2 : i32
    %i0 = arith.constant 0 : index
    %i1 = arith.constant 1 : index
    %resume_cp = memref.load %state[%i0] : memref<4xi32>
    %yielded = memref.load %state[%i1] : memref<4xi32>
    %zero = arith.constant 0 : i32
    %not_yielded = arith.cmpi eq, %yielded, %zero : i32
    %fresh = arith.cmpi slt, %resume_cp, %zero : i32
    %here = arith.cmpi eq, %resume_cp, %gate : i32
    %either = arith.ori %fresh, %here : i1
    %run = arith.andi %not_yielded, %either : i1
    scf.if %run {
      %j = memref.load %idx[%tx] : memref<?xindex, #gpu.address_space<private>>
      %v = memref.load %x[%j] : memref<?xf32>
      memref.store %v, %out[%tx] : memref<?xf32>
    } {ckpt.gate}
    gpu.terminator
  }
  return
}

// -----

// The scan stops at a loop: the load before it is hoisted, the loads in and after it
// stay. It stops at an integer division too, which may not run speculatively.
// CHECK-LABEL: func.func @loop(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: memref<?xf32>, %[[N:[a-z0-9_]+]]: index)
// CHECK:         gpu.launch
// CHECK-NEXT:      %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[D0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[SIZE:.*]] = memref.dim %[[X]], %[[D0]] : memref<?xf32>
// CHECK-NEXT:      %[[OK:.*]] = arith.cmpi ult, %[[C0]], %[[SIZE]] : index
// CHECK-NEXT:      %[[FIRST:.*]] = scf.if %[[OK]] -> (f32) {
// CHECK:           %[[GATE:.*]] = arith.constant -2 : i32
// CHECK:           scf.if %{{.*}} {
// CHECK-NEXT:        %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:        scf.for %[[K:.*]] = %[[C0]] to %[[N]] step %[[C1]] {
// CHECK-NEXT:          %[[V:.*]] = memref.load %[[X]][%[[K]]] : memref<?xf32>
// CHECK-NEXT:          %[[SUM:.*]] = arith.addf %[[V]], %[[FIRST]] : f32
// CHECK-NEXT:          memref.store %[[SUM]], %[[X]][%[[K]]] : memref<?xf32>
// CHECK-NEXT:        }
// CHECK-NEXT:        %[[LAST:.*]] = memref.load %[[X]][%[[C1]]] : memref<?xf32>
// CHECK-NEXT:        memref.store %[[LAST]], %[[X]][%[[C0]]] : memref<?xf32>
// CHECK-NEXT:      } {ckpt.gate}

// CHECK-LABEL: func.func @division(
// CHECK:         gpu.launch
// CHECK-NEXT:      %[[GATE:.*]] = arith.constant -2 : i32
// CHECK:           scf.if %{{.*}} {
// CHECK-NEXT:        arith.divui
// CHECK-NEXT:        memref.load
// CHECK-NEXT:        memref.store
// CHECK-NEXT:      } {ckpt.gate}
func.func @loop(%x: memref<?xf32>, %n: index) attributes {ckpt.graph} {
  %state = ckpt.device_state : memref<4xi32>
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %gate = arith.constant -2 : i32
    %i0 = arith.constant 0 : index
    %i1 = arith.constant 1 : index
    %resume_cp = memref.load %state[%i0] : memref<4xi32>
    %yielded = memref.load %state[%i1] : memref<4xi32>
    %zero = arith.constant 0 : i32
    %not_yielded = arith.cmpi eq, %yielded, %zero : i32
    %fresh = arith.cmpi slt, %resume_cp, %zero : i32
    %here = arith.cmpi eq, %resume_cp, %gate : i32
    %either = arith.ori %fresh, %here : i1
    %run = arith.andi %not_yielded, %either : i1
    scf.if %run {
      %c0 = arith.constant 0 : index
      %first = memref.load %x[%c0] : memref<?xf32>
      %one = arith.constant 1 : index
      scf.for %k = %c0 to %n step %one {
        %v = memref.load %x[%k] : memref<?xf32>
        %s = arith.addf %v, %first : f32
        memref.store %s, %x[%k] : memref<?xf32>
      }
      %last = memref.load %x[%one] : memref<?xf32>
      memref.store %last, %x[%c0] : memref<?xf32>
    } {ckpt.gate}
    gpu.terminator
  }
  return
}

func.func @division(%x: memref<?xf32>, %n: index) attributes {ckpt.graph} {
  %state = ckpt.device_state : memref<4xi32>
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %gate = arith.constant -2 : i32
    %i0 = arith.constant 0 : index
    %i1 = arith.constant 1 : index
    %resume_cp = memref.load %state[%i0] : memref<4xi32>
    %yielded = memref.load %state[%i1] : memref<4xi32>
    %zero = arith.constant 0 : i32
    %not_yielded = arith.cmpi eq, %yielded, %zero : i32
    %fresh = arith.cmpi slt, %resume_cp, %zero : i32
    %here = arith.cmpi eq, %resume_cp, %gate : i32
    %either = arith.ori %fresh, %here : i1
    %run = arith.andi %not_yielded, %either : i1
    scf.if %run {
      %q = arith.divui %tx, %n : index
      %v = memref.load %x[%q] : memref<?xf32>
      memref.store %v, %x[%tx] : memref<?xf32>
    } {ckpt.gate}
    gpu.terminator
  }
  return
}

// -----

// A gate in a kernel the user wrote (a gated gpu.func: the state and the gate come
// first), whose prologue has thread 0 store to the state: the stores write only the
// state, so the body's load still moves above them, with the thread id it needs.
// CHECK-LABEL: gpu.func @scale(
// CHECK-SAME:      %[[STATE:[a-z0-9_]+]]: memref<4xi32>, %[[GATE:[a-z0-9_]+]]: i32, %[[X:[a-z0-9_]+]]: memref<?xf32>)
// CHECK-NEXT:      %[[TID:.*]] = gpu.thread_id x
// CHECK-NEXT:      %[[D0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[SIZE:.*]] = memref.dim %[[X]], %[[D0]] : memref<?xf32>
// CHECK-NEXT:      %[[OK:.*]] = arith.cmpi ult, %[[TID]], %[[SIZE]] : index
// CHECK-NEXT:      %[[V:.*]] = scf.if %[[OK]] -> (f32) {
// CHECK-NEXT:        %[[LOADED:.*]] = memref.load %[[X]][%[[TID]]] : memref<?xf32>
// CHECK-NEXT:        scf.yield %[[LOADED]] : f32
// CHECK-NEXT:      } else {
// CHECK:           }
// CHECK-NEXT:      %[[I0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[I1:.*]] = arith.constant 1 : index
// CHECK-NEXT:      %[[RESUME_CP:.*]] = memref.load %[[STATE]][%[[I0]]] : memref<4xi32>
// CHECK:           memref.store %{{.*}}, %[[STATE]][%[[I0]]] : memref<4xi32>
// CHECK:           scf.if %{{.*}} {
// CHECK-NEXT:        %[[TWICE:.*]] = arith.addf %[[V]], %[[V]] : f32
// CHECK-NEXT:        memref.store %[[TWICE]], %[[X]][%[[TID]]] : memref<?xf32>
// CHECK-NEXT:      } {ckpt.gate}
// CHECK-NEXT:      gpu.return

// The same prologue storing to a kernel argument instead: a hoisted load might read what
// that store writes, so nothing moves.
// CHECK-LABEL: gpu.func @prologue_writes_input(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: memref<?xf32>)
// CHECK-NEXT:      %[[I0:.*]] = arith.constant 0 : index
// CHECK:             memref.store %{{.*}}, %[[X]][%[[I0]]] : memref<?xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.if %{{.*}} {
// CHECK-NEXT:        %[[TID:.*]] = gpu.thread_id x
// CHECK-NEXT:        memref.load
// CHECK:           } {ckpt.gate}
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @scale(%state: memref<4xi32>, %gate: i32, %x: memref<?xf32>) kernel attributes {ckpt.gated} {
      %i0 = arith.constant 0 : index
      %i1 = arith.constant 1 : index
      %resume_cp = memref.load %state[%i0] : memref<4xi32>
      %yielded = memref.load %state[%i1] : memref<4xi32>
      %zero = arith.constant 0 : i32
      %minus_one = arith.constant -1 : i32
      %here = arith.cmpi eq, %resume_cp, %gate : i32
      %tid0 = gpu.thread_id x
      %first = arith.cmpi eq, %tid0, %i0 : index
      %record = arith.andi %first, %here : i1
      scf.if %record {
        memref.store %minus_one, %state[%i0] : memref<4xi32>
      }
      %not_yielded = arith.cmpi eq, %yielded, %zero : i32
      %fresh = arith.cmpi slt, %resume_cp, %zero : i32
      %either = arith.ori %fresh, %here : i1
      %run = arith.andi %not_yielded, %either : i1
      scf.if %run {
        %tid = gpu.thread_id x
        %v = memref.load %x[%tid] : memref<?xf32>
        %twice = arith.addf %v, %v : f32
        memref.store %twice, %x[%tid] : memref<?xf32>
      } {ckpt.gate}
      gpu.return
    }

    gpu.func @prologue_writes_input(%state: memref<4xi32>, %gate: i32, %x: memref<?xf32>) kernel attributes {ckpt.gated} {
      %i0 = arith.constant 0 : index
      %resume_cp = memref.load %state[%i0] : memref<4xi32>
      %here = arith.cmpi eq, %resume_cp, %gate : i32
      %zero = arith.constant 0.0 : f32
      scf.if %here {
        memref.store %zero, %x[%i0] : memref<?xf32>
      }
      scf.if %here {
        %tid = gpu.thread_id x
        %v = memref.load %x[%tid] : memref<?xf32>
        %twice = arith.addf %v, %v : f32
        memref.store %twice, %x[%tid] : memref<?xf32>
      } {ckpt.gate}
      gpu.return
    }
  }
}

// -----

// At most 16 loads per gate: the 17th stays. A second run hoists no more (the RUN lines
// above check that).
// CHECK-LABEL: func.func @many(
// CHECK:         gpu.launch
// CHECK-COUNT-16:  scf.if %{{.*}} -> (f32) {
// CHECK-NOT:       scf.if %{{.*}} -> (f32) {
// CHECK:           %[[GATE:.*]] = arith.constant -2 : i32
// CHECK-NOT:       scf.if %{{.*}} -> (f32) {
// CHECK:           scf.if %{{.*}} {
// CHECK-NEXT:        %[[V17:.*]] = memref.load %{{.*}} : memref<?xf32>
// CHECK-NEXT:        memref.store %[[V17]]
// CHECK-NEXT:      } {ckpt.gate}
func.func @many(%x: memref<?xf32>) attributes {ckpt.graph} {
  %state = ckpt.device_state : memref<4xi32>
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1) {
    %gate = arith.constant -2 : i32
    %i0 = arith.constant 0 : index
    %resume_cp = memref.load %state[%i0] : memref<4xi32>
    %here = arith.cmpi eq, %resume_cp, %gate : i32
    scf.if %here {
      %v1 = memref.load %x[%tx] : memref<?xf32>
      %v2 = memref.load %x[%tx] : memref<?xf32>
      %v3 = memref.load %x[%tx] : memref<?xf32>
      %v4 = memref.load %x[%tx] : memref<?xf32>
      %v5 = memref.load %x[%tx] : memref<?xf32>
      %v6 = memref.load %x[%tx] : memref<?xf32>
      %v7 = memref.load %x[%tx] : memref<?xf32>
      %v8 = memref.load %x[%tx] : memref<?xf32>
      %v9 = memref.load %x[%tx] : memref<?xf32>
      %v10 = memref.load %x[%tx] : memref<?xf32>
      %v11 = memref.load %x[%tx] : memref<?xf32>
      %v12 = memref.load %x[%tx] : memref<?xf32>
      %v13 = memref.load %x[%tx] : memref<?xf32>
      %v14 = memref.load %x[%tx] : memref<?xf32>
      %v15 = memref.load %x[%tx] : memref<?xf32>
      %v16 = memref.load %x[%tx] : memref<?xf32>
      %v17 = memref.load %x[%tx] : memref<?xf32>
      memref.store %v17, %x[%tx] : memref<?xf32>
    } {ckpt.gate}
    gpu.terminator
  }
  return
}

// -----

// Without ckpt.gate nothing changes.
// CHECK-LABEL: func.func @ungated(
// CHECK:         gpu.launch
// CHECK-NEXT:      %[[I0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[RESUME_CP:.*]] = memref.load
// CHECK-NEXT:      %[[HERE:.*]] = arith.cmpi
// CHECK-NEXT:      scf.if %[[HERE]] {
// CHECK-NEXT:        %[[V:.*]] = memref.load %{{.*}} : memref<?xf32>
// CHECK-NEXT:        memref.store %[[V]]
// CHECK-NEXT:      }
// CHECK-NEXT:      gpu.terminator
func.func @ungated(%x: memref<?xf32>, %gate: i32) attributes {ckpt.graph} {
  %state = ckpt.device_state : memref<4xi32>
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %i0 = arith.constant 0 : index
    %resume_cp = memref.load %state[%i0] : memref<4xi32>
    %here = arith.cmpi eq, %resume_cp, %gate : i32
    scf.if %here {
      %v = memref.load %x[%tx] : memref<?xf32>
      memref.store %v, %x[%tx] : memref<?xf32>
    }
    gpu.terminator
  }
  return
}

// -----

// An index computation moved above the gate loses its no-overflow flags: it may now run on
// values the task never sees, and a flag would make them poison under the bounds check.
// CHECK-LABEL: func.func @overflow_flags(
// CHECK:         gpu.launch
// CHECK-NEXT:      %[[I:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK-NOT:       overflow
// CHECK:           memref.dim
// CHECK:         } {ckpt.gate}
module attributes {gpu.container_module} {
  func.func @overflow_flags(%a: memref<?xf32>, %n: index, %s: memref<4xi32>) {
    %c1 = arith.constant 1 : index
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
        threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
      %c0 = arith.constant 0 : index
      %r = memref.load %s[%c0] : memref<4xi32>
      %z = arith.constant 0 : i32
      %run = arith.cmpi eq, %r, %z : i32
      scf.if %run {
        %i = arith.addi %tx, %n overflow<nsw, nuw> : index
        %v = memref.load %a[%i] : memref<?xf32>
        memref.store %v, %a[%tx] : memref<?xf32>
      } {ckpt.gate}
      gpu.terminator
    }
    return
  }
}

// -----

// A kernel built with programmatic-launch reads nothing but the state before its wait:
// the load goes right after the wait, not to the top of the body. A second wait before
// the gate moves the hoist point after it; a store after the last wait still stops the
// pass (the idempotence RUN line above covers this case too).
// CHECK-LABEL: func.func @after_wait(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: memref<?xf32>
// CHECK:         gpu.launch
// CHECK-NEXT:      %[[GATE:.*]] = arith.constant 3 : i32
// CHECK-NEXT:      nvvm.griddepcontrol launch_dependents
// CHECK-NEXT:      %[[I0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[I1:.*]] = arith.constant 1 : index
// CHECK-NEXT:      memref.load %{{.*}}[%[[I0]]] : memref<4xi32>
// CHECK-NEXT:      memref.load %{{.*}}[%[[I1]]] : memref<4xi32>
// CHECK-NEXT:      nvvm.griddepcontrol wait
// CHECK-NEXT:      nvvm.griddepcontrol wait
// CHECK-NEXT:      %[[D0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      memref.dim %[[X]], %[[D0]] : memref<?xf32>
// CHECK-NEXT:      arith.cmpi ult
// CHECK-NEXT:      scf.if
// CHECK-NEXT:        memref.load %[[X]][%[[I0]]] : memref<?xf32>
// CHECK:           arith.constant 0 : i32
// CHECK:         } {ckpt.gate}
// CHECK-LABEL: func.func @store_after_wait(
// CHECK:           nvvm.griddepcontrol wait
// CHECK-NEXT:      memref.store
// CHECK-NEXT:      arith.constant 0 : i32
// CHECK:           scf.if
// CHECK-NEXT:        memref.load
// CHECK:         } {ckpt.gate}
func.func @after_wait(%x: memref<?xf32>) attributes {ckpt.graph} {
  %state = ckpt.device_state : memref<4xi32>
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %gate = arith.constant 3 : i32
    nvvm.griddepcontrol launch_dependents
    %i0 = arith.constant 0 : index
    %i1 = arith.constant 1 : index
    %resume_cp = memref.load %state[%i0] : memref<4xi32>
    %yielded = memref.load %state[%i1] : memref<4xi32>
    nvvm.griddepcontrol wait
    nvvm.griddepcontrol wait
    %zero = arith.constant 0 : i32
    %not_yielded = arith.cmpi eq, %yielded, %zero : i32
    %fresh = arith.cmpi slt, %resume_cp, %zero : i32
    %here = arith.cmpi eq, %resume_cp, %gate : i32
    %either = arith.ori %fresh, %here : i1
    %run = arith.andi %not_yielded, %either : i1
    scf.if %run {
      %v = memref.load %x[%i0] : memref<?xf32>
      %w = arith.addf %v, %v : f32
      memref.store %w, %x[%i0] : memref<?xf32>
    } {ckpt.gate}
    gpu.terminator
  }
  return
}

func.func @store_after_wait(%x: memref<?xf32>) attributes {ckpt.graph} {
  %state = ckpt.device_state : memref<4xi32>
  %c1 = arith.constant 1 : index
  %f = arith.constant 1.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %gate = arith.constant 3 : i32
    %i0 = arith.constant 0 : index
    %i1 = arith.constant 1 : index
    %resume_cp = memref.load %state[%i0] : memref<4xi32>
    %yielded = memref.load %state[%i1] : memref<4xi32>
    nvvm.griddepcontrol wait
    memref.store %f, %x[%i0] : memref<?xf32>
    %zero = arith.constant 0 : i32
    %not_yielded = arith.cmpi eq, %yielded, %zero : i32
    %fresh = arith.cmpi slt, %resume_cp, %zero : i32
    %here = arith.cmpi eq, %resume_cp, %gate : i32
    %either = arith.ori %fresh, %here : i1
    %run = arith.andi %not_yielded, %either : i1
    scf.if %run {
      %v = memref.load %x[%i0] : memref<?xf32>
      memref.store %v, %x[%i0] : memref<?xf32>
    } {ckpt.gate}
    gpu.terminator
  }
  return
}
