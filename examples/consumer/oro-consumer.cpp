//===- oro-consumer.cpp - An MLIR tool built against an installed oro -----===//
//
// Shows oro used as a library by another MLIR project (see README.md here):
// registers oro's dialects and passes, builds the bounds pipeline in C++
// (oro::buildOroBoundsPipeline, or by name through the pass registry with
// --by-name), runs it on a Linalg file and prints, per einsum, the bound the
// pipeline attached to it.
//
//   oro-consumer examples/matmul/matmul-4096.mlir \
//     --arch=examples/arches/snowcat.yaml --report=out/matmul.json [-o out.mlir]
//
//===----------------------------------------------------------------------===//

#include "oro/Dialect/Oro/IR/OroAttrs.h"
#include "oro/Dialect/Oro/IR/OroOps.h"
#include "oro/InitAll.h"
#include "oro/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<input Linalg .mlir>"));
static cl::opt<std::string> archFile("arch", cl::Required,
                                     cl::desc("Architecture spec (YAML)"));
static cl::opt<std::string> reportFile("report", cl::init(""),
                                       cl::desc("JSON report file"));
static cl::opt<std::string> csvFile("csv", cl::init(""),
                                    cl::desc("CSV curves file"));
static cl::opt<std::string> outputFile(
    "o", cl::init(""), cl::desc("Write the resulting oro IR here"));
static cl::opt<bool> byName(
    "by-name", cl::init(false),
    cl::desc("Build the pipeline from its registered name "
             "(\"oro-pipeline{...}\") instead of the C++ builder"));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // Everything oro registers: its dialects (and Linalg, Func, Arith, Tensor,
  // which it reads) and its passes and pipelines.
  mlir::DialectRegistry registry;
  oro::registerAllOroDialects(registry);
  oro::registerAllOroPasses();
  cl::ParseCommandLineOptions(argc, argv, "oro used as a library\n");

  mlir::MLIRContext context(registry);
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(inputFile, sourceMgr,
                                            mlir::ParserConfig(&context));
  if (!module)
    return 1;

  mlir::PassManager pm(&context);
  if (byName) {
    // Parsed into `pm`, which is anchored on builtin.module already.
    std::string pipeline = "oro-pipeline{arch=" + archFile;
    if (!reportFile.empty())
      pipeline += " report=" + reportFile;
    if (!csvFile.empty())
      pipeline += " csv=" + csvFile;
    pipeline += "}";
    if (mlir::failed(mlir::parsePassPipeline(pipeline, pm, llvm::errs())))
      return 1;
  } else {
    oro::OroPipelineOptions options;
    options.arch = archFile;
    options.report = reportFile;
    options.csv = csvFile;
    oro::buildOroBoundsPipeline(pm, options);
  }
  if (mlir::failed(pm.run(*module)))
    return 1;

  // What the pipeline attached: the bound of each einsum at its level.
  unsigned einsums = 0;
  module->walk([&](oro::EinsumOp op) {
    ++einsums;
    llvm::outs() << "einsum " << op.getLabel();
    if (oro::BoundsAttr bounds = op.getBoundsAttr())
      llvm::outs() << ": level=" << bounds.getLevel().getValue()
                   << " macs=" << bounds.getMacs()
                   << " compulsory_bits=" << bounds.getCompulsoryBits()
                   << " capacity_bits=" << bounds.getCapacityBits()
                   << " accesses_bits=" << bounds.getAccessesBits()
                   << " points=" << bounds.getPoints();
    else
      llvm::outs() << ": no bounds";
    llvm::outs() << "\n";
  });
  llvm::outs() << "oro-consumer: " << einsums << " einsum(s)";
  if (!reportFile.empty())
    llvm::outs() << ", report written to " << reportFile;
  llvm::outs() << "\n";

  if (!outputFile.empty()) {
    std::string error;
    std::unique_ptr<llvm::ToolOutputFile> out =
        mlir::openOutputFile(outputFile, &error);
    if (!out) {
      llvm::errs() << error << "\n";
      return 1;
    }
    module->print(out->os());
    out->os() << "\n";
    out->keep();
  }
  return einsums ? 0 : 1;
}
