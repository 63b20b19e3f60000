//===- InputNestingTest.cpp - The pre-parse nesting check -----------------===//
//
// What `findExcessiveNesting` counts as a level, and where it says the
// limit was crossed. test/Tools/deep-nesting.test checks oro-opt with it,
// on inputs at and above the real limit.
//
//===----------------------------------------------------------------------===//

#include "oro/Support/InputNesting.h"
#include "gtest/gtest.h"
#include <string>

namespace {

/// The depth `findExcessiveNesting` gives `text`: the smallest limit it
/// accepts.
size_t depthOf(llvm::StringRef text) {
  size_t limit = 0;
  while (oro::findExcessiveNesting(text, limit))
    ++limit;
  return limit;
}

TEST(InputNesting, CountsBracketsAndUnaryMinus) {
  EXPECT_EQ(depthOf(""), 0u);
  EXPECT_EQ(depthOf("module {}"), 1u);
  EXPECT_EQ(depthOf("[[1], [2, [3]]]"), 3u);
  EXPECT_EQ(depthOf("{a = [(<i32>)]}"), 4u);
  // Unary minus signs in a row count, each one a level.
  EXPECT_EQ(depthOf("(- - -d0)"), 4u);
  EXPECT_EQ(depthOf("(---d0)"), 4u);
  EXPECT_EQ(depthOf("(-(-(-d0)))"), 6u);
  // A binary minus counts as one level while it is read (a scan cannot
  // tell it from a unary one), and no more.
  EXPECT_EQ(depthOf("(d0 - d1 - d2 - 4)"), 2u);
  // Depth only counts what is open.
  EXPECT_EQ(depthOf("[[]] [[]] [[]]"), 2u);
}

TEST(InputNesting, SkipsWhatIsNotABracket) {
  // `->`, `>=`, string literals and comments.
  EXPECT_EQ(depthOf("(d0) -> (d0)"), 1u);
  EXPECT_EQ(depthOf("(d0) : (d0 + 1 >= 0)"), 1u);
  EXPECT_EQ(depthOf(R"("[[[[" "\"(((" [x])"), 1u);
  EXPECT_EQ(depthOf("// {{{{ [[[[\n[1]"), 1u);
  // An unterminated string ends at the line's end.
  EXPECT_EQ(depthOf("\"[[[\n[[1]]"), 2u);
  // A closer never makes the depth negative.
  EXPECT_EQ(depthOf("]]]] [[1]]"), 2u);
}

TEST(InputNesting, ReportsTheFirstLevelTooDeep) {
  auto deep = oro::findExcessiveNesting("module {\n  x = [[[1]]]\n}", 3);
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->offset, 17u);
  EXPECT_EQ(deep->line, 2u);
  EXPECT_EQ(deep->column, 9u); // the third `[`
  EXPECT_FALSE(oro::findExcessiveNesting("module {\n  x = [[[1]]]\n}", 4));

  auto minus = oro::findExcessiveNesting("(d0 + - - - d1)", 3);
  ASSERT_TRUE(minus);
  EXPECT_EQ(minus->column, 11u); // the third `-`
}

TEST(InputNesting, LinearInTheInput) {
  // A megabyte of brackets is scanned, found and located at once.
  std::string text(1 << 20, '[');
  auto deep = oro::findExcessiveNesting(text, 10000);
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->column, 10001u);
}

} // namespace
