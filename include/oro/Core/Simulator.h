//===- Simulator.h - Naive loop-nest simulator of a mapping -----*- C++ -*-===//
//
// The second, independent path to the cost of a mapping (docs/Design.md,
// "How we know it is right"). It steps every iteration of the loop nest, keeps each
// tensor's current box as an explicit set of element coordinates, and counts
// what moves exactly as the definitions in CostModel.h say: an input fetches
// |new \ old|; an output writes back old \ new, reads back the elements of
// new \ old that were written back before, and writes back its last box at
// the end; bypassed tensors cost one access per MAC (an output's first touch
// of each element reads nothing).
//
// It shares no code with the cost model beyond `verifyMapping`, and it is
// deliberately slow: time and memory grow with the trip counts and the box
// sizes. It exists for tests on small einsums.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_SIMULATOR_H
#define ORO_CORE_SIMULATOR_H

#include "oro/Core/CostModel.h"
#include "oro/Core/Mapping.h"
#include "oro/Core/Workload.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>

namespace oro::core {

/// Simulates `mapping` of `einsum` (accesses indexing `tensors`) and returns
/// its cost, in the same form as the cost model. Fails when the mapping is
/// malformed, an access names a missing tensor, or the simulation would
/// touch more than `maxWork` element coordinates in total (loop iterations
/// plus box elements visited).
llvm::Expected<Cost> simulateMapping(const Einsum &einsum,
                                     llvm::ArrayRef<Tensor> tensors,
                                     const Mapping &mapping,
                                     uint64_t maxWork = uint64_t(1) << 26);

} // namespace oro::core

#endif // ORO_CORE_SIMULATOR_H
