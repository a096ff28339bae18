#include "cli/check_config.h"

#include "cli/internal/common.h"
#include "config/config.h"
#include "template/template.h"

namespace tocsin::cli {

int RunCheckConfig(const std::vector<std::string>& args,
                   const config::IntegrationRegistry& registry,
                   std::ostream& out, std::ostream& err) {
  config::ParseOptions options;
  std::vector<std::string> files;
  bool flags_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (flags_done || a.size() < 2 || a[0] != '-') {
      files.push_back(a);
      continue;
    }
    if (a == "--") {
      flags_done = true;
    } else if (a == "--alertmanager-strict") {
      options.alertmanager_strict = true;
    } else if (a.rfind("--enable-feature=", 0) == 0 ||
               a == "--enable-feature") {
      std::string value;
      if (a == "--enable-feature") {
        if (i + 1 >= args.size()) {
          err << "tocsin: error: expected argument for flag --enable-feature\n";
          return 2;
        }
        value = args[++i];
      } else {
        value = a.substr(a.find('=') + 1);
      }
      Status st = internal::ApplyFeatures(value, options.matcher_mode);
      if (!st.ok()) {
        err << "tocsin: error: " << st.message() << "\n";
        return 2;
      }
    } else {
      err << "tocsin: error: unknown flag " << a << "\n";
      return 2;
    }
  }
  if (files.empty()) {
    err << "tocsin: error: check-config needs at least one config file\n"
        << "usage: tocsin check-config [--alertmanager-strict] "
           "[--enable-feature=...] FILE...\n";
    return 2;
  }

  int failed = 0;
  for (const std::string& file : files) {
    out << "Checking '" << file << "'";
    Result<std::shared_ptr<const config::Config>> cfg =
        config::LoadFile(file, registry, options);
    if (!cfg.ok()) {
      out << "  FAILED: " << cfg.status().message() << "\n";
      ++failed;
    } else {
      out << "  SUCCESS\n";
      const config::Config& c = **cfg;
      out << "Found:\n";
      out << " - global config\n";
      if (c.route != nullptr) out << " - route\n";
      out << " - " << c.inhibit_rules.size() << " inhibit rules\n";
      out << " - " << c.receivers.size() << " receivers\n";
      out << " - " << c.templates.size() << " templates\n";
      if (!c.templates.empty()) {
        // As amtool: the template files are parsed too (the patterns are
        // already relative to the config file's directory).
        Status st = tmpl::CheckFiles(c.templates, "");
        if (st.ok()) {
          out << "  SUCCESS\n";
        } else {
          out << "  FAILED: " << st.message() << "\n";
          ++failed;
        }
      }
    }
    out << "\n";
  }
  if (failed > 0) {
    err << "tocsin: error: failed to validate " << failed << " file(s)\n";
    return 1;
  }
  return 0;
}

}  // namespace tocsin::cli
