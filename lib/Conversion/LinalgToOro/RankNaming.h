//===- RankNaming.h - Names of ranks and labels of einsums ------*- C++ -*-===//
//
// Rank names from the op's structure (`m, n, k`, `n, c, p, q, r, s, f`,
// `d<i>`), labels of generics from what they do, and names from `NameLoc`s.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_LIB_CONVERSION_LINALGTOORO_RANKNAMING_H
#define ORO_LIB_CONVERSION_LINALGTOORO_RANKNAMING_H

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

SmallVector<std::string> nameRanks(linalg::LinalgOp op);

std::string exprString(AffineExpr expr);

/// A readable label for a `linalg.generic` from what it does: `transpose`,
/// `broadcast`, `copy`, `contraction`, `conv`, or its payload ops
/// (`maximumf`, `subf_exp`), prefixed `reduce_` when it reduces; `generic`
/// when the payload has more than three ops.
std::string describeGeneric(linalg::GenericOp generic);

std::optional<std::string> nameFromLoc(Location loc);

} // namespace detail
} // namespace oro

#endif // ORO_LIB_CONVERSION_LINALGTOORO_RANKNAMING_H
