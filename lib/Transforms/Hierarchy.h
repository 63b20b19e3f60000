//===- Hierarchy.h - Pass-side multi-level mapping and bounds ---*- C++ -*-===//
//
// Extends a level-0 mapping down the arch's hierarchy (core::mapInnerLevels,
// with every sub-problem searched through the cached `searchEinsum`), and
// the one-buffer relaxation that bounds each boundary: everything at and
// below a level pooled into one buffer. Private to the Transforms library.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_LIB_TRANSFORMS_HIERARCHY_H
#define ORO_LIB_TRANSFORMS_HIERARCHY_H

#include "oro/Core/Arch.h"
#include "oro/Core/MultiLevel.h"
#include "oro/Core/Workload.h"
#include "oro/Transforms/Report.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace oro {

/// The level-0 mapping a report witness describes (`kFused` accesses are on
/// chip).
core::LevelMapping levelMappingOf(const WitnessRecord &witness);

/// The mapping of einsum `e` of `w` on arch levels 1.. (level 1 is
/// `level0`, the rest found greedily) and its per-level cost. Fails (with
/// `error`) only when `level0` itself cannot be evaluated; a level where
/// nothing fits ends the mapping early (`levelsMapped`, `stopReason`).
std::optional<core::InnerLevelsResult>
mapEinsumHierarchy(const core::Workload &w, unsigned e, const core::Arch &arch,
                   const core::LevelMapping &level0, unsigned sharedLoops,
                   uint64_t maxCandidates, std::string &error);

/// Placement of tensor `t` in the buffer pooling arch levels `li`.. : kept
/// if some level there must keep it, free if some level may keep it, else
/// bypassed. Every real placement is one of these.
core::Placement pooledPlacement(const core::Tensor &t, const core::Arch &arch,
                                unsigned li);

/// `pooledPlacement` of each access of einsum `e` (inputs, then output).
llvm::SmallVector<core::Placement> pooledPlacements(const core::Workload &w,
                                                    const core::Einsum &e,
                                                    const core::Arch &arch,
                                                    unsigned li);

/// Capacity of all instances of arch levels `li`.. together; nullopt when
/// one is unbounded.
std::optional<core::Count> pooledCapacity(const core::Arch &arch,
                                          unsigned li);

} // namespace oro

#endif // ORO_LIB_TRANSFORMS_HIERARCHY_H
