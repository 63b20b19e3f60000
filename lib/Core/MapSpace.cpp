//===- MapSpace.cpp - The mapspace of one einsum on one buffer ------------===//

#include "oro/Core/MapSpace.h"
#include "llvm/Support/FormatVariadic.h"

using namespace oro::core;

llvm::Expected<llvm::SmallVector<KeepPolicy, 4>>
oro::core::resolveKeepPolicies(const Einsum &einsum,
                               llvm::ArrayRef<KeepPolicy> policies) {
  unsigned numAccesses = einsum.inputs.size() + 1;
  if (policies.empty())
    return llvm::SmallVector<KeepPolicy, 4>(numAccesses, KeepPolicy::Keep);
  if (policies.size() != numAccesses)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("{0} keep policies given for einsum '{1}' with {2} "
                      "accesses",
                      policies.size(), einsum.name, numAccesses));
  return llvm::SmallVector<KeepPolicy, 4>(policies.begin(), policies.end());
}

Count oro::core::mapSpaceSize(const Einsum &einsum,
                              llvm::ArrayRef<KeepPolicy> policies) {
  unsigned n = einsum.ranks.size();
  // e[k]: sum over k-subsets of ranks of the product of their extents.
  llvm::SmallVector<Count, 9> e(n + 1, 0);
  e[0] = 1;
  for (const Rank &r : einsum.ranks)
    for (unsigned k = n; k >= 1; --k)
      e[k] = satAdd(e[k], satMul(e[k - 1], static_cast<Count>(r.extent)));
  Count total = 0, factorial = 1;
  for (unsigned k = 0; k <= n; ++k) {
    if (k > 0)
      factorial = satMul(factorial, k);
    Count positions = 1;
    for (KeepPolicy p : policies)
      positions = satMul(positions, p == KeepPolicy::Keep     ? Count(k + 1)
                                    : p == KeepPolicy::Bypass ? Count(1)
                                                              : Count(k + 2));
    total = satAdd(total, satMul(satMul(factorial, e[k]), positions));
  }
  return total;
}
