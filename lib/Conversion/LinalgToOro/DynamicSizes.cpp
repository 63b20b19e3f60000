//===- DynamicSizes.cpp - Where a dynamic size comes from -----------------===//

#include "DynamicSizes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;

namespace oro {
namespace {

/// Where a size comes from: an argument dimension (`tensor` is a block
/// argument), an `index` value, or an op it cannot be followed through.
struct Origin {
  Value tensor;         // set: dimension `dim` of this argument
  unsigned dim = 0;
  Value size;           // set: this index value
  Operation *opaque = nullptr; // set: a tensor op not followed
};

/// Follows dimension `dim` of `tensor` through ops whose result dimension
/// is an operand's dimension or a size operand.
Origin traceDim(Value tensor, unsigned dim) {
  for (unsigned step = 0; step < 1024; ++step) {
    Operation *def = tensor.getDefiningOp();
    if (!def)
      return {tensor, dim, {}, nullptr};
    if (auto cast = dyn_cast<tensor::CastOp>(def)) {
      tensor = cast.getSource();
      continue;
    }
    if (auto empty = dyn_cast<tensor::EmptyOp>(def))
      return {{}, 0, empty.getDynamicSize(dim), nullptr};
    if (auto slice = dyn_cast<tensor::ExtractSliceOp>(def)) {
      // Result dimension `dim` is the dim-th source dimension not dropped.
      llvm::SmallBitVector dropped = slice.getDroppedDims();
      unsigned seen = 0;
      for (unsigned d = 0; d < dropped.size(); ++d) {
        if (dropped.test(d))
          continue;
        if (seen++ == dim) {
          OpFoldResult size = slice.getMixedSizes()[d];
          if (auto v = dyn_cast<Value>(size))
            return {{}, 0, v, nullptr};
          break;
        }
      }
      return {{}, 0, {}, def};
    }
    if (auto dps = dyn_cast<DestinationStyleOpInterface>(def)) {
      auto result = dyn_cast<OpResult>(tensor);
      if (result && result.getResultNumber() < dps.getNumDpsInits()) {
        tensor = dps.getDpsInitOperand(result.getResultNumber())->get();
        continue;
      }
    }
    return {{}, 0, {}, def};
  }
  return {{}, 0, {}, tensor.getDefiningOp()};
}

/// Streams what `size`, an index value, is (" is function argument #1
/// ..."): the first leaf of its computation that is not a constant.
void explainSize(Value size, InFlightDiagnostic &diag, unsigned depth) {
  // Breadth first through the computation, to the first leaf that is not
  // a constant.
  SmallVector<Value> worklist{size};
  llvm::SmallPtrSet<void *, 16> seen;
  Operation *via = size.getDefiningOp();
  while (!worklist.empty()) {
    Value v = worklist.front();
    worklist.erase(worklist.begin());
    if (!seen.insert(v.getAsOpaquePointer()).second)
      continue;
    if (matchPattern(v, m_Constant()))
      continue;
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      diag << " is function argument #" << arg.getArgNumber()
           << " (an " << arg.getType()
           << ", not a tensor dimension: dynamic-dims binds dimensions of "
              "tensor arguments only)";
      return;
    }
    Operation *def = v.getDefiningOp();
    if (auto dimOp = dyn_cast<tensor::DimOp>(def)) {
      std::optional<int64_t> index = dimOp.getConstantIndex();
      if (index && depth < 8) {
        Origin origin = traceDim(dimOp.getSource(), *index);
        if (origin.tensor || origin.size) {
          if (origin.tensor) {
            auto arg = dyn_cast<BlockArgument>(origin.tensor);
            diag << " is dimension #" << origin.dim
                 << " of argument #" << (arg ? arg.getArgNumber() : 0)
                 << ", not bound";
            if (via && via != def)
              diag << " (through '" << via->getName() << "')";
            diag << "; oro needs static extents (bind dynamic sizes with "
                    "dynamic-dims=...)";
            return;
          }
          return explainSize(origin.size, diag, depth + 1);
        }
      }
    }
    if (isa<tensor::ExtractOp>(def) || def->getNumOperands() == 0 ||
        llvm::any_of(def->getOperandTypes(),
                     [](Type t) { return isa<ShapedType>(t); })) {
      diag << " is computed from tensor data by '" << def->getName()
           << "' (a data-dependent size, which dynamic-dims cannot bind); "
              "oro needs static extents";
      diag.attachNote(def->getLoc()) << "the size is read here";
      return;
    }
    llvm::append_range(worklist, def->getOperands());
  }
  diag << " is not a constant; oro needs static extents";
}

} // namespace

void explainDynamicSize(Value size, InFlightDiagnostic &diag) {
  explainSize(size, diag, 0);
}

void explainDynamicDim(Value tensor, unsigned dim, InFlightDiagnostic &diag) {
  Origin origin = traceDim(tensor, dim);
  if (origin.tensor) {
    if (auto arg = dyn_cast<BlockArgument>(origin.tensor)) {
      diag << " (argument #" << arg.getArgNumber();
      if (arg != tensor || origin.dim != dim)
        diag << ", dimension #" << origin.dim;
      diag << ")";
    }
    diag << " is dynamic; oro needs static extents (bind dynamic sizes "
            "with dynamic-dims=...)";
    return;
  }
  diag << " is dynamic";
  if (origin.size) {
    diag << "; its size";
    return explainSize(origin.size, diag, 0);
  }
  diag << "; its size comes from '" << origin.opaque->getName()
       << "', which oro does not follow; oro needs static extents";
  diag.attachNote(origin.opaque->getLoc()) << "the size comes from here";
}

} // namespace oro
