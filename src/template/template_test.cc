#include "template/template.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace tocsin::tmpl {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

model::Time At(int64_t unix_seconds) {
  return model::Time(seconds(unix_seconds));
}

// 2026-11-23T12:00:00Z.
const model::Time kNow = At(1795435200);

model::Alert MakeAlert(model::Labels labels, model::Labels annotations,
                       model::Time ends_at, std::string generator_url) {
  model::Alert a;
  a.labels = std::move(labels);
  a.annotations = std::move(annotations);
  a.starts_at = kNow - hours(2);
  a.ends_at = ends_at;
  a.generator_url = std::move(generator_url);
  return a;
}

std::vector<model::Alert> Group() {
  return {
      MakeAlert({{"alertname", "HighCPU"},
                 {"instance", "a:9100"},
                 {"severity", "critical"}},
                {{"summary", "CPU high"}}, model::kZeroTime,
                "http://prom/graph?g0=1"),
      MakeAlert({{"alertname", "HighCPU"},
                 {"instance", "b:9100"},
                 {"severity", "warning"}},
                {{"summary", "CPU high"}}, kNow - minutes(1), ""),
  };
}

Data GroupData() {
  return MakeData("team-X", model::Labels{{"alertname", "HighCPU"}}, Group(),
                  "http://am:9093", kNow);
}

const Template& Defaults() {
  static const Template* t = new Template(*Template::New());
  return *t;
}

std::string Render(std::string_view name, const Data& d) {
  auto r = Defaults().ExecuteText(
      "{{ template \"" + std::string(name) + "\" . }}", d);
  if (!r.ok()) return "ERROR: " + r.status().message();
  return *r;
}

TEST(MakeDataTest, Fields) {
  Data d = GroupData();
  const Template& t = Defaults();
  auto r = t.ExecuteText(
      "{{ .Receiver }}|{{ .Status }}|{{ len .Alerts }}|"
      "{{ len .Alerts.Firing }}|{{ len .Alerts.Resolved }}|"
      "{{ .CommonLabels }}|{{ .CommonAnnotations.summary }}|"
      "{{ .GroupLabels.Names }}|{{ .ExternalURL }}|"
      "{{ range .Alerts }}{{ .Status }} {{ .StartsAt.Format \"15:04\" }} "
      "{{ .EndsAt.IsZero }};{{ end }}",
      d);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r,
            "team-X|firing|2|1|1|alertname=HighCPU|CPU high|[alertname]|"
            "http://am:9093|firing 10:00 true;resolved 10:00 false;");
}

TEST(MakeDataTest, ReceiverQuotedAndResolvedGroup) {
  std::vector<model::Alert> alerts = Group();
  alerts.resize(1);
  alerts[0].ends_at = kNow;
  Data d = MakeData("a.b(c)", {}, alerts, "", kNow);
  auto r = Defaults().ExecuteText("{{ .Receiver }} {{ .Status }}", d);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "a\\.b\\(c\\) resolved");
}

TEST(MakeDataTest, KVMethods) {
  Data d = GroupData();
  auto r = Defaults().ExecuteText(
      "{{ range .Alerts }}{{ .Labels.SortedPairs.Names }} "
      "{{ (.Labels.Remove (stringSlice \"instance\")).Values }} "
      "{{ .Labels.SortedPairs }} {{ .Fingerprint | len }};{{ end }}",
      d);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r,
            "[alertname instance severity] [HighCPU critical] "
            "alertname=HighCPU, instance=a:9100, severity=critical 16;"
            "[alertname instance severity] [HighCPU warning] "
            "alertname=HighCPU, instance=b:9100, severity=warning 16;");
}

// The texts below follow Alertmanager's default.tmpl for this group.
const char kList1[] =
    "Labels:\n - alertname = HighCPU\n - instance = a:9100\n"
    " - severity = critical\nAnnotations:\n - summary = CPU high\n"
    "Source: http://prom/graph?g0=1\n";
const char kList2[] =
    "Labels:\n - alertname = HighCPU\n - instance = b:9100\n"
    " - severity = warning\nAnnotations:\n - summary = CPU high\nSource: \n";
const char kMd1[] =
    "\nLabels:\n  - alertname = HighCPU\n  - instance = a:9100\n"
    "  - severity = critical\n\nAnnotations:\n  - summary = CPU high\n\n"
    "Source: http://prom/graph?g0=1\n\n";
const char kMd2[] =
    "\nLabels:\n  - alertname = HighCPU\n  - instance = b:9100\n"
    "  - severity = warning\n\nAnnotations:\n  - summary = CPU high\n\n"
    "Source: \n\n";
const char kSubject[] = "[FIRING:1] HighCPU ";
const char kUrl[] = "http://am:9093/#/alerts?receiver=team-X";

TEST(DefaultTemplatesTest, SubjectAndLinks) {
  Data d = GroupData();
  for (const char* name :
       {"__subject", "slack.default.title", "pagerduty.default.description",
        "opsgenie.default.message", "email.default.subject",
        "pushover.default.title", "sns.default.subject",
        "discord.default.title", "msteams.default.summary",
        "msteams.default.title", "msteamsv2.default.title",
        "jira.default.summary", "rocketchat.default.title",
        "victorops.default.entity_display_name"}) {
    EXPECT_EQ(Render(name, d), kSubject) << name;
  }
  for (const char* name :
       {"__alertmanagerURL", "slack.default.titlelink",
        "pagerduty.default.clientURL", "opsgenie.default.source",
        "pushover.default.url", "rocketchat.default.titlelink"}) {
    EXPECT_EQ(Render(name, d), kUrl) << name;
  }
  for (const char* name :
       {"slack.default.username", "pagerduty.default.client",
        "victorops.default.monitoring_tool", "rocketchat.default.alias"}) {
    EXPECT_EQ(Render(name, d), "Alertmanager") << name;
  }
  for (const char* name : {"slack.default.text", "slack.default.pretext",
                           "slack.default.footer", "slack.default.iconemoji",
                           "slack.default.iconurl", "slack.default.callbackid",
                           "discord.default.content", "wechat.default.to_user",
                           "wechat.default.agent_id", "rocketchat.default.text",
                           "rocketchat.default.emoji", "__description"}) {
    EXPECT_EQ(Render(name, d), "") << name;
  }
  EXPECT_EQ(Render("slack.default.fallback", d),
            std::string(kSubject) + " | " + kUrl);
}

TEST(DefaultTemplatesTest, SubjectWithExtraCommonLabels) {
  std::vector<model::Alert> alerts = Group();
  for (auto& a : alerts) {
    a.labels = a.labels.Merge(model::Labels{{"job", "node"}, {"dc", "x"}});
    a.ends_at = model::kZeroTime;
  }
  Data d =
      MakeData("r", model::Labels{{"alertname", "HighCPU"}}, alerts, "", kNow);
  EXPECT_EQ(Render("__subject", d), "[FIRING:2] HighCPU (x node)");
}

TEST(DefaultTemplatesTest, Bodies) {
  Data d = GroupData();
  std::string tight = std::string("CPU high\nAlerts Firing:\n") + kList1 +
                      "\nAlerts Resolved:\n" + kList2;
  EXPECT_EQ(Render("opsgenie.default.description", d), tight);
  EXPECT_EQ(Render("victorops.default.state_message", d), tight);
  EXPECT_EQ(
      Render("wechat.default.message", d),
      std::string(kSubject) + "\n" + tight + "\nAlertmanagerUrl:\n" + kUrl);
  std::string loose = std::string("\nAlerts Firing:\n") + kList1 + "\n\n" +
                      "\nAlerts Resolved:\n" + kList2 + "\n\n";
  EXPECT_EQ(Render("pushover.default.message", d), "CPU high\n" + loose);
  EXPECT_EQ(Render("sns.default.message", d), "CPU high\n" + loose);
  EXPECT_EQ(Render("webex.default.message", d), "CPU high\n" + loose);
  EXPECT_EQ(Render("telegram.default.message", d), "\n" + loose);
  EXPECT_EQ(Render("discord.default.message", d), "\n" + loose);
  std::string md = std::string("\n\n# Alerts Firing:\n") + kMd1 + "\n\n" +
                   "\n# Alerts Resolved:\n" + kMd2 + "\n\n";
  EXPECT_EQ(Render("msteams.default.text", d), md);
  EXPECT_EQ(Render("msteamsv2.default.text", d), md);
  EXPECT_EQ(Render("jira.default.description", d), md);
  auto r = Defaults().ExecuteText(
      "{{ template \"pagerduty.default.instances\" .Alerts }}", d);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, std::string(kList1) + kList2);
}

TEST(DefaultTemplatesTest, OnlyFiring) {
  std::vector<model::Alert> alerts = Group();
  alerts.resize(1);
  Data d = MakeData("team-X", model::Labels{{"alertname", "HighCPU"}}, alerts,
                    "http://am:9093", kNow);
  EXPECT_EQ(Render("opsgenie.default.description", d),
            std::string("CPU high\nAlerts Firing:\n") + kList1 + "\n");
  EXPECT_EQ(Render("telegram.default.message", d),
            std::string("\n\nAlerts Firing:\n") + kList1 + "\n\n\n");
}

TEST(DefaultTemplatesTest, JiraPriority) {
  Data d = GroupData();
  EXPECT_EQ(Render("jira.default.priority", d), "High");
  std::vector<model::Alert> alerts = Group();
  alerts[0].ends_at = kNow - minutes(5);  // Both resolved.
  d = MakeData("r", {}, alerts, "", kNow);
  EXPECT_EQ(Render("jira.default.priority", d), "High");
  alerts[0].labels = model::Labels{{"severity", "info"}};
  alerts[0].ends_at = model::kZeroTime;
  d = MakeData("r", {}, alerts, "", kNow);
  EXPECT_EQ(Render("jira.default.priority", d), "Low");
  // No firing alert has a known severity: the resolved ones decide.
  alerts[0].labels = model::Labels{{"severity", "none"}};
  d = MakeData("r", {}, alerts, "", kNow);
  EXPECT_EQ(Render("jira.default.priority", d), "Medium");
  alerts.resize(1);
  d = MakeData("r", {}, alerts, "", kNow);
  EXPECT_EQ(Render("jira.default.priority", d), "");
}

TEST(DefaultTemplatesTest, EmailHtml) {
  Data d = GroupData();
  auto r = Defaults().ExecuteHtml("{{ template \"email.default.html\" . }}", d);
  ASSERT_TRUE(r.ok()) << r.status();
  const std::string& html = *r;
  const std::string font =
      "font-family: 'Helvetica Neue', Helvetica, Arial, sans-serif; "
      "box-sizing: border-box; font-size: 14px;";
  EXPECT_TRUE(html.starts_with(
      "\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
      "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n\n<html "))
      << html.substr(0, 200);
  EXPECT_TRUE(html.ends_with("</body>\n</html>\n\n"));
  EXPECT_EQ(html.find("<!--"), std::string::npos);
  EXPECT_NE(html.find("<title style=\"" + font + " margin: 0;\">" + kSubject +
                      "</title>"),
            std::string::npos);
  EXPECT_NE(html.find("              2 alerts for \n"
                      "                alertname=HighCPU\n"
                      "              \n            </td>"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"" + std::string(kUrl) + "\" style=\"" + font +
                      " color: #FFF;"),
            std::string::npos);
  EXPECT_NE(html.find("\">View in Alertmanager</a>"), std::string::npos);
  EXPECT_NE(html.find("margin: 0;\">[1] Firing</strong>"), std::string::npos);
  EXPECT_NE(html.find("margin: 0;\">[1] Resolved</strong>"), std::string::npos);
  EXPECT_NE(html.find("instance = a:9100<br style=\"" + font +
                      " margin: 0;\" />severity = critical<br"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"http://prom/graph?g0=1\" style=\"" + font +
                      " color: #348eda; text-decoration: underline; margin: "
                      "0;\">Source</a>"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"http://am:9093\" style=\"font-family: "
                      "'Helvetica Neue', Helvetica, Arial, sans-serif; "
                      "box-sizing: border-box; font-size: 12px; color: #999; "
                      "text-decoration: underline; margin: 0;\">Sent by "
                      "Alertmanager</a>"),
            std::string::npos);
}

TEST(DefaultTemplatesTest, EmailEscapesValues) {
  std::vector<model::Alert> alerts = Group();
  alerts.resize(1);
  alerts[0].annotations = model::Labels{{"summary", "a<b & \"c\""}};
  alerts[0].generator_url = "javascript:alert(1)";
  Data d = MakeData("r", {}, alerts, "", kNow);
  auto r = Defaults().ExecuteHtml("{{ template \"email.default.html\" . }}", d);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->find("summary = a&lt;b &amp; &#34;c&#34;<br"),
            std::string::npos);
  EXPECT_NE(r->find("<a href=\"#ZgotmplZ\""), std::string::npos);
}

TEST(TemplateFilesTest, FromGlobsAndCheckFiles) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() /
                 ("tocsin_template_test_" + std::to_string(::getpid()));
  fs::create_directories(dir / "t");
  {
    std::ofstream(dir / "t" / "a.tmpl")
        << "{{ define \"slack.default.title\" }}custom {{ .Status }}{{ end }}";
    std::ofstream(dir / "t" / "b.tmpl")
        << "{{ define \"mine\" }}{{ template \"__alertmanager\" }}{{ end }}";
  }
  auto t = Template::FromGlobs({"t/*.tmpl", "nomatch/*.tmpl"}, dir.string());
  ASSERT_TRUE(t.ok()) << t.status();
  Data d = GroupData();
  auto r = t->ExecuteText(
      "{{ template \"slack.default.title\" . }}|{{ template \"mine\" }}", d);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, "custom firing|Alertmanager");
  EXPECT_TRUE(CheckFiles({"t/*.tmpl"}, dir.string()).ok());

  { std::ofstream(dir / "t" / "c.tmpl") << "ok\n{{ define \"x\" }}{{ if }}"; }
  Status st = CheckFiles({"t/*.tmpl"}, dir.string());
  EXPECT_EQ(st.message(), (dir / "t" / "c.tmpl").string() +
                              ": template: c.tmpl:2: missing value for if");
  EXPECT_FALSE(Template::FromGlobs({"t/*.tmpl"}, dir.string()).ok());
  fs::remove_all(dir);
}

TEST(TemplateFilesTest, ExecuteTextErrorsNameTemplate) {
  Data d = GroupData();
  auto r = Defaults().ExecuteText("{{ .Nope }}", d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "template: :1:3: executing \"\" at <.Nope>: can't evaluate field "
            "Nope in type *template.Data");
  auto e = Defaults().ExecuteText("", d);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*e, "");
}

}  // namespace
}  // namespace tocsin::tmpl
