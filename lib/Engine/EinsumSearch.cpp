//===- EinsumSearch.cpp - Curves of einsums and workloads -----------------===//

#include "oro/Engine/EinsumSearch.h"
#include "oro/Core/Bounds.h"
#include "oro/Core/CostModel.h"
#include "oro/Core/FusionSearch.h"
#include "oro/Core/Search.h"
#include "oro/Engine/Hierarchy.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <map>
#include <mutex>

using namespace oro;
using namespace oro::engine;

core::KeepPolicy engine::toKeepPolicy(core::Placement placement) {
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

core::Placement engine::toPlacement(core::KeepPolicy policy) {
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

/// Everything the search result depends on, as a string: rank extents,
/// projections, element bits and shapes, which accesses share a tensor, the
/// placements and the budget. Names do not matter (witnesses use indices).
std::string engine::searchKey(const core::Workload &w, const core::Einsum &e,
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

/// Runs the search `einsumCurveEntry` memoizes.
static EinsumCurveEntry computeEinsumCurve(Session &session,
                                           const core::Workload &w, unsigned e,
                                           const EinsumSearchRequest &request) {
  EinsumCurveEntry entry;
  auto start = std::chrono::steady_clock::now();
  llvm::Expected<core::CostModel> model =
      core::CostModel::create(w.einsums[e], w.tensors);
  if (!model) {
    entry.error = llvm::toString(model.takeError());
    return entry;
  }
  core::SearchOptions options;
  for (core::Placement p : request.placements)
    options.keep.push_back(toKeepPolicy(p));
  options.maxCandidates = request.maxCandidates;
  if (!request.progressLabel.empty())
    options.progress = session.progress().line(request.progressLabel);
  session.countSearch();
  llvm::Expected<core::SearchResult> result =
      core::searchParetoFront(*model, options);
  if (!result) {
    entry.error = llvm::toString(result.takeError());
    return entry;
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
  const core::SearchStats &stats = result->stats;
  curve.candidatesEvaluated =
      core::fitsU64(stats.candidatesEvaluated)
          ? static_cast<uint64_t>(stats.candidatesEvaluated)
          : UINT64_MAX;
  session.addCandidates(curve.candidatesEvaluated);
  if (curve.points.empty()) {
    entry.error = "the search found no mapping";
    return entry;
  }
  curve.mapspaceSize = stats.mapSpaceSize;
  curve.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  entry.curve = std::move(curve);
  return entry;
}

std::shared_ptr<const EinsumCurveEntry>
engine::einsumCurveEntry(Session &session, const core::Workload &w, unsigned e,
                         const EinsumSearchRequest &request,
                         SearchTrace *trace) {
  std::string key = searchKey(w, w.einsums[e], request);
  std::shared_ptr<const EinsumCurveEntry> entry =
      session.einsumCurves().getOrCompute(
          key, [&] { return computeEinsumCurve(session, w, e, request); });
  if (trace)
    trace->emplace_back(std::move(key), entry->curve.has_value());
  return entry;
}

std::optional<EinsumCurve>
engine::searchEinsum(Session &session, const core::Workload &w, unsigned e,
                     const EinsumSearchRequest &request, std::string &error) {
  std::string key = searchKey(w, w.einsums[e], request);
  bool seen = session.ledger().curveSeen(key);
  std::shared_ptr<const EinsumCurveEntry> entry =
      einsumCurveEntry(session, w, e, request);
  if (!entry->curve) {
    error = entry->error;
    return std::nullopt;
  }
  session.ledger().recordCurve(key, true);
  if (seen && !request.progressLabel.empty())
    session.progress().done(request.progressLabel, "same as an earlier einsum");
  EinsumCurve curve = *entry->curve;
  curve.reused = seen;
  return curve;
}

core::Count engine::einsumCompulsoryBits(const core::Workload &w, unsigned e) {
  llvm::Expected<core::CostModel> model =
      core::CostModel::create(w.einsums[e], w.tensors);
  if (!model) {
    llvm::consumeError(model.takeError());
    return 0;
  }
  return core::compulsoryAccessBits(*model);
}

llvm::Expected<GroupRecord>
engine::groupRecord(const core::FusionModel &model,
                    const core::FusedGroupMapping &g) {
  GroupRecord record;
  record.einsums.assign(g.einsums.begin(), g.einsums.end());
  llvm::SmallVector<unsigned, 4> classes;
  core::GroupClasses gc = model.groupClasses(g.einsums, g.shareInputs);
  for (const core::SharedLoop &loop : g.shared) {
    classes.push_back(loop.rankClass);
    int rank = loop.rankClass < gc.numClasses
                   ? gc.getRankOfClass(g.einsums.front(), loop.rankClass)
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
  for (const core::SharedInput &in : analysis->sharedInputs)
    record.sharedInputs.push_back(in.tensor);
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
  os << "|g" << request.maxGroupSize << "|l" << request.lookahead << "|s"
     << request.shareInputs << "|r" << request.retile << "|b" << request.maxCandidates << "|p"
     << request.maxGroupCandidates << "|y";
  for (core::Placement p : request.placements)
    os << static_cast<int>(p);
  return key;
}

/// Runs the fused search `fusedWorkloadEntry` memoizes.
static WorkloadEntry computeFused(Session &session, const core::Workload &w,
                                  const WorkloadSearchRequest &request) {
  WorkloadEntry entry;
  std::string &error = entry.error;
  core::FusionOptions options;
  options.maxCandidates = request.maxCandidates;
  options.maxGroupSize = request.maxGroupSize;
  options.lookahead = request.lookahead;
  options.shareInputs = request.shareInputs;
  options.retile = request.retile;
  options.maxGroupCandidates = request.maxGroupCandidates;
  for (core::Placement p : request.placements)
    options.keep.push_back(toKeepPolicy(p));
  // A group's configurations go to the session's threads; the answer is
  // the same at any count (FusionSearch.h).
  options.threadPool = session.pool();
  if (!request.progressLabel.empty())
    options.progress = session.progress().line(request.progressLabel);
  // Single-einsum fronts come from (and go to) the session's einsum curves:
  // the per-einsum curves and the fused search share one search. The
  // search may ask from several threads.
  std::mutex traceMutex;
  options.singleFront =
      [&](unsigned e) -> std::optional<std::vector<core::ParetoPoint>> {
    EinsumSearchRequest single;
    auto placementOf = [&](const core::Access &a) {
      return request.placements.empty() ? core::Placement::Keep
                                        : request.placements[a.tensor];
    };
    for (const core::Access &a : w.einsums[e].inputs)
      single.placements.push_back(placementOf(a));
    single.placements.push_back(placementOf(w.einsums[e].output));
    single.maxCandidates = request.maxCandidates;
    if (!request.progressLabel.empty())
      single.progressLabel = w.name + "/" + w.einsums[e].name + " (alone)";
    SearchTrace trace;
    std::shared_ptr<const EinsumCurveEntry> found =
        einsumCurveEntry(session, w, e, single, &trace);
    {
      std::lock_guard<std::mutex> lock(traceMutex);
      entry.trace.insert(entry.trace.end(), trace.begin(), trace.end());
    }
    // On failure the fused search runs the same search and reports it.
    if (!found->curve)
      return std::nullopt;
    std::vector<core::ParetoPoint> points;
    for (const PointRecord &p : found->curve->points) {
      core::ParetoPoint point;
      point.occupancyBits = p.capacityBits;
      point.accessBits = p.accessesBits;
      for (auto [rank, tile] : p.witness.loops)
        point.witness.loops.push_back({rank, tile});
      for (int64_t pos : p.witness.positions)
        point.witness.positions.push_back(pos == WitnessRecord::kBypass
                                              ? core::Mapping::kBypass
                                              : static_cast<unsigned>(pos));
      points.push_back(std::move(point));
    }
    return points;
  };
  session.countSearch();
  llvm::Expected<core::WorkloadCurves> curves =
      core::computeWorkloadCurves(w, options);
  if (!curves) {
    error = llvm::toString(curves.takeError());
    if (!request.progressLabel.empty())
      llvm::errs() << "\n";
    return entry;
  }
  llvm::Expected<core::FusionModel> model =
      core::FusionModel::create(w, options.keep);
  if (!model) {
    error = llvm::toString(model.takeError());
    return entry;
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
          return entry;
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
  record.lookahead = request.lookahead;
  record.shareInputs = request.shareInputs;
  record.retile = request.retile;
  record.maxGroupCandidates = request.maxGroupCandidates;
  record.largestGroupCandidates = stats.largestGroupCandidates;
  record.groupsTruncated = stats.groupsTruncated;
  for (const core::GroupMembers &g : stats.truncatedGroups)
    record.truncatedGroups.emplace_back(g.begin(), g.end());
  record.budgetExhausted = stats.budgetExhausted;
  record.lowerBound = curves->fusedLowerBound;
  session.addCandidates(static_cast<uint64_t>(
      std::min<core::Count>(stats.candidates(), UINT64_MAX)));
  entry.record = std::move(record);
  return entry;
}

std::shared_ptr<const WorkloadEntry>
engine::fusedWorkloadEntry(Session &session, const core::Workload &w,
                           const WorkloadSearchRequest &request) {
  return session.workloadCurves().getOrCompute(workloadKey(w, request), [&] {
    return computeFused(session, w, request);
  });
}

std::optional<WorkloadCurveRecord>
engine::searchFusedWorkload(Session &session, const core::Workload &w,
                            const WorkloadSearchRequest &request,
                            std::string &error) {
  // Failures are memoized too: a search that ran out of budget in
  // `--oro-map-search` is not run again by `--oro-emit-bounds`.
  bool seen =
      session.ledger().checkAndRecord("fused:" + workloadKey(w, request));
  std::shared_ptr<const WorkloadEntry> entry =
      fusedWorkloadEntry(session, w, request);
  // The einsum searches it ran count as requested now, the first time.
  if (!seen)
    session.ledger().replay(entry->trace);
  if (!entry->record) {
    error = entry->error;
    return std::nullopt;
  }
  if (seen && !request.progressLabel.empty())
    session.progress().done(request.progressLabel,
                            "same as an earlier workload");
  WorkloadCurveRecord record = *entry->record;
  record.reused = seen;
  return record;
}

EinsumSearchRequest
engine::levelCurveRequest(const core::Workload &w, unsigned e,
                          const core::Arch &arch, unsigned li,
                          uint64_t maxCandidates, bool progress) {
  const core::Level &level = arch.levels[li];
  const core::Einsum &einsum = w.einsums[e];
  EinsumSearchRequest request;
  request.placements = accessPlacements(w, einsum, level);
  request.maxCandidates = maxCandidates;
  if (progress)
    request.progressLabel = w.name + "/" + einsum.name + " @ " + level.name;
  return request;
}

WorkloadSearchRequest
engine::fusedLevelRequest(const core::Workload &w, const core::Arch &arch,
                          unsigned li, const WorkloadSearchRequest &limits,
                          bool progress) {
  const core::Level &level = arch.levels[li];
  WorkloadSearchRequest request = limits;
  request.placements.clear();
  for (const core::Tensor &t : w.tensors)
    request.placements.push_back(level.placement(t));
  if (progress)
    request.progressLabel = w.name + " (fused) @ " + level.name;
  return request;
}
