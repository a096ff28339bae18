#include "config/config.h"

#include <gtest/gtest.h>

#include <string>

#include "config/secret.h"

#ifndef TOCSIN_CONFIG_TESTDATA
#error "TOCSIN_CONFIG_TESTDATA must point at src/config/testdata"
#endif

namespace tocsin::config {
namespace {

// A stand-in channel: `hook_configs`-style entries with a url and a secret
// token, registered as webhook_configs; plus a tocsin-only key.
struct FakeHook final : IntegrationConfig {
  std::string_view Kind() const override { return kind; }
  bool SendResolved() const override { return true; }
  YAML::Node ToYaml() const override {
    YAML::Node n(YAML::NodeType::Map);
    n["url"] = url;
    if (!token.empty()) n["token"] = token.Redacted();
    return n;
  }
  std::string kind;
  std::string url;
  Secret token;
};

IntegrationParser FakeParser(std::string kind) {
  return [kind](const YAML::Node& node, std::string_view path,
                const GlobalConfig&, const ParseContext& ctx)
             -> Result<std::shared_ptr<const IntegrationConfig>> {
    RETURN_IF_ERROR(
        CheckKnownFields(ctx, node, path, {"url", "token"}, "config.plain"));
    auto c = std::make_shared<FakeHook>();
    c->kind = kind;
    ASSIGN_OR_RETURN(c->url, GetString(ctx, node, path, "url"));
    ASSIGN_OR_RETURN(std::string token, GetString(ctx, node, path, "token"));
    c->token = Secret(token);
    if (c->url.empty()) return NodeError(ctx, node, path, "missing url");
    return std::shared_ptr<const IntegrationConfig>(c);
  };
}

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        registry_.Register("webhook_configs", FakeParser("webhook")).ok());
    ASSERT_TRUE(
        registry_.Register("sms_configs", FakeParser("sms"), true).ok());
  }

  static std::string Data(const std::string& rel) {
    return std::string(TOCSIN_CONFIG_TESTDATA) + "/" + rel;
  }

  std::string LoadError(std::string_view yaml, ParseOptions opts = {}) {
    auto r = Load(yaml, registry_, opts, "c.yml");
    if (r.ok()) return "(loaded)";
    return r.status().message();
  }

  std::string FileError(const std::string& rel) {
    auto r = LoadFile(Data(rel), registry_);
    if (r.ok()) return "(loaded)";
    std::string msg = r.status().message();
    // Strip the absolute directory so expectations stay portable.
    std::string prefix = std::string(TOCSIN_CONFIG_TESTDATA) + "/";
    if (msg.rfind(prefix, 0) == 0) msg = msg.substr(prefix.size());
    return msg;
  }

  IntegrationRegistry registry_;
};

TEST_F(ConfigTest, MinimalLoads) {
  auto r = LoadFile(Data("good/minimal.yml"), registry_);
  ASSERT_TRUE(r.ok()) << r.status();
  const Config& c = **r;
  ASSERT_NE(c.route, nullptr);
  EXPECT_EQ(c.route->receiver, "default");
  ASSERT_EQ(c.receivers.size(), 1u);
  EXPECT_EQ(c.receivers[0].name, "default");
  EXPECT_EQ(c.receivers[0].NumIntegrations(), 0u);
  EXPECT_EQ(c.global.resolve_timeout, std::chrono::minutes(5));
  EXPECT_TRUE(c.inhibit_rules.empty());
  EXPECT_TRUE(c.templates.empty());
}

TEST_F(ConfigTest, FullLoads) {
  auto r = LoadFile(Data("good/full.yml"), registry_);
  ASSERT_TRUE(r.ok()) << r.status();
  const Config& c = **r;
  EXPECT_EQ(c.global.resolve_timeout, std::chrono::minutes(1));
  ASSERT_EQ(c.templates.size(), 2u);
  EXPECT_EQ(c.templates[0],
            std::string(TOCSIN_CONFIG_TESTDATA) + "/good/templates/*.tmpl");
  EXPECT_EQ(c.templates[1], "/abs/path/*.tmpl");

  ASSERT_EQ(c.inhibit_rules.size(), 2u);
  const InhibitRule& r0 = c.inhibit_rules[0];
  ASSERT_EQ(r0.source_match.size(), 1u);
  EXPECT_EQ(r0.source_match[0].first, "severity");
  EXPECT_EQ(r0.source_match[0].second, "critical");
  ASSERT_EQ(r0.target_match_re.size(), 1u);
  EXPECT_EQ(r0.target_match_re[0].original, "warn.*");
  EXPECT_EQ(r0.equal, (std::vector<std::string>{"alertname", "cluster"}));
  model::Matchers src = r0.EffectiveSourceMatchers();
  ASSERT_EQ(src.size(), 1u);
  EXPECT_EQ(src[0].ToString(), "severity=\"critical\"");
  model::Matchers tgt = r0.EffectiveTargetMatchers();
  ASSERT_EQ(tgt.size(), 1u);
  EXPECT_TRUE(tgt[0].Matches("warning"));
  EXPECT_FALSE(tgt[0].Matches("xwarning"));

  const InhibitRule& r1 = c.inhibit_rules[1];
  ASSERT_EQ(r1.source_matchers.size(), 2u);
  // Sorted by name as labels.Matchers sorts.
  EXPECT_EQ(r1.source_matchers[0].ToString(), "b=\"2\"");
  EXPECT_EQ(r1.source_matchers[1].ToString(), "severity=\"critical\"");
  ASSERT_EQ(r1.target_matchers.size(), 1u);
  EXPECT_EQ(r1.target_matchers[0].type(), model::MatchType::kNotEqual);

  ASSERT_EQ(c.receivers.size(), 2u);
  const auto& hooks = c.receivers[0].Configs("webhook_configs");
  ASSERT_EQ(hooks.size(), 1u);
  auto* hook = dynamic_cast<const FakeHook*>(hooks[0].get());
  ASSERT_NE(hook, nullptr);
  EXPECT_EQ(hook->url, "http://example.com/hook");
  EXPECT_EQ(hook->token.value(), "hook-secret");
  EXPECT_TRUE(c.receivers[1].Configs("webhook_configs").empty());

  ASSERT_EQ(c.time_intervals.size(), 1u);
  EXPECT_EQ(c.time_intervals[0].name, "business-hours");
  ASSERT_EQ(c.time_intervals[0].time_intervals.size(), 1u);
  ASSERT_TRUE(c.time_intervals[0].time_intervals[0].location.has_value());
  EXPECT_EQ(c.time_intervals[0].time_intervals[0].location->name(),
            "Europe/Berlin");
  ASSERT_EQ(c.mute_time_intervals.size(), 1u);
  EXPECT_EQ(c.mute_time_intervals[0].name, "weekends");
  EXPECT_NE(c.FindTimeInterval("weekends"), nullptr);
  EXPECT_NE(c.FindTimeInterval("business-hours"), nullptr);
  EXPECT_EQ(c.FindTimeInterval("nope"), nullptr);
  EXPECT_NE(c.FindReceiver("team-b"), nullptr);
  EXPECT_EQ(c.FindReceiver("team-c"), nullptr);
}

TEST_F(ConfigTest, PrintedFormHidesSecretsAndLoadsAgain) {
  auto r = LoadFile(Data("good/full.yml"), registry_);
  ASSERT_TRUE(r.ok()) << r.status();
  std::string printed = ToYamlString(**r);
  EXPECT_EQ(printed.find("topsecret"), std::string::npos) << printed;
  EXPECT_EQ(printed.find("hook-secret"), std::string::npos) << printed;
  EXPECT_NE(printed.find("<secret>"), std::string::npos) << printed;

  auto again = Load(printed, registry_, {}, "printed.yml");
  ASSERT_TRUE(again.ok()) << again.status() << "\n" << printed;
  EXPECT_EQ(ToYamlString(**again), printed);

  std::string json = ToJsonString(**r);
  EXPECT_EQ(json.find("topsecret"), std::string::npos);
  EXPECT_NE(json.find("\"receivers\":[{\"name\":\"team-a\""), std::string::npos)
      << json;
}

TEST_F(ConfigTest, BadFixturesGiveExactErrors) {
  EXPECT_EQ(FileError("bad/malformed.yml"),
            "bad/malformed.yml:5: yaml: end of map not found");
  EXPECT_EQ(FileError("bad/unknown-field.yml"),
            "bad/unknown-field.yml:5: receivers[0]: field frobnicate_configs "
            "not found in type config.plain");
  EXPECT_EQ(FileError("bad/bad-regex.yml"),
            "bad/bad-regex.yml:7: inhibit_rules[0].source_match_re.service: "
            "error parsing regexp: missing closing ): `^(?:foo(bar)$`");
  EXPECT_EQ(FileError("bad/bad-duration.yml"),
            "bad/bad-duration.yml:3: route.group_wait: not a valid duration "
            "string: \"5x\"");
  EXPECT_EQ(FileError("bad/missing-receiver.yml"),
            "bad/missing-receiver.yml:4: route.routes[0].receiver: undefined "
            "receiver \"nobody\" used in route");
  EXPECT_EQ(FileError("bad/duplicate-receiver.yml"),
            "bad/duplicate-receiver.yml:6: receivers[2].name: notification "
            "config name \"default\" is not unique");
  EXPECT_EQ(FileError("bad/unknown-timezone.yml"),
            "bad/unknown-timezone.yml:8: "
            "time_intervals[0].time_intervals[0].location: unknown time zone "
            "Mars/Olympus_Mons");
}

TEST_F(ConfigTest, MissingFile) {
  auto r = LoadFile("/nonexistent/am.yml", registry_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "open /nonexistent/am.yml: no such file or directory");
}

TEST_F(ConfigTest, EmptyAndRouteErrors) {
  EXPECT_EQ(LoadError(""), "c.yml: no route provided in config");
  EXPECT_EQ(LoadError("# only a comment\n"),
            "c.yml: no route provided in config");
  EXPECT_EQ(LoadError("receivers:\n- name: a\n"), "c.yml: no routes provided");
  EXPECT_EQ(LoadError("route:\n  group_wait: 1s\nreceivers:\n- name: a\n"),
            "c.yml:2: route: root route must specify a default receiver");
  EXPECT_EQ(LoadError("route:\n  receiver: a\n  matchers: ['x=\"y\"']\n"
                      "receivers:\n- name: a\n"),
            "c.yml:2: route: root route must not have any matchers");
  EXPECT_EQ(LoadError("route:\n  receiver: a\n  match:\n    x: y\n"
                      "receivers:\n- name: a\n"),
            "c.yml:2: route: root route must not have any matchers");
  EXPECT_EQ(LoadError("route:\n  receiver: a\n  mute_time_intervals: [t]\n"
                      "receivers:\n- name: a\n"),
            "c.yml:2: route: root route must not have any mute time "
            "intervals");
  EXPECT_EQ(LoadError("route:\n  receiver: a\n  active_time_intervals: [t]\n"
                      "receivers:\n- name: a\n"),
            "c.yml:2: route: root route must not have any active time "
            "intervals");
  EXPECT_EQ(LoadError("route:\n  receiver: a\n  continue: true\n"
                      "receivers:\n- name: a\n"),
            "c.yml:3: route.continue: cannot have continue in root route");
  EXPECT_EQ(LoadError("route:\n  receiver: b\nreceivers:\n- name: a\n"),
            "c.yml:2: route.receiver: undefined receiver \"b\" used in "
            "route");
}

TEST_F(ConfigTest, TopLevelAndReceiverErrors) {
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers:\n- name: a\n"
                      "extra: 1\n"),
            "c.yml:5: field extra not found in type config.plain");
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers:\n- webhook_configs: "
                      "[]\n"),
            "c.yml:4: receivers[0]: missing name in receiver");
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers:\n- name: a\n"
                      "  webhook_configs:\n  - token: x\n"),
            "c.yml:6: receivers[0].webhook_configs[0]: missing url");
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers:\n- name: a\n"
                      "  webhook_configs: {url: x}\n"),
            "c.yml:5: receivers[0].webhook_configs: cannot unmarshal !!map "
            "into []*webhook_configs");
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers:\n- name: a\n"
                      "  name: b\n"),
            "c.yml:5: receivers[0]: mapping key \"name\" already defined");
}

TEST_F(ConfigTest, TocsinOnlyKeysRefusedWhenStrict) {
  std::string yaml =
      "route:\n  receiver: a\nreceivers:\n- name: a\n"
      "  sms_configs:\n  - url: tel:1\n";
  auto r = Load(yaml, registry_, {}, "c.yml");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->receivers[0].Configs("sms_configs").size(), 1u);
  ParseOptions strict;
  strict.alertmanager_strict = true;
  EXPECT_EQ(LoadError(yaml, strict),
            "c.yml:5: receivers[0]: field sms_configs not found in type "
            "config.plain (a tocsin extension, refused under "
            "--alertmanager-strict)");
}

struct FakeSection final : SectionConfig {
  std::string_view Key() const override { return "scrape_configs"; }
  size_t jobs = 0;
};

TEST_F(ConfigTest, TocsinSectionsParsedByTheirOwner) {
  ASSERT_TRUE(
      registry_
          .RegisterSection("scrape_configs",
                           [](const YAML::Node& node, const ParseContext& ctx)
                               -> Result<std::shared_ptr<const SectionConfig>> {
                             if (!node.IsSequence()) {
                               return NodeError(ctx, node, "scrape_configs",
                                                "expected a list");
                             }
                             auto s = std::make_shared<FakeSection>();
                             s->jobs = node.size();
                             return std::shared_ptr<const SectionConfig>(s);
                           })
          .ok());
  EXPECT_FALSE(registry_.RegisterSection("scrape_configs", nullptr).ok());
  const std::string base = "route:\n  receiver: r\nreceivers:\n  - name: r\n";
  auto cfg = Load(base + "scrape_configs:\n  - job_name: a\n  - job_name: b\n",
                  registry_);
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  ASSERT_EQ((*cfg)->sections.count("scrape_configs"), 1u);
  EXPECT_EQ(
      static_cast<const FakeSection&>(*(*cfg)->sections.at("scrape_configs"))
          .jobs,
      2u);

  auto bad = Load(base + "scrape_configs: 3\n", registry_, {}, "c.yml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "c.yml:5: scrape_configs: expected a list");

  ParseOptions strict;
  strict.alertmanager_strict = true;
  auto refused = Load(base + "scrape_configs: []\n", registry_, strict);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find(
                "field scrape_configs not found in type config.plain (a "
                "tocsin extension, refused under --alertmanager-strict)"),
            std::string::npos)
      << refused.status();
}

TEST_F(ConfigTest, InhibitRuleErrors) {
  const std::string head = "route:\n  receiver: a\nreceivers:\n- name: a\n";
  EXPECT_EQ(LoadError(head + "inhibit_rules:\n- source_match_re:\n"
                             "    invalid_source_label:\n"),
            "c.yml:7: inhibit_rules[0].source_match_re: invalid regexp value "
            "for \"invalid_source_label\"");
  EXPECT_EQ(LoadError(head + "inhibit_rules:\n- target_match:\n"
                             "    bad-name: x\n"),
            "c.yml:7: inhibit_rules[0].target_match: invalid label name "
            "\"bad-name\"");
  EXPECT_EQ(LoadError(head + "inhibit_rules:\n- equal: ['']\n"),
            "c.yml:6: inhibit_rules[0].equal[0]: invalid label name \"\" in "
            "equal list");
  ParseOptions classic;
  classic.matcher_mode = model::MatcherParserMode::kClassic;
  EXPECT_EQ(LoadError(head + "inhibit_rules:\n- equal: ['a-b']\n", classic),
            "c.yml:6: inhibit_rules[0].equal[0]: invalid label name \"a-b\" "
            "in equal list");
  EXPECT_EQ(LoadError(head + "inhibit_rules:\n- equal: ['a-b']\n"), "(loaded)");
  EXPECT_EQ(
      LoadError(head + "inhibit_rules:\n- source_matchers: ['a=~\"(\"']\n"),
      "c.yml:6: inhibit_rules[0].source_matchers[0]: error parsing "
      "regexp: missing closing ): `^(?:()$`");
  EXPECT_EQ(LoadError(head + "inhibit_rules:\n- sauce_match: {}\n"),
            "c.yml:6: inhibit_rules[0]: field sauce_match not found in type "
            "config.plain");
}

TEST_F(ConfigTest, TimeIntervalErrors) {
  const std::string head =
      "route:\n  receiver: a\n  routes:\n"
      "  - receiver: a\n    mute_time_intervals: [t]\n"
      "receivers:\n- name: a\n";
  EXPECT_EQ(LoadError(head),
            "c.yml:5: route.routes[0].mute_time_intervals[0]: undefined time "
            "interval \"t\" used in route");
  EXPECT_EQ(LoadError(head + "time_intervals:\n- name: t\n"), "(loaded)");
  EXPECT_EQ(LoadError(head + "mute_time_intervals:\n- name: t\n"), "(loaded)");
  EXPECT_EQ(LoadError(head + "time_intervals:\n- name: t\n- name: t\n"),
            "c.yml:10: time_intervals[1].name: time interval \"t\" is not "
            "unique");
  EXPECT_EQ(LoadError(head + "mute_time_intervals:\n- name: t\n"
                             "time_intervals:\n- name: t\n"),
            "c.yml:11: time_intervals[0].name: time interval \"t\" is not "
            "unique");
  EXPECT_EQ(LoadError(head + "mute_time_intervals:\n- name: t\n- name: t\n"),
            "c.yml:10: mute_time_intervals[1].name: mute time interval \"t\" "
            "is not unique");
  EXPECT_EQ(LoadError(head + "time_intervals:\n- time_intervals: []\n"),
            "c.yml:9: time_intervals[0]: missing name in time interval");
  EXPECT_EQ(LoadError(head + "mute_time_intervals:\n- time_intervals: []\n"),
            "c.yml:9: mute_time_intervals[0]: missing name in mute time "
            "interval");
  EXPECT_EQ(LoadError(head + "time_intervals:\n- name: t\n  time_intervals:\n"
                             "  - weekdays: [funday]\n"),
            "c.yml:11: time_intervals[0].time_intervals[0].weekdays[0]: "
            "funday is not a valid weekday");
}

TEST_F(ConfigTest, NoStateLeaksBetweenLoads) {
  auto full = LoadFile(Data("good/full.yml"), registry_);
  ASSERT_TRUE(full.ok());
  auto first = LoadFile(Data("good/minimal.yml"), registry_);
  ASSERT_TRUE(first.ok());
  auto second = LoadFile(Data("good/minimal.yml"), registry_);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(ToYamlString(**first), ToYamlString(**second));
  EXPECT_EQ((*second)->global.smtp_auth_password.value(), "");
}

}  // namespace
}  // namespace tocsin::config

namespace tocsin::config {
namespace {

// Odd shapes must give an error naming the place, never a crash (yaml-cpp
// throws on access to undefined nodes; the loader must not let it escape).
TEST_F(ConfigTest, OddShapesAreErrors) {
  EXPECT_EQ(LoadError("just a string\n"),
            "c.yml:1: cannot unmarshal !!str into config.plain");
  EXPECT_EQ(LoadError("- a\n- b\n"),
            "c.yml:1: cannot unmarshal !!seq into config.plain");
  EXPECT_EQ(LoadError("route: []\nreceivers:\n- name: a\n"),
            "c.yml:1: route: cannot unmarshal !!seq into config.plain");
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers: x\n"),
            "c.yml:3: receivers: cannot unmarshal !!str into "
            "[]config.Receiver");
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers:\n- x\n"),
            "c.yml:4: receivers[0]: cannot unmarshal !!str into config.plain");
  // yaml-cpp marks an empty item at the token after it (here: end of file).
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers:\n-\n"),
            "c.yml:5: receivers[0]: missing name in receiver");
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers:\n- name: a\n"
                      "inhibit_rules: {}\n"),
            "c.yml:5: inhibit_rules: cannot unmarshal !!map into "
            "[]config.InhibitRule");
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers:\n- name: a\n"
                      "inhibit_rules:\n- source_match: [a]\n"),
            "c.yml:6: inhibit_rules[0].source_match: cannot unmarshal !!seq "
            "into map[string]string");
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers:\n- name: a\n"
                      "time_intervals: x\n"),
            "c.yml:5: time_intervals: cannot unmarshal !!str into "
            "[]config.TimeInterval");
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers:\n- name: a\n"
                      "time_intervals:\n-\n"),
            "c.yml:7: time_intervals[0]: missing name in time interval");
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers:\n- name: a\n"
                      "templates: x\n"),
            "c.yml:5: templates: cannot unmarshal !!str into []string");
  // Anchors and aliases are plain YAML and work.
  EXPECT_EQ(LoadError("route:\n  receiver: &r a\nreceivers:\n- name: *r\n"),
            "(loaded)");
}

// yaml.v2 resolves `<<` merge keys, so Alertmanager configs use them.
TEST_F(ConfigTest, MergeKeys) {
  auto r = Load(
      "defaults: &hook\n  url: http://default\n  token: t0\n"
      "route:\n  receiver: a\n"
      "receivers:\n"
      "- name: a\n  webhook_configs:\n  - <<: *hook\n    token: t1\n"
      "- name: b\n  webhook_configs:\n  - <<: [{url: http://first}, *hook]\n",
      registry_, {}, "c.yml");
  // "defaults" is not an Alertmanager key: the merge source must live in a
  // key Alertmanager knows, so this config is refused for that reason only.
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "c.yml:1: field defaults not found in type config.plain");

  auto ok = Load(
      "route:\n  receiver: a\n"
      "receivers:\n"
      "- name: a\n  webhook_configs:\n  - &hook\n    url: http://default\n"
      "    token: t0\n"
      "- name: b\n  webhook_configs:\n  - <<: *hook\n    token: t1\n"
      "- name: c\n  webhook_configs:\n  - <<: [{url: http://first}, *hook]\n",
      registry_, {}, "c.yml");
  ASSERT_TRUE(ok.ok()) << ok.status();
  auto hook = [&](size_t i) {
    return dynamic_cast<const FakeHook*>(
        (*ok)->receivers[i].Configs("webhook_configs")[0].get());
  };
  ASSERT_NE(hook(1), nullptr);
  EXPECT_EQ(hook(1)->url, "http://default");
  EXPECT_EQ(hook(1)->token.value(), "t1");
  ASSERT_NE(hook(2), nullptr);
  EXPECT_EQ(hook(2)->url, "http://first");
  EXPECT_EQ(hook(2)->token.value(), "t0");

  EXPECT_EQ(LoadError("route:\n  receiver: a\n  <<: 5\nreceivers:\n"
                      "- name: a\n"),
            "c.yml:3: map merge requires map or sequence of maps as the "
            "value");
  // A quoted "<<" is an ordinary key.
  EXPECT_EQ(LoadError("route:\n  receiver: a\n  \"<<\": {}\nreceivers:\n"
                      "- name: a\n"),
            "c.yml:3: route: field << not found in type config.plain");
}

// As yaml.v2: a validation error anywhere beats type errors (unknown keys,
// wrong types) met earlier; among type errors the first is reported.
TEST_F(ConfigTest, ValidationErrorsBeatTypeErrors) {
  const std::string base = "route:\n  receiver: a\nreceivers:\n- name: a\n";
  EXPECT_EQ(LoadError(base + "  bogus_configs: []\n"
                             "inhibit_rules:\n- source_match:\n    a-b: x\n"),
            "c.yml:8: inhibit_rules[0].source_match: invalid label name "
            "\"a-b\"");
  EXPECT_EQ(LoadError("bogus: 1\n" + base + "inhibit_rules:\n- equal: ['']\n"),
            "c.yml:7: inhibit_rules[0].equal[0]: invalid label name \"\" in "
            "equal list");
  EXPECT_EQ(LoadError("bogus: 1\n" + base + "more: 2\n"),
            "c.yml:1: field bogus not found in type config.plain");
  // Within a receiver too.
  EXPECT_EQ(LoadError("route:\n  receiver: a\nreceivers:\n- name: a\n"
                      "  bogus_configs: []\n  webhook_configs:\n  - {}\n"),
            "c.yml:7: receivers[0].webhook_configs[0]: missing url");
  // Cross-reference checks run only on a fully decoded document.
  EXPECT_EQ(LoadError("route:\n  receiver: nobody\nreceivers:\n- name: a\n"
                      "  bogus_configs: []\n"),
            "c.yml:5: receivers[0]: field bogus_configs not found in type "
            "config.plain");
}

TEST_F(ConfigTest, JsonForm) {
  auto r = Load(
      "route:\n  receiver: a\n  continue: false\nreceivers:\n"
      "- name: a\n  webhook_configs:\n  - url: http://x\n"
      "    token: s3cret\n",
      registry_, {}, "c.yml");
  ASSERT_TRUE(r.ok()) << r.status();
  std::string json = ToJsonString(**r);
  EXPECT_NE(json.find("\"receivers\":[{\"name\":\"a\",\"webhook_configs\":"
                      "[{\"url\":\"http://x\",\"token\":\"<secret>\"}]}]"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"continue\":false"), std::string::npos) << json;
  EXPECT_NE(json.find("\"templates\":[]"), std::string::npos) << json;
  EXPECT_EQ(json.find("s3cret"), std::string::npos);
}

}  // namespace
}  // namespace tocsin::config
