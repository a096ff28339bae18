// amtool 0.25 (HOME set to a temp dir, so no user config is read) runs one
// script of commands against a server: alert add/query, silence
// add/query/expire/import, config show, config routes and config routes test
// WITHOUT --config.file (amtool then reads the config from
// GET /api/v2/status). Outputs are compared exactly after normalization
// (silence IDs become <silence-N> in order of first appearance; the fixed
// times the script uses become <T-1h>, <T+2h>, ...; any other time, i.e. a
// server's "now", becomes <now>):
//   - against Alertmanager 0.25, with the outputs recorded from it below
//     (so the expectations are Alertmanager's own), and
//   - against tocsin, with Alertmanager running the same script beside it:
//     each step's output must equal Alertmanager's live output and the
//     recording.
// Each run prints a transcript of every command and its output.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "e2e/harness/servers.h"
#include "e2e/harness/temp_dir.h"

namespace tocsin::e2e {
namespace {

constexpr char kConfig[] =
    "global:\n"
    "  resolve_timeout: 5m\n"
    "route:\n"
    "  receiver: default\n"
    "  group_by: ['alertname']\n"
    "  group_wait: 1s\n"
    "  group_interval: 1s\n"
    "  repeat_interval: 1h\n"
    "  routes:\n"
    "    - matchers: ['severity=\"critical\"']\n"
    "      receiver: pager\n"
    "      continue: true\n"
    "    - matchers: ['team=~\"db|storage\"']\n"
    "      receiver: storage-team\n"
    "inhibit_rules:\n"
    "  - source_matchers: ['severity=\"critical\"']\n"
    "    target_matchers: ['severity=\"warning\"']\n"
    "    equal: ['team']\n"
    "receivers:\n"
    "  - name: default\n"
    "  - name: pager\n"
    "  - name: storage-team\n";

// One command of the script. In `args`, "{T-1h}", "{T+2h}", ... stand for
// the fixed times (RFC 3339), "{silence-N}" for the N-th silence ID seen and
// "{home}" for amtool's HOME.
struct Step {
  std::vector<std::string> args;
  int exit_status = 0;
  // Normalized output (stdout and stderr interleaved).
  std::string expected;
  // Sort the output's lines before comparing (silence import prints the
  // IDs in the order its concurrent workers finish).
  bool sort_lines = false;
  // Also write the output (amtool's version warning removed) to
  // {home}/<save_as>.
  std::string save_as;
};

// The fixed times: offsets in hours from T, the current hour (UTC).
constexpr int kOffsets[] = {-1, 2, 3, 4};

std::string OffsetName(int h) {
  return std::string("T") + (h < 0 ? "-" : "+") + std::to_string(std::abs(h)) +
         "h";
}

std::string Format(std::time_t t, const char* fmt) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, fmt, &tm);
  return buf;
}

const std::regex& UuidRe() {
  static const std::regex re(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  return re;
}

// amtool's warning when the server's major.minor version differs from its
// own; kept out of the comparison and reported on its own.
const std::regex& VersionWarningRe() {
  static const std::regex re(
      "Warning: amtool version \\([^)]*\\) and alertmanager version "
      "\\([^)]*\\) are different\\.\n");
  return re;
}

// Runs the script's commands against one server and normalizes outputs.
class AmtoolSession {
 public:
  AmtoolSession(std::string name, std::string url, TempDir home,
                std::time_t hour)
      : name_(std::move(name)),
        url_(std::move(url)),
        home_(std::move(home)),
        hour_(hour) {}

  struct Outcome {
    std::string shown_command;  // with placeholders
    int exit_status = -1;
    std::string output;  // normalized
    std::string error;   // the run itself failed (timeout, exec)
  };

  Outcome Run(const Step& step) {
    Outcome o;
    std::vector<std::string> args = {"HOME=" + home_.path().string(),
                                     kAmtoolBinary,
                                     "--alertmanager.url=" + url_};
    o.shown_command = "amtool";
    for (const std::string& a : step.args) {
      args.push_back(Expand(a));
      o.shown_command += " " + ShellQuote(Shown(a));
    }
    auto run = RunTool("/usr/bin/env", args);
    if (!run.ok()) {
      o.error = run.status().ToString();
      return o;
    }
    o.exit_status = run->exit_status;
    std::string raw = run->output;
    std::smatch m;
    while (std::regex_search(raw, m, VersionWarningRe())) {
      warnings_.push_back(m.str());
      raw = m.prefix().str() + m.suffix().str();
    }
    if (!step.save_as.empty()) {
      std::ofstream(home_.path() / step.save_as) << raw;
    }
    o.output = Normalize(raw);
    if (step.sort_lines) o.output = SortLines(o.output);
    transcript_ += "$ " + o.shown_command + "\n" + o.output;
    if (!o.output.empty() && o.output.back() != '\n') transcript_ += "\n";
    if (o.exit_status != 0) {
      transcript_ += "[exit status " + std::to_string(o.exit_status) + "]\n";
    }
    transcript_ += "\n";
    return o;
  }

  const std::string& name() const { return name_; }
  const std::string& transcript() const { return transcript_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  static std::string ShellQuote(const std::string& s) {
    if (s.find_first_of(" \"'|*!$") == std::string::npos) return s;
    std::string out = "'";
    for (char c : s) {
      if (c == '\'') {
        out += "'\\''";
      } else {
        out += c;
      }
    }
    return out + "'";
  }

  // Placeholders in arguments -> real values.
  std::string Expand(std::string s) const {
    for (int h : kOffsets) {
      Replace(s, "{" + OffsetName(h) + "}",
              Format(hour_ + h * 3600, "%Y-%m-%dT%H:%M:%SZ"));
    }
    for (const auto& [real, name] : ids_) Replace(s, "{" + name + "}", real);
    Replace(s, "{home}", home_.path().string());
    return s;
  }

  // Placeholders in arguments -> as shown in the transcript.
  static std::string Shown(std::string s) {
    Replace(s, "{home}", "$HOME");
    static const std::regex placeholder(R"(\{([A-Za-z0-9+-]+)\})");
    return std::regex_replace(s, placeholder, "<$1>");
  }

  static void Replace(std::string& s, const std::string& from,
                      const std::string& to) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos;
         pos += to.size()) {
      s.replace(pos, from.size(), to);
    }
  }

  // `placeholder`, padded with spaces to the width of `original` when the
  // text continues with a table's column gap (two spaces), so tables keep
  // their alignment.
  static std::string Fit(const std::string& placeholder,
                         const std::string& original, const std::string& rest) {
    if (rest.rfind("  ", 0) == 0 && placeholder.size() < original.size()) {
      return placeholder +
             std::string(original.size() - placeholder.size(), ' ');
    }
    return placeholder;
  }

  // Replaces every match of `re` by what `name_of(match)` returns (Fit).
  template <typename F>
  static std::string ReplaceAll(std::string s, const std::regex& re,
                                F name_of) {
    std::string out;
    std::smatch m;
    while (std::regex_search(s, m, re)) {
      out += m.prefix().str();
      std::string rest = m.suffix().str();
      out += Fit(name_of(m.str()), m.str(), rest);
      s = std::move(rest);
    }
    return out + s;
  }

  std::string Normalize(std::string s) {
    // Silence IDs, numbered in order of first appearance.
    s = ReplaceAll(s, UuidRe(), [this](const std::string& id) {
      auto it = ids_.find(id);
      if (it == ids_.end()) {
        it = ids_.emplace(id, "silence-" + std::to_string(ids_.size() + 1))
                 .first;
      }
      return "<" + it->second + ">";
    });
    // The script's fixed times, in the forms amtool prints them; anything
    // else is the server's clock.
    std::map<std::string, std::string> fixed;
    for (int h : kOffsets) {
      std::time_t t = hour_ + h * 3600;
      for (const char* fmt : {"%Y-%m-%dT%H:%M:%S.000Z", "%Y-%m-%dT%H:%M:%SZ",
                              "%Y-%m-%d %H:%M:%S UTC"}) {
        fixed[Format(t, fmt)] = "<" + OffsetName(h) + ">";
      }
    }
    static const std::regex time_re(
        R"(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?( UTC|Z))");
    return ReplaceAll(s, time_re, [&](const std::string& t) -> std::string {
      auto it = fixed.find(t);
      return it != fixed.end() ? it->second : "<now>";
    });
  }

  static std::string SortLines(const std::string& s) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < s.size()) {
      size_t end = s.find('\n', start);
      if (end == std::string::npos) end = s.size();
      lines.push_back(s.substr(start, end - start));
      start = end + 1;
    }
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
  }

  std::string name_;
  std::string url_;
  TempDir home_;
  std::time_t hour_;
  std::map<std::string, std::string> ids_;  // real ID -> "silence-N"
  std::vector<std::string> warnings_;
  std::string transcript_;
};

// The script, with Alertmanager 0.25's outputs.
Step S(std::vector<std::string> args, int exit_status, std::string expected,
       bool sort_lines = false, std::string save_as = "") {
  Step s;
  s.args = std::move(args);
  s.exit_status = exit_status;
  s.expected = std::move(expected);
  s.sort_lines = sort_lines;
  s.save_as = std::move(save_as);
  return s;
}

std::vector<Step> Script() {
  return {
      S({"alert", "add", "alertname=DiskFull", "severity=critical", "team=db",
         "--annotation=summary=disk is full",
         "--generator-url=http://prometheus.example:9090/graph",
         "--start={T-1h}", "--end={T+4h}"},
        0, ""),
      S({"alert", "add", "alertname=HighLatency", "severity=warning",
         "team=web", "--annotation=summary=p99 over 1s", "--start={T-1h}",
         "--end={T+4h}"},
        0, ""),
      S({"alert", "query"}, 0,
        R"am(Alertname    Starts At                Summary       State   
HighLatency  <T-1h>                   p99 over 1s   active  
DiskFull     <T-1h>                   disk is full  active  
)am"),
      S({"alert", "query", "-o", "json"}, 0,
        R"am([{"annotations":{"summary":"p99 over 1s"},"endsAt":"<T+4h>","fingerprint":"2983089d3e650bbe","receivers":[{"name":"default"}],"startsAt":"<T-1h>","status":{"inhibitedBy":[],"silencedBy":[],"state":"active"},"updatedAt":"<now>","labels":{"alertname":"HighLatency","severity":"warning","team":"web"}},{"annotations":{"summary":"disk is full"},"endsAt":"<T+4h>","fingerprint":"db099c53af3147db","receivers":[{"name":"pager"},{"name":"storage-team"}],"startsAt":"<T-1h>","status":{"inhibitedBy":[],"silencedBy":[],"state":"active"},"updatedAt":"<now>","generatorURL":"http://prometheus.example:9090/graph","labels":{"alertname":"DiskFull","severity":"critical","team":"db"}}]
)am"),
      S({"alert", "query", "-o", "extended", "team=db"}, 0,
        R"am(Labels                                              Annotations             Starts At                Ends At                  Generator URL                         State   
alertname="DiskFull" severity="critical" team="db"  summary="disk is full"  <T-1h>                   <T+4h>                   http://prometheus.example:9090/graph  active  
)am"),
      S({"silence", "add", "alertname=DiskFull", "team=~db|web", "-a", "jane",
         "-c", "disk swap", "--start={T+2h}", "--end={T+3h}"},
        0,
        R"am(<silence-1>
)am"),
      S({"silence", "add", "alertname=HighLatency", "-a", "joe", "-c", "deploy",
         "--end={T+2h}"},
        0,
        R"am(<silence-2>
)am"),
      S({"alert", "query"}, 0,
        R"am(Alertname  Starts At                Summary       State   
DiskFull   <T-1h>                   disk is full  active  
)am"),
      S({"alert", "query", "--silenced"}, 0,
        R"am(Alertname    Starts At                Summary      State       
HighLatency  <T-1h>                   p99 over 1s  suppressed  
)am"),
      S({"silence", "query"}, 0,
        R"am(ID                                    Matchers                             Ends At                  Created By  Comment    
<silence-2>                           alertname="HighLatency"              <T+2h>                   joe         deploy     
<silence-1>                           alertname="DiskFull" team=~"db|web"  <T+3h>                   jane        disk swap  
)am"),
      S({"silence", "query", "-o", "json"}, 0,
        R"am([{"id":"<silence-2>","status":{"state":"active"},"updatedAt":"<now>","comment":"deploy","createdBy":"joe","endsAt":"<T+2h>","matchers":[{"isEqual":true,"isRegex":false,"name":"alertname","value":"HighLatency"}],"startsAt":"<now>"},{"id":"<silence-1>","status":{"state":"pending"},"updatedAt":"<now>","comment":"disk swap","createdBy":"jane","endsAt":"<T+3h>","matchers":[{"isEqual":true,"isRegex":false,"name":"alertname","value":"DiskFull"},{"isEqual":true,"isRegex":true,"name":"team","value":"db|web"}],"startsAt":"<T+2h>"}]
)am",
        false, "silences.json"),
      S({"silence", "query", "-q"}, 0,
        R"am(<silence-2>
<silence-1>
)am"),
      S({"silence", "query", "alertname=DiskFull"}, 0,
        R"am(ID                                    Matchers                             Ends At                  Created By  Comment    
<silence-1>                           alertname="DiskFull" team=~"db|web"  <T+3h>                   jane        disk swap  
)am"),
      S({"silence", "expire", "{silence-2}"}, 0, ""),
      S({"silence", "query", "--expired"}, 0,
        R"am(ID                                    Matchers                 Ends At                  Created By  Comment  
<silence-2>                           alertname="HighLatency"  <now>                    joe         deploy   
)am"),
      S({"silence", "import", "{home}/silences.json"}, 0,
        R"am(<silence-1>
<silence-3>
)am",
        true),
      S({"silence", "query"}, 0,
        R"am(ID                                    Matchers                             Ends At                  Created By  Comment    
<silence-3>                           alertname="HighLatency"              <T+2h>                   joe         deploy     
<silence-1>                           alertname="DiskFull" team=~"db|web"  <T+3h>                   jane        disk swap  
)am"),
      S({"config", "show"}, 0,
        R"am(global:
  resolve_timeout: 5m
  http_config:
    follow_redirects: true
    enable_http2: true
  smtp_hello: localhost
  smtp_require_tls: true
  pagerduty_url: https://events.pagerduty.com/v2/enqueue
  opsgenie_api_url: https://api.opsgenie.com/
  wechat_api_url: https://qyapi.weixin.qq.com/cgi-bin/
  victorops_api_url: https://alert.victorops.com/integrations/generic/20131114/alert/
  telegram_api_url: https://api.telegram.org
  webex_api_url: https://webexapis.com/v1/messages
route:
  receiver: default
  group_by:
  - alertname
  continue: false
  routes:
  - receiver: pager
    matchers:
    - severity="critical"
    continue: true
  - receiver: storage-team
    matchers:
    - team=~"db|storage"
    continue: false
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
inhibit_rules:
- source_matchers:
  - severity="critical"
  target_matchers:
  - severity="warning"
  equal:
  - team
receivers:
- name: default
- name: pager
- name: storage-team
templates: []

)am"),
      S({"config", "routes"}, 0,
        R"am(Routing tree:
.
└── default-route  receiver: default
    ├── {severity="critical"}  continue: true  receiver: pager
    └── {team=~"db|storage"}  receiver: storage-team

)am"),
      S({"config", "routes", "test", "severity=critical", "team=db"}, 0,
        R"am(pager,storage-team
)am"),
      S({"config", "routes", "test", "--tree", "severity=critical", "team=db"},
        0,
        R"am(Matching routes:
.
└── default-route
    ├── {severity="critical"}  receiver: pager
    └── {team=~"db|storage"}  receiver: storage-team


pager,storage-team
)am"),
      S({"config", "routes", "test", "--verify.receivers=pager",
         "severity=critical", "team=db"},
        1,
        R"am(pager,storage-team
WARNING: Expected receivers did not match resolved receivers.
)am"),
      S({"config", "routes", "test", "team=web"}, 0,
        R"am(default
)am"),
  };
}

std::time_t CurrentHour() {
  std::time_t now = std::time(nullptr);
  return now - now % 3600;
}

std::unique_ptr<AmtoolSession> NewSession(const std::string& name,
                                          const Server& server) {
  auto home = TempDir::Create("amtool-home");
  EXPECT_TRUE(home.ok()) << home.status();
  if (!home.ok()) return nullptr;
  return std::make_unique<AmtoolSession>(name, server.url(), std::move(*home),
                                         CurrentHour());
}

void PrintTranscript(const AmtoolSession& s) {
  std::cout << "===== amtool transcript against " << s.name() << " =====\n"
            << s.transcript() << "===== end of transcript =====\n";
  for (const auto& w : s.warnings()) {
    std::cout << "(" << s.name() << ": amtool printed: " << w << ")\n";
  }
}

TEST(AmtoolTest, AlertmanagerPrintsTheRecordedOutputs) {
  AlertmanagerOptions ao;
  ao.config_yaml = kConfig;
  auto am = StartAlertmanager(ao);
  ASSERT_TRUE(am.ok()) << am.status();
  auto session = NewSession("alertmanager", **am);
  ASSERT_NE(session, nullptr);
  for (const Step& step : Script()) {
    AmtoolSession::Outcome o = session->Run(step);
    SCOPED_TRACE(o.shown_command);
    ASSERT_EQ(o.error, "");
    EXPECT_EQ(o.exit_status, step.exit_status) << o.output;
    EXPECT_EQ(o.output, step.expected);
  }
  EXPECT_THAT(session->warnings(), ::testing::IsEmpty());
  PrintTranscript(*session);
}

TEST(AmtoolTest, TocsinPrintsWhatAlertmanagerPrints) {
  AlertmanagerOptions ao;
  ao.config_yaml = kConfig;
  auto am = StartAlertmanager(ao);
  ASSERT_TRUE(am.ok()) << am.status();
  TocsinOptions to;
  to.config_yaml = kConfig;
  auto tocsin = StartTocsin(to);
  ASSERT_TRUE(tocsin.ok()) << tocsin.status();
  auto am_session = NewSession("alertmanager", **am);
  auto session = NewSession("tocsin", **tocsin);
  ASSERT_NE(am_session, nullptr);
  ASSERT_NE(session, nullptr);
  for (const Step& step : Script()) {
    AmtoolSession::Outcome want = am_session->Run(step);
    AmtoolSession::Outcome got = session->Run(step);
    SCOPED_TRACE(got.shown_command);
    ASSERT_EQ(want.error, "");
    ASSERT_EQ(got.error, "");
    EXPECT_EQ(got.exit_status, want.exit_status)
        << "tocsin:\n"
        << got.output << "alertmanager:\n"
        << want.output;
    EXPECT_EQ(got.output, want.output) << "tocsin differs from alertmanager";
    EXPECT_EQ(got.output, step.expected) << "tocsin differs from the recording";
  }
  // amtool warns (stderr) when the server's versionInfo.version differs from
  // its own major.minor. tocsin reports its own version there, deliberately
  // (docs/clients.md), so every command carries exactly that warning and
  // nothing else differs.
  for (const std::string& w : session->warnings()) {
    EXPECT_TRUE(std::regex_match(w, VersionWarningRe())) << w;
  }
  PrintTranscript(*session);
  std::cout << "(tocsin's log)\n" << (*tocsin)->DumpLog() << "\n";
}

}  // namespace
}  // namespace tocsin::e2e
