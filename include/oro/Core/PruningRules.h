//===- PruningRules.h - Lossless reductions both searches use ---*- C++ -*-===//
//
// Rules of the single-einsum search (Search.h) and the fused search
// (FusionSearch.h) that drop mappings without changing any point of a
// curve; the arguments are in those headers and SearchRulesTest.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_PRUNINGRULES_H
#define ORO_CORE_PRUNINGRULES_H

#include "oro/Core/CostModel.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>

namespace oro::core {

/// The tiles a loop over a rank of extent `e` tries: every tile with at
/// least two trips (1 .. e-1), or with `minimalOnly` only the smallest
/// tile of each trip count >= 2, ascending. (A rank that indexes the
/// accesses below it only through single-term dimensions loses nothing:
/// a larger tile with the same trip count moves and holds no less.)
/// Empty when e < 2.
llvm::SmallVector<int64_t, 0> candidateTiles(int64_t e, bool minimalOnly);

/// Whether a tile of a rank of extent `e` that is not the smallest for its
/// trip count T can make an access with the rank in a unit window pay off
/// (Search.h), with the window partner (extent `partnerExtent`) looped
/// inside the rank's loop: only when the last chunk is shorter than
/// partnerExtent - 1; or outside it: only when a reset of the rank can
/// keep part of the window, (T - 2) * ceil(e / T) < partnerExtent - 1.
bool windowTilePays(int64_t e, int64_t tile, int64_t partnerExtent,
                    bool partnerInside);

/// The partner y when rank x of access `a` is the strided rank of an
/// overlapping window `s*x + y` (s >= 2, y's coefficient 1, y's extent
/// greater than s) in one dimension, and y indexes no other dimension of
/// `a`; else -1. Under a loop over x, with y not looped above `a`, every
/// box of that dimension is an interval and `a`'s traffic depends on x's
/// tile only through its trip count (Search.h).
int stridedWindowPartner(const CostModel &model, unsigned a, unsigned x);

/// What the tile and bound rules of Search.h know of an einsum's ranks,
/// over the accesses in `considered` (a fused inner search leaves out its
/// internal accesses: their cost does not depend on the inner loops). Both
/// searches read it; the arguments are in Search.h ("tiles", "branch and
/// bound") and SearchRulesTest.
class RankRules {
public:
  /// `tilesOf(r, minimalOnly)` must return candidateTiles(extent of r,
  /// minimalOnly) (a caller may cache them). With `pruneWindowTiles`
  /// (SearchOptions), ranks in unit windows get the smallest tile per trip
  /// count only, which is not exact.
  RankRules(
      const CostModel &model, uint32_t considered, bool pruneWindowTiles,
      llvm::function_ref<llvm::ArrayRef<int64_t>(unsigned, bool)> tilesOf);

  /// The tiles a loop over rank r tries (empty: r is never looped).
  llvm::ArrayRef<int64_t> getTiles(unsigned r) const { return tiles[r]; }
  /// Whether r indexes the considered accesses through single-term
  /// dimensions only (or not at all).
  bool isSingleTermOnly(unsigned r) const { return singleTermOnly[r]; }
  /// The obligation a loop over r with state `loop` puts on the accesses
  /// below it: bit r when its tile is not the smallest for its trip count
  /// and only a window can make that pay off (`justifies`), else 0.
  uint64_t obligation(const LoopState &loop, int64_t extent) const;
  /// Obligations of `pending` still unmet once the accesses `placed` sit
  /// directly below `loops` (`rankLoop[r]`: r's loop, or -1).
  uint64_t settle(uint64_t pending, uint32_t placed, const LoopState *loops,
                  const int *rankLoop) const;
  /// Whether the accesses `rest`, placed deeper, can still meet every
  /// obligation of `pending`.
  bool satisfiable(uint64_t pending, uint32_t rest, const LoopState *loops,
                   const int *rankLoop) const;
  /// The tiles of r whose traffic bounds access a's least traffic directly
  /// below a loop over r with any of r's tiles: the ends of the tile
  /// classes over which that traffic is affine, and the tiles in none.
  /// Empty unless a is considered, exact and not a projection.
  llvm::ArrayRef<int64_t> getProbes(unsigned a, unsigned r) const {
    return probes[a][r];
  }
  /// A lower bound on the traffic of access a (exact, not a projection)
  /// placed strictly below depth d, given `here`, its traffic at d: its
  /// least traffic directly below `loops[0, d)` and one more loop over an
  /// unlooped rank it uses (`rankLoop[r] < 0`), over the probes
  /// (Search.h, "branch and bound"). `trafficBelow()` evaluates a at
  /// d + 1 with that loop in `loops[d]` and `rankLoop`. `here` when the
  /// probes are too many (far cheaper, and a bound too) or no loop can
  /// come.
  Count deeperTraffic(unsigned a, unsigned d, Count here, LoopState *loops,
                      int *rankLoop,
                      llvm::function_ref<Count()> trafficBelow) const;

private:
  /// Whether access `a`, using looped rank x in a window, makes a
  /// non-minimal tile of x pay off (Search.h).
  bool justifies(unsigned a, unsigned x, const LoopState *loops,
                 const int *rankLoop) const;

  const CostModel &model;
  llvm::SmallVector<llvm::ArrayRef<int64_t>, 8> tiles;
  llvm::SmallVector<bool, 8> singleTermOnly;
  /// Per rank: the considered accesses where it is a UnitWindow rank or
  /// the strided rank of an overlapping window (stridedWindowPartner), and
  /// whether its non-minimal tiles carry an obligation.
  llvm::SmallVector<uint32_t, 8> windowUsers;
  /// Per rank: the accesses of `windowUsers` where the window is strided.
  llvm::SmallVector<uint32_t, 8> stridedUsers;
  /// Whether access a uses rank x in a strided window (stridedUsers).
  bool isStrided(unsigned a, unsigned x) const {
    return (stridedUsers[x] >> a) & 1;
  }
  /// [access][rank]: the window partner, or -1.
  llvm::SmallVector<llvm::SmallVector<int, 8>, 4> partners;
  llvm::SmallVector<bool, 8> windowObligated;
  llvm::SmallVector<llvm::SmallVector<llvm::SmallVector<int64_t, 4>, 8>, 4>
      probes;
};

} // namespace oro::core

#endif // ORO_CORE_PRUNINGRULES_H
