#include "template/template.h"

#include <glob.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace tocsin::tmpl {
namespace {

constexpr int64_t kGoZeroUnix = -62135596800LL;

Value TimeOf(model::Time t) {
  if (model::IsZeroTime(t)) return Value(TimeValue{kGoZeroUnix, 0, 0, "UTC"});
  int64_t ns = t.time_since_epoch().count();
  int64_t s = ns / 1000000000;
  int64_t n = ns % 1000000000;
  if (n < 0) {
    n += 1000000000;
    --s;
  }
  return Value(TimeValue{s, static_cast<int32_t>(n), 0, "UTC"});
}

Value KV(const model::Labels& labels) {
  Map m;
  for (const auto& l : labels) m.emplace(l.name, Value(l.value));
  return Value::MakeMap(std::move(m), Shape::kKV, "template.KV");
}

Value KVFromMap(std::map<std::string, std::string> in) {
  Map m;
  for (auto& [k, v] : in) m.emplace(k, Value(std::move(v)));
  return Value::MakeMap(std::move(m), Shape::kKV, "template.KV");
}

std::map<std::string, std::string> Common(
    const std::vector<model::Alert>& alerts, bool annotations) {
  std::map<std::string, std::string> common;
  if (alerts.empty()) return common;
  const model::Labels& first =
      annotations ? alerts[0].annotations : alerts[0].labels;
  for (const auto& l : first) common.emplace(l.name, l.value);
  for (size_t i = 1; i < alerts.size() && !common.empty(); ++i) {
    const model::Labels& ls =
        annotations ? alerts[i].annotations : alerts[i].labels;
    for (auto it = common.begin(); it != common.end();) {
      if (!ls.Has(it->first) || ls.Get(it->first) != it->second) {
        it = common.erase(it);
      } else {
        ++it;
      }
    }
  }
  return common;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(StatusCode::kNotFound, "open " + path + ": cannot read");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Basename(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Status ParseGlobs(TemplateSet& set, const std::vector<std::string>& patterns,
                  const std::string& base_dir) {
  for (const std::string& pattern : patterns) {
    std::string full = pattern;
    if (!full.empty() && full[0] != '/' && !base_dir.empty()) {
      full = base_dir + "/" + full;
    }
    glob_t g{};
    int rc = glob(full.c_str(), 0, nullptr, &g);
    std::vector<std::string> files;
    if (rc == 0) {
      for (size_t i = 0; i < g.gl_pathc; ++i) files.emplace_back(g.gl_pathv[i]);
    }
    globfree(&g);
    if (rc != 0 && rc != GLOB_NOMATCH) {
      return Status(StatusCode::kInvalidArgument,
                    "template glob " + pattern + ": syntax error in pattern");
    }
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) {
      auto text = ReadFile(f);
      if (!text.ok()) return text.status();
      Status st = set.Parse(Basename(f), *text);
      if (!st.ok()) return st.WithPrefix(f);
    }
  }
  return Status::Ok();
}

}  // namespace

std::string QuoteMeta(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

Data MakeData(std::string_view receiver, const model::Labels& group_labels,
              const std::vector<model::Alert>& alerts,
              std::string_view external_url, model::Time now) {
  List list;
  list.reserve(alerts.size());
  bool any_firing = false;
  for (const model::Alert& a : alerts) {
    bool resolved = a.ResolvedAt(now);
    any_firing |= !resolved;
    list.push_back(
        Value::MakeStruct({{"Status", Value(resolved ? "resolved" : "firing")},
                           {"Labels", KV(a.labels)},
                           {"Annotations", KV(a.annotations)},
                           {"StartsAt", TimeOf(a.starts_at)},
                           {"EndsAt", TimeOf(a.ends_at)},
                           {"GeneratorURL", Value(a.generator_url)},
                           {"Fingerprint", Value(a.fingerprint().ToString())}},
                          "template.Alert"));
  }
  Data d;
  d.now = now;
  d.value = Value::MakeStruct(
      {{"Receiver", Value(QuoteMeta(receiver))},
       {"Status", Value(any_firing ? "firing" : "resolved")},
       {"Alerts",
        Value::MakeList(std::move(list), Shape::kAlerts, "template.Alerts")},
       {"GroupLabels", KV(group_labels)},
       {"CommonLabels", KVFromMap(Common(alerts, false))},
       {"CommonAnnotations", KVFromMap(Common(alerts, true))},
       {"ExternalURL", Value(external_url)}},
      "*template.Data");
  return d;
}

Result<Template> Template::New() {
  Template t;
  Status st = t.set_.Parse("default.tmpl", DefaultTemplateText());
  if (!st.ok()) return st;
  return t;
}

Result<Template> Template::FromGlobs(const std::vector<std::string>& patterns,
                                     const std::string& base_dir) {
  ASSIGN_OR_RETURN(Template t, New());
  Status st = ParseGlobs(t.set_, patterns, base_dir);
  if (!st.ok()) return st;
  return t;
}

Status Template::Parse(std::string_view name, std::string_view text) {
  return set_.Parse(name, text);
}

namespace {
ExecEnv EnvOf(const Data& data) {
  return ExecEnv{data.now.time_since_epoch().count()};
}
}  // namespace

Result<std::string> Template::ExecuteText(std::string_view text,
                                          const Data& data) const {
  return set_.ExecuteString(text, data.value, Mode::kText, EnvOf(data));
}

Result<std::string> Template::ExecuteHtml(std::string_view text,
                                          const Data& data) const {
  return set_.ExecuteString(text, data.value, Mode::kHtml, EnvOf(data));
}

Result<std::string> Template::ExecuteNamed(std::string_view name,
                                           const Data& data, Mode mode) const {
  return set_.Execute(name, data.value, mode, EnvOf(data));
}

Status CheckFiles(const std::vector<std::string>& patterns,
                  const std::string& base_dir) {
  TemplateSet set;
  return ParseGlobs(set, patterns, base_dir);
}

}  // namespace tocsin::tmpl
