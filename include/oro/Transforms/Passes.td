//===- Passes.td - oro analysis and mapping passes ---------*- tablegen -*-===//
//
// The passes that search mappings and emit bounds on `oro.workload`s.
// Kept alphabetical.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_TRANSFORMS_PASSES_TD
#define ORO_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ApplyMappingPass : Pass<"oro-apply-mapping", "mlir::ModuleOp"> {
  let summary = "Tile and fuse the Linalg ops as the chosen mappings say";
  let description = [{
    After `--oro-map-search`, rewrites the Linalg functions of the module in
    place by applying, with upstream's transform interpreter in-process, the
    transform script that `--oro-emit-transform` writes: every mapped
    einsum's Linalg op is tiled per level of its mapping through
    TilingInterface (`scf.for` in the mapping's loop order, the spatial
    loops of a level as one `scf.forall`, `affine.min` bounds for partial
    tiles), and each fused group's producers (and the `linalg.fill`s of
    their outputs) are fused into the consumer's shared loops, followed by
    CSE. Einsums the script cannot tile are skipped with a remark, as in
    `--oro-emit-transform`; an interpreter failure is an error at the
    einsum's Linalg op. The `oro.einsum` labels stay on the tiled ops; the
    `oro.workload`s stay unless `strip-workloads` is set, which erases them
    so that the output feeds upstream tools directly.

    ```
    oro-opt in.mlir --convert-linalg-to-oro --oro-map-search="arch=a.yaml" \
      --oro-apply-mapping=strip-workloads
    ```
  }];
  let options = [
    Option<"stripWorkloads", "strip-workloads", "bool", /*default=*/"false",
           "Erase the oro.workload ops after applying the mappings">,
  ];
  let statistics = [
    Statistic<"numTiled", "tiled", "Einsums tiled">,
    Statistic<"numFusedGroups", "fused-groups", "Fused groups applied as fusion">,
    Statistic<"numSkipped", "skipped", "Mapped einsums that cannot be tiled">,
  ];
  let dependentDialects = [
    "oro::OroDialect",
    "mlir::affine::AffineDialect",
    "mlir::arith::ArithDialect",
    "mlir::func::FuncDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
    "mlir::transform::TransformDialect",
  ];
}

def EmitBoundsPass : Pass<"oro-emit-bounds", "mlir::ModuleOp"> {
  let summary = "Emit Orojenesis bounds (capacity vs. parent accesses) per level";
  let description = [{
    For every einsum of every `oro.workload`, and every memory level below
    the architecture's backing store, computes the exact Pareto curve between
    the level's capacity and the minimum number of accesses to its parent
    (the Orojenesis "ski slope"), each point with a witness mapping, plus the
    operational intensity (MACs per parent byte). Attaches a
    `#oro.bounds` summary at the level's capacity to each einsum and writes
    the full curves to `report` (JSON) and `csv`.

    ```
    oro-opt in.mlir --oro-emit-bounds="arch=snowcat.yaml report=out.json csv=out.csv"
    ```
  }];
  let options = [
    Option<"arch", "arch", "std::string", /*default=*/"",
           "Architecture spec (YAML file)">,
    Option<"report", "report", "std::string", /*default=*/"",
           "Write the JSON report to this file ('-' for stdout)">,
    Option<"csv", "csv", "std::string", /*default=*/"",
           "Write the curves as CSV to this file ('-' for stdout)">,
    Option<"maxCandidates", "max-candidates", "uint64_t",
           /*default=*/"500000000",
           "Stop an einsum's search after this many evaluated mappings">,
    Option<"fusion", "fusion", "bool", /*default=*/"true",
           "Also search fused groups of einsums (workloads of 2+ einsums)">,
    Option<"maxGroupSize", "max-group-size", "unsigned", /*default=*/"0",
           "Largest fused group in einsums (0 = no bound)">,
    Option<"fusionLookahead", "fusion-lookahead", "unsigned", /*default=*/"4",
           "Fused groups need not be intervals of the program order: the "
           "search runs ahead of the first einsum not yet run by at most "
           "this many einsums (0 = groups are intervals)">,
    Option<"fusionShareInputs", "fusion-share-inputs", "bool",
           /*default=*/"true",
           "A fused group may read an input its einsums share once, in one "
           "reservation (false = each einsum reads its own)">,
    Option<"fusionRetile", "fusion-retile", "bool", /*default=*/"false",
           "An einsum of a fused group with an access on chip may tile a "
           "shared rank again below the shared loops (false = shared ranks "
           "are tiled once)">,
    Option<"maxGroupCandidates", "max-group-candidates", "uint64_t",
           /*default=*/"20000000",
           "Budget per fused group of 2+ einsums: past it the group keeps "
           "the mappings found so far and the fused curve is attainable, "
           "not exact (0 = no bound)">,
    Option<"objective", "objective", "std::string", /*default=*/"\"traffic\"",
           "What the mapper minimizes below the first level: traffic "
           "(boundary by boundary, outermost first) or energy (total data "
           "movement energy; needs the levels' energies)">,
    Option<"progress", "progress", "std::string", /*default=*/"\"auto\"",
           "Progress on stderr: auto (when stderr is a terminal), always, never">,
    Option<"threads", "threads", "int", /*default=*/"-1",
           "Worker threads for the searches (0 = one per core; default: "
           "as the MLIR context, 1 with --mlir-disable-threading). The "
           "output is the same for any number">,
    ListOption<"einsums", "einsums", "std::string",
               "Analyze only these einsums, by name as in the report, as a "
               "workload of their own: tensors crossing the selection go "
               "through the backing store (default: all)">,
  ];
  let statistics = [
    Statistic<"numCurves", "curves", "Number of curves computed">,
    Statistic<"numCandidates", "candidates", "Mappings evaluated by the search">,
    Statistic<"numComputedAhead", "computed-ahead",
              "Searches and plans computed ahead on worker threads">,
  ];
  let dependentDialects = ["oro::OroDialect"];
}

def EmitTransformPass : Pass<"oro-emit-transform", "mlir::ModuleOp"> {
  let summary = "Write the chosen tiling and fusion as a transform-dialect script";
  let description = [{
    After `--oro-map-search`, writes a transform-dialect module whose
    `@__transform_main` tiles every mapped einsum's Linalg op (matched by
    its `oro.einsum` label inside its function) per level of its mapping
    with `transform.structured.tile_using_for` (tile sizes per loop
    dimension, an `interchange` for the mapping's loop order; the spatial
    loops of a level as one `tile_using_forall`), and fuses each fused group
    into its consumer's shared loops with
    `transform.structured.fuse_into_containing_op`. Upstream
    `mlir-opt --transform-preload-library=transform-library-paths=<file>
    --transform-interpreter` applies it to the Linalg functions, e.g. the
    `payload` file. Einsums without a Linalg op of one loop per rank
    (padding copies, split ranks) are skipped with a remark. The module is
    not changed.

    ```
    oro-opt in.mlir --convert-linalg-to-oro --oro-map-search="arch=a.yaml" \
      --oro-emit-transform="file=tile.mlir payload=payload.mlir"
    ```
  }];
  let options = [
    Option<"file", "file", "std::string", /*default=*/"",
           "Write the transform script to this file ('-' for stdout)">,
    Option<"payload", "payload", "std::string", /*default=*/"",
           "Also write the module without its oro.workload ops (the "
           "labelled Linalg functions upstream mlir-opt parses) to this file">,
    Option<"match", "match", "std::string", /*default=*/"\"label\"",
           "How the script finds each einsum's Linalg op: label (its "
           "oro.einsum attribute, in the payload file) or position (op name "
           "and index in its function: applies to the untouched input)">,
  ];
  let statistics = [
    Statistic<"numTiled", "tiled", "Einsums tiled by the script">,
    Statistic<"numFusedGroups", "fused-groups", "Fused groups emitted as fusion">,
    Statistic<"numSkipped", "skipped", "Mapped einsums the script cannot tile">,
  ];
  let dependentDialects = ["oro::OroDialect"];
}

def MapSearchPass : Pass<"oro-map-search", "mlir::ModuleOp"> {
  let summary = "Choose each einsum's mapping for the architecture's capacities";
  let description = [{
    Searches the mapspace of every einsum of every `oro.workload` exactly and
    annotates the einsum with the `#oro.mapping` that minimizes accesses to
    the parent of the first level below the backing store within that
    level's capacity (ties: the least capacity). For an unbounded level (the
    `snowcat.yaml` buffer) that is the point reaching the minimum with the
    least capacity.

    ```
    oro-opt in.mlir --oro-map-search="arch=examples/arches/snowcat.yaml"
    ```
  }];
  let options = [
    Option<"arch", "arch", "std::string", /*default=*/"",
           "Architecture spec (YAML file)">,
    Option<"maxCandidates", "max-candidates", "uint64_t",
           /*default=*/"500000000",
           "Stop an einsum's search after this many evaluated mappings">,
    Option<"fusion", "fusion", "bool", /*default=*/"true",
           "Also search fused groups of einsums (workloads of 2+ einsums)">,
    Option<"maxGroupSize", "max-group-size", "unsigned", /*default=*/"0",
           "Largest fused group in einsums (0 = no bound)">,
    Option<"fusionLookahead", "fusion-lookahead", "unsigned", /*default=*/"4",
           "Fused groups need not be intervals of the program order: the "
           "search runs ahead of the first einsum not yet run by at most "
           "this many einsums (0 = groups are intervals)">,
    Option<"fusionShareInputs", "fusion-share-inputs", "bool",
           /*default=*/"true",
           "A fused group may read an input its einsums share once, in one "
           "reservation (false = each einsum reads its own)">,
    Option<"fusionRetile", "fusion-retile", "bool", /*default=*/"false",
           "An einsum of a fused group with an access on chip may tile a "
           "shared rank again below the shared loops (false = shared ranks "
           "are tiled once)">,
    Option<"maxGroupCandidates", "max-group-candidates", "uint64_t",
           /*default=*/"20000000",
           "Budget per fused group of 2+ einsums: past it the group keeps "
           "the mappings found so far and the fused curve is attainable, "
           "not exact (0 = no bound)">,
    Option<"objective", "objective", "std::string", /*default=*/"\"traffic\"",
           "What the mapper minimizes below the first level: traffic "
           "(boundary by boundary, outermost first) or energy (total data "
           "movement energy; needs the levels' energies)">,
    Option<"progress", "progress", "std::string", /*default=*/"\"auto\"",
           "Progress on stderr: auto (when stderr is a terminal), always, never">,
    Option<"threads", "threads", "int", /*default=*/"-1",
           "Worker threads for the searches (0 = one per core; default: "
           "as the MLIR context, 1 with --mlir-disable-threading). The "
           "output is the same for any number">,
    ListOption<"einsums", "einsums", "std::string",
               "Analyze only these einsums, by name as in the report, as a "
               "workload of their own: tensors crossing the selection go "
               "through the backing store (default: all)">,
  ];
  let statistics = [
    Statistic<"numMapped", "mapped", "Number of einsums annotated">,
    Statistic<"numFusedGroups", "fused-groups", "Fused groups of 2+ einsums annotated">,
    Statistic<"numCandidates", "candidates", "Mappings evaluated by the search">,
    Statistic<"numComputedAhead", "computed-ahead",
              "Searches and plans computed ahead on worker threads">,
  ];
  let dependentDialects = ["oro::OroDialect"];
}

#endif // ORO_TRANSFORMS_PASSES_TD
