//===- FusionSearch.cpp - Fused and unfused workload curves ---------------===//
//
// The partition DP over a workload's groups, with its bounds, the group
// memo and the lower bound of curves cut short; and the unfused curve. The
// parts are in FusionSearcher.h; the reductions and why they lose nothing
// are listed in FusionSearch.h.
//
//===----------------------------------------------------------------------===//

#include "FusionSearcher.h"
#include "llvm/ADT/bit.h"
#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>

using namespace oro::core;
using namespace oro::core::fusion;

namespace {

/// Groups of at most this many einsums go through the group memo.
constexpr unsigned kGroupMemoLength = 8;
/// Occurrences from which a group that is not an interval between two
/// prefixes goes through the group memo.
constexpr unsigned kOtherGroupMemoCount = 8;
/// How many ends an unused memoized group front is kept.
constexpr unsigned kGroupMemoWindow = 64;

/// DP point: capacity, accesses, and how it was made: the state it came
/// from (a prefix [0, i) is state i, the other ideals follow), its point
/// there, and the group's point, in segments[end] (`seg` == kInterval: a
/// group between two prefixes) or in the target's extra groups.
struct DPPoint {
  static constexpr unsigned kInterval = ~0u;
  Count cap = 0, acc = 0;
  unsigned from = 0, prevPoint = 0, groupPoint = 0, seg = kInterval;
};

std::vector<std::pair<Count, Count>> pairsOf(const std::vector<DPPoint> &v) {
  std::vector<std::pair<Count, Count>> out;
  for (const DPPoint &p : v)
    out.push_back({p.cap, p.acc});
  return out;
}

/// A group front's (peak, accesses) points.
std::vector<std::pair<Count, Count>> pairsOf(const SegmentFront &sf) {
  std::vector<std::pair<Count, Count>> out;
  for (const CompactPoint &p : sf.points)
    out.push_back({p.peak, p.acc});
  return out;
}

/// A target's candidates so far: points by capacity ascending, accesses
/// strictly descending (a front).
using Candidates = std::vector<DPPoint>;

/// The last of `best`'s points within capacity `cap` (the one with the
/// fewest accesses), if any.
const DPPoint *lastWithin(const Candidates &best, Count cap) {
  auto it =
      std::upper_bound(best.begin(), best.end(), cap,
                       [](Count v, const DPPoint &p) { return v < p.cap; });
  return it == best.begin() ? nullptr : &*std::prev(it);
}

/// The fewest accesses of `best`'s points within capacity `cap`
/// (kCountMax: none fits).
Count fewestWithin(const Candidates &best, Count cap) {
  const DPPoint *p = lastWithin(best, cap);
  return p ? p->acc : kCountMax;
}

/// The partition-DP bound (FusionSearch.h) for the groups from a state
/// with front `Fj` to a target whose candidates so far are `best`: for
/// F_j's points k (caps c_k ascending, accesses A_k descending), a group
/// state (p, a) is useless when A_k + a > B(max(p, c_k)) for every k, B
/// being the fewest accesses of the target's candidates within a capacity.
class DPBound {
public:
  DPBound(const std::vector<DPPoint> &Fj, const Candidates &best)
      : Fj(Fj), best(best) {}
  bool operator()(Count p, Count a) {
    if (Fj.empty())
      return true;
    // Quick: B(max(p, c_k)) <= B(p) and A_k >= A of F_j's last point,
    // so A_last + a > B(p) makes every k fail (most long groups).
    Count bp = fewestWithin(best, p);
    if (bp != kCountMax && satAdd(Fj.back().acc, a) > bp)
      return true;
    // Workers of a parallel group search share the bound: the first to
    // get here builds the suffix, the others wait.
    if (!built.load(std::memory_order_acquire)) {
      std::lock_guard<std::mutex> lock(building);
      if (!built.load(std::memory_order_relaxed)) {
        buildSuffix();
        built.store(true, std::memory_order_release);
      }
    }
    // First k with c_k > p.
    size_t k =
        std::upper_bound(Fj.begin(), Fj.end(), p,
                         [](Count v, const DPPoint &d) { return v < d.cap; }) -
        Fj.begin();
    if (k > 0 && (bp == kCountMax || satAdd(Fj[k - 1].acc, a) <= bp))
      return false;
    if (sufInf[k])
      return false;
    return !sufAny[k] || a > sufMax[k];
  }

private:
  // The target's candidates do not change while one group is searched
  // against them. Suffix over k: whether some B(c_k) is unbounded, and the
  // largest B(c_k) - A_k where B(c_k) >= A_k. Built on the first full
  // query only: most long groups are rejected (not connected, cut)
  // without one, and building it costs O(|F_j| log |F_i|) per (j, i) pair.
  void buildSuffix() {
    sufInf.assign(Fj.size() + 1, 0);
    sufAny.assign(Fj.size() + 1, 0);
    sufMax.assign(Fj.size() + 1, 0);
    for (size_t k = Fj.size(); k-- > 0;) {
      Count b = fewestWithin(best, Fj[k].cap);
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
  }
  const std::vector<DPPoint> &Fj;
  const Candidates &best;
  std::mutex building;
  std::atomic<bool> built{false};
  std::vector<char> sufInf, sufAny;
  std::vector<Count> sufMax;
};

/// Offers the points of F_j (+) g to a target's candidates `best`. On an
/// exact tie the point found first stays, except that a group between two
/// prefixes (`seg` == kInterval) with a smaller start replaces one (the
/// groups of a prefix are tried with the start descending). The result is
/// that of inserting the new points one by one (they form a front, so
/// none removes another): the front of the union, merged in one pass.
void offer(Candidates &best, const std::vector<DPPoint> &Fj,
           const std::vector<std::pair<Count, Count>> &g, unsigned from,
           unsigned seg) {
  std::vector<std::pair<unsigned, unsigned>> pick;
  auto sum = sumFronts(pairsOf(Fj), g, &pick);
  bool newWinsTies = seg == DPPoint::kInterval;
  // Most groups offer nothing that survives: then `best` stays as it is.
  Candidates add;
  for (unsigned k = 0; k < sum.size(); ++k) {
    auto [cap, acc] = sum[k];
    if (const DPPoint *prev = lastWithin(best, cap)) {
      bool tie = newWinsTies && prev->cap == cap && prev->acc == acc &&
                 from < prev->from;
      if (prev->acc <= acc && !tie)
        continue;
    }
    add.push_back(DPPoint{cap, acc, from, pick[k].first, pick[k].second, seg});
  }
  if (add.empty())
    return;
  // Both by capacity; at equal capacity fewer accesses first, and at an
  // exact tie the one that stays first. A point stays when it has fewer
  // accesses than every point before it.
  Candidates out;
  out.reserve(best.size() + add.size());
  size_t i = 0, k = 0;
  while (i < best.size() || k < add.size()) {
    bool takeNew;
    if (k == add.size() || i == best.size()) {
      takeNew = i == best.size();
    } else {
      const DPPoint &e = best[i], &x = add[k];
      if (x.cap != e.cap)
        takeNew = x.cap < e.cap;
      else if (x.acc != e.acc)
        takeNew = x.acc < e.acc;
      else
        takeNew = newWinsTies && x.from < e.from;
    }
    const DPPoint &p = takeNew ? add[k++] : best[i++];
    if (out.empty() || p.acc < out.back().acc)
      out.push_back(p);
  }
  best = std::move(out);
}

/// Keeps only the points of `sf` that `used` marks (-1: dropped), and the
/// configurations they use; `used` becomes the new index of each kept one.
void keepUsedPoints(SegmentFront &sf, std::vector<int> &used) {
  std::vector<CompactPoint> keptPoints;
  for (unsigned q = 0; q < used.size(); ++q)
    if (used[q] >= 0) {
      used[q] = keptPoints.size();
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

} // namespace

llvm::Expected<std::vector<std::pair<Count, Count>>>
oro::core::fusedLowerBound(const Workload &workload,
                           const FusionOptions &options) {
  auto fm = FusionModel::create(workload, options.keep);
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
  // With pruning, the group's own bounds (cheap, staircase, range) prune
  // against its front as it grows: no DP, so nothing is useless and no
  // group is cut (its front is wanted even when a cut splits it).
  auto never = [](Count, Count) { return false; };
  llvm::function_ref<bool(Count, Count)> bound;
  if (options.partitionPruning)
    bound = never;
  if (llvm::Error err =
          searcher.segment(GroupMembers::interval(begin, end), sf, bound,
                           /*cutRule=*/false))
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
  auto fmOr = FusionModel::create(workload, options.keep);
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
    std::array<llvm::SmallVector<unsigned, 4>, 2> shareable;
    unsigned lastEnd;
  };
  std::map<std::vector<int64_t>, GroupMemoEntry> groupMemo;
  auto never = [](Count, Count) { return false; };
  // The ideals of the partition DP (FusionSearch.h, "Convex groups"):
  // prefix [0, i) is state i; every other state holds [0, m) and, of the
  // next lookahead - 1 einsums, those in `mask` (bit b: einsum m + 1 + b),
  // and not m.
  struct Ideal {
    unsigned m = 0;
    uint32_t mask = 0;
    unsigned last = 0, size = 0;
    std::vector<DPPoint> F;
  };
  unsigned W = std::min(options.lookahead, 16u);
  unsigned span = options.maxGroupSpan;
  std::vector<Ideal> ideals;
  std::vector<std::vector<unsigned>> idealsAt(n + 1), idealsEndingAt(n + 1);
  if (W >= 2 && span >= 2)
    for (unsigned m = 0; m + 1 < n; ++m) {
      unsigned top = std::min(n, m + W);
      std::function<void(unsigned, uint32_t, unsigned)> grow =
          [&](unsigned x, uint32_t mask, unsigned last) {
            if (x == top) {
              if (mask != 0) {
                Ideal id;
                id.m = m;
                id.mask = mask;
                id.last = last;
                id.size = m + llvm::popcount(mask);
                ideals.push_back(std::move(id));
              }
              return;
            }
            grow(x + 1, mask, last);
            bool ready = true;
            for (const Access &a : workload.einsums[x].inputs) {
              int p = fm.getProducer(a.tensor);
              if (p >= static_cast<int>(m) &&
                  (p == static_cast<int>(m) || !((mask >> (p - m - 1)) & 1)))
                ready = false;
            }
            if (ready)
              grow(x + 1, mask | (uint32_t(1) << (x - m - 1)), x);
          };
      grow(m + 1, 0, m);
    }
  auto idOf = [&](unsigned k) { return n + 1 + k; };
  for (unsigned k = 0; k < ideals.size(); ++k) {
    idealsAt[ideals[k].m].push_back(idOf(k));
    idealsEndingAt[ideals[k].last + 1].push_back(idOf(k));
  }
  for (std::vector<unsigned> &v : idealsEndingAt)
    std::stable_sort(v.begin(), v.end(), [&](unsigned a, unsigned b) {
      return ideals[a - n - 1].size < ideals[b - n - 1].size;
    });
  // segments[i][k]: the group [i - k - 1, i).
  std::vector<std::vector<SegmentFront>> segments(n + 1);
  std::vector<std::vector<DPPoint>> F(n + 1);
  auto frontOf = [&](unsigned id) -> std::vector<DPPoint> & {
    return id <= n ? F[id] : ideals[id - n - 1].F;
  };
  // The groups into each state other than those between two prefixes:
  // (source state, front).
  struct OtherGroup {
    unsigned from;
    SegmentFront front;
  };
  std::vector<std::vector<OtherGroup>> otherGroups(n + 1 + ideals.size());
  bool otherGroupCut = false;
  // Below every partition whose last cut group is not an interval between
  // two prefixes.
  std::vector<std::pair<Count, Count>> otherCutBound;
  // The lower bound of the exact fused curve over [0, i) (lower), the
  // bounds of partitions whose last cut group ends at i (cutAt), and of
  // those whose last cut group ends before i (sinceCut).
  // Until a group is cut, lower[i] is F_i: it is stored only from then on.
  std::vector<std::vector<std::pair<Count, Count>>> lower(n + 1), cutAt(n + 1);
  std::vector<std::pair<Count, Count>> sinceCut;
  auto lowerOf = [&](unsigned i) {
    return lower[i].empty() ? pairsOf(F[i]) : lower[i];
  };
  F[0].push_back({0, 0, 0, 0, 0});
  double totalSegs = 0, doneSegs = 0;
  for (unsigned i = 1; i <= n; ++i)
    totalSegs += std::min(i, maxG);
  auto reportProgress = [&]() {
    // Groups done, or the share of the budget spent when that is ahead:
    // the first groups around a window conv take most of the time, and
    // the budget bounds the whole search.
    if (options.progress) {
      double fraction = std::min(1.0, doneSegs / totalSegs);
      if (options.maxCandidates != 0)
        fraction = std::max(
            fraction, std::min(1.0, static_cast<double>(stats.candidates()) /
                                        options.maxCandidates));
      options.progress(fraction);
    }
  };
  // Membership of einsum x in state `id` (a prefix or an ideal).
  auto holds = [&](unsigned id, unsigned x) {
    if (id <= n)
      return x < id;
    const Ideal &d = ideals[id - n - 1];
    if (x < d.m)
      return true;
    if (x == d.m || x - d.m - 1 >= 32)
      return false;
    return ((d.mask >> (x - d.m - 1)) & 1) != 0;
  };
  // The groups into state `to` from a state that is not a prefix, or into
  // a state that is not a prefix (the groups between two prefixes are the
  // intervals above): G = to \ from, connected, spanning at most `span`
  // positions; smallest first (they are cheap, and their points bound the
  // larger ones).
  struct Candidate {
    unsigned from;
    llvm::SmallVector<unsigned, 16> group;
  };
  // Schedules in canonical form: an einsum that reads no other einsum's
  // output (a weight transpose, a broadcast of a constant), run alone
  // ahead of the first einsum not yet run, runs right before the group
  // that needs it: one that reads it, or after which no einsum before it
  // is left to run. Any schedule of the space can be put in that form:
  // postponing such a singleton leaves the states in between valid (they
  // lose an einsum past their first hole, which stays) and the state
  // before that group unchanged. So from a state where such an einsum is
  // pending (ahead, read by none of the state's einsums) the next group is
  // either another such singleton or a group that serves every pending
  // one. (Weight transposes would otherwise be run early in every
  // possible way, each a copy of the layer's other schedules.) Part of
  // `partitionPruning`: PartitionPruningLosesNothing compares.
  std::vector<bool> isSource(n, true);
  for (unsigned e = 0; e < n; ++e)
    for (const Access &a : workload.einsums[e].inputs)
      if (fm.getProducer(a.tensor) >= 0)
        isSource[e] = false;
  // Whether some einsum for which in(einsum) holds reads x's output.
  auto readBy = [&](unsigned x, auto in) {
    for (auto [reader, access] :
         fm.getReaders(workload.einsums[x].output.tensor))
      if (in(reader))
        return true;
    return false;
  };
  std::vector<llvm::SmallVector<unsigned, 2>> pending(ideals.size());
  for (unsigned k = 0; k < ideals.size(); ++k)
    for (unsigned x = ideals[k].m + 1; x <= ideals[k].last; ++x)
      if (isSource[x] && holds(idOf(k), x) &&
          !readBy(x, [&](unsigned r) { return holds(idOf(k), r); }))
        pending[k].push_back(x);
  auto canonical = [&](unsigned from, unsigned mTo,
                       llvm::ArrayRef<unsigned> group) {
    if (!options.partitionPruning || from <= n || pending[from - n - 1].empty())
      return true;
    unsigned mFrom = ideals[from - n - 1].m;
    if (group.size() == 1 && isSource[group[0]] && group[0] > mFrom)
      return true;
    for (unsigned x : pending[from - n - 1])
      if (mTo <= x &&
          !readBy(x, [&](unsigned r) { return llvm::is_contained(group, r); }))
        return false;
    return true;
  };
  auto candidatesInto = [&](unsigned to) {
    std::vector<Candidate> out;
    unsigned mTo = to <= n ? to : ideals[to - n - 1].m;
    unsigned last = to <= n ? to - 1 : ideals[to - n - 1].last;
    for (unsigned mFrom = mTo + 1; mFrom-- > 0;) {
      // Below that, G holds mFrom and `last` (which a source at mFrom
      // cannot hold), so spans more.
      if (mFrom < mTo && last + 1 - mFrom > span && mFrom + W <= last)
        break;
      std::vector<unsigned> sources = idealsAt[mFrom];
      if (to > n)
        sources.insert(sources.begin(), mFrom);
      for (unsigned from : sources) {
        if (from == to)
          continue;
        // from must lie inside to, and G = to \ from.
        bool inside = true;
        if (from > n) {
          const Ideal &d = ideals[from - n - 1];
          for (unsigned x = d.m + 1; x <= d.last && inside; ++x)
            if (holds(from, x) && !holds(to, x))
              inside = false;
        }
        if (!inside)
          continue;
        Candidate c{from, {}};
        for (unsigned x = mFrom; x <= last; ++x)
          if (holds(to, x) && !holds(from, x))
            c.group.push_back(x);
        if (c.group.empty() || c.group.back() + 1 - c.group.front() > span ||
            c.group.size() > maxG || !canonical(from, mTo, c.group) ||
            !searcher.isConnected(GroupMembers(c.group)))
          continue;
        out.push_back(std::move(c));
      }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Candidate &a, const Candidate &b) {
                       return a.group.size() < b.group.size();
                     });
    return out;
  };
  std::vector<std::vector<Candidate>> otherCandidates(n + 1 + ideals.size());
  if (!ideals.empty())
    for (unsigned to = 1; to < otherCandidates.size(); ++to)
      otherCandidates[to] = candidatesInto(to);
  // Which short groups occur more than once: only those are searched
  // without the partition-DP bound and memoized.
  using Shareable = std::array<llvm::SmallVector<unsigned, 4>, 2>;
  auto memoKey = [&](const GroupMembers &members, Shareable &shareable) {
    std::vector<int64_t> key;
    if (options.groupMemo && options.partitionPruning && members.size() >= 2 &&
        members.size() <= kGroupMemoLength)
      key = searcher.groupKey(members, shareable);
    return key;
  };
  // Occurrences of each key among the intervals, and among all groups.
  std::map<std::vector<int64_t>, unsigned> intervalCount, groupCount;
  if (options.groupMemo && options.partitionPruning) {
    for (unsigned i = 1; i <= n; ++i)
      for (unsigned j = i >= 2 ? i - 2 : 0;
           j + kGroupMemoLength >= i && j + maxG >= i; --j) {
        Shareable shareable;
        auto key = memoKey(GroupMembers::interval(j, i), shareable);
        ++intervalCount[key];
        ++groupCount[key];
        if (j == 0)
          break;
      }
    for (const std::vector<Candidate> &cs : otherCandidates)
      for (const Candidate &c : cs)
        if (c.group.size() >= 2 && c.group.size() <= kGroupMemoLength) {
          Shareable shareable;
          ++groupCount[memoKey(GroupMembers(c.group), shareable)];
        }
  }
  // Searches a group into `sf`: from the group memo when its key occurs
  // often enough (FusionSearch.h), else with `bound`. An interval's memo
  // pays from two occurrences (repeated layers); another group's from
  // kOtherGroupMemoCount: one layer repeats its groups between several
  // pairs of states, and searching them once without the DP bound costs
  // more than a few searches with it.
  auto searchGroup = [&](const GroupMembers &members, SegmentFront &sf,
                         llvm::function_ref<bool(Count, Count)> bound,
                         bool interval, unsigned end) -> llvm::Error {
    Shareable shareable;
    std::vector<int64_t> gkey = memoKey(members, shareable);
    bool memo =
        !gkey.empty() && (interval ? intervalCount[gkey] >= 2
                                   : groupCount[gkey] >= kOtherGroupMemoCount);
    if (!memo)
      return searcher.segment(members, sf, bound);
    auto it = groupMemo.find(gkey);
    if (it == groupMemo.end()) {
      if (llvm::Error err = searcher.segment(members, sf, never))
        return err;
      groupMemo.emplace(gkey, GroupMemoEntry{sf, shareable, end});
      return llvm::Error::success();
    }
    ++stats.groupFrontHits;
    it->second.lastEnd = end;
    sf = it->second.front;
    sf.einsums = members;
    if (sf.truncated)
      searcher.noteTruncated(sf.einsums);
    for (Config &c : sf.configs)
      for (SharedLoop &l : c.shared) {
        const auto &from = it->second.shareable[c.sharesInputs()];
        auto *pos = std::find(from.begin(), from.end(), l.rankClass);
        l.rankClass = shareable[c.sharesInputs()][pos - from.begin()];
      }
    return llvm::Error::success();
  };
  auto otherGroupsInto = [&](unsigned to, unsigned end,
                             Candidates &best) -> llvm::Error {
    for (const Candidate &c : otherCandidates[to]) {
      const std::vector<DPPoint> &Fj = frontOf(c.from);
      if (Fj.empty())
        continue;
      DPBound dpBound(Fj, best);
      llvm::function_ref<bool(Count, Count)> bound;
      if (options.partitionPruning)
        bound = dpBound;
      OtherGroup og{c.from, {}};
      if (llvm::Error err = searchGroup(GroupMembers(c.group), og.front, bound,
                                        /*interval=*/false, end))
        return err;
      std::vector<std::pair<Count, Count>> g = pairsOf(og.front);
      if (og.front.truncated) {
        // Partitions through this cut group cost at least: a lower bound
        // of what reaches `from` (those without a cut group cost at least
        // F_from, any at least its einsums' relaxed fronts), then the
        // group's points found and bounds, then every einsum not in `to`
        // at its relaxed front.
        std::vector<std::pair<Count, Count>> before{{0, 0}}, after{{0, 0}};
        for (unsigned x = 0; x < n; ++x) {
          if (holds(c.from, x))
            before = sumFronts(before, searcher.relaxedFront(x));
          else if (!holds(to, x))
            after = sumFronts(after, searcher.relaxedFront(x));
        }
        before = minFronts(pairsOf(Fj), before);
        otherCutBound = minFronts(
            otherCutBound,
            sumFronts(
                sumFronts(before, minFronts(g, paretoOf(og.front.bounds))),
                after));
        otherGroupCut = true;
      }
      if (og.front.points.empty())
        continue;
      offer(best, Fj, g, c.from, otherGroups[to].size());
      otherGroups[to].push_back(std::move(og));
    }
    return llvm::Error::success();
  };
  // Keeps the other groups' points that `front` uses.
  auto keepUsedOtherGroups = [&](unsigned to, std::vector<DPPoint> &front) {
    std::vector<std::vector<int>> used(otherGroups[to].size());
    for (unsigned k = 0; k < used.size(); ++k)
      used[k].assign(otherGroups[to][k].front.points.size(), -1);
    for (const DPPoint &p : front)
      if (p.seg != DPPoint::kInterval)
        used[p.seg][p.groupPoint] = 0;
    for (unsigned k = 0; k < used.size(); ++k)
      keepUsedPoints(otherGroups[to][k].front, used[k]);
    for (DPPoint &p : front)
      if (p.seg != DPPoint::kInterval)
        p.groupPoint = used[p.seg][p.groupPoint];
  };
  for (unsigned i = 1; i <= n; ++i) {
    // The ideals whose last einsum is i - 1, smallest first: each one's
    // sources are smaller.
    for (unsigned id : idealsEndingAt[i]) {
      Candidates best;
      if (llvm::Error err = otherGroupsInto(id, i, best))
        return std::move(err);
      std::vector<DPPoint> &front = frontOf(id);
      front = std::move(best);
      keepUsedOtherGroups(id, front);
    }
    unsigned lo = i > maxG ? i - maxG : 0;
    segments[i].resize(i - lo);
    Candidates best;
    // j descending: the singleton first gives the bound for longer groups;
    // exact ties go to the smallest j (as with j ascending).
    for (unsigned j = i; j-- > lo;) {
      SegmentFront &sf = segments[i][i - 1 - j];
      DPBound dpBound(F[j], best);
      llvm::function_ref<bool(Count, Count)> bound;
      if (options.partitionPruning && i - j > 1)
        bound = dpBound;
      // Group memo (short groups of repeated layers; FusionSearch.h).
      if (llvm::Error err = searchGroup(GroupMembers::interval(j, i), sf, bound,
                                        /*interval=*/true, i))
        return std::move(err);
      doneSegs += 1;
      reportProgress();
      std::vector<std::pair<Count, Count>> g = pairsOf(sf);
      // A group cut short: its points found and its bounds, after any
      // lower bound of [0, j) (the interval; see WorkloadCurves).
      if (sf.truncated)
        if (std::vector<std::pair<Count, Count>> before = lowerOf(j);
            !before.empty())
          cutAt[i] = minFronts(
              cutAt[i], sumFronts(before, minFronts(g, paretoOf(sf.bounds))));
      if (sf.points.empty() || F[j].empty())
        continue;
      offer(best, F[j], g, j, DPPoint::kInterval);
    }
    // Then the groups from the ideals that are not prefixes.
    if (!ideals.empty())
      if (llvm::Error err = otherGroupsInto(i, i, best))
        return std::move(err);
    F[i] = std::move(best);
    // lower[i]: below every partition of [0, i). One that uses no group cut
    // short costs at least F_i (the DP and its bounds are exact over
    // those); one that does, at least a lower bound of what precedes its
    // last cut group, plus that group's found points and bounds, plus its
    // later einsums' relaxed fronts (fusedLowerBound). (A cut group that
    // is not an interval falls back on the relaxed fronts of the whole
    // workload, below.)
    if (!sinceCut.empty())
      sinceCut = sumFronts(sinceCut, searcher.relaxedFront(i - 1));
    sinceCut = minFronts(sinceCut, cutAt[i]);
    if (!sinceCut.empty())
      lower[i] = minFronts(pairsOf(F[i]), sinceCut);
    // Memory: a group's points matter later only through F_i (witnesses
    // are materialized from F_n back along `from`/`prevPoint`), and the
    // singletons through the unfused curve. Keep the referenced points.
    {
      std::vector<std::vector<int>> used(segments[i].size());
      for (unsigned k = 1; k < segments[i].size(); ++k)
        used[k].assign(segments[i][k].points.size(), -1);
      for (const DPPoint &p : F[i])
        if (p.seg == DPPoint::kInterval && p.from + 1 < i)
          used[i - 1 - p.from][p.groupPoint] = 0;
      for (unsigned k = 1; k < segments[i].size(); ++k)
        keepUsedPoints(segments[i][k], used[k]);
      for (DPPoint &p : F[i])
        if (p.seg == DPPoint::kInterval && p.from + 1 < i)
          p.groupPoint = used[i - 1 - p.from][p.groupPoint];
      keepUsedOtherGroups(i, F[i]);
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
  // Group witnesses by (state, its DP point's group), built once and
  // shared by every curve point whose partition uses them.
  std::map<std::tuple<unsigned, unsigned, unsigned, unsigned>,
           std::shared_ptr<const FusedGroupMapping>>
      groupWitnesses;
  auto groupWitness = [&](unsigned to, const DPPoint &p) {
    auto [it, inserted] =
        groupWitnesses.try_emplace({to, p.from, p.seg, p.groupPoint});
    if (inserted)
      it->second = std::make_shared<const FusedGroupMapping>(
          p.seg == DPPoint::kInterval
              ? segments[to][to - 1 - p.from].witness(p.groupPoint)
              : otherGroups[to][p.seg].front.witness(p.groupPoint));
    return it->second;
  };
  // The same, by state and DP point: the partitions of the curve's points
  // share most of their groups, and a long model has hundreds per point.
  std::vector<std::vector<std::shared_ptr<const FusedGroupMapping>>> ofPoint(
      n + 1 + ideals.size());
  auto materialize = [&](unsigned end, unsigned point) {
    FusedWitness w;
    while (end > 0) {
      const DPPoint &p = frontOf(end)[point];
      std::vector<std::shared_ptr<const FusedGroupMapping>> &known =
          ofPoint[end];
      if (known.empty())
        known.resize(frontOf(end).size());
      if (!known[point])
        known[point] = groupWitness(end, p);
      w.groups.push_back(known[point]);
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
    picks.emplace_back();
    acc = sumFronts(acc, pairsOf(segments[i][0]), &picks.back());
  }
  for (unsigned k = 0; k < acc.size(); ++k) {
    WorkloadPoint wp{acc[k].first, acc[k].second, {}};
    unsigned point = k;
    for (unsigned i = n; i >= 1; --i) {
      auto [prev, gp] = picks[i - 1][point];
      wp.witness.groups.push_back(
          groupWitness(i, DPPoint{0, 0, i - 1, 0, gp, DPPoint::kInterval}));
      point = prev;
    }
    std::reverse(wp.witness.groups.begin(), wp.witness.groups.end());
    curves.unfused.push_back(std::move(wp));
  }
  // The partitions lowerOf(n) misses: those whose last cut group is not
  // an interval, and those with such a group before an interval cut
  // short (whose bounds count every later einsum at its relaxed front).
  if (otherGroupCut)
    lower[n] = minFronts(lowerOf(n), otherCutBound);
  if (stats.groupsTruncated != 0 || stats.budgetExhausted)
    curves.fusedLowerBound = lowerOf(n);
  if (options.progress)
    options.progress(1.0);
  stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return curves;
}
