//===- Records.cpp - What an analysis finds, as plain records -------------===//

#include "oro/Engine/Records.h"
#include "oro/Core/Pareto.h"

using namespace oro;
using core::Count;

WorkloadCurveRecord
oro::sumEinsumCurves(llvm::ArrayRef<const CurveRecord *> curves) {
  WorkloadCurveRecord result;
  result.fusion = "unfused";
  if (curves.empty())
    return result;
  result.workload = curves.front()->workload;
  result.level = curves.front()->level;
  result.parent = curves.front()->parent;
  result.levelCapacityBits = curves.front()->levelCapacityBits;
  auto pairsOf = [](const CurveRecord &c) {
    std::vector<std::pair<Count, Count>> pairs;
    for (const PointRecord &p : c.points)
      pairs.push_back({p.capacityBits, p.accessesBits});
    return pairs;
  };
  std::vector<std::pair<Count, Count>> sum = pairsOf(*curves.front());
  std::vector<std::vector<unsigned>> picks;
  for (unsigned i = 0; i < sum.size(); ++i)
    picks.push_back({i});
  for (const CurveRecord *c : curves.drop_front()) {
    std::vector<std::pair<unsigned, unsigned>> pick;
    sum = core::sumFronts(sum, pairsOf(*c), &pick);
    std::vector<std::vector<unsigned>> next;
    for (auto [i, j] : pick) {
      next.push_back(picks[i]);
      next.back().push_back(j);
    }
    picks = std::move(next);
  }
  for (size_t k = 0; k < sum.size(); ++k)
    result.points.push_back({sum[k].first, sum[k].second, picks[k], {}});
  result.chosen = lastFitting(result.points, result.levelCapacityBits);
  return result;
}

void oro::appendReport(ReportData &into, ReportData &&part) {
  auto base = static_cast<unsigned>(into.workloads.size());
  for (CurveRecord &c : part.curves)
    c.workload += base;
  for (WorkloadCurveRecord &c : part.workloadCurves)
    c.workload += base;
  for (HierarchyRecord &h : part.hierarchy)
    h.workload += base;
  auto move = [](auto &to, auto &from) {
    std::move(from.begin(), from.end(), std::back_inserter(to));
  };
  move(into.workloads, part.workloads);
  move(into.compulsoryBits, part.compulsoryBits);
  move(into.dynamicDims, part.dynamicDims);
  move(into.curves, part.curves);
  move(into.workloadCurves, part.workloadCurves);
  move(into.hierarchy, part.hierarchy);
}
