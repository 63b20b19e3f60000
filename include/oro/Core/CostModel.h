//===- CostModel.h - Occupancy and traffic of a mapping ---------*- C++ -*-===//
//
// The analytic cost model: for one einsum and one `Mapping` (Mapping.h) it
// gives the buffer occupancy and the exact number of bits moved between the
// buffer and its backing store, per access and in total.
//
// Definitions (docs/Design.md, "Mapspace and cost model"):
// - A tensor at position p sees rank r through a range of `tile` elements if
//   r's loop is one of the p outer loops, else through its whole extent. Its
//   box is the product over its dimensions of the distinct values the
//   dimension expression takes over those ranges; the footprint is the size
//   of the box with full tiles, occupancy the sum of the footprints of kept
//   tensors times their element bits.
// - Walking the nest, a tensor's box is recomputed whenever the indices of
//   its p outer loops change. An input fetches the elements of the new box
//   not in the old one. An output writes back the elements leaving the box,
//   reads back the entering ones that were written back before (partial
//   sums), and writes back its last box at the end. A bypassed input costs
//   one read per MAC; a bypassed output one write per MAC and one read per
//   MAC except the first touch of each element.
//
// The model never steps the nest: it sums over "event classes" (which loop
// increments; whether each outer chunk is full or the partial last one), so
// its running time is polynomial in the number of loops and independent of
// trip counts. Overlaps of sliding windows (`p + r`, `2*p + r`) are computed
// exactly from the interval structure of two-term dimensions.
//
// Injective dimensions: a dimension whose terms can never collide (two
// terms a*x + b*y, a and b reduced by their gcd, with X <= b or Y <= a; more
// terms sorted by coefficient, each exceeding the span sum(c * (E - 1)) of
// the smaller ones) takes distinct values for distinct rank tuples. The
// delinearized `128*k_0 + k_1` (k_1 < 128) of a collapsed shape, a strided
// window `2*p + r` with R <= 2 and any window with a unit partner (`p + r`,
// R = 1; extent-1 ranks are dropped first) are such. Its value set over a
// box is the product of the per-rank ranges and two boxes share exactly the
// image of their intersection, so the model splits it into one single-term
// dimension per rank: the roles, relevance, projectivity and exactness below
// all see those virtual dimensions.
//
// Exactness: the model is exact (it equals the loop-nest simulator of
// Simulator.h) for every access whose dimensions have at most two terms each
// and whose dimensions share no rank, which covers every Linalg named op.
// Otherwise it is sound, never below the simulator: a dimension with three or
// more terms uses min(product of ranges, value span) distinct values and is
// assumed to share nothing with its previous box once any of its ranks
// moves; for dimensions that share a rank (a diagonal `A[i, i]`) the box is
// still the product of per-dimension value sets, and an output's first
// touches are under-counted by a lower bound.
//
// Interval boxes: a dimension with three or more terms is counted exactly in
// a box where an interval test proves its values form one interval: terms
// sorted by (gcd-reduced) coefficient, each term spanning two or more
// indices has a coefficient at most the number of values of the terms before
// it. Its distinct values are then the span, and two such boxes share the
// overlap of their intervals. A window rank tiled at two levels, written
// `T*p1 + p2 + r` by the multi-level model (MultiLevel.h), is such a
// dimension: in every box of that model's nests the pieces p1, p2 cover one
// interval of p. `isExactOnIntervals` says whether the model is exact for an
// access in nests where every box passes the test.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_COSTMODEL_H
#define ORO_CORE_COSTMODEL_H

#include "oro/Core/Count.h"
#include "oro/Core/Mapping.h"
#include "oro/Core/Workload.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <memory>

namespace oro::core {

/// Occupancy and traffic of one access under a mapping, in bits.
struct TensorCost {
  /// Bits of the buffer reserved for the tensor's tile (0 when bypassed).
  Count occupancyBits = 0;
  /// Bits read from the backing store (fills and partial-sum read-backs).
  Count readBits = 0;
  /// Bits written to the backing store (write-backs of an output).
  Count writeBits = 0;

  /// Reads plus writes.
  Count accessBits() const { return satAdd(readBits, writeBits); }

  /// Field-wise equality.
  friend bool operator==(const TensorCost &a, const TensorCost &b) {
    return a.occupancyBits == b.occupancyBits && a.readBits == b.readBits &&
           a.writeBits == b.writeBits;
  }
  /// Field-wise inequality.
  friend bool operator!=(const TensorCost &a, const TensorCost &b) {
    return !(a == b);
  }
};

/// Occupancy and traffic of a whole mapping, in bits.
struct Cost {
  /// Sum of the per-access occupancies.
  Count occupancyBits = 0;
  /// Sum of the per-access reads and writes.
  Count accessBits = 0;
  /// One entry per access: the inputs in order, then the output.
  llvm::SmallVector<TensorCost, 4> perTensor;

  /// Field-wise equality.
  friend bool operator==(const Cost &a, const Cost &b) {
    return a.occupancyBits == b.occupancyBits && a.accessBits == b.accessBits &&
           a.perTensor == b.perTensor;
  }
  /// Field-wise inequality.
  friend bool operator!=(const Cost &a, const Cost &b) { return !(a == b); }
};

/// A loop with its derived trip count and last-chunk size: the form the hot
/// path of the model consumes.
struct LoopState {
  /// Index into `Einsum::ranks`.
  unsigned rank = 0;
  /// Chunk size.
  int64_t tile = 1;
  /// ceil(extent / tile).
  int64_t trips = 1;
  /// Size of the last chunk: extent - (trips - 1) * tile, in [1, tile].
  int64_t lastTile = 1;

  /// The state of `loop` over a rank of extent `extent` (tile in [1, extent]).
  static LoopState get(const Loop &loop, int64_t extent) {
    LoopState s;
    s.rank = loop.rank;
    s.tile = loop.tile;
    s.trips = ceilDiv(extent, loop.tile);
    s.lastTile = extent - (s.trips - 1) * loop.tile;
    return s;
  }
};

/// How a rank appears in one access; the search uses it to decide which
/// tiles and loop orders can matter.
enum class RankRole {
  /// The rank does not index the access.
  Absent,
  /// The rank is the only term of every dimension it indexes, and those
  /// dimensions share no other rank (an injective multi-term dimension
  /// counts as one single-term dimension per rank; see the file comment).
  Single,
  /// The rank indexes exactly one dimension, `c*x + c*y` with equal
  /// coefficients (an unstrided, undilated window), sharing no rank with
  /// other dimensions.
  UnitWindow,
  /// Anything else (strided or dilated windows, three-term dimensions,
  /// ranks shared between dimensions).
  Other,
};

/// The analytic cost model of one einsum, with everything that does not
/// depend on the mapping precomputed. Cheap to copy (shared, immutable).
class CostModel {
public:
  /// Largest supported number of ranks.
  static constexpr unsigned kMaxRanks = 64;
  /// Largest supported rank extent.
  static constexpr int64_t kMaxExtent = int64_t(1) << 40;
  /// Largest supported coefficient of a dimension term.
  static constexpr int64_t kMaxCoefficient = int64_t(1) << 40;

  /// Builds the model of `einsum`, whose accesses index `tensors`. Fails when
  /// the einsum is malformed: more than `kMaxRanks` ranks, an extent outside
  /// [1, kMaxExtent], a term naming a missing rank or with a coefficient
  /// outside [1, kMaxCoefficient], an access to a missing tensor or with a
  /// dimension count different from the tensor's shape, or zero element bits.
  static llvm::Expected<CostModel> create(const Einsum &einsum,
                                          llvm::ArrayRef<Tensor> tensors);

  /// The modelled einsum.
  const Einsum &getEinsum() const;
  /// Number of accesses: the inputs, then the output.
  unsigned getNumAccesses() const;
  /// Number of ranks of the einsum.
  unsigned getNumRanks() const;
  /// Extent of rank `rank`.
  int64_t getExtent(unsigned rank) const;
  /// The tensor of access `access`.
  const Tensor &getTensor(unsigned access) const;
  /// Bits per element of access `access`.
  unsigned getElementBits(unsigned access) const;
  /// Whether access `access` is the output.
  bool isOutput(unsigned access) const;
  /// Bit mask of the ranks that index access `access`.
  uint64_t getRelevantRanks(unsigned access) const;
  /// Whether rank `rank` indexes access `access`.
  bool isRelevant(unsigned access, unsigned rank) const {
    return (getRelevantRanks(access) >> rank) & 1;
  }
  /// How rank `rank` appears in access `access`.
  RankRole getRankRole(unsigned access, unsigned rank) const;
  /// For a rank with role `UnitWindow` in access `access`: the other rank of
  /// its window dimension (`r` for `p` in `p + r`).
  unsigned getWindowPartner(unsigned access, unsigned rank) const;
  /// Whether every dimension of access `access` is a constant, a single
  /// term or an injective multi-term dimension, and no rank indexes two
  /// dimensions (a projection).
  bool isProjective(unsigned access) const;
  /// Whether the model is exact (not only sound) for access `access`; see
  /// the file comment.
  bool isExact(unsigned access) const;
  /// Whether the model is exact for access `access` under every loop nest
  /// in which each box passes the interval test for each of the access's
  /// multi-term dimensions (file comment, "Interval boxes"): `isExact` with
  /// multi-term dimensions allowed.
  bool isExactOnIntervals(unsigned access) const;
  /// The tensor dimensions of access `access` that have three or more terms
  /// (after merging repeated ranks, dropping extent-1 ranks and splitting
  /// injective dimensions), ascending.
  llvm::ArrayRef<unsigned> getMultiTermDims(unsigned access) const;
  /// Distinct elements of access `access` touched by the whole einsum (a
  /// lower bound where the model is not exact).
  Count getAccessedElements(unsigned access) const;
  /// Multiply-accumulates of the einsum.
  Count getMacs() const;

  /// Checks `mapping` against the einsum (see `verifyMapping`).
  llvm::Error verify(const Mapping &mapping, bool allowOnChip = false,
                     bool allowRetile = false) const;
  /// Cost of `mapping`; fails when `verify` does.
  llvm::Expected<Cost> evaluate(const Mapping &mapping) const;
  /// Cost of a mapping already known to be valid.
  Cost evaluateUnchecked(const Mapping &mapping) const;

  /// Hot path: cost of access `access` at `position` (or `Mapping::kBypass`)
  /// under the loops `loops` (outermost first; only the first `position`
  /// matter). `rankLoop[r]` is the index in `loops` of rank r's loop, or -1.
  TensorCost evaluateAccess(unsigned access, llvm::ArrayRef<LoopState> loops,
                            llvm::ArrayRef<int> rankLoop,
                            unsigned position) const;
  /// Footprint in elements of access `access` when rank r spans
  /// `lengths[r]` contiguous indices (an upper bound where not exact).
  Count footprint(unsigned access, llvm::ArrayRef<int64_t> lengths) const;

private:
  struct Impl;
  explicit CostModel(std::shared_ptr<const Impl> impl)
      : impl(std::move(impl)) {}
  std::shared_ptr<const Impl> impl;
};

/// Convenience: builds the model of `einsum` and evaluates `mapping`. Fails
/// when either is malformed.
llvm::Expected<Cost> evaluate(const Einsum &einsum,
                              llvm::ArrayRef<Tensor> tensors,
                              const Mapping &mapping);

} // namespace oro::core

#endif // ORO_CORE_COSTMODEL_H
