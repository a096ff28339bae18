#include "cli/check_config.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "cli/internal/test_registry.h"

#ifndef TOCSIN_CLI_TESTDATA
#error "TOCSIN_CLI_TESTDATA must point at src/cli/testdata"
#endif

namespace tocsin::cli {
namespace {

const std::string kData = TOCSIN_CLI_TESTDATA;

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun CheckConfig(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int code = RunCheckConfig(args, *internal::TestRegistry(), out, err);
  return {code, out.str(), err.str()};
}

TEST(CheckConfigTest, GoodFilePrintsSummary) {
  std::string file = kData + "/routing.yml";
  CliRun r = CheckConfig({file});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "Checking '" + file +
                       "'  SUCCESS\n"
                       "Found:\n"
                       " - global config\n"
                       " - route\n"
                       " - 1 inhibit rules\n"
                       " - 6 receivers\n"
                       " - 1 templates\n"
                       "  SUCCESS\n"
                       "\n");
  EXPECT_EQ(r.err, "");
}

TEST(CheckConfigTest, TemplateErrorsFailTheFileAndNameThePosition) {
  std::string file = kData + "/bad-template.yml";
  CliRun r = CheckConfig({file});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find(" - 1 templates\n  FAILED: "), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("bad.tmpl:1"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "tocsin: error: failed to validate 1 file(s)\n");
}

TEST(CheckConfigTest, BadFileFails) {
  std::string file = kData + "/bad-receiver.yml";
  CliRun r = CheckConfig({file});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "Checking '" + file + "'  FAILED: " + file +
                       ":4: route.routes[0].receiver: undefined receiver "
                       "\"nobody\" used in route\n"
                       "\n");
  EXPECT_EQ(r.err, "tocsin: error: failed to validate 1 file(s)\n");
}

TEST(CheckConfigTest, SeveralFilesCountFailures) {
  std::string good = kData + "/routing.yml";
  std::string missing = kData + "/does-not-exist.yml";
  CliRun r = CheckConfig({missing, good, "--alertmanager-strict"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out.substr(0, r.out.find('\n') + 1),
            "Checking '" + missing + "'  FAILED: open " + missing +
                ": no such file or directory\n");
  EXPECT_NE(r.out.find("Checking '" + good + "'  SUCCESS\n"),
            std::string::npos);
  EXPECT_EQ(r.err, "tocsin: error: failed to validate 1 file(s)\n");
}

TEST(CheckConfigTest, UsageErrors) {
  CliRun none = CheckConfig({});
  EXPECT_EQ(none.code, 2);
  EXPECT_EQ(none.out, "");
  EXPECT_EQ(none.err,
            "tocsin: error: check-config needs at least one config file\n"
            "usage: tocsin check-config [--alertmanager-strict] "
            "[--enable-feature=...] FILE...\n");
  CliRun flag = CheckConfig({"--frobnicate", "x.yml"});
  EXPECT_EQ(flag.code, 2);
  EXPECT_EQ(flag.err, "tocsin: error: unknown flag --frobnicate\n");
  CliRun both =
      CheckConfig({"--enable-feature=classic-mode,utf8-strict-mode", "x.yml"});
  EXPECT_EQ(both.code, 2);
  EXPECT_EQ(both.err,
            "tocsin: error: cannot use classic-mode and utf8-strict-mode at "
            "the same time\n");
}

}  // namespace
}  // namespace tocsin::cli
