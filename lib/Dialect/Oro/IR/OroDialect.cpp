//===- OroDialect.cpp - The oro dialect -----------------------------------===//
//
// Registers the ops and attributes, and verifies the discardable `oro.*`
// attributes that other dialects' ops and workload arguments may carry.
//
//===----------------------------------------------------------------------===//

#include "oro/Dialect/Oro/IR/OroDialect.h"
#include "oro/Dialect/Oro/IR/OroAttrs.h"
#include "oro/Dialect/Oro/IR/OroOps.h"

#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace oro;

#include "oro/Dialect/Oro/IR/OroDialect.cpp.inc"

void OroDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "oro/Dialect/Oro/IR/OroOps.cpp.inc"
      >();
  registerAttributes();
}

LogicalResult OroDialect::verifyRegionArgAttribute(Operation *op,
                                                   unsigned regionIndex,
                                                   unsigned argIndex,
                                                   NamedAttribute attr) {
  if (attr.getName() == kNameAttr) {
    auto name = dyn_cast<StringAttr>(attr.getValue());
    if (!name || name.getValue().empty())
      return op->emitError() << "'" << kNameAttr << "' of argument #"
                             << argIndex << " must be a non-empty string";
    return success();
  }
  if (attr.getName() == kWeightAttr) {
    if (!isa<UnitAttr>(attr.getValue()))
      return op->emitError() << "'" << kWeightAttr << "' of argument #"
                             << argIndex << " must be a unit attribute";
    return success();
  }
  return op->emitError() << "unknown oro argument attribute '"
                         << attr.getName().getValue() << "'";
}

LogicalResult OroDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attr) {
  if (attr.getName() == kEinsumAttr) {
    auto label = dyn_cast<StringAttr>(attr.getValue());
    if (!label || label.getValue().empty())
      return op->emitError() << "'" << kEinsumAttr
                             << "' must be a non-empty string";
    return success();
  }
  if (attr.getName() == kSourceAttr) {
    auto ref = dyn_cast<FlatSymbolRefAttr>(attr.getValue());
    if (!ref || !isa<WorkloadOp>(op))
      return op->emitError() << "'" << kSourceAttr
                             << "' must be a symbol reference on a workload";
    Operation *source = SymbolTable::lookupNearestSymbolFrom(op, ref);
    if (!source || !isa<FunctionOpInterface>(source))
      return op->emitError() << "'" << kSourceAttr << "' names " << ref
                             << ", which is not a function of the module";
    return success();
  }
  if (attr.getName() == kDynamicDimsAttr) {
    auto dims = dyn_cast<DictionaryAttr>(attr.getValue());
    if (!dims || !llvm::all_of(dims, [](NamedAttribute dim) {
          auto size = dyn_cast<IntegerAttr>(dim.getValue());
          return size && size.getInt() >= 1;
        }))
      return op->emitError() << "'" << kDynamicDimsAttr
                             << "' must be a dictionary of positive sizes";
    return success();
  }
  return op->emitError() << "unknown oro attribute '"
                         << attr.getName().getValue() << "'";
}
