//===- Records.h - What an analysis finds, as plain records -----*- C++ -*-===//
//
// The results of an analysis (engine::analyze): curves per einsum and
// level, workload curves fused and unfused, hierarchy tables. Plain structs
// of core types, no IR; the report writers (oro/Transforms/Report.h) print
// them and the passes annotate the IR from them.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_ENGINE_RECORDS_H
#define ORO_ENGINE_RECORDS_H

#include "oro/Core/Arch.h"
#include "oro/Core/Count.h"
#include "oro/Core/Workload.h"
#include "llvm/ADT/ArrayRef.h"
#include <optional>
#include <string>
#include <vector>

namespace oro {

/// A mapping as the report prints it: loops outermost first, and for each
/// access (inputs, then output) its position, `kBypass` when bypassed or
/// `kFused` when the tensor stays on chip inside a fused group.
struct WitnessRecord {
  static constexpr int64_t kBypass = -1;
  static constexpr int64_t kFused = -2;
  std::vector<std::pair<unsigned, int64_t>> loops; ///< (rank, tile)
  std::vector<int64_t> positions;
  /// Per-access parent traffic (reads + writes, bits), same order.
  std::vector<core::Count> accessBits;
};

/// One point of a curve.
struct PointRecord {
  core::Count capacityBits = 0;
  core::Count accessesBits = 0;
  WitnessRecord witness;
};

/// The curve of one einsum at one level.
struct CurveRecord {
  unsigned workload = 0; ///< index into ReportData::workloads
  unsigned einsum = 0;   ///< index into that workload's einsums
  std::string level;
  std::string parent;
  /// The level's capacity in the arch (nullopt = unbounded).
  std::optional<core::Count> levelCapacityBits;
  /// Points sorted by capacity (accesses strictly decreasing).
  std::vector<PointRecord> points;
  /// Index of the point chosen at the level's capacity, if any fits.
  std::optional<size_t> chosen;
  uint64_t candidatesEvaluated = 0;
  core::Count mapspaceSize = 0;
  double seconds = 0;
  /// The curve was reused from an identical einsum (same extents,
  /// projections, bits and placements) searched earlier.
  bool reused = false;
};

/// One fused group of a fused workload point: its einsums run inside
/// shared loops; `onChip` tensors never touch the parent.
struct GroupRecord {
  /// The group's einsums (workload indices, ascending).
  std::vector<unsigned> einsums;
  /// Shared loops, outermost first: (rank of the first einsum, tile).
  std::vector<std::pair<unsigned, int64_t>> shared;
  /// Tensors produced and consumed inside the group (workload indices).
  std::vector<unsigned> onChip;
  /// Inputs the group's einsums share (read once, one reservation).
  std::vector<unsigned> sharedInputs;
  /// One mapping per einsum of the group, in the combined nest (the shared
  /// loops first, translated to the einsum's ranks).
  std::vector<WitnessRecord> mappings;
};

/// A workload-level curve at one level: the einsums run one after another,
/// reusing the buffer.
/// - `fusion == "unfused"`: every tensor goes through the backing store and
///   each point is the sum of one point per einsum curve (`einsumPoints[e]`
///   indexes einsum e's curve at the same level).
/// - `fusion == "fused"`: each point is a partition of the einsums into
///   fused groups (`groupIds` into the curve's `groups`: neighbouring points
///   share most of their groups, so each distinct group is stored once).
struct WorkloadCurveRecord {
  unsigned workload = 0;
  std::string level;
  std::string parent;
  std::string fusion;
  std::optional<core::Count> levelCapacityBits;
  struct Point {
    core::Count capacityBits = 0;
    core::Count accessesBits = 0;
    std::vector<unsigned> einsumPoints;
    std::vector<unsigned> groupIds;
  };
  std::vector<Point> points;
  /// Fused curves: the distinct groups of all points.
  std::vector<GroupRecord> groups;
  std::optional<size_t> chosen;
  /// Fused curves: reading every persistent input once and writing every
  /// output once (the floor no fusion goes below).
  core::Count persistentCompulsoryBits = 0;
  /// Fused curves: search statistics.
  double seconds = 0;
  core::Count candidatesEvaluated = 0;
  core::Count groupsSearched = 0;
  /// Fused curves: the `max-group-size` the search ran with (0 = any).
  /// Below the workload's einsum count the curve is attainable, but only
  /// the least traffic over partitions into groups of at most that size,
  /// not the bound over all fusions ("exact": false in the report).
  unsigned maxGroupSize = 0;
  /// Fused curves: the `fusion-lookahead` the search ran with.
  unsigned lookahead = 0;
  /// Fused curves: whether groups could share inputs
  /// (`fusion-share-inputs`).
  bool shareInputs = true;
  /// Fused curves: whether group einsums could tile a shared rank again
  /// (`fusion-retile`).
  bool retile = false;
  /// Fused curves: the `max-group-candidates` the search ran with (0 =
  /// none), the most candidates one group took, how many groups a budget
  /// cut short and the first of them ([begin, end) einsum indices), and
  /// whether that budget was `max-candidates` (every later group cut). Any
  /// cut short: the curve is attainable, not the bound ("exact": false).
  uint64_t maxGroupCandidates = 0;
  core::Count largestGroupCandidates = 0;
  core::Count groupsTruncated = 0;
  /// Each: its einsums, ascending.
  std::vector<std::vector<unsigned>> truncatedGroups;
  bool budgetExhausted = false;
  /// Taken from an identical search earlier in this run (its warnings
  /// were given then).
  bool reused = false;

  /// Whether the curve is the bound over all fusions of `numEinsums`.
  /// Fused curves cut short: a proven lower bound of the exact curve,
  /// (capacity, accesses) steps (core::WorkloadCurves::fusedLowerBound);
  /// the exact curve lies between it and the points. Empty when exact.
  std::vector<std::pair<core::Count, core::Count>> lowerBound;
  bool isExact(size_t numEinsums) const {
    return (maxGroupSize == 0 || maxGroupSize >= numEinsums) &&
           groupsTruncated == 0;
  }
};

/// Index of the last point of `points` (sorted by capacity) that fits
/// `capacity` (nullopt = unbounded), or nullopt when none fits. Curves have
/// strictly decreasing accesses, so this is the point with the fewest
/// accesses that fits (the one a mapper chooses).
template <typename PointT>
std::optional<size_t> lastFitting(const std::vector<PointT> &points,
                                  const std::optional<core::Count> &capacity) {
  std::optional<size_t> best;
  for (size_t i = 0; i < points.size(); ++i)
    if (!capacity || points[i].capacityBits <= *capacity)
      best = i;
  return best;
}

/// The unfused curve of a workload from its einsums' curves at one level
/// (`curves[e]` for einsum e, in order): the pointwise sum of the step
/// functions, since the einsums run one after another in one buffer.
WorkloadCurveRecord sumEinsumCurves(llvm::ArrayRef<const CurveRecord *> curves);

/// One boundary of a hierarchy table: between `level` and `parent`.
struct HierarchyLevelRecord {
  std::string level;
  std::string parent;
  /// Instances of `level` in the whole machine.
  core::Count instances = 1;
  /// One instance; nullopt = unbounded.
  std::optional<core::Count> capacityBits;
  /// All instances of this level and every level below it.
  std::optional<core::Count> boundCapacityBits;
  /// Least traffic across the boundary in the pooled buffer; nullopt when
  /// unknown (a search failed).
  std::optional<core::Count> boundBits;
  /// Traffic of the chosen mapping; nullopt when it stopped above.
  std::optional<core::Count> attainedBits;
  /// Peak occupancy of one instance under the chosen mapping.
  std::optional<core::Count> occupancyBits;
  /// Bandwidth of the parent level, all its instances together.
  std::optional<double> bandwidthBitsPerCycle;
  /// Some mapping summed into this boundary did not reach it: attained and
  /// occupancy stay unknown, whatever is added later.
  bool incomplete = false;
};

/// Bound against attained traffic at every boundary of the arch, for one
/// einsum (its own mapping) or one workload (its einsums' mappings, fused
/// or unfused, summed).
struct HierarchyRecord {
  /// "einsum" or "workload".
  std::string scope;
  unsigned workload = 0;
  /// For scope "einsum".
  unsigned einsum = 0;
  /// Scope "workload": "fused" or "unfused".
  std::string fusion;
  /// Which mapspace the bound ranges over: "fused" (fusion included) or
  /// "unfused" (fused curves unavailable).
  std::string boundMapspace;
  core::Count macs = 0;
  std::vector<HierarchyLevelRecord> levels;
  /// Where the attained traffic comes from: "plan" (mappings the tables
  /// planned from the level-1 curves) or "mappings" (mappings chosen
  /// before, e.g. written in the IR: engine::ChosenMappings).
  std::string attainedFrom = "plan";
  /// What the mapper minimized below level 1: "traffic" or "energy".
  std::string objective = "traffic";
  /// Energy of the chosen mappings (data movement plus MACs) in
  /// picojoules, when the arch gives every energy and every level is mapped.
  std::optional<double> energyPJ;
  /// Why the chosen mapping stops above the innermost level, if it does.
  std::string note;
};

/// A dynamic dimension bound by `dynamic-dims` (`arg0.d1` = 128).
struct DynamicDimRecord {
  std::string workload;
  std::string dim;
  int64_t size;
};

/// Everything a report contains.
struct ReportData {
  const core::Arch *arch = nullptr;
  std::string archPath;
  /// Written only when some dimension was bound.
  std::vector<DynamicDimRecord> dynamicDims;
  std::vector<const core::Workload *> workloads;
  /// compulsoryBits[w][e]: compulsory traffic of einsum e of workload w.
  std::vector<std::vector<core::Count>> compulsoryBits;
  std::vector<CurveRecord> curves;
  std::vector<WorkloadCurveRecord> workloadCurves;
  std::vector<HierarchyRecord> hierarchy;
};

/// Appends `part`'s workloads and records to `into`, renumbering the
/// workload indices of `part`'s records after those already in `into`.
void appendReport(ReportData &into, ReportData &&part);

} // namespace oro

#endif // ORO_ENGINE_RECORDS_H
