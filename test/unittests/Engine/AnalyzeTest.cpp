//===- AnalyzeTest.cpp - engine::analyze on a core workload ---------------===//
//
// The engine's one entry point, without IR: its records agree with the
// searches it is made of, checked by sums and orderings computed here, and
// do not depend on the number of threads. Errors come back as data.
//
//===----------------------------------------------------------------------===//

#include "oro/Engine/Analyze.h"
#include "MatmulChain.h"
#include "gtest/gtest.h"

using namespace oro;
using namespace oro::engine;

namespace {

/// C[m,n] = A[m,k] B[k,n]; E[m,p] = C[m,n] D[n,p] (16-bit), with M = 8,
/// K = 4, N = 8, P = 6.
core::Workload twoMatmuls() {
  return test::matmulChain("two", 8, {{"mm1", 4, 8}, {"mm2", 8, 6}});
}

/// Backing store, a 2 KiB buffer and an unbounded register level below it.
core::Arch threeLevels() {
  core::Arch arch;
  arch.name = "three-levels";
  core::Level dram;
  dram.name = "DRAM";
  dram.keep = core::SetExpr::ofClass(core::SetOp::Persistent);
  core::Level buffer;
  buffer.name = "Buffer";
  buffer.capacityBits = 2048 * 8;
  core::Level regs;
  regs.name = "Regs";
  regs.capacityBits = 256;
  arch.levels = {dram, buffer, regs};
  return arch;
}

AnalysisRequest request() {
  AnalysisRequest r;
  r.limits.maxCandidates = 10000000;
  return r;
}

/// The accesses of `points` (sorted by capacity) at `capacity`: those of
/// the last point that fits, or nullopt.
template <typename PointT>
std::optional<core::Count> at(const std::vector<PointT> &points,
                              core::Count capacity) {
  std::optional<core::Count> best;
  for (const PointT &p : points)
    if (p.capacityBits <= capacity)
      best = p.accessesBits;
  return best;
}

TEST(AnalyzeTest, RecordsAgreeWithTheirParts) {
  core::Workload w = twoMatmuls();
  core::Arch arch = threeLevels();
  Session session(1);
  WorkloadAnalysis a = analyze(w, arch, request(), session);
  ASSERT_FALSE(a.failed);
  EXPECT_TRUE(a.diagnostics.empty());
  const ReportData &r = a.report;
  ASSERT_EQ(r.workloads.size(), 1u);
  // Einsum curves level by level: Buffer then Regs, mm1 then mm2.
  ASSERT_EQ(r.curves.size(), 4u);
  EXPECT_EQ(a.einsumCurves, 4u);
  for (unsigned k = 0; k < 4; ++k) {
    EXPECT_EQ(r.curves[k].einsum, k % 2);
    EXPECT_EQ(r.curves[k].level, k < 2 ? "Buffer" : "Regs");
  }
  // Unfused and fused at each level.
  ASSERT_EQ(r.workloadCurves.size(), 4u);
  for (unsigned li = 0; li < 2; ++li) {
    const WorkloadCurveRecord &unfused = r.workloadCurves[2 * li];
    const WorkloadCurveRecord &fused = r.workloadCurves[2 * li + 1];
    ASSERT_EQ(unfused.fusion, "unfused");
    ASSERT_EQ(fused.fusion, "fused");
    EXPECT_TRUE(fused.isExact(2));
    // At every capacity some curve changes, the unfused curve is the sum
    // of the einsums' curves, and the fused one is not above it.
    std::vector<core::Count> caps;
    for (unsigned e = 0; e < 2; ++e)
      for (const PointRecord &p : r.curves[2 * li + e].points)
        caps.push_back(p.capacityBits);
    for (const auto &p : fused.points)
      caps.push_back(p.capacityBits);
    for (core::Count cap : caps) {
      std::optional<core::Count> a0 = at(r.curves[2 * li].points, cap);
      std::optional<core::Count> a1 = at(r.curves[2 * li + 1].points, cap);
      std::optional<core::Count> sum = at(unfused.points, cap);
      // The sum fits where the two einsums fit one after the other.
      EXPECT_EQ(sum.has_value(), a0 && a1);
      if (sum) {
        EXPECT_EQ(*sum, *a0 + *a1);
        std::optional<core::Count> f = at(fused.points, cap);
        EXPECT_TRUE(f && *f <= *sum);
      }
    }
  }
  // Unbounded, fused keeps C on chip: A, B, D and E once; unfused also
  // writes and reads C.
  EXPECT_EQ(r.workloadCurves[1].points.back().accessesBits,
            (8 * 4 + 4 * 8 + 8 * 6 + 8 * 6) * 16u);
  EXPECT_EQ(r.workloadCurves[0].points.back().accessesBits,
            (8 * 4 + 4 * 8 + 8 * 8 + 8 * 8 + 8 * 6 + 8 * 6) * 16u);
  // Compulsory traffic: every tensor an einsum reads or writes, once.
  ASSERT_EQ(r.compulsoryBits.size(), 1u);
  EXPECT_EQ(r.compulsoryBits[0][0], (8 * 4 + 4 * 8 + 8 * 8) * 16u);
  EXPECT_EQ(r.compulsoryBits[0][1], (8 * 8 + 8 * 6 + 8 * 6) * 16u);
  // Hierarchy tables: one per einsum, unfused and fused, two boundaries.
  ASSERT_EQ(r.hierarchy.size(), 4u);
  for (const HierarchyRecord &h : r.hierarchy)
    EXPECT_EQ(h.levels.size(), 2u);
}

/// Everything `analyze` returns, as text: points, witnesses, groups and
/// tables (not the seconds).
std::string flatten(const WorkloadAnalysis &a) {
  std::string out;
  auto count = [&](core::Count c) { out += core::toString(c) + " "; };
  for (const CurveRecord &c : a.report.curves) {
    out += c.level + (c.reused ? " reused\n" : "\n");
    for (const PointRecord &p : c.points) {
      count(p.capacityBits);
      count(p.accessesBits);
      for (auto [rank, tile] : p.witness.loops)
        out += std::to_string(rank) + ":" + std::to_string(tile) + " ";
      for (int64_t pos : p.witness.positions)
        out += std::to_string(pos) + " ";
      out += "\n";
    }
  }
  for (const WorkloadCurveRecord &c : a.report.workloadCurves) {
    out += c.fusion + "\n";
    count(c.candidatesEvaluated);
    for (const auto &p : c.points) {
      count(p.capacityBits);
      count(p.accessesBits);
      for (unsigned id : p.groupIds)
        for (unsigned e : c.groups[id].einsums)
          out += std::to_string(e) + ",";
      out += "\n";
    }
  }
  for (const HierarchyRecord &h : a.report.hierarchy)
    for (const HierarchyLevelRecord &l : h.levels) {
      out += h.scope + h.fusion + l.level + " ";
      if (l.boundBits)
        count(*l.boundBits);
      if (l.attainedBits)
        count(*l.attainedBits);
      out += "\n";
    }
  return out;
}

TEST(AnalyzeTest, SameOnAnyThreads) {
  core::Workload w = twoMatmuls();
  core::Arch arch = threeLevels();
  auto run = [&](unsigned threads) {
    Session session(threads);
    return flatten(analyze(w, arch, request(), session));
  };
  std::string one = run(1);
  EXPECT_FALSE(one.empty());
  EXPECT_EQ(run(2), one);
  EXPECT_EQ(run(4), one);
}

TEST(AnalyzeTest, FailedSearchIsALocatedError) {
  core::Workload w = twoMatmuls();
  core::Arch arch = threeLevels();
  AnalysisRequest r = request();
  r.limits.maxCandidates = 1;
  Session session(1);
  WorkloadAnalysis a = analyze(w, arch, r, session);
  EXPECT_TRUE(a.failed);
  ASSERT_FALSE(a.diagnostics.empty());
  const AnalysisDiagnostic &d = a.diagnostics.back();
  EXPECT_EQ(d.kind, AnalysisDiagnostic::Kind::Error);
  ASSERT_TRUE(d.einsum.has_value());
  EXPECT_EQ(*d.einsum, 0u);
  EXPECT_NE(d.message.find("mapping search at level 'Buffer' failed"),
            std::string::npos)
      << d.message;
}

TEST(AnalyzeTest, ChosenMappingsAreWhatIsAttained) {
  // A compiler without MLIR hands its own mappings to the engine. mm1
  // (A[8,4] B[4,8] -> C[8,8]) at the buffer under [m:1 n:1], k whole: a
  // row of A per m (8 x 4 = 32 elements), a column of B per (m, n)
  // (64 x 4 = 256), C written once (64): 352 elements = 5632 bits; 4 + 4
  // + 1 = 9 elements = 144 bits live. It maps no level below: the
  // registers are left unknown, with the reason.
  core::Workload w = twoMatmuls();
  core::Arch arch = threeLevels();
  AnalysisRequest r = request();
  r.fusion = false;
  ChosenMappings chosen;
  auto level = [](std::vector<core::Loop> loops,
                  std::vector<unsigned> positions) {
    core::MultiLevelMapping m;
    core::LevelMapping l;
    l.loops.assign(loops.begin(), loops.end());
    l.positions.assign(positions.begin(), positions.end());
    m.levels.push_back(l);
    return m;
  };
  // Ranks m, n, k; accesses A (or C), the weight, the output.
  chosen.mappings.push_back(level({{0, 1}, {1, 1}}, {1, 2, 2}));
  chosen.mappings.push_back(level({}, {0, 0, 0}));
  r.chosen = chosen;
  Session session(1);
  WorkloadAnalysis a = analyze(w, arch, r, session);
  ASSERT_FALSE(a.failed);
  const HierarchyRecord &mm1 = a.report.hierarchy[0];
  ASSERT_EQ(mm1.scope, "einsum");
  EXPECT_EQ(mm1.attainedFrom, "mappings");
  ASSERT_TRUE(mm1.levels[0].attainedBits.has_value());
  EXPECT_EQ(*mm1.levels[0].attainedBits, 5632u);
  EXPECT_EQ(*mm1.levels[0].occupancyBits, 144u);
  EXPECT_FALSE(mm1.levels[1].attainedBits.has_value());
  EXPECT_EQ(mm1.note, "its mapping stops at level 'Buffer'");
  // mm2 held whole: C, D and E once, 64 + 48 + 48 = 160 elements.
  EXPECT_EQ(*a.report.hierarchy[1].levels[0].attainedBits, 160u * 16);
  // Mappings for more levels than the arch has are refused, with a
  // warning, and the tables planned.
  ChosenMappings tooDeep = chosen;
  for (core::MultiLevelMapping &m : tooDeep.mappings)
    m.levels.append(3, m.levels.front());
  r.chosen = tooDeep;
  Session again(1);
  WorkloadAnalysis c = analyze(w, arch, r, again);
  EXPECT_EQ(c.report.hierarchy[0].attainedFrom, "plan");
  ASSERT_FALSE(c.diagnostics.empty());
  EXPECT_NE(c.diagnostics.front().message.find("do not fit"),
            std::string::npos);
  // The same without the chosen mappings: planned, never above them.
  Session planned(1);
  WorkloadAnalysis b = analyze(w, arch, request(), planned);
  EXPECT_EQ(b.report.hierarchy[0].attainedFrom, "plan");
  EXPECT_LT(*b.report.hierarchy[0].levels[0].attainedBits, 5632u);
}

TEST(AnalyzeTest, AppendRenumbersWorkloads) {
  core::Workload w = twoMatmuls();
  core::Arch arch = threeLevels();
  Session session(1);
  ReportData all;
  WorkloadAnalysis first = analyze(w, arch, request(), session);
  WorkloadAnalysis second = analyze(w, arch, request(), session);
  size_t curves = first.report.curves.size();
  appendReport(all, std::move(first.report));
  appendReport(all, std::move(second.report));
  ASSERT_EQ(all.workloads.size(), 2u);
  ASSERT_EQ(all.curves.size(), 2 * curves);
  EXPECT_EQ(all.curves.front().workload, 0u);
  EXPECT_EQ(all.curves.back().workload, 1u);
  EXPECT_TRUE(all.curves.back().reused);
  EXPECT_EQ(all.workloadCurves.back().workload, 1u);
  EXPECT_EQ(all.hierarchy.back().workload, 1u);
}

} // namespace
