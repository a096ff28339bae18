// Differential tests: every scenario in tests/e2e/differential/scenarios/
// (*.yml: a config and timed phases of API steps) runs against Debian's
// Alertmanager 0.25 and against tocsin at the same time (same wall-clock
// phases, same request bodies), and every answer and every webhook
// notification must be identical after normalization (normalize.h). One
// ctest test per scenario file. The scenario format is described in
// docs/testing.md ("Differential tests").
//
// TOCSIN_DIFF_AM_VS_AM=1 runs a second Alertmanager in tocsin's place: the
// comparison must then pass too, which shows that the scenarios and the
// normalization are deterministic.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/duration.h"
#include "e2e/differential/normalize.h"
#include "e2e/differential/webhook_sink.h"
#include "e2e/harness/http_client.h"
#include "e2e/harness/process.h"
#include "e2e/harness/servers.h"
#include "e2e/harness/wait.h"

namespace tocsin::e2e::diff {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// ---------------------------------------------------------------------------
// Scenario files.

std::filesystem::path ScenarioDir() { return DIFFERENTIAL_SCENARIO_DIR; }

std::vector<std::string> ScenarioNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(ScenarioDir(), ec)) {
    if (e.path().extension() == ".yml") names.push_back(e.path().stem());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// TOCSIN_DIFF_VERBOSE=1 prints every step's normalized answers and every
// phase's notifications (for reading what was compared).
bool Verbose() {
  const char* v = std::getenv("TOCSIN_DIFF_VERBOSE");
  return v != nullptr && std::string(v) == "1";
}

bool AmVsAm() {
  const char* v = std::getenv("TOCSIN_DIFF_AM_VS_AM");
  return v != nullptr && std::string(v) == "1";
}

// ---------------------------------------------------------------------------
// One server under comparison.

struct Side {
  std::string label;  // "alertmanager", "tocsin", "alertmanager-2"
  bool is_am025 = false;
  std::string prefix;  // sink path prefix: "/a" or "/b"
  std::unique_ptr<Server> server;
  // After a `restart` step: the process now serving server->port() (same
  // args, same dir). Declared after `server`: stopped before its dir goes.
  std::unique_ptr<Process> restarted;
  int restarts = 0;
  IdNames ids;  // silence ID -> scenario name

  std::string DumpLogs() const {
    return server->DumpLog() + (restarted ? restarted->DumpLog() : "");
  }
};

// The command line of a running process (/proc/<pid>/cmdline).
Result<std::vector<std::string>> CommandLine(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline",
                   std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)),
                  std::istreambuf_iterator<char>());
  if (all.empty())
    return NotFoundError("no cmdline for pid " + std::to_string(pid));
  std::vector<std::string> args;
  size_t start = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i] == '\0') {
      args.push_back(all.substr(start, i - start));
      start = i + 1;
    }
  }
  return args;
}

// Stops the side's server (SIGTERM, as an operator would) and starts the same
// command line again on the same port and dir (so the same storage), then
// waits (bounded) until GET /-/ready answers 200.
Status Restart(Side& side) {
  Process& current = side.restarted ? *side.restarted : side.server->process();
  ASSIGN_OR_RETURN(std::vector<std::string> args, CommandLine(current.pid()));
  int status = current.Stop();
  if (status != 0) {
    return InternalError(side.label + " exited with " + std::to_string(status) +
                         " on SIGTERM");
  }
  ProcessOptions po;
  po.name = side.label + "-restarted";
  po.program = args[0];
  po.args.assign(args.begin() + 1, args.end());
  po.log_path = side.server->dir() /
                ("restart-" + std::to_string(++side.restarts) + ".log");
  po.working_dir = side.server->dir();
  ASSIGN_OR_RETURN(std::unique_ptr<Process> p, Process::Start(po));
  std::string ready_url = side.server->url() + "/-/ready";
  bool exited = false;
  bool ok = WaitUntil(
      [&] {
        if (!p->Running()) {
          exited = true;
          return true;
        }
        auto r = HttpGet(ready_url, std::chrono::seconds(2));
        return r.ok() && r->status == 200;
      },
      kDefaultWait);
  if (!ok || exited) {
    return UnavailableError(
        side.label + " did not come back after a restart\n" + p->DumpLog());
  }
  side.restarted = std::move(p);
  return Status();
}

struct Request {
  std::string method;
  std::string path;
  std::string body;
  std::string content_type;
};

struct Outcome {
  long status = 0;
  std::string body;
  std::string transport_error;  // non-empty when the request failed
};

Outcome Send(const Side& side, const Request& r) {
  auto resp = HttpRequest(r.method, side.server->url() + r.path, r.body,
                          r.content_type, std::chrono::seconds(10));
  Outcome o;
  if (!resp.ok()) {
    o.transport_error = resp.status().message();
    return o;
  }
  o.status = resp->status;
  o.body = resp->body;
  return o;
}

// Known, deliberate differences between Debian's Alertmanager 0.25 and the
// current Alertmanager, which tocsin follows. Applied to 0.25's answers only;
// each rule names the difference. Nothing else is normalized away.
void NormalizeKnownAm025Differences(const std::string& kind, Outcome* o) {
  // DELETE /api/v2/silence/{id} for an ID that does not exist: 0.25 answers
  // 500 with the JSON string "silence not found"; current Alertmanager
  // (api/v2/api.go deleteSilenceHandler: errors.Is(err, silence.ErrNotFound)
  // -> NewDeleteSilenceNotFound) answers 404 without a body.
  if (kind == "delete_silence" && o->status == 500 &&
      NormalizeBody(o->body) == "\"silence not found\"") {
    o->status = 404;
    o->body.clear();
  }
}

// Alertmanager's own nondeterminism, normalized on both sides.
void NormalizeNondeterminism(Outcome* o) {
  // go-swagger's 405 body lists the allowed methods in Go map order
  // ("method PUT is not allowed, but [POST,GET] are" or "[GET,POST]"):
  // the list is sorted.
  static const std::regex kAllowed(R"(is not allowed, but \[([A-Z,]*)\] are)");
  std::smatch m;
  if (o->status == 405 && std::regex_search(o->body, m, kAllowed)) {
    std::vector<std::string> methods;
    std::stringstream ss(m[1].str());
    for (std::string item; std::getline(ss, item, ',');) {
      methods.push_back(item);
    }
    std::sort(methods.begin(), methods.end());
    std::string sorted;
    for (const std::string& x : methods) {
      sorted += (sorted.empty() ? "" : ",") + x;
    }
    o->body = m.prefix().str() + "is not allowed, but [" + sorted + "] are" +
              m.suffix().str();
  }
}

// Deliberate differences of tocsin from every Alertmanager version, applied
// to tocsin's answers only; each rule names the difference.
void NormalizeDeliberateTocsinDifferences(const std::string& kind, Outcome* o) {
  // POST /-/reload with a bad config: tocsin's config errors name the place
  // first (shared/DESIGN.md, config: "file:line errors"), e.g.
  // "failed to reload config: /x/alertmanager.yml:2: route.receiver:
  // undefined receiver ..."; Alertmanager's text is the part after the
  // place, which is still compared exactly.
  static const std::regex kPlace(
      R"(^(failed to reload config: )[^\n:]+:[0-9]+: [^ :]+: )");
  if (kind == "reload" && o->status != 200) {
    o->body = std::regex_replace(o->body, kPlace, "$1",
                                 std::regex_constants::format_first_only);
  }
}

// ---------------------------------------------------------------------------
// Building requests from scenario steps.

std::string Str(const YAML::Node& n) { return n.as<std::string>(); }

// Wall-clock "now" of a step in ms, shifted so that it is in the past and
// ends in .123: times the client sends are then never confused with a
// server-chosen time of the same second.
int64_t StepNowMs() {
  int64_t ms = std::chrono::duration_cast<milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  return ms - ms % 1000 - 1000 + 123;
}

// "now", "now-30s", "now+1h" relative to `now_ms`, or an absolute RFC 3339
// time. Returns the text to send and records its value.
Result<std::string> ResolveTime(const std::string& spec, int64_t now_ms,
                                const std::string& key, ClientTimes* times) {
  int64_t ms;
  if (spec.rfind("now", 0) == 0) {
    ms = now_ms;
    if (spec.size() > 3) {
      char sign = spec[3];
      if (sign != '+' && sign != '-') {
        return InvalidArgumentError("bad time spec: " + spec);
      }
      ASSIGN_OR_RETURN(Duration d, ParseDuration(spec.substr(4)));
      ms += (sign == '+' ? 1 : -1) * d.count();
    }
  } else {
    std::optional<int64_t> abs = ParseRfc3339Ms(spec);
    if (!abs) return InvalidArgumentError("bad time spec: " + spec);
    times->Add(key, *abs);
    return spec;
  }
  times->Add(key, ms);
  return FormatRfc3339Ms(ms);
}

json::object StringMap(const YAML::Node& n) {
  json::object o;
  if (!n) return o;
  for (const auto& kv : n) o[Str(kv.first)] = Str(kv.second);
  return o;
}

Result<std::string> AlertsBody(const YAML::Node& alerts, ClientTimes* times) {
  int64_t now = StepNowMs();
  json::array arr;
  for (const YAML::Node& a : alerts) {
    json::object o;
    json::object labels = StringMap(a["labels"]);
    std::string key = LabelsKey(labels);
    o["labels"] = std::move(labels);
    if (a["annotations"]) o["annotations"] = StringMap(a["annotations"]);
    if (a["generatorURL"]) o["generatorURL"] = Str(a["generatorURL"]);
    for (const char* f : {"startsAt", "endsAt"}) {
      if (!a[f]) continue;
      ASSIGN_OR_RETURN(std::string t, ResolveTime(Str(a[f]), now, key, times));
      o[f] = t;
    }
    arr.push_back(std::move(o));
  }
  return json::serialize(arr);
}

// The silence body for one side (an `id:` names a silence of that side).
Result<std::string> SilenceBody(const YAML::Node& s, const Side& side,
                                int64_t now, ClientTimes* times) {
  json::object o;
  if (s["id"]) {
    std::string name = Str(s["id"]);
    std::string id = "<no silence named " + name + ">";
    for (const auto& [k, v] : side.ids) {
      if (v == name) id = k;
    }
    o["id"] = id;
  }
  json::array matchers;
  for (const YAML::Node& m : s["matchers"]) {
    json::object mo;
    mo["name"] = Str(m["name"]);
    mo["value"] = Str(m["value"]);
    mo["isRegex"] = m["isRegex"] ? m["isRegex"].as<bool>() : false;
    if (m["isEqual"]) mo["isEqual"] = m["isEqual"].as<bool>();
    matchers.push_back(std::move(mo));
  }
  o["matchers"] = std::move(matchers);
  for (const char* f : {"startsAt", "endsAt"}) {
    if (!s[f]) continue;
    ASSIGN_OR_RETURN(std::string t, ResolveTime(Str(s[f]), now, "", times));
    o[f] = t;
  }
  o["createdBy"] = s["createdBy"] ? Str(s["createdBy"]) : "differential";
  o["comment"] = s["comment"] ? Str(s["comment"]) : "differential test";
  return json::serialize(o);
}

// Percent-encodes a scenario's query string ("filter=a=\"b\"&silenced=false")
// for the URL: every byte but unreserved ones, '&' and each pair's first '='.
std::string EncodeQuery(const std::string& q) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  bool in_value = false;
  for (unsigned char c : q) {
    if (c == '&') {
      in_value = false;
      out += '&';
    } else if (c == '=' && !in_value) {
      in_value = true;
      out += '=';
    } else if (std::isalnum(c) || c == '-' || c == '.' || c == '_' ||
               c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string SilenceIdFor(const YAML::Node& step, const Side& side) {
  if (step["raw_id"]) return Str(step["raw_id"]);
  std::string name = Str(step["id"]);
  for (const auto& [k, v] : side.ids) {
    if (v == name) return k;
  }
  return "<no silence named " + name + ">";
}

// ---------------------------------------------------------------------------
// The runner.

class DifferentialTest : public ::testing::TestWithParam<std::string> {};

std::string SubstituteSink(std::string config, const std::string& url) {
  const std::string token = "${SINK}";
  for (size_t pos = config.find(token); pos != std::string::npos;
       pos = config.find(token, pos + url.size())) {
    config.replace(pos, token.size(), url);
  }
  return config;
}

std::vector<std::string> StringList(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n) {
    for (const YAML::Node& e : n) out.push_back(Str(e));
  }
  return out;
}

class ScenarioRun {
 public:
  ScenarioRun(std::string name, YAML::Node doc)
      : name_(std::move(name)), doc_(std::move(doc)) {}

  void Run() {
    auto sink = WebhookSink::Start();
    ASSERT_TRUE(sink.ok()) << sink.status();
    sink_ = std::move(*sink);
    ASSERT_NO_FATAL_FAILURE(StartServers());

    const YAML::Node phases = doc_["phases"];
    ASSERT_TRUE(phases && phases.IsSequence() && phases.size() > 0)
        << name_ << ": no phases";
    ASSERT_TRUE(doc_["end"]) << name_ << ": no end";
    double end = doc_["end"].as<double>();
    t0_ = Clock::now() + milliseconds(300);
    for (size_t i = 0; i < phases.size(); ++i) {
      const YAML::Node phase = phases[i];
      double at = phase["at"].as<double>();
      double next =
          i + 1 < phases.size() ? phases[i + 1]["at"].as<double>() : end;
      std::string pname =
          phase["name"] ? Str(phase["name"]) : "phase " + std::to_string(i);
      ASSERT_LT(at, next) << pname;
      WaitFor(At(at));
      const YAML::Node steps = phase["steps"];
      if (steps) {
        for (size_t s = 0; s < steps.size(); ++s) {
          RunStep(pname + " step " + std::to_string(s + 1), steps[s]);
        }
      }
      // The steps must be done well before the next phase (at most half of
      // the phase, at most 1.5 s), so what they trigger arrives inside it.
      milliseconds margin =
          std::min(milliseconds(1500),
                   milliseconds(static_cast<int64_t>((next - at) * 500)));
      EXPECT_LT(Clock::now(), At(next) - margin)
          << pname << ": the steps ran into the next phase";
      WaitFor(At(next));
      CompareNotifications(pname, phase, At(at), At(next));
    }
    for (Side& s : sides_) {
      if (::testing::Test::HasFailure()) {
        std::cerr << "---- " << s.label << " log\n" << s.DumpLogs();
      }
    }
  }

 private:
  Clock::time_point At(double seconds) const {
    return t0_ + milliseconds(static_cast<int64_t>(seconds * 1000));
  }

  // Bounded wait until `t` (polling; the scenario's timeline is the test).
  static void WaitFor(Clock::time_point t) {
    auto left = std::chrono::duration_cast<milliseconds>(t - Clock::now());
    WaitUntil([&] { return Clock::now() >= t; },
              std::max(left, milliseconds(0)) + milliseconds(100),
              milliseconds(5));
  }

  void StartServers() {
    std::string config = Str(doc_["config"]);
    bool am_vs_am = AmVsAm();
    sides_.resize(2);
    sides_[0].label = "alertmanager";
    sides_[0].is_am025 = true;
    sides_[0].prefix = "/a";
    sides_[1].label = am_vs_am ? "alertmanager-2" : "tocsin";
    sides_[1].is_am025 = am_vs_am;
    sides_[1].prefix = "/b";

    // Started one after the other from this thread: the harness's children
    // die with the thread that forked them (PR_SET_PDEATHSIG), so a helper
    // thread must not start them.
    AlertmanagerOptions am;
    am.config_yaml = SubstituteSink(config, sink_->url() + "/a");
    am.extra_args = StringList(doc_["alertmanager_args"]);
    auto a = StartAlertmanager(am);
    ASSERT_TRUE(a.ok()) << a.status();
    std::string cfg_b = SubstituteSink(config, sink_->url() + "/b");
    Result<std::unique_ptr<Server>> b = UnavailableError("not started");
    if (am_vs_am) {
      AlertmanagerOptions am2;
      am2.config_yaml = cfg_b;
      am2.extra_args = StringList(doc_["alertmanager_args"]);
      b = StartAlertmanager(am2);
    } else {
      TocsinOptions t;
      t.config_yaml = cfg_b;
      t.extra_args = StringList(doc_["tocsin_args"]);
      b = StartTocsin(t);
    }
    ASSERT_TRUE(b.ok()) << b.status();
    sides_[0].server = std::move(*a);
    sides_[1].server = std::move(*b);
  }

  NormContext Ctx(const Side& side) const { return {&times_, &side.ids}; }

  // Builds the request of `step` for one side.
  Result<Request> BuildRequest(const std::string& kind, const YAML::Node& step,
                               const Side& side, int64_t now,
                               const std::string& alerts_body) {
    Request r;
    r.content_type =
        step["content_type"] ? Str(step["content_type"]) : "application/json";
    std::string query =
        step["query"] ? "?" + EncodeQuery(Str(step["query"])) : "";
    if (kind == "post_alerts") {
      r.method = "POST";
      r.path = "/api/v2/alerts";
      r.body = alerts_body;
    } else if (kind == "get_alerts") {
      r.method = "GET";
      r.path = "/api/v2/alerts" + query;
    } else if (kind == "get_alert_groups") {
      r.method = "GET";
      r.path = "/api/v2/alerts/groups" + query;
    } else if (kind == "post_silence") {
      r.method = "POST";
      r.path = "/api/v2/silences";
      if (step["body"]) {
        r.body = Str(step["body"]);
      } else {
        ASSIGN_OR_RETURN(r.body,
                         SilenceBody(step["silence"], side, now, &times_));
      }
    } else if (kind == "get_silences") {
      r.method = "GET";
      r.path = "/api/v2/silences" + query;
    } else if (kind == "get_silence" || kind == "delete_silence") {
      r.method = kind == "get_silence" ? "GET" : "DELETE";
      r.path = "/api/v2/silence/" + SilenceIdFor(step, side);
    } else if (kind == "reload") {
      std::string config =
          SubstituteSink(Str(step["config"]), sink_->url() + side.prefix);
      auto written = TempDirWrite(side, config);
      if (!written.ok()) return written;
      r.method = "POST";
      r.path = "/-/reload";
    } else if (kind == "http") {
      r.method = Str(step["method"]);
      r.path = Str(step["path"]);
      if (step["body"]) r.body = Str(step["body"]);
    } else {
      return InvalidArgumentError("unknown step kind: " + kind);
    }
    return r;
  }

  // Both harness starters read <server dir>/alertmanager.yml.
  static Status TempDirWrite(const Side& side, const std::string& config) {
    std::ofstream out(side.server->dir() / "alertmanager.yml", std::ios::trunc);
    out << config;
    out.close();
    if (!out) return InternalError("cannot write the config of " + side.label);
    return Status();
  }

  // "status <code>\n<normalized body>".
  std::string Normalize(const std::string& kind, const YAML::Node& step,
                        const Side& side, const Outcome& o) {
    if (!o.transport_error.empty()) return "transport error";
    std::string head = "status " + std::to_string(o.status) + "\n";
    bool compare_body =
        step["compare_body"] ? step["compare_body"].as<bool>() : true;
    if (!compare_body) return head;
    if (o.status == 200) {
      if (kind == "get_alerts")
        return head + NormalizeAlertList(o.body, Ctx(side));
      if (kind == "get_alert_groups") {
        return head + NormalizeAlertGroups(o.body, Ctx(side));
      }
      if (kind == "get_silences") {
        return head + NormalizeSilenceList(o.body, Ctx(side));
      }
      if (kind == "get_silence")
        return head + NormalizeSilence(o.body, Ctx(side));
      if (kind == "post_silence") {
        return head + NormalizeSilenceCreated(o.body, Ctx(side));
      }
    }
    return head + NormalizeBody(o.body);
  }

  void RunStep(const std::string& where, const YAML::Node& step) {
    ASSERT_TRUE(step["do"]) << where << ": no 'do'";
    std::string kind = Str(step["do"]);
    std::string context = name_ + " " + where + " (" + kind + ")";
    if (kind == "restart") {
      for (Side& side : sides_) {
        Status st = Restart(side);
        ASSERT_TRUE(st.ok()) << context << ": " << st;
      }
      return;
    }
    int64_t now = StepNowMs();
    std::string alerts_body;
    if (kind == "post_alerts") {
      if (step["body"]) {
        alerts_body = Str(step["body"]);
      } else {
        auto body = AlertsBody(step["alerts"], &times_);
        ASSERT_TRUE(body.ok()) << context << ": " << body.status();
        alerts_body = *body;
      }
    }
    std::vector<Request> requests;
    for (const Side& side : sides_) {
      auto r = BuildRequest(kind, step, side, now, alerts_body);
      ASSERT_TRUE(r.ok()) << context << ": " << r.status();
      requests.push_back(*r);
    }
    // Both servers at the same moment.
    auto second = std::async(std::launch::async,
                             [&] { return Send(sides_[1], requests[1]); });
    Outcome first = Send(sides_[0], requests[0]);
    std::vector<Outcome> outcomes = {first, second.get()};
    std::vector<std::string> normalized;
    for (size_t i = 0; i < sides_.size(); ++i) {
      EXPECT_TRUE(outcomes[i].transport_error.empty())
          << context << " " << sides_[i].label << ": "
          << outcomes[i].transport_error;
      NormalizeNondeterminism(&outcomes[i]);
      if (sides_[i].is_am025) {
        NormalizeKnownAm025Differences(kind, &outcomes[i]);
      } else {
        NormalizeDeliberateTocsinDifferences(kind, &outcomes[i]);
      }
      if (step["expect_status"]) {
        EXPECT_EQ(outcomes[i].status, step["expect_status"].as<long>())
            << context << " " << sides_[i].label << " answered:\n"
            << outcomes[i].body;
      }
      normalized.push_back(Normalize(kind, step, sides_[i], outcomes[i]));
    }
    if (Verbose()) {
      std::cerr << "== " << context << ": " << requests[0].method << " "
                << requests[0].path << "\n";
      for (size_t i = 0; i < sides_.size(); ++i) {
        std::cerr << "-- " << sides_[i].label << ": " << normalized[i];
        if (normalized[i].empty() || normalized[i].back() != '\n') {
          std::cerr << "\n";
        }
      }
    }
    EXPECT_EQ(normalized[0], normalized[1])
        << context << ": " << sides_[0].label << " (first) and "
        << sides_[1].label << " (second) differ.\nRequest to "
        << sides_[1].label << ": " << requests[1].method << " "
        << requests[1].path << "\n"
        << requests[1].body << "\nRaw answers:\n"
        << sides_[0].label << ": " << outcomes[0].body << "\n"
        << sides_[1].label << ": " << outcomes[1].body;
    // Record new silence IDs after normalizing (an update that keeps its ID
    // shows the old name; a new ID shows "<new-id>").
    if (kind == "post_silence" && step["save_as"]) {
      for (size_t i = 0; i < sides_.size(); ++i) {
        if (outcomes[i].status != 200) continue;
        boost::system::error_code ec;
        json::value v = json::parse(outcomes[i].body, ec);
        if (!ec && v.is_object() && v.as_object().contains("silenceID") &&
            v.at("silenceID").is_string()) {
          sides_[i].ids[std::string(v.at("silenceID").as_string())] =
              Str(step["save_as"]);
        }
      }
    }
  }

  void CompareNotifications(const std::string& pname, const YAML::Node& phase,
                            Clock::time_point from, Clock::time_point to) {
    std::vector<SinkRecord> records = sink_->Records();
    std::vector<std::string> per_side[2];
    for (const SinkRecord& r : records) {
      if (r.arrival < from || r.arrival >= to) continue;
      for (size_t i = 0; i < sides_.size(); ++i) {
        const std::string& p = sides_[i].prefix;
        if (r.path.rfind(p + "/", 0) == 0) {
          per_side[i].push_back("Content-Type: " + r.content_type + " " +
                                NormalizeNotification(r.path.substr(p.size()),
                                                      r.body, Ctx(sides_[i])));
        }
      }
    }
    std::string text[2];
    for (int i = 0; i < 2; ++i) {
      std::sort(per_side[i].begin(), per_side[i].end());
      for (const std::string& n : per_side[i]) text[i] += n + "\n";
    }
    if (Verbose()) {
      for (int i = 0; i < 2; ++i) {
        std::cerr << "== " << name_ << " " << pname << ": notifications to "
                  << sides_[i].label << "\n"
                  << text[i];
      }
    }
    if (phase["expect_notifications"]) {
      size_t want = phase["expect_notifications"].as<size_t>();
      for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(per_side[i].size(), want)
            << name_ << " " << pname << ": notifications to " << sides_[i].label
            << ":\n"
            << text[i];
      }
    }
    EXPECT_EQ(text[0], text[1])
        << name_ << " " << pname << ": notifications differ ("
        << sides_[0].label << " first, " << sides_[1].label << " second)";
  }

  std::string name_;
  YAML::Node doc_;
  std::unique_ptr<WebhookSink> sink_;
  std::vector<Side> sides_;
  ClientTimes times_;
  Clock::time_point t0_;
};

TEST_P(DifferentialTest, Run) {
  std::filesystem::path file = ScenarioDir() / (GetParam() + ".yml");
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    FAIL() << file << ": " << e.what();
  }
  try {
    ScenarioRun(GetParam(), doc).Run();
  } catch (const YAML::Exception& e) {
    FAIL() << file << ": malformed scenario: " << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, DifferentialTest,
                         ::testing::ValuesIn(ScenarioNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) {
                               c = '_';
                             }
                           }
                           return n;
                         });

TEST(DifferentialScenarios, AtLeastFiveScenarioFilesExist) {
  EXPECT_GE(ScenarioNames().size(), 5u) << ScenarioDir();
}

}  // namespace
}  // namespace tocsin::e2e::diff
