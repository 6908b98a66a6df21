// ckpt-run --compile-only translates what it lowered to LLVM IR, as a run would first: a
// module that lowers but leaves an op LLVM IR has no form for fails with the
// translation's message and an exit status of 1, not only when it runs.
// RUN: not %ckpt_run %s --compile-only 2>&1 | FileCheck %s -DFILE=%s

// CHECK: [[FILE]]:[[@LINE+4]]:8: error: LLVM Translation failed for operation: builtin.unrealized_conversion_cast
// CHECK: ckpt-run: '[[FILE]]' lowered for target cpu, but what it lowered to does not translate to LLVM IR (the errors above say why)
func.func @main() {
  %c = arith.constant 1 : i32
  %f = builtin.unrealized_conversion_cast %c : i32 to f32
  vector.print %f : f32
  return
}
