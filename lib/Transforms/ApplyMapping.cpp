//===- ApplyMapping.cpp - Tile and fuse the Linalg ops in-process ---------===//
//
// `--oro-apply-mapping`: rewrites the Linalg functions of the module as the
// mappings and fusion groups chosen by `--oro-map-search` say, by running the
// very transform script that `--oro-emit-transform` writes (one generator,
// `buildTransformScript`) with upstream's transform interpreter, in-process:
// tiling through TilingInterface (`scf.for`, `scf.forall` for spatial
// loops, `affine.min` bounds for partial tiles), loop order by
// `interchange`, fusion of a group's producers into its shared loops with
// `fuse_into_containing_op`, then CSE.
//
// The script's ops carry the locations of the Linalg ops (or functions) they
// are about, so an interpreter failure is an error at the einsum's source.
// The `oro.einsum` labels stay on the tiled ops; the `oro.workload`s stay
// unless `strip-workloads` erases them.
//
//===----------------------------------------------------------------------===//

#include "oro/Transforms/Passes.h"
#include "TransformScript.h"
#include "oro/Dialect/Oro/IR/OroOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Affine/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/TransformOps/DialectExtension.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/TransformOps/SCFTransformOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/IR/TensorTilingInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/TransformOps/TensorTransformOps.h"
#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Dialect/Transform/IR/TransformOps.h"
#include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.h"
#include "mlir/Dialect/Transform/Transforms/TransformInterpreterUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

namespace oro {
#define GEN_PASS_DEF_APPLYMAPPINGPASS
#include "oro/Transforms/Passes.h.inc"
} // namespace oro

using namespace mlir;
using namespace oro;

void oro::registerApplyMappingExtensions(DialectRegistry &registry) {
  linalg::registerTransformDialectExtension(registry);
  scf::registerTransformDialectExtension(registry);
  tensor::registerTransformDialectExtension(registry);
  linalg::registerTilingInterfaceExternalModels(registry);
  tensor::registerTilingInterfaceExternalModels(registry);
  affine::registerValueBoundsOpInterfaceExternalModels(registry);
  arith::registerValueBoundsOpInterfaceExternalModels(registry);
  scf::registerValueBoundsOpInterfaceExternalModels(registry);
  tensor::registerValueBoundsOpInterfaceExternalModels(registry);
}

namespace {

class ApplyMappingPass
    : public oro::impl::ApplyMappingPassBase<ApplyMappingPass> {
public:
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerApplyMappingExtensions(registry);
  }

  void runOnOperation() override;
};

void ApplyMappingPass::runOnOperation() {
  ModuleOp module = getOperation();
  MLIRContext *context = &getContext();

  TransformScriptStats stats;
  std::string script =
      buildTransformScript(module, stats, /*withLocations=*/true);
  numTiled += stats.tiled;
  numFusedGroups += stats.fusedGroups;
  numSkipped += stats.skipped;

  if (stats.tiled > 0) {
    ParserConfig config(context);
    OwningOpRef<ModuleOp> transformModule = parseSourceString<ModuleOp>(
        script, config, "oro-apply-mapping transform script");
    if (!transformModule) {
      // A bug of the generator, not of the input.
      emitError(module.getLoc())
          << "'oro-apply-mapping' built a transform script it cannot parse";
      return signalPassFailure();
    }
    transform::TransformOpInterface entry =
        transform::detail::findTransformEntryPoint(
            transformModule->getOperation(), /*module=*/nullptr,
            transform::TransformDialect::kTransformEntryPointSymbolName);
    if (!entry)
      return signalPassFailure();
    transform::TransformOptions options;
    options.enableExpensiveChecks(false);
    // The interpreter reports a failure (some as a remark) at the failing
    // transform op, i.e. at the payload op it is about; the error of the
    // pass goes there too.
    std::optional<Location> firstLoc;
    LogicalResult applied = success();
    {
      ScopedDiagnosticHandler handler(context, [&](Diagnostic &diag) {
        if (!firstLoc)
          firstLoc = diag.getLocation();
        return failure(); // Not handled: passed on to the tool's handler.
      });
      applied = transform::applyTransformNamedSequence(
          module, entry, *transformModule, options);
    }
    if (failed(applied)) {
      emitError(firstLoc.value_or(module.getLoc()))
          << "'oro-apply-mapping' could not apply the mapping here "
             "('--oro-emit-transform=file=-' prints the transform script)";
      return signalPassFailure();
    }
  }

  if (stripWorkloads)
    for (WorkloadOp workload :
         llvm::make_early_inc_range(module.getOps<WorkloadOp>()))
      workload.erase();
}

} // namespace
