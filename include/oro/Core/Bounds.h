//===- Bounds.h - Data-movement lower bounds of an einsum -------*- C++ -*-===//
//
// Bounds that no mapping can beat, used to check the search (docs/Design.md,
// "How we know it is right") and drawn beside the curves:
// - compulsory traffic: every input read once and the output written once
//   (the distinct elements the einsum touches), whatever the buffer size;
// - the MAC count, for operational intensity;
// - for a matmul with a fast memory of S words, reads plus writes are at
//   least 2*M*N*K/sqrt(S) - 2*S words (Smith, Lowery, Langou and van de
//   Geijn, "A Tight I/O Lower Bound for Matrix Multiplication", 2019).
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_BOUNDS_H
#define ORO_CORE_BOUNDS_H

#include "oro/Core/CostModel.h"
#include "oro/Core/Count.h"
#include <cstdint>

namespace oro::core {

/// Compulsory accesses in bits of the einsum of `model`: for every access,
/// its distinct touched elements times its element bits (inputs read once,
/// the output written once). Where the cost model is not exact this uses a
/// lower bound on the touched elements, so it stays a bound.
Count compulsoryAccessBits(const CostModel &model);

/// Multiply-accumulates of the einsum of `model` (product of the extents).
Count macCount(const CostModel &model);

/// The matmul I/O lower bound 2*M*N*K/sqrt(S) - 2*S in words for a fast
/// memory of `fastMemoryWords` words, clamped at 0; 0 when the memory is
/// empty (the bound needs S > 0).
double matmulLowerBoundWords(int64_t m, int64_t n, int64_t k,
                             double fastMemoryWords);

} // namespace oro::core

#endif // ORO_CORE_BOUNDS_H
