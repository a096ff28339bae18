#ifndef TOCSIN_TOOLS_FUZZ_FUZZ_ENTRIES_CONFIG_H_
#define TOCSIN_TOOLS_FUZZ_FUZZ_ENTRIES_CONFIG_H_

// The config loader's fuzz entry (see fuzz_entries.h for the contract); kept
// apart so the matcher and duration targets do not link the config module.

#include <string>
#include <string_view>

namespace tocsin::fuzz {

// config::Load of the input as alertmanager.yml with the built-in channels
// registered when the build has them (TOCSIN_FUZZ_HAVE_CHANNELS), else with
// an empty registry. A success on UTF-8 input prints (config::ToYamlString)
// to text that loads again and prints the same.
std::string ConfigEntry(std::string_view input);

}  // namespace tocsin::fuzz

#endif  // TOCSIN_TOOLS_FUZZ_FUZZ_ENTRIES_CONFIG_H_
