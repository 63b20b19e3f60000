//===- Pareto.h - Two-objective Pareto front with witnesses -----*- C++ -*-===//
//
// The Orojenesis curve of one einsum: the non-dominated set of (occupancy,
// accesses) pairs, both in bits, each point carrying the mapping that attains
// it (its witness). A point (o, a) is dominated when another point (o', a')
// has o' <= o and a' <= a; equal pairs dominate each other, so the front
// holds at most one point per pair.
//
// Order and ties are deterministic: points are kept sorted by occupancy
// ascending (accesses then strictly descend), and on an exact tie the point
// inserted first stays. Searches enumerate in a fixed order, so the witness
// of every point is reproducible.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_PARETO_H
#define ORO_CORE_PARETO_H

#include "oro/Core/Count.h"
#include "oro/Core/Mapping.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <map>
#include <optional>
#include <vector>

namespace oro::core {

/// One point of a front: occupancy and accesses in bits, and a mapping that
/// attains both.
struct ParetoPoint {
  /// Buffer occupancy of the witness, in bits.
  Count occupancyBits = 0;
  /// Accesses to the backing store of the witness, in bits.
  Count accessBits = 0;
  /// The mapping that attains the point.
  Mapping witness;
};

/// A 2-D Pareto front (minimize occupancy, minimize accesses).
class ParetoFront {
public:
  /// Whether some point has occupancy <= `occupancyBits` and accesses <=
  /// `accessBits` (so a candidate with these costs would not be inserted).
  bool dominates(Count occupancyBits, Count accessBits) const;

  /// Inserts a point unless it is dominated (or tied with an existing one),
  /// removing the points it dominates. `witness` is called only when the
  /// point is inserted. Returns whether it was.
  bool insert(Count occupancyBits, Count accessBits,
              llvm::function_ref<Mapping()> witness);
  /// Same, with the witness given.
  bool insert(const ParetoPoint &point);

  /// Number of points.
  size_t size() const { return points_.size(); }
  /// Whether the front has no point.
  bool empty() const { return points_.empty(); }

  /// The points by increasing occupancy (hence decreasing accesses).
  std::vector<ParetoPoint> points() const;

  /// The point with the fewest accesses among those whose occupancy is at
  /// most `capacityBits` (on equal accesses the smaller occupancy, which is
  /// the only one kept); none when even the smallest point does not fit.
  std::optional<ParetoPoint> bestWithin(Count capacityBits) const;

  /// The point with the fewest accesses overall, then the least occupancy:
  /// the choice for an unbounded buffer. None when the front is empty.
  std::optional<ParetoPoint> unbounded() const;

private:
  struct Entry {
    Count accessBits;
    Mapping witness;
  };
  /// Keyed by occupancy; accesses strictly decrease along the map.
  std::map<Count, Entry> points_;
};

} // namespace oro::core

#endif // ORO_CORE_PARETO_H
