//===- FusionTest.cpp - Fused groups: model, simulator, search ------------===//

#include "oro/Core/FusionModel.h"
#include "oro/Core/FusionSearch.h"
#include "oro/Core/FusionSimulator.h"
#include "oro/Core/Metamorphic.h"
#include "oro/Core/Search.h"
#include "gtest/gtest.h"
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <sys/resource.h>

using namespace oro::core;

namespace {

/// Builds workloads by hand: dims written as "m", "p+r", "2*p+r", "0".
class WorkloadBuilder {
public:
  explicit WorkloadBuilder(unsigned bits = 16) : bits(bits) {}
  unsigned tensor(const std::string &name, std::vector<int64_t> shape,
                  TensorKind kind = TensorKind::Intermediate) {
    Tensor t;
    t.name = name;
    t.shape.assign(shape.begin(), shape.end());
    t.bits = bits;
    t.kind = kind;
    w.tensors.push_back(t);
    return w.tensors.size() - 1;
  }
  unsigned in(const std::string &name, std::vector<int64_t> shape) {
    return tensor(name, shape, TensorKind::Input);
  }
  unsigned out(const std::string &name, std::vector<int64_t> shape) {
    return tensor(name, shape, TensorKind::Output);
  }
  using AccessSpec = std::pair<unsigned, std::vector<std::string>>;
  void einsum(const std::string &name,
              std::vector<std::pair<std::string, int64_t>> ranks,
              std::vector<AccessSpec> inputs, AccessSpec output) {
    Einsum e;
    e.name = name;
    for (auto &[n, x] : ranks)
      e.ranks.push_back({n, x});
    auto access = [&](const AccessSpec &s) {
      Access a;
      a.tensor = s.first;
      for (const std::string &d : s.second)
        a.dims.push_back(parse(e, d));
      return a;
    };
    for (auto &s : inputs)
      e.inputs.push_back(access(s));
    e.output = access(output);
    w.einsums.push_back(e);
  }
  Workload build() const { return w; }

private:
  static DimExpr parse(const Einsum &e, const std::string &s) {
    DimExpr d;
    std::stringstream ss(s);
    std::string term;
    while (std::getline(ss, term, '+')) {
      int64_t coeff = 1;
      auto star = term.find('*');
      if (star != std::string::npos) {
        coeff = std::stoll(term.substr(0, star));
        term = term.substr(star + 1);
      }
      if (!term.empty() && isdigit(term[0])) {
        d.constant += std::stoll(term);
        continue;
      }
      unsigned r = 0;
      while (e.ranks[r].name != term)
        ++r;
      d.terms.push_back({r, coeff});
    }
    return d;
  }
  Workload w;
  unsigned bits;
};

Workload gpt3Layer(unsigned layers, bool plainHeads, int64_t M, int64_t D,
                   int64_t H, int64_t X, int64_t F);

/// A[M,K] * B[K,N] -> C (intermediate); C * D[N,P] -> E (output).
Workload twoMatmuls(int64_t M, int64_t K, int64_t N, int64_t P) {
  WorkloadBuilder b;
  unsigned A = b.in("A", {M, K}), B = b.in("B", {K, N}),
           C = b.tensor("C", {M, N}), D = b.in("D", {N, P}),
           E = b.out("E", {M, P});
  b.einsum("mm1", {{"m", M}, {"n", N}, {"k", K}},
           {{A, {"m", "k"}}, {B, {"k", "n"}}}, {C, {"m", "n"}});
  b.einsum("mm2", {{"m", M}, {"p", P}, {"n", N}},
           {{C, {"m", "n"}}, {D, {"n", "p"}}}, {E, {"m", "p"}});
  return b.build();
}

/// matmul -> elementwise (with a bias broadcast) -> matmul.
Workload matmulEwMatmul(int64_t M, int64_t K, int64_t N, int64_t P) {
  WorkloadBuilder b;
  unsigned A = b.in("A", {M, K}), B = b.in("B", {K, N}),
           C = b.tensor("C", {M, N}), bias = b.in("bias", {1, N}),
           G = b.tensor("G", {M, N}), D = b.in("D", {N, P}),
           E = b.out("E", {M, P});
  b.einsum("mm1", {{"m", M}, {"n", N}, {"k", K}},
           {{A, {"m", "k"}}, {B, {"k", "n"}}}, {C, {"m", "n"}});
  b.einsum("act", {{"i", M}, {"j", N}}, {{C, {"i", "j"}}, {bias, {"0", "j"}}},
           {G, {"i", "j"}});
  b.einsum("mm2", {{"m", M}, {"p", P}, {"n", N}},
           {{G, {"m", "n"}}, {D, {"n", "p"}}}, {E, {"m", "p"}});
  return b.build();
}

/// X' = X + 0 (a producer), then Q, K from X' (fan-out).
Workload fanOut(int64_t M, int64_t K, int64_t N) {
  WorkloadBuilder b;
  unsigned X = b.in("X", {M, K}), Xn = b.tensor("Xn", {M, K}),
           Wq = b.in("Wq", {K, N}), Wk = b.in("Wk", {K, N}),
           Q = b.out("Q", {M, N}), Kt = b.out("K", {M, N});
  b.einsum("norm", {{"i", M}, {"j", K}}, {{X, {"i", "j"}}}, {Xn, {"i", "j"}});
  b.einsum("q", {{"m", M}, {"n", N}, {"k", K}},
           {{Xn, {"m", "k"}}, {Wq, {"k", "n"}}}, {Q, {"m", "n"}});
  b.einsum("k", {{"m", M}, {"n", N}, {"k", K}},
           {{Xn, {"m", "k"}}, {Wk, {"k", "n"}}}, {Kt, {"m", "n"}});
  return b.build();
}

/// Residual (fan-in): H = X*W; Y = H + X.
Workload fanIn(int64_t M, int64_t K) {
  WorkloadBuilder b;
  unsigned X = b.in("X", {M, K}), W = b.in("W", {K, K}),
           H = b.tensor("H", {M, K}), Y = b.out("Y", {M, K});
  b.einsum("mm", {{"m", M}, {"n", K}, {"k", K}},
           {{X, {"m", "k"}}, {W, {"k", "n"}}}, {H, {"m", "n"}});
  b.einsum("add", {{"i", M}, {"j", K}}, {{H, {"i", "j"}}, {X, {"i", "j"}}},
           {Y, {"i", "j"}});
  return b.build();
}

/// Three projections of one input (attention's Q, K and V): the group
/// {q, k, v} is connected only through X, which it may share.
Workload qkv(int64_t M, int64_t K, int64_t N) {
  WorkloadBuilder b;
  unsigned X = b.in("X", {M, K}), Wq = b.in("Wq", {K, N}),
           Wk = b.in("Wk", {K, N}), Wv = b.in("Wv", {K, N}),
           Q = b.out("Q", {M, N}), Kt = b.out("K", {M, N}),
           V = b.out("V", {M, N});
  b.einsum("q", {{"m", M}, {"n", N}, {"k", K}},
           {{X, {"m", "k"}}, {Wq, {"k", "n"}}}, {Q, {"m", "n"}});
  b.einsum("k", {{"m", M}, {"n", N}, {"k", K}},
           {{X, {"m", "k"}}, {Wk, {"k", "n"}}}, {Kt, {"m", "n"}});
  b.einsum("v", {{"m", M}, {"n", N}, {"k", K}},
           {{X, {"m", "k"}}, {Wv, {"k", "n"}}}, {V, {"m", "n"}});
  return b.build();
}

/// Two independent branches written interleaved, as front ends write them:
/// A = X W1; B = Y W2; C = relu(A); D = relu(B). The groups {A, C} and
/// {B, D} are convex but not contiguous in this order.
Workload interleaved(int64_t M, int64_t K, int64_t N) {
  WorkloadBuilder b;
  unsigned X = b.in("X", {M, K}), W1 = b.in("W1", {K, N}),
           Y = b.in("Y", {M, K}), W2 = b.in("W2", {K, N}),
           A = b.tensor("A", {M, N}), B = b.tensor("B", {M, N}),
           C = b.out("C", {M, N}), D = b.out("D", {M, N});
  b.einsum("mmA", {{"m", M}, {"n", N}, {"k", K}},
           {{X, {"m", "k"}}, {W1, {"k", "n"}}}, {A, {"m", "n"}});
  b.einsum("mmB", {{"m", M}, {"n", N}, {"k", K}},
           {{Y, {"m", "k"}}, {W2, {"k", "n"}}}, {B, {"m", "n"}});
  b.einsum("reluA", {{"i", M}, {"j", N}}, {{A, {"i", "j"}}}, {C, {"i", "j"}});
  b.einsum("reluB", {{"i", M}, {"j", N}}, {{B, {"i", "j"}}}, {D, {"i", "j"}});
  return b.build();
}

/// 1-D conv chain: T[f, p] = I[c, p+r] W1[f, c, r]; O[g, p] = T[f, p] W2[g, f].
Workload convChain(int64_t C, int64_t F, int64_t P, int64_t R, int64_t G) {
  WorkloadBuilder b;
  unsigned I = b.in("I", {C, P + R - 1}), W1 = b.in("W1", {F, C, R}),
           T = b.tensor("T", {F, P}), W2 = b.in("W2", {G, F}),
           O = b.out("O", {G, P});
  b.einsum("conv", {{"f", F}, {"p", P}, {"c", C}, {"r", R}},
           {{I, {"c", "p+r"}}, {W1, {"f", "c", "r"}}}, {T, {"f", "p"}});
  b.einsum("pw", {{"g", G}, {"p", P}, {"f", F}},
           {{T, {"f", "p"}}, {W2, {"g", "f"}}}, {O, {"g", "p"}});
  return b.build();
}

/// Compulsory traffic of persistent tensors, once per einsum access (v1:
/// two einsums of a group reading the same persistent tensor each have
/// their own reservation, so each reads it once).
Count compulsory(const Workload &w) {
  Count c = 0;
  for (const Einsum &e : w.einsums)
    for (unsigned a = 0; a <= e.inputs.size(); ++a) {
      const Tensor &t = w.tensors[a < e.inputs.size() ? e.inputs[a].tensor
                                                      : e.output.tensor];
      if (!t.isPersistent())
        continue;
      Count n = t.bits;
      for (int64_t s : t.shape)
        n *= s;
      c += n;
    }
  return c;
}

/// The compulsory traffic when groups may share inputs: as compulsory(),
/// but a persistent tensor that an earlier einsum reads too, each through
/// one whole-rank-per-dimension access, counts once for those readers.
Count compulsoryShared(const Workload &w) {
  auto whole = [&](const Einsum &e, const Access &a) {
    const Tensor &t = w.tensors[a.tensor];
    unsigned uses = 0;
    for (const Access &b : e.inputs)
      uses += b.tensor == a.tensor;
    if (uses != 1 || e.output.tensor == a.tensor ||
        a.dims.size() != t.shape.size())
      return false;
    for (unsigned d = 0; d < a.dims.size(); ++d)
      if (a.dims[d].terms.size() != 1 || a.dims[d].terms[0].coeff != 1 ||
          a.dims[d].constant != 0 ||
          e.ranks[a.dims[d].terms[0].rank].extent != t.shape[d])
        return false;
    return true;
  };
  Count c = compulsory(w);
  for (unsigned e = 0; e < w.einsums.size(); ++e)
    for (const Access &a : w.einsums[e].inputs) {
      const Tensor &t = w.tensors[a.tensor];
      if (!t.isPersistent() || !whole(w.einsums[e], a))
        continue;
      bool earlier = false;
      for (unsigned f = 0; f < e && !earlier; ++f)
        for (const Access &b : w.einsums[f].inputs)
          earlier |= b.tensor == a.tensor && whole(w.einsums[f], b);
      if (earlier) {
        Count n = t.bits;
        for (int64_t s : t.shape)
          n *= s;
        c -= n;
      }
    }
  return c;
}

class FusionTest : public ::testing::Test {
protected:
  struct Case {
    std::string name;
    Workload w;
  };
  static std::vector<Case> smallCases() {
    return {{"twoMatmuls", twoMatmuls(4, 3, 5, 2)},
            {"matmulEwMatmul", matmulEwMatmul(5, 2, 3, 3)},
            {"fanOut", fanOut(5, 3, 2)},
            {"fanIn", fanIn(5, 3)},
            {"convChain", convChain(2, 2, 5, 3, 2)}};
  }
  static std::vector<Case> tinyCases() {
    return {{"twoMatmuls", twoMatmuls(3, 2, 3, 2)},
            {"matmulEwMatmul", matmulEwMatmul(3, 2, 2, 2)},
            {"fanIn", fanIn(3, 2)},
            {"fanOut", fanOut(3, 2, 2)},
            {"convChain", convChain(1, 2, 4, 2, 1)}};
  }
  static WorkloadCurves curves(const Workload &w, FusionOptions o = {}) {
    auto c = computeWorkloadCurves(w, o);
    EXPECT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
    return c ? std::move(*c) : WorkloadCurves();
  }
  /// Model == simulator on every group of every point, and the point's
  /// totals are the groups' sums / max.
  /// Every tensor of `w` placed `p`.
  static std::vector<KeepPolicy> every(const Workload &w, KeepPolicy p) {
    return std::vector<KeepPolicy>(w.tensors.size(), p);
  }
  /// Per-tensor placements that mix policies: the persistent tensors kept
  /// and the intermediates free (`keep: Persistent`, `may_keep: All`), the
  /// reverse, the inputs bypassed, the intermediates bypassed, and two
  /// random mixes.
  static std::vector<std::pair<std::string, std::vector<KeepPolicy>>>
  mixedPlacements(const Workload &w) {
    std::vector<std::pair<std::string, std::vector<KeepPolicy>>> out;
    auto add = [&](const char *name, auto placementOf) {
      std::vector<KeepPolicy> keep;
      for (const Tensor &t : w.tensors)
        keep.push_back(placementOf(t));
      out.push_back({name, std::move(keep)});
    };
    using K = KeepPolicy;
    add("persistentKept",
        [](const Tensor &t) { return t.isPersistent() ? K::Keep : K::Either; });
    add("intermediatesKept",
        [](const Tensor &t) { return t.isPersistent() ? K::Either : K::Keep; });
    add("inputsBypassed", [](const Tensor &t) {
      return t.kind == TensorKind::Input ? K::Bypass : K::Keep;
    });
    add("intermediatesBypassed", [](const Tensor &t) {
      return t.kind == TensorKind::Intermediate ? K::Bypass : K::Either;
    });
    std::mt19937 rng(11);
    for (const char *name : {"random1", "random2"})
      add(name, [&](const Tensor &) { return K(rng() % 3); });
    return out;
  }
  /// The search equals the brute force on `c` kept and under every mix of
  /// mixedPlacements, at lookahead 0 and 4, and both witness sets check;
  /// `onSearch` sees each search's curves. Returns the comparisons made.
  static unsigned equalsBruteForceUnderPlacements(
      const Case &c,
      std::function<void(const WorkloadCurves &)> onSearch = nullptr,
      const FusionOptions &base = {}) {
    unsigned compared = 0;
    auto placements = mixedPlacements(c.w);
    placements.insert(placements.begin(), {"kept", {}});
    for (const auto &[name, keep] : placements) {
      std::string where = c.name + "/" + name;
      for (unsigned lookahead : {0u, 4u}) {
        FusionOptions o = base;
        o.keep = keep;
        o.lookahead = lookahead;
        WorkloadCurves s = curves(c.w, o);
        auto bf = bruteForceWorkloadCurves(c.w, o);
        EXPECT_TRUE(static_cast<bool>(bf)) << llvm::toString(bf.takeError());
        if (!bf)
          continue;
        EXPECT_EQ(pairs(s.fused), pairs(bf->fused))
            << where << " lookahead " << lookahead;
        checkWitnesses(where + "/search", c.w, s.fused, keep);
        checkWitnesses(where + "/brute", c.w, bf->fused, keep);
        if (onSearch)
          onSearch(s);
        ++compared;
      }
    }
    return compared;
  }
  static void checkWitnesses(const std::string &name, const Workload &w,
                             const std::vector<WorkloadPoint> &pts,
                             llvm::ArrayRef<KeepPolicy> keep = {}) {
    auto fm = FusionModel::create(w, keep);
    ASSERT_TRUE(static_cast<bool>(fm));
    for (const WorkloadPoint &p : pts) {
      Count acc = 0, peak = 0;
      // The groups run every einsum once, each after its producers.
      std::vector<bool> done(w.einsums.size(), false);
      unsigned ran = 0;
      for (const auto &shared : p.witness.groups) {
        const FusedGroupMapping &g = *shared;
        for (unsigned e : g.einsums) {
          ASSERT_LT(e, done.size()) << name;
          EXPECT_FALSE(done[e]) << name;
          for (const Access &a : w.einsums[e].inputs) {
            int q = fm->getProducer(a.tensor);
            EXPECT_TRUE(q < 0 || done[q] || g.einsums.contains(q)) << name;
          }
        }
        for (unsigned e : g.einsums)
          done[e] = true;
        ran += g.einsums.size();
        auto model = fm->evaluateGroup(g);
        ASSERT_TRUE(static_cast<bool>(model))
            << name << ": " << llvm::toString(model.takeError());
        auto sim = simulateGroup(w, g, uint64_t(1) << 26, keep);
        ASSERT_TRUE(static_cast<bool>(sim))
            << name << ": " << llvm::toString(sim.takeError());
        EXPECT_TRUE(model->accessBits == sim->accessBits &&
                    model->peakBits == sim->peakBits &&
                    model->persistentBits == sim->persistentBits &&
                    model->internalBits == sim->internalBits)
            << name << ": " << fm->formatGroup(g) << " model "
            << toString(model->accessBits) << "/" << toString(model->peakBits)
            << " sim " << toString(sim->accessBits) << "/"
            << toString(sim->peakBits);
        for (unsigned i = 0; i < model->perEinsum.size(); ++i)
          EXPECT_EQ(model->perEinsum[i], sim->perEinsum[i])
              << name << ": " << fm->formatGroup(g) << " einsum " << i;
        acc += model->accessBits;
        peak = std::max(peak, model->peakBits);
      }
      EXPECT_EQ(ran, w.einsums.size()) << name;
      EXPECT_EQ(acc, p.accessBits) << name;
      EXPECT_EQ(peak, p.capacityBits) << name;
    }
  }
  /// The small cases plus a 2-layer tiny GPT-3 (repeated layers: the
  /// group memo is in play).
  static std::vector<Case> smallCasesAndTinyGpt3() {
    std::vector<Case> cases = smallCases();
    cases.push_back({"gpt3tiny", gpt3Layer(2, false, 4, 4, 2, 2, 4)});
    return cases;
  }
  /// Metamorphic block composition (Metamorphic.h) on every contiguous
  /// block of 2..maxLen einsums: fused(W) <= fused(B) + the other einsums
  /// alone, at every capacity of the composed curve. Returns the number of
  /// blocks checked.
  static unsigned checkBlockComposition(const std::string &name,
                                        const Workload &w, unsigned maxLen) {
    WorkloadCurves whole = curves(w);
    StepFront fusedW = pairs(whole.fused);
    unsigned n = w.einsums.size();
    std::vector<StepFront> single;
    for (unsigned e = 0; e < n; ++e) {
      StepFront f;
      for (const ParetoPoint &p : singleEinsumFront(w, e, false))
        f.push_back({p.occupancyBits, p.accessBits});
      single.push_back(f);
    }
    BlockComposition composition(std::move(single));
    unsigned checked = 0;
    for (unsigned b = 0; b < n; ++b)
      for (unsigned e = b + 2; e <= n && e - b <= maxLen; ++e) {
        Workload block = extractBlock(w, b, e);
        StepFront composed =
            composition.compose(pairs(curves(block).fused), b, e);
        for (auto [cap, acc] : composed)
          EXPECT_LE(frontAt(fusedW, cap), acc)
              << name << ": block [" << w.einsums[b].name << ", "
              << w.einsums[e - 1].name << "] at " << toString(cap) << " b";
        ++checked;
      }
    return checked;
  }
  /// Single-einsum fronts as a caller (the passes' curve cache) hands them
  /// in: Search.h's exact front of each einsum alone.
  static std::vector<ParetoPoint> singleEinsumFront(const Workload &w,
                                                    unsigned e, bool bypass) {
    auto m = CostModel::create(w.einsums[e], w.tensors);
    EXPECT_TRUE(static_cast<bool>(m));
    SearchOptions so;
    if (bypass)
      so.keep.assign(m->getNumAccesses(), KeepPolicy::Either);
    auto r = searchParetoFront(*m, so);
    EXPECT_TRUE(static_cast<bool>(r));
    return r->front.points();
  }
  /// A fused curve some budget cut short is attainable: every witness
  /// replays, no point is below the exact curve nor above the unfused one,
  /// and the unfused curve is the exact one's.
  static void checkAttainable(const std::string &name, const Workload &w,
                              const WorkloadCurves &cut,
                              const WorkloadCurves &exact) {
    EXPECT_EQ(pairs(cut.unfused), pairs(exact.unfused)) << name;
    checkWitnesses(name, w, cut.fused);
    for (const WorkloadPoint &p : cut.fused) {
      EXPECT_GE(p.accessBits, at(exact.fused, p.capacityBits)) << name;
      EXPECT_LE(p.accessBits, at(cut.unfused, p.capacityBits)) << name;
    }
  }
  static std::vector<std::pair<Count, Count>>
  pairs(const std::vector<WorkloadPoint> &v) {
    std::vector<std::pair<Count, Count>> out;
    for (const WorkloadPoint &p : v)
      out.push_back({p.capacityBits, p.accessBits});
    return out;
  }
  static Count at(const std::vector<WorkloadPoint> &v, Count cap) {
    Count best = kCountMax;
    for (const WorkloadPoint &p : v)
      if (p.capacityBits <= cap)
        best = std::min(best, p.accessBits);
    return best;
  }
};

TEST_F(FusionTest, RankClassesFollowIntermediates) {
  Workload w = twoMatmuls(4, 3, 5, 2);
  auto fm = FusionModel::create(w);
  ASSERT_TRUE(static_cast<bool>(fm));
  // mm1: m n k; mm2: m p n. m ~ m, mm1.n ~ mm2.n.
  GroupClasses gc = fm->groupClasses(0, 2);
  EXPECT_EQ(gc.getClass(0, 0), gc.getClass(1, 0));
  EXPECT_EQ(gc.getClass(0, 1), gc.getClass(1, 2));
  EXPECT_NE(gc.getClass(0, 2), gc.getClass(1, 1));
  EXPECT_EQ(gc.numClasses, 4u);
  auto shareable = fm->shareableClasses(0, 2);
  EXPECT_EQ(shareable.size(), 2u);
  // Alone, each einsum's ranks are classes of their own.
  EXPECT_EQ(fm->groupClasses(1, 2).numClasses, 3u);
  // Sharing n: mm1 does not reduce over n; legal; C internal.
  auto g = fm->analyzeGroup(0, 2, {gc.getClass(0, 1)});
  ASSERT_TRUE(static_cast<bool>(g));
  ASSERT_EQ(g->internals.size(), 1u);
  EXPECT_EQ(g->internalAccesses[0], 4u);
  EXPECT_EQ(g->internalAccesses[1], 1u);
}

// connectedCuts (all cuts of a group in one pass) agrees with isConnected
// on both sides of every cut of every group of random DAGs: elementwise
// einsums reading one or two earlier tensors (inputs or results), some
// results read by nobody.
TEST_F(FusionTest, ConnectedCutsMatchIsConnected) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    WorkloadBuilder b;
    std::vector<unsigned> avail{b.in("X", {4}), b.in("Y", {4})};
    unsigned n = 2 + rng() % 11;
    for (unsigned e = 0; e < n; ++e) {
      unsigned t = e + 1 == n ? b.out("O", {4})
                              : b.tensor("T" + std::to_string(e), {4});
      std::vector<WorkloadBuilder::AccessSpec> ins;
      for (unsigned k = 0, nin = 1 + rng() % 2; k < nin; ++k)
        ins.push_back({avail[rng() % avail.size()], {"i"}});
      b.einsum("e" + std::to_string(e), {{"i", 4}}, ins, {t, {"i"}});
      avail.push_back(t);
    }
    Workload w = b.build();
    auto fm = FusionModel::create(w);
    ASSERT_TRUE(static_cast<bool>(fm)) << llvm::toString(fm.takeError());
    for (unsigned begin = 0; begin < n; ++begin)
      for (unsigned end = begin + 1; end <= n; ++end) {
        std::vector<bool> cuts = fm->connectedCuts(begin, end);
        ASSERT_EQ(cuts.size(), end - begin);
        EXPECT_FALSE(cuts[0]);
        for (unsigned k = begin + 1; k < end; ++k)
          EXPECT_EQ(cuts[k - begin],
                    fm->isConnected(begin, k) && fm->isConnected(k, end))
              << "trial " << trial << " group [" << begin << ", " << end
              << ") cut " << k;
      }
  }
}

TEST_F(FusionTest, IllegalSharingIsRejected) {
  // mm2 reduces over the class of its n, which is produced by nobody; but
  // a chain where the producer reduces over the shared class is rejected:
  // X = A*B (reduce k); Y = X + A' where A' shares k? Build: P reduces over
  // j of its input T0 produced by Q.
  WorkloadBuilder b;
  unsigned A = b.in("A", {3, 4}), T0 = b.tensor("T0", {3, 4}),
           T1 = b.tensor("T1", {3}), Y = b.out("Y", {3, 4});
  b.einsum("q", {{"i", 3}, {"j", 4}}, {{A, {"i", "j"}}}, {T0, {"i", "j"}});
  b.einsum("p", {{"i", 3}, {"j", 4}}, {{T0, {"i", "j"}}}, {T1, {"i"}});
  b.einsum("s", {{"i", 3}, {"j", 4}}, {{T1, {"i"}}, {T0, {"i", "j"}}},
           {Y, {"i", "j"}});
  Workload w = b.build();
  auto fm = FusionModel::create(w);
  ASSERT_TRUE(static_cast<bool>(fm));
  GroupClasses gc = fm->groupClasses(0, 3);
  unsigned jc = gc.getClass(0, 1);
  auto bad = fm->analyzeGroup(0, 3, {jc});
  EXPECT_FALSE(static_cast<bool>(bad));
  llvm::consumeError(bad.takeError());
  auto good = fm->analyzeGroup(0, 3, {gc.getClass(0, 0)});
  EXPECT_TRUE(static_cast<bool>(good));
  if (!good)
    llvm::consumeError(good.takeError());
}

TEST_F(FusionTest, ModelEqualsSimulatorOnEveryWitness) {
  for (const Case &c : smallCases()) {
    WorkloadCurves cv = curves(c.w);
    EXPECT_FALSE(cv.fused.empty()) << c.name;
    checkWitnesses(c.name + "/fused", c.w, cv.fused);
    checkWitnesses(c.name + "/unfused", c.w, cv.unfused);
  }
}

TEST_F(FusionTest, ModelEqualsSimulatorOnBypassWitnesses) {
  for (const Case &c : tinyCases()) {
    FusionOptions o;
    o.keep = every(c.w, KeepPolicy::Either);
    WorkloadCurves cv = curves(c.w, o);
    checkWitnesses(c.name + "/fused", c.w, cv.fused, o.keep);
  }
}

// Groups are sets: random non-empty subsets of the einsums (those the
// model accepts: connected), not only intervals, under random shared loops,
// inner loops and positions.
TEST_F(FusionTest, ModelEqualsSimulatorOnRandomGroupMappings) {
  std::mt19937 rng(7);
  unsigned checked = 0, sets = 0;
  std::vector<Case> cases = smallCases();
  cases.push_back({"interleaved", interleaved(4, 3, 5)});
  cases.push_back({"qkv", qkv(4, 3, 2)});
  cases.push_back({"twoMatmulsEven", twoMatmuls(4, 2, 3, 2)});
  cases.push_back({"qkvEven", qkv(6, 2, 2)});
  unsigned sharing = 0, retiled = 0;
  for (const Case &c : cases) {
    auto fm = FusionModel::create(c.w, every(c.w, KeepPolicy::Either));
    ASSERT_TRUE(static_cast<bool>(fm));
    unsigned n = c.w.einsums.size();
    for (unsigned trial = 0; trial < 300; ++trial) {
      std::vector<unsigned> list;
      unsigned mask = 1 + rng() % ((1u << n) - 1);
      for (unsigned e = 0; e < n; ++e)
        if ((mask >> e) & 1)
          list.push_back(e);
      GroupMembers members(list);
      bool share = !fm->sharedInputs(members).empty() && rng() % 2;
      auto classes =
          members.size() > 1
              ? fm->shareableClasses(fm->groupClasses(members, share))
              : llvm::SmallVector<unsigned, 4>();
      std::shuffle(classes.begin(), classes.end(), rng);
      classes.resize(rng() % (classes.size() + 1));
      auto ga = fm->analyzeGroup(members, classes, share);
      if (!ga) {
        llvm::consumeError(ga.takeError());
        continue;
      }
      FusedGroupMapping g;
      g.einsums = members;
      g.shareInputs = share;
      sharing += share;
      // One position at or above the shared loops per shared input.
      std::map<unsigned, unsigned> sharedAt;
      for (const SharedInput &si : ga->sharedInputs)
        sharedAt[si.tensor] = rng() % (classes.size() + 1);
      for (unsigned k = 0; k < classes.size(); ++k) {
        int64_t ext =
            c.w.einsums[members[0]].ranks[ga->sharedRanks[0][k]].extent;
        g.shared.push_back({classes[k], 1 + int64_t(rng() % ext)});
      }
      sets += !members.isInterval();
      for (unsigned i = 0; i < members.size(); ++i) {
        const Einsum &es = c.w.einsums[members[i]];
        Mapping m;
        for (unsigned k = 0; k < classes.size(); ++k)
          m.loops.push_back({ga->sharedRanks[i][k], g.shared[k].tile});
        std::vector<unsigned> rest;
        for (unsigned r = 0; r < es.ranks.size(); ++r)
          if (std::find(ga->sharedRanks[i].begin(), ga->sharedRanks[i].end(),
                        r) == ga->sharedRanks[i].end())
            rest.push_back(r);
        std::shuffle(rest.begin(), rest.end(), rng);
        rest.resize(rng() % (rest.size() + 1));
        for (unsigned r : rest)
          m.loops.push_back({r, 1 + int64_t(rng() % es.ranks[r].extent)});
        // Now and then a shared rank tiled again (FusionModel.h,
        // "Re-tiling"), anywhere among the inner loops.
        bool onChip = (ga->internalAccesses[i] | ga->sharedAccesses[i]) != 0;
        for (unsigned k = 0; k < classes.size() && onChip; ++k) {
          unsigned r = ga->sharedRanks[i][k];
          if (!fm->mayRetile(members[i], r, g.shared[k].tile) || rng() % 2)
            continue;
          unsigned at = classes.size() +
                        rng() % (m.loops.size() - classes.size() + 1);
          m.loops.insert(m.loops.begin() + at,
                         {r, 1 + int64_t(rng() % (g.shared[k].tile - 1))});
          ++retiled;
        }
        // The cost model's loop states: a re-tiled rank is costed split, so
        // legality is asked of the split einsum (as evaluateGroup does).
        llvm::SmallVector<std::pair<unsigned, int64_t>, 2> split;
        for (unsigned k = 0; k < classes.size(); ++k)
          for (unsigned l = classes.size(); l < m.loops.size(); ++l)
            if (m.loops[l].rank == ga->sharedRanks[i][k])
              split.push_back({m.loops[l].rank, g.shared[k].tile});
        std::optional<SplitEinsum> sm;
        Mapping costed = m;
        if (!split.empty()) {
          sm.emplace(llvm::cantFail(fm->splitEinsum(members[i], split)));
          costed = sm->toSplit(m, classes.size());
        }
        const CostModel &cm =
            sm ? sm->model : fm->getCostModel(members[i]);
        std::vector<LoopState> ls;
        for (const Loop &l : costed.loops)
          ls.push_back(LoopState::get(l, cm.getExtent(l.rank)));
        for (unsigned a = 0; a <= es.inputs.size(); ++a) {
          if ((ga->internalAccesses[i] >> a) & 1) {
            m.positions.push_back(Mapping::kOnChip);
            continue;
          }
          if ((ga->sharedAccesses[i] >> a) & 1) {
            m.positions.push_back(sharedAt[es.inputs[a].tensor]);
            continue;
          }
          std::vector<unsigned> legal{Mapping::kBypass};
          for (unsigned p = 0; p <= m.loops.size(); ++p)
            if (FusionModel::isInnerPositionLegal(cm, ls, classes.size(), a, p))
              legal.push_back(p);
          m.positions.push_back(legal[rng() % legal.size()]);
        }
        g.mappings.push_back(m);
      }
      auto model = fm->evaluateGroup(g);
      ASSERT_TRUE(static_cast<bool>(model)) << llvm::toString(model.takeError());
      auto sim = simulateGroup(c.w, g, uint64_t(1) << 26,
                               every(c.w, KeepPolicy::Either));
      ASSERT_TRUE(static_cast<bool>(sim)) << llvm::toString(sim.takeError());
      EXPECT_EQ(model->accessBits, sim->accessBits) << fm->formatGroup(g);
      EXPECT_EQ(model->peakBits, sim->peakBits) << fm->formatGroup(g);
      for (unsigned i = 0; i < model->perEinsum.size(); ++i)
        EXPECT_EQ(model->perEinsum[i], sim->perEinsum[i]) << fm->formatGroup(g);
      ++checked;
    }
  }
  EXPECT_GT(checked, 300u);
  // Some of them not intervals (interleaved's {mmA, reluA} and {mmB, reluB}).
  EXPECT_GT(sets, 20u);
  // Some share inputs (fanOut's Xn, fanIn's X, qkv's X).
  EXPECT_GT(sharing, 50u);
  // Some tile a shared rank again.
  EXPECT_GT(retiled, 50u);
}

TEST_F(FusionTest, SimulatorRejectsBrokenDependencies) {
  // Tile a transposed read: mm2 reads C[n, m] with its rank order swapped
  // would need other tiles; simpler: force shared loops that the model
  // rejects and check the simulator notices too.
  WorkloadBuilder b;
  unsigned A = b.in("A", {3, 4}), T0 = b.tensor("T0", {3}),
           Y = b.out("Y", {3, 4});
  b.einsum("red", {{"i", 3}, {"j", 4}}, {{A, {"i", "j"}}}, {T0, {"i"}});
  b.einsum("use", {{"i", 3}, {"j", 4}}, {{T0, {"i"}}, {A, {"i", "j"}}},
           {Y, {"i", "j"}});
  Workload w = b.build();
  FusedGroupMapping g;
  g.einsums = GroupMembers::interval(0, 2);
  g.shared.push_back({0, 2});
  // Share j (rank 1 in both) although red reduces over it.
  g.mappings.push_back({{{1, 2}}, {0, Mapping::kOnChip}});
  g.mappings.push_back({{{1, 2}}, {Mapping::kOnChip, 0, 0}});
  auto sim = simulateGroup(w, g);
  EXPECT_FALSE(static_cast<bool>(sim));
  llvm::consumeError(sim.takeError());
}

TEST_F(FusionTest, SearchEqualsBruteForce) {
  for (const Case &c : tinyCases()) {
    FusionOptions o;
    WorkloadCurves s = curves(c.w, o);
    auto bf = bruteForceWorkloadCurves(c.w, o);
    ASSERT_TRUE(static_cast<bool>(bf)) << llvm::toString(bf.takeError());
    EXPECT_EQ(pairs(s.fused), pairs(bf->fused)) << c.name;
    EXPECT_EQ(pairs(s.unfused), pairs(bf->unfused)) << c.name;
    checkWitnesses(c.name + "/bf", c.w, bf->fused);
  }
}

TEST_F(FusionTest, SearchEqualsBruteForceWithBypass) {
  for (const Case &c : tinyCases()) {
    if (c.name == "convChain")
      continue;
    FusionOptions o;
    o.keep = every(c.w, KeepPolicy::Either);
    WorkloadCurves s = curves(c.w, o);
    auto bf = bruteForceWorkloadCurves(c.w, o);
    ASSERT_TRUE(static_cast<bool>(bf)) << llvm::toString(bf.takeError());
    EXPECT_EQ(pairs(s.fused), pairs(bf->fused)) << c.name;
  }
}

// Per-tensor placements (a level's `keep:`, `may_keep:` and `bypass:`):
// the tiny DAGs under placements that mix policies. The brute force equals
// the search, fused and unfused; every witness obeys the placements and
// replays in the simulator (told the placements, it checks them on its
// own); and the fused curve is never above the unfused one.
TEST_F(FusionTest, SearchEqualsBruteForceWithMixedPlacements) {
  unsigned compared = 0;
  for (const Case &c : tinyCases()) {
    if (c.name == "convChain")
      continue;
    for (const auto &[name, keep] : mixedPlacements(c.w)) {
      std::string where = c.name + "/" + name;
      FusionOptions o;
      o.keep = keep;
      WorkloadCurves s = curves(c.w, o);
      auto bf = bruteForceWorkloadCurves(c.w, o);
      ASSERT_TRUE(static_cast<bool>(bf)) << llvm::toString(bf.takeError());
      EXPECT_EQ(pairs(s.fused), pairs(bf->fused)) << where;
      EXPECT_EQ(pairs(s.unfused), pairs(bf->unfused)) << where;
      checkWitnesses(where + "/search", c.w, s.fused, keep);
      checkWitnesses(where + "/brute", c.w, bf->fused, keep);
      checkWitnesses(where + "/unfused", c.w, s.unfused, keep);
      for (const WorkloadPoint &p : s.unfused)
        EXPECT_LE(at(s.fused, p.capacityBits), p.accessBits) << where;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 4u * 6u);
}

// Groups that are not intervals of the order (FusionSearch.h, "Convex
// groups"): on DAGs with branches written interleaved, the search equals
// the brute force over every partition into connected groups some order
// runs, under every placement mix; with lookahead 0 it equals the brute
// force over intervals; and the interleaved branches' fused curve drops
// below the intervals' one: unbounded, their intermediates never leave the
// buffer (the compulsory traffic).
TEST_F(FusionTest, ConvexGroupsEqualBruteForce) {
  std::vector<Case> cases = {{"interleaved", interleaved(3, 2, 3)},
                             {"interleavedSquare", interleaved(2, 3, 2)},
                             {"fanOut", fanOut(3, 2, 2)},
                             {"fanIn", fanIn(3, 2)}};
  unsigned compared = 0;
  for (const Case &c : cases)
    compared += equalsBruteForceUnderPlacements(c);
  EXPECT_EQ(compared, 4u * 7u * 2u);
  Workload w = interleaved(3, 2, 3);
  FusionOptions intervals;
  intervals.lookahead = 0;
  WorkloadCurves convex = curves(w), flat = curves(w, intervals);
  EXPECT_EQ(convex.fused.back().accessBits, compulsory(w));
  EXPECT_LT(convex.fused.back().accessBits, flat.fused.back().accessBits);
  // The unbounded witness: {mmA, reluA} and {mmB, reluB}.
  const FusedWitness &wit = convex.fused.back().witness;
  ASSERT_EQ(wit.groups.size(), 2u);
  EXPECT_EQ(wit.groups[0]->einsums, GroupMembers({0, 2}));
  EXPECT_EQ(wit.groups[1]->einsums, GroupMembers({1, 3}));
}

/// A layer norm's shape: the mean of X, then X - mean: both read X.
Workload centre(int64_t M, int64_t N) {
  WorkloadBuilder b;
  unsigned X = b.in("X", {M, N}), mu = b.tensor("mu", {M}),
           Y = b.out("Y", {M, N});
  b.einsum("mean", {{"i", M}, {"j", N}}, {{X, {"i", "j"}}}, {mu, {"i"}});
  b.einsum("sub", {{"i", M}, {"j", N}}, {{X, {"i", "j"}}, {mu, {"i"}}},
           {Y, {"i", "j"}});
  return b.build();
}

/// A = X W1; B = relu(Y); C = X W2, in that order: {A, C} shares X but
/// is not an interval.
Workload apart(int64_t M, int64_t K, int64_t N) {
  WorkloadBuilder b;
  unsigned X = b.in("X", {M, K}), W1 = b.in("W1", {K, N}),
           Y = b.in("Y", {M, N}), W2 = b.in("W2", {K, N}),
           A = b.out("A", {M, N}), B = b.out("B", {M, N}),
           C = b.out("C", {M, N});
  b.einsum("mmA", {{"m", M}, {"n", N}, {"k", K}},
           {{X, {"m", "k"}}, {W1, {"k", "n"}}}, {A, {"m", "n"}});
  b.einsum("relu", {{"i", M}, {"j", N}}, {{Y, {"i", "j"}}}, {B, {"i", "j"}});
  b.einsum("mmC", {{"m", M}, {"n", N}, {"k", K}},
           {{X, {"m", "k"}}, {W2, {"k", "n"}}}, {C, {"m", "n"}});
  return b.build();
}

// The first inner loop may index no access left to place: the reservations
// below it are inner ones (released after each shared iteration, in the
// inner peak). An output whose other ranks are shared or of extent 1 can
// only get there under such a loop. Without shared inputs.
TEST_F(FusionTest, IdleFirstInnerLoopEqualsBruteForce) {
  std::vector<Case> cases = {{"fanOutThin", fanOut(3, 2, 1)},
                             {"twoMatmulsThin", twoMatmuls(3, 2, 1, 1)},
                             {"qkvThin", qkv(3, 2, 1)}};
  for (const Case &c : cases)
    for (unsigned lookahead : {0u, 4u}) {
      FusionOptions o;
      o.shareInputs = false;
      o.lookahead = lookahead;
      WorkloadCurves s = curves(c.w, o);
      auto bf = bruteForceWorkloadCurves(c.w, o);
      ASSERT_TRUE(static_cast<bool>(bf)) << llvm::toString(bf.takeError());
      EXPECT_EQ(pairs(s.fused), pairs(bf->fused)) << c.name;
      checkWitnesses(c.name, c.w, s.fused);
    }
}

// Shared inputs (FusionModel.h): the search equals the brute force, which
// enumerates both variants of every group (inputs shared or not) with every
// position of each shared input, on groups linked only by a shared input
// (qkv, apart), one whose sharing merges classes (centre), with and
// without groups that are not intervals, under mixed placements; the
// witnesses evaluate alike in the model and the simulator. Sharing lowers
// the curve of each.
TEST_F(FusionTest, SharedInputsEqualBruteForce) {
  std::vector<Case> cases = {{"qkv", qkv(2, 2, 2)},
                             {"qkvOblong", qkv(3, 2, 1)},
                             {"centre", centre(3, 2)},
                             {"apart", apart(2, 2, 3)}};
  unsigned compared = 0, shared = 0;
  for (const Case &c : cases) {
    compared +=
        equalsBruteForceUnderPlacements(c, [&](const WorkloadCurves &s) {
          for (const WorkloadPoint &p : s.fused)
            for (const auto &g : p.witness.groups)
              shared += g->shareInputs;
        });
    FusionOptions off;
    off.shareInputs = false;
    StepFront with = pairs(curves(c.w).fused),
              without = pairs(curves(c.w, off).fused);
    for (auto [cap, acc] : with)
      EXPECT_LE(acc, frontAt(without, cap)) << c.name;
    EXPECT_LT(with.back().second, without.back().second) << c.name;
  }
  EXPECT_EQ(compared, 4u * 7u * 2u);
  EXPECT_GT(shared, 40u);
}

// Re-tiling (FusionModel.h): the search equals the brute force, which
// enumerates every shared rank an einsum with an access on chip may tile
// again with every smaller tile, on chains and fans whose shared tiles
// divide their extents, under mixed placements and with groups that are
// not intervals; the witnesses evaluate alike in the model and the
// simulator. Re-tiling lowers the curves of the chains somewhere (not the
// projections of one input, qkv, at this size) and some witnesses use it.
TEST_F(FusionTest, RetilingEqualsBruteForce) {
  std::vector<Case> cases = {{"twoMatmuls", twoMatmuls(4, 2, 3, 2)},
                             {"twoMatmulsLong", twoMatmuls(6, 2, 2, 2)},
                             {"matmulEwMatmul", matmulEwMatmul(4, 2, 2, 1)},
                             {"qkv", qkv(4, 2, 1)}};
  unsigned compared = 0, retiled = 0;
  auto countRetiled = [&](const WorkloadCurves &s) {
    for (const WorkloadPoint &p : s.fused)
      for (const auto &g : p.witness.groups)
        for (const Mapping &m : g->mappings)
          for (unsigned l = g->shared.size(); l < m.loops.size(); ++l)
            for (unsigned k = 0; k < g->shared.size(); ++k)
              retiled += m.loops[l].rank == m.loops[k].rank;
  };
  FusionOptions on;
  on.retile = true;
  for (const Case &c : cases) {
    compared += equalsBruteForceUnderPlacements(c, countRetiled, on);
    StepFront with = pairs(curves(c.w, on).fused),
              without = pairs(curves(c.w).fused);
    bool lower = false;
    for (auto [cap, acc] : with) {
      EXPECT_LE(acc, frontAt(without, cap)) << c.name;
      lower |= acc < frontAt(without, cap);
    }
    EXPECT_TRUE(lower || c.name == "qkv") << c.name;
  }
  EXPECT_EQ(compared, 4u * 7u * 2u);
  EXPECT_GT(retiled, 20u);
}

// A tensor that must bypass the buffer cannot stay in it: with every
// intermediate bypassed no group keeps anything on chip, and a group
// without internal tensors is no better than its einsums alone, so the
// fused curve is the unfused one.
TEST_F(FusionTest, IntermediatesThatMustBypassStayOffChip) {
  for (const Case &c : smallCases()) {
    FusionOptions o;
    o.shareInputs = false; // sharing an input is a gain of its own
    for (const Tensor &t : c.w.tensors)
      o.keep.push_back(t.kind == TensorKind::Intermediate ? KeepPolicy::Bypass
                                                          : KeepPolicy::Keep);
    WorkloadCurves cv = curves(c.w, o);
    EXPECT_EQ(pairs(cv.fused), pairs(cv.unfused)) << c.name;
    checkWitnesses(c.name, c.w, cv.fused, o.keep);
    for (const WorkloadPoint &p : cv.fused)
      for (const auto &g : p.witness.groups)
        for (const Mapping &m : g->mappings)
          for (unsigned pos : m.positions)
            EXPECT_NE(pos, Mapping::kOnChip) << c.name;
  }
}

// The model and the simulator each reject a witness that breaks the
// placements: a kept tensor bypassed, a bypassed one kept, or an
// intermediate that must bypass kept on chip.
TEST_F(FusionTest, ModelAndSimulatorCheckPlacements) {
  Workload w = twoMatmuls(3, 2, 3, 2);
  FusionOptions o;
  o.keep = every(w, KeepPolicy::Either);
  WorkloadCurves cv = curves(w, o);
  unsigned rejected = 0;
  for (const WorkloadPoint &p : cv.fused)
    for (const auto &g : p.witness.groups)
      for (unsigned i = 0; i < g->mappings.size(); ++i) {
        const Einsum &es = w.einsums[g->einsums[i]];
        for (unsigned a = 0; a <= es.inputs.size(); ++a) {
          unsigned t =
              a < es.inputs.size() ? es.inputs[a].tensor : es.output.tensor;
          unsigned pos = g->mappings[i].positions[a];
          // The placement this position breaks.
          std::vector<KeepPolicy> keep = o.keep;
          keep[t] =
              pos == Mapping::kBypass ? KeepPolicy::Keep : KeepPolicy::Bypass;
          auto fm = FusionModel::create(w, keep);
          ASSERT_TRUE(static_cast<bool>(fm));
          auto model = fm->evaluateGroup(*g);
          auto sim = simulateGroup(w, *g, uint64_t(1) << 26, keep);
          EXPECT_FALSE(static_cast<bool>(model)) << fm->formatGroup(*g);
          EXPECT_FALSE(static_cast<bool>(sim)) << fm->formatGroup(*g);
          if (!model)
            llvm::consumeError(model.takeError());
          if (!sim)
            llvm::consumeError(sim.takeError());
          ++rejected;
        }
      }
  EXPECT_GT(rejected, 10u);
}

TEST_F(FusionTest, FusedNeverAboveUnfused) {
  for (const Case &c : smallCases()) {
    WorkloadCurves cv = curves(c.w);
    for (const WorkloadPoint &p : cv.unfused)
      EXPECT_LE(at(cv.fused, p.capacityBits), p.accessBits) << c.name;
    for (const WorkloadPoint &p : cv.fused)
      EXPECT_LE(p.accessBits, at(cv.unfused, p.capacityBits)) << c.name;
  }
}

TEST_F(FusionTest, GivenSingleFrontsChangeNothing) {
  // Fronts handed in by a caller (the passes' curve cache) replace the
  // singleton searches without changing a point or a witness; a provider
  // that declines (nullopt) falls back to the search.
  for (bool bypass : {false, true})
    for (const Case &c : smallCases()) {
      FusionOptions o;
      if (bypass)
        o.keep = every(c.w, KeepPolicy::Either);
      WorkloadCurves plain = curves(c.w, o);
      unsigned calls = 0;
      o.singleFront = [&](unsigned e)
          -> std::optional<std::vector<ParetoPoint>> {
        if (++calls % 3 == 0)
          return std::nullopt;
        return singleEinsumFront(c.w, e, bypass);
      };
      WorkloadCurves given = curves(c.w, o);
      EXPECT_GT(calls, 0u) << c.name;
      ASSERT_EQ(pairs(plain.fused), pairs(given.fused)) << c.name;
      EXPECT_EQ(pairs(plain.unfused), pairs(given.unfused)) << c.name;
      for (size_t k = 0; k < plain.fused.size(); ++k)
        for (size_t g = 0; g < plain.fused[k].witness.groups.size(); ++g)
          EXPECT_EQ(plain.fused[k].witness.groups[g]->mappings,
                    given.fused[k].witness.groups[g]->mappings)
              << c.name << " point " << k;
    }
}

// Unbounded, the fused curve reaches the compulsory traffic with every
// shareable input read once (fanOut's Xn by q and k, fanIn's X by mm and
// add, qkv's X by all three); without shared inputs, once per reader.
TEST_F(FusionTest, UnboundedFusedIsCompulsory) {
  std::vector<Case> cases = smallCases();
  cases.push_back({"qkv", qkv(4, 3, 2)});
  unsigned lower = 0;
  for (const Case &c : cases) {
    WorkloadCurves cv = curves(c.w);
    ASSERT_FALSE(cv.fused.empty());
    EXPECT_EQ(cv.fused.back().accessBits, compulsoryShared(c.w)) << c.name;
    FusionOptions plain;
    plain.shareInputs = false;
    WorkloadCurves cp = curves(c.w, plain);
    EXPECT_EQ(cp.fused.back().accessBits, compulsory(c.w)) << c.name;
    lower += compulsoryShared(c.w) < compulsory(c.w);
    // Unfused reads every input once per reader, and moves every
    // intermediate out and back in (qkv has none).
    if (c.name == "qkv")
      EXPECT_EQ(cv.unfused.back().accessBits, compulsory(c.w));
    else
      EXPECT_GT(cv.unfused.back().accessBits, compulsory(c.w)) << c.name;
  }
  EXPECT_EQ(lower, 2u); // fanIn and qkv (fanOut's Xn is an intermediate)
}

TEST_F(FusionTest, UnfusedIsSumOfSingleEinsumCurves) {
  for (const Case &c : smallCases()) {
    WorkloadCurves cv = curves(c.w);
    std::vector<std::pair<Count, Count>> sum{{0, 0}};
    for (const Einsum &e : c.w.einsums) {
      auto m = CostModel::create(e, c.w.tensors);
      ASSERT_TRUE(static_cast<bool>(m));
      auto r = searchParetoFront(*m, SearchOptions());
      ASSERT_TRUE(static_cast<bool>(r));
      std::vector<std::pair<Count, Count>> f;
      for (const ParetoPoint &p : r->front.points())
        f.push_back({p.occupancyBits, p.accessBits});
      sum = sumFronts(sum, f);
    }
    EXPECT_EQ(pairs(cv.unfused), sum) << c.name;
  }
}

// Known answers for A[M,K]·B[K,N] -> C, C·D[N,P] -> E with M=4, K=3, N=5,
// P=2, 16-bit (all counts below in elements; x16 for bits).
// Persistent: A 12, B 15, D 10, E 8 = 45 elements = 720 bits.
//
// Unbounded capacity: one group {mm1, mm2} with no shared loop and every
// tensor held whole: traffic = compulsory = 45 elements (720 bits); C never
// moves. Unfused at unbounded capacity adds C written (20) and read (20):
// 85 elements = 1360 bits.
//
// Smallest capacity: every reservation must be one element per tensor
// touched. Unfused, each matmul loops every rank at tile 1 with all tensors
// at the innermost position: occupancy 3 elements = 48 bits (the buffer
// must hold one element of each accessed tensor). Fused with shared m:1,
// n:1 (C internal, one element) the chain needs A, B at 1 element each
// in mm1 (inner: k loop), C 1 element live, D, E 1 element in mm2 (inner:
// p loop): peak = C(1) + max(A+B, D+E) = 3 elements = 48 bits as well,
// so at 48 bits the best is the cheaper of the two. Unfused at 48 bits:
// mm1 with loops [m:1 n:1 k:1] and everything innermost: A read M*N*K=60,
// B 60, C written 20 (k innermost, C box changes only with m, n) -> 140;
// mm2 likewise: C 40, D 40, E 8 -> 88; total 228 elements. Fused at 48
// bits: shared [m:1 n:1]; mm1 inner k:1 -> A 60 + B 60; mm2 (reduces over
// shared n) inner p:1 -> D read 4*5*2 = 40, E: its box (m, p) is evicted
// at every p and n step, so written M*N*P = 40 and read back except the
// first visit: 40 - 8 = 32 -> 60 + 60 + 40 + 40 + 32 = 232 > 228: the
// first point of the fused curve is the unfused one (228 elements) and
// fusion starts to pay when C's 40 element moves can be saved.
TEST_F(FusionTest, TwoMatmulKnownAnswers) {
  Workload w = twoMatmuls(4, 3, 5, 2);
  WorkloadCurves cv = curves(w);
  ASSERT_FALSE(cv.fused.empty());
  EXPECT_EQ(cv.fused.back().accessBits, Count(45 * 16));
  EXPECT_EQ(cv.unfused.back().accessBits, Count(85 * 16));
  EXPECT_EQ(cv.fused.front().capacityBits, Count(3 * 16));
  EXPECT_EQ(cv.unfused.front().capacityBits, Count(3 * 16));
  EXPECT_EQ(cv.unfused.front().accessBits, Count(228 * 16));
  EXPECT_EQ(cv.fused.front().accessBits, Count(228 * 16));
  // The unbounded witness is the whole chain in one group.
  const FusedWitness &wit = cv.fused.back().witness;
  ASSERT_EQ(wit.groups.size(), 1u);
  EXPECT_EQ(wit.groups[0]->einsums.size(), 2u);
}

// The partition pruning (cut rule, DP branch and bound, cheap config
// bound) must not change the fused curve; each rule must fire somewhere.
TEST_F(FusionTest, PartitionPruningLosesNothing) {
  std::vector<Case> cases = smallCases();
  cases.push_back({"gpt3tiny", gpt3Layer(2, false, 4, 4, 2, 2, 4)});
  cases.push_back({"gpt3tinyPlain", gpt3Layer(1, true, 4, 4, 2, 2, 6)});
  cases.push_back({"interleaved", interleaved(4, 3, 5)});
  Count cut = 0, cfg = 0, states = 0;
  for (const Case &c : cases)
    // Intervals only, and groups that are not intervals under short
    // lookaheads and spans (the cut rule splits into states the DP has;
    // FusionSearch.h, "Convex groups").
    for (unsigned lookahead : {0u, 2u, 3u, 4u}) {
      std::string name = c.name + "/lookahead " + std::to_string(lookahead);
      FusionOptions on, off;
      on.maxGroupSize = off.maxGroupSize = 5;
      on.lookahead = off.lookahead = lookahead;
      on.maxGroupSpan = off.maxGroupSpan = 6;
      off.partitionPruning = false;
      WorkloadCurves a = curves(c.w, on), b = curves(c.w, off);
      EXPECT_EQ(pairs(a.fused), pairs(b.fused)) << name;
      EXPECT_EQ(pairs(a.unfused), pairs(b.unfused)) << name;
      EXPECT_EQ(b.stats.groupsCut + b.stats.configsPruned +
                    b.stats.joinStatesPruned,
                Count(0));
      cut += a.stats.groupsCut;
      cfg += a.stats.configsPruned;
      states += a.stats.joinStatesPruned;
      if (c.w.einsums.size() <= 5)
        checkWitnesses(name + "/pruned", c.w, a.fused);
    }
  EXPECT_GT(cut, Count(0));
  EXPECT_GT(cfg, Count(0));
  EXPECT_GT(states, Count(0));
}

/// Attention scores and their mask, then a row reduction:
/// S[b,m,n] = sum_k Q[b,m,k] K[b,k,n]; T = S + mask[m,n]; R[b,m] = sum_n T.
Workload scoresMaskReduce(int64_t B, int64_t M, int64_t N, int64_t K) {
  WorkloadBuilder b;
  unsigned Q = b.in("Q", {B, M, K}), Kt = b.in("K", {B, K, N}),
           S = b.tensor("S", {B, M, N}), mask = b.in("mask", {M, N}),
           T = b.tensor("T", {B, M, N}), R = b.out("R", {B, M});
  b.einsum("qk", {{"b", B}, {"m", M}, {"n", N}, {"k", K}},
           {{Q, {"b", "m", "k"}}, {Kt, {"b", "k", "n"}}}, {S, {"b", "m", "n"}});
  b.einsum("mask", {{"b", B}, {"m", M}, {"n", N}},
           {{S, {"b", "m", "n"}}, {mask, {"m", "n"}}}, {T, {"b", "m", "n"}});
  b.einsum("sum", {{"b", B}, {"m", M}, {"n", N}}, {{T, {"b", "m", "n"}}},
           {R, {"b", "m"}});
  return b.build();
}

/// A row statistic, then a scaled difference with a per-column weight (the
/// shape of LayerNorm): R[m] = sum_n X[m,n]; Y[m,n] = (X - R) * g[n].
Workload rowNorm(int64_t M, int64_t N) {
  WorkloadBuilder b;
  unsigned X = b.in("X", {M, N}), R = b.tensor("R", {M}), g = b.in("g", {N}),
           Y = b.out("Y", {M, N});
  b.einsum("sum", {{"m", M}, {"n", N}}, {{X, {"m", "n"}}}, {R, {"m"}});
  b.einsum("norm", {{"m", M}, {"n", N}},
           {{X, {"m", "n"}}, {R, {"m"}}, {g, {"n"}}}, {Y, {"m", "n"}});
  return b.build();
}

/// LayerNorm's second half: V[m] = sum_n X[m,n]^2; r[m] = f(V[m]);
/// Y[m,n] = X * r * g[n] + h[n].
Workload rowScale(int64_t M, int64_t N) {
  WorkloadBuilder b;
  unsigned X = b.in("X", {M, N}), V = b.tensor("V", {M}),
           r = b.tensor("r", {M}), g = b.in("g", {N}), h = b.in("h", {N}),
           Y = b.out("Y", {M, N});
  b.einsum("var", {{"m", M}, {"n", N}}, {{X, {"m", "n"}}}, {V, {"m"}});
  b.einsum("rsqrt", {{"m", M}}, {{V, {"m"}}}, {r, {"m"}});
  b.einsum("scale", {{"m", M}, {"n", N}},
           {{X, {"m", "n"}}, {r, {"m"}}, {g, {"n"}}, {h, {"n"}}},
           {Y, {"m", "n"}});
  return b.build();
}

/// A pointwise producer, then a window over its output (ResNet's ReLU ->
/// 3x3 convolution): A[c,x] = relu(I[c,x]); T[f,p] = sum_{c,r} A[c,p+r]
/// W[f,c,r].
Workload reluConv(int64_t C, int64_t F, int64_t P, int64_t R) {
  WorkloadBuilder b;
  unsigned I = b.in("I", {C, P + R - 1}), A = b.tensor("A", {C, P + R - 1}),
           W = b.in("W", {F, C, R}), T = b.out("T", {F, P});
  b.einsum("relu", {{"c", C}, {"x", P + R - 1}}, {{I, {"c", "x"}}},
           {A, {"c", "x"}});
  b.einsum("conv", {{"f", F}, {"p", P}, {"c", C}, {"r", R}},
           {{A, {"c", "p+r"}}, {W, {"f", "c", "r"}}}, {T, {"f", "p"}});
  return b.build();
}

/// Every group front of 2+ einsums of `fm` searched under `a` and under
/// `b`: the same points and, with `witnesses`, the same witnesses.
static void expectSameGroupFronts(const FusionModel &fm, const FusionOptions &a,
                                  const FusionOptions &b,
                                  const std::string &label, bool witnesses) {
  unsigned n = fm.getWorkload().einsums.size();
  for (unsigned begin = 0; begin < n; ++begin)
    for (unsigned end = begin + 2; end <= n; ++end) {
      std::string where = label + " group " + std::to_string(begin) + ".." +
                          std::to_string(end);
      auto pa = searchGroupFront(fm, begin, end, a);
      auto pb = searchGroupFront(fm, begin, end, b);
      ASSERT_TRUE(pa && pb) << where;
      ASSERT_EQ(pa->size(), pb->size()) << where;
      for (unsigned p = 0; p < pa->size(); ++p) {
        EXPECT_EQ((*pa)[p].peakBits, (*pb)[p].peakBits) << where;
        EXPECT_EQ((*pa)[p].accessBits, (*pb)[p].accessBits) << where;
        if (witnesses) {
          EXPECT_EQ(fm.formatGroup((*pa)[p].witness),
                    fm.formatGroup((*pb)[p].witness))
              << where << " point " << p;
        }
      }
    }
}

// The per-configuration bounds (the cheap bound, the staircase bound with
// its inner options, the range bound over a run's innermost tiles) on
// ranks long enough for their tile lists to matter: every group's front,
// points and witnesses, is the one searched without them, and so is the
// workload's curve. (Group fronts: no DP bound hides a point a bound
// dropped wrongly. The small cases above have too few tiles per rank to
// tell a bound that takes the wrong trip count.)
TEST_F(FusionTest, ConfigurationBoundsLoseNothingOnLongRanks) {
  Count pruned = 0;
  for (const Workload &w :
       {scoresMaskReduce(2, 24, 24, 4), scoresMaskReduce(3, 20, 30, 2),
        matmulEwMatmul(30, 4, 24, 6), matmulEwMatmul(30, 4, 24, 16),
        rowNorm(30, 8), rowScale(64, 200), convChain(3, 4, 20, 3, 4),
        convChain(2, 6, 24, 3, 2), reluConv(4, 6, 20, 3),
        reluConv(3, 2, 30, 5)}) {
    FusionOptions on, off;
    off.partitionPruning = false;
    auto fm = FusionModel::create(w);
    ASSERT_TRUE(static_cast<bool>(fm)) << llvm::toString(fm.takeError());
    expectSameGroupFronts(*fm, on, off, w.einsums[0].name, true);
    WorkloadCurves a = curves(w, on), c = curves(w, off);
    pruned += a.stats.configsPruned;
    EXPECT_EQ(pairs(a.fused), pairs(c.fused));
    ASSERT_EQ(a.fused.size(), c.fused.size());
    for (unsigned p = 0; p < a.fused.size(); ++p) {
      const auto &ga = a.fused[p].witness.groups,
                 &gc = c.fused[p].witness.groups;
      ASSERT_EQ(ga.size(), gc.size()) << "point " << p;
      for (unsigned g = 0; g < ga.size(); ++g)
        EXPECT_EQ(fm->formatGroup(*ga[g]), fm->formatGroup(*gc[g]))
            << "point " << p << " group " << g;
    }
  }
  EXPECT_GT(pruned, Count(0));
}

/// ReLU, then a 2-D convolution over its output (two unit windows):
/// A[c,x,y] = relu(I[c,x,y]); T[f,p,q] = sum_{c,r,s} A[c,p+r,q+s] W[f,c,r,s].
Workload reluConv2d(int64_t C, int64_t F, int64_t P, int64_t R) {
  WorkloadBuilder b;
  int64_t X = P + R - 1;
  unsigned I = b.in("I", {C, X, X}), A = b.tensor("A", {C, X, X}),
           W = b.in("W", {F, C, R, R}), T = b.out("T", {F, P, P});
  b.einsum("relu", {{"c", C}, {"x", X}, {"y", X}}, {{I, {"c", "x", "y"}}},
           {A, {"c", "x", "y"}});
  b.einsum("conv", {{"f", F}, {"p", P}, {"q", P}, {"c", C}, {"r", R}, {"s", R}},
           {{A, {"c", "p+r", "q+s"}}, {W, {"f", "c", "r", "s"}}},
           {T, {"f", "p", "q"}});
  return b.build();
}

/// A producer, then the einsum where a window tile that is not the
/// smallest for its trip count pays off (SearchTest's window_tiles), once
/// with a windowed input produced in the group and once with the output
/// read by a consumer: P[x] = relu(I[x]); Y[c,a] = sum_b P[a+c] X1[c,c,a+b]
/// X2[c+a,c]; Z[c,a] = relu(Y[c,a]).
Workload windowTiles() {
  WorkloadBuilder b;
  unsigned I = b.in("I", {9}), P = b.tensor("P", {9}),
           X1 = b.in("X1", {3, 3, 10}), X2 = b.in("X2", {9, 3}),
           Y = b.tensor("Y", {3, 7}), Z = b.out("Z", {3, 7});
  b.einsum("relu", {{"x", 9}}, {{I, {"x"}}}, {P, {"x"}});
  b.einsum("win", {{"a", 7}, {"b", 4}, {"c", 3}},
           {{P, {"a+c"}}, {X1, {"c", "c", "a+b"}}, {X2, {"c+a", "c"}}},
           {Y, {"c", "a"}});
  b.einsum("relu2", {{"c", 3}, {"a", 7}}, {{Y, {"c", "a"}}}, {Z, {"c", "a"}});
  return b.build();
}

// The inner search's rules taken from the single-einsum search (its
// branch and bound with the deeper traffic bounds, the footprint bound
// that ends a rank's tiles, the window-tile obligations): every group
// front, points and witnesses, and every workload curve is the one its
// canonical forms alone give, on windows whose tiles, trip counts and
// partners the rules distinguish, and under mixed placements. (Without
// the partition bounds, so that no DP bound hides a point dropped wrongly.)
TEST_F(FusionTest, MappingPruningLosesNothing) {
  Count withRules = 0, without = 0;
  std::vector<std::pair<std::string, Workload>> cases = {
      {"convChain(2,3,12,3,2)", convChain(2, 3, 12, 3, 2)},
      {"convChain(1,2,16,5,2)", convChain(1, 2, 16, 5, 2)},
      {"reluConv(2,3,14,3)", reluConv(2, 3, 14, 3)},
      {"reluConv(3,2,10,4)", reluConv(3, 2, 10, 4)},
      {"reluConv2d(2,2,5,3)", reluConv2d(2, 2, 5, 3)},
      {"reluConv2d(2,3,7,3)", reluConv2d(2, 3, 7, 3)},
      {"convChain(2,2,30,7,2)", convChain(2, 2, 30, 7, 2)},
      {"windowTiles", windowTiles()},
      {"matmulEwMatmul(12,4,10,6)", matmulEwMatmul(12, 4, 10, 6)}};
  for (const auto &[name, w] : cases)
    for (const auto &[how, keep] : mixedPlacements(w)) {
      FusionOptions on, off;
      on.keep = off.keep = keep;
      on.partitionPruning = off.partitionPruning = false;
      off.mappingPruning = false;
      auto fm = FusionModel::create(w, keep);
      ASSERT_TRUE(static_cast<bool>(fm)) << llvm::toString(fm.takeError());
      expectSameGroupFronts(*fm, on, off, name + " " + how, true);
      WorkloadCurves a = curves(w, on), c = curves(w, off);
      withRules += a.stats.innerCandidates;
      without += c.stats.innerCandidates;
      EXPECT_EQ(pairs(a.fused), pairs(c.fused)) << name << " " << how;
    }
  // The rules drop something.
  EXPECT_LT(withRules, without);
}

// The configuration bounds (cheap, staircase, range) under per-tensor
// placements: an access that may bypass adds a bypass option, one that
// must bypass has only that, and only accesses that must be kept count in
// the cheap peak bound. Every group front is the same with and without
// them.
TEST_F(FusionTest, ConfigurationBoundsLoseNothingWithMixedPlacements) {
  Count pruned = 0;
  for (const Workload &w :
       {matmulEwMatmul(12, 4, 10, 6), scoresMaskReduce(2, 12, 12, 4),
        rowNorm(16, 8), twoMatmuls(8, 6, 10, 4)}) {
    for (const auto &[name, keep] : mixedPlacements(w)) {
      FusionOptions on, off;
      on.keep = off.keep = keep;
      off.partitionPruning = false;
      auto fm = FusionModel::create(w, keep);
      ASSERT_TRUE(static_cast<bool>(fm)) << llvm::toString(fm.takeError());
      expectSameGroupFronts(*fm, on, off, name, false);
      WorkloadCurves a = curves(w, on), c = curves(w, off);
      pruned += a.stats.configsPruned;
      EXPECT_EQ(pairs(a.fused), pairs(c.fused)) << name;
    }
  }
  EXPECT_GT(pruned, Count(0));
}

// GroupScan (the DP's incremental view of the groups of one end) against
// the group's own analysis, for every group in the DP's order and out of
// it: connectivity, a shareable class, and the cheap bounds without shared
// loops (live internal tensors whole plus one element per other access;
// distinct elements of the other accesses).
TEST_F(FusionTest, GroupScanMatchesTheGroupAnalysis) {
  std::vector<Case> cases = smallCases();
  cases.push_back({"gpt3tiny", gpt3Layer(2, false, 4, 4, 2, 2, 4)});
  cases.push_back({"rowScale", rowScale(6, 4)});
  cases.push_back({"reluConv", reluConv(2, 3, 5, 3)});
  for (const Case &c : cases) {
    unsigned n = c.w.einsums.size();
    // Every tensor kept, every one free to bypass, and every other one.
    for (unsigned pattern = 0; pattern < 3; ++pattern) {
      std::vector<KeepPolicy> keep;
      for (unsigned t = 0; t < c.w.tensors.size(); ++t)
        keep.push_back(pattern == 0   ? KeepPolicy::Keep
                       : pattern == 1 ? KeepPolicy::Either
                       : t % 2        ? KeepPolicy::Keep
                                      : KeepPolicy::Either);
      auto fm = FusionModel::create(c.w, keep);
      ASSERT_TRUE(static_cast<bool>(fm));
      GroupScan scan(*fm);
      auto check = [&](unsigned j, unsigned i) {
        scan.moveTo(j, i);
        std::string where =
            c.name + " [" + std::to_string(j) + ", " + std::to_string(i) + ")";
        ASSERT_EQ(scan.isConnected(), fm->isConnected(j, i)) << where;
        if (!scan.isConnected())
          return;
        EXPECT_EQ(scan.hasShareableClass(), !fm->shareableClasses(j, i).empty())
            << where;
        auto ga = fm->analyzeGroup(j, i, {});
        ASSERT_TRUE(static_cast<bool>(ga)) << where;
        Count peak = 0, acc = 0;
        for (unsigned e = j; e < i; ++e) {
          const CostModel &m = fm->getCostModel(e);
          Count occ = 0;
          for (const GroupAnalysis::Internal &in : ga->internals)
            if (in.producer <= e && e <= in.lastReader)
              occ += fm->internalTileBits(*ga, in, {});
          for (unsigned a = 0; a < m.getNumAccesses(); ++a) {
            if ((ga->internalAccesses[e - j] >> a) & 1)
              continue;
            acc += m.getAccessedElements(a) * m.getElementBits(a);
            if (fm->getAccessPlacement(e, a) == KeepPolicy::Keep)
              occ += m.getElementBits(a);
          }
          peak = std::max(peak, occ);
        }
        EXPECT_EQ(scan.noSharedPeakLow(), peak) << where;
        EXPECT_EQ(scan.accessLow(), acc) << where;
      };
      for (unsigned i = 1; i <= n; ++i)
        for (unsigned j = i; j-- > 0;)
          check(j, i);
      // Out of order: jumps to a new end and back up.
      for (unsigned i = n; i >= 1; --i)
        for (unsigned j = 0; j < i; j += 2)
          check(j, i);
    }
  }
}

// Group memo: in a stack of identical layers, the short groups of the later
// layers reuse the fronts of the first; every point and every witness
// (groups, shared loops, mappings) is the same as searching each group.
TEST_F(FusionTest, GroupMemoChangesNothing) {
  for (const Workload &w : {gpt3Layer(3, false, 4, 4, 2, 2, 4),
                            gpt3Layer(2, true, 4, 4, 2, 2, 6)}) {
    FusionOptions on, off;
    on.maxGroupSize = off.maxGroupSize = 9;
    off.groupMemo = false;
    WorkloadCurves a = curves(w, on), b = curves(w, off);
    EXPECT_GT(a.stats.groupFrontHits, Count(0));
    EXPECT_EQ(b.stats.groupFrontHits, Count(0));
    EXPECT_EQ(pairs(a.fused), pairs(b.fused));
    EXPECT_EQ(pairs(a.unfused), pairs(b.unfused));
    auto fm = FusionModel::create(w);
    ASSERT_TRUE(static_cast<bool>(fm)) << llvm::toString(fm.takeError());
    ASSERT_EQ(a.fused.size(), b.fused.size());
    for (unsigned p = 0; p < a.fused.size(); ++p) {
      const auto &ga = a.fused[p].witness.groups, &gb = b.fused[p].witness.groups;
      ASSERT_EQ(ga.size(), gb.size()) << "point " << p;
      for (unsigned g = 0; g < ga.size(); ++g)
        EXPECT_EQ(fm->formatGroup(*ga[g]), fm->formatGroup(*gb[g]))
            << "point " << p << " group " << g;
    }
    checkWitnesses("memo", w, a.fused);
  }
}

// sumFronts against the naive pointwise sum of Metamorphic.h on random
// step fronts (the DP, the brute force and the unfused curve all use it).
TEST_F(FusionTest, SumFrontsIsThePointwiseSum) {
  std::mt19937 rng(11);
  auto randomFront = [&]() {
    StepFront f;
    Count cap = 1 + rng() % 5, acc = 200 + rng() % 100;
    unsigned n = 1 + rng() % 6;
    for (unsigned i = 0; i < n && acc > 0; ++i) {
      f.push_back({cap, acc});
      cap += 1 + rng() % 7;
      acc -= std::min<Count>(acc, 1 + rng() % 40);
    }
    return f;
  };
  for (unsigned trial = 0; trial < 2000; ++trial) {
    StepFront a = randomFront(), b = randomFront();
    EXPECT_EQ(sumFronts(a, b), naiveSumFronts(a, b)) << "trial " << trial;
  }
}

// Rank classes link ranks only through tensors inside the group. Q, K and
// V all come from one intermediate T outside the attention block; linking
// through T would put the score einsum's query and key token ranks in one
// class and forbid tiling queries in the attention group (its curve was
// above "attention block fused, the rest alone").
Workload attentionFromOneIntermediate(int64_t M, int64_t D) {
  WorkloadBuilder b;
  unsigned X = b.in("X", {M, D}), T = b.tensor("T", {M, D}),
           Q = b.tensor("Q", {M, D}), Kt = b.tensor("Kt", {D, M}),
           V = b.tensor("V", {M, D}), S = b.tensor("S", {M, M}),
           Mx = b.tensor("Mx", {M}), E = b.tensor("E", {M, M}),
           L = b.tensor("L", {M}), P = b.tensor("P", {M, M}),
           O = b.out("O", {M, D});
  b.einsum("t", {{"i", M}, {"j", D}}, {{X, {"i", "j"}}}, {T, {"i", "j"}});
  b.einsum("q", {{"i", M}, {"j", D}}, {{T, {"i", "j"}}}, {Q, {"i", "j"}});
  b.einsum("kt", {{"i", M}, {"j", D}}, {{T, {"i", "j"}}}, {Kt, {"j", "i"}});
  b.einsum("v", {{"i", M}, {"j", D}}, {{T, {"i", "j"}}}, {V, {"i", "j"}});
  b.einsum("qk", {{"m", M}, {"n", M}, {"d", D}},
           {{Q, {"m", "d"}}, {Kt, {"d", "n"}}}, {S, {"m", "n"}});
  b.einsum("max", {{"m", M}, {"n", M}}, {{S, {"m", "n"}}}, {Mx, {"m"}});
  b.einsum("exp", {{"m", M}, {"n", M}}, {{S, {"m", "n"}}, {Mx, {"m"}}},
           {E, {"m", "n"}});
  b.einsum("sum", {{"m", M}, {"n", M}}, {{E, {"m", "n"}}}, {L, {"m"}});
  b.einsum("div", {{"m", M}, {"n", M}}, {{E, {"m", "n"}}, {L, {"m"}}},
           {P, {"m", "n"}});
  b.einsum("av", {{"m", M}, {"d", D}, {"n", M}},
           {{P, {"m", "n"}}, {V, {"n", "d"}}}, {O, {"m", "d"}});
  return b.build();
}

TEST_F(FusionTest, RankClassesLinkOnlyInsideTheGroup) {
  Workload w = attentionFromOneIntermediate(8, 2);
  auto fm = FusionModel::create(w);
  ASSERT_TRUE(static_cast<bool>(fm));
  // In the attention block [qk, av] the query rank m is a class of its
  // own, shareable by all six einsums; the key rank n is another one.
  GroupClasses gc = fm->groupClasses(4, 10);
  EXPECT_NE(gc.getClass(4, 0), gc.getClass(4, 1));
  auto shareable = FusionModel::shareableClasses(gc);
  EXPECT_NE(std::find(shareable.begin(), shareable.end(), gc.getClass(4, 0)),
            shareable.end());
  auto g = fm->analyzeGroup(4, 10, {gc.getClass(4, 0)});
  EXPECT_TRUE(static_cast<bool>(g));
  if (!g)
    llvm::consumeError(g.takeError());
  // With T inside the group, T links q's and kt's token ranks: qk holds two
  // ranks of that class, which is then not shareable.
  GroupClasses all = fm->groupClasses(0, 10);
  EXPECT_EQ(all.getClass(4, 0), all.getClass(4, 1));
  EXPECT_EQ(all.getRankOfClass(4, all.getClass(4, 0)), -2);
  // The whole curve is at or below the attention block's own fused curve
  // plus the rest alone (it was above at 10 capacities).
  EXPECT_EQ(checkBlockComposition("attention", w, 10), 45u);
}

// Block composition on the tiny GPT-3 layers: every block of up to 8
// einsums (Q, K and V read one LayerNorm output, as in the real layer).
TEST_F(FusionTest, BlockCompositionOnTinyGpt3) {
  EXPECT_GT(checkBlockComposition("gpt3tiny",
                                  gpt3Layer(1, false, 4, 4, 2, 2, 4), 8),
            0u);
  EXPECT_GT(checkBlockComposition("gpt3tinyPlain",
                                  gpt3Layer(1, true, 4, 4, 2, 2, 6), 8),
            0u);
}

// Brute force on slices of a small GPT-3 layer, extracted as workloads of
// their own: attention (scores, exp, sum, div, probabilities x V: fan-out
// of P to sum and div, two token ranks) and the MLP (ln2, ff1, gelu, ff2,
// res2: the residual read twice), groups of up to 3 einsums. Extents 3 and
// 5 make tiles of one trip count differ (5: tiles 3 and 4 both give 2
// trips), which extents <= 3 cannot tell apart.
TEST_F(FusionTest, SearchEqualsBruteForceOnGpt3Slices) {
  Workload layer = gpt3Layer(1, false, 5, 4, 2, 2, 6);
  struct Slice {
    const char *name;
    unsigned begin, end;
  };
  unsigned checked = 0;
  for (Slice s : {Slice{"attention", 4, 9}, Slice{"mlp", 11, 16}}) {
    Workload w = extractBlock(layer, s.begin, s.end);
    FusionOptions o;
    o.maxGroupSize = 3;
    o.maxCandidates = Count(200000000);
    // Every convex group (the brute force's space).
    o.lookahead = o.maxGroupSpan = w.einsums.size();
    WorkloadCurves search = curves(w, o);
    auto bf = bruteForceWorkloadCurves(w, o);
    ASSERT_TRUE(static_cast<bool>(bf)) << s.name << ": "
                                       << llvm::toString(bf.takeError());
    EXPECT_EQ(pairs(search.fused), pairs(bf->fused)) << s.name;
    EXPECT_EQ(pairs(search.unfused), pairs(bf->unfused)) << s.name;
    checkWitnesses(std::string(s.name) + "/search", w, search.fused);
    checkWitnesses(std::string(s.name) + "/brute", w, bf->fused);
    checked += search.fused.size();
  }
  // 11 and 16 points (brute force: 434,479 and 157,387 candidates).
  EXPECT_GT(checked, 20u);
}

// A selection as a workload of its own (WorkloadSlice.h, the passes'
// einsums= option): tensors crossing it become inputs or outputs, the rest
// keep their kind, untouched tensors are dropped.
TEST_F(FusionTest, SelectionCrossesThroughTheBackingStore) {
  Workload w = matmulEwMatmul(3, 2, 2, 2); // mm1 -> C -> act -> G -> mm2
  auto kindOf = [](const Workload &x, const std::string &name) {
    for (const Tensor &t : x.tensors)
      if (t.name == name)
        return static_cast<int>(t.kind);
    return -1;
  };
  constexpr int in = static_cast<int>(TensorKind::Input),
                out = static_cast<int>(TensorKind::Output),
                mid = static_cast<int>(TensorKind::Intermediate);
  Workload act = extractEinsums(w, {1});
  ASSERT_EQ(act.einsums.size(), 1u);
  EXPECT_EQ(act.einsums[0].name, "act");
  EXPECT_EQ(act.tensors.size(), 3u); // C, bias, G
  EXPECT_EQ(kindOf(act, "C"), in);
  EXPECT_EQ(kindOf(act, "bias"), in);
  EXPECT_EQ(kindOf(act, "G"), out);
  Workload tail = extractEinsums(w, {1, 2});
  EXPECT_EQ(kindOf(tail, "C"), in);
  EXPECT_EQ(kindOf(tail, "G"), mid);
  EXPECT_EQ(kindOf(tail, "E"), out);
  EXPECT_EQ(kindOf(tail, "A"), -1);
  // Non-contiguous: mm1 and mm2 without act; C and G cross.
  Workload ends = extractEinsums(w, {0, 2});
  EXPECT_EQ(kindOf(ends, "C"), out);
  EXPECT_EQ(kindOf(ends, "G"), in);
  // Every einsum selected is the workload itself.
  Workload all = extractEinsums(w, {0, 1, 2});
  ASSERT_EQ(all.tensors.size(), w.tensors.size());
  for (unsigned t = 0; t < w.tensors.size(); ++t)
    EXPECT_EQ(all.tensors[t].kind, w.tensors[t].kind) << w.tensors[t].name;
  EXPECT_EQ(pairs(curves(all).fused), pairs(curves(w).fused));
}

// Separability: two workloads with no tensor in common cost, fused, exactly
// the pointwise sum of their fused curves.
TEST_F(FusionTest, IndependentWorkloadsAddUp) {
  std::vector<Workload> ws{gpt3Layer(1, false, 4, 4, 2, 2, 4),
                           attentionFromOneIntermediate(8, 2),
                           matmulEwMatmul(3, 2, 2, 2),
                           convChain(1, 2, 4, 2, 1)};
  for (unsigned i = 0; i < ws.size(); ++i)
    for (unsigned j = i; j < ws.size(); ++j) {
      StepFront a = pairs(curves(ws[i]).fused), b = pairs(curves(ws[j]).fused);
      WorkloadCurves both = curves(juxtapose(ws[i], ws[j]));
      EXPECT_EQ(pairs(both.fused), naiveSumFronts(a, b))
          << ws[i].einsums[0].name << " + " << ws[j].einsums[0].name;
    }
}

// Cut rule: in fanOut, {norm, q} has no internal tensor (k also reads Xn),
// so it is skipped; the curve still equals the brute force.
TEST_F(FusionTest, CutRuleMatchesBruteForce) {
  Workload w = fanOut(3, 2, 2);
  WorkloadCurves s = curves(w);
  EXPECT_GT(s.stats.groupsCut, Count(0));
  auto bf = bruteForceWorkloadCurves(w, FusionOptions());
  ASSERT_TRUE(static_cast<bool>(bf)) << llvm::toString(bf.takeError());
  EXPECT_EQ(pairs(s.fused), pairs(bf->fused));
  checkWitnesses("fanOut/cut", w, s.fused);
}

TEST_F(FusionTest, BudgetFailsClearly) {
  FusionOptions o;
  o.maxCandidates = 10;
  auto c = computeWorkloadCurves(twoMatmuls(4, 3, 5, 2), o);
  ASSERT_FALSE(static_cast<bool>(c));
  std::string msg = llvm::toString(c.takeError());
  EXPECT_NE(msg.find("budget"), std::string::npos) << msg;
}

// The per-group budget: at the largest group's count nothing changes; one
// below, that group is cut short and keeps the points found so far. The
// curve is then attainable (every witness replays; never below the exact
// curve), still never above unfused (singletons have no group budget), and
// the truncated groups are listed.
TEST_F(FusionTest, GroupBudgetKeepsAttainablePoints) {
  unsigned differed = 0;
  for (const Case &c : smallCasesAndTinyGpt3()) {
    WorkloadCurves exact = curves(c.w);
    Count largest = exact.stats.largestGroupCandidates;
    ASSERT_GT(largest, Count(1)) << c.name;
    EXPECT_EQ(exact.stats.groupsTruncated, Count(0)) << c.name;

    FusionOptions enough;
    enough.maxGroupCandidates = largest;
    WorkloadCurves same = curves(c.w, enough);
    EXPECT_EQ(same.stats.groupsTruncated, Count(0)) << c.name;
    EXPECT_EQ(pairs(same.fused), pairs(exact.fused)) << c.name;

    for (Count budget : {largest - 1, largest / 2, Count(1)}) {
      FusionOptions cut;
      cut.maxGroupCandidates = budget;
      WorkloadCurves t = curves(c.w, cut);
      std::string name = c.name + "/budget " + toString(budget);
      EXPECT_GT(t.stats.groupsTruncated, Count(0)) << name;
      EXPECT_EQ(t.stats.truncatedGroups.size(), t.stats.groupsTruncated);
      for (const GroupMembers &g : t.stats.truncatedGroups)
        EXPECT_GE(g.size(), 2u) << name;
      checkAttainable(name, c.w, t, exact);
      for (const WorkloadPoint &p : t.unfused)
        EXPECT_LE(at(t.fused, p.capacityBits), p.accessBits) << name;
      differed += pairs(t.fused) != pairs(exact.fused);
    }
  }
  // Cutting groups short loses points somewhere (else this shows nothing).
  EXPECT_GT(differed, 0u);
}

// The workload's budget running out inside a group no longer loses the
// fused curve: that group and every later one keep what they found (the
// singletons come from the caller, as in the passes, and cost nothing).
TEST_F(FusionTest, SpentBudgetCutsLaterGroups) {
  for (const Case &c : smallCasesAndTinyGpt3()) {
    FusionOptions o;
    o.singleFront = [&](unsigned e) -> std::optional<std::vector<ParetoPoint>> {
      return singleEinsumFront(c.w, e, /*bypass=*/false);
    };
    WorkloadCurves exact = curves(c.w, o);
    Count spent = exact.stats.candidates();
    ASSERT_GT(spent, Count(1)) << c.name;

    o.maxCandidates = spent;
    WorkloadCurves same = curves(c.w, o);
    EXPECT_FALSE(same.stats.budgetExhausted) << c.name;
    EXPECT_EQ(same.stats.groupsTruncated, Count(0)) << c.name;
    EXPECT_EQ(pairs(same.fused), pairs(exact.fused)) << c.name;

    o.maxCandidates = spent / 2;
    WorkloadCurves t = curves(c.w, o);
    std::string name = c.name + "/half";
    EXPECT_TRUE(t.stats.budgetExhausted) << name;
    EXPECT_GT(t.stats.groupsTruncated, Count(0)) << name;
    checkAttainable(name, c.w, t, exact);
  }
}

// Lower bounds of the exact fused curve (FusionSearch.h): fusedLowerBound
// (every intermediate free) and the interval a curve cut short carries
// (WorkloadCurves::fusedLowerBound) are at or below the exact curve at
// every capacity of either; the interval's bound is below the cut curve
// and tighter than the crude one somewhere; exact curves carry none.
TEST_F(FusionTest, LowerBoundsAreBelowTheExactCurve) {
  std::vector<Case> cases = smallCasesAndTinyGpt3();
  cases.push_back({"attention", attentionFromOneIntermediate(8, 4)});
  cases.push_back({"gpt3layer", gpt3Layer(1, false, 16, 8, 2, 4, 16)});
  auto below = [](const std::string &name, const StepFront &low,
                  const StepFront &high) {
    for (auto [cap, acc] : high)
      EXPECT_LE(frontAt(low, cap), acc) << name << " at " << toString(cap);
    for (auto [cap, acc] : low)
      EXPECT_LE(acc, frontAt(high, cap)) << name << " at " << toString(cap);
  };
  unsigned cut = 0, cutRetiled = 0, tighter = 0;
  for (const Case &c : cases) {
    WorkloadCurves exact = curves(c.w);
    EXPECT_TRUE(exact.fusedLowerBound.empty()) << c.name;
    auto crude = fusedLowerBound(c.w, {});
    ASSERT_TRUE(static_cast<bool>(crude)) << llvm::toString(crude.takeError());
    StepFront exactFused = pairs(exact.fused);
    below(c.name + "/crude", *crude, exactFused);
    // Unbounded: every intermediate free, every other access's elements
    // moved once, as the exact curve's unbounded point.
    ASSERT_FALSE(crude->empty());
    EXPECT_EQ(crude->back().second, compulsoryShared(c.w)) << c.name;

    for (Count budget : {exact.stats.largestGroupCandidates / 2,
                         exact.stats.largestGroupCandidates / 5, Count(1)}) {
      FusionOptions o;
      o.maxGroupCandidates = budget;
      WorkloadCurves t = curves(c.w, o);
      if (t.stats.groupsTruncated == 0)
        continue;
      ++cut;
      std::string name = c.name + "/budget " + toString(budget);
      ASSERT_FALSE(t.fusedLowerBound.empty()) << name;
      below(name, t.fusedLowerBound, exactFused);
      below(name + "/cut", t.fusedLowerBound, pairs(t.fused));
      for (auto [cap, acc] : t.fusedLowerBound)
        tighter += acc > frontAt(*crude, cap);
    }
    // With re-tiling the curve may be lower; its bounds stay below it.
    FusionOptions on;
    on.retile = true;
    WorkloadCurves wide = curves(c.w, on);
    for (Count budget : {wide.stats.largestGroupCandidates / 2, Count(1)}) {
      FusionOptions o = on;
      o.maxGroupCandidates = budget;
      WorkloadCurves t = curves(c.w, o);
      if (t.stats.groupsTruncated == 0)
        continue;
      ++cutRetiled;
      below(c.name + "/retile budget " + toString(budget), t.fusedLowerBound,
            pairs(wide.fused));
    }
  }
  EXPECT_GT(cut, 0u);
  EXPECT_GT(cutRetiled, 0u);
  EXPECT_GT(tighter, 0u);
}

// The shared-loop configurations of a group are searched in batches of
// runs, on a thread pool when there is one: the curves, every witness and
// every counter (so also where a budget cuts) are the same with no pool
// and with pools of 1, 2 and 4 threads, exact or cut by a group budget.
TEST_F(FusionTest, ThreadCountChangesNothing) {
  auto fingerprint = [](const Workload &w, const WorkloadCurves &c) {
    auto fm = FusionModel::create(w);
    EXPECT_TRUE(static_cast<bool>(fm)) << llvm::toString(fm.takeError());
    return describeCurves(*fm, c);
  };
  std::vector<Case> cases = smallCasesAndTinyGpt3();
  cases.push_back({"attention", attentionFromOneIntermediate(8, 4)});
  cases.push_back({"gpt3layer", gpt3Layer(1, false, 16, 8, 2, 4, 16)});
  for (const Case &c : cases) {
    WorkloadCurves exact = curves(c.w);
    for (Count budget : {Count(0), exact.stats.largestGroupCandidates / 3}) {
      FusionOptions o;
      o.maxGroupCandidates = budget;
      std::string want = fingerprint(c.w, curves(c.w, o));
      for (unsigned threads : {1u, 2u, 4u}) {
        llvm::StdThreadPool pool(llvm::hardware_concurrency(threads));
        o.threadPool = &pool;
        EXPECT_EQ(fingerprint(c.w, curves(c.w, o)), want)
            << c.name << " budget " << toString(budget) << " threads "
            << threads;
      }
    }
  }
}

TEST_F(FusionTest, ProgressReachesOne) {
  double last = -1;
  bool monotone = true;
  FusionOptions o;
  o.progress = [&](double f) {
    monotone &= f >= last;
    last = f;
  };
  curves(fanOut(5, 3, 2), o);
  EXPECT_TRUE(monotone);
  EXPECT_EQ(last, 1.0);
}

} // namespace

namespace {

/// A GPT-3 6.7B-like decoder layer (2048 tokens, d 4096, 32 heads of 128,
/// FFN 16384, 16-bit), 16 einsums, `layers` times in a chain.
/// With `plainHeads`, the head split is explicit (Q[m, h, x] and weights
/// [k, h, x]) instead of the delinearized `128*h+x` dims: the same layer.
Workload gpt3Layer(unsigned layers = 1, bool plainHeads = false,
                   int64_t M = 2048, int64_t D = 4096, int64_t H = 32,
                   int64_t X = 128, int64_t F = 16384);
Workload gpt3Layer(unsigned layers, bool plainHeads, int64_t M, int64_t D,
                   int64_t H, int64_t X, int64_t F) {
  WorkloadBuilder b;
  unsigned in = b.in("X0", {M, D});
  for (unsigned l = 0; l < layers; ++l) {
    std::string s = "_" + std::to_string(l);
    bool last = l + 1 == layers;
    std::vector<int64_t> wShape{D, D}, hShape{M, D}, woShape{D, D};
    if (plainHeads) {
      wShape = {D, H, X};
      hShape = {M, H, X};
      woShape = {H, X, D};
    }
    unsigned Xn = b.tensor("Xn" + s, {M, D}), Wq = b.in("Wq" + s, wShape),
             Wk = b.in("Wk" + s, wShape), Wv = b.in("Wv" + s, wShape),
             Q = b.tensor("Q" + s, hShape), K = b.tensor("K" + s, hShape),
             V = b.tensor("V" + s, hShape), Sc = b.tensor("S" + s, {H, M, M}),
             P = b.tensor("P" + s, {H, M, M}), L = b.tensor("L" + s, {H, M}),
             A = b.tensor("A" + s, {H, M, M}), O = b.tensor("O" + s, hShape),
             Wo = b.in("Wo" + s, woShape), Y = b.tensor("Y" + s, {M, D}),
             R = b.tensor("R" + s, {M, D}), Rn = b.tensor("Rn" + s, {M, D}),
             W1 = b.in("W1" + s, {D, F}), Fh = b.tensor("F" + s, {M, F}),
             G = b.tensor("G" + s, {M, F}), W2 = b.in("W2" + s, {F, D}),
             Z = b.tensor("Z" + s, {M, D}),
             Out = last ? b.out("Out" + s, {M, D})
                        : b.tensor("Out" + s, {M, D});
    using R2 = std::vector<std::pair<std::string, int64_t>>;
    R2 md{{"i", M}, {"j", D}};
    b.einsum("ln1" + s, md, {{in, {"i", "j"}}}, {Xn, {"i", "j"}});
    for (auto [n, W, T] : {std::tuple{"q", Wq, Q}, {"k", Wk, K}, {"v", Wv, V}})
      if (plainHeads)
        b.einsum(n + s, {{"m", M}, {"h", H}, {"x", X}, {"k", D}},
                 {{Xn, {"m", "k"}}, {W, {"k", "h", "x"}}},
                 {T, {"m", "h", "x"}});
      else
        b.einsum(n + s, {{"m", M}, {"n", D}, {"k", D}},
                 {{Xn, {"m", "k"}}, {W, {"k", "n"}}}, {T, {"m", "n"}});
    std::string hx = std::to_string(X) + "*h+x";
    auto heads = [&](const std::string &tok) {
      return plainHeads ? std::vector<std::string>{tok, "h", "x"}
                        : std::vector<std::string>{tok, hx};
    };
    b.einsum("qk" + s, {{"h", H}, {"m", M}, {"n", M}, {"x", X}},
             {{Q, heads("m")}, {K, heads("n")}}, {Sc, {"h", "m", "n"}});
    R2 hmn{{"h", H}, {"m", M}, {"n", M}};
    b.einsum("exp" + s, hmn, {{Sc, {"h", "m", "n"}}}, {P, {"h", "m", "n"}});
    b.einsum("sum" + s, hmn, {{P, {"h", "m", "n"}}}, {L, {"h", "m"}});
    b.einsum("div" + s, hmn, {{P, {"h", "m", "n"}}, {L, {"h", "m"}}},
             {A, {"h", "m", "n"}});
    b.einsum("av" + s, {{"h", H}, {"m", M}, {"x", X}, {"n", M}},
             {{A, {"h", "m", "n"}}, {V, heads("n")}}, {O, heads("m")});
    if (plainHeads)
      b.einsum("proj" + s, {{"m", M}, {"n", D}, {"h", H}, {"x", X}},
               {{O, {"m", "h", "x"}}, {Wo, {"h", "x", "n"}}}, {Y, {"m", "n"}});
    else
      b.einsum("proj" + s, {{"m", M}, {"n", D}, {"k", D}},
               {{O, {"m", "k"}}, {Wo, {"k", "n"}}}, {Y, {"m", "n"}});
    b.einsum("res1" + s, md, {{Y, {"i", "j"}}, {in, {"i", "j"}}},
             {R, {"i", "j"}});
    b.einsum("ln2" + s, md, {{R, {"i", "j"}}}, {Rn, {"i", "j"}});
    b.einsum("ff1" + s, {{"m", M}, {"n", F}, {"k", D}},
             {{Rn, {"m", "k"}}, {W1, {"k", "n"}}}, {Fh, {"m", "n"}});
    b.einsum("gelu" + s, {{"i", M}, {"j", F}}, {{Fh, {"i", "j"}}},
             {G, {"i", "j"}});
    b.einsum("ff2" + s, {{"m", M}, {"n", D}, {"k", F}},
             {{G, {"m", "k"}}, {W2, {"k", "n"}}}, {Z, {"m", "n"}});
    b.einsum("res2" + s, md, {{Z, {"i", "j"}}, {R, {"i", "j"}}},
             {Out, {"i", "j"}});
    in = Out;
  }
  return b.build();
}

/// Benchmark (not a timed test): run with
/// --gtest_also_run_disabled_tests --gtest_filter='*Gpt3*'.
TEST_F(FusionTest, DISABLED_Gpt3LayerBenchmark) {
  // ORO_LAYERS: comma-separated stack depths (default "1,2"; ORO_ONE: "1");
  // ORO_PLAIN: explicit head ranks instead of `128*h+x`.
  std::vector<unsigned> depths{1, 2};
  if (getenv("ORO_ONE"))
    depths = {1};
  if (const char *l = getenv("ORO_LAYERS")) {
    depths.clear();
    std::stringstream ss(l);
    std::string tok;
    while (std::getline(ss, tok, ','))
      depths.push_back(std::stoul(tok));
  }
  bool plain = getenv("ORO_PLAIN") != nullptr;
  for (unsigned layers : depths) {
    Workload w = gpt3Layer(layers, plain);
    FusionOptions o;
    o.maxGroupSize = getenv("ORO_G") ? atoi(getenv("ORO_G")) : 8;
    o.maxSharedLoops = getenv("ORO_S") ? atoi(getenv("ORO_S")) : 0;
    auto c = computeWorkloadCurves(w, o);
    ASSERT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
    const FusionStats &s = c->stats;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("gpt3%s x%u: peak RSS %ld MiB\n", plain ? " (plain heads)" : "",
           layers, ru.ru_maxrss / 1024);
    printf("gpt3 x%u: %zu einsums, %.2f s, fused %zu pts, unfused %zu pts, "
           "segments %s, configs %s, inner fronts %s (hits %s), inner cands "
           "%s, join cands %s\n",
           layers, w.einsums.size(), s.seconds, c->fused.size(),
           c->unfused.size(), toString(s.groupsSearched).c_str(),
           toString(s.configsJoined).c_str(), toString(s.innerFronts).c_str(),
           toString(s.innerFrontHits).c_str(),
           toString(s.innerCandidates).c_str(),
           toString(s.joinCandidates).c_str());
    printf("  pruned: groups cut %s, configs %s, join states %s\n",
           toString(s.groupsCut).c_str(), toString(s.configsPruned).c_str(),
           toString(s.joinStatesPruned).c_str());
    printf("  unbounded: fused %s unfused %s bits\n",
           toString(c->fused.back().accessBits).c_str(),
           toString(c->unfused.back().accessBits).c_str());
  }
}

} // namespace
