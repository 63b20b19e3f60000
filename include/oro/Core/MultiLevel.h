//===- MultiLevel.h - Mappings onto a whole memory hierarchy ----*- C++ -*-===//
//
// A `MultiLevelMapping` places one einsum on a hierarchy of buffer levels
// below a backing store: level 0 is the outermost on-chip level (the one the
// single-level curves describe), level n-1 the innermost. Each level has a
// loop segment (`LevelMapping`); the segments concatenate, outermost first,
// into one loop nest in which a rank may be tiled once per level with
// non-increasing tiles. A level's positions count loops from the start of
// its own segment, so every tile a level holds lies inside the tiles of the
// levels above it (inclusion by construction).
//
// Spatial loops. The first `spatial` loops of a segment are spread over the
// instances of that level under one instance of its parent level (the
// arch's fanout): each instance runs the rest of the nest on its own chunk
// with its own buffer. Spatial loops must index the output (no spatial
// reductions). An input that does not depend on a spatial loop's rank is
// multicast: its parent reads it once for all the instances along that
// loop.
//
// Cost. For an access a, let its keepers be the levels that hold it (its
// position there is not `kBypass`). Its traffic at keeper k is the
// single-level cost model (CostModel.h) of the whole nest with a at the
// global position of k: the fetches, write-backs and partial-sum read-backs
// between k's tile and its parent keeper's (or the backing store), summed
// over instances, with the spatial loops of the levels between the two
// keepers that a does not depend on removed when a is an input (multicast).
// That traffic crosses every boundary from the parent keeper down to k.
// Traffic across boundary k (between level k and the level above it) is,
// per access, its traffic at its outermost keeper at or below k, or, if no
// level at or below k keeps it, its bypass cost (one access per MAC, as in
// CostModel.h, counted per instance). The occupancy of a level is that of
// one instance: its kept tiles' footprints.
//
// Exactness. Evaluation rewrites the nest into an einsum in which every
// loop has its own rank: a rank tiled by loops with tiles T1 > ... > Tj is
// written as T1*v1 + T2*v2 + ... + vj, which is exact (an injective split,
// CostModel.h) when E % T1 == 0 and every tile but the last divides the one
// before it; the last loop may leave a partial chunk. A window `p + r` whose
// rank p is tiled at several levels becomes `T1*v1 + ... + vj + r`, which is
// not injective; it stays exact because the split nest steps every piece
// but the last one index at a time, outer pieces first: in every box the
// pieces of p are single indices, then one chunk, then full ranges that
// cover [0, T) for the chunk's coefficient T, so they cover one interval of
// p, the window one interval of values, and the cost model counts such
// dimensions exactly (CostModel.h, "Interval boxes"; the spatial chunks of
// `accessCost` only shrink pieces whose outer pieces are single indices).
// The same holds when r is tiled too. `evaluateMultiLevel` fails on other
// tilings, and also when the split makes the model inexact for an access it
// was exact for: a strided or dilated window `2*p + r` tiled at two levels,
// whose boxes are combs (no interval in general). The simulator
// (`simulateMultiLevel`) replays the nest over the original ranks with
// explicit element sets and one buffer per instance; it shares nothing with
// the model but the definitions.
//
// Fused groups. An access produced and consumed on chip by a fused group
// (FusionModel.h) has position `kOnChip` at level 0: it never crosses
// boundary 0, its level-0 tile is the group's (not counted here), and for
// the levels below it nests like a tile held below the group's
// `sharedLoops` shared loops.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_MULTILEVEL_H
#define ORO_CORE_MULTILEVEL_H

#include "oro/Core/Count.h"
#include "oro/Core/MapSpace.h"
#include "oro/Core/Mapping.h"
#include "oro/Core/Pareto.h"
#include "oro/Core/Workload.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include <functional>
#include <optional>
#include <string>

namespace oro::core {

/// One level's loop segment and the positions of the accesses in it.
struct LevelMapping {
  /// Position of an access produced and consumed on chip by a fused group
  /// (level 0 only): the fused model's `Mapping::kOnChip`.
  static constexpr unsigned kOnChip = Mapping::kOnChip;

  /// The segment's loops, outermost first; at most one per rank.
  llvm::SmallVector<Loop, 6> loops;
  /// The first `spatial` loops are spread over the level's instances.
  unsigned spatial = 0;
  /// Per access (inputs, then output): loops of this segment above its
  /// tile, `Mapping::kBypass`, or `kOnChip`.
  llvm::SmallVector<unsigned, 4> positions;

  /// Whether access `a` has a tile at this level.
  bool keeps(unsigned a) const {
    return positions[a] != Mapping::kBypass && positions[a] != kOnChip;
  }
  friend bool operator==(const LevelMapping &x, const LevelMapping &y) {
    return x.loops == y.loops && x.spatial == y.spatial &&
           x.positions == y.positions;
  }
};

/// A mapping onto levels 0 (outermost below the backing store) to n-1.
struct MultiLevelMapping {
  llvm::SmallVector<LevelMapping, 4> levels;
  /// Level 0 of a fused group: its shared loops (the first loops of level
  /// 0), below which `kOnChip` tiles nest.
  unsigned sharedLoops = 0;
};

/// Cost of one level under a multi-level mapping, in bits.
struct LevelCost {
  /// Occupancy of one instance (kept tiles; `kOnChip` tiles excluded).
  Count occupancyBits = 0;
  /// Traffic across the boundary between this level and the one above,
  /// over all instances (multicast counted once).
  Count boundaryBits = 0;
  /// Each access's share of `boundaryBits` (inputs, then output).
  llvm::SmallVector<Count, 4> perAccessBits;

  friend bool operator==(const LevelCost &x, const LevelCost &y) {
    return x.occupancyBits == y.occupancyBits &&
           x.boundaryBits == y.boundaryBits &&
           x.perAccessBits == y.perAccessBits;
  }
};

/// Per-level costs, level 0 first.
struct MultiLevelCost {
  llvm::SmallVector<LevelCost, 4> levels;
};

/// Checks that `mapping` is well formed for `einsum` and evaluable exactly
/// (see the file comment); the message names the level, loop or access.
llvm::Error verifyMultiLevel(const Einsum &einsum,
                             llvm::ArrayRef<Tensor> tensors,
                             const MultiLevelMapping &mapping);

/// The analytic cost of `mapping`; fails when `verifyMultiLevel` does.
llvm::Expected<MultiLevelCost>
evaluateMultiLevel(const Einsum &einsum, llvm::ArrayRef<Tensor> tensors,
                   const MultiLevelMapping &mapping);

/// The same cost by explicit replay (tests only; slow). Fails when the
/// mapping is malformed or the replay would touch more than `maxWork`
/// element coordinates.
llvm::Expected<MultiLevelCost>
simulateMultiLevel(const Einsum &einsum, llvm::ArrayRef<Tensor> tensors,
                   const MultiLevelMapping &mapping,
                   uint64_t maxWork = uint64_t(1) << 24);

/// Per-bit access energies of one memory level, in picojoules.
struct LevelEnergy {
  double readPJPerBit = 0;
  double writePJPerBit = 0;
};

/// Data-movement energy of `mapping` with cost `cost`, in picojoules.
/// `energies[0]` is the backing store and `energies[k + 1]` level k of the
/// mapping (at least `mapping.levels.size() + 1` entries). Per access:
/// - each fill of a keeper k (a level holding it, or level 0 for a `kOnChip`
///   access) from the nearest keeper above it, P (or the backing store),
///   costs its traffic at k (`cost.levels[k].perAccessBits`) times P's read
///   plus k's write energy for an input, and k's read plus P's write for the
///   output (its write-backs; read-backs of partial sums are charged the
///   same way, exact when a level's read and write energies are equal);
/// - the operands of the MACs come from the innermost keeper I (or the
///   backing store): MACs times the element bits times I's read energy for
///   an input, I's read plus write for the output.
/// A bypassed level costs nothing (data passes it by). MAC energy is not
/// included: it does not depend on the mapping.
double movementEnergyPJ(const Einsum &einsum, llvm::ArrayRef<Tensor> tensors,
                        const MultiLevelMapping &mapping,
                        const MultiLevelCost &cost,
                        llvm::ArrayRef<LevelEnergy> energies);

/// One level below the outermost for `mapInnerLevels`.
struct InnerLevelSpec {
  /// Capacity of one instance; nullopt = unbounded.
  std::optional<Count> capacityBits;
  /// Instances under one instance of the level above (>= 1).
  int64_t fanout = 1;
  /// Per access: may the level keep it.
  llvm::SmallVector<KeepPolicy, 4> keep;
};

/// The single-level search used for each level's sub-problem: the Pareto
/// front of `einsum` (a tile of the original) under `keep`.
using SubSearchFn = std::function<llvm::Expected<ParetoFront>(
    const Einsum &einsum, llvm::ArrayRef<Tensor> tensors,
    llvm::ArrayRef<KeepPolicy> keep)>;

/// What `mapInnerLevels` found.
struct InnerLevelsResult {
  MultiLevelMapping mapping;
  MultiLevelCost cost;
  /// Levels that got a mapping fitting their capacity (0 counts as mapped);
  /// the rest are left out of `mapping` (fewer levels than asked).
  unsigned levelsMapped = 1;
  /// Why mapping stopped early, if it did.
  std::string stopReason;
};

/// Extends the level-0 mapping `outer` (with `sharedLoops` for a fused
/// group; level 0 holds `outerCapacity` bits) down the hierarchy `inner`
/// (level 1 first), greedily, level by level from the outermost boundary
/// in. For each level k:
/// - the level above as chosen, and variants of it with tiles grown as far
///   as they cost nothing across boundaries 0..k-1 and still fit (a
///   traffic-optimal outer tile is often the smallest of many);
/// - below each, a spatial split of the tile left over the level's fanout
///   (most instances used first), then the level's own segment from the
///   front of the sub-problem (`search` on the tile);
/// - among the candidates that fit and evaluate exactly, the one with the
///   least traffic across boundaries 0..k, compared outermost first (or,
///   when `energies` is given, the least `movementEnergyPJ` of levels
///   0..k, ties broken by traffic); then a local pass over each access's
///   position (the sub-problem cannot see reuse across the outer
///   iterations).
/// This is not the lexicographic optimum (the bounds say how far it can
/// be). A level where nothing fits ends the descent (`levelsMapped`,
/// `stopReason`).
llvm::Expected<InnerLevelsResult>
mapInnerLevels(const Einsum &einsum, llvm::ArrayRef<Tensor> tensors,
               const LevelMapping &outer, unsigned sharedLoops,
               std::optional<Count> outerCapacity,
               llvm::ArrayRef<InnerLevelSpec> inner, const SubSearchFn &search,
               llvm::ArrayRef<LevelEnergy> energies = {});

/// Renders `mapping` as "L0 [m:4 k:2] A@1 B@2 C@- | L1 sp[n:2] [k:1] ...".
std::string formatMultiLevel(const Einsum &einsum,
                             llvm::ArrayRef<Tensor> tensors,
                             const MultiLevelMapping &mapping);

} // namespace oro::core

#endif // ORO_CORE_MULTILEVEL_H
