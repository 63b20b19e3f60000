//===- oro-bench.cpp - Benchmark of the exact Pareto search ---------------===//
//
// Computes the Orojenesis curve (backing store + one buffer, all tensors
// kept) of a fixed set of einsums and prints, per case, the wall time, the
// peak resident memory, the complete candidates evaluated against the size
// of the unpruned mapspace, and the number of curve points. Each case runs
// in its own child process so the peak memory is its own.
//
//   oro-bench [--prune-window-tiles] [--points] [case-name-substring...]
//
// --prune-window-tiles turns on the (inexact) window tile heuristic of
// SearchOptions::pruneWindowTiles, for comparison. --points also prints
// every point of each front with its witness (loops as rank:tile, outermost
// first, then the access positions), to compare fronts across commits.
//
// Figures are for comparing commits on one machine; this is not a test.
//
//===----------------------------------------------------------------------===//

#include "oro/Core/Bounds.h"
#include "oro/Core/CostModel.h"
#include "oro/Core/Search.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <functional>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace oro::core;

namespace {

struct Case {
  std::string name;
  Einsum einsum;
  llvm::SmallVector<Tensor, 4> tensors;
};

/// Builds cases: ranks, then accesses whose dims are lists of (rank, coeff).
class CaseBuilder {
public:
  CaseBuilder(std::string name, unsigned bits) : bits(bits) {
    c.name = name;
    c.einsum.name = std::move(name);
  }
  unsigned rank(const char *name, int64_t extent) {
    c.einsum.ranks.push_back({name, extent});
    return c.einsum.ranks.size() - 1;
  }
  using Dim = std::vector<std::pair<unsigned, int64_t>>;
  CaseBuilder &access(const char *name, std::vector<Dim> dims, bool output) {
    Tensor t;
    t.name = name;
    t.bits = bits;
    t.kind = output ? TensorKind::Output : TensorKind::Input;
    Access a;
    a.tensor = c.tensors.size();
    for (const Dim &d : dims) {
      DimExpr e;
      int64_t hi = 0;
      for (auto [r, k] : d) {
        e.terms.push_back({r, k});
        hi += k * (c.einsum.ranks[r].extent - 1);
      }
      t.shape.push_back(hi + 1);
      a.dims.push_back(e);
    }
    c.tensors.push_back(t);
    (output ? c.einsum.output : c.einsum.inputs.emplace_back()) = a;
    return *this;
  }
  Case build() const { return c; }

private:
  Case c;
  unsigned bits;
};

Case matmul(const char *name, int64_t m, int64_t n, int64_t k) {
  CaseBuilder b(name, 16);
  unsigned rm = b.rank("m", m), rn = b.rank("n", n), rk = b.rank("k", k);
  b.access("A", {{{rm, 1}}, {{rk, 1}}}, false)
      .access("B", {{{rk, 1}}, {{rn, 1}}}, false)
      .access("C", {{{rm, 1}}, {{rn, 1}}}, true);
  return b.build();
}

Case gpt3QK() {
  // GPT-3 6.7B attention scores: 32 heads, 2048 tokens, head size 128.
  CaseBuilder b("gpt3-6.7b-qk 32x2048x2048x128", 16);
  unsigned h = b.rank("h", 32), m = b.rank("m", 2048), n = b.rank("n", 2048),
           e = b.rank("e", 128);
  b.access("Q", {{{h, 1}}, {{m, 1}}, {{e, 1}}}, false)
      .access("K", {{{h, 1}}, {{n, 1}}, {{e, 1}}}, false)
      .access("S", {{{h, 1}}, {{m, 1}}, {{n, 1}}}, true);
  return b.build();
}

Case resnetConv() {
  // ResNet-50 conv2_x 3x3: N=1, C=F=64, P=Q=56, R=S=3, unit stride.
  CaseBuilder b("resnet50-conv3x3 c64 f64 p56 q56 r3 s3", 16);
  unsigned n = b.rank("n", 1), c = b.rank("c", 64), f = b.rank("f", 64),
           p = b.rank("p", 56), q = b.rank("q", 56), r = b.rank("r", 3),
           s = b.rank("s", 3);
  b.access("I", {{{n, 1}}, {{c, 1}}, {{p, 1}, {r, 1}}, {{q, 1}, {s, 1}}}, false)
      .access("W", {{{f, 1}}, {{c, 1}}, {{r, 1}}, {{s, 1}}}, false)
      .access("O", {{{n, 1}}, {{f, 1}}, {{p, 1}}, {{q, 1}}}, true);
  return b.build();
}

Case gpt3OutProj() {
  // GPT-3 6.7B attention output projection as the Linalg import emits it
  // when a collapse_shape merged (heads, head size) into k: k is split into
  // k_0 (32 heads) and k_1 (head size 128) and the weight is indexed by the
  // delinearized dimension 128*k_0 + k_1.
  CaseBuilder b("gpt3-6.7b-outproj split-k 2048x4096x(32*128)", 16);
  unsigned m = b.rank("m", 2048), n = b.rank("n", 4096),
           k0 = b.rank("k_0", 32), k1 = b.rank("k_1", 128);
  b.access("T", {{{m, 1}}, {{k0, 1}}, {{k1, 1}}}, false)
      .access("W", {{{k0, 128}, {k1, 1}}, {{n, 1}}}, false)
      .access("O", {{{m, 1}}, {{n, 1}}}, true);
  return b.build();
}

Case resnetConv1x1() {
  // ResNet-50 conv2_x 1x1 reduction: N=1, C=256, F=64, P=Q=56, written as a
  // windowed conv with R=S=1 (`p + r`, `q + s`).
  CaseBuilder b("resnet50-conv1x1 c256 f64 p56 q56 r1 s1", 16);
  unsigned n = b.rank("n", 1), c = b.rank("c", 256), f = b.rank("f", 64),
           p = b.rank("p", 56), q = b.rank("q", 56), r = b.rank("r", 1),
           s = b.rank("s", 1);
  b.access("I", {{{n, 1}}, {{c, 1}}, {{p, 1}, {r, 1}}, {{q, 1}, {s, 1}}}, false)
      .access("W", {{{f, 1}}, {{c, 1}}, {{r, 1}}, {{s, 1}}}, false)
      .access("O", {{{n, 1}}, {{f, 1}}, {{p, 1}}, {{q, 1}}}, true);
  return b.build();
}

std::vector<Case> allCases() {
  return {matmul("matmul 1024^3", 1024, 1024, 1024),
          matmul("matmul 4096^3", 4096, 4096, 4096),
          matmul("matmul 8192x8192x28672", 8192, 8192, 28672),
          gpt3QK(),
          gpt3OutProj(),
          resnetConv(),
          resnetConv1x1()};
}

long peakRssKiB() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

bool pruneWindowTiles = false;
bool printPoints = false;

int runCase(const Case &c) {
  auto start = std::chrono::steady_clock::now();
  auto model = CostModel::create(c.einsum, c.tensors);
  if (!model) {
    llvm::errs() << c.name << ": " << llvm::toString(model.takeError()) << "\n";
    return 1;
  }
  SearchOptions options;
  options.maxCandidates = 0;
  options.pruneWindowTiles = pruneWindowTiles;
  auto result = searchParetoFront(*model, options);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (!result) {
    llvm::errs() << c.name << ": " << llvm::toString(result.takeError())
                 << "\n";
    return 1;
  }
  const SearchStats &s = result->stats;
  auto best = result->front.unbounded();
  llvm::outs() << llvm::format("%-42s %9.3f s %8.1f MiB  ", c.name.c_str(),
                               seconds, peakRssKiB() / 1024.0)
               << "candidates " << toString(s.candidatesEvaluated) << " (nodes "
               << toString(s.nodesVisited) << ", pruned "
               << toString(s.subtreesPruned) << ") of mapspace "
               << toString(s.mapSpaceSize) << "  points "
               << result->front.size() << "  min-accesses "
               << toString(best->accessBits) << " bits (compulsory "
               << toString(compulsoryAccessBits(*model)) << ")\n";
  if (printPoints)
    for (const ParetoPoint &p : result->front.points()) {
      llvm::outs() << "  point " << toString(p.occupancyBits) << " "
                   << toString(p.accessBits) << "  loops";
      for (const Loop &l : p.witness.loops)
        llvm::outs() << " " << c.einsum.ranks[l.rank].name << ":" << l.tile;
      llvm::outs() << "  positions";
      for (unsigned pos : p.witness.positions)
        llvm::outs() << " " << pos;
      llvm::outs() << "\n";
    }
  llvm::outs().flush();
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> filters;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--prune-window-tiles")
      pruneWindowTiles = true;
    else if (arg == "--points")
      printPoints = true;
    else
      filters.push_back(arg);
  }
  std::vector<Case> cases = allCases();
  int failures = 0;
  for (const Case &c : cases) {
    bool selected = filters.empty();
    for (const std::string &f : filters)
      selected |= c.name.find(f) != std::string::npos;
    if (!selected)
      continue;
    llvm::outs().flush();
    pid_t pid = fork();
    if (pid < 0) {
      failures += runCase(c);
      continue;
    }
    if (pid == 0)
      _exit(runCase(c));
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      ++failures;
  }
  return failures ? 1 : 0;
}
