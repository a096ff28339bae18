#include "api/v2/wire.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "api/json.h"

namespace tocsin::api::v2 {
namespace {

model::Time At(int64_t unix_seconds, int64_t ns = 0) {
  return model::Time(std::chrono::seconds(unix_seconds) +
                     std::chrono::nanoseconds(ns));
}

TEST(DateTimeTest, FormatsMillisecondsInUtc) {
  EXPECT_EQ(FormatDateTime(At(1704067200, 123456789)),
            "2024-01-01T00:00:00.123Z");
  EXPECT_EQ(FormatDateTime(At(1704067200)), "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatDateTime(model::kZeroTime), "0001-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatDateTime(At(-1)), "1969-12-31T23:59:59.000Z");
  EXPECT_EQ(FormatDateTime(At(-1, 1)), "1969-12-31T23:59:59.000Z");
  EXPECT_EQ(FormatDateTime(At(0, -1)), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatDateTime(At(-6000000000)), "1779-11-13T13:20:00.000Z");
  EXPECT_EQ(FormatDateTime(At(9000000000, 999999999)),
            "2255-03-14T16:00:00.999Z");
  std::string out = "x";
  AppendDateTime(At(1704067200, 7000000), &out);
  EXPECT_EQ(out, "x2024-01-01T00:00:00.007Z");
}

TEST(DateTimeTest, Parses) {
  EXPECT_EQ(*ParseDateTime("2024-01-01T00:00:00Z"), At(1704067200));
  EXPECT_EQ(*ParseDateTime("2024-01-01T00:00:00.5Z"),
            At(1704067200, 500000000));
  EXPECT_EQ(*ParseDateTime("2024-01-01T02:00:00+02:00"), At(1704067200));
  EXPECT_EQ(*ParseDateTime("0001-01-01T00:00:00Z"), model::kZeroTime);
  EXPECT_EQ(*ParseDateTime(""), model::kZeroTime);
  EXPECT_EQ(*ParseDateTime("2024-01-01T00:00:00"), At(1704067200));
  Result<model::Time> bad = ParseDateTime("yesterday");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": "
            "cannot parse \"yesterday\" as \"2006-01-02T15:04:05Z07:00\"");
  EXPECT_FALSE(ParseDateTime("2024-02-30T00:00:00Z").ok());
}

TEST(PostableAlertsTest, Decodes) {
  SwaggerError e;
  auto a = DecodePostableAlerts(
      R"([{"labels":{"b":"2","a":"1"},"annotations":{"x":"y"},)"
      R"("startsAt":"2024-01-01T00:00:00Z","generatorURL":"http://g"}])",
      &e);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_EQ(a->size(), 1u);
  EXPECT_EQ((*a)[0].labels, (model::Labels{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ((*a)[0].annotations, (model::Labels{{"x", "y"}}));
  EXPECT_EQ((*a)[0].starts_at, At(1704067200));
  EXPECT_EQ((*a)[0].ends_at, model::kZeroTime);
  EXPECT_EQ((*a)[0].generator_url, "http://g");
}

// Bodies the fast decoder hands to the general one (duplicates, other key
// spellings, escapes, non-ASCII, nulls) decode as before.
TEST(PostableAlertsTest, FastAndGeneralPathsAgree) {
  SwaggerError e;
  auto dup = DecodePostableAlerts(
      R"([{"labels":{"a":"1","b":"2","a":"3"}}] trailing)", &e);
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ((*dup)[0].labels, (model::Labels{{"a", "3"}, {"b", "2"}}));
  auto spelled = DecodePostableAlerts(
      R"([{"Labels":{"a":"x\u00e9\n"},"generatorURL":null,"endsAt":null}])",
      &e);
  ASSERT_TRUE(spelled.ok());
  EXPECT_EQ((*spelled)[0].labels, (model::Labels{{"a", "x\xc3\xa9\n"}}));
  EXPECT_TRUE(model::IsZeroTime((*spelled)[0].ends_at));
  auto fast = DecodePostableAlerts(
      " [ {\"labels\" : {\"b\":\"\",\"a\":\"1\"}, \"startsAt\":\"\","
      "\"annotations\":{}, \"generatorURL\":\"http://x/?q=%zz\"}, {\"labels\":"
      "{\"c\":\"d\"},\"endsAt\":\"2024-01-01T01:00:00+01:00\"} ]",
      &e);
  ASSERT_TRUE(fast.ok());
  ASSERT_EQ(fast->size(), 2u);
  EXPECT_EQ((*fast)[0].labels, (model::Labels{{"a", "1"}, {"b", ""}}));
  EXPECT_EQ((*fast)[0].generator_url, "http://x/?q=%zz");
  EXPECT_TRUE(model::IsZeroTime((*fast)[0].starts_at));
  EXPECT_EQ((*fast)[1].ends_at, At(1704067200));
  EXPECT_FALSE(
      DecodePostableAlerts(R"([{"labels":{"a":"1"}},{"annotations":{}}])", &e)
          .ok());
  EXPECT_EQ(e.code, 602);
  EXPECT_EQ(e.message, "1.labels in body is required");
  EXPECT_FALSE(
      DecodePostableAlerts(
          R"([{"labels":{"a":"1"},"generatorURL":"http://x/%zz"}])", &e)
          .ok());
  EXPECT_EQ(e.code, 601);
}

TEST(PostableAlertsTest, Errors) {
  SwaggerError e;
  EXPECT_FALSE(DecodePostableAlerts("", &e).ok());
  EXPECT_EQ(e.code, 602);
  EXPECT_EQ(e.message, "alerts in body is required");
  EXPECT_EQ(e.HttpStatus(), 422);

  auto none = DecodePostableAlerts("null", &e);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  EXPECT_FALSE(DecodePostableAlerts(R"([{"labels":{"a":"1"}},{}])", &e).ok());
  EXPECT_EQ(e.code, 602);
  EXPECT_EQ(e.message, "1.labels in body is required");

  EXPECT_FALSE(
      DecodePostableAlerts(
          R"([{"labels":{"a":"b"}},{"generatorURL":"http://x/%zz"}])", &e)
          .ok());
  EXPECT_EQ(e.code, 601);
  EXPECT_EQ(e.message,
            "1.generatorURL in body must be of type uri: \"http://x/%zz\"");
  EXPECT_TRUE(
      DecodePostableAlerts(
          R"([{"labels":{"a":"b"},"generatorURL":"http://x/?q=%zz"}])", &e)
          .ok());

  EXPECT_FALSE(DecodePostableAlerts(R"({"labels":{}})", &e).ok());
  EXPECT_EQ(e.code, 400);
  EXPECT_EQ(e.HttpStatus(), 400);
  EXPECT_EQ(e.message,
            "parsing alerts body from \"\" failed, because json: cannot "
            "unmarshal object into Go value of type models.PostableAlerts");

  EXPECT_FALSE(DecodePostableAlerts(R"([{"labels":{"a":5}}])", &e).ok());
  EXPECT_EQ(e.message,
            "parsing alerts body from \"\" failed, because json: cannot "
            "unmarshal number into Go struct field Alert.labels of "
            "type string");
  EXPECT_FALSE(
      DecodePostableAlerts(R"([{"annotations":{"a":true}}])", &e).ok());
  EXPECT_EQ(e.message,
            "parsing alerts body from \"\" failed, because json: cannot "
            "unmarshal bool into Go struct field .annotations of type string");
  // The texts below are Debian Alertmanager 0.25's answers.
  EXPECT_FALSE(DecodePostableAlerts(R"([{"startsAt":5}])", &e).ok());
  EXPECT_EQ(e.message,
            "parsing alerts body from \"\" failed, because json: cannot "
            "unmarshal number into Go struct field .startsAt of type string");
  EXPECT_FALSE(DecodePostableAlerts(R"([{"endsAt":true}])", &e).ok());
  EXPECT_EQ(e.message,
            "parsing alerts body from \"\" failed, because json: cannot "
            "unmarshal bool into Go struct field .endsAt of type string");
  EXPECT_FALSE(DecodePostableAlerts(R"([5])", &e).ok());
  EXPECT_EQ(e.message,
            R"(parsing alerts body from "" failed, because json: cannot )"
            R"(unmarshal number into Go value of type struct { Annotations )"
            R"(models.LabelSet "json:\"annotations,omitempty\""; EndsAt )"
            R"(strfmt.DateTime "json:\"endsAt,omitempty\""; StartsAt )"
            R"(strfmt.DateTime "json:\"startsAt,omitempty\"" })");
  EXPECT_FALSE(DecodePostableSilence("[]", &e).ok());
  EXPECT_EQ(e.message,
            R"(parsing silence body from "" failed, because json: cannot )"
            R"(unmarshal array into Go value of type struct { ID string )"
            R"("json:\"id,omitempty\"" })");
  EXPECT_FALSE(DecodePostableSilence(R"({"startsAt":5})", &e).ok());
  EXPECT_EQ(e.message,
            "parsing silence body from \"\" failed, because json: cannot "
            "unmarshal number into Go struct field Silence.startsAt of type "
            "string");

  const std::pair<const char*, const char*> syntax[] = {
      {"[{", "unexpected EOF"},
      {"x", "invalid character 'x' looking for beginning of value"},
      {"[1,]", "invalid character ']' looking for beginning of value"},
      {"{\"a\" 1}", "invalid character '1' after object key"},
      {"{\"a\":1 2}", "invalid character '2' after object key:value pair"},
      {"{1:2}",
       "invalid character '1' looking for beginning of object key string"},
      {"[1 2]", "invalid character '2' after array element"},
      {"[tru]", "invalid character ']' in literal true (expecting 'e')"},
      {"[-x]", "invalid character 'x' in numeric literal"},
      {"[1.]", "invalid character ']' after decimal point in numeric literal"},
      {"[1e]", "invalid character ']' in exponent of numeric literal"},
      {"[\"\\q\"]", "invalid character 'q' in string escape code"},
      {"[\"\\u12x4\"]",
       "invalid character 'x' in \\u hexadecimal character escape"},
      {"[\"\t\"]", "invalid character '\\t' in string literal"},
      {"'", "invalid character '\\'' looking for beginning of value"},
  };
  for (const auto& [body, reason] : syntax) {
    EXPECT_FALSE(DecodePostableAlerts(body, &e).ok()) << body;
    EXPECT_EQ(e.code, 400);
    EXPECT_EQ(
        e.message,
        std::string("parsing alerts body from \"\" failed, because ") + reason)
        << body;
  }
  // Like json.Decoder, bytes after the first value are not read.
  auto trailing = DecodePostableAlerts("[] trailing", &e);
  ASSERT_TRUE(trailing.ok());
  EXPECT_TRUE(trailing->empty());
  EXPECT_FALSE(DecodePostableAlerts(" \n ", &e).ok());
  EXPECT_EQ(e.message, "alerts in body is required");
}

TEST(GettableAlertTest, ExactJson) {
  model::Alert a;
  a.labels = model::Labels{{"alertname", "A"}};
  a.annotations = model::Labels{{"s", "t"}};
  a.starts_at = At(1704067200);
  a.ends_at = At(1704067500);
  a.updated_at = At(1704067200, 1000000);
  a.generator_url = "http://g";
  AlertStatusWire st;
  st.state = model::AlertState::kSuppressed;
  st.silenced_by = {"s1"};
  EXPECT_EQ(
      ToJson(GettableAlertJson(a, st, {"team"})),
      R"({"annotations":{"s":"t"},"endsAt":"2024-01-01T00:05:00.000Z",)"
      R"("fingerprint":")" +
          a.fingerprint().ToString() +
          R"(","receivers":[{"name":"team"}],)"
          R"("startsAt":"2024-01-01T00:00:00.000Z","status":)"
          R"({"inhibitedBy":[],"mutedBy":[],"silencedBy":["s1"],)"
          R"("state":"suppressed"},"updatedAt":"2024-01-01T00:00:00.001Z",)"
          R"("generatorURL":"http://g","labels":{"alertname":"A"}})");
}

TEST(GoHtmlEscapeTest, EscapesLikeEncodingJson) {
  EXPECT_EQ(GoHtmlEscape(R"({"a":"<x>&y\u2028"})"),
            R"({"a":"\u003cx\u003e\u0026y\u2028"})");
  EXPECT_EQ(GoHtmlEscape("\"\xe2\x80\xa9\""), R"("\u2029")");
}

TEST(PostableSilenceTest, DecodesAndEncodes) {
  SwaggerError e;
  auto s = DecodePostableSilence(
      R"({"matchers":[{"name":"a","value":"b.*","isRegex":true,"isEqual":false}],)"
      R"("startsAt":"2024-01-01T00:00:00Z","endsAt":"2024-01-01T01:00:00Z",)"
      R"("createdBy":"me","comment":"c"})",
      &e);
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->matchers.size(), 1u);
  EXPECT_EQ(s->matchers[0].type, model::MatchType::kRegexNoMatch);
  s->id = silence::SilenceId("00000000-0000-4000-8000-000000000001");
  s->updated_at = At(1704067200);
  EXPECT_EQ(
      ToJson(GettableSilenceJson(*s, At(1704067300))),
      R"({"id":"00000000-0000-4000-8000-000000000001",)"
      R"("status":{"state":"active"},"updatedAt":"2024-01-01T00:00:00.000Z",)"
      R"("comment":"c","createdBy":"me","endsAt":"2024-01-01T01:00:00.000Z",)"
      R"("matchers":[{"isEqual":false,"isRegex":true,"name":"a","value":"b.*"}],)"
      R"("startsAt":"2024-01-01T00:00:00.000Z"})");
}

TEST(PostableSilenceTest, ValidationErrors) {
  SwaggerError e;
  const std::string times =
      R"("startsAt":"2024-01-01T00:00:00Z","endsAt":"2024-01-01T01:00:00Z")";
  EXPECT_FALSE(DecodePostableSilence(
                   R"({"createdBy":"me",)" + times + R"(,"matchers":[]})", &e)
                   .ok());
  EXPECT_EQ(e.code, 602);
  EXPECT_EQ(e.message, "comment in body is required");
  EXPECT_FALSE(DecodePostableSilence(R"({"comment":"c","createdBy":"me",)" +
                                         times + R"(,"matchers":[]})",
                                     &e)
                   .ok());
  EXPECT_EQ(e.code, 612);
  EXPECT_EQ(e.message, "matchers in body should have at least 1 items");
  EXPECT_FALSE(
      DecodePostableSilence(R"({"comment":"c","createdBy":"me",)" + times +
                                R"(,"matchers":[{"name":"a","value":"b"}]})",
                            &e)
          .ok());
  EXPECT_EQ(e.message, "matchers.0.isRegex in body is required");
  EXPECT_FALSE(DecodePostableSilence(
                   R"({"comment":"c","createdBy":"me",)" + times + "}", &e)
                   .ok());
  EXPECT_EQ(e.message, "matchers in body is required");
  EXPECT_FALSE(DecodePostableSilence("null", &e).ok());
  EXPECT_EQ(e.code, 602);
  EXPECT_EQ(e.message, "comment in body is required");
  EXPECT_FALSE(DecodePostableSilence(R"({"comment":1})", &e).ok());
  EXPECT_EQ(e.code, 400);
  EXPECT_EQ(e.message,
            "parsing silence body from \"\" failed, because json: cannot "
            "unmarshal number into Go struct field Silence.comment of "
            "type string");
  EXPECT_EQ(ToJson(SwaggerErrorJson(e)),
            R"({"code":400,"message":"parsing silence body from \"\" failed, )"
            R"(because json: cannot unmarshal number into Go struct field )"
            R"(Silence.comment of type string"})");
  EXPECT_FALSE(
      DecodePostableSilence(R"({"matchers":[{"isRegex":"yes"}]})", &e).ok());
  EXPECT_EQ(e.message,
            "parsing silence body from \"\" failed, because json: cannot "
            "unmarshal string into Go struct field Matcher.matchers.isRegex of "
            "type bool");
}

// The direct writers must give exactly the bytes of the boost::json tree
// serialized and HTML-escaped (the response bytes are pinned).
const char* const kTricky[] = {
    "",
    "plain",
    "q\"uote\\back/slash",
    "ctl\x01\x08\x09\x0a\x0b\x0c\x0d\x1f\x7f",
    "<b>&amp;</b>",
    "line\xe2\x80\xa8sep\xe2\x80\xa9par\xe2\x80\xaa\xe2\x82\xac",
    "trail\xe2",
    "trail2\xe2\x80",
    "utf8 \xc3\xa9 \xf0\x9f\x94\xa5 bad \xff\xfe",
};

TEST(DirectJsonTest, StringsMatchBoostSerializer) {
  for (std::string_view s : kTricky) {
    std::string plain;
    AppendJsonString(s, false, &plain);
    EXPECT_EQ(plain, ToJson(boost::json::value(boost::json::string(s)))) << s;
    std::string html;
    AppendJsonString(s, true, &html);
    EXPECT_EQ(html,
              GoHtmlEscape(ToJson(boost::json::value(boost::json::string(s)))))
        << s;
  }
  std::string nul;
  AppendJsonString(std::string_view("a\0b", 3), true, &nul);
  EXPECT_EQ(nul, "\"a\\u0000b\"");
}

TEST(DirectJsonTest, GettableAlertMatchesTree) {
  std::vector<model::Alert> alerts;
  model::Alert a;
  a.labels = model::Labels{{"alertname", "A"}, {"team", "db"}};
  a.starts_at = At(1704067200, 123456789);
  a.updated_at = At(1704067201);
  alerts.push_back(a);  // zero ends_at, no annotations, no URL
  for (std::string_view s : kTricky) {
    model::Alert b;
    b.labels = model::Labels{{"alertname", s}, {"k", s}, {s, "v"}};
    b.annotations = model::Labels{{"summary", s}, {"d<&>", "x"}};
    b.starts_at = At(1704067200);
    b.ends_at = At(1704070800, 999999999);
    b.updated_at = At(1704067200, 1000000);
    b.generator_url = std::string("http://x/?a=1&b=<2>") + std::string(s);
    alerts.push_back(b);
  }
  std::vector<std::vector<std::string>> receivers = {
      {}, {"default"}, {"a<b", "c&d", "e\xe2\x80\xa8"}};
  std::vector<AlertStatusWire> statuses(3);
  statuses[1].state = model::AlertState::kActive;
  statuses[2].state = model::AlertState::kSuppressed;
  statuses[2].silenced_by = {"s1", "s<2>"};
  statuses[2].inhibited_by = {"0123456789abcdef"};
  statuses[2].muted_by = {"m&"};
  for (const model::Alert& alert : alerts) {
    for (const auto& rs : receivers) {
      for (const AlertStatusWire& st : statuses) {
        std::string want =
            GoHtmlEscape(ToJson(GettableAlertJson(alert, st, rs)));
        std::string got = "[";
        AppendGettableAlertJson(alert, st, rs, &got);
        EXPECT_EQ(got, "[" + want);
        model::AlertStatus ms;
        ms.state = st.state;
        ms.silenced_by = st.silenced_by;
        ms.inhibited_by = st.inhibited_by;
        AlertStatusWire no_muted = st;
        no_muted.muted_by.clear();
        got.clear();
        AppendGettableAlertJson(alert, ms, rs, &got);
        EXPECT_EQ(got,
                  GoHtmlEscape(ToJson(GettableAlertJson(alert, no_muted, rs))));
      }
    }
    for (bool html : {false, true}) {
      boost::json::object o;
      for (const auto& l : alert.labels) o[l.name] = l.value;
      std::string want = ToJson(o);
      if (html) want = GoHtmlEscape(want);
      std::string got;
      AppendLabelSetJson(alert.labels, html, &got);
      EXPECT_EQ(got, want);
    }
  }
}

}  // namespace
}  // namespace tocsin::api::v2
