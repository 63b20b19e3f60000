//===- LinearForm.h - Integer linear forms over ranks -----------*- C++ -*-===//
//
// Projections while an einsum is extracted: `sum_r coeffs[r] * rank_r +
// cst` with checked arithmetic, converted from and to affine expressions.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_LIB_CONVERSION_LINALGTOORO_LINEARFORM_H
#define ORO_LIB_CONVERSION_LINALGTOORO_LINEARFORM_H

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

/// sum_r coeffs[r] * rank_r + cst.
struct LinExpr {
  SmallVector<int64_t> coeffs;
  int64_t cst = 0;

  static LinExpr zero(unsigned numRanks) {
    LinExpr e;
    e.coeffs.assign(numRanks, 0);
    return e;
  }
};

/// a + k * b, or nullopt on overflow.
std::optional<LinExpr> addScaled(const LinExpr &a, const LinExpr &b, int64_t k);

/// `e` over the rank `names`, for diagnostics: `2*p + r + 1`.
std::string printLinExpr(const LinExpr &e, ArrayRef<std::string> names);

/// True when `expr` is a sum of constants and constant multiples of
/// dimensions (no symbols, mod, floordiv or ceildiv).
bool isAffineSum(AffineExpr expr);

/// Evaluates an affine sum (see `isAffineSum`) with loop `i` replaced by
/// `loops[i]`. Nullopt on overflow.
std::optional<LinExpr> toLinExpr(AffineExpr expr, ArrayRef<LinExpr> loops,
                                 unsigned numRanks);

/// The map over `numRanks` dimensions with one result per form.
AffineMap toAffineMap(ArrayRef<LinExpr> exprs, unsigned numRanks,
                      MLIRContext *ctx);

} // namespace detail
} // namespace oro

#endif // ORO_LIB_CONVERSION_LINALGTOORO_LINEARFORM_H
