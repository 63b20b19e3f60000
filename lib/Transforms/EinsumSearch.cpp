//===- EinsumSearch.cpp - Pass-side adapter to the core search ------------===//

#include "EinsumSearch.h"
#include "oro/Core/Bounds.h"
#include "oro/Core/CostModel.h"
#include "oro/Core/FusionSearch.h"
#include "oro/Core/Search.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <map>
#include <mutex>

using namespace oro;

core::KeepPolicy oro::toKeepPolicy(core::Placement placement) {
  switch (placement) {
  case core::Placement::Keep:
    return core::KeepPolicy::Keep;
  case core::Placement::Bypass:
    return core::KeepPolicy::Bypass;
  case core::Placement::MayKeep:
    return core::KeepPolicy::Either;
  }
  return core::KeepPolicy::Keep;
}

core::Placement oro::toPlacement(core::KeepPolicy policy) {
  switch (policy) {
  case core::KeepPolicy::Keep:
    return core::Placement::Keep;
  case core::KeepPolicy::Bypass:
    return core::Placement::Bypass;
  case core::KeepPolicy::Either:
    return core::Placement::MayKeep;
  }
  return core::Placement::Keep;
}

/// Draws "label  42%" on stderr, at most once per percent.
namespace {
class ProgressLine {
public:
  explicit ProgressLine(std::string label) : label(std::move(label)) {}
  void operator()(double fraction) {
    int percent = static_cast<int>(fraction * 100);
    if (percent == last)
      return;
    last = percent;
    llvm::errs() << "\r  searching " << label << "  " << percent << "%";
    if (percent >= 100)
      llvm::errs() << "\n";
    llvm::errs().flush();
  }

private:
  std::string label;
  int last = -1;
};
} // namespace

/// Everything the search result depends on, as a string: rank extents,
/// projections, element bits and shapes, which accesses share a tensor, the
/// placements and the budget. Names do not matter (witnesses use indices).
std::string oro::searchKey(const core::Workload &w, const core::Einsum &e,
                           const EinsumSearchRequest &request) {
  std::string key;
  llvm::raw_string_ostream os(key);
  for (const core::Rank &r : e.ranks)
    os << r.extent << ",";
  // Which accesses share a tensor: the first access of `e` to the same
  // tensor (not the tensor's number, which would keep identical einsums on
  // different tensors apart).
  auto firstAccess = [&](const core::Access &a) {
    for (unsigned i = 0; i < e.inputs.size(); ++i)
      if (e.inputs[i].tensor == a.tensor)
        return i;
    return static_cast<unsigned>(e.inputs.size());
  };
  auto access = [&](const core::Access &a) {
    const core::Tensor &t = w.tensors[a.tensor];
    os << "|t" << firstAccess(a) << ":" << t.bits << ":";
    for (int64_t d : t.shape)
      os << d << "x";
    for (const core::DimExpr &d : a.dims) {
      os << "[";
      for (const core::AffineTerm &term : d.terms)
        os << term.coeff << "*" << term.rank << "+";
      os << d.constant << "]";
    }
  };
  for (const core::Access &a : e.inputs)
    access(a);
  os << "->";
  access(e.output);
  os << "|p";
  for (core::Placement p : request.placements)
    os << static_cast<int>(p);
  os << "|b" << request.maxCandidates;
  return key;
}

static CurveCache<EinsumCurve> &curveCache() {
  static CurveCache<EinsumCurve> cache;
  return cache;
}

std::optional<EinsumCurve> oro::searchEinsum(const core::Workload &w,
                                             unsigned e,
                                             const EinsumSearchRequest &request,
                                             std::string &error) {
  std::string key = searchKey(w, w.einsums[e], request);
  if (std::optional<EinsumCurve> cached = curveCache().lookup(key)) {
    if (!request.progressLabel.empty())
      llvm::errs() << "  searching " << request.progressLabel
                   << "  100% (same as an earlier einsum)\n";
    cached->reused = true;
    return cached;
  }
  auto start = std::chrono::steady_clock::now();
  llvm::Expected<core::CostModel> model =
      core::CostModel::create(w.einsums[e], w.tensors);
  if (!model) {
    error = llvm::toString(model.takeError());
    return std::nullopt;
  }
  core::SearchOptions options;
  for (core::Placement p : request.placements)
    options.keep.push_back(toKeepPolicy(p));
  options.maxCandidates = request.maxCandidates;
  if (!request.progressLabel.empty())
    options.progress = ProgressLine(request.progressLabel);
  llvm::Expected<core::SearchResult> result =
      core::searchParetoFront(*model, options);
  if (!result) {
    error = llvm::toString(result.takeError());
    return std::nullopt;
  }

  EinsumCurve curve;
  for (const core::ParetoPoint &p : result->front.points()) {
    PointRecord record;
    record.capacityBits = p.occupancyBits;
    record.accessesBits = p.accessBits;
    for (const core::Loop &loop : p.witness.loops)
      record.witness.loops.push_back({loop.rank, loop.tile});
    for (unsigned pos : p.witness.positions)
      record.witness.positions.push_back(
          pos == core::Mapping::kBypass ? -1 : static_cast<int64_t>(pos));
    core::Cost cost = model->evaluateUnchecked(p.witness);
    for (const core::TensorCost &t : cost.perTensor)
      record.witness.accessBits.push_back(t.accessBits());
    curve.points.push_back(std::move(record));
  }
  if (curve.points.empty()) {
    error = "the search found no mapping";
    return std::nullopt;
  }
  const core::SearchStats &stats = result->stats;
  curve.candidatesEvaluated =
      core::fitsU64(stats.candidatesEvaluated)
          ? static_cast<uint64_t>(stats.candidatesEvaluated)
          : UINT64_MAX;
  curve.mapspaceSize = stats.mapSpaceSize;
  curve.seconds = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  curveCache().insert(key, curve);
  return curve;
}

core::Count oro::einsumCompulsoryBits(const core::Workload &w, unsigned e) {
  llvm::Expected<core::CostModel> model =
      core::CostModel::create(w.einsums[e], w.tensors);
  if (!model) {
    llvm::consumeError(model.takeError());
    return 0;
  }
  return core::compulsoryAccessBits(*model);
}

/// The report form of one fused group: shared loops named by the first
/// einsum's ranks, on-chip tensors, and each einsum's mapping with its
/// internal accesses marked `kFused` and its per-access traffic.
static llvm::Expected<GroupRecord>
groupRecord(const core::FusionModel &model, const core::FusedGroupMapping &g) {
  GroupRecord record;
  record.begin = g.begin;
  record.end = g.end;
  llvm::SmallVector<unsigned, 4> classes;
  core::GroupClasses gc = model.groupClasses(g.begin, g.end);
  for (const core::SharedLoop &loop : g.shared) {
    classes.push_back(loop.rankClass);
    int rank = loop.rankClass < gc.numClasses
                   ? gc.getRankOfClass(g.begin, loop.rankClass)
                   : -1;
    if (rank < 0)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "shared loop over no single rank");
    record.shared.push_back({static_cast<unsigned>(rank), loop.tile});
  }
  llvm::Expected<core::GroupAnalysis> analysis =
      model.analyzeGroup(gc, classes);
  if (!analysis)
    return analysis.takeError();
  llvm::Expected<core::GroupCost> cost = model.evaluateGroup(g);
  if (!cost)
    return cost.takeError();
  for (const core::GroupAnalysis::Internal &in : analysis->internals)
    record.onChip.push_back(in.tensor);
  for (unsigned k = 0; k < g.mappings.size(); ++k) {
    const core::Mapping &m = g.mappings[k];
    WitnessRecord witness;
    for (const core::Loop &loop : m.loops)
      witness.loops.push_back({loop.rank, loop.tile});
    uint32_t internal = analysis->internalAccesses[k];
    for (unsigned a = 0; a < m.positions.size(); ++a) {
      if (internal & (1u << a))
        witness.positions.push_back(WitnessRecord::kFused);
      else if (m.isBypassed(a))
        witness.positions.push_back(WitnessRecord::kBypass);
      else
        witness.positions.push_back(m.positions[a]);
    }
    for (const core::TensorCost &t : cost->perEinsum[k].perTensor)
      witness.accessBits.push_back(t.accessBits());
    record.mappings.push_back(std::move(witness));
  }
  return record;
}

/// Everything the fused search depends on: each einsum's search key (ranks,
/// projections, bits and shapes), the tensors each einsum reads and writes
/// (the wiring), the tensor kinds and the options.
static std::string workloadKey(const core::Workload &w,
                               const WorkloadSearchRequest &request) {
  std::string key;
  llvm::raw_string_ostream os(key);
  EinsumSearchRequest einsumRequest;
  for (const core::Einsum &e : w.einsums) {
    os << searchKey(w, e, einsumRequest) << "@";
    for (const core::Access &a : e.inputs)
      os << a.tensor << ",";
    os << e.output.tensor << "#";
  }
  for (const core::Tensor &t : w.tensors)
    os << static_cast<int>(t.kind);
  os << "|g" << request.maxGroupSize << "|b" << request.maxCandidates << "|p"
     << request.maxGroupCandidates << "|y" << request.allowBypass;
  return key;
}

std::optional<WorkloadCurveRecord>
oro::searchFusedWorkload(const core::Workload &w,
                         const WorkloadSearchRequest &request,
                         std::string &error) {
  // Failures are remembered too: a search that ran out of budget in
  // `--oro-map-search` is not run again by `--oro-emit-bounds`.
  static CurveCache<WorkloadCurveRecord> cache;
  static CurveCache<std::string> failures;
  std::string key = workloadKey(w, request);
  if (std::optional<WorkloadCurveRecord> cached = cache.lookup(key)) {
    if (!request.progressLabel.empty())
      llvm::errs() << "  searching " << request.progressLabel
                   << "  100% (same as an earlier workload)\n";
    cached->reused = true;
    return cached;
  }
  if (std::optional<std::string> failed = failures.lookup(key)) {
    error = *failed;
    return std::nullopt;
  }
  core::FusionOptions options;
  options.maxCandidates = request.maxCandidates;
  options.maxGroupSize = request.maxGroupSize;
  options.maxGroupCandidates = request.maxGroupCandidates;
  options.allowBypass = request.allowBypass;
  if (!request.progressLabel.empty())
    options.progress = ProgressLine(request.progressLabel);
  // Single-einsum fronts come from (and go to) the einsum curve cache: the
  // pass's own per-einsum curves and the fused search share one search.
  options.singleFront =
      [&](unsigned e) -> std::optional<std::vector<core::ParetoPoint>> {
    EinsumSearchRequest single;
    single.placements.assign(w.einsums[e].inputs.size() + 1,
                             request.allowBypass ? core::Placement::MayKeep
                                                 : core::Placement::Keep);
    single.maxCandidates = request.maxCandidates;
    if (!request.progressLabel.empty())
      single.progressLabel = w.name + "/" + w.einsums[e].name + " (alone)";
    // On failure the fused search runs the same search and reports it.
    std::string ignored;
    std::optional<EinsumCurve> curve = searchEinsum(w, e, single, ignored);
    if (!curve)
      return std::nullopt;
    std::vector<core::ParetoPoint> points;
    for (const PointRecord &p : curve->points) {
      core::ParetoPoint point;
      point.occupancyBits = p.capacityBits;
      point.accessBits = p.accessesBits;
      for (auto [rank, tile] : p.witness.loops)
        point.witness.loops.push_back({rank, tile});
      for (int64_t pos : p.witness.positions)
        point.witness.positions.push_back(
            pos == WitnessRecord::kBypass ? core::Mapping::kBypass
                                          : static_cast<unsigned>(pos));
      points.push_back(std::move(point));
    }
    return points;
  };
  llvm::Expected<core::WorkloadCurves> curves =
      core::computeWorkloadCurves(w, options);
  if (!curves) {
    error = llvm::toString(curves.takeError());
    if (!request.progressLabel.empty())
      llvm::errs() << "\n";
    failures.insert(key, error);
    return std::nullopt;
  }
  llvm::Expected<core::FusionModel> model = core::FusionModel::create(w);
  if (!model) {
    error = llvm::toString(model.takeError());
    return std::nullopt;
  }
  WorkloadCurveRecord record;
  record.fusion = "fused";
  // Distinct groups by content: the model's rendering names everything.
  // Points share group witnesses, so most are known by address already.
  std::map<std::string, unsigned> groupIds;
  std::map<const core::FusedGroupMapping *, unsigned> idOfShared;
  for (const core::WorkloadPoint &p : curves->fused) {
    WorkloadCurveRecord::Point point;
    point.capacityBits = p.capacityBits;
    point.accessesBits = p.accessBits;
    for (const auto &shared : p.witness.groups) {
      auto known = idOfShared.find(shared.get());
      if (known != idOfShared.end()) {
        point.groupIds.push_back(known->second);
        continue;
      }
      const core::FusedGroupMapping &g = *shared;
      auto [it, inserted] =
          groupIds.try_emplace(model->formatGroup(g), record.groups.size());
      idOfShared.emplace(shared.get(), it->second);
      if (inserted) {
        llvm::Expected<GroupRecord> group = groupRecord(*model, g);
        if (!group) {
          error = "internal error: a fused witness does not evaluate: " +
                  llvm::toString(group.takeError());
          return std::nullopt;
        }
        record.groups.push_back(std::move(*group));
      }
      point.groupIds.push_back(it->second);
    }
    record.points.push_back(std::move(point));
  }
  record.persistentCompulsoryBits = w.persistentBits();
  const core::FusionStats &stats = curves->stats;
  record.seconds = stats.seconds;
  record.candidatesEvaluated = stats.candidates();
  record.groupsSearched = stats.groupsSearched;
  record.maxGroupSize = request.maxGroupSize;
  record.maxGroupCandidates = request.maxGroupCandidates;
  record.largestGroupCandidates = stats.largestGroupCandidates;
  record.groupsTruncated = stats.groupsTruncated;
  record.truncatedGroups = stats.truncatedGroups;
  record.budgetExhausted = stats.budgetExhausted;
  cache.insert(key, record);
  return record;
}
