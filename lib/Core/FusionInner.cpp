//===- FusionInner.cpp - Inner fronts of the fused search -----------------===//
//
// Per group einsum and shared-loop configuration, the Pareto front of its
// inner mappings over (accesses, persistent occupancy, inner occupancy):
// a depth-first search with branch and bound and the lossless reductions
// listed in FusionSearch.h; memoized by content (FusionMemo.cpp).
//
//===----------------------------------------------------------------------===//

#include "FusionSearcher.h"
#include "oro/Core/Search.h"
#include "llvm/ADT/bit.h"
#include <algorithm>

using namespace oro::core;
using namespace oro::core::fusion;

namespace {

/// The depth-first inner search of one einsum under fixed shared loops.
class InnerSearch {
public:
  /// `tileCache(rank, minimalOnly)`: candidateTiles(extent of rank,
  /// minimalOnly). `either`, `bypass`: the non-internal accesses that may
  /// bypass the buffer, and those that must (their tensors' placements).
  InnerSearch(
      const CostModel &model, llvm::ArrayRef<LoopState> shared,
      uint32_t internal, uint32_t either, uint32_t bypass, Count &candidates,
      Count budget,
      llvm::function_ref<llvm::ArrayRef<int64_t>(unsigned, bool)> tileCache)
      : model(model), S(shared.size()), internal(internal),
        either(either & ~internal), mustBypass(bypass & ~internal),
        candidates(candidates), budget(budget) {
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
      for (unsigned r = 0; r < numRanks; ++r)
        if (model.isRelevant(a, r))
          accessesOf[r] |= uint32_t(1) << a;
    }
    for (unsigned r = 0; r < numRanks; ++r) {
      bool single = true;
      for (unsigned a = 0; a < numAccesses; ++a) {
        if ((internal >> a) & 1)
          continue;
        RankRole role = model.getRankRole(a, r);
        single &= role == RankRole::Absent || role == RankRole::Single;
      }
      singleOnly[r] = single;
      if (!((sharedMask >> r) & 1))
        tiles[r] = tileCache(r, single);
    }
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
      node(0, kept & ~bypassed, 0, acc, 0, 0);
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

  void node(unsigned d, uint32_t remaining, unsigned segStart, Count acc,
            Count per, Count inn) {
    if (failed)
      return;
    llvm::ArrayRef<LoopState> prefix(loops, d);
    llvm::ArrayRef<int> rl(rankLoop, numRanks);
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
      cost[a] = model.evaluateAccess(a, prefix, rl, d);
      occMin[a] = satMul(model.footprint(a, {minLens, numRanks}),
                         model.getElementBits(a));
      bool canon = d == 0 || ((relevant[a] >> loops[d - 1].rank) & 1) ||
                   d == S + 1;
      if (canon && FusionModel::isInnerPositionLegal(model, prefix, S, a, d))
        placeable |= uint32_t(1) << a;
    }
    uint32_t placed = 0;
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
      if (rest == 0) {
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
          if (model.isExact(a))
            accLow = satAdd(accLow, cost[a].accessBits());
          if (d >= S)
            innLow = satAdd(innLow, occMin[a]);
        }
        if (!dominated(accLow, per2, innLow))
          children(d, rest, placed ? d : segStart, placed, acc2, per2, inn2);
      }
      for (uint32_t m = placed; m; m &= m - 1)
        positions[llvm::countr_zero(m)] = Mapping::kBypass;
      placed = (placed - placeable) & placeable;
    } while (placed != 0 && !failed);
  }

  void children(unsigned d, uint32_t rest, unsigned seg, uint32_t placed,
                Count acc, Count per, Count inn) {
    if (d < S) {
      rankLoop[loops[d].rank] = d;
      node(d + 1, rest, seg, acc, per, inn);
      rankLoop[loops[d].rank] = -1;
      return;
    }
    // Dead end: an access no loopable rank indexes can never sit below a
    // loop over one of its ranks.
    uint32_t reach = 0;
    for (unsigned r = 0; r < numRanks; ++r)
      if (rankLoop[r] < 0 && !tiles[r].empty())
        reach |= accessesOf[r];
    if ((rest & ~reach) != 0)
      return;
    for (unsigned r = 0; r < numRanks && !failed; ++r) {
      if (rankLoop[r] >= 0 || tiles[r].empty() || !(accessesOf[r] & rest))
        continue;
      if (placed == 0 && d > S && d > seg) {
        unsigned prev = loops[d - 1].rank;
        if (r < prev && commutes(prev, r, rest))
          continue;
      }
      bool unit = singleOnly[r] && (accessesOf[r] & rest) == rest;
      int64_t one = 1;
      llvm::ArrayRef<int64_t> ts = tiles[r];
      if (unit)
        ts = llvm::ArrayRef<int64_t>(&one, 1);
      rankLoop[r] = d;
      for (int64_t t : ts) {
        loops[d] = LoopState::get({r, t}, model.getExtent(r));
        node(d + 1, rest, seg, acc, per, inn);
        if (failed)
          break;
      }
      rankLoop[r] = -1;
    }
  }

  const CostModel &model;
  unsigned S;
  uint32_t internal, either, mustBypass;
  Count &candidates;
  Count budget;
  unsigned numRanks = 0, numAccesses = 0;
  LoopState loops[kMaxRanks];
  int rankLoop[kMaxRanks];
  unsigned positions[kMaxAccesses];
  uint64_t relevant[kMaxAccesses];
  std::vector<uint32_t> accessesOf;
  bool singleOnly[kMaxRanks];
  llvm::ArrayRef<int64_t> tiles[kMaxRanks];
  OptList front;
  bool failed = false;
};

} // namespace

namespace oro::core::fusion {


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
  auto tileCache = [&](unsigned r, bool minimal) -> llvm::ArrayRef<int64_t> {
    std::lock_guard<std::mutex> lock(tileListsMutex);
    auto &slot = tileLists[{e, r, minimal}];
    if (!slot)
      slot = std::make_unique<llvm::SmallVector<int64_t, 0>>(
          candidateTiles(fm.getCostModel(e).getExtent(r), minimal));
    return *slot;
  };
  auto list = std::make_shared<OptList>();
  uint32_t either = 0, bypass = 0;
  for (unsigned a = 0; a < fm.getCostModel(e).getNumAccesses(); ++a) {
    KeepPolicy p = fm.getAccessPlacement(e, a);
    either |= uint32_t(p == KeepPolicy::Either) << a;
    bypass |= uint32_t(p == KeepPolicy::Bypass) << a;
  }
  InnerSearch search(fm.getCostModel(e), shared, internal, either, bypass,
                     candidates, budget, tileCache);
  if (!search.run(*list))
    return nullptr;
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
