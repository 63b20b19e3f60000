//===- TestProblems.h - Small einsums for the core unit tests ---*- C++ -*-===//
//
// A builder for einsums written by hand in tests, a catalog of small
// instances of every family the cost model must handle (matmul, batch
// matmul, convolutions with `p + r`, strided `2*p + r` and dilated `p + 2*r`
// windows, depthwise, elementwise, reductions, a broadcast constant
// dimension, a transpose), and a seeded generator of random mappings with
// imperfect tiles and bypass.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_TEST_UNITTESTS_CORE_TESTPROBLEMS_H
#define ORO_TEST_UNITTESTS_CORE_TESTPROBLEMS_H

#include "oro/Core/CostModel.h"
#include "oro/Core/Mapping.h"
#include "oro/Core/Workload.h"
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace oro::core::test {

/// An einsum with the tensors its accesses index.
struct Problem {
  std::string name;
  Einsum einsum;
  llvm::SmallVector<Tensor, 4> tensors;
};

/// Builds a `Problem`; tensor shapes are derived from the largest index
/// each dimension reaches.
class ProblemBuilder {
public:
  explicit ProblemBuilder(std::string name, unsigned bits = 16) : bits(bits) {
    p.name = name;
    p.einsum.name = std::move(name);
  }
  /// Adds a rank; returns its index.
  unsigned rank(const std::string &name, int64_t extent) {
    p.einsum.ranks.push_back({name, extent});
    return p.einsum.ranks.size() - 1;
  }
  /// A dimension sum(coeff * rank) + constant.
  static DimExpr dim(std::initializer_list<std::pair<unsigned, int64_t>> terms,
                     int64_t constant = 0) {
    DimExpr d;
    for (auto [r, c] : terms)
      d.terms.push_back({r, c});
    d.constant = constant;
    return d;
  }
  /// A single-term dimension `rank`.
  static DimExpr dim(unsigned r) { return dim({{r, 1}}); }
  /// Adds an input access to a new tensor.
  ProblemBuilder &input(const std::string &name, std::vector<DimExpr> dims) {
    p.einsum.inputs.push_back(makeAccess(name, std::move(dims), false));
    return *this;
  }
  /// Sets the output access to a new tensor.
  ProblemBuilder &output(const std::string &name, std::vector<DimExpr> dims) {
    p.einsum.output = makeAccess(name, std::move(dims), true);
    return *this;
  }
  /// Overrides the element bits of the tensor named `name`.
  ProblemBuilder &bitsOf(const std::string &name, unsigned b) {
    for (Tensor &t : p.tensors)
      if (t.name == name)
        t.bits = b;
    return *this;
  }
  Problem build() const { return p; }

private:
  Access makeAccess(const std::string &name, std::vector<DimExpr> dims,
                    bool isOutput) {
    Tensor t;
    t.name = name;
    t.bits = bits;
    t.kind = isOutput ? TensorKind::Output : TensorKind::Input;
    for (const DimExpr &d : dims) {
      int64_t hi = d.constant;
      for (const AffineTerm &term : d.terms)
        hi += term.coeff * (p.einsum.ranks[term.rank].extent - 1);
      t.shape.push_back(hi + 1);
    }
    p.tensors.push_back(t);
    Access a;
    a.tensor = p.tensors.size() - 1;
    a.dims.assign(dims.begin(), dims.end());
    return a;
  }

  Problem p;
  unsigned bits;
};

/// C[m, n] += A[m, k] * B[k, n].
inline Problem makeMatmul(int64_t m, int64_t n, int64_t k, unsigned bits = 16) {
  ProblemBuilder b("matmul", bits);
  unsigned rm = b.rank("m", m), rn = b.rank("n", n), rk = b.rank("k", k);
  using B = ProblemBuilder;
  b.input("A", {B::dim(rm), B::dim(rk)})
      .input("B", {B::dim(rk), B::dim(rn)})
      .output("C", {B::dim(rm), B::dim(rn)});
  return b.build();
}

/// S[h, m, n] += Q[h, m, e] * K[h, n, e].
inline Problem makeBatchMatmul(int64_t h, int64_t m, int64_t n, int64_t e,
                               unsigned bits = 16) {
  ProblemBuilder b("bmm", bits);
  unsigned rh = b.rank("h", h), rm = b.rank("m", m), rn = b.rank("n", n),
           re = b.rank("e", e);
  using B = ProblemBuilder;
  b.input("Q", {B::dim(rh), B::dim(rm), B::dim(re)})
      .input("K", {B::dim(rh), B::dim(rn), B::dim(re)})
      .output("S", {B::dim(rh), B::dim(rm), B::dim(rn)});
  return b.build();
}

/// O[p] += I[stride*p + dilation*r] * W[r].
inline Problem makeConv1d(int64_t p, int64_t r, int64_t stride = 1,
                          int64_t dilation = 1, unsigned bits = 16) {
  ProblemBuilder b("conv1d", bits);
  unsigned rp = b.rank("p", p), rr = b.rank("r", r);
  using B = ProblemBuilder;
  b.input("I", {B::dim({{rp, stride}, {rr, dilation}})})
      .input("W", {B::dim(rr)})
      .output("O", {B::dim(rp)});
  return b.build();
}

/// O[f, p] += I[c, p + r] * W[f, c, r].
inline Problem makeConvCF(int64_t c, int64_t f, int64_t p, int64_t r,
                          unsigned bits = 16) {
  ProblemBuilder b("conv_cf", bits);
  unsigned rc = b.rank("c", c), rf = b.rank("f", f), rp = b.rank("p", p),
           rr = b.rank("r", r);
  using B = ProblemBuilder;
  b.input("I", {B::dim(rc), B::dim({{rp, 1}, {rr, 1}})})
      .input("W", {B::dim(rf), B::dim(rc), B::dim(rr)})
      .output("O", {B::dim(rf), B::dim(rp)});
  return b.build();
}

/// O[f, p, q] += I[c, stride*p + r + offset, stride*q + s] * W[f, c, r, s]
/// (a strided convolution, as ResNet's downsampling 3x3 and its 7x7 stem).
inline Problem makeStridedConv2d(int64_t c, int64_t f, int64_t p, int64_t q,
                                 int64_t r, int64_t s, int64_t stride,
                                 int64_t offset = 0, unsigned bits = 16) {
  ProblemBuilder b("strided_conv2d", bits);
  unsigned rc = b.rank("c", c), rf = b.rank("f", f), rp = b.rank("p", p),
           rq = b.rank("q", q), rr = b.rank("r", r), rs = b.rank("s", s);
  using B = ProblemBuilder;
  b.input("I", {B::dim(rc), B::dim({{rp, stride}, {rr, 1}}, offset),
                B::dim({{rq, stride}, {rs, 1}})})
      .input("W", {B::dim(rf), B::dim(rc), B::dim(rr), B::dim(rs)})
      .output("O", {B::dim(rf), B::dim(rp), B::dim(rq)});
  return b.build();
}

/// O[p, q] += I[p + r, q + s] * W[r, s].
inline Problem makeConv2d(int64_t p, int64_t q, int64_t r, int64_t s,
                          unsigned bits = 16) {
  ProblemBuilder b("conv2d", bits);
  unsigned rp = b.rank("p", p), rq = b.rank("q", q), rr = b.rank("r", r),
           rs = b.rank("s", s);
  using B = ProblemBuilder;
  b.input("I", {B::dim({{rp, 1}, {rr, 1}}), B::dim({{rq, 1}, {rs, 1}})})
      .input("W", {B::dim(rr), B::dim(rs)})
      .output("O", {B::dim(rp), B::dim(rq)});
  return b.build();
}

/// Depthwise: O[c, p] += I[c, p + r] * W[c, r].
inline Problem makeDepthwise(int64_t c, int64_t p, int64_t r,
                             unsigned bits = 16) {
  ProblemBuilder b("depthwise", bits);
  unsigned rc = b.rank("c", c), rp = b.rank("p", p), rr = b.rank("r", r);
  using B = ProblemBuilder;
  b.input("I", {B::dim(rc), B::dim({{rp, 1}, {rr, 1}})})
      .input("W", {B::dim(rc), B::dim(rr)})
      .output("O", {B::dim(rc), B::dim(rp)});
  return b.build();
}

/// Elementwise: Z[i, j] = X[i, j] + Y[i, j].
inline Problem makeElementwise(int64_t i, int64_t j, unsigned bits = 16) {
  ProblemBuilder b("elementwise", bits);
  unsigned ri = b.rank("i", i), rj = b.rank("j", j);
  using B = ProblemBuilder;
  b.input("X", {B::dim(ri), B::dim(rj)})
      .input("Y", {B::dim(ri), B::dim(rj)})
      .output("Z", {B::dim(ri), B::dim(rj)});
  return b.build();
}

/// Row reduction: Z[i] += X[i, j].
inline Problem makeReduction(int64_t i, int64_t j, unsigned bits = 16) {
  ProblemBuilder b("reduction", bits);
  unsigned ri = b.rank("i", i), rj = b.rank("j", j);
  using B = ProblemBuilder;
  b.input("X", {B::dim(ri), B::dim(rj)}).output("Z", {B::dim(ri)});
  return b.build();
}

/// Broadcast of a constant-0 dimension: Z[i, j] = X[0, j] * Y[i, j].
inline Problem makeBroadcast(int64_t i, int64_t j, unsigned bits = 16) {
  ProblemBuilder b("broadcast", bits);
  unsigned ri = b.rank("i", i), rj = b.rank("j", j);
  using B = ProblemBuilder;
  b.input("X", {B::dim({}, 0), B::dim(rj)})
      .input("Y", {B::dim(ri), B::dim(rj)})
      .output("Z", {B::dim(ri), B::dim(rj)});
  return b.build();
}

/// Transpose: Z[j, i] = X[i, j].
inline Problem makeTranspose(int64_t i, int64_t j, unsigned bits = 16) {
  ProblemBuilder b("transpose", bits);
  unsigned ri = b.rank("i", i), rj = b.rank("j", j);
  using B = ProblemBuilder;
  b.input("X", {B::dim(ri), B::dim(rj)}).output("Z", {B::dim(rj), B::dim(ri)});
  return b.build();
}

/// Renders the einsum as "Y[a, b] <- X0[a + 2*b, 0] X1[b]" with extents.
inline std::string describe(const Problem &p) {
  const Einsum &e = p.einsum;
  auto access = [&](const Access &a) {
    std::string s = p.tensors[a.tensor].name + "[";
    for (size_t d = 0; d < a.dims.size(); ++d) {
      if (d)
        s += ", ";
      std::string expr;
      for (const AffineTerm &t : a.dims[d].terms) {
        if (!expr.empty())
          expr += " + ";
        if (t.coeff != 1)
          expr += std::to_string(t.coeff) + "*";
        expr += e.ranks[t.rank].name;
      }
      if (expr.empty() || a.dims[d].constant)
        expr +=
            (expr.empty() ? "" : " + ") + std::to_string(a.dims[d].constant);
      s += expr;
    }
    return s + "]";
  };
  std::string s = access(e.output) + " <-";
  for (const Access &a : e.inputs)
    s += " " + access(a);
  s += " {";
  for (size_t r = 0; r < e.ranks.size(); ++r)
    s += (r ? " " : "") + e.ranks[r].name + "=" +
         std::to_string(e.ranks[r].extent);
  return s + "}";
}

/// Renders a cost as "occ/acc {occ r w | ...}".
inline std::string describe(const Cost &c) {
  std::string s =
      toString(c.occupancyBits) + "/" + toString(c.accessBits) + " {";
  for (const TensorCost &t : c.perTensor)
    s += " " + toString(t.occupancyBits) + " r" + toString(t.readBits) + " w" +
         toString(t.writeBits);
  return s + " }";
}

/// One instance of every family, small enough for the simulator.
inline std::vector<Problem> smallCatalog() {
  std::vector<Problem> c;
  c.push_back(makeMatmul(5, 4, 3));
  c.push_back(makeBatchMatmul(2, 3, 4, 3));
  c.push_back(makeConv1d(7, 3));
  c.push_back(makeConv1d(5, 3, /*stride=*/2));
  c.push_back(makeConv1d(5, 3, /*stride=*/1, /*dilation=*/2));
  c.push_back(makeConv1d(4, 4, /*stride=*/3, /*dilation=*/2));
  c.push_back(makeConvCF(2, 3, 5, 3));
  c.push_back(makeConv2d(4, 3, 3, 2));
  c.push_back(makeDepthwise(3, 5, 3));
  c.push_back(makeElementwise(5, 4));
  c.push_back(makeReduction(5, 6));
  c.push_back(makeBroadcast(4, 5));
  c.push_back(makeTranspose(5, 3));
  return c;
}

/// A random small einsum: `numRanks` ranks of extent 1..maxExtent, 1..3
/// inputs and an output, each with 0..3 dimensions mixing constants,
/// single terms (some scaled), unit windows, strided/dilated pairs (with
/// repeated ranks) and three-term sums, with constant offsets.
inline Problem randomEinsum(std::mt19937_64 &rng, unsigned numRanks,
                            int64_t maxExtent) {
  ProblemBuilder b("random",
                   std::uniform_int_distribution<unsigned>(1, 3)(rng) * 8);
  for (unsigned r = 0; r < numRanks; ++r)
    b.rank(std::string(1, char('a' + r)),
           std::uniform_int_distribution<int64_t>(1, maxExtent)(rng));
  auto rank = [&] {
    return std::uniform_int_distribution<unsigned>(0, numRanks - 1)(rng);
  };
  auto coeff = [&] {
    return std::uniform_int_distribution<int64_t>(1, 3)(rng);
  };
  auto dims = [&] {
    std::vector<DimExpr> out;
    unsigned n = std::uniform_int_distribution<unsigned>(0, 3)(rng);
    for (unsigned d = 0; d < n; ++d) {
      unsigned kind = std::uniform_int_distribution<unsigned>(0, 19)(rng);
      int64_t k = std::uniform_int_distribution<int64_t>(0, 1)(rng);
      if (kind == 0)
        out.push_back(ProblemBuilder::dim({}, k));
      else if (kind <= 9)
        out.push_back(ProblemBuilder::dim({{rank(), 1}}, k));
      else if (kind <= 10)
        out.push_back(ProblemBuilder::dim({{rank(), coeff()}}, k));
      else if (kind <= 14)
        out.push_back(ProblemBuilder::dim({{rank(), 1}, {rank(), 1}}, k));
      else if (kind <= 18)
        out.push_back(
            ProblemBuilder::dim({{rank(), coeff()}, {rank(), coeff()}}, k));
      else
        out.push_back(ProblemBuilder::dim(
            {{rank(), coeff()}, {rank(), coeff()}, {rank(), coeff()}}, k));
    }
    return out;
  };
  unsigned numInputs = std::uniform_int_distribution<unsigned>(1, 3)(rng);
  for (unsigned i = 0; i < numInputs; ++i)
    b.input("X" + std::to_string(i), dims());
  b.output("Y", dims());
  return b.build();
}

/// A random small einsum with delinearized dimensions, as the Linalg
/// import produces when a `collapse_shape` merged ranks: `numRanks` ranks of
/// extent 1..maxExtent; 1..3 inputs and an output whose dimensions are
/// single terms, two- or three-term mixed-radix dimensions (`E_b*a + b`, or
/// with a coefficient past the span, which cannot collide), and sometimes
/// a near miss whose top coefficient is one short of the span (terms can
/// collide). Ranks may repeat across dimensions.
inline Problem randomDelinearizedEinsum(std::mt19937_64 &rng,
                                        unsigned numRanks, int64_t maxExtent) {
  ProblemBuilder b("delinearized",
                   std::uniform_int_distribution<unsigned>(1, 2)(rng) * 8);
  std::vector<int64_t> extents;
  for (unsigned r = 0; r < numRanks; ++r) {
    extents.push_back(
        std::uniform_int_distribution<int64_t>(1, maxExtent)(rng));
    b.rank(std::string(1, char('a' + r)), extents.back());
  }
  auto pick = [&](unsigned n) {
    std::vector<unsigned> all(numRanks);
    for (unsigned r = 0; r < numRanks; ++r)
      all[r] = r;
    std::shuffle(all.begin(), all.end(), rng);
    all.resize(std::min<unsigned>(n, numRanks));
    return all;
  };
  auto dims = [&] {
    std::vector<DimExpr> out;
    unsigned n = std::uniform_int_distribution<unsigned>(1, 3)(rng);
    for (unsigned d = 0; d < n; ++d) {
      unsigned kind = std::uniform_int_distribution<unsigned>(0, 9)(rng);
      int64_t k = std::uniform_int_distribution<int64_t>(0, 1)(rng);
      if (kind <= 2) {
        out.push_back(ProblemBuilder::dim({{pick(1)[0], 1}}, k));
        continue;
      }
      std::vector<unsigned> rs = pick(kind <= 7 ? 2 : 3);
      // Innermost term first: coefficient 1 (or 2), then each coefficient
      // the span of the smaller terms plus 1, plus a random gap (or minus
      // one for a near miss).
      DimExpr e;
      e.constant = k;
      int64_t span = 0;
      bool nearMiss = kind == 7;
      for (size_t i = 0; i < rs.size(); ++i) {
        int64_t c = i == 0 ? std::uniform_int_distribution<int64_t>(1, 2)(rng)
                           : span + 1 +
                                 std::uniform_int_distribution<int64_t>(0, 2)(
                                     rng);
        if (i + 1 == rs.size() && i > 0 && nearMiss)
          c = std::max<int64_t>(1, span);
        e.terms.push_back({rs[i], c});
        span += c * (extents[rs[i]] - 1);
      }
      std::shuffle(e.terms.begin(), e.terms.end(), rng);
      out.push_back(e);
    }
    return out;
  };
  unsigned numInputs = std::uniform_int_distribution<unsigned>(1, 3)(rng);
  for (unsigned i = 0; i < numInputs; ++i)
    b.input("X" + std::to_string(i), dims());
  b.output("Y", dims());
  return b.build();
}

/// A random mapping of `e`: random looped subset and order, random tiles in
/// [1, extent] (so imperfect ones), random positions, each access bypassed
/// with probability `bypassChance`.
inline Mapping randomMapping(const Einsum &e, std::mt19937_64 &rng,
                             double bypassChance = 0.15) {
  Mapping m;
  std::vector<unsigned> ranks(e.ranks.size());
  for (unsigned r = 0; r < ranks.size(); ++r)
    ranks[r] = r;
  std::shuffle(ranks.begin(), ranks.end(), rng);
  unsigned k = std::uniform_int_distribution<unsigned>(0, ranks.size())(rng);
  for (unsigned i = 0; i < k; ++i) {
    int64_t ext = e.ranks[ranks[i]].extent;
    m.loops.push_back(
        {ranks[i], std::uniform_int_distribution<int64_t>(1, ext)(rng)});
  }
  std::uniform_real_distribution<double> coin(0, 1);
  for (unsigned a = 0; a <= e.inputs.size(); ++a) {
    if (coin(rng) < bypassChance)
      m.positions.push_back(Mapping::kBypass);
    else
      m.positions.push_back(std::uniform_int_distribution<unsigned>(0, k)(rng));
  }
  return m;
}

} // namespace oro::core::test

#endif // ORO_TEST_UNITTESTS_CORE_TESTPROBLEMS_H
