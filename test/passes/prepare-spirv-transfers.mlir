// --ckpt-prepare-spirv-tasks: a 1-D vector transfer along a memref's last dimension becomes
// one memref.load (gathered by vector.from_elements) or vector.extract and memref.store per
// lane. Lanes of a transfer not marked in bounds are checked against the last dimension's
// size (hoisted before the launch when dynamic, a constant when static): out of range, a
// read gives the padding and a write stores nothing. Transfers whose maps transpose or
// broadcast get MLIR's permutation-map lowering first; one it cannot bring to these forms
// is an error (prepare-spirv-transfers-invalid.mlir).
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-prepare-spirv-tasks)' | FileCheck %s

// CHECK-LABEL: func.func @transfers(
// CHECK-SAME:      %[[X:.*]]: memref<?x6xf32>, %[[Y:.*]]: memref<?xf32>, %[[I:.*]]: index, %[[J:.*]]: index)
// CHECK:         %[[DIM:.*]] = memref.dim %[[Y]], %{{.*}} : memref<?xf32>
// CHECK:         gpu.launch
// CHECK:           %[[PAD:.*]] = arith.constant 5.000000e-01 : f32
// The read of x is in bounds: two plain loads at j and j + 1.
// CHECK-NOT:       vector.transfer_read
// CHECK:           %[[A0:.*]] = memref.load %[[X]][%[[I]], %[[J]]] : memref<?x6xf32>
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT:      %[[J1:.*]] = arith.addi %[[J]], %[[ONE]] : index
// CHECK-NEXT:      %[[A1:.*]] = memref.load %[[X]][%[[I]], %[[J1]]] : memref<?x6xf32>
// CHECK-NEXT:      %[[V:.*]] = vector.from_elements %[[A0]], %[[A1]] : vector<2xf32>
// The write to x is checked against its static last size, 6.
// CHECK:           %[[SIX:.*]] = arith.constant 6 : index
// CHECK-NEXT:      %[[OK0:.*]] = arith.cmpi ult, %[[J]], %[[SIX]] : index
// CHECK-NEXT:      %[[E0:.*]] = vector.extract %{{.*}}[0] : f32 from vector<2xf32>
// CHECK-NEXT:      scf.if %[[OK0]] {
// CHECK-NEXT:        memref.store %[[E0]], %[[X]][%[[I]], %[[J]]] : memref<?x6xf32>
// CHECK-NEXT:      }
// CHECK:           scf.if %{{.*}} {
// CHECK-NEXT:        memref.store %{{.*}}, %[[X]][%[[I]], %{{.*}}] : memref<?x6xf32>
// CHECK-NEXT:      }
// The read of y may run past its end: each lane is checked against its size.
// CHECK:           %[[OK:.*]] = arith.cmpi ult, %[[J]], %[[DIM]] : index
// CHECK-NEXT:      %[[B0:.*]] = scf.if %[[OK]] -> (f32) {
// CHECK-NEXT:        %[[L:.*]] = memref.load %[[Y]][%[[J]]] : memref<?xf32>
// CHECK-NEXT:        scf.yield %[[L]] : f32
// CHECK-NEXT:      } else {
// CHECK-NEXT:        scf.yield %[[PAD]] : f32
// CHECK-NEXT:      }
// CHECK:           vector.from_elements %[[B0]], %{{.*}}, %{{.*}} : vector<3xf32>
// CHECK-NOT:       vector.transfer_write
// CHECK:           gpu.terminator
func.func @transfers(%x: memref<?x6xf32>, %y: memref<?xf32>, %i: index, %j: index) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %pad = arith.constant 0.5 : f32
    %v = vector.transfer_read %x[%i, %j], %pad {in_bounds = [true]} : memref<?x6xf32>, vector<2xf32>
    %w = arith.addf %v, %v : vector<2xf32>
    vector.transfer_write %w, %x[%i, %j] : vector<2xf32>, memref<?x6xf32>
    %u = vector.transfer_read %y[%j], %pad : memref<?xf32>, vector<3xf32>
    %s = vector.reduction <add>, %u : vector<3xf32> into f32
    memref.store %s, %y[%i] : memref<?xf32>
    gpu.terminator
  }
  return
}

// The same in a hand-written kernel that a task launches.
// CHECK-LABEL: gpu.func @kernel(
// CHECK-SAME:      %[[Z:.*]]: memref<4xf32>)
// CHECK-NOT:     vector.transfer_
// CHECK:         memref.load %[[Z]]
// CHECK:         vector.from_elements
// CHECK:         memref.store %{{.*}}, %[[Z]]
// CHECK-NOT:     vector.transfer_
// CHECK:         gpu.return
gpu.module @kernels {
  gpu.func @kernel(%z: memref<4xf32>) kernel {
    %c0 = arith.constant 0 : index
    %pad = arith.constant 0.0 : f32
    %v = vector.transfer_read %z[%c0], %pad {in_bounds = [true]} : memref<4xf32>, vector<2xf32>
    vector.transfer_write %v, %z[%c0] : vector<2xf32>, memref<4xf32>
    gpu.return
  }
}

// A read of more lanes than a SPIR-V vector has (4) is gathered in pieces of the size
// --ckpt-attach-spirv-abi later splits the vector into (4, or 3 for 6 lanes), put together
// with vector.insert_strided_slice, so that the slices taken of it there fold away.
// CHECK-LABEL: gpu.func @wide(
// CHECK:         %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// CHECK:         %[[LO:.*]] = vector.from_elements {{.*}} : vector<4xf32>
// CHECK:         %[[W0:.*]] = vector.insert_strided_slice %[[LO]], %[[ZERO]] {offsets = [0], strides = [1]} : vector<4xf32> into vector<8xf32>
// CHECK:         %[[HI:.*]] = vector.from_elements {{.*}} : vector<4xf32>
// CHECK:         vector.insert_strided_slice %[[HI]], %[[W0]] {offsets = [4], strides = [1]} : vector<4xf32> into vector<8xf32>
// CHECK-COUNT-2: vector.from_elements {{.*}} : vector<3xf32>
// CHECK:         gpu.return
gpu.module @wide_kernels {
  gpu.func @wide(%z: memref<8xf32>, %w: memref<6xf32>) kernel {
    %c0 = arith.constant 0 : index
    %pad = arith.constant 0.0 : f32
    %v = vector.transfer_read %z[%c0], %pad {in_bounds = [true]} : memref<8xf32>, vector<8xf32>
    vector.transfer_write %v, %z[%c0] {in_bounds = [true]} : vector<8xf32>, memref<8xf32>
    %u = vector.transfer_read %w[%c0], %pad {in_bounds = [true]} : memref<6xf32>, vector<6xf32>
    vector.transfer_write %u, %w[%c0] {in_bounds = [true]} : vector<6xf32>, memref<6xf32>
    gpu.return
  }
}

// vector.load and vector.store go lane by lane too (MLIR's conversion would load through a
// pointer cast, which Vulkan's logical addressing forbids), with no bounds checks: they
// stay in bounds by definition. A load whose memref holds vectors is left alone.
// CHECK-LABEL: gpu.func @plain(
// CHECK-SAME:      %[[P:.*]]: memref<2x8xi32>, %[[Q:.*]]: memref<2xvector<4xi32>>, %[[K:.*]]: index)
// CHECK-NOT:     vector.load %[[P]]
// CHECK:         %[[P0:.*]] = memref.load %[[P]][%[[K]], %[[K]]] : memref<2x8xi32>
// CHECK-NEXT:    %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[K1:.*]] = arith.addi %[[K]], %[[ONE]] : index
// CHECK-NEXT:    %[[P1:.*]] = memref.load %[[P]][%[[K]], %[[K1]]] : memref<2x8xi32>
// CHECK-NEXT:    %[[PV:.*]] = vector.from_elements %[[P0]], %[[P1]] : vector<2xi32>
// CHECK-NOT:     arith.cmpi
// CHECK:         %[[E0:.*]] = vector.extract %[[PV]][0] : i32 from vector<2xi32>
// CHECK-NEXT:    memref.store %[[E0]], %[[P]][%[[K]], %[[K]]] : memref<2x8xi32>
// CHECK:         %[[E1:.*]] = vector.extract %[[PV]][1] : i32 from vector<2xi32>
// CHECK-NEXT:    memref.store %[[E1]], %[[P]][%[[K]], %{{.*}}] : memref<2x8xi32>
// CHECK:         vector.load %[[Q]][%[[K]]] : memref<2xvector<4xi32>>, vector<4xi32>
// CHECK:         gpu.return
gpu.module @plain_kernels {
  gpu.func @plain(%p: memref<2x8xi32>, %q: memref<2xvector<4xi32>>, %k: index) kernel {
    %v = vector.load %p[%k, %k] : memref<2x8xi32>, vector<2xi32>
    vector.store %v, %p[%k, %k] : memref<2x8xi32>, vector<2xi32>
    %w = vector.load %q[%k] : memref<2xvector<4xi32>>, vector<4xi32>
    vector.store %w, %q[%k] : memref<2xvector<4xi32>>, vector<4xi32>
    gpu.return
  }
}

// A 2-D transfer whose rows are marked in bounds becomes one 1-D transfer per row (each
// then lane by lane), the rows put together with vector.insert or taken apart with
// vector.extract; the leading index moves by the row.
// CHECK-LABEL: gpu.func @rows(
// CHECK-SAME:      %[[M:.*]]: memref<4x8xf32>, %[[I:.*]]: index, %[[J:.*]]: index)
// CHECK-NOT:     vector.transfer_
// CHECK:         %[[POISON:.*]] = ub.poison : vector<2x3xf32>
// CHECK:         memref.load %[[M]][%[[I]], %[[J]]] : memref<4x8xf32>
// CHECK:         %[[ROW0:.*]] = vector.from_elements {{.*}} : vector<3xf32>
// CHECK:         %[[W0:.*]] = vector.insert %[[ROW0]], %[[POISON]] [0] : vector<3xf32> into vector<2x3xf32>
// CHECK:         %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[I1:.*]] = arith.addi %[[I]], %[[ONE]] : index
// CHECK:         memref.load %[[M]][%[[I1]], %[[J]]] : memref<4x8xf32>
// CHECK:         %[[ROW1:.*]] = vector.from_elements {{.*}} : vector<3xf32>
// CHECK:         %[[W:.*]] = vector.insert %[[ROW1]], %[[W0]] [1] : vector<3xf32> into vector<2x3xf32>
// CHECK:         %[[D:.*]] = arith.addf %[[W]], %[[W]] : vector<2x3xf32>
// CHECK:         vector.extract %[[D]][0] : vector<3xf32> from vector<2x3xf32>
// CHECK-COUNT-3: memref.store {{.*}}, %[[M]][%[[I]], %{{.*}}] : memref<4x8xf32>
// CHECK:         vector.extract %[[D]][1] : vector<3xf32> from vector<2x3xf32>
// CHECK-COUNT-3: memref.store {{.*}}, %[[M]][%{{.*}}, %{{.*}}] : memref<4x8xf32>
// CHECK-NOT:     vector.transfer_
// CHECK:         gpu.return
gpu.module @row_kernels {
  gpu.func @rows(%m: memref<4x8xf32>, %i: index, %j: index) kernel {
    %pad = arith.constant 0.0 : f32
    %v = vector.transfer_read %m[%i, %j], %pad {in_bounds = [true, true]} : memref<4x8xf32>, vector<2x3xf32>
    %d = arith.addf %v, %v : vector<2x3xf32>
    vector.transfer_write %d, %m[%i, %j] {in_bounds = [true, true]} : vector<2x3xf32>, memref<4x8xf32>
    gpu.return
  }
}

// A transposed 2-D read becomes a read in the memref's order and a vector.transpose; a
// read of a column (a 1-D vector along the first dimension) goes lane by lane down it,
// each lane checked against that dimension's size; a broadcast read reads the row once.
// CHECK-LABEL: gpu.func @maps(
// CHECK-SAME:      %[[T:.*]]: memref<4x2xf32>, %[[C:.*]]: memref<3x4xf32>, %[[BR:.*]]: memref<4xf32>, %[[K:.*]]: index)
// CHECK-NOT:     vector.transfer_
// CHECK:         vector.insert {{.*}} : vector<2xf32> into vector<4x2xf32>
// CHECK:         vector.transpose %{{.*}}, [1, 0] : vector<4x2xf32> to vector<2x4xf32>
// CHECK:         %[[THREE:.*]] = arith.constant 3 : index
// CHECK-NEXT:    %[[IN0:.*]] = arith.cmpi ult, %[[K]], %[[THREE]] : index
// CHECK-NEXT:    scf.if %[[IN0]] -> (f32) {
// CHECK-NEXT:      memref.load %[[C]][%[[K]], %[[K]]] : memref<3x4xf32>
// CHECK:         %[[ROW:.*]] = vector.from_elements {{.*}} : vector<4xf32>
// CHECK:         vector.broadcast %[[ROW]] : vector<4xf32> to vector<2x4xf32>
// CHECK-NOT:     vector.transfer_
// CHECK:         gpu.return
gpu.module @map_kernels {
  gpu.func @maps(%t: memref<4x2xf32>, %c: memref<3x4xf32>, %b: memref<4xf32>, %k: index) kernel {
    %c0 = arith.constant 0 : index
    %pad = arith.constant 0.0 : f32
    %tt = vector.transfer_read %t[%c0, %c0], %pad {in_bounds = [true, true], permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : memref<4x2xf32>, vector<2x4xf32>
    %cc = vector.transfer_read %c[%k, %k], %pad {permutation_map = affine_map<(d0, d1) -> (d0)>} : memref<3x4xf32>, vector<2xf32>
    %bb = vector.transfer_read %b[%c0], %pad {in_bounds = [true, true], permutation_map = affine_map<(d0) -> (0, d0)>} : memref<4xf32>, vector<2x4xf32>
    %s = arith.addf %tt, %bb : vector<2x4xf32>
    %e = vector.extract %s[1, 3] : f32 from vector<2x4xf32>
    %f = vector.extract %cc[1] : f32 from vector<2xf32>
    %g = arith.addf %e, %f : f32
    memref.store %g, %b[%k] : memref<4xf32>
    gpu.return
  }
}
