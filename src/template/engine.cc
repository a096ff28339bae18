#include "template/engine.h"

#include <charconv>
#include <optional>
#include <utility>

#include "template/format.h"
#include "template/funcs.h"
#include "template/internal/utf8.h"

namespace tocsin::tmpl {

// ---------------------------------------------------------------------------
// Parse tree.

enum class NT {
  kList,
  kText,
  kAction,
  kIf,
  kRange,
  kWith,
  kTemplate,
  kBreak,
  kContinue,
  kPipe,
  kCommand,
  kField,
  kVariable,
  kDot,
  kNil,
  kBool,
  kNumber,
  kString,
  kIdentifier,
  kChain,
};

struct Node {
  NT type = NT::kList;
  int line = 1;
  int col = 0;
  std::string src;        // Source text, for "at <...>" in errors.
  std::string text;       // Text; string constant; identifier; template name.
  std::string html_text;  // Text with HTML comments removed (kHtml mode).
  std::vector<std::string> idents;  // Field / Variable ($x first) / Chain.
  std::vector<std::unique_ptr<Node>> nodes;  // List, Pipe cmds, Command args.
  std::vector<std::string> decl;             // Pipe declarations.
  bool is_assign = false;
  std::unique_ptr<Node> pipe, list, else_list;  // Chain keeps its operand
                                                // in `pipe`.
  Value constant;
  const FuncDef* func = nullptr;
};

struct TemplateSet::Tree {
  std::string name;
  std::string parse_name;
  std::unique_ptr<Node> root;
};

namespace {

// ---------------------------------------------------------------------------
// Lexer.

enum class Tok {
  kText,
  kLeftDelim,
  kRightDelim,
  kSpace,
  kIdentifier,
  kField,
  kVariable,
  kDot,
  kString,
  kRawString,
  kChar,
  kNumber,
  kBool,
  kNil,
  kPipe,
  kLeftParen,
  kRightParen,
  kDeclare,
  kAssign,
  kComma,
  kKeyword,
  kEOF,
};

struct Token {
  Tok type;
  std::string val;
  size_t pos;
  int line;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsAlnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool IsKeyword(std::string_view w) {
  return w == "block" || w == "break" || w == "continue" || w == "define" ||
         w == "else" || w == "end" || w == "if" || w == "range" ||
         w == "template" || w == "with";
}

std::string Describe(const Token& t) {
  switch (t.type) {
    case Tok::kEOF:
      return "EOF";
    case Tok::kRightDelim:
      return "\"}}\"";
    case Tok::kLeftDelim:
      return "\"{{\"";
    case Tok::kSpace:
      return "space";
    case Tok::kKeyword:
      return "<" + t.val + ">";
    default:
      return GoQuoteString(t.val);
  }
}

class Lexer {
 public:
  Lexer(std::string_view name, std::string_view in) : name_(name), in_(in) {}

  Status Run(std::vector<Token>* out) {
    out_ = out;
    size_t pos = 0;
    bool trim_next = false;
    while (pos < in_.size()) {
      size_t open = in_.find("{{", pos);
      size_t text_end = open == std::string_view::npos ? in_.size() : open;
      size_t text_start = pos;
      if (trim_next) {
        while (text_start < text_end && IsSpace(in_[text_start])) ++text_start;
      }
      trim_next = false;
      size_t trimmed_end = text_end;
      bool left_trim = open != std::string_view::npos &&
                       open + 3 < in_.size() + 1 && open + 2 < in_.size() &&
                       in_[open + 2] == '-' && open + 3 < in_.size() &&
                       IsSpace(in_[open + 3]);
      if (left_trim) {
        while (trimmed_end > text_start && IsSpace(in_[trimmed_end - 1])) {
          --trimmed_end;
        }
      }
      if (trimmed_end > text_start) {
        Emit(Tok::kText, text_start,
             in_.substr(text_start, trimmed_end - text_start));
      }
      if (open == std::string_view::npos) break;
      pos = open + 2 + (left_trim ? 2 : 0);
      // Comment.
      size_t c = pos;
      if (in_.substr(c, 2) == "/*") {
        size_t end = in_.find("*/", c + 2);
        if (end == std::string_view::npos) {
          return Error(open, "unclosed comment");
        }
        size_t after = end + 2;
        bool right_trim = false;
        if (after + 3 <= in_.size() && IsSpace(in_[after]) &&
            in_.substr(after + 1, 3) == "-}}") {
          right_trim = true;
          after += 4;
        } else if (in_.substr(after, 2) == "}}") {
          after += 2;
        } else {
          return Error(open, "comment ends before closing delimiter");
        }
        pos = after;
        trim_next = right_trim;
        continue;
      }
      Emit(Tok::kLeftDelim, open, "{{");
      Status st = LexAction(&pos, &trim_next);
      if (!st.ok()) return st;
    }
    Emit(Tok::kEOF, in_.size(), "");
    return Status::Ok();
  }

 private:
  int LineAt(size_t pos) {
    while (line_pos_ < pos && line_pos_ < in_.size()) {
      if (in_[line_pos_] == '\n') ++line_;
      ++line_pos_;
    }
    return line_;
  }

  void Emit(Tok t, size_t pos, std::string_view val) {
    out_->push_back(Token{t, std::string(val), pos, LineAt(pos)});
  }

  Status Error(size_t pos, std::string msg) {
    return Status(
        StatusCode::kInvalidArgument,
        "template: " + name_ + ":" + std::to_string(LineAt(pos)) + ": " + msg);
  }

  Status LexAction(size_t* pos_io, bool* trim_next) {
    size_t pos = *pos_io;
    int parens = 0;
    while (true) {
      if (pos >= in_.size()) return Error(pos, "unclosed action");
      char c = in_[pos];
      // Right delimiter, with or without trim marker.
      if (IsSpace(c) && in_.substr(pos + 1, 3) == "-}}") {
        Emit(Tok::kRightDelim, pos, "}}");
        *pos_io = pos + 4;
        *trim_next = true;
        return Status::Ok();
      }
      if (in_.substr(pos, 2) == "}}") {
        Emit(Tok::kRightDelim, pos, "}}");
        *pos_io = pos + 2;
        return Status::Ok();
      }
      if (IsSpace(c)) {
        size_t s = pos;
        while (pos < in_.size() && IsSpace(in_[pos]) &&
               !(in_.substr(pos + 1, 3) == "-}}")) {
          ++pos;
        }
        if (pos == s) ++pos;
        Emit(Tok::kSpace, s, in_.substr(s, pos - s));
        continue;
      }
      switch (c) {
        case '"': {
          size_t s = pos++;
          while (true) {
            if (pos >= in_.size() || in_[pos] == '\n') {
              return Error(s, "unterminated quoted string");
            }
            if (in_[pos] == '\\') {
              pos += 2;
              continue;
            }
            if (in_[pos] == '"') break;
            ++pos;
          }
          ++pos;
          Emit(Tok::kString, s, in_.substr(s, pos - s));
          continue;
        }
        case '`': {
          size_t s = pos;
          size_t e = in_.find('`', pos + 1);
          if (e == std::string_view::npos) {
            return Error(s, "unterminated raw quoted string");
          }
          pos = e + 1;
          Emit(Tok::kRawString, s, in_.substr(s, pos - s));
          continue;
        }
        case '\'': {
          size_t s = pos++;
          while (true) {
            if (pos >= in_.size() || in_[pos] == '\n') {
              return Error(s, "unterminated character constant");
            }
            if (in_[pos] == '\\') {
              pos += 2;
              continue;
            }
            if (in_[pos] == '\'') break;
            ++pos;
          }
          ++pos;
          Emit(Tok::kChar, s, in_.substr(s, pos - s));
          continue;
        }
        case '$': {
          size_t s = pos++;
          while (pos < in_.size() && IsAlnum(in_[pos])) ++pos;
          Emit(Tok::kVariable, s, in_.substr(s, pos - s));
          continue;
        }
        case '|':
          Emit(Tok::kPipe, pos, "|");
          ++pos;
          continue;
        case '(':
          Emit(Tok::kLeftParen, pos, "(");
          ++parens;
          ++pos;
          continue;
        case ')':
          if (--parens < 0) return Error(pos, "unexpected right paren");
          Emit(Tok::kRightParen, pos, ")");
          ++pos;
          continue;
        case ',':
          Emit(Tok::kComma, pos, ",");
          ++pos;
          continue;
        case ':':
          if (in_.substr(pos, 2) != ":=") return Error(pos, "expected :=");
          Emit(Tok::kDeclare, pos, ":=");
          pos += 2;
          continue;
        case '=':
          Emit(Tok::kAssign, pos, "=");
          ++pos;
          continue;
        case '.':
          if (pos + 1 < in_.size() &&
              std::isdigit(static_cast<unsigned char>(in_[pos + 1])) &&
              (out_->empty() || (out_->back().type != Tok::kField &&
                                 out_->back().type != Tok::kVariable &&
                                 out_->back().type != Tok::kRightParen &&
                                 out_->back().type != Tok::kIdentifier))) {
            break;  // A number like .5.
          }
          if (pos + 1 < in_.size() && IsAlnum(in_[pos + 1])) {
            size_t s = pos++;
            while (pos < in_.size() && IsAlnum(in_[pos])) ++pos;
            Emit(Tok::kField, s, in_.substr(s, pos - s));
            continue;
          }
          Emit(Tok::kDot, pos, ".");
          ++pos;
          continue;
        default:
          break;
      }
      if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
          ((c == '-' || c == '+') && pos + 1 < in_.size() &&
           (std::isdigit(static_cast<unsigned char>(in_[pos + 1])) ||
            in_[pos + 1] == '.'))) {
        size_t s = pos++;
        while (pos < in_.size() &&
               (IsAlnum(in_[pos]) || in_[pos] == '.' ||
                ((in_[pos] == '+' || in_[pos] == '-') &&
                 (in_[pos - 1] == 'e' || in_[pos - 1] == 'E' ||
                  in_[pos - 1] == 'p' || in_[pos - 1] == 'P')))) {
          ++pos;
        }
        Emit(Tok::kNumber, s, in_.substr(s, pos - s));
        continue;
      }
      if (IsAlnum(c)) {
        size_t s = pos;
        while (pos < in_.size() && IsAlnum(in_[pos])) ++pos;
        std::string_view w = in_.substr(s, pos - s);
        Tok t = Tok::kIdentifier;
        if (IsKeyword(w)) {
          t = Tok::kKeyword;
        } else if (w == "true" || w == "false") {
          t = Tok::kBool;
        } else if (w == "nil") {
          t = Tok::kNil;
        }
        Emit(t, s, w);
        continue;
      }
      return Error(pos, "unrecognized character in action: " +
                            GoQuoteString(std::string(1, c)));
    }
  }

  std::string name_;
  std::string_view in_;
  std::vector<Token>* out_ = nullptr;
  int line_ = 1;
  size_t line_pos_ = 0;
};

// Removes "<!-- ... -->" comments (html/template drops them from text).
std::string StripHtmlComments(std::string_view s) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t b = s.find("<!--", pos);
    if (b == std::string_view::npos) break;
    size_t e = s.find("-->", b + 4);
    out.append(s.substr(pos, b - pos));
    if (e == std::string_view::npos) return out;
    pos = e + 3;
  }
  out.append(s.substr(pos));
  return out;
}

// ---------------------------------------------------------------------------
// Parser.

class Parser {
 public:
  Parser(std::string name, std::string_view text)
      : name_(std::move(name)), text_(text) {}

  Status Run(std::vector<std::shared_ptr<TemplateSet::Tree>>* out) {
    Lexer lexer(name_, text_);
    Status st = lexer.Run(&toks_);
    if (!st.ok()) return st;
    auto root = NewNode(NT::kList, toks_[0]);
    while (Peek().type != Tok::kEOF) {
      if (Peek().type == Tok::kLeftDelim) {
        size_t save = i_;
        Next();
        SkipSpace();
        if (Peek().type == Tok::kKeyword && Peek().val == "define") {
          Next();
          st = ParseDefinition(out);
          if (!st.ok()) return st;
          continue;
        }
        i_ = save;
      }
      std::unique_ptr<Node> n;
      st = TextOrAction(&n);
      if (!st.ok()) return st;
      if (n->type == NT::kBreak && n->text == "end") {
        return Err(n->line, "unexpected {{end}}");
      }
      if (n->type == NT::kBreak && n->text == "else") {
        return Err(n->line, "unexpected {{else}}");
      }
      root->nodes.push_back(std::move(n));
    }
    auto tree = std::make_shared<TemplateSet::Tree>();
    tree->name = name_;
    tree->parse_name = name_;
    tree->root = std::move(root);
    out->insert(out->begin(), std::move(tree));
    return Status::Ok();
  }

 private:
  const Token& Peek() const { return toks_[i_]; }
  const Token& Next() { return toks_[i_ < toks_.size() - 1 ? i_++ : i_]; }
  void SkipSpace() {
    while (Peek().type == Tok::kSpace) ++i_;
  }
  const Token& NextNonSpace() {
    SkipSpace();
    return Next();
  }
  const Token& PeekNonSpace() {
    SkipSpace();
    return Peek();
  }

  Status Err(int line, std::string msg) {
    return Status(
        StatusCode::kInvalidArgument,
        "template: " + name_ + ":" + std::to_string(line) + ": " + msg);
  }

  std::unique_ptr<Node> NewNode(NT type, const Token& t) {
    auto n = std::make_unique<Node>();
    n->type = type;
    n->line = t.line;
    size_t nl = text_.rfind('\n', t.pos == 0 ? 0 : t.pos - 1);
    if (t.pos == 0 || nl == std::string_view::npos) {
      n->col = static_cast<int>(t.pos);
    } else {
      n->col = static_cast<int>(t.pos - nl - 1);
    }
    return n;
  }

  void SetSrc(Node* n, size_t from_tok) {
    while (from_tok < i_ && toks_[from_tok].type == Tok::kSpace) ++from_tok;
    size_t b = toks_[from_tok].pos;
    size_t e = i_ > 0 ? toks_[i_ - 1].pos + toks_[i_ - 1].val.size() : b;
    if (e > b) n->src = std::string(text_.substr(b, e - b));
    while (!n->src.empty() && IsSpace(n->src.back())) n->src.pop_back();
  }

  Status ExpectRightDelim(std::string_view context) {
    const Token& t = NextNonSpace();
    if (t.type != Tok::kRightDelim) {
      return Err(t.line,
                 "unexpected " + Describe(t) + " in " + std::string(context));
    }
    return Status::Ok();
  }

  Status ParseDefinition(std::vector<std::shared_ptr<TemplateSet::Tree>>* out) {
    const Token& t = NextNonSpace();
    if (t.type != Tok::kString && t.type != Tok::kRawString) {
      return Err(t.line, "unexpected " + Describe(t) + " in define clause");
    }
    std::string name;
    Status st = Unquote(t, &name);
    if (!st.ok()) return st;
    st = ExpectRightDelim("define clause");
    if (!st.ok()) return st;
    size_t vars_mark = vars_.size();
    vars_.push_back("$");
    std::unique_ptr<Node> list;
    std::string end;
    st = ItemList(&list, &end);
    vars_.resize(vars_mark);
    if (!st.ok()) return st;
    if (end != "end") {
      return Err(Peek().line, "unexpected {{else}} in define clause");
    }
    auto tree = std::make_shared<TemplateSet::Tree>();
    tree->name = name;
    tree->parse_name = name_;
    tree->root = std::move(list);
    out->push_back(std::move(tree));
    return Status::Ok();
  }

  // Parses nodes up to {{end}} or {{else}}; `end` receives which one.
  Status ItemList(std::unique_ptr<Node>* list, std::string* end) {
    *list = NewNode(NT::kList, Peek());
    while (Peek().type != Tok::kEOF) {
      std::unique_ptr<Node> n;
      Status st = TextOrAction(&n);
      if (!st.ok()) return st;
      if (n->type == NT::kBreak && (n->text == "end" || n->text == "else")) {
        *end = n->text;
        return Status::Ok();
      }
      (*list)->nodes.push_back(std::move(n));
    }
    return Err(Peek().line, "unexpected EOF");
  }

  Status TextOrAction(std::unique_ptr<Node>* out) {
    const Token& t = Next();
    if (t.type == Tok::kText) {
      auto n = NewNode(NT::kText, t);
      n->text = t.val;
      n->html_text = StripHtmlComments(t.val);
      *out = std::move(n);
      return Status::Ok();
    }
    if (t.type == Tok::kLeftDelim) return Action(out);
    return Err(t.line, "unexpected " + Describe(t) + " in input");
  }

  Status Action(std::unique_ptr<Node>* out) {
    const Token& t = PeekNonSpace();
    size_t start = i_;
    if (t.type == Tok::kKeyword) {
      Next();
      const std::string& k = t.val;
      if (k == "end" || k == "else") {
        // A marker node the enclosing ItemList consumes.
        auto n = NewNode(NT::kBreak, t);
        n->text = k;
        if (k == "end") {
          Status st = ExpectRightDelim("end");
          if (!st.ok()) return st;
        } else {
          // {{else}} or {{else if ...}} / {{else with ...}}: the caller
          // inspects what follows.
          const Token& nx = PeekNonSpace();
          if (nx.type == Tok::kRightDelim) Next();
        }
        *out = std::move(n);
        return Status::Ok();
      }
      if (k == "if") return Control(NT::kIf, t, out);
      if (k == "with") return Control(NT::kWith, t, out);
      if (k == "range") return Control(NT::kRange, t, out);
      if (k == "break" || k == "continue") {
        if (range_depth_ == 0) {
          return Err(t.line, "{{" + k + "}} outside {{range}}");
        }
        auto n = NewNode(k == "break" ? NT::kBreak : NT::kContinue, t);
        n->text = "loop";
        Status st = ExpectRightDelim(k);
        if (!st.ok()) return st;
        *out = std::move(n);
        return Status::Ok();
      }
      if (k == "template" || k == "block") return TemplateCall(k, t, out);
      return Err(t.line, "unexpected <" + k + "> in command");
    }
    auto n = NewNode(NT::kAction, t);
    std::unique_ptr<Node> pipe;
    Status st = Pipeline("command", Tok::kRightDelim, &pipe);
    if (!st.ok()) return st;
    Next();  // }}
    SetSrc(pipe.get(), start);
    n->src = pipe->src;
    n->pipe = std::move(pipe);
    *out = std::move(n);
    return Status::Ok();
  }

  Status TemplateCall(const std::string& kw, const Token& kt,
                      std::unique_ptr<Node>* out) {
    size_t start = i_ - 1;
    const Token& t = NextNonSpace();
    if (t.type != Tok::kString && t.type != Tok::kRawString) {
      return Err(t.line, "unexpected " + Describe(t) + " in template clause");
    }
    auto n = NewNode(NT::kTemplate, kt);
    Status st = Unquote(t, &n->text);
    if (!st.ok()) return st;
    if (PeekNonSpace().type != Tok::kRightDelim) {
      st = Pipeline(kw + " clause", Tok::kRightDelim, &n->pipe);
      if (!st.ok()) return st;
    } else if (kw == "block") {
      return Err(t.line, "missing value for block clause");
    }
    SetSrc(n.get(), start);
    n->src = "{{" + n->src + "}}";
    Next();  // }}
    if (kw == "block") {
      size_t vars_mark = vars_.size();
      vars_.push_back("$");
      std::unique_ptr<Node> list;
      std::string end;
      int saved_depth = range_depth_;
      range_depth_ = 0;
      st = ItemList(&list, &end);
      range_depth_ = saved_depth;
      vars_.resize(vars_mark);
      if (!st.ok()) return st;
      if (end != "end") return Err(kt.line, "unexpected {{else}}");
      auto tree = std::make_shared<TemplateSet::Tree>();
      tree->name = n->text;
      tree->parse_name = name_;
      tree->root = std::move(list);
      blocks_.push_back(std::move(tree));
    }
    *out = std::move(n);
    return Status::Ok();
  }

  Status Control(NT type, const Token& kt, std::unique_ptr<Node>* out) {
    auto n = NewNode(type, kt);
    size_t vars_mark = vars_.size();
    const char* ctx = type == NT::kIf     ? "if"
                      : type == NT::kWith ? "with"
                                          : "range";
    size_t start = i_;
    Status st = Pipeline(ctx, Tok::kRightDelim, &n->pipe);
    if (!st.ok()) return st;
    SetSrc(n->pipe.get(), start);
    Next();  // }}
    if (type == NT::kRange) ++range_depth_;
    std::string end;
    st = ItemList(&n->list, &end);
    if (type == NT::kRange) --range_depth_;
    if (!st.ok()) return st;
    if (end == "else") {
      const Token& nx = PeekNonSpace();
      if (nx.type == Tok::kKeyword &&
          ((type == NT::kIf && nx.val == "if") ||
           (type == NT::kWith && nx.val == "with"))) {
        // {{else if}}: a nested control that shares our {{end}}.
        const Token& kw = Next();
        std::unique_ptr<Node> nested;
        st = Control(type, kw, &nested);
        if (!st.ok()) return st;
        n->else_list = NewNode(NT::kList, kw);
        n->else_list->nodes.push_back(std::move(nested));
      } else {
        st = ItemList(&n->else_list, &end);
        if (!st.ok()) return st;
        if (end != "end")
          return Err(Peek().line, "expected end; found {{else}}");
      }
    }
    vars_.resize(vars_mark);
    *out = std::move(n);
    return Status::Ok();
  }

  Status Pipeline(const std::string& context, Tok end,
                  std::unique_ptr<Node>* out) {
    auto pipe = NewNode(NT::kPipe, PeekNonSpace());
    size_t start = i_;
    // Declarations.
    if (Peek().type == Tok::kVariable) {
      size_t save = i_;
      const Token& v = Next();
      const Token& nx = PeekNonSpace();
      if (nx.type == Tok::kDeclare || nx.type == Tok::kAssign) {
        Next();
        pipe->is_assign = nx.type == Tok::kAssign;
        pipe->decl.push_back(v.val);
        if (!pipe->is_assign) {
          vars_.push_back(v.val);
        } else if (!HasVar(v.val)) {
          return Err(v.line, "undefined variable \"" + v.val + "\"");
        }
      } else if (nx.type == Tok::kComma && context == "range") {
        Next();
        const Token& v2 = NextNonSpace();
        if (v2.type != Tok::kVariable) {
          return Err(v2.line, "range can only initialize variables");
        }
        const Token& op = NextNonSpace();
        if (op.type != Tok::kDeclare && op.type != Tok::kAssign) {
          return Err(op.line, "expected := or = in range");
        }
        pipe->is_assign = op.type == Tok::kAssign;
        pipe->decl = {v.val, v2.val};
        if (!pipe->is_assign) {
          vars_.push_back(v.val);
          vars_.push_back(v2.val);
        }
      } else {
        i_ = save;
      }
    }
    while (true) {
      const Token& t = PeekNonSpace();
      if (t.type == end) {
        if (pipe->nodes.empty()) {
          return Err(t.line, "missing value for " + context);
        }
        break;
      }
      if (t.type == Tok::kEOF || t.type == Tok::kRightDelim ||
          t.type == Tok::kRightParen) {
        return Err(t.line, "unexpected " + Describe(t) + " in " + context);
      }
      std::unique_ptr<Node> cmd;
      Status st = Command(&cmd);
      if (!st.ok()) return st;
      pipe->nodes.push_back(std::move(cmd));
    }
    SetSrc(pipe.get(), start);
    *out = std::move(pipe);
    return Status::Ok();
  }

  bool HasVar(const std::string& name) const {
    for (const auto& v : vars_) {
      if (v == name) return true;
    }
    return false;
  }

  Status Command(std::unique_ptr<Node>* out) {
    auto cmd = NewNode(NT::kCommand, PeekNonSpace());
    size_t start = i_;
    while (true) {
      SkipSpace();
      const Token& t = Peek();
      if (t.type == Tok::kRightDelim || t.type == Tok::kRightParen) break;
      if (t.type == Tok::kPipe) {
        SetSrc(cmd.get(), start);
        Next();
        if (cmd->nodes.empty()) return Err(t.line, "missing command");
        *out = std::move(cmd);
        return Status::Ok();
      }
      std::unique_ptr<Node> op;
      Status st = Operand(&op);
      if (!st.ok()) return st;
      cmd->nodes.push_back(std::move(op));
      const Token& after = Peek();
      if (after.type != Tok::kSpace && after.type != Tok::kRightDelim &&
          after.type != Tok::kRightParen && after.type != Tok::kPipe) {
        return Err(after.line, "unexpected " + Describe(after) + " in operand");
      }
    }
    if (cmd->nodes.empty()) return Err(Peek().line, "missing command");
    SetSrc(cmd.get(), start);
    *out = std::move(cmd);
    return Status::Ok();
  }

  Status Operand(std::unique_ptr<Node>* out) {
    size_t start = i_;
    std::unique_ptr<Node> term;
    Status st = Term(&term);
    if (!st.ok()) return st;
    if (Peek().type == Tok::kField) {
      std::vector<std::string> fields;
      while (Peek().type == Tok::kField) fields.push_back(Next().val.substr(1));
      if (term->type == NT::kField || term->type == NT::kVariable) {
        for (auto& f : fields) term->idents.push_back(std::move(f));
      } else {
        if (term->type == NT::kBool || term->type == NT::kString ||
            term->type == NT::kNumber || term->type == NT::kNil ||
            term->type == NT::kDot) {
          return Err(toks_[start].line,
                     "unexpected . after term " + GoQuoteString(term->src));
        }
        auto chain = NewNode(NT::kChain, toks_[start]);
        chain->idents = std::move(fields);
        chain->pipe = std::move(term);
        term = std::move(chain);
      }
    }
    SetSrc(term.get(), start);
    *out = std::move(term);
    return Status::Ok();
  }

  Status Term(std::unique_ptr<Node>* out) {
    const Token& t = Next();
    switch (t.type) {
      case Tok::kIdentifier: {
        const FuncDef* f = FindFunc(t.val);
        if (f == nullptr) {
          return Err(t.line, "function \"" + t.val + "\" not defined");
        }
        auto n = NewNode(NT::kIdentifier, t);
        n->text = t.val;
        n->func = f;
        *out = std::move(n);
        return Status::Ok();
      }
      case Tok::kDot:
        *out = NewNode(NT::kDot, t);
        return Status::Ok();
      case Tok::kNil:
        *out = NewNode(NT::kNil, t);
        return Status::Ok();
      case Tok::kVariable: {
        if (!HasVar(t.val)) {
          return Err(t.line, "undefined variable \"" + t.val + "\"");
        }
        auto n = NewNode(NT::kVariable, t);
        n->idents.push_back(t.val);
        *out = std::move(n);
        return Status::Ok();
      }
      case Tok::kField: {
        auto n = NewNode(NT::kField, t);
        n->idents.push_back(t.val.substr(1));
        *out = std::move(n);
        return Status::Ok();
      }
      case Tok::kBool: {
        auto n = NewNode(NT::kBool, t);
        n->constant = Value(t.val == "true");
        *out = std::move(n);
        return Status::Ok();
      }
      case Tok::kNumber:
      case Tok::kChar: {
        auto n = NewNode(NT::kNumber, t);
        Status st = ParseNumber(t, &n->constant);
        if (!st.ok()) return st;
        *out = std::move(n);
        return Status::Ok();
      }
      case Tok::kString:
      case Tok::kRawString: {
        auto n = NewNode(NT::kString, t);
        Status st = Unquote(t, &n->text);
        if (!st.ok()) return st;
        n->constant = Value(n->text);
        *out = std::move(n);
        return Status::Ok();
      }
      case Tok::kLeftParen: {
        std::unique_ptr<Node> pipe;
        Status st = Pipeline("parenthesized pipeline", Tok::kRightParen, &pipe);
        if (!st.ok()) return st;
        Next();  // )
        *out = std::move(pipe);
        return Status::Ok();
      }
      default:
        return Err(t.line, "unexpected " + Describe(t) + " in operand");
    }
  }

  Status Unquote(const Token& t, std::string* out) {
    if (t.type == Tok::kRawString) {
      std::string s = t.val.substr(1, t.val.size() - 2);
      std::erase(s, '\r');
      *out = std::move(s);
      return Status::Ok();
    }
    std::optional<std::string> s = internal::UnquoteDouble(t.val);
    if (!s) return Err(t.line, "invalid syntax");
    *out = std::move(*s);
    return Status::Ok();
  }

  Status ParseNumber(const Token& t, Value* out) {
    std::string s = t.val;
    if (t.type == Tok::kChar) {
      // Reuse the double-quote unquoter on the body.
      std::string body = s.substr(1, s.size() - 2);
      if (body == "\"") body = "\\\"";
      std::optional<std::string> u =
          internal::UnquoteDouble("\"" + body + "\"");
      if (!u || u->empty()) {
        return Err(t.line, "malformed character constant: " + s);
      }
      char32_t r;
      internal::DecodeRune(*u, 0, &r);
      *out = Value(static_cast<int64_t>(r));
      return Status::Ok();
    }
    std::erase(s, '_');
    bool neg = false;
    std::string body = s;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
      neg = body[0] == '-';
      body = body.substr(1);
    }
    int base = 10;
    std::string digits = body;
    if (body.size() > 2 && body[0] == '0') {
      char p = static_cast<char>(std::tolower(body[1]));
      if (p == 'x') base = 16;
      if (p == 'o') base = 8;
      if (p == 'b') base = 2;
      if (base != 10) digits = body.substr(2);
    }
    if (base == 10 && body.size() > 1 && body[0] == '0' &&
        body.find_first_of(".eE") == std::string::npos) {
      base = 8;
      digits = body.substr(1);
    }
    if (base != 10 || body.find_first_of(".eE") == std::string::npos) {
      int64_t v = 0;
      auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v,
                               base);
      if (r.ec == std::errc() && r.ptr == digits.data() + digits.size()) {
        *out = Value(neg ? -v : v);
        return Status::Ok();
      }
      if (base != 10) return Err(t.line, "illegal number syntax: " + t.val);
    }
    double d = 0;
    auto r = std::from_chars(body.data(), body.data() + body.size(), d);
    if (r.ec != std::errc() || r.ptr != body.data() + body.size()) {
      return Err(t.line, "illegal number syntax: " + GoQuoteString(t.val));
    }
    // A float constant with an integral value is an int in Go templates.
    if (d == static_cast<double>(static_cast<int64_t>(d)) &&
        body.find_first_of("eE") != std::string::npos) {
      *out = Value(static_cast<int64_t>(neg ? -d : d));
    } else {
      *out = Value(neg ? -d : d);
    }
    return Status::Ok();
  }

 public:
  std::vector<std::shared_ptr<TemplateSet::Tree>> blocks_;

 private:
  std::string name_;
  std::string_view text_;
  std::vector<Token> toks_;
  size_t i_ = 0;
  std::vector<std::string> vars_ = {"$"};
  int range_depth_ = 0;
};

bool IsEmptyList(const Node& n) {
  for (const auto& c : n.nodes) {
    if (c->type != NT::kText) return false;
    for (char ch : c->text) {
      if (!IsSpace(ch)) return false;
    }
  }
  return true;
}

constexpr int kMaxDepth = 1000;

}  // namespace

// ---------------------------------------------------------------------------
// Executor.

class Executor {
 public:
  // Templates are looked up in `overlay` (may be null) first, then `set`.
  Executor(const TemplateSet& set, const TemplateSet* overlay, Mode mode,
           const ExecEnv& env)
      : set_(set), overlay_(overlay), mode_(mode), env_(env) {}

  Result<std::string> Run(const TemplateSet::Tree& tree, const Value& data) {
    Status st = RunTree(tree, data);
    if (!st.ok()) return st;
    return std::move(out_);
  }

 private:
  enum class Flow { kNormal, kBreak, kContinue };
  struct Var {
    std::string name;
    Value value;
  };

  Status RunTree(const TemplateSet::Tree& tree, const Value& dot) {
    if (++depth_ > kMaxDepth) {
      return ErrorAt(*tree.root, "exceeded maximum template depth (" +
                                     std::to_string(kMaxDepth) + ")");
    }
    const TemplateSet::Tree* saved_tree = tree_;
    std::vector<Var> saved_vars = std::move(vars_);
    tree_ = &tree;
    vars_.clear();
    vars_.push_back({"$", dot});
    Flow flow = Flow::kNormal;
    Status st = Walk(dot, *tree.root, &flow);
    vars_ = std::move(saved_vars);
    tree_ = saved_tree;
    --depth_;
    return st;
  }

  Status ErrorAt(const Node& n, const std::string& msg) {
    std::string loc = tree_->parse_name + ":" + std::to_string(n.line) + ":" +
                      std::to_string(n.col);
    return Status(StatusCode::kInvalidArgument,
                  "template: " + loc + ": executing \"" + tree_->name +
                      "\" at <" + n.src + ">: " + msg);
  }

  Status Walk(const Value& dot, const Node& n, Flow* flow) {
    switch (n.type) {
      case NT::kList:
        for (const auto& c : n.nodes) {
          Status st = Walk(dot, *c, flow);
          if (!st.ok()) return st;
          if (*flow != Flow::kNormal) return Status::Ok();
        }
        return Status::Ok();
      case NT::kText:
        out_ += mode_ == Mode::kHtml ? n.html_text : n.text;
        return Status::Ok();
      case NT::kAction: {
        ASSIGN_OR_RETURN(Value v, EvalPipeline(dot, *n.pipe));
        if (n.pipe->decl.empty()) Print(v, *n.pipe);
        return Status::Ok();
      }
      case NT::kIf:
      case NT::kWith: {
        size_t mark = vars_.size();
        auto val = EvalPipeline(dot, *n.pipe);
        if (!val.ok()) return val.status();
        Status st;
        if (val->Truthy()) {
          st = Walk(n.type == NT::kWith ? *val : dot, *n.list, flow);
        } else if (n.else_list) {
          st = Walk(dot, *n.else_list, flow);
        }
        vars_.resize(mark);
        return st;
      }
      case NT::kRange:
        return WalkRange(dot, n, flow);
      case NT::kTemplate: {
        const TemplateSet::Tree* target = nullptr;
        if (overlay_ != nullptr) {
          auto o = overlay_->trees_.find(n.text);
          if (o != overlay_->trees_.end()) target = o->second.get();
        }
        if (target == nullptr) {
          auto it = set_.trees_.find(n.text);
          if (it != set_.trees_.end()) target = it->second.get();
        }
        if (target == nullptr) {
          return ErrorAt(n,
                         "template " + GoQuoteString(n.text) + " not defined");
        }
        Value new_dot;
        if (n.pipe) {
          ASSIGN_OR_RETURN(new_dot, EvalPipeline(dot, *n.pipe));
        }
        return RunTree(*target, new_dot);
      }
      case NT::kBreak:
        *flow = Flow::kBreak;
        return Status::Ok();
      case NT::kContinue:
        *flow = Flow::kContinue;
        return Status::Ok();
      default:
        return ErrorAt(n, "unknown node");
    }
  }

  Status WalkRange(const Value& dot, const Node& n, Flow* flow) {
    size_t mark = vars_.size();
    auto val_r = EvalPipeline(dot, *n.pipe);
    if (!val_r.ok()) return val_r.status();
    Value val = std::move(*val_r);
    size_t iter_mark = vars_.size();
    const auto& decl = n.pipe->decl;
    auto one = [&](const Value& key, const Value& elem) -> Result<bool> {
      if (!decl.empty()) {
        if (decl.size() == 1) {
          SetVar(decl[0], elem);
        } else {
          SetVar(decl[0], key);
          SetVar(decl[1], elem);
        }
      }
      Flow f = Flow::kNormal;
      Status st = Walk(elem, *n.list, &f);
      vars_.resize(std::max(iter_mark, std::min(vars_.size(), iter_mark)));
      if (!st.ok()) return st;
      return f != Flow::kBreak;
    };
    bool ran = false;
    Status result;
    switch (val.kind()) {
      case Value::Kind::kList:
        if (val.shape() == Shape::kPair) {
          result =
              ErrorAt(*n.pipe, "range can't iterate over " + GoSprint(val));
          break;
        }
        for (size_t i = 0; i < val.list().size(); ++i) {
          ran = true;
          auto r = one(Value(static_cast<int64_t>(i)), val.list()[i]);
          if (!r.ok()) {
            result = r.status();
            break;
          }
          if (!*r) break;
        }
        break;
      case Value::Kind::kMap:
        if (val.shape() == Shape::kStruct) {
          result =
              ErrorAt(*n.pipe, "range can't iterate over " + GoSprint(val));
          break;
        }
        for (const auto& [k, v] : val.map()) {
          ran = true;
          auto r = one(Value(k), v);
          if (!r.ok()) {
            result = r.status();
            break;
          }
          if (!*r) break;
        }
        break;
      case Value::Kind::kInt:
        if (decl.size() > 1) {
          result =
              ErrorAt(*n.pipe, "can't use " + GoSprint(val) +
                                   " to iterate over more than one variable");
          break;
        }
        for (int64_t i = 0; i < val.as_int(); ++i) {
          ran = true;
          auto r = one(Value(i), Value(i));
          if (!r.ok()) {
            result = r.status();
            break;
          }
          if (!*r) break;
        }
        break;
      case Value::Kind::kNil:
        break;
      default:
        result = ErrorAt(*n.pipe, "range can't iterate over " + GoSprint(val));
        break;
    }
    if (result.ok() && !ran && n.else_list) {
      result = Walk(dot, *n.else_list, flow);
    }
    vars_.resize(mark);
    return result;
  }

  void SetVar(const std::string& name, const Value& v) {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->name == name) {
        it->value = v;
        return;
      }
    }
    vars_.push_back({name, v});
  }

  Result<Value> EvalPipeline(const Value& dot, const Node& pipe) {
    Value v;
    bool have = false;
    for (const auto& cmd : pipe.nodes) {
      ASSIGN_OR_RETURN(v, EvalCommand(dot, *cmd, have ? &v : nullptr));
      have = true;
    }
    for (const auto& d : pipe.decl) {
      if (pipe.is_assign) {
        SetVar(d, v);
      } else {
        vars_.push_back({d, v});
      }
    }
    return v;
  }

  Result<Value> EvalCommand(const Value& dot, const Node& cmd,
                            const Value* final) {
    const Node& first = *cmd.nodes[0];
    std::span<const std::unique_ptr<Node>> args(cmd.nodes.data() + 1,
                                                cmd.nodes.size() - 1);
    switch (first.type) {
      case NT::kField:
        return EvalFieldChain(dot, dot, first, first.idents, 0, args, final);
      case NT::kVariable: {
        Value v = LookupVar(first.idents[0]);
        if (first.idents.size() == 1) {
          if (!args.empty() || final) return NotAFunction(first);
          return v;
        }
        return EvalFieldChain(dot, v, first, first.idents, 1, args, final);
      }
      case NT::kChain: {
        ASSIGN_OR_RETURN(Value recv, EvalArg(dot, *first.pipe));
        return EvalFieldChain(dot, recv, first, first.idents, 0, args, final);
      }
      case NT::kIdentifier:
        return EvalFunction(dot, first, cmd, args, final);
      case NT::kPipe:
        if (!args.empty() || final) return NotAFunction(first);
        return EvalPipeline(dot, first);
      case NT::kNil:
        return ErrorAt(first, "nil is not a command");
      default:
        if (!args.empty() || final) return NotAFunction(first);
        return EvalArg(dot, first);
    }
  }

  Status NotAFunction(const Node& n) {
    return ErrorAt(n, "can't give argument to non-function " + n.src);
  }

  Value LookupVar(const std::string& name) const {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->name == name) return it->value;
    }
    return Value();
  }

  Result<Value> EvalArg(const Value& dot, const Node& n) {
    switch (n.type) {
      case NT::kDot:
        return dot;
      case NT::kNil:
        return Value();
      case NT::kField:
        return EvalFieldChain(dot, dot, n, n.idents, 0, {}, nullptr);
      case NT::kVariable: {
        Value v = LookupVar(n.idents[0]);
        if (n.idents.size() == 1) return v;
        return EvalFieldChain(dot, v, n, n.idents, 1, {}, nullptr);
      }
      case NT::kChain: {
        ASSIGN_OR_RETURN(Value recv, EvalArg(dot, *n.pipe));
        return EvalFieldChain(dot, recv, n, n.idents, 0, {}, nullptr);
      }
      case NT::kPipe:
        return EvalPipeline(dot, n);
      case NT::kIdentifier: {
        Node cmd;
        cmd.src = n.src;
        cmd.line = n.line;
        cmd.col = n.col;
        return EvalFunction(dot, n, cmd, {}, nullptr);
      }
      default:
        return n.constant;
    }
  }

  Result<Value> EvalFieldChain(const Value& dot, Value recv, const Node& node,
                               const std::vector<std::string>& idents,
                               size_t start,
                               std::span<const std::unique_ptr<Node>> args,
                               const Value* final) {
    for (size_t i = start; i < idents.size(); ++i) {
      bool last = i + 1 == idents.size();
      ASSIGN_OR_RETURN(recv, EvalField(dot, recv, node, idents[i],
                                       last ? args : decltype(args){},
                                       last ? final : nullptr));
    }
    return recv;
  }

  Result<Value> EvalField(const Value& dot, const Value& recv, const Node& node,
                          const std::string& name,
                          std::span<const std::unique_ptr<Node>> args,
                          const Value* final) {
    bool has_args = !args.empty() || final != nullptr;
    if (recv.is_nil()) {
      return ErrorAt(node, "nil pointer evaluating interface {}." + name);
    }
    if (HasMethod(recv, name)) {
      std::vector<Value> vals;
      for (const auto& a : args) {
        ASSIGN_OR_RETURN(Value v, EvalArg(dot, *a));
        vals.push_back(std::move(v));
      }
      if (final) vals.push_back(*final);
      auto r = CallMethod(recv, name, vals);
      if (!r.ok()) {
        if (r.status().message().starts_with("wrong number of args")) {
          return ErrorAt(node, r.status().message());
        }
        return ErrorAt(node,
                       "error calling " + name + ": " + r.status().message());
      }
      return r;
    }
    if (recv.kind() == Value::Kind::kList && recv.shape() == Shape::kPair) {
      if (name != "Name" && name != "Value") {
        return ErrorAt(node, "can't evaluate field " + name + " in type " +
                                 recv.TypeName());
      }
      if (has_args) {
        return ErrorAt(node, name +
                                 " has arguments but cannot be invoked as "
                                 "function");
      }
      return recv.list()[name == "Name" ? 0 : 1];
    }
    if (recv.kind() == Value::Kind::kMap) {
      auto it = recv.map().find(name);
      if (recv.shape() == Shape::kStruct) {
        if (it == recv.map().end()) {
          return ErrorAt(node, "can't evaluate field " + name + " in type " +
                                   recv.TypeName());
        }
        if (has_args) {
          return ErrorAt(node, name +
                                   " has arguments but cannot be invoked as "
                                   "function");
        }
        return it->second;
      }
      if (has_args) {
        return ErrorAt(node, name + " is not a method but has arguments");
      }
      if (it == recv.map().end()) {
        return recv.shape() == Shape::kKV ? Value(std::string()) : Value();
      }
      return it->second;
    }
    return ErrorAt(
        node, "can't evaluate field " + name + " in type " + recv.TypeName());
  }

  Result<Value> EvalFunction(const Value& dot, const Node& ident,
                             const Node& cmd,
                             std::span<const std::unique_ptr<Node>> args,
                             const Value* final) {
    const FuncDef* f = ident.func;
    int nargs = static_cast<int>(args.size()) + (final ? 1 : 0);
    if (nargs < f->min_args || (f->max_args >= 0 && nargs > f->max_args)) {
      if (f->max_args < 0) {
        return ErrorAt(cmd, "wrong number of args for " + ident.text +
                                ": want at least " +
                                std::to_string(f->min_args) + " got " +
                                std::to_string(nargs));
      }
      return ErrorAt(cmd, "wrong number of args for " + ident.text + ": want " +
                              std::to_string(f->min_args) + " got " +
                              std::to_string(nargs));
    }
    if (f->fn == nullptr) {  // and / or: lazy.
      bool is_and = ident.text == "and";
      Value v;
      for (const auto& a : args) {
        ASSIGN_OR_RETURN(v, EvalArg(dot, *a));
        if (v.Truthy() != is_and) return v;
      }
      if (final) v = *final;
      return v;
    }
    std::vector<Value> vals;
    vals.reserve(nargs);
    for (const auto& a : args) {
      ASSIGN_OR_RETURN(Value v, EvalArg(dot, *a));
      vals.push_back(std::move(v));
    }
    if (final) vals.push_back(*final);
    auto r = f->fn(vals, env_);
    if (!r.ok()) {
      return ErrorAt(
          cmd, "error calling " + ident.text + ": " + r.status().message());
    }
    return r;
  }

  void Print(const Value& v, const Node& pipe) {
    if (mode_ == Mode::kText) {
      if (v.is_nil()) {
        out_ += "<no value>";
      } else if (v.kind() == Value::Kind::kString) {
        out_ += v.as_string();
      } else {
        out_ += GoSprint(v);
      }
      return;
    }
    bool urlquery_last = false;
    if (!pipe.nodes.empty()) {
      const Node& c = *pipe.nodes.back()->nodes[0];
      urlquery_last = c.type == NT::kIdentifier && c.text == "urlquery";
    }
    EmitHtml(v, urlquery_last);
  }

  // html/template's escaping for the context at the end of the output.
  void EmitHtml(const Value& v, bool urlquery_last) {
    std::string s = v.is_nil()                         ? ""
                    : v.kind() == Value::Kind::kString ? v.as_string()
                                                       : GoSprint(v);
    size_t lt = out_.find_last_of("<>");
    if (lt == std::string::npos || out_[lt] == '>') {
      if (v.safety() == Value::Safety::kHtml) {
        out_ += s;
      } else {
        out_ += HtmlTemplateEscape(s);
      }
      return;
    }
    // Inside a tag: find whether we are in a quoted attribute value.
    std::string_view tag(out_.data() + lt, out_.size() - lt);
    size_t i = 1;
    while (i < tag.size() && !IsSpace(tag[i])) ++i;
    std::string attr;
    char quote = 0;
    size_t value_start = 0;
    while (i < tag.size()) {
      while (i < tag.size() && IsSpace(tag[i])) ++i;
      size_t ns = i;
      while (i < tag.size() && !IsSpace(tag[i]) && tag[i] != '=') ++i;
      attr = std::string(tag.substr(ns, i - ns));
      while (i < tag.size() && IsSpace(tag[i])) ++i;
      if (i < tag.size() && tag[i] == '=') {
        ++i;
        while (i < tag.size() && IsSpace(tag[i])) ++i;
        if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
          char q = tag[i++];
          size_t vs = i;
          size_t e = tag.find(q, i);
          if (e == std::string_view::npos) {
            quote = q;
            value_start = vs;
            break;
          }
          i = e + 1;
        } else {
          while (i < tag.size() && !IsSpace(tag[i])) ++i;
        }
      }
    }
    if (quote == 0) {
      out_ += HtmlTemplateEscape(s);
      return;
    }
    for (char& c : attr) c = static_cast<char>(std::tolower(c));
    bool url_attr = attr == "href" || attr == "src" || attr == "action" ||
                    attr == "cite" || attr == "background";
    if (!url_attr) {
      out_ += HtmlTemplateEscape(s);
      return;
    }
    std::string_view sofar = tag.substr(value_start);
    if (v.safety() != Value::Safety::kUrl) {
      if (sofar.empty()) {
        // html/template's isSafeURL: a scheme is the text before the
        // first ':' when it has no '/'.
        size_t colon = s.find(':');
        if (colon != std::string::npos &&
            s.substr(0, colon).find('/') == std::string::npos) {
          std::string scheme = s.substr(0, colon);
          for (char& c : scheme) c = static_cast<char>(std::tolower(c));
          if (scheme != "http" && scheme != "https" && scheme != "mailto") {
            s = "#ZgotmplZ";
          }
        }
      }
      if (sofar.find_first_of("?#") != std::string_view::npos &&
          !urlquery_last) {
        s = UrlQueryEscapeFull(s);
      } else {
        s = UrlNormalize(s);
      }
    } else {
      s = UrlNormalize(s);
    }
    out_ += HtmlTemplateEscape(s);
  }

  const TemplateSet& set_;
  const TemplateSet* overlay_;
  Mode mode_;
  const ExecEnv& env_;
  std::string out_;
  std::vector<Var> vars_;
  const TemplateSet::Tree* tree_ = nullptr;
  int depth_ = 0;
};

// ---------------------------------------------------------------------------
// TemplateSet.

TemplateSet::TemplateSet() = default;
TemplateSet::~TemplateSet() = default;
TemplateSet::TemplateSet(TemplateSet&&) noexcept = default;
TemplateSet& TemplateSet::operator=(TemplateSet&&) noexcept = default;
TemplateSet::TemplateSet(const TemplateSet&) = default;
TemplateSet& TemplateSet::operator=(const TemplateSet&) = default;

Status TemplateSet::Parse(std::string_view name, std::string_view text) {
  Parser p{std::string(name), text};
  std::vector<std::shared_ptr<Tree>> trees;
  Status st = p.Run(&trees);
  if (!st.ok()) return st;
  for (auto& b : p.blocks_) trees.push_back(std::move(b));
  for (auto& t : trees) {
    auto it = trees_.find(t->name);
    if (it != trees_.end() && IsEmptyList(*t->root)) continue;
    trees_[t->name] = std::move(t);
  }
  return Status::Ok();
}

bool TemplateSet::Has(std::string_view name) const {
  return trees_.find(name) != trees_.end();
}

Result<std::string> TemplateSet::Execute(std::string_view name,
                                         const Value& data, Mode mode,
                                         const ExecEnv& env) const {
  auto it = trees_.find(name);
  if (it == trees_.end()) {
    return Status(StatusCode::kNotFound, "template: no template " +
                                             GoQuoteString(name) +
                                             " associated with template");
  }
  Executor ex(*this, nullptr, mode, env);
  return ex.Run(*it->second, data);
}

Result<std::string> TemplateSet::ExecuteString(std::string_view text,
                                               const Value& data, Mode mode,
                                               const ExecEnv& env) const {
  if (text.empty()) return std::string();
  // The text and its defines shadow this set's templates for this call only.
  TemplateSet overlay;
  Status st = overlay.Parse("", text);
  if (!st.ok()) return st;
  auto it = overlay.trees_.find("");
  if (it == overlay.trees_.end()) return std::string();
  Executor ex(*this, &overlay, mode, env);
  return ex.Run(*it->second, data);
}

}  // namespace tocsin::tmpl
