//===- Prefetch.cpp - Computing a pass's searches ahead, in parallel ------===//

#include "oro/Engine/Prefetch.h"
#include <set>

using namespace oro;
using namespace oro::engine;

namespace {
/// Tasks that fill the session's memos, each search once.
class Tasks {
public:
  Tasks(Session &session, const core::Workload &w) : session(session), w(w) {}

  void curve(unsigned e, EinsumSearchRequest request) {
    if (!keys.insert(searchKey(w, w.einsums[e], request)).second)
      return;
    tasks.push_back([this, e, request = std::move(request)] {
      einsumCurveEntry(session, w, e, request);
    });
  }
  void fused(WorkloadSearchRequest request) {
    std::vector<int> policy;
    for (core::Placement p : request.placements)
      policy.push_back(static_cast<int>(p));
    if (!fusedPolicies.insert(std::move(policy)).second)
      return;
    tasks.push_back([this, request = std::move(request)] {
      fusedWorkloadEntry(session, w, request);
    });
  }
  void add(std::function<void()> task) { tasks.push_back(std::move(task)); }
  void run() {
    session.prefetch(tasks);
    ran += tasks.size();
    tasks.clear();
  }
  size_t ran = 0;

private:
  Session &session;
  const core::Workload &w;
  std::vector<std::function<void()>> tasks;
  std::set<std::string> keys;
  // Fused requests differ only in their placements (same limits).
  std::set<std::vector<int>> fusedPolicies;
};
} // namespace

size_t engine::prefetchMapSearch(Session &session, const core::Workload &w,
                                 const core::Arch &arch,
                                 const WorkloadSearchRequest &limits,
                                 bool fusion,
                                 const HierarchyObjective &objective,
                                 bool progress) {
  if (session.threads() < 2)
    return 0;
  const unsigned n = w.einsums.size();
  const uint64_t budget = limits.maxCandidates;
  Tasks tasks(session, w);
  // The fused search first: it takes longest, and asks for the einsums'
  // curves (the same as their level-1 curves) as it goes.
  std::optional<WorkloadSearchRequest> fused;
  if (fusion && n > 1)
    fused = fusedLevelRequest(w, arch, 1, limits, progress);
  if (fused)
    tasks.fused(*fused);
  for (unsigned e = 0; e < n; ++e)
    tasks.curve(e, levelCurveRequest(w, e, arch, 1, budget, progress));
  tasks.run();
  if (arch.levels.size() < 3)
    return tasks.ran;

  // The plans below level 1: of the fused choice's groups, else of each
  // einsum's point at level 1's capacity.
  const std::optional<core::Count> &capacity = arch.levels[1].capacityBits;
  if (fused) {
    std::shared_ptr<const WorkloadEntry> entry =
        fusedWorkloadEntry(session, w, *fused);
    if (entry->record)
      if (std::optional<size_t> chosen =
              lastFitting(entry->record->points, capacity)) {
        for (unsigned id : entry->record->points[*chosen].groupIds)
          tasks.add([&, entry, id] {
            std::string ignored;
            planGroup(session, w, entry->record->groups[id], arch, objective,
                      budget, ignored, /*prefetch=*/true);
          });
        tasks.run();
        return tasks.ran;
      }
  }
  for (unsigned e = 0; e < n; ++e) {
    std::shared_ptr<const EinsumCurveEntry> entry = einsumCurveEntry(
        session, w, e, levelCurveRequest(w, e, arch, 1, budget, false));
    if (!entry->curve)
      continue;
    if (std::optional<size_t> chosen =
            lastFitting(entry->curve->points, capacity))
      tasks.add([&, entry, e, at = *chosen] {
        std::string ignored;
        planEinsum(session, w, e, arch, entry->curve->points, at, objective,
                   budget, ignored, /*prefetch=*/true);
      });
  }
  tasks.run();
  return tasks.ran;
}

size_t engine::prefetchBounds(Session &session, const core::Workload &w,
                              const core::Arch &arch,
                              const WorkloadSearchRequest &limits, bool fusion,
                              bool progress) {
  if (session.threads() < 2)
    return 0;
  const unsigned n = w.einsums.size();
  const uint64_t budget = limits.maxCandidates;
  Tasks tasks(session, w);
  if (fusion && n > 1)
    for (unsigned li = 1; li < arch.levels.size(); ++li) {
      tasks.fused(fusedLevelRequest(w, arch, li, limits, progress));
      tasks.fused(pooledFusedRequest(w, arch, li, limits));
    }
  for (unsigned li = 1; li < arch.levels.size(); ++li)
    for (unsigned e = 0; e < n; ++e) {
      tasks.curve(e, levelCurveRequest(w, e, arch, li, budget, progress));
      EinsumSearchRequest pooled;
      pooled.placements = pooledPlacements(w, w.einsums[e], arch, li);
      pooled.maxCandidates = budget;
      tasks.curve(e, std::move(pooled));
    }
  tasks.run();
  return tasks.ran;
}
