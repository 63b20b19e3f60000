//===- Metamorphic.h - Fused-curve checks sharing no search code-*- C++ -*-===//
//
// Relations every exact fused curve must satisfy, checked on real workloads
// where no brute force reaches. None of them reuses the search's own
// composition (sumFronts) or its mapspace predicates: each compares two runs
// of the search on different workloads, composed by a naive sum.
//
// - Block composition: for a contiguous block B of a workload W, the
//   mapping "B's own best fused mapping, every other einsum alone" is in W's
//   mapspace (B's groups are contiguous groups of W, B's internal tensors are
//   internal in W, every tensor crossing B's boundary goes through the
//   backing store in both), so at every capacity S,
//     fused(W)(S) <= fused(B)(S) + sum over e outside B of single(e)(S).
//   B is extracted as a workload of its own (extractBlock).
// - Separability: two workloads with no tensor in common, one after the
//   other in one workload, share no group, and a partition of the union is a
//   partition of each; so the union's fused curve is the pointwise sum of
//   theirs: fused(A ++ B)(S) = fused(A)(S) + fused(B)(S), exactly.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_METAMORPHIC_H
#define ORO_CORE_METAMORPHIC_H

#include "oro/Core/Count.h"
#include "oro/Core/FusionSearch.h"
#include "oro/Core/Pareto.h"
#include "oro/Core/Workload.h"
#include "oro/Core/WorkloadSlice.h"
#include "llvm/ADT/ArrayRef.h"
#include <utility>
#include <vector>

namespace oro::core {

/// Einsums [begin, end) of `w` as a workload of their own
/// (extractEinsums).
Workload extractBlock(const Workload &w, unsigned begin, unsigned end);

/// `a` and then `b` in one workload, with no tensor in common (b's tensors
/// and einsums get the suffix `suffix`).
Workload juxtapose(const Workload &a, const Workload &b,
                   llvm::StringRef suffix = "'");

/// The accesses of `f` at capacity `cap` (its best point that fits), or
/// kCountMax when none fits.
Count frontAt(llvm::ArrayRef<std::pair<Count, Count>> f, Count cap);

/// The pointwise sum of two step fronts, computed naively: at every
/// capacity of either, the sum of both fronts there; dominated points
/// dropped. Quadratic, and written without sumFronts' merge walk.
StepFront naiveSumFronts(llvm::ArrayRef<std::pair<Count, Count>> a,
                         llvm::ArrayRef<std::pair<Count, Count>> b);

/// The right-hand side of block composition: a block's fused curve plus
/// every other einsum of the workload alone. The single-einsum curves are
/// summed (naively) once before and once after every position, so each
/// block costs two naive sums instead of one per einsum outside it.
class BlockComposition {
public:
  /// `singles[e]`: the curve of einsum e alone.
  explicit BlockComposition(std::vector<StepFront> singles);
  /// fused(B) + the other einsums alone, for the block [begin, end) whose
  /// own fused curve is `block`.
  StepFront compose(llvm::ArrayRef<std::pair<Count, Count>> block,
                    unsigned begin, unsigned end) const;

private:
  /// before[b]: the sum of singles [0, b); after[e]: of singles [e, n). The
  /// empty sum is {(0, 0)}, the identity of naiveSumFronts.
  std::vector<StepFront> before, after;
};

/// Everything a search of `w` answered, as text, to compare two searches
/// that must agree (thread counts): each fused point with its witness
/// groups (FusionModel::formatGroup), each unfused point, every counter and
/// the groups cut short.
std::string describeCurves(const FusionModel &model, const WorkloadCurves &c);

} // namespace oro::core

#endif // ORO_CORE_METAMORPHIC_H
