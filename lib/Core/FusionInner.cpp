//===- FusionInner.cpp - Inner fronts of the fused search -----------------===//
//
// Per group einsum and shared-loop configuration, the Pareto front of its
// inner mappings over (accesses, persistent occupancy, inner occupancy):
// a depth-first search with branch and bound and the lossless reductions
// listed in FusionSearch.h; memoized by content (FusionMemo.cpp).
//
//===----------------------------------------------------------------------===//

#include "FusionSearcher.h"
#include "oro/Core/CostCache.h"
#include "oro/Core/Search.h"
#include "llvm/ADT/bit.h"
#include <algorithm>

using namespace oro::core;
using namespace oro::core::fusion;

namespace {

/// The depth-first inner search of one einsum under fixed shared loops.
/// Its rules are those of the single-einsum search (Search.h) where they
/// carry over to three objectives (FusionSearch.h, "Inner search").
class InnerSearch {
public:
  /// `rules`: the einsum's rank rules over its non-internal accesses.
  /// `either`, `bypass`: the non-internal accesses that may bypass the
  /// buffer, and those that must (their tensors' placements). `prune`:
  /// FusionOptions::mappingPruning.
  InnerSearch(const CostModel &model, const RankRules &rules,
              llvm::ArrayRef<LoopState> shared, uint32_t internal,
              uint32_t either, uint32_t bypass, Count &candidates, Count budget,
              bool prune)
      : model(model), rules(rules), S(shared.size()), internal(internal),
        either(either & ~internal), mustBypass(bypass & ~internal),
        candidates(candidates), budget(budget), prune(prune) {
    numRanks = model.getNumRanks();
    numAccesses = model.getNumAccesses();
    for (unsigned r = 0; r < numRanks; ++r)
      rankLoop[r] = -1;
    for (unsigned l = 0; l < S; ++l)
      loops[l] = shared[l];
    uint64_t sharedMask = 0;
    for (const LoopState &l : shared)
      sharedMask |= uint64_t(1) << l.rank;
    accessesOf.assign(numRanks, 0);
    for (unsigned a = 0; a < numAccesses; ++a) {
      relevant[a] = model.getRelevantRanks(a);
      if ((internal >> a) & 1)
        continue;
      if (model.isExact(a))
        exact |= uint32_t(1) << a;
      if (model.isProjective(a))
        projective |= uint32_t(1) << a;
      for (unsigned r = 0; r < numRanks; ++r)
        if (model.isRelevant(a, r))
          accessesOf[r] |= uint32_t(1) << a;
    }
    // Shared ranks are not tiled again below the shared loops.
    for (unsigned r = 0; r < numRanks; ++r)
      if (!((sharedMask >> r) & 1))
        tiles[r] = rules.getTiles(r);
  }

  /// Runs; false when the budget was exceeded.
  bool run(OptList &out) {
    uint32_t kept = ((uint32_t(1) << numAccesses) - 1) & ~internal;
    // Every subset of the accesses that may bypass, with those that must.
    uint32_t chosen = 0;
    do {
      uint32_t bypassed = chosen | mustBypass;
      Count acc = 0;
      for (unsigned a = 0; a < numAccesses; ++a) {
        positions[a] =
            (internal >> a) & 1 ? Mapping::kOnChip : Mapping::kBypass;
        if ((bypassed >> a) & 1)
          acc = satAdd(acc, model.evaluateAccess(a, {}, {rankLoop, numRanks},
                                                 Mapping::kBypass)
                                .accessBits());
      }
      node(0, kept & ~bypassed, 0, acc, 0, 0, 0, nullptr, nullptr);
      if (failed)
        return false;
      chosen = (chosen - either) & either;
    } while (chosen != 0);
    out = std::move(front);
    // Deterministic order: by accesses, then persistent, then inner.
    std::stable_sort(out.begin(), out.end(), [](const Opt &a, const Opt &b) {
      return std::tie(a.acc, a.per, a.inn) < std::tie(b.acc, b.per, b.inn);
    });
    return true;
  }

private:
  /// Whether the front has a point no worse in every objective (never,
  /// without pruning).
  bool bounded(Count acc, Count per, Count inn) const {
    return prune && dominated(acc, per, inn);
  }
  bool dominated(Count acc, Count per, Count inn) const {
    for (const Opt &o : front)
      if (o.acc <= acc && o.per <= per && o.inn <= inn)
        return true;
    return false;
  }
  void insert(Count acc, Count per, Count inn, unsigned depth) {
    if (dominated(acc, per, inn))
      return;
    front.erase(std::remove_if(front.begin(), front.end(),
                               [&](const Opt &o) {
                                 return acc <= o.acc && per <= o.per &&
                                        inn <= o.inn;
                               }),
                front.end());
    Opt o{acc, per, inn, {}};
    for (unsigned l = 0; l < std::max(depth, S); ++l)
      o.map.loops.push_back({loops[l].rank, loops[l].tile});
    o.map.positions.assign(positions, positions + numAccesses);
    front.push_back(std::move(o));
  }
  bool commutes(unsigned r1, unsigned r2, uint32_t below) const {
    for (uint32_t m = below; m; m &= m - 1) {
      unsigned a = llvm::countr_zero(m);
      if (model.isProjective(a))
        continue;
      RankRole x = model.getRankRole(a, r1), y = model.getRankRole(a, r2);
      if ((x == RankRole::Absent && y == RankRole::Absent) ||
          (x == RankRole::Single && y == RankRole::Single))
        continue;
      return false;
    }
    return true;
  }
  /// A lower bound on the traffic of access a (exact) placed strictly
  /// below d > S, given `here`, its traffic at d: RankRules::deeperTraffic,
  /// or for a projection its traffic below one more loop over any rank it
  /// uses, which is the same for every such loop and tile (Search.h).
  Count deeperBound(unsigned a, unsigned d, Count here) {
    auto trafficBelow = [&] { return evaluate(a, d + 1).accessBits(); };
    if (!((projective >> a) & 1))
      return rules.deeperTraffic(a, d, here, loops, rankLoop, trafficBelow);
    for (unsigned r = 0; r < numRanks; ++r) {
      if (rankLoop[r] >= 0 || tiles[r].empty() || !((relevant[a] >> r) & 1))
        continue;
      rankLoop[r] = d;
      loops[d] = LoopState::get({r, 1}, model.getExtent(r));
      Count below = trafficBelow();
      rankLoop[r] = -1;
      return std::max(below, here);
    }
    return here;
  }
  /// Cost of access a below the first d loops (through the cache).
  TensorCost evaluate(unsigned a, unsigned d) {
    return cache.evaluate(model, a, llvm::ArrayRef(loops, d),
                          llvm::ArrayRef(rankLoop, numRanks));
  }

  /// `parentCost`, `parentOccMin`: the unplaced accesses' costs and least
  /// footprints at d - 1 (null at the root), reused for those the last
  /// loop does not index (the same box sequence).
  void node(unsigned d, uint32_t remaining, unsigned segStart, Count acc,
            Count per, Count inn, uint64_t pending,
            const TensorCost *parentCost, const Count *parentOccMin) {
    if (failed)
      return;
    llvm::ArrayRef<LoopState> prefix(loops, d);
    TensorCost cost[kMaxAccesses];
    Count occMin[kMaxAccesses];
    int64_t minLens[kMaxRanks];
    for (unsigned r = 0; r < numRanks; ++r)
      minLens[r] = rankLoop[r] >= 0 ? loops[rankLoop[r]].tile : 1;
    for (unsigned l = d; l < S; ++l)
      minLens[loops[l].rank] = loops[l].tile;
    uint32_t placeable = 0;
    for (uint32_t m = remaining; m; m &= m - 1) {
      unsigned a = llvm::countr_zero(m);
      bool uses = d == 0 || ((relevant[a] >> loops[d - 1].rank) & 1);
      if (!uses && parentCost) {
        cost[a] = parentCost[a];
        occMin[a] = parentOccMin[a];
      } else {
        cost[a] = evaluate(a, d);
        occMin[a] = satMul(model.footprint(a, {minLens, numRanks}),
                           model.getElementBits(a));
      }
      bool canon = uses || d == S + 1;
      if (canon && FusionModel::isInnerPositionLegal(model, prefix, S, a, d))
        placeable |= uint32_t(1) << a;
    }
    // Lower bounds on the traffic of the unplaced accesses once placed
    // strictly deeper: below d > S, directly below a first loop over one
    // of their ranks (as in the single-einsum search); at or above S,
    // their traffic here (a deeper box sequence only coarsens to this
    // one). Raised from the second only when it does not prune.
    Count deeper[kMaxAccesses];
    uint32_t weak = 0;
    for (uint32_t m = remaining; m; m &= m - 1) {
      unsigned a = llvm::countr_zero(m);
      deeper[a] = (exact >> a) & 1 ? cost[a].accessBits() : 0;
      if (prune && d > S && ((exact >> a) & 1))
        weak |= uint32_t(1) << a;
    }
    // Below the idle loop, some access sits directly under it: otherwise
    // the subtree is the one without it (deeper reservations are inner
    // either way, and the loop indexes none of them, so it changes neither
    // their boxes nor their legality).
    bool needsPlacement = underIdle;
    underIdle = false;
    uint32_t placed = 0;
    if (needsPlacement) {
      if (placeable == 0)
        return;
      placed = placeable & -placeable;
    }
    do {
      Count acc2 = acc, per2 = per, inn2 = inn;
      for (uint32_t m = placed; m; m &= m - 1) {
        unsigned a = llvm::countr_zero(m);
        acc2 = satAdd(acc2, cost[a].accessBits());
        if (d <= S)
          per2 = satAdd(per2, cost[a].occupancyBits);
        else
          inn2 = satAdd(inn2, cost[a].occupancyBits);
        positions[a] = d;
      }
      uint32_t rest = remaining & ~placed;
      uint64_t unmet =
          pending ? rules.settle(pending, placed, loops, rankLoop) : 0;
      if (unmet != 0 &&
          (rest == 0 || !rules.satisfiable(unmet, rest, loops, rankLoop))) {
        // A loop with a non-minimal window tile that no access below uses
        // with its window partner looped: the minimal tile does as well.
      } else if (rest == 0) {
        ++candidates;
        if (budget != 0 && candidates > budget) {
          failed = true;
          return;
        }
        insert(acc2, per2, inn2, d);
      } else {
        Count accLow = acc2, innLow = inn2;
        for (uint32_t m = rest; m; m &= m - 1) {
          unsigned a = llvm::countr_zero(m);
          accLow = satAdd(accLow, deeper[a]);
          if (d >= S)
            innLow = satAdd(innLow, occMin[a]);
        }
        bool drop = bounded(accLow, per2, innLow);
        if (!drop && (rest & weak) != 0) {
          for (uint32_t m = rest & weak; m; m &= m - 1) {
            unsigned a = llvm::countr_zero(m);
            Count better = deeperBound(a, d, deeper[a]);
            accLow = satAdd(satSub(accLow, deeper[a]), better);
            deeper[a] = better;
          }
          weak &= ~rest;
          drop = bounded(accLow, per2, innLow);
        }
        if (!drop)
          children(d, rest, placed ? d : segStart, placed, acc2, per2, inn2,
                   accLow, cost, occMin, unmet);
      }
      for (uint32_t m = placed; m; m &= m - 1)
        positions[llvm::countr_zero(m)] = Mapping::kBypass;
      placed = (placed - placeable) & placeable;
    } while (placed != 0 && !failed);
  }

  /// `accLow`: the node's traffic bound for every mapping below it;
  /// `cost`, `occMin`: the unplaced accesses' costs and least footprints
  /// at d.
  void children(unsigned d, uint32_t rest, unsigned seg, uint32_t placed,
                Count acc, Count per, Count inn, Count accLow,
                const TensorCost *cost, const Count *occMin, uint64_t pending) {
    if (d < S) {
      rankLoop[loops[d].rank] = d;
      node(d + 1, rest, seg, acc, per, inn, pending, cost, occMin);
      rankLoop[loops[d].rank] = -1;
      return;
    }
    // The first inner loop may be over a rank no unplaced access uses: it
    // changes no box, but the reservations below it are inner ones
    // (position S + 1: released after each shared iteration, counted in
    // the inner peak, not the persistent sum). Such loops are alike (the
    // same boxes, traffic and legality: they index no access placed below
    // them), so one stands for all: the first such rank at its first tile.
    int idle = -1;
    if (d == S)
      for (unsigned r = 0; r < numRanks && idle < 0; ++r)
        if (rankLoop[r] < 0 && !tiles[r].empty() && !(accessesOf[r] & rest))
          idle = static_cast<int>(r);
    // Dead end: an access no loopable rank indexes can never sit below a
    // loop over one of its ranks. (Below the shared loops it may still
    // sit directly below the first inner loop, whatever its rank.)
    uint32_t reach = 0;
    for (unsigned r = 0; r < numRanks; ++r)
      if (rankLoop[r] < 0 && !tiles[r].empty())
        reach |= accessesOf[r];
    bool deadEnd = (rest & ~reach) != 0 && d != S;
    if (deadEnd)
      return;
    int64_t minLens[kMaxRanks];
    for (unsigned r = 0; r < numRanks; ++r)
      minLens[r] = rankLoop[r] >= 0 ? loops[rankLoop[r]].tile : 1;
    for (unsigned r = 0; r < numRanks && !failed; ++r) {
      bool isIdle = static_cast<int>(r) == idle;
      if (rankLoop[r] >= 0 || tiles[r].empty() ||
          (!(accessesOf[r] & rest) && !isIdle))
        continue;
      if (placed == 0 && d > S && d > seg) {
        unsigned prev = loops[d - 1].rank;
        if (r < prev && commutes(prev, r, rest))
          continue;
      }
      bool unit = rules.isSingleTermOnly(r) && (accessesOf[r] & rest) == rest;
      int64_t one = 1;
      llvm::ArrayRef<int64_t> ts = tiles[r];
      if (unit)
        ts = llvm::ArrayRef<int64_t>(&one, 1);
      if (isIdle)
        ts = ts.take_front(1);
      // Every mapping below the child sits at inner positions with at
      // least the footprints under the child's tile, which grow with the
      // tile: the first dominated tile ends the rank's tiles.
      Count innOther = inn;
      for (uint32_t m = rest & ~accessesOf[r]; m; m &= m - 1)
        innOther = satAdd(innOther, occMin[llvm::countr_zero(m)]);
      rankLoop[r] = d;
      int64_t e = model.getExtent(r);
      for (int64_t t : ts) {
        minLens[r] = t;
        Count innLow = innOther;
        for (uint32_t m = rest & accessesOf[r]; m; m &= m - 1) {
          unsigned a = llvm::countr_zero(m);
          innLow =
              satAdd(innLow, satMul(model.footprint(a, {minLens, numRanks}),
                                    model.getElementBits(a)));
        }
        if (bounded(accLow, per, innLow))
          break;
        loops[d] = LoopState::get({r, t}, e);
        uint64_t owed = prune ? pending | rules.obligation(loops[d], e) : 0;
        if (owed != 0 && !rules.satisfiable(owed, rest, loops, rankLoop))
          continue;
        underIdle = isIdle;
        node(d + 1, rest, seg, acc, per, inn, owed, cost, occMin);
        underIdle = false;
        if (failed)
          break;
      }
      rankLoop[r] = -1;
      minLens[r] = 1;
    }
  }

  const CostModel &model;
  const RankRules &rules;
  unsigned S;
  uint32_t internal, either, mustBypass;
  Count &candidates;
  Count budget;
  bool prune;
  unsigned numRanks = 0, numAccesses = 0;
  /// Non-internal accesses the model is exact for, and projections.
  uint32_t exact = 0, projective = 0;
  LoopState loops[kMaxRanks];
  int rankLoop[kMaxRanks];
  unsigned positions[kMaxAccesses];
  uint64_t relevant[kMaxAccesses];
  std::vector<uint32_t> accessesOf;
  llvm::ArrayRef<int64_t> tiles[kMaxRanks];
  /// Small: an inner search is short, and there are many.
  CostCache cache{8};
  OptList front;
  bool failed = false;
  /// The node being entered is directly below the idle first inner loop.
  bool underIdle = false;
};

} // namespace

namespace oro::core::fusion {

const RankRules &FusionSearcher::rankRules(unsigned e, uint32_t internal) {
  std::lock_guard<std::mutex> lock(tileListsMutex);
  std::unique_ptr<RankRules> &rules = rankRulesOf[{e, internal}];
  if (!rules) {
    const CostModel &m = fm.getCostModel(e);
    rules = std::make_unique<RankRules>(
        m, ((uint64_t(1) << m.getNumAccesses()) - 1) & ~uint64_t(internal),
        /*pruneWindowTiles=*/false,
        [&](unsigned r, bool minimal) -> llvm::ArrayRef<int64_t> {
          auto &slot = tileLists[{e, r, minimal}];
          if (!slot)
            slot = std::make_unique<llvm::SmallVector<int64_t, 0>>(
                candidateTiles(m.getExtent(r), minimal));
          return *slot;
        });
  }
  return *rules;
}

const FusionSearcher::SplitRules &FusionSearcher::splitRules(
    unsigned e, llvm::ArrayRef<std::pair<unsigned, int64_t>> split,
    uint32_t internal) {
  std::vector<int64_t> key{e, internal};
  for (auto [r, t] : split) {
    key.push_back(r);
    key.push_back(t);
  }
  std::lock_guard<std::mutex> lock(tileListsMutex);
  std::unique_ptr<SplitRules> &slot = splitRulesOf[key];
  if (!slot) {
    auto sm = fm.splitEinsum(e, split);
    // The search splits only what mayRetile allows.
    assert(sm && "splitting a rank the model may not re-tile");
    slot.reset(new SplitRules{std::move(*sm), {}, nullptr});
    SplitRules &sr = *slot;
    const CostModel &m = sr.split.model;
    sr.rules = std::make_unique<RankRules>(
        m, ((uint64_t(1) << m.getNumAccesses()) - 1) & ~uint64_t(internal),
        /*pruneWindowTiles=*/false,
        [&](unsigned r, bool minimal) -> llvm::ArrayRef<int64_t> {
          auto [it, fresh] = sr.tiles.try_emplace({r, minimal});
          if (fresh)
            it->second = candidateTiles(m.getExtent(r), minimal);
          return it->second;
        });
  }
  return *slot;
}

InnerKey FusionSearcher::innerKey(unsigned e, llvm::ArrayRef<LoopState> shared,
                                  uint32_t internal) {
  InnerKey key{static_cast<int64_t>(contentClass(e)), internal};
  for (const LoopState &l : shared) {
    key.push_back(l.rank);
    key.push_back(l.tile);
  }
  return key;
}

std::shared_ptr<OptList>
FusionSearcher::runInnerSearch(unsigned e, llvm::ArrayRef<LoopState> shared,
                               uint32_t internal, Count &candidates,
                               Count budget) {
  auto list = std::make_shared<OptList>();
  uint32_t either = 0, bypass = 0;
  for (unsigned a = 0; a < fm.getCostModel(e).getNumAccesses(); ++a) {
    KeepPolicy p = fm.getAccessPlacement(e, a);
    either |= uint32_t(p == KeepPolicy::Either) << a;
    bypass |= uint32_t(p == KeepPolicy::Bypass) << a;
  }
  // Shared ranks this einsum may tile again (FusionModel.h, "Re-tiling";
  // only an einsum with an access on chip: FusionSearch.h): search the
  // split einsum, whose inner rank is an ordinary rank there.
  const SplitRules *sr = nullptr;
  if (options.retile && internal != 0)
    if (auto split = fm.retilableLoops(e, shared); !split.empty())
      sr = &splitRules(e, split, internal);
  llvm::SmallVector<LoopState, 4> loops =
      sr ? sr->split.toSplit(shared)
         : llvm::SmallVector<LoopState, 4>(shared.begin(), shared.end());
  InnerSearch search(sr ? sr->split.model : fm.getCostModel(e),
                     sr ? *sr->rules : rankRules(e, internal), loops, internal,
                     either, bypass, candidates, budget,
                     options.mappingPruning);
  if (!search.run(*list))
    return nullptr;
  if (sr)
    for (Opt &o : *list)
      o.map = sr->split.fromSplit(o.map);
  return list;
}

llvm::Expected<std::shared_ptr<const OptList>>
FusionSearcher::innerFront(unsigned e, llvm::ArrayRef<LoopState> shared,
                           uint32_t internal) {
  InnerKey key = innerKey(e, shared, internal);
  auto it = memo.find(key);
  if (it != memo.end()) {
    ++stats.innerFrontHits;
    it->second.lastEnd = currentEnd;
    return it->second.front;
  }
  ++stats.innerFronts;
  auto list = std::make_shared<OptList>();
  // A single einsum alone: peak = total occupancy, so the 2-D exact search
  // of Search.h gives the same front (persistent = occupancy). A caller's
  // front costs no candidates, so no budget either.
  bool alone = shared.empty() && internal == 0;
  if (alone && options.singleFront)
    if (std::optional<std::vector<ParetoPoint>> given =
            options.singleFront(e)) {
      for (ParetoPoint &p : *given)
        list->push_back({p.accessBits, p.occupancyBits, 0,
                         std::move(p.witness)});
      memo.emplace(std::move(key), MemoEntry{list, currentEnd, shared.empty()});
      return std::shared_ptr<const OptList>(list);
    }
  // The inner searches count stats.innerCandidates against `budget`.
  Count budget = cap() == 0 ? 0 : satSub(cap(), stats.joinCandidates);
  if (cap() != 0 && budget <= stats.innerCandidates)
    return budgetError(fm.getWorkload().einsums[e]);
  // A search that ran out of candidates fails again with no more of them
  // (it is deterministic): groups cut short by maxGroupCandidates at a
  // window conv would otherwise each spend their whole budget again on
  // the same inner front (every group from the conv to each later end).
  Count allowance = cap() == 0 ? kCountMax : budget - stats.innerCandidates;
  auto failed = failedAllowance.find(key);
  if (failed != failedAllowance.end() && allowance <= failed->second)
    return budgetError(fm.getWorkload().einsums[e]);
  auto fail = [&]() {
    Count &worst = failedAllowance[key];
    worst = std::max(worst, allowance);
    return budgetError(fm.getWorkload().einsums[e]);
  };
  if (alone) {
    SearchOptions so;
    so.maxCandidates = cap() == 0 ? 0 : allowance;
    if (!fm.keepsEveryTensor())
      for (unsigned a = 0; a < fm.getCostModel(e).getNumAccesses(); ++a)
        so.keep.push_back(fm.getAccessPlacement(e, a));
    auto r = searchParetoFront(fm.getCostModel(e), so);
    if (!r) {
      llvm::consumeError(r.takeError());
      return fail();
    }
    stats.innerCandidates =
        satAdd(stats.innerCandidates, r->stats.candidatesEvaluated);
    for (ParetoPoint &p : r->front.points())
      list->push_back({p.accessBits, p.occupancyBits, 0, p.witness});
    memo.emplace(std::move(key), MemoEntry{list, currentEnd, shared.empty()});
    return std::shared_ptr<const OptList>(list);
  }
  list = runInnerSearch(e, shared, internal, stats.innerCandidates, budget);
  if (!list)
    return fail();
  memo.emplace(std::move(key), MemoEntry{list, currentEnd, shared.empty()});
  return std::shared_ptr<const OptList>(list);
}

} // namespace oro::core::fusion
