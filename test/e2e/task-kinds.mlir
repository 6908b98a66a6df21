// Every kind of task runs and produces its values: scf.for, scf.parallel (1-D and 2-D),
// scf.forall, affine.for, affine.parallel, and a func.call of a plain function; at the
// top level, in an explicit checkpoint and in a do-while body. Later tasks read what
// earlier ones wrote. A yield after the checkpoint and a resume from it give the same
// values as a run to the end.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

// Each task fills rows of %out (9 x %n); label 1 raises %f when request[0] is non-zero.
func.func @kinds(%out: memref<?x?xi32>, %n: index, %request: memref<?xi32>, %f: memref<i32>,
                 %cond: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %zero = arith.constant 0 : i32
  %c100 = arith.constant 100 : i32
  // Row 0: 2 * j.
  scf.for %j = %c0 to %n step %c1 {
    %j_i32 = arith.index_cast %j : index to i32
    %v = arith.addi %j_i32, %j_i32 : i32
    memref.store %v, %out[%c0, %j] : memref<?x?xi32>
  }
  // Row 1: j + 100.
  scf.parallel (%j) = (%c0) to (%n) step (%c1) {
    %j_i32 = arith.index_cast %j : index to i32
    %v = arith.addi %j_i32, %c100 : i32
    memref.store %v, %out[%c1, %j] : memref<?x?xi32>
  }
  ckpt.checkpoint 1 "grid" yield_on %f : memref<i32> {
    // Rows 2 to 4: 10 * i + j.
    scf.parallel (%i, %j) = (%c0, %c0) to (%c3, %n) step (%c1, %c1) {
      %i_i32 = arith.index_cast %i : index to i32
      %j_i32 = arith.index_cast %j : index to i32
      %ten = arith.constant 10 : i32
      %tens = arith.muli %i_i32, %ten : i32
      %v = arith.addi %tens, %j_i32 : i32
      %row = arith.addi %i, %c2 : index
      memref.store %v, %out[%row, %j] : memref<?x?xi32>
    }
    // Row 5: j * j.
    scf.forall (%j) in (%n) {
      %j_i32 = arith.index_cast %j : index to i32
      %v = arith.muli %j_i32, %j_i32 : i32
      memref.store %v, %out[%c5, %j] : memref<?x?xi32>
      %first = arith.cmpi eq, %j, %c0 : index
      scf.if %first {
        %r = memref.load %request[%c0] : memref<?xi32>
        %raise = arith.cmpi ne, %r, %zero : i32
        scf.if %raise {
          memref.store %r, %f[] : memref<i32>
        }
      }
    }
  }
  ckpt.do_while %cond : memref<i32> {
    // Row 6: 3 * j + 1.
    affine.for %j = 0 to %n {
      %j_i32 = arith.index_cast %j : index to i32
      %three = arith.constant 3 : i32
      %one = arith.constant 1 : i32
      %m = arith.muli %j_i32, %three : i32
      %v = arith.addi %m, %one : i32
      affine.store %v, %out[6, %j] : memref<?x?xi32>
    }
    // Row 7: row 0 + row 1.
    affine.parallel (%j) = (0) to (symbol(%n)) {
      %a = affine.load %out[0, %j] : memref<?x?xi32>
      %b = affine.load %out[1, %j] : memref<?x?xi32>
      %v = arith.addi %a, %b : i32
      affine.store %v, %out[7, %j] : memref<?x?xi32>
    }
  }
  // Row 8: row 5 + row 6.
  func.call @add_rows(%out, %n) : (memref<?x?xi32>, index) -> ()
  return
}

// A plain function, called as a task.
func.func @add_rows(%out: memref<?x?xi32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c8 = arith.constant 8 : index
  scf.for %j = %c0 to %n step %c1 {
    %a = memref.load %out[%c5, %j] : memref<?x?xi32>
    %b = memref.load %out[%c6, %j] : memref<?x?xi32>
    %v = arith.addi %a, %b : i32
    memref.store %v, %out[%c8, %j] : memref<?x?xi32>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c9 = arith.constant 9 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %unset = arith.constant -1 : i32
  %out = memref.alloc(%c9, %c4) : memref<?x?xi32>
  %request = call @zeros(%c1) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  %cond = memref.alloc() : memref<i32>
  memref.store %zero, %f[] : memref<i32>
  memref.store %zero, %cond[] : memref<i32>

  // CHECK:      status ok=1 yielded=0 label=-1
  // CHECK-NEXT: row: 0 2 4 6
  // CHECK-NEXT: row: 100 101 102 103
  // CHECK-NEXT: row: 0 1 2 3
  // CHECK-NEXT: row: 10 11 12 13
  // CHECK-NEXT: row: 20 21 22 23
  // CHECK-NEXT: row: 0 1 4 9
  // CHECK-NEXT: row: 1 4 7 10
  // CHECK-NEXT: row: 100 103 106 109
  // CHECK-NEXT: row: 1 5 11 19
  call @fill(%out, %unset) : (memref<?x?xi32>, i32) -> ()
  %whole = ckpt.launch @kinds(%out, %c4, %request, %f, %cond)
      : (memref<?x?xi32>, index, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %whole_ok = ckpt.status_ok %whole : i1
  %whole_yielded = ckpt.status_yielded %whole : i1
  %whole_label = ckpt.status_label %whole : i64
  call @print_status(%whole_ok, %whole_yielded, %whole_label) : (i1, i1, i64) -> ()
  call @print_rows(%out) : (memref<?x?xi32>) -> ()

  // CHECK-NEXT: status ok=1 yielded=1 label=1
  // CHECK-NEXT: row: 0 2 4 6
  // CHECK-NEXT: row: 100 101 102 103
  // CHECK-NEXT: row: 0 1 2 3
  // CHECK-NEXT: row: 10 11 12 13
  // CHECK-NEXT: row: 20 21 22 23
  // CHECK-NEXT: row: 0 1 4 9
  // CHECK-NEXT: row: -1 -1 -1 -1
  // CHECK-NEXT: row: -1 -1 -1 -1
  // CHECK-NEXT: row: -1 -1 -1 -1
  call @fill(%out, %unset) : (memref<?x?xi32>, i32) -> ()
  memref.store %one, %request[%c0] : memref<?xi32>
  %yielded = ckpt.launch @kinds(%out, %c4, %request, %f, %cond)
      : (memref<?x?xi32>, index, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %yielded_ok = ckpt.status_ok %yielded : i1
  %yielded_yielded = ckpt.status_yielded %yielded : i1
  %yielded_label = ckpt.status_label %yielded : i64
  call @print_status(%yielded_ok, %yielded_yielded, %yielded_label) : (i1, i1, i64) -> ()
  call @print_rows(%out) : (memref<?x?xi32>) -> ()

  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: row: 0 2 4 6
  // CHECK-NEXT: row: 100 101 102 103
  // CHECK-NEXT: row: 0 1 2 3
  // CHECK-NEXT: row: 10 11 12 13
  // CHECK-NEXT: row: 20 21 22 23
  // CHECK-NEXT: row: 0 1 4 9
  // CHECK-NEXT: row: 1 4 7 10
  // CHECK-NEXT: row: 100 103 106 109
  // CHECK-NEXT: row: 1 5 11 19
  memref.store %zero, %f[] : memref<i32>
  memref.store %zero, %request[%c0] : memref<?xi32>
  %resumed = ckpt.launch @kinds(%out, %c4, %request, %f, %cond) resume_from %yielded_label
      : (memref<?x?xi32>, index, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %resumed_ok = ckpt.status_ok %resumed : i1
  %resumed_yielded = ckpt.status_yielded %resumed : i1
  %resumed_label = ckpt.status_label %resumed : i64
  call @print_status(%resumed_ok, %resumed_yielded, %resumed_label) : (i1, i1, i64) -> ()
  call @print_rows(%out) : (memref<?x?xi32>) -> ()
  memref.dealloc %out : memref<?x?xi32>
  memref.dealloc %request : memref<?xi32>
  memref.dealloc %f : memref<i32>
  memref.dealloc %cond : memref<i32>
  return
}

func.func @fill(%m: memref<?x?xi32>, %v: i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = memref.dim %m, %c0 : memref<?x?xi32>
  %cols = memref.dim %m, %c1 : memref<?x?xi32>
  scf.for %i = %c0 to %rows step %c1 {
    scf.for %j = %c0 to %cols step %c1 {
      memref.store %v, %m[%i, %j] : memref<?x?xi32>
    }
  }
  return
}

// Prints "row: a b c" for every row.
func.func @print_rows(%m: memref<?x?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = memref.dim %m, %c0 : memref<?x?xi32>
  %cols = memref.dim %m, %c1 : memref<?x?xi32>
  scf.for %i = %c0 to %rows step %c1 {
    vector.print str "row:"
    scf.for %j = %c0 to %cols step %c1 {
      %v = memref.load %m[%i, %j] : memref<?x?xi32>
      vector.print str " "
      vector.print %v : i32 punctuation <no_punctuation>
    }
    vector.print punctuation <newline>
  }
  return
}

// Helpers shared, as copies, by the e2e tests.

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

// A log of 64 entries, empty: log[0], the next free slot, is 1.
func.func @new_log() -> memref<?xi32> {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %one = arith.constant 1 : i32
  %log = call @zeros(%c64) : (index) -> memref<?xi32>
  memref.store %one, %log[%c0] : memref<?xi32>
  return %log : memref<?xi32>
}

// Prints "log: A B C", the ids appended since the last call, and empties the log.
func.func @print_log(%log: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  %end = memref.load %log[%c0] : memref<?xi32>
  %end_index = arith.index_cast %end : i32 to index
  vector.print str "log:"
  scf.for %i = %c1 to %end_index step %c1 {
    %id = memref.load %log[%i] : memref<?xi32>
    vector.print str " "
    vector.print %id : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  memref.store %one, %log[%c0] : memref<?xi32>
  return
}

func.func @zeros(%n: index) -> memref<?xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %m = memref.alloc(%n) : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    memref.store %zero, %m[%i] : memref<?xi32>
  }
  return %m : memref<?xi32>
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
