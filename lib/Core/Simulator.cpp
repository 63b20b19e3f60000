//===- Simulator.cpp - Naive loop-nest simulator of a mapping -------------===//
//
// Straight from the definitions, with explicit sets and no cleverness: see
// Simulator.h.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/Simulator.h"
#include "llvm/Support/FormatVariadic.h"
#include <algorithm>
#include <set>
#include <vector>

using namespace oro::core;

namespace {

using Coord = std::vector<int64_t>;
using Box = std::set<Coord>;

llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

/// Budget of element coordinates the simulation may touch.
struct Budget {
  uint64_t used = 0, limit = 0;
  bool exceeded = false;
  void spend(uint64_t n) {
    used += n;
    if (used > limit)
      exceeded = true;
  }
};

/// All values of `expr` when rank r ranges over [lo[r], hi[r]). A rank
/// named by several terms takes one value in all of them.
std::set<int64_t> dimValues(const DimExpr &expr, const std::vector<int64_t> &lo,
                            const std::vector<int64_t> &hi, Budget &budget) {
  std::set<int64_t> values;
  std::vector<unsigned> ranks;
  for (const AffineTerm &t : expr.terms)
    if (std::find(ranks.begin(), ranks.end(), t.rank) == ranks.end())
      ranks.push_back(t.rank);
  std::vector<int64_t> value(lo);
  for (unsigned r : ranks)
    if (lo[r] >= hi[r])
      return values;
  while (true) {
    int64_t v = expr.constant;
    for (const AffineTerm &t : expr.terms)
      v += t.coeff * value[t.rank];
    values.insert(v);
    budget.spend(1);
    if (budget.exceeded)
      return values;
    size_t i = 0;
    for (; i < ranks.size(); ++i) {
      unsigned r = ranks[i];
      if (++value[r] < hi[r])
        break;
      value[r] = lo[r];
    }
    if (i == ranks.size())
      return values;
  }
}

/// The box of `access`: the product over its dimensions of their value sets.
Box makeBox(const Access &access, const std::vector<int64_t> &lo,
            const std::vector<int64_t> &hi, Budget &budget) {
  std::vector<std::vector<int64_t>> perDim;
  for (const DimExpr &d : access.dims) {
    std::set<int64_t> v = dimValues(d, lo, hi, budget);
    perDim.emplace_back(v.begin(), v.end());
  }
  Box box;
  for (const auto &v : perDim)
    if (v.empty())
      return box;
  std::vector<size_t> idx(perDim.size(), 0);
  while (!budget.exceeded) {
    Coord c(perDim.size());
    for (size_t i = 0; i < perDim.size(); ++i)
      c[i] = perDim[i][idx[i]];
    box.insert(std::move(c));
    budget.spend(1);
    size_t i = 0;
    for (; i < perDim.size(); ++i) {
      if (++idx[i] < perDim[i].size())
        break;
      idx[i] = 0;
    }
    if (i == perDim.size())
      break;
  }
  return box;
}

} // namespace

llvm::Expected<Cost> oro::core::simulateMapping(const Einsum &einsum,
                                                llvm::ArrayRef<Tensor> tensors,
                                                const Mapping &mapping,
                                                uint64_t maxWork) {
  if (llvm::Error err = verifyMapping(einsum, mapping))
    return std::move(err);
  unsigned numRanks = einsum.ranks.size();
  unsigned numLoops = mapping.loops.size();
  unsigned numAccesses = einsum.inputs.size() + 1;
  std::vector<const Access *> accesses;
  for (const Access &a : einsum.inputs)
    accesses.push_back(&a);
  accesses.push_back(&einsum.output);
  for (const Access *a : accesses)
    if (a->tensor >= tensors.size())
      return makeError(llvm::formatv("access names tensor index {0} but there "
                                     "are {1} tensors",
                                     a->tensor, tensors.size()));
  Budget budget;
  budget.limit = maxWork;

  std::vector<int64_t> extent(numRanks), trips(numLoops);
  std::vector<int> loopOf(numRanks, -1);
  for (unsigned r = 0; r < numRanks; ++r)
    extent[r] = einsum.ranks[r].extent;
  for (unsigned l = 0; l < numLoops; ++l) {
    const Loop &loop = mapping.loops[l];
    trips[l] = (extent[loop.rank] + loop.tile - 1) / loop.tile;
    loopOf[loop.rank] = l;
  }

  Cost cost;
  cost.perTensor.resize(numAccesses);
  std::vector<Count> reads(numAccesses, 0), writes(numAccesses, 0);

  // Kept accesses: walk the nest.
  std::vector<Box> current(numAccesses);
  std::vector<std::set<Coord>> writtenBack(numAccesses);
  std::vector<int64_t> idx(numLoops, 0), prevIdx(numLoops, 0);
  bool first = true;
  while (true) {
    for (unsigned a = 0; a < numAccesses; ++a) {
      unsigned p = mapping.positions[a];
      if (p == Mapping::kBypass)
        continue;
      bool changed = first;
      for (unsigned l = 0; l < p && !changed; ++l)
        changed = idx[l] != prevIdx[l];
      if (!changed)
        continue;
      std::vector<int64_t> lo(numRanks, 0), hi(extent);
      for (unsigned r = 0; r < numRanks; ++r) {
        int l = loopOf[r];
        if (l >= 0 && static_cast<unsigned>(l) < p) {
          int64_t t = mapping.loops[l].tile;
          lo[r] = idx[l] * t;
          hi[r] = std::min(lo[r] + t, extent[r]);
        }
      }
      Box next = makeBox(*accesses[a], lo, hi, budget);
      bool isOutput = a + 1 == numAccesses;
      if (first)
        cost.perTensor[a].occupancyBits =
            static_cast<Count>(next.size()) * tensors[accesses[a]->tensor].bits;
      for (const Coord &c : next) {
        if (current[a].count(c))
          continue;
        if (!isOutput)
          ++reads[a];
        else if (writtenBack[a].count(c))
          ++reads[a];
      }
      if (isOutput)
        for (const Coord &c : current[a])
          if (!next.count(c)) {
            ++writes[a];
            writtenBack[a].insert(c);
          }
      current[a] = std::move(next);
    }
    if (budget.exceeded)
      break;
    first = false;
    prevIdx = idx;
    budget.spend(1);
    bool more = false;
    for (unsigned l = numLoops; l-- > 0;) {
      if (++idx[l] < trips[l]) {
        more = true;
        break;
      }
      idx[l] = 0;
    }
    if (!more)
      break;
  }
  if (mapping.positions[numAccesses - 1] != Mapping::kBypass)
    writes[numAccesses - 1] += current[numAccesses - 1].size();

  // Bypassed accesses: one access per MAC, over every point of the
  // iteration space.
  bool anyBypass = false;
  for (unsigned a = 0; a < numAccesses; ++a)
    anyBypass |= mapping.positions[a] == Mapping::kBypass;
  if (anyBypass && !budget.exceeded) {
    std::vector<int64_t> point(numRanks, 0);
    std::set<Coord> touched;
    bool done = false;
    while (!done && !budget.exceeded) {
      budget.spend(1);
      for (unsigned a = 0; a < numAccesses; ++a) {
        if (mapping.positions[a] != Mapping::kBypass)
          continue;
        if (a + 1 < numAccesses) {
          ++reads[a];
          continue;
        }
        Coord c;
        for (const DimExpr &d : accesses[a]->dims) {
          int64_t v = d.constant;
          for (const AffineTerm &t : d.terms)
            v += t.coeff * point[t.rank];
          c.push_back(v);
        }
        ++writes[a];
        if (!touched.insert(std::move(c)).second)
          ++reads[a];
      }
      unsigned r = 0;
      for (; r < numRanks; ++r) {
        if (++point[r] < extent[r])
          break;
        point[r] = 0;
      }
      done = r == numRanks;
    }
  }
  if (budget.exceeded)
    return makeError(
        llvm::formatv("simulation needs more than {0} steps", maxWork));

  for (unsigned a = 0; a < numAccesses; ++a) {
    Count bits = tensors[accesses[a]->tensor].bits;
    TensorCost &t = cost.perTensor[a];
    t.readBits = reads[a] * bits;
    t.writeBits = writes[a] * bits;
    cost.occupancyBits += t.occupancyBits;
    cost.accessBits += t.accessBits();
  }
  return cost;
}
