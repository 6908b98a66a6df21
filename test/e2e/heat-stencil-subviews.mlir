// A heat-equation (Jacobi) step over subviews: the interior of a grid and its four
// neighbours are views of one buffer, the new interior goes to a scratch buffer and is
// copied back with memref.copy. A checkpoint yields when the new interior is hotter than
// a limit the host owns; the host raises the limit and resumes, which recomputes the
// step from the unchanged grid (the copy back comes after the checkpoint).
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cuda -o /dev/null %}

// new[i][j] = (u[i-1][j] + u[i+1][j] + u[i][j-1] + u[i][j+1]) / 4 over the interior.
func.func @heat_step(%u: memref<?x?xf32>, %next: memref<?x?xf32>, %limit: memref<f32>,
                     %too_hot: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %quarter = arith.constant 0.25 : f32
  %one = arith.constant 1 : i32
  %rows = memref.dim %u, %c0 : memref<?x?xf32>
  %cols = memref.dim %u, %c1 : memref<?x?xf32>
  %n = arith.subi %rows, %c2 : index
  %m = arith.subi %cols, %c2 : index
  %north = memref.subview %u[%c0, %c1] [%n, %m] [1, 1]
      : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
  %south = memref.subview %u[%c2, %c1] [%n, %m] [1, 1]
      : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
  %west = memref.subview %u[%c1, %c0] [%n, %m] [1, 1]
      : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
  %east = memref.subview %u[%c1, %c2] [%n, %m] [1, 1]
      : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
  %interior = memref.subview %u[%c1, %c1] [%n, %m] [1, 1]
      : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
  ckpt.checkpoint 0 "stencil" yield_on %too_hot : memref<i32> {
    scf.parallel (%i, %j) = (%c0, %c0) to (%n, %m) step (%c1, %c1) {
      %a = memref.load %north[%i, %j] : memref<?x?xf32, strided<[?, 1], offset: ?>>
      %b = memref.load %south[%i, %j] : memref<?x?xf32, strided<[?, 1], offset: ?>>
      %c = memref.load %west[%i, %j] : memref<?x?xf32, strided<[?, 1], offset: ?>>
      %d = memref.load %east[%i, %j] : memref<?x?xf32, strided<[?, 1], offset: ?>>
      %ab = arith.addf %a, %b : f32
      %cd = arith.addf %c, %d : f32
      %sum = arith.addf %ab, %cd : f32
      %v = arith.mulf %sum, %quarter : f32
      memref.store %v, %next[%i, %j] : memref<?x?xf32>
    }
    scf.parallel (%i, %j) = (%c0, %c0) to (%n, %m) step (%c1, %c1) {
      %v = memref.load %next[%i, %j] : memref<?x?xf32>
      %max = memref.load %limit[] : memref<f32>
      %hot = arith.cmpf ogt, %v, %max : f32
      scf.if %hot {
        memref.store %one, %too_hot[] : memref<i32>
      }
    }
  }
  memref.copy %next, %interior : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %zero = arith.constant 0 : i32
  %cold = arith.constant 0.0 : f32
  %hot = arith.constant 16.0 : f32
  %five = arith.constant 5.0 : f32
  %hundred = arith.constant 100.0 : f32
  // A 4 x 5 grid at 0 with its top row held at 16; the interior is 2 x 3.
  %u = memref.alloc(%c4, %c5) : memref<?x?xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %j = %c0 to %c5 step %c1 {
      memref.store %cold, %u[%i, %j] : memref<?x?xf32>
    }
  }
  scf.for %j = %c0 to %c5 step %c1 {
    memref.store %hot, %u[%c0, %j] : memref<?x?xf32>
  }
  %next = memref.alloc(%c2, %c3) : memref<?x?xf32>
  %limit = memref.alloc() : memref<f32>
  %too_hot = memref.alloc() : memref<i32>
  memref.store %five, %limit[] : memref<f32>
  memref.store %zero, %too_hot[] : memref<i32>

  // Step 1: the row under the hot edge gets 16/4; nothing exceeds 5.
  // CHECK: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: u: 16 16 16 16 16
  // CHECK-NEXT: u: 0 4 4 4 0
  // CHECK-NEXT: u: 0 0 0 0 0
  // CHECK-NEXT: u: 0 0 0 0 0
  %s1 = ckpt.launch @heat_step(%u, %next, %limit, %too_hot)
      : (memref<?x?xf32>, memref<?x?xf32>, memref<f32>, memref<i32>) -> !ckpt.status
  call @report(%s1, %u) : (!ckpt.status, memref<?x?xf32>) -> i64

  // Step 2: (16+0+0+4)/4 = 5, (16+0+4+4)/4 = 6, 5; below them 4/4 = 1. 6 > 5: the
  // launch yields before the copy back, so u is unchanged.
  // CHECK-NEXT: status ok=1 yielded=1 label=0
  // CHECK-NEXT: u: 16 16 16 16 16
  // CHECK-NEXT: u: 0 4 4 4 0
  // CHECK-NEXT: u: 0 0 0 0 0
  // CHECK-NEXT: u: 0 0 0 0 0
  %s2 = ckpt.launch @heat_step(%u, %next, %limit, %too_hot)
      : (memref<?x?xf32>, memref<?x?xf32>, memref<f32>, memref<i32>) -> !ckpt.status
  %label = call @report(%s2, %u) : (!ckpt.status, memref<?x?xf32>) -> i64

  // The host raises the limit and resumes: the step is computed again and copied back.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: u: 16 16 16 16 16
  // CHECK-NEXT: u: 0 5 6 5 0
  // CHECK-NEXT: u: 0 1 1 1 0
  // CHECK-NEXT: u: 0 0 0 0 0
  memref.store %hundred, %limit[] : memref<f32>
  memref.store %zero, %too_hot[] : memref<i32>
  %s3 = ckpt.launch @heat_step(%u, %next, %limit, %too_hot) resume_from %label
      : (memref<?x?xf32>, memref<?x?xf32>, memref<f32>, memref<i32>) -> !ckpt.status
  call @report(%s3, %u) : (!ckpt.status, memref<?x?xf32>) -> i64

  // Step 3: (16+1+0+6)/4 = 5.75, (16+1+5+5)/4 = 6.75, 5.75; (5+0+0+1)/4 = 1.5,
  // (6+0+1+1)/4 = 2, 1.5.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: u: 16 16 16 16 16
  // CHECK-NEXT: u: 0 5.75 6.75 5.75 0
  // CHECK-NEXT: u: 0 1.5 2 1.5 0
  // CHECK-NEXT: u: 0 0 0 0 0
  %s4 = ckpt.launch @heat_step(%u, %next, %limit, %too_hot)
      : (memref<?x?xf32>, memref<?x?xf32>, memref<f32>, memref<i32>) -> !ckpt.status
  call @report(%s4, %u) : (!ckpt.status, memref<?x?xf32>) -> i64
  memref.dealloc %u : memref<?x?xf32>
  memref.dealloc %next : memref<?x?xf32>
  memref.dealloc %limit : memref<f32>
  memref.dealloc %too_hot : memref<i32>
  return
}

// Prints the status and the grid, row by row; returns the status's label.
func.func @report(%status: !ckpt.status, %u: memref<?x?xf32>) -> i64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ok = ckpt.status_ok %status : i1
  %yielded = ckpt.status_yielded %status : i1
  %label = ckpt.status_label %status : i64
  vector.print str "status ok="
  vector.print %ok : i1 punctuation <no_punctuation>
  vector.print str " yielded="
  vector.print %yielded : i1 punctuation <no_punctuation>
  vector.print str " label="
  vector.print %label : i64
  %rows = memref.dim %u, %c0 : memref<?x?xf32>
  %cols = memref.dim %u, %c1 : memref<?x?xf32>
  scf.for %i = %c0 to %rows step %c1 {
    vector.print str "u:"
    scf.for %j = %c0 to %cols step %c1 {
      %v = memref.load %u[%i, %j] : memref<?x?xf32>
      vector.print str " "
      vector.print %v : f32 punctuation <no_punctuation>
    }
    vector.print punctuation <newline>
  }
  return %label : i64
}
