//===- SessionTest.cpp - The engine session: threads, memos, reuse --------===//
//
// A session computes each search once whatever the threads, and what the
// report says about reuse depends only on the order of requests, not on
// which thread computed what first.
//
//===----------------------------------------------------------------------===//

#include "oro/Engine/Session.h"
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
  core::Workload w;
  w.name = "three";
  auto tensor = [&](const char *name, int64_t a, int64_t b,
                    core::TensorKind kind) {
    core::Tensor t;
    t.name = name;
    t.shape = {a, b};
    t.bits = 16;
    t.kind = kind;
    w.tensors.push_back(t);
    return static_cast<unsigned>(w.tensors.size() - 1);
  };
  auto access = [](unsigned tensor, unsigned r0, unsigned r1) {
    core::Access a;
    a.tensor = tensor;
    a.dims.resize(2);
    a.dims[0].terms.push_back({r0, 1});
    a.dims[1].terms.push_back({r1, 1});
    return a;
  };
  auto matmul = [&](const char *name, unsigned in0, unsigned in1, unsigned out,
                    int64_t m, int64_t n, int64_t k) {
    core::Einsum e;
    e.name = name;
    e.ranks = {{"m", m}, {"n", n}, {"k", k}};
    e.inputs.push_back(access(in0, 0, 2));
    e.inputs.push_back(access(in1, 2, 1));
    e.output = access(out, 0, 1);
    w.einsums.push_back(e);
  };
  using K = core::TensorKind;
  unsigned A = tensor("A", 8, 6, K::Input), B = tensor("B", 6, 8, K::Input),
           C = tensor("C", 8, 8, K::Intermediate),
           D = tensor("D", 8, 6, K::Input),
           E = tensor("E", 8, 6, K::Intermediate),
           F = tensor("F", 6, 8, K::Input), G = tensor("G", 8, 8, K::Output);
  matmul("mm1", A, B, C, 8, 8, 6);
  matmul("mm2", C, D, E, 8, 6, 8);
  matmul("mm3", E, F, G, 8, 8, 6);
  return w;
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
