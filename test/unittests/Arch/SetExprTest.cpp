//===- SetExprTest.cpp - Tensor set expressions ---------------------------===//
//
// Parsing, evaluation and printing of the tensor set expressions used by the
// architecture spec's `keep`, `may_keep` and `bypass` keys.
//
//===----------------------------------------------------------------------===//

#include "oro/Arch/ArchSpecYAML.h"
#include "oro/Core/Arch.h"
#include "llvm/Support/Error.h"
#include "gtest/gtest.h"
#include <string>
#include <vector>

using namespace oro;
using core::SetExpr;
using core::SetNode;
using core::SetOp;
using core::Tensor;
using core::TensorKind;

namespace {

class SetExprTest : public ::testing::Test {
protected:
  void SetUp() override {
    add("A", TensorKind::Input, false);
    add("W", TensorKind::Input, true);
    add("B", TensorKind::Output, false);
    add("T", TensorKind::Intermediate, false);
    add("U", TensorKind::Intermediate, false);
    add("my tensor", TensorKind::Input, false);
    add("Inputs", TensorKind::Intermediate, false);
  }

  void add(const char *name, TensorKind kind, bool weight) {
    Tensor t;
    t.name = name;
    t.kind = kind;
    t.isWeight = weight;
    tensors.push_back(t);
  }

  /// Parses `text` (failing the test on error) and returns the names of the
  /// tensors it selects, in declaration order, joined by spaces.
  std::string members(llvm::StringRef text) {
    llvm::Expected<SetExpr> e = arch::parseSetExpr(text);
    if (!e) {
      ADD_FAILURE() << "'" << text.str()
                    << "': " << llvm::toString(e.takeError());
      return "<error>";
    }
    return membersOf(*e);
  }

  std::string membersOf(const SetExpr &e) {
    std::string out;
    for (unsigned i : e.select(tensors))
      out += (out.empty() ? "" : " ") + tensors[i].name;
    return out;
  }

  /// The error message (without file) of parsing `text`, "" on success.
  std::string errorOf(llvm::StringRef text, unsigned *column = nullptr) {
    llvm::Expected<SetExpr> e = arch::parseSetExpr(text);
    if (e)
      return "";
    std::string message;
    llvm::handleAllErrors(e.takeError(), [&](const arch::ArchSpecError &err) {
      message = err.getMessage();
      if (column)
        *column = err.getColumn();
    });
    return message;
  }

  std::vector<Tensor> tensors;
};

TEST_F(SetExprTest, ClassesSelectByKindAndWeight) {
  EXPECT_EQ(members("All"), "A W B T U my tensor Inputs");
  EXPECT_EQ(members("Nothing"), "");
  EXPECT_EQ(members("Inputs"), "A W my tensor");
  EXPECT_EQ(members("Outputs"), "B");
  EXPECT_EQ(members("Intermediates"), "T U Inputs");
  EXPECT_EQ(members("Persistent"), "A W B my tensor");
  EXPECT_EQ(members("Weights"), "W");
}

TEST_F(SetExprTest, PlainIdentifiersNameTensors) {
  EXPECT_EQ(members("A"), "A");
  EXPECT_EQ(members("T | B"), "B T");
  // A name no tensor has selects nothing (names are checked per workload).
  EXPECT_EQ(members("Missing"), "");
  EXPECT_EQ(members("layer1.weight"), "");
}

TEST_F(SetExprTest, QuotedNamesAreAlwaysTensors) {
  EXPECT_EQ(members("\"my tensor\""), "my tensor");
  EXPECT_EQ(members("'my tensor' | A"), "A my tensor");
  // Quoting a class spelling names the tensor, not the class.
  EXPECT_EQ(members("\"Inputs\""), "Inputs");
  EXPECT_EQ(members("Inputs"), "A W my tensor");
}

TEST_F(SetExprTest, OperatorsFollowSetAlgebra) {
  EXPECT_EQ(members("Inputs | Outputs"), "A W B my tensor");
  EXPECT_EQ(members("Inputs & Weights"), "W");
  EXPECT_EQ(members("Inputs - Weights"), "A my tensor");
  EXPECT_EQ(members("~Intermediates"), "A W B my tensor");
  EXPECT_EQ(members("~~Weights"), "W");
  EXPECT_EQ(members("All - A - B"), "W T U my tensor Inputs");
  EXPECT_EQ(members("~(A | T)"), "W B U my tensor Inputs");
}

TEST_F(SetExprTest, PrecedenceIsComplementDifferenceIntersectionUnion) {
  // '-' binds tighter than '&', which binds tighter than '|'.
  EXPECT_EQ(members("B | Inputs - Weights"), members("B | (Inputs - Weights)"));
  EXPECT_EQ(members("Inputs & All - W"), members("Inputs & (All - W)"));
  EXPECT_EQ(members("T | Inputs & Weights"), "W T");
  EXPECT_EQ(members("(T | Inputs) & Weights"), "W");
  EXPECT_EQ(members("~A - W"), members("(~A) - W"));
  // Left associative.
  EXPECT_EQ(members("All - Inputs - Outputs"), "T U Inputs");
}

TEST_F(SetExprTest, WhitespaceIsIgnored) {
  EXPECT_EQ(members("  Inputs|Outputs  "), members("Inputs | Outputs"));
  EXPECT_EQ(members("~ ( A\t| B )"), members("~(A | B)"));
}

TEST_F(SetExprTest, PrinterUsesFewestParenthesesAndRoundTrips) {
  struct Case {
    const char *in, *out;
  } cases[] = {
      {"A", "A"},
      {"(A)", "A"},
      {"A | (B | T)", "A | (B | T)"},
      {"(A | B) | T", "A | B | T"},
      {"A | (B & T)", "A | B & T"},
      {"(A | B) & T", "(A | B) & T"},
      {"A - (B - T)", "A - (B - T)"},
      {"(A - B) - T", "A - B - T"},
      {"~(A | B)", "~(A | B)"},
      {"~A", "~A"},
      {"\"my tensor\" | 'Inputs'", "\"my tensor\" | \"Inputs\""},
      {"Persistent - Weights & Inputs", "Persistent - Weights & Inputs"},
  };
  for (const Case &c : cases) {
    llvm::Expected<SetExpr> e = arch::parseSetExpr(c.in);
    ASSERT_TRUE(static_cast<bool>(e)) << llvm::toString(e.takeError());
    EXPECT_EQ(e->str(), c.out) << c.in;
    llvm::Expected<SetExpr> again = arch::parseSetExpr(e->str());
    ASSERT_TRUE(static_cast<bool>(again)) << llvm::toString(again.takeError());
    EXPECT_EQ(again->str(), e->str());
    EXPECT_EQ(membersOf(*again), membersOf(*e)) << c.in;
  }
}

TEST_F(SetExprTest, DefaultIsNothing) {
  SetExpr e;
  EXPECT_EQ(e.str(), "Nothing");
  EXPECT_EQ(membersOf(e), "");
  EXPECT_EQ(membersOf(SetExpr::ofClass(SetOp::All)), members("All"));
  EXPECT_EQ(membersOf(SetExpr::ofTensor("T")), "T");
}

TEST_F(SetExprTest, TensorNamesListsMentionedNames) {
  llvm::Expected<SetExpr> e = arch::parseSetExpr("B | A - B | Inputs");
  ASSERT_TRUE(static_cast<bool>(e));
  EXPECT_EQ(e->tensorNames(), (std::vector<std::string>{"A", "B"}));
}

TEST_F(SetExprTest, FromNodesRejectsMalformedArrays) {
  EXPECT_FALSE(SetExpr::fromNodes({}).has_value());
  // Child index not before its parent.
  EXPECT_FALSE(
      SetExpr::fromNodes({SetNode{SetOp::Complement, "", 0, -1}}).has_value());
  // Binary operator with one operand.
  EXPECT_FALSE(SetExpr::fromNodes({SetNode{SetOp::All, "", -1, -1},
                                   SetNode{SetOp::Union, "", 0, -1}})
                   .has_value());
  // Tensor leaf without a name.
  EXPECT_FALSE(
      SetExpr::fromNodes({SetNode{SetOp::Tensor, "", -1, -1}}).has_value());
  std::optional<SetExpr> ok = SetExpr::fromNodes(
      {SetNode{SetOp::Inputs, "", -1, -1}, SetNode{SetOp::Weights, "", -1, -1},
       SetNode{SetOp::Difference, "", 0, 1}});
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->str(), "Inputs - Weights");
  EXPECT_EQ(membersOf(*ok), "A my tensor");
}

TEST_F(SetExprTest, SyntaxErrorsCarryColumns) {
  struct Case {
    const char *text;
    unsigned column;
    const char *message;
  } cases[] = {
      {"", 1, "empty set expression"},
      {"   ", 1, "empty set expression"},
      {"A |", 4, "expected a tensor name, class or '(' after '|'"},
      {"A | | B", 5, "expected a tensor name, class or '(' after '|', got '|'"},
      {"| A", 1, "expected a tensor name, class or '(' before '|'"},
      {"(A | B", 1, "unclosed '('"},
      {"A | (B & (T)", 5, "unclosed '('"},
      {"A)", 2, "unexpected ')'"},
      {"A B", 3, "expected '|', '&' or '-' before 'B'"},
      {"A + B", 3, "unexpected character '+'"},
      {"A | \"B", 5, "unterminated quoted tensor name"},
      {"A | ''", 5, "empty tensor name"},
      {"2x", 1, "tensor name '2x' is not an identifier; quote it as \"2x\""},
      {"~", 2, "expected a tensor name, class or '(' after '~'"},
  };
  for (const Case &c : cases) {
    unsigned column = 0;
    EXPECT_EQ(errorOf(c.text, &column), c.message) << "'" << c.text << "'";
    EXPECT_EQ(column, c.column) << "'" << c.text << "'";
  }
}

TEST_F(SetExprTest, MisspeltClassIsAnError) {
  unsigned column = 0;
  EXPECT_EQ(errorOf("A | Input", &column),
            "unknown class 'Input'; did you mean 'Inputs'? (quote a tensor "
            "name as \"Input\")");
  EXPECT_EQ(column, 5u);
  EXPECT_NE(errorOf("weights"), "");
  EXPECT_NE(errorOf("all"), "");
  EXPECT_NE(errorOf("Intermediate"), "");
  EXPECT_EQ(errorOf("\"Input\""), "");
}

TEST_F(SetExprTest, DeepNestingIsAnErrorNotACrash) {
  std::string parens = std::string(1000, '(') + "A" + std::string(1000, ')');
  unsigned column = 0;
  EXPECT_EQ(errorOf(parens, &column),
            "set expression is nested too deeply (more than 64 levels)");
  EXPECT_EQ(column, 65u);
  std::string nots = std::string(1000, '~') + "A";
  EXPECT_EQ(errorOf(nots),
            "set expression is nested too deeply (more than 64 levels)");
  // 64 levels are fine.
  std::string ok = std::string(64, '(') + "A" + std::string(64, ')');
  EXPECT_EQ(errorOf(ok), "");
}

TEST_F(SetExprTest, LongExpressionIsAnError) {
  std::string text = "A";
  while (text.size() <= 2048)
    text += " | A";
  EXPECT_EQ(errorOf(text),
            "set expression is too long (more than 2048 characters)");
  // Long but under the limit: flat, so evaluation and printing stay linear.
  std::string flat = "A";
  for (int i = 0; i < 400; ++i)
    flat += " | B";
  EXPECT_EQ(members(flat), "A B");
}

} // namespace
