// On the CPU a parallel task's iterations are cut into blocks that several threads run
// (CKPT_CPU_THREADS). Whatever the count, every iteration runs exactly once, the next task
// starts after all of them, and a yield raised from inside a parallel task comes after
// every block of it. The same file runs with 1, 3 and 7 threads (more than the 2-D loop
// has rows) and on every target.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ env CKPT_CPU_THREADS=1 %ckpt_run_target %s | FileCheck %s --match-full-lines %}
// RUN: %if target-cpu %{ env CKPT_CPU_THREADS=3 %ckpt_run_target %s | FileCheck %s --match-full-lines %}
// RUN: %if target-cpu %{ env CKPT_CPU_THREADS=7 %ckpt_run_target %s | FileCheck %s --match-full-lines %}

// The first launch: %grid gets rows 1, 4 and 7 (lower bound 1, step 3) of i * 100 + j,
// added, so a row run twice would count double: 4 * (100 + 400 + 700) + 3 * (0+1+2+3) =
// 4818. Every one of the 1000 %hits is 1. The checkpoint's task marks %seen and raises
// the flag where seen[777] became 1, so the launch yields at label 5 and the serial task
// after it does not run (%total stays 0).
// CHECK:      yielded 1 label 5
// CHECK-NEXT: grid 4818
// CHECK-NEXT: hits not 1: 0
// CHECK-NEXT: seen not 1: 0
// CHECK-NEXT: total 0
// The resume reruns the checkpoint (seen becomes 2 everywhere, no flag) and then the
// serial task, which sums %hits: 1000.
// CHECK-NEXT: yielded 0 label -1
// CHECK-NEXT: grid 4818
// CHECK-NEXT: hits not 1: 0
// CHECK-NEXT: seen not 2: 0
// CHECK-NEXT: total 1000
func.func @shares(%grid: memref<10x4xi32>, %hits: memref<?xi32>, %seen: memref<?xi32>,
                  %total: memref<i32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c10 = arith.constant 10 : index
  %c777 = arith.constant 777 : index
  %one = arith.constant 1 : i32
  %zero = arith.constant 0 : i32
  %hundred = arith.constant 100 : i32
  %n = memref.dim %hits, %c0 : memref<?xi32>
  scf.parallel (%i, %j) = (%c1, %c0) to (%c10, %c4) step (%c3, %c1) {
    %ii = arith.index_cast %i : index to i32
    %jj = arith.index_cast %j : index to i32
    %row = arith.muli %ii, %hundred : i32
    %value = arith.addi %row, %jj : i32
    %old = memref.load %grid[%i, %j] : memref<10x4xi32>
    %new = arith.addi %old, %value : i32
    memref.store %new, %grid[%i, %j] : memref<10x4xi32>
  }
  scf.parallel (%k) = (%c0) to (%n) step (%c1) {
    %old = memref.load %hits[%k] : memref<?xi32>
    %new = arith.addi %old, %one : i32
    memref.store %new, %hits[%k] : memref<?xi32>
  }
  ckpt.checkpoint 5 yield_on %flag : memref<i32> {
    scf.parallel (%k) = (%c0) to (%n) step (%c1) {
      %old = memref.load %seen[%k] : memref<?xi32>
      %new = arith.addi %old, %one : i32
      memref.store %new, %seen[%k] : memref<?xi32>
      %at = arith.cmpi eq, %k, %c777 : index
      %first = arith.cmpi eq, %new, %one : i32
      %raise = arith.andi %at, %first : i1
      scf.if %raise {
        memref.store %one, %flag[] : memref<i32>
      }
    }
  }
  scf.for %once = %c0 to %c1 step %c1 {
    %sum = scf.for %k = %c0 to %n step %c1 iter_args(%acc = %zero) -> i32 {
      %v = memref.load %hits[%k] : memref<?xi32>
      %next = arith.addi %acc, %v : i32
      scf.yield %next : i32
    }
    memref.store %sum, %total[] : memref<i32>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c10 = arith.constant 10 : index
  %c1000 = arith.constant 1000 : index
  %zero = arith.constant 0 : i32
  %two = arith.constant 2 : i32
  %one = arith.constant 1 : i32
  %grid = memref.alloc() : memref<10x4xi32>
  %hits = memref.alloc(%c1000) : memref<?xi32>
  %seen = memref.alloc(%c1000) : memref<?xi32>
  %total = memref.alloc() : memref<i32>
  %flag = memref.alloc() : memref<i32>
  scf.for %i = %c0 to %c10 step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      memref.store %zero, %grid[%i, %j] : memref<10x4xi32>
    }
  }
  scf.for %k = %c0 to %c1000 step %c1 {
    memref.store %zero, %hits[%k] : memref<?xi32>
    memref.store %zero, %seen[%k] : memref<?xi32>
  }
  memref.store %zero, %total[] : memref<i32>
  memref.store %zero, %flag[] : memref<i32>

  %s1 = ckpt.launch @shares(%grid, %hits, %seen, %total, %flag)
      : (memref<10x4xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  call @report(%s1, %grid, %hits, %seen, %one, %total)
      : (!ckpt.status, memref<10x4xi32>, memref<?xi32>, memref<?xi32>, i32, memref<i32>) -> ()
  memref.store %zero, %flag[] : memref<i32>
  %label = ckpt.status_label %s1 : i64
  %s2 = ckpt.launch @shares(%grid, %hits, %seen, %total, %flag) resume_from %label
      : (memref<10x4xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  call @report(%s2, %grid, %hits, %seen, %two, %total)
      : (!ckpt.status, memref<10x4xi32>, memref<?xi32>, memref<?xi32>, i32, memref<i32>) -> ()
  memref.dealloc %grid : memref<10x4xi32>
  memref.dealloc %hits : memref<?xi32>
  memref.dealloc %seen : memref<?xi32>
  memref.dealloc %total : memref<i32>
  memref.dealloc %flag : memref<i32>
  return
}

// How many elements of %a differ from %expected.
func.func @count_not(%a: memref<?xi32>, %expected: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %n = memref.dim %a, %c0 : memref<?xi32>
  %count = scf.for %k = %c0 to %n step %c1 iter_args(%acc = %zero) -> i32 {
    %v = memref.load %a[%k] : memref<?xi32>
    %differs = arith.cmpi ne, %v, %expected : i32
    %add = arith.select %differs, %one, %zero : i32
    %next = arith.addi %acc, %add : i32
    scf.yield %next : i32
  }
  return %count : i32
}

func.func @report(%s: !ckpt.status, %grid: memref<10x4xi32>, %hits: memref<?xi32>,
                  %seen: memref<?xi32>, %seen_expected: i32, %total: memref<i32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c10 = arith.constant 10 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %y = ckpt.status_yielded %s : i1
  %l = ckpt.status_label %s : i64
  vector.print str "yielded "
  vector.print %y : i1 punctuation <no_punctuation>
  vector.print str " label "
  vector.print %l : i64
  %sum = scf.for %i = %c0 to %c10 step %c1 iter_args(%acc = %zero) -> i32 {
    %row = scf.for %j = %c0 to %c4 step %c1 iter_args(%racc = %acc) -> i32 {
      %v = memref.load %grid[%i, %j] : memref<10x4xi32>
      %next = arith.addi %racc, %v : i32
      scf.yield %next : i32
    }
    scf.yield %row : i32
  }
  vector.print str "grid "
  vector.print %sum : i32
  %hits_off = call @count_not(%hits, %one) : (memref<?xi32>, i32) -> i32
  vector.print str "hits not 1: "
  vector.print %hits_off : i32
  %seen_off = call @count_not(%seen, %seen_expected) : (memref<?xi32>, i32) -> i32
  vector.print str "seen not "
  vector.print %seen_expected : i32 punctuation <no_punctuation>
  vector.print str ": "
  vector.print %seen_off : i32
  %t = memref.load %total[] : memref<i32>
  vector.print str "total "
  vector.print %t : i32
  return
}
