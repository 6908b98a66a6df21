// --ckpt-lower-host-dispatch{target=cpu}: a task that is one parallel loop without
// reductions becomes a split task (plan flag 8, runtime/include/ckpt/plan.h): the share
// pointer after the kernel's parameters names its block of the outermost dimension's
// iterations; the inner dimensions and every other task are left whole.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=cpu})' \
// RUN:   | FileCheck %s

// The outermost dimension runs from 1 to 10 step 3: its iterations are counted as
// ceildiv(max(10 - 1, 0), 3), and the block maps back to lb + first * 3 .. min(lb + last * 3, 10).
// CHECK-LABEL: func.func private @two_d__fn0(
// CHECK-SAME:      %[[A:.*]]: memref<10x4xi32>, %[[SHARE:.*]]: !llvm.ptr) attributes {passthrough = ["noinline"]} {
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C10:.*]] = arith.constant 10 : index
// CHECK:         llvm.getelementptr %[[SHARE]][0] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK:         llvm.getelementptr %[[SHARE]][1] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK:         %[[COUNT:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK:         %[[DIFF:.*]] = arith.subi %[[C10]], %[[C1]] : index
// CHECK-NEXT:    %[[SPAN:.*]] = arith.maxsi %[[DIFF]], %{{.*}} : index
// CHECK-NEXT:    %[[TRIPS:.*]] = arith.ceildivsi %[[SPAN]], %[[C3]] : index
// CHECK-NEXT:    %[[CHUNK:.*]] = arith.ceildivsi %[[TRIPS]], %[[COUNT]] : index
// CHECK:         %[[FIRST:.*]] = arith.minsi %{{.*}}, %[[TRIPS]] : index
// CHECK:         %[[LAST:.*]] = arith.minsi %{{.*}}, %[[TRIPS]] : index
// CHECK-NEXT:    %[[LOW_OFFSET:.*]] = arith.muli %[[FIRST]], %[[C3]] : index
// CHECK-NEXT:    %[[LOW:.*]] = arith.addi %[[C1]], %[[LOW_OFFSET]] : index
// CHECK-NEXT:    %[[HIGH_OFFSET:.*]] = arith.muli %[[LAST]], %[[C3]] : index
// CHECK-NEXT:    %[[END:.*]] = arith.addi %[[C1]], %[[HIGH_OFFSET]] : index
// CHECK-NEXT:    %[[HIGH:.*]] = arith.minsi %[[END]], %[[C10]] : index
// CHECK-NEXT:    scf.parallel (%{{.*}}, %{{.*}}) = (%[[LOW]], %[[C0]]) to (%[[HIGH]], %[[C4]]) step (%[[C3]], %[[C1]]) {

// A parallel loop with a reduction, a serial loop and a bare run keep their loops whole
// and never read the share.
// CHECK-LABEL: func.func private @two_d__fn1(
// CHECK-NOT:     = llvm.
// CHECK:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) init
// CHECK-LABEL: func.func private @two_d__fn2(
// CHECK-NOT:     = llvm.
// CHECK:         scf.for
// CHECK-LABEL: func.func private @two_d__fn3(
// CHECK-NOT:     = llvm.
// CHECK:         return

// Nodes: only the first task has flags 8.
// CHECK: @two_d__ckpt_nodes(dense<[1, 1, 0, -1, -1, -1, -1, 8, 1, 2, 1, -1, -1, -1, -1, -1, 1, 3, 2, -1, -1, -1, -1, -1, 2, 4, 3, -1, -1, -1, -1, -1]>
func.func @two_d(%a: memref<10x4xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c10 = arith.constant 10 : index
  %v = arith.constant 7 : i32
  scf.parallel (%i, %j) = (%c1, %c0) to (%c10, %c4) step (%c3, %c1) {
    memref.store %v, %a[%i, %j] : memref<10x4xi32>
  }
  %s = scf.parallel (%i) = (%c0) to (%c10) step (%c1) init (%v) -> i32 {
    %x = memref.load %a[%i, %c0] : memref<10x4xi32>
    scf.reduce(%x : i32) {
    ^bb0(%l: i32, %r: i32):
      %t = arith.addi %l, %r : i32
      scf.reduce.return %t : i32
    }
  }
  scf.for %i = %c0 to %c10 step %c1 {
    memref.store %v, %a[%i, %c0] : memref<10x4xi32>
  }
  memref.store %v, %a[%c0, %c0] : memref<10x4xi32>
  return
}
