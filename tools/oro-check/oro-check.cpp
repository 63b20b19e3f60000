//===- oro-check.cpp - Metamorphic checks of fused curves on real input ---===//
//
// Checks the exact fused search on a real workload against relations that
// share no search code (oro/Core/Metamorphic.h), where no brute force
// reaches:
//
//   oro-check FILE.mlir [--max-block=L] [--sample=K] [--seed=S]
//             [--separability] [--pruning] [--max-group-candidates=N]
//             [--replay=K] [--search-threads=T] [--compare-threads]
//             [--placement=keep|may-keep|persistent] [--lookahead=L]
//             [--retile] [--compare-lookahead] [--compare-share-inputs]
//             [--compare-retile]
//
// FILE is Linalg on tensors (imported with convert-linalg-to-oro) or oro
// IR. With --retile every search may re-tile shared ranks (fusion-retile).
// For every oro.workload, on one buffer below a backing store with every
// tensor kept (the snowcat setup), or with --placement every tensor free to
// be kept or bypassed (`may_keep: All`) or the persistent tensors kept and
// the intermediates free (`keep: Persistent`, `may_keep: All`):
// - the fused curve must be exact (no group cut short; with
//   --max-group-candidates a curve cut short gets the witness checks only),
//   and every point's witness groups must add up to the point (accesses
//   summed, peak the max) by the analytic model; a sample of K distinct
//   fused groups is replayed in the fused simulator where its work bound
//   allows;
// - block composition: for every contiguous block of 2..L einsums (or K of
//   them drawn with seed S), fused(W) <= fused(B) + the rest alone at every
//   capacity of the composed curve;
// - with --separability, the workload twice, side by side, costs exactly
//   twice its curve pointwise;
// - with --pruning, partition pruning, mapping pruning and the group memo
//   off give the same points; witnesses differ only on the cut rule's exact
//   ties, and those must add up too;
// - with --compare-threads, the search on one thread gives the same points,
//   witnesses and counters as on T threads (--search-threads; 0, the default:
//   all cores);
// - with --compare-lookahead, groups as intervals of program order
//   (lookahead 0, a subset of the mapspace) are nowhere below the curve of
//   the search with lookahead L (default the passes'), and the unfused
//   curves are equal;
// - with --compare-share-inputs, groups that share no input (a subset of
//   the mapspace too) are nowhere below it either, with equal unfused
//   curves;
// - with --compare-retile, the search with re-tiling (fusion-retile, a
//   superset of the mapspace) has witnesses that replay in the simulator,
//   is nowhere above the curve, and has the same unfused curve.
// Always: the proven lower bounds (fusedLowerBound; the one a curve cut
// short carries) are never above the fused curve.
// Prints what it checked and exits 1 when any relation is violated.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "oro/Analysis/WorkloadExtraction.h"
#include "oro/Core/FusionSearch.h"
#include "oro/Core/FusionSimulator.h"
#include "oro/Core/Metamorphic.h"
#include "oro/Core/Search.h"
#include "oro/Dialect/Oro/IR/OroOps.h"
#include "oro/InitAll.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <map>
#include <random>
#include <set>

using namespace oro;
using namespace oro::core;

namespace {

llvm::cl::OptionCategory checkCategory("oro-check options");

llvm::cl::opt<std::string> inputFile(llvm::cl::Positional,
                                     llvm::cl::cat(checkCategory),
                                     llvm::cl::desc("<input.mlir>"),
                                     llvm::cl::Required);
llvm::cl::opt<unsigned> maxBlock("max-block", llvm::cl::cat(checkCategory),
                                 llvm::cl::desc("longest block (einsums)"),
                                 llvm::cl::init(8));
llvm::cl::opt<unsigned>
    sample("sample", llvm::cl::cat(checkCategory),
           llvm::cl::desc("check K blocks drawn at random (0: all)"),
           llvm::cl::init(0));
llvm::cl::opt<unsigned> seed("seed", llvm::cl::cat(checkCategory),
                             llvm::cl::desc("seed of --sample"),
                             llvm::cl::init(1));
llvm::cl::opt<unsigned> replay(
    "replay", llvm::cl::cat(checkCategory),
    llvm::cl::desc("replay at most this many distinct fused groups of the "
                   "witnesses in the simulator, evenly spread"),
    llvm::cl::init(32));
llvm::cl::opt<bool> separability("separability", llvm::cl::cat(checkCategory),
                                 llvm::cl::desc("check the workload twice"));
llvm::cl::opt<bool> pruning("pruning", llvm::cl::cat(checkCategory),
                            llvm::cl::desc("check pruning and memo off"));
llvm::cl::opt<unsigned> threads(
    "search-threads", llvm::cl::cat(checkCategory),
    llvm::cl::desc("threads of every fused search (0: all cores, 1: none); "
                   "the answers are the same at any count"),
    llvm::cl::init(0));
llvm::cl::opt<bool> compareThreads(
    "compare-threads", llvm::cl::cat(checkCategory),
    llvm::cl::desc("check the search on one thread gives the same answer"));
llvm::cl::opt<bool> compareLookahead(
    "compare-lookahead", llvm::cl::cat(checkCategory),
    llvm::cl::desc("check that groups as intervals only (lookahead 0), a "
                   "subset of the mapspace, are never below the curve"));
llvm::cl::opt<bool> compareShareInputs(
    "compare-share-inputs", llvm::cl::cat(checkCategory),
    llvm::cl::desc("check that groups sharing no input, a subset of the "
                   "mapspace, are never below the curve"));
llvm::cl::opt<bool> compareRetile(
    "compare-retile", llvm::cl::cat(checkCategory),
    llvm::cl::desc("check that the search with re-tiling, a superset of the "
                   "mapspace, has witnesses that replay and is never above "
                   "the curve"));
enum class PlacementRule { Keep, MayKeep, Persistent };
llvm::cl::opt<PlacementRule>
    placement("placement", llvm::cl::cat(checkCategory),
              llvm::cl::desc("the buffer's placements"),
              llvm::cl::values(
                  clEnumValN(PlacementRule::Keep, "keep", "every tensor kept"),
                  clEnumValN(PlacementRule::MayKeep, "may-keep",
                             "every tensor kept or bypassed"),
                  clEnumValN(PlacementRule::Persistent, "persistent",
                             "persistent tensors kept, intermediates kept or "
                             "bypassed")),
              llvm::cl::init(PlacementRule::Keep));

/// Each tensor's placement in `x` under --placement (empty: every tensor
/// kept).
std::vector<KeepPolicy> placementsOf(const Workload &x) {
  std::vector<KeepPolicy> keep;
  if (placement == PlacementRule::Keep)
    return keep;
  for (const Tensor &t : x.tensors)
    keep.push_back(placement == PlacementRule::MayKeep || !t.isPersistent()
                       ? KeepPolicy::Either
                       : KeepPolicy::Keep);
  return keep;
}

/// The searches' thread pool (null: one thread).
llvm::ThreadPoolInterface *threadPool = nullptr;
llvm::cl::opt<uint64_t>
    maxGroupCandidates("max-group-candidates", llvm::cl::cat(checkCategory),
                       llvm::cl::desc("group budget of every search (0: none)"),
                       llvm::cl::init(0));
llvm::cl::opt<unsigned> lookahead(
    "lookahead", llvm::cl::cat(checkCategory),
    llvm::cl::desc("fusion lookahead of every search (0: groups are "
                   "intervals of program order)"),
    llvm::cl::init(FusionOptions().lookahead));
llvm::cl::opt<bool>
    retile("retile", llvm::cl::cat(checkCategory),
           llvm::cl::desc("every search may tile a shared rank again below the "
                          "shared loops (fusion-retile)"),
           llvm::cl::init(FusionOptions().retile));

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t)
      .count();
}

StepFront pairsOf(const std::vector<WorkloadPoint> &v) {
  StepFront out;
  for (const WorkloadPoint &p : v)
    out.push_back({p.capacityBits, p.accessBits});
  return out;
}

struct Checker {
  const Workload &w;
  unsigned failures = 0;
  std::vector<std::vector<ParetoPoint>> singles;

  void fail(const llvm::Twine &msg) {
    if (failures++ < 20)
      llvm::errs() << "oro-check: " << w.name << ": " << msg << "\n";
  }

  /// The options of a search of `x` (the workload, or a block of it: the
  /// block's tensors are placed by their own kinds, so an intermediate the
  /// block reads or writes through the backing store may be kept only
  /// where --placement=persistent applies, which is a subset of its
  /// placements in the workload).
  FusionOptions options(const Workload &x) const {
    FusionOptions o;
    o.keep = placementsOf(x);
    o.maxGroupCandidates = maxGroupCandidates;
    o.lookahead = lookahead;
    o.retile = retile;
    o.threadPool = threadPool;
    return o;
  }

  std::optional<WorkloadCurves> search(const Workload &x, FusionOptions o) {
    auto c = computeWorkloadCurves(x, o);
    if (!c) {
      fail("search failed: " + llvm::toString(c.takeError()));
      return std::nullopt;
    }
    return std::move(*c);
  }

  void checkWitnesses(const WorkloadCurves &c, llvm::StringRef label) {
    auto fm = FusionModel::create(w, placementsOf(w));
    if (!fm) {
      fail(llvm::toString(fm.takeError()));
      return;
    }
    // Points share group mappings: each is evaluated and replayed once.
    std::map<const FusedGroupMapping *, GroupCost> costs;
    std::vector<const FusedGroupMapping *> fusedGroups;
    unsigned simulated = 0, tooBig = 0;
    for (const WorkloadPoint &p : c.fused) {
      Count acc = 0, peak = 0;
      // The groups, in the witness's order, must run every einsum once and
      // each after the producers of its inputs.
      std::vector<bool> done(w.einsums.size(), false);
      unsigned ran = 0;
      for (const auto &g : p.witness.groups) {
        for (unsigned e : g->einsums) {
          if (e >= done.size() || done[e]) {
            fail("a witness runs an einsum twice");
            continue;
          }
          for (const Access &a : w.einsums[e].inputs)
            if (int q = fm->getProducer(a.tensor);
                q >= 0 && !done[q] && !g->einsums.contains(q))
              fail("a witness runs an einsum before its producer");
        }
        for (unsigned e : g->einsums)
          done[e] = true;
        ran += g->einsums.size();
        auto known = costs.find(g.get());
        if (known == costs.end()) {
          auto cost = fm->evaluateGroup(*g);
          if (!cost) {
            fail(llvm::toString(cost.takeError()));
            return;
          }
          known = costs.emplace(g.get(), *cost).first;
          if (g->einsums.size() >= 2)
            fusedGroups.push_back(g.get());
        }
        acc = satAdd(acc, known->second.accessBits);
        peak = std::max(peak, known->second.peakBits);
      }
      if (ran != w.einsums.size() || acc != p.accessBits ||
          peak != p.capacityBits)
        fail("point " + toString(p.capacityBits) + " b / " +
             toString(p.accessBits) + " b: its groups add up to " +
             toString(peak) + " b / " + toString(acc) + " b");
    }
    // The simulator steps every element coordinate: replay an evenly spread
    // sample of the distinct fused groups, those within its work bound.
    unsigned step = std::max<size_t>(1, (fusedGroups.size() + replay - 1) /
                                            std::max(1u, unsigned(replay)));
    for (size_t i = 0; replay != 0 && i < fusedGroups.size(); i += step) {
      const FusedGroupMapping &g = *fusedGroups[i];
      auto sim = simulateGroup(w, g, uint64_t(1) << 18, placementsOf(w));
      if (!sim) {
        llvm::consumeError(sim.takeError());
        ++tooBig;
        continue;
      }
      ++simulated;
      const GroupCost &cost = costs[&g];
      if (sim->accessBits != cost.accessBits || sim->peakBits != cost.peakBits)
        fail("simulator disagrees with the model on " + fm->formatGroup(g));
    }
    llvm::outs() << "  witnesses" << label << ": " << c.fused.size()
                 << " points add up (" << costs.size()
                 << " distinct groups); fused groups replayed " << simulated
                 << ", over the simulator's bound " << tooBig << "\n";
  }

  void checkBlocks(const StepFront &fused) {
    unsigned n = w.einsums.size();
    std::vector<KeepPolicy> keep = placementsOf(w);
    for (unsigned e = 0; e < n; ++e) {
      auto model = CostModel::create(w.einsums[e], w.tensors);
      if (!model) {
        fail(llvm::toString(model.takeError()));
        return;
      }
      SearchOptions so;
      if (!keep.empty())
        for (unsigned a = 0; a < model->getNumAccesses(); ++a) {
          const Einsum &es = w.einsums[e];
          so.keep.push_back(keep[a < es.inputs.size() ? es.inputs[a].tensor
                                                      : es.output.tensor]);
        }
      auto r = searchParetoFront(*model, so);
      if (!r) {
        fail(llvm::toString(r.takeError()));
        return;
      }
      singles.push_back(r->front.points());
    }
    std::vector<std::pair<unsigned, unsigned>> blocks;
    for (unsigned b = 0; b < n; ++b)
      for (unsigned e = b + 2; e <= n && e - b <= maxBlock; ++e)
        blocks.push_back({b, e});
    if (sample != 0 && sample < blocks.size()) {
      std::mt19937_64 rng(seed);
      std::shuffle(blocks.begin(), blocks.end(), rng);
      blocks.resize(sample);
      std::sort(blocks.begin(), blocks.end());
    }
    std::vector<StepFront> singleFronts;
    for (const std::vector<ParetoPoint> &front : singles) {
      StepFront &s = singleFronts.emplace_back();
      for (const ParetoPoint &p : front)
        s.push_back({p.occupancyBits, p.accessBits});
    }
    BlockComposition composition(std::move(singleFronts));
    auto start = std::chrono::steady_clock::now();
    unsigned capacities = 0, violations = 0;
    Count worst = 0;
    for (auto [b, e] : blocks) {
      Workload block = extractBlock(w, b, e);
      FusionOptions o = options(block);
      // The workload's single fronts are the block's when a tensor's
      // placement does not depend on its kind.
      if (placement != PlacementRule::Persistent)
        o.singleFront = [&, b = b](unsigned x) {
          return std::optional<std::vector<ParetoPoint>>(singles[b + x]);
        };
      auto c = search(block, o);
      if (!c)
        return;
      StepFront composed = composition.compose(pairsOf(c->fused), b, e);
      for (auto [cap, acc] : composed) {
        ++capacities;
        Count mine = frontAt(fused, cap);
        if (mine <= acc)
          continue;
        ++violations;
        worst = std::max(worst, mine - acc);
        fail("block [" + w.einsums[b].name + " .. " + w.einsums[e - 1].name +
             "] at " + toString(cap) + " b: fused " + toString(mine) +
             " b, block fused + the rest alone " + toString(acc) + " b");
      }
    }
    llvm::outs() << "  block composition: " << blocks.size()
                 << " blocks of 2.." << maxBlock << " einsums, " << capacities
                 << " capacities, " << violations << " above (worst by "
                 << toString(worst) << " b), "
                 << llvm::format("%.1f", since(start)) << " s\n";
    llvm::outs().flush();
  }

  /// The proven lower bounds are at or below the fused curve at every
  /// capacity of either: fusedLowerBound (every intermediate free), and
  /// the one a curve cut short carries.
  /// `o`: the options `c` was searched with.
  void checkLowerBound(const WorkloadCurves &c, const FusionOptions &o) {
    auto start = std::chrono::steady_clock::now();
    StepFront fused = pairsOf(c.fused);
    // How many capacities `low` is above the fused curve at, and the
    // widest gap (fused / low) at the fused curve's capacities.
    auto compare = [&](const StepFront &low, llvm::StringRef what) {
      unsigned above = 0;
      for (auto [cap, acc] : fused)
        above += frontAt(low, cap) > acc;
      for (auto [cap, acc] : low)
        above += acc > frontAt(fused, cap);
      if (above != 0)
        fail(what + " is above the fused curve at " + llvm::Twine(above) +
             " capacities");
      double widest = 1;
      for (auto [cap, acc] : fused) {
        Count low0 = frontAt(low, cap);
        if (low0 != 0 && low0 != kCountMax)
          widest = std::max(widest, static_cast<double>(acc) / low0);
      }
      llvm::outs() << "  " << what << ": " << low.size() << " points, "
                   << (above ? "ABOVE" : "never above")
                   << " the fused curve, at most "
                   << llvm::format("%.2f", widest) << "x below it\n";
    };
    auto crude = fusedLowerBound(w, o);
    if (!crude) {
      fail("lower bound: " + llvm::toString(crude.takeError()));
      return;
    }
    compare(*crude, "lower bound with intermediates free");
    bool exact = c.stats.groupsTruncated == 0 && !c.stats.budgetExhausted;
    if (!exact && c.fusedLowerBound.empty())
      fail("a curve cut short carries no lower bound");
    if (!exact)
      compare(c.fusedLowerBound, "lower bound of the curve cut short");
    llvm::outs() << "  lower bounds: " << llvm::format("%.1f", since(start))
                 << " s\n";
  }

  void checkSeparability(const StepFront &fused) {
    auto start = std::chrono::steady_clock::now();
    Workload twice = juxtapose(w, w);
    auto c = search(twice, options(twice));
    if (!c)
      return;
    StepFront expected = naiveSumFronts(fused, fused);
    bool same = pairsOf(c->fused) == expected;
    if (!same)
      fail("the workload twice is not twice its curve (" +
           llvm::Twine(c->fused.size()) + " vs " +
           llvm::Twine(expected.size()) + " points)");
    llvm::outs() << "  separability: the workload twice, " << c->fused.size()
                 << " points, " << (same ? "is" : "IS NOT")
                 << " twice its curve, "
                 << llvm::format("%.1f", since(start)) << " s\n";
  }

  /// The search on one thread against the search on the pool: the same
  /// points, witnesses and counters.
  void checkThreads(const WorkloadCurves &pooled) {
    auto start = std::chrono::steady_clock::now();
    FusionOptions o = options(w);
    o.threadPool = nullptr;
    auto one = search(w, o);
    if (!one)
      return;
    auto fm = FusionModel::create(w, placementsOf(w));
    if (!fm) {
      fail(llvm::toString(fm.takeError()));
      return;
    }
    bool same = describeCurves(*fm, pooled) == describeCurves(*fm, *one);
    unsigned threads = threadPool ? threadPool->getMaxConcurrency() : 1;
    if (!same)
      fail("one thread and " + llvm::Twine(threads) +
           " threads give different answers");
    llvm::outs() << "  threads: 1 and " << threads << " give "
                 << (same ? "the same" : "DIFFERENT")
                 << " points, witnesses and counters, "
                 << llvm::format("%.1f", since(start)) << " s on one\n";
  }

  /// Groups as intervals (lookahead 0) are a subset of the mapspace: their
  /// curve is nowhere below the search's, and the unfused curve is the
  /// same.
  void checkLookahead(const WorkloadCurves &wide) {
    FusionOptions o = options(w);
    o.lookahead = 0;
    checkSubspace(wide, o, "lookahead " + std::to_string(lookahead),
                  "lookahead 0", "groups as intervals");
  }

  /// Groups that share no input are a subset of the mapspace too.
  void checkShareInputs(const WorkloadCurves &wide) {
    FusionOptions o = options(w);
    o.shareInputs = false;
    checkSubspace(wide, o, "shared inputs", "none", "groups sharing no input");
  }

  /// Re-tiling widens the mapspace: its curve (witnesses replayed) is
  /// nowhere above `narrow`'s, the search without it.
  void checkRetile() {
    FusionOptions o = options(w);
    o.retile = true;
    auto wide = search(w, o);
    if (!wide)
      return;
    checkWitnesses(*wide, " (re-tiling)");
    checkLowerBound(*wide, o);
    FusionOptions narrow = options(w);
    narrow.retile = false;
    checkSubspace(*wide, narrow, "re-tiling", "none",
                  "shared ranks tiled once");
  }

  /// The search over `narrowOptions`, a subset of the mapspace of `wide`'s,
  /// is nowhere below `wide`'s fused curve and has its unfused curve.
  void checkSubspace(const WorkloadCurves &wide,
                     const FusionOptions &narrowOptions,
                     const std::string &wideName, const std::string &narrowName,
                     const std::string &narrowWhat) {
    auto start = std::chrono::steady_clock::now();
    auto narrow = search(w, narrowOptions);
    if (!narrow)
      return;
    StepFront a = pairsOf(wide.fused), b = pairsOf(narrow->fused);
    unsigned lower = 0, caps = 0;
    std::set<Count> all;
    for (auto [cap, acc] : a)
      all.insert(cap);
    for (auto [cap, acc] : b)
      all.insert(cap);
    for (Count cap : all) {
      Count x = frontAt(a, cap), y = frontAt(b, cap);
      ++caps;
      if (x > y)
        fail("at " + toString(cap) + " b the search moves " + toString(x) +
             " b, " + narrowWhat + " " + toString(y) + " b");
      lower += x < y;
    }
    if (pairsOf(wide.unfused) != pairsOf(narrow->unfused))
      fail("the unfused curve depends on " + narrowWhat);
    llvm::outs() << "  " << wideName << " against " << narrowName
                 << ": never above at " << caps << " capacities, lower at "
                 << lower << ", " << llvm::format("%.1f", since(start))
                 << " s\n";
  }

  void checkPruning(const WorkloadCurves &on) {
    auto start = std::chrono::steady_clock::now();
    FusionOptions o = options(w);
    o.partitionPruning = false;
    o.mappingPruning = false;
    o.groupMemo = false;
    auto off = search(w, o);
    if (!off)
      return;
    // Points must be equal. Witnesses too, except where the cut rule
    // reports a split group on an exact tie (FusionSearch.h): there the
    // group it skipped costs the same, so both witnesses must cost the
    // point (checked by checkWitnesses on the pruned curve).
    bool samePoints = pairsOf(on.fused) == pairsOf(off->fused);
    unsigned differentWitnesses = 0;
    auto fm = FusionModel::create(w, placementsOf(w));
    for (unsigned p = 0; samePoints && p < on.fused.size(); ++p) {
      const auto &a = on.fused[p].witness.groups;
      const auto &b = off->fused[p].witness.groups;
      bool same = a.size() == b.size();
      for (unsigned g = 0; same && g < a.size(); ++g)
        same = fm->formatGroup(*a[g]) == fm->formatGroup(*b[g]);
      differentWitnesses += !same;
    }
    if (!samePoints)
      fail("pruning and memo off change the fused curve");
    checkWitnesses(*off, " (pruning off)");
    llvm::outs() << "  pruning and memo off: " << off->fused.size()
                 << " points, " << (samePoints ? "the same" : "NOT the same")
                 << " points; " << differentWitnesses
                 << " witnesses differ (ties), "
                 << llvm::format("%.1f", since(start)) << " s\n";
  }
};

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAllOroPasses();
  // --help lists oro-check's own options, not LLVM's.
  llvm::cl::HideUnrelatedOptions(checkCategory);
  llvm::cl::ParseCommandLineOptions(
      argc, argv, "oro-check: metamorphic checks of the fused search\n");
  std::optional<llvm::StdThreadPool> pool;
  if (threads != 1) {
    pool.emplace(llvm::hardware_concurrency(threads));
    if (pool->getMaxConcurrency() > 1)
      threadPool = &*pool;
  }
  // Every upstream dialect, as oro-opt: whole front-end modules parse.
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registerAllOroDialects(registry);
  mlir::MLIRContext context(registry);
  context.disableMultithreading();
  llvm::SourceMgr sourceMgr;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(inputFile, sourceMgr, &context);
  if (!module)
    return 1;
  bool hasWorkload = false;
  module->walk([&](WorkloadOp) { hasWorkload = true; });
  if (!hasWorkload) {
    mlir::PassManager pm(&context, mlir::ModuleOp::getOperationName());
    if (mlir::failed(mlir::parsePassPipeline("convert-linalg-to-oro", pm)) ||
        mlir::failed(pm.run(*module)))
      return 1;
  }
  std::vector<WorkloadOp> ops;
  module->walk([&](WorkloadOp op) { ops.push_back(op); });
  if (ops.empty()) {
    llvm::errs() << "oro-check: " << inputFile << " has no workload\n";
    return 1;
  }
  unsigned failures = 0;
  for (WorkloadOp op : ops) {
    mlir::FailureOr<ExtractedWorkload> ex = extractWorkload(op);
    if (mlir::failed(ex))
      return 1;
    const Workload &w = ex->workload;
    Checker checker{w, 0, {}};
    auto start = std::chrono::steady_clock::now();
    std::optional<WorkloadCurves> c = checker.search(w, checker.options(w));
    if (!c)
      return 1;
    llvm::outs() << "oro-check: " << w.name << ": " << w.einsums.size()
                 << " einsums, fused " << c->fused.size() << " points ("
                 << (c->stats.groupsTruncated == 0 ? "exact" : "NOT EXACT")
                 << ", largest group "
                 << toString(c->stats.largestGroupCandidates)
                 << " candidates), " << llvm::format("%.1f", since(start))
                 << " s\n";
    llvm::outs().flush();
    StepFront fused = pairsOf(c->fused);
    checker.checkWitnesses(*c, "");
    checker.checkLowerBound(*c, checker.options(w));
    if (c->stats.groupsTruncated != 0) {
      // The relations below hold for exact curves only. Without a group
      // budget the search cannot be cut short (max-candidates fails it).
      if (maxGroupCandidates == 0)
        checker.fail("the fused curve is not exact: a group was cut short");
      llvm::outs() << "  not exact under --max-group-candidates="
                   << maxGroupCandidates
                   << ": only the witnesses were checked\n";
      failures += checker.failures;
      continue;
    }
    if (maxBlock >= 2)
      checker.checkBlocks(fused);
    if (separability)
      checker.checkSeparability(fused);
    if (pruning)
      checker.checkPruning(*c);
    if (compareThreads)
      checker.checkThreads(*c);
    if (compareLookahead && lookahead != 0)
      checker.checkLookahead(*c);
    if (compareShareInputs)
      checker.checkShareInputs(*c);
    if (compareRetile)
      checker.checkRetile();
    failures += checker.failures;
  }
  llvm::outs() << "oro-check: " << (failures ? "FAILED" : "passed") << " ("
               << failures << " violations)\n";
  return failures ? 1 : 0;
}
