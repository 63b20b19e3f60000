//===- EmitTransform.cpp - Mappings as a transform-dialect script ---------===//
//
// `--oro-emit-transform`: writes the tiling and fusion that
// `--oro-map-search` chose as a transform-dialect script
// (`transform.structured.*` ops) that upstream
// `mlir-opt --transform-interpreter` applies to the Linalg functions.
// The script is built by `buildTransformScript` (TransformScript.h), which
// `--oro-apply-mapping` (ApplyMapping.cpp) also uses to apply the same
// script in-process.
//
// Every einsum with a `mapping` whose source is a Linalg op with one loop per
// rank (rank i is loop dimension i: `--convert-linalg-to-oro` names ranks
// per loop and only adds ranks when a collapse_shape forces a split) becomes:
//
//   - a match of its Linalg op by the `oro.einsum` label, inside its function
//     (labels are unique per workload, not per module);
//   - per loop segment (the `mapping`, then each of the `inner_mappings`),
//     one `tile_using_for` with the segment's tile sizes per loop dimension
//     (0 = not tiled in that segment) and an `interchange` putting the loops
//     in the mapping's order. The first `spatial` loops of a segment become
//     one `tile_using_forall` (the instances of the level run in parallel),
//     unless one of them is a reduction, then they stay `scf.for` loops.
//
// A fused group (`#oro.fusion`, shared_loops S > 0) tiles its last einsum
// (the consumer) by the S shared loops, fuses the other members into the
// innermost shared loop with `fuse_into_containing_op` (last to first; a
// member's `linalg.fill` init is fused after it so the intermediate's tile is
// initialized inside the loop), and then tiles every member by its own loops
// (loops S.. of its `mapping`) and its inner mappings.
//
// The tile sizes are the mapping's, so partial last tiles are common; the
// upstream tiling handles them (affine.min bounds). `positions` (which level
// keeps which tile) have no counterpart here: the script reproduces the loop
// nests, not the buffer placement.
//
// Einsums that cannot be matched this way are skipped with a remark at their
// location: padding copies (no Linalg op), einsums whose ranks were split
// and einsums whose function cannot be found. A fused group with a skipped
// member, or a member that does not feed a later member directly, is tiled
// unfused (with a remark).
//
//===----------------------------------------------------------------------===//

#include "oro/Transforms/Passes.h"
#include "OutputFile.h"
#include "TransformScript.h"
#include "oro/Conversion/LinalgToOro/LinalgToOro.h"
#include "oro/Dialect/Oro/IR/OroOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InterleavedRange.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

namespace oro {
#define GEN_PASS_DEF_EMITTRANSFORMPASS
#include "oro/Transforms/Passes.h.inc"
} // namespace oro

using namespace mlir;
using namespace oro;

namespace {

constexpr StringLiteral kAnyOp = "!transform.any_op";

/// One loop of a segment: the Linalg loop dimension and its tile size.
struct Loop {
  unsigned dim;
  int64_t tile;
  StringRef rank;
};

/// An einsum whose Linalg op the script can tile.
struct Target {
  // Op handles are pointers; their accessors are not const.
  mutable EinsumOp einsum;
  mutable linalg::LinalgOp op;
  /// SSA name of the handle matched for it.
  std::string handle;
};

/// Writes the body of `@__transform_main`, handing out SSA names.
class ScriptWriter {
public:
  ScriptWriter(raw_ostream &os, bool withLocations)
      : os(os), withLocations(withLocations) {}

  /// The payload location the next ops are about.
  void at(Location location) { loc = location; }

  /// Ends an op: its location (when asked for), then the line.
  void end() {
    if (withLocations && loc)
      os << " " << *loc;
    os << "\n";
  }

  std::string fresh(StringRef prefix) {
    return ("%" + prefix + Twine(counters[prefix]++)).str();
  }

  raw_ostream &line() { return os.indent(4); }
  /// The rest of the current line.
  raw_ostream &raw() { return os; }

  /// Tiles `handle` (an op with `numDims` loops) by `loops`, outermost first,
  /// with one `tile_using_forall` when `forall`, else one `tile_using_for`.
  /// Returns the tiled op and the innermost loop.
  std::pair<std::string, std::string> tile(StringRef handle, unsigned numDims,
                                           ArrayRef<Loop> loops, bool forall) {
    SmallVector<int64_t> sizes(numDims, 0);
    SmallVector<int64_t> interchange;
    for (const Loop &loop : loops) {
      sizes[loop.dim] = loop.tile;
      interchange.push_back(loop.dim);
    }
    for (unsigned d = 0; d < numDims; ++d)
      if (!llvm::is_contained(interchange, d))
        interchange.push_back(d);
    bool identity = llvm::equal(interchange, llvm::seq<int64_t>(0, numDims));

    std::string tiled = fresh("tiled");
    std::string loopsName = fresh(forall ? "forall" : "loops");
    line() << "// " << (forall ? "spatial" : "temporal") << " loops ";
    llvm::interleaveComma(loops, os, [&](const Loop &loop) {
      os << loop.rank << " : " << loop.tile;
    });
    os << "\n";
    if (forall) {
      line() << tiled << ", " << loopsName
             << " = transform.structured.tile_using_forall " << handle
             << " tile_sizes [" << llvm::interleaved(sizes, ", ") << "] : ("
             << kAnyOp << ") -> (" << kAnyOp << ", " << kAnyOp << ")";
      end();
      return {tiled, loopsName};
    }
    line() << tiled << ", " << loopsName << ":" << loops.size()
           << " = transform.structured.tile_using_for " << handle
           << " tile_sizes [" << llvm::interleaved(sizes, ", ") << "]";
    if (!identity)
      os << " interchange = [" << llvm::interleaved(interchange, ", ") << "]";
    os << " : (" << kAnyOp << ") -> (" << kAnyOp;
    for (size_t i = 0; i < loops.size(); ++i)
      os << ", " << kAnyOp;
    os << ")";
    end();
    return {tiled, loopsName + "#" + std::to_string(loops.size() - 1)};
  }

private:
  raw_ostream &os;
  bool withLocations;
  std::optional<Location> loc;
  llvm::StringMap<unsigned> counters;
};


/// Builds the body of `@__transform_main`, workload by workload.
class ScriptBuilder {
public:
  ScriptBuilder(ScriptWriter &w, MLIRContext *context,
                TransformScriptStats &stats, MatchBy matchBy)
      : w(w), context(context), stats(stats), matchBy(matchBy) {}

  /// Emits one workload's part of the script.
  void emitWorkload(WorkloadOp workload, ModuleOp module);

private:
  /// Why `einsum` cannot be tiled through `op`, or empty when it can.
  static std::string whyNot(EinsumOp einsum, Operation *op);
  /// Emits the segment `[begin, end)` of `mapping`'s loops on `handle`:
  /// the spatial loops among them as one forall (when none is a reduction),
  /// then the temporal ones. Returns the tiled op and the innermost loop
  /// (empty when the segment has no loop).
  std::pair<std::string, std::string> emitSegment(const Target &target,
                                                  StringRef handle,
                                                  MappingAttr mapping,
                                                  unsigned begin, unsigned end);
  /// Emits the loops of `target` below its first `skip` level-1 loops (the
  /// fused group's shared ones) and its inner mappings, after a comment
  /// naming the einsum (and `where`) when there is any loop to emit.
  void emitOwnLoops(const Target &target, StringRef handle, unsigned skip,
                    StringRef where);

  /// The handle of `op` matched by position in `func` (`funcHandle`):
  /// one match per op name, split into one handle per op.
  std::string positionHandle(Operation *func, StringRef funcHandle,
                             Operation *op);

  ScriptWriter &w;
  MLIRContext *context;
  TransformScriptStats &stats;
  MatchBy matchBy;
  /// Per op name in the current function: the split handles' name.
  llvm::StringMap<std::string> splitHandles;
};

std::string ScriptBuilder::positionHandle(Operation *func,
                                          StringRef funcHandle,
                                          Operation *op) {
  // `transform.structured.match` lists ops in `Operation::walk` order.
  StringRef name = op->getName().getStringRef();
  SmallVector<Operation *> same;
  func->walk([&](Operation *x) {
    if (x->getName() == op->getName())
      same.push_back(x);
  });
  unsigned index = llvm::find(same, op) - same.begin();
  auto [it, inserted] = splitHandles.try_emplace(name, "");
  if (inserted) {
    std::string all = w.fresh("all");
    it->second = w.fresh("ops");
    w.at(func->getLoc());
    w.line() << all << " = transform.structured.match ops{[\"" << name
             << "\"]} in " << funcHandle << " : (" << kAnyOp << ") -> "
             << kAnyOp;
    w.end();
    w.line() << it->second << ":" << same.size() << " = transform.split_handle "
             << all << " : (" << kAnyOp << ") -> (";
    for (unsigned i = 0; i < same.size(); ++i)
      w.raw() << (i ? ", " : "") << kAnyOp;
    w.raw() << ")";
    w.end();
  }
  return it->second + "#" + std::to_string(index);
}

std::string ScriptBuilder::whyNot(EinsumOp einsum, Operation *op) {
  if (!op)
    return "no op in the function carries its label";
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp)
    return ("its source is a '" + op->getName().getStringRef() +
            "', not a Linalg op (a padding copy)")
        .str();
  if (!linalgOp.hasPureTensorSemantics())
    return "its Linalg op does not work on tensors";
  if (linalgOp.getNumLoops() != einsum.getNumRanks())
    return "its ranks do not map 1:1 onto the loops of its Linalg op (a rank "
           "was split to read through a collapse_shape)";
  SmallVector<int64_t> ranges = linalgOp.getStaticLoopRanges();
  if (!llvm::equal(ranges, einsum.getRankExtents()))
    return "the extents of its ranks differ from the loop ranges of its "
           "Linalg op";
  return "";
}

std::pair<std::string, std::string>
ScriptBuilder::emitSegment(const Target &target, StringRef handle,
                           MappingAttr mapping, unsigned begin,
                           unsigned end) {
  w.at(target.op->getLoc());
  unsigned numDims = target.op.getNumLoops();
  SmallVector<utils::IteratorType> iterators =
      target.op.getIteratorTypesArray();
  auto loopAt = [&](unsigned i) {
    StringRef rank = mapping.getLoopRanks()[i].getValue();
    unsigned dim = *target.einsum.lookupRank(rank);
    return Loop{dim, mapping.getLoopTiles()[i], rank};
  };
  SmallVector<Loop> spatial, temporal;
  for (unsigned i = begin; i < end; ++i)
    (mapping.isSpatialLoop(i) ? spatial : temporal).push_back(loopAt(i));
  bool forall = !spatial.empty() && llvm::all_of(spatial, [&](const Loop &l) {
    return iterators[l.dim] == utils::IteratorType::parallel;
  });
  if (!forall) {
    // A spatial reduction (never chosen by the search) stays sequential.
    temporal.insert(temporal.begin(), spatial.begin(), spatial.end());
    spatial.clear();
  }

  std::string current = handle.str(), innermost;
  if (!spatial.empty())
    std::tie(current, innermost) = w.tile(current, numDims, spatial, true);
  if (!temporal.empty())
    std::tie(current, innermost) = w.tile(current, numDims, temporal, false);
  return {current, innermost};
}

void ScriptBuilder::emitOwnLoops(const Target &target, StringRef handle,
                                 unsigned skip, StringRef where) {
  SmallVector<MappingAttr> levels = target.einsum.getLevelMappings();
  std::string current = handle.str();
  bool named = false;
  for (auto [i, mapping] : llvm::enumerate(levels)) {
    unsigned begin = i == 0 ? skip : 0;
    if (begin >= mapping.getNumLoops())
      continue;
    if (!named)
      w.line() << "// einsum \"" << target.einsum.getLabel() << "\"" << where
               << "\n";
    named = true;
    w.line() << "// level \"" << mapping.getLevel().getValue() << "\"\n";
    current =
        emitSegment(target, current, mapping, begin, mapping.getNumLoops())
            .first;
  }
}

void ScriptBuilder::emitWorkload(WorkloadOp workload, ModuleOp module) {
  splitHandles.clear();
  SmallVector<EinsumOp> mapped;
  for (EinsumOp einsum : workload.getBody().getOps<EinsumOp>())
    if (einsum.getMappingAttr())
      mapped.push_back(einsum);
  if (mapped.empty())
    return;

  // The function is named by `oro.source` (set by the import and
  // verified); workloads written without it fall back to the name suffix
  // `<func>_workload`.
  StringRef name = workload.getSymName();
  Operation *func = nullptr;
  if (auto source = workload->getAttrOfType<FlatSymbolRefAttr>(
          OroDialect::kSourceAttr)) {
    name = source.getValue();
    func = SymbolTable::lookupSymbolIn(module, source.getAttr());
  } else if (name.consume_back("_workload")) {
    func = SymbolTable::lookupSymbolIn(module, name);
  }
  if (!isa_and_nonnull<func::FuncOp>(func)) {
    workload.emitRemark()
        << "no function '" << name
        << "' holds the Linalg ops of this workload; its einsums are skipped";
    stats.skipped += mapped.size();
    return;
  }

  // The labelled ops of the function.
  llvm::StringMap<Operation *> byLabel;
  func->walk([&](Operation *op) {
    if (auto label = op->getAttrOfType<StringAttr>(OroDialect::kEinsumAttr))
      byLabel[label.getValue()] = op;
  });

  std::string funcHandle = w.fresh("func");
  w.at(func->getLoc());
  w.line() << "// @" << name << "\n";
  w.line() << funcHandle
           << " = transform.structured.match ops{[\"func.func\"]} "
              "attributes {sym_name = "
           << StringAttr::get(context, name) << "} in %root : ("
           << kAnyOp << ") -> " << kAnyOp;
  w.end();

  // Match every target first: tiling replaces ops, fusion may clone them.
  llvm::MapVector<Operation *, Target> targets;
  for (EinsumOp einsum : mapped) {
    Operation *op = byLabel.lookup(einsum.getLabel());
    std::string why = whyNot(einsum, op);
    if (!why.empty()) {
      einsum.emitRemark() << "einsum '" << einsum.getLabel()
                          << "' is skipped: " << why;
      ++stats.skipped;
      continue;
    }
    if (matchBy == MatchBy::Position) {
      targets[einsum] = Target{einsum, cast<linalg::LinalgOp>(op),
                               positionHandle(func, funcHandle, op)};
      continue;
    }
    Target target{einsum, cast<linalg::LinalgOp>(op), w.fresh("op")};
    w.at(op->getLoc());
    w.line() << target.handle << " = transform.structured.match attributes "
             << "{" << OroDialect::kEinsumAttr << " = "
             << StringAttr::get(context, einsum.getLabel()) << "} in "
             << funcHandle << " : (" << kAnyOp << ") -> " << kAnyOp;
    w.end();
    targets[einsum] = std::move(target);
  }

  // Fused groups with shared loops, in program order.
  llvm::MapVector<int64_t, SmallVector<EinsumOp>> groups;
  for (EinsumOp einsum : mapped)
    if (FusionAttr fusion = einsum.getFusionAttr())
      if (fusion.getSharedLoops() > 0)
        groups[fusion.getGroup()].push_back(einsum);

  llvm::SmallPtrSet<Operation *, 8> done;
  bool anyFused = false;
  for (auto &[group, members] : groups) {
    if (members.size() < 2)
      continue;
    auto skipped = llvm::find_if(members, [&](EinsumOp e) {
      return !targets.count(e);
    });
    if (skipped != members.end()) {
      members.front().emitRemark()
          << "fused group " << group << " is tiled unfused: its einsum '"
          << skipped->getLabel() << "' is skipped";
      continue;
    }
    unsigned shared =
        members.front().getFusionAttr().getSharedLoops();
    const Target &consumer = targets[members.back()];

    // Members fused into the shared loops: the consumer, then (last to
    // first) every member whose result a fused member reads directly.
    llvm::SmallPtrSet<Operation *, 8> inLoop{consumer.op.getOperation()};
    SmallVector<const Target *> producers;
    for (EinsumOp member : llvm::reverse(ArrayRef(members).drop_back())) {
      const Target &t = targets[member];
      bool feeds = llvm::any_of(t.op.getOperation()->getUsers(), [&](Operation *user) {
        return inLoop.contains(user);
      });
      if (!feeds) {
        member.emitRemark()
            << "einsum '" << member.getLabel() << "' of fused group " << group
            << " feeds no later member directly; it is tiled unfused";
        continue;
      }
      inLoop.insert(t.op.getOperation());
      producers.push_back(&t);
    }
    if (producers.empty())
      continue;

    w.line() << "// fused group " << group << ": consumer \""
             << consumer.einsum.getLabel() << "\", " << shared
             << " shared loop(s)\n";
    // The fills initializing the producers' outputs, taken before tiling.
    SmallVector<std::string> fills;
    for (const Target *p : producers) {
      OpOperand *init = p->op.getDpsInitOperand(0);
      if (!isa_and_nonnull<linalg::FillOp>(init->get().getDefiningOp())) {
        fills.push_back("");
        continue;
      }
      fills.push_back(w.fresh("fill"));
      w.at(init->get().getDefiningOp()->getLoc());
      w.line() << fills.back() << " = transform.get_producer_of_operand "
               << p->handle << "[" << init->getOperandNumber() << "] : ("
               << kAnyOp << ") -> " << kAnyOp;
      w.end();
    }
    MappingAttr mapping = consumer.einsum.getMappingAttr();
    w.line() << "// level \"" << mapping.getLevel().getValue()
             << "\", shared\n";
    auto [consumerTiled, loop] =
        emitSegment(consumer, consumer.handle, mapping, 0, shared);
    SmallVector<std::pair<const Target *, std::string>> fused;
    for (auto [p, fill] : llvm::zip(producers, fills)) {
      std::string op = w.fresh("fused"), newLoop = w.fresh("loop");
      w.at(p->op->getLoc());
      w.line() << op << ", " << newLoop
               << " = transform.structured.fuse_into_containing_op "
               << p->handle << " into " << loop << " : (" << kAnyOp << ", "
               << kAnyOp << ") -> (" << kAnyOp << ", " << kAnyOp << ")";
      w.end();
      loop = newLoop;
      fused.push_back({p, op});
      if (fill.empty())
        continue;
      std::string fillOp = w.fresh("fused"), fillLoop = w.fresh("loop");
      w.line() << fillOp << ", " << fillLoop
               << " = transform.structured.fuse_into_containing_op " << fill
               << " into " << loop << " : (" << kAnyOp << ", " << kAnyOp
               << ") -> (" << kAnyOp << ", " << kAnyOp << ")";
      w.end();
      loop = fillLoop;
    }
    // Each member's own loops below the shared ones, in program order.
    for (auto &[p, op] : llvm::reverse(fused)) {
      emitOwnLoops(*p, op, shared, " below the shared loops");
      done.insert(p->einsum);
      ++stats.tiled;
    }
    emitOwnLoops(consumer, consumerTiled, shared, " below the shared loops");
    done.insert(consumer.einsum);
    ++stats.tiled;
    ++stats.fusedGroups;
    anyFused = true;
  }

  // Everything else on its own.
  for (auto &[einsumOp, target] : targets) {
    if (done.contains(einsumOp))
      continue;
    emitOwnLoops(target, target.handle, 0, "");
    ++stats.tiled;
  }

  if (anyFused) {
    // fuse_into_containing_op makes one producer clone per slice read in
    // the loop (a producer read by two members is computed twice); CSE
    // merges the clones that compute the same slice.
    w.at(func->getLoc());
    w.line() << "transform.apply_cse to " << funcHandle << " : " << kAnyOp;
    w.end();
  }
}

} // namespace

std::string oro::buildTransformScript(ModuleOp module,
                                      TransformScriptStats &stats,
                                      bool withLocations, MatchBy matchBy) {
  std::string body;
  llvm::raw_string_ostream bodyOs(body);
  ScriptWriter writer(bodyOs, withLocations);
  ScriptBuilder builder(writer, module.getContext(), stats, matchBy);
  for (WorkloadOp workload : module.getOps<WorkloadOp>())
    builder.emitWorkload(workload, module);
  return ("module attributes {transform.with_named_sequence} {\n"
          "  transform.named_sequence @__transform_main(%root: " +
          kAnyOp + " {transform.readonly}) {\n" + body +
          "    transform.yield\n  }\n}\n")
      .str();
}

namespace {

class EmitTransformPass
    : public oro::impl::EmitTransformPassBase<EmitTransformPass> {
public:
  using Base::Base;

  void runOnOperation() override;
};

void EmitTransformPass::runOnOperation() {
  ModuleOp module = getOperation();
  if (file.empty()) {
    emitError(module.getLoc())
        << "'oro-emit-transform' needs an output: pass file=<path> ('-' for "
           "stdout)";
    return signalPassFailure();
  }

  if (match != "label" && match != "position") {
    emitError(module.getLoc())
        << "match must be 'label' or 'position', not '" << match << "'";
    return signalPassFailure();
  }
  TransformScriptStats stats;
  std::string script = buildTransformScript(
      module, stats, /*withLocations=*/false,
      match == "position" ? MatchBy::Position : MatchBy::Label);
  numTiled += stats.tiled;
  numFusedGroups += stats.fusedGroups;
  numSkipped += stats.skipped;

  std::unique_ptr<llvm::ToolOutputFile> out = openOutput(module, file);
  if (!out)
    return signalPassFailure();
  raw_ostream &os = out->os();
  os << "// Tiling and fusion chosen by oro-map-search, for\n"
        "//   mlir-opt <payload> "
        "--transform-preload-library=transform-library-paths=<this file> "
        "--transform-interpreter\n"
     << script;
  out->keep();

  if (payload.empty())
    return;
  // The module without its workloads: what upstream tools parse. Without
  // module attributes it is written as bare top-level ops (aliases inline)
  // so that it concatenates with other ops, e.g. a test driver.
  OwningOpRef<ModuleOp> copy(module.clone());
  for (WorkloadOp workload :
       llvm::make_early_inc_range(copy->getOps<WorkloadOp>()))
    workload.erase();
  std::unique_ptr<llvm::ToolOutputFile> payloadOut = openOutput(module, payload);
  if (!payloadOut)
    return signalPassFailure();
  if (copy->getOperation()->getAttrDictionary().empty() && !copy->getSymName()) {
    OpPrintingFlags flags;
    flags.useLocalScope();
    for (Operation &op : *copy->getBody()) {
      op.print(payloadOut->os(), flags);
      payloadOut->os() << "\n";
    }
  } else {
    copy->print(payloadOut->os());
    payloadOut->os() << "\n";
  }
  payloadOut->keep();
}

} // namespace
