// --ckpt-lower-to-llvm{target=...}: the whole lowering, for a kernel with a parallel task,
// a named checkpoint and a host function that launches it.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cpu})' -o %t.cpu.mlir
// RUN: FileCheck %s < %t.cpu.mlir
// RUN: FileCheck %s --check-prefix=ONLY-LLVM < %t.cpu.mlir
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cuda})' -o %t.cuda.mlir
// RUN: FileCheck %s --check-prefix=CUDA < %t.cuda.mlir
// RUN: FileCheck %s --check-prefix=ONLY-LLVM < %t.cuda.mlir
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=hip})' -o %t.hip.mlir
// RUN: FileCheck %s --check-prefix=HIP < %t.hip.mlir
// RUN: FileCheck %s --check-prefix=ONLY-LLVM < %t.hip.mlir
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=hip chips=sm_90,sm_80})' \
// RUN:   | FileCheck %s --check-prefix=HIP-PTX

// Only operations of the LLVM dialect are left (the kernel keeps its ckpt.labels
// attributes, the module its gpu.container_module).
// ONLY-LLVM-NOT: {{(^ *|= )"?(func|scf|memref|ckpt|arith|cf|index|vector|gpu|builtin)\.}}

// CHECK-LABEL: llvm.func @K(
// CHECK:         llvm.call @ckpt_mlir_launch(
// CHECK-LABEL: llvm.func @host(
// CHECK:         llvm.call @ckpt_mlir_launch(
// CHECK:         llvm.call @ckpt_mlir_status_print(
// CHECK-DAG:   llvm.func internal @K__ckpt_dispatch(
// CHECK-DAG:   llvm.mlir.global internal constant @K__ckpt_strings("K\00HALF\00")
// CHECK-DAG:   llvm.mlir.global internal constant @K__ckpt_plan()
// CHECK-DAG:   llvm.func @ckpt_mlir_launch(

// For CUDA the tasks' kernels are compiled to PTX for sm_90 and embedded; each task
// records its launch.
// CUDA-DAG:    llvm.call @ckpt_mlir_record_launch(
// CUDA-DAG:    llvm.mlir.global internal constant @__ckpt_device_image0("{{.*}}.target sm_90{{.*}}")
// CUDA-DAG:    llvm.mlir.global internal constant @__ckpt_device_images()
// For HIP each gpu.module becomes one bundle (ckpt/hip_bundle.h) of AMD code objects (ELF),
// one per default chip, in order, aligned for the loader; with NVIDIA chips, of PTX texts.
// HIP-DAG:     llvm.call @ckpt_mlir_record_launch(
// HIP-DAG:     llvm.mlir.global internal constant @__ckpt_device_image0("CKPTHIPB\01\00\00\00\00\00\00\00\03\00{{.*}}gfx90a\00gfx942\00gfx1100\00{{.*}}\7FELF{{.*}}\7FELF{{.*}}\7FELF{{.*}}") {addr_space = 0 : i32, alignment = 16 : i64}
// HIP-PTX:     llvm.mlir.global internal constant @__ckpt_device_image0("CKPTHIPB\01\00\00\00\00\00\00\00\02\00{{.*}}sm_90\00sm_80\00{{.*}}.target sm_90{{.*}}.target sm_80{{.*}}")
func.func @K(%x: memref<?xf32>, %flag: memref<i32>, %n: index)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %v = memref.load %x[%i] : memref<?xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %x[%i] : memref<?xf32>
  }
  ckpt.checkpoint 0 "HALF" yield_on %flag : memref<i32> {
    scf.for %i = %c0 to %n step %c1 {
      %v = memref.load %x[%i] : memref<?xf32>
      memref.store %v, %x[%i] : memref<?xf32>
    }
  }
  return
}

func.func @host(%x: memref<?xf32>, %flag: memref<i32>, %n: index) -> i1 {
  %s = ckpt.launch @K(%x, %flag, %n) : (memref<?xf32>, memref<i32>, index) -> !ckpt.status
  %yielded = ckpt.status_yielded %s : i1
  ckpt.status_print %s
  return %yielded : i1
}
