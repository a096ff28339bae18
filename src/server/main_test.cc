#include "server/main.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "server/signals.h"

namespace tocsin::server {
namespace {

namespace fs = std::filesystem;

TEST(MainTest, FlagErrorsExitOne) {
  EXPECT_EQ(Main({"tocsin", "--no-such-flag"}), 1);
  EXPECT_EQ(Main({"tocsin", "--enable-feature=nope"}), 1);
  EXPECT_EQ(Main({"tocsin", "--version"}), 0);
}

TEST(MainTest, InvalidConfigExitsOne) {
  std::string tmpl = (fs::temp_directory_path() / "tocsin-main-XXXXXX");
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  fs::path dir = tmpl;
  std::ofstream(dir / "bad.yml") << "route: {}\n";
  EXPECT_EQ(Main({"tocsin", "--config.file=" + (dir / "bad.yml").string(),
                  "--storage.path=" + (dir / "data").string(),
                  "--web.listen-address=127.0.0.1:0", "--log.level=error"}),
            1);
  fs::remove_all(dir);
}

TEST(MainTest, ReloadsOnSighupAndStopsOnSigterm) {
  std::string tmpl = (fs::temp_directory_path() / "tocsin-main-XXXXXX");
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  fs::path dir = tmpl;
  std::ofstream(dir / "am.yml")
      << "route:\n  receiver: r\nreceivers:\n  - name: r\n";
  // The thread running Main inherits the blocked mask, so the signals sent
  // to it below wait for its sigwait whenever they arrive.
  sigset_t old_mask;
  pthread_sigmask(SIG_SETMASK, nullptr, &old_mask);
  BlockSignals();
  std::promise<pthread_t> tid;
  std::promise<int> rc;
  std::thread t([&] {
    tid.set_value(pthread_self());
    rc.set_value(
        Main({"tocsin", "--config.file=" + (dir / "am.yml").string(),
              "--storage.path=" + (dir / "data").string(),
              "--web.listen-address=127.0.0.1:0", "--log.level=error"}));
  });
  pthread_t main_thread = tid.get_future().get();
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);  // This thread only.
  ASSERT_EQ(pthread_kill(main_thread, SIGHUP), 0);
  ASSERT_EQ(pthread_kill(main_thread, SIGTERM), 0);
  auto result = rc.get_future();
  ASSERT_EQ(result.wait_for(std::chrono::seconds(30)),
            std::future_status::ready);
  EXPECT_EQ(result.get(), 0);
  t.join();
  EXPECT_TRUE(fs::is_directory(dir / "data"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tocsin::server
