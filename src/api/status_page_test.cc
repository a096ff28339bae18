#include "api/status_page.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "api/router.h"
#include "silence/silences.h"
#include "silence/testing/memory_silence_store.h"

namespace tocsin::api {
namespace {

constexpr int64_t kNow = 1704067200;  // 2024-01-01T00:00:00Z

model::Time At(int64_t unix_seconds) {
  return model::Time(std::chrono::seconds(unix_seconds));
}

constexpr char kHead[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>tocsin</title>\n"
    "<style>\n"
    "body{font-family:sans-serif;margin:1em 2em}\n"
    "table{border-collapse:collapse;margin-bottom:1em}\n"
    "th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;"
    "vertical-align:top}\n"
    "code{white-space:pre-wrap}\n"
    "</style>\n"
    "</head>\n"
    "<body>\n"
    "<h1>tocsin</h1>\n"
    "<p>As of 2024-01-01T00:00:00.000Z. API: "
    "<a href=\"api/v2/status\">status</a>, "
    "<a href=\"api/v2/alerts/groups\">alert groups</a>, "
    "<a href=\"api/v2/silences\">silences</a>.</p>\n";

// Fakes: groups come from a fixed list (the dispatcher is not involved), the
// marker is set by hand or by a fake set_alert_status, silences are the real
// service on an in-memory store.
class StatusPageTest : public ::testing::Test {
 protected:
  StatusPageTest() {
    silences_ = *silence::Silences::Create({}, silence_store_, ids_);
    deps_.marker = &marker_;
    deps_.silences = silences_.get();
    deps_.now = [this] { return now_; };
    deps_.groups = [this](const std::function<bool(const std::string&)>& f) {
      std::vector<v2::AlertGroupView> out;
      for (const auto& g : groups_)
        if (f(g.receiver)) out.push_back(g);
      return out;
    };
  }

  silence::SilenceId AddSilence(std::vector<silence::SilenceMatcher> matchers,
                                int64_t starts, int64_t ends,
                                std::string created_by, std::string comment) {
    silence::Silence s;
    s.matchers = std::move(matchers);
    s.starts_at = At(starts);
    s.ends_at = At(ends);
    s.created_by = std::move(created_by);
    s.comment = std::move(comment);
    auto id = silences_->Set(s, now_);
    EXPECT_TRUE(id.ok()) << id.status();
    return id.ok() ? *id : silence::SilenceId();
  }

  model::AlertMarker marker_;
  silence::MemorySilenceStore silence_store_;
  silence::SequentialIdGenerator ids_;
  std::unique_ptr<silence::Silences> silences_;
  model::Time now_ = At(kNow);
  std::vector<v2::AlertGroupView> groups_;
  v2::V2Deps deps_;
};

TEST_F(StatusPageTest, EmptyPage) {
  EXPECT_EQ(RenderStatusPage(deps_), std::string(kHead) +
                                         "<h2>Alert groups (0)</h2>\n"
                                         "<p>No alert groups.</p>\n"
                                         "<h2>Silences (0)</h2>\n"
                                         "<p>No silences.</p>\n"
                                         "</body>\n</html>\n");
}

TEST_F(StatusPageTest, NoGroupsFunctionListsNoGroups) {
  deps_.groups = nullptr;
  std::string page = RenderStatusPage(deps_);
  EXPECT_NE(page.find("<h2>Alert groups (0)</h2>\n<p>No alert groups.</p>\n"),
            std::string::npos)
      << page;
}

TEST_F(StatusPageTest, GroupsAndSilences) {
  model::Alert firing;
  firing.labels = model::Labels{{"alertname", "Disk"}, {"team", "db"}};
  firing.starts_at = At(kNow - 3600);
  model::Alert resolved;
  resolved.labels = model::Labels{{"alertname", "Disk"}, {"team", "web"}};
  resolved.starts_at = At(kNow - 7200);
  resolved.ends_at = At(kNow - 60);
  model::Alert silenced;
  silenced.labels = model::Labels{{"alertname", "Cpu"}};
  silenced.starts_at = At(kNow - 10);
  groups_ = {
      {model::Labels{{"alertname", "Disk"}}, "pager", {firing, resolved}},
      {model::Labels{{"alertname", "Cpu"}}, "default", {silenced}},
  };
  marker_.SetActiveOrSilenced(firing.fingerprint(), {});
  marker_.SetActiveOrSilenced(silenced.fingerprint(), {"x"});

  silence::SilenceId active =
      AddSilence({{model::MatchType::kEqual, "alertname", "Cpu"},
                  {model::MatchType::kRegexMatch, "team", "db|web"}},
                 kNow - 100, kNow + 3600, "jane", "maintenance");
  silence::SilenceId pending =
      AddSilence({{model::MatchType::kNotEqual, "env", "prod"}}, kNow + 60,
                 kNow + 120, "joe", "later");
  ASSERT_EQ(active.value(), "00000000-0000-4000-8000-000000000001");
  ASSERT_EQ(pending.value(), "00000000-0000-4000-8000-000000000002");

  EXPECT_EQ(RenderStatusPage(deps_),
            std::string(kHead) +
                "<h2>Alert groups (2)</h2>\n"
                "<h3>receiver <code>pager</code>, group "
                "<code>{alertname=&quot;Disk&quot;}</code></h3>\n"
                "<table>\n"
                "<tr><th>labels</th><th>state</th><th>startsAt</th></tr>\n"
                "<tr><td><code>{alertname=&quot;Disk&quot;, "
                "team=&quot;db&quot;}</code></td><td>active</td>"
                "<td>2023-12-31T23:00:00.000Z</td></tr>\n"
                "<tr><td><code>{alertname=&quot;Disk&quot;, "
                "team=&quot;web&quot;}</code></td><td>resolved</td>"
                "<td>2023-12-31T22:00:00.000Z</td></tr>\n"
                "</table>\n"
                "<h3>receiver <code>default</code>, group "
                "<code>{alertname=&quot;Cpu&quot;}</code></h3>\n"
                "<table>\n"
                "<tr><th>labels</th><th>state</th><th>startsAt</th></tr>\n"
                "<tr><td><code>{alertname=&quot;Cpu&quot;}</code></td>"
                "<td>suppressed</td><td>2023-12-31T23:59:50.000Z</td></tr>\n"
                "</table>\n"
                "<h2>Silences (2)</h2>\n"
                "<table>\n"
                "<tr><th>id</th><th>matchers</th><th>state</th>"
                "<th>createdBy</th><th>comment</th><th>endsAt</th></tr>\n"
                "<tr><td><code>00000000-0000-4000-8000-000000000001</code></td>"
                "<td><code>{alertname=&quot;Cpu&quot;, "
                "team=~&quot;db|web&quot;}</code></td><td>active</td>"
                "<td>jane</td><td>maintenance</td>"
                "<td>2024-01-01T01:00:00.000Z</td></tr>\n"
                "<tr><td><code>00000000-0000-4000-8000-000000000002</code></td>"
                "<td><code>{env!=&quot;prod&quot;}</code></td><td>pending</td>"
                "<td>joe</td><td>later</td>"
                "<td>2024-01-01T00:02:00.000Z</td></tr>\n"
                "</table>\n"
                "</body>\n</html>\n");
}

TEST_F(StatusPageTest, SetAlertStatusRunsBeforeTheStateIsRead) {
  model::Alert a;
  a.labels = model::Labels{{"alertname", "A"}};
  a.starts_at = At(kNow);
  groups_ = {{model::Labels{}, "default", {a}}};
  std::vector<model::Labels> asked;
  deps_.set_alert_status = [&](const model::Labels& l) {
    asked.push_back(l);
    marker_.SetInhibited(l.fingerprint(), {"0123456789abcdef"});
  };
  std::string page = RenderStatusPage(deps_);
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], a.labels);
  EXPECT_NE(page.find("<td><code>{alertname=&quot;A&quot;}</code></td>"
                      "<td>suppressed</td>"),
            std::string::npos)
      << page;
  // A group without labels prints the empty set.
  EXPECT_NE(page.find("<h3>receiver <code>default</code>, group "
                      "<code>{}</code></h3>\n"),
            std::string::npos)
      << page;
}

TEST_F(StatusPageTest, UnmarkedAlertIsUnprocessed) {
  model::Alert a;
  a.labels = model::Labels{{"alertname", "A"}};
  a.starts_at = At(kNow);
  groups_ = {{model::Labels{}, "default", {a}}};
  std::string page = RenderStatusPage(deps_);
  EXPECT_NE(page.find("<td>unprocessed</td>"), std::string::npos) << page;
}

TEST_F(StatusPageTest, EscapesEverythingFromTheData) {
  const std::string evil = "<script>alert('x')</script>&\"";
  model::Alert a;
  a.labels = model::Labels{{"alertname", evil}, {"a<b", "c>d"}};
  a.starts_at = At(kNow);
  groups_ = {{model::Labels{{"alertname", evil}}, "<b>recv</b>", {a}}};
  AddSilence({{model::MatchType::kEqual, "alertname", evil}}, kNow - 1,
             kNow + 1, "<i>me</i>", "a & b <c> 'd'");
  std::string page = RenderStatusPage(deps_);
  // The page itself has no script and no markup from the data.
  EXPECT_EQ(page.find("<script"), std::string::npos) << page;
  EXPECT_EQ(page.find("<b>"), std::string::npos) << page;
  EXPECT_EQ(page.find("<i>"), std::string::npos) << page;
  EXPECT_EQ(page.find("<c>"), std::string::npos) << page;
  EXPECT_NE(page.find("<h3>receiver <code>&lt;b&gt;recv&lt;/b&gt;</code>"),
            std::string::npos)
      << page;
  // Label values are Go-quoted first (\" for "), then escaped.
  EXPECT_NE(page.find("<code>{a&lt;b=&quot;c&gt;d&quot;, alertname=&quot;"
                      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"
                      "\\&quot;&quot;}</code>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("<td>&lt;i&gt;me&lt;/i&gt;</td>"
                      "<td>a &amp; b &lt;c&gt; &#39;d&#39;</td>"),
            std::string::npos)
      << page;
}

TEST(HtmlEscapeTest, EscapesTheFiveCharactersOnly) {
  EXPECT_EQ(HtmlEscape(""), "");
  EXPECT_EQ(HtmlEscape("plain text 123 \xc3\xa9"), "plain text 123 \xc3\xa9");
  EXPECT_EQ(HtmlEscape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST_F(StatusPageTest, EndpointServesHtmlOnGetAndHead) {
  Router router({StatusPageEndpoint(deps_)});
  net::HttpResponse r = router.Handle(net::HttpRequest::Make("GET", "/", ""));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.Get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.body, RenderStatusPage(deps_));
  net::HttpResponse head =
      router.Handle(net::HttpRequest::Make("HEAD", "/", ""));
  EXPECT_EQ(head.status, 200);  // The server drops the body of HEAD.
  EXPECT_EQ(head.headers.Get("Content-Type"), "text/html; charset=utf-8");
  net::HttpResponse post =
      router.Handle(net::HttpRequest::Make("POST", "/", ""));
  EXPECT_EQ(post.status, 405);
  Endpoint e = StatusPageEndpoint(deps_);
  EXPECT_EQ(e.method, Method::kGet);
  EXPECT_EQ(e.path, "/");
  EXPECT_FALSE(e.mutates_state);
}

}  // namespace
}  // namespace tocsin::api
