//===- Mapping.h - One einsum mapped onto a backing store and a buffer ----===//
//
// A `Mapping` places one einsum on a two-level hierarchy: a backing store and
// the buffer below it. It is a loop nest run at the backing-store level,
// outermost loop first; each loop iterates one rank in chunks of `tile`
// elements (the trip count is ceil(extent / tile) and the last chunk may be
// partial: imperfect factorization). A rank without a loop is held whole.
//
// Every access of the einsum (its inputs in order, then its output) has a
// position: the number of loops above the tile reserved for it in the
// buffer, from 0 (the whole accessed tensor is held) to the number of loops,
// or `Mapping::kBypass` (the tensor streams between backing store and compute
// without a copy in the buffer). In a fused group's mappings (FusionModel.h)
// an access may also be `Mapping::kOnChip`: its tensor is produced and read
// inside the group and stays in the buffer, which is not bypass. The cost
// model (CostModel.h) turns a mapping into occupancy and traffic.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_MAPPING_H
#define ORO_CORE_MAPPING_H

#include "oro/Core/Workload.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>

namespace oro::core {

/// One loop of the backing-store loop nest: rank `rank` in chunks of `tile`.
struct Loop {
  /// Index into `Einsum::ranks`.
  unsigned rank = 0;
  /// Chunk size, in [1, extent]; the last chunk may be smaller.
  int64_t tile = 1;

  /// Field-wise equality.
  friend bool operator==(const Loop &a, const Loop &b) {
    return a.rank == b.rank && a.tile == b.tile;
  }
};

/// A loop nest plus a position (or bypass) for every access of an einsum.
struct Mapping {
  /// Position value of an access that bypasses the buffer.
  static constexpr unsigned kBypass = ~0u;
  /// Position value of an access whose tensor stays on chip inside a fused
  /// group (FusionModel.h): produced and read in the buffer, never in the
  /// backing store, and not a reservation of this einsum's own. Only fused
  /// groups' mappings (and level 0 of their multi-level mappings) have it.
  static constexpr unsigned kOnChip = ~0u - 1;

  /// Loops outermost first; at most one loop per rank (a fused group's
  /// mapping may tile a shared rank again below the shared loops).
  llvm::SmallVector<Loop, 6> loops;
  /// One entry per access (inputs in order, then the output): the number of
  /// loops above its reserved tile, `kBypass`, or (fused groups) `kOnChip`.
  llvm::SmallVector<unsigned, 4> positions;

  /// Whether access `a` bypasses the buffer.
  bool isBypassed(unsigned a) const { return positions[a] == kBypass; }
  /// Whether access `a` stays on chip inside a fused group.
  bool isOnChip(unsigned a) const { return positions[a] == kOnChip; }

  /// Field-wise equality.
  friend bool operator==(const Mapping &a, const Mapping &b) {
    return a.loops == b.loops && a.positions == b.positions;
  }
  /// Field-wise inequality.
  friend bool operator!=(const Mapping &a, const Mapping &b) {
    return !(a == b);
  }
};

/// Checks that `mapping` is well formed for `einsum`: loop ranks exist and
/// are distinct, tiles lie in [1, extent], there is one position per access
/// and each is at most the number of loops or `kBypass` (or `kOnChip` when
/// `allowOnChip`: a fused group's mapping). With `allowRetile` (a fused
/// group's mapping, FusionModel.h "Re-tiling") a rank may have a second
/// loop, with a tile smaller than its first loop's. Fails with a message
/// naming the offending loop, rank or access.
llvm::Error verifyMapping(const Einsum &einsum, const Mapping &mapping,
                          bool allowOnChip = false, bool allowRetile = false);

/// Renders `mapping` as "[m:4 n:2 k:1] A@3 B@3 C@2" (tensor names taken from
/// `tensors`; "-" marks a bypassed access, "chip" one on chip in a fused
/// group).
std::string formatMapping(const Einsum &einsum, llvm::ArrayRef<Tensor> tensors,
                          const Mapping &mapping);

} // namespace oro::core

#endif // ORO_CORE_MAPPING_H
