//===- FusionSearch.cpp - Fused and unfused workload curves ---------------===//
//
// Inner fronts (depth-first, branch and bound, 3 objectives), the group join
// along the order, and the partition DP. The reductions and why they lose
// nothing are listed in FusionSearch.h.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/FusionSearch.h"
#include "oro/Core/Search.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/ThreadPool.h"
#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <unordered_map>

using namespace oro::core;

namespace {

constexpr unsigned kMaxRanks = CostModel::kMaxRanks;
constexpr unsigned kMaxAccesses = FusionModel::kMaxAccesses;

llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

/// Smallest tile of every trip count >= 2 (ascending), or every tile with
/// >= 2 trips.
llvm::SmallVector<int64_t, 0> tilesFor(int64_t e, bool minimalOnly) {
  llvm::SmallVector<int64_t, 0> tiles;
  if (e < 2)
    return tiles;
  if (!minimalOnly) {
    for (int64_t t = 1; t < e; ++t)
      tiles.push_back(t);
    return tiles;
  }
  for (int64_t q = e; q >= 2;) {
    int64_t t = ceilDiv(e, q);
    if (tiles.empty() || tiles.back() != t)
      tiles.push_back(t);
    q = std::min(q - 1, (e - 1) / t);
  }
  return tiles;
}

/// One inner mapping of one einsum: its objectives and witness.
struct Opt {
  Count acc = 0, per = 0, inn = 0;
  Mapping map;
};
using OptList = std::vector<Opt>;

/// Einsum `i` of group `g` under shared tiles `tiles`: its shared loops
/// (outermost first), the loop over each rank (-1: none), and each rank's
/// length in one shared iteration at its smallest (its shared tile, else 1).
struct SharedTiling {
  llvm::SmallVector<LoopState, 4> loops;
  llvm::SmallVector<int, kMaxRanks> rankLoop;
  int64_t lens[kMaxRanks];

  SharedTiling(const CostModel &m, const GroupAnalysis &g, unsigned i,
               llvm::ArrayRef<int64_t> tiles)
      : rankLoop(m.getNumRanks(), -1) {
    for (unsigned r = 0; r < m.getNumRanks(); ++r)
      lens[r] = 1;
    for (unsigned k = 0; k < tiles.size(); ++k) {
      unsigned r = g.sharedRanks[i][k];
      loops.push_back(LoopState::get({r, tiles[k]}, m.getExtent(r)));
      rankLoop[r] = k;
      lens[r] = std::min<int64_t>(tiles[k], m.getExtent(r));
    }
  }
  /// The least a reservation of access `a` below the shared loops holds:
  /// its footprint at `lens`, in bits.
  Count leastFootprintBits(const CostModel &m, unsigned a) const {
    return satMul(m.footprint(a, {lens, m.getNumRanks()}),
                  m.getElementBits(a));
  }
};

/// The depth-first inner search of one einsum under fixed shared loops.
class InnerSearch {
public:
  /// `tileCache(rank, minimalOnly)`: tilesFor(extent of rank, minimalOnly).
  InnerSearch(const CostModel &model, llvm::ArrayRef<LoopState> shared,
              uint32_t internal, bool allowBypass, Count &candidates,
              Count budget,
              llvm::function_ref<llvm::ArrayRef<int64_t>(unsigned, bool)>
                  tileCache)
      : model(model), S(shared.size()), internal(internal),
        allowBypass(allowBypass), candidates(candidates), budget(budget) {
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
    uint32_t either = allowBypass ? kept : 0;
    uint32_t bypassed = 0;
    do {
      Count acc = 0;
      for (unsigned a = 0; a < numAccesses; ++a) {
        positions[a] = Mapping::kBypass;
        if ((bypassed >> a) & 1)
          acc = satAdd(acc, model.evaluateAccess(a, {}, {rankLoop, numRanks},
                                                 Mapping::kBypass)
                                .accessBits());
      }
      node(0, kept & ~bypassed, 0, acc, 0, 0);
      if (failed)
        return false;
      bypassed = (bypassed - either) & either;
    } while (bypassed != 0);
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
  uint32_t internal;
  bool allowBypass;
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

/// A group point before its witness is materialized: the configuration and
/// the chosen option of every einsum.
struct CompactPoint {
  Count peak = 0, acc = 0;
  unsigned config = 0;
  std::vector<uint32_t> picks;
};

struct Config {
  llvm::SmallVector<SharedLoop, 4> shared;
  std::vector<std::shared_ptr<const OptList>> fronts;
};

struct SegmentFront {
  unsigned begin = 0, end = 0;
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
    g.begin = begin;
    g.end = end;
    g.shared = c.shared;
    for (unsigned i = 0; i < cp.picks.size(); ++i)
      g.mappings.push_back((*c.fronts[i])[cp.picks[i]].map);
    return g;
  }
};

/// Scratch of the staircase bound (one per worker).
struct BoundState {
  Count acc, per, inn;
};
struct BoundScratch {
  std::vector<BoundState> join, mine, next, opts;
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
  Count allowance = 0;
  std::once_flag once;
  std::shared_ptr<const OptList> front;
  Count candidates = 0;
};

/// One class list of a group: its analysis (shared ranks, internal
/// tensors), the tile list of each shared loop, and the access lower bound
/// of its configurations (distinct elements of the non-internal accesses).
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
struct RunWork {
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
      : fm(fm), options(options), stats(stats) {
    pool = options.threadPool;
    scratch.resize(concurrency());
  }

  /// The front of group [begin, end). With `useless` (the partition-DP
  /// bound: lower bounds (peak, accesses) that cannot improve the workload
  /// front), group states it rejects are dropped and the cut rule applies.
  llvm::Error segment(unsigned begin, unsigned end, SegmentFront &out,
                      llvm::function_ref<bool(Count, Count)> useless = {});
  /// Called after the DP has finished the groups ending at `end`: forgets
  /// the memoized inner fronts last used more than `kMemoWindow` ends ago
  /// (segments keep those they use).
  void finishedEnd(unsigned end) {
    currentEnd = end + 1;
    for (auto it = memo.begin(); it != memo.end();) {
      if (it->second.lastEnd + kMemoWindow < currentEnd)
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
  void noteTruncated(unsigned begin, unsigned end) {
    if (stats.groupsTruncated++ < FusionStats::kMaxListed)
      stats.truncatedGroups.push_back({begin, end});
  }

  /// Einsum e's front of (peak, accesses) over every loop nest with every
  /// access to an intermediate tensor free (no traffic, no occupancy):
  /// below e's part of any fused mapping at the same peak (fusedLowerBound).
  /// Not budgeted.
  std::vector<std::pair<Count, Count>> relaxedFront(unsigned e) {
    const Workload &w = fm.getWorkload();
    const Einsum &ein = w.einsums[e];
    uint32_t internal = 0;
    for (unsigned a = 0; a <= ein.inputs.size(); ++a) {
      const Access &acc = a == ein.inputs.size() ? ein.output : ein.inputs[a];
      if (w.tensors[acc.tensor].kind == TensorKind::Intermediate)
        internal |= uint32_t(1) << a;
    }
    InnerKey key = innerKey(e, {}, internal);
    auto it = relaxed.find(key);
    if (it == relaxed.end()) {
      Count spent = 0;
      std::shared_ptr<OptList> opts =
          runInnerSearch(e, {}, internal, spent, /*budget=*/0);
      std::vector<std::pair<Count, Count>> points;
      for (const Opt &o : *opts)
        points.push_back({satAdd(o.per, o.inn), o.acc});
      it = relaxed.emplace(key, paretoOf(std::move(points))).first;
    }
    return it->second;
  }

  /// The content key of group [begin, end): equal keys give equal fronts
  /// (see computeWorkloadCurves), up to begin/end and the class numbering,
  /// which `shareable` (the sorted shareable classes) translates.
  std::vector<int64_t> groupKey(unsigned begin, unsigned end,
                                llvm::SmallVector<unsigned, 4> &shareable);

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
  llvm::Error segmentBody(unsigned begin, unsigned end, SegmentFront &out,
                          llvm::function_ref<bool(Count, Count)> useless,
                          std::map<Count, CompactPoint> &front);
  /// Whether every (peak, accesses) lower bound of group `g` under shared
  /// tiles (`tilings`, one per einsum; live internal tiles `live` per
  /// einsum) is dominated by the group front or useless for the DP (the
  /// staircase bound). When not, `scratch.join` holds the final
  /// combinations (allBoundsPruned decides again on them later).
  bool staircaseBoundPrunes(const GroupAnalysis &g,
                            llvm::ArrayRef<SharedTiling> tilings,
                            llvm::ArrayRef<Count> live,
                            llvm::function_ref<bool(Count, Count)> dominated,
                            llvm::function_ref<bool(Count, Count)> useless,
                            BoundScratch &scratch);
  static bool allBoundsPruned(llvm::ArrayRef<BoundState> states,
                              llvm::function_ref<bool(Count, Count)> dominated,
                              llvm::function_ref<bool(Count, Count)> useless);

  /// The memo key of an inner front.
  InnerKey innerKey(unsigned e, llvm::ArrayRef<LoopState> shared,
                    uint32_t internal);
  /// The inner search of einsum e (counting into `candidates`, failing past
  /// `budget` if nonzero: then null). Thread-safe.
  std::shared_ptr<OptList> runInnerSearch(unsigned e,
                                          llvm::ArrayRef<LoopState> shared,
                                          uint32_t internal, Count &candidates,
                                          Count budget);
  /// Runs fn(k, worker) for k in [0, n): on the pool's threads when there
  /// is one (worker < concurrency()), else in order on this thread.
  void forEach(size_t n, llvm::function_ref<void(size_t, unsigned)> fn);
  unsigned concurrency() const {
    return pool ? std::max(1u, pool->getMaxConcurrency()) : 1;
  }
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

  llvm::ThreadPoolInterface *pool = nullptr;
  std::vector<BoundScratch> scratch;
  const FusionModel &fm;
  const FusionOptions &options;
  FusionStats &stats;
  /// The content class of einsum e: einsums with equal classes have equal
  /// cost models (same extents, projections, element bits, shapes, tensor
  /// kinds and aliasing of their accesses), hence equal inner fronts under
  /// equal shared loops and internal accesses (the inner search reads
  /// nothing else), so a front computed for one is the front of the other,
  /// points and witnesses (rank and access indices are the same).
  unsigned contentClass(unsigned e);
  struct MemoEntry {
    std::shared_ptr<const OptList> front;
    unsigned lastEnd = 0;
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
  std::mutex tileListsMutex;
  std::unordered_map<InnerKey, std::vector<std::pair<Count, Count>>,
                     InnerKeyHash>
      relaxed;
};

void FusionSearcher::forEach(size_t n,
                             llvm::function_ref<void(size_t, unsigned)> fn) {
  unsigned workers = std::min<size_t>(concurrency(), n);
  if (workers <= 1) {
    for (size_t k = 0; k < n; ++k)
      fn(k, 0);
    return;
  }
  std::atomic<size_t> next{0};
  llvm::ThreadPoolTaskGroup group(*pool);
  for (unsigned w = 0; w < workers; ++w)
    group.async([&, w] {
      for (size_t k; (k = next.fetch_add(1)) < n;)
        fn(k, w);
    });
  group.wait();
}

unsigned FusionSearcher::contentClass(unsigned e) {
  if (contentOf.empty())
    contentOf.assign(fm.getNumEinsums(), -1);
  if (contentOf[e] >= 0)
    return contentOf[e];
  const Workload &w = fm.getWorkload();
  const Einsum &ein = w.einsums[e];
  std::vector<int64_t> key;
  for (const Rank &r : ein.ranks)
    key.push_back(r.extent);
  unsigned numInputs = ein.inputs.size();
  for (unsigned a = 0; a <= numInputs; ++a) {
    const Access &acc = a == numInputs ? ein.output : ein.inputs[a];
    const Tensor &t = w.tensors[acc.tensor];
    // Aliasing: the first access of this einsum to the same tensor.
    unsigned first = a;
    for (unsigned b = 0; b < a; ++b)
      if (ein.inputs[b].tensor == acc.tensor)
        first = std::min(first, b);
    key.insert(key.end(), {-1, static_cast<int64_t>(first), t.bits,
                           static_cast<int64_t>(t.kind), t.isWeight});
    for (int64_t d : t.shape)
      key.push_back(d);
    for (const DimExpr &d : acc.dims) {
      key.push_back(-2);
      for (const AffineTerm &term : d.terms)
        key.insert(key.end(), {static_cast<int64_t>(term.rank), term.coeff});
      key.push_back(d.constant);
    }
  }
  auto [it, inserted] = contentIds.try_emplace(key, contentIds.size());
  contentOf[e] = it->second;
  return it->second;
}

std::vector<int64_t>
FusionSearcher::groupKey(unsigned begin, unsigned end,
                         llvm::SmallVector<unsigned, 4> &shareable) {
  const Workload &w = fm.getWorkload();
  GroupClasses gc = fm.groupClasses(begin, end);
  shareable = FusionModel::shareableClasses(gc);
  std::vector<int64_t> key{static_cast<int64_t>(end - begin)};
  for (unsigned e = begin; e < end; ++e) {
    const Einsum &ein = w.einsums[e];
    key.push_back(-1);
    key.push_back(contentClass(e));
    // Where each input comes from: an einsum of the group (relative) or not.
    for (const Access &a : ein.inputs) {
      int p = fm.getProducer(a.tensor);
      key.push_back(p >= static_cast<int>(begin) && p < static_cast<int>(e)
                        ? p - static_cast<int>(begin)
                        : -1);
    }
    // Who reads the output: (relative einsum, access) inside, -1 outside.
    key.push_back(-2);
    for (auto [c, a] : fm.getReaders(ein.output.tensor)) {
      if (c >= begin && c < end) {
        key.push_back(c - begin);
        key.push_back(a);
      } else {
        key.push_back(-1);
      }
    }
    // Each rank's position in the sorted shareable classes, or -1.
    key.push_back(-3);
    for (unsigned r = 0; r < ein.ranks.size(); ++r) {
      unsigned c = gc.getClass(e, r);
      auto *it = std::find(shareable.begin(), shareable.end(), c);
      key.push_back(it == shareable.end() ? -1 : it - shareable.begin());
    }
  }
  return key;
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
  auto tileCache = [&](unsigned r, bool minimal) -> llvm::ArrayRef<int64_t> {
    std::lock_guard<std::mutex> lock(tileListsMutex);
    auto &slot = tileLists[{e, r, minimal}];
    if (!slot)
      slot = std::make_unique<llvm::SmallVector<int64_t, 0>>(
          tilesFor(fm.getCostModel(e).getExtent(r), minimal));
    return *slot;
  };
  auto list = std::make_shared<OptList>();
  InnerSearch search(fm.getCostModel(e), shared, internal, options.allowBypass,
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
      memo.emplace(std::move(key), MemoEntry{list, currentEnd});
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
    if (options.allowBypass)
      so.keep.assign(fm.getCostModel(e).getNumAccesses(), KeepPolicy::Either);
    auto r = searchParetoFront(fm.getCostModel(e), so);
    if (!r) {
      llvm::consumeError(r.takeError());
      return fail();
    }
    stats.innerCandidates =
        satAdd(stats.innerCandidates, r->stats.candidatesEvaluated);
    for (ParetoPoint &p : r->front.points())
      list->push_back({p.accessBits, p.occupancyBits, 0, p.witness});
    memo.emplace(std::move(key), MemoEntry{list, currentEnd});
    return std::shared_ptr<const OptList>(list);
  }
  list = runInnerSearch(e, shared, internal, stats.innerCandidates, budget);
  if (!list)
    return fail();
  memo.emplace(std::move(key), MemoEntry{list, currentEnd});
  return std::shared_ptr<const OptList>(list);
}

llvm::Error
FusionSearcher::segment(unsigned begin, unsigned end, SegmentFront &out,
                        llvm::function_ref<bool(Count, Count)> useless) {
  out = SegmentFront();
  out.begin = begin;
  out.end = end;
  ++stats.groupsSearched;
  unsigned n = end - begin;
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
  llvm::Error err = segmentBody(begin, end, out, useless, front);
  batchFronts.clear();
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
    noteTruncated(begin, end);
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
FusionSearcher::segmentBody(unsigned begin, unsigned end, SegmentFront &out,
                            llvm::function_ref<bool(Count, Count)> useless,
                            std::map<Count, CompactPoint> &front) {
  if (!fm.isConnected(begin, end))
    return llvm::Error::success();
  unsigned n = end - begin;
  if (useless && n > 1) {
    // Cut rule (FusionSearch.h): internal tensors do not depend on the
    // shared classes.
    auto ga = fm.analyzeGroup(begin, end, {});
    if (!ga)
      return ga.takeError();
    // crossing[k - begin]: internal tensors live across the cut before k
    // (producer < k <= lastReader), by a difference array: O(n + internals)
    // rather than O(n * internals) per group (which made long groups, and
    // so whole models, cost n^4 overall).
    std::vector<int> crossing(n + 1, 0);
    for (const GroupAnalysis::Internal &in : ga->internals) {
      crossing[in.producer + 1 - begin] += 1;
      crossing[in.lastReader + 1 - begin] -= 1;
    }
    for (unsigned k = 1; k <= n; ++k)
      crossing[k] += crossing[k - 1];
    std::vector<bool> connected = fm.connectedCuts(begin, end);
    for (unsigned k = begin + 1; k < end; ++k) {
      bool crossed = crossing[k - begin] != 0;
      if (!crossed && connected[k - begin]) {
        ++stats.groupsCut;
        return llvm::Error::success();
      }
    }
  }
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
    auto f = innerFront(begin, {}, 0);
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
    GroupClasses gc = fm.groupClasses(begin, end);
    llvm::SmallVector<unsigned, 4> classes = FusionModel::shareableClasses(gc);
    // The parallel phase reads these lazily built tables; build them here.
    for (unsigned e = begin; e < end; ++e)
      (void)contentClass(e);
    if (useless && pool)
      (void)useless(0, 0);
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
    // Each class list's analysis, tile lists and access lower bound.
    std::vector<SeqInfo> infos;
    for (const auto &seq : seqs) {
      auto ga = fm.analyzeGroup(gc, seq);
      if (!ga) {
        llvm::consumeError(ga.takeError());
        continue;
      }
      SeqInfo si{seq, std::move(*ga), {}, 0};
      unsigned S = seq.size();
      bool empty = false;
      for (unsigned k = 0; k < S; ++k) {
        bool minimal = true;
        int64_t extent = 1;
        for (unsigned i = 0; i < n; ++i) {
          const CostModel &m = fm.getCostModel(begin + i);
          unsigned r = si.ga.sharedRanks[i][k];
          extent = m.getExtent(r);
          for (unsigned a = 0; a < m.getNumAccesses(); ++a) {
            if ((si.ga.internalAccesses[i] >> a) & 1)
              continue;
            RankRole role = m.getRankRole(a, r);
            minimal &= role == RankRole::Absent || role == RankRole::Single;
          }
        }
        si.tileLists.push_back(tilesFor(extent, minimal));
        empty |= si.tileLists.back().empty();
      }
      if (empty)
        continue;
      // Cheap per-config lower bounds: accesses (distinct elements of the
      // non-internal accesses) do not depend on the tiles.
      for (unsigned i = 0; i < n; ++i) {
        const CostModel &m = fm.getCostModel(begin + i);
        for (unsigned a = 0; a < m.getNumAccesses(); ++a)
          if (!((si.ga.internalAccesses[i] >> a) & 1))
            si.accLow = satAdd(si.accLow, satMul(m.getAccessedElements(a),
                                                 m.getElementBits(a)));
      }
      infos.push_back(std::move(si));
    }
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
          return budgetError(fm.getWorkload().einsums[begin]);
        allowance = cap() - spent();
      }
      forEach(batch.size(), [&](size_t k, unsigned worker) {
        searchRun(batch[k], worker, dominates, useless, allowance);
      });
      for (RunWork &run : batch) {
        mergeRun(run, insert, out);
        if (run.outOfBudget || overBudget())
          return budgetError(fm.getWorkload().einsums[begin]);
      }
      batchFronts.clear();
    }
  }
  return llvm::Error::success();
}

ConfigWork FusionSearcher::makeConfig(const RunWork &run, unsigned t) const {
  const SeqInfo &si = *run.info;
  const GroupAnalysis &ga = si.ga;
  unsigned n = ga.end - ga.begin, S = si.seq.size();
  ConfigWork cw;
  for (unsigned k = 0; k < S; ++k)
    cw.tiles.push_back(si.tileLists[k][k + 1 < S ? run.outer[k] : t]);
  // Each einsum's shared loops at these tiles.
  for (unsigned i = 0; i < n; ++i)
    cw.tilings.emplace_back(fm.getCostModel(ga.begin + i), ga, i, cw.tiles);
  // Live internal tiles.
  cw.live.assign(n, 0);
  for (const GroupAnalysis::Internal &in : ga.internals) {
    Count bits = fm.internalTileBits(ga, in, cw.tiles);
    for (unsigned e = in.producer; e <= in.lastReader; ++e)
      cw.live[e - ga.begin] = satAdd(cw.live[e - ga.begin], bits);
  }
  // The cheap peak bound: live internal tiles plus the non-internal
  // accesses' least footprints, maxed over the einsums.
  for (unsigned i = 0; i < n; ++i) {
    const CostModel &m = fm.getCostModel(ga.begin + i);
    Count occ = cw.live[i];
    if (!options.allowBypass)
      for (unsigned a = 0; a < m.getNumAccesses(); ++a)
        if (!((ga.internalAccesses[i] >> a) & 1))
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
  unsigned n = ga.end - ga.begin, S = si.seq.size();
  bool staircase = useless && S != 0 && !options.allowBypass;
  FusionStats &counts = run.counts;
  // This run's points so far. Each is a point of the group front to come,
  // or dominated or useless there.
  Staircase found;
  auto dominated = [&](Count p, Count a) {
    return dominates(p, a) || found.dominates(p, a);
  };
  scratch[worker].aboveInnermost.clear();
  for (unsigned t = 0, len = runLength(run); t < len; ++t) {
    ConfigWork cw = makeConfig(run, t);
    // Larger innermost tiles only raise the cheap peak bound: the run ends.
    if (useless &&
        (dominated(cw.peakLow, si.accLow) || useless(cw.peakLow, si.accLow))) {
      ++counts.configsPruned;
      return;
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
      uint32_t internal = ga.internalAccesses[i];
      InnerKey key = innerKey(ga.begin + i, cw.tilings[i].loops, internal);
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
        bf->front = runInnerSearch(ga.begin + i, cw.tilings[i].loops, internal,
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
    std::vector<RunWork::Offered> offered;
    bool within =
        joinFronts(cfg.fronts, cw.live, dominated, useless, counts, allowance,
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
      memo.emplace(bf->key, MemoEntry{bf->front, currentEnd});
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
  for (const BoundState &b : states) {
    Count peak = satAdd(b.per, b.inn);
    if (!dominated(peak, b.acc) && !useless(peak, b.acc))
      return false;
  }
  return true;
}

bool FusionSearcher::staircaseBoundPrunes(
    const GroupAnalysis &g, llvm::ArrayRef<SharedTiling> tilings,
    llvm::ArrayRef<Count> live,
    llvm::function_ref<bool(Count, Count)> dominated,
    llvm::function_ref<bool(Count, Count)> useless, BoundScratch &scratch) {
  unsigned n = g.end - g.begin, S = tilings.front().loops.size();
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
  for (unsigned i = 0; i < n; ++i) {
    const CostModel &m = fm.getCostModel(g.begin + i);
    const SharedTiling &tiling = tilings[i];
    // This einsum's combinations: (accesses, persistent, inner).
    mine.assign(1, {0, 0, 0});
    for (unsigned a = 0; a < m.getNumAccesses(); ++a) {
      if ((g.internalAccesses[i] >> a) & 1)
        continue;
      if (aboveAt == above.size())
        for (unsigned p = 0; p < S; ++p) {
          TensorCost t = m.evaluateAccess(a, tiling.loops, tiling.rankLoop, p);
          above.push_back({t.accessBits(), t.occupancyBits, 0});
        }
      opts.assign(above.begin() + aboveAt, above.begin() + aboveAt + S);
      aboveAt += S;
      {
        TensorCost t = m.evaluateAccess(a, tiling.loops, tiling.rankLoop, S);
        opts.push_back({t.accessBits(), t.occupancyBits, 0});
      }
      // Inner: at least position S's traffic, at least the least footprint.
      opts.push_back({opts.back().acc, 0, tiling.leastFootprintBits(m, a)});
      next.clear();
      for (const BoundState &x : mine)
        for (const BoundState &o : opts)
          next.push_back({satAdd(x.acc, o.acc), satAdd(x.per, o.per),
                          satAdd(x.inn, o.inn)});
      pareto3(next, key);
      std::swap(mine, next);
    }
    next.clear();
    for (const BoundState &x : join)
      for (const BoundState &o : mine)
        next.push_back({satAdd(x.acc, o.acc), satAdd(x.per, o.per),
                        std::max(x.inn, satAdd(live[i], o.inn))});
    pareto3(next, key);
    std::swap(join, next);
    if (allBoundsPruned(join, dominated, useless))
      return true;
  }
  return false;
}

/// Groups of at most this many einsums go through the group memo.
constexpr unsigned kGroupMemoLength = 8;
/// How many ends an unused memoized group front is kept.
constexpr unsigned kGroupMemoWindow = 64;

/// DP point: capacity, accesses, and how it was made.
struct DPPoint {
  Count cap = 0, acc = 0;
  unsigned from = 0, prevPoint = 0, groupPoint = 0;
};

std::vector<std::pair<Count, Count>> pairsOf(const std::vector<DPPoint> &v) {
  std::vector<std::pair<Count, Count>> out;
  for (const DPPoint &p : v)
    out.push_back({p.cap, p.acc});
  return out;
}

} // namespace

llvm::Expected<std::vector<std::pair<Count, Count>>>
oro::core::fusedLowerBound(const Workload &workload,
                           const FusionOptions &options) {
  auto fm = FusionModel::create(workload);
  if (!fm)
    return fm.takeError();
  FusionStats stats;
  FusionSearcher searcher(*fm, options, stats);
  std::vector<std::pair<Count, Count>> bound{{0, 0}};
  for (unsigned e = 0; e < fm->getNumEinsums(); ++e)
    bound = sumFronts(bound, searcher.relaxedFront(e));
  return bound;
}

llvm::Expected<std::vector<GroupPoint>>
oro::core::searchGroupFront(const FusionModel &model, unsigned begin,
                            unsigned end, const FusionOptions &options) {
  FusionStats stats;
  FusionSearcher searcher(model, options, stats);
  SegmentFront sf;
  if (llvm::Error err = searcher.segment(begin, end, sf))
    return std::move(err);
  std::vector<GroupPoint> out;
  for (unsigned p = 0; p < sf.points.size(); ++p)
    out.push_back({sf.points[p].peak, sf.points[p].acc, sf.witness(p)});
  return out;
}

llvm::Expected<WorkloadCurves>
oro::core::computeWorkloadCurves(const Workload &workload,
                                 const FusionOptions &options) {
  auto start = std::chrono::steady_clock::now();
  auto fmOr = FusionModel::create(workload);
  if (!fmOr)
    return fmOr.takeError();
  const FusionModel &fm = *fmOr;
  WorkloadCurves curves;
  FusionStats &stats = curves.stats;
  FusionSearcher searcher(fm, options, stats);
  unsigned n = fm.getNumEinsums();
  unsigned maxG = options.maxGroupSize == 0 ? n : options.maxGroupSize;
  struct GroupMemoEntry {
    SegmentFront front;
    llvm::SmallVector<unsigned, 4> shareable;
    unsigned lastEnd;
  };
  std::map<std::vector<int64_t>, GroupMemoEntry> groupMemo;
  auto never = [](Count, Count) { return false; };
  // Which short groups occur more than once: only those are searched
  // without the partition-DP bound and memoized.
  std::map<std::vector<int64_t>, unsigned> groupCount;
  if (options.groupMemo && options.partitionPruning)
    for (unsigned i = 1; i <= n; ++i)
      for (unsigned j = i >= 2 ? i - 2 : 0;
           j + kGroupMemoLength >= i && j + maxG >= i; --j) {
        llvm::SmallVector<unsigned, 4> shareable;
        ++groupCount[searcher.groupKey(j, i, shareable)];
        if (j == 0)
          break;
      }
  // segments[i][k]: the group [i - k - 1, i).
  std::vector<std::vector<SegmentFront>> segments(n + 1);
  std::vector<std::vector<DPPoint>> F(n + 1);
  // The lower bound of the exact fused curve over [0, i) (lower), the
  // bounds of partitions whose last cut group ends at i (cutAt), and of
  // those whose last cut group ends before i (sinceCut).
  std::vector<std::vector<std::pair<Count, Count>>> lower(n + 1), cutAt(n + 1);
  std::vector<std::pair<Count, Count>> sinceCut;
  lower[0] = {{0, 0}};
  F[0].push_back({0, 0, 0, 0, 0});
  double totalSegs = 0, doneSegs = 0;
  for (unsigned i = 1; i <= n; ++i)
    totalSegs += std::min(i, maxG);
  for (unsigned i = 1; i <= n; ++i) {
    unsigned lo = i > maxG ? i - maxG : 0;
    segments[i].resize(i - lo);
    std::map<Count, DPPoint> best;
    // j descending: the singleton first gives the bound for longer groups;
    // exact ties go to the smallest j (as with j ascending).
    for (unsigned j = i; j-- > lo;) {
      SegmentFront &sf = segments[i][i - 1 - j];
      // The partition-DP bound (FusionSearch.h): for F_j's points k (caps
      // c_k ascending, accesses A_k descending), a group state (p, a) is
      // useless when A_k + a > B(max(p, c_k)) for every k, B being the
      // fewest accesses of F_i's candidates so far within a capacity.
      const std::vector<DPPoint> &Fj = F[j];
      auto B = [&](Count cap) {
        auto it = best.upper_bound(cap);
        return it == best.begin() ? kCountMax : std::prev(it)->second.acc;
      };
      // Suffix over k: whether some B(c_k) is unbounded, and the largest
      // B(c_k) - A_k where B(c_k) >= A_k.
      // Built on the first query only: most long groups are rejected
      // (not connected, cut) without one, and building it costs
      // O(|F_j| log |F_i|) per (j, i) pair.
      std::vector<char> sufInf, sufAny;
      std::vector<Count> sufMax;
      auto buildSuffix = [&]() {
      sufInf.assign(Fj.size() + 1, 0);
      sufAny.assign(Fj.size() + 1, 0);
      sufMax.assign(Fj.size() + 1, 0);
      for (size_t k = Fj.size(); k-- > 0;) {
        Count b = B(Fj[k].cap);
        sufInf[k] = sufInf[k + 1] || b == kCountMax;
        sufAny[k] = sufAny[k + 1];
        sufMax[k] = sufMax[k + 1];
        if (b != kCountMax && b >= Fj[k].acc) {
          Count d = b - Fj[k].acc;
          if (!sufAny[k] || d > sufMax[k])
            sufMax[k] = d;
          sufAny[k] = 1;
        }
      }
      };
      auto useless = [&](Count p, Count a) {
        if (Fj.empty())
          return true;
        if (sufInf.empty())
          buildSuffix();
        // First k with c_k > p.
        size_t k = std::upper_bound(Fj.begin(), Fj.end(), p,
                                    [](Count v, const DPPoint &d) {
                                      return v < d.cap;
                                    }) -
                   Fj.begin();
        if (k > 0) {
          Count b = B(p);
          if (b == kCountMax || satAdd(Fj[k - 1].acc, a) <= b)
            return false;
        }
        if (sufInf[k])
          return false;
        return !sufAny[k] || a > sufMax[k];
      };
      llvm::function_ref<bool(Count, Count)> bound;
      if (options.partitionPruning && i - j > 1)
        bound = useless;
      // Group memo (short groups of repeated layers; FusionSearch.h).
      bool memoized = false;
      std::vector<int64_t> gkey;
      llvm::SmallVector<unsigned, 4> shareable;
      if (options.groupMemo && options.partitionPruning && i - j > 1 &&
          i - j <= kGroupMemoLength)
        gkey = searcher.groupKey(j, i, shareable);
      if (!gkey.empty() && groupCount[gkey] > 1) {
        auto it = groupMemo.find(gkey);
        if (it != groupMemo.end()) {
          ++stats.groupFrontHits;
          it->second.lastEnd = i;
          sf = it->second.front;
          sf.begin = j;
          sf.end = i;
          if (sf.truncated)
            searcher.noteTruncated(j, i);
          for (Config &c : sf.configs)
            for (SharedLoop &l : c.shared) {
              auto *pos = std::find(it->second.shareable.begin(),
                                    it->second.shareable.end(), l.rankClass);
              l.rankClass = shareable[pos - it->second.shareable.begin()];
            }
          memoized = true;
        } else {
          if (llvm::Error err = searcher.segment(j, i, sf, never))
            return std::move(err);
          groupMemo.emplace(gkey, GroupMemoEntry{sf, shareable, i});
          memoized = true;
        }
      }
      if (!memoized)
        if (llvm::Error err = searcher.segment(j, i, sf, bound))
          return std::move(err);
      doneSegs += 1;
      // Groups done, or the share of the budget spent when that is ahead:
      // the first groups around a window conv take most of the time, and
      // the budget bounds the whole search.
      if (options.progress) {
        double fraction = doneSegs / totalSegs;
        if (options.maxCandidates != 0)
          fraction = std::max(
              fraction, std::min(1.0, static_cast<double>(stats.candidates()) /
                                          options.maxCandidates));
        options.progress(fraction);
      }
      std::vector<std::pair<Count, Count>> g;
      for (const CompactPoint &p : sf.points)
        g.push_back({p.peak, p.acc});
      // A group cut short: its points found and its bounds, after any
      // lower bound of [0, j) (the interval; see WorkloadCurves).
      if (sf.truncated && !lower[j].empty())
        cutAt[i] = minFronts(
            cutAt[i], sumFronts(lower[j], minFronts(g, paretoOf(sf.bounds))));
      if (sf.points.empty() || F[j].empty())
        continue;
      std::vector<std::pair<unsigned, unsigned>> pick;
      auto sum = sumFronts(pairsOf(F[j]), g, &pick);
      for (unsigned k = 0; k < sum.size(); ++k) {
        auto [cap, acc] = sum[k];
        auto it = best.upper_bound(cap);
        if (it != best.begin()) {
          const DPPoint &prev = std::prev(it)->second;
          bool tie = prev.cap == cap && prev.acc == acc && j < prev.from;
          if (prev.acc <= acc && !tie)
            continue;
        }
        it = best.lower_bound(cap);
        while (it != best.end() && it->second.acc >= acc)
          it = best.erase(it);
        best.emplace_hint(it, cap,
                          DPPoint{cap, acc, j, pick[k].first, pick[k].second});
      }
    }
    for (auto &[c, p] : best)
      F[i].push_back(p);
    // lower[i]: below every partition of [0, i). One that uses no group cut
    // short costs at least F_i (the DP and its bounds are exact over
    // those); one that does, at least a lower bound of what precedes its
    // last cut group, plus that group's found points and bounds, plus its
    // later einsums' relaxed fronts (fusedLowerBound).
    if (!sinceCut.empty())
      sinceCut = sumFronts(sinceCut, searcher.relaxedFront(i - 1));
    sinceCut = minFronts(sinceCut, cutAt[i]);
    lower[i] = minFronts(pairsOf(F[i]), sinceCut);
    // Memory: a group's points matter later only through F_i (witnesses
    // are materialized from F_n back along `from`/`prevPoint`), and the
    // singletons through the unfused curve. Keep the referenced points.
    {
      std::vector<std::vector<int>> remap(segments[i].size());
      for (DPPoint &p : F[i]) {
        unsigned k = i - 1 - p.from;
        if (k == 0)
          continue;
        std::vector<int> &rm = remap[k];
        if (rm.empty())
          rm.assign(segments[i][k].points.size(), -1);
        if (rm[p.groupPoint] < 0)
          rm[p.groupPoint] = 0;
      }
      for (unsigned k = 1; k < segments[i].size(); ++k) {
        SegmentFront &sf = segments[i][k];
        std::vector<int> &rm = remap[k];
        std::vector<CompactPoint> keptPoints;
        for (unsigned q = 0; q < rm.size(); ++q)
          if (rm[q] >= 0) {
            rm[q] = keptPoints.size();
            keptPoints.push_back(std::move(sf.points[q]));
          }
        std::vector<int> cfgMap(sf.configs.size(), -1);
        std::vector<Config> keptConfigs;
        for (CompactPoint &cp : keptPoints) {
          if (cfgMap[cp.config] < 0) {
            cfgMap[cp.config] = keptConfigs.size();
            keptConfigs.push_back(std::move(sf.configs[cp.config]));
          }
          cp.config = cfgMap[cp.config];
        }
        sf.points = std::move(keptPoints);
        sf.configs = std::move(keptConfigs);
        sf.points.shrink_to_fit();
        sf.configs.shrink_to_fit();
      }
      for (DPPoint &p : F[i]) {
        unsigned k = i - 1 - p.from;
        if (k != 0)
          p.groupPoint = remap[k][p.groupPoint];
      }
    }
    // Inner fronts are reused by groups with the same end (same internal
    // tensors) and, being keyed by content, by the same groups of the next
    // copy of a repeated layer; the rest are forgotten after a window.
    searcher.finishedEnd(i);
    for (auto it = groupMemo.begin(); it != groupMemo.end();)
      if (it->second.lastEnd + kGroupMemoWindow < i)
        it = groupMemo.erase(it);
      else
        ++it;
  }
  // Group witnesses by (end, start, group point), built once and shared by
  // every curve point whose partition uses them.
  std::map<std::tuple<unsigned, unsigned, unsigned>,
           std::shared_ptr<const FusedGroupMapping>>
      groupWitnesses;
  auto groupWitness = [&](unsigned end, unsigned from, unsigned gp) {
    auto [it, inserted] = groupWitnesses.try_emplace({end, from, gp});
    if (inserted)
      it->second = std::make_shared<const FusedGroupMapping>(
          segments[end][end - 1 - from].witness(gp));
    return it->second;
  };
  auto materialize = [&](unsigned end, unsigned point) {
    FusedWitness w;
    while (end > 0) {
      const DPPoint &p = F[end][point];
      w.groups.push_back(groupWitness(end, p.from, p.groupPoint));
      point = p.prevPoint;
      end = p.from;
    }
    std::reverse(w.groups.begin(), w.groups.end());
    return w;
  };
  for (unsigned k = 0; k < F[n].size(); ++k)
    curves.fused.push_back({F[n][k].cap, F[n][k].acc, materialize(n, k)});

  // Unfused: the singleton fronts summed in order.
  std::vector<std::pair<Count, Count>> acc{{0, 0}};
  std::vector<std::vector<std::pair<unsigned, unsigned>>> picks;
  for (unsigned i = 1; i <= n; ++i) {
    const SegmentFront &sf = segments[i][0];
    std::vector<std::pair<Count, Count>> g;
    for (const CompactPoint &p : sf.points)
      g.push_back({p.peak, p.acc});
    picks.emplace_back();
    acc = sumFronts(acc, g, &picks.back());
  }
  for (unsigned k = 0; k < acc.size(); ++k) {
    WorkloadPoint wp{acc[k].first, acc[k].second, {}};
    unsigned point = k;
    for (unsigned i = n; i >= 1; --i) {
      auto [prev, gp] = picks[i - 1][point];
      wp.witness.groups.push_back(groupWitness(i, i - 1, gp));
      point = prev;
    }
    std::reverse(wp.witness.groups.begin(), wp.witness.groups.end());
    curves.unfused.push_back(std::move(wp));
  }
  if (stats.groupsTruncated != 0 || stats.budgetExhausted)
    curves.fusedLowerBound = std::move(lower[n]);
  if (options.progress)
    options.progress(1.0);
  stats.seconds = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  return curves;
}
