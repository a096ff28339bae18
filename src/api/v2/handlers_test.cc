#include "api/v2/handlers.h"

#include <gtest/gtest.h>

#include <memory>

#include "api/json.h"
#include "api/router.h"
#include "api/v2/wire.h"
#include "config/inhibit_rule.h"
#include "inhibit/inhibitor.h"
#include "model/matcher_parse.h"
#include "silence/testing/memory_silence_store.h"

namespace tocsin::api::v2 {
namespace {

constexpr int64_t kNow = 1704067200;  // 2024-01-01T00:00:00Z

model::Time At(int64_t unix_seconds) {
  return model::Time(std::chrono::seconds(unix_seconds));
}

class HandlersTest : public ::testing::Test {
 protected:
  HandlersTest() : store_(marker_) {
    silences_ = *silence::Silences::Create({}, silence_store_, ids_);
    deps_.alerts = &store_;
    deps_.marker = &marker_;
    deps_.silences = silences_.get();
    deps_.now = [this] { return now_; };
    deps_.set_alert_status = [this](const model::Labels& l) {
      std::vector<std::string> ids;
      for (const auto& id : silences_->Mutes(l, now_))
        ids.push_back(id.value());
      marker_.SetActiveOrSilenced(l.fingerprint(), ids);
    };
    deps_.receivers_for = [](const model::Labels& l) {
      return std::vector<std::string>{l.Get("team") == "db" ? "db-pager"
                                                            : "default"};
    };
    deps_.receiver_names = [] {
      return std::vector<std::string>{"default", "db-pager"};
    };
    deps_.config_original = [] {
      return std::string("route:\n  receiver: default\n");
    };
    deps_.version = {"main", "20240101", "me@host", "go1.22", "abc", "0.27.0"};
    deps_.uptime = At(kNow - 60);
    router_ = std::make_unique<Router>(V2Endpoints(deps_));
  }

  // The response with the newline go-swagger's JSON producer appends
  // checked and removed (JSON responses only).
  net::HttpResponse Do(std::string method, std::string target,
                       std::string body = "") {
    net::HttpRequest req = net::HttpRequest::Make(
        std::move(method), std::move(target), std::move(body));
    req.headers.Set("Content-Type", content_type_);
    net::HttpResponse r = router_->Handle(req);
    // go-openapi error bodies ({"code":..}) have no trailing newline.
    if (r.headers.Get("Content-Type") == "application/json" &&
        r.body.rfind("{\"code\":", 0) != 0) {
      EXPECT_EQ(r.body.empty() ? '?' : r.body.back(), '\n') << r.body;
      if (!r.body.empty()) r.body.pop_back();
    }
    return r;
  }

  model::AlertMarker marker_;
  alerts::AlertStore store_;
  silence::MemorySilenceStore silence_store_;
  silence::SequentialIdGenerator ids_;
  std::unique_ptr<silence::Silences> silences_;
  model::Time now_ = At(kNow);
  std::string content_type_ = "application/json; charset=utf-8";
  V2Deps deps_;
  std::unique_ptr<Router> router_;
};

TEST_F(HandlersTest, PostAlertsAndList) {
  auto r = Do("POST", "/api/v2/alerts",
              R"([{"labels":{"alertname":"A","team":"db"},)"
              R"("startsAt":"2023-12-31T23:00:00Z"}])");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "");
  ASSERT_EQ(store_.size(), 1u);
  model::Labels l{{"alertname", "A"}, {"team", "db"}};
  std::string fp = l.fingerprint().ToString();
  r = Do("GET", "/api/v2/alerts");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(r.body,
            R"([{"annotations":{},"endsAt":"2024-01-01T00:05:00.000Z",)"
            R"("fingerprint":")" +
                fp +
                R"(","receivers":[{"name":"db-pager"}],)"
                R"("startsAt":"2023-12-31T23:00:00.000Z","status":)"
                R"({"inhibitedBy":[],"mutedBy":[],"silencedBy":[],)"
                R"("state":"active"},"updatedAt":"2024-01-01T00:00:00.000Z",)"
                R"("labels":{"alertname":"A","team":"db"}}])");
  EXPECT_EQ(Do("GET", "/api/v2/alerts?receiver=db-.*").body.substr(0, 2), "[{");
  EXPECT_EQ(Do("GET", "/api/v2/alerts?receiver=default").body, "[]");
  EXPECT_EQ(
      Do("GET", "/api/v2/alerts?filter=team%3D%22db%22").body.substr(0, 2),
      "[{");
  EXPECT_EQ(Do("GET", "/api/v2/alerts?filter=team%3D%22web%22").body, "[]");
  EXPECT_EQ(Do("GET", "/api/v2/alerts?active=false").body, "[]");
  // Resolved alerts are not listed.
  now_ = At(kNow + 600);
  EXPECT_EQ(Do("GET", "/api/v2/alerts").body, "[]");
}

TEST_F(HandlersTest, PostAlertsBestEffort) {
  deps_.mode = model::MatcherParserMode::kClassic;
  auto r = Do("POST", "/api/v2/alerts",
              R"([{"labels":{"alertname":"ok"}},{"labels":{}},)"
              R"({"labels":{"0bad":"x"}},)"
              R"({"labels":{"a":"b"},"startsAt":"2024-01-01T00:00:00Z",)"
              R"("endsAt":"2023-01-01T00:00:00Z"}])");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            R"("at least one label pair required; invalid label set: invalid )"
            R"(name \"0bad\"; start time must be before end time")");
  EXPECT_EQ(store_.size(), 1u);  // the valid one is stored
}

TEST_F(HandlersTest, PostAlertsBeyondStoreLimitIs429WithNothingStored) {
  model::AlertMarker marker;
  alerts::AlertStore small(marker, alerts::AlertStoreOptions{2});
  deps_.alerts = &small;
  auto r = Do("POST", "/api/v2/alerts",
              R"([{"labels":{"alertname":"a"}},{"labels":{"alertname":"b"}},)"
              R"({"labels":{"alertname":"c"}}])");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.headers.Get("Retry-After"), "5");
  EXPECT_EQ(small.size(), 0u);
  r = Do("POST", "/api/v2/alerts", R"([{"labels":{"alertname":"a"}}])");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(small.size(), 1u);
}

TEST_F(HandlersTest, PostAlertsMalformed) {
  auto r = Do("POST", "/api/v2/alerts", "<");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      r.body,  // json.Marshal escapes < in go-openapi errors
      R"({"code":400,"message":"parsing alerts body from \"\" failed, )"
      R"(because invalid character '\u003c' looking for beginning of value"})");
  r = Do("POST", "/api/v2/alerts", "[{");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            R"({"code":400,"message":"parsing alerts body from \"\" failed, )"
            R"(because unexpected EOF"})");
  r = Do("POST", "/api/v2/alerts", R"([{"labels":"x"}])");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            R"({"code":400,"message":"parsing alerts body from \"\" failed, )"
            R"(because json: cannot unmarshal string into Go struct field )"
            R"(Alert.labels of type models.LabelSet"})");
  r = Do("POST", "/api/v2/alerts", "");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.body, R"({"code":602,"message":"alerts in body is required"})");
  r = Do("POST", "/api/v2/alerts", "[{}]");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.body, R"({"code":602,"message":"0.labels in body is required"})");
}

TEST_F(HandlersTest, ContentTypeChecked) {
  content_type_ = "application/x-www-form-urlencoded";
  auto r = Do("POST", "/api/v2/alerts", "[]");
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(r.body,
            R"({"code":415,"message":"unsupported media type )"
            R"(\"application/x-www-form-urlencoded\", only [application/json] )"
            R"(are allowed"})");
  content_type_ = "";
  r = Do("POST", "/api/v2/silences", "{}");
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(
      r.body,
      R"({"code":415,"message":"unsupported media type )"
      R"(\"application/octet-stream\", only [application/json] are allowed"})");
  content_type_ = "Application/JSON";
  EXPECT_EQ(Do("POST", "/api/v2/alerts", "[]").status, 200);
}

TEST_F(HandlersTest, BadFilters) {
  auto r = Do("GET", "/api/v2/alerts?filter=%7B");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.front(), '"');
  r = Do("GET", "/api/v2/alerts?receiver=%28");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      r.body.rfind(R"("failed to parse receiver param: error parsing regexp: )",
                   0),
      0u)
      << r.body;
  r = Do("GET", "/api/v2/silences?filter=%7B");
  EXPECT_EQ(r.status, 400);
}

TEST_F(HandlersTest, SilenceLifecycle) {
  const std::string body =
      R"({"matchers":[{"name":"alertname","value":"A","isRegex":false}],)"
      R"("startsAt":"2024-01-01T00:00:00Z","endsAt":"2024-01-01T01:00:00Z",)"
      R"("createdBy":"me","comment":"c"})";
  auto r = Do("POST", "/api/v2/silences", body);
  EXPECT_EQ(r.status, 200);
  const std::string id = "00000000-0000-4000-8000-000000000001";
  EXPECT_EQ(r.body, R"({"silenceID":")" + id + R"("})");
  const std::string gettable =
      R"({"id":")" + id +
      R"(","status":{"state":"active"},"updatedAt":"2024-01-01T00:00:00.000Z",)"
      R"("comment":"c","createdBy":"me","endsAt":"2024-01-01T01:00:00.000Z",)"
      R"("matchers":[{"isEqual":true,"isRegex":false,"name":"alertname",)"
      R"("value":"A"}],"startsAt":"2024-01-01T00:00:00.000Z"})";
  r = Do("GET", "/api/v2/silence/" + id);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, gettable);
  EXPECT_EQ(Do("GET", "/api/v2/silences").body, "[" + gettable + "]");
  EXPECT_EQ(Do("GET", "/api/v2/silences?filter=alertname%3DA").body,
            "[" + gettable + "]");
  EXPECT_EQ(Do("GET", "/api/v2/silences?filter=alertname%3DB").body, "[]");
  // Filters compare matchers, not labels: =~"A" is not ="A".
  EXPECT_EQ(Do("GET", "/api/v2/silences?filter=alertname%3D~A").body, "[]");

  // The silence mutes a posted alert.
  Do("POST", "/api/v2/alerts", R"([{"labels":{"alertname":"A"}}])");
  r = Do("GET", "/api/v2/alerts");
  EXPECT_NE(
      r.body.find(R"("silencedBy":[")" + id + R"("],"state":"suppressed")"),
      std::string::npos)
      << r.body;
  EXPECT_EQ(Do("GET", "/api/v2/alerts?silenced=false").body, "[]");

  r = Do("DELETE", "/api/v2/silence/" + id);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "");
  now_ = At(kNow + 1);
  r = Do("GET", "/api/v2/silence/" + id);
  EXPECT_NE(r.body.find(R"("status":{"state":"expired"})"), std::string::npos);
}

TEST_F(HandlersTest, SilenceErrors) {
  auto r = Do("GET", "/api/v2/silence/00000000-0000-4000-8000-000000000009");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "");
  r = Do("DELETE", "/api/v2/silence/00000000-0000-4000-8000-000000000009");
  EXPECT_EQ(r.status, 404);
  r = Do("GET", "/api/v2/silence/nope");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(
      r.body,
      R"({"code":601,"message":"silenceID in path must be of type uuid: \"nope\""})");
  auto post = [&](const std::string& matchers, const std::string& starts,
                  const std::string& ends) {
    return Do("POST", "/api/v2/silences",
              R"({"matchers":)" + matchers + R"(,"startsAt":")" + starts +
                  R"(","endsAt":")" + ends +
                  R"(","createdBy":"me","comment":"c"})");
  };
  const std::string m = R"([{"name":"a","value":"b","isRegex":false}])";
  r = post(m, "2024-01-01T01:00:00Z", "2024-01-01T00:30:00Z");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      r.body,
      R"("Failed to create silence: start time must be before end time")");
  r = post(m, "2023-01-01T00:00:00Z", "2023-01-01T01:00:00Z");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            R"("Failed to create silence: end time can't be in the past")");
  r = post("[]", "2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(
      r.body,
      R"({"code":612,"message":"matchers in body should have at least 1 items"})");
  r = post(R"([{"name":"a","value":"(","isRegex":true}])",
           "2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.rfind(R"("silence invalid: invalid label matcher 0: )", 0),
            0u)
      << r.body;
  r = Do(
      "POST", "/api/v2/silences",
      R"({"id":"00000000-0000-4000-8000-000000000042","matchers":)" + m +
          R"(,"startsAt":"2024-01-01T00:00:00Z","endsAt":"2024-01-01T01:00:00Z",)"
          R"("createdBy":"me","comment":"c"})");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"("silence not found")");
  r = Do("POST", "/api/v2/silences", "{");
  EXPECT_EQ(r.status, 400);
}

TEST_F(HandlersTest, Groups) {
  deps_.groups = [this](const std::function<bool(const std::string&)>& rf) {
    std::vector<AlertGroupView> out;
    if (rf("default")) {
      out.push_back(
          {model::Labels{{"alertname", "A"}}, "default", store_.List()});
    }
    if (rf("audit")) out.push_back({model::Labels{}, "audit", store_.List()});
    return out;
  };
  Do("POST", "/api/v2/alerts", R"([{"labels":{"alertname":"A"}}])");
  auto r = Do("GET", "/api/v2/alerts/groups");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.rfind(R"([{"alerts":[{"annotations":{})", 0), 0u) << r.body;
  // Receivers of every group the alert is in, sorted.
  EXPECT_NE(r.body.find(R"("receivers":[{"name":"audit"},{"name":"default"}])"),
            std::string::npos)
      << r.body;
  EXPECT_NE(
      r.body.find(
          R"("labels":{"alertname":"A"},"receiver":{"name":"default"}},{"alerts")"),
      std::string::npos);
  const std::string tail = R"(}}],"labels":{},"receiver":{"name":"audit"}}])";
  EXPECT_EQ(r.body.substr(r.body.size() - tail.size()), tail);
  EXPECT_EQ(Do("GET", "/api/v2/alerts/groups?receiver=other").body, "[]");
  EXPECT_NE(Do("GET", "/api/v2/alerts/groups?receiver=def.*")
                .body.find(R"("receivers":[{"name":"default"}])"),
            std::string::npos);
  marker_.SetInhibited(model::Labels{{"alertname", "A"}}.fingerprint(), {"x"});
  deps_.set_alert_status = nullptr;
  EXPECT_EQ(Do("GET", "/api/v2/alerts/groups?inhibited=false").body, "[]");
}

// The direct writers of GET /api/v2/alerts and /alerts/groups give exactly
// the bytes of the boost::json tree they replaced.
TEST_F(HandlersTest, ListBytesMatchJsonTree) {
  Do("POST", "/api/v2/alerts",
     R"([{"labels":{"alertname":"a<b>&c","team":"db"},)"
     R"("annotations":{"x":"&\u2028\n\"q\"\\","<":"\u0001"},)"
     R"("generatorURL":"http://p/?a=1&b=2","startsAt":"2023-12-31T23:00:00Z"},)"
     R"({"labels":{"alertname":"B","z":"\u00e9"},"endsAt":"2024-01-01T02:00:00Z"},)"
     R"({"labels":{"alertname":"Old"},"startsAt":"2023-12-31T20:00:00Z",)"
     R"("endsAt":"2023-12-31T21:00:00Z"}])");
  ASSERT_EQ(store_.size(), 3u);
  auto sil =
      Do("POST", "/api/v2/silences",
         R"({"matchers":[{"name":"alertname","value":"B","isRegex":false}],)"
         R"("startsAt":"2023-12-31T00:00:00Z","endsAt":"2024-01-02T00:00:00Z",)"
         R"("createdBy":"me","comment":"c"})");
  ASSERT_EQ(sil.status, 200);
  marker_.SetInhibited(
      model::Labels{{"alertname", "a<b>&c"}, {"team", "db"}}.fingerprint(),
      {"00000000000000ff"});
  auto r = Do("GET", "/api/v2/alerts");
  ASSERT_EQ(r.status, 200);
  std::string want = "[";
  for (const model::Alert& a : store_.List()) {
    if (a.ends_at < now_) continue;
    model::AlertStatus st = marker_.Status(a.fingerprint());
    AlertStatusWire w;
    w.state = st.state;
    w.silenced_by = st.silenced_by;
    w.inhibited_by = st.inhibited_by;
    if (want.size() > 1) want += ',';
    want += GoHtmlEscape(
        ToJson(GettableAlertJson(a, w, deps_.receivers_for(a.labels))));
  }
  want += ']';
  EXPECT_EQ(r.body, want);
  EXPECT_NE(r.body.find("silencedBy\":[\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("inhibitedBy\":[\"00000000000000ff\"]"),
            std::string::npos);

  deps_.groups = [this](const std::function<bool(const std::string&)>& rf) {
    std::vector<AlertGroupView> out;
    if (rf("de<fault&")) {
      out.push_back({model::Labels{{"alertname", "a<b>&c"}, {"x", "\u2028"}},
                     "de<fault&", store_.List()});
    }
    if (rf("audit")) out.push_back({model::Labels{}, "audit", store_.List()});
    if (rf("none")) out.push_back({model::Labels{{"a", "b"}}, "none", {}});
    return out;
  };
  r = Do("GET", "/api/v2/alerts/groups");
  ASSERT_EQ(r.status, 200);
  std::string alerts = "[";
  for (const model::Alert& a : store_.List()) {
    if (a.ends_at < now_) continue;
    model::AlertStatus st = marker_.Status(a.fingerprint());
    AlertStatusWire w;
    w.state = st.state;
    w.silenced_by = st.silenced_by;
    w.inhibited_by = st.inhibited_by;
    if (alerts.size() > 1) alerts += ',';
    alerts +=
        GoHtmlEscape(ToJson(GettableAlertJson(a, w, {"audit", "de<fault&"})));
  }
  alerts += ']';
  boost::json::object labels;
  labels["alertname"] = "a<b>&c";
  labels["x"] = "\u2028";
  want = "[{\"alerts\":" + alerts + ",\"labels\":" + ToJson(labels) +
         ",\"receiver\":" + ToJson(ReceiverJson("de<fault&")) +
         "},{\"alerts\":" + alerts +
         ",\"labels\":{},\"receiver\":{\"name\":\"audit\"}}]";
  EXPECT_EQ(r.body, want);
  EXPECT_NE(r.body.find(R"("labels":{"alertname":"a<b>&c","x":")"),
            std::string::npos);
}

TEST_F(HandlersTest, HtmlEscapingAsGo) {
  Do("POST", "/api/v2/alerts",
     R"([{"labels":{"alertname":"a<b"},"annotations":{"x":"&"}}])");
  auto r = Do("GET", "/api/v2/alerts");
  EXPECT_NE(r.body.find(R"("annotations":{"x":"\u0026"})"), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(R"("labels":{"alertname":"a\u003cb"})"),
            std::string::npos);
  // Plain models (status) are not escaped.
  deps_.config_original = [] { return std::string("a<b&c"); };
  EXPECT_NE(Do("GET", "/api/v2/status").body.find(R"({"original":"a<b&c"})"),
            std::string::npos);
}

TEST_F(HandlersTest, InhibitedByRealInhibitor) {
  config::InhibitRule rule;
  rule.source_matchers = *model::ParseMatchers(
      "{severity=\"critical\"}", model::MatcherParserMode::kFallback);
  rule.target_matchers = *model::ParseMatchers(
      "{severity=\"warning\"}", model::MatcherParserMode::kFallback);
  inhibit::Inhibitor inhibitor({rule});
  alerts::FunctionAlertListener feed(
      [&](const model::Alert& a) { inhibitor.OnAlert(a); });
  store_.Subscribe(feed);
  deps_.set_alert_status = [&](const model::Labels& l) {
    std::optional<model::Fingerprint> by = inhibitor.Mutes(l, now_);
    marker_.SetInhibited(l.fingerprint(),
                         by ? std::vector<std::string>{by->ToString()}
                            : std::vector<std::string>{});
    marker_.SetActiveOrSilenced(l.fingerprint(), {});
  };
  EXPECT_EQ(Do("POST", "/api/v2/alerts",
               R"([{"labels":{"alertname":"src","severity":"critical"}},)"
               R"({"labels":{"alertname":"dst","severity":"warning"}}])")
                .status,
            200);
  std::string src =
      model::Labels{{"alertname", "src"}, {"severity", "critical"}}
          .fingerprint()
          .ToString();
  auto r = Do("GET", "/api/v2/alerts?filter=alertname%3Ddst");
  EXPECT_NE(
      r.body.find(R"("status":{"inhibitedBy":[")" + src +
                  R"("],"mutedBy":[],"silencedBy":[],"state":"suppressed"})"),
      std::string::npos)
      << r.body;
  EXPECT_EQ(
      Do("GET", "/api/v2/alerts?inhibited=false&filter=alertname%3Ddst").body,
      "[]");
  EXPECT_NE(Do("GET", "/api/v2/alerts?inhibited=false").body.find("\"src\""),
            std::string::npos);
  store_.Unsubscribe(feed);
}

TEST_F(HandlersTest, StatusAndReceivers) {
  auto r = Do("GET", "/api/v2/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(
      r.body,
      R"({"cluster":{"peers":[],"status":"disabled"},)"
      R"("config":{"original":"route:\n  receiver: default\n"},)"
      R"("uptime":"2023-12-31T23:59:00.000Z","versionInfo":{"branch":"main",)"
      R"("buildDate":"20240101","buildUser":"me@host","goVersion":"go1.22",)"
      R"("revision":"abc","version":"0.27.0"}})");
  r = Do("GET", "/api/v2/receivers");
  EXPECT_EQ(r.body, R"([{"name":"default"},{"name":"db-pager"}])");
}

TEST_F(HandlersTest, V1Removed) {
  for (auto [m, p] : {std::pair{"POST", "/api/v1/alerts"},
                      std::pair{"GET", "/api/v1/silences"},
                      std::pair{"DELETE", "/api/v1/silence/x"},
                      std::pair{"GET", "/api/v1/status"},
                      std::pair{"GET", "/api/v1/receivers"}}) {
    auto r = Do(m, p);
    EXPECT_EQ(r.status, 410) << p;
    EXPECT_EQ(r.body,
              "{\"status\":\"deprecated\",\"error\":\"The Alertmanager v1 API "
              "was deprecated in version 0.16.0 and is removed as of version "
              "0.27.0 - please use the equivalent route in the v2 API\"}");
  }
  EXPECT_EQ(Do("GET", "/api/v1/status/x").status, 404);
  // GET is left to the Prometheus-compatible API (issue 6): only POST is
  // answered here, so GET is "method not allowed" until that API exists.
  EXPECT_EQ(Do("GET", "/api/v1/alerts").status, 405);
}

}  // namespace
}  // namespace tocsin::api::v2

namespace tocsin::api::v2 {
namespace {

TEST(V2EndpointsTest, Table) {
  V2Deps deps;
  std::vector<Endpoint> rows = V2Endpoints(deps);
  ASSERT_EQ(rows.size(), 16u);
  std::string mutating;
  for (const Endpoint& e : rows) {
    if (e.mutates_state) {
      mutating += std::string(MethodName(e.method)) + " " + e.path + ";";
    }
  }
  EXPECT_EQ(mutating,
            "POST /api/v2/alerts;POST /api/v2/silences;"
            "DELETE /api/v2/silence/{id};");
  Router router(std::move(rows));
  auto r = router.Handle(net::HttpRequest::Make("PUT", "/api/v2/alerts"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.Get("Allow"), "GET, HEAD, POST");
}

}  // namespace
}  // namespace tocsin::api::v2
