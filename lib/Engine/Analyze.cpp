//===- Analyze.cpp - One entry point: a workload's bounds on an arch ------===//

#include "oro/Engine/Analyze.h"
#include "oro/Engine/HierarchyTables.h"
#include "oro/Engine/Prefetch.h"
#include "llvm/Support/raw_ostream.h"

using namespace oro;
using namespace oro::engine;

static AnalysisDiagnostic warning(std::optional<unsigned> einsum,
                                  std::string message) {
  return {AnalysisDiagnostic::Kind::Warning, einsum, std::move(message)};
}

bool engine::searchLevelCurves(
    Session &session, const core::Workload &w, const core::Arch &arch,
    unsigned li, uint64_t maxCandidates, bool progress,
    llvm::function_ref<void(unsigned, EinsumCurve &&)> onCurve,
    std::vector<AnalysisDiagnostic> &diagnostics) {
  for (unsigned e = 0, n = w.einsums.size(); e < n; ++e) {
    EinsumSearchRequest request =
        levelCurveRequest(w, e, arch, li, maxCandidates, progress);
    std::string error;
    std::optional<EinsumCurve> curve =
        searchEinsum(session, w, e, request, error);
    if (!curve) {
      diagnostics.push_back({AnalysisDiagnostic::Kind::Error, e,
                             "mapping search at level '" +
                                 arch.levels[li].name + "' failed: " + error});
      return false;
    }
    onCurve(e, std::move(*curve));
  }
  return true;
}

std::optional<WorkloadCurveRecord> engine::searchLevelFused(
    Session &session, const core::Workload &w, const core::Arch &arch,
    unsigned li, const WorkloadSearchRequest &limits, bool progress,
    bool warnIfCut, std::vector<AnalysisDiagnostic> &diagnostics) {
  const core::Level &level = arch.levels[li];
  WorkloadSearchRequest request =
      fusedLevelRequest(w, arch, li, limits, progress);
  std::string error;
  std::optional<WorkloadCurveRecord> curve =
      searchFusedWorkload(session, w, request, error);
  if (!curve) {
    // The unfused curves and mappings stand; only the fused answer is
    // missing, so this is a warning, not an error.
    diagnostics.push_back(warning(
        std::nullopt, "no fused curve at level '" + level.name + "': " + error +
                          " (options max-candidates, max-group-size, "
                          "max-group-candidates)"));
    return std::nullopt;
  }
  if (curve->groupsTruncated != 0 && warnIfCut) {
    const std::vector<unsigned> &first = curve->truncatedGroups.front();
    std::string message;
    llvm::raw_string_ostream os(message);
    os << "fused curve at level '" << level.name
       << "' is attainable but not exact: "
       << core::toString(curve->groupsTruncated) << " fused group(s) ";
    if (curve->budgetExhausted)
      os << "were cut short by the budgets (max-group-candidates="
         << limits.maxGroupCandidates
         << " per group; max-candidates=" << limits.maxCandidates
         << " in all, used up)";
    else
      os << "exceeded max-group-candidates=" << limits.maxGroupCandidates;
    os << " and kept the mappings found so far (first: einsums '"
       << w.einsums[first.front()].name << "' to '"
       << w.einsums[first.back()].name << "')";
    diagnostics.push_back(warning(std::nullopt, std::move(message)));
  }
  curve->level = level.name;
  curve->parent = arch.levels[li - 1].name;
  curve->levelCapacityBits = level.capacityBits;
  curve->chosen = lastFitting(curve->points, level.capacityBits);
  return curve;
}

WorkloadAnalysis engine::analyze(const core::Workload &w,
                                 const core::Arch &arch,
                                 const AnalysisRequest &request,
                                 Session &session) {
  WorkloadAnalysis result;
  ReportData &data = result.report;
  data.arch = &arch;
  data.workloads.push_back(&w);
  const unsigned wi = 0;
  const size_t n = w.einsums.size();
  auto &compulsory = data.compulsoryBits.emplace_back();
  for (unsigned e = 0; e < n; ++e)
    compulsory.push_back(einsumCompulsoryBits(w, e));

  // Compute ahead, on the session's threads, the curves requested below
  // (addHierarchyTables does the same for its plans).
  result.computedAhead = prefetchBounds(session, w, arch, request.limits,
                                        request.fusion, request.progress);
  std::optional<size_t> level1Fused;
  for (unsigned li = 1; li < arch.levels.size(); ++li) {
    const core::Level &level = arch.levels[li];
    bool ok = searchLevelCurves(
        session, w, arch, li, request.limits.maxCandidates, request.progress,
        [&](unsigned e, EinsumCurve &&curve) {
          result.einsumCandidates += curve.candidatesEvaluated;
          ++result.einsumCurves;
          CurveRecord record;
          record.workload = wi;
          record.einsum = e;
          record.level = level.name;
          record.parent = arch.levels[li - 1].name;
          record.levelCapacityBits = level.capacityBits;
          record.points = std::move(curve.points);
          record.chosen = lastFitting(record.points, level.capacityBits);
          record.candidatesEvaluated = curve.candidatesEvaluated;
          record.mapspaceSize = curve.mapspaceSize;
          record.seconds = curve.seconds;
          record.reused = curve.reused;
          data.curves.push_back(std::move(record));
        },
        result.diagnostics);
    if (!ok) {
      result.failed = true;
      return result;
    }
    if (n < 2)
      continue;
    // The workload's unfused curve at this level: its einsums' curves
    // summed (they are the last ones added).
    llvm::SmallVector<const CurveRecord *> levelCurves;
    for (size_t k = data.curves.size() - n; k < data.curves.size(); ++k)
      levelCurves.push_back(&data.curves[k]);
    data.workloadCurves.push_back(sumEinsumCurves(levelCurves));
    if (!request.fusion)
      continue;
    std::optional<WorkloadCurveRecord> fused =
        searchLevelFused(session, w, arch, li, request.limits, request.progress,
                         /*warnIfCut=*/li != 1 || request.warnCutAtFirstLevel,
                         result.diagnostics);
    if (fused) {
      fused->workload = wi;
      if (li == 1)
        level1Fused = data.workloadCurves.size();
      data.workloadCurves.push_back(std::move(*fused));
    }
  }
  llvm::SmallVector<const CurveRecord *> curves;
  for (size_t e = 0; e < n && e < data.curves.size(); ++e)
    curves.push_back(&data.curves[e]);
  std::vector<EinsumWarning> warnings;
  addHierarchyTables(session, data, wi, w, arch, curves,
                     level1Fused ? &data.workloadCurves[*level1Fused] : nullptr,
                     request.fusion, request.limits, request.objective,
                     warnings, request.chosen ? &*request.chosen : nullptr);
  for (EinsumWarning &warning : warnings)
    result.diagnostics.push_back(
        ::warning(warning.einsum, std::move(warning.message)));
  return result;
}
