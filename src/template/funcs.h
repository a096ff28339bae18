#ifndef TOCSIN_TEMPLATE_FUNCS_H_
#define TOCSIN_TEMPLATE_FUNCS_H_

#include <span>
#include <string>
#include <string_view>

#include "base/result.h"
#include "template/engine.h"
#include "template/value.h"

namespace tocsin::tmpl {

// A template function: Go's builtins (except and/or, which the executor
// evaluates lazily) and Alertmanager's DefaultFuncs. An error Status carries
// the message Go would put after "error calling <name>: ".
using FuncImpl = Result<Value> (*)(std::span<const Value> args,
                                   const ExecEnv& env);

struct FuncDef {
  std::string_view name;
  FuncImpl fn;
  int min_args;
  int max_args;  // -1: variadic.
};

// nullptr when `name` is not a function (and/or included: they have a
// FuncDef with fn == nullptr).
const FuncDef* FindFunc(std::string_view name);

// Whether `recv` has a method `name` (KV.SortedPairs, Alerts.Firing,
// time.Time.Format, ...).
bool HasMethod(const Value& recv, std::string_view name);
// Calls it; errors as Go reports them ("wrong number of args for Format:
// want 1 got 0", or the method's own error).
Result<Value> CallMethod(const Value& recv, std::string_view name,
                         std::span<const Value> args);

// Go's html.EscapeString-like escaper of text/template's `html` function.
std::string HtmlEscapeText(std::string_view s);
// html/template's escaper for text and quoted attribute values.
std::string HtmlTemplateEscape(std::string_view s);
// html/template's URL normalizer (percent-encodes what may not appear in a
// URL, keeps reserved characters and existing escapes) and query escaper.
std::string UrlNormalize(std::string_view s);
std::string UrlQueryEscapeFull(std::string_view s);
// url.QueryEscape.
std::string QueryEscape(std::string_view s);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_FUNCS_H_
