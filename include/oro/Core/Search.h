//===- Search.h - Exact pruned search for the Pareto front ------*- C++ -*-===//
//
// Computes the exact Orojenesis curve of one einsum on a backing store and a
// buffer: the Pareto front of (occupancy, accesses) over the whole mapspace
// of MapSpace.h, with a witness mapping per point. It returns the same
// points (occupancy and accesses) as the brute force of BruteForce.h, much
// faster, because it visits only canonical mappings, and every mapping of
// the mapspace is matched or beaten by a canonical one. The rules, each an
// exchange argument (the lemmas are checked in SearchRulesTest):
//
// - a looped rank has at least two trips (a one-trip loop is a held rank);
// - a kept access sits directly below a loop over one of its ranks, or at
//   position 0 (below a loop it does not use, its box sequence only repeats
//   boxes); every loop indexes some access below it, and the innermost loop
//   has an access directly below it;
// - tiles: for a rank that appears only in single-term dimensions, traffic
//   depends on the tile only through the trip count, so only the smallest
//   tile per trip count is tried (about 2*sqrt(extent) of them), and only
//   tile 1 when every access below the loop uses the rank. A rank in an
//   unstrided window `p + r` gets every tile, but a tile that is not the
//   smallest for its trip count must be used by an access below that also
//   has the window partner looped above it (otherwise the smallest tile
//   costs it no more), either inside the rank's loop or outside it with
//   (T - 2) * ceil(E / T) < E_partner - 1 for the rank's extent E and trip
//   count T (otherwise the box after a reset of the rank's loop shares
//   nothing with the one before, and the smallest tile again costs no
//   more). With the partner looped inside the rank's loop, the access must
//   also see a last chunk shorter than E_partner - 1: otherwise every
//   chunk, under the tile and under the smallest tile m with T trips, is at
//   least E_partner - 1 long, and the two tiles keep the same number of
//   window values at every box change (E_partner - 1 at the rank's
//   increments; at increments of loops between the two, a chunk of length
//   L keeps L - 1 - (T_partner - 2) * tile_partner, whose sum over the
//   chunks depends only on E and T; none when the rank resets, since the
//   partner resets with it), while the box sizes summed over the chunks of
//   a pass also depend only on E and T, so m fetches no more and holds
//   less. The strided rank x of an overlapping window `s*x + y` (s >= 2, y
//   of coefficient 1 and extent Y > s, both in that dimension only) gets
//   every tile too, but one that is not the smallest for its trip count
//   must be used by an access below that has y looped above it: with y
//   held whole, the boxes of that dimension are intervals of length
//   s*(L - 1) + Y for x-chunks of length L, which sum to the same over a
//   pass of x whatever the tile with T trips, consecutive boxes share
//   Y - s values, and a reset of x keeps max(0, Y - s - s*(T - 2)*tile),
//   no less with the smallest tile; the boxes are no larger with it either
//   (stridedWindowPartner in PruningRules.h). Other ranks (dilated,
//   shared, three-term) get every tile;
// - loop order within a segment (loops with no placement between them):
//   loops that commute for every access below (an access with single-term
//   dimensions only; neither rank used; both used through single-term
//   dimensions only) appear in lexicographic normal form; and a loop over a
//   rank an access does not use directly outside one it uses through
//   single-term dimensions is dropped in favour of the swapped order (never
//   worse for that access) unless another access below objects;
// - when every access still to be placed is a projection, a single-term
//   rank indexing all of them is looped (tile 1) before the next placement:
//   the extra loop shrinks footprints for free;
// - branch and bound, depth first: a partial mapping whose lower bound (its
//   placed costs, plus for each access not yet placed its footprint with
//   every unlooped rank shrunk to one index and a lower bound on its
//   traffic once placed deeper) is dominated by the front found so far is
//   dropped, as is one in which an access can no longer be placed below a
//   loop over one of its ranks. An access placed deeper sits below a first
//   loop L over one of its ranks, so (for the accesses the model is exact
//   for) its traffic is at least that of being placed directly below the
//   current loops and L alone: coarsening a box sequence never adds
//   fetches, and the loops it does not use between only add box changes.
//   For a projection that is its accessed elements times the trips of
//   every loop it does not use (whatever L is). For other accesses the
//   search first uses the cost if placed now (coarsening L away) and, when
//   that does not prune, the least traffic below the current loops and L
//   over every L the subtree can append (unlooped rank it uses, any tile
//   the search tries). That traffic is affine in L's tile over every tile
//   when L's rank is single-term in the access (the first box and the box
//   after each reset hold one chunk, L's own increments the other E - tile
//   indices), and over each of two classes when it is in a unit window
//   x + y (trips T, partner extent Y): the tiles with (T - 2) * tile >= Y -
//   1, where a reset of x keeps no window value, and the tiles with T = 2
//   and Y - 1 <= tile <= E - Y + 1, where it keeps the same number whatever
//   the tile (SearchRulesTest checks both on random einsums). An affine
//   function is least at an end of its class, so only the ends of the
//   classes and the tiles in none are evaluated. For the strided rank of
//   an overlapping window whose partner is not looped, the traffic is
//   least at a tile with two trips (the boxes' sizes sum to the same, and
//   a reset keeps the most at T = 2), so that tile alone is evaluated. Each
//   child loop is bounded the same way before it is visited; its footprint
//   bound grows with its tile, so the first dominated tile ends its rank's
//   tiles. Pruning only drops subtrees whose every mapping is matched or beaten
//   by a point already found, so points and witnesses are those of the unpruned
//   enumeration.
//
// "Single-term" above is the cost model's `RankRole::Single`, which covers
// the ranks of injective multi-term dimensions (delinearized `128*h + x`,
// non-overlapping windows): the model evaluates those exactly as separate
// single-term dimensions, so every rule applies to them unchanged.
//
// The options choose which accesses are kept, bound the number of complete
// candidates evaluated (failing clearly when the bound is hit), and report
// progress. The mapspace of Timeloop's Orojenesis (perfect factorization, one
// loop per rank, all tensors kept) is a subset of the searched space.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_SEARCH_H
#define ORO_CORE_SEARCH_H

#include "oro/Core/CostModel.h"
#include "oro/Core/Count.h"
#include "oro/Core/MapSpace.h"
#include "oro/Core/Pareto.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include <functional>

namespace oro::core {

/// Options shared by the pruned search and the brute force.
struct SearchOptions {
  /// One policy per access (inputs in order, then the output); empty means
  /// every access is kept.
  llvm::SmallVector<KeepPolicy, 4> keep;
  /// Largest number of complete candidate mappings to evaluate; 0 means no
  /// bound. The search fails (it does not truncate) when it would exceed it.
  Count maxCandidates = 1000000000;
  /// Called with the fraction of the mapspace done, in [0, 1], from time to
  /// time and once with 1 at the end; may be empty.
  std::function<void(double)> progress;
  /// Heuristic, NOT exact: also try only the smallest tile per trip count
  /// for ranks in unstrided windows (`p + r`). Off by default. A larger tile
  /// with the same trip count can keep more of a window's previous box
  /// across an outer increment, so this can miss curve points (SearchTest
  /// has a counterexample); it makes convolution searches several times
  /// faster.
  bool pruneWindowTiles = false;
};

/// What a search did.
struct SearchStats {
  /// Complete mappings whose cost was evaluated.
  Count candidatesEvaluated = 0;
  /// Partial mappings (loop-nest prefixes) visited.
  Count nodesVisited = 0;
  /// Partial mappings dropped by branch and bound.
  Count subtreesPruned = 0;
  /// Size of the unpruned mapspace (MapSpace.h).
  Count mapSpaceSize = 0;
};

/// A front and how it was found.
struct SearchResult {
  /// The Pareto front with witnesses.
  ParetoFront front;
  /// Counters.
  SearchStats stats;
};

/// Runs the exact pruned search on `model`. Fails when the keep policies do
/// not match the einsum, when the einsum has more than 32 accesses, or when
/// the candidate budget is exceeded (the message says how many candidates
/// were evaluated and how to proceed).
llvm::Expected<SearchResult> searchParetoFront(const CostModel &model,
                                               const SearchOptions &options);

} // namespace oro::core

#endif // ORO_CORE_SEARCH_H
