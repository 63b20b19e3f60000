//===- oro-opt.cpp - The oro optimizer driver -----------------------------===//
//
// mlir-opt for oro: parses Linalg and oro IR, runs oro's passes and
// pipelines (`--convert-linalg-to-oro`, `--oro-map-search`,
// `--oro-emit-bounds`, `--oro-pipeline`).
//
//===----------------------------------------------------------------------===//

#include "oro/InitAll.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  oro::registerAllOroDialects(registry);
  oro::registerAllOroPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "oro optimizer driver\n", registry));
}
