//===- EinsumSearch.cpp - Pass-side adapter to the core search ------------===//

#include "EinsumSearch.h"
#include "oro/Core/Bounds.h"
#include "oro/Core/CostModel.h"
#include "oro/Core/Search.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>

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

std::optional<EinsumCurve> oro::searchEinsum(const core::Workload &w,
                                             unsigned e,
                                             const EinsumSearchRequest &request,
                                             std::string &error) {
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
