//===- HierarchyTables.h - Bound vs attained per memory level --*- C++ -*-===//
//
// The report's hierarchy tables (docs/Hierarchy.md): per einsum and per
// workload, at every boundary of the arch, the bound (the one-buffer
// relaxation at pooled capacity, fused where the fused search applies)
// next to the traffic the chosen mappings attain down the hierarchy.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_ENGINE_HIERARCHYTABLES_H
#define ORO_ENGINE_HIERARCHYTABLES_H

#include "oro/Core/Arch.h"
#include "oro/Core/MultiLevel.h"
#include "oro/Core/Workload.h"
#include "oro/Engine/EinsumSearch.h"
#include "oro/Engine/Hierarchy.h"
#include "oro/Engine/Records.h"
#include "oro/Engine/Session.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace oro::engine {

/// A warning about einsum `einsum` of the workload, for the caller to give
/// at that einsum's location, in order.
struct EinsumWarning {
  unsigned einsum = 0;
  std::string message;
};

/// Mappings chosen before the analysis: written in the IR by
/// `--oro-map-search`, by hand, or by another compiler. The tables evaluate
/// them for the attained traffic instead of planning mappings themselves
/// (HierarchyRecord::attainedFrom).
/// - With fusion (a workload of 2+ einsums) they are the fused choice: the
///   "fused" workload table.
/// - Without, they are each einsum's own: the einsum tables and the
///   "unfused" workload table. (Fused groups are then not evaluated.)
struct ChosenMappings {
  /// Per einsum: its mapping at arch levels 1, 2, ... (`levels[0]` at
  /// level 1; fewer levels than the arch has below the backing store:
  /// mapped down to there only). A fused group member's `sharedLoops` are
  /// its group's.
  std::vector<core::MultiLevelMapping> mappings;
  struct Group {
    /// Ascending.
    std::vector<unsigned> einsums;
    bool shareInputs = false;
  };
  /// Fused groups of 2+ einsums; every other einsum runs alone.
  std::vector<Group> groups;
};

/// Adds the hierarchy tables of workload `wi` (`w`) to `data.hierarchy`:
/// one per einsum (its own mapping from its level-1 curve), and for
/// workloads of 2+ einsums one for the unfused mappings and one for the
/// fused choice. `level1Curves[e]` is einsum e's curve at arch level 1,
/// `fused` the fused curve there (or null). `limits.maxCandidates` bounds
/// every search; the fused searches also get its other budgets. With
/// `chosen`, the tables it covers evaluate its mappings (mappings that do
/// not fit the workload and the arch, or do not evaluate, are warned about,
/// and those tables are planned).
void addHierarchyTables(Session &session, ReportData &data, unsigned wi,
                        const core::Workload &w, const core::Arch &arch,
                        llvm::ArrayRef<const CurveRecord *> level1Curves,
                        const WorkloadCurveRecord *fused, bool fusion,
                        const WorkloadSearchRequest &limits,
                        const HierarchyObjective &objective,
                        std::vector<EinsumWarning> &warnings,
                        const ChosenMappings *chosen = nullptr);

} // namespace oro::engine

#endif // ORO_ENGINE_HIERARCHYTABLES_H
