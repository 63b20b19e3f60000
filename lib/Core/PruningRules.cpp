//===- PruningRules.cpp - Lossless reductions both searches use -----------===//

#include "oro/Core/PruningRules.h"
#include "oro/Core/Count.h"
#include "llvm/ADT/bit.h"
#include <algorithm>

llvm::SmallVector<int64_t, 0> oro::core::candidateTiles(int64_t e,
                                                        bool minimalOnly) {
  llvm::SmallVector<int64_t, 0> tiles;
  if (!minimalOnly) {
    for (int64_t t = 1; t < e; ++t)
      tiles.push_back(t);
    return tiles;
  }
  // t = ceil(e / q) for q = e, e-1, ..., 2 is non-decreasing; every distinct
  // value is the smallest tile of its own trip count ceil(e / t).
  int64_t q = e;
  while (q >= 2) {
    int64_t t = ceilDiv(e, q);
    if (tiles.empty() || tiles.back() != t)
      tiles.push_back(t);
    // Jump to the smallest q with the same ceil(e / q) - 1, i.e. the next t.
    // ceil(e / q) == t  <=>  q >= ceil(e / t); next candidate q' has
    // ceil(e / q') >= t + 1  <=>  q' <= floor((e - 1) / t).
    int64_t next = (e - 1) / t;
    q = std::min(q - 1, next);
  }
  return tiles;
}

using namespace oro::core;

int oro::core::stridedWindowPartner(const CostModel &model, unsigned a,
                                    unsigned x) {
  const Einsum &e = model.getEinsum();
  const Access &acc = a < e.inputs.size() ? e.inputs[a] : e.output;
  const DimExpr *window = nullptr;
  for (const DimExpr &d : acc.dims)
    for (const AffineTerm &t : d.terms)
      if (t.rank == x) {
        if (window)
          return -1;
        window = &d;
      }
  if (!window || window->terms.size() != 2)
    return -1;
  const AffineTerm &tx =
      window->terms[0].rank == x ? window->terms[0] : window->terms[1];
  const AffineTerm &ty =
      window->terms[0].rank == x ? window->terms[1] : window->terms[0];
  if (ty.rank == x || tx.coeff < 2 || ty.coeff != 1 ||
      model.getExtent(ty.rank) <= tx.coeff)
    return -1;
  for (const DimExpr &d : acc.dims)
    if (&d != window)
      for (const AffineTerm &t : d.terms)
        if (t.rank == ty.rank)
          return -1;
  return static_cast<int>(ty.rank);
}

RankRules::RankRules(
    const CostModel &model, uint32_t considered, bool pruneWindowTiles,
    llvm::function_ref<llvm::ArrayRef<int64_t>(unsigned, bool)> tilesOf)
    : model(model) {
  unsigned numRanks = model.getNumRanks(), numAccesses = model.getNumAccesses();
  partners.assign(numAccesses, llvm::SmallVector<int, 8>(numRanks, -1));
  stridedUsers.assign(numRanks, 0);
  for (unsigned r = 0; r < numRanks; ++r) {
    bool single = true, windowSafe = true;
    uint32_t users = 0;
    for (unsigned a = 0; a < numAccesses; ++a) {
      if (!((considered >> a) & 1))
        continue;
      RankRole role = model.getRankRole(a, r);
      // The strided rank of an overlapping window (Search.h).
      int strided = role == RankRole::Other && model.isExact(a)
                        ? stridedWindowPartner(model, a, r)
                        : -1;
      single &= role == RankRole::Absent || role == RankRole::Single;
      windowSafe &= role != RankRole::Other || strided >= 0;
      if (role == RankRole::UnitWindow) {
        users |= uint32_t(1) << a;
        partners[a][r] = model.getWindowPartner(a, r);
      } else if (strided >= 0) {
        users |= uint32_t(1) << a;
        stridedUsers[r] |= uint32_t(1) << a;
        partners[a][r] = strided;
      }
    }
    singleTermOnly.push_back(single);
    bool minimal = single || (windowSafe && pruneWindowTiles);
    tiles.push_back(model.getExtent(r) >= 2 ? tilesOf(r, minimal)
                                            : llvm::ArrayRef<int64_t>());
    windowObligated.push_back(!minimal && windowSafe);
    windowUsers.push_back(users);
  }

  // Placed directly below a loop over rank r, an exact access's traffic is
  // affine in r's tile over every tile when r is single-term in it, and
  // over each of two classes of tiles when r is in a unit window x + y of
  // it (extent E, trip count T, partner extent Y): the tiles with
  // (T - 2) * tile >= Y - 1, and the tiles with T = 2 and
  // Y - 1 <= tile <= E - Y + 1 (SearchRulesTest). An affine function is
  // least at the smallest or the largest tile of a class, so those two
  // stand for the class; other tiles are tried one by one.
  probes.resize(numAccesses);
  for (unsigned a = 0; a < numAccesses; ++a) {
    probes[a].resize(numRanks);
    if (!((considered >> a) & 1) || !model.isExact(a) || model.isProjective(a))
      continue;
    for (unsigned r = 0; r < numRanks; ++r) {
      if (tiles[r].empty() || !model.isRelevant(a, r))
        continue;
      RankRole role = model.getRankRole(a, r);
      int64_t e = model.getExtent(r);
      // The partner's extent; 1 when single-term (every tile is in class
      // 0); 0 when neither (no class).
      int64_t y = role == RankRole::Single ? 1
                  : role == RankRole::UnitWindow
                      ? model.getExtent(model.getWindowPartner(a, r))
                      : 0;
      auto classOf = [&](int64_t t) {
        int64_t trips = ceilDiv(e, t);
        if (y == 0)
          return -1;
        if ((trips - 2) * t >= y - 1)
          return 0;
        if (trips == 2 && t >= y - 1 && t <= e - y + 1)
          return 1;
        return -1;
      };
      int64_t lo[2] = {0, 0}, hi[2] = {0, 0};
      llvm::SmallVector<int64_t, 4> &out = probes[a][r];
      for (int64_t t : tiles[r]) {
        int c = classOf(t);
        if (c < 0) {
          out.push_back(t);
          continue;
        }
        if (lo[c] == 0)
          lo[c] = t;
        hi[c] = t;
      }
      for (int c = 0; c < 2; ++c) {
        if (lo[c] != 0)
          out.push_back(lo[c]);
        if (hi[c] != lo[c])
          out.push_back(hi[c]);
      }
    }
  }
}

Count RankRules::deeperTraffic(unsigned a, unsigned d, Count here,
                               LoopState *loops, int *rankLoop,
                               llvm::function_ref<Count()> trafficBelow) const {
  // Most evaluations one bound spends (ranks in strided or dilated windows
  // have no affine class, so every tile is a probe).
  constexpr size_t kMaxProbes = 16;
  unsigned numRanks = tiles.size();
  // The strided rank x of an overlapping window s*x + y with y not looped
  // above: directly below the loops and x's, a's traffic is its boxes'
  // sizes, which sum to the same over any pass of x whatever the tile,
  // minus what a box keeps of the one before: Y - s at x's increments, and
  // at its resets max(0, Y - s - s * (T - 2) * tile), the most at T = 2.
  // So a tile with two trips is least (SearchRulesTest).
  int64_t twoTrips[1];
  auto probesOf = [&](unsigned r) -> llvm::ArrayRef<int64_t> {
    if (isStrided(a, r) && rankLoop[partners[a][r]] < 0) {
      twoTrips[0] = ceilDiv(model.getExtent(r), 2);
      return twoTrips;
    }
    return probes[a][r];
  };
  size_t work = 0;
  for (unsigned r = 0; r < numRanks; ++r)
    if (rankLoop[r] < 0)
      work += probesOf(r).size();
  if (work > kMaxProbes)
    return here;
  Count best = kCountMax;
  for (unsigned r = 0; r < numRanks; ++r) {
    if (rankLoop[r] >= 0 || tiles[r].empty() || !model.isRelevant(a, r))
      continue;
    llvm::ArrayRef<int64_t> rankProbes = probesOf(r);
    rankLoop[r] = d;
    for (int64_t t : rankProbes) {
      loops[d] = LoopState::get({r, t}, model.getExtent(r));
      best = std::min(best, trafficBelow());
    }
    rankLoop[r] = -1;
  }
  // No loop can come: the access cannot be placed deeper (the subtree is a
  // dead end), and `here` will do.
  return best == kCountMax ? here : std::max(best, here);
}

uint64_t RankRules::obligation(const LoopState &loop, int64_t extent) const {
  return windowObligated[loop.rank] && ceilDiv(extent, loop.trips) != loop.tile
             ? uint64_t(1) << loop.rank
             : 0;
}

bool oro::core::windowTilePays(int64_t e, int64_t tile, int64_t partnerExtent,
                               bool partnerInside) {
  int64_t trips = ceilDiv(e, tile);
  if (partnerInside)
    return e - (trips - 1) * tile < partnerExtent - 1;
  return (trips - 2) * ceilDiv(e, trips) < partnerExtent - 1;
}

bool RankRules::justifies(unsigned a, unsigned x, const LoopState *loops,
                          const int *rankLoop) const {
  unsigned y = partners[a][x];
  int lx = rankLoop[x], ly = rankLoop[y];
  if (ly < 0)
    return false;
  // A strided window with its partner looped: any tile may pay.
  if (isStrided(a, x))
    return true;
  return windowTilePays(model.getExtent(x), loops[lx].tile, model.getExtent(y),
                        ly > lx);
}

uint64_t RankRules::settle(uint64_t pending, uint32_t placed,
                           const LoopState *loops, const int *rankLoop) const {
  for (uint64_t m = pending; m; m &= m - 1) {
    unsigned x = llvm::countr_zero(m);
    for (uint32_t pm = placed & windowUsers[x]; pm; pm &= pm - 1) {
      unsigned a = llvm::countr_zero(pm);
      if (justifies(a, x, loops, rankLoop)) {
        pending &= ~(uint64_t(1) << x);
        break;
      }
    }
  }
  return pending;
}

bool RankRules::satisfiable(uint64_t pending, uint32_t rest,
                            const LoopState *loops, const int *rankLoop) const {
  for (uint64_t m = pending; m; m &= m - 1) {
    unsigned x = llvm::countr_zero(m);
    bool ok = false;
    for (uint32_t pm = rest & windowUsers[x]; pm && !ok; pm &= pm - 1) {
      unsigned a = llvm::countr_zero(pm);
      unsigned y = partners[a][x];
      // A loop over y still to come is inside x (for a strided window,
      // any loop over y justifies).
      ok = justifies(a, x, loops, rankLoop) ||
           (rankLoop[y] < 0 && !tiles[y].empty() &&
            (isStrided(a, x) ||
             loops[rankLoop[x]].lastTile < model.getExtent(y) - 1));
    }
    if (!ok)
      return false;
  }
  return true;
}
