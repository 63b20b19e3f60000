//===- Session.cpp - The state one analysis run shares --------------------===//

#include "oro/Engine/Session.h"
#include "oro/Engine/EinsumSearch.h"
#include "oro/Engine/Hierarchy.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>

using namespace oro;
using namespace oro::engine;

//===----------------------------------------------------------------------===//
// ReuseLedger
//===----------------------------------------------------------------------===//

bool ReuseLedger::curveSeen(const std::string &key) {
  std::lock_guard<std::mutex> lock(mutex);
  return curves.count(key) != 0;
}

void ReuseLedger::recordCurve(const std::string &key, bool succeeded) {
  if (!succeeded)
    return;
  std::lock_guard<std::mutex> lock(mutex);
  curves.insert(key);
}

void ReuseLedger::replay(const SearchTrace &trace) {
  for (const auto &[key, succeeded] : trace)
    recordCurve(key, succeeded);
}

bool ReuseLedger::checkAndRecord(const std::string &key) {
  std::lock_guard<std::mutex> lock(mutex);
  return !computations.insert(key).second;
}

//===----------------------------------------------------------------------===//
// Progress
//===----------------------------------------------------------------------===//

namespace oro::engine {
/// Draws "searching LABEL  42%" on stderr, at most once per percent; with
/// concurrent searches, a line of its own at most every kConcurrentPeriod
/// and when done.
class ProgressLine {
public:
  ProgressLine(Progress &sink, std::string label)
      : sink(sink), label(std::move(label)),
        lastLine(std::chrono::steady_clock::now()) {}
  void operator()(double fraction) {
    int percent = static_cast<int>(fraction * 100);
    if (percent == last)
      return;
    last = percent;
    if (sink.concurrent) {
      auto now = std::chrono::steady_clock::now();
      if (percent < 100 && now - lastLine < kConcurrentPeriod)
        return;
      lastLine = now;
      std::lock_guard<std::mutex> lock(sink.mutex);
      llvm::errs() << "  searching " << label << "  " << std::min(percent, 100)
                   << "%\n";
      llvm::errs().flush();
      return;
    }
    std::lock_guard<std::mutex> lock(sink.mutex);
    llvm::errs() << "\r  searching " << label << "  " << percent << "%";
    if (percent >= 100)
      llvm::errs() << "\n";
    llvm::errs().flush();
  }

private:
  static constexpr std::chrono::seconds kConcurrentPeriod{10};
  Progress &sink;
  std::string label;
  int last = -1;
  std::chrono::steady_clock::time_point lastLine;
};
} // namespace oro::engine

std::function<void(double)> Progress::line(const std::string &label) {
  return ProgressLine(*this, label);
}

void Progress::done(const std::string &label, const std::string &why) {
  std::lock_guard<std::mutex> lock(mutex);
  llvm::errs() << "  searching " << label << "  100% (" << why << ")\n";
}

//===----------------------------------------------------------------------===//
// Session
//===----------------------------------------------------------------------===//

Session::Session(unsigned threads)
    : curveMemo(std::make_unique<Memo<EinsumCurveEntry>>()),
      hierarchyMemo(std::make_unique<Memo<HierarchyEntry>>()),
      workloadMemo(std::make_unique<Memo<WorkloadEntry>>()) {
  setThreads(threads);
}

Session::~Session() = default;

void Session::setThreads(unsigned threads) {
  unsigned n = threads == 0
                   ? llvm::hardware_concurrency().compute_thread_count()
                   : threads;
  n = std::max(n, 1u);
  if (n == numThreads && (n == 1) == !threadPool)
    return;
  threadPool.reset();
  numThreads = n;
  // n workers: a search running on the caller's thread (the fused search,
  // core::FusionOptions::threadPool) keeps them all busy while the caller
  // waits. parallelFor uses n - 1 of them and the caller.
  if (n > 1)
    threadPool = std::make_unique<llvm::DefaultThreadPool>(
        llvm::hardware_concurrency(n));
  progressSink.setConcurrent(n > 1);
}

void Session::parallelFor(size_t n, llvm::function_ref<void(size_t)> body) {
  if (!threadPool || n < 2) {
    for (size_t i = 0; i < n; ++i)
      body(i);
    return;
  }
  // Index 0 (callers put the longest task first) on the caller's thread:
  // its memory then comes from the caller's malloc arena, as without
  // threads (a large search on a worker left the peak RSS of the 32-layer
  // GPT-3 at 880 MiB instead of 520). Then the caller and the workers take
  // the next index as they become free (n threads in all).
  std::atomic<size_t> next{1};
  auto drain = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;)
      body(i);
  };
  llvm::ThreadPoolTaskGroup group(*threadPool);
  for (size_t r = 1; r < std::min<size_t>(numThreads, n); ++r)
    group.async(drain);
  body(0);
  drain();
  group.wait();
}
