//===- HierarchyTables.cpp - Bound vs attained per memory level -----------===//

#include "oro/Engine/HierarchyTables.h"
#include "oro/Engine/EinsumSearch.h"
#include "oro/Engine/Hierarchy.h"
#include "llvm/Support/FormatVariadic.h"

using namespace oro;
using namespace oro::engine;

/// Fills in each boundary's fixed fields: names, instances, capacities,
/// the pooled capacity and the parent's bandwidth.
static std::vector<HierarchyLevelRecord>
hierarchySkeleton(const core::Arch &arch) {
  std::vector<HierarchyLevelRecord> levels;
  for (unsigned li = 1; li < arch.levels.size(); ++li) {
    HierarchyLevelRecord l;
    l.level = arch.levels[li].name;
    l.parent = arch.levels[li - 1].name;
    l.instances = arch.instances(li);
    l.capacityBits = arch.levels[li].capacityBits;
    l.boundCapacityBits = pooledCapacity(arch, li);
    if (std::optional<double> bw = arch.levels[li - 1].bandwidthBitsPerCycle)
      l.bandwidthBitsPerCycle =
          *bw * static_cast<double>(arch.instances(li - 1));
    levels.push_back(std::move(l));
  }
  return levels;
}

/// Adds `cost`'s boundaries into `levels` (summing traffic, taking the
/// largest occupancy); levels below `mapped` become unknown for good.
static void accumulate(std::vector<HierarchyLevelRecord> &levels,
                       const core::InnerLevelsResult &r) {
  for (unsigned k = 0; k < levels.size(); ++k) {
    HierarchyLevelRecord &l = levels[k];
    if (k >= r.levelsMapped || l.incomplete) {
      l.incomplete = true;
      l.attainedBits.reset();
      l.occupancyBits.reset();
      continue;
    }
    const core::LevelCost &c = r.cost.levels[k];
    l.attainedBits = core::satAdd(l.attainedBits.value_or(0), c.boundaryBits);
    l.occupancyBits = std::max(l.occupancyBits.value_or(0), c.occupancyBits);
  }
}

void engine::addHierarchyTables(
    Session &session, ReportData &data, unsigned wi, const core::Workload &w,
    const core::Arch &arch, llvm::ArrayRef<const CurveRecord *> level1Curves,
    const WorkloadCurveRecord *fused, bool fusion,
    const WorkloadSearchRequest &limits, const HierarchyObjective &objective,
    std::vector<EinsumWarning> &warnings) {
  const uint64_t budget = limits.maxCandidates;
  size_t n = w.einsums.size();
  std::vector<HierarchyLevelRecord> skeleton = hierarchySkeleton(arch);

  // Compute ahead, on the session's threads, the plans the tables request
  // below in order: each einsum's own, and the fused choice's groups'.
  // (prefetchBounds did the curves.)
  std::vector<std::function<void()>> plans;
  if (session.threads() > 1) {
    for (size_t e = 0; e < n; ++e)
      if (const CurveRecord *curve = level1Curves[e]; curve->chosen)
        plans.push_back([&, curve, e] {
          std::string ignored;
          planEinsum(session, w, e, arch, curve->points, *curve->chosen,
                     objective, budget, ignored, /*prefetch=*/true);
        });
    if (n > 1 && fused && fused->chosen)
      for (unsigned id : fused->points[*fused->chosen].groupIds)
        plans.push_back([&, id] {
          std::string ignored;
          planGroup(session, w, fused->groups[id], arch, objective, budget,
                    ignored, /*prefetch=*/true);
        });
  }
  session.prefetch(plans);

  // Bounds per einsum: its curve with pooled placements at pooled capacity.
  std::vector<std::vector<std::optional<core::Count>>> einsumBound(n);
  for (size_t e = 0; e < n; ++e)
    for (unsigned li = 1; li < arch.levels.size(); ++li) {
      EinsumSearchRequest request;
      request.placements = pooledPlacements(w, w.einsums[e], arch, li);
      request.maxCandidates = budget;
      std::string error;
      std::optional<EinsumCurve> curve =
          searchEinsum(session, w, e, request, error);
      std::optional<core::Count> bound;
      if (curve)
        if (std::optional<size_t> at =
                lastFitting(curve->points, pooledCapacity(arch, li)))
          bound = curve->points[*at].accessesBits;
      einsumBound[e].push_back(bound);
    }

  // Energy of a table: summed over its plans while every one maps every
  // level and the arch gives every energy.
  auto addEnergy = [&](std::optional<double> &total, bool &known, unsigned e,
                       const core::InnerLevelsResult &r) {
    std::optional<double> x = r.levelsMapped == arch.levels.size() - 1
                                  ? planEnergyPJ(w, e, arch, r)
                                  : std::nullopt;
    known &= x.has_value();
    total =
        known ? std::optional<double>(total.value_or(0) + *x) : std::nullopt;
  };

  // Each einsum on its own.
  std::vector<HierarchyLevelRecord> unfusedLevels = skeleton;
  std::string unfusedNote;
  bool allMapped = true;
  std::optional<double> unfusedEnergy;
  bool unfusedEnergyKnown = true;
  for (size_t e = 0; e < n; ++e) {
    HierarchyRecord h;
    h.scope = "einsum";
    h.workload = wi;
    h.einsum = e;
    h.boundMapspace = "unfused";
    h.objective = objective.name;
    h.macs = w.einsums[e].macs();
    h.levels = skeleton;
    for (unsigned k = 0; k < h.levels.size(); ++k)
      h.levels[k].boundBits = einsumBound[e][k];
    const CurveRecord &curve = *level1Curves[e];
    if (!curve.chosen) {
      h.note = "no mapping fits level '" + arch.levels[1].name + "'";
      allMapped = false;
    } else {
      std::string error;
      std::optional<EinsumPlan> plan =
          planEinsum(session, w, e, arch, curve.points, *curve.chosen,
                     objective, budget, error);
      if (!plan) {
        warnings.push_back(
            {static_cast<unsigned>(e), "no hierarchy mapping: " + error});
        h.note = error;
        allMapped = false;
      } else {
        const core::InnerLevelsResult &r = plan->result;
        accumulate(h.levels, r);
        accumulate(unfusedLevels, r);
        bool known = true;
        addEnergy(h.energyPJ, known, e, r);
        addEnergy(unfusedEnergy, unfusedEnergyKnown, e, r);
        h.note = r.stopReason;
        if (!r.stopReason.empty() && unfusedNote.empty())
          unfusedNote = w.einsums[e].name + ": " + r.stopReason;
      }
    }
    data.hierarchy.push_back(std::move(h));
  }
  if (n < 2)
    return;

  // The workload: bounds over the fused mapspace, each tensor with its
  // pooled placement.
  HierarchyRecord unfused;
  unfused.scope = "workload";
  unfused.workload = wi;
  unfused.fusion = "unfused";
  unfused.boundMapspace = "unfused";
  unfused.objective = objective.name;
  unfused.energyPJ = allMapped ? unfusedEnergy : std::nullopt;
  for (const core::Einsum &e : w.einsums)
    unfused.macs = core::satAdd(unfused.macs, e.macs());
  unfused.levels = allMapped ? unfusedLevels : skeleton;
  unfused.note = allMapped ? unfusedNote : "an einsum has no mapping";
  for (unsigned k = 0; k < unfused.levels.size(); ++k) {
    unsigned li = k + 1;
    std::optional<core::Count> bound = 0;
    for (size_t e = 0; e < n; ++e)
      bound = einsumBound[e][k] ? std::optional<core::Count>(
                                      core::satAdd(*bound, *einsumBound[e][k]))
                                : std::nullopt;
    if (bound && fusion) {
      {
        WorkloadSearchRequest request = pooledFusedRequest(w, arch, li, limits);
        std::string error;
        if (std::optional<WorkloadCurveRecord> curve =
                searchFusedWorkload(session, w, request, error))
          if (std::optional<size_t> at =
                  lastFitting(curve->points, pooledCapacity(arch, li))) {
            bound = std::min(*bound, curve->points[*at].accessesBits);
            // A fused curve cut by max-group-size or max-group-candidates
            // is attainable, not a bound over all fusions.
            unfused.boundMapspace =
                curve->isExact(w.einsums.size()) ? "fused" : "fused-not-exact";
          }
      }
    }
    unfused.levels[k].boundBits = bound;
  }
  // Bounds are per boundary; the fused table shares them.
  HierarchyRecord fusedRecord = unfused;
  data.hierarchy.push_back(std::move(unfused));
  if (!fused || !fused->chosen)
    return;
  fusedRecord.fusion = "fused";
  fusedRecord.note.clear();
  std::vector<HierarchyLevelRecord> levels = skeleton;
  for (unsigned k = 0; k < levels.size(); ++k)
    levels[k].boundBits = fusedRecord.levels[k].boundBits;
  const WorkloadCurveRecord::Point &point = fused->points[*fused->chosen];
  std::optional<double> fusedEnergy;
  bool fusedEnergyKnown = true;
  unsigned groups = 0, splitGroups = 0;
  for (unsigned id : point.groupIds) {
    const GroupRecord &g = fused->groups[id];
    std::string error;
    std::optional<GroupPlan> plan =
        planGroup(session, w, g, arch, objective, budget, error);
    if (!plan) {
      warnings.push_back({g.einsums.front(),
                          "no hierarchy mapping in its fused group: " + error});
      return;
    }
    if (g.einsums.size() > 1) {
      ++groups;
      splitGroups += plan->split;
    }
    for (unsigned k = 0; k < g.einsums.size(); ++k) {
      unsigned e = g.einsums[k];
      const core::InnerLevelsResult &r = plan->members[k].result;
      accumulate(levels, r);
      addEnergy(fusedEnergy, fusedEnergyKnown, e, r);
      if (!r.stopReason.empty() && fusedRecord.note.empty())
        fusedRecord.note = w.einsums[e].name + ": " + r.stopReason;
    }
  }
  if (splitGroups != 0) {
    std::string split = llvm::formatv("{0} of {1} fused groups run unfused "
                                      "(less energy below level 1)",
                                      splitGroups, groups);
    fusedRecord.note =
        fusedRecord.note.empty() ? split : split + "; " + fusedRecord.note;
  }
  fusedRecord.energyPJ = fusedEnergy;
  // Level 1 holds whole groups: its occupancy is the fused point's.
  levels[0].occupancyBits =
      std::max(levels[0].occupancyBits.value_or(0), point.capacityBits);
  fusedRecord.levels = std::move(levels);
  data.hierarchy.push_back(std::move(fusedRecord));
}
