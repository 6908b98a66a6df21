// --ckpt-convert-tasks-to-gpu{fold-yield-checks=true}: the first kernel after an explicit
// checkpoint, in the same sequence, does that checkpoint's yield check in its prologue;
// the checkpoint is marked ckpt.yield_folded and its plan node gets flags 3.
// RUN: %ckpt_opt %s -split-input-file \
// RUN:   --pass-pipeline='builtin.module(ckpt-convert-tasks-to-gpu{fold-yield-checks=true})' \
// RUN:   | FileCheck %s
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-convert-tasks-to-gpu)' \
// RUN:   | FileCheck %s --check-prefix=NOFOLD
// RUN: %ckpt_opt %s -split-input-file \
// RUN:   --pass-pipeline='builtin.module(ckpt-convert-tasks-to-gpu{fold-yield-checks=true},ckpt-lower-host-dispatch{target=cuda})' \
// RUN:   | FileCheck %s --check-prefix=PLAN

// Checkpoint 1 (cp 0) is followed by checkpoint 2 (cp 1): its check folds into cp 1's
// kernel. Checkpoint 2 is last: nothing to fold into.
// NOFOLD-NOT: ckpt.yield_folded
// NOFOLD-NOT: memref.store {{.*}} : memref<4xi32>
// CHECK-LABEL: func.func @two(
// CHECK-SAME:      %[[A:[a-z0-9_]+]]: memref<?xf32>, %[[F:[a-z0-9_]+]]: memref<i32>, %[[G:[a-z0-9_]+]]: memref<i32>
// CHECK:         %[[STATE:.*]] = ckpt.device_state : memref<4xi32>
// CHECK:         ckpt.checkpoint 1 yield_on %[[F]] : memref<i32> attributes {ckpt.yield_folded, cp_id = 0 : i64} {
// CHECK:           gpu.launch
// CHECK-NOT:         memref.load %[[F]]
// CHECK:           } {ckpt.gate}
// CHECK:         ckpt.checkpoint 2 yield_on %[[G]] : memref<i32> attributes {cp_id = 1 : i64} {
// CHECK:           gpu.launch blocks(%[[BX:[a-z0-9_]+]], %[[BY:[a-z0-9_]+]], %[[BZ:[a-z0-9_]+]]) in ({{.*}}) threads(%[[TX:[a-z0-9_]+]], %[[TY:[a-z0-9_]+]], %[[TZ:[a-z0-9_]+]]) in
// CHECK-NEXT:        %[[GATE:.*]] = arith.constant 1 : i32
// CHECK:             %[[R:.*]] = memref.load %[[STATE]][%{{.*}}] : memref<4xi32>
// CHECK-NEXT:        %[[Y:.*]] = memref.load %[[STATE]][%{{.*}}] : memref<4xi32>
// CHECK-NEXT:        %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:        %[[NOT_Y:.*]] = arith.cmpi eq, %[[Y]], %[[ZERO]] : i32
// CHECK-NEXT:        %[[RAISED_WORD:.*]] = memref.load %[[F]][] : memref<i32>
// CHECK-NEXT:        %[[P:.*]] = arith.constant 0 : i32
// CHECK-NEXT:        %[[M1:.*]] = arith.constant -1 : i32
// CHECK-NEXT:        %[[AT_P:.*]] = arith.cmpi eq, %[[R]], %[[P]] : i32
// CHECK-NEXT:        %[[FRESH:.*]] = arith.cmpi slt, %[[R]], %[[ZERO]] : i32
// CHECK-NEXT:        %[[EITHER:.*]] = arith.ori %[[FRESH]], %[[AT_P]] : i1
// CHECK-NEXT:        %[[RAN:.*]] = arith.andi %[[NOT_Y]], %[[EITHER]] : i1
// CHECK-NEXT:        %[[RAISED:.*]] = arith.cmpi ne, %[[RAISED_WORD]], %[[ZERO]] : i32
// CHECK-NEXT:        %[[YIELDS:.*]] = arith.andi %[[RAN]], %[[RAISED]] : i1
// CHECK-NEXT:        %[[CLEARS:.*]] = arith.andi %[[RAN]], %[[AT_P]] : i1
// CHECK-NEXT:        %[[R2:.*]] = arith.select %[[CLEARS]], %[[M1]], %[[R]] : i32
// CHECK-NEXT:        %[[TRUE:.*]] = arith.constant true
// CHECK-NEXT:        %[[STAYS:.*]] = arith.xori %[[YIELDS]], %[[TRUE]] : i1
// CHECK-NEXT:        %[[O1:.*]] = arith.ori %[[BX]], %[[BY]] : index
// CHECK-NEXT:        %[[O2:.*]] = arith.ori %[[O1]], %[[BZ]] : index
// CHECK-NEXT:        %[[O3:.*]] = arith.ori %[[O2]], %[[TX]] : index
// CHECK-NEXT:        %[[O4:.*]] = arith.ori %[[O3]], %[[TY]] : index
// CHECK-NEXT:        %[[O5:.*]] = arith.ori %[[O4]], %[[TZ]] : index
// CHECK-NEXT:        %[[I0:.*]] = arith.constant 0 : index
// CHECK-NEXT:        %[[FIRST:.*]] = arith.cmpi eq, %[[O5]], %[[I0]] : index
// CHECK-NEXT:        %[[RECORD:.*]] = arith.andi %[[FIRST]], %[[RAN]] : i1
// CHECK-NEXT:        scf.if %[[RECORD]] {
// CHECK-NEXT:          scf.if %[[AT_P]] {
// CHECK-NEXT:            %[[W0:.*]] = arith.constant 0 : index
// CHECK-NEXT:            memref.store %[[M1]], %[[STATE]][%[[W0]]] : memref<4xi32>
// CHECK-NEXT:          }
// CHECK-NEXT:          scf.if %[[RAISED]] {
// CHECK-NEXT:            %[[W2:.*]] = arith.constant 2 : index
// CHECK-NEXT:            memref.store %[[P]], %[[STATE]][%[[W2]]] : memref<4xi32>
// CHECK-NEXT:            %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-NEXT:            %[[W1:.*]] = arith.constant 1 : index
// CHECK-NEXT:            memref.store %[[ONE]], %[[STATE]][%[[W1]]] : memref<4xi32>
// CHECK-NEXT:          }
// CHECK-NEXT:        }
// CHECK-NEXT:        %[[NOT_Y2:.*]] = arith.andi %[[NOT_Y]], %[[STAYS]] : i1
// CHECK-NEXT:        %[[FRESH2:.*]] = arith.cmpi slt, %[[R2]], %[[ZERO]] : i32
// CHECK-NEXT:        %[[HERE:.*]] = arith.cmpi eq, %[[R2]], %[[GATE]] : i32
// CHECK-NEXT:        %[[EITHER2:.*]] = arith.ori %[[FRESH2]], %[[HERE]] : i1
// CHECK-NEXT:        %[[OPEN:.*]] = arith.andi %[[NOT_Y2]], %[[EITHER2]] : i1
// CHECK-NEXT:        scf.if %[[OPEN]] {
// Only the first kernel of the checkpoint does the check.
// CHECK:           gpu.launch
// CHECK-NOT:         memref.load %[[F]]
// CHECK:           } {ckpt.gate}
// PLAN: llvm.mlir.global internal constant @two__ckpt_nodes(dense<[3, 2, -1, 0, 1, 1, -1, 3, 1, 2, 0, -1, -1, -1, -1, -1, 3, 5, -1, 1, 2, 2, -1, 1,
func.func @two(%a: memref<?xf32>, %f: memref<i32>, %g: memref<i32>, %n: index)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  ckpt.checkpoint 1 yield_on %f : memref<i32> attributes {cp_id = 0 : i64} {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %v = memref.load %a[%i] : memref<?xf32>
      memref.store %v, %a[%i] : memref<?xf32>
      scf.reduce
    }
  }
  ckpt.checkpoint 2 yield_on %g : memref<i32> attributes {cp_id = 1 : i64} {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %v = memref.load %a[%i] : memref<?xf32>
      memref.store %v, %a[%i] : memref<?xf32>
      scf.reduce
    }
    scf.for %i = %c0 to %n step %c1 {
      %v = memref.load %a[%i] : memref<?xf32>
      memref.store %v, %a[%i] : memref<?xf32>
    }
  }
  return
}

// -----

// A bare run after the checkpoint does the check; nothing folds into a do-while, across
// its end, or into a checkpoint without tasks.
// CHECK-LABEL: func.func @edges(
// CHECK-SAME:      %{{[a-z0-9_]+}}: memref<?xf32>, %[[F:[a-z0-9_]+]]: memref<i32>, %[[G:[a-z0-9_]+]]: memref<i32>, %[[C:[a-z0-9_]+]]: memref<i32>
// CHECK:         ckpt.checkpoint 1 yield_on %[[F]] : memref<i32> attributes {ckpt.yield_folded, cp_id = 0 : i64}
// CHECK:         gpu.launch
// CHECK:           memref.load %[[F]][] : memref<i32>
// CHECK:           memref.store %{{.*}}, %{{.*}}[%{{.*}}] : memref<?xf32>
// CHECK:         ckpt.checkpoint 2 yield_on %[[G]] : memref<i32> attributes {cp_id = 1 : i64}
// CHECK:         ckpt.do_while %[[C]]
// CHECK:           ckpt.checkpoint 3 yield_on %[[F]] : memref<i32> attributes {cp_id = 2 : i64}
// CHECK:         ckpt.checkpoint 4 yield_on %[[G]] : memref<i32> attributes {cp_id = 3 : i64}
// CHECK-NOT:     ckpt.yield_folded
// CHECK:         return
// Flags: cp 0 folded (3), the others explicit (1); the bare run is a gpu.launch by now,
// so a task node (kind 1).
// PLAN: llvm.mlir.global internal constant @edges__ckpt_nodes(dense<[3, 2, -1, 0, 1, 1, -1, 3, 1, 2, 0, -1, -1, -1, -1, -1, 1, 3, 1, -1, -1, -1, -1, -1, 3, 5, -1, 1, 2, 2, -1, 1,
func.func @edges(%a: memref<?xf32>, %f: memref<i32>, %g: memref<i32>, %cond: memref<i32>, %n: index)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  ckpt.checkpoint 1 yield_on %f : memref<i32> attributes {cp_id = 0 : i64} {
    scf.for %i = %c0 to %n step %c1 {
      memref.store %z, %a[%i] : memref<?xf32>
    }
  }
  memref.store %z, %a[%c0] : memref<?xf32>
  ckpt.checkpoint 2 yield_on %g : memref<i32> attributes {cp_id = 1 : i64} {
    scf.for %i = %c0 to %n step %c1 {
      memref.store %z, %a[%i] : memref<?xf32>
    }
  }
  ckpt.do_while %cond : memref<i32> {
    ckpt.checkpoint 3 yield_on %f : memref<i32> attributes {cp_id = 2 : i64} {
      scf.for %i = %c0 to %n step %c1 {
        memref.store %z, %a[%i] : memref<?xf32>
      }
    }
  }
  ckpt.checkpoint 4 yield_on %g : memref<i32> attributes {cp_id = 3 : i64} {
    scf.for %i = %c0 to %n step %c1 {
      memref.store %z, %a[%i] : memref<?xf32>
    }
  }
  ckpt.checkpoint 5 yield_on %f : memref<i32> attributes {cp_id = 4 : i64} {
  }
  return
}

// -----

// The flag is shared, and the task after checkpoint 1 writes it: its blocks could read
// the flag before or after other blocks raise it again, so checkpoint 1 keeps its check.
// Tasks that do not write it, or only read it, take the checks of checkpoints 2 and 3.
// CHECK-LABEL: func.func @shared(
// CHECK:         ckpt.checkpoint 1 yield_on %{{.*}} : memref<i32> attributes {cp_id = 0 : i64}
// CHECK:         ckpt.checkpoint 2 yield_on %{{.*}} : memref<i32> attributes {ckpt.yield_folded, cp_id = 1 : i64}
// CHECK:         ckpt.checkpoint 3 yield_on %{{.*}} : memref<i32> attributes {ckpt.yield_folded, cp_id = 2 : i64}
// CHECK:         ckpt.checkpoint 4 yield_on %{{.*}} : memref<i32> attributes {cp_id = 3 : i64}
// PLAN: llvm.mlir.global internal constant @shared__ckpt_nodes(dense<[3, 2, -1, 0, 1, 1, -1, 1, 1, 2, 0, -1, -1, -1, -1, -1, 3, 4, -1, 1, 1, 2, -1, 3, 1, 4, 1, -1, -1, -1, -1, -1, 3, 6, -1, 2, 1, 3, -1, 3, 1, 6, 2, -1, -1, -1, -1, -1, 3, 8, -1, 3, 1, 4, -1, 1,
func.func @shared(%a: memref<?xi32>, %f: memref<i32>, %n: index)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  ckpt.checkpoint 1 yield_on %f : memref<i32> attributes {cp_id = 0 : i64} {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      memref.store %one, %a[%i] : memref<?xi32>
      scf.reduce
    }
  }
  ckpt.checkpoint 2 yield_on %f : memref<i32> attributes {cp_id = 1 : i64} {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      memref.store %one, %f[] : memref<i32>
      scf.reduce
    }
  }
  ckpt.checkpoint 3 yield_on %f : memref<i32> attributes {cp_id = 2 : i64} {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      memref.store %one, %a[%i] : memref<?xi32>
      scf.reduce
    }
  }
  ckpt.checkpoint 4 yield_on %f : memref<i32> attributes {cp_id = 3 : i64} {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %v = memref.load %f[] : memref<i32>
      memref.store %v, %a[%i] : memref<?xi32>
      scf.reduce
    }
  }
  return
}
