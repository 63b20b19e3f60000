//===- SimulatorTest.cpp - Naive loop-nest simulator ----------------------===//
//
// The simulator is the reference for the cost model, so it gets its own
// hand-computed answers.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/Simulator.h"
#include "TestProblems.h"
#include "gtest/gtest.h"

using namespace oro::core;
using namespace oro::core::test;

namespace {

class SimulatorTest : public ::testing::Test {
protected:
  static Cost simulate(const Problem &p, std::initializer_list<Loop> loops,
                       std::initializer_list<unsigned> positions) {
    Mapping m;
    m.loops.assign(loops.begin(), loops.end());
    m.positions.assign(positions.begin(), positions.end());
    auto c = simulateMapping(p.einsum, p.tensors, m);
    EXPECT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
    return *c;
  }
  static constexpr unsigned kB = Mapping::kBypass;
};

TEST_F(SimulatorTest, PartialSumsAreReadBackAfterTheFirstPass) {
  // matmul 4x4x4, [k:1 m:2 n:2], C innermost: 4 passes over C.
  Cost c =
      simulate(makeMatmul(4, 4, 4, 1), {{2, 1}, {0, 2}, {1, 2}}, {2, 3, 3});
  EXPECT_EQ(c.perTensor[2].writeBits, 64u);
  EXPECT_EQ(c.perTensor[2].readBits, 48u);
  EXPECT_EQ(c.perTensor[2].occupancyBits, 4u);
}

TEST_F(SimulatorTest, SlidingWindowOverlapIsNotRefetched) {
  // conv1d P = 6, R = 3, [r:1 p:4]: 4 + 2 + 3 + 2 + 3 + 2.
  Cost c = simulate(makeConv1d(6, 3, 1, 1, 1), {{1, 1}, {0, 4}}, {2, 1, 2});
  EXPECT_EQ(c.perTensor[0].readBits, 16u);
  EXPECT_EQ(c.perTensor[0].occupancyBits, 4u);
  EXPECT_EQ(c.perTensor[2].writeBits, 18u);
  EXPECT_EQ(c.perTensor[2].readBits, 12u);
}

TEST_F(SimulatorTest, BypassCountsEveryMac) {
  Cost c = simulate(makeMatmul(3, 2, 5, 2), {{0, 2}}, {kB, 1, kB});
  EXPECT_EQ(c.perTensor[0].readBits, 30u * 2);
  EXPECT_EQ(c.perTensor[0].occupancyBits, 0u);
  EXPECT_EQ(c.perTensor[2].writeBits, 30u * 2);
  EXPECT_EQ(c.perTensor[2].readBits, 24u * 2);
  EXPECT_EQ(c.perTensor[1].readBits, 10u * 2);
}

TEST_F(SimulatorTest, ARankNamedTwiceInADimensionTakesOneValue) {
  // Y[3a + a + 1], a < 5: values 1, 5, 9, 13, 17.
  ProblemBuilder b("twice", 1);
  unsigned a = b.rank("a", 5);
  b.output("Y", {ProblemBuilder::dim({{a, 3}, {a, 1}}, 1)});
  Cost c = simulate(b.build(), {}, {0});
  EXPECT_EQ(c.perTensor[0].occupancyBits, 5u);
  EXPECT_EQ(c.perTensor[0].writeBits, 5u);
}

TEST_F(SimulatorTest, RefusesOversizedRuns) {
  Problem p = makeMatmul(64, 64, 64);
  Mapping m;
  m.loops = {{0, 1}, {1, 1}, {2, 1}};
  m.positions = {3, 3, 3};
  auto c = simulateMapping(p.einsum, p.tensors, m, /*maxWork=*/1000);
  ASSERT_FALSE(static_cast<bool>(c));
  EXPECT_EQ(llvm::toString(c.takeError()),
            "simulation needs more than 1000 steps");
}

} // namespace
