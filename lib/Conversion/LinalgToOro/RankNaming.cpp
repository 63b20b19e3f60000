//===- RankNaming.cpp - Names of ranks and labels of einsums --------------===//
//
// Rank names from the op's structure (`m, n, k`, `n, c, p, q, r, s, f`,
// `d<i>`), labels of generics from what they do, and names from `NameLoc`s.
//
//===----------------------------------------------------------------------===//

#include "RankNaming.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/raw_ostream.h"

namespace oro {
namespace detail {

/// Gives `base` to the only dimension of `dims`, or `base0`, `base1`, ...
static void nameAll(ArrayRef<unsigned> dims, StringRef base,
                    MutableArrayRef<std::string> names) {
  for (auto [i, d] : llvm::enumerate(dims)) {
    if (!names[d].empty())
      continue;
    names[d] = dims.size() == 1 ? base.str() : (base + Twine(i)).str();
  }
}

/// Names one, two or three dimensions by `one`, `two` or `three`; more get
/// `<fallback><i>`.
static void nameByCount(ArrayRef<unsigned> dims, ArrayRef<StringRef> one,
                        ArrayRef<StringRef> two, ArrayRef<StringRef> three,
                        StringRef fallback,
                        MutableArrayRef<std::string> names) {
  ArrayRef<StringRef> letters = dims.size() == 1   ? one
                                : dims.size() == 2 ? two
                                                   : three;
  for (auto [i, d] : llvm::enumerate(dims)) {
    if (!names[d].empty())
      continue;
    names[d] =
        dims.size() <= 3 ? letters[i].str() : (fallback + Twine(i)).str();
  }
}

SmallVector<std::string> nameRanks(linalg::LinalgOp op) {
  unsigned numLoops = op.getNumLoops();
  SmallVector<std::string> names(numLoops);
  Operation *raw = op.getOperation();

  if (isa<linalg::MatmulOp>(raw) && numLoops == 3) {
    names = {"m", "n", "k"};
  } else if (isa<linalg::BatchMatmulOp, linalg::BatchReduceMatmulOp>(raw) &&
             numLoops == 4) {
    names = {"b", "m", "n", "k"};
  } else if (linalg::isaContractionOpInterface(op)) {
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::inferContractionDims(op);
    if (succeeded(dims)) {
      nameAll(dims->batch, "b", names);
      nameAll(dims->m, "m", names);
      nameAll(dims->n, "n", names);
      nameAll(dims->k, "k", names);
    }
  } else if (linalg::isaConvolutionOpInterface(op)) {
    FailureOr<linalg::ConvolutionDimensions> dims =
        linalg::inferConvolutionDims(op);
    if (succeeded(dims)) {
      bool pooling = raw->getName().getStringRef().starts_with("linalg.pool");
      if (pooling && dims->batch.size() == 2) {
        // Pooling windows carry no channel: the channel looks like a batch.
        names[dims->batch[0]] = "n";
        names[dims->batch[1]] = "c";
      } else {
        nameAll(dims->batch, "n", names);
      }
      nameByCount(dims->outputImage, {"p"}, {"p", "q"}, {"z", "p", "q"}, "p",
                  names);
      nameByCount(dims->filterLoop, {"r"}, {"r", "s"}, {"t", "r", "s"}, "r",
                  names);
      nameAll(dims->inputChannel, "c", names);
      bool depthwise = dims->inputChannel.empty();
      nameAll(dims->depth, depthwise ? "c" : "g", names);
      nameAll(dims->outputChannel,
              depthwise && !dims->depth.empty() ? "m" : "f", names);
    }
  }

  // Unnamed loops keep their indexing-map name; names stay unique.
  llvm::StringSet<> used;
  for (auto [i, name] : llvm::enumerate(names)) {
    std::string base = name.empty() ? "d" + std::to_string(i) : name;
    std::string unique = base;
    for (unsigned n = 1; used.contains(unique); ++n)
      unique = base + "_" + std::to_string(n);
    used.insert(unique);
    name = unique;
  }
  return names;
}

std::string exprString(AffineExpr expr) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << expr;
  return s;
}

/// A readable label for a `linalg.generic` from what it does: `transpose`,
/// `broadcast`, `copy`, `contraction`, `conv`, or its payload ops
/// (`maximumf`, `subf_exp`), prefixed `reduce_` when it reduces; `generic`
/// when the payload has more than three ops.
std::string describeGeneric(linalg::GenericOp generic) {
  auto linalgOp = cast<linalg::LinalgOp>(generic.getOperation());
  if (linalg::isaContractionOpInterface(linalgOp))
    return "contraction";
  if (linalg::isaConvolutionOpInterface(linalgOp))
    return "conv";
  // An identity "transpose" (a plain copy) is labelled by its payload.
  if (linalg::isaTransposeOpInterface(generic) &&
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return "transpose";
  if (linalg::isaBroadcastOpInterface(generic))
    return "broadcast";
  SmallVector<std::string> ops;
  for (Operation &op : generic.getRegion().front().without_terminator()) {
    StringRef name = op.getName().getStringRef();
    ops.push_back(name.drop_front(name.find('.') + 1).str());
  }
  std::string label;
  if (ops.empty())
    label = "copy";
  else if (ops.size() <= 3)
    label = llvm::join(ops, "_");
  else
    return "generic";
  if (generic.getNumReductionLoops() > 0)
    label = "reduce_" + label;
  return label;
}

std::optional<std::string> nameFromLoc(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      if (std::optional<std::string> name = nameFromLoc(inner))
        return name;
  }
  return std::nullopt;
}

} // namespace detail
} // namespace oro
