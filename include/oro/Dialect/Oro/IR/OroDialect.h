//===- OroDialect.h - The oro dialect ---------------------------*- C++ -*-===//

#ifndef ORO_DIALECT_ORO_IR_ORODIALECT_H
#define ORO_DIALECT_ORO_IR_ORODIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Dialect.h"

#include "oro/Dialect/Oro/IR/OroDialect.h.inc"

#endif // ORO_DIALECT_ORO_IR_ORODIALECT_H
