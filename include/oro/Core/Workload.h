//===- Workload.h - Einsums, ranks, tensors and projections ----*- C++ -*-===//
//
// The pure (MLIR-free) description of a tensor program that the mapspace,
// cost model, search and bounds work on. A `Workload` is a DAG of `Einsum`s
// over `Tensor`s. Each einsum has named ranks with static extents and one
// `Access` per tensor it touches; each tensor dimension is indexed by an
// affine expression of ranks (`m`, `p + r`, `2*p + r`, or a constant 0 for a
// broadcast dimension). Exactly one access per einsum is its output; the
// reduction ranks are the ranks absent from the output.
//
// The IR adapter (Analysis/WorkloadExtraction) builds these from the `oro`
// dialect; the tests build them by hand.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_WORKLOAD_H
#define ORO_CORE_WORKLOAD_H

#include "oro/Core/Count.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace oro::core {

/// A named iteration-space dimension of an einsum with a static extent >= 1.
struct Rank {
  std::string name;
  int64_t extent = 1;
};

/// One term `coeff * rank` of an affine dimension expression.
struct AffineTerm {
  /// Index into `Einsum::ranks`.
  unsigned rank = 0;
  /// Positive coefficient (strides and dilations give values > 1).
  int64_t coeff = 1;
};

/// The index of one tensor dimension: `sum(coeff_i * rank_i) + constant`.
/// No terms means a constant index (a broadcast dimension of size 1).
struct DimExpr {
  llvm::SmallVector<AffineTerm, 2> terms;
  int64_t constant = 0;
};

/// How a tensor relates to the workload as a whole.
enum class TensorKind {
  /// Read by the workload, lives in the backing store (argument, constant).
  Input,
  /// Produced by the workload and returned: lives in the backing store.
  Output,
  /// Produced and consumed inside the workload; may bypass the backing store
  /// when producer and consumer are fused.
  Intermediate,
};

/// A tensor of the workload.
struct Tensor {
  std::string name;
  /// Static shape; one entry per dimension.
  llvm::SmallVector<int64_t, 4> shape;
  /// Bits per element (bf16 = 16).
  unsigned bits = 16;
  TensorKind kind = TensorKind::Input;
  /// A weight: a persistent input that is a constant or a parameter (the
  /// `Weights` class of the architecture spec's set expressions).
  bool isWeight = false;

  /// Whether the tensor lives in the backing store (inputs and outputs).
  bool isPersistent() const { return kind != TensorKind::Intermediate; }
  /// Size of the whole tensor in bits (0 if a dimension is not positive).
  Count sizeBits() const {
    Count c = bits;
    for (int64_t d : shape)
      c = satMul(c, d > 0 ? static_cast<Count>(d) : 0);
    return c;
  }
};

/// One access of an einsum to a tensor: which tensor, and the projection from
/// the einsum's ranks to each tensor dimension.
struct Access {
  /// Index into `Workload::tensors`.
  unsigned tensor = 0;
  /// One expression per tensor dimension.
  llvm::SmallVector<DimExpr, 4> dims;
};

/// One einsum: ranks, input accesses and the output access.
struct Einsum {
  std::string name;
  llvm::SmallVector<Rank, 8> ranks;
  llvm::SmallVector<Access, 4> inputs;
  Access output;
  /// Human-readable source location ("file:line:col"), may be empty.
  std::string location;

  /// Number of multiply-accumulates: the product of all rank extents.
  Count macs() const {
    Count c = 1;
    for (const Rank &r : ranks)
      c = satMul(c, static_cast<Count>(r.extent));
    return c;
  }
  /// Whether rank `r` indexes the output (otherwise it is a reduction rank).
  bool isOutputRank(unsigned r) const {
    for (const DimExpr &d : output.dims)
      for (const AffineTerm &t : d.terms)
        if (t.rank == r)
          return true;
    return false;
  }
};

/// A DAG of einsums over tensors, einsums in a topological order.
struct Workload {
  std::string name;
  llvm::SmallVector<Tensor, 8> tensors;
  llvm::SmallVector<Einsum, 8> einsums;

  /// Total size of the persistent tensors in bits: what the backing store
  /// holds, and the traffic of reading every input once and writing every
  /// output once.
  Count persistentBits() const {
    Count c = 0;
    for (const Tensor &t : tensors)
      if (t.isPersistent())
        c = satAdd(c, t.sizeBits());
    return c;
  }
};

} // namespace oro::core

#endif // ORO_CORE_WORKLOAD_H
