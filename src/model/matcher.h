#ifndef TOCSIN_MODEL_MATCHER_H_
#define TOCSIN_MODEL_MATCHER_H_

// CONTRACT SKETCH written by the coordinator so other modules can code
// against it; the model module owns and completes it.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/labels.h"

namespace tocsin::model {

enum class MatchType {
  kEqual,         // =
  kNotEqual,      // !=
  kRegexMatch,    // =~  (RE2, fully anchored: ^(?:value)$)
  kRegexNoMatch,  // !~
};

// One label matcher; immutable, cheap to copy (the compiled regex is shared).
class Matcher {
 public:
  // Fails (InvalidArgument, RE2's message) when a regex does not compile.
  static Result<Matcher> Create(MatchType type, std::string name,
                                std::string value);

  MatchType type() const;
  const std::string& name() const;
  const std::string& value() const;

  // Whether a label value satisfies the matcher (absent label = "").
  bool Matches(std::string_view label_value) const;
  // Alertmanager's String(): name, operator, quoted value.
  std::string ToString() const;
};

using Matchers = std::vector<Matcher>;

// True when every matcher matches the labels (absent label = "").
bool MatchesAll(const Matchers& matchers, const Labels& labels);

}  // namespace tocsin::model

#endif  // TOCSIN_MODEL_MATCHER_H_
