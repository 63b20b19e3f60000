//===- EinsumSearch.h - Pass-side adapter to the core search ----*- C++ -*-===//
//
// Runs the core's exact search for one einsum at one level and converts its
// Pareto front into report records. Private to the Transforms library.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_LIB_TRANSFORMS_EINSUMSEARCH_H
#define ORO_LIB_TRANSFORMS_EINSUMSEARCH_H

#include "oro/Core/Arch.h"
#include "oro/Core/MapSpace.h"
#include "oro/Core/Workload.h"
#include "oro/Transforms/Report.h"
#include "llvm/ADT/SmallVector.h"
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace oro {

/// What to search for one einsum at one level.
struct EinsumSearchRequest {
  /// Placement of each access (inputs, then output) at the level.
  llvm::SmallVector<core::Placement> placements;
  /// Budget of evaluated mappings.
  uint64_t maxCandidates = 0;
  /// Non-empty: draw progress on stderr under this label.
  std::string progressLabel;
};

/// Results already computed in this process, by a key naming everything
/// they depend on: identical einsums (the Q/K/V projections of a layer,
/// repeated elementwise shapes) and the second pass of a pipeline reuse the
/// first result. Pure memoization: a hit returns exactly what the
/// computation would.
template <typename ValueT> class CurveCache {
public:
  std::optional<ValueT> lookup(const std::string &key) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = entries.find(key);
    if (it == entries.end())
      return std::nullopt;
    return it->second;
  }
  void insert(const std::string &key, const ValueT &value) {
    std::lock_guard<std::mutex> lock(mutex);
    if (entries.size() >= kMaxEntries)
      entries.clear();
    entries.emplace(key, value);
  }

private:
  static constexpr size_t kMaxEntries = 512;
  std::mutex mutex;
  std::map<std::string, ValueT> entries;
};

/// Everything the search of einsum `e` of `w` under `request` depends on,
/// as a string: rank extents, projections, element bits and shapes, which
/// accesses share a tensor, the placements and the budget (not names:
/// witnesses use indices).
std::string searchKey(const core::Workload &w, const core::Einsum &e,
                      const EinsumSearchRequest &request);

/// The exact curve of one einsum at one level.
struct EinsumCurve {
  /// Sorted by capacity, accesses strictly decreasing.
  std::vector<PointRecord> points;
  uint64_t candidatesEvaluated = 0;
  core::Count mapspaceSize = 0;
  double seconds = 0;
  /// Taken from an identical einsum searched earlier in this process
  /// (`seconds` is then that search's time).
  bool reused = false;
};

/// Searches einsum `e` of `w`; on failure returns nullopt and sets `error`.
std::optional<EinsumCurve> searchEinsum(const core::Workload &w, unsigned e,
                                        const EinsumSearchRequest &request,
                                        std::string &error);

/// What to search for a whole workload at one level.
struct WorkloadSearchRequest {
  /// Budget of evaluated candidates (inner mappings plus join combinations).
  uint64_t maxCandidates = 0;
  /// Largest fused group; 0 = no bound.
  unsigned maxGroupSize = 0;
  /// Budget per fused group (core::FusionOptions::maxGroupCandidates);
  /// 0 = no bound.
  uint64_t maxGroupCandidates = 0;
  /// Tensors may bypass the level (else every tensor is kept).
  bool allowBypass = false;
  /// Non-empty: draw progress on stderr under this label.
  std::string progressLabel;
};

/// The exact fused curve of `w` on one buffer below the backing store
/// (core::computeWorkloadCurves). The
/// record's `workload`, `level`, `parent`, `levelCapacityBits` and `chosen`
/// are left for the caller. On failure returns nullopt and sets `error`.
std::optional<WorkloadCurveRecord>
searchFusedWorkload(const core::Workload &w,
                    const WorkloadSearchRequest &request, std::string &error);

/// The search's policy for an access with placement `placement`.
core::KeepPolicy toKeepPolicy(core::Placement placement);
/// The placement a search policy stands for (the inverse of toKeepPolicy).
core::Placement toPlacement(core::KeepPolicy policy);

/// Compulsory traffic of einsum `e` of `w` in bits.
core::Count einsumCompulsoryBits(const core::Workload &w, unsigned e);

} // namespace oro

#endif // ORO_LIB_TRANSFORMS_EINSUMSEARCH_H
