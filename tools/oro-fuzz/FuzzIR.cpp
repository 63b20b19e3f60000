//===- FuzzIR.cpp - Fuzz the oro dialect's parser, verifier, printer ------===//
//
// oro-fuzz-ir: the bytes are MLIR text, parsed with only the oro dialect
// (and builtin) registered, and verified. Errors are fine (diagnostics are
// swallowed); a crash, UB, leak or hang is a finding. IR that verifies must
// round-trip, else the target aborts:
// - the custom form parses back, verifies, and prints again identically,
//   in custom and in generic form (the custom form loses nothing);
// - the generic form parses back and prints again identically;
// - `extractWorkload` succeeds on every `oro.workload` (it may fail only
//   on IR the verifier rejects).
// Upstream dialects stay out: their parsers have known crashes
// (docs/Robustness.md) that are not oro's to fix. So does input nested deeper
// than `kMaxNesting` levels: MLIR's parser recurses once per level and
// overflows libFuzzer's stack (oro-opt rejects such input with a located
// error, with the same check; test/Tools/deep-nesting.test).
//
//===----------------------------------------------------------------------===//

#include "oro/Analysis/WorkloadExtraction.h"
#include "oro/Dialect/Oro/IR/OroDialect.h"
#include "oro/Dialect/Oro/IR/OroOps.h"
#include "oro/Support/InputNesting.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <cstdlib>
#include <string>

using namespace mlir;

namespace {

/// Deeper than oro's IR ever nests. Every shape of test/Tools/deep-nesting
/// at this depth runs under ASan on a 1 MiB stack (measured), an eighth of
/// libFuzzer's; crashes/ir/parser-deep-nesting is 8,000 levels.
constexpr size_t kMaxNesting = 500;

MLIRContext &context() {
  static MLIRContext *ctx = [] {
    DialectRegistry registry;
    registry.insert<oro::OroDialect>();
    auto *c = new MLIRContext(registry, MLIRContext::Threading::DISABLED);
    c->loadAllAvailableDialects();
    // Swallow every diagnostic: errors are expected, and printing them
    // would dominate the run time.
    c->getDiagEngine().registerHandler([](Diagnostic &) { return success(); });
    return c;
  }();
  return *ctx;
}

std::string print(Operation *op, bool generic) {
  std::string s;
  llvm::raw_string_ostream os(s);
  OpPrintingFlags flags;
  flags.assumeVerified();
  if (generic)
    flags.printGenericOpForm();
  op->print(os, flags);
  return s;
}

[[noreturn]] void fail(llvm::StringRef what, llvm::StringRef input,
                       llvm::StringRef a = {}, llvm::StringRef b = {}) {
  llvm::errs() << "oro-fuzz-ir: " << what << "\n--- input ---\n"
               << input << "\n";
  if (!a.empty())
    llvm::errs() << "--- first ---\n" << a << "\n";
  if (!b.empty())
    llvm::errs() << "--- second ---\n" << b << "\n";
  std::abort();
}

OwningOpRef<ModuleOp> parse(llvm::StringRef text) {
  ParserConfig config(&context(), /*verifyAfterParse=*/true);
  return parseSourceString<ModuleOp>(text, config, "fuzz.mlir");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A copy: MLIR's lexer reads up to a terminating NUL, which libFuzzer's
  // buffer does not have (parseSourceString of a non-terminated StringRef
  // reads past its end; see docs/Testing.md "Fuzzing").
  std::string copy(reinterpret_cast<const char *>(data), size);
  llvm::StringRef input = copy;
  if (oro::findExcessiveNesting(input, kMaxNesting))
    return 0;
  OwningOpRef<ModuleOp> m0 = parse(input);
  if (!m0)
    return 0;

  std::string custom1 = print(*m0, /*generic=*/false);
  std::string generic1 = print(*m0, /*generic=*/true);

  OwningOpRef<ModuleOp> m1 = parse(custom1);
  if (!m1)
    fail("the custom form does not parse back (or verify)", input, custom1);
  std::string custom2 = print(*m1, false);
  if (custom1 != custom2)
    fail("the custom form does not round-trip", input, custom1, custom2);
  std::string generic2 = print(*m1, true);
  if (generic1 != generic2)
    fail("the custom form loses information (generic forms differ)", input,
         generic1, generic2);

  OwningOpRef<ModuleOp> m2 = parse(generic1);
  if (!m2)
    fail("the generic form does not parse back (or verify)", input,
         generic1);
  std::string generic3 = print(*m2, true);
  if (generic1 != generic3)
    fail("the generic form does not round-trip", input, generic1, generic3);

  m0->walk([&](oro::WorkloadOp w) {
    if (failed(oro::extractWorkload(w)))
      fail("extractWorkload fails on verified IR", input);
  });
  return 0;
}
