//===- ParetoTest.cpp - Two-objective Pareto front ------------------------===//

#include "oro/Core/Pareto.h"
#include "gtest/gtest.h"

using namespace oro::core;

namespace {

class ParetoFrontTest : public ::testing::Test {
protected:
  /// A witness tagged by its single loop's tile.
  static Mapping tag(int64_t t) {
    Mapping m;
    m.loops.push_back({0, t});
    return m;
  }
  static bool add(ParetoFront &f, Count occ, Count acc, int64_t t) {
    return f.insert(occ, acc, [&] { return tag(t); });
  }
  static std::vector<std::pair<unsigned, unsigned>>
  pairs(const ParetoFront &f) {
    std::vector<std::pair<unsigned, unsigned>> out;
    for (const ParetoPoint &p : f.points())
      out.push_back({static_cast<unsigned>(p.occupancyBits),
                     static_cast<unsigned>(p.accessBits)});
    return out;
  }
};

TEST_F(ParetoFrontTest, KeepsOnlyNonDominatedPointsSorted) {
  ParetoFront f;
  EXPECT_TRUE(add(f, 10, 100, 1));
  EXPECT_TRUE(add(f, 30, 50, 2));
  EXPECT_TRUE(add(f, 20, 70, 3));
  EXPECT_FALSE(add(f, 25, 80, 4)); // dominated by (20, 70)
  EXPECT_TRUE(add(f, 40, 10, 5));
  using P = std::pair<unsigned, unsigned>;
  EXPECT_EQ(pairs(f),
            (std::vector<P>{{10, 100}, {20, 70}, {30, 50}, {40, 10}}));
  // (15, 40) removes (20, 70) and (30, 50).
  EXPECT_TRUE(add(f, 15, 40, 6));
  EXPECT_EQ(pairs(f), (std::vector<P>{{10, 100}, {15, 40}, {40, 10}}));
}

TEST_F(ParetoFrontTest, EqualOccupancyKeepsFewerAccesses) {
  ParetoFront f;
  add(f, 10, 100, 1);
  EXPECT_TRUE(add(f, 10, 90, 2));
  EXPECT_EQ(f.size(), 1u);
  EXPECT_EQ(f.points()[0].witness.loops[0].tile, 2);
  EXPECT_FALSE(add(f, 11, 90, 3));
}

TEST_F(ParetoFrontTest, TiesKeepTheFirstWitness) {
  ParetoFront f;
  add(f, 10, 100, 1);
  bool called = false;
  EXPECT_FALSE(f.insert(10, 100, [&] {
    called = true;
    return tag(2);
  }));
  EXPECT_FALSE(called);
  EXPECT_EQ(f.points()[0].witness.loops[0].tile, 1);
}

TEST_F(ParetoFrontTest, DominatesIsWeak) {
  ParetoFront f;
  add(f, 10, 100, 1);
  EXPECT_TRUE(f.dominates(10, 100));
  EXPECT_TRUE(f.dominates(11, 100));
  EXPECT_FALSE(f.dominates(9, 1000));
  EXPECT_FALSE(f.dominates(10, 99));
}

TEST_F(ParetoFrontTest, BestWithinCapacity) {
  ParetoFront f;
  add(f, 10, 100, 1);
  add(f, 20, 70, 2);
  add(f, 40, 10, 3);
  EXPECT_FALSE(f.bestWithin(9).has_value());
  EXPECT_EQ(f.bestWithin(10)->accessBits, 100u);
  EXPECT_EQ(f.bestWithin(39)->accessBits, 70u);
  EXPECT_EQ(f.bestWithin(39)->occupancyBits, 20u);
  EXPECT_EQ(f.bestWithin(kCountMax)->witness.loops[0].tile, 3);
  EXPECT_EQ(f.unbounded()->occupancyBits, 40u);
  EXPECT_EQ(f.unbounded()->accessBits, 10u);
  EXPECT_FALSE(ParetoFront().unbounded().has_value());
}

TEST_F(ParetoFrontTest, SaturatedCountsCompareAsLargest) {
  ParetoFront f;
  add(f, 10, kCountMax, 1);
  EXPECT_TRUE(add(f, 10, Count(1) << 126, 2));
  EXPECT_FALSE(add(f, kCountMax, kCountMax, 3));
  EXPECT_EQ(f.size(), 1u);
}

} // namespace
