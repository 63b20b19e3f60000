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
/// `level0Bits`: the traffic across the first boundary instead of the
/// mapping's own (a fused group member's, from the group's cost, which
/// reads a shared input once for all its readers).
static void accumulate(std::vector<HierarchyLevelRecord> &levels,
                       const core::InnerLevelsResult &r,
                       std::optional<core::Count> level0Bits = std::nullopt) {
  for (unsigned k = 0; k < levels.size(); ++k) {
    HierarchyLevelRecord &l = levels[k];
    if (k >= r.levelsMapped || l.incomplete) {
      l.incomplete = true;
      l.attainedBits.reset();
      l.occupancyBits.reset();
      continue;
    }
    const core::LevelCost &c = r.cost.levels[k];
    core::Count bits = k == 0 && level0Bits ? *level0Bits : c.boundaryBits;
    l.attainedBits = core::satAdd(l.attainedBits.value_or(0), bits);
    l.occupancyBits = std::max(l.occupancyBits.value_or(0), c.occupancyBits);
  }
}

/// Member k's traffic across the first boundary in group `g`'s own cost
/// (a shared input carried by its first reader, read once).
static core::Count memberTrafficBits(const GroupRecord &g, unsigned k) {
  core::Count bits = 0;
  for (core::Count b : g.mappings[k].accessBits)
    bits = core::satAdd(bits, b);
  return bits;
}

/// The cost of `m`, einsum e's chosen mapping, as a plan would give it.
static llvm::Expected<core::InnerLevelsResult>
evaluateChosen(const core::Workload &w, unsigned e, const core::Arch &arch,
               const core::MultiLevelMapping &m) {
  llvm::Expected<core::MultiLevelCost> cost =
      core::evaluateMultiLevel(w.einsums[e], w.tensors, m);
  if (!cost)
    return cost.takeError();
  core::InnerLevelsResult r;
  r.mapping = m;
  r.cost = std::move(*cost);
  r.levelsMapped = m.levels.size();
  if (r.levelsMapped + 1 < arch.levels.size())
    r.stopReason =
        "its mapping stops at level '" + arch.levels[r.levelsMapped].name + "'";
  return r;
}

/// Warns when the chosen mapping of einsum e (cost `r`) or its group
/// (`peak` at level 1) needs more than a level holds: its traffic is then
/// not attainable on this arch.
static void warnIfTooLarge(const core::Workload &w, unsigned e,
                           const core::Arch &arch,
                           const core::InnerLevelsResult &r,
                           std::optional<core::Count> peak,
                           std::vector<EinsumWarning> &warnings) {
  for (unsigned k = 0; k < r.cost.levels.size(); ++k) {
    const core::Level &level = arch.levels[k + 1];
    core::Count need = r.cost.levels[k].occupancyBits;
    if (k == 0 && peak)
      need = std::max(need, *peak);
    if (level.capacityBits && need > *level.capacityBits)
      warnings.push_back(
          {e, "its mapping in the IR needs " + core::toString(need) +
                  " bits of level '" + level.name + "', which holds " +
                  core::toString(*level.capacityBits) +
                  ": its attained traffic does not fit this arch"});
  }
}

/// Chosen group `g` as the fused model's group mapping (level 1 of each
/// member's mapping; its shared loops named by the first member's ranks).
static core::FusedGroupMapping
chosenGroupMapping(const core::FusionModel &model, const ChosenMappings &chosen,
                   const ChosenMappings::Group &g) {
  core::FusedGroupMapping group;
  group.einsums = core::GroupMembers(g.einsums);
  group.shareInputs = g.shareInputs;
  core::GroupClasses gc = model.groupClasses(group.einsums, g.shareInputs);
  unsigned first = g.einsums.front();
  const core::MultiLevelMapping &m0 = chosen.mappings[first];
  for (unsigned l = 0; l < m0.sharedLoops && l < m0.levels[0].loops.size();
       ++l) {
    const core::Loop &loop = m0.levels[0].loops[l];
    group.shared.push_back({gc.getClass(first, loop.rank), loop.tile});
  }
  for (unsigned e : g.einsums) {
    const core::LevelMapping &level0 = chosen.mappings[e].levels[0];
    core::Mapping m;
    m.loops.assign(level0.loops.begin(), level0.loops.end());
    m.positions.assign(level0.positions.begin(), level0.positions.end());
    group.mappings.push_back(std::move(m));
  }
  return group;
}

/// A group of the fused table (or an einsum alone): its members' mappings
/// on every level and their traffic across the first boundary when the
/// group's cost gives it (fused groups).
struct TableGroup {
  std::vector<unsigned> einsums;
  std::vector<core::InnerLevelsResult> members;
  std::vector<std::optional<core::Count>> level0Bits;
  /// The group's peak at level 1 (chosen groups).
  std::optional<core::Count> peakBits;
  bool fused = false;
  bool split = false;
};

/// The fused table's groups from `chosen`, or a message saying why they do
/// not evaluate.
static llvm::Expected<std::vector<TableGroup>>
chosenTableGroups(const core::Workload &w, const core::Arch &arch,
                  const ChosenMappings &chosen) {
  std::vector<TableGroup> out;
  std::vector<int> groupOf(w.einsums.size(), -1);
  for (unsigned k = 0; k < chosen.groups.size(); ++k)
    for (unsigned e : chosen.groups[k].einsums)
      groupOf[e] = k;
  std::optional<core::FusionModel> model;
  if (!chosen.groups.empty()) {
    std::vector<core::KeepPolicy> keep;
    for (const core::Tensor &t : w.tensors)
      keep.push_back(toKeepPolicy(arch.levels[1].placement(t)));
    llvm::Expected<core::FusionModel> created =
        core::FusionModel::create(w, keep);
    if (!created)
      return created.takeError();
    model.emplace(std::move(*created));
  }
  for (unsigned e = 0; e < w.einsums.size(); ++e) {
    if (groupOf[e] >= 0 && chosen.groups[groupOf[e]].einsums.front() != e)
      continue;
    TableGroup t;
    t.einsums = groupOf[e] < 0 ? std::vector<unsigned>{e}
                               : chosen.groups[groupOf[e]].einsums;
    t.fused = t.einsums.size() > 1;
    std::optional<GroupRecord> record;
    if (t.fused) {
      core::FusedGroupMapping g =
          chosenGroupMapping(*model, chosen, chosen.groups[groupOf[e]]);
      llvm::Expected<core::GroupCost> cost = model->evaluateGroup(g);
      if (!cost)
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "the fused group of '" + w.einsums[e].name +
                "' does not evaluate: " + llvm::toString(cost.takeError()));
      t.peakBits = cost->peakBits;
      llvm::Expected<GroupRecord> r = groupRecord(*model, g);
      if (!r)
        return r.takeError();
      record = std::move(*r);
    }
    for (unsigned k = 0; k < t.einsums.size(); ++k) {
      unsigned x = t.einsums[k];
      llvm::Expected<core::InnerLevelsResult> r =
          evaluateChosen(w, x, arch, chosen.mappings[x]);
      if (!r)
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "the mapping of '" + w.einsums[x].name +
                "' does not evaluate: " + llvm::toString(r.takeError()));
      t.members.push_back(std::move(*r));
      t.level0Bits.push_back(
          record ? std::optional<core::Count>(memberTrafficBits(*record, k))
                 : std::nullopt);
    }
    out.push_back(std::move(t));
  }
  return out;
}

void engine::addHierarchyTables(
    Session &session, ReportData &data, unsigned wi, const core::Workload &w,
    const core::Arch &arch, llvm::ArrayRef<const CurveRecord *> level1Curves,
    const WorkloadCurveRecord *fused, bool fusion,
    const WorkloadSearchRequest &limits, const HierarchyObjective &objective,
    std::vector<EinsumWarning> &warnings, const ChosenMappings *chosen) {
  const uint64_t budget = limits.maxCandidates;
  size_t n = w.einsums.size();
  std::vector<HierarchyLevelRecord> skeleton = hierarchySkeleton(arch);

  // Which tables the chosen mappings are (ChosenMappings): the fused one
  // with fusion, else each einsum's and the unfused one, as long as they
  // evaluate.
  const bool fusedTable = fusion && n > 1;
  // Chosen mappings must give every einsum one to at most every level
  // below the backing store, and groups of its einsums.
  if (chosen) {
    bool fits = chosen->mappings.size() == n;
    for (const core::MultiLevelMapping &m : chosen->mappings)
      fits &= !m.levels.empty() && m.levels.size() < arch.levels.size();
    for (const ChosenMappings::Group &g : chosen->groups)
      for (unsigned e : g.einsums)
        fits &= e < n;
    if (!fits) {
      warnings.push_back({0, "the chosen mappings do not fit the workload "
                             "and the arch: the tables plan their own"});
      chosen = nullptr;
    }
  }
  std::optional<std::vector<TableGroup>> chosenFused;
  std::vector<std::optional<core::InnerLevelsResult>> chosenAlone;
  if (chosen && fusedTable) {
    llvm::Expected<std::vector<TableGroup>> groups =
        chosenTableGroups(w, arch, *chosen);
    if (groups)
      chosenFused = std::move(*groups);
    else
      warnings.push_back({0, "the mappings in the IR are not evaluated (" +
                                 llvm::toString(groups.takeError()) +
                                 "): the fused table plans its own"});
  } else if (chosen && !chosen->groups.empty()) {
    warnings.push_back(
        {chosen->groups.front().einsums.front(),
         "the fused mappings in the IR are not evaluated with fusion=false: "
         "the tables plan their own"});
  } else if (chosen) {
    for (unsigned e = 0; e < n; ++e) {
      llvm::Expected<core::InnerLevelsResult> r =
          evaluateChosen(w, e, arch, chosen->mappings[e]);
      if (!r) {
        warnings.push_back({e, "its mapping in the IR is not evaluated (" +
                                   llvm::toString(r.takeError()) +
                                   "): its tables plan their own"});
        chosenAlone.clear();
        break;
      }
      chosenAlone.push_back(std::move(*r));
    }
    for (unsigned e = 0; e < chosenAlone.size(); ++e)
      warnIfTooLarge(w, e, arch, *chosenAlone[e], std::nullopt, warnings);
  }
  if (chosenFused)
    for (const TableGroup &t : *chosenFused)
      for (unsigned k = 0; k < t.einsums.size(); ++k)
        warnIfTooLarge(w, t.einsums[k], arch, t.members[k],
                       k == 0 ? t.peakBits : std::nullopt, warnings);

  // Compute ahead, on the session's threads, the plans the tables request
  // below in order: each einsum's own, and the fused choice's groups'.
  // (prefetchBounds did the curves.)
  std::vector<std::function<void()>> plans;
  if (session.threads() > 1) {
    for (size_t e = 0; e < n && chosenAlone.empty(); ++e)
      if (const CurveRecord *curve = level1Curves[e]; curve->chosen)
        plans.push_back([&, curve, e] {
          std::string ignored;
          planEinsum(session, w, e, arch, curve->points, *curve->chosen,
                     objective, budget, ignored, /*prefetch=*/true);
        });
    if (n > 1 && fused && fused->chosen && !chosenFused)
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
    // Its mapping on every level: chosen, or planned from its curve.
    std::optional<EinsumPlan> plan;
    const core::InnerLevelsResult *r = nullptr;
    if (!chosenAlone.empty()) {
      r = &*chosenAlone[e];
      h.attainedFrom = "mappings";
    } else if (!curve.chosen) {
      h.note = "no mapping fits level '" + arch.levels[1].name + "'";
      allMapped = false;
    } else {
      std::string error;
      plan = planEinsum(session, w, e, arch, curve.points, *curve.chosen,
                        objective, budget, error);
      if (plan) {
        r = &plan->result;
      } else {
        warnings.push_back(
            {static_cast<unsigned>(e), "no hierarchy mapping: " + error});
        h.note = error;
        allMapped = false;
      }
    }
    if (r) {
      accumulate(h.levels, *r);
      accumulate(unfusedLevels, *r);
      bool known = true;
      addEnergy(h.energyPJ, known, e, *r);
      addEnergy(unfusedEnergy, unfusedEnergyKnown, e, *r);
      h.note = r->stopReason;
      if (!r->stopReason.empty() && unfusedNote.empty())
        unfusedNote = w.einsums[e].name + ": " + r->stopReason;
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
  if (!chosenAlone.empty())
    unfused.attainedFrom = "mappings";
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
  if (!chosenFused && (!fused || !fused->chosen))
    return;
  fusedRecord.fusion = "fused";
  fusedRecord.attainedFrom = chosenFused ? "mappings" : "plan";
  fusedRecord.note.clear();
  std::vector<HierarchyLevelRecord> levels = skeleton;
  for (unsigned k = 0; k < levels.size(); ++k)
    levels[k].boundBits = fusedRecord.levels[k].boundBits;

  // The groups and their members' mappings: chosen, or planned from the
  // fused choice.
  std::vector<TableGroup> groups;
  std::optional<core::Count> level1Peak;
  if (chosenFused) {
    groups = std::move(*chosenFused);
  } else {
    const WorkloadCurveRecord::Point &point = fused->points[*fused->chosen];
    level1Peak = point.capacityBits;
    for (unsigned id : point.groupIds) {
      const GroupRecord &g = fused->groups[id];
      std::string error;
      std::optional<GroupPlan> plan =
          planGroup(session, w, g, arch, objective, budget, error);
      if (!plan) {
        warnings.push_back(
            {g.einsums.front(),
             "no hierarchy mapping in its fused group: " + error});
        return;
      }
      TableGroup t;
      t.einsums = g.einsums;
      t.fused = g.einsums.size() > 1;
      t.split = plan->split;
      for (unsigned k = 0; k < g.einsums.size(); ++k) {
        t.members.push_back(std::move(plan->members[k].result));
        // A fused group's traffic across the first boundary is its own
        // cost's (a shared input read once), not its members' alone.
        t.level0Bits.push_back(
            t.fused && !t.split
                ? std::optional<core::Count>(memberTrafficBits(g, k))
                : std::nullopt);
      }
      groups.push_back(std::move(t));
    }
  }
  std::optional<double> fusedEnergy;
  bool fusedEnergyKnown = true;
  unsigned numGroups = 0, splitGroups = 0;
  for (const TableGroup &t : groups) {
    if (t.fused) {
      ++numGroups;
      splitGroups += t.split;
    }
    if (t.peakBits)
      level1Peak = std::max(level1Peak.value_or(0), *t.peakBits);
    for (unsigned k = 0; k < t.einsums.size(); ++k) {
      unsigned e = t.einsums[k];
      const core::InnerLevelsResult &r = t.members[k];
      accumulate(levels, r, t.level0Bits[k]);
      addEnergy(fusedEnergy, fusedEnergyKnown, e, r);
      if (!r.stopReason.empty() && fusedRecord.note.empty())
        fusedRecord.note = w.einsums[e].name + ": " + r.stopReason;
    }
  }
  if (splitGroups != 0) {
    std::string split = llvm::formatv("{0} of {1} fused groups run unfused "
                                      "(less energy below level 1)",
                                      splitGroups, numGroups);
    fusedRecord.note =
        fusedRecord.note.empty() ? split : split + "; " + fusedRecord.note;
  }
  fusedRecord.energyPJ = fusedEnergy;
  // Level 1 holds whole groups: its occupancy is the largest group's peak.
  if (level1Peak)
    levels[0].occupancyBits =
        std::max(levels[0].occupancyBits.value_or(0), *level1Peak);
  fusedRecord.levels = std::move(levels);
  data.hierarchy.push_back(std::move(fusedRecord));
}
