#include "config/go_yaml.h"

#include <gtest/gtest.h>

namespace tocsin::config {
namespace {

TEST(GoYamlTest, ScalarsAreQuotedOnlyWhenNeeded) {
  EXPECT_EQ(GoYamlScalar("5m"), "5m");
  EXPECT_EQ(GoYamlScalar("http://127.0.0.1:5001/hook"),
            "http://127.0.0.1:5001/hook");
  EXPECT_EQ(GoYamlScalar("severity=\"critical\""), "severity=\"critical\"");
  EXPECT_EQ(GoYamlScalar("<secret>"), "<secret>");
  EXPECT_EQ(GoYamlScalar(""), "\"\"");
  EXPECT_EQ(GoYamlScalar("a: b"), "'a: b'");
  EXPECT_EQ(GoYamlScalar("ends:"), "'ends:'");
  EXPECT_EQ(GoYamlScalar("x #y"), "'x #y'");
  EXPECT_EQ(GoYamlScalar("x#y"), "x#y");
  EXPECT_EQ(GoYamlScalar("'q'"), "'''q'''");
  EXPECT_EQ(GoYamlScalar("*star"), "'*star'");
  EXPECT_EQ(GoYamlScalar("- x"), "'- x'");
  EXPECT_EQ(GoYamlScalar("-x"), "-x");
  EXPECT_EQ(GoYamlScalar(" lead"), "' lead'");
  EXPECT_EQ(GoYamlScalar("bell\a"), "\"bell\\x07\"");
  EXPECT_EQ(GoYamlScalar("a\nb"), "|-");
  EXPECT_EQ(GoYamlScalar("a\nb\n"), "|");
}

TEST(GoYamlTest, LayoutMatchesYamlV2) {
  YAML::Node n = YAML::Load(
      "route:\n"
      "  receiver: default\n"
      "  group_by: [alertname, cluster]\n"
      "  routes:\n"
      "    - receiver: pager\n"
      "      matchers: ['severity=\"critical\"']\n"
      "      continue: true\n"
      "receivers:\n"
      "  - name: default\n"
      "  - name: pager\n"
      "    webhook_configs:\n"
      "      - url: http://x/\n"
      "        http_config: {}\n"
      "templates: []\n"
      "text: \"line 1\\nline 2\"\n");
  EXPECT_EQ(EmitGoYaml(n),
            "route:\n"
            "  receiver: default\n"
            "  group_by:\n"
            "  - alertname\n"
            "  - cluster\n"
            "  routes:\n"
            "  - receiver: pager\n"
            "    matchers:\n"
            "    - severity=\"critical\"\n"
            "    continue: true\n"
            "receivers:\n"
            "- name: default\n"
            "- name: pager\n"
            "  webhook_configs:\n"
            "  - url: http://x/\n"
            "    http_config: {}\n"
            "templates: []\n"
            "text: |-\n"
            "  line 1\n"
            "  line 2\n");
}

TEST(GoYamlTest, OutputReadsBackAsTheSameTree) {
  YAML::Node n = YAML::Load(
      "a: 'x: y'\n"
      "b: [\"\", ' lead', \"multi\\nline\\n\"]\n"
      "c: {d: {e: [1, [2, 3]]}}\n"
      "\"multi\\nkey\": v\n"
      "tab: \"a\\tb\"\n"
      "cr: \"a\\rb\"\n");
  YAML::Node back = YAML::Load(EmitGoYaml(n));
  EXPECT_EQ(back["a"].as<std::string>(), "x: y");
  EXPECT_EQ(back["b"][0].as<std::string>(), "");
  EXPECT_EQ(back["b"][1].as<std::string>(), " lead");
  EXPECT_EQ(back["b"][2].as<std::string>(), "multi\nline\n");
  EXPECT_EQ(back["c"]["d"]["e"][1][1].as<std::string>(), "3");
  EXPECT_EQ(back["multi\nkey"].as<std::string>(), "v");
  EXPECT_EQ(back["tab"].as<std::string>(), "a\tb");
  EXPECT_EQ(back["cr"].as<std::string>(), "a\rb");
}

}  // namespace
}  // namespace tocsin::config
