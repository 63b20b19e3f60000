//===- FusionModel.h - Fused groups of einsums: mapspace and cost -*- C++
//-*-===//
//
// The fusion model on one buffer below a backing store (docs/Design.md,
// "Fusion").
//
// Rank classes of a group. For every tensor T produced by einsum P of the
// group (output dimension d indexed by P's rank r_P alone: coefficient 1,
// constant 0) and read by einsum C of the same group whose projection of
// dimension d is C's rank r_C alone with the same extent, r_P ~ r_C. A
// group's classes are the union-find closure over its (einsum, rank) pairs
// (the token rank `m` of a transformer layer). Only tensors produced and
// read inside the group link ranks: a tensor read from the backing store
// constrains no tiling, so two ranks that meet only through one (the query
// and key token ranks of attention, both computed from one normalized
// activation outside the group) stay apart and each may be shared alone.
// Linking them through the whole workload would make attention's score
// einsum hold two ranks of one class, and that class unshareable. (A group
// that shares its inputs, below, links through them too: that is its
// choice, and the plain variant of the same group keeps them apart.)
//
// Fused group. A set of einsums (GroupMembers), run in the topological
// order of the workload, connected (undirected) through tensors produced and
// read inside the group. (Groups run one after another, each after the
// producers of its inputs; the fused search of FusionSearch.h tries the
// intervals of the order and, within its lookahead, other convex sets.)
// Shared loops: an ordered list of (class, tile),
// outermost first. A class can be shared only if every einsum of the group
// has exactly one rank of it. A list is legal for a group only if every
// tensor produced and read inside the group has, at the end of every shared
// iteration, exactly the tile its readers read in that iteration: for each
// shared class c, the producer's rank of c is not a reduction rank and it
// indexes T only through dimensions that are that rank alone, and every
// reader's rank of c indexes exactly those dimensions, each alone. (This is
// stricter than only asking it of internal tensors: a reader must never see
// a tile from a future shared iteration or partial sums.)
//
// Internal tensors: intermediates produced and read in the group that are
// not workload outputs, have no reader outside the group and may be held
// in the buffer (their placement is not `Bypass`: a tensor that must bypass
// the buffer cannot stay in it, so it goes through the backing store like
// a persistent one). They never
// touch the backing store; their tile (the producer's output footprint with
// the shared ranks at their tile and every other rank whole) is live from
// the producer to the last reader in the group, within one shared
// iteration. Every other access goes through the backing store.
//
// Per-einsum mapping (`Mapping`, in the combined nest): the first S loops
// are the shared loops translated to the einsum's ranks; then inner loops,
// at most one per rank, over non-shared ranks or re-tiling a shared rank
// (below).
// Internal accesses have position `Mapping::kOnChip` (on chip, but not this
// einsum's reservation; distinct from bypass); every other access has a
// position in 0..#loops or `Mapping::kBypass`, with the single-einsum
// semantics of CostModel.h, as its tensor's placement allows.
//
// Placements, per tensor (`KeepPolicy`, from the architecture's `keep:`,
// `may_keep:` and `bypass:`): a non-internal access to a `Keep` tensor has a
// position in 0..#loops, one to a `Bypass` tensor is bypassed, one to an
// `Either` tensor may be either. Default: every tensor `Keep`.
//
// Reservations at positions <= S persist across shared iterations: live
// during the whole group. Reservations at positions > S are live only while
// their einsum runs and are released after each shared iteration, so their
// contents do not survive into the next one. The cost model's traffic for
// such an access equals this release semantics exactly when the old and new
// boxes are disjoint at every shared-iteration boundary; a position > S is
// therefore legal only when (S == 0) or some loop in [S, position) or the
// innermost shared loop has >= 2 trips and indexes the access with role
// `RankRole::Single` (its chunks are disjoint). See `isInnerPositionLegal`.
//
// Shared inputs. A tensor not produced in the group that at least two
// members read through a shareable access (every dimension indexed by one
// rank alone, coefficient 1, constant 0, the rank's extent the dimension's;
// the einsum reads the tensor through no other access; its placement is not
// `Bypass`) is an input the group may share. A group mapping either shares
// every such input (`FusedGroupMapping::shareInputs`) or none. Sharing links
// ranks like an internal tensor does (the ranks indexing one dimension in
// its readers are one class), so einsums whose only link is a shared input
// form a connected group. A shared input has one reservation for the whole
// group, at a position p <= S that all its readers' mappings give: its tile
// is the readers' common tile under the first p shared loops (linked ranks
// are tiled alike; every other dimension is whole), so every reader needs
// exactly that box. It is fetched once per change of that tile, which is
// its first reader's single-einsum traffic at p (that depends on the loops
// above p only, the shared ones), and held once; the first reader carries
// its cost, the others none.
//
// Re-tiling. In an einsum with an access on chip (internal, or a shared
// input), an inner loop may tile a shared rank r again, with a tile t
// smaller than its shared tile T, when T divides r's extent E and r is
// alone in every dimension it indexes (so its role is `Single` wherever it
// appears; `mayRetile`). (An einsum whose accesses all go through the
// backing store gains nothing on chip from its group; tiling one of its
// ranks twice would be a freedom its single-einsum mapspace lacks, and the
// fused search's cut rule and the fused <= unfused relation rely on such
// an einsum mapping as it does alone.) Inside one shared iteration r then runs
// over ceil(T / t) chunks of t. The einsum is costed as the split einsum
// (`SplitEinsum`): r becomes r (extent E / T, the shared loop with tile 1)
// and r_in (extent T, the inner loop with tile t), each dimension c*r
// becoming c*T*r + c*r_in, an injective split (CostModel.h), so the
// single-einsum model of the split nest is exact. Reservations, legality
// and release are as for any inner loop (a re-tiling loop with two or
// more trips changes an access's box to a disjoint one at every shared
// boundary, as its shared loop does). Not re-tiled: a shared tile that
// does not divide the extent (the last shared chunk would be re-tiled
// partially) and a rank inside a window or other multi-term dimension.
//
// Cost of a group mapping: accesses = the sum of the non-internal accesses'
// traffic (a shared input's once); peak = sum over group einsums of their
// persistent reservations + max over einsums e in order of (internal tiles live
// at e + e's inner reservations; a shared input's reservation counts once, as
// persistent). A single-einsum group has no shared loops (a shared loop over
// one einsum is an ordinary loop); its cost is the single-einsum cost.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_FUSIONMODEL_H
#define ORO_CORE_FUSIONMODEL_H

#include "oro/Core/CostModel.h"
#include "oro/Core/Count.h"
#include "oro/Core/MapSpace.h"
#include "oro/Core/Mapping.h"
#include "oro/Core/Workload.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

namespace oro::core {

/// One shared loop of a fused group: a rank class and its tile.
struct SharedLoop {
  /// Rank class of the group (GroupClasses).
  unsigned rankClass = 0;
  /// Tile, in [1, extent] of the class.
  int64_t tile = 1;

  friend bool operator==(const SharedLoop &a, const SharedLoop &b) {
    return a.rankClass == b.rankClass && a.tile == b.tile;
  }
};

/// The einsums of a fused group: indices into `Workload::einsums`,
/// ascending (the order they run in). A set, not necessarily an interval of
/// the order.
class GroupMembers {
public:
  GroupMembers() = default;
  /// `sorted`: ascending, without repeats.
  explicit GroupMembers(llvm::ArrayRef<unsigned> sorted) {
    if (!sorted.empty() &&
        sorted.back() - sorted.front() + 1 == sorted.size()) {
      lo = sorted.front();
      hi = sorted.back() + 1;
    } else {
      list.assign(sorted.begin(), sorted.end());
    }
  }
  /// Einsums [begin, end) (held as the two bounds: the DP's groups of long
  /// models are millions of long intervals).
  static GroupMembers interval(unsigned begin, unsigned end) {
    GroupMembers g;
    g.lo = begin;
    g.hi = end;
    return g;
  }
  unsigned size() const { return list.empty() ? hi - lo : list.size(); }
  bool empty() const { return size() == 0; }
  unsigned operator[](unsigned i) const {
    return list.empty() ? lo + i : list[i];
  }
  unsigned front() const { return (*this)[0]; }
  unsigned back() const { return (*this)[size() - 1]; }
  /// Whether the members are the interval [front(), back()].
  bool isInterval() const { return list.empty(); }
  /// The position of einsum e among the members, or -1.
  int indexOf(unsigned e) const {
    if (list.empty())
      return e >= lo && e < hi ? static_cast<int>(e - lo) : -1;
    const unsigned *it = std::lower_bound(list.begin(), list.end(), e);
    return it != list.end() && *it == e ? static_cast<int>(it - list.begin())
                                        : -1;
  }
  bool contains(unsigned e) const { return indexOf(e) >= 0; }
  /// "[b, e)" for an interval, else "{a, b, c}" (messages).
  std::string str() const;
  friend bool operator==(const GroupMembers &a, const GroupMembers &b) {
    if (a.size() != b.size())
      return false;
    for (unsigned i = 0; i < a.size(); ++i)
      if (a[i] != b[i])
        return false;
    return true;
  }

  class iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = unsigned;
    using difference_type = std::ptrdiff_t;
    using pointer = const unsigned *;
    using reference = unsigned;
    iterator(const GroupMembers *g, unsigned i) : g(g), i(i) {}
    unsigned operator*() const { return (*g)[i]; }
    iterator &operator++() {
      ++i;
      return *this;
    }
    iterator operator++(int) { return iterator(g, i++); }
    bool operator==(const iterator &o) const { return i == o.i; }
    bool operator!=(const iterator &o) const { return i != o.i; }

  private:
    const GroupMembers *g;
    unsigned i;
  };
  iterator begin() const { return iterator(this, 0); }
  iterator end() const { return iterator(this, size()); }

private:
  // An interval [lo, hi) when `list` is empty, else `list`.
  unsigned lo = 0, hi = 0;
  llvm::SmallVector<unsigned, 0> list;
};

/// An input a group may share: the tensor and its readers in the group,
/// (position in the group, access), in order.
struct SharedInput {
  unsigned tensor = 0;
  llvm::SmallVector<std::pair<unsigned, unsigned>, 4> readers;
};

/// The rank classes of a group (see the file comment), numbered densely in
/// order of first appearance over (einsum, rank), einsums in order: so
/// equal groups of repeated layers number them alike.
struct GroupClasses {
  GroupMembers einsums;
  /// Whether ranks are linked through the shared inputs too.
  bool shareInputs = false;
  /// With shareInputs: the group's shared inputs (FusionModel::sharedInputs).
  llvm::SmallVector<SharedInput, 2> sharedInputs;
  /// [position of the einsum in the group][rank]: the class.
  std::vector<llvm::SmallVector<unsigned, 8>> classOf;
  unsigned numClasses = 0;
  /// Class of rank r of einsum e (absolute index).
  unsigned getClass(unsigned e, unsigned r) const {
    return classOf[einsums.indexOf(e)][r];
  }
  /// The rank of class c in einsum e (absolute); -1 when none, -2 when
  /// several.
  int getRankOfClass(unsigned e, unsigned c) const;
};

/// A fused group with its mappings: the witness of one group (internal
/// accesses at `Mapping::kOnChip`).
struct FusedGroupMapping {
  /// The group's einsums.
  GroupMembers einsums;
  /// Shared loops, outermost first.
  llvm::SmallVector<SharedLoop, 4> shared;
  /// One mapping per group einsum, in the combined nest (shared loops first).
  std::vector<Mapping> mappings;
  /// Whether the group shares its shareable inputs (see the file comment).
  bool shareInputs = false;
};

/// An einsum whose re-tiled shared ranks are split (FusionModel::splitEinsum,
/// file comment "Re-tiling"): rank r with shared tile T keeps its index
/// with extent E / T (its shared part, looped with tile 1) and gets an
/// inner rank of extent T, appended; a dimension term c*r becomes
/// c*T*r + c*r_in.
struct SplitEinsum {
  /// The cost model of the split einsum.
  CostModel model;
  /// Per rank of the original einsum: its inner rank, or -1.
  llvm::SmallVector<int, 8> innerRank;
  /// Per rank of the original einsum: its shared tile, or 0.
  llvm::SmallVector<int64_t, 8> sharedTile;

  /// The original einsum's mapping `m` (its first `numShared` loops shared)
  /// in the split einsum's ranks.
  Mapping toSplit(const Mapping &m, unsigned numShared) const;
  /// The original einsum's shared loops in the split einsum's ranks (a
  /// split rank's with tile 1).
  llvm::SmallVector<LoopState, 4>
  toSplit(llvm::ArrayRef<LoopState> shared) const;
  /// A split mapping in the original einsum's ranks.
  Mapping fromSplit(const Mapping &m) const;
};

/// What a group's shared-class list implies (legal lists only).
struct GroupAnalysis {
  GroupMembers einsums;
  /// Shared classes in loop order.
  llvm::SmallVector<unsigned, 4> classes;
  /// [position of the einsum in the group][k]: the rank of classes[k] in
  /// that einsum.
  std::vector<llvm::SmallVector<unsigned, 4>> sharedRanks;
  /// [position]: bit mask of internal accesses (inputs, then output).
  std::vector<uint32_t> internalAccesses;
  /// Internal tensors with their producer and last reader (absolute einsum
  /// indices: the tile is live at the members between them).
  struct Internal {
    unsigned tensor, producer, lastReader;
  };
  llvm::SmallVector<Internal, 4> internals;
  /// [position]: bit mask of accesses to shared inputs (none unless the
  /// group shares its inputs).
  std::vector<uint32_t> sharedAccesses;
  /// The shared inputs (SharedInput::readers: first reader first).
  llvm::SmallVector<SharedInput, 2> sharedInputs;
  /// Whether access a of member i reads a shared input whose first reader
  /// is another member (which carries its cost).
  bool isLaterSharedRead(unsigned i, unsigned a) const {
    if (!((sharedAccesses[i] >> a) & 1))
      return false;
    for (const SharedInput &s : sharedInputs)
      for (auto [j, b] : s.readers)
        if (j == i && b == a)
          return s.readers.front().first != i;
    return false;
  }
};

/// Cost of one group mapping.
struct GroupCost {
  /// Backing-store traffic, bits.
  Count accessBits = 0;
  /// Peak of live reservations, bits.
  Count peakBits = 0;
  /// Sum of the persistent-level reservations (positions <= S), bits.
  Count persistentBits = 0;
  /// Per group einsum: per-access traffic and occupancy (internal accesses
  /// zero).
  std::vector<Cost> perEinsum;
  /// Per internal tensor (GroupAnalysis order): tile bits.
  llvm::SmallVector<Count, 4> internalBits;
};

/// The fusion model of a workload: rank classes, group legality and the
/// analytic cost of group mappings (through each einsum's CostModel).
class FusionModel {
public:
  /// Largest number of accesses per einsum supported.
  static constexpr unsigned kMaxAccesses = 32;

  /// Builds the per-einsum cost models and the rank classes, with the
  /// placement of every tensor (`placements`, one per `Workload::tensors`;
  /// empty: every tensor kept). Fails when an einsum is malformed
  /// (CostModel::create), has too many accesses, or the placements are not
  /// one per tensor.
  static llvm::Expected<FusionModel>
  create(const Workload &workload, llvm::ArrayRef<KeepPolicy> placements = {});

  const Workload &getWorkload() const { return *workload; }
  /// The placement of tensor t.
  KeepPolicy getPlacement(unsigned t) const { return placements[t]; }
  /// The placement of access a (inputs, then output) of einsum e.
  KeepPolicy getAccessPlacement(unsigned e, unsigned a) const {
    const Einsum &es = workload->einsums[e];
    return placements[a < es.inputs.size() ? es.inputs[a].tensor
                                           : es.output.tensor];
  }
  /// Whether every tensor is kept (the default placements).
  bool keepsEveryTensor() const { return keepAll; }
  /// Whether tensor t may stay on chip inside a group: an intermediate
  /// whose placement lets the buffer hold it.
  bool mayStayOnChip(unsigned t) const {
    return workload->tensors[t].kind == TensorKind::Intermediate &&
           placements[t] != KeepPolicy::Bypass;
  }
  unsigned getNumEinsums() const { return workload->einsums.size(); }
  const CostModel &getCostModel(unsigned e) const { return models[e]; }
  /// Whether access a of einsum e has the shareable form (file comment:
  /// one rank alone per dimension, the only access of e to its tensor, its
  /// tensor not placed to bypass).
  bool isShareableAccess(unsigned e, unsigned a) const {
    return (shareableMask[e] >> a) & 1;
  }
  /// Whether rank r of einsum e may be tiled again below the shared loops
  /// when shared (file comment, "Re-tiling"): every access sees it alone in
  /// its dimensions.
  bool mayRetileRank(unsigned e, unsigned r) const {
    return (retilableMask[e] >> r) & 1;
  }
  /// Whether shared rank r of einsum e with shared tile `tile` may be tiled
  /// again: a re-tilable rank, `tile` >= 2 dividing its extent.
  bool mayRetile(unsigned e, unsigned r, int64_t tile) const {
    return mayRetileRank(e, r) && tile >= 2 &&
           models[e].getExtent(r) % tile == 0;
  }
  /// The shared loops `shared` of einsum e whose ranks it may tile again
  /// (mayRetile), as (rank, shared tile): what splitEinsum takes.
  llvm::SmallVector<std::pair<unsigned, int64_t>, 2>
  retilableLoops(unsigned e, llvm::ArrayRef<LoopState> shared) const {
    llvm::SmallVector<std::pair<unsigned, int64_t>, 2> out;
    for (const LoopState &l : shared)
      if (mayRetile(e, l.rank, l.tile))
        out.push_back({l.rank, l.tile});
    return out;
  }
  /// Einsum e with the shared ranks `split` (rank, shared tile) split for
  /// re-tiling; fails when one may not be re-tiled (mayRetile).
  llvm::Expected<SplitEinsum>
  splitEinsum(unsigned e,
              llvm::ArrayRef<std::pair<unsigned, int64_t>> split) const;
  /// The inputs group `g` may share (file comment), by tensor, in order of
  /// first reader.
  llvm::SmallVector<SharedInput, 2> sharedInputs(const GroupMembers &g) const;
  /// The rank classes of a group; with `shareInputs`, ranks linked through
  /// its shared inputs too.
  GroupClasses groupClasses(const GroupMembers &g,
                            bool shareInputs = false) const;
  GroupClasses groupClasses(unsigned begin, unsigned end) const {
    return groupClasses(GroupMembers::interval(begin, end));
  }
  /// The einsum producing tensor t, or -1.
  int getProducer(unsigned t) const { return producer[t]; }
  /// (einsum, access) pairs reading tensor t, in order.
  llvm::ArrayRef<std::pair<unsigned, unsigned>> getReaders(unsigned t) const {
    return readers[t];
  }
  /// Whether a group's einsums are connected through tensors produced and
  /// read among them (with `shareInputs`, or through inputs they share).
  bool isConnected(const GroupMembers &g, bool shareInputs = false) const;
  bool isConnected(unsigned begin, unsigned end) const {
    return isConnected(GroupMembers::interval(begin, end));
  }
  /// For every cut k of a group (its first k members against the rest):
  /// element k is whether both sides are connected (isConnected), for all
  /// cuts in O(n) union-find steps instead of O(n) per cut. Element 0 (no
  /// cut) is false.
  std::vector<bool> connectedCuts(const GroupMembers &g) const;
  std::vector<bool> connectedCuts(unsigned begin, unsigned end) const {
    return connectedCuts(GroupMembers::interval(begin, end));
  }
  /// Classes (of `gc`, the group's) with exactly one rank in every einsum
  /// of the group, ascending.
  static llvm::SmallVector<unsigned, 4>
  shareableClasses(const GroupClasses &gc);
  llvm::SmallVector<unsigned, 4> shareableClasses(unsigned begin,
                                                  unsigned end) const {
    return shareableClasses(groupClasses(begin, end));
  }
  /// Analyzes group `g` sharing `classes` (loop order, classes of
  /// groupClasses(g)). Fails, with the reason, when the group or the list
  /// is not legal.
  llvm::Expected<GroupAnalysis> analyzeGroup(const GroupMembers &g,
                                             llvm::ArrayRef<unsigned> classes,
                                             bool shareInputs = false) const;
  llvm::Expected<GroupAnalysis>
  analyzeGroup(unsigned begin, unsigned end,
               llvm::ArrayRef<unsigned> classes) const {
    return analyzeGroup(GroupMembers::interval(begin, end), classes);
  }
  /// The same with the group's classes already computed; `connected`: the
  /// caller has checked isConnected (it is not checked again).
  llvm::Expected<GroupAnalysis> analyzeGroup(const GroupClasses &gc,
                                             llvm::ArrayRef<unsigned> classes,
                                             bool connected = false) const;
  /// Bits of the tile of internal tensor `in` when shared class k has tile
  /// `tiles[k]`.
  Count internalTileBits(const GroupAnalysis &g,
                         const GroupAnalysis::Internal &in,
                         llvm::ArrayRef<int64_t> tiles) const;
  /// Whether access `access` of `model` may sit at `position` (> numShared)
  /// under `loops` (the first numShared are shared): see the file comment.
  static bool isInnerPositionLegal(const CostModel &model,
                                   llvm::ArrayRef<LoopState> loops,
                                   unsigned numShared, unsigned access,
                                   unsigned position);
  /// Checks `g` (with the placements) and computes its cost analytically.
  llvm::Expected<GroupCost> evaluateGroup(const FusedGroupMapping &g) const;

  /// Renders a group mapping for messages and tests.
  std::string formatGroup(const FusedGroupMapping &g) const;

private:
  FusionModel() = default;
  const Workload *workload = nullptr;
  std::vector<CostModel> models;
  std::vector<KeepPolicy> placements;
  bool keepAll = true;
  std::vector<int> producer;
  std::vector<std::vector<std::pair<unsigned, unsigned>>> readers;
  // Per einsum: bit mask of its shareable accesses.
  std::vector<uint32_t> shareableMask;
  // Per einsum: bit mask of its re-tilable ranks.
  std::vector<uint64_t> retilableMask;
};

/// Facts of the groups [j, end) of one end, updated as j decreases one
/// einsum at a time (the partition DP's order) in about constant time per
/// step instead of a pass over the group: whether the group is connected,
/// whether it has a shareable class, and the cheap lower bounds of its
/// mappings without shared loops (FusionSearch.h). Long groups of long
/// models (a 32-layer GPT-3 has about a million) are mostly settled by
/// these alone.
class GroupScan {
public:
  /// A non-internal access whose tensor must be kept (the model's
  /// placements) holds at least one element; one that may bypass, none.
  explicit GroupScan(const FusionModel &fm);
  /// Moves to the group [begin, end): from [begin + k, end) by k steps,
  /// else from scratch.
  void moveTo(unsigned begin, unsigned end);
  bool isConnected() const { return components == 1; }
  /// Whether some rank class has exactly one rank in every einsum
  /// (FusionModel::shareableClasses is not empty).
  bool hasShareableClass() const { return shareable; }
  /// Without shared loops: the peak is at least the internal tensors live
  /// at an einsum (whole) plus its other accesses' least footprint (one
  /// element each when kept), for some einsum; the accesses at least the
  /// distinct elements of the non-internal accesses.
  Count noSharedPeakLow() const { return tree.empty() ? 0 : tree[1]; }
  Count accessLow() const { return accLow; }

private:
  void reset(unsigned end);
  void add(unsigned e);
  void rangeAdd(unsigned lo, unsigned hi, Count v, bool subtract);
  void rangeAdd(unsigned node, unsigned nlo, unsigned nhi, unsigned lo,
                unsigned hi, Count v, bool subtract);
  unsigned findEinsum(unsigned x);
  unsigned findRank(unsigned x);

  const FusionModel &fm;
  unsigned begin = 0, end = 0;
  bool valid = false;
  // Einsum union-find over [begin, end) and its component count.
  std::vector<unsigned> einsumParent;
  unsigned components = 0;
  // Rank classes: union-find over (einsum, rank) nodes; per root, the
  // einsums it has a rank of (sorted) and whether one einsum has two.
  std::vector<unsigned> rankBase, rankParent;
  std::vector<std::vector<unsigned>> classEinsums;
  std::vector<bool> classDup;
  bool shareable = false;
  // Max over einsums of (live internal bits + least non-internal bits):
  // a segment tree with lazy range adds over einsum positions.
  std::vector<Count> tree, lazy;
  unsigned leaves = 0;
  Count accLow = 0;
};

} // namespace oro::core

#endif // ORO_CORE_FUSIONMODEL_H
