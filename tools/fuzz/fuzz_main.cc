// libFuzzer driver: one binary per entry function, chosen at compile time
// with -DTOCSIN_FUZZ_ENTRY=<function in tocsin::fuzz>. A broken property
// aborts, which libFuzzer reports as a crash with the input saved.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tools/fuzz/fuzz_entries.h"
#include "tools/fuzz/fuzz_entries_config.h"

#ifndef TOCSIN_FUZZ_ENTRY
#error "compile with -DTOCSIN_FUZZ_ENTRY=<entry function>"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string failure = tocsin::fuzz::TOCSIN_FUZZ_ENTRY(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!failure.empty()) {
    std::fputs("fuzz property violated: ", stderr);
    std::fwrite(failure.data(), 1, failure.size(), stderr);
    std::fputs("\n", stderr);
    std::abort();
  }
  return 0;
}
