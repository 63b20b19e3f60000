//===- ViewComposition.cpp - Composing accesses through views -------------===//
//
// Composes an access with the static views (extract_slice, expand_shape,
// collapse_shape) between an einsum and the tensor it reads. A collapsed
// dimension is delinearized into its source dimensions; a rank whose term
// spans several of them is split into sub-ranks (`applySplits`) and the
// composition starts over.
//
//===----------------------------------------------------------------------===//

#include "ViewComposition.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/raw_ostream.h"

namespace oro {
namespace detail {

/// Delinearizes `index` into the source dimensions `sizes` of one collapsed
/// group. Each term goes to the source dimension its coefficient falls into;
/// a term that spans several source dimensions requests a rank split.
static ComposeStatus delinearize(const LinExpr &index, ArrayRef<int64_t> sizes,
                                 ArrayRef<Rank> ranks, SplitRequests &splits,
                                 SmallVectorImpl<LinExpr> &digits,
                                 std::string &why) {
  unsigned numRanks = ranks.size();
  size_t k = sizes.size();
  if (llvm::is_contained(sizes, 0)) {
    why = "an empty collapsed dimension";
    return ComposeStatus::Failed;
  }
  // strides[l] = product of sizes[l+1..]; bounded by the collapsed dimension.
  SmallVector<int64_t> strides(k, 1);
  for (size_t l = k - 1; l > 0; --l)
    strides[l - 1] = strides[l] * sizes[l];
  digits.assign(k, LinExpr::zero(numRanks));

  if (index.cst < 0) {
    why = "a negative offset";
    return ComposeStatus::Failed;
  }
  int64_t rest = index.cst;
  for (size_t l = 0; l < k; ++l) {
    digits[l].cst = rest / strides[l];
    rest %= strides[l];
  }

  bool needsSplit = false;
  for (auto [r, c] : llvm::enumerate(index.coeffs)) {
    if (c == 0)
      continue;
    if (ranks[r].extent == 1) {
      // Always 0: keep the rank visible in the innermost dimension.
      digits[k - 1].coeffs[r] = 1;
      continue;
    }
    if (c < 0) {
      why = "a negative coefficient";
      return ComposeStatus::Failed;
    }
    // The outermost source dimension whose stride is <= c; among equal
    // strides (unit source dimensions) the outermost is the non-unit one.
    size_t l = 0;
    while (l < k && strides[l] > c)
      ++l;
    if (l == k || c % strides[l] != 0) {
      why = "a coefficient that does not line up with the collapsed "
            "dimensions";
      return ComposeStatus::Failed;
    }
    int64_t q = c / strides[l];
    std::optional<int64_t> top = llvm::checkedMul(q, ranks[r].extent - 1);
    if (top && *top < sizes[l]) {
      digits[l].coeffs[r] = q;
      continue;
    }
    // The term spans the source dimensions above l: split the rank at
    // each of their boundaries that its values cross.
    std::optional<int64_t> reach = llvm::checkedMul(c, ranks[r].extent - 1);
    for (size_t outer = 0; outer < l; ++outer) {
      int64_t boundary = strides[outer];
      if (sizes[outer] == 1 || (reach && boundary > *reach))
        continue;
      int64_t t = boundary / c;
      if (boundary % c != 0 || ranks[r].extent % t != 0) {
        why = "rank '" + ranks[r].name + "' of extent " +
              std::to_string(ranks[r].extent) +
              " that cannot be split at the collapsed dimensions";
        return ComposeStatus::Failed;
      }
      SmallVector<int64_t> &req = splits[r];
      if (!llvm::is_contained(req, t))
        req.push_back(t);
    }
    needsSplit = true;
  }
  if (needsSplit)
    return ComposeStatus::NeedsSplit;

  // Each source index must stay within its dimension: no carries.
  for (size_t l = 0; l < k; ++l) {
    int64_t top = digits[l].cst;
    for (auto [r, q] : llvm::enumerate(digits[l].coeffs)) {
      std::optional<int64_t> v =
          llvm::checkedMulAdd(q, ranks[r].extent - 1, top);
      if (!v) {
        why = "an index that overflows int64";
        return ComposeStatus::Failed;
      }
      top = *v;
    }
    if (top >= sizes[l]) {
      why = "terms that carry from one collapsed dimension into the next";
      return ComposeStatus::Failed;
    }
  }
  return ComposeStatus::Done;
}

/// The step of one expand_shape or collapse_shape.
static ViewStep reshapeStep(Operation *op) {
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op)) {
    ArrayRef<int64_t> shape = expand.getResultType().getShape();
    return {ViewStep::Expand,
            op,
            {},
            {},
            {},
            expand.getReassociationIndices(),
            SmallVector<int64_t>(shape.begin(), shape.end())};
  }
  auto collapse = cast<tensor::CollapseShapeOp>(op);
  ArrayRef<int64_t> shape = collapse.getSrcType().getShape();
  return {ViewStep::Collapse,
          op,
          {},
          {},
          {},
          collapse.getReassociationIndices(),
          SmallVector<int64_t>(shape.begin(), shape.end())};
}

/// The views of `chain` (from the consumer towards the source). A run of
/// reshapes is one row-major reshape from its source shape to the shape the
/// consumer sees, so it becomes a single expand or collapse when one exists
/// (or nothing when the shapes agree): an expand undone by a collapse then
/// splits no rank.
SmallVector<ViewStep, 0> toViewSteps(ArrayRef<Operation *> chain) {
  SmallVector<ViewStep, 0> steps;
  auto isReshape = [](Operation *op) {
    return isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tensor::CastOp>(
        op);
  };
  for (size_t i = 0; i < chain.size();) {
    Operation *op = chain[i];
    if (auto slice = dyn_cast<tensor::ExtractSliceOp>(op)) {
      ViewStep step{ViewStep::Slice, op, {}, {}, {}, {}, {}};
      step.offsets.assign(slice.getStaticOffsets().begin(),
                          slice.getStaticOffsets().end());
      step.strides.assign(slice.getStaticStrides().begin(),
                          slice.getStaticStrides().end());
      step.dropped = slice.getDroppedDims();
      steps.push_back(std::move(step));
      ++i;
      continue;
    }
    size_t end = i;
    while (end < chain.size() && isReshape(chain[end]))
      ++end;
    SmallVector<Operation *> run;
    for (Operation *r : chain.slice(i, end - i))
      if (!isa<tensor::CastOp>(r)) // A static cast changes nothing.
        run.push_back(r);
    if (!run.empty()) {
      auto shapeOf = [](Value v) {
        return cast<RankedTensorType>(v.getType()).getShape();
      };
      ArrayRef<int64_t> seen = shapeOf(run.front()->getResult(0));
      ArrayRef<int64_t> source = shapeOf(run.back()->getOperand(0));
      Operation *at = run.front();
      if (seen == source) {
        // The reshapes cancel out.
      } else if (auto groups =
                     getReassociationIndicesForCollapse(source, seen)) {
        steps.push_back({ViewStep::Collapse,
                         at,
                         {},
                         {},
                         {},
                         *groups,
                         SmallVector<int64_t>(source.begin(), source.end())});
      } else if (auto groups =
                     getReassociationIndicesForCollapse(seen, source)) {
        steps.push_back({ViewStep::Expand,
                         at,
                         {},
                         {},
                         {},
                         *groups,
                         SmallVector<int64_t>(seen.begin(), seen.end())});
      } else {
        for (Operation *r : run)
          steps.push_back(reshapeStep(r));
      }
    }
    i = end;
  }
  return steps;
}

/// Rewrites `exprs` (the index of each dimension of the tensor seen by the
/// consumer) into indices of the tensor at the end of `steps`.
ComposeStatus
composeThroughViews(SmallVectorImpl<LinExpr> &exprs, ArrayRef<ViewStep> steps,
                    ArrayRef<Rank> ranks, SplitRequests &splits,
                    ComposeError &error,
                    llvm::function_ref<std::string(const LinExpr &)> print) {
  unsigned numRanks = ranks.size();
  auto overflow = [&](Operation *view) {
    error.view = view;
    error.message = "composing its access with '" +
                    view->getName().getStringRef().str() + "' overflows int64";
    return ComposeStatus::Failed;
  };

  for (const ViewStep &step : steps) {
    switch (step.kind) {
    case ViewStep::Slice: {
      SmallVector<LinExpr> source;
      unsigned next = 0;
      for (auto [j, offset] : llvm::enumerate(step.offsets)) {
        LinExpr e = LinExpr::zero(numRanks);
        e.cst = offset;
        if (!step.dropped.test(j)) {
          std::optional<LinExpr> v =
              addScaled(e, exprs[next++], step.strides[j]);
          if (!v)
            return overflow(step.op);
          e = *v;
        }
        source.push_back(std::move(e));
      }
      exprs.assign(source.begin(), source.end());
      break;
    }
    case ViewStep::Expand: {
      SmallVector<LinExpr> source;
      for (const ReassociationIndices &group : step.reassociation) {
        LinExpr e = LinExpr::zero(numRanks);
        int64_t stride = 1;
        for (int64_t d : llvm::reverse(group)) {
          std::optional<LinExpr> v = addScaled(e, exprs[d], stride);
          std::optional<int64_t> s =
              llvm::checkedMul(stride, step.expandedShape[d]);
          if (!v || !s)
            return overflow(step.op);
          e = *v;
          stride = *s;
        }
        source.push_back(std::move(e));
      }
      exprs.assign(source.begin(), source.end());
      break;
    }
    case ViewStep::Collapse: {
      ArrayRef<int64_t> shape = step.expandedShape;
      // A collapse to 0-d has no groups: every source dimension is unit.
      SmallVector<LinExpr> source(shape.size(), LinExpr::zero(numRanks));
      bool needsSplit = false;
      for (auto [i, group] : llvm::enumerate(step.reassociation)) {
        if (group.size() == 1) {
          source[group[0]] = exprs[i];
          continue;
        }
        SmallVector<int64_t> sizes;
        for (int64_t d : group)
          sizes.push_back(shape[d]);
        SmallVector<LinExpr> digits;
        std::string why;
        switch (delinearize(exprs[i], sizes, ranks, splits, digits, why)) {
        case ComposeStatus::Failed:
          error.view = step.op;
          error.message = "reads collapsed dimension #" + std::to_string(i) +
                          " at '" + print(exprs[i]) + "', which has " + why +
                          "; oro can only split a single rank across "
                          "collapsed dimensions";
          return ComposeStatus::Failed;
        case ComposeStatus::NeedsSplit:
          needsSplit = true;
          break;
        case ComposeStatus::Done:
          for (auto [l, d] : llvm::enumerate(group))
            source[d] = digits[l];
          break;
        }
      }
      if (needsSplit)
        return ComposeStatus::NeedsSplit;
      exprs.assign(source.begin(), source.end());
      break;
    }
    }
  }
  return ComposeStatus::Done;
}

/// Splits ranks as requested. Fails (setting `why`) when two requests for
/// one rank do not nest.
LogicalResult applySplits(const SplitRequests &splits,
                          SmallVectorImpl<Rank> &ranks,
                          SmallVectorImpl<LinExpr> &loops, std::string &why) {
  SmallVector<Rank> newRanks;
  // For each old rank: (new index, stride) of its sub-ranks.
  SmallVector<SmallVector<std::pair<unsigned, int64_t>>> subs(ranks.size());
  llvm::StringSet<> used;
  for (const Rank &r : ranks)
    used.insert(r.name);
  for (auto [r, rank] : llvm::enumerate(ranks)) {
    auto it = splits.find(r);
    if (it == splits.end()) {
      subs[r].push_back({newRanks.size(), 1});
      newRanks.push_back(rank);
      continue;
    }
    SmallVector<int64_t> strides(it->second);
    llvm::sort(strides, std::greater<int64_t>());
    int64_t outer = rank.extent;
    for (int64_t t : strides) {
      if (outer % t != 0) {
        why = "rank '" + rank.name + "' of extent " +
              std::to_string(rank.extent) + " would have to be split at " +
              std::to_string(outer) + " and at " + std::to_string(t) +
              ", which do not nest";
        return failure();
      }
      outer = t;
    }
    strides.push_back(1);
    int64_t above = rank.extent;
    for (auto [i, t] : llvm::enumerate(strides)) {
      std::string base = rank.name + "_" + std::to_string(i);
      std::string name = base;
      for (unsigned n = 1; used.contains(name); ++n)
        name = base + "_" + std::to_string(n);
      used.insert(name);
      subs[r].push_back({newRanks.size(), t});
      newRanks.push_back({name, above / t});
      above = t;
    }
  }
  for (LinExpr &e : loops) {
    LinExpr n = LinExpr::zero(newRanks.size());
    n.cst = e.cst;
    for (auto [r, c] : llvm::enumerate(e.coeffs))
      for (auto [idx, stride] : subs[r])
        n.coeffs[idx] = c * stride; // Loop i = sum of stride * sub-rank:
                                    // bounded by the loop's extent.
    e = std::move(n);
  }
  ranks.assign(newRanks.begin(), newRanks.end());
  return success();
}

} // namespace detail
} // namespace oro
