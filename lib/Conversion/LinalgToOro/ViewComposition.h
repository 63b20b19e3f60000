//===- ViewComposition.h - Composing accesses through views -----*- C++ -*-===//
//
// Composes an access with the static views (extract_slice, expand_shape,
// collapse_shape) between an einsum and the tensor it reads. A collapsed
// dimension is delinearized into its source dimensions; a rank whose term
// spans several of them is split into sub-ranks (`applySplits`) and the
// composition starts over.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_LIB_CONVERSION_LINALGTOORO_VIEWCOMPOSITION_H
#define ORO_LIB_CONVERSION_LINALGTOORO_VIEWCOMPOSITION_H

#include "LinearForm.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace oro {
namespace detail {
using namespace mlir;

struct Rank {
  std::string name;
  int64_t extent;
};

/// Sub-rank strides each rank must be split at, from the current round.
using SplitRequests = llvm::SmallDenseMap<unsigned, SmallVector<int64_t>>;

/// Why an access could not be composed.
struct ComposeError {
  Operation *view = nullptr;
  std::string message;
};

enum class ComposeStatus { Done, NeedsSplit, Failed };

/// One view between a consumer and the tensor it reads, in the consumer's
/// direction: the consumer indexes the view's result.
struct ViewStep {
  enum Kind { Slice, Expand, Collapse } kind;
  /// The op, for diagnostics (for the implicit collapse of a producer's
  /// split output, the producer).
  Operation *op;
  /// Slice: static offsets and strides, and the dimensions it drops.
  SmallVector<int64_t> offsets, strides;
  llvm::SmallBitVector dropped;
  /// Expand / Collapse: groups of the higher-rank side, and its shape.
  SmallVector<ReassociationIndices> reassociation;
  SmallVector<int64_t> expandedShape;
};

/// The views of `chain` (from the consumer towards the source). A run of
/// reshapes is one row-major reshape from its source shape to the shape the
/// consumer sees, so it becomes a single expand or collapse when one exists
/// (or nothing when the shapes agree): an expand undone by a collapse then
/// splits no rank.
SmallVector<ViewStep, 0> toViewSteps(ArrayRef<Operation *> chain);

/// Rewrites `exprs` (the index of each dimension of the tensor seen by the
/// consumer) into indices of the tensor at the end of `steps`.
ComposeStatus
composeThroughViews(SmallVectorImpl<LinExpr> &exprs, ArrayRef<ViewStep> steps,
                    ArrayRef<Rank> ranks, SplitRequests &splits,
                    ComposeError &error,
                    llvm::function_ref<std::string(const LinExpr &)> print);

/// Splits ranks as requested. Fails (setting `why`) when two requests for
/// one rank do not nest.
LogicalResult applySplits(const SplitRequests &splits,
                          SmallVectorImpl<Rank> &ranks,
                          SmallVectorImpl<LinExpr> &loops, std::string &why);

} // namespace detail
} // namespace oro

#endif // ORO_LIB_CONVERSION_LINALGTOORO_VIEWCOMPOSITION_H
