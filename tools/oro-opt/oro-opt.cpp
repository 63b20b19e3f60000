//===- oro-opt.cpp - The oro optimizer driver -----------------------------===//
//
// mlir-opt for oro: parses what upstream `mlir-opt` parses (every upstream
// dialect and extension is registered: front ends leave `ml_program`, `cf`,
// `tosa`, `bufferization`... ops around their Linalg) plus oro IR, and runs
// oro's passes and pipelines (`--convert-linalg-to-oro`, `--oro-map-search`,
// `--oro-emit-bounds`, `--oro-pipeline`).
//
// It differs from upstream's `MlirOptMain(argc, argv, ...)` in two ways,
// both against inputs that crash `mlir-opt` by exhausting its stack
// (docs/Robustness.md):
// - input that nests deeper than `kMaxNesting` levels is rejected with a
//   located error before it is parsed (oro/Support/InputNesting.h);
// - the driver runs on a thread with a `kStackBytes` stack, so that every
//   input within that limit, and long chains that do not nest (`d0 + d0 +
//   ...`, which the affine parser also recurses on), parse.
//
//===----------------------------------------------------------------------===//

#include "oro/InitAll.h"
#include "oro/Support/InputNesting.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/thread.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdio>

namespace {

/// Far deeper than real IR nests (front ends write a few dozen levels), and
/// within what `kStackBytes` holds for every kind of nesting, under ASan too
/// (test/Tools/deep-nesting.test parses inputs at the limit).
constexpr size_t kMaxNesting = 10000;
/// Reserved address space; only the pages a parse touches are committed.
constexpr unsigned kStackBytes = 512u << 20;

/// Upstream's MlirOptMain(argc, argv, input, output, registry), with the
/// nesting check between reading the input and parsing it.
mlir::LogicalResult runDriver(int argc, char **argv,
                              mlir::DialectRegistry &registry) {
  auto [inputFilename, outputFilename] = mlir::registerAndParseCLIOptions(
      argc, argv, "oro optimizer driver\n", registry);
  mlir::MlirOptMainConfig config =
      mlir::MlirOptMainConfig::createFromCLOptions();
  if (config.shouldShowDialects()) {
    llvm::outs() << "Available Dialects: ";
    llvm::interleave(registry.getDialectNames(), llvm::outs(), ",");
    llvm::outs() << "\n";
    return mlir::success();
  }
  if (config.shouldListPasses()) {
    mlir::printRegisteredPasses();
    return mlir::success();
  }
  if (inputFilename == "-" &&
      llvm::sys::Process::FileDescriptorIsDisplayed(fileno(stdin)))
    llvm::errs() << "(processing input from stdin now, hit ctrl-c/ctrl-d to "
                    "interrupt)\n";

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      mlir::openInputFile(inputFilename, &errorMessage);
  if (!file) {
    llvm::errs() << errorMessage << "\n";
    return mlir::failure();
  }
  if (auto deep = oro::findExcessiveNesting(file->getBuffer(), kMaxNesting)) {
    llvm::errs() << file->getBufferIdentifier() << ":" << deep->line << ":"
                 << deep->column << ": error: input nests deeper than "
                 << kMaxNesting
                 << " levels (brackets and unary minus signs); MLIR's "
                    "parser recurses once per level, so oro-opt does not "
                    "parse it\n";
    return mlir::failure();
  }
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    llvm::errs() << errorMessage << "\n";
    return mlir::failure();
  }
  if (mlir::failed(
          mlir::MlirOptMain(output->os(), std::move(file), registry, config)))
    return mlir::failure();
  output->keep();
  return mlir::success();
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  oro::registerAllOroDialects(registry);
  oro::registerAllOroPasses();
  mlir::LogicalResult result = mlir::failure();
  llvm::thread driver(std::optional<unsigned>(kStackBytes),
                      [&] { result = runDriver(argc, argv, registry); });
  driver.join();
  return mlir::asMainReturnCode(result);
}
