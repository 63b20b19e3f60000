//===- ValueClassification.cpp - What a tensor value holds ---------------===//
//
// Questions the import asks about a tensor value before it becomes part of
// an einsum: is it a static view of another tensor (`isStaticViewOp`,
// `lookThroughViews`), are its contents known without reading memory
// (`isInitialization`), and is it a weight (`isWeightLike`).
//
//===----------------------------------------------------------------------===//

#include "oro/Conversion/LinalgToOro/LinalgToOro.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;

namespace oro {

//===----------------------------------------------------------------------===//
// Views and initialization
//===----------------------------------------------------------------------===//

static bool isStatic(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  return ranked && ranked.hasStaticShape();
}

bool isStaticViewOp(Operation *op) {
  if (!op || op->getNumOperands() < 1 || op->getNumResults() != 1)
    return false;
  if (!isa<tensor::CastOp, tensor::ExpandShapeOp, tensor::CollapseShapeOp,
           tensor::ExtractSliceOp>(op))
    return false;
  if (!isStatic(op->getOperand(0).getType()) ||
      !isStatic(op->getResult(0).getType()))
    return false;
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(op)) {
    auto isDynamic = [](int64_t v) { return ShapedType::isDynamic(v); };
    return llvm::none_of(slice.getStaticOffsets(), isDynamic) &&
           llvm::none_of(slice.getStaticSizes(), isDynamic) &&
           llvm::none_of(slice.getStaticStrides(), isDynamic);
  }
  return true;
}

Value lookThroughViews(Value value, SmallVectorImpl<Operation *> *chain) {
  while (Operation *def = value.getDefiningOp()) {
    if (!isStaticViewOp(def))
      break;
    if (chain)
      chain->push_back(def);
    value = def->getOperand(0);
  }
  return value;
}

bool isInitialization(Value value, bool includeSplat,
                      const InitializationCache *cache) {
  // A worklist, not recursion: pad and insert_slice chains can be deep.
  SmallVector<Value> worklist{value};
  llvm::SmallPtrSet<void *, 8> seen;
  while (!worklist.empty()) {
    Value v = lookThroughViews(worklist.pop_back_val());
    if (!seen.insert(v.getAsOpaquePointer()).second)
      continue;
    if (cache) {
      const llvm::DenseMap<Value, bool> &known = cache->known[includeSplat];
      auto it = known.find(v);
      if (it != known.end()) {
        if (!it->second)
          return false;
        continue;
      }
    }
    Operation *def = v.getDefiningOp();
    if (!def)
      return false;
    if (isa<tensor::EmptyOp, linalg::FillOp>(def))
      continue;
    if (auto cst = dyn_cast<arith::ConstantOp>(def)) {
      auto dense = dyn_cast<DenseElementsAttr>(cst.getValue());
      if (!includeSplat || !dense || !dense.isSplat())
        return false;
      continue;
    }
    // Padding initialization with a value, or inserting initialization
    // into initialization, is initialization.
    if (auto pad = dyn_cast<tensor::PadOp>(def)) {
      worklist.push_back(pad.getSource());
      continue;
    }
    if (auto insert = dyn_cast<tensor::InsertSliceOp>(def)) {
      worklist.push_back(insert.getSource());
      worklist.push_back(insert.getDest());
      continue;
    }
    if (auto concat = dyn_cast<tensor::ConcatOp>(def)) {
      llvm::append_range(worklist, concat.getInputs());
      continue;
    }
    return false;
  }
  return true;
}

/// True for ops that only move data from their single tensor input to their
/// result, so a weight stays a weight through them.
static bool isDataMovement(Operation *op) {
  if (isa<linalg::TransposeOp, linalg::BroadcastOp, linalg::CopyOp>(op))
    return true;
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || generic.getNumDpsInputs() != 1 ||
      generic.getNumDpsInits() != 1)
    return false;
  Block &body = generic.getRegion().front();
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  return yield && body.getOperations().size() == 1 &&
         yield.getNumOperands() == 1 &&
         yield.getOperand(0) == body.getArgument(0);
}

static bool isWeightUse(OpOperand &use, unsigned depth);

static bool allUsesAreWeightUses(Value value, unsigned depth) {
  if (value.use_empty() || depth > 32)
    return false;
  return llvm::all_of(value.getUses(), [&](OpOperand &use) {
    return isWeightUse(use, depth + 1);
  });
}

static bool isWeightUse(OpOperand &use, unsigned depth) {
  Operation *owner = use.getOwner();
  if (isStaticViewOp(owner))
    return allUsesAreWeightUses(owner->getResult(0), depth);
  auto linalgOp = dyn_cast<linalg::LinalgOp>(owner);
  if (!linalgOp || !linalgOp.isDpsInput(&use))
    return false;
  if (isDataMovement(owner))
    return owner->getNumResults() == 1 &&
           allUsesAreWeightUses(owner->getResult(0), depth);
  bool isComputeWithWeight =
      linalg::isaContractionOpInterface(linalgOp) ||
      linalg::isaConvolutionOpInterface(linalgOp) ||
      isa<linalg::MatmulOp, linalg::BatchMatmulOp, linalg::ContractOp>(owner);
  return isComputeWithWeight && use.getOperandNumber() >= 1 &&
         linalgOp.payloadUsesValueFromOperand(&use);
}

bool isWeightLike(Value value) { return allUsesAreWeightUses(value, 0); }

} // namespace oro
