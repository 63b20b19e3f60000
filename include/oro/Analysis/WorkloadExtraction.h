//===- WorkloadExtraction.h - oro IR to core::Workload ----------*- C++ -*-===//
//
// The one place that knows both worlds: walks an `oro.workload` and builds
// the pure `core::Workload` the mapspace, search and bounds work on, keeping
// the correspondence back to the einsum ops so passes can annotate them.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_ANALYSIS_WORKLOADEXTRACTION_H
#define ORO_ANALYSIS_WORKLOADEXTRACTION_H

#include "oro/Core/Workload.h"
#include "oro/Dialect/Oro/IR/OroOps.h"
#include "oro/Support/LLVM.h"

namespace oro {

/// A core workload together with the IR it came from.
struct ExtractedWorkload {
  core::Workload workload;
  /// `einsumOps[i]` is the op of `workload.einsums[i]`.
  SmallVector<EinsumOp> einsumOps;
};

/// Builds the core workload of `op`. Block arguments and `oro.constant`s are
/// persistent inputs, yielded einsum results persistent outputs, every other
/// einsum result an intermediate. Fails (with a diagnostic on the offending
/// op) only on IR the verifier would reject.
FailureOr<ExtractedWorkload> extractWorkload(WorkloadOp op);

/// "file:line:col" of `loc` (the first file location inside fused or named
/// locations), or "" when there is none.
std::string formatLocation(mlir::Location loc);

} // namespace oro

#endif // ORO_ANALYSIS_WORKLOADEXTRACTION_H
