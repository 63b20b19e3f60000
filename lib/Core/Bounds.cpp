//===- Bounds.cpp - Data-movement lower bounds of an einsum ---------------===//

#include "oro/Core/Bounds.h"
#include <cmath>

using namespace oro::core;

Count oro::core::compulsoryAccessBits(const CostModel &model) {
  Count total = 0;
  for (unsigned a = 0; a < model.getNumAccesses(); ++a)
    total = satAdd(
        total, satMul(model.getAccessedElements(a), model.getElementBits(a)));
  return total;
}

Count oro::core::macCount(const CostModel &model) { return model.getMacs(); }

double oro::core::matmulLowerBoundWords(int64_t m, int64_t n, int64_t k,
                                        double fastMemoryWords) {
  if (fastMemoryWords <= 0)
    return 0;
  double bound = 2.0 * static_cast<double>(m) * static_cast<double>(n) *
                     static_cast<double>(k) / std::sqrt(fastMemoryWords) -
                 2.0 * fastMemoryWords;
  return bound > 0 ? bound : 0;
}
