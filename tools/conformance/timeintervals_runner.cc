// Runner for alertmanager-timeintervals (shared/conformance/
// alertmanager-timeintervals/cases.yaml; read its `format` section).
//
// Case IDs (stable):
//   contains_struct/<i>/<j>   check j of case i on the canonical struct
//   contains_struct/<i>/config  the case's `config` form parses to the struct
//                               (or is refused when config_valid: false)
//   yaml_list/<i>             an error case (exact message)
//   yaml_list/<i>/parse       an ok case parses to `intervals`
//   yaml_list/<i>/roundtrip   ToYaml + parse gives the same intervals
//   yaml_list/<i>/<j>         check j of an ok case
//   yaml_single/<i>/parse, yaml_single/<i>/<j>
//   time_range_parse/<i>
//   intervener_mutes/<i>
#include <date/date.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <exception>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "base/result.h"
#include "report.h"
#include "timeinterval/intervener.h"
#include "timeinterval/parse.h"
#include "timeinterval/timeinterval.h"

namespace tocsin::conformance {
namespace {

namespace ti = ::tocsin::timeinterval;
using std::chrono::system_clock;

constexpr char kFile[] = "cases.yaml";

// An instant plus the UTC offset it was written with.
struct Instant {
  system_clock::time_point t;
  std::chrono::seconds offset{0};
};

// Parses "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM" / "-HH:MM".
Result<Instant> ParseRfc3339(const std::string& s) {
  std::istringstream in(s);
  date::sys_seconds local;
  in >> date::parse("%Y-%m-%dT%H:%M:%S", local);
  if (in.fail()) return InvalidArgumentError("bad rfc3339 time " + s);
  std::string rest;
  std::getline(in, rest);
  std::chrono::seconds offset{0};
  if (rest != "Z") {
    if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') ||
        rest[3] != ':') {
      return InvalidArgumentError("bad rfc3339 offset in " + s);
    }
    int h = std::stoi(rest.substr(1, 2));
    int m = std::stoi(rest.substr(4, 2));
    offset = std::chrono::seconds{(h * 60 + m) * 60};
    if (rest[0] == '-') offset = -offset;
  }
  // `local` holds the wall clock; the instant is wall clock minus offset.
  return Instant{local - offset, offset};
}

Result<std::vector<ti::InclusiveRange>> Pairs(const YAML::Node& node) {
  std::vector<ti::InclusiveRange> out;
  for (const auto& p : node) {
    if (!p.IsSequence() || p.size() != 2) {
      return InvalidArgumentError("range is not a [begin, end] pair");
    }
    out.push_back({p[0].as<int64_t>(), p[1].as<int64_t>()});
  }
  return out;
}

// Builds the canonical struct form of an interval (format.struct).
Result<ti::TimeInterval> Canonical(const YAML::Node& node) {
  ti::TimeInterval out;
  if (!node || node.IsNull()) return out;
  try {
    if (node["times"]) {
      std::vector<ti::TimeRange> times;
      for (const auto& p : node["times"]) {
        times.push_back({p[0].as<int>(), p[1].as<int>()});
      }
      out.times = times;
    }
    struct Field {
      const char* key;
      std::optional<std::vector<ti::InclusiveRange>>* dst;
    };
    for (Field f : {Field{"weekdays", &out.weekdays},
                    Field{"days_of_month", &out.days_of_month},
                    Field{"months", &out.months}, Field{"years", &out.years}}) {
      if (!node[f.key]) continue;
      ASSIGN_OR_RETURN(*f.dst, Pairs(node[f.key]));
    }
    if (node["location"]) {
      ASSIGN_OR_RETURN(out.location,
                       ti::LoadLocation(node["location"].as<std::string>()));
    }
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError(std::string("bad canonical interval: ") +
                                e.what());
  }
  return out;
}

std::string Dump(const ti::TimeInterval& interval) {
  YAML::Emitter e;
  e << YAML::Flow << ti::ToYaml(interval);
  return e.c_str();
}

std::string Dump(const std::vector<ti::TimeInterval>& intervals) {
  YAML::Emitter e;
  e << YAML::Flow << ti::ToYaml(intervals);
  return e.c_str();
}

// Runs the `checks` of one case; `contains` decides one instant.
template <typename Contains>
void RunChecks(const std::string& id_prefix, const YAML::Node& checks,
               const Contains& contains, Report& report) {
  for (size_t j = 0; j < checks.size(); ++j) {
    const YAML::Node& c = checks[j];
    std::string id = id_prefix + "/" + std::to_string(j);
    Result<Instant> at = ParseRfc3339(c["rfc3339"].as<std::string>());
    if (!at.ok()) {
      report.Fail(kFile, id, at.status().ToString());
      continue;
    }
    bool want = c["contained"].as<bool>();
    bool got = contains(*at);
    report.Check(kFile, id,
                 got == want
                     ? ""
                     : "at " + c["rfc3339"].as<std::string>() +
                           ": want contained=" + (want ? "true" : "false") +
                           ", got " + (got ? "true" : "false"));
  }
}

void RunContainsStruct(const YAML::Node& group, Report& report) {
  const YAML::Node cases = group["cases"];
  for (size_t i = 0; i < cases.size(); ++i) {
    const YAML::Node& c = cases[i];
    const std::string prefix = "contains_struct/" + std::to_string(i);
    Result<ti::TimeInterval> interval = Canonical(c["interval"]);
    if (!interval.ok()) {
      report.Fail(kFile, prefix, interval.status().ToString());
      continue;
    }
    // Without a location the Go test reads the wall clock of the timestamp
    // as written; shifting by the written offset and reading UTC does that.
    const bool wall_clock = !interval->location.has_value();
    RunChecks(
        prefix, c["checks"],
        [&](const Instant& at) {
          return interval->ContainsTime(wall_clock ? at.t + at.offset : at.t);
        },
        report);
    // The same interval written as config YAML.
    const bool config_valid =
        !c["config_valid"] || c["config_valid"].as<bool>();
    Result<ti::TimeInterval> parsed = ti::ParseTimeInterval(c["config"]);
    std::string detail;
    if (config_valid && !parsed.ok()) {
      detail = "config refused: " + parsed.status().ToString();
    } else if (config_valid && !(*parsed == *interval)) {
      detail =
          "config parsed to " + Dump(*parsed) + ", want " + Dump(*interval);
    } else if (!config_valid && parsed.ok()) {
      detail = "config accepted, want refused: " + Dump(*parsed);
    }
    report.Check(kFile, prefix + "/config", detail);
  }
}

// yaml_list and yaml_single.
void RunYaml(const std::string& group_name, const YAML::Node& group, bool list,
             Report& report) {
  const YAML::Node cases = group["cases"];
  for (size_t i = 0; i < cases.size(); ++i) {
    const YAML::Node& c = cases[i];
    const std::string prefix = group_name + "/" + std::to_string(i);
    YAML::Node doc;
    try {
      doc = YAML::Load(c["yaml"].as<std::string>());
    } catch (const YAML::Exception& e) {
      report.Fail(kFile, prefix, std::string("YAML error: ") + e.what());
      continue;
    }
    Result<std::vector<ti::TimeInterval>> parsed =
        list ? ti::ParseTimeIntervalList(doc)
             : [&]() -> Result<std::vector<ti::TimeInterval>> {
      Result<ti::TimeInterval> one = ti::ParseTimeInterval(doc);
      if (!one.ok()) return one.status();
      return std::vector<ti::TimeInterval>{*one};
    }();
    const bool want_ok = !c["ok"] || c["ok"].as<bool>();
    if (!want_ok) {
      const std::string want = c["error"].as<std::string>();
      if (parsed.ok()) {
        report.Fail(kFile, prefix, "accepted, want error \"" + want + "\"");
      } else {
        report.Check(kFile, prefix,
                     parsed.status().message() == want
                         ? ""
                         : "error \"" + parsed.status().message() +
                               "\", want \"" + want + "\"");
      }
      continue;
    }
    if (!parsed.ok()) {
      report.Fail(kFile, prefix + "/parse",
                  "refused: " + parsed.status().ToString());
      continue;
    }
    if (c["intervals"]) {
      std::vector<ti::TimeInterval> want;
      std::string detail;
      for (const auto& n : c["intervals"]) {
        Result<ti::TimeInterval> w = Canonical(n);
        if (!w.ok()) {
          detail = w.status().ToString();
          break;
        }
        want.push_back(*w);
      }
      if (detail.empty() && !(want == *parsed)) {
        detail = "parsed " + Dump(*parsed) + ", want " + Dump(want);
      }
      report.Check(kFile, prefix + "/parse", detail);
    } else {
      report.Pass(kFile, prefix + "/parse");
    }
    if (list) {
      // Upstream TestYamlMarshal: marshal and unmarshal again, unchanged.
      YAML::Emitter e;
      e << ti::ToYaml(*parsed);
      std::string detail;
      try {
        Result<std::vector<ti::TimeInterval>> again =
            ti::ParseTimeIntervalList(YAML::Load(e.c_str()));
        if (!again.ok()) {
          detail = "reparse failed: " + again.status().ToString();
        } else if (!(*again == *parsed)) {
          detail =
              "round trip changed " + Dump(*parsed) + " to " + Dump(*again);
        }
      } catch (const YAML::Exception& ex) {
        detail = std::string("emitted YAML unreadable: ") + ex.what();
      }
      report.Check(kFile, prefix + "/roundtrip", detail);
    }
    if (c["checks"]) {
      const std::vector<ti::TimeInterval>& intervals = *parsed;
      RunChecks(
          prefix, c["checks"],
          [&](const Instant& at) {
            for (const ti::TimeInterval& x : intervals) {
              if (x.ContainsTime(x.location ? at.t : at.t + at.offset)) {
                return true;
              }
            }
            return false;
          },
          report);
    }
  }
}

void RunTimeRangeParse(const YAML::Node& group, Report& report) {
  const YAML::Node cases = group["cases"];
  for (size_t i = 0; i < cases.size(); ++i) {
    const YAML::Node& c = cases[i];
    const std::string id = "time_range_parse/" + std::to_string(i);
    Result<ti::TimeRange> r =
        ti::ParseTimeRange(YAML::Load(c["yaml"].as<std::string>()));
    const bool want_ok = c["ok"].as<bool>();
    if (!want_ok) {
      report.Check(kFile, id, r.ok() ? "accepted, want an error" : "");
      continue;
    }
    if (!r.ok()) {
      report.Fail(kFile, id, "refused: " + r.status().ToString());
      continue;
    }
    ti::TimeRange want{c["minutes"][0].as<int>(), c["minutes"][1].as<int>()};
    report.Check(kFile, id,
                 *r == want ? ""
                            : "got [" + std::to_string(r->start_minute) + ", " +
                                  std::to_string(r->end_minute) + "]");
  }
}

void RunIntervenerMutes(const YAML::Node& group, Report& report) {
  std::map<std::string, std::vector<ti::TimeInterval>> named;
  std::string setup_error;
  for (const auto& kv : group["named_intervals"]) {
    std::vector<ti::TimeInterval> list;
    for (const auto& n : kv.second) {
      Result<ti::TimeInterval> x = Canonical(n);
      if (!x.ok()) {
        setup_error = x.status().ToString();
        break;
      }
      list.push_back(*x);
    }
    named[kv.first.as<std::string>()] = list;
  }
  ti::Intervener intervener(named);
  const YAML::Node cases = group["cases"];
  for (size_t i = 0; i < cases.size(); ++i) {
    const YAML::Node& c = cases[i];
    const std::string id = "intervener_mutes/" + std::to_string(i);
    if (!setup_error.empty()) {
      report.Fail(kFile, id, setup_error);
      continue;
    }
    Result<Instant> now = ParseRfc3339(c["now"].as<std::string>());
    if (!now.ok()) {
      report.Fail(kFile, id, now.status().ToString());
      continue;
    }
    Result<ti::MuteResult> got = intervener.Mutes(
        c["query_names"].as<std::vector<std::string>>(), now->t);
    if (!got.ok()) {
      report.Fail(kFile, id, got.status().ToString());
      continue;
    }
    ti::MuteResult want{c["muted"].as<bool>(),
                        c["muted_by"].as<std::vector<std::string>>()};
    std::string detail;
    if (!(*got == want)) {
      detail = "got muted=" + std::string(got->muted ? "true" : "false") +
               " muted_by=[";
      for (const std::string& n : got->muted_by) detail += n + " ";
      detail += "]";
    }
    report.Check(kFile, id, detail);
  }
}

}  // namespace

Status RunTimeIntervals(const std::filesystem::path& dir, Report& report) {
  YAML::Node root;
  try {
    root = YAML::LoadFile((dir / kFile).string());
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError((dir / kFile).string() + ": " + e.what());
  }
  try {
    RunContainsStruct(root["contains_struct"], report);
    RunYaml("yaml_list", root["yaml_list"], /*list=*/true, report);
    RunYaml("yaml_single", root["yaml_single"], /*list=*/false, report);
    RunTimeRangeParse(root["time_range_parse"], report);
    RunIntervenerMutes(root["intervener_mutes"], report);
  } catch (const std::exception& e) {
    return InvalidArgumentError((dir / kFile).string() +
                                ": unexpected data shape: " + e.what());
  }
  return Status::Ok();
}

}  // namespace tocsin::conformance
