//===- ArchSpecYAML.cpp - Read architecture specs from YAML ---------------===//
//
// The only place that touches yaml-cpp. yaml-cpp throws, so this library is
// compiled with exceptions; every YAML::Exception (and anything else thrown)
// is caught in `SpecReader::read` and becomes an `ArchSpecError`. The reader
// walks only the keys of the schema, so aliases and deep nesting in the
// document cannot make it loop or recurse.
//
//===----------------------------------------------------------------------===//

#include "oro/Arch/ArchSpecYAML.h"
#include "TextParsers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>
#include <exception>
#include <sstream>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

using namespace oro;
using namespace oro::arch;
using namespace oro::arch::detail;
using core::SetExpr;
using core::SetNode;
using core::SetOp;
using core::SourceLoc;
using llvm::StringRef;

char ArchSpecError::ID = 0;

void ArchSpecError::log(llvm::raw_ostream &os) const {
  os << file;
  if (line != 0)
    os << ':' << line << ':' << column;
  os << ": " << message;
}

std::error_code ArchSpecError::convertToErrorCode() const {
  return llvm::inconvertibleErrorCode();
}

namespace {

/// Most memory levels accepted.
constexpr size_t kMaxLevels = 256;
/// Most named sets accepted.
constexpr size_t kMaxSets = 256;
/// Most nodes of one set expression after named sets are copied in.
constexpr size_t kMaxExprNodes = 4096;
/// Largest fanout accepted.
constexpr int64_t kMaxFanout = (int64_t(1) << 31) - 1;
/// Largest MACs per cycle accepted.
constexpr int64_t kMaxMacsPerCycle = int64_t(1) << 40;

const StringRef kTopKeys[] = {"name", "sets", "levels", "compute"};
const StringRef kLevelKeys[] = {"name",
                                "capacity",
                                "keep",
                                "may_keep",
                                "bypass",
                                "fanout",
                                "read_energy_pj_per_bit",
                                "write_energy_pj_per_bit",
                                "bandwidth_bits_per_cycle",
                                "bandwidth_bytes_per_cycle"};
const StringRef kComputeKeys[] = {"name", "macs_per_cycle", "fanout",
                                  "clock_ghz", "energy_pj_per_mac"};

/// One key: value pair of a YAML map.
struct Entry {
  std::string key;
  SourceLoc keyLoc;
  YAML::Node value;
  /// The value's position, or the key's if the value has none (null).
  SourceLoc valueLoc;
};

/// The entries of one map by key.
struct EntryMap {
  std::vector<Entry> entries;
  const Entry *find(StringRef key) const {
    for (const Entry &e : entries)
      if (e.key == key)
        return &e;
    return nullptr;
  }
};

/// A `sets:` entry before resolution.
struct RawSet {
  std::string name;
  SourceLoc loc;
  std::vector<SetNode> nodes;
  /// Names of the sets it references, without duplicates.
  std::vector<unsigned> deps;
};

std::string quote(StringRef s) { return "'" + s.str() + "'"; }

std::string locString(SourceLoc loc) {
  return std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

/// Reads one spec; single use.
class SpecReader {
public:
  SpecReader(StringRef text, StringRef file) : text(text), file(file.str()) {}

  llvm::Expected<core::Arch> read() {
    try {
      if (text.size() > kMaxSpecBytes)
        return makeError(SourceLoc{}, "architecture spec is too large (" +
                                          std::to_string(text.size()) +
                                          " bytes; the limit is " +
                                          std::to_string(kMaxSpecBytes) + ")");
      if (!readAll())
        return makeError(diagLoc, diagMessage);
      arch.sourceName = file;
      return std::move(arch);
    } catch (const YAML::DeepRecursion &e) {
      // yaml-cpp reports this as "bad file"; say what it is.
      return makeError(markLoc(e.mark),
                       "invalid YAML: nesting is deeper than " +
                           std::to_string(e.depth()) + " levels");
    } catch (const YAML::Exception &e) {
      std::string msg = e.msg.empty() ? std::string(e.what()) : e.msg;
      return makeError(markLoc(e.mark), "invalid YAML: " + msg);
    } catch (const std::exception &e) {
      return makeError(SourceLoc{}, std::string("cannot read architecture "
                                                "spec: ") +
                                        e.what());
    } catch (...) {
      return makeError(SourceLoc{}, "cannot read architecture spec");
    }
  }

private:
  llvm::Error makeError(SourceLoc loc, std::string message) {
    return llvm::make_error<ArchSpecError>(file, loc.line, loc.column,
                                           std::move(message));
  }

  /// Records the first error; always returns false.
  bool error(SourceLoc loc, std::string message) {
    if (!failed) {
      failed = true;
      diagLoc = loc;
      diagMessage = std::move(message);
    }
    return false;
  }

  static SourceLoc locOf(const YAML::Node &n) { return markLoc(n.Mark()); }

  static SourceLoc markLoc(const YAML::Mark &m) {
    if (m.line < 0 || m.column < 0)
      return SourceLoc{};
    return SourceLoc{static_cast<unsigned>(m.line) + 1,
                     static_cast<unsigned>(m.column) + 1};
  }

  /// The position of byte `offset` of scalar `value`, if the scalar appears
  /// verbatim in the source (plain or quoted on one line); else the value.
  SourceLoc locInScalar(const Entry &e, size_t offset) const {
    YAML::Mark m = e.value.Mark();
    if (!e.value.IsScalar() || m.pos < 0 || m.line < 0)
      return e.valueLoc;
    StringRef scalar = e.value.Scalar();
    if (offset > scalar.size() || scalar.take_front(offset).contains('\n'))
      return e.valueLoc;
    size_t pos = static_cast<size_t>(m.pos);
    if (pos >= text.size())
      return e.valueLoc;
    StringRef rest = text.substr(pos);
    unsigned shift = 0;
    if (rest.starts_with(scalar))
      shift = 0;
    else if ((rest[0] == '"' || rest[0] == '\'') &&
             rest.substr(1).starts_with(scalar))
      shift = 1;
    else
      return e.valueLoc;
    return SourceLoc{e.valueLoc.line,
                     e.valueLoc.column + shift + static_cast<unsigned>(offset)};
  }

  /// A short description of a node for "got ..." in messages.
  static std::string describe(const YAML::Node &n) {
    switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar: {
      std::string s = n.Scalar();
      if (s.size() > 40)
        s = s.substr(0, 40) + "...";
      for (char &c : s)
        if (c == '\n' || c == '\r' || c == '\t')
          c = ' ';
      return quote(s);
    }
    default:
      return "nothing";
    }
  }

  /// Splits map `n` into entries, rejecting non-scalar, duplicate and
  /// unknown keys. `what` names the map in messages ("level 'L2'").
  bool readMap(const YAML::Node &n, StringRef what,
               llvm::ArrayRef<StringRef> known, EntryMap &out) {
    // Copy each pair: yaml-cpp's iterator `->` returns a temporary proxy.
    for (auto it = n.begin(), e = n.end(); it != e; ++it) {
      YAML::Node k = it->first;
      SourceLoc keyLoc = locOf(k);
      if (!keyLoc.isKnown())
        keyLoc = locOf(n);
      if (!k.IsScalar())
        return error(keyLoc, "keys of " + what.str() +
                                 " must be strings, got " + describe(k));
      std::string key = k.Scalar();
      if (const Entry *prev = out.find(key))
        return error(keyLoc, "duplicate key " + quote(key) + " in " +
                                 what.str() + " (first given at " +
                                 locString(prev->keyLoc) + ")");
      if (!llvm::is_contained(known, StringRef(key))) {
        std::string hint = closestMatch(key, known);
        std::string list;
        for (StringRef s : known)
          list += (list.empty() ? "" : ", ") + s.str();
        return error(keyLoc, "unknown key " + quote(key) + " in " + what.str() +
                                 (hint.empty()
                                      ? " (expected one of: " + list + ")"
                                      : "; did you mean " + quote(hint) + "?"));
      }
      Entry entry{key, keyLoc, it->second, SourceLoc{}};
      entry.valueLoc = entry.value.IsNull() ? keyLoc : locOf(entry.value);
      if (!entry.valueLoc.isKnown())
        entry.valueLoc = keyLoc;
      out.entries.push_back(std::move(entry));
    }
    return true;
  }

  bool require(const EntryMap &m, StringRef key, SourceLoc mapLoc,
               StringRef what, const Entry *&out) {
    out = m.find(key);
    if (!out)
      return error(mapLoc,
                   what.str() + " is missing required key " + quote(key));
    return true;
  }

  bool getString(const Entry &e, StringRef what, std::string &out) {
    if (!e.value.IsScalar())
      return error(e.valueLoc,
                   what.str() + " must be a string, got " + describe(e.value));
    out = e.value.Scalar();
    return true;
  }

  bool getName(const Entry &e, StringRef what, std::string &out) {
    if (!getString(e, what, out))
      return false;
    if (!isIdentifier(out))
      return error(e.valueLoc, what.str() +
                                   " must be an identifier "
                                   "([A-Za-z_][A-Za-z0-9_.]*), got " +
                                   quote(out));
    return true;
  }

  bool getInt(const Entry &e, StringRef what, int64_t lo, int64_t hi,
              int64_t &out) {
    std::string range =
        "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    if (!e.value.IsScalar())
      return error(e.valueLoc, what.str() + " must be " + range + ", got " +
                                   describe(e.value));
    StringRef s = StringRef(e.value.Scalar()).trim();
    int64_t v = 0;
    if (s.getAsInteger(10, v) || v < lo || v > hi)
      return error(e.valueLoc, what.str() + " must be " + range + ", got " +
                                   describe(e.value));
    out = v;
    return true;
  }

  /// Reads a finite number; positive if `positive`, else non-negative.
  bool getNumber(const Entry &e, StringRef what, bool positive, double &out) {
    std::string kind = positive ? "a positive number" : "a non-negative number";
    if (!e.value.IsScalar())
      return error(e.valueLoc, what.str() + " must be " + kind + ", got " +
                                   describe(e.value));
    StringRef s = StringRef(e.value.Scalar()).trim();
    double v = 0;
    std::string lower = s.lower();
    bool nonFinite =
        StringRef(lower).contains("inf") || StringRef(lower).contains("nan");
    if (!nonFinite && !llvm::to_float(s, v))
      return error(e.valueLoc, what.str() + " must be " + kind + ", got " +
                                   describe(e.value));
    if (nonFinite || !std::isfinite(v))
      return error(e.valueLoc,
                   what.str() + " must be finite, got " + describe(e.value));
    if (v < 0 || (positive && v == 0))
      return error(e.valueLoc, what.str() + " must be " + kind + ", got " +
                                   describe(e.value));
    out = v;
    return true;
  }

  //===--------------------------------------------------------------------===//
  // Top level
  //===--------------------------------------------------------------------===//

  /// Counts the documents in the input with a throw-away event handler.
  /// yaml-cpp 0.7's LoadAll loops forever on a stray top-level ',' (the
  /// parser reports an empty document without consuming it), so the loop
  /// here stops when a document starts where the previous one did.
  bool checkSingleDocument() {
    struct Ignore : YAML::EventHandler {
      YAML::Mark start;
      void OnDocumentStart(const YAML::Mark &mark) override { start = mark; }
      void OnDocumentEnd() override {}
      void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
      void OnAlias(const YAML::Mark &, YAML::anchor_t) override {}
      void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t,
                    const std::string &) override {}
      void OnSequenceStart(const YAML::Mark &, const std::string &,
                           YAML::anchor_t, YAML::EmitterStyle::value) override {
      }
      void OnSequenceEnd() override {}
      void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t,
                      YAML::EmitterStyle::value) override {}
      void OnMapEnd() override {}
    };
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    Ignore handler;
    int previous = -1;
    SourceLoc second;
    for (unsigned docs = 0; docs < 64; ++docs) {
      if (!parser.HandleNextDocument(handler))
        break;
      if (handler.start.pos == previous) {
        std::string what = "unexpected content";
        size_t pos = static_cast<size_t>(std::max(previous, 0));
        if (pos < text.size() && llvm::isPrint(text[pos]))
          what = "unexpected '" + std::string(1, text[pos]) + "'";
        return error(markLoc(handler.start), "invalid YAML: " + what);
      }
      previous = handler.start.pos;
      numDocs = docs + 1;
      if (docs == 1)
        second = markLoc(handler.start);
    }
    if (second.isKnown())
      return error(second, "expected one YAML document, found more");
    return true;
  }

  //===--------------------------------------------------------------------===//
  // Top level
  //===--------------------------------------------------------------------===//

  bool readAll() {
    if (!checkSingleDocument())
      return false;
    if (numDocs == 0)
      return error(SourceLoc{1, 1},
                   "architecture spec is empty; expected a map with keys "
                   "'name', 'levels' and 'compute'");
    YAML::Node root = YAML::Load(std::string(text));
    SourceLoc rootLoc = locOf(root);
    if (!rootLoc.isKnown())
      rootLoc = SourceLoc{1, 1};
    if (!root.IsMap())
      return error(rootLoc, "architecture spec must be a map with keys "
                            "'name', 'levels' and 'compute', got " +
                                describe(root));
    EntryMap top;
    if (!readMap(root, "the architecture spec", kTopKeys, top))
      return false;
    const Entry *name, *levels, *compute;
    StringRef what = "architecture spec";
    if (!require(top, "name", rootLoc, what, name) ||
        !require(top, "levels", rootLoc, what, levels) ||
        !require(top, "compute", rootLoc, what, compute))
      return false;
    if (!getString(*name, "'name'", arch.name))
      return false;
    if (arch.name.empty())
      return error(name->valueLoc, "'name' must not be empty");
    if (const Entry *sets = top.find("sets"))
      if (!readSets(*sets))
        return false;
    if (!readLevels(*levels) || !readCompute(*compute))
      return false;
    return checkBackingStore();
  }

  //===--------------------------------------------------------------------===//
  // Named sets
  //===--------------------------------------------------------------------===//

  bool isSetName(StringRef name) const { return setIndex.count(name) != 0; }

  bool readSets(const Entry &e) {
    if (e.value.IsNull())
      return true;
    if (!e.value.IsMap())
      return error(e.valueLoc, "'sets' must be a map from set names to set "
                               "expressions, got " +
                                   describe(e.value));
    if (e.value.size() > kMaxSets)
      return error(e.valueLoc, "'sets' has " + std::to_string(e.value.size()) +
                                   " entries; the limit is " +
                                   std::to_string(kMaxSets));
    // Names first, so definitions may reference sets declared later.
    std::vector<Entry> defs;
    for (auto it = e.value.begin(), end = e.value.end(); it != end; ++it) {
      YAML::Node key = it->first;
      Entry def{"", locOf(key), it->second, SourceLoc{}};
      if (!def.keyLoc.isKnown())
        def.keyLoc = e.valueLoc;
      def.valueLoc = def.value.IsNull() ? def.keyLoc : locOf(def.value);
      if (!def.valueLoc.isKnown())
        def.valueLoc = def.keyLoc;
      if (!key.IsScalar())
        return error(def.keyLoc,
                     "set names must be strings, got " + describe(key));
      def.key = key.Scalar();
      if (!isIdentifier(def.key))
        return error(def.keyLoc, "set name " + quote(def.key) +
                                     " must be an identifier "
                                     "([A-Za-z_][A-Za-z0-9_.]*)");
      if (SetExpr::classNamed(def.key))
        return error(def.keyLoc,
                     "set name " + quote(def.key) + " is a built-in class");
      auto [pos, inserted] = setIndex.try_emplace(def.key, rawSets.size());
      if (!inserted)
        return error(def.keyLoc, "duplicate set " + quote(def.key) +
                                     " (first defined at " +
                                     locString(rawSets[pos->second].loc) + ")");
      rawSets.push_back(RawSet{def.key, def.keyLoc, {}, {}});
      defs.push_back(std::move(def));
    }
    for (size_t i = 0, n = defs.size(); i != n; ++i) {
      std::optional<std::vector<SetNode>> nodes =
          parseExprEntry(defs[i], "set " + quote(defs[i].key));
      if (!nodes)
        return false;
      RawSet &raw = rawSets[i];
      raw.nodes = std::move(*nodes);
      for (const SetNode &node : raw.nodes)
        if (node.op == SetOp::Ref) {
          unsigned dep = setIndex.lookup(node.name);
          if (!llvm::is_contained(raw.deps, dep))
            raw.deps.push_back(dep);
        }
    }
    if (!orderSets())
      return false;
    for (unsigned i : topoOrder) {
      std::optional<SetExpr> expr = compile(rawSets[i].nodes, rawSets[i].loc,
                                            "set " + quote(rawSets[i].name));
      if (!expr)
        return false;
      arch.sets.push_back(
          core::NamedSet{rawSets[i].name, std::move(*expr), rawSets[i].loc});
    }
    // Declaration order for reports.
    llvm::sort(arch.sets,
               [&](const core::NamedSet &a, const core::NamedSet &b) {
                 return setIndex.lookup(a.name) < setIndex.lookup(b.name);
               });
    return true;
  }

  /// Topologically orders the named sets (dependencies first), rejecting
  /// cycles. Iterative depth-first search.
  bool orderSets() {
    size_t n = rawSets.size();
    std::vector<uint8_t> color(n, 0); // 0 new, 1 on stack, 2 done
    std::vector<std::pair<unsigned, size_t>> stack;
    for (unsigned s = 0; s < n; ++s) {
      if (color[s] != 0)
        continue;
      color[s] = 1;
      stack.push_back({s, 0});
      while (!stack.empty()) {
        auto &[u, next] = stack.back();
        if (next < rawSets[u].deps.size()) {
          unsigned v = rawSets[u].deps[next++];
          if (color[v] == 1) {
            std::string cycle;
            bool on = false;
            for (const auto &frame : stack) {
              on = on || frame.first == v;
              if (on)
                cycle += rawSets[frame.first].name + " -> ";
            }
            cycle += rawSets[v].name;
            return error(rawSets[v].loc, "cycle in 'sets': " + cycle);
          }
          if (color[v] == 0) {
            color[v] = 1;
            stack.push_back({v, 0});
          }
          continue;
        }
        color[u] = 2;
        topoOrder.push_back(u);
        stack.pop_back();
      }
    }
    return true;
  }

  /// Parses the set expression in entry `e`; `what` names it in messages.
  std::optional<std::vector<SetNode>> parseExprEntry(const Entry &e,
                                                     StringRef what) {
    if (!e.value.IsScalar()) {
      error(e.valueLoc, what.str() + " must be a set expression string, got " +
                            describe(e.value));
      return std::nullopt;
    }
    TextProblem problem;
    std::optional<std::vector<SetNode>> nodes = parseSetExprNodes(
        e.value.Scalar(), [&](StringRef n) { return isSetName(n); }, problem);
    if (!nodes)
      error(locInScalar(e, problem.offset),
            what.str() + ": " + problem.message);
    return nodes;
  }

  /// Copies the named sets `nodes` references (transitively, each once, in
  /// dependency order) in front of it and links the `Ref` nodes.
  std::optional<SetExpr> compile(const std::vector<SetNode> &nodes,
                                 SourceLoc loc, StringRef what) {
    std::vector<bool> needed(rawSets.size(), false);
    std::vector<unsigned> work;
    for (const SetNode &n : nodes)
      if (n.op == SetOp::Ref) {
        unsigned s = setIndex.lookup(n.name);
        if (!needed[s]) {
          needed[s] = true;
          work.push_back(s);
        }
      }
    while (!work.empty()) {
      unsigned s = work.back();
      work.pop_back();
      for (unsigned d : rawSets[s].deps)
        if (!needed[d]) {
          needed[d] = true;
          work.push_back(d);
        }
    }
    std::vector<SetNode> out;
    std::vector<int32_t> rootOf(rawSets.size(), -1);
    auto append = [&](const std::vector<SetNode> &src) {
      if (out.size() + src.size() > kMaxExprNodes)
        return false;
      int32_t offset = static_cast<int32_t>(out.size());
      for (const SetNode &n : src) {
        SetNode copy = n;
        if (n.op == SetOp::Ref) {
          copy.lhs = rootOf[setIndex.lookup(n.name)];
        } else {
          if (copy.lhs >= 0)
            copy.lhs += offset;
          if (copy.rhs >= 0)
            copy.rhs += offset;
        }
        out.push_back(std::move(copy));
      }
      return true;
    };
    bool ok = true;
    for (unsigned s : topoOrder) {
      if (!needed[s])
        continue;
      ok = ok && append(rawSets[s].nodes);
      if (!ok)
        break;
      rootOf[s] = static_cast<int32_t>(out.size() - 1);
    }
    ok = ok && append(nodes);
    if (!ok) {
      error(loc, what.str() +
                     " is too large after expanding named sets "
                     "(more than " +
                     std::to_string(kMaxExprNodes) + " nodes)");
      return std::nullopt;
    }
    std::optional<SetExpr> expr = SetExpr::fromNodes(std::move(out));
    if (!expr)
      error(loc, what.str() + ": internal error while resolving named sets");
    return expr;
  }

  /// Parses and resolves a set expression entry.
  bool getSetExpr(const Entry &e, StringRef what, SetExpr &out) {
    std::optional<std::vector<SetNode>> nodes = parseExprEntry(e, what);
    if (!nodes)
      return false;
    std::optional<SetExpr> expr = compile(*nodes, e.valueLoc, what);
    if (!expr)
      return false;
    out = std::move(*expr);
    return true;
  }

  //===--------------------------------------------------------------------===//
  // Levels and compute
  //===--------------------------------------------------------------------===//

  bool readLevels(const Entry &e) {
    if (!e.value.IsSequence())
      return error(e.valueLoc,
                   "'levels' must be a list of memory levels, got " +
                       describe(e.value));
    if (e.value.size() == 0)
      return error(e.valueLoc, "'levels' must list at least one memory level");
    if (e.value.size() > kMaxLevels)
      return error(e.valueLoc,
                   "'levels' has " + std::to_string(e.value.size()) +
                       " entries; the limit is " + std::to_string(kMaxLevels));
    llvm::StringMap<SourceLoc> seen;
    unsigned index = 0;
    for (auto it = e.value.begin(), end = e.value.end(); it != end; ++it) {
      ++index;
      YAML::Node level = *it;
      if (!readLevel(level, index, e.valueLoc, seen))
        return false;
    }
    return true;
  }

  bool readLevel(const YAML::Node &n, unsigned index, SourceLoc listLoc,
                 llvm::StringMap<SourceLoc> &seen) {
    core::Level level;
    level.loc = locOf(n);
    if (!level.loc.isKnown())
      level.loc = listLoc;
    std::string what = "level " + std::to_string(index);
    if (!n.IsMap())
      return error(level.loc, what + " must be a map, got " + describe(n));
    // Name the level in later messages if it has a usable name.
    for (auto it = n.begin(), end = n.end(); it != end; ++it) {
      YAML::Node k = it->first, v = it->second;
      if (k.IsScalar() && k.Scalar() == "name" && v.IsScalar() &&
          isIdentifier(v.Scalar())) {
        what = "level " + quote(v.Scalar());
        break;
      }
    }
    EntryMap m;
    if (!readMap(n, what, kLevelKeys, m))
      return false;
    for (const Entry &entry : m.entries)
      level.keyLocs[entry.key] = entry.keyLoc;
    const Entry *name, *capacity;
    if (!require(m, "name", level.loc, what, name) ||
        !getName(*name, "name of " + what, level.name))
      return false;
    auto [prev, inserted] = seen.try_emplace(level.name, name->valueLoc);
    if (!inserted)
      return error(name->valueLoc, "duplicate level name " + quote(level.name) +
                                       " (first defined at " +
                                       locString(prev->second) + ")");
    if (!require(m, "capacity", level.loc, what, capacity))
      return false;
    std::string capWhat = "'capacity' of " + what;
    if (!capacity->value.IsScalar())
      return error(capacity->valueLoc,
                   capWhat +
                       " must be a size such as '256 KiB' or 'inf', "
                       "got " +
                       describe(capacity->value));
    TextProblem problem;
    if (!parseCapacityText(capacity->value.Scalar(), capWhat,
                           level.capacityBits, problem))
      return error(locInScalar(*capacity, problem.offset), problem.message);

    level.keep =
        SetExpr::ofClass(index == 1 ? SetOp::Persistent : SetOp::Nothing);
    if (const Entry *keep = m.find("keep"))
      if (!getSetExpr(*keep, "'keep' of " + what, level.keep))
        return false;
    if (const Entry *mayKeep = m.find("may_keep"))
      if (!getSetExpr(*mayKeep, "'may_keep' of " + what, level.mayKeep))
        return false;
    if (const Entry *bypass = m.find("bypass"))
      if (!getSetExpr(*bypass, "'bypass' of " + what, level.bypass))
        return false;
    if (const Entry *fanout = m.find("fanout"))
      if (!getInt(*fanout, "'fanout' of " + what, 1, kMaxFanout, level.fanout))
        return false;
    double v = 0;
    if (const Entry *re = m.find("read_energy_pj_per_bit")) {
      if (!getNumber(*re, "'read_energy_pj_per_bit' of " + what, false, v))
        return false;
      level.readEnergyPJPerBit = v;
    }
    if (const Entry *we = m.find("write_energy_pj_per_bit")) {
      if (!getNumber(*we, "'write_energy_pj_per_bit' of " + what, false, v))
        return false;
      level.writeEnergyPJPerBit = v;
    }
    const Entry *bwBits = m.find("bandwidth_bits_per_cycle");
    const Entry *bwBytes = m.find("bandwidth_bytes_per_cycle");
    if (bwBits && bwBytes) {
      const Entry *later =
          std::make_pair(bwBits->keyLoc.line, bwBits->keyLoc.column) >
                  std::make_pair(bwBytes->keyLoc.line, bwBytes->keyLoc.column)
              ? bwBits
              : bwBytes;
      return error(later->keyLoc,
                   what + " gives both 'bandwidth_bits_per_cycle' and "
                          "'bandwidth_bytes_per_cycle'; keep one");
    }
    if (bwBits) {
      if (!getNumber(*bwBits, "'bandwidth_bits_per_cycle' of " + what, true, v))
        return false;
      level.bandwidthBitsPerCycle = v;
    }
    if (bwBytes) {
      if (!getNumber(*bwBytes, "'bandwidth_bytes_per_cycle' of " + what, true,
                     v))
        return false;
      if (!std::isfinite(v * 8))
        return error(bwBytes->valueLoc, "'bandwidth_bytes_per_cycle' of " +
                                            what + " must be finite, got " +
                                            describe(bwBytes->value));
      level.bandwidthBitsPerCycle = v * 8;
    }
    arch.levels.push_back(std::move(level));
    return true;
  }

  bool readCompute(const Entry &e) {
    core::Compute &c = arch.compute;
    c.loc = e.valueLoc;
    if (!e.value.IsMap())
      return error(e.valueLoc,
                   "'compute' must be a map, got " + describe(e.value));
    EntryMap m;
    if (!readMap(e.value, "'compute'", kComputeKeys, m))
      return false;
    for (const Entry &entry : m.entries)
      c.keyLocs[entry.key] = entry.keyLoc;
    const Entry *name, *macs;
    if (!require(m, "name", c.loc, "'compute'", name) ||
        !getName(*name, "name of 'compute'", c.name) ||
        !require(m, "macs_per_cycle", c.loc, "'compute'", macs) ||
        !getInt(*macs, "'macs_per_cycle' of 'compute'", 1, kMaxMacsPerCycle,
                c.macsPerCycle))
      return false;
    if (const Entry *fanout = m.find("fanout"))
      if (!getInt(*fanout, "'fanout' of 'compute'", 1, kMaxFanout, c.fanout))
        return false;
    double v = 0;
    if (const Entry *clock = m.find("clock_ghz")) {
      if (!getNumber(*clock, "'clock_ghz' of 'compute'", true, v))
        return false;
      c.clockGHz = v;
    }
    if (const Entry *energy = m.find("energy_pj_per_mac")) {
      if (!getNumber(*energy, "'energy_pj_per_mac' of 'compute'", false, v))
        return false;
      c.energyPJPerMAC = v;
    }
    return true;
  }

  //===--------------------------------------------------------------------===//
  // Backing store
  //===--------------------------------------------------------------------===//

  /// The backing store must keep every persistent tensor. Tensors are not
  /// known yet, so check symbolically: an expression only distinguishes
  /// tensors by kind, weight flag and the names it mentions, so one
  /// representative per (persistent kind, weight, mentioned name or none)
  /// decides it.
  bool checkBackingStore() {
    const core::Level &bs = arch.levels.front();
    std::vector<std::string> names = bs.keep.tensorNames();
    names.push_back(""); // any tensor the expression does not name
    struct Kind {
      core::TensorKind kind;
      bool weight;
      const char *plural;
      const char *singular;
    };
    const Kind kinds[] = {
        {core::TensorKind::Input, true, "weights", "a weight"},
        {core::TensorKind::Input, false, "non-weight inputs", "an input"},
        {core::TensorKind::Output, false, "outputs", "an output"},
    };
    for (const std::string &name : names)
      for (const Kind &k : kinds) {
        core::Tensor t;
        t.name = name;
        t.kind = k.kind;
        t.isWeight = k.weight;
        if (bs.keep.contains(t))
          continue;
        std::string missing =
            name.empty() ? std::string(k.plural)
                         : "tensor " + quote(name) + " if it is " + k.singular;
        return error(
            bs.locOf("keep"),
            "backing store " + quote(bs.name) +
                " must keep every persistent tensor, but its 'keep' (" +
                bs.keep.str() + ") leaves out " + missing);
      }
    return true;
  }

  StringRef text;
  std::string file;
  core::Arch arch;
  std::vector<RawSet> rawSets;
  llvm::StringMap<unsigned> setIndex;
  std::vector<unsigned> topoOrder;
  unsigned numDocs = 0;
  bool failed = false;
  SourceLoc diagLoc;
  std::string diagMessage;
};

} // namespace

llvm::Expected<core::Arch> oro::arch::parseArchString(StringRef text,
                                                      StringRef bufferName) {
  return SpecReader(text, bufferName).read();
}

llvm::Expected<core::Arch> oro::arch::parseArchFile(StringRef path) {
  auto fail = [&](std::string message) -> llvm::Error {
    return llvm::make_error<ArchSpecError>(path.str(), 0, 0,
                                           std::move(message));
  };
  llvm::Expected<llvm::sys::fs::file_t> fd =
      llvm::sys::fs::openNativeFileForRead(path);
  if (!fd)
    return fail("cannot read architecture spec: " +
                llvm::toString(fd.takeError()));
  // Read in chunks with a limit, so devices and pipes cannot blow up memory.
  std::string text;
  char chunk[1 << 16];
  while (true) {
    llvm::Expected<size_t> n = llvm::sys::fs::readNativeFile(
        *fd, llvm::MutableArrayRef<char>(chunk, sizeof(chunk)));
    if (!n) {
      llvm::sys::fs::closeFile(*fd);
      return fail("cannot read architecture spec: " +
                  llvm::toString(n.takeError()));
    }
    if (*n == 0)
      break;
    text.append(chunk, *n);
    if (text.size() > kMaxSpecBytes) {
      llvm::sys::fs::closeFile(*fd);
      return fail("architecture spec is too large (more than " +
                  std::to_string(kMaxSpecBytes) + " bytes)");
    }
  }
  llvm::sys::fs::closeFile(*fd);
  return parseArchString(text, path);
}

llvm::Expected<SetExpr> oro::arch::parseSetExpr(StringRef text,
                                                StringRef bufferName) {
  TextProblem problem;
  std::optional<std::vector<SetNode>> nodes = parseSetExprNodes(
      text, [](StringRef) { return false; }, problem);
  if (!nodes)
    return llvm::make_error<ArchSpecError>(
        bufferName.str(), 1, static_cast<unsigned>(problem.offset) + 1,
        problem.message);
  std::optional<SetExpr> expr = SetExpr::fromNodes(std::move(*nodes));
  if (!expr)
    return llvm::make_error<ArchSpecError>(bufferName.str(), 1, 1,
                                           "malformed set expression");
  return std::move(*expr);
}

llvm::Expected<std::optional<core::Count>>
oro::arch::parseCapacity(StringRef text, StringRef bufferName) {
  TextProblem problem;
  std::optional<core::Count> bits;
  if (!parseCapacityText(text, "capacity", bits, problem))
    return llvm::make_error<ArchSpecError>(
        bufferName.str(), 1, static_cast<unsigned>(problem.offset) + 1,
        problem.message);
  return bits;
}
