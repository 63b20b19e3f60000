//===- MapSpaceTest.cpp - Mapspace size and keep policies -----------------===//

#include "oro/Core/MapSpace.h"
#include "TestProblems.h"
#include "gtest/gtest.h"

using namespace oro::core;
using namespace oro::core::test;

namespace {

class MapSpaceTest : public ::testing::Test {};

TEST_F(MapSpaceTest, SizeOfATinyMatmulByHand) {
  // Extents 2, 3, 4; three kept accesses.
  // k=0: 1 * 1 * 1^3 = 1
  // k=1: 1 * (2+3+4) * 2^3 = 72
  // k=2: 2 * (6+8+12) * 3^3 = 1404
  // k=3: 6 * 24 * 4^3 = 9216
  Problem p = makeMatmul(2, 3, 4);
  llvm::SmallVector<KeepPolicy, 4> keep(3, KeepPolicy::Keep);
  EXPECT_EQ(mapSpaceSize(p.einsum, keep), 1u + 72 + 1404 + 9216);
  // Output may bypass: its factor becomes k + 2.
  keep[2] = KeepPolicy::Either;
  EXPECT_EQ(mapSpaceSize(p.einsum, keep),
            2u + 9 * 4 * 3 + 2 * 26 * 9 * 4 + 6 * 24 * 16 * 5);
  keep.assign(3, KeepPolicy::Bypass);
  EXPECT_EQ(mapSpaceSize(p.einsum, keep), 1u + 9 + 2 * 26 + 6 * 24);
}

TEST_F(MapSpaceTest, SizeSaturates) {
  const int64_t e = int64_t(1) << 31;
  ProblemBuilder b("big");
  std::vector<DimExpr> dims;
  for (int i = 0; i < 6; ++i)
    dims.push_back(ProblemBuilder::dim(b.rank("r" + std::to_string(i), e)));
  b.input("X", dims).output("Y", dims);
  Problem p = b.build();
  llvm::SmallVector<KeepPolicy, 4> keep(2, KeepPolicy::Keep);
  EXPECT_TRUE(isSaturated(mapSpaceSize(p.einsum, keep)));
}

TEST_F(MapSpaceTest, KeepPoliciesMustMatchTheAccesses) {
  Problem p = makeMatmul(2, 3, 4);
  auto all = resolveKeepPolicies(p.einsum, {});
  ASSERT_TRUE(static_cast<bool>(all));
  EXPECT_EQ(all->size(), 3u);
  auto bad = resolveKeepPolicies(p.einsum, {KeepPolicy::Keep});
  ASSERT_FALSE(static_cast<bool>(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "1 keep policies given for einsum 'matmul' with 3 accesses");
}

} // namespace
