//===- DynamicSizes.h - Where a dynamic size comes from ---------*- C++ -*-===//
//
// After `dynamic-dims` bound the dynamic dimensions of the arguments and the
// function was canonicalized, every size computed from them (`tensor.dim`,
// `arith` on it, `tensor.empty(%d)`, slices) is a constant. A size that is
// still dynamic comes from something no binding reaches: an unbound
// argument dimension, an `index` argument, or tensor data (a data-dependent
// size). `explainDynamicDim` follows a dynamic dimension back to that
// origin so that the import's error can name it.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_LIB_CONVERSION_LINALGTOORO_DYNAMICSIZES_H
#define ORO_LIB_CONVERSION_LINALGTOORO_DYNAMICSIZES_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Value.h"

namespace oro {

/// Streams, after "dimension #d of operand #i is dynamic", where dimension
/// `dim` of `tensor` gets its size, and why binding cannot make it static
/// when it is computed inside the function; attaches a note at the op that
/// computes it. Ends with what oro needs.
void explainDynamicDim(mlir::Value tensor, unsigned dim,
                       mlir::InFlightDiagnostic &diag);

/// Streams what `size`, an `index` value used as a size, offset or stride,
/// is (" is function argument #1 (...)", " is computed from tensor data by
/// ..."), and what oro needs.
void explainDynamicSize(mlir::Value size, mlir::InFlightDiagnostic &diag);

} // namespace oro

#endif // ORO_LIB_CONVERSION_LINALGTOORO_DYNAMICSIZES_H
