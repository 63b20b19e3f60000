//===- WorkerTeam.cpp - Fork-join for many short parallel loops -----------===//

#include "oro/Core/WorkerTeam.h"
#include <chrono>
#include <thread>

using namespace oro::core;

namespace {

/// How long an idle helper spins before it sleeps, and the caller before
/// it yields while helpers finish: longer than the gap between two
/// batches of a group search, short enough not to matter when the caller
/// has long serial work.
constexpr auto kSpin = std::chrono::microseconds(200);

inline void relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

/// Spins until `ready()` or kSpin passes; returns ready(). With more
/// workers than cores (`yield`), a spinning thread would hold a core a
/// working one needs: it yields instead of pausing.
template <typename Ready> bool spinUntil(Ready ready, bool yield) {
  auto start = std::chrono::steady_clock::now();
  for (unsigned i = 1;; ++i) {
    if (ready())
      return true;
    if (yield)
      std::this_thread::yield();
    else
      relax();
    if (i % 64 == 0 && std::chrono::steady_clock::now() - start > kSpin)
      return ready();
  }
}

} // namespace

WorkerTeam::WorkerTeam(llvm::ThreadPoolInterface *pool, unsigned workers)
    : pool(pool), workers(pool ? std::max(1u, workers) : 1),
      oversubscribed(this->workers > std::thread::hardware_concurrency()) {}

WorkerTeam::~WorkerTeam() {
  if (!helpers)
    return;
  {
    std::lock_guard<std::mutex> lock(mutex);
    stop.store(true);
  }
  wake.notify_all();
  helpers->wait();
}

void WorkerTeam::work(Loop &loop, unsigned worker) {
  for (size_t k; (k = loop.next.fetch_add(1)) < loop.n;) {
    loop.fn(k, worker);
    loop.done.fetch_add(1, std::memory_order_release);
  }
}

void WorkerTeam::helper(unsigned worker) {
  uint64_t seen = 0;
  while (true) {
    uint64_t now = 0;
    auto ready = [&] {
      now = published.load();
      return now != seen || stop.load();
    };
    if (!spinUntil(ready, oversubscribed)) {
      std::unique_lock<std::mutex> lock(mutex);
      sleepers.fetch_add(1);
      wake.wait(lock, ready);
      sleepers.fetch_sub(1);
    }
    if (stop.load())
      return;
    seen = now;
    // Announce this helper before reading `current`: forEach clears
    // `current`, then waits for `users` to drop to zero, so a loop read
    // here outlives its use.
    users.fetch_add(1);
    if (Loop *loop = current.load())
      work(*loop, worker);
    users.fetch_sub(1);
  }
}

void WorkerTeam::forEach(size_t n,
                         llvm::function_ref<void(size_t, unsigned)> fn) {
  if (workers <= 1 || n < 2) {
    for (size_t k = 0; k < n; ++k)
      fn(k, 0);
    return;
  }
  if (!helpers) {
    helpers = std::make_unique<llvm::ThreadPoolTaskGroup>(*pool);
    for (unsigned w = 1; w < workers; ++w)
      helpers->async([this, w] { helper(w); });
  }
  Loop loop;
  loop.fn = fn;
  loop.n = n;
  current.store(&loop);
  published.fetch_add(1);
  if (sleepers.load() != 0) {
    // Under the lock: a helper between its test and its wait would miss
    // the notification.
    std::lock_guard<std::mutex> lock(mutex);
    wake.notify_all();
  }
  work(loop, 0);
  auto finished = [&] {
    return loop.done.load(std::memory_order_acquire) == n;
  };
  while (!spinUntil(finished, oversubscribed))
    std::this_thread::yield();
  current.store(nullptr);
  while (users.load() != 0)
    relax();
}
