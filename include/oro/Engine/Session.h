//===- Session.h - The state one analysis run shares -----------*- C++ -*-===//
//
// A Session is everything the analyses of one run share: memos of einsum
// curves, hierarchy mappings and fused workload curves (keyed by content,
// so identical einsums, and the map-search and emit-bounds passes of one
// pipeline, share one search), the count of candidates evaluated, progress
// on stderr, and the worker threads. Nothing lives in function statics: a
// new session starts empty, so what one run computed never shows in
// another run's report or diagnostics. The passes take one session per
// pass-manager run (Passes.cpp); oro-bench makes one per case.
//
// Results and bookkeeping are kept apart. A memo entry is a pure function
// of its key, computed once by whichever thread asks first (the others wait
// for it). What the report says about reuse (a curve's "reused": true) is
// bookkeeping (ReuseLedger) that only requests made in program order on
// the caller's thread update, replaying the searches each memoized
// computation ran. So work can be computed ahead in parallel and consumed
// in order, and the output is the same, byte for byte, for any number of
// threads.
//
// MLIR-free: links OroCore and LLVMSupport only.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_ENGINE_SESSION_H
#define ORO_ENGINE_SESSION_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/ThreadPool.h"
#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace oro::engine {

/// The einsum searches a memoized computation ran, in order: each search's
/// key and whether it succeeded.
using SearchTrace = std::vector<std::pair<std::string, bool>>;

/// Results by key, each computed once. Thread-safe: a second request for a
/// key being computed waits for the first. Entries live as long as the
/// memo (one session).
template <typename ValueT> class Memo {
public:
  /// The value of `key`, from `compute()` if no thread computed it yet.
  std::shared_ptr<const ValueT>
  getOrCompute(const std::string &key, llvm::function_ref<ValueT()> compute) {
    std::promise<std::shared_ptr<const ValueT>> promise;
    std::shared_future<std::shared_ptr<const ValueT>> future;
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto [it, inserted] = entries.try_emplace(key);
      if (!inserted) {
        future = it->second;
      } else {
        it->second = promise.get_future().share();
        future = {};
      }
    }
    if (future.valid())
      return future.get();
    auto value = std::make_shared<const ValueT>(compute());
    promise.set_value(value);
    return value;
  }

  /// Whether `key` was computed or is being computed.
  bool contains(const std::string &key) {
    std::lock_guard<std::mutex> lock(mutex);
    return entries.count(key) != 0;
  }

private:
  std::mutex mutex;
  std::map<std::string, std::shared_future<std::shared_ptr<const ValueT>>>
      entries;
};

/// Which searches the requests made so far in program order have seen: a
/// curve requested again is "reused" in the report.
class ReuseLedger {
public:
  /// Whether einsum search `key` ran (and succeeded) before.
  bool curveSeen(const std::string &key);
  /// Records that einsum search `key` ran; only successes are remembered
  /// (a failed search is run again, and fails again, when asked again).
  void recordCurve(const std::string &key, bool succeeded);
  /// Records the searches of `trace`.
  void replay(const SearchTrace &trace);
  /// Whether the memoized computation `key` (a hierarchy mapping, a fused
  /// curve) was requested before; records it.
  bool checkAndRecord(const std::string &key);

private:
  std::mutex mutex;
  std::set<std::string> curves;
  std::set<std::string> computations;
};

/// Draws progress on stderr for searches that ask for it (a non-empty
/// label). One line per search, "searching LABEL  42%", redrawn in place;
/// with several threads (lines of concurrent searches would overwrite each
/// other), a new line at most every ten seconds and when done.
class Progress {
public:
  /// A progress callback for the search called `label`.
  std::function<void(double)> line(const std::string &label);
  /// Prints "  searching LABEL  100% (WHY)".
  void done(const std::string &label, const std::string &why);
  void setConcurrent(bool on) { concurrent = on; }

private:
  friend class ProgressLine;
  std::mutex mutex;
  bool concurrent = false;
};

struct EinsumCurveEntry;
struct HierarchyEntry;
struct WorkloadEntry;

class Session {
public:
  /// `threads`: threads work runs on, the caller's included (0 = one per
  /// core; 1 = the caller's alone, no pool).
  explicit Session(unsigned threads = 1);
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  /// Sets the number of threads (0 = one per core); a different number
  /// replaces the pool (waiting for its tasks).
  void setThreads(unsigned threads);
  /// Threads work runs on, the caller's included (1 = no pool).
  unsigned threads() const { return numThreads; }
  /// The pool (threads() workers), or null with one thread. Core
  /// searches may submit tasks to
  /// it (a ThreadPoolTaskGroup waits for its own tasks, also from inside a
  /// worker) as long as their results do not depend on the order tasks
  /// finish in.
  llvm::ThreadPoolInterface *pool() { return threadPool.get(); }
  /// Runs body(0) .. body(n - 1), body(0) on the caller's thread and the
  /// rest on the pool when there is one (also when called from one of its
  /// tasks), and returns when all have finished.
  /// Bodies must write only their own results; the caller reads them in
  /// index order.
  void parallelFor(size_t n, llvm::function_ref<void(size_t)> body);
  /// Runs `tasks` that fill the memos ahead of requests made later in
  /// program order, on the pool, and waits for them. With one thread it
  /// does nothing: the requests then compute what they need in order.
  void prefetch(llvm::ArrayRef<std::function<void()>> tasks) {
    if (threadPool)
      parallelFor(tasks.size(), [&](size_t i) { tasks[i](); });
  }
  /// `parallelFor` as a plain function, for code that takes a scheduler
  /// without knowing about sessions (e.g. core::FusionOptions).
  std::function<void(size_t, llvm::function_ref<void(size_t)>)> forEach() {
    return [this](size_t n, llvm::function_ref<void(size_t)> body) {
      parallelFor(n, body);
    };
  }

  Progress &progress() { return progressSink; }
  ReuseLedger &ledger() { return reuse; }

  /// Candidates evaluated by the searches this session ran (a memo hit
  /// evaluates none).
  uint64_t candidatesEvaluated() const { return candidates.load(); }
  void addCandidates(uint64_t n) { candidates.fetch_add(n); }
  /// Searches run (memo misses).
  uint64_t searchesRun() const { return searches.load(); }
  void countSearch() { searches.fetch_add(1); }

  Memo<EinsumCurveEntry> &einsumCurves() { return *curveMemo; }
  Memo<HierarchyEntry> &hierarchyMappings() { return *hierarchyMemo; }
  Memo<WorkloadEntry> &workloadCurves() { return *workloadMemo; }

private:
  unsigned numThreads = 1;
  std::unique_ptr<llvm::ThreadPoolInterface> threadPool;
  Progress progressSink;
  ReuseLedger reuse;
  std::atomic<uint64_t> candidates{0};
  std::atomic<uint64_t> searches{0};
  std::unique_ptr<Memo<EinsumCurveEntry>> curveMemo;
  std::unique_ptr<Memo<HierarchyEntry>> hierarchyMemo;
  std::unique_ptr<Memo<WorkloadEntry>> workloadMemo;
};

} // namespace oro::engine

#endif // ORO_ENGINE_SESSION_H
