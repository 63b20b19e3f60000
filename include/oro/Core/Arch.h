//===- Arch.h - Memory hierarchy, compute and tensor set expressions -----===//
//
// The pure (yaml-free, MLIR-free) description of the hardware a workload is
// mapped onto. An `Arch` is an ordered list of memory `Level`s from the
// backing store inward, then a `Compute` unit. Each level has a capacity in
// bits (or is unbounded), a spatial fanout, optional per-bit energies and a
// bandwidth, and three tensor set expressions saying which tensors it must
// keep, may keep, and must bypass.
//
// A `SetExpr` is a small boolean formula over tensor names and the classes
// `All`, `Nothing`, `Persistent`, `Intermediates`, `Inputs`, `Outputs` and
// `Weights`, combined with `|`, `&`, `-` and `~`. It is stored as a flat,
// post-ordered node array (children always precede their parent), so
// evaluating and printing it never recurses. References to named sets of the
// spec (`sets:` in the YAML) are resolved when the spec is read: the
// referenced definition is copied into the array once and a `Ref` node points
// at its root, so a reference costs one node however often it is used.
//
// Everything is header-only: the YAML reader (lib/Arch, ArchSpecYAML.h)
// builds these structures; the mapper and the report read them. Every level
// and key remembers its 1-based line:column in the YAML source so later
// passes can point diagnostics into the spec.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_ARCH_H
#define ORO_CORE_ARCH_H

#include "oro/Core/Count.h"
#include "oro/Core/Workload.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oro::core {

//===----------------------------------------------------------------------===//
// SourceLoc
//===----------------------------------------------------------------------===//

/// A 1-based line:column position in the architecture spec source. Zero
/// means unknown (structures built by hand in tests or code).
struct SourceLoc {
  unsigned line = 0;
  unsigned column = 0;

  /// Whether the position is known.
  bool isKnown() const { return line != 0; }
};

//===----------------------------------------------------------------------===//
// SetExpr
//===----------------------------------------------------------------------===//

/// The kind of one node of a tensor set expression.
enum class SetOp : uint8_t {
  // Leaves: the built-in classes.
  /// Every tensor.
  All,
  /// No tensor.
  Nothing,
  /// Tensors of kind Input or Output (they live in the backing store).
  Persistent,
  /// Tensors of kind Intermediate.
  Intermediates,
  /// Tensors of kind Input.
  Inputs,
  /// Tensors of kind Output.
  Outputs,
  /// Tensors with `isWeight` set.
  Weights,
  // Leaf: one tensor by name (`SetNode::name`).
  Tensor,
  // Reference to a named set; `lhs` is the root of its copied definition,
  // `name` the set's name (printed instead of the definition).
  Ref,
  // Operators.
  /// `lhs | rhs`.
  Union,
  /// `lhs & rhs`.
  Intersect,
  /// `lhs - rhs`.
  Difference,
  /// `~lhs`.
  Complement,
};

/// One node of a `SetExpr`; children are indices of earlier nodes.
struct SetNode {
  SetOp op = SetOp::Nothing;
  /// Tensor name for `Tensor`, set name for `Ref`, empty otherwise.
  std::string name;
  /// First operand (`Ref` target, `Complement` operand), or -1.
  int32_t lhs = -1;
  /// Second operand of binary operators, or -1.
  int32_t rhs = -1;
};

/// A tensor set expression. The last node is the root; an expression built
/// by the default constructor is `Nothing`.
///
/// Operator precedence, tightest first (as in Python, whose set expressions
/// accelforge uses): `~`, `-`, `&`, `|`; binary operators are left
/// associative. `A | B - C` is `A | (B - C)`.
class SetExpr {
public:
  /// The empty set `Nothing`.
  SetExpr() { nodes.push_back(SetNode{SetOp::Nothing, "", -1, -1}); }

  /// The expression consisting of one class leaf (`All`, `Inputs`, ...).
  static SetExpr ofClass(SetOp cls) {
    SetExpr e;
    e.nodes.front().op = cls;
    return e;
  }

  /// The expression naming one tensor.
  static SetExpr ofTensor(llvm::StringRef tensorName) {
    SetExpr e;
    e.nodes.front() = SetNode{SetOp::Tensor, tensorName.str(), -1, -1};
    return e;
  }

  /// Builds an expression from a post-ordered node array. Returns
  /// std::nullopt if the array is empty, a child index is not smaller than
  /// its parent's, or an operator has the wrong number of operands.
  static std::optional<SetExpr> fromNodes(std::vector<SetNode> nodes) {
    if (nodes.empty())
      return std::nullopt;
    for (size_t i = 0, e = nodes.size(); i != e; ++i) {
      const SetNode &n = nodes[i];
      auto valid = [&](int32_t c) {
        return c >= 0 && static_cast<size_t>(c) < i;
      };
      switch (arity(n.op)) {
      case 0:
        if (n.lhs != -1 || n.rhs != -1)
          return std::nullopt;
        break;
      case 1:
        if (!valid(n.lhs) || n.rhs != -1)
          return std::nullopt;
        break;
      default:
        if (!valid(n.lhs) || !valid(n.rhs))
          return std::nullopt;
        break;
      }
      if ((n.op == SetOp::Tensor || n.op == SetOp::Ref) && n.name.empty())
        return std::nullopt;
    }
    SetExpr result;
    result.nodes = std::move(nodes);
    return result;
  }

  /// Number of operands of an operator (0 for leaves).
  static unsigned arity(SetOp op) {
    switch (op) {
    case SetOp::Ref:
    case SetOp::Complement:
      return 1;
    case SetOp::Union:
    case SetOp::Intersect:
    case SetOp::Difference:
      return 2;
    default:
      return 0;
    }
  }

  /// The spelling of a class leaf (`All`, ...), or an empty string if `op`
  /// is not a class.
  static llvm::StringRef className(SetOp op) {
    switch (op) {
    case SetOp::All:
      return "All";
    case SetOp::Nothing:
      return "Nothing";
    case SetOp::Persistent:
      return "Persistent";
    case SetOp::Intermediates:
      return "Intermediates";
    case SetOp::Inputs:
      return "Inputs";
    case SetOp::Outputs:
      return "Outputs";
    case SetOp::Weights:
      return "Weights";
    default:
      return "";
    }
  }

  /// The class named `name` (case-sensitive), if any.
  static std::optional<SetOp> classNamed(llvm::StringRef name) {
    for (SetOp op :
         {SetOp::All, SetOp::Nothing, SetOp::Persistent, SetOp::Intermediates,
          SetOp::Inputs, SetOp::Outputs, SetOp::Weights})
      if (className(op) == name)
        return op;
    return std::nullopt;
  }

  /// Whether `t` belongs to the set.
  bool contains(const Tensor &t) const {
    llvm::SmallVector<bool, 16> val(nodes.size(), false);
    for (size_t i = 0, e = nodes.size(); i != e; ++i) {
      const SetNode &n = nodes[i];
      bool v = false;
      switch (n.op) {
      case SetOp::All:
        v = true;
        break;
      case SetOp::Nothing:
        v = false;
        break;
      case SetOp::Persistent:
        v = t.isPersistent();
        break;
      case SetOp::Intermediates:
        v = t.kind == TensorKind::Intermediate;
        break;
      case SetOp::Inputs:
        v = t.kind == TensorKind::Input;
        break;
      case SetOp::Outputs:
        v = t.kind == TensorKind::Output;
        break;
      case SetOp::Weights:
        v = t.isWeight;
        break;
      case SetOp::Tensor:
        v = t.name == n.name;
        break;
      case SetOp::Ref:
        v = val[n.lhs];
        break;
      case SetOp::Union:
        v = val[n.lhs] || val[n.rhs];
        break;
      case SetOp::Intersect:
        v = val[n.lhs] && val[n.rhs];
        break;
      case SetOp::Difference:
        v = val[n.lhs] && !val[n.rhs];
        break;
      case SetOp::Complement:
        v = !val[n.lhs];
        break;
      }
      val[i] = v;
    }
    return val.back();
  }

  /// The tensors of `tensors` that belong to the set, as indices.
  llvm::SmallVector<unsigned, 8> select(llvm::ArrayRef<Tensor> tensors) const {
    llvm::SmallVector<unsigned, 8> out;
    for (unsigned i = 0, e = tensors.size(); i != e; ++i)
      if (contains(tensors[i]))
        out.push_back(i);
    return out;
  }

  /// The tensor names the expression mentions (including inside referenced
  /// sets), sorted, without duplicates.
  std::vector<std::string> tensorNames() const {
    std::vector<std::string> names;
    for (const SetNode &n : nodes)
      if (n.op == SetOp::Tensor)
        names.push_back(n.name);
    llvm::sort(names);
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
  }

  /// Canonical text with the fewest parentheses; parsing it gives an
  /// equivalent expression. Referenced sets print as their name; tensor
  /// names that are not plain identifiers or that spell a class are quoted.
  std::string str() const {
    // Precedence levels: 4 leaf/~, 3 '-', 2 '&', 1 '|'.
    struct Printed {
      std::string text;
      int prec;
    };
    std::vector<Printed> out(nodes.size());
    auto wrap = [](const Printed &p, int minPrec) {
      return p.prec >= minPrec ? p.text : "(" + p.text + ")";
    };
    for (size_t i = 0, e = nodes.size(); i != e; ++i) {
      const SetNode &n = nodes[i];
      Printed p{"", 4};
      switch (n.op) {
      case SetOp::Tensor:
        p.text = needsQuotes(n.name) ? "\"" + n.name + "\"" : n.name;
        break;
      case SetOp::Ref:
        p.text = n.name;
        break;
      case SetOp::Complement:
        p.text = "~" + wrap(out[n.lhs], 4);
        break;
      case SetOp::Union:
        p = {wrap(out[n.lhs], 1) + " | " + wrap(out[n.rhs], 2), 1};
        break;
      case SetOp::Intersect:
        p = {wrap(out[n.lhs], 2) + " & " + wrap(out[n.rhs], 3), 2};
        break;
      case SetOp::Difference:
        p = {wrap(out[n.lhs], 3) + " - " + wrap(out[n.rhs], 4), 3};
        break;
      default:
        p.text = className(n.op).str();
        break;
      }
      out[i] = std::move(p);
    }
    return out.back().text;
  }

  /// Whether a tensor name must be quoted in expression text: it is not an
  /// identifier (`[A-Za-z_][A-Za-z0-9_.]*`) or it spells a class.
  static bool needsQuotes(llvm::StringRef name) {
    if (name.empty() || classNamed(name))
      return true;
    if (!(llvm::isAlpha(name.front()) || name.front() == '_'))
      return true;
    return !llvm::all_of(
        name, [](char c) { return llvm::isAlnum(c) || c == '_' || c == '.'; });
  }

  /// The post-ordered nodes; the last is the root.
  llvm::ArrayRef<SetNode> getNodes() const { return nodes; }

private:
  std::vector<SetNode> nodes;
};

/// A named set declared under `sets:`; level expressions may reference it.
struct NamedSet {
  std::string name;
  SetExpr expr;
  /// Position of the name in the spec.
  SourceLoc loc;
};

//===----------------------------------------------------------------------===//
// Level, Compute, Arch
//===----------------------------------------------------------------------===//

/// Where a tensor may live at one level.
enum class Placement {
  /// The level must hold the tensor (`keep`).
  Keep,
  /// The mapper decides (`may_keep`, not `bypass`).
  MayKeep,
  /// The tensor passes by the level (`bypass`, or not in `keep`/`may_keep`).
  Bypass,
};

/// One memory level.
struct Level {
  std::string name;
  /// Capacity of one instance in bits; std::nullopt means unbounded (`inf`).
  std::optional<Count> capacityBits;
  /// Tensors the level must keep. Default `Nothing`; the YAML reader
  /// defaults the backing store to `Persistent` and requires it to keep
  /// every persistent tensor.
  SetExpr keep;
  /// Tensors the level may keep (the mapper decides). Default: `All`.
  SetExpr mayKeep = SetExpr::ofClass(SetOp::All);
  /// Tensors that must bypass the level. `keep` wins over it. Default:
  /// `Nothing`.
  SetExpr bypass;
  /// Energy of reading one bit, in picojoules.
  std::optional<double> readEnergyPJPerBit;
  /// Energy of writing one bit, in picojoules.
  std::optional<double> writeEnergyPJPerBit;
  /// Bandwidth of one instance (reads plus writes) in bits per cycle.
  std::optional<double> bandwidthBitsPerCycle;
  /// Instances of this level under one instance of the level above (>= 1).
  int64_t fanout = 1;
  /// Position of the level's map in the spec.
  SourceLoc loc;
  /// Position of each key given in the spec (`capacity`, `keep`, ...).
  llvm::StringMap<SourceLoc> keyLocs;

  /// Whether the capacity is unbounded.
  bool isUnbounded() const { return !capacityBits.has_value(); }

  /// Where tensor `t` may live: `keep` first, then `bypass`, then
  /// `may_keep`; tensors in none of them bypass.
  Placement placement(const Tensor &t) const {
    if (keep.contains(t))
      return Placement::Keep;
    if (bypass.contains(t) || !mayKeep.contains(t))
      return Placement::Bypass;
    return Placement::MayKeep;
  }

  /// Position of `key` if the spec gave it, else of the level.
  SourceLoc locOf(llvm::StringRef key) const {
    auto it = keyLocs.find(key);
    return it == keyLocs.end() ? loc : it->second;
  }
};

/// The compute unit below the innermost level.
struct Compute {
  std::string name;
  /// Multiply-accumulates per cycle of one instance (>= 1).
  int64_t macsPerCycle = 1;
  /// Instances under one instance of the innermost level (>= 1).
  int64_t fanout = 1;
  /// Clock frequency in GHz, if given.
  std::optional<double> clockGHz;
  /// Energy of one MAC in picojoules, if given.
  std::optional<double> energyPJPerMAC;
  /// Position of the compute map in the spec.
  SourceLoc loc;
  /// Position of each key given in the spec.
  llvm::StringMap<SourceLoc> keyLocs;

  /// Position of `key` if the spec gave it, else of the compute map.
  SourceLoc locOf(llvm::StringRef key) const {
    auto it = keyLocs.find(key);
    return it == keyLocs.end() ? loc : it->second;
  }
};

/// A memory hierarchy plus compute. `levels.front()` is the backing store;
/// a valid arch has at least one level.
struct Arch {
  std::string name;
  /// The file (or buffer name) the spec was read from; empty if built in
  /// code. Pair it with a `SourceLoc` to point into the spec.
  std::string sourceName;
  /// Memory levels, outermost (backing store) first.
  llvm::SmallVector<Level, 4> levels;
  Compute compute;
  /// Named sets in declaration order (already inlined into the levels'
  /// expressions; kept for printing and reports).
  std::vector<NamedSet> sets;

  /// The outermost level. Requires a non-empty `levels`.
  const Level &backingStore() const { return levels.front(); }

  /// Index of the level called `levelName`, if any.
  std::optional<unsigned> findLevel(llvm::StringRef levelName) const {
    for (unsigned i = 0, e = levels.size(); i != e; ++i)
      if (levels[i].name == levelName)
        return i;
    return std::nullopt;
  }

  /// Instances of level `i` in the whole machine: the product of the
  /// fanouts from the backing store down to it (saturating).
  Count instances(unsigned i) const {
    Count c = 1;
    for (unsigned j = 0; j <= i && j < levels.size(); ++j)
      c = satMul(c, static_cast<Count>(levels[j].fanout));
    return c;
  }

  /// MACs per cycle of the whole machine (saturating).
  Count totalMacsPerCycle() const {
    Count c = levels.empty() ? 1 : instances(levels.size() - 1);
    c = satMul(c, static_cast<Count>(compute.fanout));
    return satMul(c, static_cast<Count>(compute.macsPerCycle));
  }

  /// Checks that `w` can run on this arch at all: the backing store keeps
  /// every persistent tensor and, if its capacity is finite, they fit in it
  /// together. Returns an empty string if so, else the reason.
  std::string checkWorkload(const Workload &w) const {
    if (levels.empty())
      return "architecture '" + name + "' has no memory levels";
    const Level &bs = backingStore();
    for (const Tensor &t : w.tensors)
      if (t.isPersistent() && bs.placement(t) != Placement::Keep)
        return "backing store '" + bs.name +
               "' does not keep persistent "
               "tensor '" +
               t.name + "'";
    Count total = w.persistentBits();
    if (bs.capacityBits && total > *bs.capacityBits)
      return "persistent tensors need " + toString(total) +
             " bits but backing store '" + bs.name + "' holds " +
             toString(*bs.capacityBits);
    return "";
  }
};

} // namespace oro::core

#endif // ORO_CORE_ARCH_H
