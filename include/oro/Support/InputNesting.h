//===- InputNesting.h - Find nesting deeper than MLIR's parser holds -*- C++ -*-===//
//
// MLIR's parser is recursive descent and bounds no depth: every nested
// bracket (`(`, `[`, `{`, `<`: attributes, types, affine expressions,
// regions) and every unary minus of an affine expression takes a few stack
// frames. About 8,000 `[` (16 KB of text) overflow the 8 MiB main-thread
// stack of upstream `mlir-opt` with SIGSEGV, and so did oro-opt.
// `findExcessiveNesting` scans text the way MLIR's lexer reads it (string
// literals and `//` comments skipped, `->` and `>=` are not brackets) so
// that a tool can reject such input with a located error before parsing.
// The depth it counts is an upper bound of the parser's: brackets open,
// plus the run of `-` signs in front of the current token.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_SUPPORT_INPUTNESTING_H
#define ORO_SUPPORT_INPUTNESTING_H

#include "llvm/ADT/StringRef.h"
#include <cstddef>
#include <optional>

namespace oro {

/// Where an input first nests deeper than a limit (1-based line and column,
/// as MLIR's diagnostics count them).
struct ExcessiveNesting {
  size_t offset;
  size_t line;
  size_t column;
};

/// The first place in `text` where the nesting depth exceeds `limit`, or
/// nothing if it never does. Linear in the size of `text`.
inline std::optional<ExcessiveNesting>
findExcessiveNesting(llvm::StringRef text, size_t limit) {
  size_t brackets = 0, minusRun = 0, line = 1, lineStart = 0;
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    char c = text[i];
    char next = i + 1 < n ? text[i + 1] : '\0';
    switch (c) {
    case '\n':
      ++line;
      lineStart = i + 1;
      continue;
    case ' ':
    case '\t':
    case '\r':
      continue;
    case '"': // A string literal ends at its closing quote or the line's end.
      for (++i; i < n && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\')
          ++i;
      if (i < n && text[i] == '\n')
        --i; // Let the loop count the line.
      minusRun = 0;
      continue;
    case '/':
      if (next == '/') {
        while (i + 1 < n && text[i + 1] != '\n')
          ++i;
        continue;
      }
      minusRun = 0;
      continue;
    case '-':
      if (next == '>') { // `->`
        ++i;
        minusRun = 0;
        continue;
      }
      ++minusRun;
      break;
    case '(':
    case '[':
    case '{':
    case '<':
      ++brackets;
      break;
    case '>':
      if (next == '=') { // `>=` in an integer set
        ++i;
        minusRun = 0;
        continue;
      }
      [[fallthrough]];
    case ')':
    case ']':
    case '}':
      if (brackets)
        --brackets;
      minusRun = 0;
      continue;
    default:
      minusRun = 0;
      continue;
    }
    if (brackets + minusRun > limit)
      return ExcessiveNesting{i, line, i - lineStart + 1};
  }
  return std::nullopt;
}

} // namespace oro

#endif // ORO_SUPPORT_INPUTNESTING_H
