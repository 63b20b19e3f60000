//===- BruteForce.cpp - Exhaustive mapspace enumeration -------------------===//
//
// Every loop sequence (distinct ranks, lexicographic preorder), every tile
// tuple, every position tuple. Per loop nest the cost of each access at each
// of its positions is computed once and the position tuples are summed from
// those, which is the same number as evaluating every mapping whole because
// an access's cost depends only on the loops and its own position.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/BruteForce.h"
#include "oro/Core/MapSpace.h"
#include "llvm/Support/FormatVariadic.h"
#include <vector>

using namespace oro::core;

namespace {

class BruteForce {
public:
  BruteForce(const CostModel &model, const SearchOptions &options,
             llvm::ArrayRef<KeepPolicy> keep, SearchResult &result)
      : model(model), options(options), keep(keep.begin(), keep.end()),
        result(result) {}

  void run() {
    numRanks = model.getNumRanks();
    numAccesses = model.getNumAccesses();
    rankLoop.assign(numRanks, -1);
    visitSequences();
    if (options.progress)
      options.progress(1.0);
  }

private:
  /// All sequences of distinct ranks, each one evaluated with every tile
  /// tuple. Iterative preorder walk.
  void visitSequences() {
    std::vector<unsigned> seq;
    std::vector<bool> used(numRanks, false);
    // next[k]: next rank to try at depth k.
    std::vector<unsigned> next(1, 0);
    visitTiles(seq);
    while (!next.empty()) {
      unsigned k = next.size() - 1;
      unsigned &r = next[k];
      while (r < numRanks && used[r])
        ++r;
      if (r == numRanks) {
        next.pop_back();
        if (!seq.empty()) {
          used[seq.back()] = false;
          seq.pop_back();
        }
        continue;
      }
      seq.push_back(r);
      used[r] = true;
      ++r;
      visitTiles(seq);
      next.push_back(0);
    }
  }

  void visitTiles(llvm::ArrayRef<unsigned> seq) {
    unsigned k = seq.size();
    std::vector<int64_t> tile(k, 1);
    std::vector<LoopState> loops(k);
    for (unsigned r = 0; r < numRanks; ++r)
      rankLoop[r] = -1;
    for (unsigned l = 0; l < k; ++l)
      rankLoop[seq[l]] = l;
    while (true) {
      for (unsigned l = 0; l < k; ++l)
        loops[l] = LoopState::get({seq[l], tile[l]}, model.getExtent(seq[l]));
      visitPositions(loops);
      unsigned l = k;
      bool more = false;
      while (l-- > 0) {
        if (++tile[l] <= model.getExtent(seq[l])) {
          more = true;
          break;
        }
        tile[l] = 1;
      }
      if (!more)
        return;
    }
  }

  void visitPositions(llvm::ArrayRef<LoopState> loops) {
    unsigned k = loops.size();
    // Options per access: positions 0..k (kept) and/or bypass.
    std::vector<std::vector<std::pair<unsigned, TensorCost>>> choices(
        numAccesses);
    for (unsigned a = 0; a < numAccesses; ++a) {
      if (keep[a] != KeepPolicy::Bypass)
        for (unsigned p = 0; p <= k; ++p)
          choices[a].push_back(
              {p, model.evaluateAccess(a, loops, rankLoop, p)});
      if (keep[a] != KeepPolicy::Keep)
        choices[a].push_back(
            {Mapping::kBypass,
             model.evaluateAccess(a, loops, rankLoop, Mapping::kBypass)});
    }
    std::vector<unsigned> pick(numAccesses, 0);
    while (true) {
      Count occ = 0, acc = 0;
      for (unsigned a = 0; a < numAccesses; ++a) {
        const TensorCost &c = choices[a][pick[a]].second;
        occ = satAdd(occ, c.occupancyBits);
        acc = satAdd(acc, c.accessBits());
      }
      ++result.stats.candidatesEvaluated;
      result.front.insert(occ, acc, [&] {
        Mapping m;
        for (const LoopState &s : loops)
          m.loops.push_back({s.rank, s.tile});
        for (unsigned a = 0; a < numAccesses; ++a)
          m.positions.push_back(choices[a][pick[a]].first);
        return m;
      });
      if (options.progress && (result.stats.candidatesEvaluated & 0xffff) == 0)
        options.progress(static_cast<double>(result.stats.candidatesEvaluated) /
                         static_cast<double>(result.stats.mapSpaceSize));
      unsigned a = numAccesses;
      bool more = false;
      while (a-- > 0) {
        if (++pick[a] < choices[a].size()) {
          more = true;
          break;
        }
        pick[a] = 0;
      }
      if (!more)
        return;
    }
  }

  const CostModel &model;
  const SearchOptions &options;
  llvm::SmallVector<KeepPolicy, 4> keep;
  SearchResult &result;
  unsigned numRanks = 0, numAccesses = 0;
  std::vector<int> rankLoop;
};

} // namespace

llvm::Expected<SearchResult>
oro::core::bruteForceParetoFront(const CostModel &model,
                                 const SearchOptions &options) {
  auto keep = resolveKeepPolicies(model.getEinsum(), options.keep);
  if (!keep)
    return keep.takeError();
  SearchResult result;
  result.stats.mapSpaceSize = mapSpaceSize(model.getEinsum(), *keep);
  if (options.maxCandidates != 0 &&
      result.stats.mapSpaceSize > options.maxCandidates)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("mapspace of einsum '{0}' has {1} mappings, more than "
                      "the candidate budget of {2}; brute force is for small "
                      "einsums",
                      model.getEinsum().name,
                      toString(result.stats.mapSpaceSize),
                      toString(options.maxCandidates)));
  BruteForce(model, options, *keep, result).run();
  return result;
}
