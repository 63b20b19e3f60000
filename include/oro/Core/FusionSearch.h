//===- FusionSearch.h - Fused and unfused workload curves -------*- C++ -*-===//
//
// For a workload (FusionModel.h) on one buffer below a backing store:
//
// - the **unfused** curve: every einsum alone (no shared loop), every tensor
//   through the backing store; at capacity S, the sum of the single-einsum
//   minimum accesses at S;
// - the **fused** curve: groups run one after another and reuse the buffer,
//   so a partition's cost at S is the sum of its groups' minimum accesses
//   with peak <= S; the curve is the minimum over the partitions into
//   connected groups that some order runs (each group after the producers
//   of its inputs; see "Convex groups" for which ones the DP reaches), and
//   over all shared-loop lists and mappings of each group. Single-einsum
//   groups are in that space, so fused <= unfused everywhere.
//
// Exact search (computeWorkloadCurves), FFM style. Per group einsum and per
// shared-loop configuration, the Pareto front of its inner mappings over
// (accesses, persistent-level occupancy, inner occupancy), found depth-first
// with branch and bound and these lossless reductions: a looped rank has at
// least two trips; for a rank indexing the einsum's non-internal accesses
// only through single-term dimensions only the smallest tile per trip count
// is tried (the same for shared classes over the whole group), and only
// tile 1 when every access still to place below it uses it; an access sits
// directly below a loop over one of its ranks, at position 0, or at the
// first inner position; the last loop has an access below it and every
// loop is used by an access below it, except the first inner loop, which
// may be used by none: the reservations directly below it are inner ones
// (released after each shared iteration, counted in the inner peak), and
// as such loops change no box, traffic or legality, one (the first such
// rank at its first tile) stands for all; adjacent loops with no access between
// them that commute for every access below appear in rank order only; and,
// as in the single-einsum search (Search.h, shared through RankRules in
// PruningRules.h), a window tile that is not the smallest for its trip
// count needs an access below with the partner looped, and branch and
// bound drops a subtree whose lower bound (placed costs; unplaced accesses
// at their least footprints as inner reservations and, below the first
// inner loop, at their least traffic under one more loop over a rank they
// use) is matched by a point found already; the footprint bound grows with
// a child loop's tile, so the first dominated tile ends that rank. Each is
// the single-einsum argument for one access at a time, and it carries over:
// the inner loops change neither the internal tiles nor the legality of an
// inner position (trip counts and roles only), and a smaller footprint
// below the shared loops is a smaller inner occupancy. Window tiles of
// shared loops: a shared rank in a unit window of a non-internal access
// keeps a tile that is not the smallest for its trip count only if some
// such access could see it pay off (windowTilePays: its partner an inner
// loop or a later shared one and a last chunk shorter than the partner's
// extent minus one, or an earlier shared one and a reset that can keep
// part of the window); otherwise the smallest tile with the same trip
// count, earlier in the list, costs every access of every einsum no more
// (FusionSearcher::dropUnpayingWindowTiles). Fronts
// are memoized per (einsum, translated shared loops, internal accesses)
// among the groups with the same end, since they overlap. A group's einsums are
// joined in order keeping only non-dominated (accesses, persistent, max
// live-inner) partial combinations, with branch and bound against the group's
// front. Then the partition DP.
//
// Partition pruning (computeWorkloadCurves, exact; `partitionPruning`):
// - cut rule: a group [b, e) with a cut b < k < e that no internal tensor
//   crosses (none produced before k and read at or after k) and whose two
//   sides are connected is skipped: every mapping of it is also a mapping of
//   [b, k) and [k, e) with the same shared loops (each side's internal
//   tensors are the same, a one-einsum side is an ordinary single-einsum
//   mapping), with the same accesses and no larger peak, and the DP joins
//   those sides. (A group with no internal tensor at all is the extreme
//   case.) On exact ties the split witness is reported instead of the group.
// - branch and bound on the DP: F_i's candidates are made with the last
//   group's start j descending (the singleton first), ties still going to
//   the smallest j. A group state with lower bounds (peak p, accesses a) is
//   dropped when, for every point (c, A) of F_j, (max(p, c), A + a) is
//   strictly dominated by F_i's candidates so far; a shared configuration
//   is dropped before its inner fronts are computed when its cheap bounds
//   (peak >= max over einsums of live internal tiles plus the footprints,
//   at shared tiles and 1 elsewhere, of the non-internal accesses that must
//   be kept -- one that may bypass may hold nothing; accesses >= the
//   distinct elements of the non-internal accesses, which a bypassed access
//   moves too) are dominated by the group front
//   or useless for the DP. Both bounds only grow with a shared tile, so the
//   innermost shared tile stops growing at the first such configuration.
// - staircase bound (staircaseBoundPrunes): a finer per-configuration
//   bound, a set of (peak, accesses) points below every mapping of the
//   configuration. Each non-internal access sits at a persistent position
//   p <= S, at an inner one, or, when its tensor's placement lets it,
//   bypasses the buffer: then it moves one element per MAC (CostModel.h),
//   the same under any loops, and holds nothing, an exact option; an access
//   that must bypass has that option only. At p <= S its reservation's box
//   depends on the shared loops above p only, so its traffic and occupancy are
//   exact from the shared loops alone (CostModel::evaluateAccess on them). At
//   an inner position it is released after every shared iteration, so it
//   fetches (or writes back) at least every element of each iteration's
//   box: at least the traffic at position S; and it holds at least the
//   footprint with the shared ranks at their tiles and every other rank at
//   1. Better, a legal inner position (FusionModel::isInnerPositionLegal)
//   changes the box to a disjoint one at every shared-iteration boundary,
//   so each shared iteration fetches every element it touches, and the
//   shared loops over ranks the access depends on together touch all its
//   distinct elements: it moves at least its distinct elements times the
//   trips of the shared loops over ranks it does not depend on (for a
//   projective access exactly what the traffic formula of CostModel.h
//   gives: the innermost loop over a rank it depends on is inner or the
//   innermost shared one). The inner option is (the larger of the two
//   traffic bounds, no persistent bits, the least footprint). Combining one
//   option per access (persistent bits summed, inner bits summed per einsum
//   plus its live internal tiles, maxed over einsums) gives points each at or
//   below some mapping's (peak, accesses); the configuration is skipped when
//   each is dominated by the group front or useless. Partial combinations over
//   the first einsums are already lower bounds (later einsums only add), so it
//   stops as soon as all of those are pruned.
// - range bound (searchRun): the bound is not monotone in the tiles (a
//   larger tile can cut traffic), so a run's innermost tiles are taken in
//   ranges [a, b], leftmost first, each pruned whole when one staircase
//   below all of its configurations is pruned, else halved (single
//   configurations get the staircase above). For every innermost tile t in
//   [a, b]: positions above the innermost loop do not depend on t; at
//   position S a projective access's traffic does not either (the
//   innermost loop is either the innermost relevant one, whose trips the
//   formula does not count, or an irrelevant one below it), its box grows
//   with t; the inner traffic's trips are at least those at b (trips fall
//   as the tile grows); footprints and live internal tiles are at least
//   those at a. A non-projective access gets (traffic at position S - 1,
//   the least footprint at a): anything deeper moves at least as much. So
//   the staircase with tiles at a, position S's values at a and the inner
//   traffic's innermost trips at b is below every configuration of the
//   range. GPT-3 6.7B layer at 8192 tokens, scores + scale group (one
//   thread): 231k configurations joined and 1.8M bounded, 11 s, with the
//   old inner option (position S's traffic) and no ranges; 1.8k joined and
//   107k bounds, 0.7 s, with both; the whole layer 23.9M -> 1.38M
//   candidates.
//
// - long groups (GroupScan, FusionModel.h): the DP moves a group's start
//   down one einsum at a time, and the scan keeps, in about constant time
//   per step, whether the group is connected, whether it has a shareable
//   class, and the cheap bound of its configuration without shared loops.
//   A group with no shareable class has that configuration only, so when
//   its cheap bound is useless the group is settled without a pass over
//   it (the search would find nothing either). The DP bound first tries
//   A_last + a > B(p) (B is non-increasing and F_j's accesses fall with
//   capacity, so every k fails), which settles most of them in O(log).
//   32-layer GPT-3 (1384 einsums, about a million groups): 45 s -> 15 s
//   on one thread, the same report.
//
// Convex groups (computeWorkloadCurves; `lookahead`, `maxGroupSpan`). A
// partition's cost does not depend on the order its groups run in, only on
// there being one: every group after the producers of its inputs (so every
// group is convex: no path leaves it and comes back). Front ends interleave
// independent branches (A = X W1; B = Y W2; C = relu(A); D = relu(B)), so
// the groups {A, C} and {B, D} are not intervals of the program order.
// The DP runs over order ideals (sets of einsums closed under producers),
// the states a schedule passes through: F_K = min over states J inside K
// with G = K \ J connected of F_J (+) A_G. Prefixes [0, i) are states, and
// so is every ideal that holds all einsums before some position m, not m,
// and some of the next lookahead - 1 ("runs at most lookahead - 1 einsums
// ahead"). A group into or out of a state that is not a prefix spans at
// most maxGroupSpan positions; a group between two prefixes is an interval
// of any length, as before. The space is every partition with a schedule
// through such states whose groups obey the span; lookahead 0 is the
// intervals alone, and lookahead and span >= n every convex partition (the
// brute force's space with those options). Exactness over it: states are
// processed by last einsum, then size (a source is a subset, so it is
// done); every transition of the space is enumerated (for a target K, the
// sources at each m below K's; below m = last(K) + 1 - span and m + lookahead
// <= last(K), G holds m and last(K), so it spans more); the partition-DP
// bound and the group memo are the same arguments per (J, K) pair.
// - The cut rule stays sound: it splits G after its first k members (by
//   index) into G1 and G2, and J (+) G1 is always a state of the DP, so the
//   DP has J -> J (+) G1 -> K. (Holes of J (+) G1 below the cut are holes of
//   K, so if K has one, J (+) G1 has K's first hole and lies inside K;
//   otherwise its first hole m' is at or past the cut and past J's first
//   hole, and everything it holds past the cut is J's, within J's window,
//   so within m' + lookahead.) The sides' spans are at most G's.
// - Cost: a layer has a few ideals per position (GPT-3's torch-mlir layer,
//   43 einsums: 36 ideals besides its 44 prefixes at lookahead 4), each
//   with the sources within the span. Groups whose sources or targets are
//   ideals are searched once per (J, K) pair with the partition-DP bound,
//   smallest first (their points bound the larger ones); the group memo takes
//   those whose content occurs at least kOtherGroupMemoCount times (repeated
//   layers), since one layer repeats each such group between only a few pairs
//   and one unbounded search costs more than those.
// - A group cut short by a budget that is not an interval between prefixes
//   bounds the exact curve as in "lower bound" below, with the relaxed
//   fronts (fusedLowerBound) of its source's einsums where no F_J bound
//   applies and of every einsum its target lacks.
//
// Group memo (computeWorkloadCurves, exact; `groupMemo`): repeated layers
// repeat their short groups. A group's content key (groupKey: per einsum its
// content class -- extents, projections, bits, shapes, tensor kinds,
// placements and aliasing --, which group einsum produces each input, which
// group accesses read each output and whether anything outside does, and each
// rank's position among the group's sorted shareable classes) determines
// everything segment() reads: connectivity, internal tensors and live
// ranges, the cut rule, the shared lists in enumeration order, the legal
// lists, tile lists, cheap bounds and inner fronts (inner fronts are also
// keyed by content, not index). So two groups with one key have the same
// front up to begin/end and the class numbers, which are translated. A
// group of at most 8 einsums whose key occurs twice or more is searched
// once WITHOUT the partition-DP bound (the cut rule and the group's own
// dominance still apply) and reused. Why F_i is unchanged, points and
// witnesses: the bound only drops states S whose lower bounds (p, a) are
// useless, i.e. every (max(p, c_k), A_k + a) is strictly dominated by F_i's
// candidates so far; uselessness is monotone (anything >= a useless pair is
// useless). A state kept only because S was dropped, or dominated by S in a
// join, has values >= S's bounds, so is useless too; so the unbounded
// front has every non-useless point of the bounded one, found first in the
// same order (same witness), plus points that are strictly dominated in
// F_i and never enter it, nor tie with an entering candidate. Checked by
// GroupMemoChangesNothing and by comparing reports (points and witnesses)
// of the GPT-3 and BERT layers and stacks of 2 and 8 layers before/after.
// (With `maxGroupCandidates` cutting groups short this no longer holds:
// the unbounded search spends its budget differently; the curve is then
// attainable, not exact, either way.)
//
// Memory: after F_i, only the points of groups [j, i) that F_i uses are kept
// (witnesses are rebuilt from F_n backwards); singletons stay whole for the
// unfused curve.
//
// Determinism and ties: everything is enumerated in a fixed order (groups by
// end then start, shared lists by length then class order then tiles
// ascending, inner loops by rank then tile ascending, placements by subset
// order); on equal (capacity, accesses) the first point found stays. In the
// DP, candidates for F_i are tried with the last group's start j ascending.
//
// Threads (`threadPool`): a group's configurations form runs (one class
// list, fixed tiles on all loops but the innermost, innermost tile
// ascending; a run ends where the cheap bound prunes). Runs go in batches
// of a fixed size; the runs of a batch are searched independently, each
// pruning against the group front as it was when the batch began plus its
// own points, and then merged in order through the same insertion as one
// run after another would be. A snapshot prunes less but never wrongly
// (within a group the front only grows, and uselessness is upward closed;
// a run's own points are points of the front to come, or dominated or
// useless there), and the points offered reach the front in the order of
// the one-thread search, so the curve and every witness are those of
// searching configuration after configuration. The counters (and so where
// a budget cuts a group) depend on the batch size, which is fixed, so
// nothing depends on the number of threads (ThreadCountChangesNothing,
// oro-check --compare-threads).
//
// Rank classes are per group (FusionModel.h): ranks meet only through
// tensors produced and read inside the group, so attention's query and key
// token ranks stay apart even when Q, K and V come from one intermediate.
//
// Shared inputs (`shareInputs`; FusionModel.h). A group of at most
// kMaxShareSpan positions with an input it may share is searched as two
// variants: its plain one, and one sharing every such input, with its own
// rank classes (linked through the shared inputs) and connectivity, so
// einsums linked only by a shared input (attention's Q, K and V
// projections) form groups. In the sharing variant the inner searches
// leave a shared input's accesses out, as they do internal ones, and the
// join gets one more stage per shared input: its positions 0..S, each with
// its first reader's traffic and occupancy, persistent (exact: they depend
// on the shared loops only; FusionSearcher::sharedInputOptions). The
// bounds see the same: a configuration's access bound counts a shared
// input once, the staircase bound starts from the shared inputs' stages
// and skips their accesses, the cheap peak bound still counts a least
// footprint of it at each reader (it is live there). The cut rule and the
// scan's bounds describe the plain variant only and settle only it. The
// relaxed fronts of the proven lower bound leave out an einsum's shareable
// access to a tensor an earlier einsum reads shareably (the workload's
// first reader carries it in any group). The group memo's key holds both
// variants' class numbering and the shared inputs' readers.
//
// Re-tiling (`retile`, off by default; FusionModel.h). An inner search whose
// shared loops include ranks the einsum may tile again runs on the split
// einsum (FusionModel::splitEinsum), whose inner rank is an ordinary rank:
// its rules, bounds and canonical forms are the single-einsum ones of that
// einsum, and its witnesses are translated back. The configuration bounds
// take such a rank's least length as 1 at any tile (a reservation below the
// re-tiling loop holds less), so they still grow with the tiles. The
// relaxed front of an einsum that may re-tile a rank is the weak point
// (0, its distinct elements): a nest with two loops over one rank can hold
// less than any single-einsum nest at the same traffic. GPT-3 6.7B layer
// (one thread): 1.4 -> 3.4 s, 202k -> 2.3M candidates, lower at 1396 of
// 1549 capacities (by up to 25% below 1 KiB, 3-5% around 0.4-8 MiB).
//
// Mapspace limits (v1): groups are intervals of the order, or convex sets
// within the lookahead and span above; shared ranks are tiled again only
// with `retile`, inside a shared tile that divides their extent, in an
// einsum with an access on chip; inner loops have at least two trips;
// non-internal accesses are kept or bypassed as their tensor's placement
// (FusionOptions::keep) says, but an intermediate that may be kept is
// internal in every group that produces it and holds all its readers (the
// search does not also try it bypassed there); a group shares all the
// inputs it may share or none (no subset), and only when it spans at most
// kMaxShareSpan positions; an input read through a window, a broadcast or
// a slice (not one whole rank per dimension) is not shared, nor one an
// einsum reads twice.
// Single-einsum groups (no shared loop, nothing internal) use the 2-D exact
// search of Search.h, so the unfused curve is exactly the sum of the
// single-einsum curves.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_FUSIONSEARCH_H
#define ORO_CORE_FUSIONSEARCH_H

#include "oro/Core/FusionModel.h"
#include "oro/Core/Pareto.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/ThreadPool.h"
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace oro::core {

/// Options of the fused search and of the brute force.
struct FusionOptions {
  /// Budget: largest number of candidates (complete inner mappings plus join
  /// combinations) evaluated; 0 = no bound. Exceeding it in a single-einsum
  /// search fails clearly; in a group of 2+ einsums it cuts that group and
  /// every later one short as maxGroupCandidates does (the curve stays
  /// attainable, FusionStats::budgetExhausted).
  Count maxCandidates = Count(2000000000);
  /// Largest number of einsums per fused group; 0 = no bound.
  unsigned maxGroupSize = 0;
  /// Budget per group of two or more einsums (candidates counted as for
  /// maxCandidates); 0 = no bound. A group that exceeds it keeps the points
  /// found so far (each a mapping with its cost) instead of failing the
  /// search: the curve stays attainable but may lie above the exact one
  /// (FusionStats::truncatedGroups lists the groups). Searching the
  /// configurations in their fixed order, the first points found are those
  /// with the fewest and smallest shared loops.
  Count maxGroupCandidates = 0;
  /// Largest number of shared loops; 0 = no bound.
  unsigned maxSharedLoops = 0;
  /// Groups that are not intervals of the order (see "Convex groups"
  /// above): the partition DP also runs over the order ideals that hold
  /// every einsum before some position m, not m, and some of the next
  /// `lookahead - 1` (at most 16); a group into or out of such an ideal
  /// spans at most `maxGroupSpan` positions. Either below 2: intervals
  /// only.
  unsigned lookahead = 4;
  unsigned maxGroupSpan = 16;
  /// Shared inputs (FusionModel.h; "Shared inputs" above): a group
  /// spanning at most kMaxShareSpan positions of the order is searched
  /// twice, reading each input once per einsum and sharing every input it
  /// may share. Off: no group shares (the mapspace before shared inputs).
  bool shareInputs = true;
  static constexpr unsigned kMaxShareSpan = 16;
  /// Re-tiling (FusionModel.h; "Re-tiling" above): an einsum with an access
  /// on chip may tile a shared rank again below the shared loops. Off (the
  /// default: it costs the GPT-3 layer 2.4x the time for a few percent;
  /// docs/FusedSearch.md): shared ranks are tiled once.
  bool retile = false;
  /// Placement of each tensor (one per `Workload::tensors`; empty: every
  /// tensor kept): whether its non-internal accesses must be kept in the
  /// buffer, must bypass it, or may do either (FusionModel.h).
  std::vector<KeepPolicy> keep;
  /// Exact pruning against the partition DP (see the file comment): skip
  /// groups that split at a cut no internal tensor crosses, and drop group
  /// configurations and join states whose lower bounds cannot improve the
  /// workload front. Off only to test that it loses nothing.
  bool partitionPruning = true;
  /// Group memo (see computeWorkloadCurves): a short group whose content
  /// occurs more than once (repeated layers) is searched once, without the
  /// partition-DP bound, and its front reused by its copies; the curve and
  /// every witness are the same as without. Needs `partitionPruning` (its
  /// cut rule). Off only to test that it changes nothing.
  bool groupMemo = true;
  /// The pruning of single mappings (see "Inner search" and "window tiles
  /// of shared loops" above): the inner search's branch and bound and
  /// window-tile obligations, and the shared window tiles no access can
  /// make pay off. Off, the search keeps only its canonical forms. Off
  /// only to test that they lose nothing.
  bool mappingPruning = true;
  /// Called now and then with the fraction done in [0, 1] (groups searched,
  /// or the share of maxCandidates spent when that is larger), and with 1
  /// at the end; may be empty.
  std::function<void(double)> progress;
  /// Optional source of single-einsum fronts (the einsum alone: no shared
  /// loop, nothing internal), e.g. curves a caller already computed. It
  /// must return exactly the front Search.h gives for that einsum with each
  /// access placed as its tensor is (`keep`), or nullopt to
  /// let the search compute it. Its candidates are not counted again.
  std::function<std::optional<std::vector<ParetoPoint>>(unsigned einsum)>
      singleFront;
  /// Threads for the shared-loop configurations of a group (see
  /// FusionGroup.cpp); null: this thread only. Every point,
  /// witness and counter is the same at any thread count.
  llvm::ThreadPoolInterface *threadPool = nullptr;
};

/// The witness of a workload point: its partition into groups, each with
/// its shared loops and per-einsum mappings (internal accesses: kOnChip).
/// Points share the group mappings they have in common (immutable): a
/// curve of P points over n einsums would otherwise hold P x n mappings
/// (most of the memory of a whole-model search).
struct FusedWitness {
  std::vector<std::shared_ptr<const FusedGroupMapping>> groups;
};

/// One point of a workload curve.
struct WorkloadPoint {
  Count capacityBits = 0;
  Count accessBits = 0;
  FusedWitness witness;
};

/// One point of one group's front.
struct GroupPoint {
  Count peakBits = 0;
  Count accessBits = 0;
  FusedGroupMapping witness;
};

/// Counters of a search.
struct FusionStats {
  /// Groups (segments) whose front was computed, and how many were legal
  /// (connected) and non-empty.
  Count groupsSearched = 0;
  /// Shared-loop configurations (class list and tiles) joined.
  Count configsJoined = 0;
  /// Inner fronts computed (memo misses) and reused (memo hits).
  Count innerFronts = 0, innerFrontHits = 0;
  /// Group fronts reused from an identical group (a repeated layer).
  Count groupFrontHits = 0;
  /// Complete inner mappings evaluated and join combinations made.
  Count innerCandidates = 0, joinCandidates = 0;
  /// Both: what maxCandidates bounds.
  Count candidates() const { return satAdd(innerCandidates, joinCandidates); }
  /// Groups skipped by the cut rule; configurations skipped by their cheap
  /// lower bound; join states dropped by the partition-DP bound.
  Count groupsCut = 0, configsPruned = 0, joinStatesPruned = 0;
  /// The most candidates one group of 2+ einsums took (a group budget
  /// below it would have cut that group short).
  Count largestGroupCandidates = 0;
  /// Groups cut short by maxGroupCandidates or maxCandidates (a memoized
  /// group counts once per copy), and the first kMaxListed of them,
  /// in search order. Nonzero: the fused curve is attainable, not exact.
  Count groupsTruncated = 0;
  static constexpr unsigned kMaxListed = 1000;
  std::vector<GroupMembers> truncatedGroups;
  /// maxCandidates ran out in a group (every later group was cut).
  bool budgetExhausted = false;
  /// Wall time, seconds.
  double seconds = 0;
};

/// Both curves: points by increasing capacity, accesses strictly decreasing.
struct WorkloadCurves {
  std::vector<WorkloadPoint> fused, unfused;
  /// When the fused curve is not exact (a group cut short): a proven lower
  /// bound of the exact fused curve, (capacity, accesses) steps as the
  /// curves (fusedLowerBound). Empty when the fused curve is exact.
  std::vector<std::pair<Count, Count>> fusedLowerBound;
  FusionStats stats;
};

/// The exact pruned search. Fails when the workload is malformed or the
/// budget is exceeded (the message says where).
llvm::Expected<WorkloadCurves> computeWorkloadCurves(const Workload &workload,
                                                     const FusionOptions &options);

/// A lower bound of the exact fused curve at every capacity, proven without
/// the fused search: in any fused mapping with peak <= S, each einsum's
/// loops (shared, then its own) form a loop nest of the einsum alone, and
/// its reservations of non-internal tensors are at most the peak. So its
/// accesses to every tensor other than intermediates (which fusion may
/// keep on chip for free) cost at least its front with those accesses
/// free (no traffic, no occupancy) at S -- the inner search's front with
/// no shared loop and every intermediate access internal, whose
/// reductions are lossless. Groups run one after another, each with the
/// whole buffer, so the workload costs at least the pointwise sum of these
/// fronts. Weak where intermediates dominate the traffic. Each front is
/// searched within `maxGroupCandidates`; an einsum whose search passes it
/// (a window convolution with its input free) counts as the distinct
/// elements of its other accesses at any capacity, which nothing beats.
/// computeWorkloadCurves uses these fronts for every curve it cuts short.
llvm::Expected<std::vector<std::pair<Count, Count>>>
fusedLowerBound(const Workload &workload, const FusionOptions &options);

/// The exact front of one group [begin, end) over all shared-loop lists and
/// mappings (pruned search: with `partitionPruning`, its configuration
/// bounds against its own front; no cut rule). Empty when the group is not
/// connected.
llvm::Expected<std::vector<GroupPoint>>
searchGroupFront(const FusionModel &model, unsigned begin, unsigned end,
                 const FusionOptions &options);

/// Exhaustive reference for tiny workloads (2-3 einsums, extents <= 6):
/// every partition, every shared-loop list (every class order, every tile
/// 1..extent), every inner loop sequence with every tile and every position
/// of every non-internal access; per einsum only exactly dominated option
/// vectors are dropped, groups are joined by full product. Fails when a
/// count exceeds `options.maxCandidates` (if nonzero).
llvm::Expected<WorkloadCurves>
bruteForceWorkloadCurves(const Workload &workload, const FusionOptions &options);

} // namespace oro::core

#endif // ORO_CORE_FUSIONSEARCH_H
