//===- CountTest.cpp - Saturating 128-bit counts --------------------------===//

#include "oro/Core/Count.h"
#include "gtest/gtest.h"

using namespace oro::core;

TEST(CountTest, MultiplicationSaturatesInsteadOfWrapping) {
  Count big = static_cast<Count>(1) << 100;
  EXPECT_EQ(satMul(big, big), kCountMax);
  EXPECT_EQ(satMul(big, 4), big << 2);
  EXPECT_TRUE(isSaturated(satAdd(kCountMax, 1)));
  EXPECT_EQ(satSub(3, 5), 0u);
}

TEST(CountTest, ProductOfFourRanksOf2To31Fits) {
  Count e = static_cast<Count>(1) << 31;
  Count p = satMul(satMul(e, e), satMul(e, e));
  EXPECT_FALSE(isSaturated(p));
  EXPECT_EQ(toString(static_cast<Count>(1) << 64), "18446744073709551616");
  EXPECT_EQ(toString(kCountMax), "saturated");
  EXPECT_FALSE(fitsU64(p));
}
