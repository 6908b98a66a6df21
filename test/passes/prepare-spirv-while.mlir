// --ckpt-prepare-spirv-tasks: an scf.while in a task tests a carried flag first and runs
// its before region in its body; the old after region runs where the old condition held,
// and the results come out of the carried values. Lavapipe gave threads that left a
// divergent loop of MLIR's form early a later iteration's values.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-prepare-spirv-tasks)' | FileCheck %s

// CHECK-LABEL: func.func @climb
// CHECK: %[[FALSE:.*]] = arith.constant false
// CHECK: %[[W:.*]]:5 = scf.while (%[[A:[^ ]*]] = %{{.*}}, %[[N:[^ ]*]] = %{{.*}}, %[[DONE:[^ ]*]] = %[[FALSE]], %[[R0:[^ ]*]] = %{{.*}}, %[[R1:[^ ]*]] = %{{.*}}) : (i32, i32, i1, i32, i32) -> (i32, i32, i1, i32, i32) {
// CHECK: %[[GO:.*]] = arith.xori %[[DONE]], %{{.*}} : i1
// CHECK: scf.condition(%[[GO]]) %[[A]], %[[N]], %[[DONE]], %[[R0]], %[[R1]]
// CHECK: } do {
// CHECK: ^bb0(%[[A2:[^:]*]]: i32, %[[N2:[^:]*]]: i32,
// CHECK: %[[A1:.*]] = arith.addi %[[A2]]
// CHECK: %[[BELOW:.*]] = arith.cmpi slt, %[[A1]]
// CHECK: %[[NEXT:.*]]:2 = scf.if %[[BELOW]] -> (i32, i32) {
// CHECK: %[[N1:.*]] = arith.addi %[[N2]]
// CHECK: scf.yield %[[A1]], %[[N1]] : i32, i32
// CHECK: } else {
// CHECK: scf.yield %[[A2]], %[[N2]] : i32, i32
// CHECK: }
// CHECK: %[[STOP:.*]] = arith.xori %[[BELOW]], %{{.*}} : i1
// CHECK: scf.yield %[[NEXT]]#0, %[[NEXT]]#1, %[[STOP]], %[[A1]], %[[N2]] : i32, i32, i1, i32, i32
// CHECK: memref.store %[[W]]#3, %{{.*}}
func.func @climb(%b: memref<4xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
    %x = memref.load %b[%tx] : memref<4xi32>
    %zero = arith.constant 0 : i32
    %one = arith.constant 1 : i32
    %r:2 = scf.while (%a = %x, %n = %zero) : (i32, i32) -> (i32, i32) {
      %a1 = arith.addi %a, %one : i32
      %below = arith.cmpi slt, %a1, %zero : i32
      scf.condition(%below) %a1, %n : i32, i32
    } do {
    ^bb0(%v: i32, %m: i32):
      %n1 = arith.addi %m, %one : i32
      scf.yield %v, %n1 : i32, i32
    }
    memref.store %r#0, %b[%tx] : memref<4xi32>
    gpu.terminator
  }
  return
}

// A loop with an atomic keeps MLIR's form: lavapipe also mishandles acquire-release
// atomics in conditional code of a divergent loop, where the rotated body would put them.
// CHECK-LABEL: func.func @count_up
// CHECK: scf.while (%{{.*}} = %{{.*}}) : (index) -> index {
// CHECK: scf.condition
// CHECK: memref.atomic_rmw addi
func.func @count_up(%count: memref<1xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c3, %sy = %c1, %sz = %c1) {
    %one = arith.constant 1 : i32
    %end = scf.while (%i = %tx) : (index) -> index {
      %more = arith.cmpi slt, %i, %c3 : index
      scf.condition(%more) %i : index
    } do {
    ^bb0(%i: index):
      %n = memref.atomic_rmw addi %one, %count[%c0] : (i32, memref<1xi32>) -> i32
      %i1 = arith.addi %i, %c1 : index
      scf.yield %i1 : index
    }
    gpu.terminator
  }
  return
}
