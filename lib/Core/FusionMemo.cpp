//===- FusionMemo.cpp - Content keys of the fused search's memos ----------===//
//
// Content classes of einsums (equal classes: equal inner fronts) and the
// content key of a group (equal keys: equal group fronts up to numbering);
// the arguments are in FusionSearch.h.
//
//===----------------------------------------------------------------------===//

#include "FusionSearcher.h"
#include <algorithm>

using namespace oro::core;
using namespace oro::core::fusion;

namespace oro::core::fusion {

unsigned FusionSearcher::contentClass(unsigned e) {
  if (contentOf.empty())
    contentOf.assign(fm.getNumEinsums(), -1);
  if (contentOf[e] >= 0)
    return contentOf[e];
  const Workload &w = fm.getWorkload();
  const Einsum &ein = w.einsums[e];
  std::vector<int64_t> key;
  for (const Rank &r : ein.ranks)
    key.push_back(r.extent);
  unsigned numInputs = ein.inputs.size();
  for (unsigned a = 0; a <= numInputs; ++a) {
    const Access &acc = a == numInputs ? ein.output : ein.inputs[a];
    const Tensor &t = w.tensors[acc.tensor];
    // Aliasing: the first access of this einsum to the same tensor.
    unsigned first = a;
    for (unsigned b = 0; b < a; ++b)
      if (ein.inputs[b].tensor == acc.tensor)
        first = std::min(first, b);
    key.insert(key.end(), {-1, static_cast<int64_t>(first), t.bits,
                           static_cast<int64_t>(t.kind), t.isWeight,
                           static_cast<int64_t>(fm.getPlacement(acc.tensor))});
    for (int64_t d : t.shape)
      key.push_back(d);
    for (const DimExpr &d : acc.dims) {
      key.push_back(-2);
      for (const AffineTerm &term : d.terms)
        key.insert(key.end(), {static_cast<int64_t>(term.rank), term.coeff});
      key.push_back(d.constant);
    }
  }
  auto [it, inserted] = contentIds.try_emplace(key, contentIds.size());
  contentOf[e] = it->second;
  return it->second;
}

std::vector<int64_t> FusionSearcher::groupKey(
    const GroupMembers &group,
    std::array<llvm::SmallVector<unsigned, 4>, 2> &shareable) {
  const Workload &w = fm.getWorkload();
  bool share = mayShare(group);
  GroupClasses gcs[2] = {fm.groupClasses(group),
                         share ? fm.groupClasses(group, true) : GroupClasses()};
  shareable[0] = FusionModel::shareableClasses(gcs[0]);
  shareable[1].clear();
  if (share)
    shareable[1] = FusionModel::shareableClasses(gcs[1]);
  std::vector<int64_t> key{static_cast<int64_t>(group.size()), share};
  // The shared inputs: their readers (position, access).
  if (share)
    for (const SharedInput &si : gcs[1].sharedInputs) {
      key.push_back(-4);
      for (auto [i, a] : si.readers)
        key.insert(key.end(), {i, a});
    }
  for (unsigned e : group) {
    const Einsum &ein = w.einsums[e];
    key.push_back(-1);
    key.push_back(contentClass(e));
    // Where each input comes from: an einsum of the group (its position)
    // or not.
    for (const Access &a : ein.inputs) {
      int p = fm.getProducer(a.tensor);
      key.push_back(p >= 0 ? group.indexOf(p) : -1);
    }
    // Who reads the output: (position, access) inside, -1 outside.
    key.push_back(-2);
    for (auto [c, a] : fm.getReaders(ein.output.tensor)) {
      if (int ci = group.indexOf(c); ci >= 0) {
        key.push_back(ci);
        key.push_back(a);
      } else {
        key.push_back(-1);
      }
    }
    // Each rank's position in the sorted shareable classes, or -1.
    for (unsigned v = 0; v < (share ? 2u : 1u); ++v) {
      key.push_back(-3);
      for (unsigned r = 0; r < ein.ranks.size(); ++r) {
        unsigned c = gcs[v].getClass(e, r);
        auto *it = std::find(shareable[v].begin(), shareable[v].end(), c);
        key.push_back(it == shareable[v].end() ? -1
                                               : it - shareable[v].begin());
      }
    }
  }
  return key;
}

} // namespace oro::core::fusion
