//===- Report.h - JSON and CSV reports of bounds ----------------*- C++ -*-===//
//
// Turns core structures (never IR) into the report files users read: a JSON
// document (docs/ReportFormat.md, docs/report.schema.json) and a flat CSV
// of the curves. Counts are exact integers (128-bit, printed as JSON numbers);
// saturated counts print as the string "saturated".
//
//===----------------------------------------------------------------------===//

#ifndef ORO_TRANSFORMS_REPORT_H
#define ORO_TRANSFORMS_REPORT_H

#include "oro/Engine/Records.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace oro {

/// Human-readable projection of one tensor dimension (`2*p + r`).
std::string formatDimExpr(const core::Einsum &e, const core::DimExpr &d);

/// Writes the JSON report.
void writeReportJSON(llvm::raw_ostream &os, const ReportData &data);
/// Writes one CSV row per curve point.
void writeReportCSV(llvm::raw_ostream &os, const ReportData &data);

} // namespace oro

#endif // ORO_TRANSFORMS_REPORT_H
