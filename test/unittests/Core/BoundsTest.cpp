//===- BoundsTest.cpp - Lower bounds and the curves against them ----------===//

#include "oro/Core/Bounds.h"
#include "TestProblems.h"
#include "oro/Core/Search.h"
#include "gtest/gtest.h"
#include <cmath>

using namespace oro::core;
using namespace oro::core::test;

namespace {

class BoundsTest : public ::testing::Test {
protected:
  static CostModel model(const Problem &p) {
    auto m = CostModel::create(p.einsum, p.tensors);
    EXPECT_TRUE(static_cast<bool>(m)) << llvm::toString(m.takeError());
    return std::move(*m);
  }
  static ParetoFront front(const CostModel &m) {
    auto r = searchParetoFront(m, {});
    EXPECT_TRUE(static_cast<bool>(r)) << llvm::toString(r.takeError());
    return std::move(r->front);
  }
};

TEST_F(BoundsTest, CompulsoryTrafficCountsEveryTensorOnce) {
  EXPECT_EQ(compulsoryAccessBits(model(makeMatmul(4, 5, 6))),
            (24u + 30 + 20) * 16);
  // conv1d P = 10, R = 3: I has 12 elements, W 3, O 10.
  EXPECT_EQ(compulsoryAccessBits(model(makeConv1d(10, 3, 1, 1, 8))),
            (12u + 3 + 10) * 8);
  // Strided 2p + r, P = 4, R = 3: I indices 0..8, all reached.
  EXPECT_EQ(compulsoryAccessBits(model(makeConv1d(4, 3, 2, 1, 1))), 9u + 3 + 4);
  // Stride 3 with R = 2 leaves gaps: {0,1, 3,4, 6,7, 9,10}.
  EXPECT_EQ(compulsoryAccessBits(model(makeConv1d(4, 2, 3, 1, 1))), 8u + 2 + 4);
  // Broadcast row X[0, j]: j elements.
  EXPECT_EQ(compulsoryAccessBits(model(makeBroadcast(4, 5, 1))), 5u + 20 + 20);
}

TEST_F(BoundsTest, MacCount) {
  EXPECT_EQ(macCount(model(makeMatmul(4, 5, 6))), 120u);
  EXPECT_EQ(macCount(model(makeConv2d(5, 4, 3, 2))), 120u);
}

TEST_F(BoundsTest, MatmulBoundFormula) {
  // 2 * 64^3 / sqrt(64) - 2 * 64.
  EXPECT_DOUBLE_EQ(matmulLowerBoundWords(64, 64, 64, 64), 65536.0 - 128.0);
  EXPECT_DOUBLE_EQ(matmulLowerBoundWords(4, 4, 4, 1e6), 0.0);
  EXPECT_DOUBLE_EQ(matmulLowerBoundWords(4, 4, 4, 0), 0.0);
}

TEST_F(BoundsTest, NoMatmulPointBeatsTheBounds) {
  for (auto [mm, nn, kk] : {std::tuple<int64_t, int64_t, int64_t>{64, 48, 40},
                            {96, 96, 96},
                            {33, 70, 17}}) {
    Problem p = makeMatmul(mm, nn, kk, 16);
    CostModel m = model(p);
    Count compulsory = compulsoryAccessBits(m);
    ParetoFront f = front(m);
    ASSERT_FALSE(f.empty());
    for (const ParetoPoint &pt : f.points()) {
      EXPECT_GE(pt.accessBits, compulsory);
      double words = static_cast<double>(pt.accessBits) / 16;
      double s = static_cast<double>(pt.occupancyBits) / 16;
      EXPECT_GE(words, matmulLowerBoundWords(mm, nn, kk, s))
          << "S=" << s << " words";
    }
  }
}

TEST_F(BoundsTest, CurveReachesCompulsoryAtLargeCapacity) {
  for (const Problem &p : {makeMatmul(40, 24, 32), makeConv1d(50, 5),
                           makeConvCF(3, 4, 10, 3), makeBatchMatmul(3, 8, 8, 4),
                           makeReduction(30, 7), makeTranspose(9, 11)}) {
    CostModel m = model(p);
    ParetoFront f = front(m);
    Count compulsory = compulsoryAccessBits(m);
    EXPECT_EQ(f.unbounded()->accessBits, compulsory) << p.name;
    EXPECT_EQ(f.bestWithin(kCountMax)->accessBits, compulsory) << p.name;
  }
}

TEST_F(BoundsTest, MatmulCurveTracksTheBoundInTheMiddle) {
  // Where one output tile fits, the best mapping is within a small factor
  // of 2MNK/sqrt(S) plus the compulsory traffic.
  const int64_t n = 256;
  CostModel m = model(makeMatmul(n, n, n, 16));
  ParetoFront f = front(m);
  double compulsoryWords = 3.0 * n * n;
  for (double s = 256; s <= 16384; s *= 2) {
    auto best = f.bestWithin(static_cast<Count>(s * 16));
    ASSERT_TRUE(best.has_value());
    double words = static_cast<double>(best->accessBits) / 16;
    double ideal = 2.0 * n * n * n / std::sqrt(s);
    EXPECT_LE(words, 1.5 * ideal + compulsoryWords) << "S=" << s;
    EXPECT_GE(words, matmulLowerBoundWords(n, n, n, s)) << "S=" << s;
  }
}

} // namespace
