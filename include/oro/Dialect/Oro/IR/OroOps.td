//===- OroOps.td - Operations of the oro dialect -----------*- tablegen -*-===//
//
// The workload (one function's graph of einsums), the einsum itself,
// persistent constants and the workload terminator.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_DIALECT_ORO_IR_OROOPS_TD
#define ORO_DIALECT_ORO_IR_OROOPS_TD

include "oro/Dialect/Oro/IR/OroDialect.td"
include "oro/Dialect/Oro/IR/OroAttrs.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/IR/BuiltinAttributes.td"

/// The `inner_mappings` of an einsum: one `#oro.mapping` per memory level
/// below the level of its `mapping`, outermost first.
def Oro_MappingArrayAttr : TypedArrayAttrBase<Oro_MappingAttr,
    "array of #oro.mapping">;

def Oro_StaticTensor : Type<
    And<[AnyStaticShapeTensor.predicate,
         CPred<"::oro::hasKnownElementBits($_self)">]>,
    "statically shaped tensor with a sized element type",
    "::mlir::RankedTensorType">;

def Oro_WorkloadOp : Oro_Op<"workload", [
    FunctionOpInterface, IsolatedFromAbove, OpAsmOpInterface, SingleBlock]> {
  let summary = "The graph of einsums of one function";
  let description = [{
    A workload is the dataflow graph of one function: its arguments and the
    `oro.constant`s inside it are persistent inputs, the values it yields are
    persistent outputs (they live in the backing store), and every other
    einsum result is an intermediate. Einsums appear in a topological order.
    Argument attributes: `oro.name` (a readable tensor name) and `oro.weight`
    (the tensor belongs to the `Weights` class of architecture specs).

    Einsums carrying `#oro.fusion` form fused groups. The workload verifier
    checks each group as a whole: its members are contiguous among the
    einsums (constants may sit between them), groups are numbered 0, 1, ...
    in order of first appearance, members share the same number of shared
    loops with the same tiles over ranks of the same extents and map onto
    the same level, and every `fused` access is to an intermediate produced
    by a member, read by another member, read only by members (through
    `fused` accesses) and not yielded.

    ```mlir
    oro.workload @mm(%a: tensor<64x32xbf16> {oro.name = "a"},
                     %b: tensor<32x16xbf16> {oro.name = "b", oro.weight}) -> tensor<64x16xbf16> {
      %c = oro.einsum "matmul" [m = 64, n = 16, k = 32]
             ins(%a[m, k], %b[k, n]) outs[m, n]
             : (tensor<64x32xbf16>, tensor<32x16xbf16>) -> tensor<64x16xbf16>
      oro.yield %c : tensor<64x16xbf16>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs);
  let regions = (region SizedRegion<1>:$body);
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name,
                                 "::mlir::FunctionType":$type)>];
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// FunctionOpInterface: the body is always present.
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    /// OpAsmOpInterface: ops inside may omit the `oro.` prefix.
    static ::llvm::StringRef getDefaultDialect() { return "oro"; }
    /// OpAsmOpInterface: arguments print as their `oro.name`.
    void getAsmBlockArgumentNames(::mlir::Region &region,
                                  ::mlir::OpAsmSetValueNameFn setNameFn);

    /// The readable name of argument `i` (`oro.name`, else `arg<i>`).
    std::string getArgName(unsigned i);
    /// Whether argument `i` carries `oro.weight`.
    bool isWeightArg(unsigned i);
    /// The terminator.
    YieldOp getYield();
  }];
}

def Oro_EinsumOp : Oro_Op<"einsum", [Pure, HasParent<"WorkloadOp">,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "One einsum: named ranks, affine tensor projections, one output";
  let description = [{
    An einsum iterates over named ranks with static extents. Each input
    operand is read through one affine projection per tensor dimension, a sum
    of positive multiples of ranks plus a non-negative constant (`m`,
    `p + r`, `2*p + r`, `h*128 + d`, `0`). The result is the output, written
    through the output projection, whose dimensions are distinct ranks or
    constants (0 for a keepdim reduction). An output may cover part of its
    tensor, at an offset (`outs[c, h + 1, w + 1]`) or not (padding at the
    high end only): it fills part of a larger tensor whose rest is
    initialization, not traffic. That is how padding copies are expressed. Ranks absent from the
    output are
    reduction ranks. Element bits come from the tensor element types. The
    optional `mapping` is set by `--oro-map-search`, `bounds` by
    `--oro-emit-bounds`. `--oro-map-search` may also choose to fuse einsums:
    each member of a fused group then carries `fusion` (its group and how
    many outermost `mapping` loops are the group's shared loops), and its
    accesses to the group's internal intermediates have position `fused`.
    `fusion` requires `mapping`.

    The optional `inner_mappings` maps the einsum onto a memory hierarchy:
    one `#oro.mapping` per memory level below the level of `mapping`,
    outermost first. The loops of inner mapping `k` form a loop segment
    nested inside all loops of the mappings above it (`mapping` first, then
    inner mappings `0 .. k-1`); a rank's tile there is the part of the tile
    the outer levels leave that one iteration of the segment covers, so it
    is at most the rank's tile in the nearest outer segment that has a loop
    over the rank (the rank's extent if none has). Its `positions` count
    loops from the start of its own segment (0 = the level holds the whole
    tile the outer levels leave), `bypass` when the level does not keep the
    tensor; `fused` is not allowed (only `mapping` takes part in fusion).
    Its `spatial` loops are the first loops of its segment, spread over the
    instances of its level under the level above. `inner_mappings` requires
    `mapping`, every inner mapping passes the checks of `mapping` against the
    einsum's ranks and accesses, and level names are distinct across
    `mapping` and all inner mappings.

    ```mlir
    %y = oro.einsum "conv" [n = 1, f = 8, p = 6, q = 6, c = 3, r = 3, s = 3]
           ins(%x[n, c, 2*p + r, 2*q + s], %w[f, c, r, s]) outs[n, f, p, q]
           : (tensor<1x3x13x13xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>

    %t = oro.einsum "mm1" [m = 64, n = 32, k = 16]
           ins(%a[m, k], %b[k, n]) outs[m, n]
           {fusion = #oro.fusion<group = 0, shared_loops = 1>,
            mapping = #oro.mapping<level = "Buffer", loops = [m : 2, k : 16],
                                   positions = [1, 0, fused]>}
           : (tensor<64x16xf32>, tensor<16x32xf32>) -> tensor<64x32xf32>
    %u = oro.einsum "mm2" [m = 64, p = 8, n = 32]
           ins(%t[m, n], %c[n, p]) outs[m, p]
           {fusion = #oro.fusion<group = 0, shared_loops = 1>,
            mapping = #oro.mapping<level = "Buffer", loops = [m : 2],
                                   positions = [fused, 0, 1]>}
           : (tensor<64x32xf32>, tensor<32x8xf32>) -> tensor<64x8xf32>

    %c = oro.einsum "matmul" [m = 256, n = 256, k = 64]
           ins(%a[m, k], %b[k, n]) outs[m, n]
           {mapping = #oro.mapping<level = "L2", loops = [m : 128, n : 128],
                                   positions = [1, 2, 2]>,
            inner_mappings = [
              #oro.mapping<level = "SharedMemory", loops = [m : 64, n : 32, k : 16],
                           spatial = 2, positions = [3, 3, 2]>,
              #oro.mapping<level = "Registers", loops = [k : 1],
                           positions = [bypass, 1, 0]>]}
           : (tensor<256x64xf32>, tensor<64x256xf32>) -> tensor<256x256xf32>
    ```
  }];
  let arguments = (ins Variadic<Oro_StaticTensor>:$inputs,
                       StrAttr:$label,
                       StrArrayAttr:$rank_names,
                       DenseI64ArrayAttr:$rank_extents,
                       AffineMapArrayAttr:$input_maps,
                       AffineMapAttr:$output_map,
                       OptionalAttr<Oro_MappingAttr>:$mapping,
                       OptionalAttr<Oro_BoundsAttr>:$bounds,
                       OptionalAttr<Oro_FusionAttr>:$fusion,
                       OptionalAttr<Oro_MappingArrayAttr>:$inner_mappings);
  let results = (outs Oro_StaticTensor:$output);
  let builders = [OpBuilder<(ins "::mlir::Type":$resultType,
      "::llvm::StringRef":$label,
      "::llvm::ArrayRef<::llvm::StringRef>":$rankNames,
      "::llvm::ArrayRef<int64_t>":$rankExtents,
      "::mlir::ValueRange":$inputs,
      "::llvm::ArrayRef<::mlir::AffineMap>":$inputMaps,
      "::mlir::AffineMap":$outputMap)>];
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Number of ranks.
    unsigned getNumRanks() { return getRankExtents().size(); }
    /// Name of rank `i`.
    ::llvm::StringRef getRankName(unsigned i);
    /// Index of the rank called `name`, if any.
    std::optional<unsigned> lookupRank(::llvm::StringRef name);
    /// The ranks absent from the output projection.
    ::llvm::SmallVector<unsigned> getReductionRanks();
    /// Projection of input `i`.
    ::mlir::AffineMap getInputMap(unsigned i);
    /// The mappings of every memory level, outermost first: `mapping`, then
    /// the `inner_mappings`. Empty without a `mapping`.
    ::llvm::SmallVector<MappingAttr> getLevelMappings();
  }];
}

def Oro_ConstantOp : Oro_Op<"constant", [Pure, HasParent<"WorkloadOp">,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "A persistent constant tensor (its values are not kept)";
  let description = [{
    A constant of the source program (a splat, dense or `dense_resource`
    weight). Only its shape and element type matter to data movement, so the
    values are dropped; it lives in the backing store and counts as a weight.

    ```mlir
    %w = oro.constant "fc_weight" : tensor<1000x2048xf32>
    ```
  }];
  let arguments = (ins StrAttr:$label);
  let results = (outs Oro_StaticTensor:$result);
  let assemblyFormat = "$label attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Oro_YieldOp : Oro_Op<"yield", [Pure, Terminator, HasParent<"WorkloadOp">,
                                   ReturnLike]> {
  let summary = "The persistent outputs of a workload";
  let description = [{
    Terminates an `oro.workload`; the yielded tensors are its persistent
    outputs (they are written to the backing store).

    ```mlir
    oro.yield %c : tensor<64x16xbf16>
    ```
  }];
  let arguments = (ins Variadic<Oro_StaticTensor>:$results);
  let assemblyFormat = "attr-dict ($results^ `:` type($results))?";
}

#endif // ORO_DIALECT_ORO_IR_OROOPS_TD
