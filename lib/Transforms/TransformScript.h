//===- TransformScript.h - Mappings as a transform-dialect script -*- C++ -*-===//
//
// Private to the Transforms library: the one generator of the transform
// script that both `--oro-emit-transform` (writes it) and
// `--oro-apply-mapping` (parses it and runs it in-process) use.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_LIB_TRANSFORMS_TRANSFORMSCRIPT_H
#define ORO_LIB_TRANSFORMS_TRANSFORMSCRIPT_H

#include "mlir/IR/BuiltinOps.h"
#include <string>

namespace oro {

/// What the script does, for the passes' statistics.
struct TransformScriptStats {
  unsigned tiled = 0;
  unsigned fusedGroups = 0;
  unsigned skipped = 0;
};

/// How the script finds an einsum's Linalg op in its function.
enum class MatchBy {
  /// By the `oro.einsum` label `--convert-linalg-to-oro` puts on it: the
  /// payload is the labelled module (`payload=` of `--oro-emit-transform`).
  Label,
  /// By op name and position among the function's ops of that name (walk
  /// order): the payload can be the untouched input file.
  Position,
};

/// Returns the transform module (`transform.with_named_sequence`, entry
/// point `@__transform_main` taking the payload module) that tiles and fuses
/// the Linalg functions of `module` as the `#oro.mapping`s and
/// `#oro.fusion`s of its `oro.workload`s say. Einsums it cannot tile get a
/// remark at their location. With `withLocations`, every transform op
/// carries the location of the payload op it is about (the Linalg op of its
/// einsum, or the function), so that failures of the interpreter point at
/// the source.
std::string buildTransformScript(mlir::ModuleOp module,
                                 TransformScriptStats &stats,
                                 bool withLocations = false,
                                 MatchBy matchBy = MatchBy::Label);

} // namespace oro

#endif // ORO_LIB_TRANSFORMS_TRANSFORMSCRIPT_H
