//===- PruningRules.cpp - Lossless reductions both searches use -----------===//

#include "oro/Core/PruningRules.h"
#include "oro/Core/Count.h"
#include <algorithm>

llvm::SmallVector<int64_t, 0> oro::core::candidateTiles(int64_t e,
                                                        bool minimalOnly) {
  llvm::SmallVector<int64_t, 0> tiles;
  if (!minimalOnly) {
    for (int64_t t = 1; t < e; ++t)
      tiles.push_back(t);
    return tiles;
  }
  // t = ceil(e / q) for q = e, e-1, ..., 2 is non-decreasing; every distinct
  // value is the smallest tile of its own trip count ceil(e / t).
  int64_t q = e;
  while (q >= 2) {
    int64_t t = ceilDiv(e, q);
    if (tiles.empty() || tiles.back() != t)
      tiles.push_back(t);
    // Jump to the smallest q with the same ceil(e / q) - 1, i.e. the next t.
    // ceil(e / q) == t  <=>  q >= ceil(e / t); next candidate q' has
    // ceil(e / q') >= t + 1  <=>  q' <= floor((e - 1) / t).
    int64_t next = (e - 1) / t;
    q = std::min(q - 1, next);
  }
  return tiles;
}
