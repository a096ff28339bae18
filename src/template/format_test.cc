#include "template/format.h"

#include <gtest/gtest.h>

#include <fstream>

#include "template/engine.h"

namespace tocsin::tmpl {
namespace {

// 2026-11-23T12:34:56.789Z
const TimeValue kT{1795437296, 789000000, 0, "UTC"};

TEST(FormatTest, Floats) {
  EXPECT_EQ(FormatFloat(3.0, 'g', -1), "3");
  EXPECT_EQ(FormatFloat(0.1, 'g', -1), "0.1");
  EXPECT_EQ(FormatFloat(123456789.0, 'g', -1), "1.23456789e+08");
  EXPECT_EQ(FormatFloat(1.5, 'g', 4), "1.5");
  EXPECT_EQ(FormatFloat(12345.678, 'g', 4), "1.235e+04");
  EXPECT_EQ(FormatFloat(-0.5, 'e', 2), "-5.00e-01");
  EXPECT_EQ(FormatFloat(0, 'g', -1), "0");
  EXPECT_EQ(FormatFloat(2.0 / 3, 'f', 3), "0.667");
}

TEST(FormatTest, Time) {
  EXPECT_EQ(FormatTime(kT, "2006-01-02T15:04:05Z07:00"),
            "2026-11-23T12:34:56Z");
  EXPECT_EQ(FormatTime(kT, "Mon Jan _2 3:4:5 PM 2006 MST"),
            "Mon Nov 23 12:34:56 PM 2026 UTC");
  EXPECT_EQ(FormatTime(kT, "02.01.06 15:04:05.000 -0700"),
            "23.11.26 12:34:56.789 +0000");
  EXPECT_EQ(FormatTime(kT, "Monday, January 2 .999999999"),
            "Monday, November 23 .789");
  EXPECT_EQ(TimeString(kT), "2026-11-23 12:34:56.789 +0000 UTC");
  EXPECT_EQ(TimeString(TimeValue{-62135596800LL, 0, 0, "UTC"}),
            "0001-01-01 00:00:00 +0000 UTC");
  TimeValue plus2{kT.unix_seconds, 0, 7200, "CEST"};
  EXPECT_EQ(FormatTime(plus2, "15:04 -07:00 MST"), "14:34 +02:00 CEST");
}

TEST(FormatTest, Durations) {
  EXPECT_EQ(DurationString(0), "0s");
  EXPECT_EQ(DurationString(1500), "1.5\xC2\xB5s");
  EXPECT_EQ(DurationString(2500000), "2.5ms");
  EXPECT_EQ(DurationString(3723500000000LL), "1h2m3.5s");
  EXPECT_EQ(DurationString(-60000000000LL), "-1m0s");
}

std::string Exec(std::string_view text, const Value& data = Value(),
                 int64_t now = 0) {
  TemplateSet set;
  auto r = set.ExecuteString(text, data, Mode::kText, ExecEnv{now});
  if (!r.ok()) return "ERROR: " + r.status().message();
  return *r;
}

TEST(FuncsTest, Strings) {
  EXPECT_EQ(Exec("{{ toUpper \"abc\" }} {{ toLower \"ABC\" }}"), "ABC abc");
  EXPECT_EQ(Exec("{{ title \"hello wORLD it's-me\" }}"), "Hello World It's-Me");
  EXPECT_EQ(Exec("[{{ trimSpace \"  x y \\n\" }}]"), "[x y]");
  EXPECT_EQ(Exec("{{ stringSlice \"a\" \"b\" | join \", \" }}"), "a, b");
  EXPECT_EQ(Exec("{{ match \"^a.c$\" \"abc\" }} {{ match \"x\" \"abc\" }}"),
            "true false");
  EXPECT_EQ(Exec("{{ reReplaceAll \"(\\\\w+):(\\\\d+)\" \"$2-$1\" \"host:80 "
                 "db:5432\" }}"),
            "80-host 5432-db");
  EXPECT_EQ(Exec("{{ reReplaceAll \"a*\" \"-\" \"baaac\" }}"), "-b-c-");
  EXPECT_EQ(Exec("{{ reReplaceAll \"(?P<x>o)\" \"${x}0\" \"foo\" }}"), "fo0o0");
  EXPECT_EQ(Exec("{{ urlUnescape \"a%20b+c\" }}"), "a b c");
  EXPECT_EQ(Exec("{{ safeHtml \"<b>\" }}"), "<b>");
}

TEST(FuncsTest, TimeFunctions) {
  Value data = Value::MakeStruct({{"T", Value(kT)}}, "main.T");
  EXPECT_EQ(
      Exec("{{ .T.Format \"15:04\" }} {{ .T.Unix }} {{ .T.UTC.Year }}", data),
      "12:34 1795437296 2026");
  EXPECT_EQ(Exec("{{ date \"2006-01-02\" .T }}", data), "2026-11-23");
  EXPECT_EQ(Exec("{{ (tz \"UTC\" .T).Format \"15:04 MST\" }}", data),
            "12:34 UTC");
  // Zones from the system's zoneinfo database, as Go's LoadLocation.
  if (std::ifstream("/usr/share/zoneinfo/Europe/Berlin")) {
    EXPECT_EQ(Exec("{{ (tz \"Europe/Berlin\" .T).Format \"15:04 MST -0700\" "
                   "}}",
                   data),
              "13:34 CET +0100");
    Value summer = Value::MakeStruct(
        {{"T", Value(TimeValue{1783000000, 0, 0, "UTC"})}}, "main.T");
    EXPECT_EQ(
        Exec("{{ (tz \"Europe/Berlin\" .T).Format \"15:04 MST\" }}", summer),
        "15:46 CEST");
  }
  EXPECT_EQ(Exec("{{ tz \"../etc/passwd\" .T }}", data),
            "ERROR: template: :1:3: executing \"\" at <tz \"../etc/passwd\" "
            ".T>: error calling tz: time: invalid location name");
  int64_t now = (kT.unix_seconds + 3723) * 1000000000LL + kT.nanos;
  EXPECT_EQ(Exec("{{ since .T }}", data, now), "1h2m3s");
  EXPECT_EQ(Exec("{{ since .T | humanizeDuration }}", data, now), "1h 2m 3s");
  EXPECT_EQ(Exec("{{ humanizeDuration 90061 }} {{ humanizeDuration 1.5 }} "
                 "{{ humanizeDuration 0.0015 }} {{ humanizeDuration 0 }}"),
            "1d 1h 1m 1s 1.5s 1.5ms 0s");
  EXPECT_EQ(Exec("{{ tz \"Mars/Base\" .T }}", data),
            "ERROR: template: :1:3: executing \"\" at <tz \"Mars/Base\" .T>: "
            "error calling tz: unknown time zone Mars/Base");
}

TEST(FuncsTest, JsonAndDict) {
  EXPECT_EQ(Exec("{{ dict \"b\" 1 \"a\" \"x<\" | toJson }}"),
            "{\"a\":\"x\\u003c\",\"b\":1}");
  EXPECT_EQ(Exec("{{ (dict \"k\" \"v\").k }}"), "v");
  EXPECT_EQ(Exec("{{ toJson (stringSlice \"a\") }} {{ toJson 1.5 }}"),
            "[\"a\"] 1.5");
  EXPECT_EQ(Exec("{{ dict \"a\" }}"),
            "ERROR: template: :1:3: executing \"\" at <dict \"a\">: error "
            "calling dict: invalid dict call");
}

}  // namespace
}  // namespace tocsin::tmpl
