//===- FuzzEinsum.cpp - Fuzz import + search against the simulator --------===//
//
// oro-fuzz-einsum: the bytes are decoded into a small einsum (1-4 ranks of
// extent 1-8, 1-3 inputs whose dimensions are constants, ranks, strided
// ranks `c*r` and windows `a*r + b*s` plus an offset, and an output over
// distinct ranks; integer element widths 8-64; keep policies; a buffer
// capacity). The einsum is printed as a `linalg.generic` in a function and
// imported in-process (`--convert-linalg-to-oro`, then `extractWorkload`),
// as oro-opt would. Then, on the imported einsum:
// - the import describes the decoded einsum: one einsum, the same MACs,
//   inputs and tensor sizes, and the same exact front as the einsum built
//   directly (front points are invariant under renaming ranks);
// - the exact search's front is strictly monotone, no point is below
//   compulsory traffic, and the unbounded point is compulsory traffic when
//   every access may be kept;
// - every witness costs its point under the model, and the independent
//   simulator (simulateMapping) gives the same per-tensor costs where the
//   model is exact (never more where it is only sound), as SearchTest's
//   checkWitnesses;
// - when the mapspace is small, the front equals the brute force's;
// - `bestWithin(capacity)` is the best point within the capacity.
// A mismatch aborts with the einsum, so libFuzzer keeps the reproducer.
// Budgets keep each input cheap (hundreds of inputs per second).
//
//===----------------------------------------------------------------------===//

#include "TestProblems.h"
#include "oro/Analysis/WorkloadExtraction.h"
#include "oro/Conversion/Passes.h"
#include "oro/Core/Bounds.h"
#include "oro/Core/BruteForce.h"
#include "oro/Core/CostModel.h"
#include "oro/Core/Search.h"
#include "oro/Core/Simulator.h"
#include "oro/Dialect/Oro/IR/OroDialect.h"
#include "oro/Dialect/Oro/IR/OroOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

using namespace oro;
using namespace oro::core;
using oro::core::test::Problem;
using oro::core::test::ProblemBuilder;

namespace {

/// Largest mapspace compared against the brute force.
constexpr Count kBruteForceLimit = 10000;
/// Candidate budget of the search; inputs over it are skipped.
constexpr Count kSearchBudget = 10000;

/// Reads bytes; zeros once the input is exhausted.
struct Reader {
  const uint8_t *p;
  size_t n;
  unsigned next() {
    if (n == 0)
      return 0;
    --n;
    return *p++;
  }
  unsigned below(unsigned k) { return next() % k; }
};

/// The decoded einsum, its keep policies and capacity.
struct Decoded {
  unsigned numRanks = 1;
  std::vector<int64_t> extents;
  /// Per access (inputs, then output): dimension expressions.
  std::vector<std::vector<DimExpr>> dims;
  std::vector<unsigned> bits;
  llvm::SmallVector<KeepPolicy, 4> keep;
  Count capacity = 0;
  unsigned numInputs() const { return dims.size() - 1; }
};

/// Adds `coeff * rank` to `d`, merging a repeated rank.
void addTerm(DimExpr &d, unsigned rank, int64_t coeff) {
  for (AffineTerm &t : d.terms)
    if (t.rank == rank) {
      t.coeff += coeff;
      return;
    }
  d.terms.push_back({rank, coeff});
}

Decoded decode(Reader &r) {
  Decoded d;
  d.numRanks = 1 + r.below(4);
  for (unsigned i = 0; i < d.numRanks; ++i)
    d.extents.push_back(1 + r.below(8));
  unsigned numInputs = 1 + r.below(3);
  static const unsigned kBits[] = {8, 16, 32, 64};
  for (unsigned a = 0; a < numInputs; ++a) {
    std::vector<DimExpr> dims;
    unsigned n = r.below(4);
    for (unsigned k = 0; k < n; ++k) {
      unsigned kind = r.below(16);
      DimExpr e;
      if (kind == 0) {
        // Broadcast: a constant index.
      } else if (kind <= 7) {
        addTerm(e, r.below(d.numRanks), 1);
      } else if (kind <= 8) {
        addTerm(e, r.below(d.numRanks), 2 + r.below(2));
      } else if (kind <= 12) {
        addTerm(e, r.below(d.numRanks), 1);
        addTerm(e, r.below(d.numRanks), 1);
      } else {
        addTerm(e, r.below(d.numRanks), 1 + r.below(3));
        addTerm(e, r.below(d.numRanks), 1 + r.below(3));
      }
      if (kind == 0 || kind >= 14)
        e.constant = r.below(2);
      dims.push_back(std::move(e));
    }
    d.dims.push_back(std::move(dims));
  }
  // Output: distinct ranks in a drawn order.
  std::vector<unsigned> ranks;
  for (unsigned i = 0; i < d.numRanks; ++i)
    ranks.push_back(i);
  for (unsigned i = d.numRanks; i > 1; --i)
    std::swap(ranks[i - 1], ranks[r.below(i)]);
  unsigned numOut = r.below(d.numRanks + 1);
  std::vector<DimExpr> out;
  for (unsigned i = 0; i < numOut; ++i) {
    DimExpr e;
    addTerm(e, ranks[i], 1);
    out.push_back(std::move(e));
  }
  // Linalg infers loop bounds from dimensions indexed by one rank alone:
  // give every rank without one a plain dimension of the first input.
  for (unsigned rank = 0; rank < d.numRanks; ++rank) {
    bool plain = false;
    for (const std::vector<DimExpr> &dims : d.dims)
      for (const DimExpr &e : dims)
        plain |= e.terms.size() == 1 && e.terms[0].coeff == 1 &&
                 e.terms[0].rank == rank && e.constant == 0;
    for (const DimExpr &e : out)
      plain |= e.terms[0].rank == rank;
    if (!plain) {
      DimExpr e;
      addTerm(e, rank, 1);
      d.dims[0].push_back(std::move(e));
    }
  }
  d.dims.push_back(std::move(out));
  for (unsigned a = 0; a < d.dims.size(); ++a)
    d.bits.push_back(kBits[r.below(4)]);
  if (r.below(2))
    for (unsigned a = 0; a < d.dims.size(); ++a) {
      unsigned k = r.below(4);
      d.keep.push_back(k == 0   ? KeepPolicy::Keep
                       : k == 1 ? KeepPolicy::Bypass
                                : KeepPolicy::Either);
    }
  d.capacity = static_cast<Count>(r.next()) * (8 << r.below(6));
  return d;
}

Problem build(const Decoded &d) {
  ProblemBuilder b("fuzz");
  for (unsigned i = 0; i < d.numRanks; ++i)
    b.rank("d" + std::to_string(i), d.extents[i]);
  for (unsigned a = 0; a < d.numInputs(); ++a)
    b.input("X" + std::to_string(a), d.dims[a]);
  b.output("Y", d.dims.back());
  Problem p = b.build();
  for (unsigned a = 0; a < p.tensors.size(); ++a)
    p.tensors[a].bits = d.bits[a];
  return p;
}

std::string tensorType(const Tensor &t) {
  std::string s = "tensor<";
  for (int64_t x : t.shape)
    s += std::to_string(x) + "x";
  return s + "i" + std::to_string(t.bits) + ">";
}

/// The einsum as a function with one linalg.generic.
std::string toLinalg(const Problem &p) {
  const Einsum &e = p.einsum;
  std::string dimList = "(";
  for (unsigned r = 0; r < e.ranks.size(); ++r)
    dimList += (r ? ", d" : "d") + std::to_string(r);
  dimList += ")";
  auto map = [&](const Access &a) {
    std::string s = "affine_map<" + dimList + " -> (";
    for (size_t i = 0; i < a.dims.size(); ++i) {
      std::string expr;
      for (const AffineTerm &t : a.dims[i].terms) {
        if (!expr.empty())
          expr += " + ";
        if (t.coeff != 1)
          expr += std::to_string(t.coeff) + " * ";
        expr += "d" + std::to_string(t.rank);
      }
      if (expr.empty())
        expr = std::to_string(a.dims[i].constant);
      else if (a.dims[i].constant)
        expr += " + " + std::to_string(a.dims[i].constant);
      s += (i ? ", " : "") + expr;
    }
    return s + ")>";
  };
  const Tensor &out = p.tensors[e.output.tensor];
  std::string outTy = tensorType(out);
  std::string outElt = "i" + std::to_string(out.bits);
  std::string s = "func.func @f(";
  for (unsigned a = 0; a < e.inputs.size(); ++a)
    s += (a ? ", %arg" : "%arg") + std::to_string(a) + ": " +
         tensorType(p.tensors[e.inputs[a].tensor]);
  s += ") -> " + outTy + " {\n";
  s += "  %init = tensor.empty() : " + outTy + "\n";
  s += "  %r = linalg.generic {indexing_maps = [";
  for (const Access &a : e.inputs)
    s += map(a) + ", ";
  s += map(e.output) + "], iterator_types = [";
  bool reduction = false;
  for (unsigned r = 0; r < e.ranks.size(); ++r) {
    bool parallel = e.isOutputRank(r);
    reduction |= !parallel;
    s += std::string(r ? ", " : "") +
         (parallel ? "\"parallel\"" : "\"reduction\"");
  }
  s += "]} ins(";
  for (unsigned a = 0; a < e.inputs.size(); ++a)
    s += (a ? ", %arg" : "%arg") + std::to_string(a);
  s += " : ";
  for (unsigned a = 0; a < e.inputs.size(); ++a)
    s += (a ? ", " : "") + tensorType(p.tensors[e.inputs[a].tensor]);
  s += ") outs(%init : " + outTy + ") {\n  ^bb0(";
  for (unsigned a = 0; a < e.inputs.size(); ++a)
    s += "%in" + std::to_string(a) + ": i" +
         std::to_string(p.tensors[e.inputs[a].tensor].bits) + ", ";
  s += "%out: " + outElt + "):\n";
  // Every input converted to the output type, multiplied, accumulated.
  std::string acc;
  for (unsigned a = 0; a < e.inputs.size(); ++a) {
    unsigned bits = p.tensors[e.inputs[a].tensor].bits;
    std::string v = "%in" + std::to_string(a);
    if (bits != out.bits) {
      std::string c = "%c" + std::to_string(a);
      s += "    " + c + " = arith." + (bits < out.bits ? "extsi " : "trunci ") +
           v + " : i" + std::to_string(bits) + " to " + outElt + "\n";
      v = c;
    }
    if (acc.empty()) {
      acc = v;
      continue;
    }
    std::string m = "%m" + std::to_string(a);
    s += "    " + m + " = arith.muli " + acc + ", " + v + " : " + outElt + "\n";
    acc = m;
  }
  if (reduction) {
    s += "    %sum = arith.addi " + acc + ", %out : " + outElt + "\n";
    acc = "%sum";
  }
  s += "    linalg.yield " + acc + " : " + outElt + "\n";
  s += "  } -> " + outTy + "\n";
  s += "  return %r : " + outTy + "\n}\n";
  return s;
}

mlir::MLIRContext &context() {
  static mlir::MLIRContext *ctx = [] {
    mlir::DialectRegistry registry;
    registry.insert<oro::OroDialect, mlir::arith::ArithDialect,
                    mlir::func::FuncDialect, mlir::linalg::LinalgDialect,
                    mlir::tensor::TensorDialect>();
    auto *c = new mlir::MLIRContext(registry,
                                    mlir::MLIRContext::Threading::DISABLED);
    c->loadAllAvailableDialects();
    return c;
  }();
  return *ctx;
}

std::string text; // The current input's einsum and IR, for messages.

[[noreturn]] void fail(const std::string &what) {
  llvm::errs() << "oro-fuzz-einsum: " << what << "\n" << text << "\n";
  std::abort();
}

/// Imports `ir` and returns the workload, or fails.
Workload import(const std::string &ir) {
  mlir::MLIRContext &ctx = context();
  std::string diags;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &d) {
    diags += d.str() + "\n";
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(ir, &ctx, "fuzz.mlir");
  if (!module)
    fail("generated Linalg does not parse:\n" + diags);
  // One pass manager for all inputs: building one per input costs more
  // than importing a small function.
  static mlir::PassManager *pm = [&] {
    auto *p = new mlir::PassManager(&ctx);
    p->addPass(oro::createConvertLinalgToOroPass());
    return p;
  }();
  if (mlir::failed(pm->run(*module)))
    fail("--convert-linalg-to-oro fails:\n" + diags);
  std::optional<Workload> w;
  module->walk([&](oro::WorkloadOp op) {
    FailureOr<ExtractedWorkload> e = extractWorkload(op);
    if (failed(e))
      fail("extractWorkload fails:\n" + diags);
    w = std::move(e->workload);
  });
  if (!w)
    fail("the import built no workload");
  return std::move(*w);
}

using Pairs = std::vector<std::pair<Count, Count>>;

Pairs pairs(const ParetoFront &f) {
  Pairs out;
  for (const ParetoPoint &p : f.points())
    out.push_back({p.occupancyBits, p.accessBits});
  return out;
}

std::string show(const Pairs &ps) {
  std::string s;
  for (auto [o, a] : ps)
    s += "(" + toString(o) + "," + toString(a) + ") ";
  return s;
}

/// The einsum without names: extents, then per access its tensor's shape
/// and bits and its dimension expressions.
std::string structure(const Problem &p) {
  std::string s;
  for (const Rank &r : p.einsum.ranks)
    s += std::to_string(r.extent) + " ";
  auto access = [&](const Access &a) {
    const Tensor &t = p.tensors[a.tensor];
    s += "|" + std::to_string(t.bits) + ":";
    for (int64_t x : t.shape)
      s += std::to_string(x) + ",";
    for (const DimExpr &d : a.dims) {
      s += "[";
      for (const AffineTerm &term : d.terms)
        s += std::to_string(term.coeff) + "*" + std::to_string(term.rank) +
             "+";
      s += std::to_string(d.constant) + "]";
    }
  };
  for (const Access &a : p.einsum.inputs)
    access(a);
  access(p.einsum.output);
  return s;
}

/// Every witness costs its point under the model and the simulator
/// (SearchTest's checkWitnesses).
void checkWitnesses(const Problem &p, const CostModel &m,
                    const ParetoFront &f) {
  bool exact = true;
  for (unsigned a = 0; a < m.getNumAccesses(); ++a)
    exact &= m.isExact(a);
  for (const ParetoPoint &pt : f.points()) {
    std::string where = formatMapping(p.einsum, p.tensors, pt.witness);
    llvm::Expected<Cost> c = m.evaluate(pt.witness);
    if (!c)
      fail("witness " + where +
           " does not evaluate: " + llvm::toString(c.takeError()));
    if (c->occupancyBits != pt.occupancyBits ||
        c->accessBits != pt.accessBits)
      fail("witness " + where + " costs " + test::describe(*c) +
           ", not its point " + toString(pt.occupancyBits) + "/" +
           toString(pt.accessBits));
    llvm::Expected<Cost> sim = simulateMapping(p.einsum, p.tensors,
                                               pt.witness, uint64_t(1) << 22);
    if (!sim) {
      // Over the simulator's work limit: not checked.
      llvm::consumeError(sim.takeError());
      continue;
    }
    if (exact) {
      if (test::describe(*c) != test::describe(*sim))
        fail("model != simulator on witness " + where + ": model " +
             test::describe(*c) + ", simulator " + test::describe(*sim));
      continue;
    }
    for (unsigned a = 0; a < m.getNumAccesses(); ++a)
      if (c->perTensor[a].occupancyBits < sim->perTensor[a].occupancyBits ||
          c->perTensor[a].readBits < sim->perTensor[a].readBits ||
          c->perTensor[a].writeBits < sim->perTensor[a].writeBits)
        fail("model below the simulator (not sound) on witness " + where +
             ": model " + test::describe(*c) + ", simulator " +
             test::describe(*sim));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Reader reader{data, size};
  Decoded d = decode(reader);
  Problem direct = build(d);
  std::string ir = toLinalg(direct);
  text = "einsum: " + test::describe(direct) + "\n" + ir;

  Workload w = import(ir);
  if (w.einsums.size() != 1)
    fail("the import built " + std::to_string(w.einsums.size()) +
         " einsums, not 1");
  Problem p;
  p.name = "imported";
  p.einsum = w.einsums[0];
  for (const Tensor &t : w.tensors)
    p.tensors.push_back(t);
  text += "imported: " + test::describe(p) + "\n";
  if (p.einsum.inputs.size() != direct.einsum.inputs.size() ||
      p.einsum.macs() != direct.einsum.macs())
    fail("the import changed the inputs or the MAC count");
  for (unsigned a = 0; a <= p.einsum.inputs.size(); ++a) {
    const Access &ia =
        a < p.einsum.inputs.size() ? p.einsum.inputs[a] : p.einsum.output;
    const Access &da = a < direct.einsum.inputs.size() ? direct.einsum.inputs[a]
                                                       : direct.einsum.output;
    if (p.tensors[ia.tensor].sizeBits() != direct.tensors[da.tensor].sizeBits())
      fail("the import changed the size of access " + std::to_string(a));
  }

  llvm::Expected<CostModel> model = CostModel::create(p.einsum, p.tensors);
  if (!model)
    fail("no cost model: " + llvm::toString(model.takeError()));
  llvm::Expected<CostModel> directModel =
      CostModel::create(direct.einsum, direct.tensors);
  if (!directModel)
    fail("no cost model (direct): " +
         llvm::toString(directModel.takeError()));

  SearchOptions options;
  options.keep = d.keep;
  options.maxCandidates = kSearchBudget;
  llvm::Expected<SearchResult> s = searchParetoFront(*model, options);
  if (!s) {
    // Over budget: too big for a fuzz input.
    std::string msg = llvm::toString(s.takeError());
    if (msg.find("candidate budget") == std::string::npos)
      fail("search fails: " + msg);
    return 0;
  }
  const ParetoFront &front = s->front;
  Pairs ps = pairs(front);
  if (ps.empty())
    fail("empty front");
  for (size_t i = 1; i < ps.size(); ++i)
    if (!(ps[i - 1].first < ps[i].first && ps[i - 1].second > ps[i].second))
      fail("front not strictly monotone: " + show(ps));
  Count compulsory = compulsoryAccessBits(*model);
  for (auto [occ, acc] : ps)
    if (acc < compulsory)
      fail("point below compulsory traffic " + toString(compulsory) + ": " +
           show(ps));
  bool allKeepable = true;
  for (KeepPolicy k : d.keep)
    allKeepable &= k != KeepPolicy::Bypass;
  bool exact = true;
  for (unsigned a = 0; a < model->getNumAccesses(); ++a)
    exact &= model->isExact(a);
  if (allKeepable && exact && ps.back().second != compulsory)
    fail("unbounded point is not compulsory traffic " + toString(compulsory) +
         ": " + show(ps));

  checkWitnesses(p, *model, front);

  // The import describes the decoded einsum: the same projections, shapes
  // and bits up to names; else (ranks reordered, say) the same front.
  if (structure(p) != structure(direct)) {
    llvm::Expected<SearchResult> sd =
        searchParetoFront(*directModel, options);
    if (!sd) {
      std::string msg = llvm::toString(sd.takeError());
      if (msg.find("candidate budget") == std::string::npos)
        fail("search of the direct einsum fails: " + msg);
    } else if (show(pairs(sd->front)) != show(ps)) {
      fail("imported and direct einsums differ: " + show(ps) + " vs " +
           show(pairs(sd->front)));
    }
  }

  if (s->stats.mapSpaceSize <= kBruteForceLimit) {
    SearchOptions bo = options;
    bo.maxCandidates = kBruteForceLimit;
    llvm::Expected<SearchResult> b = bruteForceParetoFront(*model, bo);
    if (!b)
      fail("brute force fails: " + llvm::toString(b.takeError()));
    if (show(pairs(b->front)) != show(ps))
      fail("search != brute force: " + show(ps) + " vs " +
           show(pairs(b->front)));
    checkWitnesses(p, *model, b->front);
  }

  // bestWithin: the fewest accesses among the points that fit.
  std::optional<ParetoPoint> best = front.bestWithin(d.capacity);
  std::optional<std::pair<Count, Count>> expect;
  for (auto pt : ps)
    if (pt.first <= d.capacity && (!expect || pt.second < expect->second))
      expect = pt;
  if (best.has_value() != expect.has_value() ||
      (best && (best->occupancyBits != expect->first ||
                best->accessBits != expect->second)))
    fail("bestWithin(" + toString(d.capacity) + ") is wrong on " + show(ps));
  return 0;
}
