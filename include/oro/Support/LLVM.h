//===- LLVM.h - Import common LLVM and MLIR names into ::oro ----*- C++ -*-===//
//
// Like CIRCT's Support/LLVM.h: brings the ADT and support names used
// everywhere on the IR side into the `oro` namespace so code can say
// `SmallVector` and `LogicalResult` without qualification.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_SUPPORT_LLVM_H
#define ORO_SUPPORT_LLVM_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/LogicalResult.h"

namespace oro {
using llvm::ArrayRef;
using llvm::failed;
using llvm::failure;
using llvm::FailureOr;
using llvm::LogicalResult;
using llvm::SmallVector;
using llvm::SmallVectorImpl;
using llvm::StringRef;
using llvm::succeeded;
using llvm::success;
} // namespace oro

#endif // ORO_SUPPORT_LLVM_H
