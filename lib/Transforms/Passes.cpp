//===- Passes.cpp - Mapping search and bounds passes ----------------------===//
//
// `--oro-map-search` and `--oro-emit-bounds`, and the `--oro-pipeline`
// that chains them after the Linalg import. Both load the architecture once
// in `initialize()`, turn each `oro.workload` into a core workload, run the
// core search per einsum and write the results back as verified attributes
// (and, for the bounds, as report files).
//
//===----------------------------------------------------------------------===//

#include "oro/Transforms/Passes.h"
#include "OutputFile.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "oro/Analysis/WorkloadExtraction.h"
#include "oro/Arch/ArchSpecYAML.h"
#include "oro/Conversion/Passes.h"
#include "oro/Core/WorkloadSlice.h"
#include "oro/Engine/Analyze.h"
#include "oro/Engine/EinsumSearch.h"
#include "oro/Engine/Hierarchy.h"
#include "oro/Engine/HierarchyTables.h"
#include "oro/Engine/Prefetch.h"
#include "oro/Engine/Session.h"
#include "oro/Transforms/Report.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ToolOutputFile.h"
#include <map>

namespace oro {
#define GEN_PASS_DEF_EMITBOUNDSPASS
#define GEN_PASS_DEF_MAPSEARCHPASS
#include "oro/Transforms/Passes.h.inc"
} // namespace oro

using namespace mlir;
using namespace oro;
using namespace oro::engine;

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

/// Loads the arch spec named by a pass option, reporting errors at the
/// file:line:col inside the YAML file.
static FailureOr<core::Arch> loadArch(MLIRContext *ctx, StringRef passArg,
                                      StringRef path) {
  if (path.empty())
    return emitError(UnknownLoc::get(ctx))
           << "'" << passArg << "' needs an architecture: pass arch=<file.yaml>";
  llvm::Expected<core::Arch> arch = arch::parseArchFile(path);
  if (arch) {
    if (arch->levels.size() < 2)
      return emitError(FileLineColLoc::get(ctx, path, 1, 1))
             << "architecture '" << arch->name
             << "' needs a backing store and at least one level below it";
    return std::move(*arch);
  }
  std::string message;
  Location loc = UnknownLoc::get(ctx);
  llvm::handleAllErrors(
      arch.takeError(),
      [&](const arch::ArchSpecError &err) {
        message = err.getMessage();
        loc = FileLineColLoc::get(ctx, err.getFile(),
                                  std::max(err.getLine(), 1u),
                                  std::max(err.getColumn(), 1u));
      },
      [&](const llvm::ErrorInfoBase &err) { message = err.message(); });
  return emitError(loc) << message;
}

/// Whether to draw progress: "auto" means when stderr is a terminal.
static FailureOr<bool> progressWanted(MLIRContext *ctx, StringRef mode) {
  if (mode == "always")
    return true;
  if (mode == "never")
    return false;
  if (mode == "auto")
    return llvm::sys::Process::StandardErrIsDisplayed();
  return emitError(UnknownLoc::get(ctx))
         << "progress must be 'auto', 'always' or 'never', not '" << mode
         << "'";
}

/// Everything both passes read from their options before running.
struct LoadedOptions {
  std::shared_ptr<core::Arch> arch;
  bool progress = false;
  HierarchyObjective objective;
};

static LogicalResult loadOptions(MLIRContext *ctx, StringRef passArg,
                                 StringRef archPath, StringRef progressMode,
                                 StringRef objectiveName, LoadedOptions &out) {
  FailureOr<core::Arch> arch = loadArch(ctx, passArg, archPath);
  if (failed(arch))
    return failure();
  FailureOr<bool> progress = progressWanted(ctx, progressMode);
  if (failed(progress))
    return failure();
  llvm::Expected<HierarchyObjective> objective =
      makeHierarchyObjective(objectiveName, *arch);
  if (!objective) {
    // Point at the level that lacks an energy, if that is the reason.
    Location loc = UnknownLoc::get(ctx);
    const core::Level *level = levelWithoutEnergies(*arch);
    if (objectiveName == "energy" && level)
      loc = FileLineColLoc::get(ctx, archPath, std::max(level->loc.line, 1u),
                                std::max(level->loc.column, 1u));
    return emitError(loc) << llvm::toString(objective.takeError());
  }
  out = LoadedOptions{std::make_shared<core::Arch>(std::move(*arch)),
                      *progress, std::move(*objective)};
  return success();
}

/// The core workload of `op`, checked against the arch (persistent tensors
/// kept by, and fitting in, the backing store). With a selection (the
/// `einsums` option), only the einsums it names, as a workload of their own
/// (core::extractEinsums: tensors crossing it go through the backing
/// store); names found are added to `found`, and a workload with none of
/// them comes back with no einsums (the caller skips it).
static FailureOr<ExtractedWorkload>
prepareWorkload(WorkloadOp op, const core::Arch &arch,
                llvm::ArrayRef<std::string> selection = {},
                llvm::StringSet<> *found = nullptr) {
  FailureOr<ExtractedWorkload> ex = extractWorkload(op);
  if (failed(ex))
    return failure();
  if (!selection.empty()) {
    llvm::StringSet<> wanted;
    for (const std::string &name : selection)
      wanted.insert(name);
    std::vector<unsigned> selected;
    SmallVector<EinsumOp> ops;
    for (unsigned e = 0; e < ex->workload.einsums.size(); ++e)
      if (wanted.contains(ex->workload.einsums[e].name)) {
        selected.push_back(e);
        ops.push_back(ex->einsumOps[e]);
        if (found)
          found->insert(ex->workload.einsums[e].name);
      }
    ex->workload = core::extractEinsums(ex->workload, selected);
    ex->einsumOps = std::move(ops);
    if (selected.empty())
      return ex;
  }
  std::string reason = arch.checkWorkload(ex->workload);
  if (!reason.empty())
    return op.emitOpError() << "cannot run on architecture '" << arch.name
                            << "': " << reason;
  return ex;
}

/// A located error for each name of the selection (the `einsums` option)
/// that no workload has, naming some that exist.
static LogicalResult checkSelection(ModuleOp module,
                                    llvm::ArrayRef<std::string> selection,
                                    const llvm::StringSet<> &found) {
  bool ok = true;
  for (const std::string &name : selection) {
    if (found.contains(name))
      continue;
    std::string known;
    unsigned listed = 0;
    module.walk([&](EinsumOp op) {
      if (listed++ < 8)
        known += (known.empty() ? "'" : ", '") + op.getLabel().str() + "'";
    });
    module.emitError() << "einsums: no einsum is named '" << name << "'"
                       << (known.empty() ? std::string()
                                         : " (einsums are named as in the "
                                           "report, e.g. " + known + ")");
    ok = false;
  }
  return success(ok);
}

/// The `#oro.mapping` of one level of a multi-level mapping.
static MappingAttr makeLevelMappingAttr(MLIRContext *ctx, StringRef level,
                                        const core::Einsum &e,
                                        const core::LevelMapping &m) {
  SmallVector<StringAttr> ranks;
  SmallVector<int64_t> tiles;
  for (const core::Loop &loop : m.loops) {
    ranks.push_back(StringAttr::get(ctx, e.ranks[loop.rank].name));
    tiles.push_back(loop.tile);
  }
  SmallVector<int64_t> positions;
  for (unsigned p : m.positions)
    positions.push_back(p == core::Mapping::kBypass ? MappingAttr::kBypass
                        : p == core::LevelMapping::kOnChip
                            ? MappingAttr::kFused
                            : static_cast<int64_t>(p));
  return MappingAttr::get(ctx, StringAttr::get(ctx, level), ranks, tiles,
                          static_cast<int64_t>(m.spatial), positions);
}

/// The `#oro.mapping` of a report witness (one level, no spatial loops).
static MappingAttr makeMappingAttr(MLIRContext *ctx, StringRef level,
                                   const core::Einsum &e,
                                   const WitnessRecord &witness) {
  return makeLevelMappingAttr(ctx, level, e, levelMappingOf(witness));
}

/// Clamps a count into the int64 range of IR attributes.
static int64_t clampToI64(core::Count c) {
  return c > static_cast<core::Count>(INT64_MAX) ? INT64_MAX
                                                  : static_cast<int64_t>(c);
}

/// The search budgets from a pass's options: max-candidates bounds every
/// search, the other two the fused ones.
static WorkloadSearchRequest searchLimits(uint64_t maxCandidates,
                                          unsigned maxGroupSize,
                                          uint64_t maxGroupCandidates,
                                          unsigned lookahead,
                                          bool shareInputs, bool retile) {
  WorkloadSearchRequest limits;
  limits.maxCandidates = maxCandidates;
  limits.maxGroupSize = maxGroupSize;
  limits.lookahead = lookahead;
  limits.shareInputs = shareInputs;
  limits.retile = retile;
  limits.maxGroupCandidates = maxGroupCandidates;
  return limits;
}

/// Whether --oro-map-search annotated an einsum of `ex` with a mapping at
/// level `level` (it then warned about its fused curve already).
static bool annotatedAtLevel(const ExtractedWorkload &ex,
                             llvm::StringRef level) {
  for (EinsumOp op : ex.einsumOps)
    if (MappingAttr m = op.getMappingAttr();
        m && m.getLevel().getValue() == level)
      return true;
  return false;
}

/// The core form of one level of `einsum`'s mapping (verified: its ranks
/// are the einsum's).
static core::LevelMapping levelMappingOf(MappingAttr m, EinsumOp einsum) {
  core::LevelMapping level;
  for (auto [rank, tile] : llvm::zip(m.getLoopRanks(), m.getLoopTiles()))
    level.loops.push_back({*einsum.lookupRank(rank.getValue()), tile});
  level.spatial = static_cast<unsigned>(m.getSpatial());
  for (int64_t p : m.getPositions())
    level.positions.push_back(p == MappingAttr::kBypass ? core::Mapping::kBypass
                              : p == MappingAttr::kFused
                                  ? core::LevelMapping::kOnChip
                                  : static_cast<unsigned>(p));
  return level;
}

/// The mappings the IR gives the einsums of `ex` (`op`'s, or a selection
/// of them) on `arch`: each einsum's `mapping` at level 1 and its
/// `inner_mappings` at the levels below in order, with the `#oro.fusion`
/// groups. Nullopt when some einsum has no mapping (the tables then plan
/// their own), or, with a warning, when the mappings do not fit the arch.
static std::optional<ChosenMappings> chosenMappings(WorkloadOp op,
                                                    const ExtractedWorkload &ex,
                                                    const core::Arch &arch) {
  ChosenMappings chosen;
  std::map<int64_t, unsigned> groupIndex;
  for (auto [e, einsumOp] : llvm::enumerate(ex.einsumOps)) {
    EinsumOp einsum = einsumOp;
    SmallVector<MappingAttr> levels = einsum.getLevelMappings();
    if (levels.empty())
      return std::nullopt;
    core::MultiLevelMapping m;
    for (auto [k, level] : llvm::enumerate(levels)) {
      if (k + 1 >= arch.levels.size() ||
          level.getLevel().getValue() != arch.levels[k + 1].name) {
        emitWarning(einsum.getLoc())
            << "its mapping onto level '" << level.getLevel().getValue()
            << "' is not for level " << k + 1 << " of architecture '"
            << arch.name << "'"
            << (k + 1 < arch.levels.size()
                    ? " ('" + arch.levels[k + 1].name + "')"
                    : std::string())
            << ": the hierarchy tables plan their own mappings";
        return std::nullopt;
      }
      m.levels.push_back(levelMappingOf(level, einsum));
    }
    if (FusionAttr fusion = einsum.getFusionAttr()) {
      m.sharedLoops = static_cast<unsigned>(fusion.getSharedLoops());
      auto [it, inserted] =
          groupIndex.try_emplace(fusion.getGroup(), chosen.groups.size());
      if (inserted)
        chosen.groups.push_back({{}, fusion.getSharesInputs()});
      chosen.groups[it->second].einsums.push_back(e);
    }
    chosen.mappings.push_back(std::move(m));
  }
  // A group the selection (`einsums`) cuts is not the IR's group.
  std::map<int64_t, unsigned> members;
  op.walk([&](EinsumOp einsum) {
    if (FusionAttr fusion = einsum.getFusionAttr())
      ++members[fusion.getGroup()];
  });
  for (auto [id, k] : groupIndex)
    if (members[id] != chosen.groups[k].einsums.size()) {
      emitWarning(op.getLoc())
          << "the selected einsums hold part of fused group " << id
          << ": the hierarchy tables plan their own mappings";
      return std::nullopt;
    }
  // One einsum is no group.
  llvm::erase_if(chosen.groups, [&](const ChosenMappings::Group &g) {
    if (g.einsums.size() == 1)
      chosen.mappings[g.einsums.front()].sharedLoops = 0;
    return g.einsums.size() < 2;
  });
  return chosen;
}

/// Gives `diagnostics` at their IR locations: about an einsum at its op,
/// about the workload at `op`'s location (not the op: it would be printed
/// in full). Returns failure when one is an error.
static LogicalResult emitDiagnostics(WorkloadOp op, const ExtractedWorkload &ex,
                                     ArrayRef<AnalysisDiagnostic> diagnostics) {
  bool ok = true;
  for (const AnalysisDiagnostic &d : diagnostics) {
    if (d.kind == AnalysisDiagnostic::Kind::Error) {
      ok = false;
      if (d.einsum)
        EinsumOp(ex.einsumOps[*d.einsum]).emitOpError() << d.message;
      else
        op.emitOpError() << d.message;
      continue;
    }
    emitWarning(d.einsum ? ex.einsumOps[*d.einsum]->getLoc() : op.getLoc())
        << d.message;
  }
  return success(ok);
}

/// The engine session of one pass-manager run, shared by the passes of
/// that run (map-search's searches are emit-bounds' memo hits) and dropped
/// with the run's analyses: nothing carries over to the next run, so a
/// long-lived process (the plugin, a compiler) reports the same for the
/// same input every time. Its memos are keyed by content, not by IR, so
/// they stay valid whatever a pass changes.
struct SessionAnalysis {
  explicit SessionAnalysis(Operation *) {}
  bool isInvalidated(const AnalysisManager::PreservedAnalyses &) {
    return false;
  }
  Session session;
};

/// The session of the current run, with the pass's `threads` option
/// applied: a number, or (negative, the default) the MLIR context's.
static Session &sessionWithThreads(SessionAnalysis &analysis, MLIRContext *ctx,
                                   int threads) {
  unsigned n = 1;
  if (threads >= 0)
    n = static_cast<unsigned>(threads);
  else if (ctx->isMultithreadingEnabled())
    n = ctx->getNumThreads();
  analysis.session.setThreads(n);
  return analysis.session;
}

//===----------------------------------------------------------------------===//
// MapSearchPass
//===----------------------------------------------------------------------===//

namespace {
struct MapSearchPass : public oro::impl::MapSearchPassBase<MapSearchPass> {
  using MapSearchPassBase::MapSearchPassBase;

  LogicalResult initialize(MLIRContext *ctx) override {
    return loadOptions(ctx, getArgument(), arch, progress, objective, options);
  }

  void runOnOperation() override {
    session = &sessionWithThreads(getAnalysis<SessionAnalysis>(), &getContext(),
                                  threads);
    const core::Arch *archSpec = options.arch.get();
    uint64_t budget = maxCandidates;
    const unsigned levelIndex = 1;
    const core::Level &level = archSpec->levels[levelIndex];
    llvm::StringSet<> found;
    for (WorkloadOp workload : getOperation().getOps<WorkloadOp>()) {
      FailureOr<ExtractedWorkload> ex =
          prepareWorkload(workload, *archSpec, einsums, &found);
      if (failed(ex))
        return signalPassFailure();
      if (ex->workload.einsums.empty())
        continue;
      // Compute ahead, on the session's threads, what follows requests.
      numComputedAhead += prefetchMapSearch(
          *session, ex->workload, *archSpec,
          searchLimits(maxCandidates, maxGroupSize, maxGroupCandidates,
                       fusionLookahead, fusionShareInputs, fusionRetile),
          fusion, options.objective, options.progress);
      if (fusion && ex->workload.einsums.size() > 1 &&
          mapFused(workload, *ex, levelIndex))
        continue;
      std::vector<AnalysisDiagnostic> diagnostics;
      bool searched = searchLevelCurves(
          *session, ex->workload, *archSpec, levelIndex, budget,
          options.progress,
          [&](unsigned e, EinsumCurve &&curve) {
            numCandidates += curve.candidatesEvaluated;
            EinsumOp op = ex->einsumOps[e];
            std::optional<size_t> chosen =
                lastFitting(curve.points, level.capacityBits);
            if (!chosen) {
              op.emitWarning() << "no mapping fits level '" << level.name
                               << "' of " << core::toString(*level.capacityBits)
                               << " bits (the smallest needs "
                               << core::toString(curve.points.front()
                                                     .capacityBits)
                               << " bits); left unmapped";
              return;
            }
            op.setMappingAttr(makeMappingAttr(
                &getContext(), level.name, ex->workload.einsums[e],
                curve.points[*chosen].witness));
            if (archSpec->levels.size() > 2) {
              std::string error;
              std::optional<EinsumPlan> plan =
                  planEinsum(*session, ex->workload, e, *archSpec, curve.points,
                             *chosen, options.objective, maxCandidates, error);
              if (plan)
                annotateHierarchy(*ex, e, plan->result);
              else
                emitWarning(op.getLoc())
                    << "no mapping below level '" << level.name
                    << "': " << error;
            }
            ++numMapped;
          },
          diagnostics);
      if (failed(emitDiagnostics(workload, *ex, diagnostics)) || !searched)
        return signalPassFailure();
    }
    if (failed(checkSelection(getOperation(), einsums, found)))
      return signalPassFailure();
    markAllAnalysesPreserved();
  }

  /// Annotates every einsum of `ex` from the fused curve's point at the
  /// level's capacity: its mapping and, for groups of two or more einsums,
  /// `#oro.fusion`. Returns false (nothing annotated) when there is no
  /// fused curve or no point fits; the caller then maps einsum by einsum.
  bool mapFused(WorkloadOp op, const ExtractedWorkload &ex,
                unsigned levelIndex) {
    const core::Arch &archSpec = *options.arch;
    std::vector<AnalysisDiagnostic> diagnostics;
    std::optional<WorkloadCurveRecord> curve = searchLevelFused(
        *session, ex.workload, archSpec, levelIndex,
        searchLimits(maxCandidates, maxGroupSize, maxGroupCandidates,
                     fusionLookahead, fusionShareInputs, fusionRetile),
        options.progress, /*warnIfCut=*/true, diagnostics);
    (void)emitDiagnostics(op, ex, diagnostics);
    if (!curve || !curve->chosen)
      return false;
    numCandidates += static_cast<uint64_t>(
        std::min<core::Count>(curve->candidatesEvaluated, UINT64_MAX));
    MLIRContext *ctx = &getContext();
    const core::Level &level = archSpec.levels[levelIndex];
    const WorkloadCurveRecord::Point &point = curve->points[*curve->chosen];
    int64_t nextGroup = 0;
    bool hierarchy = archSpec.levels.size() > 2;
    for (unsigned id : point.groupIds) {
      const GroupRecord &g = curve->groups[id];
      // Below level 1, the group's mappings (or, for objective=energy, its
      // members on their own when that moves less energy).
      std::optional<GroupPlan> plan;
      if (hierarchy) {
        std::string error;
        plan = planGroup(*session, ex.workload, g, archSpec, options.objective,
                         maxCandidates, error);
        if (!plan)
          emitWarning(ex.einsumOps[g.einsums.front()]->getLoc())
              << "no mapping below level '" << level.name << "': " << error;
      }
      bool split = plan && plan->split;
      FusionAttr fusionAttr;
      if (g.einsums.size() > 1 && !split) {
        fusionAttr = FusionAttr::get(ctx, nextGroup++,
                                     static_cast<int64_t>(g.shared.size()),
                                     !g.sharedInputs.empty());
        ++numFusedGroups;
      }
      for (unsigned k = 0; k < g.einsums.size(); ++k) {
        unsigned e = g.einsums[k];
        EinsumOp einsum = ex.einsumOps[e];
        einsum.setMappingAttr(makeMappingAttr(
            ctx, level.name, ex.workload.einsums[e], g.mappings[k]));
        if (fusionAttr)
          einsum.setFusionAttr(fusionAttr);
        if (plan)
          annotateHierarchy(ex, e, plan->members[k].result);
        ++numMapped;
      }
    }
    return true;
  }

  /// Annotates einsum `e` with its mapping on every level of the arch:
  /// `result`'s level 0 at level 1, the levels below as `inner_mappings`.
  void annotateHierarchy(const ExtractedWorkload &ex, unsigned e,
                         const core::InnerLevelsResult &result) {
    const core::Arch &archSpec = *options.arch;
    MLIRContext *ctx = &getContext();
    EinsumOp op = ex.einsumOps[e];
    const core::Einsum &einsum = ex.workload.einsums[e];
    const core::MultiLevelMapping &m = result.mapping;
    op.setMappingAttr(makeLevelMappingAttr(ctx, archSpec.levels[1].name,
                                           einsum, m.levels[0]));
    if (m.levels.size() > 1) {
      SmallVector<Attribute> inner;
      for (unsigned k = 1; k < m.levels.size(); ++k)
        inner.push_back(makeLevelMappingAttr(ctx, archSpec.levels[k + 1].name,
                                             einsum, m.levels[k]));
      op->setAttr("inner_mappings", ArrayAttr::get(ctx, inner));
    }
    if (!result.stopReason.empty())
      emitWarning(op.getLoc()) << "mapped down to level '"
                               << archSpec.levels[result.levelsMapped].name
                               << "' only: " << result.stopReason;
  }

  LoadedOptions options;
  Session *session = nullptr;
};
} // namespace

//===----------------------------------------------------------------------===//
// EmitBoundsPass
//===----------------------------------------------------------------------===//

namespace {
struct EmitBoundsPass : public oro::impl::EmitBoundsPassBase<EmitBoundsPass> {
  using EmitBoundsPassBase::EmitBoundsPassBase;

  LogicalResult initialize(MLIRContext *ctx) override {
    return loadOptions(ctx, getArgument(), arch, progress, objective, options);
  }

  void runOnOperation() override {
    Session &session = sessionWithThreads(getAnalysis<SessionAnalysis>(),
                                          &getContext(), threads);
    ModuleOp module = getOperation();
    const core::Arch *archSpec = options.arch.get();
    AnalysisRequest request;
    request.limits =
        searchLimits(maxCandidates, maxGroupSize, maxGroupCandidates,
                     fusionLookahead, fusionShareInputs, fusionRetile);
    request.fusion = fusion;
    request.progress = options.progress;
    request.objective = options.objective;

    // Extracted workloads must outlive the report that points into them.
    std::vector<std::unique_ptr<ExtractedWorkload>> extracted;
    ReportData data;
    data.arch = archSpec;
    data.archPath = arch;
    llvm::StringSet<> found;
    for (WorkloadOp workload : module.getOps<WorkloadOp>()) {
      FailureOr<ExtractedWorkload> ex =
          prepareWorkload(workload, *archSpec, einsums, &found);
      if (failed(ex))
        return signalPassFailure();
      if (ex->workload.einsums.empty())
        continue;
      extracted.push_back(std::make_unique<ExtractedWorkload>(std::move(*ex)));
      const ExtractedWorkload &current = *extracted.back();
      // --oro-map-search warned already about the first level's fused
      // curve when it annotated the einsums with its mappings.
      request.warnCutAtFirstLevel =
          !annotatedAtLevel(current, archSpec->levels[1].name);
      request.chosen = chosenMappings(workload, current, *archSpec);
      WorkloadAnalysis analysis =
          analyze(current.workload, *archSpec, request, session);
      numComputedAhead += analysis.computedAhead;
      numCandidates += analysis.einsumCandidates;
      numCurves += analysis.einsumCurves;
      if (failed(emitDiagnostics(workload, current, analysis.diagnostics)) ||
          analysis.failed)
        return signalPassFailure();
      // The summary in the IR is for the first level below the backing
      // store, the one `--oro-map-search` maps: curves[e] for einsum e.
      ReportData &part = analysis.report;
      for (unsigned e = 0; e < current.workload.einsums.size(); ++e)
        attachBounds(current.einsumOps[e], archSpec->levels[1], part.curves[e],
                     part.compulsoryBits[0][e], current.workload.einsums[e]);
      if (auto bound = workload->getAttrOfType<DictionaryAttr>(
              OroDialect::kDynamicDimsAttr))
        for (NamedAttribute dim : bound)
          if (auto size = dyn_cast<IntegerAttr>(dim.getValue()))
            part.dynamicDims.push_back(
                {current.workload.name, dim.getName().str(), size.getInt()});
      appendReport(data, std::move(part));
    }
    if (failed(checkSelection(module, einsums, found)))
      return signalPassFailure();

    if (!report.empty()) {
      auto file = openOutput(module, report);
      if (!file)
        return signalPassFailure();
      writeReportJSON(file->os(), data);
      file->keep();
    }
    if (!csv.empty()) {
      auto file = openOutput(module, csv);
      if (!file)
        return signalPassFailure();
      writeReportCSV(file->os(), data);
      file->keep();
    }
    markAllAnalysesPreserved();
  }

  /// Attaches `#oro.bounds` at the level's capacity (or, when nothing fits,
  /// at the smallest point).
  void attachBounds(EinsumOp op, const core::Level &level,
                    const CurveRecord &curve, core::Count compulsory,
                    const core::Einsum &einsum) {
    const PointRecord &at = curve.points[curve.chosen.value_or(0)];
    // The capacity where the curve reaches its minimum (its last point).
    const PointRecord &last = curve.points.back();
    op.setBoundsAttr(BoundsAttr::get(
        &getContext(), StringAttr::get(&getContext(), level.name),
        clampToI64(at.capacityBits), clampToI64(at.accessesBits),
        clampToI64(compulsory),
        clampToI64(last.capacityBits), clampToI64(einsum.macs()),
        static_cast<int64_t>(curve.points.size())));
  }

  LoadedOptions options;
};
} // namespace

//===----------------------------------------------------------------------===//
// Pipeline
//===----------------------------------------------------------------------===//

void oro::buildOroBoundsPipeline(OpPassManager &pm,
                                 const OroPipelineOptions &options) {
  ConvertLinalgToOroPassOptions convert;
  convert.allowPartial = options.allowPartial;
  convert.dynamicDims.assign(options.dynamicDims.begin(),
                             options.dynamicDims.end());
  pm.addPass(createConvertLinalgToOroPass(convert));
  MapSearchPassOptions search;
  search.arch = options.arch;
  search.maxCandidates = options.maxCandidates;
  search.progress = options.progress;
  search.threads = options.threads;
  search.fusion = options.fusion;
  search.maxGroupSize = options.maxGroupSize;
  search.fusionLookahead = options.fusionLookahead;
  search.fusionShareInputs = options.fusionShareInputs;
  search.fusionRetile = options.fusionRetile;
  search.maxGroupCandidates = options.maxGroupCandidates;
  search.objective = options.objective;
  search.einsums.assign(options.einsums.begin(), options.einsums.end());
  pm.addPass(createMapSearchPass(search));
  EmitBoundsPassOptions bounds;
  bounds.arch = options.arch;
  bounds.report = options.report;
  bounds.csv = options.csv;
  bounds.maxCandidates = options.maxCandidates;
  bounds.progress = options.progress;
  bounds.threads = options.threads;
  bounds.fusion = options.fusion;
  bounds.maxGroupSize = options.maxGroupSize;
  bounds.fusionLookahead = options.fusionLookahead;
  bounds.fusionShareInputs = options.fusionShareInputs;
  bounds.fusionRetile = options.fusionRetile;
  bounds.maxGroupCandidates = options.maxGroupCandidates;
  bounds.objective = options.objective;
  bounds.einsums.assign(options.einsums.begin(), options.einsums.end());
  pm.addPass(createEmitBoundsPass(bounds));
}

void oro::registerOroPipelines() {
  PassPipelineRegistration<OroPipelineOptions>(
      "oro-pipeline",
      "Linalg -> oro, mapping search, bounds and report "
      "(arch=<yaml> report=<json> csv=<csv>)",
      buildOroBoundsPipeline);
}
