// alertmanager-matchers: every group of cases.yaml (format: the file's
// `format` section and shared/conformance/README.md). Case IDs are
// "<group>/<index>" with the index of the case within its group.
#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <vector>

#include "model/labels.h"
#include "model/matcher.h"
#include "model/matcher_json.h"
#include "model/matcher_parse.h"
#include "report.h"

namespace tocsin::conformance {
namespace {

using model::Matcher;
using model::MatcherParserMode;
using model::Matchers;

constexpr char kFile[] = "cases.yaml";

struct Want {
  std::string name, op, value;
};

std::string Str(const YAML::Node& n, const char* key) {
  if (!n[key]) throw YAML::Exception(n.Mark(), std::string("missing ") + key);
  return n[key].as<std::string>();
}

Want ReadWant(const YAML::Node& n) {
  return Want{Str(n, "name"), Str(n, "op"), Str(n, "value")};
}

std::vector<Want> ReadWants(const YAML::Node& seq) {
  std::vector<Want> out;
  if (!seq) throw YAML::Exception(YAML::Mark(), "missing matcher list");
  for (const auto& n : seq) out.push_back(ReadWant(n));
  return out;
}

std::string Show(const Matcher& m) {
  return "{" + m.name() + " " + std::string(model::MatchTypeString(m.type())) +
         " " + m.value() + "}";
}

std::string Show(const Want& w) {
  return "{" + w.name + " " + w.op + " " + w.value + "}";
}

std::string Show(const std::vector<Want>& ws) {
  std::string s = "[";
  for (const auto& w : ws) s += Show(w);
  return s + "]";
}

std::string Show(const Matchers& ms) {
  std::string s = "[";
  for (const auto& m : ms) s += Show(m);
  return s + "]";
}

bool Same(const Matcher& m, const Want& w) {
  return m.name() == w.name && model::MatchTypeString(m.type()) == w.op &&
         m.value() == w.value;
}

bool Same(const Matchers& ms, const std::vector<Want>& ws) {
  if (ms.size() != ws.size()) return false;
  for (size_t i = 0; i < ms.size(); ++i) {
    if (!Same(ms[i], ws[i])) return false;
  }
  return true;
}

// Checks a list result against `ok`/`matchers`/`error`; "" when it agrees.
std::string CheckList(const Result<Matchers>& got, const YAML::Node& c,
                      const char* list_key = "matchers",
                      const char* error_key = "error") {
  bool want_ok = c["ok"] ? c["ok"].as<bool>() : !c[error_key];
  if (want_ok) {
    std::vector<Want> want = ReadWants(c[list_key]);
    if (!got.ok()) {
      return "want " + Show(want) + ", got error: " + got.status().message();
    }
    if (!Same(*got, want)) {
      return "want " + Show(want) + ", got " + Show(*got);
    }
    return "";
  }
  if (got.ok()) return "want an error, got " + Show(*got);
  if (c[error_key]) {
    std::string want = c[error_key].as<std::string>();
    if (got.status().message() != want) {
      return "want error \"" + want + "\", got \"" + got.status().message() +
             "\"";
    }
  }
  return "";
}

std::string CheckOne(const Result<Matcher>& got, const YAML::Node& c) {
  if (c["ok"].as<bool>()) {
    Want want = ReadWant(c["matcher"]);
    if (!got.ok()) {
      return "want " + Show(want) + ", got error: " + got.status().message();
    }
    if (!Same(*got, want)) return "want " + Show(want) + ", got " + Show(*got);
    return "";
  }
  if (got.ok()) return "want an error, got " + Show(*got);
  std::string want = Str(c, "error");
  if (got.status().message() != want) {
    return "want error \"" + want + "\", got \"" + got.status().message() +
           "\"";
  }
  return "";
}

Result<Matcher> MakeMatcher(const std::string& op, std::string name,
                            std::string value) {
  auto type = model::ParseMatchType(op);
  if (!type) return InvalidArgumentError("unknown op " + op);
  return Matcher::Create(*type, std::move(name), std::move(value));
}

std::string CheckCompliance(const YAML::Node& c) {
  std::string input = Str(c, "input");
  std::string mode = Str(c, "utf8_parser");
  Result<Matchers> classic = model::ParseMatchersClassic(input);
  Result<Matchers> utf8 = model::ParseMatchersUtf8(input);
  std::string detail;
  if (c["classic_matchers"]) {
    std::vector<Want> want = ReadWants(c["classic_matchers"]);
    if (!classic.ok()) {
      detail = "classic: want " + Show(want) +
               ", got error: " + classic.status().message();
    } else if (!Same(*classic, want)) {
      detail = "classic: want " + Show(want) + ", got " + Show(*classic);
    }
    if (detail.empty() && mode == "same") {
      if (!utf8.ok()) {
        detail = "utf8: want " + Show(want) +
                 ", got error: " + utf8.status().message();
      } else if (!Same(*utf8, want)) {
        detail = "utf8: want " + Show(want) + ", got " + Show(*utf8);
      }
    }
  }
  if (c["classic_error"] && detail.empty()) {
    std::string want = c["classic_error"].as<std::string>();
    if (classic.ok()) {
      detail = "classic: want error \"" + want + "\", got " + Show(*classic);
    } else if (classic.status().message() != want) {
      detail = "classic: want error \"" + want + "\", got \"" +
               classic.status().message() + "\"";
    }
  }
  if (!detail.empty()) return detail;
  if (mode == "also_errors") {
    if (utf8.ok()) return "utf8: want an error, got " + Show(*utf8);
  } else if (mode == "accepts") {
    std::vector<Want> want = ReadWants(c["utf8_matchers"]);
    if (!utf8.ok()) {
      return "utf8: want " + Show(want) +
             ", got error: " + utf8.status().message();
    }
    if (!Same(*utf8, want)) {
      return "utf8: want " + Show(want) + ", got " + Show(*utf8);
    }
  } else if (mode != "same" && mode != "diverges") {
    return "unknown utf8_parser value \"" + mode + "\"";
  }
  return "";
}

std::string CheckMatches(const YAML::Node& c) {
  Result<Matcher> m = MakeMatcher(Str(c, "op"), "", Str(c, "matcher_value"));
  if (!m.ok()) return "cannot create matcher: " + m.status().message();
  bool want = c["matches"].as<bool>();
  bool got = m->Matches(Str(c, "label_value"));
  if (got != want) {
    return std::string("want matches=") + (want ? "true" : "false") + ", got " +
           (got ? "true" : "false");
  }
  return "";
}

std::string CheckString(const YAML::Node& c) {
  Result<Matcher> m =
      MakeMatcher(Str(c, "op"), Str(c, "name"), Str(c, "value"));
  if (!m.ok()) return "cannot create matcher: " + m.status().message();
  std::string want = Str(c, "string");
  std::string got = m->ToString();
  if (got != want) return "want " + want + ", got " + got;
  return "";
}

std::string CheckJsonMarshal(const YAML::Node& c) {
  Want want{Str(c, "name"), Str(c, "op"), Str(c, "value")};
  Result<Matcher> m = MakeMatcher(want.op, want.name, want.value);
  if (!m.ok()) return "cannot create matcher: " + m.status().message();
  std::string want_json = Str(c, "json");
  std::string got = model::MarshalMatcherJson(*m);
  if (got != want_json) return "want " + want_json + ", got " + got;
  Result<Matcher> back = model::UnmarshalMatcherJson(got);
  if (!back.ok()) return "unmarshal: " + back.status().message();
  if (!Same(*back, want)) {
    return "unmarshal: want " + Show(want) + ", got " + Show(*back);
  }
  return "";
}

std::string CheckJsonUnmarshal(const YAML::Node& c) {
  Want want{Str(c, "name"), Str(c, "op"), Str(c, "value")};
  Result<Matcher> m = model::UnmarshalMatcherJson(Str(c, "json"));
  if (!m.ok()) return "unmarshal: " + m.status().message();
  if (!Same(*m, want)) return "want " + Show(want) + ", got " + Show(*m);
  return "";
}

std::string CheckLabelName(const YAML::Node& c, MatcherParserMode mode) {
  bool want = c["valid"].as<bool>();
  bool got = model::IsValidLabelName(Str(c, "label_name"), mode);
  if (got != want) {
    return std::string("want valid=") + (want ? "true" : "false") + ", got " +
           (got ? "true" : "false");
  }
  return "";
}

using CaseFn = std::function<std::string(const YAML::Node&)>;

struct Group {
  const char* name;
  CaseFn check;
};

const std::vector<Group>& Groups() {
  static const auto* groups = new std::vector<Group>{
      {"classic_parser",
       [](const YAML::Node& c) {
         return CheckList(model::ParseMatchersClassic(Str(c, "input")), c);
       }},
      {"utf8_parser_matchers",
       [](const YAML::Node& c) {
         return CheckList(model::ParseMatchersUtf8(Str(c, "input")), c);
       }},
      {"utf8_parser_matcher",
       [](const YAML::Node& c) {
         return CheckOne(model::ParseMatcherUtf8(Str(c, "input")), c);
       }},
      {"compliance", CheckCompliance},
      {"fallback_matcher",
       [](const YAML::Node& c) {
         return CheckOne(
             model::ParseMatcher(Str(c, "input"), MatcherParserMode::kFallback),
             c);
       }},
      {"fallback_matchers",
       [](const YAML::Node& c) {
         return CheckList(model::ParseMatchers(Str(c, "input"),
                                               MatcherParserMode::kFallback),
                          c);
       }},
      {"label_name_valid_classic",
       [](const YAML::Node& c) {
         return CheckLabelName(c, MatcherParserMode::kClassic);
       }},
      {"label_name_valid_utf8",
       [](const YAML::Node& c) {
         return CheckLabelName(c, MatcherParserMode::kFallback);
       }},
      {"matcher_matches", CheckMatches},
      {"matcher_string", CheckString},
      {"matcher_json_marshal", CheckJsonMarshal},
      {"matcher_json_unmarshal", CheckJsonUnmarshal},
  };
  return *groups;
}

}  // namespace

Status RunMatchers(const std::filesystem::path& dir, Report& report) {
  YAML::Node root;
  try {
    root = YAML::LoadFile((dir / kFile).string());
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError(std::string(kFile) + ": " + e.what());
  }
  for (const Group& g : Groups()) {
    YAML::Node group = root[g.name];
    if (!group || !group["cases"] || !group["cases"].IsSequence()) {
      report.Fail(kFile, std::string(g.name) + "/cases",
                  "group missing from the data");
      continue;
    }
    size_t index = 0;
    for (const auto& c : group["cases"]) {
      std::string id = std::string(g.name) + "/" + std::to_string(index++);
      try {
        report.Check(kFile, id, g.check(c));
      } catch (const YAML::Exception& e) {
        report.Fail(kFile, id, std::string("bad case data: ") + e.what());
      }
    }
  }
  // Groups in the data that this runner does not know are failures too.
  for (const auto& kv : root) {
    std::string key = kv.first.as<std::string>();
    if (key == "source" || key == "format") continue;
    bool known = false;
    for (const Group& g : Groups()) known = known || key == g.name;
    if (!known) {
      report.Fail(kFile, key + "/cases", "group not handled by this runner");
    }
  }
  return Status::Ok();
}

}  // namespace tocsin::conformance
