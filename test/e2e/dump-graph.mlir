// ckpt-run --dump-graph writes the kernels' plans in Graphviz's DOT language: each
// checkpoint with its cp_id, label and name, its gate on the resume point and its yield
// check with the flag it reads; tasks and bare runs; a do-while with its condition and
// back edge; one resume entry per label. The program runs as usual while the file is
// written, and Graphviz renders the file. On CUDA the driver's own picture of the graph
// is written next to it (cuGraphDebugDotPrint).
// RUN: rm -f %target_tmp.dot %target_tmp.step.cuda.0.dot
// RUN: %ckpt_run_target %s --dump-graph=%target_tmp.dot | FileCheck %s --match-full-lines
// RUN: FileCheck %s --check-prefix=DOT < %target_tmp.dot
// RUN: %if graphviz %{ dot -Tsvg %target_tmp.dot -o %target_tmp.svg %}
// RUN: %if target-cuda %{ FileCheck %s --check-prefix=CUDA < %target_tmp.step.cuda.0.dot %}
// RUN: not %ckpt_run_target %s --dump-graph=%t.missing-dir/x.dot 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK: status ok=1 yielded=0 label=-1
// CHECK-NEXT: x: 3

// DOT: digraph ckpt {
// DOT: subgraph cluster_k0 {
// DOT-NEXT: label="kernel step ({{cpu|cuda|hip|vulkan}}): 3 checkpoints, 1 labels";
// DOT: label="cp 0 (implicit)";
// DOT: label="gate\nresume point <= 0\nnot yielded"
// DOT: label="task fn 0"
// DOT: label="do_while (condition: arg 2)";
// DOT: label="repeat while\narg 2 != 0"
// DOT: label="{{task fn 1|bare run fn 1\\nruns unless skipping or yielded}}"
// DOT: label="cp 1 - label 5 \"grow\"";
// DOT: label="yield if arg 1 != 0{{.*}}"
// DOT: label="again"
// DOT: label="cp 2 (implicit)";
// DOT: label="resume 5"
// DOT: -> k0yield

// CUDA: digraph

// BAD: ckpt: CKPT_DUMP_GRAPH: cannot write the graph to {{.*}}x.dot: No such file or directory
// BAD: ckpt-run: --dump-graph: '{{.*}}x.dot' was not written

// x[0] += 1 in each task; the do-while runs once (%again stays 0).
func.func @step(%x: memref<1xi32>, %f: memref<i32>, %again: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  scf.for %i = %c0 to %c1 step %c1 {
    %v = memref.load %x[%c0] : memref<1xi32>
    %w = arith.addi %v, %one : i32
    memref.store %w, %x[%c0] : memref<1xi32>
  }
  ckpt.do_while %again : memref<i32> {
    %zero = arith.constant 0 : i32
    memref.store %zero, %again[] : memref<i32>
    ckpt.checkpoint 5 "grow" yield_on %f : memref<i32> {
      scf.for %i = %c0 to %c1 step %c1 {
        %v = memref.load %x[%c0] : memref<1xi32>
        %w = arith.addi %v, %one : i32
        memref.store %w, %x[%c0] : memref<1xi32>
      }
    }
  }
  scf.for %i = %c0 to %c1 step %c1 {
    %v = memref.load %x[%c0] : memref<1xi32>
    %w = arith.addi %v, %one : i32
    memref.store %w, %x[%c0] : memref<1xi32>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0 : i32
  %x = memref.alloc() : memref<1xi32>
  %f = memref.alloc() : memref<i32>
  %again = memref.alloc() : memref<i32>
  memref.store %zero, %x[%c0] : memref<1xi32>
  memref.store %zero, %f[] : memref<i32>
  memref.store %zero, %again[] : memref<i32>
  %s = ckpt.launch @step(%x, %f, %again)
      : (memref<1xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %ok = ckpt.status_ok %s : i1
  %yielded = ckpt.status_yielded %s : i1
  %label = ckpt.status_label %s : i64
  call @print_status(%ok, %yielded, %label) : (i1, i1, i64) -> ()
  %v = memref.load %x[%c0] : memref<1xi32>
  vector.print str "x: "
  vector.print %v : i32
  memref.dealloc %x : memref<1xi32>
  memref.dealloc %f : memref<i32>
  memref.dealloc %again : memref<i32>
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
