//===- ArchSpecYAMLTest.cpp - Architecture spec reader --------------------===//
//
// The bundled examples parse to the figures they document; capacities
// convert; every error class reports file:line:col and names the key; named
// sets resolve without blow-up; no input crashes, hangs or exhausts memory.
//
//===----------------------------------------------------------------------===//

#include "oro/Arch/ArchSpecYAML.h"
#include "oro/Core/Arch.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <random>
#include <string>

using namespace oro;
using core::Arch;
using core::Count;
using core::Placement;
using core::Tensor;
using core::TensorKind;

namespace {

const std::string kSourceDir = ORO_SOURCE_DIR;

/// A minimal valid compute section.
const char *const kCompute = "compute:\n  name: MAC\n  macs_per_cycle: 1\n";

/// A parse result reduced to what the tests compare.
struct Outcome {
  bool ok = false;
  unsigned line = 0, column = 0;
  std::string message; // without the position prefix
  std::string full;    // as printed: file:line:col: message
};

Outcome outcomeOf(llvm::Expected<Arch> arch) {
  Outcome o;
  if (arch) {
    o.ok = true;
    return o;
  }
  llvm::handleAllErrors(arch.takeError(), [&](const arch::ArchSpecError &e) {
    o.line = e.getLine();
    o.column = e.getColumn();
    o.message = e.getMessage();
    llvm::raw_string_ostream os(o.full);
    e.log(os);
  });
  return o;
}

Outcome parse(const std::string &text) {
  return outcomeOf(arch::parseArchString(text, "spec.yaml"));
}

Tensor tensor(const char *name, TensorKind kind, bool weight = false,
              llvm::ArrayRef<int64_t> shape = {4}, unsigned bits = 16) {
  Tensor t;
  t.name = name;
  t.kind = kind;
  t.isWeight = weight;
  t.shape.assign(shape.begin(), shape.end());
  t.bits = bits;
  return t;
}

//===----------------------------------------------------------------------===//
// Bundled examples
//===----------------------------------------------------------------------===//

class ArchExamplesTest : public ::testing::Test {
protected:
  Arch load(const char *name) {
    std::string path = kSourceDir + "/examples/arches/" + name;
    llvm::Expected<Arch> a = arch::parseArchFile(path);
    if (!a) {
      ADD_FAILURE() << llvm::toString(a.takeError());
      return Arch();
    }
    EXPECT_EQ(a->sourceName, path);
    return std::move(*a);
  }
};

TEST_F(ArchExamplesTest, EveryExampleParses) {
  for (const char *name : {"snowcat.yaml", "gpu-h100.yaml", "eyeriss.yaml"}) {
    Arch a = load(name);
    EXPECT_FALSE(a.levels.empty()) << name;
    EXPECT_FALSE(a.name.empty()) << name;
  }
}

TEST_F(ArchExamplesTest, SnowcatIsTheOrojenesisSetup) {
  Arch a = load("snowcat.yaml");
  ASSERT_EQ(a.levels.size(), 2u);
  EXPECT_EQ(a.levels[0].name, "MainMemory");
  EXPECT_EQ(a.levels[1].name, "GlobalBuffer");
  EXPECT_TRUE(a.levels[0].isUnbounded());
  EXPECT_TRUE(a.levels[1].isUnbounded());
  Tensor in = tensor("A", TensorKind::Input);
  Tensor mid = tensor("T", TensorKind::Intermediate);
  EXPECT_EQ(a.levels[0].placement(in), Placement::Keep);
  EXPECT_EQ(a.levels[0].placement(mid), Placement::MayKeep);
  EXPECT_EQ(a.levels[1].placement(in), Placement::Keep);
  EXPECT_EQ(a.levels[1].placement(mid), Placement::Keep);
  EXPECT_EQ(a.levels[0].readEnergyPJPerBit, 1.0);
  EXPECT_EQ(a.compute.macsPerCycle, 1);
}

TEST_F(ArchExamplesTest, GpuH100HasTheDocumentedFigures) {
  Arch a = load("gpu-h100.yaml");
  ASSERT_EQ(a.levels.size(), 4u);
  EXPECT_EQ(a.levels[0].capacityBits, Count(80) * 1000 * 1000 * 1000 * 8);
  EXPECT_EQ(a.levels[1].capacityBits, Count(50) * 1024 * 1024 * 8);
  EXPECT_EQ(a.levels[2].capacityBits, Count(228) * 1024 * 8);
  EXPECT_EQ(a.levels[2].fanout, 132);
  EXPECT_EQ(a.levels[3].capacityBits, Count(256) * 1024 * 8);
  EXPECT_EQ(a.instances(3), Count(132));
  EXPECT_EQ(a.levels[0].bandwidthBitsPerCycle, 1830.0 * 8);
  EXPECT_EQ(a.totalMacsPerCycle(), Count(132) * 4 * 512);
  EXPECT_EQ(a.compute.clockGHz, 1.83);
  for (const core::Level &l : a.levels) {
    EXPECT_TRUE(l.readEnergyPJPerBit.has_value()) << l.name;
    EXPECT_TRUE(l.writeEnergyPJPerBit.has_value()) << l.name;
  }
}

TEST_F(ArchExamplesTest, EyerissHasTheDocumentedFigures) {
  Arch a = load("eyeriss.yaml");
  ASSERT_EQ(a.levels.size(), 3u);
  EXPECT_TRUE(a.levels[0].isUnbounded());
  EXPECT_EQ(a.levels[1].capacityBits, Count(108) * 1024 * 8);
  EXPECT_EQ(a.levels[2].capacityBits, Count((12 + 224 + 24) * 16));
  EXPECT_EQ(a.levels[2].fanout, 168);
  EXPECT_EQ(a.totalMacsPerCycle(), Count(168));
  EXPECT_EQ(a.compute.clockGHz, 0.2);
}

TEST_F(ArchExamplesTest, LevelsRecordSourcePositions) {
  Arch a = load("snowcat.yaml");
  ASSERT_EQ(a.levels.size(), 2u);
  // "  - name: MainMemory" on line 11: the level map starts at column 5.
  EXPECT_EQ(a.levels[0].loc.line, 11u);
  EXPECT_EQ(a.levels[0].loc.column, 5u);
  EXPECT_EQ(a.levels[0].locOf("capacity").line, 12u);
  EXPECT_EQ(a.levels[0].locOf("keep").line, 13u);
  // A key the spec does not give falls back to the level.
  EXPECT_EQ(a.levels[1].locOf("fanout").line, a.levels[1].loc.line);
  EXPECT_TRUE(a.compute.locOf("macs_per_cycle").isKnown());
}

//===----------------------------------------------------------------------===//
// Capacities
//===----------------------------------------------------------------------===//

class CapacityTest : public ::testing::Test {
protected:
  std::optional<Count> bits(llvm::StringRef text) {
    llvm::Expected<std::optional<Count>> c = arch::parseCapacity(text);
    if (!c) {
      ADD_FAILURE() << llvm::toString(c.takeError());
      return Count(0);
    }
    return *c;
  }
  std::string errorOf(llvm::StringRef text) {
    llvm::Expected<std::optional<Count>> c = arch::parseCapacity(text);
    return c ? "" : llvm::toString(c.takeError());
  }
};

TEST_F(CapacityTest, UnitsConvertToBits) {
  EXPECT_EQ(bits("1 KiB"), Count(8192));
  EXPECT_EQ(bits("8 bits"), Count(8));
  EXPECT_EQ(bits("1 bit"), Count(1));
  EXPECT_EQ(bits("3 B"), Count(24));
  EXPECT_EQ(bits("1 MiB"), Count(8) << 20);
  EXPECT_EQ(bits("1 GiB"), Count(8) << 30);
  EXPECT_EQ(bits("1 TiB"), Count(8) << 40);
  EXPECT_EQ(bits("1 KB"), Count(8000));
  EXPECT_EQ(bits("1 MB"), Count(8000000));
  EXPECT_EQ(bits("2 GB"), Count(16000000000ull));
  EXPECT_EQ(bits("1 TB"), Count(8000000000000ull));
  EXPECT_EQ(bits("256KiB"), Count(256) * 8192);
  EXPECT_EQ(bits("1.5 KiB"), Count(12288));
  EXPECT_EQ(bits("0.5 B"), Count(4));
}

TEST_F(CapacityTest, InfIsUnbounded) {
  EXPECT_EQ(bits("inf"), std::nullopt);
  EXPECT_EQ(bits(".inf"), std::nullopt);
  llvm::Expected<Arch> a = arch::parseArchString(
      std::string("name: x\nlevels:\n  - name: M\n    capacity: inf\n") +
          kCompute,
      "spec.yaml");
  ASSERT_TRUE(static_cast<bool>(a)) << llvm::toString(a.takeError());
  EXPECT_TRUE(a->levels[0].isUnbounded());
  EXPECT_FALSE(a->levels[0].capacityBits.has_value());
}

TEST_F(CapacityTest, HugeButRepresentableCapacitiesAreExact) {
  EXPECT_EQ(bits("1000000000000 TiB"), Count(1000000000000ull) << 43);
}

TEST_F(CapacityTest, BadCapacitiesAreErrors) {
  EXPECT_NE(errorOf("1024"), "");
  EXPECT_NE(errorOf("-1 KiB"), "");
  EXPECT_NE(errorOf("0 KiB"), "");
  EXPECT_NE(errorOf("1 KIB"), "");
  EXPECT_NE(errorOf("0.1 bits"), "");
  EXPECT_NE(errorOf("1e6 bits"), "");
  EXPECT_NE(errorOf("KiB"), "");
  EXPECT_NE(errorOf(""), "");
  EXPECT_NE(errorOf(std::string(60, '9') + " B"), "");
  EXPECT_NE(errorOf("99999999999999999999999999999999999999 TiB"), "");
}

//===----------------------------------------------------------------------===//
// Errors written inline: position and message naming the key
//===----------------------------------------------------------------------===//

class ArchErrorTest : public ::testing::Test {
protected:
  /// A spec with a DRAM backing store and then `levels` (YAML list items).
  static std::string withLevels(const std::string &levels) {
    return "name: t\nlevels:\n  - name: DRAM\n    capacity: inf\n" + levels +
           kCompute;
  }

  void expectError(const std::string &text, unsigned line, unsigned column,
                   const std::string &substring) {
    Outcome o = parse(text);
    ASSERT_FALSE(o.ok) << text;
    EXPECT_EQ(o.line, line) << o.full;
    EXPECT_EQ(o.column, column) << o.full;
    EXPECT_NE(o.message.find(substring), std::string::npos)
        << "'" << o.message << "' lacks '" << substring << "'";
    EXPECT_EQ(o.full.rfind("spec.yaml:" + std::to_string(line) + ":" +
                               std::to_string(column) + ": ",
                           0),
              0u)
        << o.full;
  }
};

TEST_F(ArchErrorTest, UnreadableFileNamesThePath) {
  Outcome o = outcomeOf(arch::parseArchFile("/nonexistent/oro/arch.yaml"));
  ASSERT_FALSE(o.ok);
  EXPECT_EQ(o.line, 0u);
  EXPECT_EQ(o.full.rfind("/nonexistent/oro/arch.yaml: cannot read "
                         "architecture spec: ",
                         0),
            0u)
      << o.full;
  Outcome dir = outcomeOf(arch::parseArchFile(kSourceDir));
  EXPECT_FALSE(dir.ok);
}

TEST_F(ArchErrorTest, GarbageYamlPointsAtTheProblem) {
  expectError("name: t\nlevels: [ {name: DRAM, capacity: inf}\n", 3, 1,
              "invalid YAML: end of sequence flow not found");
  expectError("name: t\n  bad: indent\n", 2, 6, "invalid YAML");
  expectError("a: 1\n\tb: 2\n", 2, 1, "invalid YAML");
}

TEST_F(ArchErrorTest, StrayTopLevelCommaIsAnErrorNotAHang) {
  // yaml-cpp 0.7's LoadAll never returns on these.
  expectError(",", 1, 1, "invalid YAML: unexpected ','");
  expectError(",# ", 1, 1, "invalid YAML: unexpected ','");
  expectError("[a],", 1, 4, "invalid YAML: unexpected ','");
}

TEST_F(ArchErrorTest, EmptyOrNonMapSpecIsAnError) {
  expectError("", 1, 1, "architecture spec is empty");
  expectError("# comment only\n", 1, 1, "architecture spec is empty");
  expectError("- a\n", 1, 1,
              "must be a map with keys 'name', 'levels' and "
              "'compute', got a list");
  expectError("just text\n", 1, 1, "got 'just text'");
  expectError("name: a\n---\nname: b\n", 2, 1,
              "expected one YAML document, found more");
}

TEST_F(ArchErrorTest, StringWhereNumberIsNeeded) {
  expectError(withLevels("  - name: B\n    capacity: 1 KiB\n"
                         "    fanout: many\n"),
              7, 13,
              "'fanout' of level 'B' must be an integer from 1 to "
              "2147483647, got 'many'");
  expectError(withLevels("  - name: B\n    capacity: 1 KiB\n"
                         "    read_energy_pj_per_bit: cheap\n"),
              7, 29,
              "'read_energy_pj_per_bit' of level 'B' must be a non-negative "
              "number, got 'cheap'");
}

TEST_F(ArchErrorTest, MapWhereListIsNeeded) {
  expectError(std::string("name: t\nlevels:\n  name: DRAM\n") + kCompute, 3, 3,
              "'levels' must be a list of memory levels, got a map");
  expectError(withLevels("  - name: B\n    capacity: 1 KiB\n"
                         "    keep: [A, B]\n"),
              7, 11,
              "'keep' of level 'B' must be a set expression string, "
              "got a list");
  expectError(withLevels("  - just a string\n"), 5, 5,
              "level 2 must be a map, got 'just a string'");
  expectError(std::string("name: t\nlevels:\n  - name: M\n    capacity: "
                          "inf\ncompute: [MAC]\n"),
              5, 10, "'compute' must be a map, got a list");
  expectError(withLevels("  - name: B\n    capacity: {size: 1}\n"), 6, 15,
              "'capacity' of level 'B' must be a size such as '256 KiB' or "
              "'inf', got a map");
}

TEST_F(ArchErrorTest, MissingRequiredKeys) {
  expectError(withLevels("  - name: B\n    fanout: 2\n"), 5, 5,
              "level 'B' is missing required key 'capacity'");
  expectError(withLevels("  - capacity: 1 KiB\n"), 5, 5,
              "level 2 is missing required key 'name'");
  expectError("name: t\nlevels:\n  - name: M\n    capacity: inf\n", 1, 1,
              "architecture spec is missing required key 'compute'");
  expectError(std::string("levels:\n  - name: M\n    capacity: inf\n") +
                  kCompute,
              1, 1, "architecture spec is missing required key 'name'");
  expectError("name: t\nlevels:\n  - name: M\n    capacity: inf\ncompute:\n"
              "  name: MAC\n",
              6, 3, "'compute' is missing required key 'macs_per_cycle'");
}

TEST_F(ArchErrorTest, UnknownKeysSuggestTheClosestKnownKey) {
  expectError(withLevels("  - name: B\n    capcity: 1 KiB\n"), 6, 5,
              "unknown key 'capcity' in level 'B'; did you mean 'capacity'?");
  expectError(withLevels("  - name: B\n    capacity: 1 KiB\n"
                         "    read_energy: 1\n"),
              7, 5, "did you mean 'read_energy_pj_per_bit'?");
  expectError(std::string("name: t\nlevel:\n  - name: M\n") + kCompute, 2, 1,
              "unknown key 'level' in the architecture spec; did you mean "
              "'levels'?");
  expectError(withLevels("  - name: B\n    capacity: 1 KiB\n    color: red\n"),
              7, 5,
              "unknown key 'color' in level 'B' (expected one of: name, "
              "capacity, keep, may_keep, bypass, fanout, "
              "read_energy_pj_per_bit, write_energy_pj_per_bit, "
              "bandwidth_bits_per_cycle, bandwidth_bytes_per_cycle)");
  expectError(std::string("name: t\nlevels:\n  - name: M\n    capacity: inf\n"
                          "compute:\n  name: MAC\n  macs_per_cycle: 1\n"
                          "  clock: 1\n"),
              8, 3,
              "unknown key 'clock' in 'compute'; did you mean "
              "'clock_ghz'?");
}

TEST_F(ArchErrorTest, DuplicateKeysAndLevelNames) {
  expectError(withLevels("  - name: B\n    capacity: 1 KiB\n"
                         "    capacity: 2 KiB\n"),
              7, 5,
              "duplicate key 'capacity' in level 'B' (first given at 6:5)");
  expectError(withLevels("  - name: B\n    capacity: 1 KiB\n"
                         "  - name: B\n    capacity: 2 KiB\n"),
              7, 11, "duplicate level name 'B' (first defined at 5:11)");
  expectError(withLevels("  - name: DRAM\n    capacity: 1 KiB\n"), 5, 11,
              "duplicate level name 'DRAM' (first defined at 3:11)");
}

TEST_F(ArchErrorTest, LevelsMustBeNonEmpty) {
  expectError(std::string("name: t\nlevels: []\n") + kCompute, 2, 9,
              "'levels' must list at least one memory level");
  expectError(std::string("name: t\nlevels:\n") + kCompute, 2, 1,
              "'levels' must be a list of memory levels, got nothing");
}

TEST_F(ArchErrorTest, NamesMustBeIdentifiers) {
  expectError(withLevels("  - name: \"PE buffer\"\n    capacity: 1 KiB\n"), 5,
              11,
              "name of level 2 must be an identifier "
              "([A-Za-z_][A-Za-z0-9_.]*), got 'PE buffer'");
  expectError(std::string("name: ''\nlevels:\n  - name: M\n    capacity: "
                          "inf\n") +
                  kCompute,
              1, 7, "'name' must not be empty");
}

TEST_F(ArchErrorTest, BadCapacitiesNameTheKey) {
  auto cap = [](const char *value) {
    return withLevels(std::string("  - name: B\n    capacity: ") + value +
                      "\n");
  };
  expectError(cap("1024"), 6, 15,
              "'capacity' of level 'B' needs a unit (bits, B, KiB, MiB, GiB, "
              "TiB, KB, MB, GB, TB) or must be 'inf', got '1024'");
  expectError(cap("-1 KiB"), 6, 15,
              "'capacity' of level 'B' must be positive, got '-1 KiB'");
  expectError(cap("0 KiB"), 6, 15,
              "'capacity' of level 'B' must be positive, got '0 KiB'");
  expectError(cap("1 KIB"), 6, 17,
              "unknown unit 'KIB' in 'capacity' of level 'B'; did you mean "
              "'KiB'?");
  expectError(cap("1 furlongs"), 6, 17,
              "unknown unit 'furlongs' in 'capacity' of level 'B' (expected "
              "one of: bits, B, KiB, MiB, GiB, TiB, KB, MB, GB, TB)");
  expectError(cap("99999999999999999999999999999999999999 TiB"), 6, 15,
              "'capacity' of level 'B' is too large");
  expectError(cap("0.1 bits"), 6, 15,
              "'capacity' of level 'B' is not a whole number of bits");
  expectError(cap("\"  2 KIB\""), 6, 20, "unknown unit 'KIB'");
  expectError(cap(""), 6, 5,
              "'capacity' of level 'B' must be a size such as "
              "'256 KiB' or 'inf', got nothing");
}

TEST_F(ArchErrorTest, EnergiesAndBandwidthsMustBeFiniteAndNonNegative) {
  auto lvl = [](const std::string &line) {
    return withLevels("  - name: B\n    capacity: 1 KiB\n    " + line + "\n");
  };
  expectError(lvl("read_energy_pj_per_bit: -0.5"), 7, 29,
              "'read_energy_pj_per_bit' of level 'B' must be a non-negative "
              "number, got '-0.5'");
  expectError(lvl("write_energy_pj_per_bit: .inf"), 7, 30,
              "'write_energy_pj_per_bit' of level 'B' must be finite, got "
              "'.inf'");
  expectError(lvl("write_energy_pj_per_bit: nan"), 7, 30, "must be finite");
  expectError(lvl("read_energy_pj_per_bit: 1e999"), 7, 29, "must be finite");
  expectError(lvl("bandwidth_bytes_per_cycle: 0"), 7, 32,
              "'bandwidth_bytes_per_cycle' of level 'B' must be a positive "
              "number, got '0'");
  expectError(lvl("bandwidth_bits_per_cycle: -8"), 7, 31,
              "must be a positive number");
  expectError(lvl("bandwidth_bits_per_cycle: 64\n    "
                  "bandwidth_bytes_per_cycle: 8"),
              8, 5,
              "level 'B' gives both 'bandwidth_bits_per_cycle' and "
              "'bandwidth_bytes_per_cycle'; keep one");
  expectError(lvl("fanout: 0"), 7, 13,
              "'fanout' of level 'B' must be an integer from 1 to "
              "2147483647, got '0'");
  expectError(lvl("fanout: 99999999999999999999"), 7, 13,
              "'fanout' of level 'B' must be an integer");
  expectError(std::string("name: t\nlevels:\n  - name: M\n    capacity: inf\n"
                          "compute:\n  name: MAC\n  macs_per_cycle: 1\n"
                          "  clock_ghz: 0\n"),
              8, 14, "'clock_ghz' of 'compute' must be a positive number");
}

TEST_F(ArchErrorTest, SetExpressionErrorsPointIntoTheValue) {
  auto keep = [](const std::string &expr) {
    return withLevels("  - name: B\n    capacity: 1 KiB\n    keep: " + expr +
                      "\n");
  };
  // "    keep: " is 10 columns; the expression starts at column 11.
  expectError(keep("Inputs | | Outputs"), 7, 20,
              "'keep' of level 'B': expected a tensor name, class or '(' "
              "after '|', got '|'");
  expectError(keep("\"(Inputs | Weights\""), 7, 12,
              "'keep' of level 'B': unclosed '('");
  expectError(keep("'A | Input'"), 7, 16,
              "'keep' of level 'B': unknown class 'Input'; did you mean "
              "'Inputs'?");
  expectError(keep("A B"), 7, 13, "expected '|', '&' or '-' before 'B'");
  // A block scalar cannot be mapped byte for byte: the value is used.
  expectError(keep("|\n      A |"), 7, 11, "after '|'");
}

TEST_F(ArchErrorTest, BackingStoreMustKeepEveryPersistentTensor) {
  auto bs = [](const std::string &keep) {
    return "name: t\nlevels:\n  - name: DRAM\n    capacity: inf\n    keep: " +
           keep + "\n" + kCompute;
  };
  expectError(bs("Inputs"), 5, 5,
              "backing store 'DRAM' must keep every persistent tensor, but "
              "its 'keep' (Inputs) leaves out outputs");
  expectError(bs("Outputs | Weights"), 5, 5, "leaves out non-weight inputs");
  expectError(bs("Persistent - A"), 5, 5,
              "leaves out tensor 'A' if it is a weight");
  expectError(bs("Nothing"), 5, 5, "leaves out weights");
  // Equivalent spellings of Persistent are accepted.
  for (const char *ok :
       {"Persistent", "~Intermediates", "Inputs | Outputs", "All",
        "Weights | Inputs - Weights | Outputs", "Persistent | A"})
    EXPECT_TRUE(parse(bs(ok)).ok) << ok;
  // Without 'keep' the backing store keeps Persistent.
  Outcome o = parse("name: t\nlevels:\n  - name: DRAM\n    capacity: inf\n" +
                    std::string(kCompute));
  EXPECT_TRUE(o.ok) << o.full;
}

//===----------------------------------------------------------------------===//
// Error files for the lit tests: exact messages
//===----------------------------------------------------------------------===//

class ArchErrorFilesTest : public ::testing::Test {};

TEST_F(ArchErrorFilesTest, EachFileGivesItsMessage) {
  struct Case {
    const char *file;
    const char *expected; // after "<path>:"
  } cases[] = {
      {"backing-store-keep", "6:5: backing store 'DRAM' must keep every "
                             "persistent tensor, but its 'keep' (Inputs) "
                             "leaves out outputs"},
      {"bandwidth-both", "9:5: level 'Buffer' gives both "
                         "'bandwidth_bits_per_cycle' and "
                         "'bandwidth_bytes_per_cycle'; keep one"},
      {"bandwidth-zero", "8:32: 'bandwidth_bytes_per_cycle' of level "
                         "'Buffer' must be a positive number, got '0'"},
      {"capacity-fractional-bits",
       "7:15: 'capacity' of level 'Buffer' is not a whole number of bits, "
       "got '0.1 bits'"},
      {"capacity-negative",
       "7:15: 'capacity' of level 'Buffer' must be positive, got '-1 KiB'"},
      {"capacity-no-unit",
       "7:15: 'capacity' of level 'Buffer' needs a unit (bits, B, KiB, MiB, "
       "GiB, TiB, KB, MB, GB, TB) or must be 'inf', got '1024'"},
      {"capacity-overflow",
       "7:15: 'capacity' of level 'Buffer' is too large, got "
       "'99999999999999999999999999999999999999 TiB'"},
      {"capacity-unknown-unit", "7:17: unknown unit 'KIB' in 'capacity' of "
                                "level 'Buffer'; did you mean 'KiB'?"},
      {"capacity-zero",
       "7:15: 'capacity' of level 'Buffer' must be positive, got '0 KiB'"},
      {"compute-macs-missing",
       "7:3: 'compute' is missing required key 'macs_per_cycle'"},
      {"duplicate-key", "8:5: duplicate key 'capacity' in level 'Buffer' "
                        "(first given at 7:5)"},
      {"duplicate-level",
       "8:11: duplicate level name 'Buffer' (first defined at 6:11)"},
      {"empty", "1:1: architecture spec is empty; expected a map with keys "
                "'name', 'levels' and 'compute'"},
      {"energy-negative", "8:29: 'read_energy_pj_per_bit' of level 'Buffer' "
                          "must be a non-negative number, got '-0.5'"},
      {"energy-non-finite", "8:30: 'write_energy_pj_per_bit' of level "
                            "'Buffer' must be finite, got '.inf'"},
      {"fanout-zero", "8:13: 'fanout' of level 'Buffer' must be an integer "
                      "from 1 to 2147483647, got '0'"},
      {"invalid-yaml", "4:1: invalid YAML: end of sequence flow not found"},
      {"level-name-invalid", "6:11: name of level 2 must be an identifier "
                             "([A-Za-z_][A-Za-z0-9_.]*), got 'PE buffer'"},
      {"missing-compute",
       "2:1: architecture spec is missing required key 'compute'"},
      {"missing-key", "6:5: level 'Buffer' is missing required key 'capacity'"},
      {"multiple-documents", "3:1: expected one YAML document, found more"},
      {"no-levels", "3:9: 'levels' must list at least one memory level"},
      {"not-a-map", "2:1: architecture spec must be a map with keys 'name', "
                    "'levels' and 'compute', got a list"},
      {"set-cycle", "4:3: cycle in 'sets': a -> b -> c -> a"},
      {"set-misspelt-class",
       "8:15: 'may_keep' of level 'Buffer': unknown class 'Input'; did you "
       "mean 'Inputs'? (quote a tensor name as \"Input\")"},
      {"set-name-class", "4:3: set name 'Inputs' is a built-in class"},
      {"set-syntax", "8:20: 'keep' of level 'Buffer': expected a tensor "
                     "name, class or '(' after '|', got '|'"},
      {"set-unclosed-paren", "8:12: 'keep' of level 'Buffer': unclosed '('"},
      {"unknown-key", "7:5: unknown key 'capcity' in level 'Buffer'; did you "
                      "mean 'capacity'?"},
      {"unknown-top-key", "3:1: unknown key 'level' in the architecture "
                          "spec; did you mean 'levels'?"},
      {"wrong-type-list",
       "4:3: 'levels' must be a list of memory levels, got a map"},
      {"wrong-type-number", "8:13: 'fanout' of level 'Buffer' must be an "
                            "integer from 1 to 2147483647, got 'many'"},
      {"wrong-type-string", "8:11: 'keep' of level 'Buffer' must be a set "
                            "expression string, got a list"},
  };
  std::error_code ec;
  unsigned files = 0;
  std::string dir = kSourceDir + "/test/Arch/Inputs";
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    if (llvm::StringRef(it->path()).ends_with(".yaml"))
      ++files;
  EXPECT_EQ(files, std::size(cases)) << "every Inputs file has a case";
  for (const Case &c : cases) {
    std::string path = dir + "/" + c.file + ".yaml";
    Outcome o = outcomeOf(arch::parseArchFile(path));
    ASSERT_FALSE(o.ok) << path;
    EXPECT_EQ(o.full, path + ":" + c.expected);
  }
}

//===----------------------------------------------------------------------===//
// Named sets
//===----------------------------------------------------------------------===//

class NamedSetsTest : public ::testing::Test {
protected:
  static std::string spec(const std::string &sets, const std::string &keep) {
    return "name: t\nsets:\n" + sets +
           "levels:\n  - name: DRAM\n    capacity: inf\n"
           "  - name: B\n    capacity: 1 KiB\n    keep: " +
           keep + "\n" + kCompute;
  }
};

TEST_F(NamedSetsTest, ReferencesResolveIncludingForwardOnes) {
  llvm::Expected<Arch> a = arch::parseArchString(
      spec("  acts: Inputs - Weights | mids\n  mids: Intermediates\n",
           "acts | B"),
      "spec.yaml");
  ASSERT_TRUE(static_cast<bool>(a)) << llvm::toString(a.takeError());
  const core::Level &l = a->levels[1];
  EXPECT_EQ(l.keep.str(), "acts | B");
  EXPECT_EQ(l.placement(tensor("x", TensorKind::Input)), Placement::Keep);
  EXPECT_EQ(l.placement(tensor("w", TensorKind::Input, true)),
            Placement::MayKeep);
  EXPECT_EQ(l.placement(tensor("t", TensorKind::Intermediate)),
            Placement::Keep);
  EXPECT_EQ(l.placement(tensor("B", TensorKind::Output)), Placement::Keep);
  EXPECT_EQ(l.placement(tensor("C", TensorKind::Output)), Placement::MayKeep);
  ASSERT_EQ(a->sets.size(), 2u);
  EXPECT_EQ(a->sets[0].name, "acts");
  EXPECT_EQ(a->sets[0].expr.str(), "Inputs - Weights | mids");
  EXPECT_EQ(a->sets[1].name, "mids");
  EXPECT_EQ(a->sets[0].loc.line, 3u);
}

TEST_F(NamedSetsTest, SharedReferencesDoNotBlowUp) {
  // s_i = s_{i-1} | s_{i-1}: expanding textually would need 2^40 nodes.
  std::string sets = "  s0: A\n";
  for (int i = 1; i <= 40; ++i)
    sets += "  s" + std::to_string(i) + ": s" + std::to_string(i - 1) + " | s" +
            std::to_string(i - 1) + "\n";
  llvm::Expected<Arch> a =
      arch::parseArchString(spec(sets, "s40"), "spec.yaml");
  ASSERT_TRUE(static_cast<bool>(a)) << llvm::toString(a.takeError());
  EXPECT_LT(a->levels[1].keep.getNodes().size(), 200u);
  EXPECT_TRUE(a->levels[1].keep.contains(tensor("A", TensorKind::Input)));
  EXPECT_FALSE(a->levels[1].keep.contains(tensor("Z", TensorKind::Input)));
}

TEST_F(NamedSetsTest, CyclesAreErrorsNamingTheCycle) {
  Outcome o = parse(spec("  a: b\n  b: a | A\n", "a"));
  EXPECT_EQ(o.full, "spec.yaml:3:3: cycle in 'sets': a -> b -> a");
  o = parse(spec("  x: A\n  self: self | x\n", "x"));
  EXPECT_EQ(o.full, "spec.yaml:4:3: cycle in 'sets': self -> self");
}

TEST_F(NamedSetsTest, BadSetDeclarationsAreErrors) {
  EXPECT_EQ(parse(spec("  All: A\n", "A")).full,
            "spec.yaml:3:3: set name 'All' is a built-in class");
  EXPECT_EQ(parse(spec("  a: A\n  a: B\n", "A")).full,
            "spec.yaml:4:3: duplicate set 'a' (first defined at 3:3)");
  EXPECT_EQ(parse(spec("  \"a b\": A\n", "A")).full,
            "spec.yaml:3:3: set name 'a b' must be an identifier "
            "([A-Za-z_][A-Za-z0-9_.]*)");
  EXPECT_EQ(parse(spec("  a: [A]\n", "A")).full,
            "spec.yaml:3:6: set 'a' must be a set expression string, got a "
            "list");
  EXPECT_EQ(parse(spec("  a: A |\n", "A")).full,
            "spec.yaml:3:9: set 'a': expected a tensor name, class or '(' "
            "after '|'");
  EXPECT_EQ(parse("name: t\nsets: [a]\nlevels:\n  - name: M\n    capacity: "
                  "inf\n" +
                  std::string(kCompute))
                .full,
            "spec.yaml:2:7: 'sets' must be a map from set names to set "
            "expressions, got a list");
}

//===----------------------------------------------------------------------===//
// Workload checks
//===----------------------------------------------------------------------===//

class CheckWorkloadTest : public ::testing::Test {};

TEST_F(CheckWorkloadTest, PersistentTensorsMustFitAFiniteBackingStore) {
  llvm::Expected<Arch> a = arch::parseArchString(
      std::string("name: t\nlevels:\n  - name: DRAM\n    capacity: 64 B\n") +
          kCompute,
      "spec.yaml");
  ASSERT_TRUE(static_cast<bool>(a)) << llvm::toString(a.takeError());
  core::Workload w;
  w.tensors.push_back(tensor("A", TensorKind::Input, false, {16}, 16));
  w.tensors.push_back(tensor("B", TensorKind::Output, false, {16}, 16));
  EXPECT_EQ(a->checkWorkload(w), ""); // 256 + 256 bits <= 512
  // Intermediates do not need to fit.
  w.tensors.push_back(tensor("T", TensorKind::Intermediate, false, {1000}));
  EXPECT_EQ(a->checkWorkload(w), "");
  w.tensors.push_back(tensor("C", TensorKind::Input, false, {1}, 8));
  EXPECT_EQ(a->checkWorkload(w), "persistent tensors need 520 bits but "
                                 "backing store 'DRAM' holds 512");
}

//===----------------------------------------------------------------------===//
// Robustness
//===----------------------------------------------------------------------===//

class ArchRobustnessTest : public ::testing::Test {};

TEST_F(ArchRobustnessTest, RandomMutationsNeverCrash) {
  std::string seed =
      "name: t\nsets:\n  s: Inputs | A\nlevels:\n"
      "  - name: DRAM\n    capacity: inf\n    keep: s | Outputs\n"
      "  - {name: G, capacity: 1.5 KiB, fanout: 4, "
      "read_energy_pj_per_bit: 0.5}\n" +
      std::string(kCompute);
  const char specials[] = "[]{}:-,&*!|>'\"#%@`?~ \n\t0123456789.aZ";
  std::mt19937 rng(12345);
  unsigned ok = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string s = seed;
    for (int m = 1 + rng() % 6; m > 0 && !s.empty(); --m) {
      size_t p = rng() % s.size();
      switch (rng() % 5) {
      case 0:
        s[p] = specials[rng() % (sizeof(specials) - 1)];
        break;
      case 1:
        s.insert(p, 1, specials[rng() % (sizeof(specials) - 1)]);
        break;
      case 2:
        s.erase(p, 1 + rng() % 8);
        break;
      case 3:
        s.resize(p);
        break;
      default:
        s[p] = static_cast<char>(rng());
        break;
      }
    }
    Outcome o = parse(s);
    if (o.ok) {
      ++ok;
      continue;
    }
    EXPECT_FALSE(o.message.empty()) << s;
    EXPECT_EQ(o.full.rfind("spec.yaml", 0), 0u);
  }
  EXPECT_GT(ok, 0u);
}

TEST_F(ArchRobustnessTest, DeepNestingIsAnError) {
  Outcome o = parse(std::string(100000, '['));
  EXPECT_FALSE(o.ok);
  EXPECT_NE(o.message.find("invalid YAML: nesting is deeper than"),
            std::string::npos)
      << o.full;
  o = parse("name: t\nlevels: " + std::string(5000, '[') + "\n");
  EXPECT_FALSE(o.ok);
}

TEST_F(ArchRobustnessTest, SelfReferentialAliasIsAnError) {
  Outcome o = parse(std::string("name: t\nlevels: &l [*l]\n") + kCompute);
  EXPECT_FALSE(o.ok);
  EXPECT_NE(o.message.find("level 1 must be a map, got a list"),
            std::string::npos)
      << o.full;
}

TEST_F(ArchRobustnessTest, OversizedInputIsRejectedUpFront) {
  std::string big = "name: t\n# " + std::string(arch::kMaxSpecBytes, 'x');
  EXPECT_EQ(parse(big).message, "architecture spec is too large (" +
                                    std::to_string(big.size()) +
                                    " bytes; the limit is " +
                                    std::to_string(arch::kMaxSpecBytes) + ")");
  llvm::SmallString<128> path;
  int fd = -1;
  ASSERT_FALSE(
      llvm::sys::fs::createTemporaryFile("oro-arch-big", "yaml", fd, path));
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << big;
  }
  Outcome o = outcomeOf(arch::parseArchFile(path));
  llvm::sys::fs::remove(path);
  EXPECT_EQ(o.message, "architecture spec is too large (more than " +
                           std::to_string(arch::kMaxSpecBytes) + " bytes)");
}

TEST_F(ArchRobustnessTest, TooManyLevelsIsAnError) {
  std::string s = "name: t\nlevels:\n  - name: DRAM\n    capacity: inf\n";
  for (int i = 0; i < 300; ++i)
    s += "  - {name: L" + std::to_string(i) + ", capacity: 1 KiB}\n";
  Outcome o = parse(s + kCompute);
  EXPECT_EQ(o.full,
            "spec.yaml:3:3: 'levels' has 301 entries; the limit is 256");
}

TEST_F(ArchRobustnessTest, BinaryGarbageIsAnError) {
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string s(1 + rng() % 200, '\0');
    for (char &c : s)
      c = static_cast<char>(rng());
    Outcome o = parse(s);
    EXPECT_FALSE(o.ok);
  }
}

} // namespace
