// C locals the way Polygeist emits them: a memref.alloca_scope each loop iteration, holding
// the iteration's memref.alloca buffers and loops over them. In a sequential task, inside
// a parallel task's iterations (each its own buffers), and in host code, inside a
// checkpoint that yields and is resumed. Upstream lowers a scope only while its region is
// one block (the loops inside broke that) and SPIR-V has no form of it;
// ckpt-hoist-alloca-scopes allocates the buffers once at the start of the task, kernel or
// parallel iteration instead.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

func.func @k(%prefix: memref<4xi32>, %squares: memref<8xi32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  ckpt.checkpoint 0 "locals" yield_on %flag : memref<i32> {
    // prefix[i] = 0 + 1 + ... + i, each in a local array of its own iteration.
    scf.for %i = %c0 to %c4 step %c1 {
      %sum = memref.alloca_scope -> (i32) {
        %terms = memref.alloca() : memref<4xi32>
        %i1 = arith.addi %i, %c1 : index
        scf.for %k = %c0 to %i1 step %c1 {
          %kk = arith.index_cast %k : index to i32
          memref.store %kk, %terms[%k] : memref<4xi32>
        }
        %zero = arith.constant 0 : i32
        %s = scf.for %k = %c0 to %i1 step %c1 iter_args(%acc = %zero) -> (i32) {
          %t = memref.load %terms[%k] : memref<4xi32>
          %a = arith.addi %acc, %t : i32
          scf.yield %a : i32
        }
        memref.alloca_scope.return %s : i32
      }
      %old = memref.load %prefix[%i] : memref<4xi32>
      %new = arith.addi %old, %sum : i32
      memref.store %new, %prefix[%i] : memref<4xi32>
    }
    // squares[i] += i * i, through a two-element local of each parallel iteration.
    scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
      memref.alloca_scope {
        %pair = memref.alloca() : memref<2xi32>
        %ii = arith.index_cast %i : index to i32
        memref.store %ii, %pair[%c0] : memref<2xi32>
        memref.store %ii, %pair[%c1] : memref<2xi32>
        %a = memref.load %pair[%c0] : memref<2xi32>
        %b = memref.load %pair[%c1] : memref<2xi32>
        %p = arith.muli %a, %b : i32
        %old = memref.load %squares[%i] : memref<8xi32>
        %new = arith.addi %old, %p : i32
        memref.store %new, %squares[%i] : memref<8xi32>
      }
      scf.reduce
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %prefix = memref.alloc() : memref<4xi32>
  %squares = memref.alloc() : memref<8xi32>
  %flag = memref.alloc() : memref<i32>
  %zero4 = arith.constant dense<0> : vector<4xi32>
  %zero8 = arith.constant dense<0> : vector<8xi32>
  vector.store %zero4, %prefix[%c0] : memref<4xi32>, vector<4xi32>
  vector.store %zero8, %squares[%c0] : memref<8xi32>, vector<8xi32>
  %raised = arith.constant 1 : i32
  %zero = arith.constant 0 : i32
  memref.store %raised, %flag[] : memref<i32>
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="locals"
  %st = ckpt.launch @k(%prefix, %squares, %flag)
      : (memref<4xi32>, memref<8xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  memref.store %zero, %flag[] : memref<i32>
  %label = ckpt.status_label %st : i64
  // The checkpoint ran twice.
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: ( 0, 2, 6, 12 )
  // CHECK-NEXT: ( 0, 2, 8, 18, 32, 50, 72, 98 )
  %st2 = ckpt.launch @k(%prefix, %squares, %flag) resume_from %label
      : (memref<4xi32>, memref<8xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  %p = vector.load %prefix[%c0] : memref<4xi32>, vector<4xi32>
  vector.print %p : vector<4xi32>
  %s = vector.load %squares[%c0] : memref<8xi32>, vector<8xi32>
  vector.print %s : vector<8xi32>
  // Host code: the largest prefix, found with a scope-local copy of each element.
  // CHECK-NEXT: 12
  %init = arith.constant -1 : i32
  %max = scf.for %i = %c0 to %c4 step %c1 iter_args(%m = %init) -> (i32) {
    %next = memref.alloca_scope -> (i32) {
      %copy = memref.alloca() : memref<1xi32>
      %v = memref.load %prefix[%i] : memref<4xi32>
      memref.store %v, %copy[%c0] : memref<1xi32>
      %w = memref.load %copy[%c0] : memref<1xi32>
      %bigger = arith.maxsi %m, %w : i32
      memref.alloca_scope.return %bigger : i32
    }
    scf.yield %next : i32
  }
  vector.print %max : i32
  memref.dealloc %prefix : memref<4xi32>
  memref.dealloc %squares : memref<8xi32>
  memref.dealloc %flag : memref<i32>
  return
}
