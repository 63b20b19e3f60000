//===- OutputFile.h - Output files of the passes ----------------*- C++ -*-===//
//
// Private to the Transforms library.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_LIB_TRANSFORMS_OUTPUTFILE_H
#define ORO_LIB_TRANSFORMS_OUTPUTFILE_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include <memory>

namespace oro {

/// Opens `path` for writing ('-' = stdout), creating missing parent
/// directories (`report=out/run1/r.json`); on failure emits an error at
/// `op` and returns null. Call `keep()` on the result once written.
inline std::unique_ptr<llvm::ToolOutputFile> openOutput(mlir::Operation *op,
                                                        llvm::StringRef path) {
  std::error_code ec;
  llvm::StringRef parent = llvm::sys::path::parent_path(path);
  if (path != "-" && !parent.empty())
    ec = llvm::sys::fs::create_directories(parent);
  std::unique_ptr<llvm::ToolOutputFile> file;
  if (!ec)
    file = std::make_unique<llvm::ToolOutputFile>(path, ec,
                                                  llvm::sys::fs::OF_Text);
  if (ec) {
    mlir::emitError(op->getLoc())
        << "cannot write '" << path << "': " << ec.message();
    return nullptr;
  }
  return file;
}

} // namespace oro

#endif // ORO_LIB_TRANSFORMS_OUTPUTFILE_H
