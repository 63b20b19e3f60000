//===- WorkerTeam.h - Fork-join for many short parallel loops ---*- C++ -*-===//
//
// A fused group search runs its configurations in batches of a few runs,
// thousands of batches in a row, most of them tens of microseconds long.
// Handing each batch to a thread pool wakes a sleeping thread (a futex
// call, and on a virtual machine an interrupt) and puts it to sleep again:
// on a GPT-3 layer that cost more than the two threads gained. A team
// keeps its helpers between loops: the caller is worker 0, the helpers
// (started on the pool at the first loop, one task each) wait for the next
// loop spinning for a short while, then sleeping, until the team ends.
//
// Which worker runs which index is not fixed; callers that need the same
// answer at any thread count give each index its own state.
//
//===----------------------------------------------------------------------===//

#ifndef ORO_CORE_WORKERTEAM_H
#define ORO_CORE_WORKERTEAM_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/ThreadPool.h"
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>

namespace oro::core {

class WorkerTeam {
public:
  /// A team of `workers` (the caller and workers - 1 helpers on `pool`);
  /// with no pool or one worker, loops run on the caller in order.
  WorkerTeam(llvm::ThreadPoolInterface *pool, unsigned workers);
  /// Stops the helpers and waits for them.
  ~WorkerTeam();
  WorkerTeam(const WorkerTeam &) = delete;
  WorkerTeam &operator=(const WorkerTeam &) = delete;

  unsigned size() const { return workers; }
  /// Runs fn(k, worker) for every k in [0, n), worker < size(), and
  /// returns when all have returned. Not reentrant.
  void forEach(size_t n, llvm::function_ref<void(size_t, unsigned)> fn);

private:
  struct Loop {
    llvm::function_ref<void(size_t, unsigned)> fn;
    size_t n = 0;
    std::atomic<size_t> next{0}, done{0};
  };
  static void work(Loop &loop, unsigned worker);
  void helper(unsigned worker);

  llvm::ThreadPoolInterface *pool;
  unsigned workers;
  /// More workers than hardware threads: waiting threads yield.
  bool oversubscribed;
  std::unique_ptr<llvm::ThreadPoolTaskGroup> helpers;
  /// Bumped for every loop; helpers wait for it to change.
  std::atomic<uint64_t> published{0};
  /// The loop running now, if any.
  std::atomic<Loop *> current{nullptr};
  /// Helpers that may hold `current`; forEach returns when none does.
  std::atomic<unsigned> users{0};
  std::atomic<unsigned> sleepers{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable wake;
};

} // namespace oro::core

#endif // ORO_CORE_WORKERTEAM_H
