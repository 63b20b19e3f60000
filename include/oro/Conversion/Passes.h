//===- Passes.h - oro conversion passes -------------------------*- C++ -*-===//

#ifndef ORO_CONVERSION_PASSES_H
#define ORO_CONVERSION_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace oro {

#define GEN_PASS_DECL
#include "oro/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "oro/Conversion/Passes.h.inc"

} // namespace oro

#endif // ORO_CONVERSION_PASSES_H
