//===- OroOps.h - Operations of the oro dialect -----------------*- C++ -*-===//

#ifndef ORO_DIALECT_ORO_IR_OROOPS_H
#define ORO_DIALECT_ORO_IR_OROOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "oro/Dialect/Oro/IR/OroAttrs.h"
#include "oro/Dialect/Oro/IR/OroDialect.h"

namespace oro {
/// Whether `type` is a shaped type whose element type has a known size in
/// bits (integers, floats, index, complex of those).
bool hasKnownElementBits(mlir::Type type);
/// Bits per element of a shaped type (index counts as 64); 0 if unknown.
unsigned getElementBits(mlir::Type type);

/// One term of a parsed projection: `coeff * rank`.
struct ProjectionTerm {
  unsigned rank;
  int64_t coeff;
};
/// A projection dimension decomposed into terms plus a constant; fails when
/// the expression is not a sum of positive multiples of dims plus a
/// non-negative constant.
mlir::FailureOr<std::pair<llvm::SmallVector<ProjectionTerm, 2>, int64_t>>
decomposeProjection(mlir::AffineExpr expr);
} // namespace oro

#define GET_OP_CLASSES
#include "oro/Dialect/Oro/IR/OroOps.h.inc"

#endif // ORO_DIALECT_ORO_IR_OROOPS_H
