// Every compile-time rule of docs/semantics.md (and what the lowering relies on) reported by
// --ckpt-number at the offending op, with its exact message.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-number)' \
// RUN:   | FileCheck %s
// RUN: %if ckpt-opt %{ %ckpt_opt %s -split-input-file -verify-diagnostics --ckpt-number | FileCheck %s %}
// The whole pipeline of every target reports the same, at the same ops:
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics -o /dev/null \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cpu})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics -o /dev/null \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=vulkan})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics -o /dev/null \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cuda})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics -o /dev/null \
// RUN:   --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=hip})'

//===----------------------------------------------------------------------===//
// Rule 1: checkpoints only in graph kernels that opted in
//===----------------------------------------------------------------------===//

func.func @graph_without_checkpoints(%f: memref<i32>) attributes {ckpt.graph} {
  // expected-error @+1 {{'ckpt.checkpoint' is only allowed in a graph kernel that opted in to checkpoints: add the `ckpt.checkpoints` attribute to @graph_without_checkpoints}}
  ckpt.checkpoint 0 yield_on %f : memref<i32> {
  }
  return
}

// -----

func.func @plain_function() {
  // expected-error @+1 {{'ckpt.checkpoint' is only allowed in a graph kernel that opted in to checkpoints: add the `ckpt.graph` and `ckpt.checkpoints` attributes to @plain_function}}
  ckpt.checkpoint implicit {
  }
  return
}

// -----

// expected-error @+1 {{`ckpt.checkpoints` is only valid on a graph kernel: add the `ckpt.graph` attribute to @checkpoints_without_graph}}
func.func @checkpoints_without_graph(%f: memref<i32>) attributes {ckpt.checkpoints} {
  // expected-error @+1 {{'ckpt.checkpoint' is only allowed in a graph kernel that opted in to checkpoints: add the `ckpt.graph` and `ckpt.checkpoints` attributes to @checkpoints_without_graph}}
  ckpt.checkpoint 0 yield_on %f : memref<i32> {
  }
  return
}

// -----

// expected-error @+1 {{`ckpt.checkpoints` is only valid on a graph kernel: add the `ckpt.graph` attribute to @declaration}}
func.func private @declaration(%f: memref<i32>) attributes {ckpt.checkpoints}

// -----

// expected-error @+1 {{'ckpt.checkpoint' must be inside a graph kernel (a func.func with `ckpt.graph` and `ckpt.checkpoints`)}}
ckpt.checkpoint implicit {
}

// -----

//===----------------------------------------------------------------------===//
// Rule 2: placement (top level or directly in a do-while body)
//===----------------------------------------------------------------------===//

func.func @nested_checkpoint(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint 0 yield_on %f : memref<i32> {
    // expected-error-re @+1 {{checkpoints cannot nest: this checkpoint is inside the checkpoint at loc("{{.*}}rules.mlir":64:3); move it to the kernel's top level or directly into a `ckpt.do_while` body}}
    ckpt.checkpoint implicit {
    }
  }
  return
}

// -----

func.func @nested_in_do_while(%f: memref<i32>, %c: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.do_while %c : memref<i32> {
    ckpt.checkpoint implicit {
      // expected-error-re @+1 {{checkpoints cannot nest: this checkpoint is inside the checkpoint at loc("{{.*}}rules.mlir":76:5); move it to the kernel's top level or directly into a `ckpt.do_while` body}}
      ckpt.checkpoint 1 "INNER" yield_on %f : memref<i32> {
      }
    }
  }
  return
}

// -----

func.func @checkpoint_in_task(%f: memref<i32>, %n: index) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    // expected-error @+1 {{a checkpoint cannot sit inside 'scf.for': place it at the kernel's top level or directly inside a `ckpt.do_while` body}}
    ckpt.checkpoint 0 yield_on %f : memref<i32> {
    }
  }
  return
}

// -----

func.func @checkpoint_in_task_in_checkpoint(%n: index) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  ckpt.checkpoint implicit {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      // expected-error @+1 {{a checkpoint cannot sit inside 'scf.parallel': place it at the kernel's top level or directly inside a `ckpt.do_while` body}}
      ckpt.checkpoint implicit {
      }
    }
  }
  return
}

// -----

// The ops the user wrote are named, also through the whole pipeline (which lowers affine
// and forall loops to scf only after the rules are checked).
func.func @checkpoint_in_forall(%f: memref<i32>, %n: index) attributes {ckpt.graph, ckpt.checkpoints} {
  scf.forall (%i) in (%n) {
    // expected-error @+1 {{a checkpoint cannot sit inside 'scf.forall': place it at the kernel's top level or directly inside a `ckpt.do_while` body}}
    ckpt.checkpoint 0 yield_on %f : memref<i32> {
    }
  }
  return
}

// -----

func.func @checkpoint_in_affine_parallel(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  affine.parallel (%i) = (0) to (8) {
    // expected-error @+1 {{a checkpoint cannot sit inside 'affine.parallel': place it at the kernel's top level or directly inside a `ckpt.do_while` body}}
    ckpt.checkpoint 0 yield_on %f : memref<i32> {
    }
  }
  return
}

// -----

func.func @affine_store_in_checkpoint(%x: memref<8xf32>, %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint 0 yield_on %f : memref<i32> {
    %zero = arith.constant 0.0 : f32
    affine.for %i = 0 to 8 {
      affine.store %zero, %x[%i] : memref<8xf32>
    }
    // expected-error @+1 {{'affine.store' is a bare statement: a checkpoint body holds only tasks and pure operations; wrap it in a one-iteration loop: `scf.for %i = %c0 to %c1 step %c1 { affine.store ... }`}}
    affine.store %zero, %x[0] : memref<8xf32>
  }
  return
}

// -----

func.func @do_while_in_checkpoint(%c: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint implicit {
    // expected-error @+1 {{a `ckpt.do_while` cannot sit inside 'ckpt.checkpoint': place it at the kernel's top level or directly inside a `ckpt.do_while` body}}
    ckpt.do_while %c : memref<i32> {
    }
  }
  return
}

// -----

func.func @do_while_in_task(%c: memref<i32>, %n: index) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  affine.for %i = 0 to 4 {
    // expected-error @+1 {{a `ckpt.do_while` cannot sit inside 'affine.for': place it at the kernel's top level or directly inside a `ckpt.do_while` body}}
    ckpt.do_while %c : memref<i32> {
    }
  }
  return
}

// -----

//===----------------------------------------------------------------------===//
// Rule 3: labels and flags
//===----------------------------------------------------------------------===//

func.func @flag_not_a_parameter(%x: memref<?xf32>, %f: memref<i32>, %n: index, %g: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %local = memref.alloca() : memref<i32>
  // expected-error @+1 {{`yield_on` must be a parameter of @flag_not_a_parameter of type memref<i32>; parameters that would do: %arg1, %arg3}}
  ckpt.checkpoint 0 "SIM" yield_on %local : memref<i32> {
  }
  return
}

// -----

func.func @flag_with_no_candidates(%x: memref<?xf32>, %wide: memref<i64>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %local = memref.alloca() : memref<i32>
  // expected-error @+1 {{`yield_on` must be a parameter of @flag_with_no_candidates of type memref<i32>; it has none: add a `memref<i32>` parameter}}
  ckpt.checkpoint 0 yield_on %local : memref<i32> {
  }
  return
}

// -----

func.func @duplicate_label(%f: memref<i32>, %g: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint 4 "FIRST" yield_on %f : memref<i32> {
  }
  // expected-error-re @+1 {{checkpoint label 4 is already used by the checkpoint at loc("{{.*}}rules.mlir":204:3); labels must be unique in a kernel: pick another label}}
  ckpt.checkpoint 4 "SECOND" yield_on %g : memref<i32> {
  }
  return
}

// -----

func.func @duplicate_label_across_do_while(%f: memref<i32>, %c: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.do_while %c : memref<i32> {
    ckpt.checkpoint 11 yield_on %f : memref<i32> {
    }
  }
  // expected-error-re @+1 {{checkpoint label 11 is already used by the checkpoint at loc("{{.*}}rules.mlir":217:5); labels must be unique in a kernel: pick another label}}
  ckpt.checkpoint 11 yield_on %f : memref<i32> {
  }
  return
}

// -----

// The same label in two kernels is fine: labels are per kernel.
// CHECK-LABEL: func.func @first_kernel(
// CHECK:         ckpt.checkpoint 0 yield_on %{{.*}} : memref<i32> attributes {cp_id = 0 : i64}
// CHECK-LABEL: func.func @second_kernel(
// CHECK:         ckpt.checkpoint 0 yield_on %{{.*}} : memref<i32> attributes {cp_id = 0 : i64}
func.func @first_kernel(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint 0 yield_on %f : memref<i32> {
  }
  return
}

func.func @second_kernel(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint 0 yield_on %f : memref<i32> {
  }
  return
}

// -----

//===----------------------------------------------------------------------===//
// Rule 4: a checkpoint body holds tasks and pure operations only
//===----------------------------------------------------------------------===//

func.func @bare_store(%f: memref<i32>, %x: memref<?xf32>, %n: index) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  ckpt.checkpoint 0 "SIM" yield_on %f : memref<i32> {
    %one = arith.constant 1 : i32
    %zero = arith.constant 0.0 : f32
    scf.for %i = %c0 to %n step %c1 {
      memref.store %zero, %x[%i] : memref<?xf32>
    }
    // expected-error @+1 {{'memref.store' is a bare statement: a checkpoint body holds only tasks and pure operations; wrap it in a one-iteration loop: `scf.for %i = %c0 to %c1 step %c1 { memref.store ... }`}}
    memref.store %one, %f[] : memref<i32>
  }
  return
}

// -----

func.func @bare_in_implicit(%x: memref<?xf32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint implicit {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{'memref.load' is a bare statement: a checkpoint body holds only tasks and pure operations; wrap it in a one-iteration loop: `scf.for %i = %c0 to %c1 step %c1 { memref.load ... }`}}
    %v = memref.load %x[%c0] : memref<?xf32>
  }
  return
}

// -----

//===----------------------------------------------------------------------===//
// Rule 5: one flag may serve several checkpoints (no diagnostic)
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @shared_flag(
// CHECK-SAME:      %[[F:.*]]: memref<i32>, %{{.*}}: memref<i32>)
// CHECK:         ckpt.checkpoint 0 "A" yield_on %[[F]] : memref<i32> attributes {cp_id = 0 : i64}
// CHECK:           ckpt.checkpoint 1 "B" yield_on %[[F]] : memref<i32> attributes {cp_id = 1 : i64}
// CHECK:         ckpt.checkpoint 2 yield_on %[[F]] : memref<i32> attributes {cp_id = 2 : i64}
func.func @shared_flag(%f: memref<i32>, %c: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint 0 "A" yield_on %f : memref<i32> {
  }
  ckpt.do_while %c : memref<i32> {
    ckpt.checkpoint 1 "B" yield_on %f : memref<i32> {
    }
  }
  ckpt.checkpoint 2 yield_on %f : memref<i32> {
  }
  return
}

// -----

//===----------------------------------------------------------------------===//
// What the lowering relies on: do-while conditions, kernel shape, task results
//===----------------------------------------------------------------------===//

func.func @cond_not_a_parameter(%x: memref<?xf32>, %f: memref<i32>) attributes {ckpt.graph} {
  %local = memref.alloca() : memref<i32>
  // expected-error @+1 {{the condition of `ckpt.do_while` must be a parameter of @cond_not_a_parameter of type memref<i32> (user memory that keeps its value across launches); parameters that would do: %arg1}}
  ckpt.do_while %local : memref<i32> {
  }
  return
}

// -----

func.func @cond_with_no_candidates() attributes {ckpt.graph, ckpt.checkpoints} {
  %local = memref.alloca() : memref<i32>
  // expected-error @+1 {{the condition of `ckpt.do_while` must be a parameter of @cond_with_no_candidates of type memref<i32> (user memory that keeps its value across launches); it has none: add a `memref<i32>` parameter}}
  ckpt.do_while %local : memref<i32> {
  }
  return
}

// -----

func.func @do_while_outside_graph(%c: memref<i32>) {
  // expected-error @+1 {{'ckpt.do_while' is only allowed in a graph kernel: add the `ckpt.graph` attribute to the enclosing function}}
  ckpt.do_while %c : memref<i32> {
  }
  return
}

// -----

func.func @kernel_returns_values(%f: memref<i32>) -> i32 attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : i32
  // expected-error @+1 {{graph kernel @kernel_returns_values returns values; a graph kernel returns nothing: write results to a memref parameter}}
  return %c0 : i32
}

// -----

// expected-error @+1 {{graph kernel @two_blocks must have a single-block body (a sequence of tasks, checkpoints and do-whiles); move control flow into tasks}}
func.func @two_blocks(%f: memref<i32>) attributes {ckpt.graph} {
  cf.br ^next
^next:
  return
}

// -----

func.func @task_result_used(%x: memref<?xf32>, %n: index) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  // expected-error @+1 {{the results of task 'scf.for' are used outside it; tasks of a graph kernel communicate through memory: store the result into a memref parameter}}
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f32) {
    %v = memref.load %x[%i] : memref<?xf32>
    %next = arith.addf %acc, %v : f32
    scf.yield %next : f32
  }
  ckpt.checkpoint implicit {
    scf.for %i = %c0 to %n step %c1 {
      memref.store %sum, %x[%i] : memref<?xf32>
    }
  }
  return
}

// -----

func.func private @produce() -> f32

func.func @call_result_used(%x: memref<?xf32>, %c: memref<i32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  ckpt.do_while %c : memref<i32> {
    // expected-error @+1 {{the results of task 'func.call' are used outside it; tasks of a graph kernel communicate through memory: store the result into a memref parameter}}
    %v = func.call @produce() : () -> f32
    memref.store %v, %x[%c0] : memref<?xf32>
  }
  return
}

// -----

// Rule 3: a parameter of the wrong element type or rank is not a flag either.
func.func @flag_of_wrong_type(%f: memref<f32>, %ok: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{`yield_on` must be a parameter of @flag_of_wrong_type of type memref<i32>; parameters that would do: %arg1}}
  ckpt.checkpoint 0 yield_on %f : memref<f32> {
  }
  return
}

// -----

func.func @flag_not_a_memref(%f: i32, %ok: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{`yield_on` must be a parameter of @flag_not_a_memref of type memref<i32>; parameters that would do: %arg1}}
  ckpt.checkpoint 0 yield_on %f : i32 {
  }
  return
}

// -----

func.func @flag_of_wrong_rank(%f: memref<1xi32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{`yield_on` must be a parameter of @flag_of_wrong_rank of type memref<i32>; it has none: add a `memref<i32>` parameter}}
  ckpt.checkpoint 0 yield_on %f : memref<1xi32> {
  }
  return
}
