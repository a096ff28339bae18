#ifndef TOCSIN_TESTS_E2E_HARNESS_TEMP_DIR_H_
#define TOCSIN_TESTS_E2E_HARNESS_TEMP_DIR_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tocsin::e2e {

// A fresh directory under $TMPDIR (default /tmp), removed with everything in
// it by the destructor, unless the environment sets TOCSIN_E2E_KEEP_TMP=1
// (then its path is printed to stderr so a failed run can be inspected).
// Not copyable; movable. Not thread-safe.
class TempDir {
 public:
  // Creates `<tmp>/tocsin-<prefix>-XXXXXX`. Fails (Internal, with errno's
  // text) when mkdtemp fails.
  static Result<TempDir> Create(std::string_view prefix);

  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }

  // Writes `contents` to path()/name (creating parent folders) and returns
  // the full path. Fails (Internal) when the file cannot be written.
  Result<std::filesystem::path> WriteFile(std::string_view name,
                                          std::string_view contents) const;

 private:
  explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
  void Remove();
  std::filesystem::path path_;
};

// Reads a whole file; NotFound when it cannot be opened.
Result<std::string> ReadFile(const std::filesystem::path& path);

}  // namespace tocsin::e2e

#endif  // TOCSIN_TESTS_E2E_HARNESS_TEMP_DIR_H_
