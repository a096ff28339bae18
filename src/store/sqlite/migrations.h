#ifndef TOCSIN_STORE_SQLITE_MIGRATIONS_H_
#define TOCSIN_STORE_SQLITE_MIGRATIONS_H_

#include <string_view>
#include <vector>

namespace tocsin::store {

// One schema step. Versions are 1, 2, 3, ... in order; a released
// migration is never edited, only followed by a new one
// (docs/formats/sqlite.md).
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Every migration this binary knows, oldest first.
const std::vector<Migration>& Migrations();

}  // namespace tocsin::store

#endif  // TOCSIN_STORE_SQLITE_MIGRATIONS_H_
