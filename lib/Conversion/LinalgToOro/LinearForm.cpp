//===- LinearForm.cpp - Integer linear forms over ranks -------------------===//
//
// Projections while an einsum is extracted: `sum_r coeffs[r] * rank_r +
// cst` with checked arithmetic, converted from and to affine expressions.
//
//===----------------------------------------------------------------------===//

#include "LinearForm.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/raw_ostream.h"

namespace oro {
namespace detail {

/// a + k * b, or nullopt on overflow.
std::optional<LinExpr> addScaled(const LinExpr &a, const LinExpr &b,
                                 int64_t k) {
  LinExpr r = a;
  for (auto [i, c] : llvm::enumerate(b.coeffs)) {
    std::optional<int64_t> v = llvm::checkedMulAdd(c, k, r.coeffs[i]);
    if (!v)
      return std::nullopt;
    r.coeffs[i] = *v;
  }
  std::optional<int64_t> v = llvm::checkedMulAdd(b.cst, k, r.cst);
  if (!v)
    return std::nullopt;
  r.cst = *v;
  return r;
}

std::string printLinExpr(const LinExpr &e, ArrayRef<std::string> names) {
  std::string s;
  llvm::raw_string_ostream os(s);
  bool first = true;
  for (auto [i, c] : llvm::enumerate(e.coeffs)) {
    if (c == 0)
      continue;
    if (!first)
      os << (c < 0 ? " - " : " + ");
    else if (c < 0)
      os << "-";
    int64_t mag = c < 0 ? -c : c;
    if (mag != 1)
      os << mag << "*";
    os << names[i];
    first = false;
  }
  if (e.cst != 0 || first) {
    if (!first)
      os << (e.cst < 0 ? " - " : " + ") << (e.cst < 0 ? -e.cst : e.cst);
    else
      os << e.cst;
  }
  return s;
}

/// True when `expr` is a sum of constants and constant multiples of
/// dimensions (no symbols, mod, floordiv or ceildiv).
bool isAffineSum(AffineExpr expr) {
  switch (expr.getKind()) {
  case AffineExprKind::DimId:
  case AffineExprKind::Constant:
    return true;
  case AffineExprKind::Add:
  case AffineExprKind::Mul: {
    auto bin = cast<AffineBinaryOpExpr>(expr);
    if (expr.getKind() == AffineExprKind::Mul &&
        !isa<AffineConstantExpr>(bin.getLHS()) &&
        !isa<AffineConstantExpr>(bin.getRHS()))
      return false;
    return isAffineSum(bin.getLHS()) && isAffineSum(bin.getRHS());
  }
  default:
    return false;
  }
}

/// Evaluates an affine sum (see `isAffineSum`) with loop `i` replaced by
/// `loops[i]`. Nullopt on overflow.
std::optional<LinExpr> toLinExpr(AffineExpr expr, ArrayRef<LinExpr> loops,
                                 unsigned numRanks) {
  switch (expr.getKind()) {
  case AffineExprKind::DimId:
    return loops[cast<AffineDimExpr>(expr).getPosition()];
  case AffineExprKind::Constant: {
    LinExpr e = LinExpr::zero(numRanks);
    e.cst = cast<AffineConstantExpr>(expr).getValue();
    return e;
  }
  case AffineExprKind::Add: {
    auto bin = cast<AffineBinaryOpExpr>(expr);
    std::optional<LinExpr> l = toLinExpr(bin.getLHS(), loops, numRanks);
    std::optional<LinExpr> r = toLinExpr(bin.getRHS(), loops, numRanks);
    if (!l || !r)
      return std::nullopt;
    return addScaled(*l, *r, 1);
  }
  case AffineExprKind::Mul: {
    auto bin = cast<AffineBinaryOpExpr>(expr);
    AffineExpr lhs = bin.getLHS(), rhs = bin.getRHS();
    if (isa<AffineConstantExpr>(lhs))
      std::swap(lhs, rhs);
    auto k = dyn_cast<AffineConstantExpr>(rhs);
    std::optional<LinExpr> l = toLinExpr(lhs, loops, numRanks);
    if (!k || !l)
      return std::nullopt;
    return addScaled(LinExpr::zero(numRanks), *l, k.getValue());
  }
  default:
    return std::nullopt;
  }
}

AffineMap toAffineMap(ArrayRef<LinExpr> exprs, unsigned numRanks,
                      MLIRContext *ctx) {
  SmallVector<AffineExpr> results;
  for (const LinExpr &e : exprs) {
    AffineExpr r = getAffineConstantExpr(e.cst, ctx);
    bool empty = true;
    for (auto [i, c] : llvm::enumerate(e.coeffs)) {
      if (c == 0)
        continue;
      AffineExpr term = getAffineDimExpr(i, ctx) * c;
      r = empty ? term : r + term;
      empty = false;
    }
    if (!empty && e.cst != 0)
      r = r + e.cst;
    results.push_back(r);
  }
  return AffineMap::get(numRanks, /*symbolCount=*/0, results, ctx);
}

} // namespace detail
} // namespace oro
