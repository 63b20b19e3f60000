//===- MatmulChain.h - A chain of matmuls for the engine's tests -*- C++
//-*-===//

#ifndef ORO_TEST_ENGINE_MATMULCHAIN_H
#define ORO_TEST_ENGINE_MATMULCHAIN_H

#include "oro/Core/Workload.h"
#include <cstdint>
#include <string>
#include <vector>

namespace oro::engine::test {

/// One matmul of a chain: the rows M of every tensor, the contracted extent
/// K (the previous output's columns, or the first input's), the output's
/// columns N.
struct ChainStep {
  const char *name;
  int64_t k, n;
};

/// X0[M, K0] -> X1[M, N0] = X0 W0 -> X2[M, N1] = X1 W1 -> ..., 16-bit: the
/// first input and the weights are inputs, the last output an output, the
/// rest intermediates. Weight i is [K_i, N_i], named "W<i>"; einsum i has
/// ranks m, n, k.
inline core::Workload matmulChain(const char *name, int64_t m,
                                  const std::vector<ChainStep> &steps) {
  core::Workload w;
  w.name = name;
  auto tensor = [&](std::string tname, int64_t a, int64_t b,
                    core::TensorKind kind) {
    core::Tensor t;
    t.name = std::move(tname);
    t.shape = {a, b};
    t.bits = 16;
    t.kind = kind;
    w.tensors.push_back(t);
    return static_cast<unsigned>(w.tensors.size() - 1);
  };
  auto access = [](unsigned tensor, unsigned r0, unsigned r1) {
    core::Access a;
    a.tensor = tensor;
    a.dims.resize(2);
    a.dims[0].terms.push_back({r0, 1});
    a.dims[1].terms.push_back({r1, 1});
    return a;
  };
  using K = core::TensorKind;
  unsigned in = tensor("X0", m, steps.front().k, K::Input);
  for (size_t i = 0; i < steps.size(); ++i) {
    const ChainStep &s = steps[i];
    unsigned weight = tensor("W" + std::to_string(i), s.k, s.n, K::Input);
    unsigned out = tensor("X" + std::to_string(i + 1), m, s.n,
                          i + 1 == steps.size() ? K::Output : K::Intermediate);
    core::Einsum e;
    e.name = s.name;
    e.ranks = {{"m", m}, {"n", s.n}, {"k", s.k}};
    e.inputs.push_back(access(in, 0, 2));
    e.inputs.push_back(access(weight, 2, 1));
    e.output = access(out, 0, 1);
    w.einsums.push_back(e);
    in = out;
  }
  return w;
}

} // namespace oro::engine::test

#endif // ORO_TEST_ENGINE_MATMULCHAIN_H
