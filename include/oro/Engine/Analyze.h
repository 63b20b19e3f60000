//===- Analyze.h - One entry point: a workload's bounds -------*- C++ -*-===//
//
// `analyze` is what `--oro-emit-bounds` computes for one workload, without
// IR: each einsum's curve at every level below the backing store, the
// workload's unfused and fused curves there, and the hierarchy tables
// (bound against attained traffic at every boundary). The passes, tests
// and tools call it with a core workload and a Session; the passes turn its
// diagnostics into located MLIR diagnostics and its records into IR
// attributes and report files.
//
// Diagnostics are data, in the order they arise: an error stops the
// analysis (the records so far are kept), a warning does not.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_ENGINE_ANALYZE_H
#define ORO_ENGINE_ANALYZE_H

#include "oro/Core/Arch.h"
#include "oro/Core/Workload.h"
#include "oro/Engine/EinsumSearch.h"
#include "oro/Engine/Hierarchy.h"
#include "oro/Engine/HierarchyTables.h"
#include "oro/Engine/Records.h"
#include "oro/Engine/Session.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>
#include <string>
#include <vector>

namespace oro::engine {

/// A message about the workload (`einsum` unset) or one of its einsums.
struct AnalysisDiagnostic {
  enum class Kind { Error, Warning };
  Kind kind = Kind::Warning;
  std::optional<unsigned> einsum;
  std::string message;
};

/// Everything an analysis takes besides the workload, the arch and the
/// session.
struct AnalysisRequest {
  /// Budgets and fused mapspace (placements are set per level).
  WorkloadSearchRequest limits;
  /// Whether to search fused curves (workloads of 2+ einsums).
  bool fusion = true;
  /// Draw progress on stderr.
  bool progress = false;
  HierarchyObjective objective;
  /// Mappings chosen before (written in the IR): the hierarchy tables they
  /// cover evaluate them instead of planning (ChosenMappings).
  std::optional<ChosenMappings> chosen;
  /// Whether to warn when budgets cut the fused curve at level 1 short
  /// (false when the caller warned already, e.g. `--oro-map-search`).
  bool warnCutAtFirstLevel = true;
};

/// The result of `analyze`.
struct WorkloadAnalysis {
  /// The workload's records as a report of one workload (index 0). Its
  /// curves come level by level, einsum by einsum: `curves[e]` is einsum
  /// e's curve at arch level 1.
  ReportData report;
  std::vector<AnalysisDiagnostic> diagnostics;
  /// An error stopped the analysis.
  bool failed = false;
  /// Candidates the einsum searches evaluated (reused curves included),
  /// and their number.
  uint64_t einsumCandidates = 0;
  unsigned einsumCurves = 0;
  /// Memo entries computed ahead on the session's threads.
  size_t computedAhead = 0;
};

/// The bounds of `w` on `arch` (arch.checkWorkload(w) must hold).
WorkloadAnalysis analyze(const core::Workload &w, const core::Arch &arch,
                         const AnalysisRequest &request, Session &session);

/// The curve of every einsum of `w` at arch level `li`, in order, passed to
/// `onCurve`; stops at the first search that fails, with an error about
/// that einsum in `diagnostics`, and returns false.
bool searchLevelCurves(
    Session &session, const core::Workload &w, const core::Arch &arch,
    unsigned li, uint64_t maxCandidates, bool progress,
    llvm::function_ref<void(unsigned, EinsumCurve &&)> onCurve,
    std::vector<AnalysisDiagnostic> &diagnostics);

/// The fused curve of `w` at arch level `li` under `limits`, with its level
/// fields set (each tensor placed as the level says). Nullopt, with a
/// warning about the workload, when the search fails; a curve that budgets
/// cut short (attainable, not exact) comes with a warning when `warnIfCut`.
std::optional<WorkloadCurveRecord>
searchLevelFused(Session &session, const core::Workload &w,
                 const core::Arch &arch, unsigned li,
                 const WorkloadSearchRequest &limits, bool progress,
                 bool warnIfCut, std::vector<AnalysisDiagnostic> &diagnostics);

} // namespace oro::engine

#endif // ORO_ENGINE_ANALYZE_H
