// Unit tests of the differential suite's normalization (no servers).

#include "e2e/differential/normalize.h"

#include <gtest/gtest.h>

namespace tocsin::e2e::diff {
namespace {

TEST(Rfc3339Test, ParsesAndFormatsMilliseconds) {
  EXPECT_EQ(ParseRfc3339Ms("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(ParseRfc3339Ms("1970-01-01T00:00:01.123456789Z"), 1123);
  EXPECT_EQ(ParseRfc3339Ms("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(ParseRfc3339Ms("2026-11-23T07:51:35.549Z"), 1795420295549);
  EXPECT_EQ(ParseRfc3339Ms("2026-11-23 07:51:35Z"), std::nullopt);
  EXPECT_EQ(ParseRfc3339Ms("2026-11-23T07:51:35"), std::nullopt);
  EXPECT_EQ(FormatRfc3339Ms(1795420295549), "2026-11-23T07:51:35.549Z");
  EXPECT_EQ(FormatRfc3339Ms(0), "1970-01-01T00:00:00.000Z");
}

TEST(NormalizeBodyTest, CanonicalJsonOrTrimmedText) {
  EXPECT_EQ(NormalizeBody("{\"b\":1, \"a\":[true,null]}\n"),
            "{\"a\":[true,null],\"b\":1}");
  EXPECT_EQ(NormalizeBody("\"silence not found\"\n"), "\"silence not found\"");
  EXPECT_EQ(NormalizeBody("404 page not found\n"), "404 page not found");
  EXPECT_EQ(NormalizeBody(""), "");
}

TEST(NormalizeAlertListTest, KeepsClientTimesAndNamesSilences) {
  ClientTimes times;
  times.Add("{\"a\":\"1\"}", 1000);
  IdNames ids = {{"id-1", "s1"}};
  NormContext ctx{&times, &ids};
  std::string body = R"([
    {"labels":{"a":"2"},"annotations":{},"fingerprint":"f2",
     "startsAt":"1970-01-01T00:00:01.000Z","endsAt":"1970-01-01T00:05:00Z",
     "receivers":[{"name":"r"}],
     "status":{"state":"active","silencedBy":[],"inhibitedBy":[]}},
    {"labels":{"a":"1"},"annotations":{"x":"y"},"fingerprint":"f1",
     "startsAt":"1970-01-01T00:00:01Z","endsAt":"1970-01-01T00:05:00Z",
     "receivers":[{"name":"r"}],
     "status":{"state":"suppressed","silencedBy":["id-1","id-9"],
               "inhibitedBy":["fb","fa"]}}])";
  EXPECT_EQ(
      NormalizeAlertList(body, ctx),
      R"({"annotations":{"x":"y"},"endsAt":"<server>","fingerprint":"f1","generatorURL":null,"labels":{"a":"1"},"receivers":["r"],"startsAt":"1970-01-01T00:00:01.000Z","status":{"inhibitedBy":["\"fa\"","\"fb\""],"silencedBy":["<unknown-id>","s1"],"state":"suppressed"}})"
      "\n"
      R"({"annotations":{},"endsAt":"<server>","fingerprint":"f2","generatorURL":null,"labels":{"a":"2"},"receivers":["r"],"startsAt":"<server>","status":{"inhibitedBy":[],"silencedBy":[],"state":"active"}})"
      "\n");
  EXPECT_EQ(NormalizeAlertList("{\"code\":400}", ctx),
            "not an alert list: {\"code\":400}");
}

TEST(NormalizeAlertGroupsTest, SortsGroupsAndTheirAlerts) {
  ClientTimes times;
  IdNames ids;
  NormContext ctx{&times, &ids};
  std::string body = R"([
    {"labels":{"a":"2"},"receiver":{"name":"r"},"alerts":[]},
    {"labels":{"a":"1"},"receiver":{"name":"r"},"alerts":[
      {"labels":{"a":"1","b":"2"},"fingerprint":"f2","status":{"state":"active"}},
      {"labels":{"a":"1","b":"1"},"fingerprint":"f1","status":{"state":"active"}}]}])";
  EXPECT_EQ(
      NormalizeAlertGroups(body, ctx),
      // Lines sort as text: "[]" before "[{".
      R"({"alerts":[],"labels":{"a":"2"},"receiver":"r"})"
      "\n"
      R"({"alerts":[{"annotations":null,"endsAt":null,"fingerprint":"f1","generatorURL":null,"labels":{"a":"1","b":"1"},"receivers":[],"startsAt":null,"status":{"inhibitedBy":[],"silencedBy":[],"state":"active"}},{"annotations":null,"endsAt":null,"fingerprint":"f2","generatorURL":null,"labels":{"a":"1","b":"2"},"receivers":[],"startsAt":null,"status":{"inhibitedBy":[],"silencedBy":[],"state":"active"}}],"labels":{"a":"1"},"receiver":"r"})"
      "\n");
}

TEST(NormalizeSilenceTest, NamesIdsAndHidesServerTimes) {
  ClientTimes times;
  times.Add("", 3600000);
  IdNames ids = {{"id-1", "s1"}};
  NormContext ctx{&times, &ids};
  std::string silence = R"({"id":"id-1","matchers":[{"name":"a","value":"1",
    "isRegex":false,"isEqual":true}],"startsAt":"1970-01-01T00:00:00.5Z",
    "endsAt":"1970-01-01T01:00:00Z","createdBy":"me","comment":"c",
    "updatedAt":"1970-01-01T00:00:00Z","status":{"state":"active"}})";
  std::string line =
      R"({"comment":"c","createdBy":"me","endsAt":"1970-01-01T01:00:00.000Z","id":"s1","matchers":[{"isEqual":true,"isRegex":false,"name":"a","value":"1"}],"startsAt":"<server>","state":"active"})";
  EXPECT_EQ(NormalizeSilence(silence, ctx), line + "\n");
  EXPECT_EQ(NormalizeSilenceList("[" + silence + "]", ctx), line + "\n");
  EXPECT_EQ(NormalizeSilenceCreated(R"({"silenceID":"id-1"})", ctx),
            R"({"silenceID":"s1"})");
  EXPECT_EQ(NormalizeSilenceCreated(R"({"silenceID":"id-2"})", ctx),
            R"({"silenceID":"<new-id>"})");
}

TEST(NormalizeNotificationTest, DropsExternalUrlAndSortsAlerts) {
  ClientTimes times;
  IdNames ids;
  NormContext ctx{&times, &ids};
  std::string body = R"({"version":"4","groupKey":"{}:{a=\"1\"}",
    "truncatedAlerts":0,"status":"firing","receiver":"r",
    "groupLabels":{"a":"1"},"commonLabels":{"a":"1"},"commonAnnotations":{},
    "externalURL":"http://host:1234","alerts":[
      {"status":"firing","labels":{"a":"1","b":"2"},"annotations":{},
       "startsAt":"2026-01-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z",
       "generatorURL":"","fingerprint":"f2"},
      {"status":"resolved","labels":{"a":"1","b":"1"},"annotations":{},
       "startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-01-01T00:01:00Z",
       "generatorURL":"","fingerprint":"f1"}]})";
  EXPECT_EQ(
      NormalizeNotification("/team", body, ctx),
      R"({"alerts":[{"annotations":{},"endsAt":"<server>","fingerprint":"f1","generatorURL":"","labels":{"a":"1","b":"1"},"startsAt":"<server>","status":"resolved"},{"annotations":{},"endsAt":"zero","fingerprint":"f2","generatorURL":"","labels":{"a":"1","b":"2"},"startsAt":"<server>","status":"firing"}],"commonAnnotations":{},"commonLabels":{"a":"1"},"groupKey":"{}:{a=\"1\"}","groupLabels":{"a":"1"},"path":"/team","receiver":"r","status":"firing","truncatedAlerts":0,"version":"4"})");
}

}  // namespace
}  // namespace tocsin::e2e::diff
