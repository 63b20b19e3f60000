//===- OpClassifier.h - What each op of a function means to oro -*- C++ -*-===//
//
// The import walks a function once and asks, for every op, what it is to a
// workload: an einsum, a padding copy, initialization, a view, a constant, a
// scalar computation, an op with no data movement, or something oro cannot
// follow (opaque, or unsupported with a reason). `FuncImporter::analyze`
// switches on the answer; adding an op kind means adding a case here.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_LIB_CONVERSION_LINALGTOORO_OPCLASSIFIER_H
#define ORO_LIB_CONVERSION_LINALGTOORO_OPCLASSIFIER_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"

namespace oro {

/// What an op is to a workload.
enum class OpKind {
  /// A Linalg structured op on tensors: becomes one einsum (or fails with a
  /// diagnostic from `extractEinsum`).
  Einsum,
  /// `tensor.pad`, `tensor.insert_slice` or `tensor.concat`: copies written
  /// at an offset (one per part of a concatenation), or initialization when
  /// they only move initialization.
  PaddingCopy,
  /// Contents known without reading memory: `tensor.empty`, `linalg.fill`
  /// on tensors.
  Initialization,
  /// A static view oro looks through (see `isStaticViewOp`).
  View,
  /// `arith.constant`: becomes `oro.constant` when an einsum reads it.
  Constant,
  /// Computes scalars or reads shapes only (`tensor.dim`, pure ops on
  /// scalars): carries no tensor data.
  Scalar,
  /// Moves no data an einsum reads or writes (asserts, prints, globals no
  /// einsum reads): dropped without a diagnostic.
  Ignored,
  /// Code on memrefs (bufferized parts of mixed tensor/memref IR): skipped
  /// with one warning per function; tensors it produces are inputs.
  Memref,
  /// An op oro cannot follow tensors through: a located error (a warning
  /// and an opaque input under allow-partial).
  Opaque,
  /// An op with einsum meaning in a form oro does not support yet (dynamic
  /// shapes, memrefs): a located error naming the reason.
  Unsupported,
};

/// Classifies `op`, which is not the function's terminator.
OpKind classify(mlir::Operation *op);

/// Streams why `op`, of kind `Opaque` or `Unsupported`, cannot be imported,
/// starting with the quoted op name.
void explainUnimportable(mlir::Operation *op, mlir::InFlightDiagnostic &diag);

} // namespace oro

#endif // ORO_LIB_CONVERSION_LINALGTOORO_OPCLASSIFIER_H
