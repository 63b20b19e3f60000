//===- OroOps.cpp - Operations of the oro dialect -------------------------===//
//
// Custom syntax and verifiers. The einsum syntax names its ranks and prints
// projections with those names (`ins(%x[n, c, 2*p + r])`); internally the
// projections are affine maps over the ranks in declaration order.
//
//===----------------------------------------------------------------------===//

#include "oro/Dialect/Oro/IR/OroOps.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace oro;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

unsigned oro::getElementBits(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped)
    return 0;
  Type elt = shaped.getElementType();
  if (auto complex = dyn_cast<ComplexType>(elt))
    elt = complex.getElementType();
  unsigned factor = isa<ComplexType>(shaped.getElementType()) ? 2 : 1;
  if (elt.isIndex())
    return 64 * factor;
  if (elt.isIntOrFloat())
    return elt.getIntOrFloatBitWidth() * factor;
  return 0;
}

bool oro::hasKnownElementBits(Type type) { return getElementBits(type) != 0; }

FailureOr<std::pair<SmallVector<ProjectionTerm, 2>, int64_t>>
oro::decomposeProjection(AffineExpr expr) {
  SmallVector<ProjectionTerm, 2> terms;
  int64_t constant = 0;
  // Iterative walk over the sum; only `+`, `dim * cst` and constants.
  SmallVector<AffineExpr, 4> stack{expr};
  while (!stack.empty()) {
    AffineExpr e = stack.pop_back_val();
    if (auto bin = dyn_cast<AffineBinaryOpExpr>(e)) {
      if (e.getKind() == AffineExprKind::Add) {
        stack.push_back(bin.getRHS());
        stack.push_back(bin.getLHS());
        continue;
      }
      if (e.getKind() == AffineExprKind::Mul) {
        auto dim = dyn_cast<AffineDimExpr>(bin.getLHS());
        auto cst = dyn_cast<AffineConstantExpr>(bin.getRHS());
        if (!dim) {
          dim = dyn_cast<AffineDimExpr>(bin.getRHS());
          cst = dyn_cast<AffineConstantExpr>(bin.getLHS());
        }
        if (!dim || !cst || cst.getValue() <= 0)
          return failure();
        terms.push_back({dim.getPosition(), cst.getValue()});
        continue;
      }
      return failure();
    }
    if (auto dim = dyn_cast<AffineDimExpr>(e)) {
      terms.push_back({dim.getPosition(), 1});
      continue;
    }
    if (auto cst = dyn_cast<AffineConstantExpr>(e)) {
      constant += cst.getValue();
      continue;
    }
    return failure();
  }
  if (constant < 0)
    return failure();
  // Merge repeated ranks (`m + m` is `2*m`).
  SmallVector<ProjectionTerm, 2> merged;
  for (ProjectionTerm t : terms) {
    auto it = llvm::find_if(
        merged, [&](const ProjectionTerm &m) { return m.rank == t.rank; });
    if (it != merged.end())
      it->coeff += t.coeff;
    else
      merged.push_back(t);
  }
  return std::make_pair(merged, constant);
}

/// Whether `name` is a bare identifier the einsum syntax can print.
static bool isIdentifier(StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name[0]) || name[0] == '_'))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// Print one projection dimension with rank names: `2*p + r + 1`.
static void printProjectionExpr(OpAsmPrinter &p, AffineExpr expr,
                                ArrayRef<Attribute> names) {
  auto decomposed = decomposeProjection(expr);
  if (failed(decomposed)) {
    // Unverifiable input; fall back to the raw affine expression.
    p << "(" << expr << ")";
    return;
  }
  auto &[terms, constant] = *decomposed;
  bool first = true;
  for (ProjectionTerm t : terms) {
    if (!first)
      p << " + ";
    first = false;
    if (t.coeff != 1)
      p << t.coeff << "*";
    if (t.rank < names.size())
      p << cast<StringAttr>(names[t.rank]).getValue();
    else
      p << "d" << t.rank;
  }
  if (constant != 0 || first) {
    if (!first)
      p << " + ";
    p << constant;
  }
}

/// Parse `[expr, expr, ...]` where expr := term (`+` term)*, term := int |
/// name | int `*` name | name `*` int.
static ParseResult parseProjection(OpAsmParser &parser,
                                   const llvm::StringMap<unsigned> &ranks,
                                   unsigned numRanks, AffineMap &map) {
  MLIRContext *ctx = parser.getContext();
  SmallVector<AffineExpr> results;
  auto parseTerm = [&](AffineExpr &term) -> ParseResult {
    llvm::SMLoc loc = parser.getCurrentLocation();
    int64_t coeff = 1;
    StringRef name;
    auto lookup = [&](StringRef n, AffineExpr &dim) -> ParseResult {
      auto it = ranks.find(n);
      if (it == ranks.end())
        return parser.emitError(loc) << "unknown rank '" << n
                                     << "' in projection";
      dim = getAffineDimExpr(it->second, ctx);
      return success();
    };
    OptionalParseResult intResult = parser.parseOptionalInteger(coeff);
    if (intResult.has_value()) {
      if (failed(*intResult))
        return failure();
      if (failed(parser.parseOptionalStar())) {
        term = getAffineConstantExpr(coeff, ctx);
        return success();
      }
      AffineExpr dim;
      if (parser.parseKeyword(&name) || lookup(name, dim))
        return failure();
      term = dim * coeff;
      return success();
    }
    AffineExpr dim;
    if (parser.parseKeyword(&name) || lookup(name, dim))
      return failure();
    if (succeeded(parser.parseOptionalStar())) {
      if (parser.parseInteger(coeff))
        return failure();
      term = dim * coeff;
      return success();
    }
    term = dim;
    return success();
  };
  if (parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square, [&]() -> ParseResult {
            AffineExpr sum;
            if (parseTerm(sum))
              return failure();
            while (succeeded(parser.parseOptionalPlus())) {
              AffineExpr term;
              if (parseTerm(term))
                return failure();
              sum = sum + term;
            }
            results.push_back(sum);
            return success();
          }))
    return failure();
  map = AffineMap::get(numRanks, 0, results, ctx);
  return success();
}

/// Names access `a` of `einsum` (inputs in operand order, then the output)
/// in a diagnostic, the way mapping positions are indexed.
static InFlightDiagnostic describeAccess(InFlightDiagnostic diag,
                                         EinsumOp einsum, unsigned a) {
  if (a < einsum.getInputs().size())
    diag << "input #" << a;
  else
    diag << "output";
  return diag;
}

//===----------------------------------------------------------------------===//
// WorkloadOp
//===----------------------------------------------------------------------===//

void WorkloadOp::build(OpBuilder &builder, OperationState &state,
                       StringRef name, FunctionType type) {
  state.addAttribute(SymbolTable::getSymbolAttrName(),
                     builder.getStringAttr(name));
  state.addAttribute(getFunctionTypeAttrName(state.name), TypeAttr::get(type));
  Region *body = state.addRegion();
  Block *block = new Block();
  body->push_back(block);
  for (Type t : type.getInputs())
    block->addArgument(t, state.location);
}

ParseResult WorkloadOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildFuncType =
      [](Builder &builder, ArrayRef<Type> argTypes, ArrayRef<Type> results,
         function_interface_impl::VariadicFlag,
         std::string &) { return builder.getFunctionType(argTypes, results); };
  return function_interface_impl::parseFunctionOp(
      parser, result, /*allowVariadic=*/false,
      getFunctionTypeAttrName(result.name), buildFuncType,
      getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
}

void WorkloadOp::print(OpAsmPrinter &p) {
  function_interface_impl::printFunctionOp(
      p, *this, /*isVariadic=*/false, getFunctionTypeAttrName(),
      getArgAttrsAttrName(), getResAttrsAttrName());
}

std::string WorkloadOp::getArgName(unsigned i) {
  if (auto name = getArgAttrOfType<StringAttr>(i, OroDialect::kNameAttr))
    return name.getValue().str();
  return "arg" + std::to_string(i);
}

void WorkloadOp::getAsmBlockArgumentNames(Region &region,
                                          OpAsmSetValueNameFn setNameFn) {
  if (region.empty())
    return;
  for (BlockArgument arg : region.front().getArguments())
    if (auto name = getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                 OroDialect::kNameAttr))
      setNameFn(arg, name.getValue());
}

bool WorkloadOp::isWeightArg(unsigned i) {
  return static_cast<bool>(getArgAttr(i, OroDialect::kWeightAttr));
}

YieldOp WorkloadOp::getYield() {
  return cast<YieldOp>(getBody().front().getTerminator());
}

LogicalResult WorkloadOp::verify() {
  FunctionType type = getFunctionType();
  for (auto [i, t] : llvm::enumerate(type.getInputs()))
    if (!isa<RankedTensorType>(t) || !cast<ShapedType>(t).hasStaticShape() ||
        !hasKnownElementBits(t))
      return emitOpError() << "argument #" << i << " has type " << t
                           << "; workload tensors must be statically shaped "
                              "with a sized element type";
  for (auto [i, t] : llvm::enumerate(type.getResults()))
    if (!isa<RankedTensorType>(t) || !cast<ShapedType>(t).hasStaticShape() ||
        !hasKnownElementBits(t))
      return emitOpError() << "result #" << i << " has type " << t
                           << "; workload tensors must be statically shaped "
                              "with a sized element type";
  return success();
}

/// Whether `einsum` is a member of fused group `group`.
static bool inGroup(EinsumOp einsum, int64_t group) {
  FusionAttr fusion = einsum ? einsum.getFusionAttr() : FusionAttr();
  return fusion && fusion.getGroup() == group;
}

/// Whether `einsum` maps access `a` as `fused`.
static bool isFusedAccess(EinsumOp einsum, unsigned a) {
  MappingAttr mapping = einsum.getMappingAttr();
  return mapping && a < mapping.getPositions().size() &&
         mapping.getPositions()[a] == MappingAttr::kFused;
}

/// The fused groups of a workload body, checked as a whole. The per-einsum
/// facts (`fusion` comes with a `mapping` that has at least `shared_loops`
/// loops over known ranks) are verified on the einsums, which MLIR checks
/// before this region verifier; they are still tested defensively here.
static LogicalResult verifyFusionGroups(Block &body) {
  // The first member of each group, by group number: the reference for the
  // shared loops and the level.
  SmallVector<EinsumOp> firsts;
  for (EinsumOp einsum : body.getOps<EinsumOp>()) {
    FusionAttr fusion = einsum.getFusionAttr();
    MappingAttr mapping = einsum.getMappingAttr();
    if (!fusion || !mapping)
      continue;
    int64_t group = fusion.getGroup();
    if (group >= static_cast<int64_t>(firsts.size())) {
      if (group != static_cast<int64_t>(firsts.size()))
        return einsum.emitOpError()
               << "starts fusion group " << group
               << " but the next group number is " << firsts.size()
               << " (groups are numbered in order of first appearance)";
      firsts.push_back(einsum);
      continue;
    }
    // Members iterate the shared loops together, so they must agree on the
    // buffer and on the index space of every shared loop.
    EinsumOp first = firsts[group];
    MappingAttr firstMapping = first.getMappingAttr();
    int64_t shared = first.getFusionAttr().getSharedLoops();
    if (fusion.getSharedLoops() != shared)
      return einsum.emitOpError()
             << "shares " << fusion.getSharedLoops() << " loops but einsum '"
             << first.getLabel() << "' of fusion group " << group << " shares "
             << shared;
    if (fusion.getSharesInputs() != first.getFusionAttr().getSharesInputs())
      return einsum.emitOpError()
             << (fusion.getSharesInputs() ? "shares" : "does not share")
             << " its group's inputs but einsum '" << first.getLabel()
             << "' of fusion group " << group
             << (fusion.getSharesInputs() ? " does not" : " does");
    if (mapping.getLevel() != firstMapping.getLevel())
      return einsum.emitOpError()
             << "is mapped onto level '" << mapping.getLevel().getValue()
             << "' but einsum '" << first.getLabel() << "' of fusion group "
             << group << " onto '" << firstMapping.getLevel().getValue() << "'";
    if (shared > static_cast<int64_t>(mapping.getLoopRanks().size()) ||
        shared > static_cast<int64_t>(firstMapping.getLoopRanks().size()))
      return failure(); // Reported by the einsum verifier.
    for (int64_t l = 0; l < shared; ++l) {
      std::optional<unsigned> rank =
          einsum.lookupRank(mapping.getLoopRanks()[l].getValue());
      std::optional<unsigned> firstRank =
          first.lookupRank(firstMapping.getLoopRanks()[l].getValue());
      if (!rank || !firstRank)
        return failure(); // Reported by the einsum verifier.
      int64_t tile = mapping.getLoopTiles()[l];
      int64_t firstTile = firstMapping.getLoopTiles()[l];
      int64_t extent = einsum.getRankExtents()[*rank];
      int64_t firstExtent = first.getRankExtents()[*firstRank];
      if (tile != firstTile || extent != firstExtent)
        return einsum.emitOpError()
               << "shared loop #" << l << " has tile " << tile
               << " over extent " << extent << " but in einsum '"
               << first.getLabel() << "' of fusion group " << group
               << " it has tile " << firstTile << " over extent "
               << firstExtent;
    }
  }

  // Groups run one after another, each after the producers of its inputs,
  // so a group need not be contiguous in the body, but the groups and the
  // einsums outside any group must depend on each other without a cycle
  // (then every group is convex: no path leaves it and comes back).
  {
    DenseMap<Operation *, unsigned> unitOf;
    SmallVector<EinsumOp> unitEinsum(firsts.begin(), firsts.end());
    for (EinsumOp einsum : body.getOps<EinsumOp>()) {
      FusionAttr fusion = einsum.getFusionAttr();
      if (fusion && einsum.getMappingAttr()) {
        unitOf[einsum] = fusion.getGroup();
      } else {
        unitOf[einsum] = unitEinsum.size();
        unitEinsum.push_back(einsum);
      }
    }
    unsigned numUnits = unitEinsum.size();
    std::vector<SmallVector<unsigned>> next(numUnits);
    std::vector<unsigned> indegree(numUnits, 0);
    for (EinsumOp einsum : body.getOps<EinsumOp>())
      for (Value input : einsum.getInputs())
        if (auto producer = input.getDefiningOp<EinsumOp>()) {
          unsigned from = unitOf[producer], to = unitOf[einsum];
          if (from != to) {
            next[from].push_back(to);
            ++indegree[to];
          }
        }
    SmallVector<unsigned> ready;
    for (unsigned u = 0; u < numUnits; ++u)
      if (indegree[u] == 0)
        ready.push_back(u);
    unsigned ran = 0;
    while (!ready.empty()) {
      unsigned u = ready.pop_back_val();
      ++ran;
      for (unsigned v : next[u])
        if (--indegree[v] == 0)
          ready.push_back(v);
    }
    if (ran != numUnits)
      for (unsigned u = 0; u < firsts.size(); ++u)
        if (indegree[u] != 0)
          return firsts[u].emitOpError()
                 << "starts fusion group " << u
                 << ", which cannot run after the producers of its inputs: "
                 << "fusion groups (and the einsums outside them) must not "
                 << "depend on each other in a cycle";
  }

  // A fused access names an internal intermediate of its group: produced by
  // a member, read by another member, and nowhere else, since it never
  // reaches the parent level. Every access to it is then fused.
  for (EinsumOp einsum : body.getOps<EinsumOp>()) {
    FusionAttr fusion = einsum.getFusionAttr();
    if (!fusion)
      continue;
    int64_t group = fusion.getGroup();
    unsigned numInputs = einsum.getInputs().size();
    for (unsigned i = 0; i < numInputs; ++i) {
      if (!isFusedAccess(einsum, i))
        continue;
      auto producer = einsum.getInputs()[i].getDefiningOp<EinsumOp>();
      if (!inGroup(producer, group))
        return einsum.emitOpError()
               << "input #" << i << " has position 'fused' but its tensor "
               << "is not produced by an einsum of fusion group " << group;
      if (!isFusedAccess(producer, producer.getInputs().size()))
        return einsum.emitOpError()
               << "input #" << i << " has position 'fused' but its producer '"
               << producer.getLabel() << "' does not map its output 'fused'";
    }
    if (!isFusedAccess(einsum, numInputs))
      continue;
    bool readInGroup = false;
    for (OpOperand &use : einsum.getOutput().getUses()) {
      Operation *user = use.getOwner();
      if (isa<YieldOp>(user))
        return einsum.emitOpError()
               << "output has position 'fused' but the workload yields it";
      auto reader = dyn_cast<EinsumOp>(user);
      if (!inGroup(reader, group))
        return einsum.emitOpError()
               << "output has position 'fused' but einsum '"
               << (reader ? reader.getLabel() : user->getName().getStringRef())
               << "' outside fusion group " << group << " reads it";
      if (!isFusedAccess(reader, use.getOperandNumber()))
        return einsum.emitOpError()
               << "output has position 'fused' but einsum '"
               << reader.getLabel() << "' reads it as input #"
               << use.getOperandNumber() << " without position 'fused'";
      readInGroup = true;
    }
    if (!readInGroup)
      return einsum.emitOpError()
             << "output has position 'fused' but no other einsum of fusion "
             << "group " << group << " reads it";
  }
  // A group that shares its inputs: each input two or more members read
  // through one whole rank per dimension (and no other input of theirs),
  // produced by no member, has one reservation, so its readers give it one
  // position, at most shared_loops (or all bypass it: a tensor placed to
  // bypass the buffer is not shared).
  llvm::MapVector<std::pair<int64_t, Value>,
                  SmallVector<std::pair<EinsumOp, unsigned>>>
      readersOf;
  for (EinsumOp einsum : body.getOps<EinsumOp>()) {
    FusionAttr fusion = einsum.getFusionAttr();
    if (!fusion || !fusion.getSharesInputs() || !einsum.getMappingAttr())
      continue;
    for (auto [i, input] : llvm::enumerate(einsum.getInputs())) {
      auto producer = input.getDefiningOp<EinsumOp>();
      if (inGroup(producer, fusion.getGroup()) ||
          llvm::count(einsum.getInputs(), input) != 1)
        continue;
      AffineMap map = einsum.getInputMap(i);
      auto shape = cast<ShapedType>(input.getType()).getShape();
      bool whole = map.getNumResults() == shape.size();
      for (unsigned d = 0; d < map.getNumResults() && whole; ++d) {
        auto dim = dyn_cast<AffineDimExpr>(map.getResult(d));
        whole = dim && dim.getPosition() < einsum.getNumRanks() &&
                einsum.getRankExtents()[dim.getPosition()] == shape[d];
      }
      if (whole)
        readersOf[{fusion.getGroup(), input}].push_back({einsum, i});
    }
  }
  for (auto &[key, readers] : readersOf) {
    if (readers.size() < 2)
      continue;
    auto positionOf = [](EinsumOp e, unsigned a) {
      ArrayRef<int64_t> positions = e.getMappingAttr().getPositions();
      return a < positions.size() ? positions[a] : MappingAttr::kBypass;
    };
    auto [first, firstAccess] = readers.front();
    int64_t p = positionOf(first, firstAccess);
    int64_t shared = first.getFusionAttr().getSharedLoops();
    for (auto [einsum, a] : readers) {
      int64_t q = positionOf(einsum, a);
      if (q != p)
        return einsum.emitOpError()
               << "reads input #" << a << " of fusion group " << key.first
               << ", which shares its inputs, at position " << q
               << " but einsum '" << first.getLabel() << "' at " << p;
    }
    if (p != MappingAttr::kBypass && (p < 0 || p > shared))
      return first.emitOpError()
             << "holds input #" << firstAccess << " shared in fusion group "
             << key.first << " at position " << p << ", below its " << shared
             << " shared loop(s)";
  }
  return success();
}

LogicalResult WorkloadOp::verifyRegions() {
  Block &body = getBody().front();
  if (body.getNumArguments() != getFunctionType().getNumInputs())
    return emitOpError() << "entry block has " << body.getNumArguments()
                         << " arguments but the signature has "
                         << getFunctionType().getNumInputs();
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield)
    return emitOpError() << "must end with 'oro.yield'";
  TypeRange yielded = yield.getResults().getTypes();
  if (yielded != TypeRange(getFunctionType().getResults()))
    return yield.emitOpError()
           << "yields " << yielded.size()
           << " values whose types do not match the workload results "
           << getFunctionType();
  // Tensor names (argument names and labels) are unique: reports name
  // tensors by them.
  llvm::StringMap<Operation *> labels;
  for (unsigned i = 0, e = body.getNumArguments(); i < e; ++i)
    if (auto name = getArgAttrOfType<StringAttr>(i, OroDialect::kNameAttr))
      if (!labels.try_emplace(name.getValue(), getOperation()).second)
        return emitOpError() << "argument name '" << name.getValue()
                             << "' is used twice";
  for (Operation &op : body) {
    StringRef label;
    if (auto einsum = dyn_cast<EinsumOp>(op))
      label = einsum.getLabel();
    else if (auto cst = dyn_cast<ConstantOp>(op))
      label = cst.getLabel();
    else if (!isa<YieldOp>(op))
      return op.emitOpError() << "is not allowed in an 'oro.workload'";
    if (label.empty())
      continue;
    auto [it, inserted] = labels.try_emplace(label, &op);
    if (!inserted)
      return op.emitOpError()
             << "label '" << label << "' is already used in workload @"
             << getSymName();
  }
  return verifyFusionGroups(body);
}

//===----------------------------------------------------------------------===//
// EinsumOp
//===----------------------------------------------------------------------===//

void EinsumOp::build(OpBuilder &builder, OperationState &state,
                     Type resultType, StringRef label,
                     ArrayRef<StringRef> rankNames,
                     ArrayRef<int64_t> rankExtents, ValueRange inputs,
                     ArrayRef<AffineMap> inputMaps, AffineMap outputMap) {
  build(builder, state, resultType, inputs, builder.getStringAttr(label),
        builder.getStrArrayAttr(rankNames),
        builder.getDenseI64ArrayAttr(rankExtents),
        builder.getAffineMapArrayAttr(inputMaps), AffineMapAttr::get(outputMap),
        /*mapping=*/nullptr, /*bounds=*/nullptr, /*fusion=*/nullptr,
        /*inner_mappings=*/nullptr);
}

void EinsumOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getOutput(), getLabel());
}

StringRef EinsumOp::getRankName(unsigned i) {
  return cast<StringAttr>(getRankNames()[i]).getValue();
}

std::optional<unsigned> EinsumOp::lookupRank(StringRef name) {
  for (unsigned i = 0, e = getRankNames().size(); i < e; ++i)
    if (getRankName(i) == name)
      return i;
  return std::nullopt;
}

AffineMap EinsumOp::getInputMap(unsigned i) {
  return cast<AffineMapAttr>(getInputMaps()[i]).getValue();
}

SmallVector<MappingAttr> EinsumOp::getLevelMappings() {
  SmallVector<MappingAttr> mappings;
  MappingAttr mapping = getMappingAttr();
  if (!mapping)
    return mappings;
  mappings.push_back(mapping);
  if (ArrayAttr inner = getInnerMappingsAttr())
    for (Attribute attr : inner)
      mappings.push_back(cast<MappingAttr>(attr));
  return mappings;
}

SmallVector<unsigned> EinsumOp::getReductionRanks() {
  llvm::SmallBitVector used(getNumRanks());
  for (AffineExpr e : getOutputMap().getResults())
    e.walk([&](AffineExpr sub) {
      if (auto dim = dyn_cast<AffineDimExpr>(sub))
        used.set(dim.getPosition());
    });
  SmallVector<unsigned> reductions;
  for (unsigned i = 0; i < getNumRanks(); ++i)
    if (!used.test(i))
      reductions.push_back(i);
  return reductions;
}

ParseResult EinsumOp::parse(OpAsmParser &parser, OperationState &result) {
  MLIRContext *ctx = parser.getContext();
  Builder &builder = parser.getBuilder();
  std::string label;
  if (parser.parseString(&label))
    return failure();

  SmallVector<StringRef> rankNames;
  SmallVector<int64_t> rankExtents;
  llvm::StringMap<unsigned> rankIndex;
  if (parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square, [&]() -> ParseResult {
            StringRef name;
            int64_t extent;
            if (parser.parseKeyword(&name) || parser.parseEqual() ||
                parser.parseInteger(extent))
              return failure();
            rankIndex.try_emplace(name, rankNames.size());
            rankNames.push_back(name);
            rankExtents.push_back(extent);
            return success();
          }))
    return failure();

  SmallVector<OpAsmParser::UnresolvedOperand> operands;
  SmallVector<AffineMap> inputMaps;
  if (parser.parseKeyword("ins") ||
      parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Paren, [&]() -> ParseResult {
            OpAsmParser::UnresolvedOperand operand;
            AffineMap map;
            if (parser.parseOperand(operand) ||
                parseProjection(parser, rankIndex, rankNames.size(), map))
              return failure();
            operands.push_back(operand);
            inputMaps.push_back(map);
            return success();
          }))
    return failure();

  AffineMap outputMap;
  if (parser.parseKeyword("outs") ||
      parseProjection(parser, rankIndex, rankNames.size(), outputMap))
    return failure();

  if (parser.parseOptionalAttrDict(result.attributes))
    return failure();

  SmallVector<Type> inputTypes;
  Type resultType;
  llvm::SMLoc typesLoc = parser.getCurrentLocation();
  if (parser.parseColon() || parser.parseLParen())
    return failure();
  if (failed(parser.parseOptionalRParen())) {
    if (parser.parseTypeList(inputTypes) || parser.parseRParen())
      return failure();
  }
  if (parser.parseArrow())
    return failure();
  if (succeeded(parser.parseOptionalLParen()))
    return parser.emitError(parser.getCurrentLocation(),
                            "an einsum has exactly one output tensor");
  if (parser.parseType(resultType))
    return failure();
  if (parser.resolveOperands(operands, inputTypes, typesLoc, result.operands))
    return failure();

  result.addAttribute(getLabelAttrName(result.name),
                      builder.getStringAttr(label));
  result.addAttribute(getRankNamesAttrName(result.name),
                      builder.getStrArrayAttr(rankNames));
  result.addAttribute(getRankExtentsAttrName(result.name),
                      builder.getDenseI64ArrayAttr(rankExtents));
  result.addAttribute(getInputMapsAttrName(result.name),
                      builder.getAffineMapArrayAttr(inputMaps));
  result.addAttribute(getOutputMapAttrName(result.name),
                      AffineMapAttr::get(outputMap));
  result.addTypes(resultType);
  (void)ctx;
  return success();
}

void EinsumOp::print(OpAsmPrinter &p) {
  p << " ";
  p.printString(getLabel());
  p << " [";
  ArrayRef<Attribute> names = getRankNames().getValue();
  for (unsigned i = 0, e = getNumRanks(); i < e; ++i) {
    if (i)
      p << ", ";
    p << getRankName(i) << " = " << getRankExtents()[i];
  }
  p << "] ins(";
  for (unsigned i = 0, e = getInputs().size(); i < e; ++i) {
    if (i)
      p << ", ";
    p << getInputs()[i] << "[";
    AffineMap map = getInputMap(i);
    llvm::interleaveComma(map.getResults(), p, [&](AffineExpr expr) {
      printProjectionExpr(p, expr, names);
    });
    p << "]";
  }
  p << ") outs[";
  llvm::interleaveComma(getOutputMap().getResults(), p, [&](AffineExpr expr) {
    printProjectionExpr(p, expr, names);
  });
  p << "]";
  p.printOptionalAttrDict(
      (*this)->getAttrs(),
      {getLabelAttrName(), getRankNamesAttrName(), getRankExtentsAttrName(),
       getInputMapsAttrName(), getOutputMapAttrName()});
  p << " : (";
  llvm::interleaveComma(getInputs().getTypes(), p);
  p << ") -> " << getOutput().getType();
}

/// Range [lo, hi] of a decomposed projection over the rank extents.
static std::pair<int64_t, int64_t>
projectionRange(ArrayRef<ProjectionTerm> terms, int64_t constant,
                ArrayRef<int64_t> extents) {
  // Extents are verified positive; saturate to avoid overflow on absurd input.
  int64_t hi = constant;
  for (ProjectionTerm t : terms) {
    int64_t step;
    if (llvm::MulOverflow(t.coeff, extents[t.rank] - 1, step) ||
        llvm::AddOverflow(hi, step, hi))
      return {constant, INT64_MAX};
  }
  return {constant, hi};
}

/// Streams how diagnostics name mapping `k` of an einsum's level mappings:
/// `mapping` for its `mapping` (k = 0), `inner mapping #<k-1>` otherwise.
static InFlightDiagnostic describeMapping(InFlightDiagnostic diag,
                                          unsigned k) {
  if (k == 0)
    diag << "mapping";
  else
    diag << "inner mapping #" << k - 1;
  return diag;
}

/// Checks one level mapping (`k` as in describeMapping) against the ranks
/// and accesses of `einsum`: every loop is over a known rank with a tile
/// within its extent, and there is one position per access. The attribute
/// verifier has already checked what does not depend on the einsum (one
/// loop per rank, positive tiles, positions within the loops).
static LogicalResult verifyMappingOnEinsum(EinsumOp einsum,
                                           MappingAttr mapping, unsigned k) {
  ArrayRef<int64_t> extents = einsum.getRankExtents();
  for (auto [rank, tile] :
       llvm::zip(mapping.getLoopRanks(), mapping.getLoopTiles())) {
    std::optional<unsigned> r = einsum.lookupRank(rank.getValue());
    if (!r)
      return describeMapping(einsum.emitOpError(), k)
             << " loops over unknown rank '" << rank.getValue() << "'";
    if (tile > extents[*r])
      return describeMapping(einsum.emitOpError(), k)
             << " tile " << tile << " of rank '" << rank.getValue()
             << "' exceeds its extent " << extents[*r];
  }
  size_t numAccesses = einsum.getInputs().size() + 1;
  if (mapping.getPositions().size() != numAccesses)
    return describeMapping(einsum.emitOpError(), k)
           << " has " << mapping.getPositions().size()
           << " positions but the einsum has " << numAccesses << " accesses";
  return success();
}

/// Checks the `inner_mappings` of `einsum` (its `mapping` is verified):
/// each passes the checks of `mapping`, has no `fused` position, names a
/// level of its own, and works inside the tiles of the levels above it.
static LogicalResult verifyInnerMappings(EinsumOp einsum) {
  ArrayAttr inner = einsum.getInnerMappingsAttr();
  if (!inner)
    return success();
  if (!einsum.getMappingAttr())
    return einsum.emitOpError() << "'inner_mappings' requires a 'mapping'";
  SmallVector<MappingAttr> mappings = einsum.getLevelMappings();
  // Per level name, the index (as in describeMapping) of the mapping that
  // first names it.
  llvm::StringMap<unsigned> levels;
  levels.try_emplace(mappings[0].getLevel().getValue(), 0);
  for (unsigned k = 1, e = mappings.size(); k < e; ++k) {
    MappingAttr mapping = mappings[k];
    if (failed(verifyMappingOnEinsum(einsum, mapping, k)))
      return failure();
    // Fusion scopes a tile by the group's shared loops, which are loops of
    // `mapping` only.
    for (auto [a, pos] : llvm::enumerate(mapping.getPositions()))
      if (pos == MappingAttr::kFused)
        return describeAccess(describeMapping(einsum.emitOpError(), k)
                                  << " gives ",
                              einsum, a)
               << " position 'fused', which only 'mapping' may use";
    auto [it, inserted] = levels.try_emplace(mapping.getLevel().getValue(), k);
    if (!inserted)
      return describeMapping(describeMapping(einsum.emitOpError(), k)
                                 << " maps onto level '"
                                 << mapping.getLevel().getValue()
                                 << "' already mapped by ",
                             it->second);
    // A level works inside the tile the levels above it leave: the nearest
    // outer segment with a loop over the rank bounds its tile.
    for (auto [rank, tile] :
         llvm::zip(mapping.getLoopRanks(), mapping.getLoopTiles())) {
      for (unsigned j = k; j-- > 0;) {
        ArrayRef<StringAttr> outerRanks = mappings[j].getLoopRanks();
        const auto *loop = llvm::find(outerRanks, rank);
        if (loop == outerRanks.end())
          continue;
        int64_t outerTile =
            mappings[j].getLoopTiles()[loop - outerRanks.begin()];
        if (tile > outerTile)
          return describeMapping(describeMapping(einsum.emitOpError(), k)
                                     << " tile " << tile << " of rank '"
                                     << rank.getValue()
                                     << "' exceeds its tile " << outerTile
                                     << " in ",
                                 j);
        break;
      }
    }
  }
  return success();
}

LogicalResult EinsumOp::verify() {
  if (getLabel().empty())
    return emitOpError() << "label must not be empty";
  ArrayRef<int64_t> extents = getRankExtents();
  unsigned numRanks = extents.size();
  if (getRankNames().size() != numRanks)
    return emitOpError() << "has " << getRankNames().size()
                         << " rank names but " << numRanks << " extents";
  llvm::StringSet<> seen;
  for (unsigned i = 0; i < numRanks; ++i) {
    StringRef name = getRankName(i);
    if (!isIdentifier(name))
      return emitOpError() << "rank name '" << name
                           << "' is not an identifier";
    if (!seen.insert(name).second)
      return emitOpError() << "rank '" << name << "' is declared twice";
    if (extents[i] < 1)
      return emitOpError() << "extent " << extents[i] << " of rank '" << name
                           << "' must be positive";
  }
  if (getInputMaps().size() != getInputs().size())
    return emitOpError() << "has " << getInputs().size() << " inputs but "
                         << getInputMaps().size() << " input projections";

  llvm::SmallBitVector used(numRanks);
  // An output may cover part of its tensor, at an offset or not: a partial
  // write (a padding copy) fills part of a larger tensor whose rest is
  // initialization.
  auto checkAccess = [&](AffineMap map, ShapedType type, bool isOutput,
                         unsigned index) -> LogicalResult {
    auto describe = [&](InFlightDiagnostic diag) -> InFlightDiagnostic {
      if (isOutput)
        diag << "output";
      else
        diag << "input #" << index;
      return diag;
    };
    if (map.getNumDims() != numRanks || map.getNumSymbols() != 0)
      return describe(emitOpError())
             << " projection must use the " << numRanks
             << " ranks and no symbols";
    if (map.getNumResults() != static_cast<unsigned>(type.getRank()))
      return describe(emitOpError())
             << " projection has " << map.getNumResults()
             << " dimensions but the tensor has rank " << type.getRank();
    llvm::SmallBitVector outputRanks(numRanks);
    for (auto [d, expr] : llvm::enumerate(map.getResults())) {
      auto decomposed = decomposeProjection(expr);
      if (failed(decomposed))
        return describe(emitOpError())
               << " dimension " << d
               << " is not a sum of positive multiples of ranks plus a "
                  "non-negative constant";
      auto &[terms, constant] = *decomposed;
      for (ProjectionTerm t : terms)
        used.set(t.rank);
      int64_t size = type.getDimSize(d);
      auto [lo, hi] = projectionRange(terms, constant, extents);
      if (isOutput) {
        bool rankDim = terms.size() == 1 && terms[0].coeff == 1;
        if (!rankDim && !terms.empty())
          return emitOpError() << "output dimension " << d
                               << " must be a rank, a rank plus an offset, "
                                  "or a constant";
        if (rankDim) {
          if (outputRanks.test(terms[0].rank))
            return emitOpError() << "output indexes rank '"
                                 << getRankName(terms[0].rank) << "' twice";
          outputRanks.set(terms[0].rank);
        }
        if (hi >= size)
          return emitOpError() << "output dimension " << d << " writes index "
                               << hi << " but the tensor has size " << size;
        continue;
      }
      if (hi >= size)
        return describe(emitOpError())
               << " dimension " << d << " reads index up to " << hi
               << " but the tensor has size " << size;
      (void)lo;
    }
    return success();
  };
  for (auto [i, input] : llvm::enumerate(getInputs()))
    if (failed(checkAccess(getInputMap(i), cast<ShapedType>(input.getType()),
                           /*isOutput=*/false, i)))
      return failure();
  if (failed(checkAccess(getOutputMap(),
                         cast<ShapedType>(getOutput().getType()),
                         /*isOutput=*/true, 0)))
    return failure();
  for (unsigned i = 0; i < numRanks; ++i)
    if (!used.test(i))
      return emitOpError() << "rank '" << getRankName(i)
                           << "' is not used by any projection";

  MappingAttr mapping = getMappingAttr();
  if (mapping) {
    if (failed(verifyMappingOnEinsum(*this, mapping, /*k=*/0)))
      return failure();
    // A fused access has no reservation of its own: its tile is scoped by
    // the group's shared loops, which only `fusion` defines.
    if (!getFusionAttr())
      for (auto [a, pos] : llvm::enumerate(mapping.getPositions()))
        if (pos == MappingAttr::kFused)
          return describeAccess(emitOpError(), *this, a)
                 << " has position 'fused' but the einsum has no 'fusion' "
                    "attribute";
  }
  if (FusionAttr fusion = getFusionAttr()) {
    // The shared loops are the outermost loops of the mapping.
    if (!mapping)
      return emitOpError() << "'fusion' requires a 'mapping'";
    if (fusion.getSharedLoops() >
        static_cast<int64_t>(mapping.getLoopRanks().size()))
      return emitOpError() << "fusion shares " << fusion.getSharedLoops()
                           << " loops but the mapping has "
                           << mapping.getLoopRanks().size();
  }
  // A rank with two loops: a shared rank tiled again below the shared
  // loops, inside a shared tile that divides its extent (FusionModel.h,
  // "Re-tiling").
  if (mapping) {
    int64_t shared = getFusionAttr() ? getFusionAttr().getSharedLoops() : 0;
    ArrayRef<StringAttr> ranks = mapping.getLoopRanks();
    ArrayRef<int64_t> tiles = mapping.getLoopTiles();
    ArrayRef<int64_t> extents = getRankExtents();
    for (unsigned l = 0; l < ranks.size(); ++l)
      for (unsigned o = 0; o < l; ++o) {
        if (ranks[o] != ranks[l])
          continue;
        if (static_cast<int64_t>(o) >= shared ||
            static_cast<int64_t>(l) < shared)
          return emitOpError()
                 << "mapping tiles rank '" << ranks[l].getValue()
                 << "' twice, which only a shared loop and a loop below "
                    "the group's shared loops may";
        int64_t extent = extents[*lookupRank(ranks[l].getValue())];
        if (extent % tiles[o] != 0)
          return emitOpError() << "mapping tiles rank '" << ranks[l].getValue()
                               << "' again inside a shared tile of " << tiles[o]
                               << " that does not divide its extent " << extent;
      }
  }
  return verifyInnerMappings(*this);
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

void ConstantOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), getLabel());
}

LogicalResult ConstantOp::verify() {
  if (getLabel().empty())
    return emitOpError() << "label must not be empty";
  return success();
}

#define GET_OP_CLASSES
#include "oro/Dialect/Oro/IR/OroOps.cpp.inc"
