// Golden fingerprints: label sets are posted to the REAL Alertmanager
// (Debian's prometheus-alertmanager) and the fingerprint it returns for each
// alert must equal model::FingerprintOf over the labels it returns.
//
// Alertmanager 0.25 drops labels with empty values when alerts are posted
// (api/v2 removeEmptyLabels), so the expectation for each set is "the posted
// labels minus the empty ones", and the fingerprint is compared on the labels
// as returned.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "e2e/harness/http_client.h"
#include "e2e/harness/servers.h"
#include "model/fingerprint.h"
#include "model/labels.h"

namespace tocsin {
namespace {

namespace json = boost::json;
using LabelMap = std::map<std::string, std::string>;

std::vector<LabelMap> GoldenLabelSets() {
  std::vector<LabelMap> sets = {
      // 0: one label only.
      {{"alertname", "OnlyOne"}},
      // 1: plain ASCII, typical Prometheus labels.
      {{"alertname", "HighLatency"},
       {"severity", "critical"},
       {"instance", "host-1.example.org:9100"},
       {"job", "node"}},
      // 2-4: UTF-8 values.
      {{"alertname", "Utf8"}, {"description", "ünïcødé"}},
      {{"alertname", "Utf8"}, {"region", "日本語"}},
      {{"alertname", "Utf8"}, {"mood", "🔥🚨 on fire"}},
      // 5: an empty value (dropped by Alertmanager) next to a real one.
      {{"alertname", "EmptyValue"}, {"empty", ""}, {"team", "infra"}},
      // 6: special characters in values.
      {{"alertname", "Special"},
       {"quote", "say \"hi\""},
       {"backslash", "C:\\path\\to"},
       {"newline", "line1\nline2\ttab"},
       {"syntax", "{a=~\"b\",c!=d}"}},
      // 7: names with underscores and digits; byte-order sorting traps.
      {{"alertname", "Names"},
       {"_private", "a"},
       {"__meta_x", "b"},
       {"label_9", "c"},
       {"a1b2", "d"},
       {"A", "upper"},
       {"a", "lower"},
       {"a_", "underscore"},
       {"aa", "double"}},
      // 8: spaces, leading and trailing.
      {{"alertname", "Spaces"}, {"msg", "  padded value  "}},
      // 9: a long value.
      {{"alertname", "Long"}, {"blob", std::string(1000, 'x') + "end"}},
      // 10: NUL and U+00FF (whose UTF-8 bytes are not the 0xff separator).
      {{"alertname", "Bytes"}, {"nul", std::string("a\0b", 3)}, {"yuml", "ÿÿ"}},
      // 11: no alertname at all.
      {{"job", "no-alertname"}, {"instance", "x"}},
      // 12: digits-only values and mixed case names.
      {{"alertname", "Digits"}, {"Code", "404"}, {"ZONE", "0"}},
  };
  // 13: many labels.
  LabelMap many = {{"alertname", "Many"}};
  for (int i = 0; i < 40; ++i) {
    many["label_" + std::to_string(i)] = "value_" + std::to_string(i * 7);
  }
  sets.push_back(many);
  // 14: only one empty value among many.
  sets.push_back(
      {{"alertname", "EmptyValue"}, {"a", ""}, {"b", "x"}, {"c", "y"}});
  return sets;
}

LabelMap WithoutEmptyValues(const LabelMap& in) {
  LabelMap out;
  for (const auto& [k, v] : in) {
    if (!v.empty()) out[k] = v;
  }
  return out;
}

LabelMap LabelsOf(const json::object& alert) {
  LabelMap out;
  for (const auto& kv : alert.at("labels").as_object()) {
    out[std::string(kv.key())] = std::string(kv.value().as_string());
  }
  return out;
}

std::string Show(const LabelMap& m) {
  std::string s = "{";
  for (const auto& [k, v] : m)
    s += k + "=" + json::serialize(json::string(v)) + " ";
  return s + "}";
}

TEST(FingerprintGoldenTest, MatchesRealAlertmanager) {
  auto am = e2e::StartAlertmanager();
  ASSERT_TRUE(am.ok()) << am.status();
  const std::vector<LabelMap> sets = GoldenLabelSets();
  ASSERT_GE(sets.size(), 12u);

  json::array body;
  for (const auto& set : sets) {
    json::object labels;
    for (const auto& [k, v] : set) labels[k] = v;
    json::object alert;
    alert["labels"] = std::move(labels);
    body.push_back(std::move(alert));
  }
  auto post =
      e2e::HttpPostJson((*am)->url() + "/api/v2/alerts", json::serialize(body));
  ASSERT_TRUE(post.ok()) << post.status();
  ASSERT_EQ(post->status, 200) << post->body << (*am)->DumpLog();

  auto get = e2e::HttpGet((*am)->url() + "/api/v2/alerts");
  ASSERT_TRUE(get.ok()) << get.status();
  ASSERT_EQ(get->status, 200) << get->body;
  const json::value returned = json::parse(get->body);
  ASSERT_EQ(returned.as_array().size(), sets.size()) << get->body;

  for (size_t i = 0; i < sets.size(); ++i) {
    SCOPED_TRACE("label set " + std::to_string(i) + ": " + Show(sets[i]));
    const LabelMap expected = WithoutEmptyValues(sets[i]);
    const json::object* found = nullptr;
    for (const auto& a : returned.as_array()) {
      if (LabelsOf(a.as_object()) == expected) found = &a.as_object();
    }
    ASSERT_NE(found, nullptr)
        << "not returned as " << Show(expected) << ": " << get->body;
    std::vector<model::Label> labels;
    for (const auto& [k, v] : LabelsOf(*found)) labels.push_back({k, v});
    const std::string ours =
        model::FingerprintOf(model::Labels(std::move(labels))).ToString();
    EXPECT_EQ(ours, std::string(found->at("fingerprint").as_string()));
  }
}

// Every fingerprint differs, including sets that differ only by where the
// name/value boundary falls (the 0xff separator's job).
TEST(FingerprintGoldenTest, BoundaryShiftedSetsDifferInAlertmanagerToo) {
  auto am = e2e::StartAlertmanager();
  ASSERT_TRUE(am.ok()) << am.status();
  const std::vector<LabelMap> sets = {
      {{"alertname", "Shift"}, {"ab", "c"}},
      {{"alertname", "Shift"}, {"a", "bc"}},
  };
  json::array body;
  for (const auto& set : sets) {
    json::object labels;
    for (const auto& [k, v] : set) labels[k] = v;
    body.push_back(json::object{{"labels", std::move(labels)}});
  }
  auto post =
      e2e::HttpPostJson((*am)->url() + "/api/v2/alerts", json::serialize(body));
  ASSERT_TRUE(post.ok()) << post.status();
  ASSERT_EQ(post->status, 200) << post->body;
  auto get = e2e::HttpGet((*am)->url() + "/api/v2/alerts");
  ASSERT_TRUE(get.ok()) << get.status();
  const json::value returned = json::parse(get->body);
  ASSERT_EQ(returned.as_array().size(), 2u) << get->body;
  std::vector<std::string> theirs;
  for (const auto& a : returned.as_array()) {
    std::vector<model::Label> labels;
    for (const auto& [k, v] : LabelsOf(a.as_object())) labels.push_back({k, v});
    EXPECT_EQ(model::FingerprintOf(model::Labels(std::move(labels))).ToString(),
              std::string(a.at("fingerprint").as_string()));
    theirs.push_back(std::string(a.at("fingerprint").as_string()));
  }
  EXPECT_NE(theirs[0], theirs[1]);
}

}  // namespace
}  // namespace tocsin
