//===- Passes.td - oro conversion passes -------------------*- tablegen -*-===//
//
// Passes that bring other dialects into the oro dataflow dialect. Kept
// alphabetical.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CONVERSION_PASSES
#define ORO_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

def ConvertLinalgToOroPass
    : Pass<"convert-linalg-to-oro", "::mlir::ModuleOp"> {
  let summary = "Describe each function's Linalg ops as an oro workload of "
                "einsums";
  let description = [{
    For every `func.func` with a body, builds an `oro.workload @<func>_workload`
    right after it, describing the dataflow of its Linalg structured ops on
    static tensors. The function stays in place (the module cannot hold two
    symbols of one name, hence the suffix; see `getWorkloadName`) and is
    named by the workload's verified `oro.source = @<func>`: each
    converted Linalg op gets `oro.einsum = "<label>"` naming its einsum, so a
    later pass can rewrite the Linalg with the mapping chosen for it. A
    function whose workload already exists is skipped, so running the pass
    twice changes nothing.

    - Function arguments become workload arguments, `oro.name` from their
      `NameLoc` (else `arg<i>`). Weight heuristic: an argument is marked
      `oro.weight` when it has uses and every use, followed through views and
      pure data movement (transpose, broadcast, copy, a generic that yields
      its input), is a non-first input of a contraction or convolution (the
      `B` of a matmul, the filter of a convolution). Arguments that are not
      statically shaped tensors with sized elements are left out; ops that use
      them are diagnosed.
    - Tensor `arith.constant`s (splat, dense, `dense_resource`) read by an
      einsum become `oro.constant` (persistent weights; data dropped),
      labelled by their `NameLoc`, their resource blob name, or `cst`.
    - Every Linalg structured op becomes an `oro.einsum` (see `extractEinsum`
      in LinalgToOro.h): ranks and extents from the iteration domain,
      projections from the indexing maps. Rank names: `m, n, k` (matmul),
      `b, m, n, k` (batch matmul), `b/m/n/k` from the contraction dimensions
      of other contractions, `n, c, f, p, q, r, s` for convolutions and
      pooling (`g` groups, `m` depthwise multiplier, `z`/`t` the third
      spatial dimension), `d<i>` otherwise. Labels: a `NameLoc` on the op, or
      the op name (`linalg.elementwise`: its kind; `linalg.generic`: what it
      does, e.g. `transpose`, `reduce_maximumf`, `subf_exp`), made unique per
      workload (`matmul`, `matmul_1`).
    - Inits that are `tensor.empty`, `linalg.fill` or splat constants are
      initialization, not traffic. A real init the payload reads (accumulating
      into a bias) is also an input of the einsum, with the output map.
      Inputs whose payload argument is unused (pooling windows) and
      `tensor.empty`/`linalg.fill` inputs are not read.
    - `tensor.cast`, `tensor.expand_shape`, `tensor.collapse_shape` and static
      `tensor.extract_slice` between producer and consumer are composed into
      the consumer's projections, so they never cut the dataflow graph.
      Reading a collapsed dimension splits the reading rank into sub-ranks
      (`k` of extent 4096 reading 32x128 becomes `k_0` = 32, `k_1` = 128 with
      `k = 128*k_0 + k_1` in every access); when such a rank indexes the
      output, the einsum writes the expanded tensor and consumers read through
      the collapse.
    - Padding copies: `tensor.insert_slice` (static, unit strides) into
      initialization and `tensor.pad` (static, non-negative low/high, a
      padding value that does not depend on the position) become a `pad`
      einsum over the source's shape that writes it at the offsets (the low
      padding) of the larger result, whose rest is initialization:
      `outs[n, c, h + 1, w + 1]` (ranks `n, c, h, w` / `n, h, w, c` when a
      4-d tensor is padded only spatially, else `d<i>`; `copy` when nothing
      is padded). Padding at the high end only writes the start of the
      result, without an offset. Consumers read the padded tensor (`p + r`). Padding or
      inserting initialization is initialization (no einsum). Inserting into
      a real tensor (concatenation) is an error: one einsum output cannot
      hold data of two producers.
    - `func.return` becomes `oro.yield`; a returned view of an einsum output
      yields the einsum output itself.

    Whole modules as front ends print them (docs/FrontEnds.md):
    - `func.call`s of callees with a body are inlined first (the inliner,
      with no simplification); callees left without callers are erased, so
      each remaining function (normally the public ones) gets one workload.
    - Ops that move no data are dropped without a diagnostic: `cf.assert`,
      `ml_program.global_store`, `vector.print`, calls of bodiless functions
      that return nothing; `tensor.extract` is a scalar read;
      `ml_program.global_load` and `tensor.from_elements` are constants.
    - A 0-d Linalg op computes one scalar: it is no einsum, and einsums
      reading its result do not count it as traffic. A multi-output
      `linalg.generic` becomes one einsum per output, each reading the inputs
      its yielded value depends on.
    - A splat constant read by an elementwise computation (no reduction
      loop, a payload that computes) broadcasts a scalar: not traffic. Read
      by a contraction, a convolution or pure data movement (broadcast,
      transpose, copy) it stands for a weight and stays an `oro.constant`
      input.
    - Ops on memrefs (bufferized parts of mixed IR) are skipped with one
      warning per function; tensors they produce are inputs. A function with
      no einsum on tensors is an error.
    - `dynamic-dims` binds dynamic argument dimensions (then the function is
      canonicalized so the sizes propagate); without a binding a dynamic
      shape is a located error naming the dimension.

    Errors (located, naming the op and the reason; the pass fails): dynamic
    shapes, memrefs, no loops, extents below 1, maps that are
    not sums of scaled loops (mod, div, symbols) or read at negative
    coefficients, outputs written through non-permutations, loops that index
    no tracked tensor, collapsed dimensions read at an index that no rank
    split can delinearize, functions with several blocks, padding copies
    that are dynamic, strided, cropping, pad with a position-dependent value or insert into a real tensor, and every op with
    no einsum meaning (`func.call`, dynamic slices, loops, ...). With `allow-partial`, each such op gets a warning
    instead and its static tensor results become extra persistent inputs of
    the workload named after the op, so the rest of the function is still
    described (a function with several blocks is skipped with a warning).
    Pure scalar ops and `tensor.dim` carry no tensor data and are ignored.

    Example:

    ```mlir
    func.func @mm(%a: tensor<64x32xbf16>, %b: tensor<32x16xbf16>)
        -> tensor<64x16xbf16> {
      %e = tensor.empty() : tensor<64x16xbf16>
      %c = linalg.matmul ins(%a, %b : tensor<64x32xbf16>, tensor<32x16xbf16>)
                         outs(%e : tensor<64x16xbf16>) -> tensor<64x16xbf16>
      return %c : tensor<64x16xbf16>
    }
    ```

    gains `{oro.einsum = "matmul"}` on the matmul and, after the function:

    ```mlir
    oro.workload @mm_workload(%arg0: tensor<64x32xbf16> {oro.name = "arg0"},
        %arg1: tensor<32x16xbf16> {oro.name = "arg1", oro.weight})
        -> tensor<64x16xbf16> attributes {oro.source = @mm} {
      %matmul = einsum "matmul" [m = 64, n = 16, k = 32]
                  ins(%arg0[m, k], %arg1[k, n]) outs[m, n]
                  : (tensor<64x32xbf16>, tensor<32x16xbf16>) -> tensor<64x16xbf16>
      yield %matmul : tensor<64x16xbf16>
    }
    ```
  }];
  let options = [
    Option<"allowPartial", "allow-partial", "bool", /*default=*/"false",
           "Warn about ops oro cannot describe instead of failing, and treat "
           "their tensor results as persistent inputs of the workload">,
    ListOption<"dynamicDims", "dynamic-dims", "std::string",
           "Sizes for dynamic dimensions of function arguments: 'N' binds "
           "every one, 'I.D=N' dimension D of argument I (first match wins); "
           "recorded as oro.dynamic_dims and in the report">,
  ];
  let statistics = [
    Statistic<"numWorkloads", "num-workloads", "Number of workloads built">,
    Statistic<"numEinsums", "num-einsums", "Number of einsums built">,
    Statistic<"numSkippedOps", "num-skipped-ops",
              "Number of ops skipped under allow-partial">,
  ];
  let dependentDialects = ["::oro::OroDialect"];
}

#endif // ORO_CONVERSION_PASSES
