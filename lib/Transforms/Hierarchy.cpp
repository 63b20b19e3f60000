//===- Hierarchy.cpp - Pass-side multi-level mapping and bounds -----------===//

#include "Hierarchy.h"
#include "EinsumSearch.h"
#include "oro/Core/Pareto.h"

using namespace oro;

core::LevelMapping oro::levelMappingOf(const WitnessRecord &witness) {
  core::LevelMapping level;
  for (auto [rank, tile] : witness.loops)
    level.loops.push_back({rank, tile});
  for (int64_t pos : witness.positions)
    level.positions.push_back(pos == WitnessRecord::kBypass
                                  ? core::Mapping::kBypass
                              : pos == WitnessRecord::kFused
                                  ? core::LevelMapping::kOnChip
                                  : static_cast<unsigned>(pos));
  return level;
}

static const core::Tensor &tensorOfAccess(const core::Workload &w,
                                          const core::Einsum &e, unsigned a) {
  return w.tensors[a < e.inputs.size() ? e.inputs[a].tensor
                                       : e.output.tensor];
}

std::optional<core::InnerLevelsResult>
oro::mapEinsumHierarchy(const core::Workload &w, unsigned e,
                        const core::Arch &arch,
                        const core::LevelMapping &level0, unsigned sharedLoops,
                        uint64_t maxCandidates, std::string &error) {
  const core::Einsum &einsum = w.einsums[e];
  unsigned numAccesses = einsum.inputs.size() + 1;
  std::vector<core::InnerLevelSpec> inner;
  for (unsigned li = 2; li < arch.levels.size(); ++li) {
    const core::Level &level = arch.levels[li];
    core::InnerLevelSpec spec;
    spec.capacityBits = level.capacityBits;
    spec.fanout = level.fanout;
    for (unsigned a = 0; a < numAccesses; ++a)
      spec.keep.push_back(
          toKeepPolicy(level.placement(tensorOfAccess(w, einsum, a))));
    inner.push_back(std::move(spec));
  }
  // Sub-problems go through the same content-keyed cache as the curves.
  core::SubSearchFn search =
      [&](const core::Einsum &sub, llvm::ArrayRef<core::Tensor> tensors,
          llvm::ArrayRef<core::KeepPolicy> keep)
      -> llvm::Expected<core::ParetoFront> {
    core::Workload subW;
    subW.name = w.name;
    subW.tensors.assign(tensors.begin(), tensors.end());
    subW.einsums.push_back(sub);
    EinsumSearchRequest request;
    for (core::KeepPolicy k : keep)
      request.placements.push_back(k == core::KeepPolicy::Keep
                                       ? core::Placement::Keep
                                   : k == core::KeepPolicy::Bypass
                                       ? core::Placement::Bypass
                                       : core::Placement::MayKeep);
    request.maxCandidates = maxCandidates;
    std::string subError;
    std::optional<EinsumCurve> curve = searchEinsum(subW, 0, request, subError);
    if (!curve)
      return llvm::createStringError(llvm::inconvertibleErrorCode(), subError);
    core::ParetoFront front;
    for (const PointRecord &p : curve->points) {
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
      einsum, w.tensors, level0, sharedLoops, arch.levels[1].capacityBits, inner,
      search);
  if (!result) {
    error = llvm::toString(result.takeError());
    return std::nullopt;
  }
  return std::move(*result);
}

core::Placement oro::pooledPlacement(const core::Tensor &t,
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
oro::pooledPlacements(const core::Workload &w, const core::Einsum &e,
                      const core::Arch &arch, unsigned li) {
  llvm::SmallVector<core::Placement> out;
  for (unsigned a = 0; a <= e.inputs.size(); ++a)
    out.push_back(pooledPlacement(tensorOfAccess(w, e, a), arch, li));
  return out;
}

std::optional<core::Count> oro::pooledCapacity(const core::Arch &arch,
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
