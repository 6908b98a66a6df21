//===- spirv_vectors.cpp - vectors a Vulkan kernel can hold, for the C passes -*- C++ -*-===//
//
// SPIR-V's vectors have 2, 3 or 4 elements (8 and 16 need the Vector16 capability, which
// Vulkan does not offer) and one dimension. MLIR splits wider and n-D vectors into such
// pieces with spirv::unrollVectorsInFuncBodies (upstream's vector unrolling with SPIR-V's
// native shapes, then its cleanups), which has no C API: this applies it to a kernel, with
// contractions lowered first and the slices unrolling leaves across pieces forwarded.
//
//===----------------------------------------------------------------------===//

#include "spirv_vectors.h"

#include "mlir/CAPI/IR.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/SPIRV/Transforms/SPIRVConversion.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "op_patterns.h"

// Broadcasts, loads and stores, which SPIR-V's native shapes leave out, split like
// elementwise ops.
static std::optional<llvm::SmallVector<int64_t>> broadcast_shape(mlir::Operation *op) {
  mlir::VectorType type;
  if (auto broadcast = llvm::dyn_cast<mlir::vector::BroadcastOp>(op))
    type = broadcast.getResultVectorType();
  else if (auto load = llvm::dyn_cast<mlir::vector::LoadOp>(op))
    type = load.getVectorType();
  else if (auto store = llvm::dyn_cast<mlir::vector::StoreOp>(op))
    type = store.getVectorType();
  else
    return std::nullopt;
  if (type.getRank() == 0)
    return std::nullopt;
  llvm::SmallVector<int64_t> shape(type.getRank(), 1);
  shape.back() = mlir::spirv::getComputeVectorSize(type.getShape().back());
  return shape;
}

// More than one dimension or more than 4 elements (a 0-D vector is a scalar to SPIR-V).
static bool too_wide(mlir::VectorType type) {
  return type.getRank() > 1 || type.getNumElements() > 4;
}

// Where element `index` of a 1-D vector comes from, followed through the ops that put
// the vector together (insert_strided_slice chains, shuffles, from_elements, splats,
// constants, poison) down to a vector SPIR-V has; found first and made afterwards, so that
// a pattern that fails has changed nothing.
struct Element {
  enum Kind { None, Scalar, Extract, Poison, Constant } kind = None;
  mlir::Value value; // the scalar, or the vector to extract from
  int64_t index = 0;
  mlir::Attribute constant;
  mlir::Type type;
};

static Element find_element(mlir::Value vector, int64_t index) {
  auto type = llvm::cast<mlir::VectorType>(vector.getType());
  if (type.getRank() != 1)
    return {};
  mlir::Operation *def = vector.getDefiningOp();
  if (auto insert = llvm::dyn_cast_or_null<mlir::vector::InsertStridedSliceOp>(def)) {
    if (insert.getSourceVectorType().getRank() != 1 || insert.hasNonUnitStrides())
      return {};
    int64_t offset = llvm::cast<mlir::IntegerAttr>(insert.getOffsets()[0]).getInt();
    int64_t size = insert.getSourceVectorType().getNumElements();
    if (index >= offset && index < offset + size)
      return find_element(insert.getValueToStore(), index - offset);
    return find_element(insert.getDest(), index);
  }
  if (auto slice = llvm::dyn_cast_or_null<mlir::vector::ExtractStridedSliceOp>(def)) {
    if (slice.hasNonUnitStrides())
      return {};
    int64_t offset = llvm::cast<mlir::IntegerAttr>(slice.getOffsets()[0]).getInt();
    return find_element(slice.getSource(), offset + index);
  }
  if (auto shuffle = llvm::dyn_cast_or_null<mlir::vector::ShuffleOp>(def)) {
    if (shuffle.getV1VectorType().getRank() != 1)
      return {};
    int64_t lane = shuffle.getMask()[index];
    int64_t first_size = shuffle.getV1VectorType().getNumElements();
    if (lane < 0) // a poison lane
      return {Element::Poison, {}, 0, {}, type.getElementType()};
    return lane < first_size ? find_element(shuffle.getV1(), lane)
                             : find_element(shuffle.getV2(), lane - first_size);
  }
  if (auto from = llvm::dyn_cast_or_null<mlir::vector::FromElementsOp>(def))
    return {Element::Scalar, from.getElements()[index]};
  if (auto broadcast = llvm::dyn_cast_or_null<mlir::vector::BroadcastOp>(def);
      broadcast && !llvm::isa<mlir::VectorType>(broadcast.getSourceType()))
    return {Element::Scalar, broadcast.getSource()};
  if (llvm::isa_and_nonnull<mlir::ub::PoisonOp>(def))
    return {Element::Poison, {}, 0, {}, type.getElementType()};
  if (auto constant = llvm::dyn_cast_or_null<mlir::arith::ConstantOp>(def)) {
    if (auto dense = llvm::dyn_cast<mlir::DenseElementsAttr>(constant.getValue()))
      return {Element::Constant, {}, 0, dense.getValues<mlir::Attribute>()[index]};
  }
  if (!too_wide(type))
    return {Element::Extract, vector, index};
  return {};
}

static mlir::Value make_element(mlir::PatternRewriter &rewriter, mlir::Location loc,
                                const Element &element) {
  switch (element.kind) {
  case Element::Scalar:
    return element.value;
  case Element::Extract:
    return mlir::vector::ExtractOp::create(rewriter, loc, element.value, element.index);
  case Element::Poison:
    return mlir::ub::PoisonOp::create(rewriter, loc, element.type);
  case Element::Constant:
    return mlir::arith::ConstantOp::create(rewriter, loc,
                                           llvm::cast<mlir::TypedAttr>(element.constant));
  case Element::None:
    break;
  }
  return {};
}

// A slice of at most 4 elements, or one element, of a vector too wide for SPIR-V, taken
// from how the wide vector was put together: unrolling leaves such chains where the pieces
// inserted and those taken out differ in size (a transpose into 2-element rows read back
// as 4-element halves), and no upstream fold crosses pieces.
struct ForwardSlice : mlir::OpRewritePattern<mlir::vector::ExtractStridedSliceOp> {
  using OpRewritePattern::OpRewritePattern;
  mlir::LogicalResult matchAndRewrite(mlir::vector::ExtractStridedSliceOp op,
                                      mlir::PatternRewriter &rewriter) const override {
    mlir::VectorType result = op.getType();
    if (!too_wide(op.getSourceVectorType()) || too_wide(result) || op.hasNonUnitStrides())
      return mlir::failure();
    int64_t offset = llvm::cast<mlir::IntegerAttr>(op.getOffsets()[0]).getInt();
    llvm::SmallVector<Element> found;
    for (int64_t i = 0; i < result.getNumElements(); ++i) {
      found.push_back(find_element(op.getSource(), offset + i));
      if (found.back().kind == Element::None)
        return mlir::failure();
    }
    llvm::SmallVector<mlir::Value> elements;
    for (const Element &element : found)
      elements.push_back(make_element(rewriter, op.getLoc(), element));
    rewriter.replaceOpWithNewOp<mlir::vector::FromElementsOp>(op, result, elements);
    return mlir::success();
  }
};

struct ForwardElement : mlir::OpRewritePattern<mlir::vector::ExtractOp> {
  using OpRewritePattern::OpRewritePattern;
  mlir::LogicalResult matchAndRewrite(mlir::vector::ExtractOp op,
                                      mlir::PatternRewriter &rewriter) const override {
    if (!too_wide(op.getSourceVectorType()) || op.getSourceVectorType().getRank() != 1 ||
        op.hasDynamicPosition())
      return mlir::failure();
    Element element = find_element(op.getSource(), op.getStaticPosition()[0]);
    if (element.kind == Element::None)
      return mlir::failure();
    rewriter.replaceOp(op, make_element(rewriter, op.getLoc(), element));
    return mlir::success();
  }
};

// The pieces a vector SPIR-V lacks is split into: each row (the last dimension) in pieces
// of spirv::getComputeVectorSize, rows in order.
struct Pieces {
  int64_t rows, lanes, piece;
};

static Pieces pieces_of(mlir::VectorType type) {
  int64_t lanes = type.getShape().back();
  return {type.getNumElements() / lanes, lanes, mlir::spirv::getComputeVectorSize(lanes)};
}

static llvm::SmallVector<int64_t> row_position(mlir::VectorType type, int64_t row) {
  llvm::SmallVector<int64_t> position(type.getRank() - 1);
  for (int64_t d = type.getRank() - 2; d >= 0; --d) {
    position[d] = row % type.getDimSize(d);
    row /= type.getDimSize(d);
  }
  return position;
}

// Loops, branches and while loops carrying such a vector carry its pieces instead (MLIR's
// 1:N structural type conversion of scf), the vector taken apart where it enters and put
// back together where it leaves; the unrolling then folds both into the pieces.
static mlir::LogicalResult split_carried_vectors(mlir::Operation *op) {
  mlir::MLIRContext *ctx = op->getContext();
  mlir::TypeConverter converter;
  converter.addConversion([](mlir::Type type) { return type; });
  converter.addConversion([](mlir::VectorType type, llvm::SmallVectorImpl<mlir::Type> &results)
                              -> std::optional<mlir::LogicalResult> {
    if (!too_wide(type) || type.isScalable())
      return std::nullopt;
    Pieces p = pieces_of(type);
    for (int64_t row = 0; row < p.rows; ++row)
      for (int64_t first = 0; first < p.lanes; first += p.piece)
        results.push_back(mlir::VectorType::get({p.piece}, type.getElementType()));
    return mlir::success();
  });
  converter.addSourceMaterialization([](mlir::OpBuilder &builder, mlir::VectorType type,
                                        mlir::ValueRange inputs,
                                        mlir::Location loc) -> mlir::Value {
    Pieces p = pieces_of(type);
    if ((int64_t)inputs.size() != p.rows * (p.lanes / p.piece))
      return {};
    mlir::Value whole = mlir::ub::PoisonOp::create(builder, loc, type);
    size_t next = 0;
    for (int64_t row = 0; row < p.rows; ++row) {
      llvm::SmallVector<int64_t> offsets = row_position(type, row);
      offsets.push_back(0);
      for (int64_t first = 0; first < p.lanes; first += p.piece) {
        offsets.back() = first;
        whole = mlir::vector::InsertStridedSliceOp::create(builder, loc, inputs[next++], whole,
                                                           offsets, llvm::ArrayRef<int64_t>{1});
      }
    }
    return whole;
  });
  converter.addTargetMaterialization(
      [](mlir::OpBuilder &builder, mlir::TypeRange types, mlir::ValueRange inputs,
         mlir::Location loc) -> llvm::SmallVector<mlir::Value> {
        if (inputs.size() != 1)
          return {};
        auto type = llvm::dyn_cast<mlir::VectorType>(inputs[0].getType());
        if (!type)
          return {};
        Pieces p = pieces_of(type);
        if ((int64_t)types.size() != p.rows * (p.lanes / p.piece))
          return {};
        llvm::SmallVector<mlir::Value> results;
        for (int64_t row = 0; row < p.rows; ++row) {
          mlir::Value row_value = inputs[0];
          if (type.getRank() > 1)
            row_value =
                mlir::vector::ExtractOp::create(builder, loc, inputs[0], row_position(type, row));
          for (int64_t first = 0; first < p.lanes; first += p.piece)
            results.push_back(mlir::vector::ExtractStridedSliceOp::create(
                builder, loc, row_value, llvm::ArrayRef<int64_t>{first},
                llvm::ArrayRef<int64_t>{p.piece}, llvm::ArrayRef<int64_t>{1}));
        }
        return results;
      });
  mlir::ConversionTarget target(*ctx);
  mlir::RewritePatternSet patterns(ctx);
  mlir::scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns, target);
  target.markUnknownOpDynamicallyLegal([](mlir::Operation *) { return true; });
  return mlir::applyPartialConversion(op, target, std::move(patterns));
}

extern "C" bool ckpt_unroll_spirv_vectors(MlirOperation kernel) {
  mlir::Operation *op = unwrap(kernel);
  mlir::MLIRContext *ctx = op->getContext();
  if (mlir::failed(split_carried_vectors(op)))
    return false;
  // Contractions first, into products and vector.reduction rows the unrolling splits;
  // vector.step (linalg's vectorizer makes it of linalg.index) into a constant and
  // vector.interleave into a shuffle, which the unrolling and ForwardElement take apart.
  mlir::RewritePatternSet contractions(ctx);
  mlir::vector::populateVectorContractLoweringPatterns(contractions,
                                                       mlir::vector::VectorContractLowering::Dot);
  mlir::vector::populateVectorOuterProductLoweringPatterns(contractions);
  mlir::vector::populateVectorStepLoweringPatterns(contractions);
  mlir::vector::populateVectorInterleaveLoweringPatterns(contractions);
  mlir::vector::populateVectorInterleaveToShufflePatterns(contractions);
  if (mlir::failed(mlir::applyPatternsGreedily(op, std::move(contractions))))
    return false;
  mlir::RewritePatternSet patterns(ctx);
  mlir::vector::populateVectorUnrollPatterns(
      patterns, mlir::vector::UnrollVectorOptions().setNativeShapeFn(broadcast_shape));
  mlir::vector::populateVectorFromElementsUnrollPatterns(patterns);
  mlir::vector::populateVectorToElementsUnrollPatterns(patterns);
  if (mlir::failed(mlir::applyPatternsGreedily(op, std::move(patterns))))
    return false;
  if (mlir::failed(mlir::spirv::unrollVectorsInFuncBodies(op)))
    return false;
  mlir::RewritePatternSet forwarding(ctx);
  forwarding.add<ForwardSlice, ForwardElement>(ctx);
  return mlir::succeeded(mlir::applyPatternsGreedily(op, std::move(forwarding)));
}

extern "C" void ckpt_lower_transfer_maps(MlirOperation kernel) {
  llvm::SmallVector<mlir::Operation *> transfers;
  unwrap(kernel)->walk([&](mlir::VectorTransferOpInterface op) {
    if (!op.getPermutationMap().isMinorIdentity())
      transfers.push_back(op);
  });
  ckpt::applyToOps(unwrap(kernel)->getContext(), transfers, [](mlir::RewritePatternSet &patterns) {
    mlir::vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
  });
}

extern "C" void ckpt_unroll_gathers(MlirOperation kernel) {
  llvm::SmallVector<mlir::Operation *> gathers;
  unwrap(kernel)->walk([&](mlir::vector::GatherOp op) {
    if (op.getVectorType().getRank() > 1)
      gathers.push_back(op);
  });
  ckpt::applyToOps(unwrap(kernel)->getContext(), gathers, [](mlir::RewritePatternSet &patterns) {
    mlir::vector::populateVectorGatherLoweringPatterns(patterns);
  });
}

extern "C" void ckpt_materialize_masks(MlirOperation kernel) {
  llvm::SmallVector<mlir::Operation *> masks;
  unwrap(kernel)->walk([&](mlir::Operation *op) {
    if (llvm::isa<mlir::vector::CreateMaskOp, mlir::vector::ConstantMaskOp>(op))
      masks.push_back(op);
  });
  ckpt::applyToOps(unwrap(kernel)->getContext(), masks, [](mlir::RewritePatternSet &patterns) {
    mlir::vector::populateVectorMaskOpLoweringPatterns(patterns);
    mlir::vector::populateVectorMaskMaterializationPatterns(patterns,
                                                            /*force32BitVectorIndices=*/true);
  });
}

extern "C" bool ckpt_spirv_lacks_vector(MlirType type) {
  auto vector = llvm::dyn_cast<mlir::VectorType>(unwrap(type));
  return vector && too_wide(vector);
}

extern "C" int64_t ckpt_spirv_piece_size(int64_t size) {
  return mlir::spirv::getComputeVectorSize(size);
}
