//===- ArchSpecYAML.h - Read architecture specs from YAML ------*- C++ -*-===//
//
// Reads an architecture spec (memory levels, compute, named tensor sets) from
// YAML into a `core::Arch`. yaml-cpp stays inside lib/Arch: this header
// exposes only LLVM and core types, and nothing here throws. Every failure is
// an `ArchSpecError` carrying the file and the 1-based line:column of the
// offending key or value, so the MLIR passes can report it at a
// `FileLineColLoc` pointing into the YAML. The format is documented in
// examples/arches/FORMAT.md.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_ARCH_ARCHSPECYAML_H
#define ORO_ARCH_ARCHSPECYAML_H

#include "oro/Core/Arch.h"
#include "llvm/Support/Error.h"
#include <string>

namespace oro::arch {

/// An error in an architecture spec, located in its source. `log` prints
/// `file:line:col: message` (or `file: message` when the position is
/// unknown, e.g. for an unreadable file).
class ArchSpecError : public llvm::ErrorInfo<ArchSpecError> {
public:
  /// LLVM RTTI anchor.
  static char ID;

  /// `line` and `column` are 1-based; 0 means unknown.
  ArchSpecError(std::string file, unsigned line, unsigned column,
                std::string message)
      : file(std::move(file)), line(line), column(column),
        message(std::move(message)) {}

  /// Prints `file:line:col: message`, or `file: message` without a position.
  void log(llvm::raw_ostream &os) const override;
  /// Not convertible to a std::error_code (inconvertibleErrorCode).
  std::error_code convertToErrorCode() const override;

  /// The file or buffer name.
  const std::string &getFile() const { return file; }
  /// 1-based line, 0 if unknown.
  unsigned getLine() const { return line; }
  /// 1-based column, 0 if unknown.
  unsigned getColumn() const { return column; }
  /// The message without the position prefix.
  const std::string &getMessage() const { return message; }

private:
  std::string file;
  unsigned line;
  unsigned column;
  std::string message;
};

/// Largest spec accepted, in bytes; larger inputs are an error. Real specs
/// are a few KiB; yaml-cpp needs about 250 bytes of memory per byte of dense
/// input, so this also bounds the reader's memory (to about 64 MiB).
constexpr size_t kMaxSpecBytes = 256u << 10;

/// Reads the spec in file `path`. Fails with an `ArchSpecError` if the file
/// cannot be read, is larger than `kMaxSpecBytes`, is not valid YAML, or
/// violates the format (see `parseArchString`).
llvm::Expected<core::Arch> parseArchFile(llvm::StringRef path);

/// Reads a spec from `text`; `bufferName` is used as the file name in
/// errors and as `Arch::sourceName`. Fails with an `ArchSpecError` on
/// invalid YAML, wrong value types, missing or unknown keys, duplicate keys
/// or level names, an empty `levels` list, bad capacities, energies,
/// bandwidths or fanouts, malformed set expressions, cycles among `sets:`,
/// or a backing store that does not keep every persistent tensor.
llvm::Expected<core::Arch> parseArchString(llvm::StringRef text,
                                           llvm::StringRef bufferName);

/// Parses one set expression with no named sets in scope (every plain
/// identifier that is not a class is a tensor name). Fails with an
/// `ArchSpecError` whose file is `bufferName`, line 1 and column the 1-based
/// offset of the problem.
llvm::Expected<core::SetExpr>
parseSetExpr(llvm::StringRef text, llvm::StringRef bufferName = "<set>");

/// Parses a capacity such as `256 KiB`, `8 bits`, `1.5 MiB` or `inf` into
/// bits (std::nullopt for `inf`). Fails with an `ArchSpecError` on a missing
/// or unknown unit, a value that is not positive, not a whole number of
/// bits, or too large for a `core::Count`; positions are as for
/// `parseSetExpr`.
llvm::Expected<std::optional<core::Count>>
parseCapacity(llvm::StringRef text, llvm::StringRef bufferName = "<capacity>");

} // namespace oro::arch

#endif // ORO_ARCH_ARCHSPECYAML_H
