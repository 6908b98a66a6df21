// Every diagnostic of the ckpt op verifiers, attribute verifier and custom parser.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// ckpt.checkpoint structure
//===----------------------------------------------------------------------===//

func.func @label_without_flag() attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{'ckpt.checkpoint' op labelled checkpoint 3 needs a flag: add `yield_on %flag : memref<i32>`}}
  "ckpt.checkpoint"() <{label = 3 : i64}> ({
  ^bb0:
  }) : () -> ()
  return
}

// -----

func.func @negative_label_without_flag() attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{'ckpt.checkpoint' op labelled checkpoint -2 needs a flag}}
  "ckpt.checkpoint"() <{label = -2 : i64, name = "N"}> ({
  ^bb0:
  }) : () -> ()
  return
}

// -----

func.func @flag_without_label(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{'ckpt.checkpoint' op a checkpoint with `yield_on` needs a label: write `ckpt.checkpoint <label> yield_on ...`}}
  "ckpt.checkpoint"(%f) ({
  ^bb0:
  }) : (memref<i32>) -> ()
  return
}

// -----

func.func @name_without_label() attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{'ckpt.checkpoint' op only a labelled checkpoint can have a name}}
  "ckpt.checkpoint"() <{name = "SIM"}> ({
  ^bb0:
  }) : () -> ()
  return
}

// -----

func.func @name_with_nul(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{'ckpt.checkpoint' op the name of a checkpoint cannot contain a NUL character}}
  ckpt.checkpoint 1 "a\00b" yield_on %f : memref<i32> {
  }
  return
}

// -----

func.func @block_arguments(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{'ckpt.checkpoint' op body takes no block arguments}}
  "ckpt.checkpoint"(%f) <{label = 0 : i64}> ({
  ^bb0(%i: index):
  }) : (memref<i32>) -> ()
  return
}

// -----

func.func @two_blocks(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{'ckpt.checkpoint' op expects region #0 to have 0 or 1 blocks}}
  "ckpt.checkpoint"(%f) <{label = 0 : i64}> ({
  ^bb0:
    cf.br ^bb1
  ^bb1:
  }) : (memref<i32>) -> ()
  return
}

// -----

func.func @label_of_wrong_type(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{'ckpt.checkpoint' op attribute 'label' failed to satisfy constraint: 64-bit signless integer attribute}}
  "ckpt.checkpoint"(%f) <{label = 0 : i32}> ({
  ^bb0:
  }) : (memref<i32>) -> ()
  return
}

// -----

//===----------------------------------------------------------------------===//
// ckpt.checkpoint custom syntax
//===----------------------------------------------------------------------===//

func.func @missing_yield_on(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{expected 'yield_on'}}
  ckpt.checkpoint 0 "SIM" {
  }
  return
}

// -----

func.func @missing_label(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{expected `implicit` or an integer label}}
  ckpt.checkpoint "SIM" yield_on %f : memref<i32> {
  }
  return
}

// -----

func.func @label_too_large(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{integer value too large}}
  ckpt.checkpoint 9223372036854775808 yield_on %f : memref<i32> {
  }
  return
}

// -----

// Without its type a flag is taken as memref<i32>: a flag of another type must say so.
func.func @flag_type_left_out(%f: memref<1xi32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-note @-1 {{prior use here}}
  // expected-error @+1 {{use of value '%f' expects different type than prior uses: 'memref<i32>' vs 'memref<1xi32>'}}
  ckpt.checkpoint 0 yield_on %f {
  }
  return
}

// -----

func.func @implicit_with_label(%f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{expected '{' to begin a region}}
  ckpt.checkpoint implicit 0 {
  }
  return
}

// -----

//===----------------------------------------------------------------------===//
// ckpt.do_while
//===----------------------------------------------------------------------===//

func.func @do_while_cond_of_wrong_type(%c: memref<i64>) attributes {ckpt.graph} {
  // expected-error @+1 {{'ckpt.do_while' op operand #0 must be 0D memref of 32-bit signless integer values, but got 'memref<i64>'}}
  ckpt.do_while %c : memref<i64> {
  }
  return
}

// -----

func.func @do_while_type_left_out(%c: memref<i64>) attributes {ckpt.graph} {
  // expected-note @-1 {{prior use here}}
  // expected-error @+1 {{use of value '%c' expects different type than prior uses: 'memref<i32>' vs 'memref<i64>'}}
  ckpt.do_while %c {
  }
  return
}

// -----

//===----------------------------------------------------------------------===//
// Graph kernel attributes
//===----------------------------------------------------------------------===//

// expected-error @+1 {{'ckpt.graph' is a unit attribute: write it as `ckpt.graph` with no value}}
func.func @graph_with_value() attributes {ckpt.graph = true} {
  return
}

// -----

// expected-error @+1 {{'ckpt.checkpoints' is a unit attribute: write it as `ckpt.checkpoints` with no value}}
func.func @checkpoints_with_value() attributes {ckpt.graph, ckpt.checkpoints = 1 : i32} {
  return
}

// -----

func.func @graph_on_an_op() {
  // expected-error @+1 {{'ckpt.graph' marks a graph kernel and belongs on a 'func.func', not on 'arith.constant'}}
  %c = arith.constant {ckpt.graph} 0 : i32
  return
}

// -----

// expected-error @+1 {{'ckpt.checkpoints' marks a graph kernel and belongs on a 'func.func', not on 'builtin.module'}}
module attributes {ckpt.checkpoints} {
}

// -----

// expected-error @+1 {{unknown ckpt attribute 'ckpt.grpah'; the ckpt attributes are ckpt.graph, ckpt.checkpoints, ckpt.labels, ckpt.num_checkpoints, ckpt.gated, ckpt.gate, ckpt.yield_folded, ckpt.programmatic_wait and ckpt.global_params}}
func.func @misspelt() attributes {ckpt.grpah} {
  return
}

// -----

// expected-error @+1 {{'ckpt.labels' must be an array of {cp_id, label, name?} dictionaries, as --ckpt-number writes it}}
func.func @labels_not_an_array() attributes {ckpt.graph, ckpt.checkpoints, ckpt.labels = 0 : i64} {
  return
}

// -----

// expected-error @+1 {{'ckpt.labels' must be an array of {cp_id, label, name?} dictionaries, as --ckpt-number writes it}}
func.func @labels_not_dictionaries() attributes {ckpt.graph, ckpt.checkpoints, ckpt.labels = [0]} {
  return
}

// -----

// expected-error @+1 {{'ckpt.num_checkpoints' must be an integer, as --ckpt-number writes it}}
func.func @num_checkpoints_not_an_integer() attributes {ckpt.graph, ckpt.checkpoints, ckpt.num_checkpoints = "two"} {
  return
}

// -----

//===----------------------------------------------------------------------===//
// ckpt.launch
//===----------------------------------------------------------------------===//

func.func @host() {
  // expected-error @+1 {{'ckpt.launch' op 'missing' is not a func.func in this module}}
  %s = ckpt.launch @missing() : () -> !ckpt.status
  return
}

// -----

memref.global "private" @flag : memref<i32>

func.func @host() {
  // expected-error @+1 {{'ckpt.launch' op 'flag' is not a func.func in this module}}
  %s = ckpt.launch @flag() : () -> !ckpt.status
  return
}

// -----

func.func @plain(%f: memref<i32>) {
  return
}

func.func @host(%f: memref<i32>) {
  // expected-error @+1 {{'ckpt.launch' op 'plain' is not a graph kernel: add the `ckpt.graph` attribute to it}}
  %s = ckpt.launch @plain(%f) : (memref<i32>) -> !ckpt.status
  return
}

// -----

func.func @kernel(%x: memref<?xf32>, %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  return
}

func.func @host(%f: memref<i32>) {
  // expected-error @+1 {{'ckpt.launch' op 'kernel' takes 2 arguments, but 1 were given}}
  %s = ckpt.launch @kernel(%f) : (memref<i32>) -> !ckpt.status
  return
}

// -----

func.func @kernel(%x: memref<?xf32>, %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  return
}

func.func @host(%x: memref<4xf32>, %f: memref<i32>) {
  // expected-error @+1 {{'ckpt.launch' op argument 0 has type 'memref<4xf32>', but 'kernel' expects 'memref<?xf32>'}}
  %s = ckpt.launch @kernel(%x, %f) : (memref<4xf32>, memref<i32>) -> !ckpt.status
  return
}

// -----

func.func @kernel(%x: memref<?xf32>, %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  return
}

func.func @host(%x: memref<?xf32>, %f: memref<i64>) {
  // expected-error @+1 {{'ckpt.launch' op argument 1 has type 'memref<i64>', but 'kernel' expects 'memref<i32>'}}
  %s = ckpt.launch @kernel(%x, %f) : (memref<?xf32>, memref<i64>) -> !ckpt.status
  return
}

// -----

func.func private @returns_values(%f: memref<i32>) -> i32 attributes {ckpt.graph}

func.func @host(%f: memref<i32>) {
  // expected-error @+1 {{'ckpt.launch' op 'returns_values' returns values; a graph kernel returns nothing (write results to memory)}}
  %s = ckpt.launch @returns_values(%f) : (memref<i32>) -> !ckpt.status
  return
}

// -----

func.func @kernel() attributes {ckpt.graph} {
  return
}

func.func @host(%l: i32) {
  // expected-note @-1 {{prior use here}}
  // expected-error @+1 {{use of value '%l' expects different type than prior uses: 'i64' vs 'i32'}}
  %s = ckpt.launch @kernel() resume_from %l : () -> !ckpt.status
  return
}

// -----

func.func @kernel() attributes {ckpt.graph} {
  return
}

func.func @host() {
  // expected-error @+1 {{'ckpt.launch' op result #0 must be the outcome of one launch of a graph kernel, but got 'i1'}}
  %s = "ckpt.launch"() <{kernel = @kernel, operandSegmentSizes = array<i32: 0, 0>}> : () -> i1
  return
}

// -----

//===----------------------------------------------------------------------===//
// Status reads
//===----------------------------------------------------------------------===//

func.func @label_of_wrong_width(%s: !ckpt.status) {
  // expected-error @+1 {{'ckpt.status_label' op result #0 must be 64-bit signless integer, but got 'i32'}}
  %l = ckpt.status_label %s : i32
  return
}

// -----

func.func @yielded_of_wrong_type(%s: !ckpt.status) {
  // expected-error @+1 {{'ckpt.status_yielded' op result #0 must be 1-bit signless integer, but got 'i64'}}
  %y = ckpt.status_yielded %s : i64
  return
}

// -----

func.func @ok_of_a_non_status(%s: i1) {
  // expected-error @+1 {{'ckpt.status_ok' op operand #0 must be the outcome of one launch of a graph kernel, but got 'i1'}}
  %ok = "ckpt.status_ok"(%s) : (i1) -> i1
  return
}

// -----

// expected-error @+1 {{unknown  type `bogus` in dialect `ckpt`}}
func.func @unknown_type(%s: !ckpt.bogus) {
  return
}

// -----

// expected-error @+1 {{'ckpt.global_params' must be an array of symbol references to globals, as --ckpt-kernel-buffers writes it}}
func.func @global_params_not_symbols(%g: memref<4xf32>) attributes {ckpt.graph, ckpt.global_params = ["g"]} {
  return
}
