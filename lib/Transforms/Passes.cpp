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
#include "EinsumSearch.h"
#include "oro/Analysis/WorkloadExtraction.h"
#include "oro/Arch/ArchSpecYAML.h"
#include "oro/Conversion/Passes.h"
#include "oro/Transforms/Report.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ToolOutputFile.h"

namespace oro {
#define GEN_PASS_DEF_EMITBOUNDSPASS
#define GEN_PASS_DEF_MAPSEARCHPASS
#include "oro/Transforms/Passes.h.inc"
} // namespace oro

using namespace mlir;
using namespace oro;

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
};

static LogicalResult loadOptions(MLIRContext *ctx, StringRef passArg,
                                 StringRef archPath, StringRef progressMode,
                                 LoadedOptions &out) {
  FailureOr<core::Arch> arch = loadArch(ctx, passArg, archPath);
  if (failed(arch))
    return failure();
  FailureOr<bool> progress = progressWanted(ctx, progressMode);
  if (failed(progress))
    return failure();
  out = LoadedOptions{std::make_shared<core::Arch>(std::move(*arch)),
                      *progress};
  return success();
}

/// The core workload of `op`, checked against the arch (persistent tensors
/// kept by, and fitting in, the backing store).
static FailureOr<ExtractedWorkload> prepareWorkload(WorkloadOp op,
                                                    const core::Arch &arch) {
  FailureOr<ExtractedWorkload> ex = extractWorkload(op);
  if (failed(ex))
    return failure();
  std::string reason = arch.checkWorkload(ex->workload);
  if (!reason.empty())
    return op.emitOpError() << "cannot run on architecture '" << arch.name
                            << "': " << reason;
  return ex;
}

/// Placement of every access of einsum `e` at `level`.
static SmallVector<core::Placement>
accessPlacements(const core::Workload &w, const core::Einsum &e,
                 const core::Level &level) {
  SmallVector<core::Placement> placements;
  for (const core::Access &a : e.inputs)
    placements.push_back(level.placement(w.tensors[a.tensor]));
  placements.push_back(level.placement(w.tensors[e.output.tensor]));
  return placements;
}

/// Runs the search of every einsum of `workload` at level `levelIndex`,
/// emitting a located error on failure. `onCurve` receives each curve.
static LogicalResult
searchWorkload(const ExtractedWorkload &ex, const core::Arch &arch,
               unsigned levelIndex, uint64_t maxCandidates, bool progress,
               llvm::function_ref<void(unsigned, EinsumCurve &&)> onCurve) {
  const core::Workload &w = ex.workload;
  const core::Level &level = arch.levels[levelIndex];
  for (unsigned e = 0, n = w.einsums.size(); e < n; ++e) {
    EinsumSearchRequest request;
    request.placements = accessPlacements(w, w.einsums[e], level);
    request.maxCandidates = maxCandidates;
    if (progress)
      request.progressLabel =
          w.name + "/" + w.einsums[e].name + " @ " + level.name;
    std::string error;
    std::optional<EinsumCurve> curve = searchEinsum(w, e, request, error);
    if (!curve)
      return EinsumOp(ex.einsumOps[e]).emitOpError()
             << "mapping search at level '" << level.name
             << "' failed: " << error;
    onCurve(e, std::move(*curve));
  }
  return success();
}

static MappingAttr makeMappingAttr(MLIRContext *ctx, StringRef level,
                                   const core::Einsum &e,
                                   const WitnessRecord &witness) {
  static_assert(WitnessRecord::kBypass == MappingAttr::kBypass &&
                    WitnessRecord::kFused == MappingAttr::kFused,
                "report and IR spell positions alike");
  SmallVector<StringAttr> ranks;
  SmallVector<int64_t> tiles;
  for (auto [rank, tile] : witness.loops) {
    ranks.push_back(StringAttr::get(ctx, e.ranks[rank].name));
    tiles.push_back(tile);
  }
  return MappingAttr::get(ctx, StringAttr::get(ctx, level), ranks, tiles,
                          witness.positions);
}

/// Clamps a count into the int64 range of IR attributes.
static int64_t clampToI64(core::Count c) {
  return c > static_cast<core::Count>(INT64_MAX) ? INT64_MAX
                                                  : static_cast<int64_t>(c);
}

static StringRef placementName(core::Placement p) {
  switch (p) {
  case core::Placement::Keep:
    return "kept";
  case core::Placement::MayKeep:
    return "may be kept";
  case core::Placement::Bypass:
    return "bypassed";
  }
  return "kept";
}

/// The fused curve of `ex` at level `levelIndex`, with its level fields set;
/// nullopt, with a remark, when the level's placements constrain tensors
/// (which the fused search does not model), or with a warning when the
/// search fails (out of budget).
static std::optional<WorkloadCurveRecord>
searchFused(WorkloadOp op, const ExtractedWorkload &ex, const core::Arch &arch,
            unsigned levelIndex, uint64_t maxCandidates, unsigned maxGroupSize,
            bool progress) {
  const core::Workload &w = ex.workload;
  const core::Level &level = arch.levels[levelIndex];
  // The fused search has one policy for all tensors: every one kept
  // (`keep: All`) or every one free to be kept or bypassed.
  core::Placement first = level.placement(w.tensors.front());
  for (const core::Tensor &t : w.tensors)
    if (level.placement(t) != first || first == core::Placement::Bypass) {
      emitRemark(op.getLoc())
          << "no fused curve at level '" << level.name << "': tensor '"
          << t.name << "' is " << placementName(level.placement(t))
          << " but tensor '" << w.tensors.front().name << "' is "
          << placementName(first)
          << "; the fused search needs every tensor kept or every tensor "
             "free to be kept or bypassed";
      return std::nullopt;
    }
  WorkloadSearchRequest request;
  request.maxCandidates = maxCandidates;
  request.maxGroupSize = maxGroupSize;
  request.allowBypass = first == core::Placement::MayKeep;
  if (progress)
    request.progressLabel = w.name + " (fused) @ " + level.name;
  std::string error;
  std::optional<WorkloadCurveRecord> curve =
      searchFusedWorkload(w, request, error);
  if (!curve) {
    // The unfused curves and mappings stand; only the fused answer is
    // missing, so this is a warning, not a failed pass.
    // On the location, not the op: the op would be printed in full.
    emitWarning(op.getLoc()) << "no fused curve at level '" << level.name
                     << "': " << error
                     << " (options max-candidates, max-group-size)";
    return std::nullopt;
  }
  curve->level = level.name;
  curve->parent = arch.levels[levelIndex - 1].name;
  curve->levelCapacityBits = level.capacityBits;
  curve->chosen = lastFitting(curve->points, level.capacityBits);
  return curve;
}

//===----------------------------------------------------------------------===//
// MapSearchPass
//===----------------------------------------------------------------------===//

namespace {
struct MapSearchPass : public oro::impl::MapSearchPassBase<MapSearchPass> {
  using MapSearchPassBase::MapSearchPassBase;

  LogicalResult initialize(MLIRContext *ctx) override {
    return loadOptions(ctx, getArgument(), arch, progress, options);
  }

  void runOnOperation() override {
    const core::Arch *archSpec = options.arch.get();
    uint64_t budget = maxCandidates;
    const unsigned levelIndex = 1;
    const core::Level &level = archSpec->levels[levelIndex];
    for (WorkloadOp workload : getOperation().getOps<WorkloadOp>()) {
      FailureOr<ExtractedWorkload> ex = prepareWorkload(workload, *archSpec);
      if (failed(ex))
        return signalPassFailure();
      if (fusion && ex->workload.einsums.size() > 1 &&
          mapFused(workload, *ex, levelIndex))
        continue;
      LogicalResult result = searchWorkload(
          *ex, *archSpec, levelIndex, budget, options.progress,
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
            ++numMapped;
          });
      if (failed(result))
        return signalPassFailure();
    }
    markAllAnalysesPreserved();
  }

  /// Annotates every einsum of `ex` from the fused curve's point at the
  /// level's capacity: its mapping and, for groups of two or more einsums,
  /// `#oro.fusion`. Returns false (nothing annotated) when there is no
  /// fused curve or no point fits; the caller then maps einsum by einsum.
  bool mapFused(WorkloadOp op, const ExtractedWorkload &ex,
                unsigned levelIndex) {
    const core::Arch &archSpec = *options.arch;
    std::optional<WorkloadCurveRecord> curve =
        searchFused(op, ex, archSpec, levelIndex, maxCandidates, maxGroupSize,
                    options.progress);
    if (!curve || !curve->chosen)
      return false;
    numCandidates += static_cast<uint64_t>(
        std::min<core::Count>(curve->candidatesEvaluated, UINT64_MAX));
    MLIRContext *ctx = &getContext();
    const core::Level &level = archSpec.levels[levelIndex];
    const WorkloadCurveRecord::Point &point = curve->points[*curve->chosen];
    int64_t nextGroup = 0;
    for (unsigned id : point.groupIds) {
      const GroupRecord &g = curve->groups[id];
      FusionAttr fusionAttr;
      if (g.end - g.begin > 1) {
        fusionAttr = FusionAttr::get(ctx, nextGroup++,
                                     static_cast<int64_t>(g.shared.size()));
        ++numFusedGroups;
      }
      for (unsigned e = g.begin; e < g.end; ++e) {
        EinsumOp einsum = ex.einsumOps[e];
        einsum.setMappingAttr(makeMappingAttr(ctx, level.name,
                                              ex.workload.einsums[e],
                                              g.mappings[e - g.begin]));
        if (fusionAttr)
          einsum.setFusionAttr(fusionAttr);
        ++numMapped;
      }
    }
    return true;
  }

  LoadedOptions options;
};
} // namespace

//===----------------------------------------------------------------------===//
// EmitBoundsPass
//===----------------------------------------------------------------------===//

/// Opens `path` for writing ('-' = stdout), reporting failure on `op`.
static std::unique_ptr<llvm::ToolOutputFile> openOutput(Operation *op,
                                                        StringRef path) {
  std::error_code ec;
  // Create missing parent directories (`report=out/run1/r.json`).
  StringRef parent = llvm::sys::path::parent_path(path);
  if (path != "-" && !parent.empty())
    ec = llvm::sys::fs::create_directories(parent);
  std::unique_ptr<llvm::ToolOutputFile> file;
  if (!ec)
    file = std::make_unique<llvm::ToolOutputFile>(path, ec,
                                                  llvm::sys::fs::OF_Text);
  if (ec) {
    emitError(op->getLoc()) << "cannot write '" << path
                            << "': " << ec.message();
    return nullptr;
  }
  return file;
}

namespace {
struct EmitBoundsPass : public oro::impl::EmitBoundsPassBase<EmitBoundsPass> {
  using EmitBoundsPassBase::EmitBoundsPassBase;

  LogicalResult initialize(MLIRContext *ctx) override {
    return loadOptions(ctx, getArgument(), arch, progress, options);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    const core::Arch *archSpec = options.arch.get();
    uint64_t budget = maxCandidates;

    // Extracted workloads must outlive the report that points into them.
    std::vector<std::unique_ptr<ExtractedWorkload>> extracted;
    ReportData data;
    data.arch = archSpec;
    data.archPath = arch;
    for (WorkloadOp workload : module.getOps<WorkloadOp>()) {
      FailureOr<ExtractedWorkload> ex = prepareWorkload(workload, *archSpec);
      if (failed(ex))
        return signalPassFailure();
      extracted.push_back(std::make_unique<ExtractedWorkload>(std::move(*ex)));
      const ExtractedWorkload &current = *extracted.back();
      unsigned wi = data.workloads.size();
      data.workloads.push_back(&current.workload);
      auto &compulsory = data.compulsoryBits.emplace_back();
      for (unsigned e = 0; e < current.workload.einsums.size(); ++e)
        compulsory.push_back(einsumCompulsoryBits(current.workload, e));

      for (unsigned li = 1; li < archSpec->levels.size(); ++li) {
        const core::Level &level = archSpec->levels[li];
        LogicalResult result = searchWorkload(
            current, *archSpec, li, budget, options.progress,
            [&](unsigned e, EinsumCurve &&curve) {
              numCandidates += curve.candidatesEvaluated;
              ++numCurves;
              CurveRecord record;
              record.workload = wi;
              record.einsum = e;
              record.level = level.name;
              record.parent = archSpec->levels[li - 1].name;
              record.levelCapacityBits = level.capacityBits;
              record.points = std::move(curve.points);
              record.chosen = lastFitting(record.points, level.capacityBits);
              record.candidatesEvaluated = curve.candidatesEvaluated;
              record.mapspaceSize = curve.mapspaceSize;
              record.seconds = curve.seconds;
              record.reused = curve.reused;
              // The summary in the IR is for the first level below the
              // backing store, the one `--oro-map-search` maps.
              if (li == 1)
                attachBounds(current.einsumOps[e], level, record,
                             compulsory[e], current.workload.einsums[e]);
              data.curves.push_back(std::move(record));
            });
        if (failed(result))
          return signalPassFailure();
        // The workload's unfused curve at this level: its einsums' curves
        // summed (they are the last ones added).
        size_t n = current.workload.einsums.size();
        if (n > 1) {
          SmallVector<const CurveRecord *> levelCurves;
          for (size_t k = data.curves.size() - n; k < data.curves.size(); ++k)
            levelCurves.push_back(&data.curves[k]);
          data.workloadCurves.push_back(sumEinsumCurves(levelCurves));
        }
        if (n > 1 && fusion) {
          std::optional<WorkloadCurveRecord> fused =
              searchFused(workload, current, *archSpec, li, budget, maxGroupSize,
                          options.progress);
          if (fused) {
            fused->workload = wi;
            data.workloadCurves.push_back(std::move(*fused));
          }
        }
      }
    }

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
  pm.addPass(createConvertLinalgToOroPass(convert));
  MapSearchPassOptions search;
  search.arch = options.arch;
  search.maxCandidates = options.maxCandidates;
  search.progress = options.progress;
  search.fusion = options.fusion;
  search.maxGroupSize = options.maxGroupSize;
  pm.addPass(createMapSearchPass(search));
  EmitBoundsPassOptions bounds;
  bounds.arch = options.arch;
  bounds.report = options.report;
  bounds.csv = options.csv;
  bounds.maxCandidates = options.maxCandidates;
  bounds.progress = options.progress;
  bounds.fusion = options.fusion;
  bounds.maxGroupSize = options.maxGroupSize;
  pm.addPass(createEmitBoundsPass(bounds));
}

void oro::registerOroPipelines() {
  PassPipelineRegistration<OroPipelineOptions>(
      "oro-pipeline",
      "Linalg -> oro, mapping search, bounds and report "
      "(arch=<yaml> report=<json> csv=<csv>)",
      buildOroBoundsPipeline);
}
