//===- OpClassifier.cpp - What each op of a function means to oro ---------===//
//
// One table from op to `OpKind` (see OpClassifier.h), and the reasons given
// for ops the import cannot follow.
//
//===----------------------------------------------------------------------===//

#include "OpClassifier.h"
#include "DynamicSizes.h"

#include "oro/Conversion/LinalgToOro/LinalgToOro.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/StringSwitch.h"
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

/// Whether `op` reads or writes memrefs: bufferized code.
static bool touchesMemrefs(Operation *op) {
  auto isMemref = [](Type t) { return isa<BaseMemRefType>(t); };
  return llvm::any_of(op->getOperandTypes(), isMemref) ||
         llvm::any_of(op->getResultTypes(), isMemref);
}

/// Ops that move no data an einsum reads or writes, matched by name so
/// that the import needs none of their dialects: checks (`cf.assert`, fed
/// by scalar compares), printing, and updates of module globals (torch-mlir's
/// RNG seed). `ml_program.global_load` and `tensor.from_elements` are
/// constants instead: an einsum may read them.
static bool movesNoData(Operation *op) {
  return llvm::StringSwitch<bool>(op->getName().getStringRef())
      .Cases({"cf.assert", "ml_program.global_store", "vector.print",
              "gpu.printf", "llvm.intr.debugtrap"},
             true)
      .Default(false);
}

/// A call of a declaration (no body) that returns nothing: a runtime hook
/// such as `printMemrefF32`, with no data an einsum reads.
static bool isCallOfVoidDeclaration(Operation *op) {
  auto call = dyn_cast<func::CallOp>(op);
  if (!call || call.getNumResults() != 0)
    return false;
  auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
      op, call.getCalleeAttr());
  return callee && callee.isExternal();
}

OpKind classify(Operation *op) {
  if (isStaticViewOp(op))
    return OpKind::View;
  if (movesNoData(op) || isCallOfVoidDeclaration(op))
    return OpKind::Ignored;
  // A cast of a static tensor that only feeds printing (to an unranked
  // tensor), or the function's return (to its dynamic result type, once
  // `dynamic-dims` bound the sizes; the return looks through it).
  if (auto cast = dyn_cast<tensor::CastOp>(op)) {
    auto source = dyn_cast<RankedTensorType>(cast.getSource().getType());
    bool toUnranked = isa<UnrankedTensorType>(cast.getType());
    if (source && source.hasStaticShape() &&
        llvm::all_of(op->getUsers(), [&](Operation *user) {
          return toUnranked ? movesNoData(user) || isCallOfVoidDeclaration(user)
                            : isa<func::ReturnOp>(user);
        }))
      return OpKind::Ignored;
  }
  StringRef name = op->getName().getStringRef();
  if (name == "ml_program.global_load" ||
      name == "ml_program.global_load_const")
    return OpKind::Constant;
  if (touchesMemrefs(op))
    return OpKind::Memref;
  return llvm::TypeSwitch<Operation *, OpKind>(op)
      .Case<tensor::EmptyOp>([](auto) { return OpKind::Initialization; })
      // A shape, or one element read as a scalar (torch-mlir reads its
      // seed with `tensor.extract`).
      .Case<tensor::DimOp, tensor::ExtractOp>(
          [](auto) { return OpKind::Scalar; })
      .Case<arith::ConstantOp, tensor::FromElementsOp>(
          [](auto) { return OpKind::Constant; })
      .Case<linalg::FillOp>([](linalg::FillOp fill) {
        return fill.hasPureTensorSemantics() ? OpKind::Initialization
                                             : OpKind::Unsupported;
      })
      .Case<linalg::LinalgOp>([](auto) { return OpKind::Einsum; })
      // Not static views (those were caught above).
      .Case<tensor::CastOp, tensor::ExpandShapeOp, tensor::CollapseShapeOp,
            tensor::ExtractSliceOp>([](auto) { return OpKind::Unsupported; })
      .Case<tensor::PadOp, tensor::InsertSliceOp, tensor::ConcatOp>(
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
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(op)) {
    diag << "'tensor.extract_slice' has dynamic offsets, sizes or strides";
    // Name where the first dynamic one comes from.
    for (auto [what, values] :
         {std::make_pair("offset", slice.getOffsets()),
          std::make_pair("size", slice.getSizes()),
          std::make_pair("stride", slice.getStrides())}) {
      if (values.empty())
        continue;
      diag << ": its " << what;
      explainDynamicSize(values.front(), diag);
      return;
    }
    diag << "; oro needs static slices";
    return;
  }
  if (auto call = dyn_cast<func::CallOp>(op)) {
    diag << "'func.call' of @" << call.getCallee()
         << " was not inlined (an external or recursive callee); oro follows "
            "tensors into callees with a body only";
    return;
  }
  diag << "'" << op->getName()
       << "' has no einsum meaning; oro cannot follow tensors through it";
}

} // namespace oro
