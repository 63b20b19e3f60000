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

StepFront
oro::core::sumFronts(llvm::ArrayRef<std::pair<Count, Count>> a,
                     llvm::ArrayRef<std::pair<Count, Count>> b,
                     std::vector<std::pair<unsigned, unsigned>> *pick) {
  std::vector<std::pair<Count, Count>> out;
  if (pick)
    pick->clear();
  if (a.empty() || b.empty())
    return out;
  // Both sorted by capacity ascending, accesses descending. Walk the union
  // of capacities; at each, the best point of each side that fits.
  size_t i = 0, j = 0;
  Count cap = std::max(a[0].first, b[0].first);
  while (i + 1 < a.size() && a[i + 1].first <= cap)
    ++i;
  while (j + 1 < b.size() && b[j + 1].first <= cap)
    ++j;
  while (true) {
    Count acc = satAdd(a[i].second, b[j].second);
    if (out.empty() || acc < out.back().second) {
      out.push_back({cap, acc});
      if (pick)
        pick->push_back({static_cast<unsigned>(i), static_cast<unsigned>(j)});
    }
    bool na = i + 1 < a.size(), nb = j + 1 < b.size();
    if (!na && !nb)
      break;
    Count next = kCountMax;
    if (na)
      next = std::min(next, a[i + 1].first);
    if (nb)
      next = std::min(next, b[j + 1].first);
    cap = next;
    while (i + 1 < a.size() && a[i + 1].first <= cap)
      ++i;
    while (j + 1 < b.size() && b[j + 1].first <= cap)
      ++j;
  }
  return out;
}

StepFront oro::core::paretoOf(StepFront v) {
  std::sort(v.begin(), v.end());
  StepFront front;
  for (auto [cap, acc] : v)
    if (front.empty() || acc < front.back().second)
      front.push_back({cap, acc});
  return front;
}

StepFront oro::core::minFronts(llvm::ArrayRef<std::pair<Count, Count>> a,
                               llvm::ArrayRef<std::pair<Count, Count>> b) {
  StepFront all(a.begin(), a.end());
  all.insert(all.end(), b.begin(), b.end());
  return paretoOf(std::move(all));
}
