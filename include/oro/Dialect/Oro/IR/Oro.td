//===- Oro.td - Umbrella for the oro dialect ---------------*- tablegen -*-===//

#ifndef ORO_DIALECT_ORO_IR_ORO_TD
#define ORO_DIALECT_ORO_IR_ORO_TD

include "oro/Dialect/Oro/IR/OroDialect.td"
include "oro/Dialect/Oro/IR/OroAttrs.td"
include "oro/Dialect/Oro/IR/OroOps.td"

#endif // ORO_DIALECT_ORO_IR_ORO_TD
