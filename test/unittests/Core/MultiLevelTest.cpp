//===- MultiLevelTest.cpp - Mappings onto a whole hierarchy ---------------===//
//
// The multi-level model against its independent replay on random mappings
// (spatial loops, multicast, bypass, several tiles per rank), against the
// single-level model with one level, against a hand count on a 3-level
// matmul, and the greedy mapper's guarantees: capacities respected, every
// boundary at or above the one-buffer lower bound, level 0 kept as given.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/MultiLevel.h"
#include "oro/Core/CostModel.h"
#include "oro/Core/Search.h"
#include "TestProblems.h"
#include "gtest/gtest.h"

using namespace oro::core;
using namespace oro::core::test;

namespace {

constexpr unsigned kB = Mapping::kBypass;

std::string describe(const MultiLevelCost &c) {
  std::string s;
  for (auto [k, l] : llvm::enumerate(c.levels)) {
    s += "L" + std::to_string(k) + "{occ " + toString(l.occupancyBits) +
         " bnd " + toString(l.boundaryBits) + " [";
    for (Count b : l.perAccessBits)
      s += toString(b) + " ";
    s += "]} ";
  }
  return s;
}

/// A random multi-level mapping of `e` with `numLevels` levels: each level
/// loops over a random subset of ranks with tiles within the tile left
/// above, the first loops of an inner level spatial when they index the
/// output. Not necessarily evaluable (the caller filters with verify).
MultiLevelMapping randomMultiLevel(const Einsum &e, std::mt19937_64 &rng,
                                   unsigned numLevels) {
  MultiLevelMapping m;
  llvm::SmallVector<int64_t, 8> tile;
  for (const Rank &r : e.ranks)
    tile.push_back(r.extent);
  std::uniform_real_distribution<double> coin(0, 1);
  for (unsigned k = 0; k < numLevels; ++k) {
    LevelMapping level;
    std::vector<unsigned> ranks(e.ranks.size());
    for (unsigned r = 0; r < ranks.size(); ++r)
      ranks[r] = r;
    std::shuffle(ranks.begin(), ranks.end(), rng);
    unsigned n = std::uniform_int_distribution<unsigned>(0, ranks.size())(rng);
    bool spatialRun = k > 0 && coin(rng) < 0.5;
    for (unsigned i = 0; i < n; ++i) {
      unsigned r = ranks[i];
      int64_t t;
      // Mostly divisors, so the nest can be tiled again below.
      if (coin(rng) < 0.7) {
        std::vector<int64_t> divisors;
        for (int64_t d = 1; d <= tile[r]; ++d)
          if (tile[r] % d == 0)
            divisors.push_back(d);
        t = divisors[std::uniform_int_distribution<size_t>(
            0, divisors.size() - 1)(rng)];
      } else {
        t = std::uniform_int_distribution<int64_t>(1, tile[r])(rng);
      }
      level.loops.push_back({r, t});
      if (spatialRun && level.spatial == i && e.isOutputRank(r) &&
          coin(rng) < 0.7)
        ++level.spatial;
      tile[r] = t;
    }
    for (unsigned a = 0; a <= e.inputs.size(); ++a) {
      if (coin(rng) < 0.2)
        level.positions.push_back(kB);
      else
        level.positions.push_back(std::uniform_int_distribution<unsigned>(
            level.spatial, level.loops.size())(rng));
    }
    m.levels.push_back(std::move(level));
  }
  return m;
}

TEST(MultiLevelTest, ModelEqualsReplayOnRandomMappings) {
  std::mt19937_64 rng(20261124);
  std::vector<Problem> problems = smallCatalog();
  unsigned checked = 0, withSpatial = 0;
  for (unsigned iter = 0; iter < 6000 && checked < 2500; ++iter) {
    Problem p = iter % 3 == 0
                    ? randomEinsum(rng, 3, 4)
                    : problems[iter % problems.size()];
    unsigned levels = std::uniform_int_distribution<unsigned>(1, 3)(rng);
    MultiLevelMapping m = randomMultiLevel(p.einsum, rng, levels);
    if (llvm::Error err = verifyMultiLevel(p.einsum, p.tensors, m)) {
      llvm::consumeError(std::move(err));
      continue;
    }
    auto model = evaluateMultiLevel(p.einsum, p.tensors, m);
    ASSERT_TRUE(static_cast<bool>(model)) << llvm::toString(model.takeError());
    auto sim = simulateMultiLevel(p.einsum, p.tensors, m);
    if (!sim) {
      llvm::consumeError(sim.takeError()); // too big to replay
      continue;
    }
    // The model is exact only where the single-level model is.
    auto single = CostModel::create(p.einsum, p.tensors);
    ASSERT_TRUE(static_cast<bool>(single));
    bool exact = true;
    for (unsigned a = 0; a <= p.einsum.inputs.size(); ++a)
      exact &= single->isExact(a);
    std::string what = describe(p) + "\n" +
                       formatMultiLevel(p.einsum, p.tensors, m) +
                       "\nmodel " + describe(*model) + "\nsim   " +
                       describe(*sim);
    for (unsigned k = 0; k < m.levels.size(); ++k) {
      if (exact) {
        ASSERT_EQ(model->levels[k], sim->levels[k]) << what;
      } else {
        ASSERT_GE(model->levels[k].boundaryBits, sim->levels[k].boundaryBits)
            << what;
      }
    }
    ++checked;
    for (const LevelMapping &l : m.levels)
      withSpatial += l.spatial > 0;
  }
  EXPECT_GE(checked, 1500u);
  EXPECT_GE(withSpatial, 300u);
}

/// A random mapping of `e` over `numLevels` levels that tiles every rank of
/// `window` at every level: tiles that divide the one above except at the
/// rank's last level (a partial last chunk), other ranks looped with
/// probability 1/2, spatial loops over output ranks below level 0, random
/// positions and bypasses.
MultiLevelMapping tiledAtEveryLevel(const Einsum &e, std::mt19937_64 &rng,
                                    unsigned numLevels,
                                    llvm::ArrayRef<unsigned> window) {
  MultiLevelMapping m;
  llvm::SmallVector<int64_t, 8> tile;
  for (const Rank &r : e.ranks)
    tile.push_back(r.extent);
  std::uniform_real_distribution<double> coin(0, 1);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  for (unsigned k = 0; k < numLevels; ++k) {
    bool last = k + 1 == numLevels;
    LevelMapping level;
    std::vector<unsigned> ranks(e.ranks.size());
    for (unsigned r = 0; r < ranks.size(); ++r)
      ranks[r] = r;
    std::shuffle(ranks.begin(), ranks.end(), rng);
    bool spatialRun = k > 0 && coin(rng) < 0.5;
    for (unsigned r : ranks) {
      bool isWindow = llvm::is_contained(window, r);
      if (!isWindow && coin(rng) < 0.5)
        continue;
      int64_t t;
      std::vector<int64_t> nonDivisors;
      for (int64_t d = 2; d < tile[r]; ++d)
        if (tile[r] % d != 0)
          nonDivisors.push_back(d);
      if (last && !nonDivisors.empty() && coin(rng) < 0.5) {
        t = nonDivisors[pick(0, nonDivisors.size() - 1)];
      } else {
        // A divisor, below the tile above when there is one.
        std::vector<int64_t> divisors;
        for (int64_t d = 1; d < tile[r]; ++d)
          if (tile[r] % d == 0)
            divisors.push_back(d);
        if (divisors.empty())
          divisors.push_back(tile[r]);
        t = divisors[pick(0, divisors.size() - 1)];
      }
      unsigned i = level.loops.size();
      level.loops.push_back({r, t});
      if (spatialRun && level.spatial == i && e.isOutputRank(r) &&
          coin(rng) < 0.6)
        ++level.spatial;
      tile[r] = t;
    }
    for (unsigned a = 0; a <= e.inputs.size(); ++a) {
      if (coin(rng) < 0.15)
        level.positions.push_back(kB);
      else
        level.positions.push_back(
            static_cast<unsigned>(pick(level.spatial, level.loops.size())));
    }
    m.levels.push_back(std::move(level));
  }
  return m;
}

/// Whether `m` tiles rank `r` (of extent `extent`) at two levels that both
/// cut it: an outer tile below the extent and an inner one below that.
bool cutTwice(const MultiLevelMapping &m, unsigned r, int64_t extent) {
  int64_t around = extent;
  unsigned cuts = 0;
  for (const LevelMapping &level : m.levels)
    for (const Loop &l : level.loops)
      if (l.rank == r && l.tile < around) {
        ++cuts;
        around = l.tile;
      }
  return cuts >= 2;
}

TEST(MultiLevelTest, WindowsTiledAtTwoLevelsEqualReplay) {
  // Unit windows `p + r` whose p (and sometimes r) is tiled at two or three
  // levels: the split `T*p1 + p2 + r` must be exact (MultiLevel.h,
  // "Exactness"), equal to the element-by-element replay, with partial last
  // chunks, spatial loops over p and multicast.
  std::mt19937_64 rng(20260412);
  auto extent = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  unsigned checked = 0, cut = 0, partnerCut = 0, partial = 0, spatialWindow = 0,
           threeLevels = 0;
  for (unsigned iter = 0; iter < 4000 && checked < 1500; ++iter) {
    Problem p;
    unsigned rp = 0, rr = 1; // p and r in every family below
    switch (iter % 4) {
    case 0:
      p = makeConv1d(extent(4, 12), extent(2, 4));
      break;
    case 1:
      p = makeConvCF(extent(1, 2), extent(1, 3), extent(4, 8), extent(2, 4));
      rp = 2;
      rr = 3;
      break;
    case 2:
      p = makeConv2d(extent(4, 8), extent(2, 4), extent(2, 4), extent(1, 3));
      rr = 2;
      break;
    default:
      p = makeDepthwise(extent(1, 3), extent(4, 9), extent(2, 4));
      rp = 1;
      rr = 2;
      break;
    }
    llvm::SmallVector<unsigned, 2> window = {rp};
    if (iter % 3 == 0)
      window.push_back(rr);
    unsigned levels = std::uniform_int_distribution<unsigned>(2, 3)(rng);
    MultiLevelMapping m = tiledAtEveryLevel(p.einsum, rng, levels, window);
    if (llvm::Error err = verifyMultiLevel(p.einsum, p.tensors, m)) {
      // Only a partial chunk tiled again is refused.
      std::string msg = llvm::toString(std::move(err));
      ASSERT_NE(msg.find("partial chunk"), std::string::npos)
          << msg << "\n"
          << describe(p) << "\n"
          << formatMultiLevel(p.einsum, p.tensors, m);
      continue;
    }
    auto model = evaluateMultiLevel(p.einsum, p.tensors, m);
    ASSERT_TRUE(static_cast<bool>(model)) << llvm::toString(model.takeError());
    auto sim = simulateMultiLevel(p.einsum, p.tensors, m);
    ASSERT_TRUE(static_cast<bool>(sim)) << llvm::toString(sim.takeError());
    std::string what = describe(p) + "\n" +
                       formatMultiLevel(p.einsum, p.tensors, m) + "\nmodel " +
                       describe(*model) + "\nsim   " + describe(*sim);
    for (unsigned k = 0; k < m.levels.size(); ++k)
      ASSERT_EQ(model->levels[k], sim->levels[k]) << what;
    ++checked;
    int64_t extentP = p.einsum.ranks[rp].extent;
    int64_t extentR = p.einsum.ranks[rr].extent;
    if (!cutTwice(m, rp, extentP) && !cutTwice(m, rr, extentR))
      continue;
    ++cut;
    partnerCut += cutTwice(m, rr, extentR);
    threeLevels += levels == 3;
    bool partialChunk = false, spatial = false;
    int64_t around = extentP;
    for (const LevelMapping &level : m.levels)
      for (auto [i, l] : llvm::enumerate(level.loops)) {
        if (l.rank != rp)
          continue;
        partialChunk |= around % l.tile != 0;
        spatial |= i < level.spatial;
        around = l.tile;
      }
    partial += partialChunk;
    spatialWindow += spatial;
  }
  std::string counts =
      "checked " + std::to_string(checked) + " cut " + std::to_string(cut) +
      " partner " + std::to_string(partnerCut) + " partial " +
      std::to_string(partial) + " spatial " + std::to_string(spatialWindow) +
      " three " + std::to_string(threeLevels);
  SCOPED_TRACE(counts);
  EXPECT_GE(checked, 1000u);
  EXPECT_GE(cut, 400u);
  EXPECT_GE(partnerCut, 80u);
  EXPECT_GE(partial, 50u);
  EXPECT_GE(spatialWindow, 80u);
  EXPECT_GE(threeLevels, 150u);
}

TEST(MultiLevelTest, StridedWindowsTiledAtTwoLevelsAreRefusedOrExact) {
  // `2*p + r` and `p + 2*r` tiled at two levels: the boxes are combs, not
  // intervals, so the model refuses them; whatever it accepts is exact.
  std::mt19937_64 rng(99);
  unsigned refused = 0, accepted = 0;
  for (unsigned iter = 0; iter < 1500; ++iter) {
    int64_t stride = iter % 2 ? 2 : 1, dilation = iter % 2 ? 1 : 2;
    Problem p = makeConv1d(std::uniform_int_distribution<int64_t>(4, 10)(rng),
                           std::uniform_int_distribution<int64_t>(3, 4)(rng),
                           stride, dilation);
    MultiLevelMapping m = tiledAtEveryLevel(p.einsum, rng, 2, {0});
    if (llvm::Error err = verifyMultiLevel(p.einsum, p.tensors, m)) {
      std::string msg = llvm::toString(std::move(err));
      if (msg.find("strided or dilated") != std::string::npos)
        ++refused;
      else
        ASSERT_NE(msg.find("partial chunk"), std::string::npos) << msg;
      continue;
    }
    auto model = evaluateMultiLevel(p.einsum, p.tensors, m);
    ASSERT_TRUE(static_cast<bool>(model)) << llvm::toString(model.takeError());
    auto sim = simulateMultiLevel(p.einsum, p.tensors, m);
    ASSERT_TRUE(static_cast<bool>(sim)) << llvm::toString(sim.takeError());
    for (unsigned k = 0; k < m.levels.size(); ++k)
      ASSERT_EQ(model->levels[k], sim->levels[k])
          << describe(p) << "\n"
          << formatMultiLevel(p.einsum, p.tensors, m);
    ++accepted;
  }
  EXPECT_GE(refused, 300u);
  EXPECT_GE(accepted, 100u);
}

TEST(MultiLevelTest, OneLevelIsTheSingleLevelModel) {
  std::mt19937_64 rng(7);
  for (const Problem &p : smallCatalog()) {
    auto model = CostModel::create(p.einsum, p.tensors);
    ASSERT_TRUE(static_cast<bool>(model));
    for (unsigned i = 0; i < 200; ++i) {
      Mapping single = randomMapping(p.einsum, rng);
      MultiLevelMapping m;
      m.levels.push_back({single.loops, 0, single.positions});
      auto multi = evaluateMultiLevel(p.einsum, p.tensors, m);
      ASSERT_TRUE(static_cast<bool>(multi)) << llvm::toString(multi.takeError());
      Cost c = model->evaluateUnchecked(single);
      EXPECT_EQ(multi->levels[0].boundaryBits, c.accessBits);
      EXPECT_EQ(multi->levels[0].occupancyBits, c.occupancyBits);
    }
  }
}

/// The 3-level mapping of a 4x4x4 1-bit matmul counted by hand below:
/// L0 [m:2] A@1 B@0 C@1 | L1 [n:2 k:2] A@2 B@2 C@1 | L2 [*n:1] all @1.
MultiLevelMapping threeLevelHandMapping() {
  MultiLevelMapping m;
  m.levels.push_back({{{0, 2}}, 0, {1, 0, 1}});
  m.levels.push_back({{{1, 2}, {2, 2}}, 0, {2, 2, 1}});
  m.levels.push_back({{{1, 1}}, 1, {1, 1, 1}});
  return m;
}

TEST(MultiLevelTest, ThreeLevelMatmulByHand) {
  // C[m,n] += A[m,k] * B[k,n], 4x4x4, 1-bit elements.
  // L0: [m:2], A@1 B@0 C@1. A: 2 row blocks of 8 = 16; B whole 16; C 2
  //     blocks of 8 written once = 16. Boundary 0: 48; occupancy 8+16+8.
  // L1: [n:2 k:2], A@2 B@2 C@1 (nest m,n,k): A and B change at each of the
  //     8 steps, 4 elements each: 32 + 32; C changes per (m,n): 16 written.
  //     Boundary 1: 80; occupancy 4+4+4.
  // L2: [*n:1] over 2 instances, everything below it. A does not use n: one
  //     multicast stream, as at L1: 32. B: 2 instances x 8 steps x 2 = 32.
  //     C: each instance keeps its column across k: 2 x 4 boxes x 2 = 16.
  //     Boundary 2: 80; occupancy per instance 4+2+2.
  Problem p = makeMatmul(4, 4, 4, 1);
  MultiLevelMapping m = threeLevelHandMapping();
  for (bool replay : {false, true}) {
    auto c = replay ? simulateMultiLevel(p.einsum, p.tensors, m)
                    : evaluateMultiLevel(p.einsum, p.tensors, m);
    ASSERT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
    EXPECT_EQ(c->levels[0].boundaryBits, 48u);
    EXPECT_EQ(c->levels[0].occupancyBits, 32u);
    EXPECT_EQ(c->levels[1].boundaryBits, 80u);
    EXPECT_EQ(c->levels[1].occupancyBits, 12u);
    EXPECT_EQ(c->levels[2].boundaryBits, 80u);
    EXPECT_EQ(c->levels[2].occupancyBits, 8u);
    EXPECT_EQ(c->levels[2].perAccessBits[0], 32u);
    EXPECT_EQ(c->levels[2].perAccessBits[1], 32u);
    EXPECT_EQ(c->levels[2].perAccessBits[2], 16u);
  }
  // B bypassing L1 but kept at L2: its L2 fetches come from L0 and cross
  // boundary 1 as well.
  m.levels[1].positions[1] = kB;
  auto c = evaluateMultiLevel(p.einsum, p.tensors, m);
  ASSERT_TRUE(static_cast<bool>(c));
  EXPECT_EQ(c->levels[1].perAccessBits[1], c->levels[2].perAccessBits[1]);
}

TEST(MultiLevelTest, MovementEnergyByHand) {
  // The mapping of ThreeLevelMatmulByHand; per-bit energies (read, write):
  // backing store (1000, 2000), L0 (100, 200), L1 (10, 20), L2 (1, 2).
  // A: fills 16 into L0 x (1000 + 200), 32 into L1 x (100 + 20), 32 into L2
  //    x (10 + 2), 64 operand bits read at L2 x 1: 23488. B the same.
  // C: write-backs 16 from L0 x (100 + 2000), 16 from L1 x (10 + 200), 16
  //    from L2 x (1 + 20), 64 MACs read and written at L2 x 3: 37488.
  Problem p = makeMatmul(4, 4, 4, 1);
  MultiLevelMapping m = threeLevelHandMapping();
  llvm::SmallVector<LevelEnergy, 4> energies = {
      {1000, 2000}, {100, 200}, {10, 20}, {1, 2}};
  auto c = evaluateMultiLevel(p.einsum, p.tensors, m);
  ASSERT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
  EXPECT_DOUBLE_EQ(movementEnergyPJ(p.einsum, p.tensors, m, *c, energies),
                   2 * 23488.0 + 37488.0);
  // B bypassing L1: its 32 L2 fills come from L0, x (100 + 2): 16 x 1200 +
  // 32 x 102 + 64 = 22528 instead of 23488.
  m.levels[1].positions[1] = kB;
  c = evaluateMultiLevel(p.einsum, p.tensors, m);
  ASSERT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
  EXPECT_DOUBLE_EQ(movementEnergyPJ(p.einsum, p.tensors, m, *c, energies),
                   23488.0 + 22528.0 + 37488.0);
  // Nothing kept below L0 for A: its operands are read at L0 (x 100).
  m.levels[1].positions[0] = kB;
  m.levels[2].positions[0] = kB;
  c = evaluateMultiLevel(p.einsum, p.tensors, m);
  ASSERT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
  EXPECT_DOUBLE_EQ(movementEnergyPJ(p.einsum, p.tensors, m, *c, energies),
                   (16 * 1200.0 + 64 * 100.0) + 22528.0 + 37488.0);
}

TEST(MultiLevelTest, RejectsWhatItCannotModel) {
  Problem p = makeMatmul(6, 4, 4); // ranks m=0, n=1, k=2
  auto reason = [&](llvm::ArrayRef<LevelMapping> levels) {
    MultiLevelMapping m;
    m.levels.assign(levels.begin(), levels.end());
    llvm::Error err = verifyMultiLevel(p.einsum, p.tensors, m);
    return err ? llvm::toString(std::move(err)) : std::string();
  };
  LevelMapping all1{{}, 0, {0, 0, 0}};
  // m tiled 4 (6 = 4 + 2) and again below: the partial chunk.
  EXPECT_NE(reason({{{{0, 4}}, 0, {1, 1, 1}}, {{{0, 2}}, 0, {1, 1, 1}}}).find(
                "partial chunk"),
            std::string::npos);
  // 6 = 3 + 3 tiled again by 1: fine.
  EXPECT_EQ(reason({{{{0, 3}}, 0, {1, 1, 1}}, {{{0, 1}}, 0, {1, 1, 1}}}), "");
  // A tile larger than the one above.
  EXPECT_NE(reason({{{{1, 2}}, 0, {1, 1, 1}}, {{{1, 4}}, 0, {1, 1, 1}}}).find(
                "exceeds"),
            std::string::npos);
  // A spatial loop over the reduction rank k.
  EXPECT_NE(reason({all1, {{{2, 2}}, 1, {1, 1, 1}}}).find("spatial reduction"),
            std::string::npos);
  // A tile above the level's spatial loops.
  EXPECT_NE(reason({all1, {{{0, 2}}, 1, {0, 1, 1}}}).find("above the level"),
            std::string::npos);
  // On chip below level 0.
  EXPECT_NE(reason({all1, {{}, 0, {LevelMapping::kOnChip, 0, 0}}})
                .find("only level 0"),
            std::string::npos);
}

/// The front of `e` over the whole mapspace (every access kept or not).
llvm::Expected<ParetoFront> frontOf(const Einsum &e,
                                    llvm::ArrayRef<Tensor> tensors,
                                    llvm::ArrayRef<KeepPolicy> keep) {
  auto model = CostModel::create(e, tensors);
  if (!model)
    return model.takeError();
  SearchOptions options;
  options.keep.assign(keep.begin(), keep.end());
  auto result = searchParetoFront(*model, options);
  if (!result)
    return result.takeError();
  return std::move(result->front);
}

TEST(MultiLevelTest, GreedyMapperRespectsCapacitiesAndBounds) {
  struct Case {
    Problem p;
    llvm::SmallVector<Count, 3> capacity; // bits per instance, level 0 first
    llvm::SmallVector<int64_t, 3> fanout;
  };
  std::vector<Case> cases = {
      {makeMatmul(16, 16, 16), {2048, 512, 64}, {1, 4, 1}},
      {makeMatmul(12, 8, 6), {1024, 256, 48}, {1, 3, 2}},
      {makeBatchMatmul(2, 8, 8, 4), {1024, 256, 64}, {1, 2, 2}},
      {makeConvCF(4, 4, 8, 3), {1024, 256, 64}, {1, 4, 1}},
  };
  for (const Case &c : cases) {
    const Problem &p = c.p;
    unsigned numAccesses = p.einsum.inputs.size() + 1;
    llvm::SmallVector<KeepPolicy, 4> either(numAccesses, KeepPolicy::Either);
    auto front = frontOf(p.einsum, p.tensors, either);
    ASSERT_TRUE(static_cast<bool>(front)) << llvm::toString(front.takeError());
    auto outer = front->bestWithin(c.capacity[0]);
    ASSERT_TRUE(outer.has_value());
    std::vector<InnerLevelSpec> inner;
    for (unsigned k = 1; k < c.capacity.size(); ++k)
      inner.push_back({c.capacity[k], c.fanout[k], either});
    auto result = mapInnerLevels(
        p.einsum, p.tensors,
        LevelMapping{outer->witness.loops, 0, outer->witness.positions}, 0,
        c.capacity[0], inner, frontOf);
    ASSERT_TRUE(static_cast<bool>(result)) << llvm::toString(result.takeError());
    const MultiLevelMapping &m = result->mapping;
    std::string what = describe(p) + "\n" +
                       formatMultiLevel(p.einsum, p.tensors, m) + "\n" +
                       describe(result->cost) + result->stopReason;
    ASSERT_EQ(result->levelsMapped, c.capacity.size()) << what;
    // Level 0 is the given mapping (its dead loops dropped).
    EXPECT_EQ(result->cost.levels[0].boundaryBits, outer->accessBits) << what;
    auto sim = simulateMultiLevel(p.einsum, p.tensors, m, uint64_t(1) << 26);
    ASSERT_TRUE(static_cast<bool>(sim)) << llvm::toString(sim.takeError());
    Count instances = 1;
    llvm::SmallVector<Count, 3> inst;
    for (int64_t f : c.fanout)
      inst.push_back(instances *= f);
    for (unsigned k = 0; k < m.levels.size(); ++k) {
      EXPECT_EQ(result->cost.levels[k], sim->levels[k]) << what;
      EXPECT_LE(result->cost.levels[k].occupancyBits, c.capacity[k]) << what;
      // Everything at and below level k as one buffer: a lower bound.
      Count pooled = 0;
      for (unsigned j = k; j < c.capacity.size(); ++j)
        pooled += c.capacity[j] * inst[j];
      auto bound = front->bestWithin(pooled);
      ASSERT_TRUE(bound.has_value());
      EXPECT_GE(result->cost.levels[k].boundaryBits, bound->accessBits)
          << what << " level " << k;
    }
  }
}

TEST(MultiLevelTest, GreedyMapperSpreadsOverTheFanout) {
  // Everything whole at level 0; level 1 has 4 instances of 256 bits.
  Problem p = makeMatmul(8, 8, 8);
  llvm::SmallVector<KeepPolicy, 4> either(3, KeepPolicy::Either);
  auto result = mapInnerLevels(p.einsum, p.tensors,
                               LevelMapping{{}, 0, {0, 0, 0}}, 0, 4096,
                               {InnerLevelSpec{256, 4, either}}, frontOf);
  ASSERT_TRUE(static_cast<bool>(result)) << llvm::toString(result.takeError());
  const LevelMapping &l1 = result->mapping.levels[1];
  ASSERT_GE(l1.spatial, 1u);
  int64_t used = 1;
  for (unsigned i = 0; i < l1.spatial; ++i)
    used *= ceilDiv(8, l1.loops[i].tile);
  EXPECT_EQ(used, 4) << formatMultiLevel(p.einsum, p.tensors,
                                         result->mapping);
  auto sim = simulateMultiLevel(p.einsum, p.tensors, result->mapping);
  ASSERT_TRUE(static_cast<bool>(sim));
  EXPECT_EQ(result->cost.levels[1], sim->levels[1]);
}

} // namespace
