//===- LinalgToOro.cpp - Describe Linalg functions as oro workloads -------===//
//
// `--convert-linalg-to-oro`: for each function, a plain walk over its body
// classifies every op (`classify`, OpClassifier.h), extracts the einsums
// with `extractEinsum` and `extractPadEinsum`, and then builds an
// `oro.workload` after the function. The function itself is only annotated
// (`oro.einsum = "<label>"` on each converted Linalg op, `tensor.pad`,
// `tensor.insert_slice` and `tensor.concat`). A concatenation becomes one
// copy einsum per part, and is yielded when it has several writers
// (`Written`, docs/FrontEnds.md). Before that, the module is prepared as front ends
// print it: calls of functions with a body are inlined, and `dynamic-dims`
// binds dynamic argument dimensions (docs/FrontEnds.md).
//
//===----------------------------------------------------------------------===//

#include "oro/Conversion/Passes.h"

#include "OpClassifier.h"
#include "RankNaming.h"

#include "oro/Conversion/LinalgToOro/LinalgToOro.h"
#include "oro/Dialect/Oro/IR/OroDialect.h"
#include "oro/Dialect/Oro/IR/OroOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/Extensions/InlinerExtension.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/InterleavedRange.h"

#include <map>

namespace oro {
#define GEN_PASS_DEF_CONVERTLINALGTOOROPASS
#include "oro/Conversion/Passes.h.inc"
} // namespace oro

using namespace mlir;

namespace oro {
namespace {

/// Hands out names unique within one workload: argument names and labels
/// share one namespace (reports name tensors by them).
class NameTable {
public:
  std::string unique(StringRef base) {
    std::string root = base.empty() ? std::string("t") : base.str();
    std::string name = root;
    // Names are never released, so the search for `<root>_<n>` resumes
    // where it stopped: thousands of `exp`s stay linear.
    unsigned &n = nextSuffix[root];
    while (used.contains(name))
      name = root + "_" + std::to_string(++n);
    used.insert(name);
    return name;
  }

private:
  llvm::StringSet<> used;
  llvm::StringMap<unsigned> nextSuffix;
};

/// The op name without its dialect prefix: `call`, `pad`.
std::string shortName(Operation *op) {
  StringRef name = op->getName().getStringRef();
  return name.drop_front(name.find('.') + 1).str();
}

/// Whether `type` can be a workload tensor: static shape, sized elements.
bool isWorkloadTensor(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  return ranked && ranked.hasStaticShape() && hasKnownElementBits(ranked);
}

/// Whether `op` is a 0-d Linalg op on tensors: it computes one scalar.
bool isZeroDimScalar(linalg::LinalgOp op) {
  return op.getNumLoops() == 0 && op.hasPureTensorSemantics();
}

/// One function's analysis, then the workload built from it.
class FuncImporter {
public:
  FuncImporter(func::FuncOp func, bool allowPartial)
      : func(func), allowPartial(allowPartial),
        returnLoc(UnknownLoc::get(func.getContext())) {}

  /// Classifies every op of the function and extracts the einsums. Fails
  /// when a diagnostic was an error (never under allow-partial), or when the
  /// function cannot become a workload at all (then under allow-partial a
  /// warning says so and nothing is built).
  LogicalResult analyze();

  /// Builds the workload right after the function and annotates the
  /// converted Linalg ops.
  void build();

  unsigned getNumEinsums() const { return einsums.size(); }
  unsigned getNumSkipped() const { return numSkipped; }
  /// Whether `analyze` failed only because allow-partial skipped the whole
  /// function (with a warning).
  bool skippedWholeFunction() const { return skippedFunction; }

private:
  InFlightDiagnostic report(Location loc) {
    if (allowPartial)
      return emitWarning(loc);
    hadError = true;
    return emitError(loc);
  }
  /// Records an op oro cannot describe: under allow-partial its tensor
  /// results become persistent inputs.
  void skip(Operation *op) {
    ++numSkipped;
    if (!allowPartial)
      return;
    for (Value result : op->getResults())
      if (isWorkloadTensor(result.getType()))
        opaque.insert({result, op});
  }
  /// Records the einsum extracted from `op`, or skips `op` when there is
  /// none (the extraction has reported why).
  void record(Operation *op, FailureOr<EinsumInfo> info) {
    if (failed(info))
      return skip(op);
    for (EinsumAccess &access : info->inputs)
      access.tensor = resolve(access.tensor);
    einsumOf[info->output] = einsums.size();
    einsums.push_back(std::move(*info));
  }
  void analyzePaddingCopy(Operation *op);
  void analyzeConcat(tensor::ConcatOp concat);
  void extendConcatenation(tensor::InsertSliceOp insert, Value dest);
  LogicalResult checkPartWriter(Operation *op, const EinsumInfo &info);
  void addWriter(Value result, unsigned einsum);
  /// The value whose producer holds `value`'s data: `value` itself, or for
  /// an insert of initialization into a concatenation, the concatenation.
  Value resolve(Value value) const {
    for (auto it = aliasOf.find(value); it != aliasOf.end();
         it = aliasOf.find(value))
      value = it->second;
    return value;
  }
  const EinsumInfo *producerOf(Value value) const {
    auto it = einsumOf.find(resolve(value));
    return it == einsumOf.end() ? nullptr : &einsums[it->second];
  }
  /// The type `value` (a root: not itself a view) has in the workload.
  Type workloadType(Value value) const {
    if (const EinsumInfo *info = producerOf(value))
      return RankedTensorType::get(
          info->outputShape,
          cast<ShapedType>(value.getType()).getElementType());
    return value.getType();
  }

  func::FuncOp func;
  bool allowPartial;
  bool hadError = false;
  bool skippedFunction = false;
  unsigned numSkipped = 0;

  std::vector<EinsumInfo> einsums;
  DenseMap<Value, unsigned> einsumOf;
  /// Whether each pad / insert_slice result is initialization.
  InitializationCache initCache;
  /// A tensor written by copies at offsets: a padding copy's result, or a
  /// concatenation so far (an insert_slice chain from initialization, or a
  /// tensor.concat). Per copy its box [lo, hi) in the tensor, initialization
  /// included, and the einsums that write the boxes that are not
  /// initialization.
  struct Written {
    SmallVector<std::pair<SmallVector<int64_t>, SmallVector<int64_t>>> boxes;
    /// Whether each box holds data (else it is initialization, which a
    /// later part may overwrite).
    SmallVector<bool> hasData;
    SmallVector<unsigned> writers;
  };
  llvm::MapVector<Value, Written> written;
  /// Values of `written` that a later insert_slice extends.
  llvm::DenseSet<Value> extended;
  /// An insert of initialization into a concatenation: the same tensor.
  DenseMap<Value, Value> aliasOf;
  /// Results of skipped ops, in program order, with the op.
  llvm::MapVector<Value, Operation *> opaque;
  /// What `func.return` yields, looked through views.
  SmallVector<Value> yieldRoots;
  /// Set from `func.return` (a null `UnknownLoc()` would assert).
  Location returnLoc;
  /// Ops on memrefs skipped, and the first of them.
  Operation *firstMemrefOp = nullptr;
  unsigned numMemrefOps = 0;
};

/// The box [lo, hi) `op` writes in its result: an insert_slice's static
/// slice at unit strides, a pad's source at the low padding, or operand
/// `part` of a static concat. None when it is not static (extraction then
/// reports why).
static std::optional<std::pair<SmallVector<int64_t>, SmallVector<int64_t>>>
writtenBox(Operation *op, unsigned part = 0) {
  auto isDynamic = [](int64_t v) { return ShapedType::isDynamic(v); };
  SmallVector<int64_t> lo, hi;
  if (auto insert = dyn_cast<tensor::InsertSliceOp>(op)) {
    if (llvm::any_of(insert.getStaticOffsets(), isDynamic) ||
        llvm::any_of(insert.getStaticSizes(), isDynamic) ||
        llvm::any_of(insert.getStaticStrides(),
                     [](int64_t s) { return s != 1; }))
      return std::nullopt;
    for (auto [o, n] :
         llvm::zip(insert.getStaticOffsets(), insert.getStaticSizes())) {
      lo.push_back(o);
      hi.push_back(o + n);
    }
    return std::make_pair(lo, hi);
  }
  if (auto pad = dyn_cast<tensor::PadOp>(op)) {
    auto type = dyn_cast<RankedTensorType>(pad.getSource().getType());
    if (!type || !type.hasStaticShape() ||
        llvm::any_of(pad.getStaticLow(), isDynamic))
      return std::nullopt;
    for (auto [o, n] : llvm::zip(pad.getStaticLow(), type.getShape())) {
      lo.push_back(o);
      hi.push_back(o + n);
    }
    return std::make_pair(lo, hi);
  }
  if (auto concat = dyn_cast<tensor::ConcatOp>(op)) {
    if (part >= concat.getInputs().size() ||
        !llvm::all_of(concat.getInputs(), [](Value v) {
          auto t = dyn_cast<RankedTensorType>(v.getType());
          return t && t.hasStaticShape();
        }))
      return std::nullopt;
    uint64_t dim = concat.getDim();
    int64_t offset = 0;
    for (Value before : concat.getInputs().take_front(part))
      offset += cast<RankedTensorType>(before.getType()).getDimSize(dim);
    auto type = cast<RankedTensorType>(concat.getInputs()[part].getType());
    for (auto [d, n] : llvm::enumerate(type.getShape())) {
      lo.push_back(d == dim ? offset : 0);
      hi.push_back(lo.back() + n);
    }
    return std::make_pair(lo, hi);
  }
  return std::nullopt;
}

/// Whether two boxes share an element.
static bool overlaps(
    const std::pair<SmallVector<int64_t>, SmallVector<int64_t>> &a,
    const std::pair<SmallVector<int64_t>, SmallVector<int64_t>> &b) {
  for (unsigned d = 0; d < a.first.size() && d < b.first.size(); ++d)
    if (a.second[d] <= b.first[d] || b.second[d] <= a.first[d])
      return false;
  return true;
}

/// A writer of part of a concatenation must write the concatenation's own
/// shape: a copy whose output ranks were split (to read through a
/// collapse) would write a tensor of another shape than its co-writers.
LogicalResult FuncImporter::checkPartWriter(Operation *op,
                                            const EinsumInfo &info) {
  if (info.outputReassociation.empty())
    return success();
  report(op->getLoc())
      << "'" << op->getName()
      << "' writes part of a concatenation with ranks split to read "
         "through a 'tensor.collapse_shape'; oro needs the writers of a "
         "concatenation to write its shape";
  skip(op);
  return failure();
}

/// Records that einsum `einsum` writes part of `result`, a concatenation
/// (see `Written`). From the second writer on, the writers without a name
/// of their own are labelled `concat`.
void FuncImporter::addWriter(Value result, unsigned einsum) {
  Written &w = written[result];
  w.writers.push_back(einsum);
  if (w.writers.size() < 2)
    return;
  for (unsigned e : w.writers)
    if (!detail::nameFromLoc(einsums[e].output.getDefiningOp()->getLoc()))
      einsums[e].label = "concat";
}

/// An insert_slice into `dest`, a tensor written by copies at offsets (a
/// concatenation so far): one more writer, of a box disjoint from the parts
/// that hold data (it may fill a part that is initialization). Its source
/// is copied by an einsum writing its box, or, if the source is
/// initialization, the result is the same tensor as `dest`.
void FuncImporter::extendConcatenation(tensor::InsertSliceOp insert,
                                       Value dest) {
  Operation *op = insert;
  Value result = insert.getResult();
  auto describe = [&] {
    return extractPadEinsum(
        op, [&](Location loc) { return report(loc); },
        [&](Value v) { return producerOf(v); }, &initCache,
        CopyDestination::Concatenation);
  };
  auto box = writtenBox(op);
  if (!box) {
    // Dynamic or strided: the extraction says which.
    (void)describe();
    return skip(op);
  }
  // In place, each insert writes into the tensor its destination was; a
  // destination read by anything else would have to be copied first.
  for (Operation *user : dest.getUsers()) {
    if (user == op)
      continue;
    report(op->getLoc())
        << "'tensor.insert_slice' writes into a concatenation that '"
        << user->getName()
        << "' also reads before it is complete; oro needs each partial "
           "concatenation to be used only by the next insert_slice";
    return skip(op);
  }
  Written w = written.lookup(dest);
  bool initSource =
      isInitialization(insert.getSource(), /*includeSplat=*/false, &initCache);
  for (auto [other, data] : llvm::zip(w.boxes, w.hasData))
    if (data && overlaps(*box, other)) {
      report(op->getLoc())
          << "'tensor.insert_slice' writes [" << llvm::interleaved(box->first)
          << "] to [" << llvm::interleaved(box->second)
          << "), which overlaps the part [" << llvm::interleaved(other.first)
          << "] to [" << llvm::interleaved(other.second)
          << ") an earlier insert_slice wrote; oro needs the parts of a "
             "concatenation to be disjoint";
      return skip(op);
    }
  extended.insert(dest);
  w.boxes.push_back(*box);
  w.hasData.push_back(!initSource);
  if (initSource) {
    aliasOf[result] = dest;
    written[result] = std::move(w);
    return;
  }
  FailureOr<EinsumInfo> info = describe();
  if (failed(info))
    return skip(op);
  // The first writer was a padding copy until now.
  for (unsigned e : w.writers)
    if (failed(checkPartWriter(einsums[e].output.getDefiningOp(),
                               einsums[e]))) {
      skip(op);
      return;
    }
  if (failed(checkPartWriter(op, *info)))
    return;
  unsigned index = einsums.size();
  record(op, std::move(info));
  written[result] = std::move(w);
  addWriter(result, index);
}

/// A static tensor.concat: one copy einsum per operand that is not
/// initialization, each writing its part of the result (all of them, or
/// none when one fails).
void FuncImporter::analyzeConcat(tensor::ConcatOp concat) {
  Operation *op = concat;
  Value result = concat.getResult();
  Written w;
  SmallVector<EinsumInfo, 0> parts;
  for (auto [k, input] : llvm::enumerate(concat.getInputs())) {
    auto box = writtenBox(op, k);
    // An empty part (torch-mlir drops them, others may not) writes
    // nothing, like initialization.
    auto type = dyn_cast<RankedTensorType>(input.getType());
    bool nothing = (box && isInitialization(input, /*includeSplat=*/false,
                                            &initCache)) ||
                   (type && type.hasStaticShape() && type.getNumElements() == 0);
    if (box) {
      w.boxes.push_back(*box);
      w.hasData.push_back(!nothing);
    }
    if (nothing)
      continue;
    FailureOr<EinsumInfo> info = extractPadEinsum(
        op, [&](Location loc) { return report(loc); },
        [&](Value v) { return producerOf(v); }, &initCache,
        CopyDestination::Concatenation, k);
    if (failed(info))
      return skip(op);
    if (failed(checkPartWriter(op, *info)))
      return;
    parts.push_back(std::move(*info));
  }
  written[result] = std::move(w);
  for (EinsumInfo &info : parts) {
    unsigned index = einsums.size();
    record(op, std::move(info));
    addWriter(result, index);
  }
}

/// Padding copies: an einsum that writes its source at an offset into a
/// tensor whose rest is initialization (see `extractPadEinsum`), or one
/// writer of a concatenation: an insert_slice into a tensor written by
/// earlier copies, or a part of a tensor.concat. Moving initialization
/// around is initialization and needs no einsum.
void FuncImporter::analyzePaddingCopy(Operation *op) {
  // Cached for both flags so that chains of pads and inserts are classified
  // in linear time.
  Value result = op->getResult(0);
  bool init = isInitialization(result, /*includeSplat=*/false, &initCache);
  initCache.known[false][result] = init;
  initCache.known[true][result] =
      init || isInitialization(result, /*includeSplat=*/true, &initCache);
  if (init)
    return;
  if (auto concat = dyn_cast<tensor::ConcatOp>(op))
    return analyzeConcat(concat);
  if (auto insert = dyn_cast<tensor::InsertSliceOp>(op))
    if (written.count(insert.getDest()))
      return extendConcatenation(insert, insert.getDest());
  FailureOr<EinsumInfo> info = extractPadEinsum(
      op, [&](Location loc) { return report(loc); },
      [&](Value v) { return producerOf(v); }, &initCache);
  if (failed(info))
    return skip(op);
  unsigned index = einsums.size();
  record(op, std::move(info));
  // A later insert_slice may write another part of the result.
  if (auto box = writtenBox(op)) {
    Written &w = written[result];
    w.boxes.push_back(*box);
    w.hasData.push_back(true);
    w.writers.push_back(index);
  }
}

LogicalResult FuncImporter::analyze() {
  Region &body = func.getBody();
  if (!llvm::hasSingleElement(body)) {
    report(func.getLoc()) << "'func.func' @" << func.getSymName() << " has "
                          << body.getBlocks().size()
                          << " blocks; oro needs a single block";
    skippedFunction = allowPartial; // Nothing to build either way.
    return failure();
  }

  Block &block = body.front();
  for (Operation &op : block) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      returnLoc = ret.getLoc();
      for (auto [i, operand] : llvm::enumerate(ret.getOperands())) {
        Value value = operand;
        // A bound dynamic result: the static value cast back to the
        // function's dynamic result type.
        if (auto cast = value.getDefiningOp<tensor::CastOp>())
          if (isa<RankedTensorType>(cast.getType()) &&
              isWorkloadTensor(cast.getSource().getType()))
            value = cast.getSource();
        if (!isWorkloadTensor(value.getType())) {
          report(ret.getLoc())
              << "'func.return' operand #" << i << " has type "
              << value.getType()
              << "; oro workloads yield statically shaped tensors with "
                 "sized elements";
          continue;
        }
        yieldRoots.push_back(resolve(lookThroughViews(value)));
      }
      continue;
    }
    switch (classify(&op)) {
    case OpKind::Initialization:
    case OpKind::View:
    case OpKind::Scalar:
    case OpKind::Ignored:
      break;
    // Constants become oro.constant when an einsum reads them (an einsum
    // checks what it reads).
    case OpKind::Constant:
      break;
    case OpKind::Einsum: {
      auto linalgOp = cast<linalg::LinalgOp>(op);
      // A 0-d op computes one scalar: it folds into the einsums that read
      // it, like any scalar (see `extractEinsum`).
      if (isZeroDimScalar(linalgOp))
        break;
      // One einsum per output of a multi-output op, each reading the inputs
      // its own payload uses.
      unsigned numOutputs = std::max<unsigned>(1, op.getNumResults());
      for (unsigned i = 0; i < numOutputs; ++i)
        record(&op, extractEinsum(
            linalgOp, [&](Location loc) { return report(loc); },
            [&](Value v) { return producerOf(v); }, &initCache, i));
      break;
    }
    case OpKind::Memref:
      // Bufferized code: skipped with one warning (below); the tensors it
      // produces are inputs of the workload.
      if (!firstMemrefOp)
        firstMemrefOp = &op;
      ++numMemrefOps;
      for (Value result : op.getResults())
        if (isWorkloadTensor(result.getType()))
          opaque.insert({result, &op});
      break;
    case OpKind::PaddingCopy:
      analyzePaddingCopy(&op);
      break;
    case OpKind::Opaque:
    case OpKind::Unsupported: {
      InFlightDiagnostic diag = report(op.getLoc());
      explainUnimportable(&op, diag);
      skip(&op);
      break;
    }
    }
  }

  if (firstMemrefOp) {
    if (einsums.empty()) {
      report(firstMemrefOp->getLoc())
          << "'" << firstMemrefOp->getName()
          << "' operates on memrefs, and @" << func.getSymName()
          << " has no einsum on tensors; oro needs tensors";
      skip(firstMemrefOp);
    } else {
      emitWarning(firstMemrefOp->getLoc())
          << "skipped " << numMemrefOps << " op"
          << (numMemrefOps == 1 ? "" : "s") << " on memrefs from this '"
          << firstMemrefOp->getName() << "' on (bufferized code): oro bounds "
          << "the tensor part of @" << func.getSymName()
          << "; tensors the skipped code produces are workload inputs";
    }
  }

  // A concatenation with several writers is yielded: oro gives a tensor one
  // producer, here its last writer, so the fused search must not keep it
  // on chip with that writer alone; yielded, it is materialized in the
  // backing store (docs/FrontEnds.md, "Concatenation").
  for (auto &[value, w] : written)
    if (w.writers.size() >= 2 && !extended.contains(value) &&
        !llvm::is_contained(yieldRoots, resolve(value)))
      yieldRoots.push_back(resolve(value));

  if (hadError)
    return failure();

  // Every root read or yielded must have a workload value.
  auto hasSource = [&](Value root) {
    root = resolve(root);
    if (auto arg = dyn_cast<BlockArgument>(root))
      return arg.getOwner() == &block && isWorkloadTensor(arg.getType());
    if (einsumOf.count(root) || opaque.count(root))
      return true;
    Operation *def = root.getDefiningOp();
    if (auto linalgOp = dyn_cast_if_present<linalg::LinalgOp>(def))
      if (isZeroDimScalar(linalgOp))
        return true; // Yielded: a constant of the workload.
    return ((def && classify(def) == OpKind::Constant) ||
            isa_and_nonnull<tensor::EmptyOp, linalg::FillOp>(def) ||
            isInitialization(root, /*includeSplat=*/true, &initCache)) &&
           isWorkloadTensor(root.getType());
  };
  bool ok = true;
  for (const EinsumInfo &info : einsums)
    for (const EinsumAccess &access : info.inputs)
      if (!hasSource(access.tensor)) {
        // Only reachable when the source was diagnosed already.
        emitError(info.output.getLoc())
            << "'" << info.output.getDefiningOp()->getName()
            << "' reads a tensor oro could not describe";
        ok = false;
      }
  for (Value root : yieldRoots)
    if (!hasSource(root)) {
      emitError(returnLoc) << "'func.return' yields a tensor oro could not "
                              "describe";
      ok = false;
    }
  if (!ok)
    hadError = true;
  return success(ok);
}

void FuncImporter::build() {
  MLIRContext *ctx = func.getContext();
  Block &block = func.getBody().front();
  NameTable names;

  // Arguments: the function's tensors, then the skipped ops' results that
  // are read or yielded.
  llvm::SetVector<Value> needed;
  for (const EinsumInfo &info : einsums)
    for (const EinsumAccess &access : info.inputs)
      needed.insert(access.tensor);
  needed.insert(yieldRoots.begin(), yieldRoots.end());

  SmallVector<Value> argSources;
  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  SmallVector<bool> argWeights;
  for (BlockArgument arg : block.getArguments()) {
    if (!isWorkloadTensor(arg.getType()))
      continue;
    argSources.push_back(arg);
    argTypes.push_back(arg.getType());
    argNames.push_back(names.unique(
        detail::nameFromLoc(arg.getLoc())
            .value_or("arg" + std::to_string(arg.getArgNumber()))));
    argWeights.push_back(isWeightLike(arg));
  }
  for (auto [value, op] : opaque) {
    if (!needed.contains(value))
      continue;
    argSources.push_back(value);
    argTypes.push_back(value.getType());
    std::string base =
        detail::nameFromLoc(op->getLoc()).value_or(shortName(op));
    if (op->getNumResults() > 1)
      base += "_" + std::to_string(cast<OpResult>(value).getResultNumber());
    argNames.push_back(names.unique(base));
    argWeights.push_back(false);
  }

  SmallVector<Type> resultTypes;
  for (Value root : yieldRoots)
    resultTypes.push_back(workloadType(root));

  OpBuilder builder(ctx);
  builder.setInsertionPointAfter(func);
  auto workload = WorkloadOp::create(
      builder, func.getLoc(), getWorkloadName(func.getSymName()),
      FunctionType::get(ctx, argTypes, resultTypes));
  workload->setAttr(OroDialect::kSourceAttr,
                    FlatSymbolRefAttr::get(func.getSymNameAttr()));
  if (Attribute bound = func->getAttr(OroDialect::kDynamicDimsAttr))
    workload->setAttr(OroDialect::kDynamicDimsAttr, bound);
  for (auto [i, name] : llvm::enumerate(argNames)) {
    workload.setArgAttr(i, OroDialect::kNameAttr, builder.getStringAttr(name));
    if (argWeights[i])
      workload.setArgAttr(i, OroDialect::kWeightAttr, builder.getUnitAttr());
  }

  Block &entry = workload.getBody().front();
  DenseMap<Value, Value> mapped;
  for (auto [source, arg] : llvm::zip(argSources, entry.getArguments()))
    mapped[source] = arg;

  builder.setInsertionPointToStart(&entry);
  // Constants (and, when yielded, fills) are created before their first use.
  auto lookup = [&](Value root) -> Value {
    if (Value v = mapped.lookup(root))
      return v;
    Operation *def = root.getDefiningOp();
    std::string base = shortName(def);
    if (auto cst = dyn_cast<arith::ConstantOp>(def)) {
      // A dense_resource blob has a name (torch-mlir: the parameter's).
      auto blob = dyn_cast<DenseResourceElementsAttr>(cst.getValue());
      base = blob ? blob.getRawHandle().getKey().str() : "cst";
    } else if (auto global = def->getAttrOfType<SymbolRefAttr>("global")) {
      base = global.getLeafReference().str(); // ml_program.global_load
    }
    std::string label =
        names.unique(detail::nameFromLoc(def->getLoc()).value_or(base));
    Value cst =
        ConstantOp::create(builder, def->getLoc(), root.getType(), label);
    mapped[root] = cst;
    return cst;
  };

  for (const EinsumInfo &info : einsums) {
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (const EinsumAccess &access : info.inputs) {
      inputs.push_back(lookup(access.tensor));
      maps.push_back(access.map);
    }
    SmallVector<StringRef> rankNames(info.rankNames.begin(),
                                     info.rankNames.end());
    std::string label = names.unique(info.label);
    Operation *linalgOp = info.output.getDefiningOp();
    auto einsum = EinsumOp::create(
        builder, linalgOp->getLoc(), workloadType(info.output), label,
        rankNames, info.rankExtents, inputs, maps, info.outputMap);
    mapped[info.output] = einsum.getOutput();
    // A multi-output op is named by its first einsum.
    if (!linalgOp->hasAttr(OroDialect::kEinsumAttr))
      linalgOp->setAttr(OroDialect::kEinsumAttr, builder.getStringAttr(label));
  }

  SmallVector<Value> yielded;
  for (Value root : yieldRoots)
    yielded.push_back(lookup(root));
  YieldOp::create(builder, returnLoc, yielded);
}

/// What `dynamic-dims` binds: a size for every dynamic dimension, and sizes
/// for single (argument, dimension) pairs, which take precedence.
struct DimBindings {
  std::optional<int64_t> all;
  std::map<std::pair<unsigned, unsigned>, int64_t> one;
};

/// Parses `dynamic-dims` entries: `N` or `I.D=N`, N >= 1.
FailureOr<DimBindings> parseDimBindings(ArrayRef<std::string> entries,
                                        Location loc) {
  DimBindings bindings;
  for (const std::string &entry : entries) {
    StringRef text = StringRef(entry).trim();
    StringRef key, value = text;
    if (text.contains('='))
      std::tie(key, value) = text.split('=');
    int64_t size = 0;
    unsigned arg = 0, dim = 0;
    bool ok = !value.getAsInteger(10, size) && size >= 1;
    if (ok && !key.empty()) {
      auto [argText, dimText] = key.split('.');
      ok = !argText.getAsInteger(10, arg) && !dimText.getAsInteger(10, dim);
    }
    if (!ok) {
      emitError(loc) << "dynamic-dims entry '" << entry
                     << "' is neither 'N' nor 'ARG.DIM=N' with N >= 1";
      return failure();
    }
    if (key.empty())
      bindings.all = bindings.all.value_or(size);
    else
      bindings.one.try_emplace({arg, dim}, size);
  }
  return bindings;
}

/// Gives `func`'s arguments the static sizes `bindings` has for their
/// dynamic dimensions (uses see the old type through a `tensor.cast`),
/// records them as `oro.dynamic_dims`, and canonicalizes `func` so that the
/// sizes reach every op. Returns whether anything was bound.
bool bindDynamicDims(func::FuncOp func, const DimBindings &bindings) {
  MLIRContext *ctx = func.getContext();
  Block &entry = func.getBody().front();
  OpBuilder builder = OpBuilder::atBlockBegin(&entry);
  SmallVector<Type> inputs(func.getArgumentTypes());
  SmallVector<NamedAttribute> record;
  for (BlockArgument arg : entry.getArguments()) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || type.hasStaticShape())
      continue;
    SmallVector<int64_t> shape(type.getShape());
    bool changed = false;
    for (auto [d, size] : llvm::enumerate(shape)) {
      if (!ShapedType::isDynamic(size))
        continue;
      auto it = bindings.one.find({arg.getArgNumber(), d});
      std::optional<int64_t> bound =
          it != bindings.one.end() ? std::optional<int64_t>(it->second)
                                   : bindings.all;
      if (!bound)
        continue;
      size = *bound;
      changed = true;
      record.push_back(builder.getNamedAttr(
          "arg" + std::to_string(arg.getArgNumber()) + ".d" +
              std::to_string(d),
          builder.getI64IntegerAttr(*bound)));
    }
    if (!changed)
      continue;
    auto bound =
        RankedTensorType::get(shape, type.getElementType(), type.getEncoding());
    arg.setType(bound);
    inputs[arg.getArgNumber()] = bound;
    auto cast = tensor::CastOp::create(builder, arg.getLoc(), type, arg);
    arg.replaceAllUsesExcept(cast.getResult(), cast);
  }
  if (record.empty())
    return false;
  func.setType(FunctionType::get(ctx, inputs, func.getResultTypes()));
  func->setAttr(OroDialect::kDynamicDimsAttr,
                DictionaryAttr::get(ctx, record));
  return true;
}

class ConvertLinalgToOroPass
    : public impl::ConvertLinalgToOroPassBase<ConvertLinalgToOroPass> {
public:
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    // Calls are inlined before the import.
    func::registerInlinerExtension(registry);
    // Binding dynamic sizes creates tensor.cast, and canonicalization
    // arith.constant, in modules that may have neither.
    registry.insert<arith::ArithDialect, tensor::TensorDialect>();
  }

  /// Inlines every call of a function with a body (no simplification, so
  /// the rest of the module is untouched); callees left without callers
  /// are erased.
  LogicalResult inlineCalls(ModuleOp module) {
    bool any = false;
    module.walk([&](func::CallOp call) {
      auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
          call, call.getCalleeAttr());
      if (callee && !callee.isExternal()) {
        any = true;
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (!any)
      return success();
    OpPassManager pm(ModuleOp::getOperationName());
    pm.addPass(createInlinerPass({}, [](OpPassManager &) {}));
    return runPipeline(pm, module);
  }

  /// Binds `dynamic-dims` in every function with a body.
  LogicalResult bindDims(ModuleOp module) {
    if (dynamicDims.empty())
      return success();
    SmallVector<std::string> entries(dynamicDims.begin(), dynamicDims.end());
    FailureOr<DimBindings> bindings =
        parseDimBindings(entries, module.getLoc());
    if (failed(bindings))
      return failure();
    for (func::FuncOp func : module.getOps<func::FuncOp>()) {
      if (func.isExternal() || !llvm::hasSingleElement(func.getBody()) ||
          !bindDynamicDims(func, *bindings))
        continue;
      OpPassManager pm(func::FuncOp::getOperationName());
      pm.addPass(createCanonicalizerPass());
      if (failed(runPipeline(pm, func)))
        return failure();
    }
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    bool partial = allowPartial.getValue();
    if (failed(inlineCalls(module)) || failed(bindDims(module)))
      return signalPassFailure();

    bool failedAny = false;
    for (func::FuncOp func :
         llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
      if (func.isExternal())
        continue;
      std::string name = getWorkloadName(func.getSymName());
      if (Operation *existing = SymbolTable::lookupSymbolIn(module, name)) {
        if (isa<WorkloadOp>(existing))
          continue; // Converted before.
        func.emitError() << "cannot name the workload of @" << func.getSymName()
                         << " '" << name << "': the module already has a '"
                         << existing->getName() << "' of that name";
        failedAny = true;
        continue;
      }
      FuncImporter importer(func, partial);
      LogicalResult analyzed = importer.analyze();
      numSkippedOps += importer.getNumSkipped();
      if (failed(analyzed)) {
        failedAny |= !importer.skippedWholeFunction();
        continue;
      }
      importer.build();
      ++numWorkloads;
      numEinsums += importer.getNumEinsums();
    }
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
} // namespace oro
