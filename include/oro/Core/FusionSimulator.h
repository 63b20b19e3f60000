//===- FusionSimulator.h - Naive simulator of a fused group -----*- C++ -*-===//
//
// The second, independent path to the cost of a fused group mapping
// (FusionModel.h). It steps the shared loops; inside each shared iteration
// it runs every group einsum in order over its inner loops; it keeps every
// reservation's current box as an explicit set of element coordinates and
// counts backing-store traffic with the rules of Simulator.h (fetch new \ old;
// an output writes back what leaves, reads back entering elements written
// before, writes its last box at the end). Reservations below the shared
// loops (position > S) are released when their einsum finishes a shared
// iteration (an output writes its whole box back then), so they start empty
// in the next one. Internal tensors never move; the simulator checks that
// every element a reader reads in a shared iteration was produced in that
// same iteration and that no producer touches an element in two shared
// iterations (fails otherwise). The peak is measured on the run's timeline
// of reservations: a reservation above or at the shared loops (position
// <= S) is held for the whole group; one below them from its first fill to
// its release; an internal tile from its producer's first write to the end
// of its last reader's run in each shared iteration. Replaying that
// timeline with each reservation at the largest box it ever held, the peak
// is the largest sum of live reservations (not the model's formula).
//
// It shares no code with the cost model or the fusion model: it decides on
// its own which tensors are internal (produced and read in the group, not a
// workload output, no reader outside, not placed to bypass the buffer),
// checks that the mappings put exactly those at `Mapping::kOnChip` and
// every other access where its tensor's placement allows (a position when
// it must be kept, bypass when it must bypass), and takes the shared loops
// from the first `shared.size()` loops of each mapping. For tests on small
// groups.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_FUSIONSIMULATOR_H
#define ORO_CORE_FUSIONSIMULATOR_H

#include "oro/Core/FusionModel.h"
#include "llvm/Support/Error.h"
#include <cstdint>

namespace oro::core {

/// Simulates group mapping `g` of `workload` with the tensors' placements
/// `placements` (one per tensor; empty: every tensor kept). Fails when the
/// mapping is malformed or breaks a placement, a tile dependency is
/// violated, or more than `maxWork` element coordinates would be touched.
llvm::Expected<GroupCost>
simulateGroup(const Workload &workload, const FusedGroupMapping &g,
              uint64_t maxWork = uint64_t(1) << 26,
              llvm::ArrayRef<KeepPolicy> placements = {});

} // namespace oro::core

#endif // ORO_CORE_FUSIONSIMULATOR_H
