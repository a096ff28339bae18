#ifndef TOCSIN_CONFIG_GO_YAML_H_
#define TOCSIN_CONFIG_GO_YAML_H_

// YAML text in the layout Go's gopkg.in/yaml.v2 encoder writes, which is
// what Alertmanager's Config.String() (and so `amtool config show` and
// GET /api/v2/status config.original) prints: two-space block mappings,
// sequences inside a mapping not indented ("key:\n- a"), empty collections
// as "{}" / "[]", multi-line strings as literal blocks, and a scalar quoted
// only when it could not be read back as the same plain string.

#include <yaml-cpp/yaml.h>

#include <string>

namespace tocsin::config {

// Emits `node` (maps keep their insertion order). Scalars that read as
// plain YAML are written plain; "" as ""; strings libyaml would not write
// plain (leading indicator, ": ", " #", surrounding blanks, "---") single-
// quoted; strings with control characters double-quoted with escapes;
// strings with a newline as "|" / "|-" literal blocks. Never fails.
std::string EmitGoYaml(const YAML::Node& node);

// How a scalar is written in a block context (no trailing newline; a literal
// block returns its "|-" header only — EmitGoYaml writes its lines).
// Exposed for tests.
std::string GoYamlScalar(const std::string& s);

}  // namespace tocsin::config

#endif  // TOCSIN_CONFIG_GO_YAML_H_
