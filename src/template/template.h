#ifndef TOCSIN_TEMPLATE_TEMPLATE_H_
#define TOCSIN_TEMPLATE_TEMPLATE_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "model/alert.h"
#include "model/labels.h"
#include "template/engine.h"
#include "template/value.h"

namespace tocsin::tmpl {

// Alertmanager's template.Data for one notification, as a template value
// (fields Receiver, Status, Alerts, GroupLabels, CommonLabels,
// CommonAnnotations, ExternalURL), plus the time it was made at (for
// `since`).
struct Data {
  Value value;
  model::Time now = model::kZeroTime;
};

// Alertmanager's Template.Data(receiver, groupLabels, alerts...):
// - Receiver is regexp.QuoteMeta(receiver);
// - each alert's Status is "resolved" when its ends_at is set and not after
//   `now`, else "firing"; the group Status is "firing" when any alert fires
//   ("resolved" otherwise, also for no alerts);
// - CommonLabels/CommonAnnotations are the pairs every alert has with the
//   same value;
// - unset (kZeroTime) StartsAt/EndsAt become Go's zero time;
// - Fingerprint is the 16-hex-digit label fingerprint.
// Alerts keep the given order.
Data MakeData(std::string_view receiver, const model::Labels& group_labels,
              const std::vector<model::Alert>& alerts,
              std::string_view external_url, model::Time now);

// Go's regexp.QuoteMeta.
std::string QuoteMeta(std::string_view s);

// The built-in templates (default.tmpl): the same names and output as
// Alertmanager's default templates.
std::string_view DefaultTemplateText();

// Alertmanager's Template: the built-in templates plus user files, executed
// as text or (for email bodies) HTML. Copies share parsed trees; executing
// is thread-safe.
class Template {
 public:
  // The built-in templates only.
  static Result<Template> New();
  // New() plus every file matching each glob pattern, in pattern order
  // (files of one pattern in lexical order). Relative patterns are resolved
  // against `base_dir` (the config file's directory). A pattern matching
  // nothing is not an error (as in Alertmanager). Error: the file's path
  // and Go's parse error ("template: <file>:<line>: ...").
  static Result<Template> FromGlobs(const std::vector<std::string>& patterns,
                                    const std::string& base_dir);

  // Parses more template text under `name` (defines replace earlier ones).
  Status Parse(std::string_view name, std::string_view text);

  // Alertmanager's ExecuteTextString / ExecuteHTMLString: `text` is
  // template source (typically `{{ template "slack.default.title" . }}`);
  // "" yields "".
  Result<std::string> ExecuteText(std::string_view text,
                                  const Data& data) const;
  Result<std::string> ExecuteHtml(std::string_view text,
                                  const Data& data) const;
  // Executes the named template directly.
  Result<std::string> ExecuteNamed(std::string_view name, const Data& data,
                                   Mode mode) const;

  const TemplateSet& set() const { return set_; }

 private:
  TemplateSet set_;
};

// Parses the files `patterns` match (as FromGlobs does) and returns the
// first error, naming the file and line; OK when all parse.
Status CheckFiles(const std::vector<std::string>& patterns,
                  const std::string& base_dir);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_TEMPLATE_H_
