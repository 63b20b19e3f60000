//===- WorkloadSlice.h - Parts of a workload as workloads -------*- C++ -*-===//
//
// A selection of a workload's einsums analysed on its own (the passes'
// `einsums=` option, the block-composition check of Metamorphic.h).
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_WORKLOADSLICE_H
#define ORO_CORE_WORKLOADSLICE_H

#include "oro/Core/Workload.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace oro::core {

/// The einsums `selected` of `w` (ascending indices) as a workload of their
/// own, in their order. A tensor that crosses the selection's boundary goes
/// through the backing store: read by the selection but produced by an
/// einsum outside it, it becomes an input; produced by the selection and
/// read by an einsum outside it (or an output of `w`), it becomes an
/// output. Other tensors keep their kind; tensors the selection does not
/// touch are dropped.
Workload extractEinsums(const Workload &w, llvm::ArrayRef<unsigned> selected);

} // namespace oro::core

#endif // ORO_CORE_WORKLOADSLICE_H
