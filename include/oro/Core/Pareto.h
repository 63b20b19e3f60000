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
// Also the helpers on fronts without witnesses that the searches share:
// step fronts (sum, minimum, filter), a 2-D staircase for dominance
// queries, and the 3-objective filter pareto3.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_PARETO_H
#define ORO_CORE_PARETO_H

#include "oro/Core/Count.h"
#include "oro/Core/Mapping.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <algorithm>
#include <map>
#include <optional>
#include <utility>
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

/// A step front: (capacity, accesses) by increasing capacity, accesses
/// strictly decreasing (a curve without witnesses).
using StepFront = std::vector<std::pair<Count, Count>>;

/// Pointwise sum of two step fronts: the front of running both one after
/// the other in one buffer. `pick` receives for each result point the
/// indices of the two contributing points.
StepFront sumFronts(llvm::ArrayRef<std::pair<Count, Count>> a,
                    llvm::ArrayRef<std::pair<Count, Count>> b,
                    std::vector<std::pair<unsigned, unsigned>> *pick = nullptr);

/// The step front of (capacity, accesses) points: sorted, dominated ones
/// dropped.
StepFront paretoOf(StepFront points);

/// The pointwise minimum of two step fronts.
StepFront minFronts(llvm::ArrayRef<std::pair<Count, Count>> a,
                    llvm::ArrayRef<std::pair<Count, Count>> b);

/// A 2-D staircase (x ascending, y strictly descending): dominance queries.
/// A sorted vector: fronts here are small, so no per-point allocation.
class Staircase {
public:
  bool dominates(Count x, Count y) const {
    auto it = std::upper_bound(pts.begin(), pts.end(), x, byX);
    if (it == pts.begin())
      return false;
    return std::prev(it)->second <= y;
  }
  void clear() { pts.clear(); }
  void insert(Count x, Count y) {
    if (dominates(x, y))
      return;
    auto it = std::lower_bound(
        pts.begin(), pts.end(), x,
        [](const std::pair<Count, Count> &p, Count v) { return p.first < v; });
    auto stop = it;
    while (stop != pts.end() && stop->second >= y)
      ++stop;
    if (stop != it) {
      *it = {x, y};
      pts.erase(it + 1, stop);
    } else {
      pts.insert(it, {x, y});
    }
  }

private:
  static bool byX(Count v, const std::pair<Count, Count> &p) {
    return v < p.first;
  }
  std::vector<std::pair<Count, Count>> pts;
};

namespace detail {
/// Drops from `v`, sorted by `key`, each element whose 2nd and 3rd
/// objectives an earlier one's match or beat (`scratch`: a staircase to
/// reuse).
template <typename T, typename Key>
void dropDominated3(std::vector<T> &v, Key key, Staircase &scratch) {
  scratch.clear();
  size_t kept = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    auto [x, y, z] = key(v[i]);
    (void)x;
    if (scratch.dominates(y, z))
      continue;
    scratch.insert(y, z);
    if (kept != i)
      v[kept] = std::move(v[i]);
    ++kept;
  }
  v.resize(kept);
}
} // namespace detail

/// Keeps the non-dominated elements of `v` (3 objectives from `key`); on
/// equal triples the earliest stays; the survivors keep their relative
/// order by first objective. In place (the join calls it in its inner
/// loop).
template <typename T, typename Key> void pareto3(std::vector<T> &v, Key key) {
  std::stable_sort(v.begin(), v.end(),
                   [&](const T &a, const T &b) { return key(a) < key(b); });
  Staircase st;
  detail::dropDominated3(v, key, st);
}

/// The same for elements that are their triple (`key` gives all there is
/// to them), where which of equal elements stays does not matter: an
/// unstable sort and the caller's `scratch`, so no allocation once the
/// vectors have grown (the staircase bound's inner loop).
template <typename T, typename Key>
void pareto3Set(std::vector<T> &v, Key key, Staircase &scratch) {
  std::sort(v.begin(), v.end(),
            [&](const T &a, const T &b) { return key(a) < key(b); });
  detail::dropDominated3(v, key, scratch);
}

} // namespace oro::core

#endif // ORO_CORE_PARETO_H
