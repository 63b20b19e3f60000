//===- Hierarchy.h - Multi-level mapping and bounds -------------*- C++ -*-===//
//
// Extends a level-0 mapping down the arch's hierarchy (core::mapInnerLevels,
// with every sub-problem searched through the session's einsum curves), and
// the one-buffer relaxation that bounds each boundary: everything at and
// below a level pooled into one buffer.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_ENGINE_HIERARCHY_H
#define ORO_ENGINE_HIERARCHY_H

#include "oro/Core/Arch.h"
#include "oro/Core/MultiLevel.h"
#include "oro/Core/Workload.h"
#include "oro/Engine/EinsumSearch.h"
#include "oro/Engine/Records.h"
#include "oro/Engine/Session.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace oro::engine {

/// How the mapper ranks mappings of the levels below level 1 (and, for
/// energy, which level-1 point and fused groups it keeps).
struct HierarchyObjective {
  /// "traffic": the least traffic boundary by boundary from the outermost
  /// in. "energy": the least data-movement energy (core::movementEnergyPJ).
  std::string name = "traffic";
  /// Per arch level (0 = backing store); set for "energy" only.
  std::vector<core::LevelEnergy> energies;

  bool isEnergy() const { return !energies.empty(); }
};

/// The objective called `name` on `arch`; fails for an unknown name, or for
/// "energy" when a level has no read or write energy (the message names it).
llvm::Expected<HierarchyObjective>
makeHierarchyObjective(llvm::StringRef name, const core::Arch &arch);

/// The first arch level without a read or a write energy, or null.
const core::Level *levelWithoutEnergies(const core::Arch &arch);

/// The per-bit energies of every arch level (0 = backing store), or nullopt
/// when a level has none.
std::optional<std::vector<core::LevelEnergy>>
archEnergies(const core::Arch &arch);

/// Placement of every access of einsum `e` (inputs, then output) at `level`.
llvm::SmallVector<core::Placement> accessPlacements(const core::Workload &w,
                                                    const core::Einsum &e,
                                                    const core::Level &level);

/// The level-0 mapping a report witness describes (`kFused` accesses are on
/// chip).
core::LevelMapping levelMappingOf(const WitnessRecord &witness);

/// The mapping of einsum `e` of `w` on arch levels 1.. (level 1 is
/// `level0`, the rest found greedily under `objective`) and its per-level
/// cost. Fails (with `error`) only when `level0` itself cannot be
/// evaluated; a level where nothing fits ends the mapping early
/// (`levelsMapped`, `stopReason`). Memoized by content in the session.
///
/// This and the planners below are requests in program order (they keep
/// the session's reuse bookkeeping). With `prefetch` they only fill the
/// session's memos, may run on any thread, and leave the bookkeeping to
/// the same call without `prefetch` later, which then finds the work done.
std::optional<core::InnerLevelsResult>
mapEinsumHierarchy(Session &session, const core::Workload &w, unsigned e,
                   const core::Arch &arch, const core::LevelMapping &level0,
                   unsigned sharedLoops, const HierarchyObjective &objective,
                   uint64_t maxCandidates, std::string &error,
                   bool prefetch = false);

/// A memoized `mapEinsumHierarchy`: its result or its error, and the
/// einsum searches it ran.
struct HierarchyEntry {
  std::optional<core::InnerLevelsResult> result;
  std::string error;
  SearchTrace trace;
};

/// An einsum's mapping down the hierarchy and the level-1 curve point it
/// starts from (`kGroupPoint` when it comes from a fused group).
struct EinsumPlan {
  static constexpr size_t kGroupPoint = ~size_t(0);
  core::InnerLevelsResult result;
  size_t point = kGroupPoint;
};

/// Einsum `e` on its own, from its level-1 curve `points` whose point
/// `chosen` is the one at level 1's capacity. For "traffic" that point; for
/// "energy" also up to 7 smaller ones (less room at level 1 can leave more
/// reuse to the levels below), keeping the plan that maps the most levels
/// with the least movement energy.
std::optional<EinsumPlan>
planEinsum(Session &session, const core::Workload &w, unsigned e,
           const core::Arch &arch, llvm::ArrayRef<PointRecord> points,
           size_t chosen, const HierarchyObjective &objective,
           uint64_t maxCandidates, std::string &error, bool prefetch = false);

/// A fused group of the level-1 fused choice, mapped down the hierarchy.
struct GroupPlan {
  /// The group runs unfused: each member planned on its own (`planEinsum`)
  /// because that moves less energy below level 1 than the fused mappings.
  bool split = false;
  /// One per member, in order.
  std::vector<EinsumPlan> members;
};

/// Group `g` of `w`: each member mapped below its fused level-1 mapping.
/// For "energy" the group is also planned unfused and split when that
/// moves less energy (a singleton group is always planned on its own).
std::optional<GroupPlan> planGroup(Session &session, const core::Workload &w,
                                   const GroupRecord &g, const core::Arch &arch,
                                   const HierarchyObjective &objective,
                                   uint64_t maxCandidates, std::string &error,
                                   bool prefetch = false);

/// Movement energy of `r` (core::movementEnergyPJ) plus its MACs' energy,
/// when the arch gives every energy.
std::optional<double> planEnergyPJ(const core::Workload &w, unsigned e,
                                   const core::Arch &arch,
                                   const core::InnerLevelsResult &r);

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

/// The fused search of `w` in the buffer pooling arch levels `li`..
/// under `limits`, each tensor with its pooled placement.
WorkloadSearchRequest pooledFusedRequest(const core::Workload &w,
                                         const core::Arch &arch, unsigned li,
                                         const WorkloadSearchRequest &limits);

/// Capacity of all instances of arch levels `li`.. together; nullopt when
/// one is unbounded.
std::optional<core::Count> pooledCapacity(const core::Arch &arch, unsigned li);

} // namespace oro::engine

#endif // ORO_ENGINE_HIERARCHY_H
