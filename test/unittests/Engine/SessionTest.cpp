//===- SessionTest.cpp - The engine session: threads, memos, reuse --------===//
//
// A session computes each search once whatever the threads, and what the
// report says about reuse depends only on the order of requests, not on
// which thread computed what first.
//
//===----------------------------------------------------------------------===//

#include "oro/Engine/Session.h"
#include "MatmulChain.h"
#include "oro/Engine/EinsumSearch.h"
#include "gtest/gtest.h"
#include <atomic>
#include <thread>

using namespace oro;
using namespace oro::engine;

namespace {

/// C[m,n] = A[m,k] B[k,n]; E[m,p] = C[m,n] D[n,p]; G[m,n] = E[m,p] F[p,n],
/// with k = p, so that the first and the last einsum are the same search.
core::Workload threeMatmuls() {
  return test::matmulChain("three", 8,
                           {{"mm1", 6, 8}, {"mm2", 8, 6}, {"mm3", 6, 8}});
}

EinsumSearchRequest keepAll(const core::Workload &w, unsigned e) {
  EinsumSearchRequest request;
  request.placements.assign(w.einsums[e].inputs.size() + 1,
                            core::Placement::Keep);
  request.maxCandidates = 1000000;
  return request;
}

/// The requests of a pass: each einsum's curve, in order; the reused flags
/// and the points (capacity, accesses, witness loops).
std::string requestAll(Session &session, const core::Workload &w) {
  std::string out;
  for (unsigned e = 0; e < w.einsums.size(); ++e) {
    std::string error;
    std::optional<EinsumCurve> curve =
        searchEinsum(session, w, e, keepAll(w, e), error);
    EXPECT_TRUE(curve) << error;
    if (!curve)
      continue;
    out += curve->reused ? "reused:" : "new:";
    for (const PointRecord &p : curve->points) {
      out += core::toString(p.capacityBits) + "/" +
             core::toString(p.accessesBits) + "[";
      for (auto [rank, tile] : p.witness.loops)
        out += std::to_string(rank) + ":" + std::to_string(tile) + ",";
      out += "]";
    }
    out += "\n";
  }
  return out;
}

TEST(SessionTest, ParallelForRunsEveryIndexOnce) {
  for (unsigned threads : {1u, 2u, 4u}) {
    Session session(threads);
    EXPECT_EQ(session.threads(), threads);
    EXPECT_EQ(session.pool() != nullptr, threads > 1);
    std::vector<std::atomic<int>> runs(1000);
    session.parallelFor(runs.size(), [&](size_t i) { ++runs[i]; });
    for (size_t i = 0; i < runs.size(); ++i)
      EXPECT_EQ(runs[i].load(), 1) << "index " << i << ", " << threads;
  }
}

TEST(SessionTest, NestedParallelForFinishes) {
  Session session(2);
  std::atomic<int> inner{0};
  session.parallelFor(
      4, [&](size_t) { session.parallelFor(8, [&](size_t) { ++inner; }); });
  EXPECT_EQ(inner.load(), 32);
}

TEST(SessionTest, MemoComputesEachKeyOnce) {
  Session session(4);
  Memo<int> memo;
  std::atomic<int> computed{0};
  std::vector<int> values(64);
  session.parallelFor(values.size(), [&](size_t i) {
    values[i] = *memo.getOrCompute("k" + std::to_string(i % 4), [&] {
      ++computed;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      return static_cast<int>(i % 4);
    });
  });
  EXPECT_EQ(computed.load(), 4);
  for (size_t i = 0; i < values.size(); ++i)
    EXPECT_EQ(values[i], static_cast<int>(i % 4));
}

TEST(SessionTest, ReuseDependsOnRequestOrderNotOnThreads) {
  core::Workload w = threeMatmuls();
  Session serial(1);
  std::string expected = requestAll(serial, w);
  // The last einsum is the first one's search.
  EXPECT_EQ(expected.substr(0, 4), "new:");
  EXPECT_NE(expected.find("\nnew:"), std::string::npos);
  EXPECT_NE(expected.find("\nreused:"), std::string::npos);
  EXPECT_EQ(serial.searchesRun(), 2u);

  // All computed ahead on 4 threads, last einsum first: the requests in
  // order still see the first einsum as new and the last as reused.
  Session parallel(4);
  std::vector<std::function<void()>> tasks;
  for (unsigned e = w.einsums.size(); e-- > 0;)
    tasks.push_back(
        [&, e] { einsumCurveEntry(parallel, w, e, keepAll(w, e)); });
  parallel.prefetch(tasks);
  EXPECT_EQ(parallel.searchesRun(), 2u);
  EXPECT_EQ(requestAll(parallel, w), expected);
  EXPECT_EQ(parallel.searchesRun(), 2u);

  // A new session remembers nothing of another.
  Session fresh(1);
  EXPECT_EQ(requestAll(fresh, w), expected);
}

TEST(SessionTest, FusedCurveSameOnAnyThreads) {
  core::Workload w = threeMatmuls();
  WorkloadSearchRequest request;
  request.maxCandidates = 100000000;
  auto fusedPoints = [&](unsigned threads) {
    Session session(threads);
    // The single-einsum curves computed ahead, as the passes do.
    std::vector<std::function<void()>> tasks;
    for (unsigned e = 0; e < w.einsums.size(); ++e)
      tasks.push_back(
          [&, e] { einsumCurveEntry(session, w, e, keepAll(w, e)); });
    tasks.push_back([&] { fusedWorkloadEntry(session, w, request); });
    session.prefetch(tasks);
    std::string error;
    std::optional<WorkloadCurveRecord> curve =
        searchFusedWorkload(session, w, request, error);
    EXPECT_TRUE(curve) << error;
    std::string out;
    if (curve)
      for (const WorkloadCurveRecord::Point &p : curve->points) {
        out += core::toString(p.capacityBits) + "/" +
               core::toString(p.accessesBits) + ":";
        for (unsigned id : p.groupIds)
          out += std::to_string(curve->groups[id].einsums.front()) + "-" +
                 std::to_string(curve->groups[id].einsums.back() + 1) + ",";
        out += " ";
      }
    return out;
  };
  std::string one = fusedPoints(1);
  EXPECT_FALSE(one.empty());
  EXPECT_EQ(fusedPoints(2), one);
  EXPECT_EQ(fusedPoints(4), one);
}

} // namespace
