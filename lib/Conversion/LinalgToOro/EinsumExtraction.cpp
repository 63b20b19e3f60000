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
// The pieces live beside it: linear forms (LinearForm.h), composition
// through views and rank splits (ViewComposition.h), rank names and labels
// (RankNaming.h), and what a value holds (ValueClassification.cpp).
//
//===----------------------------------------------------------------------===//

#include "oro/Conversion/LinalgToOro/LinalgToOro.h"
#include "oro/Dialect/Oro/IR/OroOps.h"

#include "DynamicSizes.h"
#include "LinearForm.h"
#include "RankNaming.h"
#include "ViewComposition.h"

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
using namespace oro::detail;

namespace oro {

std::string getWorkloadName(StringRef funcName) {
  return (funcName + "_workload").str();
}

namespace {

bool isStatic(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  return ranked && ranked.hasStaticShape();
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
          // Where its size comes from: an argument dimension (bind it) or
          // a size computed inside the function (named, with a note).
          explainDynamicDim(operand, d, diag);
          break;
        }
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
                                       const InitializationCache *initCache,
                                       CopyDestination destination,
                                       unsigned part) {
  StringRef opName = op->getName().getStringRef();
  auto fail = [&]() {
    InFlightDiagnostic diag = emit(op->getLoc());
    diag << "'" << opName << "' ";
    return diag;
  };
  auto isDynamic = [](int64_t v) { return ShapedType::isDynamic(v); };

  Value source, dest;
  unsigned operandNumber = 0;
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
  } else if (auto concat = dyn_cast<tensor::ConcatOp>(op)) {
    for (Value v : op->getOperands())
      if (!isStatic(v.getType())) {
        fail() << "has dynamic shape " << v.getType()
               << "; oro needs static extents";
        return failure();
      }
    if (part >= concat.getInputs().size()) {
      fail() << "has no operand #" << part;
      return failure();
    }
    source = concat.getInputs()[part];
    operandNumber = part;
    // Operand `part` starts after the sizes of the operands before it.
    uint64_t dim = concat.getDim();
    offsets.assign(cast<RankedTensorType>(source.getType()).getRank(), 0);
    for (Value before : concat.getInputs().take_front(part))
      offsets[dim] += cast<RankedTensorType>(before.getType()).getDimSize(dim);
    dropped.resize(offsets.size());
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
  // An einsum written at an offset fills part of a tensor whose rest is
  // initialization, or (`CopyDestination::Concatenation`, decided by the
  // caller) part of a concatenation whose other parts have writers of
  // their own. Inserting into any other real tensor (a function argument,
  // an einsum result) is not converted: the result would hold data of the
  // destination that no writer of the result produced.
  if (dest && destination == CopyDestination::Initialization &&
      !isInitialization(dest, /*includeSplat=*/true, initCache)) {
    fail() << "writes into a tensor that is neither initialization "
              "(tensor.empty, linalg.fill or a splat constant) nor a "
              "concatenation built from initialization by insert_slices; oro "
              "einsums written at an offset fill a tensor whose rest is "
              "initialization or written by other einsums";
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
  info.label = destination == CopyDestination::Concatenation ||
                       isa<tensor::ConcatOp>(op)
                   ? "concat"
               : padded.any() ? "pad"
                              : "copy";
  if (std::optional<std::string> name = nameFromLoc(op->getLoc()))
    info.label = *name;
  draft.loopNames = namePadRanks(numLoops, padded, dropped.any());
  draft.extents.assign(sourceType.getShape().begin(),
                       sourceType.getShape().end());
  draft.outputMap = AffineMap::get(numLoops, 0, outputExprs, ctx);
  // The source is read in full (operand #0 of insert_slice and pad, the
  // part's operand of concat), unless it is initialization itself.
  if (!isInitialization(source, /*includeSplat=*/false, initCache))
    draft.pending.push_back(makeAccess(source, operandNumber,
                                       AffineMap::getMultiDimIdentityMap(
                                           numLoops, ctx),
                                       producerOf));
  return finishEinsum(draft, fail);
}

} // namespace oro
