//===- MapSpace.h - The mapspace of one einsum on one buffer ----*- C++ -*-===//
//
// The full (unpruned) mapspace the searches explore: every subset of ranks
// looped, in every order, with every tile in [1, extent] per looped rank,
// and every position (0..#loops) per kept access; `KeepPolicy` says per
// access whether it must be kept in the buffer, must bypass it, or may do
// either. The brute force (BruteForce.h) enumerates exactly this set; the
// pruned search (Search.h) explores a subset that provably contains a
// mapping at least as good as each of its members.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_MAPSPACE_H
#define ORO_CORE_MAPSPACE_H

#include "oro/Core/Count.h"
#include "oro/Core/Workload.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

namespace oro::core {

/// Whether an access is kept in the buffer.
enum class KeepPolicy {
  /// The access has a tile reserved in the buffer (default).
  Keep,
  /// The access bypasses the buffer.
  Bypass,
  /// Both are explored.
  Either,
};

/// The policies of `einsum`'s accesses (inputs in order, then the output):
/// `policies` itself, or all `Keep` when it is empty. Fails when it is
/// neither empty nor one entry per access.
llvm::Expected<llvm::SmallVector<KeepPolicy, 4>>
resolveKeepPolicies(const Einsum &einsum, llvm::ArrayRef<KeepPolicy> policies);

/// Number of mappings in the unpruned mapspace of `einsum` under the given
/// per-access policies (one per access): the sum over k of k! times the
/// k-th elementary symmetric sum of the extents, times the position choices
/// of every access with k loops (k + 1 kept, 1 bypassed, k + 2 either).
/// Saturates at `kCountMax`.
Count mapSpaceSize(const Einsum &einsum, llvm::ArrayRef<KeepPolicy> policies);

} // namespace oro::core

#endif // ORO_CORE_MAPSPACE_H
