//===- WorkloadSlice.cpp - Parts of a workload as workloads ---------------===//
//
// See WorkloadSlice.h.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/WorkloadSlice.h"
#include <vector>

using namespace oro::core;

Workload oro::core::extractEinsums(const Workload &w,
                                   llvm::ArrayRef<unsigned> selected) {
  unsigned numTensors = w.tensors.size();
  std::vector<bool> in(w.einsums.size(), false);
  for (unsigned e : selected)
    in[e] = true;
  // Tensors produced inside the selection, and read outside it.
  std::vector<bool> producedInside(numTensors, false);
  std::vector<bool> readOutside(numTensors, false);
  for (unsigned e = 0; e < w.einsums.size(); ++e) {
    if (in[e])
      producedInside[w.einsums[e].output.tensor] = true;
    else
      for (const Access &a : w.einsums[e].inputs)
        readOutside[a.tensor] = true;
  }
  Workload out;
  out.name = w.name;
  std::vector<int> remap(numTensors, -1);
  auto use = [&](unsigned t) -> unsigned {
    if (remap[t] < 0) {
      Tensor x = w.tensors[t];
      if (!producedInside[t])
        x.kind = TensorKind::Input;
      else if (readOutside[t])
        x.kind = TensorKind::Output;
      remap[t] = out.tensors.size();
      out.tensors.push_back(x);
    }
    return remap[t];
  };
  for (unsigned e : selected) {
    Einsum x = w.einsums[e];
    for (Access &a : x.inputs)
      a.tensor = use(a.tensor);
    x.output.tensor = use(x.output.tensor);
    out.einsums.push_back(x);
  }
  return out;
}
