//===- CostModelTest.cpp - Closed-form cost model -------------------------===//
//
// Known answers computed by hand (the comments walk the boxes), the
// documented sanity rule for projections, agreement with the loop-nest
// simulator on random mappings of every einsum family, overflow edges and
// error messages.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/CostModel.h"
#include "TestProblems.h"
#include "oro/Core/Simulator.h"
#include "gtest/gtest.h"

using namespace oro::core;
using namespace oro::core::test;

namespace {

class CostModelTest : public ::testing::Test {
protected:
  static CostModel model(const Problem &p) {
    auto m = CostModel::create(p.einsum, p.tensors);
    EXPECT_TRUE(static_cast<bool>(m)) << llvm::toString(m.takeError());
    return std::move(*m);
  }
  static Cost cost(const Problem &p, Mapping m) {
    auto c = model(p).evaluate(m);
    EXPECT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
    return *c;
  }
  static Mapping mapping(std::initializer_list<Loop> loops,
                         std::initializer_list<unsigned> positions) {
    Mapping m;
    m.loops.assign(loops.begin(), loops.end());
    m.positions.assign(positions.begin(), positions.end());
    return m;
  }
  static std::string errorOf(llvm::Error err) {
    return llvm::toString(std::move(err));
  }
  static constexpr unsigned kB = Mapping::kBypass;
};

// Ranks: m = 0, n = 1, k = 2. Accesses: A = 0, B = 1, C = 2. 1-bit elements
// so bits are elements.
TEST_F(CostModelTest, TinyMatmulHeldWhole) {
  Cost c = cost(makeMatmul(4, 4, 4, 1), mapping({}, {0, 0, 0}));
  EXPECT_EQ(c.occupancyBits, 48u);
  EXPECT_EQ(c.perTensor[0].readBits, 16u);
  EXPECT_EQ(c.perTensor[1].readBits, 16u);
  EXPECT_EQ(c.perTensor[2].writeBits, 16u);
  EXPECT_EQ(c.perTensor[2].readBits, 0u);
  EXPECT_EQ(c.accessBits, 48u);
}

TEST_F(CostModelTest, TinyMatmulOutputStationary) {
  // [m:1 n:1 k:1], A and B innermost, C below n: A is refetched for every
  // n (4 times), B for every m, C is written once and never read.
  Cost c = cost(makeMatmul(4, 4, 4, 1),
                mapping({{0, 1}, {1, 1}, {2, 1}}, {3, 3, 2}));
  EXPECT_EQ(c.occupancyBits, 3u);
  EXPECT_EQ(c.perTensor[0].readBits, 64u);
  EXPECT_EQ(c.perTensor[1].readBits, 64u);
  EXPECT_EQ(c.perTensor[2].writeBits, 16u);
  EXPECT_EQ(c.perTensor[2].readBits, 0u);
  EXPECT_EQ(c.accessBits, 144u);
}

TEST_F(CostModelTest, TinyMatmulOutputBelowIrrelevantLoopIsNotReread) {
  // [m:2 n:2 k:2], all innermost: C's box does not change while k iterates.
  Cost c = cost(makeMatmul(4, 4, 4, 1),
                mapping({{0, 2}, {1, 2}, {2, 2}}, {3, 3, 3}));
  EXPECT_EQ(c.occupancyBits, 12u);
  EXPECT_EQ(c.perTensor[0].readBits, 32u);
  EXPECT_EQ(c.perTensor[1].readBits, 32u);
  EXPECT_EQ(c.perTensor[2].writeBits, 16u);
  EXPECT_EQ(c.perTensor[2].readBits, 0u);
}

TEST_F(CostModelTest, TinyMatmulPartialSums) {
  // [k:1 m:2 n:2]; C below all: every k pass evicts and reloads all of C,
  // 4 passes: 64 writes, 48 reads (the first pass reads nothing). A below m:
  // 8 boxes of 1x2. B below n: per k, 2 m-chunks x 2 n-chunks of 1x2.
  Cost c = cost(makeMatmul(4, 4, 4, 1),
                mapping({{2, 1}, {0, 2}, {1, 2}}, {2, 3, 3}));
  EXPECT_EQ(c.perTensor[2].writeBits, 64u);
  EXPECT_EQ(c.perTensor[2].readBits, 48u);
  EXPECT_EQ(c.perTensor[0].readBits, 16u);
  EXPECT_EQ(c.perTensor[1].readBits, 32u);
  EXPECT_EQ(c.occupancyBits, 4u + 2u + 2u);
  EXPECT_EQ(c.accessBits, 160u);
}

TEST_F(CostModelTest, ImperfectTilesFetchPartialLastChunks) {
  // M = 5 in chunks of 2: 2, 2, 1 rows.
  Problem p = makeMatmul(5, 4, 4, 1);
  Cost c = cost(p, mapping({{0, 2}}, {1, 1, 1}));
  EXPECT_EQ(c.perTensor[0].readBits, 20u);
  EXPECT_EQ(c.perTensor[1].readBits, 16u);
  EXPECT_EQ(c.perTensor[2].writeBits, 20u);
  EXPECT_EQ(c.occupancyBits, 8u + 16u + 8u);
  // [k:3 m:2]: k chunks of 3 and 1. C below both: two passes over 20
  // elements; A boxes 6, 6, 3, 2, 2, 1; B boxes 12 then 4.
  c = cost(p, mapping({{2, 3}, {0, 2}}, {2, 1, 2}));
  EXPECT_EQ(c.perTensor[2].writeBits, 40u);
  EXPECT_EQ(c.perTensor[2].readBits, 20u);
  EXPECT_EQ(c.perTensor[0].readBits, 20u);
  EXPECT_EQ(c.perTensor[1].readBits, 16u);
  EXPECT_EQ(c.occupancyBits, 8u + 6u + 12u);
}

// conv1d ranks: p = 0, r = 1. Accesses: I = 0, W = 1, O = 2.
TEST_F(CostModelTest, SlidingWindowFetchesOnlyNewElements) {
  // P = 6, R = 3, I has 8 elements. [p:2], I below p: boxes [0,3], [2,5],
  // [4,7] fetch 4 + 2 + 2.
  Cost c = cost(makeConv1d(6, 3, 1, 1, 1), mapping({{0, 2}}, {1, 0, 1}));
  EXPECT_EQ(c.perTensor[0].readBits, 8u);
  EXPECT_EQ(c.perTensor[1].readBits, 3u);
  EXPECT_EQ(c.perTensor[2].writeBits, 6u);
  EXPECT_EQ(c.occupancyBits, 4u + 3u + 2u);
}

TEST_F(CostModelTest, WindowResetReusesOverlapWithLastChunk) {
  // [r:1 p:4], p chunks [0,4) and [4,6). I boxes: {0..3} 4, {4,5} 2,
  // {1..4} 3 new, {5,6} 2, {2..5} 3 new, {6,7} 2: 16.
  Cost c =
      cost(makeConv1d(6, 3, 1, 1, 1), mapping({{1, 1}, {0, 4}}, {2, 1, 2}));
  EXPECT_EQ(c.perTensor[0].readBits, 16u);
  EXPECT_EQ(c.perTensor[1].readBits, 3u);
  EXPECT_EQ(c.perTensor[2].writeBits, 18u);
  EXPECT_EQ(c.perTensor[2].readBits, 12u);
  EXPECT_EQ(c.occupancyBits, 4u + 1u + 4u);
  // [p:4 r:2], r chunks [0,2) and [2,3). I: {0..4} 5, {2..5} 1 new,
  // {4,5,6} 1 new, {6,7} 1 new: 8. W: 2 + 1 + 2 + 1.
  c = cost(makeConv1d(6, 3, 1, 1, 1), mapping({{0, 4}, {1, 2}}, {2, 2, 1}));
  EXPECT_EQ(c.perTensor[0].readBits, 8u);
  EXPECT_EQ(c.perTensor[1].readBits, 6u);
  EXPECT_EQ(c.perTensor[2].writeBits, 6u);
  EXPECT_EQ(c.occupancyBits, 5u + 2u + 4u);
}

TEST_F(CostModelTest, StridedWindow) {
  // I[2p + r], P = 3, R = 3, I has 7 elements.
  Problem p = makeConv1d(3, 3, 2, 1, 1);
  // [p:1]: {0,1,2}, {2,3,4}, {4,5,6}: 3 + 2 + 2.
  Cost c = cost(p, mapping({{0, 1}}, {1, 0, 1}));
  EXPECT_EQ(c.perTensor[0].readBits, 7u);
  EXPECT_EQ(c.perTensor[0].occupancyBits, 3u);
  // [r:1 p:1]: nine singletons, no two consecutive equal.
  c = cost(p, mapping({{1, 1}, {0, 1}}, {2, 1, 2}));
  EXPECT_EQ(c.perTensor[0].readBits, 9u);
  // [p:2 r:2]: {0,1,2,3} 4, {2,4} 1 new, {4,5} 1 new, {6} 1.
  c = cost(p, mapping({{0, 2}, {1, 2}}, {2, 2, 1}));
  EXPECT_EQ(c.perTensor[0].readBits, 7u);
  EXPECT_EQ(c.perTensor[0].occupancyBits, 4u);
}

TEST_F(CostModelTest, DilatedWindowResetCanRepeatTheBox) {
  // I[p + 2r], P = 4, R = 2. [r:1 p:2]: {0,1}, {2,3}, then r advances and p
  // resets to {2,3} (nothing new), then {4,5}.
  Cost c =
      cost(makeConv1d(4, 2, 1, 2, 1), mapping({{1, 1}, {0, 2}}, {2, 1, 2}));
  EXPECT_EQ(c.perTensor[0].readBits, 6u);
  EXPECT_EQ(c.perTensor[0].occupancyBits, 2u);
}

TEST_F(CostModelTest, BypassCostsOneAccessPerMac) {
  Cost c = cost(makeMatmul(4, 4, 4, 1), mapping({}, {kB, kB, kB}));
  EXPECT_EQ(c.occupancyBits, 0u);
  EXPECT_EQ(c.perTensor[0].readBits, 64u);
  EXPECT_EQ(c.perTensor[1].readBits, 64u);
  EXPECT_EQ(c.perTensor[2].writeBits, 64u);
  EXPECT_EQ(c.perTensor[2].readBits, 48u);
}

TEST_F(CostModelTest, ElementBitsScaleEverything) {
  Cost c1 = cost(makeMatmul(4, 4, 4, 1),
                 mapping({{2, 1}, {0, 2}, {1, 2}}, {2, 3, 3}));
  Cost c16 = cost(makeMatmul(4, 4, 4, 16),
                  mapping({{2, 1}, {0, 2}, {1, 2}}, {2, 3, 3}));
  EXPECT_EQ(c16.accessBits, 16 * c1.accessBits);
  EXPECT_EQ(c16.occupancyBits, 16 * c1.occupancyBits);
}

TEST_F(CostModelTest, ProjectionsFollowTheReuseRule) {
  // Documented sanity rule: with single-term dimensions, an input costs
  // |X| * (trips of the loops irrelevant to X above its innermost relevant
  // loop, among the loops above it); an output is written |X| * R times and
  // read |X| * (R - 1) times. Checked on random mappings.
  std::mt19937_64 rng(7);
  for (const Problem &p :
       {makeMatmul(6, 5, 7), makeBatchMatmul(3, 4, 5, 2), makeElementwise(6, 5),
        makeReduction(7, 3), makeTranspose(4, 6)}) {
    CostModel m = model(p);
    for (int iter = 0; iter < 200; ++iter) {
      Mapping map = randomMapping(p.einsum, rng, 0);
      Cost c = *m.evaluate(map);
      for (unsigned a = 0; a < m.getNumAccesses(); ++a) {
        const Access &acc =
            a < p.einsum.inputs.size() ? p.einsum.inputs[a] : p.einsum.output;
        Count elems = 1;
        llvm::SmallVector<bool, 4> uses(p.einsum.ranks.size(), false);
        for (const DimExpr &d : acc.dims)
          for (const AffineTerm &t : d.terms) {
            elems *= p.einsum.ranks[t.rank].extent;
            uses[t.rank] = true;
          }
        Count r = 1, irrelevant = 1;
        for (unsigned l = 0; l < map.positions[a]; ++l) {
          const Loop &loop = map.loops[l];
          int64_t trips = ceilDiv(p.einsum.ranks[loop.rank].extent, loop.tile);
          if (trips < 2)
            continue;
          if (uses[loop.rank])
            r = irrelevant;
          else
            irrelevant *= trips;
        }
        unsigned bits = p.tensors[acc.tensor].bits;
        if (a < p.einsum.inputs.size()) {
          EXPECT_EQ(c.perTensor[a].readBits, elems * r * bits) << p.name;
        } else {
          EXPECT_EQ(c.perTensor[a].writeBits, elems * r * bits) << p.name;
          EXPECT_EQ(c.perTensor[a].readBits, elems * (r - 1) * bits) << p.name;
        }
      }
    }
  }
}

TEST_F(CostModelTest, MatchesSimulatorOnRandomMappings) {
  std::mt19937_64 rng(20240601);
  for (const Problem &p : smallCatalog()) {
    CostModel m = model(p);
    for (unsigned a = 0; a < m.getNumAccesses(); ++a)
      EXPECT_TRUE(m.isExact(a)) << p.name;
    for (int iter = 0; iter < 400; ++iter) {
      Mapping map = randomMapping(p.einsum, rng);
      auto expected = simulateMapping(p.einsum, p.tensors, map);
      ASSERT_TRUE(static_cast<bool>(expected))
          << llvm::toString(expected.takeError());
      Cost got = *m.evaluate(map);
      ASSERT_EQ(describe(got), describe(*expected))
          << describe(p) << " " << formatMapping(p.einsum, p.tensors, map);
    }
  }
}

TEST_F(CostModelTest, SoundWhereNotExact) {
  // Three-term window and a diagonal: the model may overestimate, never
  // underestimate.
  std::vector<Problem> problems;
  {
    ProblemBuilder b("three_term", 1);
    unsigned p = b.rank("p", 4), q = b.rank("q", 3), r = b.rank("r", 3);
    using B = ProblemBuilder;
    b.input("I", {B::dim({{p, 1}, {q, 2}, {r, 1}})})
        .input("W", {B::dim(q), B::dim(r)})
        .output("O", {B::dim(p)});
    problems.push_back(b.build());
  }
  {
    ProblemBuilder b("diagonal", 1);
    unsigned i = b.rank("i", 5), j = b.rank("j", 3);
    using B = ProblemBuilder;
    b.input("X", {B::dim(i), B::dim(i), B::dim(j)})
        .output("Z", {B::dim(i), B::dim(i)});
    problems.push_back(b.build());
  }
  std::mt19937_64 rng(99);
  for (const Problem &p : problems) {
    CostModel m = model(p);
    for (int iter = 0; iter < 300; ++iter) {
      Mapping map = randomMapping(p.einsum, rng);
      Cost sim = *simulateMapping(p.einsum, p.tensors, map);
      Cost got = *m.evaluate(map);
      for (unsigned a = 0; a < m.getNumAccesses(); ++a) {
        std::string where =
            p.name + " " + formatMapping(p.einsum, p.tensors, map);
        EXPECT_GE(got.perTensor[a].occupancyBits,
                  sim.perTensor[a].occupancyBits)
            << where;
        EXPECT_GE(got.perTensor[a].readBits, sim.perTensor[a].readBits)
            << where;
        EXPECT_GE(got.perTensor[a].writeBits, sim.perTensor[a].writeBits)
            << where;
      }
    }
  }
}

TEST_F(CostModelTest, MatchesSimulatorOnRandomEinsums) {
  // Exact where the model says so, never below the simulator elsewhere.
  std::mt19937_64 rng(31337);
  unsigned exactChecks = 0;
  for (int iter = 0; iter < 400; ++iter) {
    Problem p = randomEinsum(rng, 1 + iter % 4, 8);
    CostModel m = model(p);
    for (int k = 0; k < 20; ++k) {
      Mapping map = randomMapping(p.einsum, rng, 0.1);
      Cost got = *m.evaluate(map);
      auto sim = simulateMapping(p.einsum, p.tensors, map);
      ASSERT_TRUE(static_cast<bool>(sim)) << llvm::toString(sim.takeError());
      std::string where =
          describe(p) + " " + formatMapping(p.einsum, p.tensors, map);
      for (unsigned a = 0; a < m.getNumAccesses(); ++a) {
        const TensorCost &g = got.perTensor[a], &e = sim->perTensor[a];
        if (m.isExact(a)) {
          ++exactChecks;
          EXPECT_TRUE(g == e) << where << "\n"
                              << describe(got) << "\n"
                              << describe(*sim);
          continue;
        }
        EXPECT_GE(g.occupancyBits, e.occupancyBits) << where;
        EXPECT_GE(g.readBits, e.readBits) << where;
        EXPECT_GE(g.writeBits, e.writeBits) << where;
      }
    }
  }
  EXPECT_GT(exactChecks, 10000u);
}

TEST_F(CostModelTest, DelinearizedDimensionsAreSingleTerm) {
  // W[4*k0 + k1, n] with k1 < 4 never collides: it is W[k0, k1, n]. With
  // k1 < 5 it does (4*1 + 0 == 4*0 + 4) and stays a general dimension.
  for (int64_t k1Extent : {4, 5}) {
    ProblemBuilder b("split_k", 1);
    unsigned m = b.rank("m", 3), n = b.rank("n", 4), k0 = b.rank("k0", 3),
             k1 = b.rank("k1", k1Extent);
    using B = ProblemBuilder;
    b.input("T", {B::dim(m), B::dim(k0), B::dim(k1)})
        .input("W", {B::dim({{k0, 4}, {k1, 1}}), B::dim(n)})
        .output("O", {B::dim(m), B::dim(n)});
    Problem p = b.build();
    CostModel cm = model(p);
    bool injective = k1Extent == 4;
    RankRole want = injective ? RankRole::Single : RankRole::Other;
    EXPECT_EQ(cm.getRankRole(1, k0), want);
    EXPECT_EQ(cm.getRankRole(1, k1), want);
    EXPECT_EQ(cm.getRankRole(1, n), RankRole::Single);
    EXPECT_EQ(cm.isProjective(1), injective);
    EXPECT_TRUE(cm.isExact(1)); // Two-term dimensions are exact anyway.
    if (injective) {
      EXPECT_EQ(cm.getAccessedElements(1), Count(3 * 4 * 4));
      // A k1 tile of 2 under k0: footprint 1 * 2 * 4.
      EXPECT_EQ(cm.footprint(1, {3, 4, 1, 2}), Count(8));
    }
    std::mt19937_64 rng(7 + k1Extent);
    for (int iter = 0; iter < 300; ++iter) {
      Mapping map = randomMapping(p.einsum, rng);
      Cost got = *cm.evaluate(map);
      Cost sim = *simulateMapping(p.einsum, p.tensors, map);
      std::string where = formatMapping(p.einsum, p.tensors, map);
      if (injective) {
        ASSERT_EQ(describe(got), describe(sim)) << where;
        continue;
      }
      EXPECT_GE(got.perTensor[1].readBits, sim.perTensor[1].readBits) << where;
    }
  }
}

TEST_F(CostModelTest, NonCollidingWindowsDegenerateToSingleTerms) {
  // `p + r` and `2*p + r` with R = 1 (1x1 convolutions) are `p` and `2*p`;
  // `2*p + r` with R = 2 and `3*p + 2*r` with R = 3 (values 0,2,4,3,5,7 for
  // P = 2) cannot collide either; `p + r` with R = 2 and `2*p + r` with
  // R = 3 are real windows.
  struct Want {
    int64_t stride, dilation, r;
    RankRole role;
  };
  for (Want w : {Want{1, 1, 1, RankRole::Single}, Want{2, 1, 1, RankRole::Single},
                 Want{2, 1, 2, RankRole::Single}, Want{3, 2, 3, RankRole::Single},
                 Want{1, 1, 2, RankRole::UnitWindow},
                 Want{2, 1, 3, RankRole::Other}}) {
    Problem p = makeConv1d(/*p=*/w.stride == 3 ? 2 : 5, w.r, w.stride,
                           w.dilation);
    CostModel cm = model(p);
    EXPECT_EQ(cm.getRankRole(0, 0), w.role)
        << w.stride << "*p + " << w.dilation << "*r, R = " << w.r;
    EXPECT_EQ(cm.isProjective(0), w.role == RankRole::Single);
    EXPECT_TRUE(cm.isExact(0));
    std::mt19937_64 rng(w.stride * 100 + w.r);
    for (int iter = 0; iter < 200; ++iter) {
      Mapping map = randomMapping(p.einsum, rng);
      ASSERT_EQ(describe(*cm.evaluate(map)),
                describe(*simulateMapping(p.einsum, p.tensors, map)))
          << describe(p) << " " << formatMapping(p.einsum, p.tensors, map);
    }
  }
}

TEST_F(CostModelTest, MatchesSimulatorOnRandomDelinearizedEinsums) {
  std::mt19937_64 rng(4242);
  unsigned exactChecks = 0, splitAccesses = 0;
  for (int iter = 0; iter < 150; ++iter) {
    Problem p = randomDelinearizedEinsum(rng, 2 + iter % 3, 5);
    CostModel m = model(p);
    for (unsigned a = 0; a < m.getNumAccesses(); ++a) {
      const Access &acc =
          a < p.einsum.inputs.size() ? p.einsum.inputs[a] : p.einsum.output;
      bool multi = false;
      for (const DimExpr &d : acc.dims) {
        unsigned wide = 0;
        for (const AffineTerm &t : d.terms)
          wide += p.einsum.ranks[t.rank].extent > 1;
        multi |= wide >= 2;
      }
      splitAccesses += multi && m.isProjective(a);
    }
    for (int k = 0; k < 20; ++k) {
      Mapping map = randomMapping(p.einsum, rng, 0.1);
      Cost got = *m.evaluate(map);
      auto sim = simulateMapping(p.einsum, p.tensors, map);
      ASSERT_TRUE(static_cast<bool>(sim)) << llvm::toString(sim.takeError());
      std::string where =
          describe(p) + " " + formatMapping(p.einsum, p.tensors, map);
      for (unsigned a = 0; a < m.getNumAccesses(); ++a) {
        const TensorCost &g = got.perTensor[a], &e = sim->perTensor[a];
        if (m.isExact(a)) {
          ++exactChecks;
          EXPECT_TRUE(g == e) << where << "\n"
                              << describe(got) << "\n"
                              << describe(*sim);
          continue;
        }
        EXPECT_GE(g.occupancyBits, e.occupancyBits) << where;
        EXPECT_GE(g.readBits, e.readBits) << where;
        EXPECT_GE(g.writeBits, e.writeBits) << where;
      }
    }
  }
  EXPECT_GT(exactChecks, 3000u);
  EXPECT_GT(splitAccesses, 50u);
}

TEST_F(CostModelTest, ExtentsOf2To31OnFourRanksDoNotWrap) {
  const int64_t e = int64_t(1) << 31;
  const Count e2 = Count(1) << 62, e3 = Count(1) << 93;
  Problem p = makeBatchMatmul(e, e, e, e, 1);
  CostModel m = model(p);
  EXPECT_EQ(m.getMacs(), Count(1) << 124);
  Cost c = *m.evaluate(mapping({}, {0, 0, 0}));
  EXPECT_EQ(c.accessBits, 3 * e3);
  EXPECT_EQ(c.occupancyBits, 3 * e3);
  // [h:1 m:1 n:1 e:1]: Q and K refetched 2^31 times, S written once.
  c = *m.evaluate(mapping({{0, 1}, {1, 1}, {2, 1}, {3, 1}}, {4, 4, 3}));
  EXPECT_EQ(c.perTensor[0].readBits, Count(1) << 124);
  EXPECT_EQ(c.perTensor[1].readBits, Count(1) << 124);
  EXPECT_EQ(c.perTensor[2].writeBits, e3);
  EXPECT_EQ(c.accessBits, (Count(1) << 125) + e3);
  EXPECT_EQ(c.occupancyBits, 3u);

  // Imperfect tiles on a 2^31 matmul.
  Problem mm = makeMatmul(e, e, e, 1);
  c = cost(mm, mapping({{0, 3}, {1, 5}, {2, 7}}, {3, 3, 3}));
  EXPECT_EQ(c.perTensor[0].readBits, e2 * 429496730u); // ceil(2^31 / 5)
  EXPECT_EQ(c.perTensor[1].readBits, e2 * 715827883u); // ceil(2^31 / 3)
  EXPECT_EQ(c.perTensor[2].writeBits, e2);
  EXPECT_EQ(c.occupancyBits, 21u + 35u + 15u);
}

TEST_F(CostModelTest, HugeWindowsAreClosedForm) {
  const int64_t e = int64_t(1) << 31;
  Problem p = makeConv1d(e, 3, 1, 1, 1);
  // [p:2^20]: one sliding pass, every element of I once.
  Cost c = cost(p, mapping({{0, 1 << 20}}, {1, 0, 1}));
  EXPECT_EQ(c.perTensor[0].readBits, Count(e) + 2);
  // [r:1 p:2^20]: three passes of P elements; the reset boxes are far
  // apart.
  c = cost(p, mapping({{1, 1}, {0, 1 << 20}}, {2, 1, 2}));
  EXPECT_EQ(c.perTensor[0].readBits, 3 * Count(e));
  // [r:1 p:(2^31 / 2 + 1)]: two p chunks; the reset from the last chunk
  // (2^30 - 1 indices from 2^30 + 1 + r) to chunk 0 of r + 1 overlaps.
  int64_t t = e / 2 + 1;
  c = cost(p, mapping({{1, 1}, {0, t}}, {2, 1, 2}));
  // Pass r=0 fetches P. Each later reset: new box [r+1, r+t], old
  // [t+r, P-1+r] -> overlap [t+r, t+r] is 1 element when r+1 <= t+r; new
  // elements t - 1. Then the last chunk [t+r+1, P+r] vs [r+1, r+t]: new
  // P - t.
  Count perLaterPass = Count(t - 1) + Count(e - t);
  EXPECT_EQ(c.perTensor[0].readBits, Count(e) + 2 * perLaterPass);
}

TEST_F(CostModelTest, SaturatesInsteadOfWrapping) {
  const int64_t e = int64_t(1) << 31;
  Problem p = makeBatchMatmul(e, e, e, e, 16);
  Cost c = cost(p, mapping({{0, 1}, {1, 1}, {2, 1}, {3, 1}}, {4, 4, 3}));
  // 2^124 elements of 16 bits do not fit in 128 bits.
  EXPECT_TRUE(isSaturated(c.perTensor[0].readBits));
  EXPECT_TRUE(isSaturated(c.accessBits));
  EXPECT_EQ(c.perTensor[2].writeBits, (Count(1) << 93) * 16);
}

TEST_F(CostModelTest, RejectsMalformedMappings) {
  CostModel m = model(makeMatmul(4, 4, 4));
  EXPECT_EQ(errorOf(m.evaluate(mapping({{0, 0}}, {0, 0, 0})).takeError()),
            "tile 0 for rank 'm' must be in [1, 4]");
  EXPECT_EQ(errorOf(m.evaluate(mapping({{1, 5}}, {0, 0, 0})).takeError()),
            "tile 5 for rank 'n' must be in [1, 4]");
  EXPECT_EQ(
      errorOf(m.evaluate(mapping({{0, 1}, {0, 2}}, {0, 0, 0})).takeError()),
      "rank 'm' has more than one loop");
  EXPECT_EQ(errorOf(m.evaluate(mapping({{7, 1}}, {0, 0, 0})).takeError()),
            "loop 0 iterates rank index 7 but the einsum has 3 ranks");
  EXPECT_EQ(errorOf(m.evaluate(mapping({{0, 1}}, {0, 2, 0})).takeError()),
            "position 2 of access 1 exceeds the 1 loops of the mapping");
  EXPECT_EQ(errorOf(m.evaluate(mapping({}, {0, 0})).takeError()),
            "mapping has 2 positions but the einsum has 3 accesses");
}

TEST_F(CostModelTest, RejectsMalformedEinsums) {
  Problem p = makeMatmul(4, 4, 4);
  p.einsum.ranks[1].extent = 0;
  auto m = CostModel::create(p.einsum, p.tensors);
  EXPECT_EQ(errorOf(m.takeError()),
            "rank 'n' has extent 0; extents must be in [1, 2^40]");
  p = makeMatmul(4, 4, 4);
  p.einsum.inputs[0].dims[1].terms[0].coeff = 0;
  EXPECT_EQ(errorOf(CostModel::create(p.einsum, p.tensors).takeError()),
            "coefficient 0 of rank 'k' in access to tensor 'A' must be in "
            "[1, 2^40]");
  p = makeMatmul(4, 4, 4);
  p.einsum.inputs[1].dims.pop_back();
  EXPECT_EQ(errorOf(CostModel::create(p.einsum, p.tensors).takeError()),
            "access to tensor 'B' has 1 dimensions but the tensor has rank 2");
  p = makeMatmul(4, 4, 4);
  p.tensors[2].bits = 0;
  EXPECT_EQ(errorOf(CostModel::create(p.einsum, p.tensors).takeError()),
            "tensor 'C' has 0 bits per element");
  p = makeMatmul(4, 4, 4);
  p.einsum.output.tensor = 9;
  EXPECT_EQ(errorOf(CostModel::create(p.einsum, p.tensors).takeError()),
            "access 2 of einsum 'matmul' names tensor index 9 but there are 3 "
            "tensors");
}

} // namespace
