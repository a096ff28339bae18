// Runs Prometheus' promqltest scripts (shared/conformance/promql/*.test)
// against tocsin's PromQL engine over an in-memory store. Every `eval` is one
// case, identified as "<file>:<line>". A case the runner cannot run (native
// histograms, unsupported directives) counts as failed with the reason.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/strings.h"
#include "model/labels.h"
#include "promql/engine.h"
#include "promql/parser.h"
#include "promql/testing/memory_storage.h"
#include "report.h"
#include "series/series.h"

namespace tocsin::conformance {

namespace {

namespace fs = std::filesystem;

const std::set<std::string>& CoreFiles() {
  static const auto* s = new std::set<std::string>{
      "aggregators.test", "at_modifier.test",   "collision.test",
      "functions.test",   "histograms.test",    "literals.test",
      "operators.test",   "range_queries.test", "selectors.test",
      "staleness.test",   "subquery.test",      "trig_functions.test"};
  return *s;
}

std::string Trim(std::string_view s) { return std::string(TrimSpace(s)); }

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

// One value of the series notation; nullopt = omitted ("_").
using SeqValue = std::optional<double>;

std::optional<double> ParseFloat(const std::string& s) {
  std::string low = s;
  for (char& c : low) c = static_cast<char>(std::tolower(c));
  if (low == "inf" || low == "+inf") return INFINITY;
  if (low == "-inf") return -INFINITY;
  if (low == "nan") return NAN;
  if (low == "stale") return series::StaleNaN();
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0') return std::nullopt;
  return v;
}

// Expands `a`, `_`, `stale`, `a+bxn`, `a-bxn`, `axn`, `_xn`. False on bad
// syntax or native histograms.
bool ExpandValues(const std::string& text, std::vector<SeqValue>* out,
                  std::string* why, bool skip_histograms = false) {
  std::string plain = text;
  if (text.find("{{") != std::string::npos) {
    if (!skip_histograms) {
      *why = "native histograms are not supported";
      return false;
    }
    // Replaces each histogram term ({{...}}, {{...}}xn, {{...}}+{{...}}xn)
    // by as many omitted samples.
    plain.clear();
    size_t i = 0;
    while (i < text.size()) {
      size_t open = text.find("{{", i);
      if (open == std::string::npos) {
        plain += text.substr(i);
        break;
      }
      plain += text.substr(i, open - i);
      size_t close = text.find("}}", open);
      if (close == std::string::npos) return false;
      size_t end = close + 2;
      if (text.compare(end, 3, "+{{") == 0 ||
          text.compare(end, 3, "-{{") == 0) {
        close = text.find("}}", end);
        if (close == std::string::npos) return false;
        end = close + 2;
      }
      std::string count;
      if (end < text.size() && text[end] == 'x') {
        size_t k = end + 1;
        while (k < text.size() && std::isdigit(text[k])) ++k;
        count = text.substr(end + 1, k - end - 1);
        end = k;
      }
      int n = count.empty() ? 1 : std::stoi(count) + 1;
      for (int k = 0; k < n; ++k) plain += " _ ";
      i = end;
    }
  }
  std::istringstream in(plain);
  std::string tok;
  while (in >> tok) {
    if (tok == "_") {
      out->push_back(std::nullopt);
      continue;
    }
    size_t x = tok.rfind('x');
    if (x != std::string::npos && x > 0 && x + 1 < tok.size()) {
      std::string head = tok.substr(0, x);
      std::string cnt = tok.substr(x + 1);
      auto n = ParseFloat(cnt);
      if (!n) {
        *why = "bad sequence " + tok;
        return false;
      }
      int times = static_cast<int>(*n);
      if (head == "_") {
        for (int i = 0; i < times; ++i) out->push_back(std::nullopt);
        continue;
      }
      size_t op = std::string::npos;
      for (size_t i = 1; i < head.size(); ++i) {
        if ((head[i] == '+' || head[i] == '-') && head[i - 1] != 'e' &&
            head[i - 1] != 'E') {
          op = i;
          break;
        }
      }
      std::optional<double> a, b = 0.0;
      if (op == std::string::npos) {
        a = ParseFloat(head);
      } else {
        a = ParseFloat(head.substr(0, op));
        b = ParseFloat(head.substr(op + 1));
        if (b && head[op] == '-') b = -*b;
      }
      if (!a || !b) {
        *why = "bad sequence " + tok;
        return false;
      }
      double k = *a;
      for (int i = 0; i <= times; ++i) {
        out->push_back(k);
        k += *b;
      }
      continue;
    }
    auto v = ParseFloat(tok);
    if (!v) {
      *why = "bad value " + tok;
      return false;
    }
    out->push_back(*v);
  }
  return true;
}

// Parses `name{a="b", ...}`, `{...}` or `name` at the start of `s`; returns
// the rest in *rest.
std::optional<model::Labels> ParseSeriesLabels(const std::string& s,
                                               std::string* rest) {
  size_t i = 0;
  std::vector<model::Label> ls;
  while (i < s.size() && s[i] != '{' && !std::isspace(s[i])) ++i;
  if (i > 0) ls.push_back({"__name__", s.substr(0, i)});
  if (i < s.size() && s[i] == '{') {
    ++i;
    auto read_quoted = [&]() -> std::optional<std::string> {
      char q = s[i];
      size_t start = i++;
      while (i < s.size() && s[i] != q) {
        if (s[i] == '\\') ++i;
        ++i;
      }
      if (i >= s.size()) return std::nullopt;
      ++i;
      return promql::UnquoteGoString(s.substr(start, i - start));
    };
    while (true) {
      while (i < s.size() && (std::isspace(s[i]) || s[i] == ',')) ++i;
      if (i >= s.size()) return std::nullopt;
      if (s[i] == '}') {
        ++i;
        break;
      }
      std::string name;
      if (s[i] == '"' || s[i] == '\'' || s[i] == '`') {
        auto q = read_quoted();
        if (!q) return std::nullopt;
        name = *q;
      } else {
        size_t st = i;
        while (i < s.size() && (std::isalnum(s[i]) || s[i] == '_')) ++i;
        name = s.substr(st, i - st);
      }
      while (i < s.size() && std::isspace(s[i])) ++i;
      if (i < s.size() && (s[i] == ',' || s[i] == '}')) {
        ls.push_back({"__name__", name});  // quoted metric name
        continue;
      }
      if (i >= s.size() || s[i] != '=') return std::nullopt;
      ++i;
      while (i < s.size() && std::isspace(s[i])) ++i;
      if (i >= s.size()) return std::nullopt;
      auto v = read_quoted();
      if (!v) return std::nullopt;
      ls.push_back({name, *v});
    }
  }
  *rest = s.substr(i);
  return model::Labels(std::move(ls));
}

bool AlmostEqual(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  if (a == b) return true;
  if (a == 0 || b == 0) return false;
  if (std::isinf(a) || std::isinf(b)) return false;
  return std::fabs(a - b) / (std::fabs(a) + std::fabs(b)) < 1e-6;
}

struct Expected {
  model::Labels labels;
  std::vector<SeqValue> values;
};

struct EvalCase {
  std::string file;
  int line = 0;
  bool range = false;
  int64_t at = 0, start = 0, end = 0, step = 0;
  std::string expr;
  bool expect_fail = false;
  std::string fail_msg, fail_regex;
  bool ordered = false;
  bool expect_warn = false, expect_info = false;
  bool expect_no_warn = false, expect_no_info = false;
  // `expect warn|info msg: <exact>` / `regex: <re>` lines.
  std::vector<std::pair<bool, std::string>> warn_lines, info_lines;
  std::optional<std::string> expect_string;
  bool expect_range_vector = false;
  int64_t rv_start = 0, rv_end = 0, rv_step = 0;
  std::optional<double> scalar;
  std::vector<Expected> results;
  std::string unsupported;
};

std::string Describe(const promql::QueryResult& r) {
  std::ostringstream o;
  switch (r.type) {
    case promql::ResultType::kScalar:
      o << "scalar " << r.scalar;
      break;
    case promql::ResultType::kString:
      o << "string " << r.str;
      break;
    case promql::ResultType::kVector:
      for (const auto& s : r.vector)
        o << s.labels.ToString() << " " << s.v << "; ";
      break;
    case promql::ResultType::kMatrix:
      for (const auto& s : r.matrix) {
        o << s.labels.ToString() << " [";
        for (const auto& p : s.points) o << p.v << "@" << p.t << " ";
        o << "]; ";
      }
      break;
  }
  return o.str();
}

std::string CheckMatrix(const EvalCase& c, const promql::QueryResult& r,
                        int64_t start, int64_t step) {
  if (r.type != promql::ResultType::kMatrix) {
    return "expected a matrix, got " + Describe(r);
  }
  std::map<model::Labels, const promql::MatrixSeries*> got;
  for (const auto& s : r.matrix) got[s.labels] = &s;
  size_t want_series = 0;
  for (const auto& e : c.results) {
    std::vector<promql::Point> pts;
    for (size_t i = 0; i < e.values.size(); ++i) {
      if (e.values[i]) {
        pts.push_back({start + static_cast<int64_t>(i) * step, *e.values[i]});
      }
    }
    if (pts.empty()) continue;
    ++want_series;
    auto it = got.find(e.labels);
    if (it == got.end()) return "missing series " + e.labels.ToString();
    const auto& gp = it->second->points;
    if (gp.size() != pts.size()) {
      return "series " + e.labels.ToString() +
             ": point count differs: " + Describe(r);
    }
    for (size_t i = 0; i < pts.size(); ++i) {
      if (gp[i].t != pts[i].t || !AlmostEqual(gp[i].v, pts[i].v)) {
        return "series " + e.labels.ToString() + " differs: " + Describe(r);
      }
    }
  }
  if (want_series != r.matrix.size()) {
    return "unexpected extra series: " + Describe(r);
  }
  return "";
}

bool LineMatches(const std::pair<bool, std::string>& line,
                 const std::string& got) {
  if (!line.first) return got == line.second;
  try {
    return std::regex_search(got, std::regex(line.second));
  } catch (const std::regex_error&) {
    return false;
  }
}

// promqltest's rules: with `expect <kind>` some annotation must occur, each
// msg/regex line must match one and every annotation must match a line;
// with `expect no_<kind>` none may occur.
std::string CheckAnnotations(
    const std::string& kind, bool expect, bool expect_none,
    const std::vector<std::pair<bool, std::string>>& lines,
    const std::vector<std::string>& got) {
  if (expect_none && !got.empty()) return "unexpected " + kind + ": " + got[0];
  if (!expect) return "";
  if (got.empty()) return "expected a " + kind;
  if (lines.empty()) return "";
  for (const auto& l : lines) {
    bool any = false;
    for (const auto& g : got) any = any || LineMatches(l, g);
    if (!any) return "no " + kind + " matches " + l.second;
  }
  for (const auto& g : got) {
    bool any = false;
    for (const auto& l : lines) any = any || LineMatches(l, g);
    if (!any) return "unexpected " + kind + ": " + g;
  }
  return "";
}

std::string CheckResult(const EvalCase& c,
                        const Result<promql::QueryResult>& res) {
  if (!c.unsupported.empty()) return c.unsupported;
  if (c.expect_fail) {
    if (res.ok()) return "expected failure, got " + Describe(*res);
    const std::string& msg = res.status().message();
    if (!c.fail_msg.empty() && msg != c.fail_msg) {
      return "error text differs: got \"" + msg + "\", want \"" + c.fail_msg +
             "\"";
    }
    if (!c.fail_regex.empty()) {
      try {
        if (!std::regex_search(msg, std::regex(c.fail_regex))) {
          return "error text does not match " + c.fail_regex + ": " + msg;
        }
      } catch (const std::regex_error&) {
        return "cannot compile regex " + c.fail_regex;
      }
    }
    return "";
  }
  if (!res.ok()) return "unexpected error: " + res.status().message();
  const auto& r = *res;
  std::string ann = CheckAnnotations("warning", c.expect_warn, c.expect_no_warn,
                                     c.warn_lines, r.warnings);
  if (!ann.empty()) return ann;
  ann = CheckAnnotations("info annotation", c.expect_info, c.expect_no_info,
                         c.info_lines, r.infos);
  if (!ann.empty()) return ann;
  if (c.expect_string) {
    if (r.type != promql::ResultType::kString || r.str != *c.expect_string) {
      return "expected string, got " + Describe(r);
    }
    return "";
  }
  if (c.range) return CheckMatrix(c, r, c.start, c.step);
  if (c.expect_range_vector) return CheckMatrix(c, r, c.rv_start, c.rv_step);
  if (c.scalar) {
    if (r.type != promql::ResultType::kScalar ||
        !AlmostEqual(r.scalar, *c.scalar)) {
      return "expected scalar, got " + Describe(r);
    }
    return "";
  }
  if (r.type != promql::ResultType::kVector) {
    return "expected a vector, got " + Describe(r);
  }
  if (r.vector.size() != c.results.size()) {
    return "result count differs: " + Describe(r);
  }
  for (size_t i = 0; i < c.results.size(); ++i) {
    const Expected& e = c.results[i];
    if (e.values.size() != 1 || !e.values[0]) return "bad expected line";
    const promql::VectorSample* found = nullptr;
    if (c.ordered) {
      if (r.vector[i].labels == e.labels) found = &r.vector[i];
    } else {
      for (const auto& s : r.vector) {
        if (s.labels == e.labels) found = &s;
      }
    }
    if (found == nullptr) {
      return "missing " + e.labels.ToString() + ": " + Describe(r);
    }
    if (!AlmostEqual(found->v, *e.values[0])) {
      return "value of " + e.labels.ToString() + " differs: " + Describe(r);
    }
  }
  return "";
}

int64_t ParseTime(const std::string& s, bool* ok) {
  auto d = promql::ParsePromDuration(s, true);
  *ok = d.ok();
  return d.ok() ? *d : 0;
}

// Splits the text after a directive into words.
std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

// The conformance README's tiers: "stable" = evals of the 12 core files
// that touch neither native histograms (histogram notation in the eval, or
// a metric loaded with it) nor the experimental functions listed there;
// "core-histograms-experimental" = the other core evals;
// "experimental-files" = the evals of the 9 other files.
std::string Tier(const std::string& file, const EvalCase& c,
                 const std::string& eval_text,
                 const std::set<std::string>& histogram_names) {
  if (!CoreFiles().count(file)) return "experimental-files";
  static const std::regex kExperimental(
      "\\b(sort_by_label|sort_by_label_desc|mad_over_time|"
      "double_exponential_smoothing|ts_of_[a-z]+_over_time|first_over_time|"
      "histogram_quantiles|limitk|limit_ratio|start|end|range|step)\\s*\\(");
  if (std::regex_search(c.expr, kExperimental)) {
    return "core-histograms-experimental";
  }
  if (eval_text.find("{{") != std::string::npos) {
    return "core-histograms-experimental";
  }
  // A selector without a metric name ({job="x"}) reads every series,
  // histograms included.
  static const std::regex kBareSelector("(^|[^a-zA-Z0-9_:])\\{");
  if (!histogram_names.empty() && std::regex_search(c.expr, kBareSelector)) {
    return "core-histograms-experimental";
  }
  static const std::regex kIdent("[a-zA-Z_:][a-zA-Z0-9_:]*");
  for (auto it = std::sregex_iterator(c.expr.begin(), c.expr.end(), kIdent);
       it != std::sregex_iterator(); ++it) {
    if (histogram_names.count(it->str())) return "core-histograms-experimental";
  }
  return "stable";
}

void RunFile(const fs::path& path, const std::string& name, Report& report) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string l;
  while (std::getline(in, l)) lines.push_back(l);
  promql::testing::MemoryStorage store;
  promql::Engine engine;
  // Metric names loaded with native-histogram notation since the last
  // `clear`: evals that read them belong to the histogram tier.
  std::set<std::string> histogram_names;
  size_t i = 0;
  auto is_blank = [&](size_t k) {
    std::string t = Trim(lines[k]);
    return t.empty() || t[0] == '#';
  };
  while (i < lines.size()) {
    std::string t = Trim(lines[i]);
    if (t.empty() || t[0] == '#') {
      ++i;
      continue;
    }
    if (t == "clear") {
      store.Clear();
      histogram_names.clear();
      ++i;
      continue;
    }
    if (StartsWith(t, "load")) {
      auto w = Words(t);
      bool ok = w.size() >= 2;
      int64_t step = ok ? ParseTime(w[1], &ok) : 0;
      ++i;
      for (; i < lines.size() && !Trim(lines[i]).empty(); ++i) {
        std::string sl = Trim(lines[i]);
        if (sl[0] == '#') continue;
        std::string rest;
        auto labels = ParseSeriesLabels(sl, &rest);
        if (sl.find("{{") != std::string::npos) {
          // The metric name is the line's leading identifier (the label
          // parser may not take histogram lines).
          size_t end = 0;
          while (end < sl.size() &&
                 (std::isalnum(static_cast<unsigned char>(sl[end])) ||
                  sl[end] == '_' || sl[end] == ':')) {
            ++end;
          }
          histogram_names.insert(end > 0 ? sl.substr(0, end) : "{}");
        }
        // load_with_nhcb also converts classic histograms into native ones
        // named after the family (no _bucket/_count/_sum suffix).
        if (labels && StartsWith(t, "load_with_nhcb")) {
          std::string n(labels->Get("__name__"));
          for (std::string_view suffix : {"_bucket", "_count", "_sum"}) {
            if (n.size() > suffix.size() &&
                n.compare(n.size() - suffix.size(), suffix.size(), suffix) ==
                    0) {
              histogram_names.insert(n.substr(0, n.size() - suffix.size()));
            }
          }
        }
        std::vector<SeqValue> vals;
        std::string why;
        if (!ok || !labels || !ExpandValues(rest, &vals, &why, true)) {
          continue;
        }
        for (size_t k = 0; k < vals.size(); ++k) {
          if (vals[k]) {
            store.Add(*labels, static_cast<int64_t>(k) * step, *vals[k]);
          }
        }
      }
      continue;
    }
    if (!StartsWith(t, "eval")) {
      ++i;
      continue;
    }
    EvalCase c;
    c.file = name;
    c.line = static_cast<int>(i + 1);
    std::string eval_text;
    for (size_t k = i; k < lines.size() && !Trim(lines[k]).empty(); ++k) {
      if (k > i && StartsWith(Trim(lines[k]), "eval")) break;
      eval_text += lines[k] + "\n";
    }
    std::string directive = t.substr(0, t.find(' '));
    std::string rest = Trim(t.substr(directive.size()));
    if (directive == "eval_fail") c.expect_fail = true;
    if (directive == "eval_ordered") c.ordered = true;
    if (directive == "eval_warn") c.expect_warn = true;
    if (directive == "eval_info") c.expect_info = true;
    bool ok = true;
    if (StartsWith(rest, "instant at ")) {
      rest = Trim(rest.substr(11));
      size_t sp = rest.find(' ');
      c.at = ParseTime(rest.substr(0, sp), &ok);
      c.expr = sp == std::string::npos ? "" : Trim(rest.substr(sp));
    } else if (StartsWith(rest, "range from ")) {
      c.range = true;
      auto w = Words(rest);
      // range from S to E step D EXPR
      if (w.size() < 8 || w[3] != "to" || w[5] != "step") {
        ok = false;
      } else {
        bool a, b, d;
        c.start = ParseTime(w[2], &a);
        c.end = ParseTime(w[4], &b);
        c.step = ParseTime(w[6], &d);
        ok = a && b && d;
        size_t pos = rest.find(" step ");
        pos = rest.find(w[6], pos + 6) + w[6].size();
        c.expr = Trim(rest.substr(pos));
      }
    } else {
      ok = false;
    }
    if (!ok) c.unsupported = "cannot parse eval line";
    ++i;
    for (; i < lines.size() && !Trim(lines[i]).empty(); ++i) {
      if (is_blank(i)) continue;
      std::string el = Trim(lines[i]);
      // The next command may follow without a blank line.
      if (StartsWith(el, "eval") || StartsWith(el, "load") || el == "clear") {
        break;
      }
      if (StartsWith(el, "expect ")) {
        std::string what = Trim(el.substr(7));
        if (StartsWith(what, "fail")) {
          c.expect_fail = true;
          std::string opt = Trim(what.substr(4));
          if (StartsWith(opt, "msg:")) c.fail_msg = Trim(opt.substr(4));
          if (StartsWith(opt, "regex:")) c.fail_regex = Trim(opt.substr(6));
        } else if (StartsWith(what, "no_warn")) {
          c.expect_no_warn = true;
        } else if (StartsWith(what, "no_info")) {
          c.expect_no_info = true;
        } else if (StartsWith(what, "warn") || StartsWith(what, "info")) {
          bool warn = StartsWith(what, "warn");
          (warn ? c.expect_warn : c.expect_info) = true;
          std::string opt = Trim(what.substr(4));
          auto& lines_of = warn ? c.warn_lines : c.info_lines;
          if (StartsWith(opt, "msg:")) {
            lines_of.push_back({false, Trim(opt.substr(4))});
          } else if (StartsWith(opt, "regex:")) {
            lines_of.push_back({true, Trim(opt.substr(6))});
          }
        } else if (what == "ordered") {
          c.ordered = true;
        } else if (StartsWith(what, "string ")) {
          c.expect_string = promql::UnquoteGoString(Trim(what.substr(7)));
          if (!c.expect_string) c.unsupported = "bad expect string";
        } else if (StartsWith(what, "range vector ")) {
          auto w = Words(what);
          // range vector from S to E step D
          bool a = false, b = false, d = false;
          if (w.size() == 8) {
            c.rv_start = ParseTime(w[3], &a);
            c.rv_end = ParseTime(w[5], &b);
            c.rv_step = ParseTime(w[7], &d);
          }
          c.expect_range_vector = true;
          if (!(a && b && d)) c.unsupported = "bad expect range vector";
        } else {
          c.unsupported = "unsupported directive: " + el;
        }
        continue;
      }
      if (StartsWith(el, "expected_fail_message ")) {
        c.expect_fail = true;
        c.fail_msg = Trim(el.substr(22));
        continue;
      }
      if (StartsWith(el, "expected_fail_regexp ")) {
        c.expect_fail = true;
        c.fail_regex = Trim(el.substr(21));
        continue;
      }
      auto num = ParseFloat(el);
      if (num && el != "stale") {
        c.scalar = *num;
        continue;
      }
      std::string vals_text;
      auto labels = ParseSeriesLabels(el, &vals_text);
      Expected e;
      std::string why;
      if (!labels) {
        c.unsupported = "cannot parse result line: " + el;
        continue;
      }
      e.labels = *labels;
      if (!ExpandValues(vals_text, &e.values, &why)) {
        c.unsupported = why;
        continue;
      }
      c.results.push_back(std::move(e));
    }
    std::string id = name + ":" + std::to_string(c.line);
    report.SetTier(id, Tier(name, c, eval_text, histogram_names));
    if (!c.unsupported.empty()) {
      report.Fail(name, id, c.unsupported);
      continue;
    }
    Result<promql::QueryResult> res =
        c.range ? engine.RangeQuery(store, c.expr, c.start, c.end, c.step)
                : engine.InstantQuery(store, c.expr, c.at);
    if (!c.range && res.ok() && res->type == promql::ResultType::kMatrix &&
        !c.expect_range_vector && !c.expect_fail) {
      report.Fail(name, id, "instant query returned a range vector");
      continue;
    }
    report.Check(name, id, CheckResult(c, res));
  }
}

}  // namespace

Status RunPromql(const std::filesystem::path& dir, Report& report) {
  if (!fs::is_directory(dir)) {
    return Status(StatusCode::kNotFound, "no such directory: " + dir.string());
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".test") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) RunFile(f, f.filename().string(), report);
  return Status::Ok();
}

}  // namespace tocsin::conformance
