#ifndef TOCSIN_CLI_INTERNAL_COMMON_H_
#define TOCSIN_CLI_INTERNAL_COMMON_H_

#include <string_view>

#include "base/result.h"
#include "model/matcher_parse.h"

namespace tocsin::cli::internal {

// Applies one --enable-feature value (a comma-separated list, as
// Alertmanager's flag) to `mode`. Known: "classic-mode",
// "utf8-strict-mode"; other features are accepted and ignored, as they do not
// change how a config loads. Both parser modes at once is an error:
// "cannot use classic-mode and utf8-strict-mode at the same time".
Status ApplyFeatures(std::string_view list, model::MatcherParserMode& mode);

}  // namespace tocsin::cli::internal

#endif  // TOCSIN_CLI_INTERNAL_COMMON_H_
