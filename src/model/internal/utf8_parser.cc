#include "model/internal/utf8_parser.h"

#include <initializer_list>
#include <optional>
#include <string>

#include "base/strings.h"
#include "model/internal/go_text.h"

namespace tocsin::model::internal {
namespace {

constexpr char32_t kEof = 0xFFFFFFFF;

bool IsReserved(char32_t r) {
  if (IsGoSpace(r)) return true;
  switch (r) {
    case '{':
    case '}':
    case '!':
    case '=':
    case '~':
    case ',':
    case '\\':
    case '"':
    case '\'':
    case '`':
      return true;
    default:
      return false;
  }
}

struct Position {
  size_t offset_start = 0;  // Byte offsets into the input.
  size_t offset_end = 0;
  int column_start = 0;  // Rune columns.
  int column_end = 0;
};

enum class TokenKind {
  kEof,
  kOpenBrace,
  kCloseBrace,
  kComma,
  kEquals,
  kNotEquals,
  kMatches,
  kNotMatches,
  kQuoted,
  kUnquoted,
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string_view value;
  Position pos;

  bool IsOneOf(std::initializer_list<TokenKind> kinds) const {
    for (TokenKind k : kinds) {
      if (k == kind) return true;
    }
    return false;
  }
};

std::string Cols(const Position& p) {
  return std::to_string(p.column_start) + ":" + std::to_string(p.column_end);
}

// Emits one token per Scan(); after the input is consumed, kEof tokens. The
// first error is sticky: every later Scan() returns it again.
class Lexer {
 public:
  explicit Lexer(std::string_view input) : input_(input) {}

  // Returns false and sets *err on invalid input.
  bool Scan(Token* t, std::string* err) {
    *t = Token{};
    if (err_) {
      *err = *err_;
      return false;
    }
    for (char32_t r = Next(); r != kEof; r = Next()) {
      if (r == '{') {
        *t = Emit(TokenKind::kOpenBrace);
        return true;
      }
      if (r == '}') {
        *t = Emit(TokenKind::kCloseBrace);
        return true;
      }
      if (r == ',') {
        *t = Emit(TokenKind::kComma);
        return true;
      }
      if (r == '=' || r == '!') {
        Rewind();
        return Finish(ScanOperator(t), err);
      }
      if (r == '"') {
        Rewind();
        return Finish(ScanQuoted(t), err);
      }
      if (!IsReserved(r)) {
        Rewind();
        ScanUnquoted(t);
        return true;
      }
      if (IsGoSpace(r)) {
        Skip();
        continue;
      }
      Position p = position();
      err_ = Cols(p) + ": " +
             std::string(
                 input_.substr(p.offset_start, p.offset_end - p.offset_start)) +
             ": invalid input";
      *err = *err_;
      return false;
    }
    return true;
  }

  // Like Scan() but leaves the cursor where it was (not the sticky error).
  bool Peek(Token* t, std::string* err) {
    size_t start = start_, pos = pos_, width = width_;
    int column = column_, cols = cols_;
    bool ok = Scan(t, err);
    start_ = start, pos_ = pos, width_ = width;
    column_ = column, cols_ = cols;
    return ok;
  }

  // Span of the token being scanned.
  Position position() const { return Position{start_, pos_, column_, cols_}; }

 private:
  bool Finish(std::optional<std::string> e, std::string* err) {
    if (!e) return true;
    err_ = std::move(e);
    *err = *err_;
    return false;
  }

  std::optional<std::string> ExpectedError(std::string_view expected) const {
    Position p = position();
    if (p.offset_end >= input_.size()) {
      return Cols(p) + ": unexpected end of input, expected one of '" +
             std::string(expected) + "'";
    }
    return Cols(p) + ": " +
           std::string(
               input_.substr(p.offset_start, p.offset_end - p.offset_start)) +
           ": expected one of '" + std::string(expected) + "'";
  }

  std::optional<std::string> ScanOperator(Token* t) {
    if (Accept('!')) {
      if (Accept('=')) {
        *t = Emit(TokenKind::kNotEquals);
        return std::nullopt;
      }
      if (Accept('~')) {
        *t = Emit(TokenKind::kNotMatches);
        return std::nullopt;
      }
      *t = Token{};
      return ExpectedError("=~");
    }
    if (Accept('=')) {
      if (Accept('~')) {
        *t = Emit(TokenKind::kMatches);
        return std::nullopt;
      }
      *t = Emit(TokenKind::kEquals);
      return std::nullopt;
    }
    *t = Token{};
    return ExpectedError("!=");
  }

  std::optional<std::string> ScanQuoted(Token* t) {
    *t = Token{};
    if (!Accept('"')) return ExpectedError("\"");
    bool escaped = false;
    for (char32_t r = Next(); r != kEof; r = Next()) {
      if (escaped) {
        escaped = false;
      } else if (r == '\\') {
        escaped = true;
      } else if (r == '"') {
        Rewind();
        break;
      }
    }
    if (!Accept('"')) {
      Position p = position();
      return Cols(p) + ": " +
             std::string(
                 input_.substr(p.offset_start, p.offset_end - p.offset_start)) +
             ": missing end \"";
    }
    *t = Emit(TokenKind::kQuoted);
    return std::nullopt;
  }

  void ScanUnquoted(Token* t) {
    for (char32_t r = Next(); r != kEof; r = Next()) {
      if (IsReserved(r)) {
        Rewind();
        break;
      }
    }
    *t = Emit(TokenKind::kUnquoted);
  }

  bool Accept(char32_t want) {
    if (Next() == want) return true;
    Rewind();
    return false;
  }

  Token Emit(TokenKind kind) {
    Token t{kind, input_.substr(start_, pos_ - start_), position()};
    start_ = pos_;
    column_ = cols_;
    return t;
  }

  char32_t Next() {
    if (pos_ >= input_.size()) {
      width_ = 0;
      return kEof;
    }
    char32_t r;
    width_ = DecodeRune(input_, pos_, &r);
    pos_ += width_;
    ++cols_;
    return r;
  }

  // Undoes the last Next(); at most once between two Next() calls.
  void Rewind() {
    pos_ -= width_;
    if (width_ > 0) --cols_;
  }

  void Skip() {
    start_ = pos_;
    column_ = cols_;
  }

  std::string_view input_;
  std::optional<std::string> err_;
  size_t start_ = 0;  // Byte offset of the current token.
  size_t pos_ = 0;    // Byte offset of the cursor.
  size_t width_ = 0;  // Bytes of the last rune read.
  int column_ = 0;    // Rune column of the current token.
  int cols_ = 0;      // Runes read so far.
};

// An error from the parser's helpers: end of input (upstream's errEOF, which
// some states treat as a normal end) or a message.
struct ParseError {
  bool eof = false;
  std::string text;
};

class Parser {
 public:
  explicit Parser(std::string_view input) : lexer_(input) {}

  Result<Matchers> Parse() {
    State state = State::kOpenBrace;
    while (state != State::kDone) {
      std::optional<std::string> err;
      switch (state) {
        case State::kOpenBrace:
          err = ParseOpenBrace(&state);
          break;
        case State::kCloseBrace:
          err = ParseCloseBrace(&state);
          break;
        case State::kMatcher:
          err = ParseMatcher(&state);
          break;
        case State::kEndOfMatcher:
          err = ParseEndOfMatcher(&state);
          break;
        case State::kComma:
          err = ParseComma(&state);
          break;
        case State::kEof:
          err = ParseEof(&state);
          break;
        case State::kDone:
          break;
      }
      if (err) return InvalidArgumentError(*err);
    }
    return std::move(matchers_);
  }

 private:
  enum class State {
    kOpenBrace,
    kCloseBrace,
    kMatcher,
    kEndOfMatcher,
    kComma,
    kEof,
    kDone,
  };

  static std::string Text(const ParseError& e) {
    return e.eof ? "end of input" : e.text;
  }

  // Peeks: whether the next token is one of `kinds`; end of input and lexer
  // errors go to *err.
  bool AcceptPeek(std::initializer_list<TokenKind> kinds,
                  std::optional<ParseError>* err) {
    Token t;
    std::string lex_err;
    if (!lexer_.Peek(&t, &lex_err)) {
      *err = ParseError{false, lex_err};
      return false;
    }
    if (t.kind == TokenKind::kEof) {
      *err = ParseError{true, ""};
      return false;
    }
    return t.IsOneOf(kinds);
  }

  bool Accept(std::initializer_list<TokenKind> kinds,
              std::optional<ParseError>* err) {
    bool ok = AcceptPeek(kinds, err);
    if (ok) Consume();
    return ok;
  }

  std::optional<ParseError> ExpectPeek(std::initializer_list<TokenKind> kinds,
                                       Token* t) {
    std::string lex_err;
    if (!lexer_.Peek(t, &lex_err)) return ParseError{false, lex_err};
    if (t->kind == TokenKind::kEof) return ParseError{true, ""};
    if (!t->IsOneOf(kinds)) {
      return ParseError{false,
                        Cols(t->pos) + ": unexpected " + std::string(t->value)};
    }
    return std::nullopt;
  }

  std::optional<ParseError> Expect(std::initializer_list<TokenKind> kinds,
                                   Token* t) {
    auto err = ExpectPeek(kinds, t);
    if (!err) Consume();
    return err;
  }

  void Consume() {
    Token t;
    std::string ignored;
    (void)lexer_.Scan(&t, &ignored);  // Peeked already: cannot fail.
  }

  std::optional<std::string> ParseOpenBrace(State* next) {
    std::optional<ParseError> err;
    has_open_brace_ = Accept({TokenKind::kOpenBrace}, &err);
    if (err) {
      if (err->eof) {
        *next = State::kEof;
        return std::nullopt;
      }
      return err->text;
    }
    bool has_close_brace = AcceptPeek({TokenKind::kCloseBrace}, &err);
    if (err) {
      if (err->eof) {
        *next = State::kCloseBrace;
        return std::nullopt;
      }
      return err->text;
    }
    *next = has_close_brace ? State::kCloseBrace : State::kMatcher;
    return std::nullopt;
  }

  std::optional<std::string> ParseCloseBrace(State* next) {
    Token t;
    if (has_open_brace_) {
      if (auto err = Expect({TokenKind::kCloseBrace}, &t)) {
        return "0:" + std::to_string(lexer_.position().column_end) + ": " +
               Text(*err) + ": expected close brace";
      }
    } else {
      if (!Expect({TokenKind::kCloseBrace}, &t)) {
        return "0:" + std::to_string(lexer_.position().column_end) +
               ": }: expected opening brace";
      }
    }
    *next = State::kEof;
    return std::nullopt;
  }

  static std::optional<std::string> Unquote(const Token& t, std::string* out) {
    if (t.kind != TokenKind::kQuoted) {
      *out = std::string(t.value);
      return std::nullopt;
    }
    std::optional<std::string> u = GoUnquoteDouble(t.value);
    if (!u || !IsValidUtf8(*u)) {
      return Cols(t.pos) + ": " + std::string(t.value) + ": invalid input";
    }
    *out = std::move(*u);
    return std::nullopt;
  }

  std::optional<std::string> ParseMatcher(State* next) {
    Token t;
    if (auto err = Expect({TokenKind::kQuoted, TokenKind::kUnquoted}, &t)) {
      return Text(*err) + ": expected label name";
    }
    std::string name;
    if (auto err = Unquote(t, &name)) return err;
    if (auto err = Expect({TokenKind::kEquals, TokenKind::kNotEquals,
                           TokenKind::kMatches, TokenKind::kNotMatches},
                          &t)) {
      return Text(*err) +
             ": expected an operator such as '=', '!=', '=~' or '!~'";
    }
    MatchType type = MatchType::kEqual;
    switch (t.kind) {
      case TokenKind::kNotEquals:
        type = MatchType::kNotEqual;
        break;
      case TokenKind::kMatches:
        type = MatchType::kRegexMatch;
        break;
      case TokenKind::kNotMatches:
        type = MatchType::kRegexNoMatch;
        break;
      default:
        break;
    }
    if (auto err = Expect({TokenKind::kUnquoted, TokenKind::kQuoted}, &t)) {
      return Text(*err) + ": expected label value";
    }
    std::string value;
    if (auto err = Unquote(t, &value)) return err;
    Result<Matcher> m =
        Matcher::Create(type, std::move(name), std::move(value));
    if (!m.ok()) return "failed to create matcher: " + m.status().message();
    matchers_.push_back(std::move(m).value());
    *next = State::kEndOfMatcher;
    return std::nullopt;
  }

  std::optional<std::string> ParseEndOfMatcher(State* next) {
    Token t;
    if (auto err =
            ExpectPeek({TokenKind::kComma, TokenKind::kCloseBrace}, &t)) {
      if (err->eof) {
        *next = State::kCloseBrace;
        return std::nullopt;
      }
      return err->text + ": expected a comma or close brace";
    }
    *next = t.kind == TokenKind::kComma ? State::kComma : State::kCloseBrace;
    return std::nullopt;
  }

  std::optional<std::string> ParseComma(State* next) {
    Token t;
    if (auto err = Expect({TokenKind::kComma}, &t)) {
      return Text(*err) + ": expected a comma";
    }
    if (auto err = ExpectPeek(
            {TokenKind::kCloseBrace, TokenKind::kUnquoted, TokenKind::kQuoted},
            &t)) {
      if (err->eof) {
        *next = State::kCloseBrace;
        return std::nullopt;
      }
      return err->text + ": expected a matcher or close brace after comma";
    }
    *next =
        t.kind == TokenKind::kCloseBrace ? State::kCloseBrace : State::kMatcher;
    return std::nullopt;
  }

  std::optional<std::string> ParseEof(State* next) {
    Token t;
    std::string lex_err;
    if (!lexer_.Scan(&t, &lex_err)) {
      return lex_err + ": expected end of input";
    }
    if (t.kind != TokenKind::kEof) {
      return Cols(t.pos) + ": " + std::string(t.value) +
             ": expected end of input";
    }
    *next = State::kDone;
    return std::nullopt;
  }

  Lexer lexer_;
  bool has_open_brace_ = false;
  Matchers matchers_;
};

}  // namespace

Result<Matchers> ParseUtf8Matchers(std::string_view input) {
  Parser p(input);
  return p.Parse();
}

}  // namespace tocsin::model::internal
