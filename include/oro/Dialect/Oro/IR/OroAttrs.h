//===- OroAttrs.h - Attributes of the oro dialect ---------------*- C++ -*-===//

#ifndef ORO_DIALECT_ORO_IR_OROATTRS_H
#define ORO_DIALECT_ORO_IR_OROATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "oro/Dialect/Oro/IR/OroDialect.h"

#define GET_ATTRDEF_CLASSES
#include "oro/Dialect/Oro/IR/OroAttrs.h.inc"

#endif // ORO_DIALECT_ORO_IR_OROATTRS_H
