//===- EinsumSearch.h - Curves of einsums and workloads ---------*- C++ -*-===//
//
// Runs the core's exact searches (one einsum at one level; a workload's
// fused curve) through a Session's memos and converts their fronts into
// report records.
//
// Each search has two entry points: `searchEinsum` / `searchFusedWorkload`
// for requests made in program order (they keep the session's reuse
// bookkeeping: a curve's "reused"), and `einsumCurveEntry` /
// `fusedWorkloadEntry`, which only compute or look up the memo and may run
// on any thread (to compute ahead in parallel, or inside another search).
//
//===----------------------------------------------------------------------===//

#ifndef ORO_ENGINE_EINSUMSEARCH_H
#define ORO_ENGINE_EINSUMSEARCH_H

#include "oro/Core/Arch.h"
#include "oro/Core/FusionModel.h"
#include "oro/Core/MapSpace.h"
#include "oro/Core/Workload.h"
#include "oro/Engine/Records.h"
#include "oro/Engine/Session.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>
#include <string>

namespace oro::engine {

/// What to search for one einsum at one level.
struct EinsumSearchRequest {
  /// Placement of each access (inputs, then output) at the level.
  llvm::SmallVector<core::Placement> placements;
  /// Budget of evaluated mappings.
  uint64_t maxCandidates = 0;
  /// Non-empty: draw progress on stderr under this label.
  std::string progressLabel;
};

/// Everything the search of einsum `e` of `w` under `request` depends on,
/// as a string: rank extents, projections, element bits and shapes, which
/// accesses share a tensor, the placements and the budget (not names:
/// witnesses use indices).
std::string searchKey(const core::Workload &w, const core::Einsum &e,
                      const EinsumSearchRequest &request);

/// The exact curve of one einsum at one level.
struct EinsumCurve {
  /// Sorted by capacity, accesses strictly decreasing.
  std::vector<PointRecord> points;
  uint64_t candidatesEvaluated = 0;
  core::Count mapspaceSize = 0;
  double seconds = 0;
  /// An identical einsum was requested earlier in the session (`seconds`
  /// is then that search's time).
  bool reused = false;
};

/// A memoized einsum search: its curve, or why it failed.
struct EinsumCurveEntry {
  std::optional<EinsumCurve> curve;
  std::string error;
};

/// Searches einsum `e` of `w` (or takes the session's memo), as a request
/// in program order: the curve is `reused` when an identical search was
/// requested before. On failure returns nullopt and sets `error`.
std::optional<EinsumCurve> searchEinsum(Session &session,
                                        const core::Workload &w, unsigned e,
                                        const EinsumSearchRequest &request,
                                        std::string &error);

/// The memo entry of the same search, computed if needed, on any thread;
/// appends the search to `trace` when given.
std::shared_ptr<const EinsumCurveEntry>
einsumCurveEntry(Session &session, const core::Workload &w, unsigned e,
                 const EinsumSearchRequest &request,
                 SearchTrace *trace = nullptr);

/// What to search for a whole workload at one level.
struct WorkloadSearchRequest {
  /// Budget of evaluated candidates (inner mappings plus join combinations).
  uint64_t maxCandidates = 0;
  /// Largest fused group; 0 = no bound.
  unsigned maxGroupSize = 0;
  /// core::FusionOptions::lookahead (0: groups are intervals).
  unsigned lookahead = 4;
  /// core::FusionOptions::shareInputs.
  bool shareInputs = true;
  /// core::FusionOptions::retile.
  bool retile = false;
  /// Budget per fused group (core::FusionOptions::maxGroupCandidates);
  /// 0 = no bound.
  uint64_t maxGroupCandidates = 0;
  /// Placement of each tensor (one per `Workload::tensors`; empty: every
  /// tensor kept).
  llvm::SmallVector<core::Placement> placements;
  /// Non-empty: draw progress on stderr under this label.
  std::string progressLabel;
};

/// The exact fused curve of `w` on one buffer below the backing store
/// (core::computeWorkloadCurves), as a request in program order. The
/// record's `workload`, `level`, `parent`, `levelCapacityBits` and `chosen`
/// are left for the caller. On failure returns nullopt and sets `error`.
std::optional<WorkloadCurveRecord>
searchFusedWorkload(Session &session, const core::Workload &w,
                    const WorkloadSearchRequest &request, std::string &error);

/// A memoized fused search: its curve or why it failed, and the einsum
/// searches it ran.
struct WorkloadEntry {
  std::optional<WorkloadCurveRecord> record;
  std::string error;
  SearchTrace trace;
};

/// The memo entry of the same fused search, computed if needed, on any
/// thread.
std::shared_ptr<const WorkloadEntry>
fusedWorkloadEntry(Session &session, const core::Workload &w,
                   const WorkloadSearchRequest &request);

/// The report form of one fused group: shared loops named by the first
/// einsum's ranks, on-chip tensors, and each einsum's mapping with its
/// internal accesses marked `kFused` and its per-access traffic. Fails
/// when `g` does not evaluate.
llvm::Expected<GroupRecord> groupRecord(const core::FusionModel &model,
                                        const core::FusedGroupMapping &g);

/// The request for einsum `e`'s curve at arch level `li` (its placements
/// there), labelled for progress when `progress`.
EinsumSearchRequest levelCurveRequest(const core::Workload &w, unsigned e,
                                      const core::Arch &arch, unsigned li,
                                      uint64_t maxCandidates, bool progress);

/// The request for `w`'s fused curve at arch level `li` under `limits`,
/// with each tensor placed as the level says (labelled for progress when
/// `progress`).
WorkloadSearchRequest fusedLevelRequest(const core::Workload &w,
                                        const core::Arch &arch, unsigned li,
                                        const WorkloadSearchRequest &limits,
                                        bool progress);

/// The search's policy for an access with placement `placement`.
core::KeepPolicy toKeepPolicy(core::Placement placement);
/// The placement a search policy stands for (the inverse of toKeepPolicy).
core::Placement toPlacement(core::KeepPolicy policy);

/// Compulsory traffic of einsum `e` of `w` in bits.
core::Count einsumCompulsoryBits(const core::Workload &w, unsigned e);

} // namespace oro::engine

#endif // ORO_ENGINE_EINSUMSEARCH_H
