#include "cli/routes_test.h"

#include <memory>

#include "base/strings.h"
#include "cli/internal/common.h"
#include "config/config.h"
#include "dispatch/route_print.h"
#include "dispatch/route_tree.h"
#include "model/labels.h"
#include "model/matcher_parse.h"

namespace tocsin::cli {
namespace {

bool TakeValue(const std::vector<std::string>& args, size_t& i,
               std::string_view flag, std::string* value) {
  const std::string& a = args[i];
  if (a == flag) {
    if (i + 1 >= args.size()) return false;
    *value = args[++i];
    return true;
  }
  *value = a.substr(flag.size() + 1);
  return true;
}

bool IsFlag(const std::string& a, std::string_view flag) {
  return a == flag || (a.size() > flag.size() && a.rfind(flag, 0) == 0 &&
                       a[flag.size()] == '=');
}

// Outcome of TakeSharedFlag.
enum class SharedFlag {
  kNotShared,  // args[i] is none of the shared flags; nothing consumed.
  kTaken,      // Consumed (with its value; `i` may have advanced).
  kError,      // Malformed; the error is printed on `err`.
};

// Handles the flags `routes show` and `routes test` share at args[i]:
// --config.file / --config (into `config_file`) and --enable-feature (into
// `mode`).
SharedFlag TakeSharedFlag(const std::vector<std::string>& args, size_t& i,
                          std::string* config_file,
                          model::MatcherParserMode* mode, std::ostream& err) {
  const std::string& a = args[i];
  if (IsFlag(a, "--config.file") || IsFlag(a, "--config")) {
    std::string_view flag =
        IsFlag(a, "--config.file") ? "--config.file" : "--config";
    if (!TakeValue(args, i, flag, config_file)) {
      err << "tocsin: error: expected argument for flag " << flag << "\n";
      return SharedFlag::kError;
    }
    return SharedFlag::kTaken;
  }
  if (IsFlag(a, "--enable-feature")) {
    std::string value;
    if (!TakeValue(args, i, "--enable-feature", &value)) {
      err << "tocsin: error: expected argument for flag --enable-feature\n";
      return SharedFlag::kError;
    }
    Status st = internal::ApplyFeatures(value, *mode);
    if (!st.ok()) {
      err << "tocsin: error: " << st.message() << "\n";
      return SharedFlag::kError;
    }
    return SharedFlag::kTaken;
  }
  return SharedFlag::kNotShared;
}

// Loads `file` and builds its routing tree; on failure prints the error on
// `err` and returns null.
std::unique_ptr<dispatch::RouteTree> LoadTree(
    const std::string& file, const config::IntegrationRegistry& registry,
    model::MatcherParserMode mode, std::ostream& err) {
  config::ParseOptions options;
  options.matcher_mode = mode;
  Result<std::shared_ptr<const config::Config>> cfg =
      config::LoadFile(file, registry, options);
  if (!cfg.ok()) {
    err << "tocsin: error: " << cfg.status().message() << "\n";
    return nullptr;
  }
  Result<std::unique_ptr<dispatch::RouteTree>> routes =
      dispatch::RouteTree::Build(*(*cfg)->route);
  if (!routes.ok()) {
    err << "tocsin: error: " << routes.status().message() << "\n";
    return nullptr;
  }
  return std::move(routes).value();
}

}  // namespace

int RunRoutesShow(const std::vector<std::string>& args,
                  const config::IntegrationRegistry& registry,
                  std::ostream& out, std::ostream& err) {
  std::string config_file;
  model::MatcherParserMode mode = model::MatcherParserMode::kFallback;
  for (size_t i = 0; i < args.size(); ++i) {
    switch (TakeSharedFlag(args, i, &config_file, &mode, err)) {
      case SharedFlag::kTaken:
        continue;
      case SharedFlag::kError:
        return 2;
      case SharedFlag::kNotShared:
        err << "tocsin: error: unexpected argument " << args[i] << "\n";
        return 2;
    }
  }
  if (config_file.empty()) {
    err << "tocsin: error: routes show needs --config.file FILE\n"
        << "usage: tocsin routes show --config.file FILE\n";
    return 2;
  }
  std::unique_ptr<dispatch::RouteTree> routes =
      LoadTree(config_file, registry, mode, err);
  if (routes == nullptr) return 1;
  out << dispatch::FormatRoutingTree(*routes);
  return 0;
}

int RunRoutesTest(const std::vector<std::string>& args,
                  const config::IntegrationRegistry& registry,
                  std::ostream& out, std::ostream& err) {
  std::string config_file;
  std::string expected;
  bool verify = false;
  bool tree = false;
  model::MatcherParserMode mode = model::MatcherParserMode::kFallback;
  std::vector<std::string> label_args;
  bool flags_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (flags_done || a.size() < 2 || a.rfind("--", 0) != 0) {
      label_args.push_back(a);
      continue;
    }
    SharedFlag shared = TakeSharedFlag(args, i, &config_file, &mode, err);
    if (shared == SharedFlag::kError) return 2;
    if (shared == SharedFlag::kTaken) continue;
    if (a == "--") {
      flags_done = true;
    } else if (IsFlag(a, "--verify.receivers")) {
      if (!TakeValue(args, i, "--verify.receivers", &expected)) {
        err << "tocsin: error: expected argument for flag "
               "--verify.receivers\n";
        return 2;
      }
      verify = true;
    } else if (a == "--tree") {
      tree = true;
    } else {
      err << "tocsin: error: unknown flag " << a << "\n";
      return 2;
    }
  }
  if (config_file.empty()) {
    err << "tocsin: error: routes test needs --config.file FILE\n"
        << "usage: tocsin routes test --config.file FILE "
           "[--verify.receivers R1,R2] [--tree] label=value...\n";
    return 2;
  }

  std::unique_ptr<dispatch::RouteTree> routes =
      LoadTree(config_file, registry, mode, err);
  if (routes == nullptr) return 1;

  std::vector<model::Label> labels;
  for (const std::string& l : label_args) {
    Result<model::Matcher> m = model::ParseMatcher(l, mode);
    if (!m.ok()) {
      err << "tocsin: error: Failed to parse labels: " << m.status().message()
          << "\n";
      return 1;
    }
    if (m->type() != model::MatchType::kEqual) {
      err << "tocsin: error: Labels must be specified as key=value pairs\n";
      return 1;
    }
    labels.push_back(model::Label{m->name(), m->value()});
  }
  model::Labels ls(std::move(labels));

  if (tree) out << dispatch::FormatMatchingTree(*routes, ls);

  std::string slug = StrJoin(dispatch::ResolveReceivers(*routes, ls), ",");
  out << slug << "\n";
  if (verify && !expected.empty() && expected != slug) {
    out << "WARNING: Expected receivers did not match resolved receivers.\n";
    return 1;
  }
  return 0;
}

}  // namespace tocsin::cli
