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

/// Adds the hierarchy tables of workload `wi` (`w`) to `data.hierarchy`:
/// one per einsum (its own mapping from its level-1 curve), and for
/// workloads of 2+ einsums one for the unfused mappings and one for the
/// fused choice. `level1Curves[e]` is einsum e's curve at arch level 1,
/// `fused` the fused curve there (or null). `limits.maxCandidates` bounds
/// every search; the fused searches also get its other budgets.
void addHierarchyTables(Session &session, ReportData &data, unsigned wi,
                        const core::Workload &w, const core::Arch &arch,
                        llvm::ArrayRef<const CurveRecord *> level1Curves,
                        const WorkloadCurveRecord *fused, bool fusion,
                        const WorkloadSearchRequest &limits,
                        const HierarchyObjective &objective,
                        std::vector<EinsumWarning> &warnings);

} // namespace oro::engine

#endif // ORO_ENGINE_HIERARCHYTABLES_H
