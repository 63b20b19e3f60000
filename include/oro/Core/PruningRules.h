//===- PruningRules.h - Lossless reductions both searches use ---*- C++ -*-===//
//
// Rules of the single-einsum search (Search.h) and the fused search
// (FusionSearch.h) that drop mappings without changing any point of a
// curve; the arguments are in those headers and SearchRulesTest.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_PRUNINGRULES_H
#define ORO_CORE_PRUNINGRULES_H

#include "llvm/ADT/SmallVector.h"
#include <cstdint>

namespace oro::core {

/// The tiles a loop over a rank of extent `e` tries: every tile with at
/// least two trips (1 .. e-1), or with `minimalOnly` only the smallest
/// tile of each trip count >= 2, ascending. (A rank that indexes the
/// accesses below it only through single-term dimensions loses nothing:
/// a larger tile with the same trip count moves and holds no less.)
/// Empty when e < 2.
llvm::SmallVector<int64_t, 0> candidateTiles(int64_t e, bool minimalOnly);

} // namespace oro::core

#endif // ORO_CORE_PRUNINGRULES_H
