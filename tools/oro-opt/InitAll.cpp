//===- InitAll.cpp - Register every oro dialect and pass ------------------===//

#include "oro/InitAll.h"
#include "oro/Conversion/Passes.h"
#include "oro/Dialect/Oro/IR/OroDialect.h"
#include "oro/Transforms/Passes.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Transform/IR/TransformDialect.h"

void oro::registerAllOroDialects(mlir::DialectRegistry &registry) {
  registry.insert<oro::OroDialect, mlir::affine::AffineDialect,
                  mlir::arith::ArithDialect, mlir::func::FuncDialect,
                  mlir::linalg::LinalgDialect, mlir::scf::SCFDialect,
                  mlir::tensor::TensorDialect,
                  mlir::transform::TransformDialect>();
  // What --oro-apply-mapping's transform script needs.
  oro::registerApplyMappingExtensions(registry);
}

void oro::registerAllOroPasses() {
  registerOroConversionPasses();
  registerOroTransformsPasses();
  registerOroPipelines();
}
