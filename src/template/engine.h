#ifndef TOCSIN_TEMPLATE_ENGINE_H_
#define TOCSIN_TEMPLATE_ENGINE_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "template/value.h"

namespace tocsin::tmpl {

struct Node;  // Parse tree; defined in engine.cc.

// How action output is escaped.
enum class Mode {
  kText,  // text/template: verbatim.
  // html/template (subset): HTML comments are removed from template text;
  // action output is HTML-escaped, and in href/src attribute values
  // URL-filtered and normalized first (see docs/templates.md).
  kHtml,
};

// What execution may read besides the data: the current time (for `since`).
struct ExecEnv {
  int64_t now_unix_nanos = 0;
};

// A set of named templates parsed from Go text/template source (Alertmanager
// flavour: missingkey=zero and Alertmanager's function map). Parsing is not
// thread-safe; executing a parsed set concurrently is.
class TemplateSet {
 public:
  TemplateSet();
  ~TemplateSet();
  TemplateSet(TemplateSet&&) noexcept;
  TemplateSet& operator=(TemplateSet&&) noexcept;
  // Copies share the parsed trees.
  TemplateSet(const TemplateSet&);
  TemplateSet& operator=(const TemplateSet&);

  // Parses `text` as the template `name`; every {{define}} and {{block}} in it
  // is added too, replacing a template of the same name (as Go does when the
  // new body is not empty). Error: InvalidArgument with Go's message,
  // "template: <name>:<line>: <reason>". On error the set is unchanged.
  Status Parse(std::string_view name, std::string_view text);

  bool Has(std::string_view name) const;

  // Executes template `name` with `data` as dot. Error: InvalidArgument
  // "template: <name>:<line>:<col>: executing \"<name>\" at <...>: ..." or
  // NotFound for an unknown name.
  Result<std::string> Execute(std::string_view name, const Value& data,
                              Mode mode, const ExecEnv& env) const;

  // Alertmanager's ExecuteTextString/ExecuteHTMLString: parses `text` as an
  // anonymous template on a copy of this set and executes it. "" for "".
  Result<std::string> ExecuteString(std::string_view text, const Value& data,
                                    Mode mode, const ExecEnv& env) const;

  // A parsed template (internal to engine.cc).
  struct Tree;

 private:
  std::map<std::string, std::shared_ptr<const Tree>, std::less<>> trees_;
  friend class Executor;
};

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_ENGINE_H_
