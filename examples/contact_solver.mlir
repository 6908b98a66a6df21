// One step of an implicit contact solver, with a contact buffer that the host grows on demand.
//
// Eight discs of diameter 1 in the plane, two 2x2 blocks flying at each other. One implicit
// Euler step minimises
//     E(x) = sum_i w/2 |x_i - pred_i|^2  +  sum_{contacts} k/2 min(0, |x_j - x_i| - 1)^2
// (w = m / dt^2, pred = x + dt v) with Newton-like iterations (a diagonal Hessian). Each
// iteration first detects candidate pairs (discs closer than 1 + margin) into a buffer of
// fixed capacity. When the buffer is too small the detection sets %overflow and the launch
// yields at the checkpoint labelled 0 "contacts"; the host allocates a buffer twice as big
// and resumes from that label. Positions are only changed after the checkpoint, and the
// checkpoint starts by resetting the pair count, so running it again is safe.
//
// @main runs the step from a buffer of 4 pairs (it grows twice) and again, on a copy of the
// same initial state, with a buffer big enough for every pair from the start, and checks
// that both end in the same state, bit for bit.
//
//   build/bin/ckpt-run examples/contact_solver.mlir              # CPU target
//   CKPT_TRACE=1 build/bin/ckpt-run examples/contact_solver.mlir # plus the runtime's trace

memref.global "private" constant @initial_positions : memref<8x2xf64> =
    dense<[[0.0, 0.0], [0.98, 0.0], [0.0, 0.98], [0.98, 0.98],
           [2.26, 0.0], [3.24, 0.0], [2.26, 0.98], [3.24, 0.98]]>
memref.global "private" constant @initial_velocities : memref<8x2xf64> =
    dense<[[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [4.0, 0.0],
           [-4.0, 0.0], [-4.0, 0.0], [-4.0, 0.0], [-4.0, 0.0]]>

// The graph kernel. %x and %v are the state, updated in place; %x_start, %x_pred, %grad
// and %hess are workspace; %pairs (capacity = its first dimension) and %count are the
// contact buffer; %overflow is the checkpoint's yield flag; %newton the do-while condition;
// %iterations and %residual report how the solve went.
func.func @step(%x: memref<?x2xf64>, %v: memref<?x2xf64>,
                %x_start: memref<?x2xf64>, %x_pred: memref<?x2xf64>,
                %grad: memref<?x2xf64>, %hess: memref<?x2xf64>,
                %pairs: memref<?x2xi32>, %count: memref<i32>, %overflow: memref<i32>,
                %newton: memref<i32>, %iterations: memref<i32>, %residual: memref<f64>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero_i32 = arith.constant 0 : i32
  %one_i32 = arith.constant 1 : i32
  %zero = arith.constant 0.0 : f64
  %dt = arith.constant 0.1 : f64
  %inertia = arith.constant 100.0 : f64          // w = m / dt^2, m = 1
  %stiffness = arith.constant 1000.0 : f64       // k
  %diameter = arith.constant 1.0 : f64
  %reach_squared = arith.constant 1.21 : f64     // (diameter + margin 0.1)^2
  %tolerance = arith.constant 1.0e-6 : f64
  %max_iterations = arith.constant 100 : i32
  %n = memref.dim %x, %c0 : memref<?x2xf64>

  // Start of the step: remember x, predict where inertia alone would take it, and set up
  // the Newton loop.
  scf.for %once = %c0 to %c1 step %c1 {
    scf.for %i = %c0 to %n step %c1 {
      scf.for %d = %c0 to %c2 step %c1 {
        %xi = memref.load %x[%i, %d] : memref<?x2xf64>
        %vi = memref.load %v[%i, %d] : memref<?x2xf64>
        %step = arith.mulf %dt, %vi : f64
        %pred = arith.addf %xi, %step : f64
        memref.store %xi, %x_start[%i, %d] : memref<?x2xf64>
        memref.store %pred, %x_pred[%i, %d] : memref<?x2xf64>
      }
    }
    memref.store %one_i32, %newton[] : memref<i32>
    memref.store %zero_i32, %iterations[] : memref<i32>
  }

  ckpt.do_while %newton : memref<i32> {
    // Contact detection: every pair closer than the reach, in a fixed order. It reads x and
    // writes only the buffer, the count and the flag, so it can run again after a yield.
    ckpt.checkpoint 0 "contacts" yield_on %overflow : memref<i32> {
      scf.for %once = %c0 to %c1 step %c1 {
        memref.store %zero_i32, %count[] : memref<i32>
      }
      scf.for %i = %c0 to %n step %c1 {
        %capacity = memref.dim %pairs, %c0 : memref<?x2xi32>
        %capacity_i32 = arith.index_cast %capacity : index to i32
        %first_j = arith.addi %i, %c1 : index
        scf.for %j = %first_j to %n step %c1 {
          %xi = memref.load %x[%i, %c0] : memref<?x2xf64>
          %yi = memref.load %x[%i, %c1] : memref<?x2xf64>
          %xj = memref.load %x[%j, %c0] : memref<?x2xf64>
          %yj = memref.load %x[%j, %c1] : memref<?x2xf64>
          %dx = arith.subf %xj, %xi : f64
          %dy = arith.subf %yj, %yi : f64
          %dx2 = arith.mulf %dx, %dx : f64
          %dy2 = arith.mulf %dy, %dy : f64
          %dist2 = arith.addf %dx2, %dy2 : f64
          %near = arith.cmpf olt, %dist2, %reach_squared : f64
          scf.if %near {
            %slot = memref.load %count[] : memref<i32>
            %fits = arith.cmpi slt, %slot, %capacity_i32 : i32
            scf.if %fits {
              %slot_index = arith.index_cast %slot : i32 to index
              %i_i32 = arith.index_cast %i : index to i32
              %j_i32 = arith.index_cast %j : index to i32
              memref.store %i_i32, %pairs[%slot_index, %c0] : memref<?x2xi32>
              memref.store %j_i32, %pairs[%slot_index, %c1] : memref<?x2xi32>
            } else {
              memref.store %one_i32, %overflow[] : memref<i32>
            }
            // Counts every candidate, stored or not: the host sees how many it needs.
            %next = arith.addi %slot, %one_i32 : i32
            memref.store %next, %count[] : memref<i32>
          }
        }
      }
    }

    // Gradient and diagonal Hessian of the inertia term.
    scf.parallel (%i, %d) = (%c0, %c0) to (%n, %c2) step (%c1, %c1) {
      %xi = memref.load %x[%i, %d] : memref<?x2xf64>
      %pred = memref.load %x_pred[%i, %d] : memref<?x2xf64>
      %offset = arith.subf %xi, %pred : f64
      %g = arith.mulf %inertia, %offset : f64
      memref.store %g, %grad[%i, %d] : memref<?x2xf64>
      memref.store %inertia, %hess[%i, %d] : memref<?x2xf64>
    }

    // Contact terms, pair by pair: a penalty on the overlap of the discs.
    scf.for %once = %c0 to %c1 step %c1 {
      %found = memref.load %count[] : memref<i32>
      %found_index = arith.index_cast %found : i32 to index
      %capacity = memref.dim %pairs, %c0 : memref<?x2xi32>
      %stored = arith.minsi %found_index, %capacity : index
      scf.for %p = %c0 to %stored step %c1 {
        %i_i32 = memref.load %pairs[%p, %c0] : memref<?x2xi32>
        %j_i32 = memref.load %pairs[%p, %c1] : memref<?x2xi32>
        %i = arith.index_cast %i_i32 : i32 to index
        %j = arith.index_cast %j_i32 : i32 to index
        %xi = memref.load %x[%i, %c0] : memref<?x2xf64>
        %yi = memref.load %x[%i, %c1] : memref<?x2xf64>
        %xj = memref.load %x[%j, %c0] : memref<?x2xf64>
        %yj = memref.load %x[%j, %c1] : memref<?x2xf64>
        %dx = arith.subf %xj, %xi : f64
        %dy = arith.subf %yj, %yi : f64
        %dx2 = arith.mulf %dx, %dx : f64
        %dy2 = arith.mulf %dy, %dy : f64
        %dist2 = arith.addf %dx2, %dy2 : f64
        %dist = math.sqrt %dist2 : f64
        %gap = arith.subf %dist, %diameter : f64
        %touching = arith.cmpf olt, %gap, %zero : f64
        scf.if %touching {
          // dE/dx_j = k * gap * n and dE/dx_i = -k * gap * n, n = (x_j - x_i) / |x_j - x_i|.
          %force = arith.mulf %stiffness, %gap : f64
          %per_length = arith.divf %force, %dist : f64
          %fx = arith.mulf %per_length, %dx : f64
          %fy = arith.mulf %per_length, %dy : f64
          %gxi = memref.load %grad[%i, %c0] : memref<?x2xf64>
          %gyi = memref.load %grad[%i, %c1] : memref<?x2xf64>
          %gxj = memref.load %grad[%j, %c0] : memref<?x2xf64>
          %gyj = memref.load %grad[%j, %c1] : memref<?x2xf64>
          %gxi2 = arith.subf %gxi, %fx : f64
          %gyi2 = arith.subf %gyi, %fy : f64
          %gxj2 = arith.addf %gxj, %fx : f64
          %gyj2 = arith.addf %gyj, %fy : f64
          memref.store %gxi2, %grad[%i, %c0] : memref<?x2xf64>
          memref.store %gyi2, %grad[%i, %c1] : memref<?x2xf64>
          memref.store %gxj2, %grad[%j, %c0] : memref<?x2xf64>
          memref.store %gyj2, %grad[%j, %c1] : memref<?x2xf64>
          // A diagonal bound on the pair's Hessian block (k per axis) keeps the step stable
          // while the set of touching pairs changes.
          scf.for %d = %c0 to %c2 step %c1 {
            %hi = memref.load %hess[%i, %d] : memref<?x2xf64>
            %hj = memref.load %hess[%j, %d] : memref<?x2xf64>
            %hi2 = arith.addf %hi, %stiffness : f64
            %hj2 = arith.addf %hj, %stiffness : f64
            memref.store %hi2, %hess[%i, %d] : memref<?x2xf64>
            memref.store %hj2, %hess[%j, %d] : memref<?x2xf64>
          }
        }
      }
    }

    // The Newton update, x -= grad / hess, in place; the largest move is the residual.
    scf.for %once = %c0 to %c1 step %c1 {
      %largest = scf.for %i = %c0 to %n step %c1 iter_args(%largest_i = %zero) -> (f64) {
        %largest_d = scf.for %d = %c0 to %c2 step %c1 iter_args(%largest_d_in = %largest_i) -> (f64) {
          %g = memref.load %grad[%i, %d] : memref<?x2xf64>
          %h = memref.load %hess[%i, %d] : memref<?x2xf64>
          %xi = memref.load %x[%i, %d] : memref<?x2xf64>
          %move = arith.divf %g, %h : f64
          %xi2 = arith.subf %xi, %move : f64
          memref.store %xi2, %x[%i, %d] : memref<?x2xf64>
          %size = math.absf %move : f64
          %bigger = arith.maximumf %largest_d_in, %size : f64
          scf.yield %bigger : f64
        }
        scf.yield %largest_d : f64
      }
      memref.store %largest, %residual[] : memref<f64>
    }

    // Convergence test: another iteration while the last move was large and the budget lasts.
    scf.for %once = %c0 to %c1 step %c1 {
      %done_before = memref.load %iterations[] : memref<i32>
      %done = arith.addi %done_before, %one_i32 : i32
      memref.store %done, %iterations[] : memref<i32>
      %move = memref.load %residual[] : memref<f64>
      %moving = arith.cmpf ogt, %move, %tolerance : f64
      %budget_left = arith.cmpi slt, %done, %max_iterations : i32
      %again = arith.andi %moving, %budget_left : i1
      %again_i32 = arith.extui %again : i1 to i32
      memref.store %again_i32, %newton[] : memref<i32>
    }
  }

  // End of the step: the velocity that took x_start to x.
  scf.parallel (%i, %d) = (%c0, %c0) to (%n, %c2) step (%c1, %c1) {
    %xi = memref.load %x[%i, %d] : memref<?x2xf64>
    %x0 = memref.load %x_start[%i, %d] : memref<?x2xf64>
    %moved = arith.subf %xi, %x0 : f64
    %vi = arith.divf %moved, %dt : f64
    memref.store %vi, %v[%i, %d] : memref<?x2xf64>
  }
  return
}

// Runs one step on (%x, %v) starting from a contact buffer of %capacity pairs, growing it
// (twice the size each time) whenever the launch yields at "contacts". Prints what happens
// when %verbose. Returns the final capacity, the number of yields, the Newton iterations
// and 1 if every launch succeeded.
func.func @solve(%x: memref<?x2xf64>, %v: memref<?x2xf64>, %capacity: index, %verbose: i1)
    -> (index, i32, i32, i1) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %zero_i32 = arith.constant 0 : i32
  %one_i32 = arith.constant 1 : i32
  %contacts_label = arith.constant 0 : i64
  %n = memref.dim %x, %c0 : memref<?x2xf64>
  %x_start = memref.alloc(%n) : memref<?x2xf64>
  %x_pred = memref.alloc(%n) : memref<?x2xf64>
  %grad = memref.alloc(%n) : memref<?x2xf64>
  %hess = memref.alloc(%n) : memref<?x2xf64>
  %count = memref.alloc() : memref<i32>
  %overflow = memref.alloc() : memref<i32>
  %newton = memref.alloc() : memref<i32>
  %iterations = memref.alloc() : memref<i32>
  %residual = memref.alloc() : memref<f64>
  %first_pairs = memref.alloc(%capacity) : memref<?x2xi32>

  // The framework never writes the flag: the host clears it before every launch.
  memref.store %zero_i32, %overflow[] : memref<i32>
  %s0 = ckpt.launch @step(%x, %v, %x_start, %x_pred, %grad, %hess, %first_pairs, %count,
                          %overflow, %newton, %iterations, %residual)
      : (memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>,
         memref<?x2xf64>, memref<?x2xi32>, memref<i32>, memref<i32>, memref<i32>, memref<i32>,
         memref<f64>) -> !ckpt.status
  %ok0 = ckpt.status_ok %s0 : i1
  %yielded0 = ckpt.status_yielded %s0 : i1
  %label0 = ckpt.status_label %s0 : i64

  %final:5 = scf.while (%ok = %ok0, %yielded = %yielded0, %label = %label0,
                        %pairs = %first_pairs, %yields = %zero_i32)
      : (i1, i1, i64, memref<?x2xi32>, i32) -> (i1, i1, i64, memref<?x2xi32>, i32) {
    %at_contacts = arith.cmpi eq, %label, %contacts_label : i64
    %grow = arith.andi %yielded, %at_contacts : i1
    %again = arith.andi %ok, %grow : i1
    scf.condition(%again) %ok, %yielded, %label, %pairs, %yields
        : i1, i1, i64, memref<?x2xi32>, i32
  } do {
  ^bb0(%ok: i1, %yielded: i1, %label: i64, %pairs: memref<?x2xi32>, %yields: i32):
    %old_capacity = memref.dim %pairs, %c0 : memref<?x2xi32>
    %new_capacity = arith.muli %old_capacity, %c2 : index
    scf.if %verbose {
      %found = memref.load %count[] : memref<i32>
      %done = memref.load %iterations[] : memref<i32>
      %iteration = arith.addi %done, %one_i32 : i32
      %old_i64 = arith.index_cast %old_capacity : index to i64
      %new_i64 = arith.index_cast %new_capacity : index to i64
      vector.print str "yielded at label "
      vector.print %label : i64 punctuation <no_punctuation>
      vector.print str " (\"contacts\") in Newton iteration "
      vector.print %iteration : i32 punctuation <no_punctuation>
      vector.print str ": "
      vector.print %found : i32 punctuation <no_punctuation>
      vector.print str " candidate pairs, capacity "
      vector.print %old_i64 : i64 punctuation <no_punctuation>
      vector.print str "; growing the buffer to "
      vector.print %new_i64 : i64 punctuation <no_punctuation>
      vector.print str " and resuming\n"
    }
    // The stale pairs need no copy: the resumed checkpoint detects them again.
    memref.dealloc %pairs : memref<?x2xi32>
    %bigger = memref.alloc(%new_capacity) : memref<?x2xi32>
    memref.store %zero_i32, %overflow[] : memref<i32>
    %s = ckpt.launch @step(%x, %v, %x_start, %x_pred, %grad, %hess, %bigger, %count,
                           %overflow, %newton, %iterations, %residual) resume_from %label
        : (memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>,
           memref<?x2xf64>, memref<?x2xi32>, memref<i32>, memref<i32>, memref<i32>, memref<i32>,
           memref<f64>) -> !ckpt.status
    %ok_next = ckpt.status_ok %s : i1
    %yielded_next = ckpt.status_yielded %s : i1
    %label_next = ckpt.status_label %s : i64
    %yields_next = arith.addi %yields, %one_i32 : i32
    scf.yield %ok_next, %yielded_next, %label_next, %bigger, %yields_next
        : i1, i1, i64, memref<?x2xi32>, i32
  }

  %all_ok = arith.andi %final#0, %ok0 : i1
  %unhandled = arith.andi %final#0, %final#1 : i1
  %true = arith.constant true
  %not_unhandled = arith.xori %unhandled, %true : i1
  %success = arith.andi %final#0, %not_unhandled : i1
  %final_capacity = memref.dim %final#3, %c0 : memref<?x2xi32>
  %done = memref.load %iterations[] : memref<i32>
  scf.if %verbose {
    %found = memref.load %count[] : memref<i32>
    vector.print str "finished after "
    vector.print %done : i32 punctuation <no_punctuation>
    vector.print str " Newton iterations with "
    vector.print %found : i32 punctuation <no_punctuation>
    vector.print str " contact pairs\n"
  }
  scf.if %unhandled {
    vector.print str "error: yielded at a label this host does not handle: "
    vector.print %final#2 : i64
  }
  memref.dealloc %final#3 : memref<?x2xi32>
  memref.dealloc %x_start : memref<?x2xf64>
  memref.dealloc %x_pred : memref<?x2xf64>
  memref.dealloc %grad : memref<?x2xf64>
  memref.dealloc %hess : memref<?x2xf64>
  memref.dealloc %count : memref<i32>
  memref.dealloc %overflow : memref<i32>
  memref.dealloc %newton : memref<i32>
  memref.dealloc %iterations : memref<i32>
  memref.dealloc %residual : memref<f64>
  return %final_capacity, %final#4, %done, %success : index, i32, i32, i1
}

// A fresh copy of the initial state.
func.func @initial_state() -> (memref<?x2xf64>, memref<?x2xf64>) {
  %c8 = arith.constant 8 : index
  %positions = memref.get_global @initial_positions : memref<8x2xf64>
  %velocities = memref.get_global @initial_velocities : memref<8x2xf64>
  %x = memref.alloc(%c8) : memref<?x2xf64>
  %v = memref.alloc(%c8) : memref<?x2xf64>
  %x_static = memref.cast %x : memref<?x2xf64> to memref<8x2xf64>
  %v_static = memref.cast %v : memref<?x2xf64> to memref<8x2xf64>
  memref.copy %positions, %x_static : memref<8x2xf64> to memref<8x2xf64>
  memref.copy %velocities, %v_static : memref<8x2xf64> to memref<8x2xf64>
  return %x, %v : memref<?x2xf64>, memref<?x2xf64>
}

// Number of elements of %a and %b that differ (as bits would: no tolerance).
func.func @count_differences(%a: memref<?x2xf64>, %b: memref<?x2xf64>) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %n = memref.dim %a, %c0 : memref<?x2xf64>
  %total = scf.for %i = %c0 to %n step %c1 iter_args(%sum_i = %zero) -> (i32) {
    %row = scf.for %d = %c0 to %c2 step %c1 iter_args(%sum_d = %sum_i) -> (i32) {
      %va = memref.load %a[%i, %d] : memref<?x2xf64>
      %vb = memref.load %b[%i, %d] : memref<?x2xf64>
      %differ = arith.cmpf une, %va, %vb : f64
      %add = arith.select %differ, %one, %zero : i32
      %sum = arith.addi %sum_d, %add : i32
      scf.yield %sum : i32
    }
    scf.yield %row : i32
  }
  return %total : i32
}

func.func @print_state(%x: memref<?x2xf64>, %v: memref<?x2xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x2xf64>
  scf.for %i = %c0 to %n step %c1 {
    %i_i64 = arith.index_cast %i : index to i64
    %px = memref.load %x[%i, %c0] : memref<?x2xf64>
    %py = memref.load %x[%i, %c1] : memref<?x2xf64>
    %vx = memref.load %v[%i, %c0] : memref<?x2xf64>
    %vy = memref.load %v[%i, %c1] : memref<?x2xf64>
    vector.print str "  disc "
    vector.print %i_i64 : i64 punctuation <no_punctuation>
    vector.print str ": x = ("
    vector.print %px : f64 punctuation <no_punctuation>
    vector.print str ", "
    vector.print %py : f64 punctuation <no_punctuation>
    vector.print str ")  v = ("
    vector.print %vx : f64 punctuation <no_punctuation>
    vector.print str ", "
    vector.print %vy : f64 punctuation <no_punctuation>
    vector.print str ")\n"
  }
  return
}

func.func @main() {
  %c4 = arith.constant 4 : index
  %c28 = arith.constant 28 : index     // 8 * 7 / 2: room for every pair
  %true = arith.constant true
  %false = arith.constant false
  %zero_i32 = arith.constant 0 : i32

  vector.print str "contact solver step: 8 discs, contact buffer of 4 pairs\n"
  %x, %v = call @initial_state() : () -> (memref<?x2xf64>, memref<?x2xf64>)
  %capacity, %yields, %iterations, %ok = call @solve(%x, %v, %c4, %true)
      : (memref<?x2xf64>, memref<?x2xf64>, index, i1) -> (index, i32, i32, i1)
  call @print_state(%x, %v) : (memref<?x2xf64>, memref<?x2xf64>) -> ()

  // The growth history, 4 -> 8 -> ..., from the number of doublings.
  vector.print str "grew contact buffer 4"
  %c2 = arith.constant 2 : index
  %yields_index = arith.index_cast %yields : i32 to index
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %last = scf.for %k = %c0 to %yields_index step %c1 iter_args(%size = %c4) -> (index) {
    %next = arith.muli %size, %c2 : index
    %next_i64 = arith.index_cast %next : index to i64
    vector.print str " -> "
    vector.print %next_i64 : i64 punctuation <no_punctuation>
    scf.yield %next : index
  }
  vector.print str " ("
  vector.print %yields : i32 punctuation <no_punctuation>
  vector.print str " yields, each resumed from label 0)\n"

  vector.print str "reference run: contact buffer of 28 pairs from the start\n"
  %x_ref, %v_ref = call @initial_state() : () -> (memref<?x2xf64>, memref<?x2xf64>)
  %capacity_ref, %yields_ref, %iterations_ref, %ok_ref = call @solve(%x_ref, %v_ref, %c28, %false)
      : (memref<?x2xf64>, memref<?x2xf64>, index, i1) -> (index, i32, i32, i1)
  vector.print str "reference run: "
  vector.print %yields_ref : i32 punctuation <no_punctuation>
  vector.print str " yields, "
  vector.print %iterations_ref : i32 punctuation <no_punctuation>
  vector.print str " Newton iterations\n"

  %x_differences = call @count_differences(%x, %x_ref)
      : (memref<?x2xf64>, memref<?x2xf64>) -> i32
  %v_differences = call @count_differences(%v, %v_ref)
      : (memref<?x2xf64>, memref<?x2xf64>) -> i32
  %differences = arith.addi %x_differences, %v_differences : i32
  %same_state = arith.cmpi eq, %differences, %zero_i32 : i32
  %same_iterations = arith.cmpi eq, %iterations, %iterations_ref : i32
  %both_ok = arith.andi %ok, %ok_ref : i1
  %same = arith.andi %same_state, %same_iterations : i1
  %match = arith.andi %same, %both_ok : i1
  scf.if %match {
    vector.print str "final state matches the reference run: yes\n"
  } else {
    vector.print str "final state matches the reference run: no ("
    vector.print %differences : i32 punctuation <no_punctuation>
    vector.print str " values differ)\n"
  }

  memref.dealloc %x : memref<?x2xf64>
  memref.dealloc %v : memref<?x2xf64>
  memref.dealloc %x_ref : memref<?x2xf64>
  memref.dealloc %v_ref : memref<?x2xf64>
  return
}
