//===- Passes.h - oro analysis and mapping passes ---------------*- C++ -*-===//

#ifndef ORO_TRANSFORMS_PASSES_H
#define ORO_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "oro/Dialect/Oro/IR/OroDialect.h"
#include <memory>
#include <string>

namespace oro {

#define GEN_PASS_DECL
#include "oro/Transforms/Passes.h.inc"

/// Options of the end-to-end bounds pipeline.
struct OroPipelineOptions
    : public mlir::PassPipelineOptions<OroPipelineOptions> {
  Option<std::string> arch{*this, "arch",
                           llvm::cl::desc("Architecture spec (YAML file)")};
  Option<std::string> report{*this, "report",
                             llvm::cl::desc("JSON report file ('-' = stdout)")};
  Option<std::string> csv{*this, "csv",
                          llvm::cl::desc("CSV curves file ('-' = stdout)")};
  Option<bool> allowPartial{
      *this, "allow-partial",
      llvm::cl::desc("Analyze the rest when some ops have no einsum meaning"),
      llvm::cl::init(false)};
  ListOption<std::string> dynamicDims{
      *this, "dynamic-dims",
      llvm::cl::desc("Sizes for dynamic argument dimensions: 'N' for all, "
                     "'ARG.DIM=N' for one (see convert-linalg-to-oro)")};
  Option<uint64_t> maxCandidates{
      *this, "max-candidates",
      llvm::cl::desc("Search budget per einsum (evaluated mappings)"),
      llvm::cl::init(500000000)};
  Option<bool> fusion{
      *this, "fusion",
      llvm::cl::desc("Also search fused groups of einsums"),
      llvm::cl::init(true)};
  Option<unsigned> maxGroupSize{
      *this, "max-group-size",
      llvm::cl::desc("Largest fused group in einsums (0 = no bound)"),
      llvm::cl::init(0)};
  Option<unsigned> fusionLookahead{
      *this, "fusion-lookahead",
      llvm::cl::desc("Fused groups need not be intervals of the program "
                     "order: the search runs ahead of the first einsum not "
                     "yet run by at most this many einsums (0 = groups are "
                     "intervals)"),
      llvm::cl::init(4)};
  Option<bool> fusionShareInputs{
      *this, "fusion-share-inputs",
      llvm::cl::desc("A fused group may read an input its einsums share "
                     "once, in one reservation (false = each einsum reads "
                     "its own)"),
      llvm::cl::init(true)};
  Option<bool> fusionRetile{
      *this, "fusion-retile",
      llvm::cl::desc("An einsum of a fused group with an access on chip may "
                     "tile a shared rank again below the shared loops "
                     "(false = shared ranks are tiled once)"),
      llvm::cl::init(false)};
  Option<uint64_t> maxGroupCandidates{
      *this, "max-group-candidates",
      llvm::cl::desc("Budget per fused group of 2+ einsums; past it the "
                     "fused curve is attainable, not exact (0 = no bound)"),
      llvm::cl::init(20000000)};
  Option<std::string> objective{
      *this, "objective",
      llvm::cl::desc("What the mapper minimizes below the first level: "
                     "traffic or energy"),
      llvm::cl::init("traffic")};
  Option<std::string> progress{
      *this, "progress",
      llvm::cl::desc("Progress on stderr: auto, always, never"),
      llvm::cl::init("auto")};
  Option<int> threads{
      *this, "threads",
      llvm::cl::desc("Worker threads for the searches (0 = one per core; "
                     "default: as the MLIR context); the output is the same "
                     "for any number"),
      llvm::cl::init(-1)};
  ListOption<std::string> einsums{
      *this, "einsums",
      llvm::cl::desc("Analyze only these einsums (names as in the report); "
                     "tensors crossing the selection go through the backing "
                     "store")};
};

/// Linalg -> oro -> mapping search -> bounds and report.
void buildOroBoundsPipeline(mlir::OpPassManager &pm,
                            const OroPipelineOptions &options);

/// Registers what `--oro-apply-mapping`'s transform script needs beyond its
/// dialects: the Linalg, SCF and Tensor transform ops, and the tiling and
/// value-bounds interfaces of the payload ops (as upstream mlir-opt does).
/// The pass declares them itself; tools that parse the script register them
/// through `registerAllOroDialects`.
void registerApplyMappingExtensions(mlir::DialectRegistry &registry);

/// Registers `--oro-pipeline`.
void registerOroPipelines();

#define GEN_PASS_REGISTRATION
#include "oro/Transforms/Passes.h.inc"

} // namespace oro

#endif // ORO_TRANSFORMS_PASSES_H
