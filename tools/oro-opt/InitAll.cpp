//===- InitAll.cpp - Register every oro dialect and pass ------------------===//

#include "oro/InitAll.h"
#include "oro/Conversion/Passes.h"
#include "oro/Dialect/Oro/IR/OroDialect.h"
#include "oro/Transforms/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

void oro::registerAllOroDialects(mlir::DialectRegistry &registry) {
  registry.insert<oro::OroDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::linalg::LinalgDialect,
                  mlir::tensor::TensorDialect>();
}

void oro::registerAllOroPasses() {
  registerOroConversionPasses();
  registerOroTransformsPasses();
  registerOroPipelines();
}
