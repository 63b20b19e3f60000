//===- OroDialect.td - The oro dataflow dialect ------------*- tablegen -*-===//
//
// The `oro` dialect describes a tensor program as a graph of einsums: the
// form the mapping search and the bounds analysis work on.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_DIALECT_ORO_IR_ORODIALECT_TD
#define ORO_DIALECT_ORO_IR_ORODIALECT_TD

include "mlir/IR/OpBase.td"

def Oro_Dialect : Dialect {
  let name = "oro";
  let cppNamespace = "::oro";
  let summary = "Einsum dataflow graphs for data-movement analysis";
  let description = [{
    The `oro` dialect is the dataflow IR of the oro analyses. An
    `oro.workload` holds the einsums of one function; each `oro.einsum` names
    its ranks with static extents and indexes every tensor it touches by one
    affine projection per dimension (`m`, `p + r`, `2*p + r`, or a constant
    for a broadcast dimension). Its result is the einsum's output; the ranks
    absent from the output projection are reductions. Persistent tensors
    (workload arguments, `oro.constant`s and the values yielded by the
    workload) live in the backing store; all other einsum results are
    intermediates.

    Decisions of later passes travel as verified attributes:
    `#oro.mapping` (the loop nest chosen by `--oro-map-search`) and
    `#oro.bounds` (the bound `--oro-emit-bounds` attaches).
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasRegionArgAttrVerify = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// Registers the attributes (defined beside their storage classes).
    void registerAttributes();
    /// Argument attribute: readable tensor name (StringAttr).
    static constexpr ::llvm::StringLiteral kNameAttr = "oro.name";
    /// Argument attribute: the tensor is a weight (UnitAttr).
    static constexpr ::llvm::StringLiteral kWeightAttr = "oro.weight";
    /// Attribute on a source (Linalg) op: label of the einsum it became.
    static constexpr ::llvm::StringLiteral kEinsumAttr = "oro.einsum";
    /// On a workload: the function whose Linalg ops it describes
    /// (`oro.source = @f`), verified to name a function of the module.
    static constexpr ::llvm::StringLiteral kSourceAttr = "oro.source";
    /// On a function and its workload: the sizes `dynamic-dims` bound,
    /// `{"arg<i>.d<j>" = <size>}`.
    static constexpr ::llvm::StringLiteral kDynamicDimsAttr =
        "oro.dynamic_dims";
  }];
}

class Oro_Op<string mnemonic, list<Trait> traits = []>
    : Op<Oro_Dialect, mnemonic, traits>;

#endif // ORO_DIALECT_ORO_IR_ORODIALECT_TD
