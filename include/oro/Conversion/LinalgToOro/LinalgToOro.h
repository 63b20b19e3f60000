//===- LinalgToOro.h - Linalg structured ops as oro einsums -----*- C++ -*-===//
//
// The analysis behind `--convert-linalg-to-oro`, usable on its own: it reads
// one Linalg structured op on static tensors and describes it as an einsum
// (named ranks with static extents, one affine projection per tensor access)
// without creating any IR. Reshapes and static slices between a producer and
// the op are looked through: the projections index the tensor they view.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CONVERSION_LINALGTOORO_LINALGTOORO_H
#define ORO_CONVERSION_LINALGTOORO_LINALGTOORO_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace oro {

/// One tensor read by an einsum.
struct EinsumAccess {
  /// The tensor read, after looking through views (see `lookThroughViews`):
  /// a function argument, a tensor `arith.constant`, the result of another
  /// Linalg op, or the result of an op oro cannot look through.
  mlir::Value tensor;
  /// Projection from the einsum's ranks onto the dimensions of `tensor`
  /// (numDims = number of ranks, no symbols, one result per dimension; each
  /// result is a sum of `coeff * d_i` and a constant).
  mlir::AffineMap map;
};

/// A Linalg structured op described as an einsum.
struct EinsumInfo {
  /// The op name without `linalg.` (`matmul`, `conv_2d_nchw_fchw`,
  /// `generic`); for `linalg.elementwise` the kind (`exp`, `add`).
  std::string kind;
  /// A readable label: the name of a `NameLoc` on the op if there is one,
  /// otherwise `kind`, except for `linalg.generic`, which is labelled by what
  /// it does (`transpose`, `broadcast`, `copy`, `contraction`, `conv`, or its
  /// payload ops such as `maximumf`, `subf_exp`, prefixed `reduce_` when it
  /// reduces). Not uniqued; the caller makes labels unique.
  std::string label;
  /// Rank names, unique within the einsum: `m, n, k` for matmuls,
  /// `b, m, n, k` for batch matmuls, `n, c, p, q, r, s, f` for convolutions
  /// and pooling (`g` groups, `m` depthwise multiplier, `z`/`t` the third
  /// output/filter dimension of 3-d convolutions), `d<i>` for loop `i`
  /// otherwise. A loop split by a collapse_shape gets `<name>_0`, `<name>_1`.
  llvm::SmallVector<std::string> rankNames;
  /// Static extent of each rank, all >= 1.
  llvm::SmallVector<int64_t> rankExtents;
  /// The tensors read, in operand order. Inputs whose payload argument is
  /// unused (pooling windows), scalar inputs, and inputs that are
  /// `tensor.empty` or `linalg.fill` results are not traffic and are left
  /// out. When `readsOutput` is set the last access is the init tensor.
  llvm::SmallVector<EinsumAccess> inputs;
  /// True when the op accumulates into a real tensor (its init is neither
  /// `tensor.empty`, `linalg.fill` nor a splat constant, and the payload reads
  /// it): the init is then also an input access, with the output map.
  bool readsOutput = false;
  /// The Linalg result (the einsum output) and its projection; each output
  /// dimension is a distinct rank, or the constant 0 for a size-1 dimension.
  mlir::Value output;
  mlir::AffineMap outputMap;
  /// Shape of the einsum output. It is the Linalg result's shape unless a
  /// rank indexing the output had to be split: then that output dimension
  /// becomes one dimension per sub-rank, and the Linalg result is the
  /// collapse of the einsum output by `outputReassociation` (empty when the
  /// shapes agree). Consumers read through that collapse (see
  /// `ProducerLookup`).
  llvm::SmallVector<int64_t> outputShape;
  llvm::SmallVector<mlir::ReassociationIndices> outputReassociation;
  /// Number of loops of the op before any rank split.
  unsigned numLoops = 0;
};

/// The symbol of the `oro.workload` built for function `funcName`:
/// `<funcName>_workload`. The function stays in the module (a later pass
/// rewrites its Linalg), and one module cannot hold two symbols of one name.
std::string getWorkloadName(llvm::StringRef funcName);

/// Emits a diagnostic (error or warning) at a location.
using DiagnosticEmitter =
    llvm::function_ref<mlir::InFlightDiagnostic(mlir::Location)>;

/// True for the ops oro looks through between a producer and a consumer:
/// `tensor.cast`, `tensor.expand_shape`, `tensor.collapse_shape` and
/// `tensor.extract_slice`, when source and result are statically shaped and
/// (for slices) offsets, sizes and strides are static.
bool isStaticViewOp(mlir::Operation *op);

/// Follows static view ops (see `isStaticViewOp`) from `value` back to the
/// tensor it views. When `chain` is given it receives the view ops walked,
/// from `value` towards the returned tensor.
mlir::Value
lookThroughViews(mlir::Value value,
                 llvm::SmallVectorImpl<mlir::Operation *> *chain = nullptr);

/// True when the contents of `value` (looked through views) are known without
/// reading memory: a `tensor.empty`, a `linalg.fill` result, (when
/// `includeSplat` is set) a splat `arith.constant`, or a `tensor.pad` /
/// `tensor.insert_slice` or `tensor.concat` that only moves such tensors.
/// Known answers of `isInitialization` for (value, includeSplat); a walk
/// stops at a cached value, so chains of pads and inserts whose results are
/// cached in program order are classified in linear time.
struct InitializationCache {
  /// Indexed by includeSplat.
  llvm::DenseMap<mlir::Value, bool> known[2];
};
bool isInitialization(mlir::Value value, bool includeSplat,
                      const InitializationCache *cache = nullptr);

/// True when `arg` is a weight by oro's heuristic: it has uses, and every use
/// (followed through static views and pure data-movement ops: transpose,
/// broadcast, copy, and `linalg.generic`s that only yield their input) is a
/// non-first input of a contraction or convolution (the `B` of a matmul, the
/// filter of a convolution) whose payload reads it.
bool isWeightLike(mlir::Value value);

/// Returns the einsum description of the Linalg op producing `value`, or
/// null. Lets `extractEinsum` read through the output reshape of a producer
/// whose output ranks were split.
using ProducerLookup = llvm::function_ref<const EinsumInfo *(mlir::Value)>;

/// Describes `op` as an einsum. Fails, after emitting one diagnostic through
/// `emit` that names the op and the reason, when the op works on memrefs, has
/// a dynamic shape (naming the first dynamic dimension), no loops, an extent below 1, an element
/// type without a known bit width, an indexing map that is not a sum
/// of scaled loop dimensions and constants (symbols, mod, div), reads through
/// a `tensor.collapse_shape` at an index that cannot be delinearized (not a
/// single rank with a coefficient that lines up with the collapsed
/// dimensions, after splitting ranks), reads a tensor at a negative
/// coefficient or offset, writes its output through a map that is not a
/// permutation of distinct loops (and zeros), has a loop that indexes no
/// tensor oro tracks, or when composing projections overflows int64.
///
/// An op with several outputs is described one output at a time
/// (`resultNumber`): each einsum reads the inputs its output's payload
/// depends on. Inputs that carry a scalar are not accesses: rank-0 results of
/// 0-d Linalg ops, and splat constants read by an elementwise computation
/// (no reduction loop, a payload that computes): a broadcast scalar. Read
/// by a contraction, a convolution or pure data movement (broadcast,
/// transpose, copy) a splat stands for a real weight and stays an access.
mlir::FailureOr<EinsumInfo>
extractEinsum(mlir::linalg::LinalgOp op, DiagnosticEmitter emit,
              ProducerLookup producerOf = nullptr,
              const InitializationCache *initCache = nullptr,
              unsigned resultNumber = 0);

/// As above, reporting failures as errors.
mlir::FailureOr<EinsumInfo> extractEinsum(mlir::linalg::LinalgOp op);

/// What the destination of a padding copy holds besides the copied part.
enum class CopyDestination {
  /// Initialization: checked (`isInitialization`, splats included); any
  /// other destination is an error.
  Initialization,
  /// A concatenation: the caller has checked that every other part of the
  /// destination is initialization or written by a copy of its own (an
  /// insert_slice chain from initialization, see docs/FrontEnds.md).
  Concatenation,
};

/// Describes a padding copy as an einsum: `tensor.insert_slice` of a
/// static slice at unit strides into initialization (see
/// `isInitialization`, splats included) or into a concatenation
/// (`destination`), `tensor.pad` with static, non-negative low/high padding
/// and a constant padding value, or operand `part` of a static
/// `tensor.concat` (written at the sum of the sizes of the operands before
/// it). The ranks span the source (`n, c, h, w` or `n, h, w, c` for a 4-d
/// tensor padded only in its spatial dimensions, `d<i>` otherwise), the
/// source is read in full (looked through views, unless it is
/// initialization itself) and the output is written at the offsets (the
/// low padding), `outs[n, c, h + 1, w + 1]`; the rest of the result is
/// initialization or other writers' part, not this einsum's traffic. Label:
/// a `NameLoc`, else `concat` (a part of a concatenation), `pad`, or `copy`
/// when nothing is padded; kind `insert_slice`, `concat` or `pad`. Fails
/// after one diagnostic through `emit` on dynamic offsets, sizes, strides,
/// padding or shapes, non-unit strides, negative padding, a non-constant
/// padding value, a destination that is not initialization (unless
/// `destination` says it is a concatenation), a 0-d source, or a padded
/// dimension whose rank had to be split to read through a collapse.
mlir::FailureOr<EinsumInfo>
extractPadEinsum(mlir::Operation *op, DiagnosticEmitter emit,
                 ProducerLookup producerOf = nullptr,
                 const InitializationCache *initCache = nullptr,
                 CopyDestination destination = CopyDestination::Initialization,
                 unsigned part = 0);

} // namespace oro

#endif // ORO_CONVERSION_LINALGTOORO_LINALGTOORO_H
