//===- Count.h - Overflow-safe counts of elements, bits and accesses -----===//
//
// Access counts, footprints and mapspace sizes of real workloads overflow 64
// bits quickly (extents up to 2^31 per rank, products of several ranks, times
// element bits). Every count in the core is a `Count`: an unsigned 128-bit
// integer whose arithmetic saturates at `kCountMax` instead of wrapping. A
// saturated value compares greater than or equal to every exact value, so
// Pareto comparisons stay sound; reports print it as "saturated".
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_COUNT_H
#define ORO_CORE_COUNT_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace oro::core {

/// An unsigned 128-bit count that saturates instead of wrapping.
using Count = unsigned __int128;

/// The saturation value: any result that would not fit becomes this.
constexpr Count kCountMax = ~static_cast<Count>(0);

/// Saturating addition.
inline Count satAdd(Count a, Count b) {
  Count r = a + b;
  return r < a ? kCountMax : r;
}

/// Saturating multiplication.
inline Count satMul(Count a, Count b) {
  if (a == 0 || b == 0)
    return 0;
  if (a > kCountMax / b)
    return kCountMax;
  return a * b;
}

/// Saturating subtraction (clamps at zero).
inline Count satSub(Count a, Count b) { return a > b ? a - b : 0; }

/// Whether a count has saturated.
inline bool isSaturated(Count c) { return c == kCountMax; }

/// Whether a count fits in uint64_t.
inline bool fitsU64(Count c) { return c <= static_cast<Count>(UINT64_MAX); }

/// Decimal rendering of a count ("saturated" for kCountMax).
inline std::string toString(Count c) {
  if (isSaturated(c))
    return "saturated";
  if (c == 0)
    return "0";
  char buf[48];
  int i = 47;
  buf[i] = '\0';
  while (c != 0) {
    buf[--i] = static_cast<char>('0' + static_cast<int>(c % 10));
    c /= 10;
  }
  return std::string(&buf[i]);
}

/// Integer ceiling division for positive 64-bit values.
inline int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

} // namespace oro::core

#endif // ORO_CORE_COUNT_H
