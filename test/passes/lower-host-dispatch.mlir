// --ckpt-lower-host-dispatch: every task and run of bare statements of a graph kernel
// becomes a function of its own, the kernel's plan (runtime/include/ckpt/plan.h) becomes
// constant globals with one dispatch function, the kernel's body becomes a runtime call,
// and ckpt.launch / the status ops become runtime calls and reads of the status struct.
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-lower-host-dispatch)' \
// RUN:   | FileCheck %s
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-lower-host-dispatch)' \
// RUN:   | FileCheck %s --check-prefix=NO-STATUS
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{gating=prologue})' \
// RUN:   | FileCheck %s --check-prefix=PROLOGUE
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=cpu gating=if})' \
// RUN:   | FileCheck %s --check-prefix=IF
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-lower-host-dispatch{target=cuda gating=if})' \
// RUN:   | FileCheck %s --check-prefix=CUDA
// RUN: %if ckpt-opt %{ %ckpt_opt %s -split-input-file --ckpt-lower-host-dispatch | FileCheck %s %}
// RUN: %if ckpt-opt %{ %ckpt_opt %s -split-input-file --ckpt-lower-host-dispatch='gating=prologue' | FileCheck %s --check-prefix=PROLOGUE %}

// No value of type !ckpt.status survives: results, block arguments and signatures all
// become the status struct.
// NO-STATUS-NOT: !ckpt.status

//===----------------------------------------------------------------------===//
// One kernel with a do-while, an implicit checkpoint, a named explicit checkpoint with
// two tasks, a bare run inside the do-while, an unnamed explicit checkpoint and a bare
// run at the top level.
//===----------------------------------------------------------------------===//

// The kernel keeps its signature and its label table; it loses `ckpt.graph` and
// `ckpt.checkpoints` (it is a host function now) and its body is one runtime call that
// packs every parameter: memrefs as descriptors, index as i64, f32 as is.
// CHECK-LABEL: func.func @K(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>, %[[FLAG:.*]]: memref<i32>, %[[AGAIN:.*]]: memref<i32>, %[[N:.*]]: index, %[[S:.*]]: f32)
// CHECK-SAME:      attributes {ckpt.labels = [{cp_id = 1 : i64, label = 7 : i64, name = "SIM"}, {cp_id = 2 : i64, label = 3 : i64}], ckpt.num_checkpoints = 3 : i64} {
// CHECK-NOT:     {{scf\.|memref\.|ckpt\.}}
// CHECK:         %[[COUNT:.*]] = llvm.mlir.constant(5 : i64) : i64
// CHECK-NEXT:    %[[ARGS:.*]] = llvm.alloca %[[COUNT]] x !llvm.ptr : (i64) -> !llvm.ptr
// CHECK-DAG:     %[[X_SLOT:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-DAG:     %[[N_SLOT:.*]] = llvm.alloca %{{.*}} x i64
// CHECK-DAG:     %[[S_SLOT:.*]] = llvm.alloca %{{.*}} x f32
// CHECK:         %[[NO_STATUS:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[CONTEXT:.*]] = llvm.mlir.addressof @__ckpt_context : !llvm.ptr
// CHECK-NEXT:    %[[KERNEL:.*]] = llvm.mlir.addressof @K__ckpt_kernel : !llvm.ptr
// CHECK-NEXT:    %[[PLAN:.*]] = llvm.mlir.addressof @K__ckpt_plan : !llvm.ptr
// CHECK-NEXT:    %[[CPU:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    %[[X_DESC:.*]] = builtin.unrealized_conversion_cast %[[X]] : memref<?xf32> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    llvm.store %[[X_DESC]], %[[X_SLOT]]
// CHECK-NEXT:    %[[ARG0:.*]] = llvm.getelementptr %[[ARGS]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK-NEXT:    llvm.store %[[X_SLOT]], %[[ARG0]] : !llvm.ptr, !llvm.ptr
// CHECK:         builtin.unrealized_conversion_cast %[[FLAG]] : memref<i32> to !llvm.struct<(ptr, ptr, i64)>
// CHECK:         llvm.getelementptr %[[ARGS]][1]
// CHECK:         builtin.unrealized_conversion_cast %[[AGAIN]] : memref<i32> to !llvm.struct<(ptr, ptr, i64)>
// CHECK:         llvm.getelementptr %[[ARGS]][2]
// CHECK:         %[[N_I64:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK-NEXT:    llvm.store %[[N_I64]], %[[N_SLOT]] : i64, !llvm.ptr
// CHECK-NEXT:    %[[ARG3:.*]] = llvm.getelementptr %[[ARGS]][3]
// CHECK-NEXT:    llvm.store %[[N_SLOT]], %[[ARG3]] : !llvm.ptr, !llvm.ptr
// CHECK-NEXT:    llvm.store %[[S]], %[[S_SLOT]] : f32, !llvm.ptr
// CHECK-NEXT:    %[[ARG4:.*]] = llvm.getelementptr %[[ARGS]][4]
// CHECK-NEXT:    llvm.store %[[S_SLOT]], %[[ARG4]] : !llvm.ptr, !llvm.ptr
// CHECK-NEXT:    %[[NO_RESUME:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    %[[NO_LABEL:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    call @ckpt_mlir_launch(%[[CONTEXT]], %[[KERNEL]], %[[PLAN]], %[[CPU]], %[[ARGS]], %[[NO_RESUME]], %[[NO_LABEL]], %[[NO_STATUS]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, i64, i64, !llvm.ptr) -> ()
// CHECK-NEXT:    return
// CHECK-NEXT:  }

// Every outlined function is private and takes all of the kernel's parameters, then a
// pointer: on the CPU a split task's share (runtime/include/ckpt/plan.h). The pure
// values a task uses are re-materialised before it, each after what it depends on.
// A task that is one parallel loop is split: its outermost dimension is narrowed to the
// block of ceil(n / count) iterations that share {index, count} names.
// CHECK-LABEL: func.func private @K__fn0(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>, %{{.*}}: memref<i32>, %{{.*}}: memref<i32>, %[[N:.*]]: index, %[[S:.*]]: f32, %[[SHARE:.*]]: !llvm.ptr) attributes {passthrough = ["noinline"]} {
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-NEXT:    %[[SCALED:.*]] = arith.mulf %[[S]], %[[TWO]] : f32
// CHECK-NEXT:    %[[SHIFTED:.*]] = arith.addf %[[SCALED]], %[[TWO]] : f32
// CHECK-NEXT:    %[[INDEX_SLOT:.*]] = llvm.getelementptr %[[SHARE]][0] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[INDEX_I64:.*]] = llvm.load %[[INDEX_SLOT]] : !llvm.ptr -> i64
// CHECK-NEXT:    %[[INDEX:.*]] = arith.index_cast %[[INDEX_I64]] : i64 to index
// CHECK-NEXT:    %[[COUNT_SLOT:.*]] = llvm.getelementptr %[[SHARE]][1] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[COUNT_I64:.*]] = llvm.load %[[COUNT_SLOT]] : !llvm.ptr -> i64
// CHECK-NEXT:    %[[COUNT:.*]] = arith.index_cast %[[COUNT_I64]] : i64 to index
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[DIFF:.*]] = arith.subi %[[N]], %[[C0]] : index
// CHECK-NEXT:    %[[SPAN:.*]] = arith.maxsi %[[DIFF]], %[[ZERO]] : index
// CHECK-NEXT:    %[[TRIPS:.*]] = arith.ceildivsi %[[SPAN]], %[[C1]] : index
// CHECK-NEXT:    %[[CHUNK:.*]] = arith.ceildivsi %[[TRIPS]], %[[COUNT]] : index
// CHECK-NEXT:    %[[FIRST0:.*]] = arith.muli %[[INDEX]], %[[CHUNK]] : index
// CHECK-NEXT:    %[[FIRST:.*]] = arith.minsi %[[FIRST0]], %[[TRIPS]] : index
// CHECK-NEXT:    %[[LAST0:.*]] = arith.addi %[[FIRST]], %[[CHUNK]] : index
// CHECK-NEXT:    %[[LAST:.*]] = arith.minsi %[[LAST0]], %[[TRIPS]] : index
// CHECK-NEXT:    %[[LOW_OFFSET:.*]] = arith.muli %[[FIRST]], %[[C1]] : index
// CHECK-NEXT:    %[[LOW:.*]] = arith.addi %[[C0]], %[[LOW_OFFSET]] : index
// CHECK-NEXT:    %[[HIGH_OFFSET:.*]] = arith.muli %[[LAST]], %[[C1]] : index
// CHECK-NEXT:    %[[END:.*]] = arith.addi %[[C0]], %[[HIGH_OFFSET]] : index
// CHECK-NEXT:    %[[HIGH:.*]] = arith.minsi %[[END]], %[[N]] : index
// CHECK-NEXT:    scf.parallel (%[[I:.*]]) = (%[[LOW]]) to (%[[HIGH]]) step (%[[C1]]) {
// CHECK-NEXT:      %[[V:.*]] = memref.load %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:      %[[W:.*]] = arith.mulf %[[V]], %[[SHIFTED]] : f32
// CHECK-NEXT:      memref.store %[[W]], %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    }
// CHECK-NEXT:    return
// CHECK-NEXT:  }

// CHECK-LABEL: func.func private @K__fn1(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>, %{{.*}}: memref<i32>, %{{.*}}: memref<i32>, %[[N:.*]]: index, %{{.*}}: f32, %{{.*}}: !llvm.ptr) attributes {passthrough = ["noinline"]} {
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    scf.for %[[I:.*]] = %[[C0]] to %[[N]] step %[[C1]] {
// CHECK-NEXT:      %[[V:.*]] = memref.load %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:      memref.store %[[V]], %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return
// CHECK-NEXT:  }

// CHECK-LABEL: func.func private @K__fn2(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>, %{{.*}}: memref<i32>, %{{.*}}: memref<i32>, %{{.*}}: index, %{{.*}}: f32, %{{.*}}: !llvm.ptr) attributes {passthrough = ["noinline"]} {
// CHECK-NEXT:    call @helper(%[[X]]) : (memref<?xf32>) -> ()
// CHECK-NEXT:    return
// CHECK-NEXT:  }

// A bare run keeps the pure ops between its statements, in place; a pure value defined
// before the run is re-materialised at its start.
// CHECK-LABEL: func.func private @K__fn3(
// CHECK-SAME:      %{{.*}}: memref<?xf32>, %[[FLAG:.*]]: memref<i32>, %[[AGAIN:.*]]: memref<i32>, %{{.*}}: index, %{{.*}}: f32, %{{.*}}: !llvm.ptr) attributes {passthrough = ["noinline"]} {
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    memref.store %[[ZERO]], %[[AGAIN]][] : memref<i32>
// CHECK-NEXT:    %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[SUM:.*]] = arith.addi %[[ZERO]], %[[ONE]] : i32
// CHECK-NEXT:    memref.store %[[SUM]], %[[FLAG]][] : memref<i32>
// CHECK-NEXT:    return
// CHECK-NEXT:  }

// CHECK-LABEL: func.func private @K__fn4(
// CHECK-NEXT:    call @helper(
// CHECK-NEXT:    return

// CHECK-LABEL: func.func private @K__fn5(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>, %{{.*}}: memref<i32>, %{{.*}}: memref<i32>, %{{.*}}: index, %{{.*}}: f32, %{{.*}}: !llvm.ptr) attributes {passthrough = ["noinline"]} {
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[LAST:.*]] = memref.load %[[X]][%[[C0]]] : memref<?xf32>
// CHECK-NEXT:    memref.store %[[LAST]], %[[X]][%[[C1]]] : memref<?xf32>
// CHECK-NEXT:    return
// CHECK-NEXT:  }

// Parameters, 4 fields each (kind, rank, element bits, element type):
//   memref<?xf32> = 1, 1, 32, 2 · memref<i32> = 1, 0, 32, 1 (twice) · index = 2, 0, 64, 3 ·
//   f32 = 2, 0, 32, 2.
// Nodes in pre-order, 8 fields each (kind, end, fn, cp_id, param, label, name, flags):
//   0  do_while on %again (param 2), subtree ends at 7    4, 7, -1, -1,  2, -1, -1, -1
//   1  implicit checkpoint cp_id 0, ends at 3             3, 3, -1,  0, -1, -1, -1,  0
//   2  task fn0 (scf.parallel), split                     1, 3,  0, -1, -1, -1, -1,  8
//   3  checkpoint 7 "SIM" yield_on %flag, cp_id 1         3, 6, -1,  1,  1,  7,  2,  1
//   4  task fn1 (scf.for)                                 1, 5,  1, -1, -1, -1, -1, -1
//   5  task fn2 (func.call)                               1, 6,  2, -1, -1, -1, -1, -1
//   6  bare run fn3                                       2, 7,  3, -1, -1, -1, -1, -1
//   7  checkpoint 3 yield_on %flag, unnamed, cp_id 2      3, 9, -1,  2,  1,  3, -1,  1
//   8  task fn4 (func.call)                               1, 9,  4, -1, -1, -1, -1, -1
//   9  bare run fn5                                       2, 10, 5, -1, -1, -1, -1, -1
// Strings: the kernel's name at offset 0, then "SIM" at offset 2.
// CHECK-DAG:   llvm.mlir.global internal constant @K__ckpt_params(dense<[1, 1, 32, 2, 1, 0, 32, 1, 1, 0, 32, 1, 2, 0, 64, 3, 2, 0, 32, 2]> : tensor<20xi64>) {addr_space = 0 : i32} : !llvm.array<20 x i64>
// CHECK-DAG:   llvm.mlir.global internal constant @K__ckpt_nodes(dense<[4, 7, -1, -1, 2, -1, -1, -1, 3, 3, -1, 0, -1, -1, -1, 0, 1, 3, 0, -1, -1, -1, -1, 8, 3, 6, -1, 1, 1, 7, 2, 1, 1, 5, 1, -1, -1, -1, -1, -1, 1, 6, 2, -1, -1, -1, -1, -1, 2, 7, 3, -1, -1, -1, -1, -1, 3, 9, -1, 2, 1, 3, -1, 1, 1, 9, 4, -1, -1, -1, -1, -1, 2, 10, 5, -1, -1, -1, -1, -1]> : tensor<80xi64>) {addr_space = 0 : i32} : !llvm.array<80 x i64>
// CHECK-DAG:   llvm.mlir.global internal constant @K__ckpt_strings("K\00SIM\00") {addr_space = 0 : i32}

// The dispatch function unpacks every parameter from the argument array and switches on
// the fn index.
// CHECK-LABEL: llvm.func internal @K__ckpt_dispatch(
// CHECK-SAME:      %[[FN:.*]]: i64, %[[ARGV:.*]]: !llvm.ptr, %[[SHARE:.*]]: !llvm.ptr) {
// CHECK-NEXT:    %[[S0:.*]] = llvm.getelementptr %[[ARGV]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK-NEXT:    %[[P0:.*]] = llvm.load %[[S0]] : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    %[[D0:.*]] = llvm.load %[[P0]] : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[X:.*]] = builtin.unrealized_conversion_cast %[[D0]] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> to memref<?xf32>
// CHECK-NEXT:    %[[S1:.*]] = llvm.getelementptr %[[ARGV]][1]
// CHECK-NEXT:    %[[P1:.*]] = llvm.load %[[S1]] : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    %[[D1:.*]] = llvm.load %[[P1]] : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64)>
// CHECK-NEXT:    %[[FLAG:.*]] = builtin.unrealized_conversion_cast %[[D1]] : !llvm.struct<(ptr, ptr, i64)> to memref<i32>
// CHECK-NEXT:    %[[S2:.*]] = llvm.getelementptr %[[ARGV]][2]
// CHECK-NEXT:    %[[P2:.*]] = llvm.load %[[S2]] : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    %[[D2:.*]] = llvm.load %[[P2]] : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64)>
// CHECK-NEXT:    %[[AGAIN:.*]] = builtin.unrealized_conversion_cast %[[D2]] : !llvm.struct<(ptr, ptr, i64)> to memref<i32>
// CHECK-NEXT:    %[[S3:.*]] = llvm.getelementptr %[[ARGV]][3]
// CHECK-NEXT:    %[[P3:.*]] = llvm.load %[[S3]] : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    %[[D3:.*]] = llvm.load %[[P3]] : !llvm.ptr -> i64
// CHECK-NEXT:    %[[N:.*]] = arith.index_cast %[[D3]] : i64 to index
// CHECK-NEXT:    %[[S4:.*]] = llvm.getelementptr %[[ARGV]][4]
// CHECK-NEXT:    %[[P4:.*]] = llvm.load %[[S4]] : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    %[[SCALE:.*]] = llvm.load %[[P4]] : !llvm.ptr -> f32
// CHECK-NEXT:    %[[INDEX:.*]] = arith.index_cast %[[FN]] : i64 to index
// CHECK-NEXT:    scf.index_switch %[[INDEX]]
// CHECK-NEXT:    case 0 {
// CHECK-NEXT:      func.call @K__fn0(%[[X]], %[[FLAG]], %[[AGAIN]], %[[N]], %[[SCALE]], %[[SHARE]]) : (memref<?xf32>, memref<i32>, memref<i32>, index, f32, !llvm.ptr) -> ()
// CHECK-NEXT:      scf.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    case 1 {
// CHECK-NEXT:      func.call @K__fn1(%[[X]], %[[FLAG]], %[[AGAIN]], %[[N]], %[[SCALE]], %[[SHARE]])
// CHECK-NEXT:      scf.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    case 2 {
// CHECK-NEXT:      func.call @K__fn2(%[[X]], %[[FLAG]], %[[AGAIN]], %[[N]], %[[SCALE]], %[[SHARE]])
// CHECK-NEXT:      scf.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    case 3 {
// CHECK-NEXT:      func.call @K__fn3(%[[X]], %[[FLAG]], %[[AGAIN]], %[[N]], %[[SCALE]], %[[SHARE]])
// CHECK-NEXT:      scf.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    case 4 {
// CHECK-NEXT:      func.call @K__fn4(%[[X]], %[[FLAG]], %[[AGAIN]], %[[N]], %[[SCALE]], %[[SHARE]])
// CHECK-NEXT:      scf.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    case 5 {
// CHECK-NEXT:      func.call @K__fn5(%[[X]], %[[FLAG]], %[[AGAIN]], %[[N]], %[[SCALE]], %[[SHARE]])
// CHECK-NEXT:      scf.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    default {
// CHECK-NEXT:    }
// CHECK-NEXT:    llvm.return
// CHECK-NEXT:  }

// ckpt_plan_t, field by field: abi, param_count, params, node_count, nodes, strings_size,
// strings, dispatch, device_image_count, device_images, device_image_sizes, gating.
// CHECK-LABEL: llvm.mlir.global internal constant @K__ckpt_plan() {addr_space = 0 : i32} : !llvm.struct<(i64, i64, ptr, i64, ptr, i64, ptr, ptr, i64, ptr, ptr, i64)> {
// CHECK-NEXT:    %[[P0:.*]] = llvm.mlir.undef : !llvm.struct<(i64, i64, ptr, i64, ptr, i64, ptr, ptr, i64, ptr, ptr, i64)>
// CHECK-NEXT:    %[[ABI:.*]] = llvm.mlir.constant(4849057745501945859 : i64) : i64
// CHECK-NEXT:    %[[P1:.*]] = llvm.insertvalue %[[ABI]], %[[P0]][0]
// CHECK-NEXT:    %[[PARAM_COUNT:.*]] = llvm.mlir.constant(5 : i64) : i64
// CHECK-NEXT:    %[[P2:.*]] = llvm.insertvalue %[[PARAM_COUNT]], %[[P1]][1]
// CHECK-NEXT:    %[[PARAMS:.*]] = llvm.mlir.addressof @K__ckpt_params : !llvm.ptr
// CHECK-NEXT:    %[[P3:.*]] = llvm.insertvalue %[[PARAMS]], %[[P2]][2]
// CHECK-NEXT:    %[[NODE_COUNT:.*]] = llvm.mlir.constant(10 : i64) : i64
// CHECK-NEXT:    %[[P4:.*]] = llvm.insertvalue %[[NODE_COUNT]], %[[P3]][3]
// CHECK-NEXT:    %[[NODES:.*]] = llvm.mlir.addressof @K__ckpt_nodes : !llvm.ptr
// CHECK-NEXT:    %[[P5:.*]] = llvm.insertvalue %[[NODES]], %[[P4]][4]
// CHECK-NEXT:    %[[STRINGS_SIZE:.*]] = llvm.mlir.constant(6 : i64) : i64
// CHECK-NEXT:    %[[P6:.*]] = llvm.insertvalue %[[STRINGS_SIZE]], %[[P5]][5]
// CHECK-NEXT:    %[[STRINGS:.*]] = llvm.mlir.addressof @K__ckpt_strings : !llvm.ptr
// CHECK-NEXT:    %[[P7:.*]] = llvm.insertvalue %[[STRINGS]], %[[P6]][6]
// CHECK-NEXT:    %[[DISPATCH:.*]] = llvm.mlir.addressof @K__ckpt_dispatch : !llvm.ptr
// CHECK-NEXT:    %[[P8:.*]] = llvm.insertvalue %[[DISPATCH]], %[[P7]][7]
// CHECK-NEXT:    %[[IMAGE_COUNT:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    %[[P9:.*]] = llvm.insertvalue %[[IMAGE_COUNT]], %[[P8]][8]
// CHECK-NEXT:    %[[NO_IMAGES:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[P10:.*]] = llvm.insertvalue %[[NO_IMAGES]], %[[P9]][9]
// CHECK-NEXT:    %[[NO_SIZES:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[P11:.*]] = llvm.insertvalue %[[NO_SIZES]], %[[P10]][10]
// CHECK-NEXT:    %[[AUTO:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    %[[P12:.*]] = llvm.insertvalue %[[AUTO]], %[[P11]][11]
// CHECK-NEXT:    llvm.return %[[P12]]
// CHECK-NEXT:  }

// PROLOGUE-LABEL: @K__ckpt_plan()
// PROLOGUE:         %[[GATING:.*]] = llvm.mlir.constant(1 : i64) : i64
// PROLOGUE-NEXT:    %[[LAST:.*]] = llvm.insertvalue %[[GATING]], %{{.*}}[11]
// PROLOGUE-NEXT:    llvm.return %[[LAST]]

// IF-LABEL: @K__ckpt_plan()
// IF:         %[[GATING:.*]] = llvm.mlir.constant(2 : i64) : i64
// IF-NEXT:    %[[LAST:.*]] = llvm.insertvalue %[[GATING]], %{{.*}}[11]
// IF-NEXT:    llvm.return %[[LAST]]

// The kernel's slot and the module's context slot start null; a global destructor
// releases the context.
// CHECK-LABEL: llvm.mlir.global internal @K__ckpt_kernel() {addr_space = 0 : i32} : !llvm.ptr {
// CHECK-NEXT:    %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    llvm.return %[[NULL]] : !llvm.ptr
// CHECK-LABEL: llvm.mlir.global internal @__ckpt_context() {addr_space = 0 : i32} : !llvm.ptr {
// CHECK-NEXT:    %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    llvm.return %[[NULL]] : !llvm.ptr
// CHECK-LABEL: llvm.func internal @__ckpt_release() {
// CHECK-NEXT:    %[[SLOT:.*]] = llvm.mlir.addressof @__ckpt_context : !llvm.ptr
// CHECK-NEXT:    func.call @ckpt_mlir_release(%[[SLOT]]) : (!llvm.ptr) -> ()
// CHECK-NEXT:    llvm.return
// CHECK-NEXT:  }
// CHECK-DAG:   llvm.mlir.global_dtors dtors = [@__ckpt_release], priorities = [0 : i32], data = [#llvm.zero]
// CHECK-DAG:   func.func private @ckpt_mlir_launch(!llvm.ptr, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, i64, i64, !llvm.ptr)
// CHECK-DAG:   func.func private @ckpt_mlir_status_print(!llvm.ptr)
// CHECK-DAG:   func.func private @ckpt_mlir_release(!llvm.ptr)
// CHECK-NOT:   ckpt_mlir_record_launch
// CHECK:       // -----

// On a device target every outlined function takes the launch recorder last, and the
// dispatch function passes its third argument through.
// CUDA-LABEL: func.func @K(
// CUDA:         llvm.mlir.addressof @K__ckpt_plan : !llvm.ptr
// CUDA-NEXT:    %[[CUDA:.*]] = llvm.mlir.constant(1 : i64) : i64
// CUDA:         call @ckpt_mlir_launch(%{{.*}}, %{{.*}}, %{{.*}}, %[[CUDA]],
// CUDA-LABEL: func.func private @K__fn0(
// CUDA-SAME:      %{{.*}}: f32, %{{.*}}: !llvm.ptr) attributes {passthrough = ["noinline"]} {
// CUDA-LABEL: llvm.func internal @K__ckpt_dispatch(
// CUDA-SAME:      %{{.*}}: i64, %{{.*}}: !llvm.ptr, %[[RECORDER:.*]]: !llvm.ptr) {
// CUDA:           func.call @K__fn0(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[RECORDER]]) : (memref<?xf32>, memref<i32>, memref<i32>, index, f32, !llvm.ptr) -> ()
// CUDA:       // -----

func.func private @helper(%x: memref<?xf32>)

func.func @K(%x: memref<?xf32>, %flag: memref<i32>, %again: memref<i32>, %n: index, %s: f32)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %two = arith.constant 2.0 : f32
  %scaled = arith.mulf %s, %two : f32
  %shifted = arith.addf %scaled, %two : f32
  ckpt.do_while %again : memref<i32> {
    ckpt.checkpoint implicit {
      scf.parallel (%i) = (%c0) to (%n) step (%c1) {
        %v = memref.load %x[%i] : memref<?xf32>
        %w = arith.mulf %v, %shifted : f32
        memref.store %w, %x[%i] : memref<?xf32>
      }
    }
    ckpt.checkpoint 7 "SIM" yield_on %flag : memref<i32> {
      scf.for %i = %c0 to %n step %c1 {
        %v = memref.load %x[%i] : memref<?xf32>
        memref.store %v, %x[%i] : memref<?xf32>
      }
      func.call @helper(%x) : (memref<?xf32>) -> ()
    }
    %zero = arith.constant 0 : i32
    memref.store %zero, %again[] : memref<i32>
    %one = arith.constant 1 : i32
    %sum = arith.addi %zero, %one : i32
    memref.store %sum, %flag[] : memref<i32>
  }
  ckpt.checkpoint 3 yield_on %flag : memref<i32> {
    func.call @helper(%x) : (memref<?xf32>) -> ()
  }
  %last = memref.load %x[%c0] : memref<?xf32>
  memref.store %last, %x[%c1] : memref<?xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// ckpt.launch and the status ops
//===----------------------------------------------------------------------===//

// Functions taking a status, declared or defined, get the struct in their signature.
// CHECK-LABEL: func.func private @consume(!llvm.struct<(i64, i64, i64, ptr, i64)>) -> i64
// CHECK-LABEL: func.func @label_of(
// CHECK-SAME:      %[[S:[a-z0-9_]+]]: !llvm.struct<(i64, i64, i64, ptr, i64)>) -> i64 {
// CHECK-NEXT:    %[[AT:.*]] = llvm.extractvalue %[[S]][2] : !llvm.struct<(i64, i64, i64, ptr, i64)>
// CHECK-NEXT:    return %[[AT]] : i64
// CHECK-NEXT:  }

// A launch fills a status struct on the stack and loads it; `resume_from` passes
// has_resume = 1 and the label. ok and yielded are i64 words truncated to i1; the label
// is the word itself; status_print passes the struct through memory.
// CHECK-LABEL: func.func @host(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>, %[[FLAG:.*]]: memref<i32>, %[[LABEL:.*]]: i64) -> (i1, i1, i64, i64) {
// CHECK:         %[[CONTEXT:.*]] = llvm.mlir.addressof @__ckpt_context : !llvm.ptr
// CHECK-NEXT:    %[[KERNEL:.*]] = llvm.mlir.addressof @L__ckpt_kernel : !llvm.ptr
// CHECK-NEXT:    %[[PLAN:.*]] = llvm.mlir.addressof @L__ckpt_plan : !llvm.ptr
// CHECK-NEXT:    %[[CPU:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK:         %[[NO_RESUME:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    %[[NO_LABEL:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    call @ckpt_mlir_launch(%[[CONTEXT]], %[[KERNEL]], %[[PLAN]], %[[CPU]], %[[ARGS:.*]], %[[NO_RESUME]], %[[NO_LABEL]], %[[SLOT:.*]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, i64, i64, !llvm.ptr) -> ()
// CHECK-NEXT:    %[[FIRST:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> !llvm.struct<(i64, i64, i64, ptr, i64)>
// CHECK:         %[[RESUME:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK-NEXT:    call @ckpt_mlir_launch(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[RESUME]], %[[LABEL]], %[[SLOT2:.*]]) :
// CHECK-NEXT:    %[[SECOND:.*]] = llvm.load %[[SLOT2]] : !llvm.ptr -> !llvm.struct<(i64, i64, i64, ptr, i64)>
// CHECK-NEXT:    %[[OK_WORD:.*]] = llvm.extractvalue %[[FIRST]][0] : !llvm.struct<(i64, i64, i64, ptr, i64)>
// CHECK-NEXT:    %[[OK:.*]] = arith.trunci %[[OK_WORD]] : i64 to i1
// CHECK-NEXT:    %[[YIELDED_WORD:.*]] = llvm.extractvalue %[[SECOND]][1] : !llvm.struct<(i64, i64, i64, ptr, i64)>
// CHECK-NEXT:    %[[YIELDED:.*]] = arith.trunci %[[YIELDED_WORD]] : i64 to i1
// CHECK-NEXT:    %[[AT:.*]] = llvm.extractvalue %[[SECOND]][2] : !llvm.struct<(i64, i64, i64, ptr, i64)>
// CHECK-NEXT:    llvm.store %[[FIRST]], %[[PRINT_SLOT:.*]] : !llvm.struct<(i64, i64, i64, ptr, i64)>, !llvm.ptr
// CHECK-NEXT:    call @ckpt_mlir_status_print(%[[PRINT_SLOT]]) : (!llvm.ptr) -> ()
// CHECK-NEXT:    %[[R:.*]] = call @consume(%[[SECOND]]) : (!llvm.struct<(i64, i64, i64, ptr, i64)>) -> i64
// CHECK-NEXT:    return %[[OK]], %[[YIELDED]], %[[AT]], %[[R]] : i1, i1, i64, i64
// CHECK-NEXT:  }

// A status carried through scf.while: the loop's operands, results and block arguments
// become the struct, and so does the function's result.
// CHECK-LABEL: func.func @resume_until_done(
// CHECK-SAME:      -> !llvm.struct<(i64, i64, i64, ptr, i64)> {
// CHECK:         call @ckpt_mlir_launch(
// CHECK-NEXT:    %[[FIRST:.*]] = llvm.load %{{.*}} : !llvm.ptr -> !llvm.struct<(i64, i64, i64, ptr, i64)>
// CHECK-NEXT:    %[[LAST:.*]] = scf.while (%[[S:.*]] = %[[FIRST]]) : (!llvm.struct<(i64, i64, i64, ptr, i64)>) -> !llvm.struct<(i64, i64, i64, ptr, i64)> {
// CHECK-NEXT:      %[[YIELDED_WORD:.*]] = llvm.extractvalue %[[S]][1]
// CHECK-NEXT:      %[[YIELDED:.*]] = arith.trunci %[[YIELDED_WORD]] : i64 to i1
// CHECK-NEXT:      scf.condition(%[[YIELDED]]) %[[S]] : !llvm.struct<(i64, i64, i64, ptr, i64)>
// CHECK-NEXT:    } do {
// CHECK-NEXT:    ^bb0(%[[S2:.*]]: !llvm.struct<(i64, i64, i64, ptr, i64)>):
// CHECK-NEXT:      %[[AT:.*]] = llvm.extractvalue %[[S2]][2]
// CHECK:           %[[RESUME:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK-NEXT:      func.call @ckpt_mlir_launch(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[RESUME]], %[[AT]], %[[SLOT:.*]]) :
// CHECK-NEXT:      %[[NEXT:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> !llvm.struct<(i64, i64, i64, ptr, i64)>
// CHECK-NEXT:      scf.yield %[[NEXT]] : !llvm.struct<(i64, i64, i64, ptr, i64)>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[LAST]] : !llvm.struct<(i64, i64, i64, ptr, i64)>
// CHECK-NEXT:  }
// CHECK:       // -----

func.func @L(%x: memref<?xf32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint 4 "STOP" yield_on %flag : memref<i32> {
  }
  return
}

func.func private @consume(%s: !ckpt.status) -> i64

func.func @label_of(%s: !ckpt.status) -> i64 {
  %label = ckpt.status_label %s : i64
  return %label : i64
}

func.func @host(%x: memref<?xf32>, %flag: memref<i32>, %label: i64) -> (i1, i1, i64, i64) {
  %first = ckpt.launch @L(%x, %flag) : (memref<?xf32>, memref<i32>) -> !ckpt.status
  %second = ckpt.launch @L(%x, %flag) resume_from %label : (memref<?xf32>, memref<i32>) -> !ckpt.status
  %ok = ckpt.status_ok %first : i1
  %yielded = ckpt.status_yielded %second : i1
  %at = ckpt.status_label %second : i64
  ckpt.status_print %first
  %r = func.call @consume(%second) : (!ckpt.status) -> i64
  return %ok, %yielded, %at, %r : i1, i1, i64, i64
}

func.func @resume_until_done(%x: memref<?xf32>, %flag: memref<i32>) -> !ckpt.status {
  %first = ckpt.launch @L(%x, %flag) : (memref<?xf32>, memref<i32>) -> !ckpt.status
  %last = scf.while (%s = %first) : (!ckpt.status) -> !ckpt.status {
    %y = ckpt.status_yielded %s : i1
    scf.condition(%y) %s : !ckpt.status
  } do {
  ^bb0(%s: !ckpt.status):
    %l = ckpt.status_label %s : i64
    %next = ckpt.launch @L(%x, %flag) resume_from %l : (memref<?xf32>, memref<i32>) -> !ckpt.status
    scf.yield %next : !ckpt.status
  }
  return %last : !ckpt.status
}

// -----

//===----------------------------------------------------------------------===//
// A device target: a task that records a kernel launch (what --ckpt-convert-tasks-to-gpu
// and gpu-kernel-outlining leave, with the gpu.module compiled to a gpu.binary).
//===----------------------------------------------------------------------===//

// CUDA-LABEL: module attributes {gpu.container_module}
// CUDA-NOT:     gpu.binary
// CUDA-LABEL: func.func @D(
// CUDA:         llvm.mlir.addressof @D__ckpt_plan : !llvm.ptr
// CUDA-NEXT:    %[[CUDA:.*]] = llvm.mlir.constant(1 : i64) : i64
// CUDA:         call @ckpt_mlir_launch(%{{.*}}, %{{.*}}, %{{.*}}, %[[CUDA]],

// The gating state comes from the runtime through the recorder; the launch becomes a
// record of (image, kernel name, grid, block, shared bytes, operands, operand fields).
// CUDA-LABEL: func.func private @D__fn0(
// CUDA-SAME:      %[[X:.*]]: memref<?xf32>, %[[N:.*]]: index, %[[RECORDER:.*]]: !llvm.ptr) attributes {passthrough = ["noinline"]} {
// CUDA:         %[[C1:.*]] = arith.constant 1 : index
// CUDA-NEXT:    %[[C128:.*]] = arith.constant 128 : index
// CUDA-NEXT:    call @ckpt_mlir_device_state(%[[RECORDER]], %[[STATE_SLOT:.*]]) : (!llvm.ptr, !llvm.ptr) -> ()
// CUDA-NEXT:    %[[STATE_DESC:.*]] = llvm.load %[[STATE_SLOT]] : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CUDA-NEXT:    %[[STATE:.*]] = builtin.unrealized_conversion_cast %[[STATE_DESC]] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> to memref<4xi32>
// CUDA-NEXT:    %[[GATE:.*]] = arith.constant -2 : i32
// CUDA-NEXT:    %[[IMAGE:.*]] = llvm.mlir.constant(0 : i64) : i64
// CUDA-NEXT:    %[[NAME:.*]] = llvm.mlir.addressof @D__fn0__ckpt_kernel_name0 : !llvm.ptr
// CUDA-NEXT:    %[[GRID_X:.*]] = arith.index_cast %[[N]] : index to i64
// CUDA-NEXT:    %[[BLOCK_X:.*]] = arith.index_cast %[[C128]] : index to i64
// CUDA-NEXT:    %[[GRID_Y:.*]] = arith.index_cast %[[C1]] : index to i64
// CUDA-NEXT:    %[[BLOCK_Y:.*]] = arith.index_cast %[[C1]] : index to i64
// CUDA-NEXT:    %[[GRID_Z:.*]] = arith.index_cast %[[C1]] : index to i64
// CUDA-NEXT:    %[[BLOCK_Z:.*]] = arith.index_cast %[[C1]] : index to i64
// CUDA-NEXT:    %[[SHARED:.*]] = llvm.mlir.constant(0 : i64) : i64
// CUDA-NEXT:    %[[OPERAND_COUNT:.*]] = llvm.mlir.constant(3 : i64) : i64
// CUDA:         builtin.unrealized_conversion_cast %[[STATE]] : memref<4xi32> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CUDA:         llvm.store %[[GATE]], %{{.*}} : i32, !llvm.ptr
// CUDA:         builtin.unrealized_conversion_cast %[[X]] : memref<?xf32> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CUDA:         %[[FIELDS:.*]] = llvm.mlir.addressof @D__fn0__ckpt_operands0 : !llvm.ptr
// CUDA-NEXT:    call @ckpt_mlir_record_launch(%[[RECORDER]], %[[IMAGE]], %[[NAME]], %[[GRID_X]], %[[GRID_Y]], %[[GRID_Z]], %[[BLOCK_X]], %[[BLOCK_Y]], %[[BLOCK_Z]], %[[SHARED]], %[[OPERAND_COUNT]], %{{.*}}, %[[FIELDS]]) : (!llvm.ptr, i64, !llvm.ptr, i64, i64, i64, i64, i64, i64, i64, i64, !llvm.ptr, !llvm.ptr) -> ()
// CUDA-NEXT:    return

// The operand fields use the parameter encoding: memref<4xi32>, i32, memref<?xf32>. The
// image keeps a trailing NUL that its size leaves out.
// CUDA-DAG:   llvm.mlir.global internal constant @D__fn0__ckpt_kernel_name0("k\00")
// CUDA-DAG:   llvm.mlir.global internal constant @D__fn0__ckpt_operands0(dense<[1, 1, 32, 1, 2, 0, 32, 1, 1, 1, 32, 2]> : tensor<12xi64>)
// CUDA-DAG:   llvm.mlir.global internal constant @__ckpt_device_image0("PTX-TEXT\00")
// CUDA-DAG:   llvm.mlir.global internal constant @__ckpt_device_image_sizes(dense<8> : tensor<1xi64>)
// CUDA-DAG:   llvm.mlir.global internal constant @D__ckpt_params(dense<[1, 1, 32, 2, 2, 0, 64, 3]> : tensor<8xi64>)
// CUDA-DAG:   llvm.mlir.global internal constant @D__ckpt_nodes(dense<[1, 1, 0, -1, -1, -1, -1, -1]> : tensor<8xi64>)
// CUDA-LABEL: llvm.mlir.global internal constant @__ckpt_device_images() {addr_space = 0 : i32} : !llvm.array<1 x ptr> {
// CUDA-NEXT:    %[[ARRAY:.*]] = llvm.mlir.undef : !llvm.array<1 x ptr>
// CUDA-NEXT:    %[[IMAGE0:.*]] = llvm.mlir.addressof @__ckpt_device_image0 : !llvm.ptr
// CUDA-NEXT:    %[[IMAGES:.*]] = llvm.insertvalue %[[IMAGE0]], %[[ARRAY]][0] : !llvm.array<1 x ptr>
// CUDA-NEXT:    llvm.return %[[IMAGES]]
// CUDA-LABEL: llvm.func internal @D__ckpt_dispatch(
// CUDA-SAME:      %{{.*}}: i64, %{{.*}}: !llvm.ptr, %[[RECORDER:.*]]: !llvm.ptr) {
// CUDA:           func.call @D__fn0(%{{.*}}, %{{.*}}, %[[RECORDER]]) : (memref<?xf32>, index, !llvm.ptr) -> ()

// Plan fields 8-11: one image, the images and their sizes, gating = if.
// CUDA-LABEL: @D__ckpt_plan()
// CUDA:         llvm.insertvalue %{{.*}}, %{{.*}}[7]
// CUDA-NEXT:    %[[IMAGE_COUNT:.*]] = llvm.mlir.constant(1 : i64) : i64
// CUDA-NEXT:    %[[P9:.*]] = llvm.insertvalue %[[IMAGE_COUNT]], %{{.*}}[8]
// CUDA-NEXT:    %[[IMAGES:.*]] = llvm.mlir.addressof @__ckpt_device_images : !llvm.ptr
// CUDA-NEXT:    %[[P10:.*]] = llvm.insertvalue %[[IMAGES]], %[[P9]][9]
// CUDA-NEXT:    %[[SIZES:.*]] = llvm.mlir.addressof @__ckpt_device_image_sizes : !llvm.ptr
// CUDA-NEXT:    %[[P11:.*]] = llvm.insertvalue %[[SIZES]], %[[P10]][10]
// CUDA-NEXT:    %[[IF_NODES:.*]] = llvm.mlir.constant(2 : i64) : i64
// CUDA-NEXT:    %[[P12:.*]] = llvm.insertvalue %[[IF_NODES]], %[[P11]][11]
// CUDA-NEXT:    llvm.return %[[P12]]
// CUDA-DAG:   func.func private @ckpt_mlir_record_launch(!llvm.ptr, i64, !llvm.ptr, i64, i64, i64, i64, i64, i64, i64, i64, !llvm.ptr, !llvm.ptr)
// CUDA-DAG:   func.func private @ckpt_mlir_device_state(!llvm.ptr, !llvm.ptr)
// CUDA-NOT:   gpu.binary
// CUDA:       // -----
module attributes {gpu.container_module} {
  gpu.binary @kernels [#gpu.object<#nvvm.target, "PTX-TEXT">]
  func.func @D(%x: memref<?xf32>, %n: index) attributes {ckpt.graph} {
    %state = ckpt.device_state : memref<4xi32>
    %c1 = arith.constant 1 : index
    %c128 = arith.constant 128 : index
    %gate = arith.constant -2 : i32
    gpu.launch_func @kernels::@k blocks in (%n, %c1, %c1) threads in (%c128, %c1, %c1)
        args(%state : memref<4xi32>, %gate : i32, %x : memref<?xf32>)
    return
  }
}

// -----

//===----------------------------------------------------------------------===//
// Two kernels in one module
//===----------------------------------------------------------------------===//

// Each kernel gets its own functions, plan and kernel slot; the context slot, its
// release and the runtime declarations are shared. A kernel without parameters or
// tasks has null params and nodes and a dispatch function that only returns.
// CHECK-LABEL: func.func @A(
// CHECK:         llvm.mlir.addressof @A__ckpt_kernel
// CHECK-NEXT:    llvm.mlir.addressof @A__ckpt_plan
// CHECK:         call @ckpt_mlir_launch(
// CHECK-LABEL: func.func @Empty() {
// CHECK-NEXT:    %[[NO_STATUS:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[CONTEXT:.*]] = llvm.mlir.addressof @__ckpt_context : !llvm.ptr
// CHECK-NEXT:    %[[KERNEL:.*]] = llvm.mlir.addressof @Empty__ckpt_kernel : !llvm.ptr
// CHECK-NEXT:    %[[PLAN:.*]] = llvm.mlir.addressof @Empty__ckpt_plan : !llvm.ptr
// CHECK-NEXT:    %[[CPU:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    %[[NO_ARGS:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[NO_RESUME:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    %[[NO_LABEL:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    call @ckpt_mlir_launch(%[[CONTEXT]], %[[KERNEL]], %[[PLAN]], %[[CPU]], %[[NO_ARGS]], %[[NO_RESUME]], %[[NO_LABEL]], %[[NO_STATUS]])
// CHECK-NEXT:    return
// CHECK-LABEL: func.func @host(
// CHECK:         llvm.mlir.addressof @A__ckpt_plan
// CHECK:         call @ckpt_mlir_launch(
// CHECK:         llvm.mlir.addressof @Empty__ckpt_plan
// CHECK:         call @ckpt_mlir_launch(
// CHECK:         call @A(
// CHECK-LABEL: func.func private @A__fn0(
// CHECK:         scf.for
// CHECK-DAG:   llvm.mlir.global internal constant @A__ckpt_params(dense<[1, 1, 64, 1]> : tensor<4xi64>)
// CHECK-DAG:   llvm.mlir.global internal constant @A__ckpt_nodes(dense<[1, 1, 0, -1, -1, -1, -1, -1]> : tensor<8xi64>)
// CHECK-DAG:   llvm.mlir.global internal constant @A__ckpt_strings("A\00")
// CHECK-LABEL: llvm.func internal @A__ckpt_dispatch(
// CHECK:         func.call @A__fn0(
// CHECK-LABEL: @A__ckpt_plan()
// CHECK-LABEL: llvm.mlir.global internal @A__ckpt_kernel()
// CHECK-LABEL: llvm.mlir.global internal @__ckpt_context()
// CHECK-LABEL: llvm.func internal @__ckpt_release()
// CHECK:       llvm.mlir.global_dtors dtors = [@__ckpt_release]
// CHECK-NOT:   Empty__ckpt_params
// CHECK-NOT:   Empty__ckpt_nodes
// CHECK:       llvm.mlir.global internal constant @Empty__ckpt_strings("Empty\00")
// CHECK-LABEL: llvm.func internal @Empty__ckpt_dispatch(
// CHECK-NEXT:    llvm.return
// CHECK-NEXT:  }
// CHECK-LABEL: @Empty__ckpt_plan()
// CHECK-NEXT:    %[[P0:.*]] = llvm.mlir.undef
// CHECK-NEXT:    %[[ABI:.*]] = llvm.mlir.constant(4849057745501945859 : i64) : i64
// CHECK-NEXT:    %[[P1:.*]] = llvm.insertvalue %[[ABI]], %[[P0]][0]
// CHECK-NEXT:    %[[PARAM_COUNT:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    %[[P2:.*]] = llvm.insertvalue %[[PARAM_COUNT]], %[[P1]][1]
// CHECK-NEXT:    %[[NO_PARAMS:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[P3:.*]] = llvm.insertvalue %[[NO_PARAMS]], %[[P2]][2]
// CHECK-NEXT:    %[[NODE_COUNT:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    %[[P4:.*]] = llvm.insertvalue %[[NODE_COUNT]], %[[P3]][3]
// CHECK-NEXT:    %[[NO_NODES:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[P5:.*]] = llvm.insertvalue %[[NO_NODES]], %[[P4]][4]
// CHECK-NEXT:    %[[STRINGS_SIZE:.*]] = llvm.mlir.constant(6 : i64) : i64
// CHECK-NEXT:    %[[P6:.*]] = llvm.insertvalue %[[STRINGS_SIZE]], %[[P5]][5]
// CHECK-LABEL: llvm.mlir.global internal @Empty__ckpt_kernel()
// CHECK-NOT:   @__ckpt_context()
// CHECK-NOT:   @__ckpt_release()
// CHECK-NOT:   llvm.mlir.global_dtors
// CHECK:       func.func private @ckpt_mlir_launch(
// CHECK-NOT:   func.func private @ckpt_mlir_launch(
func.func @A(%x: memref<4xi64>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %x[%i] : memref<4xi64>
    memref.store %v, %x[%i] : memref<4xi64>
  }
  return
}

func.func @Empty() attributes {ckpt.graph} {
  return
}

func.func @host(%x: memref<4xi64>) {
  %a = ckpt.launch @A(%x) : (memref<4xi64>) -> !ckpt.status
  %e = ckpt.launch @Empty() : () -> !ckpt.status
  func.call @A(%x) : (memref<4xi64>) -> ()
  return
}

// -----

// A graph kernel in a nested module: its globals and the runtime declarations go into
// that module, where its references resolve.
module {
  module @inner {
    func.func @nested(%x: memref<4xi32>) attributes {ckpt.graph} {
      %c0 = arith.constant 0 : index
      %z = arith.constant 0 : i32
      memref.store %z, %x[%c0] : memref<4xi32>
      return
    }
  }
}
// CHECK-LABEL: module @inner
// CHECK-DAG:     llvm.mlir.global internal constant @nested__ckpt_plan
// CHECK-DAG:     llvm.mlir.global internal @__ckpt_context
// CHECK-DAG:     func.func private @ckpt_mlir_launch
