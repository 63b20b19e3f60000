//===- EinsumExtraction.cpp - Linalg structured op -> einsum description --===//
//
// `extractEinsum` reads the iteration domain and indexing maps of a Linalg
// structured op through the LinalgOp interface and composes every access with
// the static views (cast, expand_shape, collapse_shape, extract_slice) between
// the op and the tensor it reads, so a reshape never cuts the dataflow graph.
//
// Projections are kept as integer linear forms (`LinExpr`) over the current
// ranks while composing, with checked arithmetic. An expand_shape or a slice
// is affine in the consumer's ranks. A collapse_shape is not: its dimension
// has to be delinearized into the collapsed source dimensions. That works
// when every term `c * rank` of the index falls into one source dimension; a
// term that spans several source dimensions (typically a rank of extent H*D
// reading a collapsed H x D) is made to fit by splitting the rank into
// sub-ranks at the source-dimension boundaries (`j` -> `j_0`, `j_1` with
// j = D*j_0 + j_1), which rewrites every access of the einsum; the
// composition then starts over with the refined ranks.
//
// `extractPadEinsum` describes a padding copy (`tensor.pad`, or
// `tensor.insert_slice` into initialization) the same way: ranks over the
// source, the source read through its views, the output written at the
// offsets. Both build an `EinsumDraft` and share `finishEinsum`.
//
//===----------------------------------------------------------------------===//

#include "oro/Conversion/LinalgToOro/LinalgToOro.h"
#include "oro/Dialect/Oro/IR/OroOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/InterleavedRange.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace mlir;

namespace oro {

std::string getWorkloadName(StringRef funcName) {
  return (funcName + "_workload").str();
}

//===----------------------------------------------------------------------===//
// Linear forms over ranks
//===----------------------------------------------------------------------===//

namespace {

/// sum_r coeffs[r] * rank_r + cst.
struct LinExpr {
  SmallVector<int64_t> coeffs;
  int64_t cst = 0;

  static LinExpr zero(unsigned numRanks) {
    LinExpr e;
    e.coeffs.assign(numRanks, 0);
    return e;
  }
};

/// a + k * b, or nullopt on overflow.
std::optional<LinExpr> addScaled(const LinExpr &a, const LinExpr &b,
                                 int64_t k) {
  LinExpr r = a;
  for (auto [i, c] : llvm::enumerate(b.coeffs)) {
    std::optional<int64_t> v = llvm::checkedMulAdd(c, k, r.coeffs[i]);
    if (!v)
      return std::nullopt;
    r.coeffs[i] = *v;
  }
  std::optional<int64_t> v = llvm::checkedMulAdd(b.cst, k, r.cst);
  if (!v)
    return std::nullopt;
  r.cst = *v;
  return r;
}

std::string printLinExpr(const LinExpr &e, ArrayRef<std::string> names) {
  std::string s;
  llvm::raw_string_ostream os(s);
  bool first = true;
  for (auto [i, c] : llvm::enumerate(e.coeffs)) {
    if (c == 0)
      continue;
    if (!first)
      os << (c < 0 ? " - " : " + ");
    else if (c < 0)
      os << "-";
    int64_t mag = c < 0 ? -c : c;
    if (mag != 1)
      os << mag << "*";
    os << names[i];
    first = false;
  }
  if (e.cst != 0 || first) {
    if (!first)
      os << (e.cst < 0 ? " - " : " + ") << (e.cst < 0 ? -e.cst : e.cst);
    else
      os << e.cst;
  }
  return s;
}

/// True when `expr` is a sum of constants and constant multiples of
/// dimensions (no symbols, mod, floordiv or ceildiv).
bool isAffineSum(AffineExpr expr) {
  switch (expr.getKind()) {
  case AffineExprKind::DimId:
  case AffineExprKind::Constant:
    return true;
  case AffineExprKind::Add:
  case AffineExprKind::Mul: {
    auto bin = cast<AffineBinaryOpExpr>(expr);
    if (expr.getKind() == AffineExprKind::Mul &&
        !isa<AffineConstantExpr>(bin.getLHS()) &&
        !isa<AffineConstantExpr>(bin.getRHS()))
      return false;
    return isAffineSum(bin.getLHS()) && isAffineSum(bin.getRHS());
  }
  default:
    return false;
  }
}

/// Evaluates an affine sum (see `isAffineSum`) with loop `i` replaced by
/// `loops[i]`. Nullopt on overflow.
std::optional<LinExpr> toLinExpr(AffineExpr expr, ArrayRef<LinExpr> loops,
                                 unsigned numRanks) {
  switch (expr.getKind()) {
  case AffineExprKind::DimId:
    return loops[cast<AffineDimExpr>(expr).getPosition()];
  case AffineExprKind::Constant: {
    LinExpr e = LinExpr::zero(numRanks);
    e.cst = cast<AffineConstantExpr>(expr).getValue();
    return e;
  }
  case AffineExprKind::Add: {
    auto bin = cast<AffineBinaryOpExpr>(expr);
    std::optional<LinExpr> l = toLinExpr(bin.getLHS(), loops, numRanks);
    std::optional<LinExpr> r = toLinExpr(bin.getRHS(), loops, numRanks);
    if (!l || !r)
      return std::nullopt;
    return addScaled(*l, *r, 1);
  }
  case AffineExprKind::Mul: {
    auto bin = cast<AffineBinaryOpExpr>(expr);
    AffineExpr lhs = bin.getLHS(), rhs = bin.getRHS();
    if (isa<AffineConstantExpr>(lhs))
      std::swap(lhs, rhs);
    auto k = dyn_cast<AffineConstantExpr>(rhs);
    std::optional<LinExpr> l = toLinExpr(lhs, loops, numRanks);
    if (!k || !l)
      return std::nullopt;
    return addScaled(LinExpr::zero(numRanks), *l, k.getValue());
  }
  default:
    return std::nullopt;
  }
}

AffineMap toAffineMap(ArrayRef<LinExpr> exprs, unsigned numRanks,
                      MLIRContext *ctx) {
  SmallVector<AffineExpr> results;
  for (const LinExpr &e : exprs) {
    AffineExpr r = getAffineConstantExpr(e.cst, ctx);
    bool empty = true;
    for (auto [i, c] : llvm::enumerate(e.coeffs)) {
      if (c == 0)
        continue;
      AffineExpr term = getAffineDimExpr(i, ctx) * c;
      r = empty ? term : r + term;
      empty = false;
    }
    if (!empty && e.cst != 0)
      r = r + e.cst;
    results.push_back(r);
  }
  return AffineMap::get(numRanks, /*symbolCount=*/0, results, ctx);
}

//===----------------------------------------------------------------------===//
// Composition through views
//===----------------------------------------------------------------------===//

struct Rank {
  std::string name;
  int64_t extent;
};

/// Sub-rank strides each rank must be split at, from the current round.
using SplitRequests = llvm::SmallDenseMap<unsigned, SmallVector<int64_t>>;

/// Why an access could not be composed.
struct ComposeError {
  Operation *view = nullptr;
  std::string message;
};

enum class ComposeStatus { Done, NeedsSplit, Failed };

/// Delinearizes `index` into the source dimensions `sizes` of one collapsed
/// group. Each term goes to the source dimension its coefficient falls into;
/// a term that spans several source dimensions requests a rank split.
ComposeStatus delinearize(const LinExpr &index, ArrayRef<int64_t> sizes,
                          ArrayRef<Rank> ranks, SplitRequests &splits,
                          SmallVectorImpl<LinExpr> &digits, std::string &why) {
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

/// One view between a consumer and the tensor it reads, in the consumer's
/// direction: the consumer indexes the view's result.
struct ViewStep {
  enum Kind { Slice, Expand, Collapse } kind;
  /// The op, for diagnostics (for the implicit collapse of a producer's
  /// split output, the producer).
  Operation *op;
  /// Slice: static offsets and strides, and the dimensions it drops.
  SmallVector<int64_t> offsets, strides;
  llvm::SmallBitVector dropped;
  /// Expand / Collapse: groups of the higher-rank side, and its shape.
  SmallVector<ReassociationIndices> reassociation;
  SmallVector<int64_t> expandedShape;
};

/// The step of one expand_shape or collapse_shape.
ViewStep reshapeStep(Operation *op) {
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

//===----------------------------------------------------------------------===//
// Rank names
//===----------------------------------------------------------------------===//

/// Gives `base` to the only dimension of `dims`, or `base0`, `base1`, ...
void nameAll(ArrayRef<unsigned> dims, StringRef base,
             MutableArrayRef<std::string> names) {
  for (auto [i, d] : llvm::enumerate(dims)) {
    if (!names[d].empty())
      continue;
    names[d] = dims.size() == 1 ? base.str() : (base + Twine(i)).str();
  }
}

/// Names one, two or three dimensions by `one`, `two` or `three`; more get
/// `<fallback><i>`.
void nameByCount(ArrayRef<unsigned> dims, ArrayRef<StringRef> one,
                 ArrayRef<StringRef> two, ArrayRef<StringRef> three,
                 StringRef fallback, MutableArrayRef<std::string> names) {
  ArrayRef<StringRef> letters = dims.size() == 1   ? one
                                : dims.size() == 2 ? two
                                                   : three;
  for (auto [i, d] : llvm::enumerate(dims)) {
    if (!names[d].empty())
      continue;
    names[d] =
        dims.size() <= 3 ? letters[i].str() : (fallback + Twine(i)).str();
  }
}

SmallVector<std::string> nameRanks(linalg::LinalgOp op) {
  unsigned numLoops = op.getNumLoops();
  SmallVector<std::string> names(numLoops);
  Operation *raw = op.getOperation();

  if (isa<linalg::MatmulOp>(raw) && numLoops == 3) {
    names = {"m", "n", "k"};
  } else if (isa<linalg::BatchMatmulOp, linalg::BatchReduceMatmulOp>(raw) &&
             numLoops == 4) {
    names = {"b", "m", "n", "k"};
  } else if (linalg::isaContractionOpInterface(op)) {
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::inferContractionDims(op);
    if (succeeded(dims)) {
      nameAll(dims->batch, "b", names);
      nameAll(dims->m, "m", names);
      nameAll(dims->n, "n", names);
      nameAll(dims->k, "k", names);
    }
  } else if (linalg::isaConvolutionOpInterface(op)) {
    FailureOr<linalg::ConvolutionDimensions> dims =
        linalg::inferConvolutionDims(op);
    if (succeeded(dims)) {
      bool pooling = raw->getName().getStringRef().starts_with("linalg.pool");
      if (pooling && dims->batch.size() == 2) {
        // Pooling windows carry no channel: the channel looks like a batch.
        names[dims->batch[0]] = "n";
        names[dims->batch[1]] = "c";
      } else {
        nameAll(dims->batch, "n", names);
      }
      nameByCount(dims->outputImage, {"p"}, {"p", "q"}, {"z", "p", "q"}, "p",
                  names);
      nameByCount(dims->filterLoop, {"r"}, {"r", "s"}, {"t", "r", "s"}, "r",
                  names);
      nameAll(dims->inputChannel, "c", names);
      bool depthwise = dims->inputChannel.empty();
      nameAll(dims->depth, depthwise ? "c" : "g", names);
      nameAll(dims->outputChannel,
              depthwise && !dims->depth.empty() ? "m" : "f", names);
    }
  }

  // Unnamed loops keep their indexing-map name; names stay unique.
  llvm::StringSet<> used;
  for (auto [i, name] : llvm::enumerate(names)) {
    std::string base = name.empty() ? "d" + std::to_string(i) : name;
    std::string unique = base;
    for (unsigned n = 1; used.contains(unique); ++n)
      unique = base + "_" + std::to_string(n);
    used.insert(unique);
    name = unique;
  }
  return names;
}

std::string exprString(AffineExpr expr) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << expr;
  return s;
}

/// A readable label for a `linalg.generic` from what it does: `transpose`,
/// `broadcast`, `copy`, `contraction`, `conv`, or its payload ops
/// (`maximumf`, `subf_exp`), prefixed `reduce_` when it reduces; `generic`
/// when the payload has more than three ops.
std::string describeGeneric(linalg::GenericOp generic) {
  auto linalgOp = cast<linalg::LinalgOp>(generic.getOperation());
  if (linalg::isaContractionOpInterface(linalgOp))
    return "contraction";
  if (linalg::isaConvolutionOpInterface(linalgOp))
    return "conv";
  // An identity "transpose" (a plain copy) is labelled by its payload.
  if (linalg::isaTransposeOpInterface(generic) &&
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return "transpose";
  if (linalg::isaBroadcastOpInterface(generic))
    return "broadcast";
  SmallVector<std::string> ops;
  for (Operation &op : generic.getRegion().front().without_terminator()) {
    StringRef name = op.getName().getStringRef();
    ops.push_back(name.drop_front(name.find('.') + 1).str());
  }
  std::string label;
  if (ops.empty())
    label = "copy";
  else if (ops.size() <= 3)
    label = llvm::join(ops, "_");
  else
    return "generic";
  if (generic.getNumReductionLoops() > 0)
    label = "reduce_" + label;
  return label;
}

std::optional<std::string> nameFromLoc(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      if (std::optional<std::string> name = nameFromLoc(inner))
        return name;
  }
  return std::nullopt;
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

/// Checks what makes `op` an einsum before its accesses are composed: tensor
/// operands with static shapes, one output, at least one loop, indexing maps
/// that are sums of scaled loops and constants, and an output map that is a
/// permutation of distinct loops and zeros. Fails after one diagnostic from
/// `fail` (which starts it with the op name).
LogicalResult checkDescribable(linalg::LinalgOp op, unsigned resultNumber,
                               llvm::function_ref<InFlightDiagnostic()> fail) {
  Operation *raw = op.getOperation();
  // Types: tensors only, static, one output.
  for (Value operand : raw->getOperands()) {
    if (isa<BaseMemRefType>(operand.getType())) {
      fail() << "operates on memref " << operand.getType()
             << "; oro needs tensors";
      return failure();
    }
  }
  // Several outputs become one einsum each (`resultNumber`).
  if (op.getNumDpsInits() != raw->getNumResults() ||
      resultNumber >= raw->getNumResults()) {
    fail() << "has " << op.getNumDpsInits() << " outputs and "
           << raw->getNumResults() << " results; oro describes output #"
           << resultNumber << " of a tensor op";
    return failure();
  }
  for (auto [i, operand] : llvm::enumerate(raw->getOperands())) {
    auto shaped = dyn_cast<ShapedType>(operand.getType());
    if (shaped && !shaped.hasStaticShape()) {
      auto diag = fail() << "has dynamic shape " << operand.getType();
      for (auto [d, size] : llvm::enumerate(shaped.getShape()))
        if (ShapedType::isDynamic(size)) {
          diag << ": dimension #" << d << " of operand #" << i;
          if (auto arg = dyn_cast<BlockArgument>(operand))
            diag << " (argument #" << arg.getArgNumber() << ")";
          diag << " is dynamic";
          break;
        }
      diag << "; oro needs static extents (bind dynamic sizes with "
              "dynamic-dims=...)";
      return failure();
    }
  }
  unsigned numLoops = op.getNumLoops();
  if (numLoops == 0) {
    fail() << "has no loops; oro einsums need at least one rank";
    return failure();
  }

  // Indexing maps: sums of scaled loops and constants; the output map a
  // permutation of distinct loops and zeros.
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  for (auto [i, map] : llvm::enumerate(maps)) {
    if (map.getNumSymbols() != 0) {
      fail() << "indexing map #" << i << " '" << AffineMapAttr::get(map)
             << "' has symbols; oro needs maps of loop dimensions only";
      return failure();
    }
    for (AffineExpr result : map.getResults()) {
      if (!isAffineSum(result)) {
        fail() << "indexing map #" << i << " '" << AffineMapAttr::get(map)
               << "' has '" << exprString(result)
               << "', which is not a sum of scaled loop dimensions";
        return failure();
      }
    }
  }
  AffineMap outputMap =
      op.getMatchingIndexingMap(op.getDpsInitOperand(resultNumber));
  {
    llvm::SmallBitVector written(numLoops);
    auto outputType =
        cast<ShapedType>(op.getDpsInitOperand(resultNumber)->get().getType());
    for (auto [d, result] : llvm::enumerate(outputMap.getResults())) {
      auto dim = dyn_cast<AffineDimExpr>(result);
      auto cst = dyn_cast<AffineConstantExpr>(result);
      bool ok = (cst && cst.getValue() == 0) ||
                (dim && !written.test(dim.getPosition()));
      if (dim)
        written.set(dim.getPosition());
      if (!ok) {
        fail() << "writes its output through '" << AffineMapAttr::get(outputMap)
               << "', which is not a permutation of distinct loops and "
                  "zeros; oro einsums write each output element once";
        return failure();
      }
      // A keepdim zero must be the whole dimension: an einsum written
      // without an offset covers its output.
      if (cst && outputType.getDimSize(d) != 1) {
        fail() << "writes output dimension #" << d << " of size "
               << outputType.getDimSize(d)
               << " only at index 0; oro einsums written without an offset "
                  "cover their output";
        return failure();
      }
    }
  }

  return success();
}

//===----------------------------------------------------------------------===//
// Drafts: an einsum before its accesses are composed with views
//===----------------------------------------------------------------------===//

/// One tensor an einsum reads, before its projection is composed with the
/// views between the einsum and the tensor.
struct PendingAccess {
  /// Operand number in the op, for diagnostics.
  unsigned operandNumber;
  /// Projection from the op's loops onto the operand as the op sees it.
  AffineMap map;
  SmallVector<ViewStep, 0> steps;
  Value tensor;
};

/// What `extractEinsum` and `extractPadEinsum` hand to `finishEinsum`: the
/// op's loops with names and extents, the accesses that move data, and the
/// output projection over the loops, whose results are a loop, a loop plus a
/// non-negative offset (padding copies only), or a constant.
struct EinsumDraft {
  Operation *op = nullptr;
  /// `kind`, `label`, `numLoops`, `readsOutput` and `output` are set.
  EinsumInfo info;
  SmallVector<std::string> loopNames;
  SmallVector<int64_t> extents;
  SmallVector<PendingAccess, 0> pending;
  AffineMap outputMap;
};

/// The access of `value`, read by the op through `map`, looked through its
/// views (and through the output reshape of a producer whose output ranks
/// were split: it wrote the expanded tensor).
PendingAccess makeAccess(Value value, unsigned operandNumber, AffineMap map,
                         ProducerLookup producerOf) {
  SmallVector<Operation *> chain;
  PendingAccess access{operandNumber, map, {}, {}};
  access.tensor = lookThroughViews(value, &chain);
  access.steps = toViewSteps(chain);
  if (const EinsumInfo *producer =
          producerOf ? producerOf(access.tensor) : nullptr) {
    if (!producer->outputReassociation.empty()) {
      access.steps.push_back({ViewStep::Collapse,
                              producer->output.getDefiningOp(),
                              {},
                              {},
                              {},
                              producer->outputReassociation,
                              producer->outputShape});
    }
  }
  return access;
}

/// Checks the extents, composes every access with its views (splitting
/// ranks where a collapsed dimension is read), checks the projections and
/// builds the output projection. Fails after one diagnostic from `fail`.
FailureOr<EinsumInfo>
finishEinsum(EinsumDraft &draft,
             llvm::function_ref<InFlightDiagnostic()> fail) {
  MLIRContext *ctx = draft.op->getContext();
  EinsumInfo info = std::move(draft.info);
  unsigned numLoops = draft.extents.size();
  ArrayRef<std::string> loopNames = draft.loopNames;
  SmallVector<PendingAccess, 0> &pending = draft.pending;

  SmallVector<Rank> ranks;
  for (auto [i, extent] : llvm::enumerate(draft.extents)) {
    if (ShapedType::isDynamic(extent) || extent < 1) {
      fail() << "has extent "
             << (ShapedType::isDynamic(extent) ? std::string("?")
                                               : std::to_string(extent))
             << " for rank '" << loopNames[i] << "'; oro needs extents >= 1";
      return failure();
    }
    ranks.push_back({loopNames[i], extent});
  }

  // Compose every access with its views, splitting ranks until each
  // collapsed dimension is read at an index that delinearizes.
  SmallVector<LinExpr> loops;
  for (unsigned i = 0; i < numLoops; ++i) {
    LinExpr e = LinExpr::zero(numLoops);
    e.coeffs[i] = 1;
    loops.push_back(std::move(e));
  }
  // The loops before any split, to read the output map.
  SmallVector<LinExpr> identity = loops;
  SmallVector<SmallVector<LinExpr>> composed(pending.size());
  // Prints an index in the op's own loop names when the split ranks fold
  // back into them (`p + r`), else in the split ranks (`4*p_0 + p_1`).
  auto printInLoops = [&](const LinExpr &e) {
    LinExpr folded = LinExpr::zero(numLoops);
    folded.cst = e.cst;
    for (unsigned i = 0; i < numLoops; ++i) {
      const LinExpr &loop = loops[i];
      std::optional<int64_t> k;
      bool foldable = true;
      for (auto [r, stride] : llvm::enumerate(loop.coeffs)) {
        if (stride == 0)
          continue;
        if (e.coeffs[r] % stride != 0 || (k && *k != e.coeffs[r] / stride)) {
          foldable = false;
          break;
        }
        k = e.coeffs[r] / stride;
      }
      if (!foldable)
        return printLinExpr(e, [&] {
          SmallVector<std::string> names;
          for (const Rank &r : ranks)
            names.push_back(r.name);
          return names;
        }());
      folded.coeffs[i] = k.value_or(0);
    }
    return printLinExpr(folded, loopNames);
  };
  for (unsigned round = 0;; ++round) {
    if (round > 64) {
      fail() << "needs too many rank splits to read through its reshapes";
      return failure();
    }
    SplitRequests splits;
    bool needsSplit = false;
    for (auto [a, access] : llvm::enumerate(pending)) {
      SmallVector<LinExpr> &exprs = composed[a];
      exprs.clear();
      for (AffineExpr result : access.map.getResults()) {
        std::optional<LinExpr> e = toLinExpr(result, loops, ranks.size());
        if (!e) {
          fail() << "has an indexing map that overflows int64";
          return failure();
        }
        exprs.push_back(std::move(*e));
      }
      ComposeError error;
      switch (composeThroughViews(exprs, access.steps, ranks, splits, error,
                                  printInLoops)) {
      case ComposeStatus::Failed: {
        InFlightDiagnostic diag = fail();
        diag << error.message;
        diag.attachNote(error.view->getLoc())
            << "through this '" << error.view->getName() << "'";
        return failure();
      }
      case ComposeStatus::NeedsSplit:
        needsSplit = true;
        break;
      case ComposeStatus::Done:
        break;
      }
    }
    if (!needsSplit)
      break;
    std::string why;
    if (failed(applySplits(splits, ranks, loops, why))) {
      fail() << "reads through reshapes that need incompatible splits: " << why;
      return failure();
    }
  }

  SmallVector<std::string> names;
  for (const Rank &r : ranks)
    names.push_back(r.name);
  llvm::SmallBitVector used(ranks.size());

  // Projections read at positive multiples of ranks plus a non-negative
  // offset.
  for (auto [a, access] : llvm::enumerate(pending)) {
    for (const LinExpr &e : composed[a]) {
      bool negative =
          e.cst < 0 || llvm::any_of(e.coeffs, [](int64_t c) { return c < 0; });
      if (negative) {
        fail() << "reads operand #" << access.operandNumber
               << " at '" << printLinExpr(e, names)
               << "'; oro projections are sums of positive multiples of "
                  "ranks and a non-negative offset";
        return failure();
      }
      for (auto [r, c] : llvm::enumerate(e.coeffs))
        if (c != 0)
          used.set(r);
    }
  }

  // Output projection, in the final ranks: a split loop becomes one output
  // dimension per sub-rank. A padding copy writes a loop at an offset, so a
  // padded dimension keeps its loop whole.
  auto resultType = cast<RankedTensorType>(info.output.getType());
  SmallVector<LinExpr> outExprs;
  bool expanded = false;
  for (auto [d, result] : llvm::enumerate(draft.outputMap.getResults())) {
    ReassociationIndices group;
    int64_t size = resultType.getDimSize(d);
    std::optional<LinExpr> index = toLinExpr(result, identity, numLoops);
    std::optional<unsigned> loopIndex;
    if (index)
      for (auto [i, c] : llvm::enumerate(index->coeffs))
        if (c != 0)
          loopIndex = i;
    if (!index || index->cst < 0) {
      fail() << "writes its output at an index oro cannot describe";
      return failure();
    }
    if (!loopIndex) {
      LinExpr e = LinExpr::zero(ranks.size());
      e.cst = index->cst;
      group.push_back(outExprs.size());
      outExprs.push_back(std::move(e));
      info.outputShape.push_back(size);
    } else {
      const LinExpr &loop = loops[*loopIndex];
      unsigned numSubRanks = llvm::count_if(
          loop.coeffs, [](int64_t c) { return c != 0; });
      if (numSubRanks > 1 &&
          (index->cst != 0 || draft.extents[*loopIndex] != size)) {
        fail() << "pads output dimension #" << d << ", whose rank '"
               << loopNames[*loopIndex]
               << "' had to be split to read through a "
                  "'tensor.collapse_shape'; oro cannot pad a split rank";
        return failure();
      }
      for (auto [r, c] : llvm::enumerate(loop.coeffs)) {
        if (c == 0)
          continue;
        LinExpr e = LinExpr::zero(ranks.size());
        e.coeffs[r] = 1;
        e.cst = index->cst;
        used.set(r);
        group.push_back(outExprs.size());
        outExprs.push_back(std::move(e));
        info.outputShape.push_back(numSubRanks == 1 ? size : ranks[r].extent);
      }
      expanded |= group.size() > 1;
    }
    info.outputReassociation.push_back(std::move(group));
  }
  if (!expanded)
    info.outputReassociation.clear();

  for (unsigned r = 0; r < ranks.size(); ++r) {
    if (used.test(r))
      continue;
    fail() << "has loop '" << names[r]
           << "' that indexes no tensor oro tracks (only tensor.empty, "
              "linalg.fill or operands its payload ignores); oro needs every "
              "rank in a projection";
    return failure();
  }

  info.rankNames = std::move(names);
  for (const Rank &r : ranks)
    info.rankExtents.push_back(r.extent);
  for (auto [a, access] : llvm::enumerate(pending))
    info.inputs.push_back(
        {access.tensor, toAffineMap(composed[a], ranks.size(), ctx)});
  info.outputMap = toAffineMap(outExprs, ranks.size(), ctx);
  return info;
}

/// Names the ranks of a padding copy over a 4-d tensor after its layout
/// when the padded dimensions make it obvious (`n, c, h, w` when only the
/// last two are padded, `n, h, w, c` when only the middle two are), else
/// `d0, d1, ...`.
SmallVector<std::string> namePadRanks(unsigned numLoops,
                                      const llvm::SmallBitVector &padded,
                                      bool rankReduced) {
  SmallVector<std::string> names;
  auto within = [&](std::initializer_list<unsigned> dims) {
    llvm::SmallBitVector rest = padded;
    for (unsigned d : dims)
      if (d < rest.size())
        rest.reset(d);
    return padded.any() && rest.none();
  };
  if (numLoops == 4 && !rankReduced && within({2, 3}))
    return {"n", "c", "h", "w"};
  if (numLoops == 4 && !rankReduced && within({1, 2}))
    return {"n", "h", "w", "c"};
  for (unsigned i = 0; i < numLoops; ++i)
    names.push_back("d" + std::to_string(i));
  return names;
}

} // namespace

//===----------------------------------------------------------------------===//
// extractEinsum
//===----------------------------------------------------------------------===//

/// Whether the value op `op` yields for output `resultNumber` depends on
/// the payload argument of `operand` (for one output: whether the payload
/// uses it at all).
static bool outputUses(linalg::LinalgOp op, OpOperand *operand,
                       unsigned resultNumber) {
  if (op.getNumDpsInits() == 1)
    return op.payloadUsesValueFromOperand(operand);
  Block *body = op.getBlock();
  if (!body)
    return true;
  BlockArgument arg = op.getMatchingBlockArgument(operand);
  SmallVector<Value> worklist{body->getTerminator()->getOperand(resultNumber)};
  DenseSet<Value> seen;
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    if (!seen.insert(v).second)
      continue;
    if (v == arg)
      return true;
    Operation *def = v.getDefiningOp();
    if (!def || def->getBlock() != body)
      continue;
    llvm::append_range(worklist, def->getOperands());
    // Values used inside nested regions count as used.
    bool nestedUse = false;
    for (Region &region : def->getRegions())
      region.walk([&](Operation *inner) {
        for (Value operand : inner->getOperands())
          if (operand == arg)
            nestedUse = true;
          else if (operand.getParentBlock() == body)
            worklist.push_back(operand);
      });
    if (nestedUse)
      return true;
  }
  return false;
}

/// Whether `value` (looked through views) is computed by a 0-d Linalg op:
/// one scalar, which travels with the einsum that reads it.
static bool isZeroDimScalarValue(Value value) {
  auto def = lookThroughViews(value).getDefiningOp<linalg::LinalgOp>();
  return def && def.getNumLoops() == 0 && def.hasPureTensorSemantics();
}

/// Whether `value` (looked through views) is a splat `arith.constant`.
static bool isSplatConstant(Value value) {
  auto cst = lookThroughViews(value).getDefiningOp<arith::ConstantOp>();
  auto dense = cst ? dyn_cast<DenseElementsAttr>(cst.getValue()) : nullptr;
  return dense && dense.isSplat();
}

/// Whether the payload of `op` computes something (has an op besides its
/// terminator), unlike broadcast, transpose and copy, which only move data.
static bool computes(linalg::LinalgOp op) {
  Block *body = op.getBlock();
  return body && !llvm::hasSingleElement(body->getOperations());
}

FailureOr<EinsumInfo> extractEinsum(linalg::LinalgOp op, DiagnosticEmitter emit,
                                    ProducerLookup producerOf,
                                    const InitializationCache *initCache,
                                    unsigned resultNumber) {
  Operation *raw = op.getOperation();
  StringRef opName = raw->getName().getStringRef();
  auto fail = [&]() {
    InFlightDiagnostic diag = emit(raw->getLoc());
    diag << "'" << opName << "' ";
    return diag;
  };

  if (failed(checkDescribable(op, resultNumber, fail)))
    return failure();
  unsigned numLoops = op.getNumLoops();
  OpOperand *init = op.getDpsInitOperand(resultNumber);

  EinsumDraft draft;
  draft.op = raw;
  EinsumInfo &info = draft.info;
  info.numLoops = numLoops;
  info.output = raw->getResult(resultNumber);
  info.kind = opName.drop_front(opName.find('.') + 1).str();
  if (auto elementwise = dyn_cast<linalg::ElementwiseOp>(raw))
    info.kind = linalg::stringifyElementwiseKind(elementwise.getKind()).str();
  info.label = info.kind;
  if (auto generic = dyn_cast<linalg::GenericOp>(raw))
    info.label = describeGeneric(generic);
  if (std::optional<std::string> name = nameFromLoc(raw->getLoc()))
    info.label = *name;

  draft.loopNames = nameRanks(op);
  draft.extents = op.getStaticLoopRanges();
  draft.outputMap = op.getMatchingIndexingMap(init);

  // The accesses that move data.
  auto checkElementType = [&](Value v) -> LogicalResult {
    if (hasKnownElementBits(v.getType()))
      return success();
    fail() << "has element type "
           << cast<ShapedType>(v.getType()).getElementType()
           << "; oro needs elements with a known bit width";
    return failure();
  };
  auto addAccess = [&](OpOperand *operand) {
    draft.pending.push_back(makeAccess(operand->get(),
                                       operand->getOperandNumber(),
                                       op.getMatchingIndexingMap(operand),
                                       producerOf));
  };
  for (OpOperand *input : op.getDpsInputOperands()) {
    if (!isa<RankedTensorType>(input->get().getType()))
      continue; // A scalar travels with the op.
    if (!outputUses(op, input, resultNumber))
      continue; // A shape-only operand, e.g. a pooling window.
    if (isInitialization(input->get(), /*includeSplat=*/false, initCache))
      continue; // tensor.empty / linalg.fill: known without reading.
    if (isZeroDimScalarValue(input->get()))
      continue; // A scalar computed by a 0-d op.
    // A splat read by an elementwise computation only broadcasts a scalar
    // (the 2.0 of a `powf`, the 1.0 of a sigmoid): no traffic. A splat
    // read by a reduction (a contraction, a convolution) or only moved
    // (broadcast, transpose, copy: a bias on its way to an accumulator) is
    // a placeholder for a real weight and stays an input.
    if (op.getNumReductionLoops() == 0 && computes(op) &&
        isSplatConstant(input->get()))
      continue;
    if (failed(checkElementType(input->get())))
      return failure();
    addAccess(input);
  }
  if (failed(checkElementType(init->get())))
    return failure();
  if (outputUses(op, init, resultNumber) &&
      !isInitialization(init->get(), /*includeSplat=*/true, initCache)) {
    info.readsOutput = true;
    addAccess(init);
  }
  return finishEinsum(draft, fail);
}

FailureOr<EinsumInfo> extractEinsum(linalg::LinalgOp op) {
  return extractEinsum(op, [](Location loc) { return emitError(loc); });
}

//===----------------------------------------------------------------------===//
// extractPadEinsum
//===----------------------------------------------------------------------===//

FailureOr<EinsumInfo> extractPadEinsum(Operation *op, DiagnosticEmitter emit,
                                       ProducerLookup producerOf,
                                       const InitializationCache *initCache) {
  StringRef opName = op->getName().getStringRef();
  auto fail = [&]() {
    InFlightDiagnostic diag = emit(op->getLoc());
    diag << "'" << opName << "' ";
    return diag;
  };
  auto isDynamic = [](int64_t v) { return ShapedType::isDynamic(v); };

  Value source, dest;
  // Per result dimension: where the source starts, and whether the source
  // lacks it (a rank-reducing insert).
  SmallVector<int64_t> offsets;
  llvm::SmallBitVector dropped;
  if (auto insert = dyn_cast<tensor::InsertSliceOp>(op)) {
    source = insert.getSource();
    dest = insert.getDest();
    if (llvm::any_of(insert.getStaticOffsets(), isDynamic) ||
        llvm::any_of(insert.getStaticSizes(), isDynamic) ||
        llvm::any_of(insert.getStaticStrides(), isDynamic)) {
      fail() << "has dynamic offsets, sizes or strides; oro needs static "
                "slices";
      return failure();
    }
    if (llvm::any_of(insert.getStaticStrides(),
                     [](int64_t s) { return s != 1; })) {
      fail() << "inserts with strides ["
             << llvm::interleaved(insert.getStaticStrides())
             << "]; oro einsums write their output at unit stride";
      return failure();
    }
    offsets.assign(insert.getStaticOffsets().begin(),
                   insert.getStaticOffsets().end());
    dropped = insert.getDroppedDims();
  } else if (auto pad = dyn_cast<tensor::PadOp>(op)) {
    source = pad.getSource();
    if (llvm::any_of(pad.getStaticLow(), isDynamic) ||
        llvm::any_of(pad.getStaticHigh(), isDynamic)) {
      fail() << "has dynamic padding; oro needs static low and high padding";
      return failure();
    }
    auto isNegative = [](int64_t v) { return v < 0; };
    if (llvm::any_of(pad.getStaticLow(), isNegative) ||
        llvm::any_of(pad.getStaticHigh(), isNegative)) {
      fail() << "has negative padding (low ["
             << llvm::interleaved(pad.getStaticLow()) << "], high ["
             << llvm::interleaved(pad.getStaticHigh())
             << "]); oro padding copies cannot crop";
      return failure();
    }
    // A constant, or any value defined outside the region (like the scalar
    // of a `linalg.fill`, which is initialization too); a value computed
    // from the position is not.
    if (!pad.getConstantPaddingValue()) {
      fail() << "pads with a value computed from the position; oro needs a "
                "padding value that is the same everywhere (initialization, "
                "not traffic)";
      return failure();
    }
    offsets.assign(pad.getStaticLow().begin(), pad.getStaticLow().end());
    dropped.resize(offsets.size());
  } else {
    fail() << "is not a padding copy";
    return failure();
  }

  Value result = op->getResult(0);
  for (Value v : {source, result}) {
    auto ranked = dyn_cast<RankedTensorType>(v.getType());
    if (!ranked || !ranked.hasStaticShape()) {
      fail() << "has dynamic shape " << v.getType()
             << "; oro needs static extents";
      return failure();
    }
  }
  if (!hasKnownElementBits(result.getType())) {
    fail() << "has element type "
           << cast<ShapedType>(result.getType()).getElementType()
           << "; oro needs elements with a known bit width";
    return failure();
  }
  // An einsum written at an offset fills a tensor whose rest is
  // initialization. Inserting into a real tensor (a concatenation chain
  // `insert_slice a into (insert_slice b into empty)`) is not converted: the
  // result holds data from two producers, which one einsum output cannot
  // say. Reading the destination as an extra input would charge the
  // overwritten part (traffic that does not happen) and still not account
  // for the part kept; dropping it would cut the dataflow edge from `b`. So
  // it stays a located error (a warning and an opaque input under
  // allow-partial).
  if (dest && !isInitialization(dest, /*includeSplat=*/true, initCache)) {
    fail() << "writes into a tensor that is not initialization (tensor.empty, "
              "linalg.fill or a splat constant), e.g. a concatenation; oro "
              "einsums written at an offset fill a tensor whose rest is "
              "initialization";
    return failure();
  }

  auto sourceType = cast<RankedTensorType>(source.getType());
  auto resultType = cast<RankedTensorType>(result.getType());
  unsigned numLoops = sourceType.getRank();
  if (numLoops == 0) {
    fail() << "copies a 0-d tensor; oro einsums need at least one rank";
    return failure();
  }
  if (offsets.size() != static_cast<size_t>(resultType.getRank()) ||
      dropped.size() != offsets.size() ||
      dropped.count() + numLoops != offsets.size()) {
    fail() << "has offsets that do not match its result rank";
    return failure();
  }

  // The output projection: loop + offset per source dimension, the offset
  // for a dimension the source lacks.
  MLIRContext *ctx = op->getContext();
  SmallVector<AffineExpr> outputExprs;
  llvm::SmallBitVector padded(offsets.size());
  unsigned next = 0;
  for (auto [d, offset] : llvm::enumerate(offsets)) {
    int64_t size = 1;
    if (dropped.test(d)) {
      outputExprs.push_back(getAffineConstantExpr(offset, ctx));
    } else {
      size = sourceType.getDimSize(next);
      AffineExpr loop = getAffineDimExpr(next++, ctx);
      outputExprs.push_back(offset == 0 ? loop : loop + offset);
    }
    if (offset != 0 || size != resultType.getDimSize(d))
      padded.set(d);
  }

  EinsumDraft draft;
  draft.op = op;
  EinsumInfo &info = draft.info;
  info.numLoops = numLoops;
  info.output = result;
  info.kind = opName.drop_front(opName.find('.') + 1).str();
  info.label = padded.any() ? "pad" : "copy";
  if (std::optional<std::string> name = nameFromLoc(op->getLoc()))
    info.label = *name;
  draft.loopNames = namePadRanks(numLoops, padded, dropped.any());
  draft.extents.assign(sourceType.getShape().begin(),
                       sourceType.getShape().end());
  draft.outputMap = AffineMap::get(numLoops, 0, outputExprs, ctx);
  // The source is read in full (operand #0 of both ops), unless it is
  // initialization itself.
  if (!isInitialization(source, /*includeSplat=*/false, initCache))
    draft.pending.push_back(makeAccess(source, /*operandNumber=*/0,
                                       AffineMap::getMultiDimIdentityMap(
                                           numLoops, ctx),
                                       producerOf));
  return finishEinsum(draft, fail);
}

} // namespace oro
