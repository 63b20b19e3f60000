//===- OpClassifier.cpp - What each op of a function means to oro ---------===//
//
// One table from op to `OpKind` (see OpClassifier.h), and the reasons given
// for ops the import cannot follow.
//
//===----------------------------------------------------------------------===//

#include "OpClassifier.h"

#include "oro/Conversion/LinalgToOro/LinalgToOro.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace oro {

/// Whether `op` only computes scalars (no tensors, memrefs or regions, no
/// side effects): it carries no tensor data, so it needs no einsum.
static bool isScalarOnly(Operation *op) {
  auto isShaped = [](Type t) { return isa<ShapedType>(t); };
  return op->getNumRegions() == 0 && isMemoryEffectFree(op) &&
         llvm::none_of(op->getOperandTypes(), isShaped) &&
         llvm::none_of(op->getResultTypes(), isShaped);
}

OpKind classify(Operation *op) {
  if (isStaticViewOp(op))
    return OpKind::View;
  return llvm::TypeSwitch<Operation *, OpKind>(op)
      .Case<tensor::EmptyOp>([](auto) { return OpKind::Initialization; })
      .Case<tensor::DimOp>([](auto) { return OpKind::Scalar; })
      .Case<arith::ConstantOp>([](auto) { return OpKind::Constant; })
      .Case<linalg::FillOp>([](linalg::FillOp fill) {
        return fill.hasPureTensorSemantics() ? OpKind::Initialization
                                             : OpKind::Unsupported;
      })
      .Case<linalg::LinalgOp>([](auto) { return OpKind::Einsum; })
      // Not static views (those were caught above).
      .Case<tensor::CastOp, tensor::ExpandShapeOp, tensor::CollapseShapeOp,
            tensor::ExtractSliceOp>([](auto) { return OpKind::Unsupported; })
      .Case<tensor::PadOp, tensor::InsertSliceOp>(
          [](auto) { return OpKind::PaddingCopy; })
      .Default([](Operation *op) {
        return isScalarOnly(op) ? OpKind::Scalar : OpKind::Opaque;
      });
}

void explainUnimportable(Operation *op, InFlightDiagnostic &diag) {
  if (isa<linalg::FillOp>(op)) {
    diag << "'linalg.fill' operates on memrefs; oro needs tensors";
    return;
  }
  if (isa<tensor::CastOp, tensor::ExpandShapeOp, tensor::CollapseShapeOp>(op)) {
    auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    Value dynamic = resultType && resultType.hasStaticShape()
                        ? op->getOperand(0)
                        : op->getResult(0);
    diag << "'" << op->getName() << "' has dynamic shape " << dynamic.getType()
         << "; oro needs static extents";
    return;
  }
  if (isa<tensor::ExtractSliceOp>(op)) {
    diag << "'tensor.extract_slice' has dynamic offsets, sizes or strides; "
            "oro needs static slices";
    return;
  }
  diag << "'" << op->getName()
       << "' has no einsum meaning; oro cannot follow tensors through it";
}

} // namespace oro
