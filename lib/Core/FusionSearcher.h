//===- FusionSearcher.h - The fused search's parts (private) ----*- C++ -*-===//
//
// The fused search of FusionSearch.h, split the way AccelForge's FFM splits
// its own: inner fronts (FusionInner.cpp), a group's configurations, bounds
// and join (FusionGroup.cpp), content keys for the memos (FusionMemo.cpp),
// and the partition DP with the group memo (FusionSearch.cpp). This header
// holds what they share: the data of a group search and the searcher.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_LIB_CORE_FUSIONSEARCHER_H
#define ORO_LIB_CORE_FUSIONSEARCHER_H

#include "oro/Core/WorkerTeam.h"
#include "oro/Core/FusionSearch.h"
#include "oro/Core/PruningRules.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/ThreadPool.h"
#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace oro::core::fusion {

inline constexpr unsigned kMaxRanks = CostModel::kMaxRanks;
inline constexpr unsigned kMaxAccesses = FusionModel::kMaxAccesses;

inline llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

/// One inner mapping of one einsum: its objectives and witness.
struct Opt {
  Count acc = 0, per = 0, inn = 0;
  Mapping map;
};
using OptList = std::vector<Opt>;

/// Einsum `i` of group `g` under shared tiles `tiles`: its shared loops
/// (outermost first), the loop over each rank (-1: none), and each rank's
/// length in one shared iteration at its smallest (its shared tile, else 1;
/// 1 for a shared rank the einsum may tile again when `retile`: see
/// FusionModel.h, "Re-tiling" -- whatever the tile, so the bounds still grow
/// with it).
struct SharedTiling {
  llvm::SmallVector<LoopState, 4> loops;
  llvm::SmallVector<int, kMaxRanks> rankLoop;
  int64_t lens[kMaxRanks];

  SharedTiling(const FusionModel &fm, const GroupAnalysis &g, unsigned i,
               llvm::ArrayRef<int64_t> tiles, bool retile)
      : rankLoop(fm.getCostModel(g.einsums[i]).getNumRanks(), -1) {
    unsigned e = g.einsums[i];
    const CostModel &m = fm.getCostModel(e);
    for (unsigned r = 0; r < m.getNumRanks(); ++r)
      lens[r] = 1;
    for (unsigned k = 0; k < tiles.size(); ++k) {
      unsigned r = g.sharedRanks[i][k];
      loops.push_back(LoopState::get({r, tiles[k]}, m.getExtent(r)));
      rankLoop[r] = k;
      if (!retile || !fm.mayRetileRank(e, r))
        lens[r] = std::min<int64_t>(tiles[k], m.getExtent(r));
    }
  }
  /// The least a reservation of access `a` below the shared loops holds:
  /// its footprint at `lens`, in bits.
  Count leastFootprintBits(const CostModel &m, unsigned a) const {
    return satMul(m.footprint(a, {lens, m.getNumRanks()}),
                  m.getElementBits(a));
  }
  /// The least traffic of a reservation of access `a` at a legal inner
  /// position (FusionModel::isInnerPositionLegal), in bits: its distinct
  /// elements times the trips of the shared loops over ranks it does not
  /// depend on. Such a reservation is released after every shared
  /// iteration, and legality makes the cost model agree: its box changes
  /// to a disjoint one at every shared-iteration boundary, so each shared
  /// iteration fetches (writes back) every element it touches, and the
  /// iterations of the shared loops over ranks it depends on together touch
  /// all its distinct elements. (Projective, the traffic formula of
  /// CostModel.h counts exactly those loops: the innermost loop over a rank
  /// it depends on is inner or the innermost shared one.) With
  /// `innermostTrips` > 0, the innermost shared loop counts that many trips
  /// (the fewest over a range of tiles) instead of its own.
  Count innerTrafficBits(const CostModel &m, unsigned a,
                         int64_t innermostTrips = 0) const {
    Count trips = 1;
    for (unsigned k = 0; k < loops.size(); ++k) {
      int64_t n = innermostTrips > 0 && k + 1 == loops.size() ? innermostTrips
                                                              : loops[k].trips;
      if (n >= 2 && !m.isRelevant(a, loops[k].rank))
        trips = satMul(trips, static_cast<Count>(n));
    }
    Count total = satMul(m.getAccessedElements(a), trips);
    Count bits = m.getElementBits(a);
    if (!m.isOutput(a))
      return satMul(total, bits);
    return satAdd(satMul(total, bits),
                  satMul(satSub(total, m.getAccessedElements(a)), bits));
  }
};

/// A group point before its witness is materialized: the configuration and
/// the chosen option of every einsum.
struct CompactPoint {
  Count peak = 0, acc = 0;
  unsigned config = 0;
  std::vector<uint32_t> picks;
};

/// A joined configuration: its shared loops, one front per einsum, then,
/// when the group shares its inputs, one per shared input (its positions
/// 0..S, each option's map holding the position alone) with the input's
/// readers (position in the group, access).
struct Config {
  llvm::SmallVector<SharedLoop, 4> shared;
  std::vector<std::shared_ptr<const OptList>> fronts;
  llvm::SmallVector<llvm::SmallVector<std::pair<unsigned, unsigned>, 4>, 2>
      sharedReaders;
  bool sharesInputs() const { return !sharedReaders.empty(); }
};

struct SegmentFront {
  GroupMembers einsums;
  /// Cut short by the group budget (maxGroupCandidates): the points found
  /// before it, attainable but maybe not the group's front.
  bool truncated = false;
  std::vector<Config> configs;
  /// By increasing peak, accesses strictly decreasing.
  std::vector<CompactPoint> points;
  /// Per class list, (peak, accesses) at or below every mapping of every
  /// configuration of it: the cheap bounds at the smallest tiles (both grow
  /// with every tile). Groups of 2+ einsums only.
  std::vector<std::pair<Count, Count>> bounds;

  FusedGroupMapping witness(unsigned p) const {
    const CompactPoint &cp = points[p];
    const Config &c = configs[cp.config];
    FusedGroupMapping g;
    g.einsums = einsums;
    g.shared = c.shared;
    g.shareInputs = c.sharesInputs();
    unsigned n = einsums.size();
    for (unsigned i = 0; i < n; ++i)
      g.mappings.push_back((*c.fronts[i])[cp.picks[i]].map);
    for (unsigned k = 0; k < c.sharedReaders.size(); ++k) {
      unsigned p = (*c.fronts[n + k])[cp.picks[n + k]].map.positions[0];
      for (auto [i, a] : c.sharedReaders[k])
        g.mappings[i].positions[a] = p;
    }
    return g;
  }
};

/// Scratch of the staircase bound (one per worker).
struct BoundState {
  Count acc, per, inn;
};
/// Aligned: each worker writes its own (vector headers, in the staircase
/// bound's inner loops); sharing a cache line with the next worker's made
/// every run of a two-thread GPT-3 layer about 40% slower.
struct alignas(128) BoundScratch {
  std::vector<BoundState> join, mine, next, opts;
  Staircase staircase;
  /// Within one run, the options at the persistent positions above the
  /// innermost shared loop (they depend on the loops above them only, so
  /// not on the innermost tile): S per non-internal access, in order,
  /// filled as far as a call got. Cleared at each run.
  std::vector<BoundState> aboveInnermost;
};

/// The memo key of an inner front: the einsum's content class, its internal
/// accesses, and its shared loops (rank, tile).
using InnerKey = llvm::SmallVector<int64_t, 12>;
struct InnerKeyHash {
  size_t operator()(const InnerKey &k) const {
    return llvm::hash_combine_range(k.begin(), k.end());
  }
};

/// An inner front searched in a batch (searchRun): its memo key, the
/// front (null: it ran out of the batch's allowance) and the candidates it
/// took; searched once, by whichever worker asks first.
struct BatchFront {
  InnerKey key;
  /// Searched with no shared loop (kept across ends: see MemoEntry).
  bool noShared = false;
  Count allowance = 0;
  std::once_flag once;
  std::shared_ptr<const OptList> front;
  Count candidates = 0;
};

/// One class list of a group: its analysis (shared ranks, internal
/// tensors, shared inputs), the tile list of each shared loop, and the
/// access lower bound of its configurations (distinct elements of the
/// non-internal accesses, a shared input's once).
struct SeqInfo {
  llvm::SmallVector<unsigned, 4> seq;
  GroupAnalysis ga;
  std::vector<llvm::SmallVector<int64_t, 0>> tileLists;
  Count accLow = 0;
};

/// One shared-loop configuration: its tiles, each einsum's shared tiling
/// and live internal bits, and its cheap peak bound.
struct ConfigWork {
  llvm::SmallVector<int64_t, 4> tiles;
  llvm::SmallVector<SharedTiling, 8> tilings;
  std::vector<Count> live;
  Count peakLow = 0;
};

/// A run: the configurations of one class list with the same tiles on all
/// loops but the innermost (`outer`), innermost tile ascending; and what
/// searchRun found: its counters, the inner fronts it used that came from
/// the batch (in order of first use), each joined configuration with the
/// points it offers (peak, accesses, per-einsum picks), and whether it ran
/// out of the batch's allowance.
/// (Aligned as BoundScratch: runs of a batch on different workers.)
struct alignas(128) RunWork {
  const SeqInfo *info = nullptr;
  std::vector<unsigned> outer;
  FusionStats counts;
  std::vector<BatchFront *> batchFronts;
  struct Offered {
    Count peak, acc;
    std::vector<uint32_t> picks;
  };
  std::vector<std::pair<Config, std::vector<Offered>>> joined;
  bool outOfBudget = false;
};

class FusionSearcher {
public:
  FusionSearcher(const FusionModel &fm, const FusionOptions &options,
                 FusionStats &stats)
      : pool(options.threadPool),
        team(pool, pool ? std::max(1u, pool->getMaxConcurrency()) : 1), fm(fm),
        options(options), stats(stats), scan(fm) {
    scratch.resize(team.size());
  }

  /// The front of a group. With `useless` (the partition-DP bound: lower
  /// bounds (peak, accesses) that cannot improve the workload front), group
  /// states it rejects are dropped and the cut rule applies.
  llvm::Error segment(const GroupMembers &group, SegmentFront &out,
                      llvm::function_ref<bool(Count, Count)> useless = {},
                      bool cutRule = true);
  /// Called after the DP has finished the groups ending at `end`: forgets
  /// the memoized inner fronts last used more than `kMemoWindow` ends ago
  /// (segments keep those they use).
  void finishedEnd(unsigned end) {
    currentEnd = end + 1;
    for (auto it = memo.begin(); it != memo.end();) {
      if (!it->second.pinned && it->second.lastEnd + kMemoWindow < currentEnd)
        it = memo.erase(it);
      else
        ++it;
    }
  }

  /// How many ends an unused inner front stays memoized. Keeping them
  /// across ends cost a GPT-3 layer 4x the memory (857 vs 218 MiB) for one
  /// hit in ten; repeated layers reuse whole group fronts instead
  /// (groupKey).
  static constexpr unsigned kMemoWindow = 0;

  /// Counts a group cut short; lists the first kMaxListed.
  void noteTruncated(const GroupMembers &group) {
    if (stats.groupsTruncated++ < FusionStats::kMaxListed)
      stats.truncatedGroups.push_back(group);
  }

  /// Einsum e's front of (peak, accesses) over every loop nest with every
  /// access to an intermediate tensor free (no traffic, no occupancy), and
  /// when groups may share inputs, every shareable access to a tensor an
  /// earlier einsum reads shareably too (that reader, the first of its
  /// group, carries the tensor's cost when they share; the first reader of
  /// the workload carries it in any group):
  /// below e's part of any fused mapping at the same peak (fusedLowerBound).
  /// Searched within maxGroupCandidates; past it, or when e may re-tile a
  /// rank (FusionOptions::retile), a weaker single point.
  std::vector<std::pair<Count, Count>> relaxedFront(unsigned e) {
    const Workload &w = fm.getWorkload();
    const Einsum &ein = w.einsums[e];
    uint32_t internal = 0;
    for (unsigned a = 0; a <= ein.inputs.size(); ++a) {
      const Access &acc = a == ein.inputs.size() ? ein.output : ein.inputs[a];
      if (w.tensors[acc.tensor].kind == TensorKind::Intermediate)
        internal |= uint32_t(1) << a;
      if (options.shareInputs && a < ein.inputs.size() &&
          fm.isShareableAccess(e, a))
        for (auto [c, ca] : fm.getReaders(acc.tensor))
          if (c < e && fm.isShareableAccess(c, ca))
            internal |= uint32_t(1) << a;
    }
    InnerKey key = innerKey(e, {}, internal);
    auto it = relaxed.find(key);
    if (it != relaxed.end())
      return it->second;
    // With re-tiling, e's part of a fused mapping may tile a rank twice,
    // which no single-einsum nest does (and which can hold less at the
    // same traffic): then, and past the group budget (a window convolution
    // with its input free can take more), the point (0, distinct elements
    // of the other accesses): nothing moves less at any capacity.
    bool retiles = false;
    for (unsigned r = 0; r < ein.ranks.size() && options.retile; ++r)
      retiles |= fm.mayRetileRank(e, r);
    Count spent = 0;
    std::shared_ptr<OptList> opts =
        retiles ? nullptr
                : runInnerSearch(e, {}, internal, spent,
                                 /*budget=*/options.maxGroupCandidates);
    std::vector<std::pair<Count, Count>> points;
    if (opts) {
      for (const Opt &o : *opts)
        points.push_back({satAdd(o.per, o.inn), o.acc});
    } else {
      const CostModel &m = fm.getCostModel(e);
      Count least = 0;
      for (unsigned a = 0; a < m.getNumAccesses(); ++a)
        if (!((internal >> a) & 1))
          least = satAdd(least,
                         satMul(m.getAccessedElements(a), m.getElementBits(a)));
      points.push_back({0, least});
    }
    it = relaxed.emplace(key, paretoOf(std::move(points))).first;
    return it->second;
  }

  /// The content key of group [begin, end): equal keys give equal fronts
  /// (see computeWorkloadCurves), up to begin/end and the class numbering,
  /// which `shareable` (the sorted shareable classes; [1]: with the
  /// group's inputs shared) translates.
  std::vector<int64_t>
  groupKey(const GroupMembers &group,
           std::array<llvm::SmallVector<unsigned, 4>, 2> &shareable);
  /// Whether the search lets group `g` share its inputs: options allow it,
  /// it spans at most kMaxShareSpan positions and has an input to share.
  bool mayShare(const GroupMembers &g) const {
    return options.shareInputs && g.size() >= 2 &&
           g.back() - g.front() < FusionOptions::kMaxShareSpan &&
           !fm.sharedInputs(g).empty();
  }
  /// Whether group `g` is connected in some variant the search tries.
  bool isConnected(const GroupMembers &g) const {
    return fm.isConnected(g) || (mayShare(g) && fm.isConnected(g, true));
  }

private:
  /// The inner front of einsum e under shared loops `shared` with internal
  /// accesses `internal`, from the memo or searched now (budgeted).
  llvm::Expected<std::shared_ptr<const OptList>>
  innerFront(unsigned e, llvm::ArrayRef<LoopState> shared, uint32_t internal);
  Count spent() const { return stats.candidates(); }
  /// The cap on spent() now: the workload's budget, or the current group's
  /// (set by segment()) when that comes first; 0 = none.
  Count cap() const {
    if (groupCap == 0)
      return options.maxCandidates;
    if (options.maxCandidates == 0)
      return groupCap;
    return std::min(groupCap, options.maxCandidates);
  }
  /// The error for an exceeded cap. Inside a group of 2+ einsums,
  /// segment() catches it (groupCut) and keeps the group's points so far;
  /// when the workload's budget was the one hit, every later such group is
  /// cut at once (budgetExhausted).
  llvm::Error budgetError(const Einsum &e) {
    if (inGroup) {
      groupCut = true;
      // The workload's budget is the one hit when it is the binding cap.
      if (cap() == options.maxCandidates)
        stats.budgetExhausted = true;
    }
    return makeError(llvm::formatv(
        "fusion search exceeded the candidate budget of {0} (at einsum "
        "'{1}'); raise the budget or bound maxGroupSize / maxSharedLoops / "
        "maxGroupCandidates",
        toString(options.maxCandidates), e.name));
  }
  bool overBudget() const {
    Count c = cap();
    return c != 0 && spent() > c;
  }
  llvm::Error segmentBody(const GroupMembers &group, SegmentFront &out,
                          llvm::function_ref<bool(Count, Count)> useless,
                          bool cutRule, std::map<Count, CompactPoint> &front);
  /// Appends the class lists of group `group` (with its inputs shared or
  /// not) that have legal configurations, with their tile lists and access
  /// bounds; `plain`: the analysis without shared loops, if known.
  void addSeqInfos(const GroupMembers &group, bool shareInputs,
                   std::optional<GroupAnalysis> plain,
                   std::vector<SeqInfo> &infos);
  /// The options of shared input `sh` of `g` under `tilings`: its
  /// positions 0..S (those not dominated by a shallower one), each with its
  /// first reader's traffic and occupancy, persistent.
  std::shared_ptr<const OptList>
  sharedInputOptions(const GroupAnalysis &g,
                     llvm::ArrayRef<SharedTiling> tilings,
                     const SharedInput &sh) const;
  /// Whether every (peak, accesses) lower bound of group `g` under shared
  /// tiles (`tilings`, one per einsum; live internal tiles `live` per
  /// einsum) is dominated by the group front or useless for the DP (the
  /// staircase bound).
  bool staircaseBoundPrunes(const GroupAnalysis &g,
                            llvm::ArrayRef<SharedTiling> tilings,
                            llvm::ArrayRef<Count> live,
                            llvm::function_ref<bool(Count, Count)> dominated,
                            llvm::function_ref<bool(Count, Count)> useless,
                            BoundScratch &scratch, bool wholeRun = false,
                            int64_t runMinTrips = 0);
  /// Whether every state of `states` (sorted by accesses) is dominated or
  /// useless.
  static bool allBoundsPruned(llvm::ArrayRef<BoundState> states,
                              llvm::function_ref<bool(Count, Count)> dominated,
                              llvm::function_ref<bool(Count, Count)> useless);

  /// Drops from `tiles`, the tiles of shared loop k of `si`, those no
  /// mapping needs (FusionGroup.cpp).
  void dropUnpayingWindowTiles(const SeqInfo &si, unsigned k,
                               llvm::SmallVector<int64_t, 0> &tiles);
  /// Einsum e's rank rules over its accesses that are not internal.
  /// Thread-safe.
  const RankRules &rankRules(unsigned e, uint32_t internal);
  /// Einsum e split for re-tiling its shared ranks `split` (rank, shared
  /// tile; FusionModel.h "Re-tiling") with its rank rules over the accesses
  /// that are not internal. Thread-safe.
  struct SplitRules {
    SplitEinsum split;
    std::map<std::pair<unsigned, bool>, llvm::SmallVector<int64_t, 0>> tiles;
    std::unique_ptr<RankRules> rules;
  };
  const SplitRules &
  splitRules(unsigned e, llvm::ArrayRef<std::pair<unsigned, int64_t>> split,
             uint32_t internal);
  /// The memo key of an inner front.
  InnerKey innerKey(unsigned e, llvm::ArrayRef<LoopState> shared,
                    uint32_t internal);
  /// The inner search of einsum e (counting into `candidates`, failing past
  /// `budget` if nonzero: then null). Thread-safe.
  std::shared_ptr<OptList> runInnerSearch(unsigned e,
                                          llvm::ArrayRef<LoopState> shared,
                                          uint32_t internal, Count &candidates,
                                          Count budget);
  /// Runs per batch in segmentBody: the runs of a batch are searched
  /// independently (in parallel with a pool), so larger batches keep more
  /// threads busy and smaller ones let points of earlier runs prune later
  /// ones sooner. Fixed, so that the search is the same at any thread
  /// count.
  static constexpr size_t kRunsPerBatch = 16;

  using Bound = llvm::function_ref<bool(Count, Count)>;
  /// Configuration `t` (innermost tile index) of `run`, before any bound.
  ConfigWork makeConfig(const RunWork &run, unsigned t) const;
  /// Searches one run of a batch, on any worker: bounds against the group
  /// front as it was when the batch began (`dominates`) plus the points
  /// this run found so far, inner fronts from the memo or searched in the
  /// batch (shared by the workers), joins. Reads the searcher's state
  /// only; spends at most `allowance` candidates (0: no bound).
  void searchRun(RunWork &run, unsigned worker, Bound dominates, Bound useless,
                 Count allowance);
  /// Takes a searched run into the group front, in order: counters, the
  /// inner fronts it searched into the memo, its points.
  void mergeRun(RunWork &run, llvm::function_ref<void(CompactPoint)> insert,
                SegmentFront &out);
  /// Joins one configuration's inner fronts along the group, keeping only
  /// non-dominated (accesses, persistent, max live-inner) partial
  /// combinations and dropping those whose lower bounds `dominates` or
  /// `useless` reject. Calls emit(peak, accesses, picks) for each final
  /// combination `dominates` does not reject, in order. Counts into
  /// `counts`; false when they passed `allowance` (0: no bound).
  bool joinFronts(
      llvm::ArrayRef<std::shared_ptr<const OptList>> fronts,
      llvm::ArrayRef<Count> live, Bound dominates, Bound useless,
      FusionStats &counts, Count allowance,
      llvm::function_ref<void(Count, Count, std::vector<uint32_t>)> emit);
  /// The inner fronts searched in the current batch, by memo key.
  std::unordered_map<InnerKey, std::unique_ptr<BatchFront>, InnerKeyHash>
      batchFronts;
  std::mutex batchFrontsMutex;
  /// Empties batchFronts. A map that once grew large is replaced: clearing
  /// it would zero its whole bucket array every time (a pass over every
  /// later group of a long model).
  void clearBatchFronts() {
    if (batchFronts.bucket_count() > 64)
      decltype(batchFronts)().swap(batchFronts);
    else
      batchFronts.clear();
  }

  llvm::ThreadPoolInterface *pool = nullptr;
  /// Runs a batch's runs: on this thread and the pool's, with the helpers
  /// kept between batches (WorkerTeam.h); scratch per worker.
  WorkerTeam team;
  std::vector<BoundScratch> scratch;
  const FusionModel &fm;
  const FusionOptions &options;
  FusionStats &stats;
  /// The content class of einsum e: einsums with equal classes have equal
  /// cost models (same extents, projections, element bits, shapes, tensor
  /// kinds, placements and aliasing of their accesses), hence equal inner
  /// fronts under equal shared loops and internal accesses (the inner search
  /// reads nothing else), so a front computed for one is the front of the
  /// other, points and witnesses (rank and access indices are the same).
  unsigned contentClass(unsigned e);
  struct MemoEntry {
    std::shared_ptr<const OptList> front;
    unsigned lastEnd = 0;
    /// A front with no shared loop stays for the whole search: every
    /// longer group through the einsum has a configuration without shared
    /// loops that asks for it again at each later end (the GPT-3 layer at
    /// 8192 tokens searched its projections' and FFN matmuls' such fronts
    /// once per end: about half of all inner candidates), and there are
    /// few of them (one per content class and internal accesses).
    bool pinned = false;
  };
  std::unordered_map<InnerKey, MemoEntry, InnerKeyHash> memo;
  /// Inner fronts (memo keys) whose search ran out of candidates, with the
  /// largest allowance it ran out of.
  std::map<InnerKey, Count> failedAllowance;
  unsigned currentEnd = 0;
  /// segment()'s cap on spent() for the group being searched (0 = none),
  /// and whether it was hit.
  Count groupCap = 0;
  bool inGroup = false, groupCut = false;
  std::vector<int> contentOf;
  std::map<std::vector<int64_t>, unsigned> contentIds;
  std::map<std::tuple<unsigned, unsigned, bool>,
           std::unique_ptr<llvm::SmallVector<int64_t, 0>>>
      tileLists;
  /// Per einsum and internal accesses: its rank rules (PruningRules.h).
  std::map<std::pair<unsigned, uint32_t>, std::unique_ptr<RankRules>>
      rankRulesOf;
  /// Per (einsum, internal accesses, split ranks and tiles): splitRules.
  std::map<std::vector<int64_t>, std::unique_ptr<SplitRules>> splitRulesOf;
  std::mutex tileListsMutex;
  std::unordered_map<InnerKey, std::vector<std::pair<Count, Count>>,
                     InnerKeyHash>
      relaxed;
  /// The groups of the current end, as the DP moves their start down.
  GroupScan scan;
};

} // namespace oro::core::fusion

#endif // ORO_LIB_CORE_FUSIONSEARCHER_H
