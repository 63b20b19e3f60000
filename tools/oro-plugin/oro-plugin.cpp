//===- oro-plugin.cpp - oro as a dialect and pass plugin ------------------===//
//
// Lets upstream MLIR tools load oro at run time, as mlir/examples/standalone's
// standalone-plugin does:
//
//   mlir-opt-22 --load-dialect-plugin=build/lib/OroPlugin.so \
//     --load-pass-plugin=build/lib/OroPlugin.so FILE \
//     --oro-pipeline="arch=A.yaml report=R.json"
//
// The dialect entry point adds the oro dialect and the transform extensions
// --oro-apply-mapping needs; the pass entry point registers every oro pass
// and pipeline.
//
// mlir-opt builds its pass flags (--canonicalize, ...) from the pass registry
// before it parses the command line, and loads pass plugins while parsing,
// so a plugin's passes are normally reachable only through
// --pass-pipeline="builtin.module(oro-pipeline{...})". For the common case
// the pass entry point also adds a flag --oro-pipeline="OPTIONS" of its own
// (an option registered while parsing is seen by the arguments after it)
// that forwards to the host's --pass-pipeline. It is added only when the
// host has a --pass-pipeline option and no --oro-pipeline yet. The library links libMLIR.so, the MLIR that mlir-opt-22
// itself links, so types and TypeIDs are the host's (a plugin with MLIR's
// static archives in it would carry a second copy of every dialect).
//
//===----------------------------------------------------------------------===//

#include "oro/InitAll.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Compiler.h"

#include <cstdlib>
#include <string>

namespace {
/// Adds --oro-pipeline="OPTIONS", which sets the host's --pass-pipeline to
/// builtin.module(oro-pipeline{OPTIONS}); see the file comment.
void addPipelineFlag() {
  auto &options =
      llvm::cl::getRegisteredOptions();
  if (options.count("oro-pipeline") || !options.count("pass-pipeline"))
    return;
  // Registered with the command line for the rest of the process, like the
  // host's own options; never freed.
  new llvm::cl::opt<std::string>(
      "oro-pipeline",
      llvm::cl::desc("Run oro's pipeline (import, map search, bounds) with "
                     "these options, e.g. \"arch=A.yaml report=R.json\": "
                     "short for --pass-pipeline=\"builtin.module("
                     "oro-pipeline{...})\" (from OroPlugin)"),
      llvm::cl::value_desc("options"),
      llvm::cl::callback([](const std::string &value) {
        llvm::cl::Option *passPipeline =
            llvm::cl::getRegisteredOptions().lookup("pass-pipeline");
        std::string pipeline = "builtin.module(oro-pipeline{" + value + "})";
        if (!passPipeline)
          return;
        // One pipeline per run, as the host allows one --pass-pipeline.
        if (passPipeline->getNumOccurrences()) {
          llvm::errs() << "--oro-pipeline cannot be combined with "
                          "--pass-pipeline or a second --oro-pipeline; write "
                          "--pass-pipeline=\"builtin.module(..., "
                          "oro-pipeline{...})\" instead\n";
          std::exit(1);
        }
        if (passPipeline->addOccurrence(0, "pass-pipeline", pipeline))
          std::exit(1);
      }));
}
} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK ::mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Oro", LLVM_VERSION_STRING,
          [](::mlir::DialectRegistry *registry) {
            oro::registerAllOroDialects(*registry);
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK ::mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "OroPasses", LLVM_VERSION_STRING,
          []() {
            oro::registerAllOroPasses();
            addPipelineFlag();
          }};
}
