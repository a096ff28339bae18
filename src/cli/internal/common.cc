#include "cli/internal/common.h"

#include "base/strings.h"

namespace tocsin::cli::internal {

Status ApplyFeatures(std::string_view list, model::MatcherParserMode& mode) {
  bool classic = mode == model::MatcherParserMode::kClassic;
  bool strict = mode == model::MatcherParserMode::kUtf8Strict;
  for (const std::string& raw : StrSplit(list, ',')) {
    std::string_view f = TrimSpace(raw);
    if (f == "classic-mode") classic = true;
    if (f == "utf8-strict-mode") strict = true;
  }
  if (classic && strict) {
    return InvalidArgumentError(
        "cannot use classic-mode and utf8-strict-mode at the same time");
  }
  if (classic) mode = model::MatcherParserMode::kClassic;
  if (strict) mode = model::MatcherParserMode::kUtf8Strict;
  return Status::Ok();
}

}  // namespace tocsin::cli::internal
