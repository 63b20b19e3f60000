//===- LinearFormTest.cpp - Integer linear forms of the import ------------===//
//
// Properties of `LinExpr` and its conversions: affine sums become linear
// forms over the loops' forms, other expressions are refused, overflow gives
// no form, and `toAffineMap` writes the forms back.
//
//===----------------------------------------------------------------------===//

#include "LinearForm.h"

#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <limits>

using namespace mlir;
using namespace oro::detail;

namespace {

class LinearFormTest : public ::testing::Test {
protected:
  /// Loop `i` is rank `i`.
  SmallVector<LinExpr> identityLoops(unsigned n) {
    SmallVector<LinExpr> loops;
    for (unsigned i = 0; i < n; ++i) {
      loops.push_back(LinExpr::zero(n));
      loops.back().coeffs[i] = 1;
    }
    return loops;
  }
  MLIRContext ctx;
};

TEST_F(LinearFormTest, AffineSumBecomesForm) {
  AffineExpr d0 = getAffineDimExpr(0, &ctx), d1 = getAffineDimExpr(1, &ctx);
  AffineExpr expr = d0 * 2 + d1 + 3;
  ASSERT_TRUE(isAffineSum(expr));
  std::optional<LinExpr> form = toLinExpr(expr, identityLoops(2), 2);
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->coeffs, (SmallVector<int64_t>{2, 1}));
  EXPECT_EQ(form->cst, 3);
  SmallVector<std::string> names{"p", "r"};
  EXPECT_EQ(printLinExpr(*form, names), "2*p + r + 3");
}

TEST_F(LinearFormTest, LoopsComposeThroughTheirForms) {
  // Loop 0 is 4*rank0 + rank1 (a split rank), loop 1 is rank 2.
  SmallVector<LinExpr> loops(2, LinExpr::zero(3));
  loops[0].coeffs = {4, 1, 0};
  loops[1].coeffs = {0, 0, 1};
  AffineExpr expr = getAffineDimExpr(0, &ctx) * 2 + getAffineDimExpr(1, &ctx);
  std::optional<LinExpr> form = toLinExpr(expr, loops, 3);
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->coeffs, (SmallVector<int64_t>{8, 2, 1}));
  EXPECT_EQ(form->cst, 0);
}

TEST_F(LinearFormTest, NonSumsAreRefused) {
  AffineExpr d0 = getAffineDimExpr(0, &ctx);
  EXPECT_FALSE(isAffineSum(d0 % 4));
  EXPECT_FALSE(isAffineSum(d0.floorDiv(2)));
  EXPECT_FALSE(isAffineSum(d0 + getAffineSymbolExpr(0, &ctx)));
  EXPECT_TRUE(isAffineSum(getAffineConstantExpr(7, &ctx)));
}

TEST_F(LinearFormTest, OverflowGivesNoForm) {
  LinExpr a = LinExpr::zero(1), b = LinExpr::zero(1);
  a.coeffs[0] = std::numeric_limits<int64_t>::max();
  b.coeffs[0] = 1;
  EXPECT_FALSE(addScaled(a, b, 1).has_value());
  std::optional<LinExpr> sum = addScaled(b, b, 3);
  ASSERT_TRUE(sum.has_value());
  EXPECT_EQ(sum->coeffs[0], 4);
}

TEST_F(LinearFormTest, AffineMapRoundTrip) {
  LinExpr e = LinExpr::zero(2);
  e.coeffs = {2, 1};
  e.cst = 1;
  AffineMap map = toAffineMap({e, LinExpr::zero(2)}, 2, &ctx);
  EXPECT_EQ(map.getNumDims(), 2u);
  ASSERT_EQ(map.getNumResults(), 2u);
  std::optional<LinExpr> back =
      toLinExpr(map.getResult(0), identityLoops(2), 2);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->coeffs, e.coeffs);
  EXPECT_EQ(back->cst, 1);
  EXPECT_TRUE(isa<AffineConstantExpr>(map.getResult(1)));
}

} // namespace
