// Write and load costs of the SQLite stores (WAL, synchronous=FULL: each
// write is one fsync, so the numbers depend on the disk).

#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_nflog_store.h"
#include "store/sqlite/sqlite_silence_store.h"

namespace tocsin::store {
namespace {

class TempStorage {
 public:
  TempStorage() {
    std::string templ =
        (std::filesystem::temp_directory_path() / "tocsin-bench-XXXXXX")
            .string();
    if (mkdtemp(templ.data()) != nullptr) dir_ = templ;
  }
  ~TempStorage() {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::shared_ptr<SqliteDatabase> Open() {
    auto db = SqliteDatabase::Open(dir_);
    return db.ok() ? *db : nullptr;
  }

 private:
  std::string dir_;
};

silence::Silence MakeSilence(int i) {
  silence::Silence s;
  s.id = silence::SilenceId("00000000-0000-4000-8000-" +
                            std::to_string(100000000000 + i));
  s.matchers = {{model::MatchType::kEqual, "alertname", "HighLatency"},
                {model::MatchType::kRegexMatch, "instance", "web-[0-9]+"},
                {model::MatchType::kNotEqual, "env", "dev"}};
  s.starts_at = model::Time(std::chrono::seconds(1'700'000'000));
  s.ends_at = model::Time(std::chrono::seconds(1'700'003'600));
  s.created_by = "bench";
  s.comment = std::string(200, 'c');
  return s;
}

void BM_SilenceUpsert(benchmark::State& state) {
  TempStorage storage;
  auto db = storage.Open();
  if (db == nullptr) {
    state.SkipWithError("open failed");
    return;
  }
  SqliteSilenceStore store(db);
  int i = 0;
  for (auto _ : state) {
    if (!store.Upsert(MakeSilence(i++ % 1000)).ok()) {
      state.SkipWithError("upsert failed");
      break;
    }
  }
}
BENCHMARK(BM_SilenceUpsert)->UseRealTime();

void BM_SilenceLoad(benchmark::State& state) {
  TempStorage storage;
  auto db = storage.Open();
  if (db == nullptr) {
    state.SkipWithError("open failed");
    return;
  }
  SqliteSilenceStore store(db);
  for (int i = 0; i < state.range(0); ++i) {
    if (!store.Upsert(MakeSilence(i)).ok()) {
      state.SkipWithError("upsert failed");
      return;
    }
  }
  for (auto _ : state) {
    auto got = store.Load();
    benchmark::DoNotOptimize(got);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SilenceLoad)->Arg(1000)->UseRealTime();

void BM_NflogUpsert(benchmark::State& state) {
  TempStorage storage;
  auto db = storage.Open();
  if (db == nullptr) {
    state.SkipWithError("open failed");
    return;
  }
  SqliteNflogStore store(db);
  notify::nflog::Entry e;
  e.receiver = {"team", "webhook", 0};
  for (uint64_t h = 0; h < 20; ++h) e.firing_alerts.push_back(h * 7919);
  int i = 0;
  for (auto _ : state) {
    e.group_key = "{}:{alertname=\"A" + std::to_string(i++ % 1000) + "\"}";
    if (!store.Upsert(e).ok()) {
      state.SkipWithError("upsert failed");
      break;
    }
  }
}
BENCHMARK(BM_NflogUpsert)->UseRealTime();

}  // namespace
}  // namespace tocsin::store
