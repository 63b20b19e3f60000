//===- FusionSimulator.cpp - Naive simulator of a fused group -------------===//
//
// Straight from the definitions with explicit element sets; see
// FusionSimulator.h. Deliberately shares no code with the models.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/FusionSimulator.h"
#include "llvm/Support/FormatVariadic.h"
#include <algorithm>
#include <map>
#include <set>
#include <vector>

using namespace oro::core;

namespace {

using Coord = std::vector<int64_t>;
using Box = std::set<Coord>;

llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

struct Budget {
  uint64_t used = 0, limit = 0;
  bool exceeded() const { return used > limit; }
};

/// Every coordinate of `access` when rank r ranges over [lo[r], hi[r]):
/// enumerated point by point over the ranks the access uses.
Box touched(const Access &access, const std::vector<int64_t> &lo,
            const std::vector<int64_t> &hi, Budget &budget) {
  std::vector<unsigned> ranks;
  for (const DimExpr &d : access.dims)
    for (const AffineTerm &t : d.terms)
      if (std::find(ranks.begin(), ranks.end(), t.rank) == ranks.end())
        ranks.push_back(t.rank);
  Box box;
  for (unsigned r : ranks)
    if (lo[r] >= hi[r])
      return box;
  std::vector<int64_t> v(lo);
  while (!budget.exceeded()) {
    Coord c;
    for (const DimExpr &d : access.dims) {
      int64_t x = d.constant;
      for (const AffineTerm &t : d.terms)
        x += t.coeff * v[t.rank];
      c.push_back(x);
    }
    box.insert(std::move(c));
    ++budget.used;
    size_t i = 0;
    for (; i < ranks.size(); ++i) {
      if (++v[ranks[i]] < hi[ranks[i]])
        break;
      v[ranks[i]] = lo[ranks[i]];
    }
    if (i == ranks.size())
      break;
  }
  return box;
}

/// Odometer increment, innermost last; false when it wraps.
bool increment(std::vector<int64_t> &idx, const std::vector<int64_t> &trips) {
  for (size_t l = idx.size(); l-- > 0;) {
    if (++idx[l] < trips[l])
      return true;
    idx[l] = 0;
  }
  return false;
}

} // namespace

llvm::Expected<GroupCost>
oro::core::simulateGroup(const Workload &workload, const FusedGroupMapping &g,
                         uint64_t maxWork,
                         llvm::ArrayRef<KeepPolicy> placements) {
  // The group's einsums, ascending: they run in that order.
  std::vector<unsigned> members(g.einsums.begin(), g.einsums.end());
  if (members.empty() || members.back() >= workload.einsums.size() ||
      !std::is_sorted(members.begin(), members.end()) ||
      std::adjacent_find(members.begin(), members.end()) != members.end())
    return makeError("bad group members");
  if (!placements.empty() && placements.size() != workload.tensors.size())
    return makeError("one placement per tensor expected");
  auto placementOf = [&](unsigned t) {
    return placements.empty() ? KeepPolicy::Keep : placements[t];
  };
  unsigned n = members.size(), S = g.shared.size();
  if (g.mappings.size() != n)
    return makeError("one mapping per group einsum expected");
  Budget budget;
  budget.limit = maxWork;

  // Per einsum: accesses, extents, loops.
  struct State {
    const Einsum *einsum;
    std::vector<const Access *> accesses;
    std::vector<int64_t> extent, trips, tile;
    // Per rank: its loops, outermost first (two when a shared rank is
    // tiled again below the shared loops).
    std::vector<llvm::SmallVector<unsigned, 2>> loopsOf;
    std::vector<Box> current;
    std::vector<std::set<Coord>> writtenBack;
    std::vector<uint64_t> reads, writes, maxSize;
    std::vector<int64_t> prev;
    bool first = true;
    uint32_t internal = 0;
  };
  std::vector<State> st(n);
  for (unsigned i = 0; i < n; ++i) {
    State &s = st[i];
    s.einsum = &workload.einsums[members[i]];
    const Mapping &m = g.mappings[i];
    if (llvm::Error err = verifyMapping(*s.einsum, m, /*allowOnChip=*/true,
                                        /*allowRetile=*/true))
      return std::move(err);
    if (m.loops.size() < S)
      return makeError("a mapping lacks the shared loops");
    for (const Access &a : s.einsum->inputs)
      s.accesses.push_back(&a);
    s.accesses.push_back(&s.einsum->output);
    for (const Access *a : s.accesses)
      if (a->tensor >= workload.tensors.size())
        return makeError("access to a missing tensor");
    for (const Rank &r : s.einsum->ranks)
      s.extent.push_back(r.extent);
    s.loopsOf.assign(s.extent.size(), {});
    for (unsigned l = 0; l < m.loops.size(); ++l) {
      unsigned r = m.loops[l].rank;
      // A second loop over a rank runs over the chunks of the first's.
      int64_t span = s.extent[r];
      if (!s.loopsOf[r].empty()) {
        unsigned outer = s.loopsOf[r].back();
        if (!(outer < S && l >= S))
          return makeError(llvm::formatv(
              "rank '{0}' of '{1}' is tiled twice but not as a shared loop "
              "and an inner loop",
              s.einsum->ranks[r].name, s.einsum->name));
        if (s.extent[r] % s.tile[outer] != 0)
          return makeError(llvm::formatv(
              "rank '{0}' of '{1}' is tiled again inside a tile of {2} that "
              "does not divide its extent {3}",
              s.einsum->ranks[r].name, s.einsum->name, s.tile[outer],
              s.extent[r]));
        span = s.tile[outer];
      }
      s.tile.push_back(m.loops[l].tile);
      s.trips.push_back((span + m.loops[l].tile - 1) / m.loops[l].tile);
      s.loopsOf[r].push_back(l);
    }
    unsigned na = s.accesses.size();
    s.current.resize(na);
    s.writtenBack.resize(na);
    s.reads.assign(na, 0);
    s.writes.assign(na, 0);
    s.maxSize.assign(na, 0);
  }
  std::vector<int64_t> sharedTrips(st[0].trips.begin(),
                                   st[0].trips.begin() + S);
  for (unsigned i = 1; i < n; ++i)
    for (unsigned k = 0; k < S; ++k)
      if (st[i].tile[k] != st[0].tile[k] ||
          st[i].extent[g.mappings[i].loops[k].rank] !=
              st[0].extent[g.mappings[0].loops[k].rank])
        return makeError("shared loops differ between group einsums");

  // Internal tensors, decided here from the workload alone.
  struct Internal {
    unsigned tensor, producer, lastReader;
    Box produced;
    std::map<Coord, uint64_t> iterOf;
    uint64_t maxSize = 0;
  };
  std::vector<Internal> internals;
  for (unsigned i = 0; i < n; ++i) {
    unsigned t = st[i].einsum->output.tensor;
    if (workload.tensors[t].kind != TensorKind::Intermediate ||
        placementOf(t) == KeepPolicy::Bypass)
      continue;
    bool inside = false, outside = false;
    unsigned last = i;
    for (unsigned e = 0; e < workload.einsums.size(); ++e)
      for (const Access &a : workload.einsums[e].inputs)
        if (a.tensor == t) {
          auto it = std::find(members.begin(), members.end(), e);
          bool in = it != members.end();
          inside |= in;
          outside |= !in;
          if (in)
            last = std::max<unsigned>(last, it - members.begin());
        }
    if (!inside || outside)
      continue;
    internals.push_back({t, i, last, {}, {}, 0});
    for (unsigned j = 0; j < n; ++j)
      for (unsigned a = 0; a < st[j].accesses.size(); ++a)
        if (st[j].accesses[a]->tensor == t)
          st[j].internal |= uint32_t(1) << a;
  }
  // The mappings must say the same: internal accesses on chip, no other.
  for (unsigned i = 0; i < n; ++i)
    for (unsigned a = 0; a < st[i].accesses.size(); ++a)
      if (((st[i].internal >> a) & 1) !=
          (g.mappings[i].positions[a] == Mapping::kOnChip))
        return makeError(llvm::formatv(
            "access {0} of '{1}' {2} internal but its position {3} on chip", a,
            st[i].einsum->name, (st[i].internal >> a) & 1 ? "is" : "is not",
            (st[i].internal >> a) & 1 ? "is not" : "is"));
  // Every other access where its tensor's placement allows.
  for (unsigned i = 0; i < n; ++i)
    for (unsigned a = 0; a < st[i].accesses.size(); ++a) {
      if ((st[i].internal >> a) & 1)
        continue;
      KeepPolicy p = placementOf(st[i].accesses[a]->tensor);
      bool bypassed = g.mappings[i].positions[a] == Mapping::kBypass;
      if ((p == KeepPolicy::Keep && bypassed) ||
          (p == KeepPolicy::Bypass && !bypassed))
        return makeError(llvm::formatv(
            "access {0} of '{1}' is {2} but its tensor must be {3}", a,
            st[i].einsum->name, bypassed ? "bypassed" : "kept",
            bypassed ? "kept" : "bypassed"));
    }
  // Shared inputs (when the group shares them), decided here too: a tensor
  // no member produces, read by two or more members each through one
  // access that indexes every dimension by one whole rank (and no other
  // access of that member to it), not placed to bypass. One reservation
  // per tensor serves all of them; it must sit at or above the shared
  // loops (it lives for the whole group).
  std::vector<unsigned> sharedTensors;
  std::vector<std::vector<std::pair<unsigned, unsigned>>> sharedReaders;
  std::vector<std::vector<int>> sharedOf(n); // [i][a]: index or -1
  for (unsigned i = 0; i < n; ++i)
    sharedOf[i].assign(st[i].accesses.size(), -1);
  if (g.shareInputs) {
    for (unsigned i = 0; i < n; ++i)
      for (unsigned a = 0; a + 1 < st[i].accesses.size(); ++a) {
        const Access &acc = *st[i].accesses[a];
        unsigned t = acc.tensor;
        bool producedInside = false;
        for (unsigned j = 0; j < n; ++j)
          producedInside |= st[j].einsum->output.tensor == t;
        bool whole = placementOf(t) != KeepPolicy::Bypass && !producedInside &&
                     acc.dims.size() == workload.tensors[t].shape.size();
        for (unsigned b = 0; b < st[i].accesses.size(); ++b)
          whole &= b == a || st[i].accesses[b]->tensor != t;
        for (unsigned d = 0; d < acc.dims.size() && whole; ++d)
          whole = acc.dims[d].terms.size() == 1 &&
                  acc.dims[d].terms[0].coeff == 1 &&
                  acc.dims[d].constant == 0 &&
                  st[i].extent[acc.dims[d].terms[0].rank] ==
                      workload.tensors[t].shape[d];
        if (!whole)
          continue;
        auto it = std::find(sharedTensors.begin(), sharedTensors.end(), t);
        if (it == sharedTensors.end()) {
          sharedTensors.push_back(t);
          sharedReaders.emplace_back();
          it = sharedTensors.end() - 1;
        }
        sharedReaders[it - sharedTensors.begin()].push_back({i, a});
      }
    for (unsigned k = 0; k < sharedTensors.size();) {
      if (sharedReaders[k].size() < 2) {
        sharedTensors.erase(sharedTensors.begin() + k);
        sharedReaders.erase(sharedReaders.begin() + k);
        continue;
      }
      for (auto [i, a] : sharedReaders[k]) {
        unsigned p = g.mappings[i].positions[a];
        if (p == Mapping::kBypass || p == Mapping::kOnChip || p > S)
          return makeError(llvm::formatv(
              "shared input '{0}' must be held at or above the shared loops",
              workload.tensors[sharedTensors[k]].name));
        sharedOf[i][a] = k;
      }
      ++k;
    }
  }
  std::vector<Box> sharedBox(sharedTensors.size());
  std::vector<uint64_t> sharedMax(sharedTensors.size(), 0);
  auto internalOf = [&](unsigned t) -> Internal & {
    for (Internal &in : internals)
      if (in.tensor == t)
        return in;
    return internals.front();
  };

  // The reservation timeline, for the peak: +1/-1 events of reservation
  // ids (access a of group einsum i: i * kMaxAccessIds + a; internal tensor
  // k: internalId + k). Sizes are known at the end (the largest box each
  // held), so the events are replayed then. Persistent reservations
  // (positions <= S) are held for the whole group by definition; the
  // others from their first fill to their release, and internal tiles from
  // their producer's run to the end of their last reader's run in each
  // shared iteration.
  constexpr unsigned kMaxAccessIds = 64;
  const unsigned internalId = n * kMaxAccessIds;
  const unsigned sharedId = internalId + internals.size();
  std::vector<std::pair<unsigned, int>> events;
  for (unsigned k = 0; k < sharedTensors.size(); ++k)
    events.push_back({sharedId + k, +1});
  std::vector<std::vector<bool>> holding(n);
  std::vector<bool> internalLive(internals.size(), false);
  for (unsigned i = 0; i < n; ++i) {
    holding[i].assign(st[i].accesses.size(), false);
    for (unsigned a = 0; a < st[i].accesses.size(); ++a) {
      unsigned p = g.mappings[i].positions[a];
      if (((st[i].internal >> a) & 1) || p == Mapping::kBypass || p > S ||
          sharedOf[i][a] >= 0)
        continue;
      events.push_back({i * kMaxAccessIds + a, +1});
      holding[i][a] = true;
    }
  }

  std::vector<int64_t> sidx(S, 0);
  uint64_t iter = 0;
  do {
    for (Internal &in : internals)
      in.produced.clear();
    for (unsigned i = 0; i < n; ++i) {
      State &s = st[i];
      const Mapping &m = g.mappings[i];
      unsigned L = m.loops.size();
      std::vector<int64_t> innerTrips(s.trips.begin() + S, s.trips.end());
      std::vector<int64_t> iidx(L - S, 0);
      bool runStart = true;
      do {
        std::vector<int64_t> idx(sidx);
        idx.insert(idx.end(), iidx.begin(), iidx.end());
        auto ranges = [&](unsigned upTo, std::vector<int64_t> &lo,
                          std::vector<int64_t> &hi) {
          lo.assign(s.extent.size(), 0);
          hi = s.extent;
          for (unsigned r = 0; r < s.extent.size(); ++r)
            for (unsigned l : s.loopsOf[r])
              if (l < upTo) {
                lo[r] += idx[l] * s.tile[l];
                hi[r] = std::min(lo[r] + s.tile[l], hi[r]);
              }
        };
        for (unsigned a = 0; a < s.accesses.size(); ++a) {
          bool isOutput = a + 1 == s.accesses.size();
          std::vector<int64_t> lo, hi;
          if ((s.internal >> a) & 1) {
            ranges(L, lo, hi);
            Internal &in = internalOf(s.accesses[a]->tensor);
            Box box = touched(*s.accesses[a], lo, hi, budget);
            unsigned k = &in - internals.data();
            if (isOutput && !internalLive[k]) {
              events.push_back({internalId + k, +1});
              internalLive[k] = true;
            }
            for (const Coord &c : box) {
              if (isOutput) {
                in.produced.insert(c);
                auto [it, fresh] = in.iterOf.insert({c, iter});
                if (!fresh && it->second != iter)
                  return makeError(llvm::formatv(
                      "einsum '{0}' touches an element of internal tensor "
                      "'{1}' in two shared iterations",
                      s.einsum->name, workload.tensors[in.tensor].name));
              } else if (!in.produced.count(c)) {
                return makeError(llvm::formatv(
                    "einsum '{0}' reads an element of internal tensor '{1}' "
                    "not produced in the same shared iteration",
                    s.einsum->name, workload.tensors[in.tensor].name));
              }
            }
            in.maxSize = std::max<uint64_t>(in.maxSize, in.produced.size());
            continue;
          }
          unsigned p = m.positions[a];
          if (p == Mapping::kBypass)
            continue;
          bool inner = p > S;
          bool changed = s.first || (inner && runStart);
          for (unsigned l = 0; l < p && !changed; ++l)
            changed = idx[l] != s.prev[l];
          if (!changed)
            continue;
          ranges(p, lo, hi);
          if (int k = sharedOf[i][a]; k >= 0) {
            // The group's one reservation of this input.
            Box next = touched(*s.accesses[a], lo, hi, budget);
            sharedMax[k] = std::max<uint64_t>(sharedMax[k], next.size());
            for (const Coord &c : next)
              if (!sharedBox[k].count(c))
                ++s.reads[a];
            sharedBox[k] = std::move(next);
            continue;
          }
          if (!holding[i][a]) {
            events.push_back({i * kMaxAccessIds + a, +1});
            holding[i][a] = true;
          }
          Box next = touched(*s.accesses[a], lo, hi, budget);
          s.maxSize[a] = std::max<uint64_t>(s.maxSize[a], next.size());
          for (const Coord &c : next) {
            if (s.current[a].count(c))
              continue;
            if (!isOutput || s.writtenBack[a].count(c))
              ++s.reads[a];
          }
          if (isOutput)
            for (const Coord &c : s.current[a])
              if (!next.count(c)) {
                ++s.writes[a];
                s.writtenBack[a].insert(c);
              }
          s.current[a] = std::move(next);
        }
        if (budget.exceeded())
          return makeError(
              llvm::formatv("simulation needs more than {0} steps", maxWork));
        ++budget.used;
        s.prev = idx;
        s.first = false;
        runStart = false;
      } while (increment(iidx, innerTrips));
      // Release the inner reservations.
      for (unsigned a = 0; a < s.accesses.size(); ++a) {
        unsigned p = m.positions[a];
        if (((s.internal >> a) & 1) || p == Mapping::kBypass || p <= S)
          continue;
        if (a + 1 == s.accesses.size())
          for (const Coord &c : s.current[a]) {
            ++s.writes[a];
            s.writtenBack[a].insert(c);
          }
        s.current[a].clear();
        if (holding[i][a]) {
          events.push_back({i * kMaxAccessIds + a, -1});
          holding[i][a] = false;
        }
      }
      // Internal tiles whose last reader this is are dead.
      for (unsigned k = 0; k < internals.size(); ++k)
        if (internals[k].lastReader == i && internalLive[k]) {
          events.push_back({internalId + k, -1});
          internalLive[k] = false;
        }
    }
    ++iter;
  } while (increment(sidx, sharedTrips));

  GroupCost cost;
  std::vector<Count> inner(n, 0);
  for (unsigned i = 0; i < n; ++i) {
    State &s = st[i];
    const Mapping &m = g.mappings[i];
    unsigned na = s.accesses.size();
    // The last boxes of persistent outputs.
    unsigned out = na - 1;
    if (!((s.internal >> out) & 1) && m.positions[out] != Mapping::kBypass &&
        m.positions[out] <= S)
      s.writes[out] += s.current[out].size();
    // Bypassed accesses: one access per point of the iteration space.
    bool anyBypass = false;
    for (unsigned a = 0; a < na; ++a)
      anyBypass |= !((s.internal >> a) & 1) && m.positions[a] == Mapping::kBypass;
    if (anyBypass) {
      std::vector<int64_t> point(s.extent.size(), 0), ones(s.extent);
      std::set<Coord> seen;
      do {
        ++budget.used;
        if (budget.exceeded())
          return makeError(
              llvm::formatv("simulation needs more than {0} steps", maxWork));
        for (unsigned a = 0; a < na; ++a) {
          if (((s.internal >> a) & 1) || m.positions[a] != Mapping::kBypass)
            continue;
          if (a != out) {
            ++s.reads[a];
            continue;
          }
          Coord c;
          for (const DimExpr &d : s.accesses[a]->dims) {
            int64_t x = d.constant;
            for (const AffineTerm &t : d.terms)
              x += t.coeff * point[t.rank];
            c.push_back(x);
          }
          ++s.writes[a];
          if (!seen.insert(std::move(c)).second)
            ++s.reads[a];
        }
      } while (increment(point, ones));
    }
    Cost c;
    for (unsigned a = 0; a < na; ++a) {
      Count bits = workload.tensors[s.accesses[a]->tensor].bits;
      TensorCost t;
      if (!((s.internal >> a) & 1)) {
        t.readBits = static_cast<Count>(s.reads[a]) * bits;
        t.writeBits = static_cast<Count>(s.writes[a]) * bits;
        t.occupancyBits = static_cast<Count>(s.maxSize[a]) * bits;
        if (sharedOf[i][a] >= 0)
          t.occupancyBits = 0; // counted once, below
        else if (m.positions[a] != Mapping::kBypass && m.positions[a] <= S)
          cost.persistentBits += t.occupancyBits;
        else
          inner[i] += t.occupancyBits;
      }
      c.perTensor.push_back(t);
      c.occupancyBits += t.occupancyBits;
      c.accessBits += t.accessBits();
    }
    cost.accessBits += c.accessBits;
    cost.perEinsum.push_back(std::move(c));
  }
  for (const Internal &in : internals)
    cost.internalBits.push_back(static_cast<Count>(in.maxSize) *
                                workload.tensors[in.tensor].bits);
  // Shared reservations: held for the whole group, carried by the first
  // reader.
  std::vector<Count> sharedBits;
  for (unsigned k = 0; k < sharedTensors.size(); ++k) {
    sharedBits.push_back(static_cast<Count>(sharedMax[k]) *
                         workload.tensors[sharedTensors[k]].bits);
    cost.persistentBits += sharedBits[k];
    auto [i, a] = sharedReaders[k].front();
    cost.perEinsum[i].perTensor[a].occupancyBits = sharedBits[k];
    cost.perEinsum[i].occupancyBits += sharedBits[k];
  }
  // Peak: replay the timeline, each reservation at the largest box it held.
  auto sizeOf = [&](unsigned id) -> Count {
    if (id >= sharedId)
      return sharedBits[id - sharedId];
    if (id >= internalId)
      return cost.internalBits[id - internalId];
    unsigned i = id / kMaxAccessIds, a = id % kMaxAccessIds;
    return static_cast<Count>(st[i].maxSize[a]) *
           workload.tensors[st[i].accesses[a]->tensor].bits;
  };
  Count live = 0, peak = 0;
  for (auto [id, delta] : events) {
    if (delta > 0)
      live += sizeOf(id);
    else
      live -= sizeOf(id);
    peak = std::max(peak, live);
  }
  cost.peakBits = peak;
  return cost;
}
