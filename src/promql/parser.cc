#include "promql/parser.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "base/duration.h"
#include "base/strings.h"

namespace tocsin::promql {
namespace {

enum class Tok {
  kEOF,
  kError,
  kIdentifier,
  kMetricIdentifier,
  kNumber,
  kDuration,
  kString,
  kLParen,
  kRParen,
  kLBrace,
  kRBrace,
  kLBracket,
  kRBracket,
  kComma,
  kAssign,  // =
  kColon,
  kAt,
  // Operators.
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,
  kEqlc,
  kNeq,
  kLss,
  kLte,
  kGtr,
  kGte,
  kEqlRegex,
  kNeqRegex,
  kAnd,
  kOr,
  kUnless,
  kAtan2,
  // Keywords.
  kBool,
  kOn,
  kIgnoring,
  kGroupLeft,
  kGroupRight,
  kOffset,
  kBy,
  kWithout,
  kStart,
  kEnd,
  // Aggregators.
  kAggregator,
};

struct Token {
  Tok type = Tok::kEOF;
  size_t pos = 0;
  std::string val;
  AggOp agg = AggOp::kSum;
};

bool IsOperatorTok(Tok t) { return t >= Tok::kAdd && t <= Tok::kAtan2; }
bool IsKeywordTok(Tok t) { return t >= Tok::kBool && t <= Tok::kEnd; }

std::string TokenDesc(const Token& t) {
  switch (t.type) {
    case Tok::kEOF:
      return "end of input";
    case Tok::kIdentifier:
      return "identifier " + GoQuote(t.val);
    case Tok::kMetricIdentifier:
      return "metric identifier " + GoQuote(t.val);
    case Tok::kString:
      return "string " + (t.val.size() > 10
                              ? GoQuote(t.val.substr(0, 10)) + "..."
                              : GoQuote(t.val));
    case Tok::kNumber:
      return "number " + GoQuote(t.val);
    case Tok::kDuration:
      return "duration " + GoQuote(t.val);
    case Tok::kAggregator:
      return "<aggr:" + t.val + ">";
    default:
      break;
  }
  if (IsOperatorTok(t.type)) return "<op:" + t.val + ">";
  if (IsKeywordTok(t.type)) return "<" + t.val + ">";
  return GoQuote(t.val);
}

bool IsAlpha(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
bool IsSpaceChar(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

struct KeywordInfo {
  std::string_view word;
  Tok tok;
  AggOp agg;
};

const KeywordInfo kKeywords[] = {
    {"and", Tok::kAnd, AggOp::kSum},
    {"or", Tok::kOr, AggOp::kSum},
    {"unless", Tok::kUnless, AggOp::kSum},
    {"atan2", Tok::kAtan2, AggOp::kSum},
    {"bool", Tok::kBool, AggOp::kSum},
    {"on", Tok::kOn, AggOp::kSum},
    {"ignoring", Tok::kIgnoring, AggOp::kSum},
    {"group_left", Tok::kGroupLeft, AggOp::kSum},
    {"group_right", Tok::kGroupRight, AggOp::kSum},
    {"offset", Tok::kOffset, AggOp::kSum},
    {"by", Tok::kBy, AggOp::kSum},
    {"without", Tok::kWithout, AggOp::kSum},
    {"start", Tok::kStart, AggOp::kSum},
    {"end", Tok::kEnd, AggOp::kSum},
    {"sum", Tok::kAggregator, AggOp::kSum},
    {"avg", Tok::kAggregator, AggOp::kAvg},
    {"count", Tok::kAggregator, AggOp::kCount},
    {"min", Tok::kAggregator, AggOp::kMin},
    {"max", Tok::kAggregator, AggOp::kMax},
    {"group", Tok::kAggregator, AggOp::kGroup},
    {"stddev", Tok::kAggregator, AggOp::kStddev},
    {"stdvar", Tok::kAggregator, AggOp::kStdvar},
    {"topk", Tok::kAggregator, AggOp::kTopk},
    {"bottomk", Tok::kAggregator, AggOp::kBottomk},
    {"count_values", Tok::kAggregator, AggOp::kCountValues},
    {"quantile", Tok::kAggregator, AggOp::kQuantile},
    {"limitk", Tok::kAggregator, AggOp::kLimitk},
    {"limit_ratio", Tok::kAggregator, AggOp::kLimitRatio},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Tokenizes the whole input up front, tracking brace/bracket context as
// Prometheus' lexer does. The first lexical error ends the stream with a
// kError token holding the message.
class Lexer {
 public:
  explicit Lexer(std::string_view in) : in_(in) {}

  std::vector<Token> Run() {
    while (true) {
      SkipSpace();
      if (pos_ >= in_.size()) {
        if (brace_open_)
          return Fail(pos_, "unexpected end of input inside braces");
        if (bracket_open_) {
          return Fail(pos_, "unexpected end of input inside brackets");
        }
        if (paren_depth_ > 0) return Fail(pos_, "unclosed left parenthesis");
        Emit(Tok::kEOF, pos_, "");
        return toks_;
      }
      if (!Step()) return toks_;
    }
  }

 private:
  std::vector<Token> Fail(size_t pos, std::string msg) {
    Emit(Tok::kError, pos, std::move(msg));
    return toks_;
  }
  void Emit(Tok t, size_t pos, std::string val, AggOp agg = AggOp::kSum) {
    Token tok;
    tok.type = t;
    tok.pos = pos;
    tok.val = std::move(val);
    tok.agg = agg;
    toks_.push_back(std::move(tok));
  }
  void SkipSpace() {
    while (pos_ < in_.size()) {
      if (IsSpaceChar(in_[pos_])) {
        ++pos_;
      } else if (in_[pos_] == '#') {
        while (pos_ < in_.size() && in_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
  }
  char Peek(size_t k = 0) const {
    return pos_ + k < in_.size() ? in_[pos_ + k] : '\0';
  }

  bool LexString(char q) {
    size_t start = pos_;
    ++pos_;
    while (true) {
      if (pos_ >= in_.size()) {
        Fail(start, "unterminated quoted string");
        return false;
      }
      char c = in_[pos_];
      if (c == '\\' && q != '`') {
        pos_ += 2;
        continue;
      }
      if (c == '\n' && q != '`') {
        Fail(start, "unterminated quoted string");
        return false;
      }
      ++pos_;
      if (c == q) break;
    }
    auto s = UnquoteGoString(in_.substr(start, pos_ - start));
    if (!s) {
      Fail(start, "invalid syntax");
      return false;
    }
    Emit(Tok::kString, start, *s);
    return true;
  }

  // Numbers (decimal, hex, exponent) and durations.
  bool LexNumberOrDuration() {
    size_t start = pos_;
    size_t p = pos_;
    auto digits = [&](bool hex) {
      size_t b = p;
      while (p < in_.size() &&
             (IsDigit(in_[p]) || (hex && ((in_[p] >= 'a' && in_[p] <= 'f') ||
                                          (in_[p] >= 'A' && in_[p] <= 'F'))))) {
        ++p;
      }
      return p > b;
    };
    bool ok = true;
    if (in_[p] == '0' && p + 1 < in_.size() &&
        (in_[p + 1] == 'x' || in_[p + 1] == 'X')) {
      p += 2;
      ok = digits(true);
    } else {
      bool d1 = digits(false);
      bool d2 = false;
      if (p < in_.size() && in_[p] == '.') {
        ++p;
        d2 = digits(false);
      }
      ok = d1 || d2;
      if (ok && p < in_.size() && (in_[p] == 'e' || in_[p] == 'E')) {
        size_t save = p;
        ++p;
        if (p < in_.size() && (in_[p] == '+' || in_[p] == '-')) ++p;
        if (!digits(false)) p = save;
      }
    }
    if (ok && (p >= in_.size() || !IsAlnum(in_[p]))) {
      pos_ = p;
      Emit(Tok::kNumber, start, std::string(in_.substr(start, p - start)));
      return true;
    }
    // Try a duration: (digits unit)+.
    p = start;
    bool any = false;
    while (p < in_.size() && IsDigit(in_[p])) {
      while (p < in_.size() && IsDigit(in_[p])) ++p;
      if (p + 1 < in_.size() && in_[p] == 'm' && in_[p + 1] == 's') {
        p += 2;
      } else if (p < in_.size() &&
                 (in_[p] == 's' || in_[p] == 'm' || in_[p] == 'h' ||
                  in_[p] == 'd' || in_[p] == 'w' || in_[p] == 'y')) {
        ++p;
      } else {
        any = false;
        break;
      }
      any = true;
    }
    if (any && (p >= in_.size() || !IsAlnum(in_[p]))) {
      pos_ = p;
      Emit(Tok::kDuration, start, std::string(in_.substr(start, p - start)));
      return true;
    }
    while (p < in_.size() && (IsAlnum(in_[p]) || in_[p] == '.')) ++p;
    Fail(start, "bad number or duration syntax: " +
                    GoQuote(in_.substr(start, p - start)));
    return false;
  }

  bool Step() {
    size_t start = pos_;
    char c = in_[pos_];
    if (brace_open_) return StepInBraces();
    if (c == '"' || c == '\'' || c == '`') return LexString(c);
    if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) {
      return LexNumberOrDuration();
    }
    if (IsAlpha(c) || (c == ':' && !bracket_open_)) {
      size_t p = pos_;
      while (p < in_.size() && (IsAlnum(in_[p]) || in_[p] == ':')) ++p;
      std::string word(in_.substr(pos_, p - pos_));
      pos_ = p;
      if (bracket_open_) {
        // Duration expressions: step(), range(), min_of(), max_of().
        Emit(Tok::kIdentifier, start, word);
        return true;
      }
      std::string low = Lower(word);
      if (low == "inf" || low == "nan") {
        Emit(Tok::kNumber, start, word);
        return true;
      }
      for (const auto& k : kKeywords) {
        if (k.word == low) {
          Emit(k.tok, start, word, k.agg);
          return true;
        }
      }
      Emit(word.find(':') != std::string::npos ? Tok::kMetricIdentifier
                                               : Tok::kIdentifier,
           start, word);
      return true;
    }
    ++pos_;
    switch (c) {
      case '(':
        ++paren_depth_;
        Emit(Tok::kLParen, start, "(");
        return true;
      case ')':
        if (paren_depth_ == 0) {
          Fail(start, "unexpected right parenthesis ')'");
          return false;
        }
        --paren_depth_;
        Emit(Tok::kRParen, start, ")");
        return true;
      case '{':
        brace_open_ = true;
        Emit(Tok::kLBrace, start, "{");
        return true;
      case '}':
        Fail(start, "unexpected right brace '}'");
        return false;
      case '[':
        if (bracket_open_) {
          Fail(start, "unexpected left bracket '['");
          return false;
        }
        bracket_open_ = true;
        Emit(Tok::kLBracket, start, "[");
        return true;
      case ']':
        if (!bracket_open_) {
          Fail(start, "unexpected right bracket ']'");
          return false;
        }
        bracket_open_ = false;
        Emit(Tok::kRBracket, start, "]");
        return true;
      case ',':
        Emit(Tok::kComma, start, ",");
        return true;
      case ':':
        Emit(Tok::kColon, start, ":");
        return true;
      case '@':
        Emit(Tok::kAt, start, "@");
        return true;
      case '+':
        Emit(Tok::kAdd, start, "+");
        return true;
      case '-':
        Emit(Tok::kSub, start, "-");
        return true;
      case '*':
        Emit(Tok::kMul, start, "*");
        return true;
      case '/':
        Emit(Tok::kDiv, start, "/");
        return true;
      case '%':
        Emit(Tok::kMod, start, "%");
        return true;
      case '^':
        Emit(Tok::kPow, start, "^");
        return true;
      case '=':
        if (Peek() == '=') {
          ++pos_;
          Emit(Tok::kEqlc, start, "==");
        } else if (Peek() == '~') {
          Fail(start, "unexpected character after '=': '~'");
          return false;
        } else {
          Emit(Tok::kAssign, start, "=");
        }
        return true;
      case '!':
        if (Peek() == '=') {
          ++pos_;
          Emit(Tok::kNeq, start, "!=");
          return true;
        }
        Fail(start, "unexpected character after '!': " +
                        GoQuote(std::string(1, Peek())));
        return false;
      case '<':
        if (Peek() == '=') {
          ++pos_;
          Emit(Tok::kLte, start, "<=");
        } else {
          Emit(Tok::kLss, start, "<");
        }
        return true;
      case '>':
        if (Peek() == '=') {
          ++pos_;
          Emit(Tok::kGte, start, ">=");
        } else {
          Emit(Tok::kGtr, start, ">");
        }
        return true;
      default:
        break;
    }
    Fail(start, "unexpected character: " + GoQuote(std::string(1, c)));
    return false;
  }

  bool StepInBraces() {
    size_t start = pos_;
    char c = in_[pos_];
    if (c == '"' || c == '\'' || c == '`') return LexString(c);
    if (IsAlpha(c)) {
      size_t p = pos_;
      while (p < in_.size() && IsAlnum(in_[p])) ++p;
      std::string word(in_.substr(pos_, p - pos_));
      pos_ = p;
      Emit(Tok::kIdentifier, start, word);
      return true;
    }
    ++pos_;
    switch (c) {
      case ',':
        Emit(Tok::kComma, start, ",");
        return true;
      case '}':
        brace_open_ = false;
        Emit(Tok::kRBrace, start, "}");
        return true;
      case '=':
        if (Peek() == '~') {
          ++pos_;
          Emit(Tok::kEqlRegex, start, "=~");
        } else {
          Emit(Tok::kAssign, start, "=");
        }
        return true;
      case '!':
        if (Peek() == '~') {
          ++pos_;
          Emit(Tok::kNeqRegex, start, "!~");
          return true;
        }
        if (Peek() == '=') {
          ++pos_;
          Emit(Tok::kNeq, start, "!=");
          return true;
        }
        break;
      default:
        break;
    }
    Fail(start,
         "unexpected character inside braces: " + GoQuote(std::string(1, c)));
    return false;
  }

  std::string_view in_;
  size_t pos_ = 0;
  bool brace_open_ = false;
  bool bracket_open_ = false;
  int paren_depth_ = 0;
  std::vector<Token> toks_;
};

int Precedence(Tok t) {
  switch (t) {
    case Tok::kOr:
      return 1;
    case Tok::kAnd:
    case Tok::kUnless:
      return 2;
    case Tok::kEqlc:
    case Tok::kNeq:
    case Tok::kLss:
    case Tok::kLte:
    case Tok::kGtr:
    case Tok::kGte:
      return 3;
    case Tok::kAdd:
    case Tok::kSub:
      return 4;
    case Tok::kMul:
    case Tok::kDiv:
    case Tok::kMod:
    case Tok::kAtan2:
      return 5;
    case Tok::kPow:
      return 6;
    default:
      return 0;
  }
}

BinaryOp ToBinaryOp(Tok t) {
  switch (t) {
    case Tok::kAdd:
      return BinaryOp::kAdd;
    case Tok::kSub:
      return BinaryOp::kSub;
    case Tok::kMul:
      return BinaryOp::kMul;
    case Tok::kDiv:
      return BinaryOp::kDiv;
    case Tok::kMod:
      return BinaryOp::kMod;
    case Tok::kPow:
      return BinaryOp::kPow;
    case Tok::kAtan2:
      return BinaryOp::kAtan2;
    case Tok::kEqlc:
      return BinaryOp::kEql;
    case Tok::kNeq:
      return BinaryOp::kNeq;
    case Tok::kLss:
      return BinaryOp::kLss;
    case Tok::kLte:
      return BinaryOp::kLte;
    case Tok::kGtr:
      return BinaryOp::kGtr;
    case Tok::kGte:
      return BinaryOp::kGte;
    case Tok::kAnd:
      return BinaryOp::kAnd;
    case Tok::kOr:
      return BinaryOp::kOr;
    default:
      return BinaryOp::kUnless;
  }
}

std::string_view ValueTypeString(ValueType t) {
  switch (t) {
    case ValueType::kScalar:
      return "scalar";
    case ValueType::kVector:
      return "vector";
    case ValueType::kMatrix:
      return "matrix";
    case ValueType::kString:
      return "string";
    case ValueType::kNone:
      break;
  }
  return "none";
}

// Signals a parse error already recorded in Parser::err_.
struct ParseFailure {};

class Parser {
 public:
  explicit Parser(std::string_view in) : in_(in) {}

  Result<ExprPtr> Parse() {
    toks_ = Lexer(in_).Run();
    try {
      if (Cur().type == Tok::kEOF) {
        Error(0, "no expression found in input");
      }
      ExprPtr e = ParseBinary(1);
      if (Cur().type != Tok::kEOF) Unexpected("");
      return e;
    } catch (const ParseFailure&) {
      return Status(StatusCode::kInvalidArgument, err_);
    }
  }

 private:
  const Token& Cur() const { return toks_[i_]; }
  const Token& PeekTok(size_t k = 1) const {
    return toks_[std::min(i_ + k, toks_.size() - 1)];
  }
  const Token& Next() {
    const Token& t = toks_[i_];
    if (i_ + 1 < toks_.size()) ++i_;
    return t;
  }

  [[noreturn]] void Error(size_t pos, const std::string& msg) {
    size_t line = 1, line_start = 0;
    for (size_t k = 0; k < pos && k < in_.size(); ++k) {
      if (in_[k] == '\n') {
        ++line;
        line_start = k + 1;
      }
    }
    err_ = std::to_string(line) + ":" + std::to_string(pos - line_start + 1) +
           ": parse error: " + msg;
    throw ParseFailure{};
  }

  [[noreturn]] void Unexpected(std::string_view context,
                               std::string_view expected = "") {
    const Token& t = Cur();
    if (t.type == Tok::kError) Error(t.pos, t.val);
    std::string msg = "unexpected " + TokenDesc(t);
    if (!context.empty()) msg += " in " + std::string(context);
    if (!expected.empty()) msg += ", expected " + std::string(expected);
    Error(t.pos, msg);
  }

  void Expect(Tok t, std::string_view context, std::string_view expected) {
    if (Cur().type != t) Unexpected(context, expected);
    Next();
  }

  void ExpectType(const Expr& e, ValueType want, const std::string& context) {
    ValueType got = e.Type();
    if (got != want) {
      Error(e.pos.start, "expected type " + std::string(DocumentedType(want)) +
                             " in " + context + ", got " +
                             std::string(DocumentedType(got)));
    }
  }

  ExprPtr ParseBinary(int min_prec) {
    ExprPtr lhs = ParseUnary();
    while (true) {
      const Token& op = Cur();
      int prec = Precedence(op.type);
      if (prec == 0 || prec < min_prec) break;
      Tok op_tok = op.type;
      size_t op_pos = op.pos;
      Next();
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::kBinary;
      e->bin_op = ToBinaryOp(op_tok);
      if (Cur().type == Tok::kBool) {
        Next();
        e->return_bool = true;
      }
      if (Cur().type == Tok::kOn || Cur().type == Tok::kIgnoring) {
        e->matching.on = Cur().type == Tok::kOn;
        Next();
        e->matching.matching_labels = ParseLabelList("grouping opts");
        if (Cur().type == Tok::kGroupLeft || Cur().type == Tok::kGroupRight) {
          e->matching.card = Cur().type == Tok::kGroupLeft
                                 ? Cardinality::kManyToOne
                                 : Cardinality::kOneToMany;
          Next();
          if (Cur().type == Tok::kLParen) {
            e->matching.include = ParseLabelList("grouping opts");
          }
        }
      }
      while (Cur().type == Tok::kIdentifier && PeekTok().type == Tok::kLParen &&
             (Cur().val == "fill" || Cur().val == "fill_left" ||
              Cur().val == "fill_right")) {
        std::string which = Cur().val;
        Next();
        Next();
        bool neg = false;
        if (Cur().type == Tok::kSub || Cur().type == Tok::kAdd) {
          neg = Cur().type == Tok::kSub;
          Next();
        }
        if (Cur().type != Tok::kNumber) Unexpected("fill modifier", "number");
        double v = ParseNumber(Cur());
        if (neg) v = -v;
        Next();
        Expect(Tok::kRParen, "fill modifier", "\")\"");
        if (which != "fill_right") e->matching.fill_left = v;
        if (which != "fill_left") e->matching.fill_right = v;
      }
      int next_min = op_tok == Tok::kPow ? prec : prec + 1;
      ExprPtr rhs = ParseBinary(next_min);
      e->pos = {lhs->pos.start, rhs->pos.end};
      e->lhs = std::move(lhs);
      e->rhs = std::move(rhs);
      CheckBinary(*e, op_pos);
      lhs = std::move(e);
    }
    return lhs;
  }

  void CheckBinary(Expr& e, size_t op_pos) {
    ValueType lt = e.lhs->Type(), rt = e.rhs->Type();
    if (e.return_bool && !IsComparisonOp(e.bin_op)) {
      Error(op_pos, "bool modifier can only be used on comparison operators");
    }
    if (IsComparisonOp(e.bin_op) && !e.return_bool &&
        lt == ValueType::kScalar && rt == ValueType::kScalar) {
      Error(op_pos, "comparisons between scalars must use BOOL modifier");
    }
    if (IsSetOp(e.bin_op) && e.matching.card == Cardinality::kOneToOne) {
      e.matching.card = Cardinality::kManyToMany;
    }
    if (e.matching.on) {
      for (const auto& l1 : e.matching.matching_labels) {
        for (const auto& l2 : e.matching.include) {
          if (l1 == l2) {
            Error(op_pos, "label " + GoQuote(l1) +
                              " must not occur in ON and GROUP clause at once");
          }
        }
      }
    }
    if (lt != ValueType::kScalar && lt != ValueType::kVector) {
      Error(e.lhs->pos.start,
            "binary expression must contain only scalar and instant vector "
            "types");
    }
    if (rt != ValueType::kScalar && rt != ValueType::kVector) {
      Error(e.rhs->pos.start,
            "binary expression must contain only scalar and instant vector "
            "types");
    }
    if (lt != ValueType::kVector || rt != ValueType::kVector) {
      if (!e.matching.matching_labels.empty()) {
        Error(e.pos.start,
              "vector matching only allowed between instant vectors");
      }
      e.matching = VectorMatching{};
    } else if (IsSetOp(e.bin_op)) {
      if (e.matching.card == Cardinality::kOneToMany ||
          e.matching.card == Cardinality::kManyToOne) {
        Error(e.pos.start, "no grouping allowed for \"" +
                               std::string(BinaryOpString(e.bin_op)) +
                               "\" operation");
      }
    }
    if ((lt == ValueType::kScalar || rt == ValueType::kScalar) &&
        IsSetOp(e.bin_op)) {
      Error(e.pos.start, "set operator " + GoQuote(BinaryOpString(e.bin_op)) +
                             " not allowed in binary scalar expression");
    }
  }

  ExprPtr ParseUnary() {
    if (Cur().type == Tok::kAdd || Cur().type == Tok::kSub) {
      bool neg = Cur().type == Tok::kSub;
      size_t pos = Cur().pos;
      Next();
      ExprPtr operand = ParseBinary(Precedence(Tok::kPow));
      if (operand->kind == ExprKind::kNumber) {
        if (neg) operand->number = -operand->number;
        operand->pos.start = pos;
        return operand;
      }
      ValueType t = operand->Type();
      if (t != ValueType::kScalar && t != ValueType::kVector) {
        Error(operand->pos.start,
              "unary expression only allowed on expressions of type scalar "
              "or instant vector, got " +
                  GoQuote(ValueTypeString(t)));
      }
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::kUnary;
      e->unary_negate = neg;
      e->pos = {pos, operand->pos.end};
      e->lhs = std::move(operand);
      return e;
    }
    return ParsePostfix(ParsePrimary());
  }

  int64_t ParseDurationTok(const Token& t) {
    auto d = ParsePromDuration(t.val, t.type == Tok::kNumber);
    if (!d.ok()) Error(t.pos, d.status().message());
    return *d;
  }

  using DOp = DurationExpr::Op;

  static DurationExprPtr DurNode(DOp op, DurationExprPtr a = nullptr,
                                 DurationExprPtr b = nullptr) {
    auto d = std::make_shared<DurationExpr>();
    d->op = op;
    d->a = std::move(a);
    d->b = std::move(b);
    return d;
  }

  static int DurPrec(Tok t) {
    switch (t) {
      case Tok::kAdd:
      case Tok::kSub:
        return 1;
      case Tok::kMul:
      case Tok::kDiv:
      case Tok::kMod:
        return 2;
      case Tok::kPow:
        return 3;
      default:
        return 0;
    }
  }

  // Full duration arithmetic (inside brackets).
  DurationExprPtr ParseDurExpr(int min_prec) {
    DurationExprPtr lhs;
    if (Cur().type == Tok::kSub || Cur().type == Tok::kAdd) {
      bool neg = Cur().type == Tok::kSub;
      Next();
      lhs = DurNode(neg ? DOp::kNeg : DOp::kPos, ParseDurExpr(3));
    } else {
      lhs = ParseDurPrimary();
    }
    while (true) {
      Tok t = Cur().type;
      int prec = DurPrec(t);
      if (prec == 0 || prec < min_prec) break;
      Next();
      DurationExprPtr rhs = ParseDurExpr(t == Tok::kPow ? prec : prec + 1);
      DOp op = t == Tok::kAdd   ? DOp::kAdd
               : t == Tok::kSub ? DOp::kSub
               : t == Tok::kMul ? DOp::kMul
               : t == Tok::kDiv ? DOp::kDiv
               : t == Tok::kMod ? DOp::kMod
                                : DOp::kPow;
      lhs = DurNode(op, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  DurationExprPtr ParseDurPrimary() {
    const Token& t = Cur();
    if (t.type == Tok::kNumber || t.type == Tok::kDuration) {
      auto d = std::make_shared<DurationExpr>();
      d->op = DOp::kLiteral;
      if (t.type == Tok::kDuration) {
        d->seconds = static_cast<double>(ParseDurationTok(t)) / 1000;
        d->duration_literal = true;
      } else {
        d->seconds = ParseNumber(t);
      }
      Next();
      return d;
    }
    if (t.type == Tok::kLParen) {
      Next();
      DurationExprPtr inner = ParseDurExpr(1);
      Expect(Tok::kRParen, "duration expression", "\")\"");
      return DurNode(DOp::kParen, std::move(inner));
    }
    if (t.type == Tok::kIdentifier && PeekTok().type == Tok::kLParen) {
      std::string name = Lower(t.val);
      if (name == "step" || name == "range") {
        Next();
        Next();
        Expect(Tok::kRParen, "duration expression", "\")\"");
        return DurNode(name == "step" ? DOp::kStep : DOp::kRange);
      }
      if (name == "min_of" || name == "max_of") {
        Next();
        Next();
        DurationExprPtr a = ParseDurExpr(1);
        Expect(Tok::kComma, "duration expression", "\",\"");
        DurationExprPtr b = ParseDurExpr(1);
        Expect(Tok::kRParen, "duration expression", "\")\"");
        return DurNode(name == "min_of" ? DOp::kMin : DOp::kMax, std::move(a),
                       std::move(b));
      }
    }
    Unexpected("duration expression", "duration");
  }

  // Milliseconds of `d` when it does not depend on the query, else of its
  // value with step() and range() taken as 0; *expr keeps non-literals.
  int64_t DurValue(const DurationExprPtr& d, DurationExprPtr* expr) {
    bool literal = d->op == DOp::kLiteral ||
                   (d->op == DOp::kNeg && d->a->op == DOp::kLiteral);
    if (!literal) *expr = d;
    return static_cast<int64_t>(std::llround(d->Eval(0, 0) * 1000));
  }

  // `[` already current.
  ExprPtr ParseRangeOrSubquery(ExprPtr e) {
    Next();
    DurationExprPtr range_expr;
    int64_t range = DurValue(ParseDurExpr(1), &range_expr);
    if (Cur().type == Tok::kColon) {
      Next();
      int64_t step = 0;
      DurationExprPtr step_expr;
      if (Cur().type != Tok::kRBracket) {
        step = DurValue(ParseDurExpr(1), &step_expr);
      }
      size_t end = Cur().pos + 1;
      Expect(Tok::kRBracket, "subquery selector", "\"]\"");
      if (e->Type() != ValueType::kVector) {
        Error(e->pos.start, "subquery is only allowed on instant vector, got " +
                                std::string(ValueTypeString(e->Type())) +
                                " instead");
      }
      auto s = std::make_unique<Expr>();
      s->kind = ExprKind::kSubquery;
      s->pos = {e->pos.start, end};
      s->range_ms = range;
      s->step_ms = step;
      s->range_expr = range_expr;
      s->step_expr = step_expr;
      s->lhs = std::move(e);
      return s;
    }
    size_t end = Cur().pos + 1;
    Expect(Tok::kRBracket, "matrix selector", "\"]\"");
    if (e->kind != ExprKind::kVectorSelector) {
      Error(e->pos.start, "ranges only allowed for vector selectors");
    }
    if (e->offset_ms != 0 || e->offset_expr) {
      Error(e->pos.start, "no offset modifiers allowed before range");
    }
    if (e->at != AtKind::kNone) {
      Error(e->pos.start, "no @ modifiers allowed before range");
    }
    auto m = std::make_unique<Expr>();
    m->kind = ExprKind::kMatrixSelector;
    m->pos = {e->pos.start, end};
    m->range_ms = range;
    m->range_expr = range_expr;
    m->lhs = std::move(e);
    return m;
  }

  // The node that carries offset/@ for `e`, or nullptr.
  static Expr* ModifierTarget(Expr* e) {
    switch (e->kind) {
      case ExprKind::kVectorSelector:
      case ExprKind::kSubquery:
        return e;
      case ExprKind::kMatrixSelector:
        return e->lhs.get();
      default:
        return nullptr;
    }
  }

  ExprPtr ParsePostfix(ExprPtr e) {
    while (true) {
      const Token& t = Cur();
      if (t.type == Tok::kLBracket) {
        e = ParseRangeOrSubquery(std::move(e));
      } else if (t.type == Tok::kOffset) {
        Next();
        bool neg = false;
        bool sign = false;
        if (Cur().type == Tok::kSub || Cur().type == Tok::kAdd) {
          neg = Cur().type == Tok::kSub;
          sign = true;
          Next();
        }
        DurationExprPtr d = ParseDurPrimary();
        if (sign) d = DurNode(neg ? DOp::kNeg : DOp::kPos, d);
        DurationExprPtr off_expr;
        int64_t off = DurValue(d, &off_expr);
        neg = false;
        size_t end = toks_[i_ > 0 ? i_ - 1 : 0].pos + 1;
        Expr* target = ModifierTarget(e.get());
        if (target == nullptr) {
          Error(e->pos.start,
                "offset modifier must be preceded by an instant vector "
                "selector or range vector selector or a subquery");
        }
        if (target->offset_ms != 0 || target->offset_expr) {
          Error(e->pos.start, "offset may not be set multiple times");
        }
        target->offset_ms = neg ? -off : off;
        target->offset_expr = off_expr;
        e->pos.end = end;
      } else if (t.type == Tok::kAt) {
        Next();
        AtKind at = AtKind::kTimestamp;
        int64_t at_ms = 0;
        size_t end = 0;
        if (Cur().type == Tok::kStart || Cur().type == Tok::kEnd) {
          at = Cur().type == Tok::kStart ? AtKind::kStart : AtKind::kEnd;
          Next();
          Expect(Tok::kLParen, "@", "\"(\"");
          end = Cur().pos + 1;
          Expect(Tok::kRParen, "@", "\")\"");
        } else {
          bool neg = false;
          if (Cur().type == Tok::kSub || Cur().type == Tok::kAdd) {
            neg = Cur().type == Tok::kSub;
            Next();
          }
          if (Cur().type != Tok::kNumber && Cur().type != Tok::kDuration) {
            Unexpected("@", "timestamp");
          }
          double v = Cur().type == Tok::kDuration
                         ? static_cast<double>(ParseDurationTok(Cur())) / 1000
                         : ParseNumber(Cur());
          if (neg) v = -v;
          if (std::isnan(v) || std::isinf(v) || std::fabs(v * 1000) > 9.2e18) {
            char buf[64];
            std::snprintf(buf, sizeof(buf), "%f", v);
            Error(
                Cur().pos,
                std::string("timestamp out of bounds for @ modifier: ") + buf);
          }
          at_ms = static_cast<int64_t>(std::llround(v * 1000));
          end = Cur().pos + Cur().val.size();
          Next();
        }
        Expr* target = ModifierTarget(e.get());
        if (target == nullptr) {
          Error(e->pos.start,
                "@ modifier must be preceded by an instant vector selector or "
                "range vector selector or a subquery");
        }
        if (target->at != AtKind::kNone) {
          Error(e->pos.start, "@ <timestamp> may not be set multiple times");
        }
        target->at = at;
        target->at_ms = at_ms;
        e->pos.end = end;
      } else {
        return e;
      }
    }
  }

  double ParseNumber(const Token& t) {
    std::string low = Lower(t.val);
    if (low == "inf") return std::numeric_limits<double>::infinity();
    if (low == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (low.size() > 2 && low[0] == '0' && low[1] == 'x') {
      return static_cast<double>(std::strtoull(low.c_str() + 2, nullptr, 16));
    }
    return std::strtod(t.val.c_str(), nullptr);
  }

  std::string ParseLabelName(std::string_view context) {
    const Token& t = Cur();
    if (t.type == Tok::kString) {
      std::string v = t.val;
      Next();
      return v;
    }
    if (t.type == Tok::kIdentifier || t.type == Tok::kAggregator ||
        IsKeywordTok(t.type) || t.type == Tok::kAnd || t.type == Tok::kOr ||
        t.type == Tok::kUnless || t.type == Tok::kAtan2) {
      bool ok = !t.val.empty();
      for (char c : t.val) ok = ok && IsAlnum(c);
      if (ok) {
        std::string v = t.val;
        Next();
        return v;
      }
    }
    Unexpected(context, "label");
  }

  std::vector<std::string> ParseLabelList(std::string_view context) {
    Expect(Tok::kLParen, context, "\"(\"");
    std::vector<std::string> out;
    while (Cur().type != Tok::kRParen) {
      out.push_back(ParseLabelName(context));
      if (Cur().type == Tok::kComma) {
        Next();
      } else if (Cur().type != Tok::kRParen) {
        Unexpected(context, "\",\" or \")\"");
      }
    }
    Next();
    return out;
  }

  ExprPtr ParsePrimary() {
    const Token& t = Cur();
    switch (t.type) {
      case Tok::kNumber: {
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::kNumber;
        e->number = ParseNumber(t);
        e->pos = {t.pos, t.pos + t.val.size()};
        Next();
        return e;
      }
      case Tok::kDuration: {
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::kNumber;
        e->number = static_cast<double>(ParseDurationTok(t)) / 1000.0;
        e->duration_literal = true;
        e->pos = {t.pos, t.pos + t.val.size()};
        Next();
        return e;
      }
      case Tok::kString: {
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::kString;
        e->str = t.val;
        e->pos = {t.pos, t.pos + 1};
        Next();
        return e;
      }
      case Tok::kLParen: {
        size_t start = t.pos;
        Next();
        ExprPtr inner = ParseBinary(1);
        size_t end = Cur().pos + 1;
        Expect(Tok::kRParen, "paren expression", "\")\"");
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::kParen;
        e->pos = {start, end};
        e->lhs = std::move(inner);
        return e;
      }
      case Tok::kLBrace:
        return ParseSelector("", t.pos);
      case Tok::kAggregator: {
        Tok next = PeekTok().type;
        if (next == Tok::kLParen || next == Tok::kBy || next == Tok::kWithout) {
          return ParseAggregation();
        }
        break;
      }
      case Tok::kIdentifier:
      case Tok::kStart:
      case Tok::kEnd:
        if (PeekTok().type == Tok::kLParen) return ParseCall();
        break;
      case Tok::kMetricIdentifier:
        break;
      default:
        if (IsKeywordTok(t.type) || t.type == Tok::kAnd || t.type == Tok::kOr ||
            t.type == Tok::kUnless || t.type == Tok::kAtan2) {
          break;
        }
        Unexpected("");
    }
    std::string name = t.val;
    size_t pos = t.pos;
    Next();
    return ParseSelector(name, pos);
  }

  ExprPtr ParseSelector(const std::string& name, size_t start) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kVectorSelector;
    e->name = name;
    e->pos = {start, start + name.size()};
    if (!name.empty())
      AddMatcher(*e, model::MatchType::kEqual, "__name__", name, start);
    if (Cur().type == Tok::kLBrace) {
      Next();
      while (Cur().type != Tok::kRBrace) {
        const Token& lt = Cur();
        size_t mpos = lt.pos;
        if (lt.type == Tok::kString &&
            (PeekTok().type == Tok::kComma || PeekTok().type == Tok::kRBrace)) {
          // A quoted metric name.
          if (!e->name.empty()) {
            Error(mpos, "metric name must not be set twice: " +
                            GoQuote(e->name) + " or " + GoQuote(lt.val));
          }
          e->name = lt.val;
          AddMatcher(*e, model::MatchType::kEqual, "__name__", lt.val, mpos);
          Next();
        } else {
          if (lt.type != Tok::kString && lt.type != Tok::kIdentifier) {
            Unexpected("label matching", "identifier or \"}\"");
          }
          std::string lname = lt.val;
          Next();
          model::MatchType mt;
          switch (Cur().type) {
            case Tok::kAssign:
              mt = model::MatchType::kEqual;
              break;
            case Tok::kNeq:
              mt = model::MatchType::kNotEqual;
              break;
            case Tok::kEqlRegex:
              mt = model::MatchType::kRegexMatch;
              break;
            case Tok::kNeqRegex:
              mt = model::MatchType::kRegexNoMatch;
              break;
            default:
              Unexpected("label matching", "label matching operator");
          }
          Next();
          if (Cur().type != Tok::kString) {
            Unexpected("label matching", "string");
          }
          std::string value = Cur().val;
          Next();
          if (lname == "__name__" && mt == model::MatchType::kEqual &&
              !e->name.empty() && e->name != value) {
            // Prometheus allows an explicit __name__ next to a name only
            // through this error.
            Error(mpos, "metric name must not be set twice: " +
                            GoQuote(e->name) + " or " + GoQuote(value));
          }
          AddMatcher(*e, mt, lname, value, mpos);
        }
        if (Cur().type == Tok::kComma) {
          Next();
        } else if (Cur().type != Tok::kRBrace) {
          Unexpected("label matching", "\",\" or \"}\"");
        }
      }
      e->pos.end = Cur().pos + 1;
      Next();
    }
    bool non_empty = false;
    for (const auto& m : e->matchers) {
      if (!m.Matches("")) non_empty = true;
    }
    if (!non_empty && !allow_empty_selector_) {
      Error(e->pos.start,
            "vector selector must contain at least one non-empty matcher");
    }
    return e;
  }

  void AddMatcher(Expr& e, model::MatchType mt, const std::string& name,
                  const std::string& value, size_t pos) {
    auto m = model::Matcher::Create(mt, name, value);
    if (!m.ok()) Error(pos, m.status().message());
    e.matchers.push_back(*m);
  }

  ExprPtr ParseAggregation() {
    const Token& t = Cur();
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kAggregate;
    e->agg_op = t.agg;
    e->pos.start = t.pos;
    Next();
    bool have_grouping = false;
    auto grouping = [&] {
      if (Cur().type == Tok::kBy || Cur().type == Tok::kWithout) {
        if (have_grouping) Unexpected("aggregation");
        e->without = Cur().type == Tok::kWithout;
        Next();
        e->grouping = ParseLabelList("grouping opts");
        have_grouping = true;
      }
    };
    grouping();
    Expect(Tok::kLParen, "aggregation", "\"(\"");
    std::vector<ExprPtr> args;
    while (Cur().type != Tok::kRParen) {
      args.push_back(ParseBinary(1));
      if (Cur().type == Tok::kComma) {
        Next();
      } else if (Cur().type != Tok::kRParen) {
        Unexpected("aggregation", "\",\" or \")\"");
      }
    }
    e->pos.end = Cur().pos + 1;
    Next();
    if (!have_grouping) {
      grouping();
      if (have_grouping) e->pos.end = Cur().pos;
    }
    size_t want = AggOpHasParam(e->agg_op) ? 2 : 1;
    if (args.empty()) {
      Error(e->pos.start, "no arguments for aggregate expression provided");
    }
    if (args.size() != want) {
      Error(e->pos.start,
            "wrong number of arguments for aggregate expression provided, "
            "expected " +
                std::to_string(want) + ", got " + std::to_string(args.size()));
    }
    if (want == 2) {
      e->param = std::move(args[0]);
      e->lhs = std::move(args[1]);
    } else {
      e->lhs = std::move(args[0]);
    }
    ExpectType(*e->lhs, ValueType::kVector, "aggregation expression");
    if (e->agg_op == AggOp::kCountValues) {
      ExpectType(*e->param, ValueType::kString, "aggregation parameter");
    } else if (e->param) {
      ExpectType(*e->param, ValueType::kScalar, "aggregation parameter");
    }
    return e;
  }

  ExprPtr ParseCall() {
    const Token& t = Cur();
    const Function* f = LookupFunction(t.val);
    if (f == nullptr) {
      Error(t.pos, "unknown function with name " + GoQuote(t.val));
    }
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kCall;
    e->func = f;
    e->pos.start = t.pos;
    Next();
    Expect(Tok::kLParen, "function call", "\"(\"");
    while (Cur().type != Tok::kRParen) {
      // info()'s second argument selects info series and data labels; it
      // may consist of matchers accepting the empty string only.
      allow_empty_selector_ = f->name == "info" && e->args.size() == 1;
      e->args.push_back(ParseBinary(1));
      allow_empty_selector_ = false;
      if (Cur().type == Tok::kComma) {
        Next();
        if (Cur().type == Tok::kRParen) Unexpected("function call", "");
      } else if (Cur().type != Tok::kRParen) {
        Unexpected("function call", "\",\" or \")\"");
      }
    }
    e->pos.end = Cur().pos + 1;
    Next();
    size_t nargs = f->arg_types.size();
    size_t got = e->args.size();
    std::string fname = GoQuote(f->name);
    if (f->variadic == 0) {
      if (nargs != got) {
        Error(e->pos.start, "expected " + std::to_string(nargs) +
                                " argument(s) in call to " + fname + ", got " +
                                std::to_string(got));
      }
    } else {
      size_t na = nargs - 1;
      if (na > got) {
        Error(e->pos.start, "expected at least " + std::to_string(na) +
                                " argument(s) in call to " + fname + ", got " +
                                std::to_string(got));
      }
      if (f->variadic > 0 && na + static_cast<size_t>(f->variadic) < got) {
        Error(e->pos.start, "expected at most " +
                                std::to_string(na + f->variadic) +
                                " argument(s) in call to " + fname + ", got " +
                                std::to_string(got));
      }
    }
    for (size_t i = 0; i < got; ++i) {
      size_t k = i;
      if (k >= nargs) {
        if (f->variadic == 0) break;
        k = nargs - 1;
      }
      ExpectType(*e->args[i], f->arg_types[k], "call to function " + fname);
    }
    return e;
  }

  std::string_view in_;
  std::vector<Token> toks_;
  size_t i_ = 0;
  std::string err_;
  bool allow_empty_selector_ = false;
};

}  // namespace

Result<int64_t> ParsePromDuration(std::string_view s, bool allow_number) {
  if (allow_number && !s.empty() && (IsDigit(s[0]) || s[0] == '.')) {
    bool is_num = true;
    for (char c : s) {
      if (!IsDigit(c) && c != '.' && c != 'e' && c != 'E' && c != '+' &&
          c != '-') {
        is_num = false;
      }
    }
    if (is_num) {
      double v = std::strtod(std::string(s).c_str(), nullptr);
      return static_cast<int64_t>(std::llround(v * 1000));
    }
  }
  auto d = ParseDuration(s);
  if (!d.ok()) return d.status();
  return static_cast<int64_t>(d->count());
}

std::optional<std::string> UnquoteGoString(std::string_view q) {
  if (q.size() < 2 || q.front() != q.back()) return std::nullopt;
  char quote = q.front();
  std::string_view body = q.substr(1, q.size() - 2);
  if (quote == '`') {
    if (body.find('`') != std::string_view::npos) return std::nullopt;
    return std::string(body);
  }
  if (quote != '"' && quote != '\'') return std::nullopt;
  std::string out;
  auto append_rune = [&](uint32_t r) {
    if (r < 0x80) {
      out += static_cast<char>(r);
    } else if (r < 0x800) {
      out += static_cast<char>(0xC0 | (r >> 6));
      out += static_cast<char>(0x80 | (r & 0x3F));
    } else if (r < 0x10000) {
      out += static_cast<char>(0xE0 | (r >> 12));
      out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (r & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (r >> 18));
      out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (r & 0x3F));
    }
  };
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == quote || c == '\n') return std::nullopt;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= body.size()) return std::nullopt;
    char e = body[i];
    auto hex = [&](size_t n) -> std::optional<uint32_t> {
      uint32_t v = 0;
      for (size_t k = 1; k <= n; ++k) {
        if (i + k >= body.size()) return std::nullopt;
        char h = body[i + k];
        int d;
        if (h >= '0' && h <= '9') {
          d = h - '0';
        } else if (h >= 'a' && h <= 'f') {
          d = h - 'a' + 10;
        } else if (h >= 'A' && h <= 'F') {
          d = h - 'A' + 10;
        } else {
          return std::nullopt;
        }
        v = v * 16 + static_cast<uint32_t>(d);
      }
      i += n;
      return v;
    };
    switch (e) {
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case '\'':
      case '"':
        if (e != quote) return std::nullopt;
        out += e;
        break;
      case 'x': {
        auto v = hex(2);
        if (!v) return std::nullopt;
        out += static_cast<char>(*v);
        break;
      }
      case 'u':
      case 'U': {
        auto v = hex(e == 'u' ? 4 : 8);
        if (!v || *v > 0x10FFFF || (*v >= 0xD800 && *v < 0xE000)) {
          return std::nullopt;
        }
        append_rune(*v);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          if (i + 2 >= body.size()) return std::nullopt;
          uint32_t v = 0;
          for (size_t k = 0; k < 3; ++k) {
            char o = body[i + k];
            if (o < '0' || o > '7') return std::nullopt;
            v = v * 8 + static_cast<uint32_t>(o - '0');
          }
          if (v > 255) return std::nullopt;
          i += 2;
          out += static_cast<char>(v);
          break;
        }
        return std::nullopt;
    }
  }
  return out;
}

Result<ExprPtr> ParseExpr(std::string_view input) {
  return Parser(input).Parse();
}

}  // namespace tocsin::promql
