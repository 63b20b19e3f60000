//===- FusionSearch.cpp - Fused and unfused workload curves ---------------===//
//
// The partition DP over a workload's groups, with its bounds, the group
// memo and the lower bound of curves cut short; and the unfused curve. The
// parts are in FusionSearcher.h; the reductions and why they lose nothing
// are listed in FusionSearch.h.
//
//===----------------------------------------------------------------------===//

#include "FusionSearcher.h"
#include <algorithm>
#include <chrono>

using namespace oro::core;
using namespace oro::core::fusion;

namespace {

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
        ++groupCount[searcher.groupKey(GroupMembers::interval(j, i),
                                       shareable)];
        if (j == 0)
          break;
      }
  // segments[i][k]: the group [i - k - 1, i).
  std::vector<std::vector<SegmentFront>> segments(n + 1);
  std::vector<std::vector<DPPoint>> F(n + 1);
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
        // Quick: B(max(p, c_k)) <= B(p) and A_k >= A of F_j's last point,
        // so A_last + a > B(p) makes every k fail (most long groups).
        if (Count b = B(p); b != kCountMax && satAdd(Fj.back().acc, a) > b)
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
        gkey = searcher.groupKey(GroupMembers::interval(j, i), shareable);
      if (!gkey.empty() && groupCount[gkey] > 1) {
        auto it = groupMemo.find(gkey);
        if (it != groupMemo.end()) {
          ++stats.groupFrontHits;
          it->second.lastEnd = i;
          sf = it->second.front;
          sf.einsums = GroupMembers::interval(j, i);
          if (sf.truncated)
            searcher.noteTruncated(sf.einsums);
          for (Config &c : sf.configs)
            for (SharedLoop &l : c.shared) {
              auto *pos = std::find(it->second.shareable.begin(),
                                    it->second.shareable.end(), l.rankClass);
              l.rankClass = shareable[pos - it->second.shareable.begin()];
            }
          memoized = true;
        } else {
          if (llvm::Error err =
                  searcher.segment(GroupMembers::interval(j, i), sf, never))
            return std::move(err);
          groupMemo.emplace(gkey, GroupMemoEntry{sf, shareable, i});
          memoized = true;
        }
      }
      if (!memoized)
        if (llvm::Error err =
                searcher.segment(GroupMembers::interval(j, i), sf, bound))
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
      if (sf.truncated)
        if (std::vector<std::pair<Count, Count>> before = lowerOf(j);
            !before.empty())
          cutAt[i] = minFronts(
              cutAt[i], sumFronts(before, minFronts(g, paretoOf(sf.bounds))));
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
    if (!sinceCut.empty())
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
    curves.fusedLowerBound = lowerOf(n);
  if (options.progress)
    options.progress(1.0);
  stats.seconds = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  return curves;
}
