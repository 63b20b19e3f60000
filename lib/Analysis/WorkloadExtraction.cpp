//===- WorkloadExtraction.cpp - oro IR to core::Workload ------------------===//

#include "oro/Analysis/WorkloadExtraction.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace oro;

std::string oro::formatLocation(Location loc) {
  std::string result;
  loc->walk([&](Location sub) {
    if (auto file = dyn_cast<FileLineColLoc>(sub)) {
      result = (file.getFilename().getValue() + ":" +
                Twine(file.getLine()) + ":" + Twine(file.getColumn()))
                   .str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return result;
}

/// A core tensor for a value of static tensor type.
static core::Tensor makeTensor(StringRef name, Type type,
                               core::TensorKind kind, bool weight) {
  auto shaped = cast<ShapedType>(type);
  core::Tensor t;
  t.name = name.str();
  t.shape.assign(shaped.getShape().begin(), shaped.getShape().end());
  t.bits = getElementBits(type);
  t.kind = kind;
  t.isWeight = weight;
  return t;
}

static FailureOr<core::Access> makeAccess(Operation *op, unsigned tensor,
                                          AffineMap map) {
  core::Access access;
  access.tensor = tensor;
  for (AffineExpr expr : map.getResults()) {
    auto decomposed = decomposeProjection(expr);
    if (failed(decomposed))
      return op->emitOpError() << "projection dimension " << access.dims.size()
                               << " is not a sum of positive multiples of "
                                  "ranks plus a constant";
    core::DimExpr dim;
    for (ProjectionTerm t : decomposed->first)
      dim.terms.push_back({t.rank, t.coeff});
    dim.constant = decomposed->second;
    access.dims.push_back(std::move(dim));
  }
  return access;
}

FailureOr<ExtractedWorkload> oro::extractWorkload(WorkloadOp op) {
  ExtractedWorkload result;
  core::Workload &w = result.workload;
  w.name = op.getSymName().str();
  llvm::DenseMap<Value, unsigned> tensorOf;

  Block &body = op.getBody().front();
  for (BlockArgument arg : body.getArguments()) {
    unsigned i = arg.getArgNumber();
    tensorOf[arg] = w.tensors.size();
    w.tensors.push_back(makeTensor(op.getArgName(i), arg.getType(),
                                   core::TensorKind::Input,
                                   op.isWeightArg(i)));
  }
  llvm::DenseSet<Value> yielded;
  for (Value v : op.getYield().getResults())
    yielded.insert(v);

  for (Operation &inner : body) {
    if (auto cst = dyn_cast<ConstantOp>(inner)) {
      tensorOf[cst.getResult()] = w.tensors.size();
      w.tensors.push_back(makeTensor(cst.getLabel(), cst.getType(),
                                     core::TensorKind::Input,
                                     /*weight=*/true));
      continue;
    }
    auto einsum = dyn_cast<EinsumOp>(inner);
    if (!einsum)
      continue;
    core::Einsum e;
    e.name = einsum.getLabel().str();
    e.location = formatLocation(einsum.getLoc());
    for (unsigned r = 0, n = einsum.getNumRanks(); r < n; ++r)
      e.ranks.push_back({einsum.getRankName(r).str(),
                         einsum.getRankExtents()[r]});
    for (auto [i, input] : llvm::enumerate(einsum.getInputs())) {
      auto it = tensorOf.find(input);
      if (it == tensorOf.end())
        return einsum.emitOpError() << "input #" << i
                                    << " is not a tensor of the workload";
      FailureOr<core::Access> access =
          makeAccess(einsum, it->second, einsum.getInputMap(i));
      if (failed(access))
        return failure();
      e.inputs.push_back(std::move(*access));
    }
    unsigned out = w.tensors.size();
    tensorOf[einsum.getOutput()] = out;
    w.tensors.push_back(makeTensor(
        einsum.getLabel(), einsum.getOutput().getType(),
        yielded.contains(einsum.getOutput()) ? core::TensorKind::Output
                                             : core::TensorKind::Intermediate,
        /*weight=*/false));
    FailureOr<core::Access> access =
        makeAccess(einsum, out, einsum.getOutputMap());
    if (failed(access))
      return failure();
    e.output = std::move(*access);
    w.einsums.push_back(std::move(e));
    result.einsumOps.push_back(einsum);
  }
  return result;
}
