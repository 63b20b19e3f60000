//===- WorkerTeamTest.cpp - Fork-join for many short parallel loops -------===//

#include "oro/Core/WorkerTeam.h"
#include "llvm/Support/ThreadPool.h"
#include "gtest/gtest.h"
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace oro::core;

namespace {

/// Runs `loops` loops of increasing length on `team` and checks that each
/// index ran once, on a worker below the team's size.
void checkLoops(WorkerTeam &team, unsigned loops) {
  for (unsigned l = 0; l < loops; ++l) {
    size_t n = l % 37;
    std::vector<std::atomic<unsigned>> ran(n);
    std::atomic<bool> badWorker{false};
    team.forEach(n, [&](size_t k, unsigned worker) {
      ran[k].fetch_add(1);
      if (worker >= team.size())
        badWorker = true;
    });
    for (size_t k = 0; k < n; ++k)
      ASSERT_EQ(ran[k].load(), 1u) << "loop " << l << " index " << k;
    ASSERT_FALSE(badWorker);
  }
}

TEST(WorkerTeamTest, WithoutAPoolRunsInOrderOnTheCaller) {
  WorkerTeam team(nullptr, 4);
  EXPECT_EQ(team.size(), 1u);
  std::vector<size_t> order;
  team.forEach(5, [&](size_t k, unsigned worker) {
    EXPECT_EQ(worker, 0u);
    order.push_back(k);
  });
  EXPECT_EQ(order, (std::vector<size_t>{0, 1, 2, 3, 4}));
}

TEST(WorkerTeamTest, EveryIndexRunsOnceOverManyLoops) {
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(3));
  WorkerTeam team(&pool, 3);
  EXPECT_EQ(team.size(), 3u);
  checkLoops(team, 20000);
}

TEST(WorkerTeamTest, HelpersTakeWorkAfterSleeping) {
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(2));
  WorkerTeam team(&pool, 2);
  checkLoops(team, 10);
  // Long enough for the helper to stop spinning and sleep.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  // A loop whose first index waits for the second: it finishes only if a
  // helper takes one of them.
  std::atomic<bool> second{false};
  team.forEach(2, [&](size_t k, unsigned) {
    if (k == 1) {
      second = true;
      return;
    }
    auto start = std::chrono::steady_clock::now();
    while (!second && std::chrono::steady_clock::now() - start <
                          std::chrono::seconds(10))
      std::this_thread::yield();
  });
  EXPECT_TRUE(second);
  checkLoops(team, 10);
}

TEST(WorkerTeamTest, WorksFromAPoolThreadWhileThePoolIsBusy) {
  // The team's caller is itself a task of the pool, and the pool's other
  // thread is busy: the caller does all the work, and the team's end does
  // not wait forever for a helper that never started.
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(2));
  std::atomic<bool> release{false};
  llvm::ThreadPoolTaskGroup busy(pool);
  busy.async([&] {
    while (!release)
      std::this_thread::yield();
  });
  llvm::ThreadPoolTaskGroup outer(pool);
  std::atomic<bool> done{false};
  outer.async([&] {
    {
      WorkerTeam team(&pool, 2);
      checkLoops(team, 200);
    }
    done = true;
  });
  auto start = std::chrono::steady_clock::now();
  while (!done &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(10))
    std::this_thread::yield();
  release = true;
  outer.wait();
  busy.wait();
  EXPECT_TRUE(done);
}

} // namespace
