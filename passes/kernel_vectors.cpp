//===- kernel_vectors.cpp - vector ops of CUDA and HIP kernels to LLVM -*- C++ -*-===//
//
// Upstream's convert-vector-to-llvm converts memref operands with a type converter that
// knows no GPU address space: on a vector.load or vector.store of workgroup memory in a
// kernel its conversion fails, printing "conversion of memref memory space
// #gpu.address_space<workgroup> to integer address space failed" as an error, and leaves
// the op to convert-gpu-to-nvvm or -rocdl, which takes it; the compile succeeds with an
// error on the console. This is the same progressive lowering and conversion with the
// target's address spaces in the type converter. Pattern sets and type converters have
// no C API.
//
//===----------------------------------------------------------------------===//

#include "ckpt/passes.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Support.h"
#include "mlir/Conversion/GPUCommon/GPUCommonPass.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVM.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace {

// The numbers convert-gpu-to-nvvm and convert-gpu-to-rocdl give the GPU address spaces:
// they differ in private memory only (NVVM 0, ROCDL 5).
mlir::MemorySpaceMapping targetSpaces(unsigned privateSpace) {
  return [privateSpace](mlir::gpu::AddressSpace space) -> unsigned {
    switch (space) {
    case mlir::gpu::AddressSpace::Global:
      return 1;
    case mlir::gpu::AddressSpace::Workgroup:
      return 3;
    case mlir::gpu::AddressSpace::Private:
      return privateSpace;
    }
    return privateSpace;
  };
}

} // namespace

extern "C" MlirLogicalResult ckptRunConvertKernelVectors(MlirOperation root,
                                                         MlirStringRef address_spaces) {
  mlir::Operation *op = unwrap(root);
  mlir::MLIRContext *context = op->getContext();
  llvm::StringRef spaces = unwrap(address_spaces);
  if (spaces != "nvvm" && spaces != "rocdl") {
    op->emitError() << "ckpt-convert-kernel-vectors: address-spaces must be nvvm or rocdl, not '"
                    << spaces << "'";
    return mlirLogicalResultFailure();
  }
  // The progressive lowering of upstream's pass, with its default options.
  {
    mlir::RewritePatternSet patterns(context);
    mlir::vector::populateVectorToVectorCanonicalizationPatterns(patterns);
    mlir::vector::populateVectorBitCastLoweringPatterns(patterns);
    mlir::vector::populateVectorBroadcastLoweringPatterns(patterns);
    mlir::vector::populateVectorContractLoweringPatterns(patterns,
                                                         mlir::vector::VectorContractLowering::Dot);
    mlir::vector::populateVectorMaskOpLoweringPatterns(patterns);
    mlir::vector::populateVectorShapeCastLoweringPatterns(patterns);
    mlir::vector::populateVectorInterleaveLoweringPatterns(patterns);
    mlir::vector::populateVectorTransposeLoweringPatterns(
        patterns, mlir::vector::VectorTransposeLowering::EltWise);
    // Transfers of rank > 1 were unrolled by convert-vector-to-scf.
    mlir::vector::populateVectorTransferLoweringPatterns(patterns, /*maxTransferRank=*/1);
    mlir::vector::populateVectorMaskMaterializationPatterns(patterns,
                                                            /*force32BitVectorIndices=*/true);
    mlir::vector::populateVectorInsertExtractStridedSliceTransforms(patterns);
    mlir::vector::populateVectorStepLoweringPatterns(patterns);
    mlir::vector::populateVectorRankReducingFMAPattern(patterns);
    mlir::vector::populateVectorGatherLoweringPatterns(patterns);
    (void)mlir::applyPatternsGreedily(op, std::move(patterns));
  }
  mlir::LowerToLLVMOptions options(context);
  mlir::LLVMTypeConverter converter(context, options);
  mlir::populateGpuMemorySpaceAttributeConversions(converter,
                                                   targetSpaces(spaces == "nvvm" ? 0 : 5));
  mlir::RewritePatternSet patterns(context);
  mlir::vector::populateVectorTransferLoweringPatterns(patterns);
  mlir::populateVectorToLLVMConversionPatterns(converter, patterns,
                                               /*reassociateFPReductions=*/false,
                                               /*force32BitVectorIndices=*/true);
  mlir::LLVMConversionTarget target(*context);
  target.addLegalDialect<mlir::arith::ArithDialect, mlir::memref::MemRefDialect>();
  target.addLegalOp<mlir::UnrealizedConversionCastOp>();
  return wrap(mlir::applyPartialConversion(op, target, std::move(patterns)));
}
