//===- FusionModel.cpp - Fused groups of einsums: mapspace and cost -------===//
//
// See FusionModel.h for the model; this file is its direct transcription.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/FusionModel.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include <algorithm>
#include <numeric>
#include <optional>

using namespace oro::core;

namespace {

llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

const Access &accessOf(const Einsum &e, unsigned a) {
  return a < e.inputs.size() ? e.inputs[a] : e.output;
}

/// The rank of a dimension that is one rank alone (coefficient 1, constant
/// 0), or -1.
int aloneRank(const DimExpr &d) {
  if (d.terms.size() != 1 || d.terms[0].coeff != 1 || d.constant != 0)
    return -1;
  return static_cast<int>(d.terms[0].rank);
}

/// Calls link(rp, rc) for each dimension of producer `pe`'s output that
/// consumer `ce` reads through access `ca` with one rank alone on both
/// sides, of equal extents: the ranks a tensor produced and read inside a
/// group puts in one class (FusionModel.h).
template <typename Fn>
void forEachLinkedRank(const Einsum &pe, const Einsum &ce, const Access &ca,
                       Fn link) {
  for (unsigned d = 0; d < pe.output.dims.size(); ++d) {
    int rp = aloneRank(pe.output.dims[d]);
    int rc = aloneRank(ca.dims[d]);
    if (rp >= 0 && rc >= 0 && pe.ranks[rp].extent == ce.ranks[rc].extent)
      link(static_cast<unsigned>(rp), static_cast<unsigned>(rc));
  }
}

struct UnionFind {
  std::vector<unsigned> parent;
  explicit UnionFind(unsigned n) : parent(n) {
    std::iota(parent.begin(), parent.end(), 0u);
  }
  unsigned find(unsigned x) {
    while (parent[x] != x)
      x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(unsigned a, unsigned b) {
    a = find(a);
    b = find(b);
    if (a != b)
      parent[std::max(a, b)] = std::min(a, b);
  }
};

} // namespace

llvm::Expected<FusionModel>
FusionModel::create(const Workload &workload,
                    llvm::ArrayRef<KeepPolicy> placements) {
  FusionModel fm;
  fm.workload = &workload;
  unsigned numTensors = workload.tensors.size();
  if (!placements.empty() && placements.size() != numTensors)
    return makeError(llvm::formatv("{0} placements for {1} tensors",
                                   placements.size(), numTensors));
  fm.placements.assign(numTensors, KeepPolicy::Keep);
  if (!placements.empty())
    fm.placements.assign(placements.begin(), placements.end());
  fm.keepAll = llvm::all_of(fm.placements,
                            [](KeepPolicy p) { return p == KeepPolicy::Keep; });
  fm.producer.assign(numTensors, -1);
  fm.readers.assign(numTensors, {});
  for (unsigned e = 0; e < workload.einsums.size(); ++e) {
    const Einsum &es = workload.einsums[e];
    auto model = CostModel::create(es, workload.tensors);
    if (!model)
      return model.takeError();
    if (model->getNumAccesses() > kMaxAccesses)
      return makeError(llvm::formatv("einsum '{0}' has {1} accesses; fusion "
                                     "supports at most {2}",
                                     es.name, model->getNumAccesses(),
                                     kMaxAccesses));
    fm.models.push_back(*model);
    for (unsigned a = 0; a < es.inputs.size(); ++a)
      fm.readers[es.inputs[a].tensor].push_back({e, a});
    if (fm.producer[es.output.tensor] >= 0)
      return makeError(llvm::formatv("tensor '{0}' is produced by two einsums",
                                     workload.tensors[es.output.tensor].name));
    fm.producer[es.output.tensor] = static_cast<int>(e);
  }
  // Shareable accesses (FusionModel.h, "Shared inputs").
  fm.shareableMask.assign(workload.einsums.size(), 0);
  for (unsigned e = 0; e < workload.einsums.size(); ++e) {
    const Einsum &es = workload.einsums[e];
    for (unsigned a = 0; a < es.inputs.size(); ++a) {
      const Access &acc = es.inputs[a];
      const Tensor &t = workload.tensors[acc.tensor];
      bool ok = fm.placements[acc.tensor] != KeepPolicy::Bypass &&
                acc.dims.size() == t.shape.size();
      for (unsigned b = 0; b <= es.inputs.size() && ok; ++b)
        ok = b == a || accessOf(es, b).tensor != acc.tensor;
      for (unsigned d = 0; d < acc.dims.size() && ok; ++d) {
        int r = aloneRank(acc.dims[d]);
        ok = r >= 0 && es.ranks[r].extent == t.shape[d];
      }
      if (ok)
        fm.shareableMask[e] |= uint32_t(1) << a;
    }
  }
  // Ranks that may be tiled again below the shared loops (FusionModel.h,
  // "Re-tiling"): alone in every dimension they index.
  fm.retilableMask.assign(workload.einsums.size(), 0);
  for (unsigned e = 0; e < workload.einsums.size(); ++e) {
    const Einsum &es = workload.einsums[e];
    const CostModel &m = fm.models[e];
    for (unsigned r = 0; r < es.ranks.size(); ++r) {
      bool ok = true;
      for (unsigned a = 0; a <= es.inputs.size() && ok; ++a) {
        RankRole role = m.getRankRole(a, r);
        ok = role == RankRole::Absent || role == RankRole::Single;
        for (const DimExpr &d : accessOf(es, a).dims)
          for (const AffineTerm &t : d.terms)
            ok &= t.rank != r || d.terms.size() == 1;
      }
      if (ok)
        fm.retilableMask[e] |= uint64_t(1) << r;
    }
  }
  return fm;
}

llvm::Expected<SplitEinsum>
FusionModel::splitEinsum(unsigned e,
                         llvm::ArrayRef<std::pair<unsigned, int64_t>> split)
    const {
  Einsum es = workload->einsums[e];
  unsigned R = es.ranks.size();
  llvm::SmallVector<int, 8> innerRank(R, -1);
  llvm::SmallVector<int64_t, 8> sharedTile(R, 0);
  for (auto [r, T] : split) {
    if (r >= R || !mayRetile(e, r, T) || innerRank[r] >= 0)
      return makeError(llvm::formatv(
          "rank {0} of '{1}' cannot be tiled again inside a tile of {2}", r,
          es.name, T));
    Rank inner = es.ranks[r];
    inner.name += ".in";
    inner.extent = T;
    es.ranks[r].extent /= T;
    innerRank[r] = static_cast<int>(es.ranks.size());
    sharedTile[r] = T;
    es.ranks.push_back(std::move(inner));
  }
  for (unsigned a = 0; a <= es.inputs.size(); ++a) {
    Access &acc = a < es.inputs.size() ? es.inputs[a] : es.output;
    for (DimExpr &d : acc.dims) {
      llvm::SmallVector<AffineTerm, 2> terms;
      for (const AffineTerm &t : d.terms) {
        if (innerRank[t.rank] < 0) {
          terms.push_back(t);
          continue;
        }
        terms.push_back({t.rank, t.coeff * sharedTile[t.rank]});
        terms.push_back({static_cast<unsigned>(innerRank[t.rank]), t.coeff});
      }
      d.terms = std::move(terms);
    }
  }
  auto model = CostModel::create(es, workload->tensors);
  if (!model)
    return model.takeError();
  return SplitEinsum{std::move(*model), std::move(innerRank),
                     std::move(sharedTile)};
}

Mapping SplitEinsum::toSplit(const Mapping &m, unsigned numShared) const {
  Mapping out = m;
  for (unsigned l = 0; l < out.loops.size(); ++l) {
    Loop &loop = out.loops[l];
    if (innerRank[loop.rank] < 0)
      continue;
    if (l < numShared)
      loop.tile = 1;
    else
      loop.rank = static_cast<unsigned>(innerRank[loop.rank]);
  }
  return out;
}

llvm::SmallVector<LoopState, 4>
SplitEinsum::toSplit(llvm::ArrayRef<LoopState> shared) const {
  llvm::SmallVector<LoopState, 4> out(shared.begin(), shared.end());
  for (LoopState &l : out)
    if (innerRank[l.rank] >= 0)
      l = LoopState::get({l.rank, 1}, model.getExtent(l.rank));
  return out;
}

Mapping SplitEinsum::fromSplit(const Mapping &m) const {
  Mapping out = m;
  for (Loop &loop : out.loops) {
    if (loop.rank < innerRank.size()) {
      if (innerRank[loop.rank] >= 0)
        loop.tile = sharedTile[loop.rank];
      continue;
    }
    for (unsigned r = 0; r < innerRank.size(); ++r)
      if (innerRank[r] == static_cast<int>(loop.rank))
        loop.rank = r;
  }
  return out;
}

llvm::SmallVector<SharedInput, 2>
FusionModel::sharedInputs(const GroupMembers &g) const {
  llvm::SmallVector<SharedInput, 2> out;
  for (unsigned i = 0; i < g.size(); ++i) {
    const Einsum &es = workload->einsums[g[i]];
    for (unsigned a = 0; a < es.inputs.size(); ++a) {
      unsigned t = es.inputs[a].tensor;
      if (!isShareableAccess(g[i], a) ||
          (producer[t] >= 0 && g.contains(producer[t])))
        continue;
      auto it = llvm::find_if(
          out, [&](const SharedInput &s) { return s.tensor == t; });
      if (it == out.end()) {
        out.push_back({t, {}});
        it = out.end() - 1;
      }
      it->readers.push_back({i, a});
    }
  }
  llvm::erase_if(out,
                 [](const SharedInput &s) { return s.readers.size() < 2; });
  return out;
}

std::string GroupMembers::str() const {
  if (isInterval())
    return llvm::formatv("[{0}, {1})", lo, hi).str();
  std::string s = "{";
  for (unsigned i = 0; i < list.size(); ++i)
    s += (i ? ", " : "") + std::to_string(list[i]);
  return s + "}";
}

GroupClasses FusionModel::groupClasses(const GroupMembers &g,
                                       bool shareInputs) const {
  GroupClasses gc;
  gc.einsums = g;
  gc.shareInputs = shareInputs;
  std::vector<unsigned> base;
  unsigned total = 0;
  for (unsigned e : g) {
    base.push_back(total);
    total += workload->einsums[e].ranks.size();
  }
  UnionFind uf(total);
  for (unsigned i = 0; i < g.size(); ++i) {
    const Einsum &pe = workload->einsums[g[i]];
    for (auto [c, a] : readers[pe.output.tensor]) {
      int ci = g.indexOf(c);
      if (ci < 0)
        continue;
      const Einsum &ce = workload->einsums[c];
      forEachLinkedRank(pe, ce, accessOf(ce, a), [&](unsigned rp, unsigned rc) {
        uf.unite(base[i] + rp, base[ci] + rc);
      });
    }
  }
  // A shared input links the ranks indexing each of its dimensions.
  if (shareInputs)
    gc.sharedInputs = sharedInputs(g);
  for (const SharedInput &s : gc.sharedInputs) {
    auto [i0, a0] = s.readers.front();
    const Access &first = workload->einsums[g[i0]].inputs[a0];
    for (auto [i, a] : s.readers) {
      const Access &acc = workload->einsums[g[i]].inputs[a];
      for (unsigned d = 0; d < acc.dims.size(); ++d)
        uf.unite(base[i0] + aloneRank(first.dims[d]),
                 base[i] + aloneRank(acc.dims[d]));
    }
  }
  std::vector<int> dense(total, -1);
  gc.classOf.resize(g.size());
  for (unsigned i = 0; i < g.size(); ++i)
    for (unsigned r = 0; r < workload->einsums[g[i]].ranks.size(); ++r) {
      unsigned root = uf.find(base[i] + r);
      if (dense[root] < 0)
        dense[root] = gc.numClasses++;
      gc.classOf[i].push_back(dense[root]);
    }
  return gc;
}

int GroupClasses::getRankOfClass(unsigned e, unsigned c) const {
  int found = -1;
  const auto &ranks = classOf[einsums.indexOf(e)];
  for (unsigned r = 0; r < ranks.size(); ++r)
    if (ranks[r] == c) {
      if (found >= 0)
        return -2;
      found = static_cast<int>(r);
    }
  return found;
}

bool FusionModel::isConnected(const GroupMembers &g, bool shareInputs) const {
  UnionFind uf(g.size());
  for (unsigned i = 0; i < g.size(); ++i)
    for (const Access &a : workload->einsums[g[i]].inputs)
      if (int p = producer[a.tensor]; p >= 0)
        if (int pi = g.indexOf(p); pi >= 0)
          uf.unite(i, pi);
  if (shareInputs)
    for (const SharedInput &s : sharedInputs(g))
      for (auto [i, a] : s.readers)
        uf.unite(s.readers.front().first, i);
  for (unsigned i = 0; i < g.size(); ++i)
    if (uf.find(i) != 0)
      return false;
  return true;
}

std::vector<bool> FusionModel::connectedCuts(const GroupMembers &g) const {
  unsigned n = g.size();
  std::vector<bool> out(n, false);
  if (n == 0)
    return out;
  // Prefixes: add einsums in order, joining each to its producers inside
  // the prefix; the first k members are connected when one component is
  // left.
  std::vector<bool> prefix(n + 1, false);
  {
    UnionFind uf(n);
    unsigned components = 0;
    for (unsigned i = 0; i < n; ++i) {
      ++components;
      for (const Access &a : workload->einsums[g[i]].inputs) {
        int p = producer[a.tensor];
        int pi = p >= 0 ? g.indexOf(p) : -1;
        if (pi >= 0 && static_cast<unsigned>(pi) < i &&
            uf.find(i) != uf.find(pi)) {
          uf.unite(i, pi);
          --components;
        }
      }
      prefix[i + 1] = components == 1;
    }
  }
  // Suffixes: add einsums backwards, joining each to its readers inside the
  // suffix (the same edges, seen from the producer).
  UnionFind uf(n);
  unsigned components = 0;
  for (unsigned k = n; k-- > 1;) {
    ++components;
    for (auto [reader, access] :
         readers[workload->einsums[g[k]].output.tensor]) {
      (void)access;
      int ri = g.indexOf(reader);
      if (ri > static_cast<int>(k) && uf.find(k) != uf.find(ri)) {
        uf.unite(k, ri);
        --components;
      }
    }
    out[k] = prefix[k] && components == 1;
  }
  return out;
}

llvm::SmallVector<unsigned, 4>
FusionModel::shareableClasses(const GroupClasses &gc) {
  llvm::SmallVector<unsigned, 4> out;
  if (gc.einsums.empty())
    return out;
  for (unsigned c : gc.classOf[0]) {
    bool ok = true;
    for (unsigned i = 0; i < gc.einsums.size() && ok; ++i)
      ok = gc.getRankOfClass(gc.einsums[i], c) >= 0;
    if (ok && std::find(out.begin(), out.end(), c) == out.end())
      out.push_back(c);
  }
  std::sort(out.begin(), out.end());
  return out;
}

llvm::Expected<GroupAnalysis>
FusionModel::analyzeGroup(const GroupMembers &members,
                          llvm::ArrayRef<unsigned> classes,
                          bool shareInputs) const {
  if (members.empty() || members.back() >= getNumEinsums())
    return makeError(llvm::formatv("bad group {0}", members.str()));
  GroupClasses gc;
  gc.einsums = members;
  gc.shareInputs = shareInputs;
  if (!classes.empty())
    gc = groupClasses(members, shareInputs);
  else if (shareInputs)
    gc.sharedInputs = sharedInputs(members);
  return analyzeGroup(gc, classes);
}

llvm::Expected<GroupAnalysis>
FusionModel::analyzeGroup(const GroupClasses &gc,
                          llvm::ArrayRef<unsigned> classes,
                          bool connected) const {
  const GroupMembers &members = gc.einsums;
  unsigned n = members.size();
  if (members.empty() || members.back() >= getNumEinsums())
    return makeError(llvm::formatv("bad group {0}", members.str()));
  if (!connected && !isConnected(members, gc.shareInputs))
    return makeError(llvm::formatv(
        "group {0} is not connected through tensors produced and read "
        "inside it{1}",
        members.str(), gc.shareInputs ? " or inputs it shares" : ""));
  if (n == 1 && !classes.empty())
    return makeError("a single-einsum group has no shared loops");
  GroupAnalysis g;
  g.einsums = members;
  g.classes.assign(classes.begin(), classes.end());
  for (unsigned k = 0; k < classes.size(); ++k)
    for (unsigned j = 0; j < k; ++j)
      if (classes[j] == classes[k])
        return makeError(llvm::formatv("class {0} is shared twice", classes[k]));
  for (unsigned e : members) {
    llvm::SmallVector<unsigned, 4> ranks;
    for (unsigned c : classes) {
      if (c >= gc.numClasses)
        return makeError(
            llvm::formatv("group {0} has no class {1}", members.str(), c));
      int r = gc.getRankOfClass(e, c);
      if (r < 0)
        return makeError(llvm::formatv(
            "einsum '{0}' has {1} rank of shared class {2}",
            workload->einsums[e].name, r == -1 ? "no" : "more than one", c));
      ranks.push_back(r);
    }
    g.sharedRanks.push_back(ranks);
  }
  g.internalAccesses.assign(n, 0);
  // Tile dependencies of every tensor produced and read inside the group.
  for (unsigned pi = 0; pi < n; ++pi) {
    unsigned p = members[pi];
    const Einsum &pe = workload->einsums[p];
    unsigned t = pe.output.tensor;
    bool readInside = false, readOutside = false;
    for (auto [c, a] : readers[t]) {
      int ci = members.indexOf(c);
      if (ci < 0) {
        readOutside = true;
        continue;
      }
      readInside = true;
      const Access &ca = accessOf(workload->einsums[c], a);
      for (unsigned k = 0; k < classes.size(); ++k) {
        unsigned rp = g.sharedRanks[pi][k];
        unsigned rc = g.sharedRanks[ci][k];
        if (!pe.isOutputRank(rp))
          return makeError(llvm::formatv(
              "einsum '{0}' reduces over shared rank '{1}' of tensor '{2}' "
              "read inside the group",
              pe.name, pe.ranks[rp].name, workload->tensors[t].name));
        for (unsigned d = 0; d < pe.output.dims.size(); ++d) {
          bool pUses = false, cUses = false;
          for (const AffineTerm &term : pe.output.dims[d].terms)
            pUses |= term.rank == rp;
          for (const AffineTerm &term : ca.dims[d].terms)
            cUses |= term.rank == rc;
          if (!pUses && !cUses)
            continue;
          if (aloneRank(pe.output.dims[d]) != static_cast<int>(rp) ||
              aloneRank(ca.dims[d]) != static_cast<int>(rc))
            return makeError(llvm::formatv(
                "tensor '{0}': dimension {1} is not indexed by the shared "
                "class alone on both sides",
                workload->tensors[t].name, d));
        }
      }
    }
    if (readInside && !readOutside && mayStayOnChip(t)) {
      unsigned last = p;
      for (auto [c, a] : readers[t]) {
        g.internalAccesses[members.indexOf(c)] |= uint32_t(1) << a;
        last = std::max(last, c);
      }
      g.internalAccesses[pi] |= uint32_t(1) << pe.inputs.size();
      g.internals.push_back({t, p, last});
    }
  }
  g.sharedAccesses.assign(n, 0);
  g.sharedInputs = gc.sharedInputs;
  for (const SharedInput &s : g.sharedInputs)
    for (auto [i, a] : s.readers)
      g.sharedAccesses[i] |= uint32_t(1) << a;
  return g;
}

Count FusionModel::internalTileBits(const GroupAnalysis &g,
                                    const GroupAnalysis::Internal &in,
                                    llvm::ArrayRef<int64_t> tiles) const {
  const CostModel &m = models[in.producer];
  llvm::SmallVector<int64_t, 8> lengths;
  for (unsigned r = 0; r < m.getNumRanks(); ++r)
    lengths.push_back(m.getExtent(r));
  for (unsigned k = 0; k < tiles.size(); ++k)
    lengths[g.sharedRanks[g.einsums.indexOf(in.producer)][k]] = tiles[k];
  unsigned out = m.getNumAccesses() - 1;
  return satMul(m.footprint(out, lengths), m.getElementBits(out));
}

bool FusionModel::isInnerPositionLegal(const CostModel &model,
                                       llvm::ArrayRef<LoopState> loops,
                                       unsigned numShared, unsigned access,
                                       unsigned position) {
  if (numShared == 0 || position <= numShared)
    return true;
  auto disjoint = [&](const LoopState &l) {
    return l.trips >= 2 &&
           model.getRankRole(access, l.rank) == RankRole::Single;
  };
  if (disjoint(loops[numShared - 1]))
    return true;
  for (unsigned l = numShared; l < position; ++l)
    if (disjoint(loops[l]))
      return true;
  return false;
}

llvm::Expected<GroupCost>
FusionModel::evaluateGroup(const FusedGroupMapping &fg) const {
  llvm::SmallVector<unsigned, 4> classes;
  llvm::SmallVector<int64_t, 4> tiles;
  for (const SharedLoop &s : fg.shared) {
    classes.push_back(s.rankClass);
    tiles.push_back(s.tile);
  }
  auto ga = analyzeGroup(fg.einsums, classes, fg.shareInputs);
  if (!ga)
    return ga.takeError();
  const GroupAnalysis &g = *ga;
  unsigned n = fg.einsums.size(), S = fg.shared.size();
  if (fg.mappings.size() != n)
    return makeError(llvm::formatv("group has {0} einsums but {1} mappings", n,
                                   fg.mappings.size()));
  // A shared input: one position <= S in all its readers.
  for (const SharedInput &s : g.sharedInputs) {
    auto [i0, a0] = s.readers.front();
    unsigned p = fg.mappings[i0].positions.size() > a0
                     ? fg.mappings[i0].positions[a0]
                     : Mapping::kBypass;
    if (p == Mapping::kBypass || p == Mapping::kOnChip || p > S)
      return makeError(llvm::formatv(
          "shared input '{0}' must sit at a position of at most {1}",
          workload->tensors[s.tensor].name, S));
    for (auto [i, a] : s.readers)
      if (fg.mappings[i].positions.size() <= a ||
          fg.mappings[i].positions[a] != p)
        return makeError(
            llvm::formatv("readers of shared input '{0}' place it differently",
                          workload->tensors[s.tensor].name));
  }
  GroupCost cost;
  std::vector<Count> inner(n, 0);
  for (unsigned i = 0; i < n; ++i) {
    unsigned e = fg.einsums[i];
    const Mapping &orig = fg.mappings[i];
    const Einsum &es = workload->einsums[e];
    if (llvm::Error err = models[e].verify(orig, /*allowOnChip=*/true,
                                           /*allowRetile=*/true))
      return std::move(err);
    if (orig.loops.size() < S)
      return makeError(llvm::formatv("mapping of '{0}' lacks shared loops",
                                     es.name));
    for (unsigned k = 0; k < S; ++k) {
      unsigned r = g.sharedRanks[i][k];
      if (orig.loops[k].rank != r ||
          orig.loops[k].tile !=
              std::min<int64_t>(tiles[k], models[e].getExtent(r)))
        return makeError(llvm::formatv(
            "loop {0} of '{1}' is not shared loop {0} (rank '{2}', tile {3})",
            k, es.name, es.ranks[r].name, tiles[k]));
      if (tiles[k] < 1 || tiles[k] > models[e].getExtent(r))
        return makeError(llvm::formatv("shared tile {0} out of range",
                                       tiles[k]));
    }
    // Inner loops re-tiling a shared rank: cost the split einsum.
    llvm::SmallVector<std::pair<unsigned, int64_t>, 2> split;
    for (unsigned l = S; l < orig.loops.size(); ++l)
      for (unsigned l2 = S; l2 < l; ++l2)
        if (orig.loops[l2].rank == orig.loops[l].rank)
          return makeError(llvm::formatv(
              "inner loops {0} and {1} of '{2}' both tile rank '{3}'", l2, l,
              es.name, es.ranks[orig.loops[l].rank].name));
    for (unsigned l = S; l < orig.loops.size(); ++l)
      for (unsigned k = 0; k < S; ++k) {
        unsigned r = g.sharedRanks[i][k];
        if (orig.loops[l].rank != r)
          continue;
        if (!(g.internalAccesses[i] | g.sharedAccesses[i]))
          return makeError(llvm::formatv(
              "inner loop {0} of '{1}' re-tiles shared rank '{2}' but the "
              "einsum has no access on chip",
              l, es.name, es.ranks[r].name));
        if (!mayRetile(e, r, orig.loops[k].tile))
          return makeError(llvm::formatv(
              "inner loop {0} of '{1}' re-tiles shared rank '{2}', which "
              "needs a shared tile of at least 2 dividing its extent {3} and "
              "the rank alone in every dimension it indexes",
              l, es.name, es.ranks[r].name, models[e].getExtent(r)));
        split.push_back({r, orig.loops[k].tile});
      }
    std::optional<SplitEinsum> splitModel;
    if (!split.empty()) {
      auto sm = splitEinsum(e, split);
      if (!sm)
        return sm.takeError();
      splitModel.emplace(std::move(*sm));
    }
    const CostModel &m = splitModel ? splitModel->model : models[e];
    Mapping map = splitModel ? splitModel->toSplit(orig, S) : orig;
    llvm::SmallVector<LoopState, 8> loops;
    llvm::SmallVector<int, 8> rankLoop(m.getNumRanks(), -1);
    for (unsigned l = 0; l < map.loops.size(); ++l) {
      loops.push_back(
          LoopState::get(map.loops[l], m.getExtent(map.loops[l].rank)));
      rankLoop[map.loops[l].rank] = l;
    }
    Cost c;
    for (unsigned a = 0; a < m.getNumAccesses(); ++a) {
      unsigned p = map.positions[a];
      if ((g.internalAccesses[i] >> a) & 1) {
        if (p != Mapping::kOnChip)
          return makeError(llvm::formatv(
              "internal access {0} of '{1}' must have position kOnChip", a,
              es.name));
        c.perTensor.push_back({});
        continue;
      }
      if (p == Mapping::kOnChip)
        return makeError(llvm::formatv(
            "access {0} of '{1}' is not internal to the group but has "
            "position kOnChip",
            a, es.name));
      KeepPolicy placement = getAccessPlacement(e, a);
      if (placement == KeepPolicy::Keep && p == Mapping::kBypass)
        return makeError(llvm::formatv(
            "access {0} of '{1}' bypasses but its tensor must be kept", a,
            es.name));
      if (placement == KeepPolicy::Bypass && p != Mapping::kBypass)
        return makeError(llvm::formatv(
            "access {0} of '{1}' is kept but its tensor must bypass", a,
            es.name));
      if (p != Mapping::kBypass &&
          !isInnerPositionLegal(m, loops, S, a, p))
        return makeError(llvm::formatv(
            "access {0} of '{1}' at inner position {2}: its box need not "
            "change at every shared iteration",
            a, es.name, p));
      TensorCost t = m.evaluateAccess(a, loops, rankLoop, p);
      // A shared input's reader other than the first: nothing of its own.
      if (g.isLaterSharedRead(i, a))
        t = TensorCost();
      c.perTensor.push_back(t);
      c.occupancyBits = satAdd(c.occupancyBits, t.occupancyBits);
      c.accessBits = satAdd(c.accessBits, t.accessBits());
      if (p != Mapping::kBypass && p <= S)
        cost.persistentBits = satAdd(cost.persistentBits, t.occupancyBits);
      else
        inner[i] = satAdd(inner[i], t.occupancyBits);
    }
    cost.accessBits = satAdd(cost.accessBits, c.accessBits);
    cost.perEinsum.push_back(std::move(c));
  }
  Count worst = 0;
  for (const GroupAnalysis::Internal &in : g.internals)
    cost.internalBits.push_back(internalTileBits(g, in, tiles));
  for (unsigned i = 0; i < n; ++i) {
    Count live = inner[i];
    for (unsigned k = 0; k < g.internals.size(); ++k)
      if (g.internals[k].producer <= fg.einsums[i] &&
          fg.einsums[i] <= g.internals[k].lastReader)
        live = satAdd(live, cost.internalBits[k]);
    worst = std::max(worst, live);
  }
  cost.peakBits = satAdd(cost.persistentBits, worst);
  return cost;
}

std::string FusionModel::formatGroup(const FusedGroupMapping &g) const {
  std::string s = "{";
  for (unsigned e : g.einsums)
    s += (e == g.einsums.front() ? "" : ",") + workload->einsums[e].name;
  s += "} shared[";
  for (unsigned k = 0; k < g.shared.size(); ++k)
    s += llvm::formatv("{0}c{1}:{2}", k ? " " : "", g.shared[k].rankClass,
                       g.shared[k].tile)
             .str();
  s += "]";
  if (g.shareInputs)
    s += " share-inputs";
  for (unsigned i = 0; i < g.mappings.size(); ++i)
    s += " " + formatMapping(workload->einsums[g.einsums[i]], workload->tensors,
                             g.mappings[i]);
  return s;
}

GroupScan::GroupScan(const FusionModel &fm) : fm(fm) {
  const Workload &w = fm.getWorkload();
  unsigned total = 0;
  for (const Einsum &e : w.einsums) {
    rankBase.push_back(total);
    total += e.ranks.size();
  }
  rankBase.push_back(total);
  rankParent.resize(total);
  classEinsums.resize(total);
  classDup.resize(total);
  einsumParent.resize(w.einsums.size());
  leaves = 1;
  while (leaves < w.einsums.size())
    leaves *= 2;
  tree.assign(2 * leaves, 0);
  lazy.assign(2 * leaves, 0);
}

unsigned GroupScan::findEinsum(unsigned x) {
  while (einsumParent[x] != x)
    x = einsumParent[x] = einsumParent[einsumParent[x]];
  return x;
}

unsigned GroupScan::findRank(unsigned x) {
  while (rankParent[x] != x)
    x = rankParent[x] = rankParent[rankParent[x]];
  return x;
}

void GroupScan::rangeAdd(unsigned node, unsigned nlo, unsigned nhi, unsigned lo,
                         unsigned hi, Count v, bool subtract) {
  if (hi <= nlo || nhi <= lo)
    return;
  if (lo <= nlo && nhi <= hi) {
    tree[node] = subtract ? tree[node] - v : tree[node] + v;
    lazy[node] = subtract ? lazy[node] - v : lazy[node] + v;
    return;
  }
  unsigned mid = (nlo + nhi) / 2;
  rangeAdd(2 * node, nlo, mid, lo, hi, v, subtract);
  rangeAdd(2 * node + 1, mid, nhi, lo, hi, v, subtract);
  tree[node] = std::max(tree[2 * node], tree[2 * node + 1]) + lazy[node];
}

void GroupScan::rangeAdd(unsigned lo, unsigned hi, Count v, bool subtract) {
  rangeAdd(1, 0, leaves, lo, hi, v, subtract);
}

void GroupScan::reset(unsigned newEnd) {
  // Only [begin, end) was touched.
  if (valid)
    for (unsigned e = begin; e < end; ++e)
      for (unsigned n = rankBase[e]; n < rankBase[e + 1]; ++n) {
        classEinsums[n].clear();
        classDup[n] = false;
      }
  std::fill(tree.begin(), tree.end(), 0);
  std::fill(lazy.begin(), lazy.end(), 0);
  begin = end = newEnd;
  components = 0;
  accLow = 0;
  shareable = false;
  valid = true;
}

void GroupScan::moveTo(unsigned newBegin, unsigned newEnd) {
  if (!valid || newEnd != end || newBegin > begin)
    reset(newEnd);
  while (begin > newBegin)
    add(begin - 1);
}

void GroupScan::add(unsigned j) {
  // Invariant: the state describes [j + 1, end); afterwards [j, end).
  const Workload &w = fm.getWorkload();
  const Einsum &je = w.einsums[j];
  const CostModel &jm = fm.getCostModel(j);
  begin = j;
  unsigned len = end - j;
  einsumParent[j] = j;
  ++components;
  for (unsigned n = rankBase[j]; n < rankBase[j + 1]; ++n) {
    rankParent[n] = n;
    classEinsums[n].assign(1, j);
    classDup[n] = false;
  }
  // Its accesses, all non-internal for now (nothing before j is in the
  // group, so its inputs are produced outside).
  int64_t ones[CostModel::kMaxRanks];
  std::fill(std::begin(ones), std::end(ones), 1);
  auto leastBits = [&](unsigned e, unsigned a) {
    const CostModel &m = fm.getCostModel(e);
    return fm.getAccessPlacement(e, a) == KeepPolicy::Keep
               ? satMul(m.footprint(a, {ones, m.getNumRanks()}),
                        m.getElementBits(a))
               : Count(0);
  };
  Count least = 0;
  for (unsigned a = 0; a < jm.getNumAccesses(); ++a) {
    accLow =
        satAdd(accLow, satMul(jm.getAccessedElements(a), jm.getElementBits(a)));
    least = satAdd(least, leastBits(j, a));
  }
  // Its output: edges to its readers in the group, rank classes, and
  // whether it is internal (an intermediate with every reader in the
  // group).
  unsigned t = je.output.tensor;
  bool readInside = false, readOutside = false;
  unsigned last = j;
  for (auto [c, a] : fm.getReaders(t)) {
    if (c >= end || c <= j) {
      readOutside = true;
      continue;
    }
    readInside = true;
    last = std::max(last, c);
    unsigned x = findEinsum(j), y = findEinsum(c);
    if (x != y) {
      einsumParent[std::max(x, y)] = std::min(x, y);
      --components;
    }
    const Einsum &ce = w.einsums[c];
    forEachLinkedRank(je, ce, accessOf(ce, a), [&](unsigned rp, unsigned rc) {
      unsigned u = findRank(rankBase[j] + rp), v = findRank(rankBase[c] + rc);
      if (u == v)
        return;
      if (classEinsums[u].size() < classEinsums[v].size())
        std::swap(u, v);
      // Merge v into u: a shared einsum makes the class a duplicate.
      std::vector<unsigned> merged;
      merged.reserve(classEinsums[u].size() + classEinsums[v].size());
      std::set_union(classEinsums[u].begin(), classEinsums[u].end(),
                     classEinsums[v].begin(), classEinsums[v].end(),
                     std::back_inserter(merged));
      bool dup =
          classDup[u] || classDup[v] ||
          merged.size() < classEinsums[u].size() + classEinsums[v].size();
      rankParent[v] = u;
      classEinsums[u] = std::move(merged);
      classEinsums[v].clear();
      classDup[u] = dup;
    });
  }
  // Position j's value: its least bits so far.
  rangeAdd(j, j + 1, least, false);
  if (readInside && !readOutside && fm.mayStayOnChip(t)) {
    // Internal: no traffic, no least footprint at its accesses; live whole
    // from j to its last reader.
    unsigned out = jm.getNumAccesses() - 1;
    accLow -= satMul(jm.getAccessedElements(out), jm.getElementBits(out));
    rangeAdd(j, j + 1, leastBits(j, out), true);
    for (auto [c, a] : fm.getReaders(t)) {
      const CostModel &cm = fm.getCostModel(c);
      accLow -= satMul(cm.getAccessedElements(a), cm.getElementBits(a));
      rangeAdd(c, c + 1, leastBits(c, a), true);
    }
    int64_t lens[CostModel::kMaxRanks];
    for (unsigned r = 0; r < jm.getNumRanks(); ++r)
      lens[r] = jm.getExtent(r);
    Count whole = satMul(jm.footprint(out, {lens, jm.getNumRanks()}),
                         jm.getElementBits(out));
    rangeAdd(j, last + 1, whole, false);
  }
  // A shareable class has a rank of every einsum, so of j.
  shareable = false;
  for (unsigned n = rankBase[j]; n < rankBase[j + 1] && !shareable; ++n) {
    unsigned root = findRank(n);
    shareable = !classDup[root] && classEinsums[root].size() == len;
  }
}
