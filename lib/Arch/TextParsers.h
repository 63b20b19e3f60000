//===- TextParsers.h - Set expressions and capacities from text -*- C++ -*-===//
//
// The parts of the architecture spec reader that work on plain strings: the
// tensor set expression grammar and capacity values with units. Internal to
// lib/Arch (no yaml-cpp here); problems are reported as a byte offset into
// the text plus a message, which the YAML reader turns into a line:column.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_LIB_ARCH_TEXTPARSERS_H
#define ORO_LIB_ARCH_TEXTPARSERS_H

#include "oro/Core/Arch.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace oro::arch::detail {

/// A problem found in a string: where (byte offset) and what.
struct TextProblem {
  size_t offset = 0;
  std::string message;
};

/// Longest set expression accepted, in bytes.
constexpr size_t kMaxSetExprBytes = 2048;
/// Deepest nesting of `(` and `~` accepted in a set expression.
constexpr unsigned kMaxSetExprDepth = 64;

/// Parses a set expression into post-ordered nodes. A plain identifier is a
/// class if it spells one, a `Ref` (with `lhs` = -1, unresolved) if
/// `isSetName` accepts it, and otherwise a tensor name; quoted names
/// (`"..."` or `'...'`) are always tensor names. An identifier that is a
/// class name up to case or a trailing `s` (`input`, `Weight`) is an error,
/// since it is almost certainly a misspelt class. Returns std::nullopt and
/// fills `problem` on a syntax error.
std::optional<std::vector<core::SetNode>>
parseSetExprNodes(llvm::StringRef text,
                  llvm::function_ref<bool(llvm::StringRef)> isSetName,
                  TextProblem &problem);

/// The capacity units and their size in bits, in the order documented.
llvm::ArrayRef<std::pair<llvm::StringRef, uint64_t>> capacityUnits();

/// Parses `<number> <unit>` or `inf` into bits (std::nullopt = unbounded).
/// `what` names the value in messages (e.g. "'capacity' of level 'L2'").
/// Returns false and fills `problem` on failure.
bool parseCapacityText(llvm::StringRef text, llvm::StringRef what,
                       std::optional<core::Count> &bits, TextProblem &problem);

/// Whether `name` is an identifier: `[A-Za-z_][A-Za-z0-9_.]*`.
bool isIdentifier(llvm::StringRef name);

/// The closest candidate to `word` for a "did you mean" hint, or an empty
/// string if none is close enough.
std::string closestMatch(llvm::StringRef word,
                         llvm::ArrayRef<llvm::StringRef> candidates);

} // namespace oro::arch::detail

#endif // ORO_LIB_ARCH_TEXTPARSERS_H
