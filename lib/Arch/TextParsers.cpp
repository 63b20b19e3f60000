//===- TextParsers.cpp - Set expressions and capacities from text ---------===//
//
// Recursive-descent parser for tensor set expressions (nesting bounded by
// kMaxSetExprDepth, length by kMaxSetExprBytes) and the capacity parser.
//
//===----------------------------------------------------------------------===//

#include "TextParsers.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace oro;
using namespace oro::arch::detail;
using core::SetExpr;
using core::SetNode;
using core::SetOp;
using llvm::StringRef;

bool oro::arch::detail::isIdentifier(StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name.front()) || name.front() == '_'))
    return false;
  return llvm::all_of(
      name, [](char c) { return llvm::isAlnum(c) || c == '_' || c == '.'; });
}

std::string
oro::arch::detail::closestMatch(StringRef word,
                                llvm::ArrayRef<StringRef> candidates) {
  // A candidate that extends the word, or that the word extends, is the
  // likeliest intent (`read_energy` -> `read_energy_pj_per_bit`).
  if (word.size() >= 3)
    for (StringRef c : candidates)
      if (c.starts_with_insensitive(word) ||
          (c.size() >= 3 && word.starts_with_insensitive(c)))
        return c.str();
  StringRef best;
  unsigned bestDist = ~0u;
  for (StringRef c : candidates) {
    unsigned d = word.edit_distance_insensitive(c);
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  unsigned limit = std::max<unsigned>(1, word.size() / 3);
  return bestDist <= limit ? best.str() : std::string();
}

/// Quotes one character for a message, escaping non-printables.
static std::string quoteChar(char c) {
  if (llvm::isPrint(c))
    return std::string("'") + c + "'";
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "'\\x" << llvm::format_hex_no_prefix(static_cast<unsigned char>(c), 2)
     << "'";
  return s;
}

namespace {

/// Recursive descent over the grammar
///   union := inter ('|' inter)*     inter := diff ('&' diff)*
///   diff  := unary ('-' unary)*     unary := '~' unary | primary
///   primary := '(' union ')' | identifier | quoted-name
/// Nesting of '(' and '~' is bounded, so the recursion is too.
class SetExprParser {
public:
  SetExprParser(StringRef text, llvm::function_ref<bool(StringRef)> isSetName,
                TextProblem &problem)
      : text(text), isSetName(isSetName), problem(problem) {}

  std::optional<std::vector<SetNode>> parse() {
    if (text.size() > kMaxSetExprBytes)
      return fail(kMaxSetExprBytes, "set expression is too long (more than " +
                                        std::to_string(kMaxSetExprBytes) +
                                        " characters)");
    skipSpace();
    if (pos == text.size())
      return fail(0, "empty set expression");
    if (!parseUnion())
      return std::nullopt;
    skipSpace();
    if (pos != text.size()) {
      char c = text[pos];
      if (c == ')')
        return fail(pos, "unexpected ')'");
      if (startsOperand(c))
        return fail(pos, "expected '|', '&' or '-' before " + quoteChar(c));
      return fail(pos, "unexpected character " + quoteChar(c));
    }
    return std::move(nodes);
  }

private:
  std::nullopt_t fail(size_t offset, std::string message) {
    if (!failed) {
      failed = true;
      problem.offset = offset;
      problem.message = std::move(message);
    }
    return std::nullopt;
  }

  static bool startsOperand(char c) {
    return llvm::isAlnum(c) || c == '_' || c == '.' || c == '"' || c == '\'' ||
           c == '(' || c == '~';
  }

  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' ||
                                 text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  }

  int32_t push(SetOp op, std::string name, int32_t lhs, int32_t rhs) {
    nodes.push_back(SetNode{op, std::move(name), lhs, rhs});
    return static_cast<int32_t>(nodes.size() - 1);
  }

  int32_t root() const { return static_cast<int32_t>(nodes.size() - 1); }

  /// Parses `next (op next)*` for one binary operator level.
  template <typename Next> bool parseBinary(char opChar, SetOp op, Next next) {
    if (!(this->*next)())
      return false;
    int32_t lhs = root();
    while (true) {
      skipSpace();
      if (pos == text.size() || text[pos] != opChar)
        return true;
      lastOp = opChar;
      ++pos;
      if (!(this->*next)())
        return false;
      lhs = push(op, "", lhs, root());
    }
  }

  bool parseUnion() {
    return parseBinary('|', SetOp::Union, &SetExprParser::parseInter);
  }
  bool parseInter() {
    return parseBinary('&', SetOp::Intersect, &SetExprParser::parseDiff);
  }
  bool parseDiff() {
    return parseBinary('-', SetOp::Difference, &SetExprParser::parseUnary);
  }

  bool enter(size_t at) {
    if (++depth > kMaxSetExprDepth) {
      fail(at, "set expression is nested too deeply (more than " +
                   std::to_string(kMaxSetExprDepth) + " levels)");
      return false;
    }
    return true;
  }

  bool parseUnary() {
    skipSpace();
    if (pos < text.size() && text[pos] == '~') {
      if (!enter(pos))
        return false;
      lastOp = '~';
      ++pos;
      if (!parseUnary())
        return false;
      --depth;
      push(SetOp::Complement, "", root(), -1);
      return true;
    }
    return parsePrimary();
  }

  bool parsePrimary() {
    skipSpace();
    if (pos == text.size()) {
      fail(pos, std::string("expected a tensor name, class or '(' after '") +
                    lastOp + "'");
      return false;
    }
    char c = text[pos];
    if (c == '(') {
      size_t open = pos;
      if (!enter(pos))
        return false;
      lastOp = '(';
      ++pos;
      if (!parseUnion())
        return false;
      skipSpace();
      if (pos == text.size() || text[pos] != ')') {
        fail(open, "unclosed '('");
        return false;
      }
      ++pos;
      --depth;
      return true;
    }
    if (c == '"' || c == '\'') {
      size_t close = text.find(c, pos + 1);
      if (close == StringRef::npos) {
        fail(pos, "unterminated quoted tensor name");
        return false;
      }
      if (close == pos + 1) {
        fail(pos, "empty tensor name");
        return false;
      }
      push(SetOp::Tensor, text.slice(pos + 1, close).str(), -1, -1);
      pos = close + 1;
      return true;
    }
    if (llvm::isAlnum(c) || c == '_' || c == '.') {
      size_t start = pos;
      while (pos < text.size() &&
             (llvm::isAlnum(text[pos]) || text[pos] == '_' || text[pos] == '.'))
        ++pos;
      StringRef word = text.slice(start, pos);
      if (!isIdentifier(word)) {
        fail(start, "tensor name '" + word.str() +
                        "' is not an identifier; quote it as \"" + word.str() +
                        "\"");
        return false;
      }
      if (std::optional<SetOp> cls = SetExpr::classNamed(word)) {
        push(*cls, "", -1, -1);
        return true;
      }
      if (isSetName(word)) {
        push(SetOp::Ref, word.str(), -1, -1);
        return true;
      }
      if (std::optional<StringRef> cls = nearClass(word)) {
        fail(start, "unknown class '" + word.str() + "'; did you mean '" +
                        cls->str() + "'? (quote a tensor name as \"" +
                        word.str() + "\")");
        return false;
      }
      push(SetOp::Tensor, word.str(), -1, -1);
      return true;
    }
    if (c == ')' || c == '|' || c == '&' || c == '-') {
      if (lastOp)
        fail(pos, std::string("expected a tensor name, class or '(' after '") +
                      lastOp + "', got " + quoteChar(c));
      else
        fail(pos,
             "expected a tensor name, class or '(' before " + quoteChar(c));
      return false;
    }
    fail(pos, "unexpected character " + quoteChar(c));
    return false;
  }

  /// The class that `word` misspells by case or a trailing 's', if any.
  static std::optional<StringRef> nearClass(StringRef word) {
    std::string w = word.lower();
    for (SetOp op :
         {SetOp::All, SetOp::Nothing, SetOp::Persistent, SetOp::Intermediates,
          SetOp::Inputs, SetOp::Outputs, SetOp::Weights}) {
      StringRef name = SetExpr::className(op);
      std::string n = name.lower();
      if (w == n || w + "s" == n || w == n + "s")
        return name;
    }
    return std::nullopt;
  }

  StringRef text;
  llvm::function_ref<bool(StringRef)> isSetName;
  TextProblem &problem;
  std::vector<SetNode> nodes;
  size_t pos = 0;
  unsigned depth = 0;
  char lastOp = 0;
  bool failed = false;
};

} // namespace

std::optional<std::vector<SetNode>> oro::arch::detail::parseSetExprNodes(
    StringRef text, llvm::function_ref<bool(StringRef)> isSetName,
    TextProblem &problem) {
  return SetExprParser(text, isSetName, problem).parse();
}

llvm::ArrayRef<std::pair<StringRef, uint64_t>>
oro::arch::detail::capacityUnits() {
  static const std::pair<StringRef, uint64_t> units[] = {
      {"bits", 1},
      {"bit", 1},
      {"B", 8},
      {"KiB", 8ull << 10},
      {"MiB", 8ull << 20},
      {"GiB", 8ull << 30},
      {"TiB", 8ull << 40},
      {"KB", 8ull * 1000},
      {"MB", 8ull * 1000 * 1000},
      {"GB", 8ull * 1000 * 1000 * 1000},
      {"TB", 8ull * 1000 * 1000 * 1000 * 1000},
  };
  return units;
}

bool oro::arch::detail::parseCapacityText(StringRef text, StringRef what,
                                          std::optional<core::Count> &bits,
                                          TextProblem &problem) {
  auto fail = [&](size_t offset, std::string message) {
    problem.offset = offset;
    problem.message = std::move(message);
    return false;
  };
  size_t lead = text.size() - text.ltrim().size();
  text = text.trim();
  std::string quoted = "'" + text.str() + "'";
  std::string unitList;
  for (const auto &u : capacityUnits())
    if (u.first != "bit")
      unitList += (unitList.empty() ? "" : ", ") + u.first.str();
  if (text.empty())
    return fail(0, what.str() + " is empty; expected a number and a unit "
                                "(e.g. '256 KiB') or 'inf'");
  std::string lower = text.lower();
  if (lower == "inf" || lower == ".inf" || lower == "+inf" ||
      lower == "infinity") {
    bits = std::nullopt;
    return true;
  }
  size_t pos = 0;
  bool negative = false;
  if (text[pos] == '-' || text[pos] == '+') {
    negative = text[pos] == '-';
    ++pos;
  }
  core::Count mantissa = 0;
  unsigned digits = 0, fracDigits = 0;
  bool overflow = false;
  auto addDigit = [&](char c) {
    core::Count next = core::satAdd(core::satMul(mantissa, 10),
                                    static_cast<unsigned>(c - '0'));
    if (core::isSaturated(next))
      overflow = true;
    mantissa = next;
    ++digits;
  };
  while (pos < text.size() && llvm::isDigit(text[pos]))
    addDigit(text[pos++]);
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && llvm::isDigit(text[pos])) {
      addDigit(text[pos++]);
      ++fracDigits;
    }
  }
  if (digits == 0)
    return fail(lead, what.str() +
                          " must be a number and a unit (e.g. "
                          "'256 KiB') or 'inf', got " +
                          quoted);
  if (negative)
    return fail(lead, what.str() + " must be positive, got " + quoted);
  size_t unitStart = pos;
  while (unitStart < text.size() && text[unitStart] == ' ')
    ++unitStart;
  StringRef unit = text.substr(unitStart);
  if (unit.empty())
    return fail(lead, what.str() + " needs a unit (" + unitList +
                          ") or must be 'inf', got " + quoted);
  if ((unit[0] == 'e' || unit[0] == 'E') && unit.size() > 1 &&
      (llvm::isDigit(unit[1]) || unit[1] == '-' || unit[1] == '+'))
    return fail(lead + pos, what.str() +
                                " does not take exponents; use a "
                                "larger unit, got " +
                                quoted);
  uint64_t unitBits = 0;
  for (const auto &u : capacityUnits())
    if (u.first == unit)
      unitBits = u.second;
  if (unitBits == 0) {
    llvm::SmallVector<StringRef, 12> names;
    for (const auto &u : capacityUnits())
      names.push_back(u.first);
    std::string hint = closestMatch(unit, names);
    return fail(lead + unitStart,
                "unknown unit '" + unit.str() + "' in " + what.str() +
                    (hint.empty() ? " (expected one of: " + unitList + ")"
                                  : "; did you mean '" + hint + "'?"));
  }
  core::Count scale = 1;
  for (unsigned i = 0; i < fracDigits; ++i)
    scale = core::satMul(scale, 10);
  core::Count total = core::satMul(mantissa, unitBits);
  if (overflow || core::isSaturated(scale) || core::isSaturated(total))
    return fail(lead, what.str() + " is too large, got " + quoted);
  if (total % scale != 0)
    return fail(lead,
                what.str() + " is not a whole number of bits, got " + quoted);
  total /= scale;
  if (total == 0)
    return fail(lead, what.str() + " must be positive, got " + quoted);
  bits = total;
  return true;
}
