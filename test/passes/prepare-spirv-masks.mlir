// --ckpt-prepare-spirv-tasks on masked and indexed vector memory accesses, which SPIR-V
// has no form of: each lane of a masked transfer is checked against its mask bit too (a
// comparison with the size of a vector.create_mask or vector.constant_mask, which then
// goes; else vector.extract of the bit), an n-D mask gives each row its own size (zero
// for a row past a leading size); vector.maskedload / maskedstore, vector.gather and
// vector.scatter become one scalar load or store per element under scf.if on its mask bit,
// a masked-off load giving the pass-through's element. End to end:
// test/e2e/vector-masked-memory.mlir.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-prepare-spirv-tasks)' | FileCheck %s

// CHECK-LABEL: func.func @masks(
// CHECK-SAME:      %[[X:.*]]: memref<8xf32>, %[[Y:.*]]: memref<4x4xf32>, %[[N:.*]]: index, %[[R:.*]]: index, %[[V:.*]]: vector<2xf32>)
// CHECK:         gpu.launch
// CHECK-NOT:       vector.create_mask
// CHECK-NOT:       vector.constant_mask
// CHECK-NOT:       vector.transfer_
// A read under create_mask %n: lane 0 loads only when 0 < n, else the padding.
// CHECK:           %[[PAD:.*]] = arith.constant 5.000000e-01 : f32
// CHECK:           %[[SET0:.*]] = arith.cmpi slt, %{{.*}}, %[[N]] : index
// CHECK-NEXT:      %[[A0:.*]] = scf.if %[[SET0]] -> (f32) {
// CHECK-NEXT:        memref.load %[[X]]
// CHECK:           } else {
// CHECK-NEXT:        scf.yield %[[PAD]] : f32
// CHECK:           %[[SET1:.*]] = arith.cmpi slt, %{{.*}}, %[[N]] : index
// CHECK-NEXT:      scf.if %[[SET1]] -> (f32) {
// A write under constant_mask [1]: each lane compared with the constant size.
// CHECK:           %[[ONE:.*]] = arith.constant 1 : index
// CHECK:           %[[K0:.*]] = arith.cmpi slt, %{{.*}}, %[[ONE]] : index
// CHECK:           scf.if %[[K0]] {
// CHECK-NEXT:        memref.store
// A mask from a comparison, on a write not marked in bounds: bound and bit together.
// CHECK:           %[[LT:.*]] = arith.cmpf olt, %{{.*}}, %[[V]] : vector<2xf32>
// CHECK:           %[[IN:.*]] = arith.cmpi ult, %{{.*}}, %{{.*}} : index
// CHECK-NEXT:      %[[BIT:.*]] = vector.extract %[[LT]][0] : i1 from vector<2xi1>
// CHECK-NEXT:      %[[BOTH:.*]] = arith.andi %[[IN]], %[[BIT]] : i1
// CHECK:           scf.if %[[BOTH]] {
// A 2-D mask of sizes (r, n): row i runs to n when i < r, else to 0.
// CHECK:           %[[ROW0:.*]] = arith.cmpi slt, %{{.*}}, %[[R]] : index
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[SIZE0:.*]] = arith.select %[[ROW0]], %[[N]], %[[ZERO]] : index
// CHECK:           arith.cmpi slt, %{{.*}}, %[[SIZE0]] : index
// CHECK:           %[[ROW1:.*]] = arith.cmpi slt, %{{.*}}, %[[R]] : index
// CHECK:           %[[SIZE1:.*]] = arith.select %[[ROW1]], %[[N]], %{{.*}} : index
// CHECK:           arith.cmpi slt, %{{.*}}, %[[SIZE1]] : index
// CHECK:           gpu.terminator
func.func @masks(%x: memref<8xf32>, %y: memref<4x4xf32>, %n: index, %r: index, %v: vector<2xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %pad = arith.constant 0.5 : f32
    %m = vector.create_mask %n : vector<2xi1>
    %a = vector.transfer_read %x[%c0], %pad, %m {in_bounds = [true]} : memref<8xf32>, vector<2xf32>
    %k = vector.constant_mask [1] : vector<2xi1>
    vector.transfer_write %a, %x[%c0], %k {in_bounds = [true]} : vector<2xf32>, memref<8xf32>
    %lt = arith.cmpf olt, %a, %v : vector<2xf32>
    vector.transfer_write %v, %x[%c1], %lt : vector<2xf32>, memref<8xf32>
    %b = vector.create_mask %r, %n : vector<2x2xi1>
    %w = vector.transfer_read %y[%c0, %c0], %pad, %b {in_bounds = [true, true]} : memref<4x4xf32>, vector<2x2xf32>
    vector.transfer_write %w, %y[%c1, %c0] {in_bounds = [true, true]} : vector<2x2xf32>, memref<4x4xf32>
    gpu.terminator
  }
  return
}

// CHECK-LABEL: func.func @memory(
// CHECK-SAME:      %[[X:.*]]: memref<8xf32>, %[[I:.*]]: vector<2xi32>, %[[M:.*]]: vector<2xi1>, %[[P:.*]]: vector<2xf32>)
// CHECK:         gpu.launch
// CHECK-NOT:       vector.masked
// CHECK-NOT:       vector.gather
// CHECK-NOT:       vector.scatter
// maskedload at 1: lane 0 loads x[1] when its bit is set, else takes p[0].
// CHECK:           %[[B0:.*]] = vector.extract %[[M]][0] : i1 from vector<2xi1>
// CHECK:           %[[P0:.*]] = vector.extract %[[P]][0] : f32 from vector<2xf32>
// CHECK-NEXT:      %[[L0:.*]] = scf.if %[[B0]] -> (f32) {
// CHECK-NEXT:        %[[LOADED:.*]] = memref.load %[[X]][%{{.*}}] : memref<8xf32>
// CHECK-NEXT:        scf.yield %[[LOADED]] : f32
// CHECK-NEXT:      } else {
// CHECK-NEXT:        scf.yield %[[P0]] : f32
// CHECK-NEXT:      }
// CHECK:           %[[LOAD:.*]] = vector.from_elements %[[L0]], %{{.*}} : vector<2xf32>
// maskedstore at 0: a store per lane under its bit.
// CHECK:           %[[S0:.*]] = vector.extract %[[LOAD]][0] : f32 from vector<2xf32>
// CHECK-NEXT:      scf.if %{{.*}} {
// CHECK-NEXT:        memref.store %[[S0]], %[[X]][%{{.*}}] : memref<8xf32>
// gather at 0: lane 0 at 0 + i[0].
// CHECK:           %[[I0:.*]] = vector.extract %[[I]][0] : i32 from vector<2xi32>
// CHECK-NEXT:      %[[I0X:.*]] = arith.index_cast %[[I0]] : i32 to index
// CHECK-NEXT:      %[[AT0:.*]] = arith.addi %{{.*}}, %[[I0X]] : index
// CHECK:           scf.if %{{.*}} -> (f32) {
// CHECK-NEXT:        memref.load %[[X]][%[[AT0]]] : memref<8xf32>
// CHECK:           %[[G:.*]] = vector.from_elements
// scatter at 1: element 1 stored at 1 + i[1], after element 0.
// CHECK:           %[[J1:.*]] = vector.extract %[[I]][1] : i32 from vector<2xi32>
// CHECK-NEXT:      %[[J1X:.*]] = arith.index_cast %[[J1]] : i32 to index
// CHECK-NEXT:      %[[TO1:.*]] = arith.addi %{{.*}}, %[[J1X]] : index
// CHECK-NEXT:      %[[G1:.*]] = vector.extract %[[G]][1] : f32 from vector<2xf32>
// CHECK-NEXT:      scf.if %{{.*}} {
// CHECK-NEXT:        memref.store %[[G1]], %[[X]][%[[TO1]]] : memref<8xf32>
// CHECK:           gpu.terminator
func.func @memory(%x: memref<8xf32>, %i: vector<2xi32>, %m: vector<2xi1>, %p: vector<2xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %l = vector.maskedload %x[%c1], %m, %p : memref<8xf32>, vector<2xi1>, vector<2xf32> into vector<2xf32>
    vector.maskedstore %x[%c0], %m, %l : memref<8xf32>, vector<2xi1>, vector<2xf32>
    %g = vector.gather %x[%c0][%i], %m, %p : memref<8xf32>, vector<2xi32>, vector<2xi1>, vector<2xf32> into vector<2xf32>
    vector.scatter %x[%c1][%i], %m, %g : memref<8xf32>, vector<2xi32>, vector<2xi1>, vector<2xf32>
    gpu.terminator
  }
  return
}
