//===- Report.h - JSON and CSV reports of bounds ----------------*- C++ -*-===//
//
// Turns core structures (never IR) into the report files users read: a JSON
// document (schema in README.md, "Report format") and a flat CSV of the
// curves. Counts are exact integers (128-bit, printed as JSON numbers);
// saturated counts print as the string "saturated".
//
//===----------------------------------------------------------------------===//

#ifndef ORO_TRANSFORMS_REPORT_H
#define ORO_TRANSFORMS_REPORT_H

#include "oro/Core/Arch.h"
#include "oro/Core/Count.h"
#include "oro/Core/Workload.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

namespace oro {

/// A mapping as the report prints it: loops outermost first, and for each
/// access (inputs, then output) its position or -1 when bypassed.
struct WitnessRecord {
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

/// A workload-level curve at one level: the einsums run one after another,
/// reusing the buffer. For `fusion == "unfused"` every tensor goes through
/// the backing store and each point is the sum of one point per einsum
/// curve (`einsumPoints[e]` indexes einsum e's curve at the same level).
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
  };
  std::vector<Point> points;
  std::optional<size_t> chosen;
};

/// The unfused curve of a workload from its einsums' curves at one level
/// (`curves[e]` for einsum e, in order): the pointwise sum of the step
/// functions, since the einsums run one after another in one buffer.
WorkloadCurveRecord sumEinsumCurves(llvm::ArrayRef<const CurveRecord *> curves);

/// Everything a report contains.
struct ReportData {
  const core::Arch *arch = nullptr;
  std::string archPath;
  std::vector<const core::Workload *> workloads;
  /// compulsoryBits[w][e]: compulsory traffic of einsum e of workload w.
  std::vector<std::vector<core::Count>> compulsoryBits;
  std::vector<CurveRecord> curves;
  std::vector<WorkloadCurveRecord> workloadCurves;
};

/// Human-readable projection of one tensor dimension (`2*p + r`).
std::string formatDimExpr(const core::Einsum &e, const core::DimExpr &d);

/// Writes the JSON report.
void writeReportJSON(llvm::raw_ostream &os, const ReportData &data);
/// Writes one CSV row per curve point.
void writeReportCSV(llvm::raw_ostream &os, const ReportData &data);

} // namespace oro

#endif // ORO_TRANSFORMS_REPORT_H
