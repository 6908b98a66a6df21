// The contact-solver step of examples/contact_solver.mlir at scale (bench/contact/README.md).
//
// N discs of diameter 1 in the plane; one implicit Euler step minimises
//     E(x) = sum_i w/2 |x_i - pred_i|^2  +  sum_{contacts} k/2 min(0, |x_j - x_i| - 1)^2
// with Newton-like iterations (a diagonal Hessian), as the example does. Detection uses a
// uniform grid of cells at least as wide as the reach, so it is O(N): each body looks at the
// 3x3 cells around its own. The contact buffer is a neighbour list of fixed capacity per
// body (`%neighbours`, N x capacity), the layout GPU particle codes use; a body with more
// candidates than the capacity raises %overflow, and the host grows the capacity.
//
// Every sum is taken in a fixed order (cells sorted by body index, neighbours in cell
// order), so the final state does not depend on thread timing: every variant of the
// benchmark must end in the same state, bit for bit.
//
// bench/contact/assemble.sh adds @step_plain, the same kernel without the checkpoint (the
// lines marked ckpt-only removed), for the variants that do without checkpoints.

// The graph kernel. %x, %v: the state, updated in place. %x_start, %x_pred, %grad, %hess:
// workspace. %cell_count (cells_y x cells_x) and %cell_bodies (cells_y x cells_x x slots):
// the grid. %neighbours (N x capacity) and %neighbour_count (N): the contact buffer.
// %overflow: the checkpoint's yield flag. %grid_overflow: set when a cell has more bodies
// than slots (the host treats it as an error). %moving, %newton, %iterations: the Newton
// loop's convergence flag, do-while condition and count.
func.func @step(%x: memref<?x2xf64>, %v: memref<?x2xf64>,
                %x_start: memref<?x2xf64>, %x_pred: memref<?x2xf64>,
                %grad: memref<?x2xf64>, %hess: memref<?x2xf64>,
                %cell_count: memref<?x?xi32>, %cell_bodies: memref<?x?x?xi32>,
                %neighbours: memref<?x?xi32>, %neighbour_count: memref<?xi32>,
                %overflow: memref<i32>, %grid_overflow: memref<i32>, %moving: memref<i32>,
                %newton: memref<i32>, %iterations: memref<i32>)
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
  %cell_size = arith.constant 1.25 : f64         // at least the reach: 3x3 cells suffice
  %tolerance = arith.constant 1.0e-6 : f64
  %max_iterations = arith.constant 8 : i32
  %n = memref.dim %x, %c0 : memref<?x2xf64>
  %cells_y = memref.dim %cell_count, %c0 : memref<?x?xi32>
  %cells_x = memref.dim %cell_count, %c1 : memref<?x?xi32>
  %slots = memref.dim %cell_bodies, %c2 : memref<?x?x?xi32>
  %last_cell_y = arith.subi %cells_y, %c1 : index
  %last_cell_x = arith.subi %cells_x, %c1 : index

  // Start of the step: remember x and predict where inertia alone would take it.
  scf.parallel (%i, %d) = (%c0, %c0) to (%n, %c2) step (%c1, %c1) {
    %xi = memref.load %x[%i, %d] : memref<?x2xf64>
    %vi = memref.load %v[%i, %d] : memref<?x2xf64>
    %step = arith.mulf %dt, %vi : f64
    %pred = arith.addf %xi, %step : f64
    memref.store %xi, %x_start[%i, %d] : memref<?x2xf64>
    memref.store %pred, %x_pred[%i, %d] : memref<?x2xf64>
  }
  scf.for %once = %c0 to %c1 step %c1 {
    memref.store %one_i32, %newton[] : memref<i32>
    memref.store %zero_i32, %iterations[] : memref<i32>
    memref.store %zero_i32, %moving[] : memref<i32>
  }

  ckpt.do_while %newton : memref<i32> {
    // Contact detection: a grid of the discs, then each disc's neighbour list. Only the
    // list can overflow, so only its task is the checkpoint; the grid tasks before it are
    // implicit checkpoints, which a resume skips: x has not moved, so the grid still holds.
    scf.parallel (%cy, %cx) = (%c0, %c0) to (%cells_y, %cells_x) step (%c1, %c1) {
      memref.store %zero_i32, %cell_count[%cy, %cx] : memref<?x?xi32>
    }
    // Each body takes a slot in its cell (clamped to the grid: clamping keeps bodies
    // within reach in neighbouring cells). The slots' order depends on timing; the sort
    // below fixes it. The atomic stays out of loops: lavapipe mis-runs atomics inside
    // loop bodies (docs/robustness.md).
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %xi = memref.load %x[%i, %c0] : memref<?x2xf64>
      %yi = memref.load %x[%i, %c1] : memref<?x2xf64>
      %cx_scaled = arith.divf %xi, %cell_size : f64
      %cx_floor = math.floor %cx_scaled : f64
      %cx_i64 = arith.fptosi %cx_floor : f64 to i64
      %cx_raw = arith.index_cast %cx_i64 : i64 to index
      %cx_low = arith.maxsi %cx_raw, %c0 : index
      %cx = arith.minsi %cx_low, %last_cell_x : index
      %cy_scaled = arith.divf %yi, %cell_size : f64
      %cy_floor = math.floor %cy_scaled : f64
      %cy_i64 = arith.fptosi %cy_floor : f64 to i64
      %cy_raw = arith.index_cast %cy_i64 : i64 to index
      %cy_low = arith.maxsi %cy_raw, %c0 : index
      %cy = arith.minsi %cy_low, %last_cell_y : index
      %slot_i32 = memref.atomic_rmw addi %one_i32, %cell_count[%cy, %cx]
          : (i32, memref<?x?xi32>) -> i32
      %slot = arith.index_cast %slot_i32 : i32 to index
      %fits = arith.cmpi slt, %slot, %slots : index
      scf.if %fits {
        %i_i32 = arith.index_cast %i : index to i32
        memref.store %i_i32, %cell_bodies[%cy, %cx, %slot] : memref<?x?x?xi32>
      } else {
        memref.store %one_i32, %grid_overflow[] : memref<i32>
      }
    }
    // Sorts each cell's bodies by index (a bubble sort: a cell holds a handful).
    scf.parallel (%cy, %cx) = (%c0, %c0) to (%cells_y, %cells_x) step (%c1, %c1) {
      %count_i32 = memref.load %cell_count[%cy, %cx] : memref<?x?xi32>
      %count = arith.index_cast %count_i32 : i32 to index
      %stored = arith.minsi %count, %slots : index
      %pairs_to_compare = arith.subi %stored, %c1 : index
      scf.for %pass = %c1 to %stored step %c1 {
        scf.for %s = %c0 to %pairs_to_compare step %c1 {
          %next = arith.addi %s, %c1 : index
          %a = memref.load %cell_bodies[%cy, %cx, %s] : memref<?x?x?xi32>
          %b = memref.load %cell_bodies[%cy, %cx, %next] : memref<?x?x?xi32>
          %swap = arith.cmpi sgt, %a, %b : i32
          scf.if %swap {
            memref.store %b, %cell_bodies[%cy, %cx, %s] : memref<?x?x?xi32>
            memref.store %a, %cell_bodies[%cy, %cx, %next] : memref<?x?x?xi32>
          }
        }
      }
    }
    // Each body lists the bodies within reach in the 3x3 cells around its own, counting
    // every candidate, stored or not: the host sees how many it needs. It reads x and the
    // grid and writes only the list and the flag, so it can run again after a yield.
    ckpt.checkpoint 0 "contacts" yield_on %overflow : memref<i32> { // ckpt-only
      scf.parallel (%i) = (%c0) to (%n) step (%c1) {
        %capacity = memref.dim %neighbours, %c1 : memref<?x?xi32>
        %xi = memref.load %x[%i, %c0] : memref<?x2xf64>
        %yi = memref.load %x[%i, %c1] : memref<?x2xf64>
        %cx_scaled = arith.divf %xi, %cell_size : f64
        %cx_floor = math.floor %cx_scaled : f64
        %cx_i64 = arith.fptosi %cx_floor : f64 to i64
        %cx_raw = arith.index_cast %cx_i64 : i64 to index
        %cx_low = arith.maxsi %cx_raw, %c0 : index
        %cx = arith.minsi %cx_low, %last_cell_x : index
        %cy_scaled = arith.divf %yi, %cell_size : f64
        %cy_floor = math.floor %cy_scaled : f64
        %cy_i64 = arith.fptosi %cy_floor : f64 to i64
        %cy_raw = arith.index_cast %cy_i64 : i64 to index
        %cy_low = arith.maxsi %cy_raw, %c0 : index
        %cy = arith.minsi %cy_low, %last_cell_y : index
        %cy_below = arith.subi %cy, %c1 : index
        %cy_first = arith.maxsi %cy_below, %c0 : index
        %cy_after = arith.addi %cy, %c2 : index
        %cy_end = arith.minsi %cy_after, %cells_y : index
        %cx_left = arith.subi %cx, %c1 : index
        %cx_first = arith.maxsi %cx_left, %c0 : index
        %cx_after = arith.addi %cx, %c2 : index
        %cx_end = arith.minsi %cx_after, %cells_x : index
        %found = scf.for %ny = %cy_first to %cy_end step %c1 iter_args(%found_y = %c0) -> (index) {
          %found_row = scf.for %nx = %cx_first to %cx_end step %c1 iter_args(%found_x = %found_y) -> (index) {
            %in_cell_i32 = memref.load %cell_count[%ny, %nx] : memref<?x?xi32>
            %in_cell = arith.index_cast %in_cell_i32 : i32 to index
            %stored = arith.minsi %in_cell, %slots : index
            %found_cell = scf.for %s = %c0 to %stored step %c1 iter_args(%found_s = %found_x) -> (index) {
              %j_i32 = memref.load %cell_bodies[%ny, %nx, %s] : memref<?x?x?xi32>
              %j = arith.index_cast %j_i32 : i32 to index
              %xj = memref.load %x[%j, %c0] : memref<?x2xf64>
              %yj = memref.load %x[%j, %c1] : memref<?x2xf64>
              %dx = arith.subf %xj, %xi : f64
              %dy = arith.subf %yj, %yi : f64
              %dx2 = arith.mulf %dx, %dx : f64
              %dy2 = arith.mulf %dy, %dy : f64
              %dist2 = arith.addf %dx2, %dy2 : f64
              %close = arith.cmpf olt, %dist2, %reach_squared : f64
              %other = arith.cmpi ne, %j, %i : index
              %near = arith.andi %close, %other : i1
              %found_next = scf.if %near -> (index) {
                %fits = arith.cmpi slt, %found_s, %capacity : index
                scf.if %fits {
                  memref.store %j_i32, %neighbours[%i, %found_s] : memref<?x?xi32>
                }
                %one_more = arith.addi %found_s, %c1 : index
                scf.yield %one_more : index
              } else {
                scf.yield %found_s : index
              }
              scf.yield %found_next : index
            }
            scf.yield %found_cell : index
          }
          scf.yield %found_row : index
        }
        %found_i32 = arith.index_cast %found : index to i32
        memref.store %found_i32, %neighbour_count[%i] : memref<?xi32>
        %too_many = arith.cmpi sgt, %found, %capacity : index
        scf.if %too_many {
          memref.store %one_i32, %overflow[] : memref<i32>
        }
      }
    } // ckpt-only

    // Gradient and diagonal Hessian, gathered per body: inertia, then a penalty on the
    // overlap with each listed neighbour (a diagonal bound, k per axis, on each pair's
    // Hessian block keeps the step stable while contacts change).
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %capacity = memref.dim %neighbours, %c1 : memref<?x?xi32>
      %xi = memref.load %x[%i, %c0] : memref<?x2xf64>
      %yi = memref.load %x[%i, %c1] : memref<?x2xf64>
      %pxi = memref.load %x_pred[%i, %c0] : memref<?x2xf64>
      %pyi = memref.load %x_pred[%i, %c1] : memref<?x2xf64>
      %ox = arith.subf %xi, %pxi : f64
      %oy = arith.subf %yi, %pyi : f64
      %gx0 = arith.mulf %inertia, %ox : f64
      %gy0 = arith.mulf %inertia, %oy : f64
      %found_i32 = memref.load %neighbour_count[%i] : memref<?xi32>
      %found = arith.index_cast %found_i32 : i32 to index
      %listed = arith.minsi %found, %capacity : index
      %sums:3 = scf.for %p = %c0 to %listed step %c1
          iter_args(%gx = %gx0, %gy = %gy0, %h = %inertia) -> (f64, f64, f64) {
        %j_i32 = memref.load %neighbours[%i, %p] : memref<?x?xi32>
        %j = arith.index_cast %j_i32 : i32 to index
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
        %next:3 = scf.if %touching -> (f64, f64, f64) {
          // dE/dx_i = -k * gap * n, n = (x_j - x_i) / |x_j - x_i|.
          %force = arith.mulf %stiffness, %gap : f64
          %per_length = arith.divf %force, %dist : f64
          %fx = arith.mulf %per_length, %dx : f64
          %fy = arith.mulf %per_length, %dy : f64
          %gx2 = arith.subf %gx, %fx : f64
          %gy2 = arith.subf %gy, %fy : f64
          %h2 = arith.addf %h, %stiffness : f64
          scf.yield %gx2, %gy2, %h2 : f64, f64, f64
        } else {
          scf.yield %gx, %gy, %h : f64, f64, f64
        }
        scf.yield %next#0, %next#1, %next#2 : f64, f64, f64
      }
      memref.store %sums#0, %grad[%i, %c0] : memref<?x2xf64>
      memref.store %sums#1, %grad[%i, %c1] : memref<?x2xf64>
      memref.store %sums#2, %hess[%i, %c0] : memref<?x2xf64>
      memref.store %sums#2, %hess[%i, %c1] : memref<?x2xf64>
    }

    // The Newton update, x -= grad / hess, in place; any move above the tolerance asks for
    // another iteration (every writer stores the same value).
    scf.parallel (%i, %d) = (%c0, %c0) to (%n, %c2) step (%c1, %c1) {
      %g = memref.load %grad[%i, %d] : memref<?x2xf64>
      %h = memref.load %hess[%i, %d] : memref<?x2xf64>
      %xi = memref.load %x[%i, %d] : memref<?x2xf64>
      %move = arith.divf %g, %h : f64
      %xi2 = arith.subf %xi, %move : f64
      memref.store %xi2, %x[%i, %d] : memref<?x2xf64>
      %size = math.absf %move : f64
      %large = arith.cmpf ogt, %size, %tolerance : f64
      scf.if %large {
        memref.store %one_i32, %moving[] : memref<i32>
      }
    }

    // Another iteration while something moved and the budget lasts.
    scf.for %once = %c0 to %c1 step %c1 {
      %done_before = memref.load %iterations[] : memref<i32>
      %done = arith.addi %done_before, %one_i32 : i32
      memref.store %done, %iterations[] : memref<i32>
      %moved = memref.load %moving[] : memref<i32>
      %still_moving = arith.cmpi ne, %moved, %zero_i32 : i32
      %budget_left = arith.cmpi slt, %done, %max_iterations : i32
      %again = arith.andi %still_moving, %budget_left : i1
      %again_i32 = arith.extui %again : i1 to i32
      memref.store %again_i32, %newton[] : memref<i32>
      memref.store %zero_i32, %moving[] : memref<i32>
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

// Copies a state (x, v) into another: the snapshot and the restore of the variant that
// restarts a step, and the loading of each step's initial state. A graph kernel, so the
// copy runs where the state lives.
func.func @copy_state(%from_x: memref<?x2xf64>, %from_v: memref<?x2xf64>,
                      %to_x: memref<?x2xf64>, %to_v: memref<?x2xf64>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %n = memref.dim %from_x, %c0 : memref<?x2xf64>
  scf.parallel (%i, %d) = (%c0, %c0) to (%n, %c2) step (%c1, %c1) {
    %xi = memref.load %from_x[%i, %d] : memref<?x2xf64>
    %vi = memref.load %from_v[%i, %d] : memref<?x2xf64>
    memref.store %xi, %to_x[%i, %d] : memref<?x2xf64>
    memref.store %vi, %to_v[%i, %d] : memref<?x2xf64>
  }
  return
}

// A launch's status as one number for the C driver: -2 the launch failed, -1 it ran to
// the end, otherwise the label it yielded at.
func.func private @status_code(%status: !ckpt.status) -> i64 {
  %failed = arith.constant -2 : i64
  %finished = arith.constant -1 : i64
  %ok = ckpt.status_ok %status : i1
  %yielded = ckpt.status_yielded %status : i1
  %label = ckpt.status_label %status : i64
  %if_ok = arith.select %yielded, %label, %finished : i64
  %code = arith.select %ok, %if_ok, %failed : i64
  return %code : i64
}

// Launches @step, or resumes it from %resume_label when that is not negative.
func.func @launch_checkpointed(
    %x: memref<?x2xf64>, %v: memref<?x2xf64>, %x_start: memref<?x2xf64>,
    %x_pred: memref<?x2xf64>, %grad: memref<?x2xf64>, %hess: memref<?x2xf64>,
    %cell_count: memref<?x?xi32>, %cell_bodies: memref<?x?x?xi32>,
    %neighbours: memref<?x?xi32>, %neighbour_count: memref<?xi32>,
    %overflow: memref<i32>, %grid_overflow: memref<i32>, %moving: memref<i32>,
    %newton: memref<i32>, %iterations: memref<i32>, %resume_label: i64) -> i64
    attributes {llvm.emit_c_interface} {
  %zero = arith.constant 0 : i64
  %fresh = arith.cmpi slt, %resume_label, %zero : i64
  %code = scf.if %fresh -> (i64) {
    %status = ckpt.launch @step(%x, %v, %x_start, %x_pred, %grad, %hess, %cell_count,
                                %cell_bodies, %neighbours, %neighbour_count, %overflow,
                                %grid_overflow, %moving, %newton, %iterations)
        : (memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>,
           memref<?x2xf64>, memref<?x2xf64>, memref<?x?xi32>, memref<?x?x?xi32>,
           memref<?x?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>,
           memref<i32>, memref<i32>) -> !ckpt.status
    %c = func.call @status_code(%status) : (!ckpt.status) -> i64
    scf.yield %c : i64
  } else {
    %status = ckpt.launch @step(%x, %v, %x_start, %x_pred, %grad, %hess, %cell_count,
                                %cell_bodies, %neighbours, %neighbour_count, %overflow,
                                %grid_overflow, %moving, %newton, %iterations)
        resume_from %resume_label
        : (memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>,
           memref<?x2xf64>, memref<?x2xf64>, memref<?x?xi32>, memref<?x?x?xi32>,
           memref<?x?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>,
           memref<i32>, memref<i32>) -> !ckpt.status
    %c = func.call @status_code(%status) : (!ckpt.status) -> i64
    scf.yield %c : i64
  }
  return %code : i64
}

// Launches @step_plain (bench/contact/assemble.sh makes it).
func.func @launch_plain(
    %x: memref<?x2xf64>, %v: memref<?x2xf64>, %x_start: memref<?x2xf64>,
    %x_pred: memref<?x2xf64>, %grad: memref<?x2xf64>, %hess: memref<?x2xf64>,
    %cell_count: memref<?x?xi32>, %cell_bodies: memref<?x?x?xi32>,
    %neighbours: memref<?x?xi32>, %neighbour_count: memref<?xi32>,
    %overflow: memref<i32>, %grid_overflow: memref<i32>, %moving: memref<i32>,
    %newton: memref<i32>, %iterations: memref<i32>) -> i64
    attributes {llvm.emit_c_interface} {
  %status = ckpt.launch @step_plain(%x, %v, %x_start, %x_pred, %grad, %hess, %cell_count,
                                    %cell_bodies, %neighbours, %neighbour_count, %overflow,
                                    %grid_overflow, %moving, %newton, %iterations)
      : (memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>,
         memref<?x2xf64>, memref<?x2xf64>, memref<?x?xi32>, memref<?x?x?xi32>,
         memref<?x?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>,
         memref<i32>, memref<i32>) -> !ckpt.status
  %code = func.call @status_code(%status) : (!ckpt.status) -> i64
  return %code : i64
}

// Launches @copy_state.
func.func @launch_copy_state(%from_x: memref<?x2xf64>, %from_v: memref<?x2xf64>,
                             %to_x: memref<?x2xf64>, %to_v: memref<?x2xf64>) -> i64
    attributes {llvm.emit_c_interface} {
  %status = ckpt.launch @copy_state(%from_x, %from_v, %to_x, %to_v)
      : (memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>, memref<?x2xf64>) -> !ckpt.status
  %code = func.call @status_code(%status) : (!ckpt.status) -> i64
  return %code : i64
}
