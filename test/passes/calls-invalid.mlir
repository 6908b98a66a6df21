// The call rule: no task of a graph kernel reaches a graph kernel through calls, no
// graph kernel launches one, and no task calls through a function value. Each error is
// at the op of the kernel that leaves it, on every target (the pipeline checks the
// rules before any lowering), and through --ckpt-number alone.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-number)'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cpu})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=vulkan})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cuda})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=hip})'
// RUN: %if ckpt-opt %{ %ckpt_opt %s -split-input-file -verify-diagnostics --ckpt-number %}

// A task calls its own kernel.
func.func @k(%x: memref<?xi32>, %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    // expected-error @+1 {{graph kernel @k calls itself from one of its tasks; a graph kernel runs as a whole launch from the host, never inside a task: launch @k again from host code once this launch returns (a `ckpt.do_while` repeats work within one launch)}}
    func.call @k(%x, %f) : (memref<?xi32>, memref<i32>) -> ()
  }
  return
}

// -----

// The call is itself the task, inside a checkpoint and a do-while.
func.func @k(%x: memref<?xi32>, %f: memref<i32>, %c: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.do_while %c : memref<i32> {
    ckpt.checkpoint 0 yield_on %f : memref<i32> {
      // expected-error @+1 {{graph kernel @k calls itself from one of its tasks; a graph kernel runs as a whole launch from the host}}
      func.call @k(%x, %f, %c) : (memref<?xi32>, memref<i32>, memref<i32>) -> ()
    }
  }
  return
}

// -----

// Through two plain functions; the error names the way.
func.func @inner(%x: memref<?xi32>, %f: memref<i32>) {
  func.call @k(%x, %f) : (memref<?xi32>, memref<i32>) -> ()
  return
}

func.func @outer(%x: memref<?xi32>, %f: memref<i32>) {
  func.call @inner(%x, %f) : (memref<?xi32>, memref<i32>) -> ()
  return
}

func.func @k(%x: memref<?xi32>, %f: memref<i32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xi32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    // expected-error @+1 {{graph kernel @k calls itself from one of its tasks (through @outer, then @inner); a graph kernel runs as a whole launch from the host}}
    func.call @outer(%x, %f) : (memref<?xi32>, memref<i32>) -> ()
  }
  return
}

// -----

// Another graph kernel, and plain recursion on the way (which alone is fine on the CPU).
func.func @other(%x: memref<?xi32>) attributes {ckpt.graph} {
  return
}

func.func @spin(%x: memref<?xi32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %done = arith.cmpi eq, %n, %c0 : index
  scf.if %done {
    func.call @other(%x) : (memref<?xi32>) -> ()
  } else {
    %m = arith.subi %n, %c1 : index
    func.call @spin(%x, %m) : (memref<?xi32>, index) -> ()
  }
  return
}

func.func @k(%x: memref<?xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    // expected-error @+1 {{a task of graph kernel @k calls graph kernel @other (through @spin); a graph kernel runs as a whole launch from the host, never inside a task: launch @other from host code with ckpt.launch, before or after @k, or call a plain function instead}}
    func.call @spin(%x, %c1) : (memref<?xi32>, index) -> ()
  }
  return
}

// -----

func.func @other(%x: memref<?xi32>) attributes {ckpt.graph} {
  return
}

func.func @k(%x: memref<?xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    // expected-error @+1 {{graph kernel @k launches @other from inside itself; graph kernels cannot nest: launch @other from host code, before or after @k}}
    %s = ckpt.launch @other(%x) : (memref<?xi32>) -> !ckpt.status
  }
  return
}

// -----

// A launch at the kernel's top level, and one in a function a task calls.
func.func @other(%x: memref<?xi32>) attributes {ckpt.graph} {
  return
}

func.func @relaunch(%x: memref<?xi32>) {
  %s = ckpt.launch @other(%x) : (memref<?xi32>) -> !ckpt.status
  return
}

func.func @k(%x: memref<?xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{graph kernel @k launches @other from inside itself; graph kernels cannot nest}}
  %s = ckpt.launch @other(%x) : (memref<?xi32>) -> !ckpt.status
  scf.for %i = %c0 to %c1 step %c1 {
    // expected-error @+1 {{graph kernel @k launches @other from inside itself (through @relaunch); graph kernels cannot nest}}
    func.call @relaunch(%x) : (memref<?xi32>) -> ()
  }
  return
}

// -----

func.func @h(%x: memref<?xi32>) {
  return
}

func.func @k(%x: memref<?xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    %fn = func.constant @h : (memref<?xi32>) -> ()
    // expected-error @+1 {{graph kernel @k calls through a function value (func.call_indirect); ckpt must see every function a task calls, to keep graph kernels out of tasks: call the function by name with func.call}}
    func.call_indirect %fn(%x) : (memref<?xi32>) -> ()
  }
  return
}

// -----

// Calling a graph kernel from host code is a launch, and a plain function may recurse
// and call plain functions from tasks: no error (checked by the file running at all).
func.func @k(%x: memref<?xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    func.call @plain(%x) : (memref<?xi32>) -> ()
  }
  return
}

func.func @plain(%x: memref<?xi32>) {
  return
}

func.func @host(%x: memref<?xi32>) {
  func.call @k(%x) : (memref<?xi32>) -> ()
  return
}

// -----

// expected-error @+1 {{graph kernel @declared is declared without a body: ckpt compiles a kernel from its body, so define it in the module that launches it (or drop `ckpt.graph` from the declaration)}}
func.func private @declared(%x: memref<?xi32>) attributes {ckpt.graph}

func.func @host(%x: memref<?xi32>) {
  %s = ckpt.launch @declared(%x) : (memref<?xi32>) -> !ckpt.status
  return
}
