//===- Metamorphic.cpp - Checks of fused curves that share no search code -===//
//
// See Metamorphic.h.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/Metamorphic.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <map>
#include <set>

using namespace oro::core;

Workload oro::core::extractBlock(const Workload &w, unsigned begin,
                                 unsigned end) {
  std::vector<unsigned> selected;
  for (unsigned e = begin; e < end; ++e)
    selected.push_back(e);
  Workload out = extractEinsums(w, selected);
  out.name = w.name + "[" + std::to_string(begin) + "," + std::to_string(end) +
             ")";
  return out;
}

Workload oro::core::juxtapose(const Workload &a, const Workload &b,
                              llvm::StringRef suffix) {
  Workload out = a;
  out.name = a.name + "+" + b.name;
  unsigned base = out.tensors.size();
  for (Tensor t : b.tensors) {
    t.name += suffix.str();
    out.tensors.push_back(t);
  }
  for (Einsum e : b.einsums) {
    e.name += suffix.str();
    for (Access &x : e.inputs)
      x.tensor += base;
    e.output.tensor += base;
    out.einsums.push_back(e);
  }
  return out;
}

Count oro::core::frontAt(llvm::ArrayRef<std::pair<Count, Count>> f,
                         Count cap) {
  Count best = kCountMax;
  for (auto [c, a] : f)
    if (c <= cap)
      best = std::min(best, a);
  return best;
}

BlockComposition::BlockComposition(std::vector<StepFront> singles) {
  unsigned n = singles.size();
  before.assign(n + 1, StepFront{{0, 0}});
  after.assign(n + 1, StepFront{{0, 0}});
  for (unsigned e = 0; e < n; ++e)
    before[e + 1] = naiveSumFronts(before[e], singles[e]);
  for (unsigned e = n; e-- > 0;)
    after[e] = naiveSumFronts(singles[e], after[e + 1]);
}

StepFront
BlockComposition::compose(llvm::ArrayRef<std::pair<Count, Count>> block,
                          unsigned begin, unsigned end) const {
  return naiveSumFronts(naiveSumFronts(before[begin], block), after[end]);
}

StepFront oro::core::naiveSumFronts(llvm::ArrayRef<std::pair<Count, Count>> a,
                                    llvm::ArrayRef<std::pair<Count, Count>> b) {
  std::set<Count> caps;
  for (auto [c, x] : a)
    caps.insert(c);
  for (auto [c, x] : b)
    caps.insert(c);
  StepFront out;
  for (Count c : caps) {
    Count x = frontAt(a, c), y = frontAt(b, c);
    if (x == kCountMax || y == kCountMax)
      continue;
    Count s = satAdd(x, y);
    if (out.empty() || s < out.back().second)
      out.push_back({c, s});
  }
  return out;
}

std::string oro::core::describeCurves(const FusionModel &model,
                                      const WorkloadCurves &c) {
  std::string out;
  llvm::raw_string_ostream os(out);
  for (const WorkloadPoint &p : c.fused) {
    os << toString(p.capacityBits) << " " << toString(p.accessBits);
    for (const auto &g : p.witness.groups)
      os << " | " << model.formatGroup(*g);
    os << "\n";
  }
  for (const WorkloadPoint &p : c.unfused)
    os << toString(p.capacityBits) << " " << toString(p.accessBits) << "\n";
  const FusionStats &s = c.stats;
  for (Count v :
       {s.groupsSearched, s.configsJoined, s.innerFronts, s.innerFrontHits,
        s.groupFrontHits, s.innerCandidates, s.joinCandidates, s.groupsCut,
        s.configsPruned, s.joinStatesPruned, s.largestGroupCandidates,
        s.groupsTruncated})
    os << toString(v) << " ";
  for (const GroupMembers &g : s.truncatedGroups)
    os << g.str() << " ";
  return out;
}
