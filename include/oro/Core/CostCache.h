//===- CostCache.h - Access costs cached by the loops above ----*- C++ -*-===//
//
// A search evaluates an access below the same loop prefix many times (the
// prefix recurs under every placement of the other accesses, mostly soon
// after). A cost depends only on the loops above the access, so a small
// direct-mapped cache keyed by the exact prefix saves the evaluations that
// dominate on windows. Projections are cheap and go straight through.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_COSTCACHE_H
#define ORO_CORE_COSTCACHE_H

#include "oro/Core/CostModel.h"
#include <vector>

namespace oro::core {

class CostCache {
public:
  /// 2^log2Slots slots, allocated at the first cached evaluation.
  explicit CostCache(unsigned log2Slots = 12) : numSlots(1u << log2Slots) {}
  /// model.evaluateAccess(a, loops, rankLoop, loops.size()), through the
  /// cache for accesses that are not projections.
  TensorCost evaluate(const CostModel &model, unsigned a,
                      llvm::ArrayRef<LoopState> loops,
                      llvm::ArrayRef<int> rankLoop);

private:
  /// One slot: an access, a prefix of at most kCachedDepth loops (each
  /// rank << 48 | tile, for tiles below 2^48) and the cost there. `depth`
  /// is ~0u when the slot is empty.
  static constexpr unsigned kCachedDepth = 12;
  struct Slot {
    unsigned access = 0, depth = ~0u;
    uint64_t key[kCachedDepth];
    TensorCost cost;
  };
  unsigned numSlots;
  std::vector<Slot> slots;
};

} // namespace oro::core

#endif // ORO_CORE_COSTCACHE_H
