//===- SearchRulesTest.cpp - The lemmas behind the search's pruning -------===//
//
// Each rule the pruned search uses to skip mappings rests on a property of
// the cost (Search.h). The brute-force comparisons only catch a wrong rule
// when it happens to change a front, so each property is also checked
// directly here, on random einsums and random mappings, with the cost model
// (itself checked against the simulator in CostModelTest).
//
//===----------------------------------------------------------------------===//

#include "TestProblems.h"
#include "oro/Core/CostModel.h"
#include "oro/Core/PruningRules.h"
#include "gtest/gtest.h"

using namespace oro::core;
using namespace oro::core::test;

namespace {

class SearchRulesTest : public ::testing::Test {
protected:
  struct Case {
    Problem problem;
    CostModel model;
  };
  /// Appends `count` random einsums drawn from `rng` (the i-th with
  /// 2 + i % `spread` inputs, extents up to `maxExtent`) with their models.
  static void addRandom(std::vector<Case> &out, std::mt19937_64 &rng, int count,
                        int spread, int64_t maxExtent) {
    for (int i = 0; i < count; ++i) {
      Problem p = randomEinsum(rng, 2 + i % spread, maxExtent);
      auto m = CostModel::create(p.einsum, p.tensors);
      ASSERT_TRUE(static_cast<bool>(m)) << llvm::toString(m.takeError());
      out.push_back({std::move(p), std::move(*m)});
    }
  }
  /// Appends `copies` cases of each problem (with its model).
  static void addCopies(std::vector<Case> &out,
                        std::initializer_list<Problem> problems, int copies) {
    for (const Problem &p : problems) {
      auto m = CostModel::create(p.einsum, p.tensors);
      ASSERT_TRUE(static_cast<bool>(m)) << llvm::toString(m.takeError());
      for (int k = 0; k < copies; ++k)
        out.push_back({p, *m});
    }
  }
  /// Random einsums with their models.
  static std::vector<Case> cases(uint64_t seed, int count) {
    std::mt19937_64 rng(seed);
    std::vector<Case> out;
    addRandom(out, rng, count, 3, 7);
    return out;
  }
  /// A random mapping whose loops all have at least two trips.
  static Mapping iteratingMapping(const Einsum &e, std::mt19937_64 &rng) {
    Mapping m = randomMapping(e, rng, 0.1);
    llvm::erase_if(m.loops, [&](const Loop &l) {
      return l.tile >= e.ranks[l.rank].extent;
    });
    for (unsigned &p : m.positions)
      if (p != Mapping::kBypass && p > m.loops.size())
        p = m.loops.size();
    return m;
  }
  static int64_t trips(const Einsum &e, const Loop &l) {
    return ceilDiv(e.ranks[l.rank].extent, l.tile);
  }
  /// A loop l over rank x whose tile is not the smallest with its trip
  /// count, above an access that uses x in a unit window x + y.
  struct WindowTile {
    int64_t trips, tile, minimalTile, last, partnerExtent;
    /// Whether y is looped above l, and between l and the access.
    bool partnerAbove, partnerInside;
  };
  /// For `perCase` iterating mappings of each case, every such (loop,
  /// access) that `applies` accepts: the smallest tile with the same trip
  /// count costs the access no more traffic and no more occupancy. Calls
  /// `checked` for each one checked.
  static void
  checkMinimalWindowTile(const std::vector<Case> &all, std::mt19937_64 &rng,
                         int perCase,
                         llvm::function_ref<bool(const WindowTile &)> applies,
                         llvm::function_ref<void(const Case &)> checked) {
    for (const Case &c : all)
      for (int k = 0; k < perCase; ++k) {
        Mapping m = iteratingMapping(c.problem.einsum, rng);
        for (unsigned l = 0; l < m.loops.size(); ++l) {
          unsigned x = m.loops[l].rank;
          int64_t e = c.problem.einsum.ranks[x].extent;
          int64_t t = trips(c.problem.einsum, m.loops[l]);
          Mapping minimal = m;
          minimal.loops[l].tile = ceilDiv(e, t);
          if (minimal.loops[l].tile == m.loops[l].tile)
            continue;
          Cost big = *c.model.evaluate(m), small = *c.model.evaluate(minimal);
          for (unsigned a = 0; a < m.positions.size(); ++a) {
            unsigned p = m.positions[a];
            if (p == Mapping::kBypass || p <= l ||
                c.model.getRankRole(a, x) != RankRole::UnitWindow)
              continue;
            unsigned y = c.model.getWindowPartner(a, x);
            WindowTile w{t,
                         m.loops[l].tile,
                         minimal.loops[l].tile,
                         e - (t - 1) * m.loops[l].tile,
                         c.problem.einsum.ranks[y].extent,
                         false,
                         false};
            for (unsigned j = 0; j < l; ++j)
              w.partnerAbove |= m.loops[j].rank == y;
            for (unsigned j = l + 1; j < p; ++j)
              w.partnerInside |= m.loops[j].rank == y;
            if (!applies(w))
              continue;
            checked(c);
            EXPECT_LE(small.perTensor[a].accessBits(),
                      big.perTensor[a].accessBits())
                << where(c, m) << " loop " << l;
            EXPECT_LE(small.perTensor[a].occupancyBits,
                      big.perTensor[a].occupancyBits);
          }
        }
      }
  }
  static std::string where(const Case &c, const Mapping &m) {
    return describe(c.problem) + " " +
           formatMapping(c.problem.einsum, c.problem.tensors, m);
  }
  static bool singleTermOnly(const CostModel &m, unsigned r) {
    for (unsigned a = 0; a < m.getNumAccesses(); ++a) {
      RankRole role = m.getRankRole(a, r);
      if (role != RankRole::Absent && role != RankRole::Single)
        return false;
    }
    return true;
  }
};

TEST_F(SearchRulesTest, PlacementBelowAnIrrelevantLoopCostsTheSame) {
  std::mt19937_64 rng(1);
  for (const Case &c : cases(101, 200))
    for (int k = 0; k < 20; ++k) {
      Mapping m = randomMapping(c.problem.einsum, rng, 0);
      for (unsigned a = 0; a < m.positions.size(); ++a) {
        unsigned p = m.positions[a];
        if (p == 0 || c.model.isRelevant(a, m.loops[p - 1].rank))
          continue;
        Mapping up = m;
        up.positions[a] = p - 1;
        EXPECT_EQ(c.model.evaluate(m)->perTensor[a],
                  c.model.evaluate(up)->perTensor[a])
            << where(c, m);
      }
    }
}

TEST_F(SearchRulesTest, SingleTermRankTrafficDependsOnlyOnTripCount) {
  // So the smallest tile per trip count is enough for such ranks.
  std::mt19937_64 rng(2);
  for (const Case &c : cases(102, 200))
    for (int k = 0; k < 20; ++k) {
      Mapping m = iteratingMapping(c.problem.einsum, rng);
      for (Loop &loop : m.loops) {
        if (!singleTermOnly(c.model, loop.rank))
          continue;
        int64_t e = c.problem.einsum.ranks[loop.rank].extent;
        Mapping minimal = m;
        for (Loop &l : minimal.loops)
          if (l.rank == loop.rank)
            l.tile = ceilDiv(e, trips(c.problem.einsum, loop));
        Cost big = *c.model.evaluate(m), small = *c.model.evaluate(minimal);
        EXPECT_EQ(big.accessBits, small.accessBits) << where(c, m);
        EXPECT_GE(big.occupancyBits, small.occupancyBits) << where(c, m);
      }
    }
}

TEST_F(SearchRulesTest, SingleTermLoopAboveOnlyItsUsersHasAFreeTile) {
  // When every kept access below the loop uses its rank, traffic does not
  // depend on the tile at all, so tile 1 is enough.
  std::mt19937_64 rng(3);
  for (const Case &c : cases(103, 200))
    for (int k = 0; k < 20; ++k) {
      Mapping m = iteratingMapping(c.problem.einsum, rng);
      for (unsigned l = 0; l < m.loops.size(); ++l) {
        unsigned r = m.loops[l].rank;
        if (!singleTermOnly(c.model, r))
          continue;
        bool allUse = true;
        for (unsigned a = 0; a < m.positions.size(); ++a)
          if (m.positions[a] != Mapping::kBypass && m.positions[a] > l)
            allUse &= c.model.isRelevant(a, r);
        if (!allUse)
          continue;
        Mapping one = m;
        one.loops[l].tile = 1;
        EXPECT_EQ(c.model.evaluate(m)->accessBits,
                  c.model.evaluate(one)->accessBits)
            << where(c, m);
      }
    }
}

TEST_F(SearchRulesTest, UsedRankOutsideAnUnusedOneIsNeverWorse) {
  // Adjacent loops [a, b] where an access below both does not use a and
  // uses b through single-term dimensions only: [b, a] costs it no more.
  std::mt19937_64 rng(4);
  unsigned checked = 0, strict = 0;
  for (const Case &c : cases(104, 1500))
    for (int k = 0; k < 40; ++k) {
      Mapping m = iteratingMapping(c.problem.einsum, rng);
      for (unsigned l = 0; l + 1 < m.loops.size(); ++l) {
        Mapping swapped = m;
        std::swap(swapped.loops[l], swapped.loops[l + 1]);
        Cost before = *c.model.evaluate(m), after = *c.model.evaluate(swapped);
        for (unsigned a = 0; a < m.positions.size(); ++a) {
          unsigned p = m.positions[a];
          if (p == Mapping::kBypass || p < l + 2)
            continue;
          if (c.model.getRankRole(a, m.loops[l].rank) != RankRole::Absent ||
              c.model.getRankRole(a, m.loops[l + 1].rank) != RankRole::Single)
            continue;
          ++checked;
          strict += after.perTensor[a].accessBits() <
                    before.perTensor[a].accessBits();
          EXPECT_LE(after.perTensor[a].accessBits(),
                    before.perTensor[a].accessBits())
              << where(c, m) << " swapping loops " << l << " and " << l + 1;
          EXPECT_EQ(after.perTensor[a].occupancyBits,
                    before.perTensor[a].occupancyBits);
        }
      }
    }
  EXPECT_GT(checked, 1000u);
  EXPECT_GT(strict, 10u);
}

TEST_F(SearchRulesTest, MinimalWindowTileIsEnoughWithoutThePartnerLooped) {
  // For an access using rank x in a unit window x + y whose partner y is
  // not looped above it, the smallest tile with x's trip count costs it no
  // more. (With y looped above, it can: see SearchTest.)
  std::mt19937_64 rng(5);
  unsigned checked = 0;
  checkMinimalWindowTile(
      cases(105, 1000), rng, 40,
      [](const WindowTile &w) { return !w.partnerAbove && !w.partnerInside; },
      [&](const Case &) { ++checked; });
  EXPECT_GT(checked, 300u);

  // A strict case by hand: O[f, p] += I[p + r] * W[f, r], P = 11, R = 8,
  // [f:1 p:t] with I below p. t = 4 (chunks 4, 4, 3): the first pass
  // fetches 11 + 4 + 3; after f advances, chunk 0 ([0, 10]) shares [8, 10]
  // with the last box, so 8 + 4 + 3: 33. t = 5 (chunks 5, 5, 1): 12 + 5 + 1,
  // then 10 + 5 + 1: 34.
  ProblemBuilder b("window", 1);
  unsigned f = b.rank("f", 2), pr = b.rank("p", 11), r = b.rank("r", 8);
  using B = ProblemBuilder;
  b.input("I", {B::dim({{pr, 1}, {r, 1}})})
      .input("W", {B::dim(f), B::dim(r)})
      .output("O", {B::dim(f), B::dim(pr)});
  Problem p = b.build();
  CostModel m = *CostModel::create(p.einsum, p.tensors);
  Mapping four;
  four.loops = {{f, 1}, {pr, 4}};
  four.positions = {2, 1, 2};
  Mapping five = four;
  five.loops[1].tile = 5;
  EXPECT_EQ(m.evaluate(four)->perTensor[0].readBits, 33u);
  EXPECT_EQ(m.evaluate(five)->perTensor[0].readBits, 34u);
}

TEST_F(SearchRulesTest, MinimalWindowTileIsEnoughWhenResetsCannotOverlap) {
  // For an access using rank x (extent E, trips T) in a unit window x + y
  // whose partner y IS looped above it: when (T - 2) * ceil(E / T) >=
  // E_y - 1, the box after x resets (last chunk back to chunk 0) cannot
  // share a value with the box before, whatever the tile with T trips, and
  // the smallest tile with T trips costs it no more.
  std::mt19937_64 rng(6);
  unsigned checked = 0;
  std::vector<Case> all;
  addRandom(all, rng, 5000, 2, 24);
  checkMinimalWindowTile(
      all, rng, 40,
      [](const WindowTile &w) {
        return !w.partnerInside &&
               (w.trips - 2) * w.minimalTile >= w.partnerExtent - 1;
      },
      [&](const Case &) { ++checked; });
  EXPECT_GT(checked, 300u);
}

TEST_F(SearchRulesTest, MinimalWindowTileIsEnoughWithThePartnerInside) {
  // For an access using rank x (extent E, trips T, tile t) in a unit window
  // x + y whose partner y is looped inside x and above the access: when x's
  // last chunk under t is at least E_y - 1 (so is every chunk under t and
  // under the smallest tile with T trips, m = ceil(E / T)), m costs the
  // access no more than t (Search.h).
  std::mt19937_64 rng(9);
  unsigned checked = 0, windows = 0;
  std::vector<Case> all;
  addRandom(all, rng, 10000, 3, 24);
  addCopies(all,
            {makeConv1d(23, 3), makeConv1d(22, 4), makeConvCF(2, 3, 17, 3),
             makeConv2d(13, 11, 3, 2), makeDepthwise(2, 19, 5)},
            400);
  checkMinimalWindowTile(
      all, rng, 40,
      [](const WindowTile &w) {
        return w.partnerInside && w.last >= w.partnerExtent - 1;
      },
      [&](const Case &c) {
        ++checked;
        windows += c.problem.name != "random";
      });
  EXPECT_GT(checked, 1000u);
  EXPECT_GT(windows, 500u);
}

TEST_F(SearchRulesTest, ExtraLoopAboveAProjectionItUsesIsFree) {
  // Inserting a loop over an unlooped single-term rank just above a
  // projection that uses it, placed directly below one of its own loops,
  // leaves its traffic unchanged and shrinks its footprint.
  std::mt19937_64 rng(6);
  unsigned checked = 0;
  for (const Case &c : cases(106, 300))
    for (int k = 0; k < 20; ++k) {
      Mapping m = iteratingMapping(c.problem.einsum, rng);
      for (unsigned a = 0; a < m.positions.size(); ++a) {
        unsigned p = m.positions[a];
        if (p == Mapping::kBypass || !c.model.isProjective(a) ||
            (p > 0 && !c.model.isRelevant(a, m.loops[p - 1].rank)))
          continue;
        for (unsigned r = 0; r < c.problem.einsum.ranks.size(); ++r) {
          bool looped = false;
          for (const Loop &l : m.loops)
            looped |= l.rank == r;
          if (looped || !c.model.isRelevant(a, r) ||
              c.problem.einsum.ranks[r].extent < 2)
            continue;
          Mapping more = m;
          more.loops.insert(more.loops.begin() + p, Loop{r, 1});
          for (unsigned &q : more.positions)
            if (q != Mapping::kBypass && q >= p)
              ++q;
          ++checked;
          TensorCost before = c.model.evaluate(m)->perTensor[a];
          TensorCost after = c.model.evaluate(more)->perTensor[a];
          EXPECT_EQ(after.accessBits(), before.accessBits()) << where(c, m);
          EXPECT_LE(after.occupancyBits, before.occupancyBits);
        }
      }
    }
  EXPECT_GT(checked, 300u);
}

TEST_F(SearchRulesTest, TrafficPlacedDeeperIsAtLeastBelowTheFirstUsedLoopAlone) {
  // The search's traffic bound for an access not placed at depth d: placed
  // at p > d directly below a loop over one of its ranks, it moves at least
  // as much as placed at d + 1 below the first d loops and the first loop L
  // at or below d that uses it, which itself is at least its traffic at d.
  // For a projection that traffic is the same whatever L (rank and tile).
  std::vector<Case> all = cases(107, 200);
  for (const Problem &p : {makeConv1d(12, 3), makeConv2d(7, 6, 3, 2),
                           makeConvCF(2, 3, 9, 3), makeDepthwise(2, 9, 3),
                           makeConv1d(11, 3, 2), makeConv1d(10, 3, 1, 2)}) {
    auto m = CostModel::create(p.einsum, p.tensors);
    ASSERT_TRUE(static_cast<bool>(m)) << llvm::toString(m.takeError());
    all.push_back({p, std::move(*m)});
  }
  std::mt19937_64 rng(7);
  unsigned checked = 0, projections = 0;
  for (const Case &c : all)
    for (int k = 0; k < 30; ++k) {
      const Einsum &e = c.problem.einsum;
      Mapping m = iteratingMapping(e, rng);
      Cost full = *c.model.evaluate(m);
      for (unsigned a = 0; a < m.positions.size(); ++a) {
        unsigned p = m.positions[a];
        if (p == Mapping::kBypass || p == 0 || !c.model.isExact(a) ||
            !c.model.isRelevant(a, m.loops[p - 1].rank))
          continue;
        for (unsigned d = 0; d < p; ++d) {
          unsigned j = d;
          while (!c.model.isRelevant(a, m.loops[j].rank))
            ++j;
          Mapping cut;
          cut.loops.assign(m.loops.begin(), m.loops.begin() + d);
          cut.loops.push_back(m.loops[j]);
          cut.positions.assign(m.positions.size(), 0);
          cut.positions[a] = d + 1;
          Count bound = c.model.evaluate(cut)->perTensor[a].accessBits();
          ++checked;
          EXPECT_GE(full.perTensor[a].accessBits(), bound)
              << where(c, m) << " access " << a << " d " << d;
          Mapping here = cut;
          here.loops.pop_back();
          here.positions[a] = d;
          EXPECT_LE(c.model.evaluate(here)->perTensor[a].accessBits(), bound)
              << where(c, m) << " access " << a << " d " << d;
          if (!c.model.isProjective(a))
            continue;
          for (unsigned r = 0; r < e.ranks.size(); ++r) {
            bool looped = false;
            for (const Loop &l : here.loops)
              looped |= l.rank == r;
            int64_t ext = e.ranks[r].extent;
            if (looped || !c.model.isRelevant(a, r) || ext < 2)
              continue;
            for (int64_t t : {int64_t(1), ext - 1}) {
              Mapping other = cut;
              other.loops.back() = Loop{r, t};
              ++projections;
              EXPECT_EQ(c.model.evaluate(other)->perTensor[a].accessBits(),
                        bound)
                  << where(c, m) << " access " << a << " d " << d;
            }
          }
        }
      }
    }
  EXPECT_GT(checked, 1000u);
  EXPECT_GT(projections, 1000u);
}

TEST_F(SearchRulesTest, TrafficBelowALoopIsAffineInItsTileWithinAClass) {
  // The search's bound for an access that is not a projection takes its
  // least traffic placed directly below one more loop over a rank x it uses,
  // over x's tiles, and evaluates only the ends of each class of tiles over
  // which that traffic is affine in the tile: every tile when x is
  // single-term in the access; when x is in a unit window x + y (extent E,
  // trips T, partner extent Y), the tiles with (T - 2) * tile >= Y - 1, and
  // the tiles with T = 2 and Y - 1 <= tile <= E - Y + 1.
  std::mt19937_64 rng(10);
  std::vector<Case> all;
  addRandom(all, rng, 3000, 3, 20);
  addCopies(all,
            {makeConv1d(23, 3), makeConv1d(17, 6), makeConvCF(2, 3, 17, 3),
             makeConv2d(13, 11, 3, 2), makeDepthwise(2, 19, 5)},
            100);
  unsigned lines = 0, windowLines = 0;
  for (const Case &c : all)
    for (int k = 0; k < 10; ++k) {
      const Einsum &e = c.problem.einsum;
      Mapping m = iteratingMapping(e, rng);
      for (unsigned a = 0; a < m.positions.size(); ++a) {
        unsigned p = m.positions[a];
        if (p == Mapping::kBypass || p == 0 || !c.model.isExact(a))
          continue;
        unsigned x = m.loops[p - 1].rank;
        RankRole role = c.model.getRankRole(a, x);
        if (role != RankRole::Single && role != RankRole::UnitWindow)
          continue;
        int64_t ex = e.ranks[x].extent;
        int64_t y = role == RankRole::Single
                        ? 1
                        : e.ranks[c.model.getWindowPartner(a, x)].extent;
        // Tiles and traffic per class.
        std::vector<std::pair<int64_t, Count>> cls[2];
        for (int64_t t = 1; t < ex; ++t) {
          int64_t trips = ceilDiv(ex, t);
          int k = (trips - 2) * t >= y - 1                      ? 0
                  : trips == 2 && t >= y - 1 && t <= ex - y + 1 ? 1
                                                                : -1;
          if (k < 0)
            continue;
          Mapping mt = m;
          mt.loops[p - 1].tile = t;
          cls[k].push_back(
              {t, c.model.evaluate(mt)->perTensor[a].accessBits()});
        }
        for (const auto &pts : cls) {
          if (pts.size() < 3)
            continue;
          ++lines;
          windowLines += role == RankRole::UnitWindow;
          using i128 = __int128;
          auto [t0, c0] = pts.front();
          auto [t1, c1] = pts.back();
          for (auto [t, cost] : pts)
            EXPECT_TRUE((i128(cost) - i128(c0)) * (t1 - t0) ==
                        (i128(c1) - i128(c0)) * (t - t0))
                << where(c, m) << " access " << a << " tile " << t;
        }
      }
    }
  EXPECT_GT(lines, 1000u);
  EXPECT_GT(windowLines, 300u);
}

/// Strided convolutions with overlapping windows (stride < window), 1-D and
/// 2-D, some with an offset, and with extents leaving short last chunks.
static std::vector<Problem> stridedWindowProblems() {
  return {makeConv1d(13, 3, 2),
          makeConv1d(17, 5, 2),
          makeConv1d(14, 7, 3),
          makeConv1d(11, 4, 3),
          makeConv1d(9, 5, 2, 1, 8),
          makeStridedConv2d(2, 2, 5, 4, 3, 3, 2),
          makeStridedConv2d(1, 2, 7, 3, 5, 2, 3, 1),
          makeStridedConv2d(2, 1, 6, 5, 3, 1, 2)};
}

TEST_F(SearchRulesTest,
       MinimalStridedWindowTileIsEnoughWithoutThePartnerLooped) {
  // For an access using rank x in an overlapping strided window s*x + y
  // whose partner y is looped neither above x's loop nor between it and
  // the access, the smallest tile with x's trip count costs it no more
  // traffic and no more occupancy (Search.h): its boxes are intervals whose
  // sizes sum to the same over a pass of x, consecutive ones share Y - s
  // values, and a reset keeps max(0, Y - s - s * (T - 2) * tile).
  std::mt19937_64 rng(15);
  std::vector<Case> all;
  for (const Problem &p : stridedWindowProblems())
    addCopies(all, {p}, 1);
  unsigned checked = 0;
  for (const Case &c : all)
    for (int k = 0; k < 4000; ++k) {
      const Einsum &e = c.problem.einsum;
      Mapping m = iteratingMapping(e, rng);
      for (unsigned l = 0; l < m.loops.size(); ++l) {
        unsigned x = m.loops[l].rank;
        int64_t t = trips(e, m.loops[l]);
        Mapping minimal = m;
        minimal.loops[l].tile = ceilDiv(e.ranks[x].extent, t);
        if (minimal.loops[l].tile == m.loops[l].tile)
          continue;
        Cost big = *c.model.evaluate(m), small = *c.model.evaluate(minimal);
        for (unsigned a = 0; a < m.positions.size(); ++a) {
          unsigned p = m.positions[a];
          int y = stridedWindowPartner(c.model, a, x);
          if (p == Mapping::kBypass || p <= l || y < 0)
            continue;
          bool partnerLooped = false;
          for (unsigned j = 0; j < p; ++j)
            partnerLooped |= m.loops[j].rank == static_cast<unsigned>(y);
          if (partnerLooped)
            continue;
          ++checked;
          EXPECT_LE(small.perTensor[a].accessBits(),
                    big.perTensor[a].accessBits())
              << where(c, m) << " loop " << l;
          EXPECT_LE(small.perTensor[a].occupancyBits,
                    big.perTensor[a].occupancyBits)
              << where(c, m) << " loop " << l;
        }
      }
    }
  EXPECT_GT(checked, 1000u);
}

TEST_F(SearchRulesTest, StridedWindowTrafficDirectlyBelowIsLeastAtTwoTrips) {
  // The search's bound for an access placed deeper (Search.h, "branch and
  // bound") takes, for the strided rank x of an overlapping window whose
  // partner is not looped, only a tile with two trips: directly below the
  // loops so far and one more loop over x, no tile of x moves less.
  std::mt19937_64 rng(16);
  unsigned checked = 0, strict = 0;
  for (const Problem &problem : stridedWindowProblems()) {
    CostModel model = *CostModel::create(problem.einsum, problem.tensors);
    const Einsum &e = problem.einsum;
    for (int k = 0; k < 300; ++k) {
      Mapping prefix = iteratingMapping(e, rng);
      for (unsigned a = 0; a < model.getNumAccesses(); ++a)
        for (unsigned x = 0; x < e.ranks.size(); ++x) {
          int y = stridedWindowPartner(model, a, x);
          if (y < 0)
            continue;
          // The loops so far: the prefix without loops over x and y.
          Mapping m;
          for (const Loop &loop : prefix.loops)
            if (loop.rank != x && loop.rank != static_cast<unsigned>(y))
              m.loops.push_back(loop);
          m.loops.push_back({x, 1});
          m.positions.assign(model.getNumAccesses(), 0);
          m.positions[a] = m.loops.size();
          int64_t extent = e.ranks[x].extent;
          auto traffic = [&](int64_t tile) {
            m.loops.back().tile = tile;
            return model.evaluate(m)->perTensor[a].accessBits();
          };
          Count atTwo = traffic(ceilDiv(extent, 2));
          for (int64_t tile = 1; tile < extent; ++tile) {
            Count here = traffic(tile);
            EXPECT_LE(atTwo, here)
                << describe(problem) << " access " << a << " tile " << tile;
            strict += atTwo < here;
            ++checked;
          }
        }
    }
  }
  EXPECT_GT(checked, 1000u);
  EXPECT_GT(strict, 0u);
}

TEST_F(SearchRulesTest, FootprintGrowsWithEveryRange) {
  // So the search's footprint bound for a child loop grows with its tile.
  std::mt19937_64 rng(8);
  for (const Case &c : cases(108, 300)) {
    const Einsum &e = c.problem.einsum;
    for (int k = 0; k < 20; ++k) {
      llvm::SmallVector<int64_t, 8> lens;
      for (const Rank &r : e.ranks)
        lens.push_back(
            std::uniform_int_distribution<int64_t>(1, r.extent)(rng));
      for (unsigned r = 0; r < lens.size(); ++r) {
        if (lens[r] >= e.ranks[r].extent)
          continue;
        llvm::SmallVector<int64_t, 8> more = lens;
        ++more[r];
        for (unsigned a = 0; a < c.model.getNumAccesses(); ++a)
          EXPECT_LE(c.model.footprint(a, lens), c.model.footprint(a, more))
              << describe(c.problem) << " access " << a << " rank " << r;
      }
    }
  }
}

} // namespace
