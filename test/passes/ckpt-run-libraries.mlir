// ckpt-run loads MLIR's runner utilities, so programs that print with printMemrefF32 (as
// MLIR's own tests do) run; a function the program calls that no library defines stops
// the run with a message naming what to do, not with "no function 'main'"
// (ckpt-run-unresolved.mlir).
// RUN: %ckpt_run %s | FileCheck %s --check-prefix=PRINTS

// PRINTS: data =
// PRINTS-NEXT: [1.5,  1.5]
func.func @main() {
  %m = memref.alloc() : memref<2xf32>
  %v = arith.constant 1.5 : f32
  linalg.fill ins(%v : f32) outs(%m : memref<2xf32>)
  %u = memref.cast %m : memref<2xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  memref.dealloc %m : memref<2xf32>
  return
}

func.func private @printMemrefF32(memref<*xf32>)
