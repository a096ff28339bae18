#include "cli/routes_test.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "cli/internal/test_registry.h"

#ifndef TOCSIN_CLI_TESTDATA
#error "TOCSIN_CLI_TESTDATA must point at src/cli/testdata"
#endif

namespace tocsin::cli {
namespace {

const std::string kConfig = std::string(TOCSIN_CLI_TESTDATA) + "/routing.yml";

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun RoutesTest(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int code = RunRoutesTest(args, *internal::TestRegistry(), out, err);
  return {code, out.str(), err.str()};
}

TEST(RoutesTestTest, DefaultRoute) {
  CliRun r = RoutesTest({"--config.file", kConfig, "alertname=x"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "default\n");
  EXPECT_EQ(r.err, "");
}

TEST(RoutesTestTest, ContinueGivesSeveralReceivers) {
  CliRun r = RoutesTest({"--config.file=" + kConfig, "severity=critical",
                         "service=database", "owner=team-X"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "audit,team-X-pager,team-Y-pager\n");
}

TEST(RoutesTestTest, ConfigFlagSpellings) {
  EXPECT_EQ(RoutesTest({"--config", kConfig, "service=files"}).out,
            "team-Y-mails\n");
  EXPECT_EQ(RoutesTest({"--config=" + kConfig, "service=files"}).out,
            "team-Y-mails\n");
  EXPECT_EQ(RoutesTest({"service=files", "--config.file", kConfig}).out,
            "team-Y-mails\n");
}

TEST(RoutesTestTest, VerifyReceivers) {
  CliRun ok =
      RoutesTest({"--config.file", kConfig, "--verify.receivers=team-DB-pager",
                  "service=database"});
  EXPECT_EQ(ok.code, 0);
  EXPECT_EQ(ok.out, "team-DB-pager\n");
  CliRun bad = RoutesTest({"--config.file", kConfig, "--verify.receivers",
                           "default", "service=database"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_EQ(bad.out,
            "team-DB-pager\n"
            "WARNING: Expected receivers did not match resolved receivers.\n");
}

TEST(RoutesTestTest, Tree) {
  CliRun r = RoutesTest({"--config.file", kConfig, "--tree",
                         "severity=critical", "service=database"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out,
            "Matching routes:\n"
            ".\n"
            "└── default-route\n"
            "    ├── {severity=\"critical\"}  receiver: audit  grouping: "
            "[alertname]\n"
            "    └── {service=\"database\"}  receiver: team-DB-pager  "
            "grouping: [alertname,cluster,database]\n"
            "\n"
            "\n"
            "audit,team-DB-pager\n");
}

TEST(RoutesTestTest, Errors) {
  CliRun no_config = RoutesTest({"a=b"});
  EXPECT_EQ(no_config.code, 2);
  EXPECT_EQ(no_config.err,
            "tocsin: error: routes test needs --config.file FILE\n"
            "usage: tocsin routes test --config.file FILE "
            "[--verify.receivers R1,R2] [--tree] label=value...\n");

  CliRun not_equal = RoutesTest({"--config.file", kConfig, "a=~b"});
  EXPECT_EQ(not_equal.code, 1);
  EXPECT_EQ(not_equal.err,
            "tocsin: error: Labels must be specified as key=value pairs\n");

  std::string bad = std::string(TOCSIN_CLI_TESTDATA) + "/bad-receiver.yml";
  CliRun bad_config = RoutesTest({"--config.file", bad, "a=b"});
  EXPECT_EQ(bad_config.code, 1);
  EXPECT_EQ(bad_config.err, "tocsin: error: " + bad +
                                ":4: route.routes[0].receiver: undefined "
                                "receiver \"nobody\" used in route\n");
  EXPECT_EQ(bad_config.out, "");
}

TEST(RoutesShowTest, WholeTree) {
  std::ostringstream out, err;
  int code = RunRoutesShow({"--config.file=" + kConfig},
                           *internal::TestRegistry(), out, err);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(err.str(), "");
  EXPECT_EQ(out.str(),
            "Routing tree:\n"
            ".\n"
            "└── default-route  receiver: default  grouping: [alertname]\n"
            "    ├── {severity=\"critical\"}  continue: true  receiver: audit"
            "  grouping: [alertname]\n"
            "    ├── {service=\"database\"}  receiver: team-DB-pager  "
            "grouping: [alertname,cluster,database]\n"
            "    │   ├── {owner=\"team-X\"}  continue: true  receiver: "
            "team-X-pager  grouping: [alertname,cluster,database]\n"
            "    │   └── {owner=~\"team-.*\"}  receiver: team-Y-pager  "
            "grouping: [alertname,cluster,database]\n"
            "    └── {service=\"files\"}  receiver: team-Y-mails  grouping: "
            "[alertname]\n"
            "\n");
}

TEST(RoutesShowTest, Errors) {
  std::ostringstream out, err;
  EXPECT_EQ(RunRoutesShow({}, *internal::TestRegistry(), out, err), 2);
  EXPECT_EQ(err.str(),
            "tocsin: error: routes show needs --config.file FILE\n"
            "usage: tocsin routes show --config.file FILE\n");
  std::ostringstream out2, err2;
  EXPECT_EQ(RunRoutesShow({"--config", kConfig, "a=b"},
                          *internal::TestRegistry(), out2, err2),
            2);
  EXPECT_EQ(err2.str(), "tocsin: error: unexpected argument a=b\n");
}

}  // namespace
}  // namespace tocsin::cli
