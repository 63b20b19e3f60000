//===- CostModel.cpp - Closed-form occupancy and traffic of a mapping -----===//
//
// Traffic of an access at position p is the first box plus, for every loop
// j < p and every increment of it, the elements of the new box that were not
// in the old one. All increments of loop j that share the same "event class"
// have the same delta up to translation: loop j's new chunk is full or the
// partial last one, each loop above j sits on a full chunk or on its last
// one, the loops between j and p go from their last chunk back to chunk 0.
// Dimensions that share no rank are independent, so the sum over the classes
// factorizes over connected components of dimensions (usually one dimension
// each) and over the outer loops irrelevant to the access; what remains is
// O(#loops * 2^(ranks per component)) small interval computations.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/CostModel.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include <algorithm>
#include <numeric>

using namespace oro::core;

namespace {

using i128 = __int128;

enum class DimKind : uint8_t { Const, Single, Pair, Multi };

struct Term {
  unsigned rank;
  int64_t coeff;
};

/// One tensor dimension with merged terms.
struct DimInfo {
  DimKind kind = DimKind::Const;
  llvm::SmallVector<Term, 2> terms;
  /// Coefficients divided by their gcd (Pair: a for terms[0], b for
  /// terms[1]; Multi: all of them).
  llvm::SmallVector<int64_t, 2> reduced;
  /// A Pair with equal coefficients: its values over two intervals form one
  /// interval.
  bool unit = false;
  /// Index of the tensor dimension it comes from (an injective dimension
  /// gives several).
  unsigned source = 0;
};

/// Dimensions connected by shared ranks.
struct CompInfo {
  llvm::SmallVector<unsigned, 2> dims;
  llvm::SmallVector<unsigned, 2> ranks;
  /// One single-term dimension: closed form in compSums.
  bool single = false;
  /// One unit window dimension x + y: interval arithmetic in unitSums.
  bool unit = false;
};

struct AccessInfo {
  unsigned tensor = 0;
  unsigned bits = 0;
  bool output = false;
  llvm::SmallVector<DimInfo, 4> dims;
  llvm::SmallVector<CompInfo, 4> comps;
  /// For projective accesses: the rank of every single-term dimension.
  llvm::SmallVector<unsigned, 4> singleRanks;
  uint64_t relevant = 0;
  llvm::SmallVector<RankRole, 8> roles;
  /// For UnitWindow ranks: the other rank of the window dimension.
  llvm::SmallVector<unsigned, 8> partners;
  bool projective = true;
  bool exact = true;
  /// Exact where every multi-term dimension takes an interval of values in
  /// every box (see `intervalOf`).
  bool exactOnIntervals = true;
  /// Tensor dimensions of kind Multi.
  llvm::SmallVector<unsigned, 2> multiDims;
  Count accessed = 0;
};

/// Pair dimensions whose smaller reduced coefficient exceeds this are
/// treated soundly (no reuse across changed boxes) instead of exactly.
constexpr int64_t kMaxResidues = 1024;
/// Components with more outer ranks than this drop the per-chunk split.
constexpr unsigned kMaxComboRanks = 10;

i128 floorDiv(i128 a, i128 b) {
  i128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0)))
    --q;
  return q;
}
i128 floorMod(i128 a, i128 b) { return a - floorDiv(a, b) * b; }
i128 ceilDiv128(i128 a, i128 b) { return -floorDiv(-a, b); }

Count toCount(i128 v) { return v <= 0 ? 0 : static_cast<Count>(v); }

/// Distinct values of a*x + b*y (gcd(a, b) = 1) over X x Y consecutive
/// indices.
Count pairDistinct(int64_t a, int64_t b, int64_t x, int64_t y) {
  Count all = satMul(static_cast<Count>(x), static_cast<Count>(y));
  int64_t dx = std::max<int64_t>(0, x - b), dy = std::max<int64_t>(0, y - a);
  return all - static_cast<Count>(dx) * static_cast<Count>(dy);
}

/// Upper bound on the distinct values of sum(c_i * x_i) over the given
/// lengths (c_i reduced by their gcd).
Count multiDistinctUpper(llvm::ArrayRef<int64_t> coeffs,
                         llvm::ArrayRef<int64_t> lens) {
  Count prod = 1;
  Count span = 1;
  for (auto [c, l] : llvm::zip(coeffs, lens)) {
    prod = satMul(prod, static_cast<Count>(l));
    span =
        satAdd(span, satMul(static_cast<Count>(c), static_cast<Count>(l - 1)));
  }
  return std::min(prod, span);
}

/// Lower bound on the same (varying one term alone gives distinct values).
Count multiDistinctLower(llvm::ArrayRef<int64_t> lens) {
  int64_t m = 1;
  for (int64_t l : lens)
    m = std::max(m, l);
  return static_cast<Count>(m);
}

/// A half-open interval of rank indices [lo, lo + len).
struct Interval {
  int64_t lo, len;
};

/// The values of a multi-term dimension sum(c_i * x_i) (c_i reduced by their
/// gcd, sorted ascending) with x_i over [lo_i, lo_i + len_i) when the
/// interval test proves they form one interval: walking the terms in order,
/// the values of the terms seen so far are an interval of `len` values, and
/// a term spanning two or more indices keeps it one interval iff its
/// coefficient is at most `len` (its translates then touch or overlap). A
/// term spanning one index only translates it. False when the test fails
/// (the values may or may not be an interval).
/// `range(rank)` gives the rank's interval.
template <typename RangeFn>
bool intervalOf(llvm::ArrayRef<Term> terms, llvm::ArrayRef<int64_t> coeffs,
                RangeFn range, i128 &lo, i128 &len) {
  lo = 0;
  len = 1;
  for (auto [t, c] : llvm::zip(terms, coeffs)) {
    Interval x = range(t.rank);
    if (x.len >= 2 && static_cast<i128>(c) > len)
      return false;
    lo += static_cast<i128>(c) * x.lo;
    len += static_cast<i128>(c) * (x.len - 1);
  }
  return true;
}

/// Number of v in [lo, hi) with v mod a in [c, d), 0 <= c < d <= a.
i128 countResidues(i128 lo, i128 hi, i128 a, i128 c, i128 d) {
  auto prefix = [&](i128 n) {
    i128 q = floorDiv(n, a);
    i128 r = n - q * a;
    i128 part = r - c;
    part = part < 0 ? 0 : (part > d - c ? d - c : part);
    return q * (d - c) + part;
  };
  return prefix(hi) - prefix(lo);
}

/// The set [lo, hi) restricted to v with (v - s) mod a < w: the values
/// a*m + y over a range of m and a range of y.
struct Comb {
  i128 lo, hi, s, w;
};

Comb makeComb(i128 a, i128 m0, i128 numM, i128 y0, i128 numY) {
  Comb c;
  c.lo = a * m0 + y0;
  c.hi = a * (m0 + numM - 1) + y0 + numY;
  c.s = (y0 >= 0 && y0 < a) ? y0 : floorMod(y0, a);
  c.w = numY < a ? numY : a;
  return c;
}

/// Residue window [s, s + w) mod a as at most two linear pieces of [0, a).
unsigned windowPieces(const Comb &c, i128 a, i128 (&pieces)[2][2]) {
  if (c.s + c.w <= a) {
    pieces[0][0] = c.s;
    pieces[0][1] = c.s + c.w;
    return 1;
  }
  pieces[0][0] = c.s;
  pieces[0][1] = a;
  pieces[1][0] = 0;
  pieces[1][1] = c.s + c.w - a;
  return 2;
}

i128 combIntersection(i128 a, const Comb &p, const Comb &q) {
  i128 lo = std::max(p.lo, q.lo), hi = std::min(p.hi, q.hi);
  if (hi <= lo)
    return 0;
  if (p.w == a && q.w == a)
    return hi - lo;
  i128 pp[2][2], qq[2][2];
  unsigned np = windowPieces(p, a, pp), nq = windowPieces(q, a, qq);
  i128 total = 0;
  for (unsigned i = 0; i < np; ++i)
    for (unsigned k = 0; k < nq; ++k) {
      i128 c = std::max(pp[i][0], qq[k][0]), d = std::min(pp[i][1], qq[k][1]);
      if (c < d)
        total += countResidues(lo, hi, a, c, d);
    }
  return total;
}

/// |{a*x + b*y : x in x1, y in y1} n {a*x + b*y : x in x2, y in y2}| for
/// coprime a, b >= 1, in O(min(a, b)).
Count pairIntersection(int64_t a, int64_t b, Interval x1, Interval y1,
                       Interval x2, Interval y2) {
  if (b > a) {
    std::swap(a, b);
    std::swap(x1, y1);
    std::swap(x2, y2);
  }
  if (b == 1) {
    Comb p = makeComb(a, x1.lo, x1.len, y1.lo, y1.len);
    Comb q = makeComb(a, x2.lo, x2.len, y2.lo, y2.len);
    return toCount(combIntersection(a, p, q));
  }
  // Split x by its residue s modulo b: x = s + b*m gives the value
  // a*s + b*(a*m + y); different residues never collide.
  i128 total = 0;
  for (int64_t s = 0; s < b; ++s) {
    auto mRange = [&](Interval x, i128 &m0, i128 &num) {
      m0 = ceilDiv128(static_cast<i128>(x.lo) - s, b);
      i128 m1 = floorDiv(static_cast<i128>(x.lo) + x.len - 1 - s, b);
      num = m1 - m0 + 1;
    };
    i128 m01, n1, m02, n2;
    mRange(x1, m01, n1);
    mRange(x2, m02, n2);
    if (n1 <= 0 || n2 <= 0)
      continue;
    Comb p = makeComb(a, m01, n1, y1.lo, y1.len);
    Comb q = makeComb(a, m02, n2, y2.lo, y2.len);
    total += combIntersection(a, p, q);
  }
  return toCount(total);
}

int64_t overlap(Interval p, Interval q) {
  int64_t lo = std::max(p.lo, q.lo);
  int64_t hi = std::min(p.lo + p.len, q.lo + q.len);
  return hi > lo ? hi - lo : 0;
}

/// Whether sum(t.coeff * x_t) over 0 <= x_t < extents[t.rank] takes a
/// different value for every tuple (x_t), for at least two merged terms of
/// distinct ranks, each of extent >= 2. Two terms a*x + b*y (a, b reduced by
/// their gcd) collide iff X > b and Y > a (see pairDistinct); more terms
/// are checked as a mixed radix: sorted by coefficient, each coefficient
/// exceeds the span sum(c * (E - 1)) of all smaller terms.
bool isInjective(llvm::ArrayRef<Term> terms, llvm::ArrayRef<int64_t> extents) {
  if (terms.size() < 2)
    return false;
  if (terms.size() == 2) {
    int64_t g = std::gcd(terms[0].coeff, terms[1].coeff);
    int64_t a = terms[0].coeff / g, b = terms[1].coeff / g;
    return extents[terms[0].rank] <= b || extents[terms[1].rank] <= a;
  }
  llvm::SmallVector<Term, 4> sorted(terms.begin(), terms.end());
  llvm::sort(sorted, [](const Term &x, const Term &y) {
    return x.coeff < y.coeff;
  });
  i128 span = 0;
  for (const Term &t : sorted) {
    if (static_cast<i128>(t.coeff) <= span)
      return false;
    span += static_cast<i128>(t.coeff) * (extents[t.rank] - 1);
  }
  return true;
}

llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

} // namespace

struct CostModel::Impl {
  Einsum einsum;
  llvm::SmallVector<Tensor, 4> tensors; // one per access
  llvm::SmallVector<int64_t, 8> extents;
  llvm::SmallVector<AccessInfo, 4> accesses;
  Count macs = 1;

  /// Per rank: its index interval in the old and in the new box of one
  /// event class (translated so that unchanged ranks start at 0).
  struct Boxes {
    Interval oldI[kMaxRanks];
    Interval newI[kMaxRanks];
  };

  Count dimDistinct(const DimInfo &d, const int64_t *lens, bool lower) const;
  Count multiDistinct(const DimInfo &d, const int64_t *lens, bool lower) const;
  Count multiIntersection(const DimInfo &d, const Boxes &b) const;
  Count dimIntersection(const DimInfo &d, const Boxes &b) const;
  Count footprintOf(const AccessInfo &x, const int64_t *lens) const;
  std::pair<Count, Count> compSums(const AccessInfo &x, const CompInfo &comp,
                                   llvm::ArrayRef<LoopState> loops,
                                   llvm::ArrayRef<int> rankLoop, unsigned p,
                                   unsigned j, int64_t newLen) const;
  std::pair<Count, Count> unitSums(const CompInfo &comp,
                                   llvm::ArrayRef<LoopState> loops,
                                   llvm::ArrayRef<int> rankLoop, unsigned p,
                                   unsigned j, int64_t newLen) const;
  Count generalTotal(const AccessInfo &x, llvm::ArrayRef<LoopState> loops,
                     llvm::ArrayRef<int> rankLoop, unsigned p,
                     Count firstBox) const;
};

Count CostModel::Impl::dimDistinct(const DimInfo &d, const int64_t *lens,
                                   bool lower) const {
  switch (d.kind) {
  case DimKind::Const:
    return 1;
  case DimKind::Single:
    return static_cast<Count>(lens[d.terms[0].rank]);
  case DimKind::Pair:
    return pairDistinct(d.reduced[0], d.reduced[1], lens[d.terms[0].rank],
                        lens[d.terms[1].rank]);
  case DimKind::Multi:
    return multiDistinct(d, lens, lower);
  }
  llvm_unreachable("unknown dimension kind");
}

Count CostModel::Impl::multiDistinct(const DimInfo &d, const int64_t *lens,
                                     bool lower) const {
  i128 lo, len;
  if (intervalOf(
          d.terms, d.reduced,
          [&](unsigned r) {
            return Interval{0, lens[r]};
          },
          lo, len))
    return toCount(len);
  llvm::SmallVector<int64_t, 4> ls;
  for (const Term &t : d.terms)
    ls.push_back(lens[t.rank]);
  return lower ? multiDistinctLower(ls) : multiDistinctUpper(d.reduced, ls);
}

Count CostModel::Impl::multiIntersection(const DimInfo &d,
                                         const Boxes &b) const {
  // Interval-valued boxes share the overlap of their intervals; otherwise
  // nothing is assumed shared (sound).
  i128 ol, on, nl, nn;
  if (!intervalOf(
          d.terms, d.reduced, [&](unsigned r) { return b.oldI[r]; }, ol, on) ||
      !intervalOf(
          d.terms, d.reduced, [&](unsigned r) { return b.newI[r]; }, nl, nn))
    return 0;
  return toCount(std::min(ol + on, nl + nn) - std::max(ol, nl));
}

Count CostModel::Impl::dimIntersection(const DimInfo &d, const Boxes &b) const {
  if (d.unit) {
    // {x + y}: one interval per box.
    const Interval &ox = b.oldI[d.terms[0].rank], &oy = b.oldI[d.terms[1].rank];
    const Interval &nx = b.newI[d.terms[0].rank], &ny = b.newI[d.terms[1].rank];
    return static_cast<Count>(overlap({ox.lo + oy.lo, ox.len + oy.len - 1},
                                      {nx.lo + ny.lo, nx.len + ny.len - 1}));
  }
  bool same = true;
  for (const Term &t : d.terms)
    same &= b.oldI[t.rank].lo == b.newI[t.rank].lo &&
            b.oldI[t.rank].len == b.newI[t.rank].len;
  if (same) {
    int64_t lens[kMaxRanks];
    for (const Term &t : d.terms)
      lens[t.rank] = b.newI[t.rank].len;
    return dimDistinct(d, lens, /*lower=*/false);
  }
  switch (d.kind) {
  case DimKind::Const:
    return 1;
  case DimKind::Single: {
    unsigned r = d.terms[0].rank;
    return static_cast<Count>(overlap(b.oldI[r], b.newI[r]));
  }
  case DimKind::Pair: {
    unsigned r0 = d.terms[0].rank, r1 = d.terms[1].rank;
    if (std::min(d.reduced[0], d.reduced[1]) > kMaxResidues)
      return 0;
    return pairIntersection(d.reduced[0], d.reduced[1], b.oldI[r0], b.oldI[r1],
                            b.newI[r0], b.newI[r1]);
  }
  case DimKind::Multi:
    return multiIntersection(d, b);
  }
  llvm_unreachable("unknown dimension kind");
}

Count CostModel::Impl::footprintOf(const AccessInfo &x,
                                   const int64_t *lens) const {
  Count fp = 1;
  for (const DimInfo &d : x.dims)
    fp = satMul(fp, dimDistinct(d, lens, /*lower=*/false));
  return fp;
}

std::pair<Count, Count>
CostModel::Impl::compSums(const AccessInfo &x, const CompInfo &comp,
                          llvm::ArrayRef<LoopState> loops,
                          llvm::ArrayRef<int> rankLoop, unsigned p, unsigned j,
                          int64_t newLen) const {
  if (comp.single) {
    // Sum over the statuses of an outer loop of its chunk lengths is the
    // extent; a changed single-term dimension shares nothing.
    unsigned r = comp.ranks[0];
    int l = rankLoop[r];
    if (l < 0 || l >= static_cast<int>(p) || l < static_cast<int>(j))
      return {static_cast<Count>(extents[r]), static_cast<Count>(extents[r])};
    if (l == static_cast<int>(j))
      return {static_cast<Count>(newLen), 0};
    const LoopState &s = loops[l];
    if (s.trips >= 2)
      return {static_cast<Count>(s.tile), 0};
    return {static_cast<Count>(extents[r]), static_cast<Count>(extents[r])};
  }
  if (comp.unit)
    return unitSums(comp, loops, rankLoop, p, j, newLen);
  Boxes b;
  unsigned prefix[kMaxRanks];
  unsigned numPrefix = 0;
  bool changed = false;
  for (unsigned r : comp.ranks) {
    int l = rankLoop[r];
    if (l >= static_cast<int>(p))
      l = -1;
    if (l < 0) {
      b.oldI[r] = b.newI[r] = {0, extents[r]};
    } else if (l < static_cast<int>(j)) {
      prefix[numPrefix++] = r;
    } else if (l == static_cast<int>(j)) {
      const LoopState &s = loops[l];
      b.oldI[r] = {0, s.tile};
      b.newI[r] = {s.tile, newLen};
      changed = true;
    } else {
      const LoopState &s = loops[l];
      if (s.trips >= 2) {
        b.oldI[r] = {(s.trips - 1) * s.tile, s.lastTile};
        b.newI[r] = {0, s.tile};
        changed = true;
      } else {
        b.oldI[r] = b.newI[r] = {0, extents[r]};
      }
    }
  }

  auto evalCombo = [&](Count mult, Count &sumN, Count &sumI,
                       bool forceNoReuse) {
    int64_t lens[kMaxRanks];
    for (unsigned r : comp.ranks)
      lens[r] = b.newI[r].len;
    Count n = 1, i = 1;
    for (unsigned di : comp.dims)
      n = satMul(n, dimDistinct(x.dims[di], lens, /*lower=*/false));
    if (!changed) {
      i = n;
    } else if (forceNoReuse) {
      i = 0;
    } else {
      for (unsigned di : comp.dims) {
        i = satMul(i, dimIntersection(x.dims[di], b));
        if (i == 0)
          break;
      }
    }
    sumN = satAdd(sumN, satMul(mult, n));
    sumI = satAdd(sumI, satMul(mult, i));
  };

  Count sumN = 0, sumI = 0;
  if (numPrefix > kMaxComboRanks) {
    // Sound fallback for huge components: every outer chunk counted as a
    // full one and no reuse across changed boxes.
    Count mult = 1;
    for (unsigned k = 0; k < numPrefix; ++k) {
      const LoopState &s = loops[rankLoop[prefix[k]]];
      b.oldI[prefix[k]] = b.newI[prefix[k]] = {0, s.tile};
      mult = satMul(mult, static_cast<Count>(s.trips));
    }
    evalCombo(mult, sumN, sumI, /*forceNoReuse=*/true);
    return {sumN, sumI};
  }

  // Mixed-radix walk over the status (full chunk / last chunk) of every
  // outer loop of the component.
  unsigned status[kMaxComboRanks + 1];
  for (unsigned k = 0; k < numPrefix; ++k)
    status[k] = 0;
  while (true) {
    Count mult = 1;
    bool skip = false;
    for (unsigned k = 0; k < numPrefix; ++k) {
      const LoopState &s = loops[rankLoop[prefix[k]]];
      unsigned r = prefix[k];
      if (s.lastTile == s.tile) {
        mult = satMul(mult, static_cast<Count>(s.trips));
        b.oldI[r] = b.newI[r] = {0, s.tile};
      } else if (status[k] == 0) {
        if (s.trips - 1 == 0)
          skip = true;
        mult = satMul(mult, static_cast<Count>(s.trips - 1));
        b.oldI[r] = b.newI[r] = {0, s.tile};
      } else {
        b.oldI[r] = b.newI[r] = {0, s.lastTile};
      }
    }
    if (!skip)
      evalCombo(mult, sumN, sumI, /*forceNoReuse=*/false);
    // Advance the odometer over ranks with two statuses.
    unsigned k = 0;
    for (; k < numPrefix; ++k) {
      const LoopState &s = loops[rankLoop[prefix[k]]];
      if (s.lastTile == s.tile)
        continue;
      if (status[k] == 0) {
        status[k] = 1;
        break;
      }
      status[k] = 0;
    }
    if (k == numPrefix)
      break;
  }
  return {sumN, sumI};
}

std::pair<Count, Count>
CostModel::Impl::unitSums(const CompInfo &comp, llvm::ArrayRef<LoopState> loops,
                          llvm::ArrayRef<int> rankLoop, unsigned p, unsigned j,
                          int64_t newLen) const {
  // One dimension x + y: every box is one interval of values, of size
  // |x range| + |y range| - 1. Each rank has at most two statuses.
  struct Status {
    Count mult;
    Interval oldI, newI;
  };
  Status st[2][2];
  unsigned num[2];
  bool changed = false;
  for (unsigned k = 0; k < 2; ++k) {
    unsigned r = comp.ranks[k];
    int64_t e = extents[r];
    int l = rankLoop[r];
    if (l >= static_cast<int>(p))
      l = -1;
    num[k] = 1;
    if (l < 0) {
      st[k][0] = {1, {0, e}, {0, e}};
      continue;
    }
    const LoopState &s = loops[l];
    if (l < static_cast<int>(j)) {
      if (s.lastTile == s.tile) {
        st[k][0] = {static_cast<Count>(s.trips), {0, s.tile}, {0, s.tile}};
      } else {
        st[k][0] = {static_cast<Count>(s.trips - 1), {0, s.tile}, {0, s.tile}};
        st[k][1] = {1, {0, s.lastTile}, {0, s.lastTile}};
        num[k] = 2;
      }
    } else if (l == static_cast<int>(j)) {
      st[k][0] = {1, {0, s.tile}, {s.tile, newLen}};
      changed = true;
    } else if (s.trips >= 2) {
      st[k][0] = {1, {(s.trips - 1) * s.tile, s.lastTile}, {0, s.tile}};
      changed = true;
    } else {
      st[k][0] = {1, {0, e}, {0, e}};
    }
  }
  Count sumN = 0, sumI = 0;
  for (unsigned a = 0; a < num[0]; ++a)
    for (unsigned b = 0; b < num[1]; ++b) {
      const Status &u = st[0][a], &v = st[1][b];
      Count mult = satMul(u.mult, v.mult);
      int64_t n = u.newI.len + v.newI.len - 1;
      int64_t i =
          changed
              ? overlap({u.oldI.lo + v.oldI.lo, u.oldI.len + v.oldI.len - 1},
                        {u.newI.lo + v.newI.lo, n})
              : n;
      sumN = satAdd(sumN, satMul(mult, static_cast<Count>(n)));
      sumI = satAdd(sumI, satMul(mult, static_cast<Count>(i)));
    }
  return {sumN, sumI};
}

Count CostModel::Impl::generalTotal(const AccessInfo &x,
                                    llvm::ArrayRef<LoopState> loops,
                                    llvm::ArrayRef<int> rankLoop, unsigned p,
                                    Count firstBox) const {
  Count total = firstBox;
  // changesFrom[j]: some relevant loop in [j, p) iterates.
  bool changesBelow = false;
  bool changesFrom[kMaxRanks + 1];
  for (unsigned l = p; l-- > 0;) {
    if (loops[l].trips >= 2 && ((x.relevant >> loops[l].rank) & 1))
      changesBelow = true;
    changesFrom[l] = changesBelow;
  }
  Count irrelevantAbove = 1;
  for (unsigned j = 0; j < p; ++j) {
    const LoopState &lj = loops[j];
    bool jRelevant = (x.relevant >> lj.rank) & 1;
    if (lj.trips >= 2 && changesFrom[j]) {
      struct Kind {
        Count mult;
        int64_t newLen;
      } kinds[2];
      unsigned numKinds = 0;
      if (lj.lastTile == lj.tile) {
        kinds[numKinds++] = {static_cast<Count>(lj.trips - 1), lj.tile};
      } else {
        if (lj.trips > 2)
          kinds[numKinds++] = {static_cast<Count>(lj.trips - 2), lj.tile};
        kinds[numKinds++] = {1, lj.lastTile};
      }
      // Components not indexed by loop j's rank do not depend on whether
      // its new chunk is full or partial: compute them once.
      Count baseN = irrelevantAbove, baseI = irrelevantAbove;
      const CompInfo *own = nullptr;
      for (const CompInfo &comp : x.comps) {
        if (jRelevant && llvm::is_contained(comp.ranks, lj.rank)) {
          own = &comp;
          continue;
        }
        auto [a, b] = compSums(x, comp, loops, rankLoop, p, j, lj.tile);
        baseN = satMul(baseN, a);
        baseI = satMul(baseI, b);
      }
      for (unsigned k = 0; k < numKinds; ++k) {
        Count sumN = baseN, sumI = baseI;
        if (own) {
          auto [a, b] =
              compSums(x, *own, loops, rankLoop, p, j, kinds[k].newLen);
          sumN = satMul(sumN, a);
          sumI = satMul(sumI, b);
        }
        Count delta = isSaturated(sumN) ? kCountMax : satSub(sumN, sumI);
        total = satAdd(total, satMul(kinds[k].mult, delta));
      }
    }
    if (!jRelevant)
      irrelevantAbove = satMul(irrelevantAbove, static_cast<Count>(lj.trips));
  }
  return total;
}

//===----------------------------------------------------------------------===//
// CostModel
//===----------------------------------------------------------------------===//

llvm::Expected<CostModel> CostModel::create(const Einsum &einsum,
                                            llvm::ArrayRef<Tensor> tensors) {
  auto impl = std::make_shared<Impl>();
  impl->einsum = einsum;
  unsigned numRanks = einsum.ranks.size();
  if (numRanks > kMaxRanks)
    return makeError(llvm::formatv("einsum '{0}' has {1} ranks; at most {2} "
                                   "are supported",
                                   einsum.name, numRanks, kMaxRanks));
  for (const Rank &r : einsum.ranks) {
    if (r.extent < 1 || r.extent > kMaxExtent)
      return makeError(llvm::formatv("rank '{0}' has extent {1}; extents must "
                                     "be in [1, 2^40]",
                                     r.name, r.extent));
    impl->extents.push_back(r.extent);
    impl->macs = satMul(impl->macs, static_cast<Count>(r.extent));
  }

  unsigned numAccesses = einsum.inputs.size() + 1;
  for (unsigned a = 0; a < numAccesses; ++a) {
    const Access &acc = a + 1 == numAccesses ? einsum.output : einsum.inputs[a];
    if (acc.tensor >= tensors.size())
      return makeError(llvm::formatv("access {0} of einsum '{1}' names tensor "
                                     "index {2} but there are {3} tensors",
                                     a, einsum.name, acc.tensor,
                                     tensors.size()));
    const Tensor &tensor = tensors[acc.tensor];
    if (acc.dims.size() != tensor.shape.size())
      return makeError(llvm::formatv("access to tensor '{0}' has {1} "
                                     "dimensions but the tensor has rank {2}",
                                     tensor.name, acc.dims.size(),
                                     tensor.shape.size()));
    if (tensor.bits == 0)
      return makeError(
          llvm::formatv("tensor '{0}' has 0 bits per element", tensor.name));
    impl->tensors.push_back(tensor);

    AccessInfo info;
    info.tensor = acc.tensor;
    info.bits = tensor.bits;
    info.output = a + 1 == numAccesses;
    for (auto [source, expr] : llvm::enumerate(acc.dims)) {
      DimInfo d;
      d.source = source;
      for (const AffineTerm &t : expr.terms) {
        if (t.rank >= numRanks)
          return makeError(llvm::formatv("access to tensor '{0}' uses rank "
                                         "index {1} but the einsum has {2} "
                                         "ranks",
                                         tensor.name, t.rank, numRanks));
        if (t.coeff < 1 || t.coeff > kMaxCoefficient)
          return makeError(llvm::formatv("coefficient {0} of rank '{1}' in "
                                         "access to tensor '{2}' must be in "
                                         "[1, 2^40]",
                                         t.coeff, einsum.ranks[t.rank].name,
                                         tensor.name));
        auto *it = llvm::find_if(
            d.terms, [&](const Term &x) { return x.rank == t.rank; });
        if (it != d.terms.end())
          it->coeff += t.coeff;
        else
          d.terms.push_back({t.rank, t.coeff});
      }
      // Ranks of extent 1 contribute a constant: drop them.
      llvm::erase_if(d.terms,
                     [&](const Term &t) { return impl->extents[t.rank] == 1; });
      if (isInjective(d.terms, impl->extents)) {
        // A delinearized dimension (`128*h + x` with x < 128) or a window
        // whose terms cannot collide (`2*p + r` with r < 2): distinct rank
        // tuples give distinct values, so its value set over a box is the
        // product of the per-rank ranges and the intersection of two boxes'
        // values is the image of the boxes' intersection. It is exactly the
        // separate single-term dimensions of its ranks.
        for (const Term &t : d.terms) {
          DimInfo single;
          single.kind = DimKind::Single;
          single.source = source;
          single.terms.push_back(t);
          single.reduced.push_back(1);
          info.dims.push_back(std::move(single));
        }
        continue;
      }
      int64_t g = 0;
      for (const Term &t : d.terms)
        g = std::gcd(g, t.coeff);
      for (const Term &t : d.terms)
        d.reduced.push_back(t.coeff / g);
      d.kind = d.terms.empty()       ? DimKind::Const
               : d.terms.size() == 1 ? DimKind::Single
               : d.terms.size() == 2 ? DimKind::Pair
                                     : DimKind::Multi;
      d.unit =
          d.kind == DimKind::Pair && d.reduced[0] == 1 && d.reduced[1] == 1;
      if (d.kind == DimKind::Multi) {
        // Ascending coefficients, as `intervalOf` walks them.
        llvm::SmallVector<unsigned, 4> order(d.terms.size());
        std::iota(order.begin(), order.end(), 0);
        llvm::stable_sort(order, [&](unsigned x, unsigned y) {
          return d.reduced[x] < d.reduced[y];
        });
        llvm::SmallVector<Term, 2> terms;
        llvm::SmallVector<int64_t, 2> reduced;
        for (unsigned i : order) {
          terms.push_back(d.terms[i]);
          reduced.push_back(d.reduced[i]);
        }
        d.terms = std::move(terms);
        d.reduced = std::move(reduced);
        info.multiDims.push_back(source);
      }
      info.dims.push_back(std::move(d));
    }

    // Group dimensions sharing ranks (tiny: union by scanning).
    llvm::SmallVector<int, 8> compOfDim(info.dims.size(), -1);
    for (unsigned di = 0; di < info.dims.size(); ++di) {
      if (info.dims[di].kind == DimKind::Const)
        continue;
      uint64_t mask = 0;
      for (const Term &t : info.dims[di].terms)
        mask |= uint64_t(1) << t.rank;
      // Merge every existing component touching `mask`.
      int target = -1;
      for (unsigned c = 0; c < info.comps.size(); ++c) {
        uint64_t cm = 0;
        for (unsigned r : info.comps[c].ranks)
          cm |= uint64_t(1) << r;
        if (!(cm & mask))
          continue;
        if (target < 0) {
          target = c;
          continue;
        }
        CompInfo &t = info.comps[target];
        for (unsigned d2 : info.comps[c].dims)
          t.dims.push_back(d2);
        for (unsigned r : info.comps[c].ranks)
          t.ranks.push_back(r);
        info.comps[c].dims.clear();
        info.comps[c].ranks.clear();
      }
      if (target < 0) {
        info.comps.emplace_back();
        target = info.comps.size() - 1;
      }
      CompInfo &t = info.comps[target];
      t.dims.push_back(di);
      for (const Term &term : info.dims[di].terms)
        if (!llvm::is_contained(t.ranks, term.rank))
          t.ranks.push_back(term.rank);
      llvm::erase_if(info.comps,
                     [](const CompInfo &c) { return c.dims.empty(); });
    }
    for (CompInfo &c : info.comps) {
      llvm::sort(c.dims);
      llvm::sort(c.ranks);
      c.single =
          c.dims.size() == 1 && info.dims[c.dims[0]].kind == DimKind::Single;
      c.unit = c.dims.size() == 1 && info.dims[c.dims[0]].unit;
    }

    info.roles.assign(numRanks, RankRole::Absent);
    info.partners.assign(numRanks, 0);
    for (const CompInfo &c : info.comps) {
      for (unsigned r : c.ranks)
        info.relevant |= uint64_t(1) << r;
      bool oneDim = c.dims.size() == 1;
      const DimInfo &d0 = info.dims[c.dims[0]];
      for (unsigned r : c.ranks) {
        RankRole role = RankRole::Other;
        if (oneDim && d0.kind == DimKind::Single)
          role = RankRole::Single;
        else if (oneDim && d0.unit) {
          role = RankRole::UnitWindow;
          info.partners[r] =
              d0.terms[0].rank == r ? d0.terms[1].rank : d0.terms[0].rank;
        }
        info.roles[r] = role;
      }
      if (!oneDim || d0.kind != DimKind::Single)
        info.projective = false;
      bool hugePair = d0.kind == DimKind::Pair &&
                      std::min(d0.reduced[0], d0.reduced[1]) > kMaxResidues;
      if (!oneDim || d0.kind == DimKind::Multi || hugePair)
        info.exact = false;
      if (!oneDim || hugePair)
        info.exactOnIntervals = false;
    }
    if (info.projective)
      for (const DimInfo &d : info.dims)
        if (d.kind == DimKind::Single)
          info.singleRanks.push_back(d.terms[0].rank);

    // Distinct elements over the whole iteration space.
    Count accessed = 1;
    for (const CompInfo &c : info.comps) {
      Count u = 0;
      for (unsigned di : c.dims)
        u = std::max(u, impl->dimDistinct(info.dims[di], impl->extents.data(),
                                          /*lower=*/true));
      accessed = satMul(accessed, u);
    }
    info.accessed = accessed;
    impl->accesses.push_back(std::move(info));
  }
  return CostModel(std::move(impl));
}

const Einsum &CostModel::getEinsum() const { return impl->einsum; }
unsigned CostModel::getNumAccesses() const { return impl->accesses.size(); }
unsigned CostModel::getNumRanks() const { return impl->extents.size(); }
int64_t CostModel::getExtent(unsigned rank) const {
  return impl->extents[rank];
}
const Tensor &CostModel::getTensor(unsigned access) const {
  return impl->tensors[access];
}
unsigned CostModel::getElementBits(unsigned access) const {
  return impl->accesses[access].bits;
}
bool CostModel::isOutput(unsigned access) const {
  return impl->accesses[access].output;
}
uint64_t CostModel::getRelevantRanks(unsigned access) const {
  return impl->accesses[access].relevant;
}
RankRole CostModel::getRankRole(unsigned access, unsigned rank) const {
  return impl->accesses[access].roles[rank];
}
unsigned CostModel::getWindowPartner(unsigned access, unsigned rank) const {
  return impl->accesses[access].partners[rank];
}
bool CostModel::isProjective(unsigned access) const {
  return impl->accesses[access].projective;
}
bool CostModel::isExact(unsigned access) const {
  return impl->accesses[access].exact;
}
bool CostModel::isExactOnIntervals(unsigned access) const {
  return impl->accesses[access].exactOnIntervals;
}
llvm::ArrayRef<unsigned> CostModel::getMultiTermDims(unsigned access) const {
  return impl->accesses[access].multiDims;
}
Count CostModel::getAccessedElements(unsigned access) const {
  return impl->accesses[access].accessed;
}
Count CostModel::getMacs() const { return impl->macs; }

Count CostModel::footprint(unsigned access,
                           llvm::ArrayRef<int64_t> lengths) const {
  return impl->footprintOf(impl->accesses[access], lengths.data());
}

llvm::Error CostModel::verify(const Mapping &mapping, bool allowOnChip,
                              bool allowRetile) const {
  return verifyMapping(impl->einsum, mapping, allowOnChip, allowRetile);
}

TensorCost CostModel::evaluateAccess(unsigned access,
                                     llvm::ArrayRef<LoopState> loops,
                                     llvm::ArrayRef<int> rankLoop,
                                     unsigned position) const {
  const AccessInfo &x = impl->accesses[access];
  Count bits = x.bits;
  TensorCost cost;
  if (position == Mapping::kBypass) {
    Count macs = impl->macs;
    if (x.output) {
      cost.writeBits = satMul(macs, bits);
      cost.readBits = satMul(satSub(macs, x.accessed), bits);
    } else {
      cost.readBits = satMul(macs, bits);
    }
    return cost;
  }

  unsigned p = position;
  Count total;
  Count fp;
  if (x.projective) {
    fp = 1;
    for (unsigned r : x.singleRanks) {
      int l = rankLoop[r];
      fp = satMul(fp, static_cast<Count>(l >= 0 && l < static_cast<int>(p)
                                             ? loops[l].tile
                                             : impl->extents[r]));
    }
    // Traffic = |X| * (trips of the irrelevant loops above the innermost
    // iterating relevant loop).
    Count irrelevant = 1, reuse = 1;
    for (unsigned l = 0; l < p; ++l) {
      const LoopState &s = loops[l];
      if (s.trips < 2)
        continue;
      if ((x.relevant >> s.rank) & 1)
        reuse = irrelevant;
      else
        irrelevant = satMul(irrelevant, static_cast<Count>(s.trips));
    }
    total = satMul(x.accessed, reuse);
  } else {
    int64_t lens[kMaxRanks];
    for (unsigned r = 0; r < impl->extents.size(); ++r) {
      int l = rankLoop[r];
      lens[r] =
          l >= 0 && l < static_cast<int>(p) ? loops[l].tile : impl->extents[r];
    }
    fp = impl->footprintOf(x, lens);
    total = impl->generalTotal(x, loops, rankLoop, p, fp);
  }
  cost.occupancyBits = satMul(fp, bits);
  if (x.output) {
    cost.writeBits = satMul(total, bits);
    cost.readBits = isSaturated(total)
                        ? kCountMax
                        : satMul(satSub(total, x.accessed), bits);
  } else {
    cost.readBits = satMul(total, bits);
  }
  return cost;
}

Cost CostModel::evaluateUnchecked(const Mapping &mapping) const {
  llvm::SmallVector<LoopState, 8> loops;
  llvm::SmallVector<int, 8> rankLoop(impl->extents.size(), -1);
  for (auto [i, loop] : llvm::enumerate(mapping.loops)) {
    loops.push_back(LoopState::get(loop, impl->extents[loop.rank]));
    rankLoop[loop.rank] = i;
  }
  Cost cost;
  for (unsigned a = 0; a < impl->accesses.size(); ++a) {
    TensorCost t = evaluateAccess(a, loops, rankLoop, mapping.positions[a]);
    cost.occupancyBits = satAdd(cost.occupancyBits, t.occupancyBits);
    cost.accessBits = satAdd(cost.accessBits, t.accessBits());
    cost.perTensor.push_back(t);
  }
  return cost;
}

llvm::Expected<Cost> CostModel::evaluate(const Mapping &mapping) const {
  if (llvm::Error err = verify(mapping))
    return std::move(err);
  return evaluateUnchecked(mapping);
}

llvm::Expected<Cost> oro::core::evaluate(const Einsum &einsum,
                                         llvm::ArrayRef<Tensor> tensors,
                                         const Mapping &mapping) {
  llvm::Expected<CostModel> model = CostModel::create(einsum, tensors);
  if (!model)
    return model.takeError();
  return model->evaluate(mapping);
}
