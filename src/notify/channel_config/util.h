#ifndef TOCSIN_NOTIFY_CHANNEL_CONFIG_UTIL_H_
#define TOCSIN_NOTIFY_CHANNEL_CONFIG_UTIL_H_

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "config/global.h"
#include "config/http_config.h"
#include "config/parse_context.h"
#include "config/secret.h"

// Helpers shared by the channel config parsers (notify/<channel>/config.cc).
// Not a channel itself; it knows no channel.
namespace tocsin::notify::channel_config {

// Reads the fields of one `<kind>_configs` entry. Bound to the entry node
// and its field path ("receivers[0].slack_configs[1]"); every error is an
// InvalidArgument in config::NodeError's shape. Does not own its arguments:
// they must outlive the reader.
class EntryReader {
 public:
  EntryReader(const config::ParseContext& ctx, const YAML::Node& node,
              std::string_view path)
      : ctx_(ctx), node_(node), path_(path) {}

  // Fails unless the node is a map whose keys are all in `known`.
  Status CheckKnown(std::initializer_list<std::string_view> known) const;
  // Whether `key` is present with a non-null value.
  bool Has(std::string_view key) const;
  // Whether `key` is present with an explicit null ("k:", "k: ~", "k: null").
  bool IsNull(std::string_view key) const;
  // The scalar readers below return `fallback` when the key is absent and the
  // zero value ("", false, 0) when it is an explicit null, as yaml.v2 zeroes
  // a field decoded from null (so "title:" clears a templated default).
  Result<std::string> String(std::string_view key,
                             std::string fallback = "") const;
  Result<bool> Bool(std::string_view key, bool fallback) const;
  Result<std::optional<bool>> OptionalBool(std::string_view key) const;
  Result<int64_t> Int(std::string_view key, int64_t fallback) const;
  // A non-negative integer (Go uint64).
  Result<uint64_t> Uint(std::string_view key, uint64_t fallback) const;
  Result<config::Secret> Secret(std::string_view key) const;
  // An optional secret: nullopt when absent (upstream *Secret).
  Result<std::optional<config::Secret>> OptionalSecret(
      std::string_view key) const;
  Result<std::vector<std::string>> StringList(std::string_view key) const;
  Result<std::vector<std::pair<std::string, std::string>>> StringMap(
      std::string_view key) const;
  // An http(s) URL (config.URL); with `secret`, "<secret>" reads as an
  // empty URL (config.SecretURL). Absent gives nullopt.
  Result<std::optional<config::Url>> Url(std::string_view key,
                                         bool secret) const;
  // Go time.Duration text ("1m30s", "500ms"); absent gives `fallback`.
  Result<std::chrono::nanoseconds> GoDuration(
      std::string_view key, std::chrono::nanoseconds fallback) const;
  // Prometheus model.Duration text ("1h", "2d").
  Result<std::optional<Duration>> PromDuration(std::string_view key) const;
  // The entry's http_config, or nullopt when absent.
  Result<std::optional<config::HttpClientConfig>> HttpConfig() const;
  // The node of a sub-key and its path, for nested structures.
  YAML::Node Child(std::string_view key) const {
    return node_[std::string(key)];
  }
  std::string ChildPath(std::string_view key) const {
    return config::JoinPath(path_, key);
  }

  // An error about the entry as a whole, positioned at the entry.
  Status Error(std::string_view message) const {
    return config::NodeError(ctx_, node_, path_, message);
  }
  const config::ParseContext& ctx() const { return ctx_; }
  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }

 private:
  const config::ParseContext& ctx_;
  const YAML::Node& node_;
  std::string path_;
};

// How many of an exclusive pair of fields an entry must set.
enum class PairRule {
  kAtMostOne,   // neither or one
  kExactlyOne,  // one, not neither, not both
};

// Upstream's check of two mutually exclusive fields, typically a value and
// its file variant ("webhook_url" / "webhook_url_file"). The caller reads
// the fields itself and passes whether each is set, so it decides what
// "set" means and when the check runs relative to its other reads.
// Contract, checked in this order:
//   - kExactlyOne and neither set: `one of <a> or <b> must be configured`;
//   - both set: `at most one of <a> & <b> must be configured`;
// each an error about the entry as a whole (r.Error: the entry's path and
// line). Otherwise Ok. `a` and `b` are the YAML keys, used only for text.
Status CheckExclusivePair(const EntryReader& r, std::string_view a, bool has_a,
                          std::string_view b, bool has_b, PairRule rule);

// Parses Go's time.ParseDuration syntax ("1h2m3.5s", "300ms", "-1.5h", "0").
// Errors: `time: invalid duration "<s>"`, `time: unknown unit "<u>" in
// duration "<s>"`, `time: missing unit in duration "<s>"`.
Result<std::chrono::nanoseconds> ParseGoDuration(std::string_view s);
// Formats as Go's time.Duration.String(): "0s", "1m0s", "1.5s", "300ms".
std::string FormatGoDuration(std::chrono::nanoseconds d);

// Builds an entry's YAML the way yaml.v2 marshals upstream structs: keys in
// insertion order, omitempty fields skipped when empty, secrets redacted.
class YamlBuilder {
 public:
  YamlBuilder() : node_(YAML::NodeType::Map) {}
  YamlBuilder& Always(std::string_view key, const std::string& v) {
    node_[std::string(key)] = v;
    return *this;
  }
  YamlBuilder& Bool(std::string_view key, bool v) {
    node_[std::string(key)] = v;
    return *this;
  }
  // Omitted when empty (omitempty).
  YamlBuilder& String(std::string_view key, const std::string& v) {
    if (!v.empty()) node_[std::string(key)] = v;
    return *this;
  }
  YamlBuilder& OmitFalse(std::string_view key, bool v) {
    if (v) node_[std::string(key)] = true;
    return *this;
  }
  YamlBuilder& Secret(std::string_view key, const config::Secret& v) {
    if (!v.empty()) node_[std::string(key)] = v.Redacted();
    return *this;
  }
  YamlBuilder& OptionalSecret(std::string_view key,
                              const std::optional<config::Secret>& v) {
    if (v && !v->empty()) node_[std::string(key)] = v->Redacted();
    return *this;
  }
  YamlBuilder& Url(std::string_view key, const std::optional<config::Url>& v,
                   bool secret) {
    if (v) {
      node_[std::string(key)] =
          secret ? std::string(config::kSecretToken) : v->text;
    }
    return *this;
  }
  YamlBuilder& Http(const config::HttpClientConfig& c) {
    node_["http_config"] = config::HttpClientConfigToYaml(c);
    return *this;
  }
  YamlBuilder& StringList(std::string_view key,
                          const std::vector<std::string>& v) {
    if (!v.empty()) node_[std::string(key)] = v;
    return *this;
  }
  YamlBuilder& StringMap(
      std::string_view key,
      const std::vector<std::pair<std::string, std::string>>& v) {
    if (v.empty()) return *this;
    YAML::Node m(YAML::NodeType::Map);
    for (const auto& [k, val] : v) m[k] = val;
    node_[std::string(key)] = m;
    return *this;
  }
  YamlBuilder& Node(std::string_view key, const YAML::Node& n) {
    node_[std::string(key)] = n;
    return *this;
  }
  YAML::Node Build() const { return node_; }

 private:
  YAML::Node node_;
};

}  // namespace tocsin::notify::channel_config

#endif  // TOCSIN_NOTIFY_CHANNEL_CONFIG_UTIL_H_
