//===- CostCache.cpp - Access costs cached by the loops above -------------===//

#include "oro/Core/CostCache.h"
#include <algorithm>

using namespace oro::core;

TensorCost CostCache::evaluate(const CostModel &model, unsigned a,
                               llvm::ArrayRef<LoopState> loops,
                               llvm::ArrayRef<int> rankLoop) {
  unsigned d = loops.size();
  if (model.isProjective(a) || d > kCachedDepth)
    return model.evaluateAccess(a, loops, rankLoop, d);
  if (slots.empty())
    slots.resize(numSlots);
  uint64_t key[kCachedDepth];
  uint64_t h = 0x9e3779b97f4a7c15ull * (a + 1);
  for (unsigned l = 0; l < d; ++l) {
    // A tile too large for the key's 48 bits is not cached (no collisions).
    if (uint64_t(loops[l].tile) >> 48)
      return model.evaluateAccess(a, loops, rankLoop, d);
    key[l] = uint64_t(loops[l].rank) << 48 | uint64_t(loops[l].tile);
    h = (h ^ key[l]) * 0xff51afd7ed558ccdull;
    h ^= h >> 29;
  }
  Slot &slot = slots[(h ^ (h >> 32)) & (numSlots - 1)];
  if (slot.access == a && slot.depth == d && std::equal(key, key + d, slot.key))
    return slot.cost;
  slot.access = a;
  slot.depth = d;
  std::copy(key, key + d, slot.key);
  slot.cost = model.evaluateAccess(a, loops, rankLoop, d);
  return slot.cost;
}
