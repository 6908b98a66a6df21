// --ckpt-spirv-views: memrefs whose strides SPIR-V cannot know are indexed in Vulkan
// tasks through a rank-1 memref over their base buffer, with offset, sizes and strides
// as index values. (cse merges the constants the pass makes one per use.)
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(ckpt-spirv-views,cse)" | FileCheck %s

// A column view from outside: its metadata is taken before the launch, the flat buffer
// spans offset + (size - 1) * stride + 1 elements (0 when empty), and the load indexes
// it at offset + i * stride.
// CHECK-LABEL: func.func @column(
// CHECK-SAME:      %[[COL:.*]]: memref<?xi32, strided<[?], offset: ?>>, %[[I:.*]]: index
// CHECK:         %[[BASE:.*]], %[[OFF:.*]], %[[SIZE:.*]], %[[STRIDE:.*]] = memref.extract_strided_metadata %[[COL]]
// CHECK:         %[[EMPTY:.*]] = arith.cmpi eq, %[[SIZE]], %[[ZERO:.*]] : index
// CHECK:         %[[LAST:.*]] = arith.subi %[[SIZE]], %{{.*}} : index
// CHECK:         %[[SPAN:.*]] = arith.muli %[[LAST]], %[[STRIDE]] : index
// CHECK:         %[[SPAN0:.*]] = arith.maxsi %[[SPAN]], %[[ZERO]] : index
// CHECK:         %[[END:.*]] = arith.addi %[[OFF]], %[[SPAN0]] : index
// CHECK:         %[[EXTENT:.*]] = arith.addi %[[END]], %{{.*}} : index
// CHECK:         %[[SIZED:.*]] = arith.select %[[EMPTY]], %[[ZERO]], %[[EXTENT]] : index
// CHECK:         %[[FLAT:.*]] = memref.reinterpret_cast %[[BASE]] to offset: [0], sizes: [%[[SIZED]]], strides: [1] : memref<i32> to memref<?xi32>
// CHECK:         gpu.launch
// CHECK:           %[[SCALED:.*]] = arith.muli %[[I]], %[[STRIDE]] : index
// CHECK:           %[[AT:.*]] = arith.addi %[[OFF]], %[[SCALED]] : index
// CHECK:           memref.load %[[FLAT]][%[[AT]]] : memref<?xi32>
// CHECK-NOT:       %[[COL]]
// CHECK:           gpu.terminator
func.func @column(%col: memref<?xi32, strided<[?], offset: ?>>, %i: index, %out: memref<i32>) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %v = memref.load %col[%i] : memref<?xi32, strided<[?], offset: ?>>
    memref.store %v, %out[] : memref<i32>
    gpu.terminator
  }
  return
}

// -----

// Views made in the task: a rank-reducing subview of a row (the unit dimension is the
// one dropped), a cast, memref.dim and memref.extract_strided_metadata of them; the view
// ops go. A layout with static strides and offset, and an identity memref of static
// shape, are left to the SPIR-V conversion.
// CHECK-LABEL: func.func @inside(
// CHECK-SAME:      %[[M:.*]]: memref<?x?xi32>, %[[I:.*]]: index, %[[J:.*]]: index, %[[FIXED:.*]]: memref<3xi32, strided<[4], offset: 1>>, %[[OUT:.*]]: memref<4xindex>
// CHECK:         %[[BASE:.*]], %[[OFF:.*]], %[[SIZES:.*]]:2, %[[STRIDES:.*]]:2 = memref.extract_strided_metadata %[[M]]
// CHECK:         %[[FLAT:.*]] = memref.reinterpret_cast %[[BASE]]
// CHECK-NOT:     memref.extract_strided_metadata
// CHECK:         gpu.launch
// CHECK:           %[[COLS:.*]] = memref.dim %[[M]], %[[UNIT:.*]] : memref<?x?xi32>
// CHECK-NOT:       memref.subview
// CHECK-NOT:       memref.cast
// CHECK:           %[[ROW:.*]] = arith.muli %[[I]], %[[STRIDES]]#0 : index
// CHECK:           %[[AT:.*]] = arith.addi %[[ROW]], %[[J]] : index
// CHECK:           memref.load %[[FLAT]][%[[AT]]] : memref<?xi32>
// CHECK:           memref.load %[[FIXED]][%[[J]]] : memref<3xi32, strided<[4], offset: 1>>
// CHECK:           memref.store %{{.*}}, %[[FIXED]][%{{.*}}] : memref<3xi32, strided<[4], offset: 1>>
// CHECK:           memref.store %[[COLS]], %[[OUT]][%{{.*}}] : memref<4xindex>
// CHECK:           memref.store %[[ROW]], %[[OUT]][%{{.*}}] : memref<4xindex>
// CHECK:           memref.store %[[UNIT]], %[[OUT]][%{{.*}}] : memref<4xindex>
// CHECK-NOT:       memref.dim
// CHECK-NOT:       memref.extract_strided_metadata
// CHECK:           gpu.terminator
func.func @inside(%m: memref<?x?xi32>, %i: index, %j: index,
                  %fixed: memref<3xi32, strided<[4], offset: 1>>, %out: memref<4xindex>) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %c0 = arith.constant 0 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %cols = memref.dim %m, %c1 : memref<?x?xi32>
    %row = memref.subview %m[%i, 0] [1, %cols] [1, 1]
        : memref<?x?xi32> to memref<?xi32, strided<[1], offset: ?>>
    %any = memref.cast %row
        : memref<?xi32, strided<[1], offset: ?>> to memref<?xi32, strided<[?], offset: ?>>
    %v = memref.load %any[%j] : memref<?xi32, strided<[?], offset: ?>>
    %w = memref.load %fixed[%j] : memref<3xi32, strided<[4], offset: 1>>
    %sum = arith.addi %v, %w : i32
    memref.store %sum, %fixed[%c0] : memref<3xi32, strided<[4], offset: 1>>
    %n = memref.dim %any, %c0 : memref<?xi32, strided<[?], offset: ?>>
    memref.store %n, %out[%c0] : memref<4xindex>
    %base, %offset, %size, %stride = memref.extract_strided_metadata %any
        : memref<?xi32, strided<[?], offset: ?>> -> memref<i32>, index, index, index
    memref.store %offset, %out[%c1] : memref<4xindex>
    memref.store %stride, %out[%c2] : memref<4xindex>
    gpu.terminator
  }
  return
}

// -----

// A subview with strides in the task: offset i0 * s0 + i1 * s1 after the view's own,
// strides multiplied by the subview's.
// With m's unit inner stride and offset 0 the index is 1 + j * 2, folded as far as that.
// CHECK-LABEL: func.func @strided_inside(
// CHECK-SAME:      %[[M:.*]]: memref<?x?xi32>, %[[J:.*]]: index
// CHECK:         %[[ONE:.*]] = arith.constant 1 : index
// CHECK:         %[[FLAT:.*]] = memref.reinterpret_cast
// CHECK:         gpu.launch
// CHECK:           %[[TWO:.*]] = arith.constant 2 : index
// CHECK:           %[[SCALED:.*]] = arith.muli %[[J]], %[[TWO]] : index
// CHECK-NEXT:      %[[AT:.*]] = arith.addi %[[ONE]], %[[SCALED]] : index
// CHECK-NEXT:      memref.store %{{.*}}, %[[FLAT]][%[[AT]]] : memref<?xi32>
func.func @strided_inside(%m: memref<?x?xi32>, %j: index) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %c0 = arith.constant 0 : index
    %c2 = arith.constant 2 : index
    %seven = arith.constant 7 : i32
    %pair = memref.subview %m[0, 1] [1, 2] [1, 2]
        : memref<?x?xi32> to memref<2xi32, strided<[2], offset: 1>>
    memref.store %seven, %pair[%j] : memref<2xi32, strided<[2], offset: 1>>
    gpu.terminator
  }
  return
}

// -----

// What SPIR-V cannot do with a view is reported at the op.
func.func @copy(%col: memref<?xi32, strided<[?], offset: ?>>, %into: memref<?xi32>) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    // expected-error @+1 {{'memref.copy' cannot take memref<?xi32, strided<[?], offset: ?>> in a Vulkan task: SPIR-V indexes buffers only with strides fixed when the shader is compiled}}
    memref.copy %col, %into : memref<?xi32, strided<[?], offset: ?>> to memref<?xi32>
    gpu.terminator
  }
  return
}

// -----

func.func @dynamic_dim(%m: memref<?x?xi32>, %d: index, %out: memref<index>) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %view = memref.subview %m[1, 1] [1, 1] [1, 1]
        : memref<?x?xi32> to memref<1x1xi32, strided<[?, 1], offset: ?>>
    // expected-error @+1 {{memref.dim of a view in a Vulkan task needs a constant dimension in range}}
    %n = memref.dim %view, %d : memref<1x1xi32, strided<[?, 1], offset: ?>>
    memref.store %n, %out[] : memref<index>
    gpu.terminator
  }
  return
}

// -----

func.func @base(%col: memref<?xi32, strided<[?], offset: ?>>, %out: memref<i32>) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %view = memref.cast %col : memref<?xi32, strided<[?], offset: ?>> to memref<?xi32, strided<[?], offset: ?>>
    // expected-error @+1 {{the base buffer of a view cannot be used in a Vulkan task}}
    %base, %offset, %size, %stride = memref.extract_strided_metadata %view
        : memref<?xi32, strided<[?], offset: ?>> -> memref<i32>, index, index, index
    %v = memref.load %base[] : memref<i32>
    memref.store %v, %out[] : memref<i32>
    gpu.terminator
  }
  return
}

// -----

func.func @local(%n: index, %out: memref<i32>) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %c0 = arith.constant 0 : index
    %local = memref.alloca() : memref<8xi32>
    %view = memref.subview %local[%n] [2] [%n] : memref<8xi32> to memref<2xi32, strided<[?], offset: ?>>
    // expected-error @+1 {{this memref's strides are only known at run time and it is not a view of a graph kernel argument, so SPIR-V cannot index it}}
    %v = memref.load %view[%c0] : memref<2xi32, strided<[?], offset: ?>>
    memref.store %v, %out[] : memref<i32>
    gpu.terminator
  }
  return
}

// -----

// A kernel written by hand takes a view: the parameter becomes the flat buffer, offset,
// size and stride (the static offset of the second stays a constant in the kernel; its
// parameter is passed and not read), and each launch passes them, made on the host. A
// parameter SPIR-V indexes and the kernel does not view stays.
// CHECK-LABEL: gpu.func @bump(
// CHECK-SAME:      %[[FLAT:[a-z0-9]+]]: memref<?xi32>, %[[OFF:[a-z0-9]+]]: index, %[[SIZE:[a-z0-9]+]]: index, %[[STRIDE:[a-z0-9]+]]: index,
// CHECK-SAME:      %[[ROW_FLAT:[a-z0-9]+]]: memref<?xf32>, %{{[a-z0-9]+}}: index, %{{[a-z0-9]+}}: index, %[[ROW_STRIDE:[a-z0-9]+]]: index,
// CHECK-SAME:      %[[PLAIN:[a-z0-9]+]]: memref<4xi32>)
// CHECK:           %[[TWO:.*]] = arith.constant 2 : index
// CHECK:           %[[I:.*]] = gpu.thread_id x
// CHECK:           %[[SCALED:.*]] = arith.muli %[[I]], %[[STRIDE]] : index
// CHECK:           %[[AT:.*]] = arith.addi %[[OFF]], %[[SCALED]] : index
// CHECK:           memref.load %[[FLAT]][%[[AT]]] : memref<?xi32>
// CHECK:           %[[ROW_AT:.*]] = arith.muli %[[I]], %[[ROW_STRIDE]] : index
// CHECK:           %[[ROW_AT2:.*]] = arith.addi %[[TWO]], %[[ROW_AT]] : index
// CHECK:           memref.load %[[ROW_FLAT]][%[[ROW_AT2]]] : memref<?xf32>
// CHECK:           memref.store %{{.*}}, %[[PLAIN]][%[[I]]] : memref<4xi32>
// CHECK:           arith.index_cast %[[SIZE]] : index to i32
// CHECK-LABEL: func.func @host(
// CHECK-SAME:      %[[COL:[a-z0-9]+]]: memref<?xi32, strided<[?], offset: ?>>, %[[ROW:[a-z0-9]+]]: memref<?xf32, strided<[?], offset: 2>>, %[[M:[a-z0-9]+]]: memref<4xi32>
// CHECK:         %[[BASE:.*]], %[[O:.*]], %[[N:.*]], %[[S:.*]] = memref.extract_strided_metadata %[[COL]]
// CHECK:         %[[F:.*]] = memref.reinterpret_cast %[[BASE]]
// CHECK:         %[[RBASE:.*]], %{{.*}}, %[[RN:.*]], %[[RS:.*]] = memref.extract_strided_metadata %[[ROW]]
// CHECK:         %[[RF:.*]] = memref.reinterpret_cast %[[RBASE]]
// CHECK:         gpu.launch_func @kernels::@bump blocks in ({{.*}}) threads in ({{.*}}) args(%[[F]] : memref<?xi32>, %[[O]] : index, %[[N]] : index, %[[S]] : index, %[[RF]] : memref<?xf32>, %{{.*}} : index, %[[RN]] : index, %[[RS]] : index, %[[M]] : memref<4xi32>)
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @bump(%col: memref<?xi32, strided<[?], offset: ?>>,
                   %row: memref<?xf32, strided<[?], offset: 2>>, %m: memref<4xi32>) kernel {
      %c0 = arith.constant 0 : index
      %i = gpu.thread_id x
      %v = memref.load %col[%i] : memref<?xi32, strided<[?], offset: ?>>
      %f = memref.load %row[%i] : memref<?xf32, strided<[?], offset: 2>>
      %g = arith.fptosi %f : f32 to i32
      %w = arith.addi %v, %g : i32
      memref.store %w, %m[%i] : memref<4xi32>
      %n = memref.dim %col, %c0 : memref<?xi32, strided<[?], offset: ?>>
      %n_i32 = arith.index_cast %n : index to i32
      memref.store %n_i32, %m[%c0] : memref<4xi32>
      gpu.return
    }
  }
  func.func @host(%col: memref<?xi32, strided<[?], offset: ?>>,
                  %row: memref<?xf32, strided<[?], offset: 2>>, %m: memref<4xi32>) {
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    gpu.launch_func @kernels::@bump blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1)
        args(%col : memref<?xi32, strided<[?], offset: ?>>,
             %row : memref<?xf32, strided<[?], offset: 2>>, %m : memref<4xi32>)
    return
  }
}

// -----

// Shape views in the task: a transpose swaps sizes and strides (a column of the
// transposed %v is a row of %v: stride s1, offset o), a collapse of an identity memref
// has its inner stride 1, and an expand splits it by the sizes after it: [p, q] of the
// 2 x 3 expansion is at p * 3 + q.
// CHECK-LABEL: func.func @shapes(
// CHECK-SAME:      %[[V:[a-z0-9]+]]: memref<?x?xi32, strided<[?, ?], offset: ?>>, %[[M:[a-z0-9]+]]: memref<?x?xi32>, %[[P:[a-z0-9]+]]: index, %[[Q:[a-z0-9]+]]: index
// CHECK:         %[[VBASE:.*]], %[[VOFF:.*]], %[[VSIZES:.*]]:2, %[[VSTRIDES:.*]]:2 = memref.extract_strided_metadata %[[V]]
// CHECK:         %[[VFLAT:.*]] = memref.reinterpret_cast %[[VBASE]]
// CHECK:         %[[BASE:.*]], %{{.*}}, %{{.*}}:2, %{{.*}}:2 = memref.extract_strided_metadata %[[M]]
// CHECK:         %[[FLAT:.*]] = memref.reinterpret_cast %[[BASE]]
// CHECK:         gpu.launch
// CHECK-NOT:       memref.transpose
// CHECK:           %[[COLUMN_AT:.*]] = arith.muli %[[P]], %[[VSTRIDES]]#1 : index
// CHECK:           %[[COLUMN_AT2:.*]] = arith.addi %[[VOFF]], %[[COLUMN_AT]] : index
// CHECK:           memref.load %[[VFLAT]][%[[COLUMN_AT2]]] : memref<?xi32>
// CHECK-NOT:       memref.collapse_shape
// CHECK-NOT:       memref.expand_shape
// CHECK:           %[[THREE:.*]] = arith.constant 3 : index
// CHECK:           %[[AT_P:.*]] = arith.muli %[[P]], %[[THREE]] : index
// CHECK:           %[[AT:.*]] = arith.addi %[[AT_P]], %[[Q]] : index
// CHECK:           memref.load %[[FLAT]][%[[AT]]] : memref<?xi32>
func.func @shapes(%v: memref<?x?xi32, strided<[?, ?], offset: ?>>, %m: memref<?x?xi32>,
                  %p: index, %q: index, %out: memref<i32>) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %n = arith.constant 2 : index
    %t = memref.transpose %v (r, c) -> (c, r)
        : memref<?x?xi32, strided<[?, ?], offset: ?>> to memref<?x?xi32, strided<[?, ?], offset: ?>>
    %column = memref.subview %t[0, 0] [%n, 1] [1, 1]
        : memref<?x?xi32, strided<[?, ?], offset: ?>> to memref<?xi32, strided<[?], offset: ?>>
    %a = memref.load %column[%p] : memref<?xi32, strided<[?], offset: ?>>
    %line = memref.collapse_shape %m [[0, 1]] : memref<?x?xi32> into memref<?xi32>
    %grid = memref.expand_shape %line [[0, 1]] output_shape [%n, 3] : memref<?xi32> into memref<?x3xi32>
    %b = memref.load %grid[%p, %q] : memref<?x3xi32>
    %s = arith.addi %a, %b : i32
    memref.store %s, %out[] : memref<i32>
    gpu.terminator
  }
  return
}
