//===- InitAll.h - Register every oro dialect and pass ----------*- C++ -*-===//
//
// One call for tools and for other MLIR projects embedding oro: registers the
// dialects oro parses and produces, and all oro passes and pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_INITALL_H
#define ORO_INITALL_H

#include "mlir/IR/DialectRegistry.h"

namespace oro {
/// Adds the oro dialect and the dialects its passes read and produce
/// (Linalg, Func, Arith, Tensor, Affine, SCF, Transform) to `registry`, with
/// the transform-dialect extensions and interface models that
/// `--oro-apply-mapping` needs (Linalg/SCF/Tensor transform ops, Linalg and
/// Tensor TilingInterface, value bounds).
void registerAllOroDialects(mlir::DialectRegistry &registry);
/// Registers every oro pass and the oro pipelines with the global registry.
void registerAllOroPasses();
} // namespace oro

#endif // ORO_INITALL_H
