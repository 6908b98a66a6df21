// A resume from the kernel's first checkpoint (cp_id 0) is not a fresh launch: the bare
// statements before it are skipped as well. Here they count their runs in counts[0]; the
// checkpoint's task counts in counts[1] and asks for the host on its first run; the bare
// statements after it count in counts[2]. The flag's and condition's types are left out.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

func.func @step(%counts: memref<3xi32>, %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %one = arith.constant 1 : i32
  %before = memref.load %counts[%c0] : memref<3xi32>
  %before1 = arith.addi %before, %one : i32
  memref.store %before1, %counts[%c0] : memref<3xi32>
  ckpt.checkpoint 5 "FIRST" yield_on %f {
    scf.for %i = %c0 to %c1 step %c1 {
      %runs = memref.load %counts[%c1] : memref<3xi32>
      %runs1 = arith.addi %runs, %one : i32
      memref.store %runs1, %counts[%c1] : memref<3xi32>
      %first = arith.cmpi eq, %runs1, %one : i32
      scf.if %first {
        memref.store %one, %f[] : memref<i32>
      }
    }
  }
  %after = memref.load %counts[%c2] : memref<3xi32>
  %after1 = arith.addi %after, %one : i32
  memref.store %after1, %counts[%c2] : memref<3xi32>
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0 : i32
  %counts = memref.alloc() : memref<3xi32>
  scf.for %i = %c0 to %c3 step %c1 {
    memref.store %zero, %counts[%i] : memref<3xi32>
  }
  %f = memref.alloc() : memref<i32>
  memref.store %zero, %f[] : memref<i32>

  // CHECK: status ok=1 yielded=1 label=5
  // CHECK-NEXT: counts: 1 1 0
  %s = ckpt.launch @step(%counts, %f) : (memref<3xi32>, memref<i32>) -> !ckpt.status
  %ok = ckpt.status_ok %s : i1
  %yielded = ckpt.status_yielded %s : i1
  %label = ckpt.status_label %s : i64
  call @print_status(%ok, %yielded, %label) : (i1, i1, i64) -> ()
  call @print_counts(%counts) : (memref<3xi32>) -> ()

  // The resume skips the bare statements before label 5 and reruns its body.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: counts: 1 2 1
  memref.store %zero, %f[] : memref<i32>
  %r = ckpt.launch @step(%counts, %f) resume_from %label
      : (memref<3xi32>, memref<i32>) -> !ckpt.status
  %r_ok = ckpt.status_ok %r : i1
  %r_yielded = ckpt.status_yielded %r : i1
  %r_label = ckpt.status_label %r : i64
  call @print_status(%r_ok, %r_yielded, %r_label) : (i1, i1, i64) -> ()
  call @print_counts(%counts) : (memref<3xi32>) -> ()

  // A fresh launch runs them again.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: counts: 2 3 2
  %again = ckpt.launch @step(%counts, %f) : (memref<3xi32>, memref<i32>) -> !ckpt.status
  %a_ok = ckpt.status_ok %again : i1
  %a_yielded = ckpt.status_yielded %again : i1
  %a_label = ckpt.status_label %again : i64
  call @print_status(%a_ok, %a_yielded, %a_label) : (i1, i1, i64) -> ()
  call @print_counts(%counts) : (memref<3xi32>) -> ()
  memref.dealloc %counts : memref<3xi32>
  memref.dealloc %f : memref<i32>
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

// Prints "counts: a b c".
func.func @print_counts(%counts: memref<3xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  vector.print str "counts:"
  scf.for %i = %c0 to %c3 step %c1 {
    %v = memref.load %counts[%i] : memref<3xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  return
}
