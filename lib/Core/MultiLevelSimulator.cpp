//===- MultiLevelSimulator.cpp - Replay of a multi-level mapping ----------===//
//
// The independent check of MultiLevel.h's model: it steps every iteration
// of the whole nest over the ORIGINAL ranks (a rank tiled at several levels
// is simply narrowed again), keeps one explicit element set per (level,
// instance, access), and counts what moves by the definitions: an input
// fetches its new elements, an output writes back the leaving ones, reads
// back the entering ones it wrote back before and writes back its last box.
// An instance is identified by the chunk indices of the spatial loops of its
// level and the levels above. Multicast: an input's fetches at a level are
// counted only for the instances whose chunk index is 0 on every spatial
// loop, between its parent keeper and that level, over a rank the input
// does not use (the others receive the same elements at the same time).
// Shares nothing with the model but `verifyMultiLevel`.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/MultiLevel.h"
#include "llvm/Support/FormatVariadic.h"
#include <map>
#include <set>
#include <vector>

using namespace oro::core;

namespace {
using Coord = std::vector<int64_t>;
using Box = std::set<Coord>;

struct State {
  bool started = false;
  Box box;
  Box writtenBack;
};

class Replay {
public:
  Replay(const Einsum &e, llvm::ArrayRef<Tensor> tensors,
         const MultiLevelMapping &m, uint64_t maxWork)
      : e(e), tensors(tensors), m(m), maxWork(maxWork) {
    for (auto [k, level] : llvm::enumerate(m.levels)) {
      offsets.push_back(loops.size());
      for (auto [i, l] : llvm::enumerate(level.loops))
        loops.push_back({static_cast<unsigned>(k), l.rank, l.tile,
                         i < level.spatial});
    }
    numAccesses = e.inputs.size() + 1;
    unsigned n = e.ranks.size();
    lo.assign(loops.size() + 1, std::vector<int64_t>(n, 0));
    hi.assign(loops.size() + 1, std::vector<int64_t>(n, 0));
    for (unsigned r = 0; r < n; ++r)
      hi[0][r] = e.ranks[r].extent;
    chunk.assign(loops.size(), 0);
    keeperBits.assign(numAccesses,
                      std::vector<Count>(m.levels.size(), 0));
    bypassBits.assign(numAccesses, 0);
    maxBox.assign(m.levels.size(), std::vector<Count>(numAccesses, 0));
  }

  llvm::Expected<MultiLevelCost> run() {
    walk(0);
    if (work > maxWork)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          llvm::formatv("replay needs more than {0} steps", maxWork));
    // Last boxes of outputs are written back.
    for (auto &[key, st] : states)
      if (std::get<1>(key) == numAccesses - 1)
        keeperBits[numAccesses - 1][std::get<0>(key)] +=
            Count(st.box.size()) * bitsOf(numAccesses - 1);
    return assemble();
  }

private:
  struct FlatLoop {
    unsigned level, rank;
    int64_t tile;
    bool spatial;
  };

  const Access &access(unsigned a) const {
    return a < e.inputs.size() ? e.inputs[a] : e.output;
  }
  unsigned bitsOf(unsigned a) const { return tensors[access(a).tensor].bits; }
  bool uses(unsigned a, unsigned r) const {
    for (const DimExpr &d : access(a).dims)
      for (const AffineTerm &t : d.terms)
        if (t.rank == r)
          return true;
    return false;
  }

  void walk(unsigned d) {
    if (work > maxWork)
      return;
    if (d == loops.size()) {
      step();
      return;
    }
    const FlatLoop &f = loops[d];
    int64_t from = lo[d][f.rank], to = hi[d][f.rank];
    int64_t c = 0;
    for (int64_t start = from; start < to; start += f.tile, ++c) {
      lo[d + 1] = lo[d];
      hi[d + 1] = hi[d];
      lo[d + 1][f.rank] = start;
      hi[d + 1][f.rank] = std::min(start + f.tile, to);
      chunk[d] = c;
      walk(d + 1);
    }
  }

  /// The elements access `a` touches when rank r ranges over
  /// [l[r], h[r]).
  Box boxOf(unsigned a, const std::vector<int64_t> &l,
            const std::vector<int64_t> &h) {
    Box box;
    std::vector<unsigned> ranks;
    for (unsigned r = 0; r < e.ranks.size(); ++r)
      if (uses(a, r))
        ranks.push_back(r);
    std::vector<int64_t> v(l);
    for (unsigned r : ranks)
      if (l[r] >= h[r])
        return box;
    while (true) {
      Coord c;
      for (const DimExpr &dim : access(a).dims) {
        int64_t x = dim.constant;
        for (const AffineTerm &t : dim.terms)
          x += t.coeff * v[t.rank];
        c.push_back(x);
      }
      box.insert(std::move(c));
      if (++work > maxWork)
        return box;
      size_t i = 0;
      for (; i < ranks.size(); ++i) {
        if (++v[ranks[i]] < h[ranks[i]])
          break;
        v[ranks[i]] = l[ranks[i]];
      }
      if (i == ranks.size())
        return box;
    }
  }

  /// Instance of level k: the chunks of the spatial loops of levels <= k.
  std::vector<int64_t> instanceOf(unsigned k) const {
    std::vector<int64_t> id;
    for (unsigned i = 0; i < loops.size(); ++i)
      if (loops[i].spatial && loops[i].level <= k)
        id.push_back(chunk[i]);
    return id;
  }

  void step() {
    unsigned L = loops.size();
    for (unsigned k = 0; k < m.levels.size(); ++k) {
      const LevelMapping &level = m.levels[k];
      for (unsigned a = 0; a < numAccesses; ++a) {
        if (!level.keeps(a))
          continue;
        unsigned g = offsets[k] + level.positions[a];
        Box box = boxOf(a, lo[g], hi[g]);
        maxBox[k][a] = std::max<Count>(maxBox[k][a], box.size());
        State &st = states[{k, a, instanceOf(k)}];
        if (st.started && st.box == box)
          continue;
        Count bits = bitsOf(a);
        if (a + 1 < numAccesses) {
          Count fresh = 0;
          for (const Coord &c : box)
            fresh += !st.box.count(c);
          if (representative(a, k))
            keeperBits[a][k] += fresh * bits;
        } else {
          for (const Coord &c : st.box)
            if (!box.count(c)) {
              keeperBits[a][k] += bits;
              st.writtenBack.insert(c);
            }
          for (const Coord &c : box)
            if (!st.box.count(c) && st.writtenBack.count(c))
              keeperBits[a][k] += bits;
        }
        st.box = std::move(box);
        st.started = true;
      }
    }
    // Streams to compute: one access per MAC.
    Count macs = 1;
    for (unsigned r = 0; r < e.ranks.size(); ++r)
      macs *= Count(hi[L][r] - lo[L][r]);
    for (unsigned a = 0; a + 1 < numAccesses; ++a)
      bypassBits[a] += macs * bitsOf(a);
    // The output: a write per MAC, a read per MAC but the first touch.
    unsigned out = numAccesses - 1;
    std::vector<int64_t> v(lo[L]);
    for (unsigned r = 0; r < e.ranks.size(); ++r)
      if (lo[L][r] >= hi[L][r])
        return;
    while (true) {
      Coord c;
      for (const DimExpr &dim : e.output.dims) {
        int64_t x = dim.constant;
        for (const AffineTerm &t : dim.terms)
          x += t.coeff * v[t.rank];
        c.push_back(x);
      }
      bypassBits[out] += bitsOf(out);
      if (!touched.insert(std::move(c)).second)
        bypassBits[out] += bitsOf(out);
      if (++work > maxWork)
        return;
      unsigned r = 0;
      for (; r < e.ranks.size(); ++r) {
        if (++v[r] < hi[L][r])
          break;
        v[r] = lo[L][r];
      }
      if (r == e.ranks.size())
        return;
    }
  }

  /// Whether the current instance of level k is the one whose fetches of
  /// input `a` its parent keeper actually serves.
  bool representative(unsigned a, unsigned k) const {
    int parent = -1;
    for (unsigned j = 0; j < k; ++j)
      if (m.levels[j].keeps(a) ||
          m.levels[j].positions[a] == LevelMapping::kOnChip)
        parent = j;
    for (unsigned i = 0; i < loops.size(); ++i)
      if (loops[i].spatial && static_cast<int>(loops[i].level) > parent &&
          loops[i].level <= k && !uses(a, loops[i].rank) && chunk[i] != 0)
        return false;
    return true;
  }

  MultiLevelCost assemble() const {
    unsigned n = m.levels.size();
    MultiLevelCost cost;
    cost.levels.resize(n);
    for (unsigned k = 0; k < n; ++k) {
      cost.levels[k].perAccessBits.assign(numAccesses, 0);
      for (unsigned a = 0; a < numAccesses; ++a)
        if (m.levels[k].keeps(a))
          cost.levels[k].occupancyBits += maxBox[k][a] * bitsOf(a);
    }
    for (unsigned a = 0; a < numAccesses; ++a)
      for (unsigned k = 0; k < n; ++k) {
        Count bits = bypassBits[a];
        for (unsigned j = k; j < n; ++j) {
          if (m.levels[j].positions[a] == LevelMapping::kOnChip) {
            bits = 0;
            break;
          }
          if (m.levels[j].keeps(a)) {
            bits = keeperBits[a][j];
            break;
          }
        }
        cost.levels[k].perAccessBits[a] = bits;
        cost.levels[k].boundaryBits += bits;
      }
    return cost;
  }

  const Einsum &e;
  llvm::ArrayRef<Tensor> tensors;
  const MultiLevelMapping &m;
  uint64_t maxWork;
  uint64_t work = 0;
  std::vector<FlatLoop> loops;
  std::vector<unsigned> offsets;
  unsigned numAccesses = 0;
  std::vector<std::vector<int64_t>> lo, hi;
  std::vector<int64_t> chunk;
  std::map<std::tuple<unsigned, unsigned, std::vector<int64_t>>, State> states;
  std::vector<std::vector<Count>> keeperBits;
  std::vector<Count> bypassBits;
  std::vector<std::vector<Count>> maxBox;
  std::set<Coord> touched;
};
} // namespace

llvm::Expected<MultiLevelCost>
oro::core::simulateMultiLevel(const Einsum &einsum,
                              llvm::ArrayRef<Tensor> tensors,
                              const MultiLevelMapping &mapping,
                              uint64_t maxWork) {
  if (llvm::Error err = verifyMultiLevel(einsum, tensors, mapping))
    return std::move(err);
  return Replay(einsum, tensors, mapping, maxWork).run();
}
