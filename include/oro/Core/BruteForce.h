//===- BruteForce.h - Exhaustive mapspace enumeration -----------*- C++ -*-===//
//
// The reference the pruned search is tested against: enumerates every
// mapping of the unpruned mapspace (MapSpace.h), evaluates each with the
// cost model and keeps the exact Pareto front. Only for small einsums
// (extents up to about 12, up to about 4 ranks).
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_BRUTEFORCE_H
#define ORO_CORE_BRUTEFORCE_H

#include "oro/Core/CostModel.h"
#include "oro/Core/Search.h"
#include "llvm/Support/Error.h"

namespace oro::core {

/// Enumerates the whole mapspace of `model` under `options` (keep policies,
/// progress; `pruneWindowTiles` is ignored). Fails when the keep policies do
/// not match the einsum or when the mapspace is larger than
/// `options.maxCandidates` (if nonzero); it checks the size before starting.
/// Enumeration order: loop sequences (distinct ranks) in lexicographic
/// preorder of rank indices, starting with no loop; for each, tile tuples in
/// increasing order, the last loop fastest; then position tuples, the
/// output fastest. Ties keep the first mapping found.
llvm::Expected<SearchResult>
bruteForceParetoFront(const CostModel &model, const SearchOptions &options);

} // namespace oro::core

#endif // ORO_CORE_BRUTEFORCE_H
