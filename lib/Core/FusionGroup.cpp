//===- FusionGroup.cpp - One group's front in the fused search ------------===//
//
// The front of one group: its shared-loop configurations in runs and
// batches (on a thread pool), the cut rule, the cheap and staircase
// bounds, and the join of the einsums' inner fronts along the group. The
// rules and why they lose nothing are in FusionSearch.h.
//
//===----------------------------------------------------------------------===//

#include "FusionSearcher.h"
#include <algorithm>
#include <atomic>
#include <functional>

using namespace oro::core;
using namespace oro::core::fusion;

namespace oro::core::fusion {

/// Shared loop k of a class list over ranks in unit windows (and
/// single-term or absent elsewhere): drops from `tiles` each tile that is
/// not the smallest for its trip count when no non-internal access with
/// the rank in a unit window could see it pay off, with its partner
/// looped inside (an inner loop or a later shared one) or outside (an
/// earlier shared one) (windowTilePays, Search.h). Then in every mapping
/// of the configuration no access is better off than under the smallest
/// tile with the same trip count, which is in the list before it: the
/// single-einsum argument holds for each access of each einsum (the
/// shared loops are the outer loops of its nest), internal tiles and
/// footprints only grow with the tile, and the trip counts, which decide
/// the legal inner positions, are the same.
void FusionSearcher::dropUnpayingWindowTiles(
    const SeqInfo &si, unsigned k, llvm::SmallVector<int64_t, 0> &tiles) {
  const GroupAnalysis &ga = si.ga;
  unsigned n = ga.einsums.size(), S = si.seq.size();
  auto pays = [&](int64_t tile) {
    for (unsigned i = 0; i < n; ++i) {
      const CostModel &m = fm.getCostModel(ga.einsums[i]);
      unsigned x = ga.sharedRanks[i][k];
      int64_t e = m.getExtent(x);
      if (ceilDiv(e, ceilDiv(e, tile)) == tile)
        return true;
      for (unsigned a = 0; a < m.getNumAccesses(); ++a) {
        if (((ga.internalAccesses[i] >> a) & 1) ||
            m.getRankRole(a, x) != RankRole::UnitWindow)
          continue;
        unsigned y = m.getWindowPartner(a, x);
        int64_t ey = m.getExtent(y);
        int where = -1; // -1: not shared (inner if looped)
        for (unsigned j = 0; j < S; ++j)
          if (ga.sharedRanks[i][j] == y)
            where = j;
        bool inside = where < 0 || unsigned(where) > k;
        if (where < 0 && ey < 2)
          continue; // the partner is never looped
        if (windowTilePays(e, tile, ey, inside))
          return true;
      }
    }
    return false;
  };
  llvm::erase_if(tiles, [&](int64_t t) { return !pays(t); });
}

void FusionSearcher::addSeqInfos(const GroupMembers &group, bool shareInputs,
                                 std::optional<GroupAnalysis> plain,
                                 std::vector<SeqInfo> &infos) {
  unsigned n = group.size();
  GroupClasses gc = fm.groupClasses(group, shareInputs);
  llvm::SmallVector<unsigned, 4> classes = FusionModel::shareableClasses(gc);
  unsigned maxLen = classes.size();
  if (options.maxSharedLoops != 0)
    maxLen = std::min(maxLen, options.maxSharedLoops);
  // Sequences of distinct classes by length, then lexicographically.
  std::vector<llvm::SmallVector<unsigned, 4>> seqs{{}};
  for (unsigned len = 1; len <= maxLen; ++len) {
    std::vector<llvm::SmallVector<unsigned, 4>> next;
    std::function<void(llvm::SmallVector<unsigned, 4> &)> rec =
        [&](llvm::SmallVector<unsigned, 4> &cur) {
          if (cur.size() == len) {
            next.push_back(cur);
            return;
          }
          for (unsigned c : classes)
            if (std::find(cur.begin(), cur.end(), c) == cur.end()) {
              cur.push_back(c);
              rec(cur);
              cur.pop_back();
            }
        };
    llvm::SmallVector<unsigned, 4> cur;
    rec(cur);
    seqs.insert(seqs.end(), next.begin(), next.end());
  }
  for (const auto &seq : seqs) {
    llvm::Expected<GroupAnalysis> ga =
        seq.empty() && plain ? std::move(*plain)
                             : fm.analyzeGroup(gc, seq, /*connected=*/true);
    if (!ga) {
      llvm::consumeError(ga.takeError());
      continue;
    }
    SeqInfo si{seq, std::move(*ga), {}, 0};
    unsigned S = seq.size();
    bool empty = false;
    for (unsigned k = 0; k < S; ++k) {
      bool minimal = true, windowSafe = true;
      int64_t extent = 1;
      for (unsigned i = 0; i < n; ++i) {
        const CostModel &m = fm.getCostModel(group[i]);
        unsigned r = si.ga.sharedRanks[i][k];
        extent = m.getExtent(r);
        for (unsigned a = 0; a < m.getNumAccesses(); ++a) {
          if ((si.ga.internalAccesses[i] >> a) & 1)
            continue;
          RankRole role = m.getRankRole(a, r);
          minimal &= role == RankRole::Absent || role == RankRole::Single;
          windowSafe &= role != RankRole::Other;
        }
      }
      si.tileLists.push_back(candidateTiles(extent, minimal));
      if (!minimal && windowSafe && options.mappingPruning)
        dropUnpayingWindowTiles(si, k, si.tileLists.back());
      empty |= si.tileLists.back().empty();
    }
    if (empty)
      continue;
    // Cheap per-config lower bounds: accesses (distinct elements of the
    // non-internal accesses, a shared input's at its first reader only) do
    // not depend on the tiles.
    for (unsigned i = 0; i < n; ++i) {
      const CostModel &m = fm.getCostModel(group[i]);
      for (unsigned a = 0; a < m.getNumAccesses(); ++a)
        if (!((si.ga.internalAccesses[i] >> a) & 1) &&
            !si.ga.isLaterSharedRead(i, a))
          si.accLow = satAdd(
              si.accLow, satMul(m.getAccessedElements(a), m.getElementBits(a)));
    }
    infos.push_back(std::move(si));
  }
}

llvm::Error
FusionSearcher::segment(const GroupMembers &group, SegmentFront &out,
                        llvm::function_ref<bool(Count, Count)> useless,
                        bool cutRule) {
  out = SegmentFront();
  out.einsums = group;
  ++stats.groupsSearched;
  unsigned n = group.size();
  // A group of 2+ einsums gets its own budget (maxGroupCandidates): past
  // it, the group keeps the points found so far, each still a mapping with
  // its cost, so the workload curve stays attainable but is not exact.
  Count start = spent();
  groupCap = n > 1 && options.maxGroupCandidates != 0
                 ? satAdd(start, options.maxGroupCandidates)
                 : 0;
  inGroup = n > 1;
  groupCut = false;
  // Group front: peak -> (accesses, compact witness).
  std::map<Count, CompactPoint> front;
  llvm::Error err = segmentBody(group, out, useless, cutRule, front);
  clearBatchFronts();
  groupCap = 0;
  inGroup = false;
  if (n > 1)
    stats.largestGroupCandidates =
        std::max(stats.largestGroupCandidates, spent() - start);
  if (err) {
    if (!groupCut)
      return err;
    llvm::consumeError(std::move(err));
    out.truncated = true;
    noteTruncated(group);
  }
  // A configuration is added to out.configs only once all its points are
  // in `front`, so a truncated front refers to added ones only.
  for (auto &[peak, p] : front)
    out.points.push_back(std::move(p));
  // Drop configurations no surviving point uses (memory).
  std::vector<int> remap(out.configs.size(), -1);
  std::vector<Config> kept;
  for (CompactPoint &p : out.points) {
    if (remap[p.config] < 0) {
      remap[p.config] = kept.size();
      kept.push_back(out.configs[p.config]);
    }
    p.config = remap[p.config];
  }
  out.configs = std::move(kept);
  return llvm::Error::success();
}

llvm::Error
FusionSearcher::segmentBody(const GroupMembers &group, SegmentFront &out,
                            llvm::function_ref<bool(Count, Count)> useless,
                            bool cutRule,
                            std::map<Count, CompactPoint> &front) {
  unsigned n = group.size();
  // Sharing its inputs is a second variant of the group (FusionModel.h):
  // its own classes and connectivity, no cut rule and no scan bounds
  // (they describe the plain variant).
  bool share = mayShare(group);
  // Whether the plain variant is searched.
  bool plainToo = true;
  // The analysis with no shared class (the cut rule's, and the first class
  // list's).
  std::optional<GroupAnalysis> plain;
  if (useless && cutRule && n > 1) {
    // The DP moves the start down one einsum at a time: what the scan
    // knows settles most long groups (no shareable class, so only the
    // configuration without shared loops, whose cheap bound is useless)
    // without a pass over them. The search below would find nothing
    // either. (Intervals only: the scan moves along the order.)
    if (group.isInterval()) {
      scan.moveTo(group.front(), group.back() + 1);
      if (!scan.isConnected()) {
        plainToo = false;
      } else if (!scan.hasShareableClass() &&
                 useless(scan.noSharedPeakLow(), scan.accessLow())) {
        ++stats.configsPruned;
        plainToo = false;
      }
    } else if (!fm.isConnected(group)) {
      plainToo = false;
    }
    if (plainToo) {
      // Cut rule (FusionSearch.h): internal tensors do not depend on the
      // shared classes.
      GroupClasses none;
      none.einsums = group;
      auto ga = fm.analyzeGroup(none, {}, /*connected=*/true);
      if (!ga)
        return ga.takeError();
      // crossing[k]: internal tensors live across the cut before member k
      // (producer < k <= lastReader, by position), by a difference array:
      // O(n + internals) rather than O(n * internals) per group (which
      // made long groups, and so whole models, cost n^4 overall).
      std::vector<int> crossing(n + 1, 0);
      for (const GroupAnalysis::Internal &in : ga->internals) {
        crossing[group.indexOf(in.producer) + 1] += 1;
        crossing[group.indexOf(in.lastReader) + 1] -= 1;
      }
      bool uncrossed = false;
      for (unsigned k = 1; k <= n; ++k) {
        crossing[k] += crossing[k - 1];
        uncrossed |= k < n && crossing[k] == 0;
      }
      // Both sides' connectivity only where no internal tensor crosses
      // (long groups of real models have no such cut).
      if (uncrossed) {
        std::vector<bool> connected = fm.connectedCuts(group);
        for (unsigned k = 1; k < n && plainToo; ++k) {
          bool crossed = crossing[k] != 0;
          if (!crossed && connected[k]) {
            ++stats.groupsCut;
            plainToo = false;
          }
        }
      }
      if (plainToo)
        plain = std::move(*ga);
    }
  } else if (!fm.isConnected(group)) {
    plainToo = false;
  }
  if (share && !fm.isConnected(group, true))
    share = false;
  if (!plainToo && !share)
    return llvm::Error::success();
  auto dominates = [&](Count peak, Count acc) {
    auto it = front.upper_bound(peak);
    return it != front.begin() && std::prev(it)->second.acc <= acc;
  };
  auto insert = [&](CompactPoint p) {
    if (dominates(p.peak, p.acc))
      return;
    auto it = front.lower_bound(p.peak);
    while (it != front.end() && it->second.acc >= p.acc)
      it = front.erase(it);
    Count key = p.peak;
    front.emplace_hint(it, key, std::move(p));
  };

  if (n == 1) {
    auto f = innerFront(group.front(), {}, 0);
    if (!f)
      return f.takeError();
    Config c;
    c.fronts.push_back(*f);
    out.configs.push_back(c);
    for (uint32_t i = 0; i < (*f)->size(); ++i) {
      const Opt &o = (**f)[i];
      insert({satAdd(o.per, o.inn), o.acc, 0, {i}});
    }
  } else {
    // The parallel phase reads these lazily built tables; build them here.
    for (unsigned e : group)
      (void)contentClass(e);
    if (useless && pool)
      (void)useless(0, 0);
    // Each class list's analysis, tile lists and access lower bound: the
    // plain variant's, then the sharing one's.
    std::vector<SeqInfo> infos;
    for (bool shareInputs : {false, true})
      if (shareInputs ? share : plainToo)
        addSeqInfos(group, shareInputs,
                    shareInputs ? std::optional<GroupAnalysis>() : plain,
                    infos);
    for (const SeqInfo &si : infos) {
      RunWork first;
      first.info = &si;
      first.outer.assign(si.seq.empty() ? 0 : si.seq.size() - 1, 0);
      out.bounds.push_back({makeConfig(first, 0).peakLow, si.accLow});
    }
    // Runs: per class list, per tiles of all its loops but the innermost,
    // the innermost tiles ascending (a run stops at the first config its
    // cheap bound prunes: larger innermost tiles only raise that bound).
    // Runs go in batches of kRunsPerBatch, in their fixed order. The runs
    // of a batch are searched independently (searchRun, on the pool's
    // threads if any), each against the group front as it was when the
    // batch began plus its own points; then merged in order. A snapshot
    // prunes less than the current front but never wrongly (the front
    // only grows within a group), and every point a run offers goes
    // through the same insertion in the same order as the sequential
    // search's, so the front and its witnesses do not depend on the batch
    // size; the counters and where a budget cuts do, and the batch size is
    // fixed, so nothing depends on the thread count.
    size_t seqIdx = 0;
    std::vector<unsigned> outer;
    auto outerLoops = [&](size_t k) {
      return infos[k].seq.empty() ? 0u : unsigned(infos[k].seq.size() - 1);
    };
    if (!infos.empty())
      outer.assign(outerLoops(0), 0);
    auto nextRun = [&](RunWork &run) {
      if (seqIdx >= infos.size())
        return false;
      run.info = &infos[seqIdx];
      run.outer = outer;
      // Advance the tile indices of the outer loops, then the class list.
      unsigned k = outer.size();
      while (k-- > 0) {
        if (++outer[k] < infos[seqIdx].tileLists[k].size())
          return true;
        outer[k] = 0;
      }
      if (++seqIdx < infos.size())
        outer.assign(outerLoops(seqIdx), 0);
      return true;
    };
    while (true) {
      std::vector<RunWork> batch;
      while (batch.size() < kRunsPerBatch) {
        RunWork run;
        if (!nextRun(run))
          break;
        batch.push_back(std::move(run));
      }
      if (batch.empty())
        break;
      // Each run may spend what is left of the budget.
      Count allowance = 0;
      if (cap() != 0) {
        if (overBudget())
          return budgetError(fm.getWorkload().einsums[group.front()]);
        allowance = cap() - spent();
      }
      team.forEach(batch.size(), [&](size_t k, unsigned worker) {
        searchRun(batch[k], worker, dominates, useless, allowance);
      });
      for (RunWork &run : batch) {
        mergeRun(run, insert, out);
        if (run.outOfBudget || overBudget())
          return budgetError(fm.getWorkload().einsums[group.front()]);
      }
      clearBatchFronts();
    }
  }
  return llvm::Error::success();
}

ConfigWork FusionSearcher::makeConfig(const RunWork &run, unsigned t) const {
  const SeqInfo &si = *run.info;
  const GroupAnalysis &ga = si.ga;
  unsigned n = ga.einsums.size(), S = si.seq.size();
  ConfigWork cw;
  for (unsigned k = 0; k < S; ++k)
    cw.tiles.push_back(si.tileLists[k][k + 1 < S ? run.outer[k] : t]);
  // Each einsum's shared loops at these tiles.
  cw.tilings.reserve(n);
  for (unsigned i = 0; i < n; ++i)
    cw.tilings.emplace_back(
        fm, ga, i, cw.tiles,
        options.retile &&
            (ga.internalAccesses[i] | ga.sharedAccesses[i]) != 0);
  // Live internal tiles.
  cw.live.assign(n, 0);
  for (const GroupAnalysis::Internal &in : ga.internals) {
    Count bits = fm.internalTileBits(ga, in, cw.tiles);
    for (int i = ga.einsums.indexOf(in.producer),
             last = ga.einsums.indexOf(in.lastReader);
         i <= last; ++i)
      cw.live[i] = satAdd(cw.live[i], bits);
  }
  // The cheap peak bound: live internal tiles plus the least footprints
  // of the non-internal accesses that must be kept, maxed over the einsums.
  for (unsigned i = 0; i < n; ++i) {
    const CostModel &m = fm.getCostModel(ga.einsums[i]);
    Count occ = cw.live[i];
    for (unsigned a = 0; a < m.getNumAccesses(); ++a)
      if (!((ga.internalAccesses[i] >> a) & 1) &&
          fm.getAccessPlacement(ga.einsums[i], a) == KeepPolicy::Keep)
        occ = satAdd(occ, cw.tilings[i].leastFootprintBits(m, a));
    cw.peakLow = std::max(cw.peakLow, occ);
  }
  return cw;
}

/// How many configurations a run has.
static unsigned runLength(const RunWork &run) {
  unsigned S = run.info->seq.size();
  return S == 0 ? 1 : run.info->tileLists[S - 1].size();
}

void FusionSearcher::searchRun(RunWork &run, unsigned worker, Bound dominates,
                               Bound useless, Count allowance) {
  const SeqInfo &si = *run.info;
  const GroupAnalysis &ga = si.ga;
  unsigned n = ga.einsums.size(), S = si.seq.size();
  bool staircase = useless && S != 0;
  FusionStats &counts = run.counts;
  // This run's points so far. Each is a point of the group front to come,
  // or dominated or useless there.
  Staircase found;
  auto dominated = [&](Count p, Count a) {
    return dominates(p, a) || found.dominates(p, a);
  };
  scratch[worker].aboveInnermost.clear();
  // Innermost tiles in ranges, leftmost first: a range whose range bound
  // (FusionSearch.h) prunes is skipped whole, else it is halved; single
  // configurations get the cheap and the staircase bound.
  const CostModel &m0 = fm.getCostModel(ga.einsums.front());
  auto tripsAt = [&](unsigned t) {
    return ceilDiv(m0.getExtent(ga.sharedRanks[0][S - 1]),
                   si.tileLists[S - 1][t]);
  };
  llvm::SmallVector<std::pair<unsigned, unsigned>, 16> ranges;
  ConfigWork kept;
  unsigned keptTile = ~0u;
  ranges.push_back({0, runLength(run) - 1});
  while (!ranges.empty()) {
    auto [t, last] = ranges.pop_back_val();
    // A halved range's left half starts at the same tile: reuse its work.
    ConfigWork cw = t == keptTile ? std::move(kept) : makeConfig(run, t);
    keptTile = ~0u;
    // Larger innermost tiles only raise the cheap peak bound: the run ends.
    if (useless &&
        (dominated(cw.peakLow, si.accLow) || useless(cw.peakLow, si.accLow))) {
      ++counts.configsPruned;
      return;
    }
    if (t < last) {
      if (!staircase) {
        ranges.push_back({t + 1, last});
      } else if (staircaseBoundPrunes(ga, cw.tilings, cw.live, dominated,
                                      useless, scratch[worker],
                                      /*wholeRun=*/true, tripsAt(last))) {
        ++counts.configsPruned;
        continue;
      } else {
        unsigned mid = t + (last - t) / 2;
        ranges.push_back({mid + 1, last});
        ranges.push_back({t, mid});
        kept = std::move(cw);
        keptTile = t;
        continue;
      }
    }
    // The staircase bound (FusionSearch.h): per non-internal access, its
    // cost at each persistent position (exact: it depends on the shared
    // loops only) or a lower bound of any inner position; the config is
    // skipped when every combination is dominated or useless.
    if (staircase && staircaseBoundPrunes(ga, cw.tilings, cw.live, dominated,
                                          useless, scratch[worker])) {
      ++counts.configsPruned;
      continue;
    }
    ++counts.configsJoined;
    Config cfg;
    for (unsigned k = 0; k < S; ++k)
      cfg.shared.push_back({si.seq[k], cw.tiles[k]});
    for (unsigned i = 0; i < n; ++i) {
      // A shared input's accesses are the group's (a stage of their own,
      // below): the inner search leaves them out as it does internal ones.
      uint32_t internal = ga.internalAccesses[i] | ga.sharedAccesses[i];
      InnerKey key = innerKey(ga.einsums[i], cw.tilings[i].loops, internal);
      auto it = memo.find(key);
      if (it != memo.end()) {
        ++counts.innerFrontHits;
        cfg.fronts.push_back(it->second.front);
        continue;
      }
      BatchFront *bf;
      {
        std::lock_guard<std::mutex> lock(batchFrontsMutex);
        std::unique_ptr<BatchFront> &slot = batchFronts[key];
        if (!slot) {
          slot = std::make_unique<BatchFront>();
          slot->key = key;
          slot->allowance = allowance;
          slot->noShared = cw.tilings[i].loops.empty();
        }
        bf = slot.get();
      }
      std::call_once(bf->once, [&] {
        // A search that ran out of at least this allowance fails again.
        auto failed = failedAllowance.find(key);
        if (allowance != 0 && failed != failedAllowance.end() &&
            allowance <= failed->second)
          return;
        Count spent = 0;
        bf->front = runInnerSearch(ga.einsums[i], cw.tilings[i].loops, internal,
                                   spent, allowance);
        bf->candidates = spent;
      });
      run.batchFronts.push_back(bf);
      // Searched by this run or another of the batch: mergeRun counts it
      // once, for the first run that used it.
      if (!bf->front || (allowance != 0 && bf->candidates > allowance)) {
        run.outOfBudget = true;
        return;
      }
      cfg.fronts.push_back(bf->front);
    }
    // The shared inputs: one stage each, its positions 0..S.
    std::vector<Count> live = cw.live;
    for (const SharedInput &sh : ga.sharedInputs) {
      cfg.fronts.push_back(sharedInputOptions(ga, cw.tilings, sh));
      cfg.sharedReaders.push_back(sh.readers);
      live.push_back(0);
    }
    std::vector<RunWork::Offered> offered;
    bool within =
        joinFronts(cfg.fronts, live, dominated, useless, counts, allowance,
                   [&](Count peak, Count acc, std::vector<uint32_t> picks) {
                     found.insert(peak, acc);
                     offered.push_back({peak, acc, std::move(picks)});
                   });
    if (!within) {
      run.outOfBudget = true;
      return;
    }
    if (!offered.empty())
      run.joined.emplace_back(std::move(cfg), std::move(offered));
  }
}

void FusionSearcher::mergeRun(RunWork &run,
                              llvm::function_ref<void(CompactPoint)> insert,
                              SegmentFront &out) {
  const FusionStats &c = run.counts;
  stats.configsJoined += c.configsJoined;
  stats.configsPruned += c.configsPruned;
  stats.innerFrontHits += c.innerFrontHits;
  stats.joinCandidates = satAdd(stats.joinCandidates, c.joinCandidates);
  stats.joinStatesPruned += c.joinStatesPruned;
  for (BatchFront *bf : run.batchFronts) {
    auto it = memo.find(bf->key);
    if (it != memo.end()) {
      ++stats.innerFrontHits;
      continue;
    }
    ++stats.innerFronts;
    stats.innerCandidates = satAdd(stats.innerCandidates, bf->candidates);
    if (bf->front) {
      memo.emplace(bf->key, MemoEntry{bf->front, currentEnd, bf->noShared});
    } else {
      Count &worst = failedAllowance[bf->key];
      worst = std::max(worst, bf->allowance);
    }
  }
  for (auto &[cfg, offered] : run.joined) {
    unsigned cfgIndex = out.configs.size();
    bool used = false;
    for (RunWork::Offered &o : offered) {
      insert({o.peak, o.acc, cfgIndex, std::move(o.picks)});
      used = true;
    }
    if (used)
      out.configs.push_back(std::move(cfg));
  }
}

bool FusionSearcher::joinFronts(
    llvm::ArrayRef<std::shared_ptr<const OptList>> fronts,
    llvm::ArrayRef<Count> live, Bound dominates, Bound useless,
    FusionStats &counts, Count allowance,
    llvm::function_ref<void(Count, Count, std::vector<uint32_t>)> emit) {
  unsigned n = fronts.size();
  // Suffix lower bounds.
  std::vector<Count> accAfter(n + 1, 0), perAfter(n + 1, 0), innAfter(n + 1, 0);
  for (unsigned i = n; i-- > 0;) {
    if (fronts[i]->empty())
      return true;
    Count a = kCountMax, p = kCountMax, q = kCountMax;
    for (const Opt &o : *fronts[i]) {
      a = std::min(a, o.acc);
      p = std::min(p, o.per);
      q = std::min(q, o.inn);
    }
    accAfter[i] = satAdd(accAfter[i + 1], a);
    perAfter[i] = satAdd(perAfter[i + 1], p);
    innAfter[i] = std::max(innAfter[i + 1], satAdd(live[i], q));
  }
  struct St {
    Count acc, per, m;
    uint32_t prev, opt;
  };
  std::vector<std::vector<St>> stages(n + 1);
  stages[0].push_back({0, 0, 0, 0, 0});
  for (unsigned i = 0; i < n; ++i) {
    std::vector<St> cand;
    const OptList &opts = *fronts[i];
    for (uint32_t s = 0; s < stages[i].size(); ++s) {
      const St &st = stages[i][s];
      for (uint32_t o = 0; o < opts.size(); ++o) {
        St x{satAdd(st.acc, opts[o].acc), satAdd(st.per, opts[o].per),
             std::max(st.m, satAdd(live[i], opts[o].inn)), s, o};
        ++counts.joinCandidates;
        Count peakLow = satAdd(satAdd(x.per, perAfter[i + 1]),
                               std::max(x.m, innAfter[i + 1]));
        Count accLow = satAdd(x.acc, accAfter[i + 1]);
        if (dominates(peakLow, accLow))
          continue;
        if (useless && useless(peakLow, accLow)) {
          ++counts.joinStatesPruned;
          continue;
        }
        cand.push_back(x);
      }
    }
    if (allowance != 0 && counts.candidates() > allowance)
      return false;
    pareto3(cand,
            [](const St &s) { return std::make_tuple(s.acc, s.per, s.m); });
    stages[i + 1] = std::move(cand);
  }
  for (const St &st : stages[n]) {
    Count peak = satAdd(st.per, st.m);
    if (dominates(peak, st.acc))
      continue;
    std::vector<uint32_t> picks(n);
    uint32_t s = &st - stages[n].data();
    for (unsigned i = n; i-- > 0;) {
      const St &cur = stages[i + 1][s];
      picks[i] = cur.opt;
      s = cur.prev;
    }
    emit(peak, st.acc, std::move(picks));
  }
  return true;
}

bool FusionSearcher::allBoundsPruned(
    llvm::ArrayRef<BoundState> states,
    llvm::function_ref<bool(Count, Count)> dominated,
    llvm::function_ref<bool(Count, Count)> useless) {
  // `states` come sorted by accesses (pareto3Set). A state whose peak is
  // no smaller than an earlier one's is pruned when that one is (both
  // tests are upward closed), so only those with a new least peak are
  // tested.
  Count least = kCountMax;
  for (const BoundState &b : states) {
    Count peak = satAdd(b.per, b.inn);
    if (peak >= least)
      continue;
    least = peak;
    if (!dominated(peak, b.acc) && !useless(peak, b.acc))
      return false;
  }
  return true;
}

bool FusionSearcher::staircaseBoundPrunes(
    const GroupAnalysis &g, llvm::ArrayRef<SharedTiling> tilings,
    llvm::ArrayRef<Count> live,
    llvm::function_ref<bool(Count, Count)> dominated,
    llvm::function_ref<bool(Count, Count)> useless, BoundScratch &scratch,
    bool wholeRun, int64_t runMinTrips) {
  unsigned n = g.einsums.size(), S = tilings.front().loops.size();
  auto key = [](const BoundState &b) {
    return std::make_tuple(b.acc, b.per, b.inn);
  };
  // Partial combinations over the group's einsums in order: accesses,
  // persistent bits and the max over einsums so far of live + inner bits.
  // Later einsums only add to each, and both tests are upward closed, so
  // the config is pruned as soon as every partial combination is.
  std::vector<BoundState> &join = scratch.join, &mine = scratch.mine,
                          &next = scratch.next, &opts = scratch.opts;
  std::vector<BoundState> &above = scratch.aboveInnermost;
  size_t aboveAt = 0;
  join.assign(1, {0, 0, 0});
  // The shared inputs first: exact at every position (persistent; over a
  // run, projective, so as for the position-S option below).
  for (const SharedInput &sh : g.sharedInputs) {
    next.clear();
    std::shared_ptr<const OptList> options = sharedInputOptions(g, tilings, sh);
    for (const Opt &o : *options)
      for (const BoundState &x : join)
        next.push_back({satAdd(x.acc, o.acc), satAdd(x.per, o.per), x.inn});
    pareto3Set(next, key, scratch.staircase);
    std::swap(join, next);
  }
  for (unsigned i = 0; i < n; ++i) {
    const CostModel &m = fm.getCostModel(g.einsums[i]);
    const SharedTiling &tiling = tilings[i];
    // This einsum's combinations: (accesses, persistent, inner).
    mine.assign(1, {0, 0, 0});
    for (unsigned a = 0; a < m.getNumAccesses(); ++a) {
      if (((g.internalAccesses[i] | g.sharedAccesses[i]) >> a) & 1)
        continue;
      if (aboveAt == above.size())
        for (unsigned p = 0; p < S; ++p) {
          TensorCost t = m.evaluateAccess(a, tiling.loops, tiling.rankLoop, p);
          above.push_back({t.accessBits(), t.occupancyBits, 0});
        }
      opts.assign(above.begin() + aboveAt, above.begin() + aboveAt + S);
      aboveAt += S;
      KeepPolicy placement = fm.getAccessPlacement(g.einsums[i], a);
      if (placement == KeepPolicy::Bypass) {
        opts.clear();
      } else if (wholeRun && !m.isProjective(a)) {
        // Below the innermost loop, persistent or inner: at least the
        // traffic above it, at least the least footprint at the run's
        // smallest innermost tile.
        opts.push_back({opts.back().acc, 0, tiling.leastFootprintBits(m, a)});
      } else {
        // Position S. (Projective, over a run: its traffic does not depend
        // on the innermost tile, its box grows with it.)
        TensorCost t = m.evaluateAccess(a, tiling.loops, tiling.rankLoop, S);
        opts.push_back({t.accessBits(), t.occupancyBits, 0});
        Count least = tiling.leastFootprintBits(m, a);
        // Inner: at least its least inner traffic and (the same when
        // projective) position S's traffic; at least the least footprint.
        Count inner = tiling.innerTrafficBits(m, a, wholeRun ? runMinTrips : 0);
        opts.push_back({std::max(inner, t.accessBits()), 0, least});
      }
      // Bypassed: exact, and the same under any loops (one access per
      // MAC).
      if (placement != KeepPolicy::Keep)
        opts.push_back({m.evaluateAccess(a, tiling.loops, tiling.rankLoop,
                                         Mapping::kBypass)
                            .accessBits(),
                        0, 0});
      next.clear();
      for (const BoundState &x : mine)
        for (const BoundState &o : opts)
          next.push_back({satAdd(x.acc, o.acc), satAdd(x.per, o.per),
                          satAdd(x.inn, o.inn)});
      pareto3Set(next, key, scratch.staircase);
      std::swap(mine, next);
    }
    next.clear();
    for (const BoundState &x : join)
      for (const BoundState &o : mine)
        next.push_back({satAdd(x.acc, o.acc), satAdd(x.per, o.per),
                        std::max(x.inn, satAdd(live[i], o.inn))});
    pareto3Set(next, key, scratch.staircase);
    std::swap(join, next);
    if (allBoundsPruned(join, dominated, useless))
      return true;
  }
  return false;
}

std::shared_ptr<const OptList>
FusionSearcher::sharedInputOptions(const GroupAnalysis &g,
                                   llvm::ArrayRef<SharedTiling> tilings,
                                   const SharedInput &sh) const {
  auto [i, a] = sh.readers.front();
  const CostModel &m = fm.getCostModel(g.einsums[i]);
  const SharedTiling &tiling = tilings[i];
  auto opts = std::make_shared<OptList>();
  for (unsigned p = 0; p <= tiling.loops.size(); ++p) {
    TensorCost t = m.evaluateAccess(a, tiling.loops, tiling.rankLoop, p);
    // Deeper positions hold less; keep those that also move less.
    if (!opts->empty() && opts->back().acc <= t.accessBits() &&
        opts->back().per <= t.occupancyBits)
      continue;
    Opt o;
    o.acc = t.accessBits();
    o.per = t.occupancyBits;
    o.map.positions.push_back(p);
    opts->push_back(std::move(o));
  }
  return opts;
}

} // namespace oro::core::fusion
