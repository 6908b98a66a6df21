// ckpt-run: a function the program calls that no library defines stops the run with the
// JIT's message naming it and ckpt-run's naming the fix, not with "no function 'main'".
// RUN: not %ckpt_run %s 2>&1 | FileCheck %s

// CHECK: Symbols not found: [ defined_nowhere ]
// CHECK: ckpt-run: 'main' could not be linked: a function it calls is defined nowhere (the JIT's message above names it); pass the library that defines it with --shared-libs
func.func @main() {
  call @defined_nowhere() : () -> ()
  return
}

func.func private @defined_nowhere()
