//===- FusionBruteForce.cpp - Exhaustive fused mapspace -------------------===//
//
// The reference for FusionSearch: every partition into connected groups
// that some order runs (each group after the producers of its inputs; with
// `lookahead` 0, only the partitions into intervals of the order), every
// shared-loop list (every order of distinct classes, every tile in [1,
// extent]), every inner loop sequence over non-shared ranks, and (in an
// einsum with an access on chip) shared ranks tiled again as FusionModel.h
// allows, with every tile giving at least two trips (a one-trip inner loop is not in the mapspace: it
// would only turn a position-S reservation into an inner one by the position
// convention), every legal position of every non-internal access. Per einsum
// only exactly dominated (accesses, persistent, inner) vectors are dropped (the
// group cost is monotone in each); groups are joined by full product;
// partitions by explicit enumeration. Only for tiny workloads.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/FusionSearch.h"
#include "llvm/Support/FormatVariadic.h"
#include <algorithm>
#include <functional>
#include <map>
#include <optional>

using namespace oro::core;

namespace {

llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

struct Vec {
  Count acc, per, inn;
  Mapping map;
};

struct Ctx {
  const FusionModel &fm;
  const FusionOptions &options;
  Count work = 0;
  bool over() const {
    return options.maxCandidates != 0 && work > options.maxCandidates;
  }
};

/// Every mapping of einsum e under `shared` (translated loops), exact 3-D
/// Pareto of the vectors.
std::vector<Vec> allInner(Ctx &ctx, unsigned e,
                          llvm::ArrayRef<LoopState> sharedLoops,
                          uint32_t internal) {
  // An einsum with an access on chip may tile a shared rank again: every
  // nest of the split einsum (FusionModel.h, "Re-tiling"), its inner rank
  // an ordinary one.
  llvm::SmallVector<std::pair<unsigned, int64_t>, 2> split;
  if (ctx.options.retile && internal != 0)
    split = ctx.fm.retilableLoops(e, sharedLoops);
  std::optional<SplitEinsum> sm;
  llvm::SmallVector<LoopState, 4> shared(sharedLoops.begin(),
                                         sharedLoops.end());
  if (!split.empty()) {
    sm.emplace(cantFail(ctx.fm.splitEinsum(e, split)));
    shared = sm->toSplit(sharedLoops);
  }
  const CostModel &m = sm ? sm->model : ctx.fm.getCostModel(e);
  unsigned R = m.getNumRanks(), A = m.getNumAccesses(), S = shared.size();
  std::vector<bool> isShared(R, false);
  for (const LoopState &l : shared)
    isShared[l.rank] = true;
  std::vector<Vec> out;
  auto add = [&](Vec v) {
    for (const Vec &o : out)
      if (o.acc <= v.acc && o.per <= v.per && o.inn <= v.inn)
        return;
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](const Vec &o) {
                               return v.acc <= o.acc && v.per <= o.per &&
                                      v.inn <= o.inn;
                             }),
              out.end());
    out.push_back(std::move(v));
  };
  std::vector<LoopState> loops(shared.begin(), shared.end());
  std::vector<int> rankLoop(R, -1);
  for (unsigned l = 0; l < S; ++l)
    rankLoop[shared[l].rank] = l;
  std::function<void()> visitTiles;
  // Evaluate the current loop nest with every position tuple.
  auto evaluate = [&]() {
    unsigned L = loops.size();
    std::vector<std::vector<std::pair<unsigned, TensorCost>>> choices(A);
    for (unsigned a = 0; a < A; ++a) {
      if ((internal >> a) & 1) {
        choices[a].push_back({Mapping::kOnChip, TensorCost()});
        continue;
      }
      KeepPolicy placement = ctx.fm.getAccessPlacement(e, a);
      if (placement != KeepPolicy::Bypass)
        for (unsigned p = 0; p <= L; ++p)
          if (FusionModel::isInnerPositionLegal(m, loops, S, a, p))
            choices[a].push_back({p, m.evaluateAccess(a, loops, rankLoop, p)});
      if (placement != KeepPolicy::Keep)
        choices[a].push_back(
            {Mapping::kBypass,
             m.evaluateAccess(a, loops, rankLoop, Mapping::kBypass)});
    }
    std::vector<unsigned> pick(A, 0);
    while (true) {
      Vec v{0, 0, 0, {}};
      for (unsigned a = 0; a < A; ++a) {
        auto &[p, c] = choices[a][pick[a]];
        v.acc = satAdd(v.acc, c.accessBits());
        if ((internal >> a) & 1)
          continue;
        if (p != Mapping::kBypass && p <= S)
          v.per = satAdd(v.per, c.occupancyBits);
        else
          v.inn = satAdd(v.inn, c.occupancyBits);
      }
      ++ctx.work;
      for (const LoopState &l : loops)
        v.map.loops.push_back({l.rank, l.tile});
      for (unsigned a = 0; a < A; ++a)
        v.map.positions.push_back(choices[a][pick[a]].first);
      if (sm)
        v.map = sm->fromSplit(v.map);
      add(std::move(v));
      unsigned a = A;
      bool more = false;
      while (a-- > 0) {
        if (++pick[a] < choices[a].size()) {
          more = true;
          break;
        }
        pick[a] = 0;
      }
      if (!more)
        return;
    }
  };
  // Depth-first over sequences of distinct non-shared ranks and tiles.
  std::function<void()> rec = [&]() {
    if (ctx.over())
      return;
    evaluate();
    for (unsigned r = 0; r < R; ++r) {
      if (isShared[r] || rankLoop[r] >= 0)
        continue;
      rankLoop[r] = loops.size();
      for (int64_t t = 1; t < m.getExtent(r); ++t) {
        loops.push_back(LoopState::get({r, t}, m.getExtent(r)));
        rec();
        loops.pop_back();
      }
      rankLoop[r] = -1;
    }
  };
  rec();
  return out;
}

/// Brute-force front of a group: peak -> (accesses, witness).
llvm::Expected<std::vector<GroupPoint>> groupFront(Ctx &ctx,
                                                   const GroupMembers &g) {
  std::map<Count, GroupPoint> front;
  auto insert = [&](Count peak, Count acc,
                    const std::function<FusedGroupMapping()> &wit) {
    auto it = front.upper_bound(peak);
    if (it != front.begin() && std::prev(it)->second.accessBits <= acc)
      return;
    it = front.lower_bound(peak);
    while (it != front.end() && it->second.accessBits >= acc)
      it = front.erase(it);
    front.emplace_hint(it, peak, GroupPoint{peak, acc, wit()});
  };
  const FusionModel &fm = ctx.fm;
  unsigned n = g.size();
  // Without shared inputs, then sharing every input the group may share.
  bool mayShare = ctx.options.shareInputs && !fm.sharedInputs(g).empty();
  for (bool share : {false, true}) {
    if ((share && !mayShare) || !fm.isConnected(g, share))
      continue;
    std::vector<std::vector<unsigned>> seqs{{}};
    if (n > 1) {
      auto classes = FusionModel::shareableClasses(fm.groupClasses(g, share));
      unsigned maxLen = classes.size();
      if (ctx.options.maxSharedLoops)
        maxLen = std::min(maxLen, ctx.options.maxSharedLoops);
      std::function<void(std::vector<unsigned> &)> rec =
          [&](std::vector<unsigned> &cur) {
            if (!cur.empty())
              seqs.push_back(cur);
            if (cur.size() == maxLen)
              return;
            for (unsigned c : classes)
              if (std::find(cur.begin(), cur.end(), c) == cur.end()) {
                cur.push_back(c);
                rec(cur);
                cur.pop_back();
              }
          };
      std::vector<unsigned> cur;
      rec(cur);
    }
    for (const auto &seq : seqs) {
      auto ga = fm.analyzeGroup(g, seq, share);
      if (!ga) {
        llvm::consumeError(ga.takeError());
        continue;
      }
      unsigned S = seq.size();
      std::vector<int64_t> extents;
      for (unsigned k = 0; k < S; ++k)
        extents.push_back(
            fm.getCostModel(g[0]).getExtent(ga->sharedRanks[0][k]));
      std::vector<int64_t> tiles(S, 1);
      while (true) {
        std::vector<std::vector<Vec>> lists;
        for (unsigned i = 0; i < n; ++i) {
          const CostModel &m = fm.getCostModel(g[i]);
          std::vector<LoopState> shared;
          for (unsigned k = 0; k < S; ++k)
            shared.push_back(
                LoopState::get({ga->sharedRanks[i][k], tiles[k]},
                               m.getExtent(ga->sharedRanks[i][k])));
          lists.push_back(
              allInner(ctx, g[i], shared,
                       ga->internalAccesses[i] | ga->sharedAccesses[i]));
          if (ctx.over())
            return makeError("brute force exceeded its budget");
        }
        // Each shared input at each position 0..S: (traffic, occupancy) of
        // its first reader, persistent.
        for (const SharedInput &si : ga->sharedInputs) {
          auto [i0, a0] = si.readers.front();
          const CostModel &m = fm.getCostModel(g[i0]);
          std::vector<LoopState> loops;
          std::vector<int> rankLoop(m.getNumRanks(), -1);
          for (unsigned k = 0; k < S; ++k) {
            unsigned r = ga->sharedRanks[i0][k];
            loops.push_back(LoopState::get({r, tiles[k]}, m.getExtent(r)));
            rankLoop[r] = k;
          }
          std::vector<Vec> opts;
          for (unsigned p = 0; p <= S; ++p) {
            TensorCost t = m.evaluateAccess(a0, loops, rankLoop, p);
            Vec v{t.accessBits(), t.occupancyBits, 0, {}};
            v.map.positions.push_back(p);
            opts.push_back(std::move(v));
          }
          lists.push_back(std::move(opts));
        }
        unsigned stages = lists.size();
        std::vector<Count> live(n, 0);
        for (const auto &in : ga->internals) {
          Count bits = fm.internalTileBits(*ga, in, tiles);
          for (unsigned i = 0; i < n; ++i)
            if (in.producer <= g[i] && g[i] <= in.lastReader)
              live[i] += bits;
        }
        live.resize(stages, 0);
        std::vector<unsigned> pick(stages, 0);
        bool any = true;
        for (auto &l : lists)
          any &= !l.empty();
        while (any) {
          Count acc = 0, per = 0, worst = 0;
          for (unsigned i = 0; i < stages; ++i) {
            const Vec &v = lists[i][pick[i]];
            acc = satAdd(acc, v.acc);
            per = satAdd(per, v.per);
            worst = std::max(worst, satAdd(live[i], v.inn));
          }
          ++ctx.work;
          insert(satAdd(per, worst), acc, [&] {
            FusedGroupMapping w;
            w.einsums = g;
            for (unsigned k = 0; k < S; ++k)
              w.shared.push_back({seq[k], tiles[k]});
            for (unsigned i = 0; i < n; ++i)
              w.mappings.push_back(lists[i][pick[i]].map);
            w.shareInputs = share;
            for (unsigned k = 0; k < ga->sharedInputs.size(); ++k)
              for (auto [i, a] : ga->sharedInputs[k].readers)
                w.mappings[i].positions[a] =
                    lists[n + k][pick[n + k]].map.positions[0];
            return w;
          });
          unsigned i = stages;
          bool more = false;
          while (i-- > 0) {
            if (++pick[i] < lists[i].size()) {
              more = true;
              break;
            }
            pick[i] = 0;
          }
          if (!more)
            break;
        }
        if (ctx.over())
          return makeError("brute force exceeded its budget");
        unsigned k = S;
        bool more = false;
        while (k-- > 0) {
          if (++tiles[k] <= extents[k]) {
            more = true;
            break;
          }
          tiles[k] = 1;
        }
        if (!more)
          break;
      }
    }
  }
  std::vector<GroupPoint> out;
  for (auto &[p, g] : front)
    out.push_back(std::move(g));
  return out;
}

} // namespace

llvm::Expected<WorkloadCurves>
oro::core::bruteForceWorkloadCurves(const Workload &workload,
                                    const FusionOptions &options) {
  auto fmOr = FusionModel::create(workload, options.keep);
  if (!fmOr)
    return fmOr.takeError();
  Ctx ctx{*fmOr, options};
  unsigned n = fmOr->getNumEinsums();
  if (n == 0 || n > 16)
    return makeError("brute force needs 1 to 16 einsums");
  // Groups by their members (a bit set), searched on first use.
  std::map<uint32_t, std::vector<GroupPoint>> groups;
  auto groupOf =
      [&](uint32_t set) -> llvm::Expected<std::vector<GroupPoint> *> {
    auto it = groups.find(set);
    if (it == groups.end()) {
      std::vector<unsigned> list;
      for (unsigned e = 0; e < n; ++e)
        if ((set >> e) & 1)
          list.push_back(e);
      std::vector<GroupPoint> front;
      if (!options.maxGroupSize || list.size() <= options.maxGroupSize) {
        auto g = groupFront(ctx, GroupMembers(list));
        if (!g)
          return g.takeError();
        front = std::move(*g);
      }
      it = groups.emplace(set, std::move(front)).first;
    }
    return &it->second;
  };
  // The curve of one partition (its groups in an order that runs every
  // group after the producers of its inputs), merged into `curve`.
  auto curveOf = [&](const std::vector<uint32_t> &parts,
                     std::vector<WorkloadPoint> &curve) -> llvm::Error {
    std::vector<std::pair<Count, Count>> acc{{0, 0}};
    std::vector<std::vector<unsigned>> choice{{}};
    std::vector<std::vector<GroupPoint> *> fronts;
    for (uint32_t part : parts) {
      auto front = groupOf(part);
      if (!front)
        return front.takeError();
      if ((*front)->empty())
        return llvm::Error::success();
      fronts.push_back(*front);
      std::vector<std::pair<Count, Count>> g;
      for (const GroupPoint &p : **front)
        g.push_back({p.peakBits, p.accessBits});
      std::vector<std::pair<unsigned, unsigned>> pick;
      acc = sumFronts(acc, g, &pick);
      std::vector<std::vector<unsigned>> next;
      for (auto [i, j] : pick) {
        next.push_back(choice[i]);
        next.back().push_back(j);
      }
      choice = std::move(next);
    }
    // Merge into `curve` (pointwise min).
    std::map<Count, WorkloadPoint> m;
    for (WorkloadPoint &p : curve)
      m.emplace(p.capacityBits, std::move(p));
    for (unsigned k = 0; k < acc.size(); ++k) {
      auto [cap, a] = acc[k];
      auto it = m.upper_bound(cap);
      if (it != m.begin() && std::prev(it)->second.accessBits <= a)
        continue;
      it = m.lower_bound(cap);
      while (it != m.end() && it->second.accessBits >= a)
        it = m.erase(it);
      WorkloadPoint wp{cap, a, {}};
      for (unsigned q = 0; q < parts.size(); ++q)
        wp.witness.groups.push_back(std::make_shared<const FusedGroupMapping>(
            (*fronts[q])[choice[k][q]].witness));
      m.emplace_hint(it, cap, std::move(wp));
    }
    curve.clear();
    for (auto &[c, p] : m)
      curve.push_back(std::move(p));
    return llvm::Error::success();
  };
  // The einsums each einsum reads from (bit sets).
  std::vector<uint32_t> preds(n, 0);
  for (unsigned e = 0; e < n; ++e)
    for (const Access &a : workload.einsums[e].inputs)
      if (int p = fmOr->getProducer(a.tensor); p >= 0)
        preds[e] |= uint32_t(1) << p;
  // Orders a partition's groups so that each runs after the producers of
  // its inputs; false when none does (its groups depend on each other in a
  // cycle, or a group is not convex).
  auto schedule = [&](std::vector<uint32_t> &parts) {
    std::vector<uint32_t> out;
    uint32_t done = 0;
    while (!parts.empty()) {
      auto ready = std::find_if(parts.begin(), parts.end(), [&](uint32_t g) {
        for (unsigned e = 0; e < n; ++e)
          if (((g >> e) & 1) && (preds[e] & ~(done | g)))
            return false;
        return true;
      });
      if (ready == parts.end())
        return false;
      done |= *ready;
      out.push_back(*ready);
      parts.erase(ready);
    }
    parts = std::move(out);
    return true;
  };
  WorkloadCurves curves;
  bool convex = options.lookahead >= 2 && options.maxGroupSpan >= 2;
  if (convex && (options.lookahead < n || options.maxGroupSpan < n))
    return makeError("the brute force covers every convex group: it needs "
                     "lookahead and maxGroupSpan of at least the number of "
                     "einsums (or lookahead 0: intervals only)");
  if (!convex) {
    // Every composition of n: bit k set = a cut after einsum k.
    for (uint32_t cuts = 0; cuts < (uint32_t(1) << (n - 1)); ++cuts) {
      std::vector<uint32_t> parts;
      unsigned start = 0;
      for (unsigned k = 0; k < n; ++k)
        if (k + 1 == n || ((cuts >> k) & 1)) {
          parts.push_back(((uint32_t(1) << (k + 1)) - 1) &
                          ~((uint32_t(1) << start) - 1));
          start = k + 1;
        }
      if (llvm::Error err = curveOf(parts, curves.fused))
        return std::move(err);
    }
  } else {
    // Every set partition (restricted growth strings: einsum e joins one
    // of the blocks so far or opens a new one) that some order runs.
    std::vector<unsigned> block(n, 0);
    std::function<llvm::Error(unsigned, unsigned)> rec =
        [&](unsigned e, unsigned blocks) -> llvm::Error {
      if (e == n) {
        std::vector<uint32_t> parts(blocks, 0);
        for (unsigned x = 0; x < n; ++x)
          parts[block[x]] |= uint32_t(1) << x;
        if (!schedule(parts))
          return llvm::Error::success();
        return curveOf(parts, curves.fused);
      }
      for (unsigned b = 0; b <= blocks; ++b) {
        block[e] = b;
        if (llvm::Error err = rec(e + 1, std::max(blocks, b + 1)))
          return err;
      }
      return llvm::Error::success();
    };
    if (llvm::Error err = rec(0, 0))
      return std::move(err);
  }
  std::vector<uint32_t> singles;
  for (unsigned e = 0; e < n; ++e)
    singles.push_back(uint32_t(1) << e);
  if (llvm::Error err = curveOf(singles, curves.unfused))
    return std::move(err);
  curves.stats.innerCandidates = ctx.work;
  if (options.progress)
    options.progress(1.0);
  return curves;
}
