// The use case checkpoints exist for: a Newton loop whose contact detection writes the
// pairs it finds into a fixed-capacity buffer. When they do not fit, the checkpoint asks
// the host for a bigger buffer; the host grows it (allocate, copy, free), clears the
// flag, and resumes from the checkpoint with the new buffer, as many times as needed.
// The step updates positions and velocities in place before and after the checkpoint,
// so only an exact resume (no task re-run, none skipped) ends where a run with a big
// enough buffer from the start ends.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

// Particles on a line. Each Newton iteration moves them by their velocities, finds the
// pairs at most %radius apart (pair k in pairs[2k], pairs[2k+1]; their count in
// %npairs), pushes every pair apart through their velocities, and goes on while fewer
// than %iterations iterations have run.
func.func @step(%pos: memref<?xi32>, %vel: memref<?xi32>, %pairs: memref<?xi32>,
                %npairs: memref<i32>, %overflow: memref<i32>, %newton: memref<i32>,
                %iter: memref<i32>, %radius: i32, %iterations: i32)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %minus_one = arith.constant -1 : i32
  %n = memref.dim %pos, %c0 : memref<?xi32>
  ckpt.do_while %newton : memref<i32> {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %p = memref.load %pos[%i] : memref<?xi32>
      %v = memref.load %vel[%i] : memref<?xi32>
      %moved = arith.addi %p, %v : i32
      memref.store %moved, %pos[%i] : memref<?xi32>
    }
    // Reads positions and writes only %pairs and %npairs, so it is safe to re-run.
    ckpt.checkpoint 0 "contacts" yield_on %overflow : memref<i32> {
      scf.for %unused = %c0 to %c1 step %c1 {
        %slots = memref.dim %pairs, %c0 : memref<?xi32>
        %count = scf.for %i = %c0 to %n step %c1 iter_args(%count_i = %zero) -> (i32) {
          %pi = memref.load %pos[%i] : memref<?xi32>
          %i_i32 = arith.index_cast %i : index to i32
          %next_i = arith.addi %i, %c1 : index
          %count_j = scf.for %j = %next_i to %n step %c1 iter_args(%found = %count_i) -> (i32) {
            %pj = memref.load %pos[%j] : memref<?xi32>
            %d = arith.subi %pi, %pj : i32
            %minus_d = arith.subi %pj, %pi : i32
            %distance = arith.maxsi %d, %minus_d : i32
            %close = arith.cmpi sle, %distance, %radius : i32
            %after = scf.if %close -> (i32) {
              %k = arith.index_cast %found : i32 to index
              %slot = arith.muli %k, %c2 : index
              %fits = arith.cmpi ult, %slot, %slots : index
              scf.if %fits {
                %j_i32 = arith.index_cast %j : index to i32
                %slot_j = arith.addi %slot, %c1 : index
                memref.store %i_i32, %pairs[%slot] : memref<?xi32>
                memref.store %j_i32, %pairs[%slot_j] : memref<?xi32>
              }
              %more = arith.addi %found, %one : i32
              scf.yield %more : i32
            } else {
              scf.yield %found : i32
            }
            scf.yield %after : i32
          }
          scf.yield %count_j : i32
        }
        memref.store %count, %npairs[] : memref<i32>
        %capacity = arith.divui %slots, %c2 : index
        %capacity_i32 = arith.index_cast %capacity : index to i32
        %too_many = arith.cmpi sgt, %count, %capacity_i32 : i32
        scf.if %too_many {
          memref.store %one, %overflow[] : memref<i32>
        }
      }
    }
    scf.for %unused = %c0 to %c1 step %c1 {
      %count = memref.load %npairs[] : memref<i32>
      %count_index = arith.index_cast %count : i32 to index
      scf.for %k = %c0 to %count_index step %c1 {
        %slot = arith.muli %k, %c2 : index
        %slot_j = arith.addi %slot, %c1 : index
        %i_i32 = memref.load %pairs[%slot] : memref<?xi32>
        %j_i32 = memref.load %pairs[%slot_j] : memref<?xi32>
        %i = arith.index_cast %i_i32 : i32 to index
        %j = arith.index_cast %j_i32 : i32 to index
        %pi = memref.load %pos[%i] : memref<?xi32>
        %pj = memref.load %pos[%j] : memref<?xi32>
        %i_left = arith.cmpi sle, %pi, %pj : i32
        %push_i = arith.select %i_left, %minus_one, %one : i32
        %push_j = arith.select %i_left, %one, %minus_one : i32
        %vi = memref.load %vel[%i] : memref<?xi32>
        %vi_new = arith.addi %vi, %push_i : i32
        memref.store %vi_new, %vel[%i] : memref<?xi32>
        %vj = memref.load %vel[%j] : memref<?xi32>
        %vj_new = arith.addi %vj, %push_j : i32
        memref.store %vj_new, %vel[%j] : memref<?xi32>
      }
    }
    scf.for %unused = %c0 to %c1 step %c1 {
      %done = memref.load %iter[] : memref<i32>
      %done_next = arith.addi %done, %one : i32
      memref.store %done_next, %iter[] : memref<i32>
      %more = arith.cmpi slt, %done_next, %iterations : i32
      %more_i32 = arith.extui %more : i1 to i32
      memref.store %more_i32, %newton[] : memref<i32>
    }
  }
  return
}

// Eight particles 4 apart, the outer ones closing in fastest.
memref.global "private" constant @initial_pos : memref<8xi32> = dense<[0, 4, 8, 12, 16, 20, 24, 28]>
memref.global "private" constant @initial_vel : memref<8xi32> = dense<[3, 2, 1, 0, 0, -1, -2, -3]>

func.func @particles() -> (memref<?xi32>, memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %initial_pos = memref.get_global @initial_pos : memref<8xi32>
  %initial_vel = memref.get_global @initial_vel : memref<8xi32>
  %pos = memref.alloc(%c8) : memref<?xi32>
  %vel = memref.alloc(%c8) : memref<?xi32>
  scf.for %i = %c0 to %c8 step %c1 {
    %p = memref.load %initial_pos[%i] : memref<8xi32>
    %v = memref.load %initial_vel[%i] : memref<8xi32>
    memref.store %p, %pos[%i] : memref<?xi32>
    memref.store %v, %vel[%i] : memref<?xi32>
  }
  return %pos, %vel : memref<?xi32>, memref<?xi32>
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %radius = arith.constant 2 : i32
  %iterations = arith.constant 5 : i32
  %npairs = memref.alloc() : memref<i32>
  %overflow = memref.alloc() : memref<i32>
  %newton = memref.alloc() : memref<i32>
  %iter = memref.alloc() : memref<i32>

  // Room for 2 pairs to start with; grown to what the checkpoint found each time.
  // CHECK:      grow: iteration 1 needs 6 pairs
  // CHECK-NEXT: grow: iteration 2 needs 7 pairs
  // CHECK-NEXT: grow: iteration 3 needs 11 pairs
  // CHECK-NEXT: ok: 1 grows: 3 capacity: 11
  // CHECK-NEXT: iterations: 5 pairs: 11
  // CHECK-NEXT: pos: 10 11 12 14 14 16 17 18
  // CHECK-NEXT: vel: -1 -1 0 -1 1 0 1 1
  %pos, %vel = call @particles() : () -> (memref<?xi32>, memref<?xi32>)
  %small = memref.alloc(%c4) : memref<?xi32>
  memref.store %zero, %overflow[] : memref<i32>
  memref.store %one, %newton[] : memref<i32>
  memref.store %zero, %iter[] : memref<i32>
  %first = ckpt.launch @step(%pos, %vel, %small, %npairs, %overflow, %newton, %iter, %radius, %iterations)
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>, memref<i32>, i32, i32) -> !ckpt.status
  %first_ok = ckpt.status_ok %first : i1
  %first_yielded = ckpt.status_yielded %first : i1
  %first_label = ckpt.status_label %first : i64
  %result:5 = scf.while (%ok = %first_ok, %yielded = %first_yielded, %label = %first_label,
                         %buffer = %small, %grows = %zero)
      : (i1, i1, i64, memref<?xi32>, i32) -> (i1, i1, i64, memref<?xi32>, i32) {
    scf.condition(%yielded) %ok, %yielded, %label, %buffer, %grows
        : i1, i1, i64, memref<?xi32>, i32
  } do {
  ^bb0(%ok: i1, %yielded: i1, %label: i64, %buffer: memref<?xi32>, %grows: i32):
    %needed = memref.load %npairs[] : memref<i32>
    %done = memref.load %iter[] : memref<i32>
    vector.print str "grow: iteration "
    vector.print %done : i32 punctuation <no_punctuation>
    vector.print str " needs "
    vector.print %needed : i32 punctuation <no_punctuation>
    vector.print str " pairs\n"
    %needed_index = arith.index_cast %needed : i32 to index
    %slots = arith.muli %needed_index, %c2 : index
    %bigger = memref.alloc(%slots) : memref<?xi32>
    %old_slots = memref.dim %buffer, %c0 : memref<?xi32>
    scf.for %i = %c0 to %old_slots step %c1 {
      %v = memref.load %buffer[%i] : memref<?xi32>
      memref.store %v, %bigger[%i] : memref<?xi32>
    }
    memref.dealloc %buffer : memref<?xi32>
    memref.store %zero, %overflow[] : memref<i32>
    %resumed = ckpt.launch @step(%pos, %vel, %bigger, %npairs, %overflow, %newton, %iter, %radius, %iterations) resume_from %label
        : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>, memref<i32>, i32, i32) -> !ckpt.status
    %resumed_ok = ckpt.status_ok %resumed : i1
    %resumed_yielded = ckpt.status_yielded %resumed : i1
    %resumed_label = ckpt.status_label %resumed : i64
    %grown = arith.addi %grows, %one : i32
    scf.yield %resumed_ok, %resumed_yielded, %resumed_label, %bigger, %grown
        : i1, i1, i64, memref<?xi32>, i32
  }
  %final_slots = memref.dim %result#3, %c0 : memref<?xi32>
  %capacity = arith.divui %final_slots, %c2 : index
  vector.print str "ok: "
  vector.print %result#0 : i1 punctuation <no_punctuation>
  vector.print str " grows: "
  vector.print %result#4 : i32 punctuation <no_punctuation>
  vector.print str " capacity: "
  vector.print %capacity : index
  call @print_state(%pos, %vel, %iter, %npairs) : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> ()

  // A buffer of 32 pairs from the start: no yield, the same end state.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: iterations: 5 pairs: 11
  // CHECK-NEXT: pos: 10 11 12 14 14 16 17 18
  // CHECK-NEXT: vel: -1 -1 0 -1 1 0 1 1
  %pos2, %vel2 = call @particles() : () -> (memref<?xi32>, memref<?xi32>)
  %roomy = memref.alloc(%c64) : memref<?xi32>
  memref.store %zero, %overflow[] : memref<i32>
  memref.store %one, %newton[] : memref<i32>
  memref.store %zero, %iter[] : memref<i32>
  %reference = ckpt.launch @step(%pos2, %vel2, %roomy, %npairs, %overflow, %newton, %iter, %radius, %iterations)
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>, memref<i32>, i32, i32) -> !ckpt.status
  %reference_ok = ckpt.status_ok %reference : i1
  %reference_yielded = ckpt.status_yielded %reference : i1
  %reference_label = ckpt.status_label %reference : i64
  call @print_status(%reference_ok, %reference_yielded, %reference_label) : (i1, i1, i64) -> ()
  call @print_state(%pos2, %vel2, %iter, %npairs) : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> ()
  memref.dealloc %npairs : memref<i32>
  memref.dealloc %overflow : memref<i32>
  memref.dealloc %newton : memref<i32>
  memref.dealloc %iter : memref<i32>
  memref.dealloc %pos : memref<?xi32>
  memref.dealloc %vel : memref<?xi32>
  memref.dealloc %result#3 : memref<?xi32>
  memref.dealloc %pos2 : memref<?xi32>
  memref.dealloc %vel2 : memref<?xi32>
  memref.dealloc %roomy : memref<?xi32>
  return
}

func.func @print_state(%pos: memref<?xi32>, %vel: memref<?xi32>, %iter: memref<i32>,
                       %npairs: memref<i32>) {
  %done = memref.load %iter[] : memref<i32>
  %count = memref.load %npairs[] : memref<i32>
  vector.print str "iterations: "
  vector.print %done : i32 punctuation <no_punctuation>
  vector.print str " pairs: "
  vector.print %count : i32
  vector.print str "pos:"
  call @print_and_clear(%pos) : (memref<?xi32>) -> ()
  vector.print str "vel:"
  call @print_and_clear(%vel) : (memref<?xi32>) -> ()
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
