//===- FuzzArch.cpp - Fuzz the architecture spec reader -------------------===//
//
// oro-fuzz-arch: the bytes are an architecture spec (YAML) for
// oro::arch::parseArchString. Any error is fine; a crash, UB, leak or hang
// is a finding. A spec that parses is checked against what the reader
// promises: at least one level, unique level names, positive capacities and
// fanouts, a backing store that keeps every persistent tensor (probed with
// tensors of every kind named after every tensor its expressions mention),
// and `checkWorkload` on a small workload. Each of the first lines of the
// input (and the value after its first ':') also goes through
// `parseSetExpr` and `parseCapacity`; a set expression that parses must
// print (`str`) to text that parses back to the same text and the same set.
//
//===----------------------------------------------------------------------===//

#include "oro/Arch/ArchSpecYAML.h"
#include "oro/Core/Arch.h"
#include "oro/Core/Workload.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using namespace oro;

namespace {

[[noreturn]] void fail(llvm::StringRef what, llvm::StringRef input) {
  llvm::errs() << "oro-fuzz-arch: " << what << "\n--- input ---\n"
               << input << "\n-------------\n";
  std::abort();
}

/// Probe tensors: every kind (input, weight, output, intermediate) under
/// each name in `names` plus a fresh one.
std::vector<core::Tensor> probes(std::vector<std::string> names) {
  names.push_back("oro_fuzz_probe");
  std::vector<core::Tensor> out;
  for (const std::string &n : names)
    for (int kind = 0; kind < 4; ++kind) {
      core::Tensor t;
      t.name = n;
      t.shape = {4, 4};
      t.kind = kind == 2   ? core::TensorKind::Output
               : kind == 3 ? core::TensorKind::Intermediate
                           : core::TensorKind::Input;
      t.isWeight = kind == 1;
      out.push_back(t);
    }
  return out;
}

void checkSetExpr(llvm::StringRef text) {
  llvm::Expected<core::SetExpr> e1 = arch::parseSetExpr(text);
  if (!e1) {
    llvm::consumeError(e1.takeError());
    return;
  }
  std::string s1 = e1->str();
  llvm::Expected<core::SetExpr> e2 = arch::parseSetExpr(s1);
  if (!e2)
    fail("set expression prints to text that does not parse: '" + s1 +
             "': " + llvm::toString(e2.takeError()),
         text);
  std::string s2 = e2->str();
  if (s1 != s2)
    fail("set expression printing is not stable: '" + s1 + "' then '" + s2 +
             "'",
         text);
  for (const core::Tensor &t : probes(e1->tensorNames()))
    if (e1->contains(t) != e2->contains(t))
      fail("set expression '" + s1 + "' changes meaning when re-parsed",
           text);
}

void checkCapacity(llvm::StringRef text) {
  llvm::Expected<std::optional<core::Count>> c = arch::parseCapacity(text);
  if (!c) {
    llvm::consumeError(c.takeError());
    return;
  }
  if (*c && **c == 0)
    fail("capacity parsed to 0 bits", text);
}

void checkArch(const core::Arch &a, llvm::StringRef input) {
  if (a.levels.empty())
    fail("parsed arch has no levels", input);
  llvm::StringSet<> names;
  std::vector<std::string> tensorNames;
  for (const core::Level &l : a.levels) {
    if (!names.insert(l.name).second)
      fail("duplicate level name '" + l.name + "' accepted", input);
    if (l.capacityBits && *l.capacityBits == 0)
      fail("level '" + l.name + "' has capacity 0", input);
    if (l.fanout < 1)
      fail("level '" + l.name + "' has fanout < 1", input);
    for (const core::SetExpr *e : {&l.keep, &l.mayKeep, &l.bypass}) {
      (void)e->str();
      for (std::string &n : e->tensorNames())
        tensorNames.push_back(std::move(n));
    }
  }
  if (a.compute.macsPerCycle < 1 || a.compute.fanout < 1)
    fail("compute has macs_per_cycle or fanout < 1", input);
  (void)a.totalMacsPerCycle();
  std::vector<core::Tensor> ts = probes(tensorNames);
  for (const core::Tensor &t : ts) {
    if (t.isPersistent() &&
        a.backingStore().placement(t) != core::Placement::Keep)
      fail("backing store '" + a.backingStore().name +
               "' does not keep persistent tensor '" + t.name + "'",
           input);
    for (const core::Level &l : a.levels)
      (void)l.placement(t);
  }
  // A small workload: the probes as the tensors of one einsum.
  core::Workload w;
  w.name = "probe";
  for (const core::Tensor &t : ts)
    w.tensors.push_back(t);
  std::string why = a.checkWorkload(w);
  // The probes are 64 bits each, at most a few KiB in all: only a tiny
  // finite backing store may refuse them.
  if (!why.empty() && a.backingStore().isUnbounded())
    fail("unbounded backing store refuses a workload: " + why, input);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef input(reinterpret_cast<const char *>(data), size);
  llvm::Expected<core::Arch> a = arch::parseArchString(input, "fuzz.yaml");
  if (a)
    checkArch(*a, input);
  else
    llvm::consumeError(a.takeError());

  // The set-expression and capacity parsers on the first lines, whole and
  // after the first ':' (the value of a `key: value` line).
  llvm::StringRef rest = input;
  for (int i = 0; i < 16 && !rest.empty(); ++i) {
    auto [line, tail] = rest.split('\n');
    rest = tail;
    if (line.size() > 256)
      continue;
    checkSetExpr(line);
    checkCapacity(line);
    size_t colon = line.find(':');
    if (colon != llvm::StringRef::npos) {
      llvm::StringRef value = line.drop_front(colon + 1).trim();
      checkSetExpr(value);
      checkCapacity(value);
    }
  }
  return 0;
}
