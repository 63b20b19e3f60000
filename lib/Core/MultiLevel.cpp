//===- MultiLevel.cpp - Mappings onto a whole memory hierarchy ------------===//
//
// The model (a rewrite into one rank per loop, then CostModel.h), the greedy
// level-by-level mapper and the printer. The simulator is in
// MultiLevelSimulator.cpp. See MultiLevel.h.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/MultiLevel.h"
#include "oro/Core/CostModel.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <cassert>

using namespace oro::core;

static llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

namespace {
/// The accesses of an einsum in model order: inputs, then the output.
const Access &accessOf(const Einsum &e, unsigned a) {
  return a < e.inputs.size() ? e.inputs[a] : e.output;
}

/// The nest flattened: one entry per loop of every segment.
struct FlatLoop {
  unsigned level;
  Loop loop;
  bool spatial;
};

llvm::SmallVector<FlatLoop, 16> flatten(const MultiLevelMapping &m) {
  llvm::SmallVector<FlatLoop, 16> flat;
  for (auto [k, level] : llvm::enumerate(m.levels))
    for (auto [i, loop] : llvm::enumerate(level.loops))
      flat.push_back({static_cast<unsigned>(k), loop, i < level.spatial});
  return flat;
}

/// Offset of each level's segment in the flattened nest.
llvm::SmallVector<unsigned, 4> segmentOffsets(const MultiLevelMapping &m) {
  llvm::SmallVector<unsigned, 4> off;
  unsigned n = 0;
  for (const LevelMapping &level : m.levels) {
    off.push_back(n);
    n += level.loops.size();
  }
  return off;
}

/// The einsum with one rank per loop (MultiLevel.h, "Exactness"), and the
/// loops over its ranks.
struct SplitNest {
  Einsum einsum;
  llvm::SmallVector<Loop, 16> loops;
};

SplitNest splitNest(const Einsum &e, llvm::ArrayRef<FlatLoop> flat) {
  unsigned numRanks = e.ranks.size();
  llvm::SmallVector<llvm::SmallVector<unsigned, 4>, 8> loopsOfRank(numRanks);
  for (auto [i, f] : llvm::enumerate(flat))
    loopsOfRank[f.loop.rank].push_back(i);

  SplitNest s;
  s.einsum.name = e.name;
  s.einsum.location = e.location;
  s.loops.resize(flat.size());
  // For each original rank: its (virtual rank, multiplier) terms.
  llvm::SmallVector<llvm::SmallVector<AffineTerm, 2>, 8> expansion(numRanks);
  for (unsigned r = 0; r < numRanks; ++r) {
    const Rank &rank = e.ranks[r];
    llvm::ArrayRef<unsigned> loops = loopsOfRank[r];
    if (loops.empty()) {
      expansion[r].push_back({static_cast<unsigned>(s.einsum.ranks.size()), 1});
      s.einsum.ranks.push_back(rank);
      continue;
    }
    int64_t outer = rank.extent;
    for (auto [j, li] : llvm::enumerate(loops)) {
      int64_t tile = flat[li].loop.tile;
      bool last = j + 1 == loops.size();
      unsigned v = s.einsum.ranks.size();
      std::string name = loops.size() == 1
                             ? rank.name
                             : rank.name + "." + std::to_string(j);
      // Not the last: `outer / tile` chunks of `tile`, stepped one by one.
      s.einsum.ranks.push_back({name, last ? outer : outer / tile});
      expansion[r].push_back({v, last ? 1 : tile});
      s.loops[li] = Loop{v, last ? tile : 1};
      outer = tile;
    }
  }
  auto rewrite = [&](const Access &a) {
    Access out;
    out.tensor = a.tensor;
    for (const DimExpr &d : a.dims) {
      DimExpr nd;
      nd.constant = d.constant;
      for (const AffineTerm &t : d.terms)
        for (const AffineTerm &x : expansion[t.rank])
          nd.terms.push_back({x.rank, t.coeff * x.coeff});
      out.dims.push_back(std::move(nd));
    }
    return out;
  };
  for (const Access &a : e.inputs)
    s.einsum.inputs.push_back(rewrite(a));
  s.einsum.output = rewrite(e.output);
  return s;
}

/// Whether `d` is an unstrided, undilated window `c*x + c*y` of two ranks of
/// extent >= 2 (repeated ranks merged, extent-1 ranks dropped).
bool isUnitWindow(const Einsum &e, const DimExpr &d) {
  llvm::SmallVector<AffineTerm, 2> terms;
  for (const AffineTerm &t : d.terms) {
    if (e.ranks[t.rank].extent == 1)
      continue;
    auto *it = llvm::find_if(
        terms, [&](const AffineTerm &x) { return x.rank == t.rank; });
    if (it != terms.end())
      it->coeff += t.coeff;
    else
      terms.push_back(t);
  }
  return terms.size() == 2 && terms[0].coeff == terms[1].coeff;
}

/// Checks the structure of `m` (not exactness): see MultiLevel.h.
llvm::Error verifyStructure(const Einsum &e, const MultiLevelMapping &m) {
  unsigned numAccesses = e.inputs.size() + 1;
  if (m.levels.empty())
    return makeError("a multi-level mapping needs at least one level");
  if (m.sharedLoops > m.levels.front().loops.size())
    return makeError(llvm::formatv("{0} shared loops but level 0 has {1} loops",
                                   m.sharedLoops,
                                   m.levels.front().loops.size()));
  for (auto [k, level] : llvm::enumerate(m.levels)) {
    Mapping asSingle;
    asSingle.loops = level.loops;
    for (unsigned p : level.positions)
      asSingle.positions.push_back(p == LevelMapping::kOnChip ? Mapping::kBypass
                                                              : p);
    // Level 0 of a fused group may tile a shared rank again below its
    // shared loops (FusionModel.h, "Re-tiling"); the tile rule below checks
    // the nesting.
    if (llvm::Error err =
            verifyMapping(e, asSingle, /*allowOnChip=*/false,
                          /*allowRetile=*/k == 0 && m.sharedLoops > 0))
      return makeError(llvm::formatv("level {0}: {1}", k,
                                     llvm::toString(std::move(err))));
    if (level.spatial > level.loops.size())
      return makeError(llvm::formatv("level {0}: {1} spatial loops but {2} "
                                     "loops",
                                     k, level.spatial, level.loops.size()));
    for (unsigned i = 0; i < level.spatial; ++i)
      if (!e.isOutputRank(level.loops[i].rank))
        return makeError(llvm::formatv(
            "level {0}: spatial loop over '{1}', which does not index the "
            "output (spatial reductions are not modelled)",
            k, e.ranks[level.loops[i].rank].name));
    for (unsigned a = 0; a < numAccesses; ++a) {
      unsigned p = level.positions[a];
      if (p == LevelMapping::kOnChip && k != 0)
        return makeError(llvm::formatv("level {0}: access {1} is on chip, "
                                       "which only level 0 of a fused group "
                                       "can say",
                                       k, a));
      if (level.keeps(a) && p < level.spatial)
        return makeError(llvm::formatv(
            "level {0}: access {1} at position {2} sits above the level's {3} "
            "spatial loops (each instance needs its own tile)",
            k, a, p, level.spatial));
    }
  }
  // Tiles of a rank never grow inward; every tile but the last divides the
  // one before it (starting from the extent).
  llvm::SmallVector<FlatLoop, 16> flat = flatten(m);
  for (unsigned r = 0; r < e.ranks.size(); ++r) {
    int64_t outer = e.ranks[r].extent;
    int64_t prevOuter = 0;
    bool first = true;
    for (const FlatLoop &f : flat) {
      if (f.loop.rank != r)
        continue;
      if (f.loop.tile > outer)
        return makeError(llvm::formatv(
            "level {0}: tile {1} of rank '{2}' exceeds its tile {3} above",
            f.level, f.loop.tile, e.ranks[r].name, outer));
      if (!first && outer != 0 && prevOuter % outer != 0)
        return makeError(llvm::formatv(
            "rank '{0}' is tiled again inside a tile of {1} that does not "
            "divide {2}: the partial chunk is not modelled",
            e.ranks[r].name, outer, prevOuter));
      first = false;
      prevOuter = outer;
      outer = f.loop.tile;
    }
  }
  return llvm::Error::success();
}

/// Everything evaluation needs, built once per mapping.
struct Prepared {
  CostModel model;
  Einsum split;
  llvm::ArrayRef<Tensor> tensors;
  llvm::SmallVector<FlatLoop, 16> flat;
  llvm::SmallVector<LoopState, 16> states;
  llvm::SmallVector<unsigned, 4> offsets;
};

llvm::Expected<Prepared> prepare(const Einsum &e, llvm::ArrayRef<Tensor> tensors,
                                 const MultiLevelMapping &m) {
  if (llvm::Error err = verifyStructure(e, m))
    return std::move(err);
  llvm::SmallVector<FlatLoop, 16> flat = flatten(m);
  SplitNest split = splitNest(e, flat);
  llvm::Expected<CostModel> original = CostModel::create(e, tensors);
  if (!original)
    return original.takeError();
  llvm::Expected<CostModel> model = CostModel::create(split.einsum, tensors);
  if (!model)
    return model.takeError();
  for (unsigned a = 0, n = e.inputs.size() + 1; a < n; ++a) {
    if (!original->isExact(a) || model->isExact(a))
      continue;
    // Multi-term dimensions of the split are exact when they come from unit
    // windows (MultiLevel.h, "Exactness").
    const Access &acc = accessOf(e, a);
    if (model->isExactOnIntervals(a) &&
        llvm::all_of(model->getMultiTermDims(a),
                     [&](unsigned d) { return isUnitWindow(e, acc.dims[d]); }))
      continue;
    return makeError(llvm::formatv(
        "access {0} ('{1}'): tiling a rank of a strided or dilated window at "
        "two levels is not modelled exactly",
        a, tensors[acc.tensor].name));
  }
  Prepared p{std::move(*model), split.einsum, tensors, std::move(flat), {},
             segmentOffsets(m)};
  for (const Loop &l : split.loops)
    p.states.push_back(
        LoopState::get(l, p.model.getExtent(l.rank)));
  return p;
}

/// Traffic of access `a` at global position `pos` when it is held by level
/// `keeper` and its parent keeper is level `parent` (-1: the backing store),
/// over all instances (MultiLevel.h, "Spatial loops"). Each spatial loop
/// above `pos` is taken out of the nest and accounted per instance: one
/// instance's sequence is the nest with that loop's index fixed, and boxes
/// are translation invariant, so instances with a chunk of the same size
/// cost the same. A loop the access uses splits into its full chunks and
/// its last one; one it does not use costs one instance (multicast, an
/// input between its keepers) or every instance (separate buffers above).
TensorCost accessCost(const Prepared &p, unsigned a, unsigned pos,
                      int parent, unsigned keeper, bool isInput) {
  llvm::SmallVector<unsigned, 4> spatial;
  if (pos != Mapping::kBypass)
    for (unsigned i = 0; i < pos; ++i)
      if (p.flat[i].spatial)
        spatial.push_back(i);
  auto evaluate = [&](const CostModel &model, llvm::ArrayRef<bool> removed) {
    llvm::SmallVector<LoopState, 16> loops;
    llvm::SmallVector<int, 16> rankLoop(model.getNumRanks(), -1);
    unsigned newPos = pos;
    for (unsigned i = 0; i < p.states.size(); ++i) {
      if (!removed.empty() && removed[i]) {
        --newPos; // only loops above `pos` are removed
        continue;
      }
      // Chunk models shrink some extents: trips follow the model's.
      LoopState s = LoopState::get(Loop{p.states[i].rank, p.states[i].tile},
                                   model.getExtent(p.states[i].rank));
      rankLoop[s.rank] = loops.size();
      loops.push_back(s);
    }
    return model.evaluateAccess(a, loops, rankLoop, newPos);
  };
  if (spatial.empty())
    return evaluate(p.model, {});

  // Enumerate the chunk classes: per spatial loop, (extent, weight) pairs.
  struct Choice {
    int64_t extent;
    Count weight;
  };
  llvm::SmallVector<llvm::SmallVector<Choice, 2>, 4> choices;
  for (unsigned i : spatial) {
    const LoopState &s = p.states[i];
    llvm::SmallVector<Choice, 2> c;
    if (!p.model.isRelevant(a, s.rank)) {
      bool multicast = isInput && static_cast<int>(p.flat[i].level) > parent &&
                       p.flat[i].level <= keeper;
      c.push_back({s.tile, multicast ? Count(1) : Count(s.trips)});
    } else if (s.lastTile == s.tile) {
      c.push_back({s.tile, Count(s.trips)});
    } else {
      c.push_back({s.tile, Count(s.trips - 1)});
      c.push_back({s.lastTile, Count(1)});
    }
    choices.push_back(std::move(c));
  }
  llvm::SmallVector<bool, 16> removed(p.flat.size(), false);
  for (unsigned i : spatial)
    removed[i] = true;
  TensorCost total;
  llvm::SmallVector<unsigned, 4> pick(spatial.size(), 0);
  while (true) {
    Einsum e = p.split;
    Count weight = 1;
    for (unsigned j = 0; j < spatial.size(); ++j) {
      const Choice &c = choices[j][pick[j]];
      e.ranks[p.states[spatial[j]].rank].extent = c.extent;
      weight = satMul(weight, c.weight);
    }
    llvm::Expected<CostModel> model = CostModel::create(e, p.tensors);
    // The split einsum was accepted with larger extents; smaller ones
    // cannot make it malformed.
    assert(model && "chunk einsum must be well formed");
    TensorCost one = evaluate(*model, removed);
    if (total.occupancyBits < one.occupancyBits)
      total.occupancyBits = one.occupancyBits;
    total.readBits = satAdd(total.readBits, satMul(one.readBits, weight));
    total.writeBits = satAdd(total.writeBits, satMul(one.writeBits, weight));
    unsigned j = 0;
    for (; j < spatial.size(); ++j) {
      if (++pick[j] < choices[j].size())
        break;
      pick[j] = 0;
    }
    if (j == spatial.size())
      return total;
  }
}
} // namespace

llvm::Error oro::core::verifyMultiLevel(const Einsum &einsum,
                                        llvm::ArrayRef<Tensor> tensors,
                                        const MultiLevelMapping &mapping) {
  llvm::Expected<Prepared> p = prepare(einsum, tensors, mapping);
  return p ? llvm::Error::success() : p.takeError();
}

llvm::Expected<MultiLevelCost>
oro::core::evaluateMultiLevel(const Einsum &einsum,
                              llvm::ArrayRef<Tensor> tensors,
                              const MultiLevelMapping &m) {
  llvm::Expected<Prepared> prepared = prepare(einsum, tensors, m);
  if (!prepared)
    return prepared.takeError();
  const Prepared &p = *prepared;
  unsigned numLevels = m.levels.size();
  unsigned numAccesses = einsum.inputs.size() + 1;
  MultiLevelCost cost;
  cost.levels.resize(numLevels);
  for (LevelCost &lc : cost.levels)
    lc.perAccessBits.assign(numAccesses, 0);

  for (unsigned a = 0; a < numAccesses; ++a) {
    bool isInput = a < einsum.inputs.size();
    // Traffic at each keeper, from its parent keeper.
    llvm::SmallVector<std::optional<Count>, 4> atKeeper(numLevels);
    int parent = -1; // the backing store
    for (unsigned k = 0; k < numLevels; ++k) {
      const LevelMapping &level = m.levels[k];
      if (level.positions[a] == LevelMapping::kOnChip) {
        atKeeper[k] = 0;
        parent = k;
        continue;
      }
      if (!level.keeps(a))
        continue;
      unsigned pos = p.offsets[k] + level.positions[a];
      TensorCost moved = accessCost(p, a, pos, parent, k, isInput);
      cost.levels[k].occupancyBits =
          satAdd(cost.levels[k].occupancyBits, moved.occupancyBits);
      atKeeper[k] = moved.accessBits();
      parent = k;
    }
    Count bypass =
        accessCost(p, a, Mapping::kBypass, -1, 0, isInput).accessBits();
    for (unsigned k = 0; k < numLevels; ++k) {
      Count bits = bypass;
      for (unsigned j = k; j < numLevels; ++j)
        if (atKeeper[j]) {
          bits = *atKeeper[j];
          break;
        }
      cost.levels[k].perAccessBits[a] = bits;
      cost.levels[k].boundaryBits = satAdd(cost.levels[k].boundaryBits, bits);
    }
  }
  return cost;
}

//===----------------------------------------------------------------------===//
// The greedy mapper
//===----------------------------------------------------------------------===//

namespace {
/// Drops the loops of the last level below its deepest tile (they change
/// nothing at that level and would only constrain the levels below).
void truncateLast(MultiLevelMapping &m) {
  LevelMapping &level = m.levels.back();
  unsigned keep = level.spatial;
  if (m.levels.size() == 1)
    keep = std::max(keep, m.sharedLoops);
  for (unsigned a = 0; a < level.positions.size(); ++a)
    if (level.keeps(a))
      keep = std::max(keep, level.positions[a]);
  level.loops.resize(std::min<size_t>(keep, level.loops.size()));
}

/// The tile of each rank left by the levels of `m` (the first chunk, which
/// is always full).
llvm::SmallVector<int64_t, 8> innerTiles(const Einsum &e,
                                         const MultiLevelMapping &m) {
  llvm::SmallVector<int64_t, 8> tile;
  for (const Rank &r : e.ranks)
    tile.push_back(r.extent);
  for (const LevelMapping &level : m.levels)
    for (const Loop &l : level.loops)
      tile[l.rank] = l.tile;
  return tile;
}

/// Spatial splits of `tile` over `fanout` instances using the most
/// instances: at most two output ranks, each split in `f` chunks. Divisible
/// splits first, then single-rank ones; at most `limit`.
std::vector<llvm::SmallVector<Loop, 2>>
spatialSplits(const Einsum &e, llvm::ArrayRef<int64_t> tile, int64_t fanout,
              unsigned limit) {
  std::vector<llvm::SmallVector<Loop, 2>> none(1);
  if (fanout <= 1)
    return none;
  struct Split {
    llvm::SmallVector<Loop, 2> loops;
    int64_t used;
    bool divisible;
  };
  std::vector<Split> splits;
  // Chunks for one rank: the most (capped by `cap`) and the largest divisor.
  auto factors = [&](unsigned r, int64_t cap) {
    llvm::SmallVector<int64_t, 2> fs;
    int64_t most = std::min(cap, tile[r]);
    if (most >= 2)
      fs.push_back(most);
    for (int64_t f = most; f >= 2; --f)
      if (tile[r] % f == 0) {
        if (f != most)
          fs.push_back(f);
        break;
      }
    return fs;
  };
  auto loopFor = [&](unsigned r, int64_t f) {
    int64_t t = ceilDiv(tile[r], f);
    return std::make_pair(Loop{r, t}, ceilDiv(tile[r], t));
  };
  unsigned n = e.ranks.size();
  for (unsigned r1 = 0; r1 < n; ++r1) {
    if (!e.isOutputRank(r1))
      continue;
    for (int64_t f1 : factors(r1, fanout)) {
      auto [l1, u1] = loopFor(r1, f1);
      splits.push_back({{l1}, u1, tile[r1] % l1.tile == 0});
      for (unsigned r2 = 0; r2 < n; ++r2) {
        if (r2 == r1 || !e.isOutputRank(r2))
          continue;
        for (int64_t f2 : factors(r2, fanout / u1)) {
          auto [l2, u2] = loopFor(r2, f2);
          splits.push_back({{l1, l2},
                            u1 * u2,
                            tile[r1] % l1.tile == 0 &&
                                tile[r2] % l2.tile == 0});
        }
      }
    }
  }
  if (splits.empty())
    return none;
  int64_t best = 0;
  for (const Split &s : splits)
    best = std::max(best, s.used);
  std::stable_sort(splits.begin(), splits.end(),
                   [](const Split &x, const Split &y) {
                     if (x.divisible != y.divisible)
                       return x.divisible;
                     return x.loops.size() < y.loops.size();
                   });
  std::vector<llvm::SmallVector<Loop, 2>> out;
  for (const Split &s : splits)
    if (s.used == best && out.size() < limit)
      out.push_back(s.loops);
  return out;
}

/// The order the greedy mapper ranks mappings of levels 0..k by: less
/// traffic across boundaries 0..k, compared outermost first, then less
/// occupancy at level k; with energies, less movement energy first.
struct Objective {
  const Einsum &einsum;
  llvm::ArrayRef<Tensor> tensors;
  llvm::ArrayRef<LevelEnergy> energies;

  /// Whether mapping `mx` with cost `x` beats `my` with cost `y`.
  bool better(const MultiLevelMapping &mx, const MultiLevelCost &x,
              const MultiLevelMapping &my, const MultiLevelCost &y,
              unsigned k) const {
    if (!energies.empty()) {
      double ex = movementEnergyPJ(einsum, tensors, mx, x, energies);
      double ey = movementEnergyPJ(einsum, tensors, my, y, energies);
      if (ex != ey)
        return ex < ey;
    }
    for (unsigned j = 0; j <= k; ++j)
      if (x.levels[j].boundaryBits != y.levels[j].boundaryBits)
        return x.levels[j].boundaryBits < y.levels[j].boundaryBits;
    return x.levels[k].occupancyBits < y.levels[k].occupancyBits;
  }
};
/// Local improvement of level k of `m`: moves one access at a time to the
/// position (or bypass, where allowed) that lowers the traffic most while
/// the level still fits, until nothing improves. The sub-problem's front
/// cannot see reuse across the outer levels' iterations (a tile held whole
/// while an outer loop the access does not use turns), so a point it
/// dominated away may win in the full nest.
void improvePositions(const Einsum &einsum, llvm::ArrayRef<Tensor> tensors,
                      const InnerLevelSpec &spec, const Objective &objective,
                      unsigned k, MultiLevelMapping &m, MultiLevelCost &cost) {
  for (unsigned round = 0; round < 4; ++round) {
    bool changed = false;
    for (unsigned a = 0; a < m.levels[k].positions.size(); ++a) {
      const LevelMapping &level = m.levels[k];
      llvm::SmallVector<unsigned, 8> options;
      if (spec.keep[a] != KeepPolicy::Keep)
        options.push_back(Mapping::kBypass);
      if (spec.keep[a] != KeepPolicy::Bypass)
        for (unsigned p = level.spatial; p <= level.loops.size(); ++p)
          options.push_back(p);
      for (unsigned p : options) {
        if (p == m.levels[k].positions[a])
          continue;
        MultiLevelMapping candidate = m;
        candidate.levels[k].positions[a] = p;
        llvm::Expected<MultiLevelCost> c =
            evaluateMultiLevel(einsum, tensors, candidate);
        if (!c) {
          llvm::consumeError(c.takeError());
          continue;
        }
        if (spec.capacityBits &&
            c->levels[k].occupancyBits > *spec.capacityBits)
          continue;
        if (objective.better(candidate, *c, m, cost, k)) {
          m = std::move(candidate);
          cost = std::move(*c);
          changed = true;
        }
      }
    }
    if (!changed)
      return;
  }
}
/// The divisors of `n` in (lo, hi], largest first: n / q for q from
/// ceil(n / hi) up while n / q > lo. At most 65536 quotients are tried, so
/// a huge extent (2^40) costs microseconds instead of O(n) steps; below
/// that (n / lo <= 65536 + n / hi) the list is complete.
llvm::SmallVector<int64_t> divisorsDescending(int64_t n, int64_t lo,
                                              int64_t hi) {
  constexpr int64_t kMaxQuotients = 65536;
  llvm::SmallVector<int64_t> out;
  if (hi < 1 || n < 1)
    return out;
  int64_t first = ceilDiv(n, std::min(hi, n));
  for (int64_t q = first; q < first + kMaxQuotients && n / q > lo; ++q)
    if (n % q == 0)
      out.push_back(n / q);
  return out;
}

/// The tile around loop `i` of the last level of `m`: the tile of the
/// closest loop above it over the same rank, or the rank's extent.
int64_t tileAround(const Einsum &einsum, const MultiLevelMapping &m,
                   unsigned i) {
  unsigned k = m.levels.size() - 1;
  unsigned r = m.levels[k].loops[i].rank;
  int64_t around = einsum.ranks[r].extent;
  for (unsigned j = 0; j <= k; ++j)
    for (unsigned x = 0; x < m.levels[j].loops.size(); ++x)
      if ((j < k || x < i) && m.levels[j].loops[x].rank == r)
        around = m.levels[j].loops[x].tile;
  return around;
}

/// Variants of the last level of `m` with larger tiles that change no
/// boundary's traffic and still fit `capacity`: more room for the levels
/// below at no cost above. Loops are grown one at a time to the largest
/// divisor of the tile around them that keeps the costs, innermost loop
/// first in one variant and outermost first in the other; the first
/// `frozen` loops stay as they are.
std::vector<MultiLevelMapping>
enlargedVariants(const Einsum &einsum, llvm::ArrayRef<Tensor> tensors,
                 const MultiLevelMapping &m, const MultiLevelCost &cost,
                 std::optional<Count> capacity, unsigned frozen) {
  std::vector<MultiLevelMapping> variants;
  unsigned k = m.levels.size() - 1;
  const LevelMapping &last = m.levels.back();
  unsigned first = std::max(last.spatial, frozen);
  if (first >= last.loops.size())
    return variants;
  for (bool innermostFirst : {true, false}) {
    MultiLevelMapping v = m;
    bool grew = false;
    for (unsigned step = first; step < last.loops.size(); ++step) {
      unsigned i = innermostFirst ? last.loops.size() - 1 - (step - first)
                                  : step;
      int64_t around = tileAround(einsum, v, i);
      int64_t current = v.levels[k].loops[i].tile;
      for (int64_t t : divisorsDescending(around, current, around)) {
        MultiLevelMapping c = v;
        c.levels[k].loops[i].tile = t;
        llvm::Expected<MultiLevelCost> cc =
            evaluateMultiLevel(einsum, tensors, c);
        if (!cc) {
          llvm::consumeError(cc.takeError());
          continue;
        }
        bool same = true;
        for (unsigned j = 0; j <= k; ++j)
          same &= cc->levels[j].boundaryBits <= cost.levels[j].boundaryBits;
        if (!same || (capacity && cc->levels[k].occupancyBits > *capacity))
          continue;
        v = std::move(c);
        grew = true;
        break;
      }
    }
    if (grew && !llvm::any_of(variants, [&](const MultiLevelMapping &x) {
          return x.levels.back() == v.levels.back();
        }))
      variants.push_back(std::move(v));
  }
  return variants;
}
/// The last level of `m` with every tile that leaves a partial chunk
/// shrunk to the largest divisor of the tile around it, so the levels below
/// can tile it again; nullopt when there is none or `frozen`. The caller
/// evaluates it (it may move more across the boundaries above).
std::optional<MultiLevelMapping> roundedVariant(const Einsum &einsum,
                                                const MultiLevelMapping &m,
                                                bool frozen) {
  if (frozen)
    return std::nullopt;
  MultiLevelMapping v = m;
  unsigned k = v.levels.size() - 1;
  bool changed = false;
  for (unsigned i = 0; i < v.levels[k].loops.size(); ++i) {
    int64_t around = tileAround(einsum, v, i);
    Loop &loop = v.levels[k].loops[i];
    int64_t t = loop.tile;
    llvm::SmallVector<int64_t> below = divisorsDescending(around, 0, t);
    t = below.empty() ? 1 : below.front();
    changed |= t != loop.tile;
    loop.tile = t;
  }
  if (!changed)
    return std::nullopt;
  return v;
}
} // namespace

llvm::Expected<InnerLevelsResult> oro::core::mapInnerLevels(
    const Einsum &einsum, llvm::ArrayRef<Tensor> tensors,
    const LevelMapping &outer, unsigned sharedLoops,
    std::optional<Count> outerCapacity, llvm::ArrayRef<InnerLevelSpec> inner,
    const SubSearchFn &search, llvm::ArrayRef<LevelEnergy> energies) {
  // Candidates per level: the fronts' best fitting points.
  constexpr unsigned kPointsPerFront = 24;
  constexpr unsigned kSpatialSplits = 6;

  if (!energies.empty() && energies.size() < inner.size() + 2)
    return makeError(llvm::formatv("the energy objective needs {0} levels' "
                                   "energies, got {1}",
                                   inner.size() + 2, energies.size()));
  Objective objective{einsum, tensors, energies};
  InnerLevelsResult result;
  result.mapping.levels.push_back(outer);
  result.mapping.sharedLoops = sharedLoops;
  truncateLast(result.mapping);
  llvm::Expected<MultiLevelCost> cost0 =
      evaluateMultiLevel(einsum, tensors, result.mapping);
  if (!cost0)
    return cost0.takeError();
  result.cost = std::move(*cost0);

  // Level k added below `base` (levels 0..k-1): the best candidate, or
  // nullopt with `why` set.
  auto addLevel = [&](const MultiLevelMapping &base, unsigned k,
                      std::string &why)
      -> std::optional<std::pair<MultiLevelMapping, MultiLevelCost>> {
    const InnerLevelSpec &spec = inner[k - 1];
    llvm::SmallVector<int64_t, 8> tile = innerTiles(einsum, base);
    std::optional<MultiLevelMapping> bestMapping;
    std::optional<MultiLevelCost> bestCost;
    std::string lastError;
    // Splits over the fanout first; one instance only if none maps.
    std::vector<llvm::SmallVector<Loop, 2>> splits =
        spatialSplits(einsum, tile, spec.fanout, kSpatialSplits);
    if (!splits.front().empty())
      splits.push_back({});
    for (const llvm::SmallVector<Loop, 2> &split : splits) {
      if (split.empty() && bestMapping)
        break;
      Einsum sub = einsum;
      for (unsigned r = 0; r < sub.ranks.size(); ++r)
        sub.ranks[r].extent = tile[r];
      for (const Loop &l : split)
        sub.ranks[l.rank].extent = l.tile;
      llvm::Expected<ParetoFront> front = search(sub, tensors, spec.keep);
      if (!front) {
        lastError = llvm::toString(front.takeError());
        continue;
      }
      std::vector<ParetoPoint> points = front->points();
      std::vector<const ParetoPoint *> fitting;
      for (const ParetoPoint &pt : points)
        if (!spec.capacityBits || pt.occupancyBits <= *spec.capacityBits)
          fitting.push_back(&pt);
      size_t from = fitting.size() > kPointsPerFront
                        ? fitting.size() - kPointsPerFront
                        : 0;
      for (size_t i = from; i < fitting.size(); ++i) {
        const Mapping &w = fitting[i]->witness;
        LevelMapping level;
        level.loops.assign(split.begin(), split.end());
        level.loops.append(w.loops.begin(), w.loops.end());
        level.spatial = split.size();
        for (unsigned pos : w.positions)
          level.positions.push_back(pos == Mapping::kBypass
                                        ? Mapping::kBypass
                                        : pos + level.spatial);
        MultiLevelMapping candidate = base;
        candidate.levels.push_back(std::move(level));
        truncateLast(candidate);
        llvm::Expected<MultiLevelCost> c =
            evaluateMultiLevel(einsum, tensors, candidate);
        if (!c) {
          lastError = llvm::toString(c.takeError());
          continue;
        }
        if (spec.capacityBits &&
            c->levels[k].occupancyBits > *spec.capacityBits)
          continue;
        if (!bestCost ||
            objective.better(candidate, *c, *bestMapping, *bestCost, k)) {
          bestCost = std::move(*c);
          bestMapping = std::move(candidate);
        }
      }
    }
    if (!bestMapping) {
      why = llvm::formatv("no mapping of level {0} fits{1}{2}", k,
                          lastError.empty() ? "" : ": ", lastError)
                .str();
      return std::nullopt;
    }
    improvePositions(einsum, tensors, spec, objective, k, *bestMapping,
                     *bestCost);
    return std::make_pair(std::move(*bestMapping), std::move(*bestCost));
  };

  // A fused group's level 0 is sized by the whole group: left as is.
  bool group = sharedLoops > 0 ||
               llvm::is_contained(outer.positions, LevelMapping::kOnChip);
  for (unsigned k = 1; k <= inner.size(); ++k) {
    // The level above as chosen, or with its tiles grown at no cost above
    // (one step of lookahead decides).
    std::vector<MultiLevelMapping> bases = {result.mapping};
    std::optional<Count> aboveCapacity =
        k == 1 ? outerCapacity : inner[k - 2].capacityBits;
    if (k > 1 || !group)
      for (MultiLevelMapping &v : enlargedVariants(
               einsum, tensors, result.mapping, result.cost, aboveCapacity, 0))
        bases.push_back(std::move(v));
    std::optional<std::pair<MultiLevelMapping, MultiLevelCost>> best;
    std::string why;
    for (const MultiLevelMapping &base : bases) {
      auto next = addLevel(base, k, why);
      if (next && (!best || objective.better(next->first, next->second,
                                             best->first, best->second, k)))
        best = std::move(next);
    }
    // Nothing maps below the level as chosen (its partial chunks cannot be
    // tiled again): give up traffic above for a level below.
    if (!best)
      if (std::optional<MultiLevelMapping> v =
              roundedVariant(einsum, result.mapping, k == 1 && group))
        best = addLevel(*v, k, why);
    if (!best) {
      result.stopReason = why;
      return result;
    }
    result.mapping = std::move(best->first);
    result.cost = std::move(best->second);
    result.levelsMapped = k + 1;
  }
  return result;
}

double oro::core::movementEnergyPJ(const Einsum &einsum,
                                   llvm::ArrayRef<Tensor> tensors,
                                   const MultiLevelMapping &mapping,
                                   const MultiLevelCost &cost,
                                   llvm::ArrayRef<LevelEnergy> energies) {
  assert(energies.size() > mapping.levels.size() && "an energy per level");
  assert(cost.levels.size() == mapping.levels.size() && "a cost per level");
  double total = 0;
  unsigned numAccesses = einsum.inputs.size() + 1;
  for (unsigned a = 0; a < numAccesses; ++a) {
    bool output = a == einsum.inputs.size();
    const LevelEnergy *parent = &energies[0];
    for (unsigned k = 0; k < mapping.levels.size(); ++k) {
      unsigned pos = mapping.levels[k].positions[a];
      if (pos == Mapping::kBypass)
        continue;
      const LevelEnergy &child = energies[k + 1];
      double perBit = output ? child.readPJPerBit + parent->writePJPerBit
                             : parent->readPJPerBit + child.writePJPerBit;
      total += static_cast<double>(cost.levels[k].perAccessBits[a]) * perBit;
      parent = &child;
    }
    double operandBits = static_cast<double>(einsum.macs()) *
                         tensors[accessOf(einsum, a).tensor].bits;
    total += operandBits * (output ? parent->readPJPerBit +
                                         parent->writePJPerBit
                                   : parent->readPJPerBit);
  }
  return total;
}

std::string oro::core::formatMultiLevel(const Einsum &einsum,
                                        llvm::ArrayRef<Tensor> tensors,
                                        const MultiLevelMapping &m) {
  std::string s;
  llvm::raw_string_ostream os(s);
  for (auto [k, level] : llvm::enumerate(m.levels)) {
    if (k)
      os << " | ";
    os << "L" << k << " [";
    for (auto [i, loop] : llvm::enumerate(level.loops)) {
      if (i)
        os << ' ';
      if (i < level.spatial)
        os << '*';
      os << (loop.rank < einsum.ranks.size() ? einsum.ranks[loop.rank].name
                                              : "#" + std::to_string(loop.rank))
         << ':' << loop.tile;
    }
    os << ']';
    for (auto [a, pos] : llvm::enumerate(level.positions)) {
      const Access &acc = accessOf(einsum, a);
      os << ' '
         << (acc.tensor < tensors.size() ? tensors[acc.tensor].name
                                         : "#" + std::to_string(acc.tensor))
         << '@';
      if (pos == Mapping::kBypass)
        os << '-';
      else if (pos == LevelMapping::kOnChip)
        os << "chip";
      else
        os << pos;
    }
  }
  return s;
}
