//===- Hierarchy.cpp - Multi-level mapping and bounds ---------------------===//

#include "oro/Engine/Hierarchy.h"
#include "oro/Core/Pareto.h"
#include "oro/Engine/EinsumSearch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace oro;
using namespace oro::engine;

const core::Level *engine::levelWithoutEnergies(const core::Arch &arch) {
  for (const core::Level &level : arch.levels)
    if (!level.readEnergyPJPerBit || !level.writeEnergyPJPerBit)
      return &level;
  return nullptr;
}

std::optional<std::vector<core::LevelEnergy>>
engine::archEnergies(const core::Arch &arch) {
  if (levelWithoutEnergies(arch))
    return std::nullopt;
  std::vector<core::LevelEnergy> energies;
  for (const core::Level &level : arch.levels)
    energies.push_back({*level.readEnergyPJPerBit, *level.writeEnergyPJPerBit});
  return energies;
}

llvm::Expected<HierarchyObjective>
engine::makeHierarchyObjective(llvm::StringRef name, const core::Arch &arch) {
  HierarchyObjective objective;
  objective.name = name.str();
  if (name == "traffic")
    return objective;
  if (name != "energy")
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "objective must be 'traffic' or 'energy', not '" + name.str() + "'");
  if (const core::Level *level = levelWithoutEnergies(arch))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "objective=energy needs read_energy_pj_per_bit and "
        "write_energy_pj_per_bit on every level; level '" +
            level->name + "' of architecture '" + arch.name + "' lacks " +
            (level->readEnergyPJPerBit ? "write_energy_pj_per_bit"
                                       : "read_energy_pj_per_bit"));
  objective.energies = *archEnergies(arch);
  return objective;
}

llvm::SmallVector<core::Placement>
engine::accessPlacements(const core::Workload &w, const core::Einsum &e,
                         const core::Level &level) {
  llvm::SmallVector<core::Placement> placements;
  for (const core::Access &a : e.inputs)
    placements.push_back(level.placement(w.tensors[a.tensor]));
  placements.push_back(level.placement(w.tensors[e.output.tensor]));
  return placements;
}

core::LevelMapping engine::levelMappingOf(const WitnessRecord &witness) {
  core::LevelMapping level;
  for (auto [rank, tile] : witness.loops)
    level.loops.push_back({rank, tile});
  for (int64_t pos : witness.positions)
    level.positions.push_back(
        pos == WitnessRecord::kBypass  ? core::Mapping::kBypass
        : pos == WitnessRecord::kFused ? core::LevelMapping::kOnChip
                                       : static_cast<unsigned>(pos));
  return level;
}

/// Everything `mapEinsumHierarchy` depends on: the einsum's search key with
/// its placements at every level below the backing store, the level-0
/// mapping, the levels' capacities and fanouts, and the objective.
static std::string
hierarchyKey(const core::Workload &w, unsigned e, const core::Arch &arch,
             const core::LevelMapping &level0, unsigned sharedLoops,
             const HierarchyObjective &objective, uint64_t maxCandidates) {
  const core::Einsum &einsum = w.einsums[e];
  EinsumSearchRequest request;
  for (unsigned li = 1; li < arch.levels.size(); ++li)
    request.placements.append(accessPlacements(w, einsum, arch.levels[li]));
  request.maxCandidates = maxCandidates;
  std::string key = searchKey(w, einsum, request);
  llvm::raw_string_ostream os(key);
  os << "|L0";
  for (const core::Loop &l : level0.loops)
    os << l.rank << ":" << l.tile << ",";
  for (unsigned p : level0.positions)
    os << "@" << p;
  os << "|s" << sharedLoops;
  for (unsigned li = 1; li < arch.levels.size(); ++li) {
    const core::Level &level = arch.levels[li];
    os << "|c"
       << (level.capacityBits ? core::toString(*level.capacityBits)
                              : std::string("inf"))
       << "x" << level.fanout;
  }
  os << "|o" << objective.name;
  for (const core::LevelEnergy &x : objective.energies)
    os << "," << llvm::formatv("{0:e}/{1:e}", x.readPJPerBit, x.writePJPerBit);
  return key;
}

/// Runs the mapping `mapEinsumHierarchy` memoizes.
static HierarchyEntry
computeHierarchy(Session &session, const core::Workload &w, unsigned e,
                 const core::Arch &arch, const core::LevelMapping &level0,
                 unsigned sharedLoops, const HierarchyObjective &objective,
                 uint64_t maxCandidates) {
  HierarchyEntry entry;
  const core::Einsum &einsum = w.einsums[e];
  std::vector<core::InnerLevelSpec> inner;
  for (unsigned li = 2; li < arch.levels.size(); ++li) {
    const core::Level &level = arch.levels[li];
    core::InnerLevelSpec spec;
    spec.capacityBits = level.capacityBits;
    spec.fanout = level.fanout;
    for (core::Placement p : accessPlacements(w, einsum, level))
      spec.keep.push_back(toKeepPolicy(p));
    inner.push_back(std::move(spec));
  }
  // Sub-problems go through the session's einsum curves.
  core::SubSearchFn search = [&](const core::Einsum &sub,
                                 llvm::ArrayRef<core::Tensor> tensors,
                                 llvm::ArrayRef<core::KeepPolicy> keep)
      -> llvm::Expected<core::ParetoFront> {
    core::Workload subW;
    subW.name = w.name;
    subW.tensors.assign(tensors.begin(), tensors.end());
    subW.einsums.push_back(sub);
    EinsumSearchRequest request;
    for (core::KeepPolicy k : keep)
      request.placements.push_back(toPlacement(k));
    request.maxCandidates = maxCandidates;
    std::shared_ptr<const EinsumCurveEntry> curve =
        einsumCurveEntry(session, subW, 0, request, &entry.trace);
    if (!curve->curve)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     curve->error);
    core::ParetoFront front;
    for (const PointRecord &p : curve->curve->points) {
      core::Mapping m;
      for (auto [rank, tile] : p.witness.loops)
        m.loops.push_back({rank, tile});
      for (int64_t pos : p.witness.positions)
        m.positions.push_back(pos < 0 ? core::Mapping::kBypass
                                      : static_cast<unsigned>(pos));
      front.insert({p.capacityBits, p.accessesBits, std::move(m)});
    }
    return front;
  };
  llvm::Expected<core::InnerLevelsResult> result = core::mapInnerLevels(
      einsum, w.tensors, level0, sharedLoops, arch.levels[1].capacityBits,
      inner, search, objective.energies);
  if (result)
    entry.result = std::move(*result);
  else
    entry.error = llvm::toString(result.takeError());
  return entry;
}

std::optional<core::InnerLevelsResult> engine::mapEinsumHierarchy(
    Session &session, const core::Workload &w, unsigned e,
    const core::Arch &arch, const core::LevelMapping &level0,
    unsigned sharedLoops, const HierarchyObjective &objective,
    uint64_t maxCandidates, std::string &error, bool prefetch) {
  // Map-search and emit-bounds map the same einsums, and a pipeline runs
  // both; identical einsums in a workload repeat too.
  std::string key =
      hierarchyKey(w, e, arch, level0, sharedLoops, objective, maxCandidates);
  bool seen = prefetch || session.ledger().checkAndRecord("hierarchy:" + key);
  std::shared_ptr<const HierarchyEntry> entry =
      session.hierarchyMappings().getOrCompute(key, [&] {
        return computeHierarchy(session, w, e, arch, level0, sharedLoops,
                                objective, maxCandidates);
      });
  // Its sub-searches count as requested now, the first time.
  if (!seen)
    session.ledger().replay(entry->trace);
  error = entry->error;
  return entry->result;
}

/// `searchEinsum`, or with `prefetch` the memo entry alone.
static std::optional<EinsumCurve>
requestCurve(Session &session, const core::Workload &w, unsigned e,
             const EinsumSearchRequest &request, std::string &error,
             bool prefetch) {
  if (!prefetch)
    return searchEinsum(session, w, e, request, error);
  std::shared_ptr<const EinsumCurveEntry> entry =
      einsumCurveEntry(session, w, e, request);
  if (!entry->curve) {
    error = entry->error;
    return std::nullopt;
  }
  return *entry->curve;
}

/// Movement energy of `r`, for comparing plans of one objective.
static double movementEnergy(const core::Workload &w, unsigned e,
                             const HierarchyObjective &objective,
                             const core::InnerLevelsResult &r) {
  return core::movementEnergyPJ(w.einsums[e], w.tensors, r.mapping, r.cost,
                                objective.energies);
}

/// Whether a plan reaching `levels` levels with `energy` beats one reaching
/// `otherLevels` with `otherEnergy`: deeper first (a plan stopping early has
/// not paid for its lower levels), then less energy.
static bool deeperOrCheaper(unsigned levels, double energy,
                            unsigned otherLevels, double otherEnergy) {
  return levels != otherLevels ? levels > otherLevels : energy < otherEnergy;
}

std::optional<EinsumPlan>
engine::planEinsum(Session &session, const core::Workload &w, unsigned e,
                   const core::Arch &arch, llvm::ArrayRef<PointRecord> points,
                   size_t chosen, const HierarchyObjective &objective,
                   uint64_t maxCandidates, std::string &error, bool prefetch) {
  constexpr size_t kLookahead = 8;
  std::optional<EinsumPlan> best;
  double bestEnergy = 0;
  size_t tried = objective.isEnergy() ? std::min(kLookahead, chosen + 1) : 1;
  for (size_t i = 0; i < tried; ++i) {
    size_t point = chosen - i;
    std::string why;
    std::optional<core::InnerLevelsResult> r = mapEinsumHierarchy(
        session, w, e, arch, levelMappingOf(points[point].witness), 0,
        objective, maxCandidates, why, prefetch);
    if (!r) {
      // The point at capacity decides the error; smaller ones just drop out.
      if (i == 0)
        error = why;
      continue;
    }
    double energy =
        objective.isEnergy() ? movementEnergy(w, e, objective, *r) : 0;
    if (!best || deeperOrCheaper(r->levelsMapped, energy,
                                 best->result.levelsMapped, bestEnergy)) {
      best = EinsumPlan{std::move(*r), point};
      bestEnergy = energy;
    }
  }
  if (best)
    error.clear();
  return best;
}

std::optional<GroupPlan>
engine::planGroup(Session &session, const core::Workload &w,
                  const GroupRecord &g, const core::Arch &arch,
                  const HierarchyObjective &objective, uint64_t maxCandidates,
                  std::string &error, bool prefetch) {
  GroupPlan fused;
  double fusedEnergy = 0;
  unsigned fusedLevels = ~0u;
  bool single = g.einsums.size() == 1;
  if (!single || !objective.isEnergy()) {
    for (unsigned k = 0; k < g.einsums.size(); ++k) {
      unsigned e = g.einsums[k];
      std::optional<core::InnerLevelsResult> r = mapEinsumHierarchy(
          session, w, e, arch, levelMappingOf(g.mappings[k]), g.shared.size(),
          objective, maxCandidates, error, prefetch);
      if (!r)
        return std::nullopt;
      if (objective.isEnergy())
        fusedEnergy += movementEnergy(w, e, objective, *r);
      fusedLevels = std::min(fusedLevels, r->levelsMapped);
      fused.members.push_back({std::move(*r), EinsumPlan::kGroupPoint});
    }
    if (!objective.isEnergy())
      return fused;
  }

  // Each member on its own, from its own level-1 curve.
  GroupPlan split;
  split.split = true;
  double splitEnergy = 0;
  unsigned splitLevels = ~0u;
  const core::Level &level1 = arch.levels[1];
  for (unsigned e : g.einsums) {
    EinsumSearchRequest request;
    request.placements = accessPlacements(w, w.einsums[e], level1);
    request.maxCandidates = maxCandidates;
    std::string why;
    std::optional<EinsumCurve> curve =
        requestCurve(session, w, e, request, why, prefetch);
    std::optional<size_t> chosen =
        curve ? lastFitting(curve->points, level1.capacityBits) : std::nullopt;
    std::optional<EinsumPlan> plan =
        chosen ? planEinsum(session, w, e, arch, curve->points, *chosen,
                            objective, maxCandidates, why, prefetch)
               : std::nullopt;
    if (!plan) {
      if (single) {
        error =
            why.empty() ? "no mapping fits level '" + level1.name + "'" : why;
        return std::nullopt;
      }
      return fused;
    }
    splitEnergy += movementEnergy(w, e, objective, plan->result);
    splitLevels = std::min(splitLevels, plan->result.levelsMapped);
    split.members.push_back(std::move(*plan));
  }
  if (single)
    return split;
  return deeperOrCheaper(splitLevels, splitEnergy, fusedLevels, fusedEnergy)
             ? split
             : fused;
}

std::optional<double> engine::planEnergyPJ(const core::Workload &w, unsigned e,
                                           const core::Arch &arch,
                                           const core::InnerLevelsResult &r) {
  std::optional<std::vector<core::LevelEnergy>> energies = archEnergies(arch);
  if (!energies || !arch.compute.energyPJPerMAC)
    return std::nullopt;
  const core::Einsum &einsum = w.einsums[e];
  return core::movementEnergyPJ(einsum, w.tensors, r.mapping, r.cost,
                                *energies) +
         static_cast<double>(einsum.macs()) * *arch.compute.energyPJPerMAC;
}

core::Placement engine::pooledPlacement(const core::Tensor &t,
                                        const core::Arch &arch, unsigned li) {
  core::Placement pooled = core::Placement::Bypass;
  for (unsigned j = li; j < arch.levels.size(); ++j) {
    core::Placement p = arch.levels[j].placement(t);
    if (p == core::Placement::Keep)
      return p;
    if (p == core::Placement::MayKeep)
      pooled = p;
  }
  return pooled;
}

llvm::SmallVector<core::Placement>
engine::pooledPlacements(const core::Workload &w, const core::Einsum &e,
                         const core::Arch &arch, unsigned li) {
  llvm::SmallVector<core::Placement> out;
  for (const core::Access &a : e.inputs)
    out.push_back(pooledPlacement(w.tensors[a.tensor], arch, li));
  out.push_back(pooledPlacement(w.tensors[e.output.tensor], arch, li));
  return out;
}

WorkloadSearchRequest
engine::pooledFusedRequest(const core::Workload &w, const core::Arch &arch,
                           unsigned li, const WorkloadSearchRequest &limits) {
  WorkloadSearchRequest request = limits;
  request.placements.clear();
  for (const core::Tensor &t : w.tensors)
    request.placements.push_back(pooledPlacement(t, arch, li));
  return request;
}

std::optional<core::Count> engine::pooledCapacity(const core::Arch &arch,
                                                  unsigned li) {
  core::Count total = 0;
  for (unsigned j = li; j < arch.levels.size(); ++j) {
    if (!arch.levels[j].capacityBits)
      return std::nullopt;
    total = core::satAdd(
        total, core::satMul(*arch.levels[j].capacityBits, arch.instances(j)));
  }
  return total;
}
