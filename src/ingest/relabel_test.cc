#include "ingest/relabel.h"

#include <re2/re2.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tocsin::ingest {
namespace {

using ::testing::HasSubstr;

std::vector<RelabelConfig> Parse(const std::string& yaml) {
  auto r = ParseRelabelConfigs(YAML::Load(yaml), "relabel_configs");
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : std::vector<RelabelConfig>{};
}

std::string ParseError(const std::string& yaml) {
  auto r = ParseRelabelConfigs(YAML::Load(yaml), "relabel_configs");
  EXPECT_FALSE(r.ok()) << yaml;
  return r.ok() ? "" : std::string(r.status().message());
}

std::string Apply(const model::Labels& in, const std::string& yaml) {
  std::optional<model::Labels> out = Relabel(in, Parse(yaml));
  return out ? out->ToString() : "dropped";
}

const model::Labels kFooBarBaz{{"a", "foo"}, {"b", "bar"}, {"c", "baz"}};

TEST(Relabel, ReplaceExpandsGroupsIntoTargetAndValue) {
  EXPECT_EQ(Apply(kFooBarBaz,
                  "- source_labels: [a]\n  regex: f(.*)\n  target_label: d\n"
                  "  replacement: ch${1}-ch${1}\n"),
            "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"choo-choo\"}");
  // Several sources joined with the separator; no match: unchanged.
  EXPECT_EQ(Apply(kFooBarBaz,
                  "- source_labels: [a, b]\n  separator: '-'\n"
                  "  regex: (f.*)-(b.*)\n  target_label: ${2}_x\n"
                  "  replacement: $1\n"),
            "{a=\"foo\", b=\"bar\", bar_x=\"foo\", c=\"baz\"}");
  EXPECT_EQ(
      Apply(kFooBarBaz,
            "- source_labels: [a]\n  regex: nomatch\n  target_label: d\n"),
      kFooBarBaz.ToString());
  // An empty result removes the label.
  EXPECT_EQ(Apply(kFooBarBaz,
                  "- source_labels: [a]\n  regex: .*\n  target_label: b\n"
                  "  replacement: ''\n"),
            "{a=\"foo\", c=\"baz\"}");
  // Defaults: regex (.*), replacement $1.
  EXPECT_EQ(Apply(kFooBarBaz, "- source_labels: [c]\n  target_label: a\n"),
            "{a=\"baz\", b=\"bar\", c=\"baz\"}");
}

TEST(Relabel, KeepDropAndEqualVariants) {
  EXPECT_EQ(
      Apply(kFooBarBaz, "- source_labels: [a]\n  regex: f.*\n  action: drop\n"),
      "dropped");
  EXPECT_EQ(
      Apply(kFooBarBaz, "- source_labels: [a]\n  regex: f\n  action: drop\n"),
      kFooBarBaz.ToString());  // anchored: "f" does not match "foo"
  EXPECT_EQ(
      Apply(kFooBarBaz, "- source_labels: [a]\n  regex: b.*\n  action: keep\n"),
      "dropped");
  EXPECT_EQ(Apply(model::Labels{{"x", "1"}, {"y", "1"}},
                  "- source_labels: [x]\n  target_label: y\n"
                  "  action: dropequal\n"),
            "dropped");
  EXPECT_EQ(Apply(model::Labels{{"x", "1"}, {"y", "2"}},
                  "- source_labels: [x]\n  target_label: y\n"
                  "  action: keepequal\n"),
            "dropped");
}

TEST(Relabel, HashModMatchesPrometheus) {
  // Prometheus' own relabel test: md5("baz") % 1000 == 976.
  EXPECT_EQ(Apply(kFooBarBaz,
                  "- source_labels: [c]\n  target_label: d\n  modulus: 1000\n"
                  "  action: hashmod\n"),
            "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"976\"}");
}

TEST(Relabel, LabelMapDropKeepCase) {
  model::Labels in{{"a", "foo"}, {"b1", "bar"}, {"b2", "baz"}};
  EXPECT_EQ(Apply(in,
                  "- regex: (b.*)\n  replacement: bar_${1}\n"
                  "  action: labelmap\n"),
            "{a=\"foo\", b1=\"bar\", b2=\"baz\", bar_b1=\"bar\", "
            "bar_b2=\"baz\"}");
  EXPECT_EQ(Apply(in, "- regex: b.*\n  action: labeldrop\n"), "{a=\"foo\"}");
  EXPECT_EQ(Apply(in, "- regex: b.*\n  action: labelkeep\n"),
            "{b1=\"bar\", b2=\"baz\"}");
  EXPECT_EQ(Apply(model::Labels{{"a", "FoO"}},
                  "- source_labels: [a]\n  target_label: l\n"
                  "  action: lowercase\n- source_labels: [a]\n"
                  "  target_label: u\n  action: UpperCase\n"),
            "{a=\"FoO\", l=\"foo\", u=\"FOO\"}");
}

TEST(Relabel, ExpandTemplateFollowsGoRules) {
  RE2 re("^(?:(?P<first>f)(o+))$");
  EXPECT_EQ(ExpandTemplate(re, "foo", "$1-$2-${first}-$first"), "f-oo-f-f");
  EXPECT_EQ(ExpandTemplate(re, "foo", "$1x"), "");  // group named "1x"
  EXPECT_EQ(ExpandTemplate(re, "foo", "${1}x"), "fx");
  EXPECT_EQ(ExpandTemplate(re, "foo", "$$1 costs $"), "$1 costs $");
  EXPECT_EQ(ExpandTemplate(re, "foo", "$9"), "");
}

TEST(Relabel, ValidationMessages) {
  EXPECT_THAT(ParseError("- source_labels: [a]\n"),
              HasSubstr("relabel_configs[0]: relabel configuration for "
                        "replace action requires 'target_label' value"));
  EXPECT_THAT(ParseError("- source_labels: [a]\n  target_label: d\n"
                         "  action: hashmod\n"),
              HasSubstr("requires non-zero modulus"));
  EXPECT_THAT(ParseError("- action: copy\n"),
              HasSubstr("relabel_configs[0].action: unknown relabel action "
                        "\"copy\""));
  EXPECT_THAT(
      ParseError("- regex: a\n  target_label: x\n  action: labeldrop\n"),
      HasSubstr("labeldrop action requires only 'regex'"));
  EXPECT_THAT(ParseError("- source_labels: [a]\n  target_label: x\n"
                         "  regex: '(a'\n"),
              HasSubstr("error parsing regexp"));
  EXPECT_THAT(ParseError("- source_labels: [a]\n  target_label: 1x\n"),
              HasSubstr("\"1x\" is invalid 'target_label' for replace action"));
  EXPECT_THAT(ParseError("- frobnicate: 1\n"),
              HasSubstr("field frobnicate not found"));
}

}  // namespace
}  // namespace tocsin::ingest
