//===- Prefetch.h - Computing a pass's searches ahead, in parallel -*- C++
//-*-===//
//
// What the passes request one after another (the curves of every einsum at
// every level, the fused curves, the hierarchy plans) is mostly independent.
// These functions compute it ahead on the session's threads, into the
// session's memos; the passes then make their requests in their usual
// order and find the results there, so reports, IR and diagnostics are the
// same for any number of threads. With one thread they do nothing. Each
// returns the number of tasks it ran.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_ENGINE_PREFETCH_H
#define ORO_ENGINE_PREFETCH_H

#include "oro/Core/Arch.h"
#include "oro/Core/Workload.h"
#include "oro/Engine/EinsumSearch.h"
#include "oro/Engine/Hierarchy.h"
#include "oro/Engine/Session.h"

namespace oro::engine {

/// What `--oro-map-search` requests for `w`: its fused curve at level 1
/// (with `fusion`, 2+ einsums), each einsum's level-1 curve, and then the
/// plans below level 1 of the fused choice's groups (or, without a fused
/// choice, of each einsum).
size_t prefetchMapSearch(Session &session, const core::Workload &w,
                         const core::Arch &arch,
                         const WorkloadSearchRequest &limits, bool fusion,
                         const HierarchyObjective &objective, bool progress);

/// What `--oro-emit-bounds` requests for `w` before its hierarchy tables:
/// each einsum's curve at every level and with pooled placements (the
/// bounds), and the fused curves at every level and pooled.
/// (addHierarchyTables prefetches its plans itself.)
size_t prefetchBounds(Session &session, const core::Workload &w,
                      const core::Arch &arch,
                      const WorkloadSearchRequest &limits, bool fusion,
                      bool progress);

} // namespace oro::engine

#endif // ORO_ENGINE_PREFETCH_H
