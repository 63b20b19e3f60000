//===- Pareto.cpp - Two-objective Pareto front with witnesses -------------===//

#include "oro/Core/Pareto.h"

using namespace oro::core;

bool ParetoFront::dominates(Count occupancyBits, Count accessBits) const {
  auto it = points_.upper_bound(occupancyBits);
  if (it == points_.begin())
    return false;
  --it;
  // The last point with occupancy <= occupancyBits has the fewest accesses
  // among them.
  return it->second.accessBits <= accessBits;
}

bool ParetoFront::insert(Count occupancyBits, Count accessBits,
                         llvm::function_ref<Mapping()> witness) {
  if (dominates(occupancyBits, accessBits))
    return false;
  // Points with occupancy >= ours and accesses >= ours are contiguous from
  // the first point with occupancy >= ours.
  auto it = points_.lower_bound(occupancyBits);
  while (it != points_.end() && it->second.accessBits >= accessBits)
    it = points_.erase(it);
  points_.emplace_hint(it, occupancyBits, Entry{accessBits, witness()});
  return true;
}

bool ParetoFront::insert(const ParetoPoint &point) {
  return insert(point.occupancyBits, point.accessBits,
                [&] { return point.witness; });
}

std::vector<ParetoPoint> ParetoFront::points() const {
  std::vector<ParetoPoint> out;
  out.reserve(points_.size());
  for (const auto &[occ, e] : points_)
    out.push_back({occ, e.accessBits, e.witness});
  return out;
}

std::optional<ParetoPoint> ParetoFront::bestWithin(Count capacityBits) const {
  auto it = points_.upper_bound(capacityBits);
  if (it == points_.begin())
    return std::nullopt;
  --it;
  return ParetoPoint{it->first, it->second.accessBits, it->second.witness};
}

std::optional<ParetoPoint> ParetoFront::unbounded() const {
  if (points_.empty())
    return std::nullopt;
  auto it = std::prev(points_.end());
  return ParetoPoint{it->first, it->second.accessBits, it->second.witness};
}
