//===- Search.cpp - Exact pruned search for the Pareto front --------------===//
//
// Depth-first over loop-nest prefixes, outermost loop first. At depth d the
// accesses not yet placed may be placed at position d (below the d loops
// chosen so far); then a loop is appended. An access's cost depends only on
// the loops above it, so it is computed once, when the access is placed.
// The canonical-form rules and why they lose nothing are in Search.h.
// Recursion depth is bounded by the number of ranks (at most 64).
//
// Branch and bound: a partial mapping's lower bound adds, for every access
// not placed yet, its smallest reachable footprint and a lower bound on its
// traffic once placed strictly deeper (`Searcher::node`). The bound is
// checked per placement subset, and again per child loop before the child
// is visited, where a child's footprint bound grows with its tile so the
// first dominated tile ends its rank's tiles. Pruning drops only subtrees
// whose every mapping is matched or beaten by a point already on the front,
// so it changes neither the points found nor their witnesses (the first
// mapping to reach a point, in the fixed enumeration order, is never in a
// pruned subtree).
//
//===----------------------------------------------------------------------===//

#include "oro/Core/Search.h"
#include "oro/Core/CostCache.h"
#include "oro/Core/PruningRules.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/FormatVariadic.h"
#include <optional>

using namespace oro::core;

namespace {

constexpr unsigned kMaxAccesses = 32;
constexpr unsigned kMaxRanks = CostModel::kMaxRanks;

class Searcher {
public:
  Searcher(const CostModel &model, const SearchOptions &options,
           llvm::ArrayRef<KeepPolicy> keep, SearchResult &result)
      : model(model), options(options), keep(keep.begin(), keep.end()),
        result(result) {}

  llvm::Error run();

private:
  /// Costs of the unplaced accesses at the parent's depth, reused for the
  /// accesses the last loop does not index (their cost cannot change).
  struct Inherited {
    const TensorCost *cost;
    const Count *occMin;
    /// Lower bounds on the traffic of the unplaced accesses once placed
    /// strictly below the parent's depth.
    const Count *deeper;
  };
  /// `occMinHere`, when given, holds the smallest reachable footprints (in
  /// bits) of the unplaced accesses at depth d, as `expand` computed them.
  void node(unsigned d, uint32_t remaining, unsigned segStart, Count occ,
            Count acc, double weight, Inherited parent,
            const Count *occMinHere, uint64_t pending);
  /// Cost of access `a` at position d below the current loops. Costs of
  /// accesses that are not projections (the expensive ones) go through a
  /// small direct-mapped cache keyed by the exact loops above: the same
  /// prefix recurs under other placements of the other accesses, mostly
  /// soon after (a cost depends only on the loops above the access).
  TensorCost evaluate(unsigned a, unsigned d);
  /// Lower bound on the traffic of projection `a`, exact for the model, when
  /// placed strictly below depth d (see `node`).
  Count projectionDeeper(unsigned a, unsigned d);
  /// Lower bound on the traffic of access `a` (exact, not a projection)
  /// when placed strictly below depth d, given `here`, its traffic at d
  /// (RankRules::deeperTraffic, through the cost cache: the child loop's
  /// node evaluates the same).
  Count deeperBound(unsigned a, unsigned d, Count here) {
    return rules->deeperTraffic(a, d, here, loops, rankLoop, [&] {
      return evaluate(a, d + 1).accessBits();
    });
  }
  /// Whether the front has a point with occupancy <= occ and accesses <=
  /// acc (a flat copy of `result.front` for speed).
  bool dominated(Count occ, Count acc) const {
    auto it = llvm::upper_bound(frontOcc, occ);
    return it != frontOcc.begin() &&
           frontAcc[it - frontOcc.begin() - 1] <= acc;
  }
  /// Inserts a complete mapping's point into the front and its copy.
  void insertPoint(Count occ, Count acc, unsigned depth);
  /// Appends every admissible loop d (rank and tile) below the prefix and
  /// recurses; `seg` is the first loop of the current segment (loops with
  /// no placement between them).
  void expand(unsigned d, uint32_t rest, unsigned seg, Count occ, Count acc,
              double weight, Inherited here, uint64_t pending);
  /// Whether appending a loop over `r` at depth d keeps the segment
  /// [seg, d] in canonical order, for the accesses `below` it.
  bool canonicalOrder(unsigned d, unsigned seg, unsigned r,
                      uint32_t below) const;
  bool commutes(unsigned r1, unsigned r2, uint32_t below) const {
    for (uint32_t m = below; m; m &= m - 1)
      if (!((neutral[llvm::countr_zero(m)][r1] >> r2) & 1))
        return false;
    return true;
  }
  void finish(double weight);
  /// Accesses indexed by some loopable rank not looped yet.
  uint32_t reachableFrom() const {
    uint32_t m = 0;
    for (unsigned r = 0; r < numRanks; ++r)
      if (rankLoop[r] < 0 && !rules->getTiles(r).empty())
        m |= accessesOf[r];
    return m;
  }
  Mapping witness(unsigned depth) const;

  const CostModel &model;
  const SearchOptions &options;
  llvm::SmallVector<KeepPolicy, 4> keep;
  SearchResult &result;

  unsigned numRanks = 0, numAccesses = 0;
  /// Tiles, window obligations and bound probes per rank (PruningRules.h),
  /// and the tile lists it reads.
  std::optional<RankRules> rules;
  llvm::SmallVector<llvm::SmallVector<int64_t, 0>, 8> tileStore;
  /// Per access: ranks indexing it, and its element bits.
  llvm::SmallVector<uint64_t, 4> relevant;
  llvm::SmallVector<Count, 4> bits;
  /// Accesses for which the model is exact.
  uint32_t exact = 0;
  /// The (occupancy, accesses) pairs of `result.front`, by occupancy.
  std::vector<Count> frontOcc, frontAcc;
  CostCache cache;
  /// Per access and rank: mask of ranks whose loop commutes with it.
  llvm::SmallVector<llvm::SmallVector<uint64_t, 8>, 4> neutral;
  /// Per access and rank x: mask of ranks y such that the access is never
  /// worse off with y's loop directly outside x's than directly inside.
  llvm::SmallVector<llvm::SmallVector<uint64_t, 8>, 4> prefer;
  /// Per rank: accesses it indexes.
  llvm::SmallVector<uint32_t, 8> accessesOf;
  /// Accesses whose dimensions are all single-term projections.
  uint32_t projective = 0;

  LoopState loops[kMaxRanks];
  int rankLoop[kMaxRanks];
  unsigned positions[kMaxAccesses];

  bool failed = false;
  double done = 0, reported = 0;
};

void Searcher::insertPoint(Count occ, Count acc, unsigned depth) {
  if (!result.front.insert(occ, acc, [&] { return witness(depth); }))
    return;
  // Mirror ParetoFront::insert: drop the points the new one dominates (they
  // are contiguous from the first with occupancy >= occ), then insert.
  size_t i = llvm::lower_bound(frontOcc, occ) - frontOcc.begin(), j = i;
  while (j < frontOcc.size() && frontAcc[j] >= acc)
    ++j;
  frontOcc.erase(frontOcc.begin() + i, frontOcc.begin() + j);
  frontAcc.erase(frontAcc.begin() + i, frontAcc.begin() + j);
  frontOcc.insert(frontOcc.begin() + i, occ);
  frontAcc.insert(frontAcc.begin() + i, acc);
}

TensorCost Searcher::evaluate(unsigned a, unsigned d) {
  return cache.evaluate(model, a, llvm::ArrayRef(loops, d),
                        llvm::ArrayRef(rankLoop, numRanks));
}

Count Searcher::projectionDeeper(unsigned a, unsigned d) {
  // Any relevant loop with two or more trips appended at depth d stands for
  // all of them: the model's traffic of a projection is its accessed
  // elements times the trips of the irrelevant loops above its innermost
  // iterating relevant loop.
  for (unsigned r = 0; r < numRanks; ++r) {
    if (rankLoop[r] >= 0 || rules->getTiles(r).empty() ||
        !((relevant[a] >> r) & 1))
      continue;
    loops[d] = LoopState::get({r, 1}, model.getExtent(r));
    rankLoop[r] = d;
    TensorCost c = model.evaluateAccess(a, llvm::ArrayRef(loops, d + 1),
                                        llvm::ArrayRef(rankLoop, numRanks),
                                        d + 1);
    rankLoop[r] = -1;
    return c.accessBits();
  }
  // No loop can come: the access can only be placed here (or the subtree
  // is a dead end), so any bound will do.
  return 0;
}

void Searcher::finish(double weight) {
  done += weight;
  if (options.progress && done - reported >= 0.01) {
    reported = done;
    options.progress(std::min(done, 1.0));
  }
}

Mapping Searcher::witness(unsigned depth) const {
  Mapping m;
  for (unsigned l = 0; l < depth; ++l)
    m.loops.push_back({loops[l].rank, loops[l].tile});
  m.positions.assign(positions, positions + numAccesses);
  return m;
}

void Searcher::node(unsigned d, uint32_t remaining, unsigned segStart,
                    Count occ, Count acc, double weight, Inherited parent,
                    const Count *occMinHere, uint64_t pending) {
  SearchStats &stats = result.stats;
  ++stats.nodesVisited;

  // Cost of every unplaced access at position d, the smallest footprint it
  // can still reach (ranks not looped yet shrunk to one index), and a lower
  // bound on its traffic if it is placed strictly deeper:
  // - deeper, it sits below a loop L over one of its ranks (with two or
  //   more trips) that is the first such loop below d, so its traffic is at
  //   least that of position d + 1 below the d loops and L alone: moving up
  //   to just below L only coarsens its box sequence (each box of the
  //   coarser sequence is the union of a run of the finer one, so it
  //   fetches no more), and removing the loops between d and L, which it
  //   does not use, only removes box changes (each iteration of them
  //   replays L's chunks; the transitions without them are a subset);
  // - for a projection the model's traffic at d + 1 below any such L is
  //   the same (`projectionDeeper`); it does not change when the loop at d
  //   - 1 is one of its ranks (appending a relevant loop leaves the trips
  //   of the irrelevant loops above the innermost relevant one alone);
  // - for any other access at least its traffic at position d (coarsening
  //   again).
  // Only accesses the model is exact for get a traffic bound: the argument
  // is about the real box sequence.
  // (Left uninitialized: only the unplaced accesses' entries are read.)
  union Costs {
    Costs() {}
    TensorCost of[kMaxAccesses];
  } costs;
  TensorCost *cost = costs.of;
  Count occMin[kMaxAccesses];
  Count deeper[kMaxAccesses];
  int64_t minLens[kMaxRanks];
  if (!occMinHere)
    for (unsigned r = 0; r < numRanks; ++r)
      minLens[r] = rankLoop[r] >= 0 ? loops[rankLoop[r]].tile : 1;
  // Accesses whose `deeper` entry is still their traffic at d (`deeperBound`
  // raises it when the cheap bound does not prune).
  uint32_t weak = 0;
  for (uint32_t m = remaining; m; m &= m - 1) {
    unsigned a = llvm::countr_zero(m);
    bool uses = d == 0 || ((relevant[a] >> loops[d - 1].rank) & 1);
    if (!uses) {
      // A loop over a rank the access does not use: same box sequence.
      cost[a] = parent.cost[a];
      occMin[a] = parent.occMin[a];
    } else {
      cost[a] = evaluate(a, d);
      occMin[a] =
          occMinHere
              ? occMinHere[a]
              : satMul(model.footprint(a, llvm::ArrayRef(minLens, numRanks)),
                       bits[a]);
    }
    if (!((exact >> a) & 1))
      deeper[a] = 0;
    else if (!((projective >> a) & 1)) {
      deeper[a] = cost[a].accessBits();
      weak |= uint32_t(1) << a;
    } else if (d > 0 && uses)
      deeper[a] = parent.deeper[a];
    else
      deeper[a] = projectionDeeper(a, d);
  }

  uint32_t placeable = 0;
  for (uint32_t m = remaining; m; m &= m - 1) {
    unsigned a = llvm::countr_zero(m);
    if (d == 0 || ((relevant[a] >> loops[d - 1].rank) & 1))
      placeable |= uint32_t(1) << a;
  }

  // When every unplaced access is a projection, a single-term-only rank
  // that indexes all of them must be looped (tile 1) before anything more
  // is placed: inserting that loop directly above the next placement
  // shrinks footprints and changes no traffic. (For a windowed access it
  // can: a new inner loop that changes its box at every outer increment
  // kills the overlap the window had across those increments.)
  if (remaining != 0 && (remaining & ~projective) == 0)
    for (unsigned r = 0; r < numRanks; ++r)
      if (rankLoop[r] < 0 && !rules->getTiles(r).empty() &&
          rules->isSingleTermOnly(r) &&
          (accessesOf[r] & remaining) == remaining) {
        placeable = 0;
        break;
      }

  double subsetWeight =
      weight / static_cast<double>(uint64_t(1) << llvm::popcount(placeable));
  // Subsets of `placeable` in increasing numeric order, starting with {}.
  uint32_t placed = 0;
  do {
    if (failed)
      return;
    Count occ2 = occ, acc2 = acc;
    for (uint32_t m = placed; m; m &= m - 1) {
      unsigned a = llvm::countr_zero(m);
      occ2 = satAdd(occ2, cost[a].occupancyBits);
      acc2 = satAdd(acc2, cost[a].accessBits());
      positions[a] = d;
    }
    uint32_t rest = remaining & ~placed;
    uint64_t unmet =
        pending ? rules->settle(pending, placed, loops, rankLoop) : 0;
    if (unmet != 0 &&
        (rest == 0 || !rules->satisfiable(unmet, rest, loops, rankLoop))) {
      // A loop with a non-minimal window tile that no access below uses
      // with its window partner looped: the minimal tile does as well.
      ++stats.subtreesPruned;
      finish(subsetWeight);
    } else if (rest == 0) {
      ++stats.candidatesEvaluated;
      if (options.maxCandidates != 0 &&
          stats.candidatesEvaluated > options.maxCandidates) {
        failed = true;
        return;
      }
      insertPoint(occ2, acc2, d);
      finish(subsetWeight);
    } else {
      Count occLow = occ2, accLow = acc2;
      for (uint32_t m = rest; m; m &= m - 1) {
        unsigned a = llvm::countr_zero(m);
        occLow = satAdd(occLow, occMin[a]);
        accLow = satAdd(accLow, deeper[a]);
      }
      bool prune = dominated(occLow, accLow) || (rest & ~reachableFrom()) != 0;
      if (!prune && (rest & weak) != 0) {
        // Raise the bounds of the accesses that are not projections to
        // their least traffic below one more loop, and check again.
        for (uint32_t m = rest & weak; m; m &= m - 1) {
          unsigned a = llvm::countr_zero(m);
          Count better = deeperBound(a, d, deeper[a]);
          accLow = satAdd(satSub(accLow, deeper[a]), better);
          deeper[a] = better;
        }
        weak &= ~rest;
        prune = dominated(occLow, accLow);
      }
      if (prune) {
        ++stats.subtreesPruned;
        finish(subsetWeight);
      } else {
        expand(d, rest, placed ? d : segStart, occ2, acc2, subsetWeight,
               Inherited{cost, occMin, deeper}, unmet);
      }
    }
    placed = (placed - placeable) & placeable;
  } while (placed != 0);
}

void Searcher::expand(unsigned d, uint32_t rest, unsigned seg, Count occ,
                      Count acc, double weight, Inherited here,
                      uint64_t pending) {
  // Children are (rank, tile) pairs for loop d.
  unsigned childRanks[kMaxRanks];
  bool onlyUnitTile[kMaxRanks];
  unsigned numChildRanks = 0;
  uint64_t numChildren = 0;
  for (unsigned r = 0; r < numRanks; ++r) {
    // Every loop must index an access below it.
    if (rankLoop[r] >= 0 || rules->getTiles(r).empty() ||
        !(accessesOf[r] & rest))
      continue;
    // Dead end: after this loop some access could never sit below a loop
    // over one of its ranks.
    uint32_t stillReachable = accessesOf[r];
    for (unsigned r2 = 0; r2 < numRanks; ++r2)
      if (r2 != r && rankLoop[r2] < 0 && !rules->getTiles(r2).empty())
        stillReachable |= accessesOf[r2];
    if ((rest & ~stillReachable) != 0)
      continue;
    if (d > seg && !canonicalOrder(d, seg, r, rest))
      continue;
    bool unit = rules->isSingleTermOnly(r) && (accessesOf[r] & rest) == rest;
    childRanks[numChildRanks] = r;
    onlyUnitTile[numChildRanks++] = unit;
    numChildren += unit ? 1 : rules->getTiles(r).size();
  }
  if (numChildren == 0) {
    finish(weight);
    return;
  }
  double childWeight = weight / static_cast<double>(numChildren);
  // Every mapping below a child is bounded by the unplaced accesses' traffic
  // placed deeper than d (they are all in `rest`) and their smallest
  // footprints under the child's tile. That footprint never shrinks as the
  // tile grows (the box only gains indices; the model's upper bound
  // min(product, span) for the inexact dimensions grows too), and tiles
  // are tried in ascending order, so the first dominated tile ends the rank.
  Count accBound = acc;
  for (uint32_t m = rest; m; m &= m - 1)
    accBound = satAdd(accBound, here.deeper[llvm::countr_zero(m)]);
  int64_t minLens[kMaxRanks];
  for (unsigned r = 0; r < numRanks; ++r)
    minLens[r] = rankLoop[r] >= 0 ? loops[rankLoop[r]].tile : 1;
  // Filled, per child, for the accesses that use the child's rank (the
  // only entries `node` reads).
  Count occMinChild[kMaxAccesses];
  for (unsigned c = 0; c < numChildRanks && !failed; ++c) {
    unsigned r = childRanks[c];
    int64_t e = model.getExtent(r);
    int64_t one = 1;
    llvm::ArrayRef<int64_t> ts =
        onlyUnitTile[c] ? llvm::ArrayRef<int64_t>(&one, 1) : rules->getTiles(r);
    Count occOther = occ;
    for (uint32_t m = rest & ~accessesOf[r]; m; m &= m - 1)
      occOther = satAdd(occOther, here.occMin[llvm::countr_zero(m)]);
    rankLoop[r] = d;
    for (size_t i = 0; i < ts.size(); ++i) {
      int64_t t = ts[i];
      minLens[r] = t;
      Count occBound = occOther;
      for (uint32_t m = rest & accessesOf[r]; m; m &= m - 1) {
        unsigned a = llvm::countr_zero(m);
        occMinChild[a] = satMul(
            model.footprint(a, llvm::ArrayRef(minLens, numRanks)), bits[a]);
        occBound = satAdd(occBound, occMinChild[a]);
      }
      if (dominated(occBound, accBound)) {
        result.stats.subtreesPruned += ts.size() - i;
        finish(childWeight * static_cast<double>(ts.size() - i));
        break;
      }
      loops[d] = LoopState::get({r, t}, e);
      uint64_t owed = pending | rules->obligation(loops[d], e);
      if (owed != 0 && !rules->satisfiable(owed, rest, loops, rankLoop)) {
        // No placement below can meet the obligations (settling one needs
        // an access that `satisfiable` already counts): `node` would drop
        // every placement.
        ++result.stats.subtreesPruned;
        finish(childWeight);
        continue;
      }
      node(d + 1, rest, seg, occ, acc, childWeight, here, occMinChild, owed);
      if (failed)
        break;
    }
    rankLoop[r] = -1;
    minLens[r] = 1;
  }
}

bool Searcher::canonicalOrder(unsigned d, unsigned seg, unsigned r,
                              uint32_t below) const {
  // Directed exchange: when an access below does not use the previous
  // loop's rank but uses r through single-term dimensions only, it is never
  // worse off with r outside; keep only that order unless another access
  // could be worse off with it.
  unsigned prev = loops[d - 1].rank;
  bool improvable = false, objection = false;
  for (uint32_t m = below; m; m &= m - 1) {
    unsigned a = llvm::countr_zero(m);
    if ((prefer[a][prev] >> r) & 1)
      improvable = true;
    else if (!((neutral[a][prev] >> r) & 1))
      objection = true;
  }
  if (improvable && !objection)
    return false;
  // Loops that commute for every access below appear in lexicographic
  // normal form: r may not be movable in front of a larger rank.
  for (unsigned j = d; j-- > seg;) {
    unsigned r2 = loops[j].rank;
    if (!commutes(r, r2, below))
      return true;
    if (r2 > r)
      return false;
  }
  return true;
}

llvm::Error Searcher::run() {
  numRanks = model.getNumRanks();
  numAccesses = model.getNumAccesses();
  const Einsum &einsum = model.getEinsum();
  if (numAccesses > kMaxAccesses)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("einsum '{0}' has {1} accesses; the search supports at "
                      "most {2}",
                      einsum.name, numAccesses, kMaxAccesses));

  accessesOf.assign(numRanks, 0);
  for (unsigned a = 0; a < numAccesses; ++a) {
    relevant.push_back(model.getRelevantRanks(a));
    bits.push_back(model.getElementBits(a));
    if (model.isExact(a))
      exact |= uint32_t(1) << a;
    if (model.isProjective(a))
      projective |= uint32_t(1) << a;
    for (unsigned r = 0; r < numRanks; ++r)
      if (model.isRelevant(a, r))
        accessesOf[r] |= uint32_t(1) << a;
  }
  tileStore.resize(numRanks);
  rules.emplace(model, (uint64_t(1) << numAccesses) - 1,
                options.pruneWindowTiles,
                [&](unsigned r, bool minimal) -> llvm::ArrayRef<int64_t> {
                  tileStore[r] = candidateTiles(model.getExtent(r), minimal);
                  return tileStore[r];
                });
  for (unsigned r = 0; r < numRanks; ++r)
    rankLoop[r] = -1;
  for (unsigned a = 0; a < numAccesses; ++a) {
    llvm::SmallVector<uint64_t, 8> masks(numRanks, 0);
    for (unsigned r1 = 0; r1 < numRanks; ++r1)
      for (unsigned r2 = 0; r2 < numRanks; ++r2) {
        RankRole x = model.getRankRole(a, r1), y = model.getRankRole(a, r2);
        bool ok = model.isProjective(a) ||
                  (x == RankRole::Absent && y == RankRole::Absent) ||
                  (x == RankRole::Single && y == RankRole::Single);
        if (ok)
          masks[r1] |= uint64_t(1) << r2;
      }
    neutral.push_back(std::move(masks));
    llvm::SmallVector<uint64_t, 8> better(numRanks, 0);
    if (!model.isProjective(a))
      for (unsigned x = 0; x < numRanks; ++x)
        for (unsigned y = 0; y < numRanks; ++y)
          if (model.getRankRole(a, x) == RankRole::Absent &&
              model.getRankRole(a, y) == RankRole::Single)
            better[x] |= uint64_t(1) << y;
    prefer.push_back(std::move(better));
  }

  // Accesses that may bypass: one search per choice, all sharing the front.
  uint32_t either = 0, kept = 0;
  for (unsigned a = 0; a < numAccesses; ++a) {
    if (keep[a] == KeepPolicy::Either)
      either |= uint32_t(1) << a;
    else if (keep[a] == KeepPolicy::Keep)
      kept |= uint32_t(1) << a;
  }
  double choiceWeight =
      1.0 / static_cast<double>(uint64_t(1) << llvm::popcount(either));
  uint32_t bypassed = 0;
  do {
    uint32_t keptNow = kept | (either & ~bypassed);
    Count occ = 0, acc = 0;
    for (unsigned a = 0; a < numAccesses; ++a) {
      if ((keptNow >> a) & 1)
        continue;
      positions[a] = Mapping::kBypass;
      TensorCost c = model.evaluateAccess(
          a, {}, llvm::ArrayRef(rankLoop, numRanks), Mapping::kBypass);
      acc = satAdd(acc, c.accessBits());
    }
    node(0, keptNow, 0, occ, acc, choiceWeight,
         Inherited{nullptr, nullptr, nullptr}, nullptr, 0);
    if (failed)
      break;
    bypassed = (bypassed - either) & either;
  } while (bypassed != 0);

  if (failed)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("search of einsum '{0}' exceeded the candidate budget "
                      "of {1} complete mappings ({2:P} of the mapspace "
                      "explored, {3} partial mappings visited, {4} subtrees "
                      "pruned); raise the budget or keep fewer tensors",
                      einsum.name, toString(options.maxCandidates),
                      std::min(done, 1.0), toString(result.stats.nodesVisited),
                      toString(result.stats.subtreesPruned)));
  if (options.progress)
    options.progress(1.0);
  return llvm::Error::success();
}

} // namespace

llvm::Expected<SearchResult>
oro::core::searchParetoFront(const CostModel &model,
                             const SearchOptions &options) {
  auto keep = resolveKeepPolicies(model.getEinsum(), options.keep);
  if (!keep)
    return keep.takeError();
  SearchResult result;
  result.stats.mapSpaceSize = mapSpaceSize(model.getEinsum(), *keep);
  Searcher searcher(model, options, *keep, result);
  if (llvm::Error err = searcher.run())
    return std::move(err);
  return result;
}
