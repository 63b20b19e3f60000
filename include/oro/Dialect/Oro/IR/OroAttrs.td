//===- OroAttrs.td - Attributes of the oro dialect ---------*- tablegen -*-===//
//
// Attributes through which the analysis passes hand decisions to each other:
// the mapping chosen per einsum, the fused group it belongs to and the bound
// attached per einsum.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_DIALECT_ORO_IR_OROATTRS_TD
#define ORO_DIALECT_ORO_IR_OROATTRS_TD

include "oro/Dialect/Oro/IR/OroDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

class Oro_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Oro_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def Oro_MappingAttr : Oro_Attr<"Mapping", "mapping"> {
  let summary = "The loop nest of one einsum above one buffer level";
  let description = [{
    A mapping of an einsum onto a backing store and the buffer level
    `level`: loops over ranks at the backing-store level, outermost first,
    each with a tile size (its trip count is `ceil(extent / tile)`; the last
    tile may be partial); a rank without a loop is held whole. `positions`
    gives, for each access of the einsum (inputs in operand order, then the
    output), the number of loops above its reserved tile (0 = above every
    loop), `bypass` when the tensor is not kept in the buffer, or `fused`
    when the tensor is an intermediate produced and consumed inside the
    einsum's fused group (`#oro.fusion`): its tile lives in the buffer only
    within one iteration of the group's shared loops and never touches the
    parent level, so it is not a reservation of this einsum's own nest.

    The optional `spatial = N` (default 0, printed only when nonzero) makes
    the first `N` loops spatial: their iterations are spread over the
    instances (the fanout) of `level` under its parent instead of running
    one after another. The remaining loops are temporal. `N` is at most the
    number of loops.

    ```mlir
    #oro.mapping<level = "GlobalBuffer", loops = [m : 64, k : 32], positions = [2, 1, 1]>
    #oro.mapping<level = "Buffer", loops = [m : 64, n : 32], positions = [fused, 1, 2]>
    #oro.mapping<level = "SharedMemory", loops = [m : 128, n : 64, k : 32],
                 spatial = 2, positions = [3, 3, 2]>
    ```

    The einsum verifier checks the loops against the einsum's ranks (known
    rank, one loop per rank, tile within the extent), that there is one
    position per access and that `fused` positions come with a `fusion`
    attribute; the workload verifier checks that they name intermediates of
    the group. The same mapping syntax describes the levels below the
    einsum's `mapping` in its `inner_mappings`.
  }];
  let parameters = (ins
    "::mlir::StringAttr":$level,
    ArrayRefParameter<"::mlir::StringAttr", "ranks of the loops, outermost first">:$loopRanks,
    ArrayRefParameter<"int64_t", "tile size of each loop">:$loopTiles,
    "int64_t":$spatial,
    ArrayRefParameter<"int64_t", "loops above each access, -1 = bypass, -2 = fused">:$positions
  );
  let builders = [
    // All temporal loops: the form of the single-level mappings.
    AttrBuilder<(ins "::mlir::StringAttr":$level,
                     "::llvm::ArrayRef<::mlir::StringAttr>":$loopRanks,
                     "::llvm::ArrayRef<int64_t>":$loopTiles,
                     "::llvm::ArrayRef<int64_t>":$positions), [{
      return $_get($_ctxt, level, loopRanks, loopTiles, /*spatial=*/0,
                   positions);
    }]>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The position value of a bypassed access.
    static constexpr int64_t kBypass = -1;
    /// The position value of an access to an intermediate internal to the
    /// einsum's fused group.
    static constexpr int64_t kFused = -2;

    /// The number of loops.
    unsigned getNumLoops() const { return getLoopRanks().size(); }
    /// Whether loop `i` (outermost first) is spatial, i.e. among the first
    /// `spatial` loops.
    bool isSpatialLoop(unsigned i) const {
      return static_cast<int64_t>(i) < getSpatial();
    }
  }];
}

def Oro_FusionAttr : Oro_Attr<"Fusion", "fusion"> {
  let summary = "The fused group of an einsum and its shared loops";
  let description = [{
    Marks an einsum as a member of fused group `group` (groups are numbered
    0, 1, ... in order of first appearance in the workload). The outermost
    `shared_loops` loops of the einsum's `mapping` are the group's shared
    loops: every member iterates them together, and the intermediates the
    group produces and consumes (`fused` positions) live in the buffer only
    within one shared iteration.

    ```mlir
    #oro.fusion<group = 0, shared_loops = 1>
    #oro.fusion<group = 1, shared_loops = 2, shares_inputs = true>
    ```

    With `shares_inputs`, the group reads each input that two or more of
    its members read through one whole rank per dimension once, in one
    reservation at the same position (at most `shared_loops`) in all of
    them (docs/FusedSearch.md, "Shared inputs").

    The workload verifier checks the group as a whole: groups and the
    einsums outside them depend on each other without a cycle, members
    agree on their shared loops, on `shares_inputs` and on the mapping
    level, a shared input has one position of at most `shared_loops` in
    all its readers, and every `fused` access names an intermediate
    produced and read inside the group only.
  }];
  let parameters = (ins
    "int64_t":$group,
    "int64_t":$sharedLoops,
    DefaultValuedParameter<"bool", "false">:$sharesInputs
  );
  let assemblyFormat = [{
    `<` `group` `=` $group `,` `shared_loops` `=` $sharedLoops
    (`,` `shares_inputs` `=` $sharesInputs^)? `>`
  }];
  let genVerifyDecl = 1;
}

def Oro_BoundsAttr : Oro_Attr<"Bounds", "bounds"> {
  let summary = "The attainable data-movement bound of an einsum at one level";
  let description = [{
    A summary of the Orojenesis curve of one einsum at one memory level,
    attached by `--oro-emit-bounds` (the whole curve is in the report). At a
    buffer of `capacity_bits` the lowest attainable number of accesses to the
    parent is `accesses_bits`; the curve has `points` Pareto points and never
    goes below `compulsory_bits` (every persistent input read once, every
    persistent output written once), which it reaches at
    `compulsory_capacity_bits`. Counts past 2^63 - 1 are clamped to that value
    here; the report carries them exactly.

    ```mlir
    #oro.bounds<level = "GlobalBuffer", capacity_bits = 1048576,
                accesses_bits = 4194304, compulsory_bits = 3145728,
                compulsory_capacity_bits = 8388608, macs = 262144, points = 12>
    ```
  }];
  let parameters = (ins
    "::mlir::StringAttr":$level,
    "int64_t":$capacityBits,
    "int64_t":$accessesBits,
    "int64_t":$compulsoryBits,
    "int64_t":$compulsoryCapacityBits,
    "int64_t":$macs,
    "int64_t":$points
  );
  let assemblyFormat = [{
    `<` `level` `=` $level `,` `capacity_bits` `=` $capacityBits `,`
    `accesses_bits` `=` $accessesBits `,` `compulsory_bits` `=` $compulsoryBits `,`
    `compulsory_capacity_bits` `=` $compulsoryCapacityBits `,`
    `macs` `=` $macs `,` `points` `=` $points `>`
  }];
  let genVerifyDecl = 1;
}

#endif // ORO_DIALECT_ORO_IR_OROATTRS_TD
