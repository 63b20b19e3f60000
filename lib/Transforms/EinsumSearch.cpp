//===- EinsumSearch.cpp - Pass-side adapter to the core search ------------===//

#include "EinsumSearch.h"
#include "oro/Core/Bounds.h"
#include "oro/Core/CostModel.h"
#include "oro/Core/Search.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <map>
#include <mutex>

using namespace oro;

static core::KeepPolicy toKeepPolicy(core::Placement placement) {
  switch (placement) {
  case core::Placement::Keep:
    return core::KeepPolicy::Keep;
  case core::Placement::Bypass:
    return core::KeepPolicy::Bypass;
  case core::Placement::MayKeep:
    return core::KeepPolicy::Either;
  }
  return core::KeepPolicy::Keep;
}

/// Draws "label  42%" on stderr, at most once per percent.
namespace {
class ProgressLine {
public:
  explicit ProgressLine(std::string label) : label(std::move(label)) {}
  void operator()(double fraction) {
    int percent = static_cast<int>(fraction * 100);
    if (percent == last)
      return;
    last = percent;
    llvm::errs() << "\r  searching " << label << "  " << percent << "%";
    if (percent >= 100)
      llvm::errs() << "\n";
    llvm::errs().flush();
  }

private:
  std::string label;
  int last = -1;
};
} // namespace

/// Everything the search result depends on, as a string: rank extents,
/// projections, element bits and shapes, which accesses share a tensor, the
/// placements and the budget. Names do not matter (witnesses use indices).
static std::string searchKey(const core::Workload &w, const core::Einsum &e,
                             const EinsumSearchRequest &request) {
  std::string key;
  llvm::raw_string_ostream os(key);
  for (const core::Rank &r : e.ranks)
    os << r.extent << ",";
  auto access = [&](const core::Access &a) {
    const core::Tensor &t = w.tensors[a.tensor];
    os << "|t" << a.tensor << ":" << t.bits << ":";
    for (int64_t d : t.shape)
      os << d << "x";
    for (const core::DimExpr &d : a.dims) {
      os << "[";
      for (const core::AffineTerm &term : d.terms)
        os << term.coeff << "*" << term.rank << "+";
      os << d.constant << "]";
    }
  };
  for (const core::Access &a : e.inputs)
    access(a);
  os << "->";
  access(e.output);
  os << "|p";
  for (core::Placement p : request.placements)
    os << static_cast<int>(p);
  os << "|b" << request.maxCandidates;
  return key;
}

namespace {
/// Curves already computed in this process, by search key: identical
/// einsums (the Q/K/V projections of a layer, repeated elementwise shapes)
/// and the second pass of a pipeline reuse the first result. Pure
/// memoization: a hit returns exactly what the search would.
class CurveCache {
public:
  std::optional<EinsumCurve> lookup(const std::string &key) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = entries.find(key);
    if (it == entries.end())
      return std::nullopt;
    return it->second;
  }
  void insert(const std::string &key, const EinsumCurve &curve) {
    std::lock_guard<std::mutex> lock(mutex);
    if (entries.size() >= kMaxEntries)
      entries.clear();
    entries.emplace(key, curve);
  }

private:
  static constexpr size_t kMaxEntries = 512;
  std::mutex mutex;
  std::map<std::string, EinsumCurve> entries;
};
} // namespace

static CurveCache &curveCache() {
  static CurveCache cache;
  return cache;
}

std::optional<EinsumCurve> oro::searchEinsum(const core::Workload &w,
                                             unsigned e,
                                             const EinsumSearchRequest &request,
                                             std::string &error) {
  std::string key = searchKey(w, w.einsums[e], request);
  if (std::optional<EinsumCurve> cached = curveCache().lookup(key)) {
    if (!request.progressLabel.empty())
      llvm::errs() << "  searching " << request.progressLabel
                   << "  100% (same as an earlier einsum)\n";
    cached->reused = true;
    return cached;
  }
  auto start = std::chrono::steady_clock::now();
  llvm::Expected<core::CostModel> model =
      core::CostModel::create(w.einsums[e], w.tensors);
  if (!model) {
    error = llvm::toString(model.takeError());
    return std::nullopt;
  }
  core::SearchOptions options;
  for (core::Placement p : request.placements)
    options.keep.push_back(toKeepPolicy(p));
  options.maxCandidates = request.maxCandidates;
  if (!request.progressLabel.empty())
    options.progress = ProgressLine(request.progressLabel);
  llvm::Expected<core::SearchResult> result =
      core::searchParetoFront(*model, options);
  if (!result) {
    error = llvm::toString(result.takeError());
    return std::nullopt;
  }

  EinsumCurve curve;
  for (const core::ParetoPoint &p : result->front.points()) {
    PointRecord record;
    record.capacityBits = p.occupancyBits;
    record.accessesBits = p.accessBits;
    for (const core::Loop &loop : p.witness.loops)
      record.witness.loops.push_back({loop.rank, loop.tile});
    for (unsigned pos : p.witness.positions)
      record.witness.positions.push_back(
          pos == core::Mapping::kBypass ? -1 : static_cast<int64_t>(pos));
    core::Cost cost = model->evaluateUnchecked(p.witness);
    for (const core::TensorCost &t : cost.perTensor)
      record.witness.accessBits.push_back(t.accessBits());
    curve.points.push_back(std::move(record));
  }
  if (curve.points.empty()) {
    error = "the search found no mapping";
    return std::nullopt;
  }
  const core::SearchStats &stats = result->stats;
  curve.candidatesEvaluated =
      core::fitsU64(stats.candidatesEvaluated)
          ? static_cast<uint64_t>(stats.candidatesEvaluated)
          : UINT64_MAX;
  curve.mapspaceSize = stats.mapSpaceSize;
  curve.seconds = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  curveCache().insert(key, curve);
  return curve;
}

core::Count oro::einsumCompulsoryBits(const core::Workload &w, unsigned e) {
  llvm::Expected<core::CostModel> model =
      core::CostModel::create(w.einsums[e], w.tensors);
  if (!model) {
    llvm::consumeError(model.takeError());
    return 0;
  }
  return core::compulsoryAccessBits(*model);
}
