// The `meridian` binary's command line as a user meets it.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "process.hpp"

namespace {

using meridian::test::run_process;

TEST(cli, when_asked_for_version_then_prints_it_and_exits_0) {
  auto r = run_process(MERIDIAN_BINARY, {"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.starts_with("meridian 0.")) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(cli, when_asked_for_help_then_lists_options_and_exits_0) {
  auto r = run_process(MERIDIAN_BINARY, {"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--config"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--version"), std::string::npos) << r.out;
}

TEST(cli, when_command_is_unknown_then_one_line_error_and_usage_on_stderr_and_exit_2) {
  auto r = run_process(MERIDIAN_BINARY, {"bogus"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  ASSERT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
  EXPECT_TRUE(r.err.starts_with("meridian: error: ")) << r.err;
  EXPECT_NE(r.err.find("bogus"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("usage: meridian"), std::string::npos) << r.err;
}

TEST(cli, when_option_is_unknown_then_exit_2) {
  auto r = run_process(MERIDIAN_BINARY, {"--no-such-option"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--no-such-option"), std::string::npos) << r.err;
}

TEST(cli, when_log_level_is_invalid_then_exit_2_naming_the_levels) {
  auto r = run_process(MERIDIAN_BINARY, {"--log-level", "loud"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("loud"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("debug"), std::string::npos) << r.err;
}

class cli_config : public ::testing::Test {
 protected:
  std::filesystem::path file_ =
      std::filesystem::temp_directory_path() / ("meridian_cli_config_" + std::to_string(::getpid()) + ".yaml");
  void write(const std::string& text) { std::ofstream(file_) << text; }
  void TearDown() override { std::filesystem::remove(file_); }
};

TEST_F(cli_config, when_config_has_unknown_key_then_error_names_file_line_and_key) {
  write("logging:\n  level: info\n  colour: true\n");
  auto r = run_process(MERIDIAN_BINARY, {"--config", file_.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(file_.string() + ":3: logging.colour: unknown key"), std::string::npos) << r.err;
}

TEST_F(cli_config, when_config_file_is_missing_then_error_names_it) {
  auto r = run_process(MERIDIAN_BINARY, {"--config", file_.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(file_.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no such file"), std::string::npos) << r.err;
}

TEST_F(cli_config, when_config_has_unknown_top_level_key_then_error_names_it) {
  write("loggin:\n  level: debug\n");
  auto r = run_process(MERIDIAN_BINARY, {"--config", file_.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(file_.string() + ":1: loggin: unknown key"), std::string::npos) << r.err;
}

TEST_F(cli_config, when_config_path_is_a_directory_then_error_not_crash) {
  auto r = run_process(MERIDIAN_BINARY, {"--config", std::filesystem::temp_directory_path().string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not a regular file"), std::string::npos) << r.err;
}

TEST(cli, when_subcommand_option_is_missing_then_one_line_naming_the_subcommand) {
  auto r = run_process(MERIDIAN_BINARY, {"crypto", "nea", "--alg", "1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(r.err.starts_with("meridian crypto nea: error: ")) << r.err;
  EXPECT_NE(r.err.find("meridian crypto nea --help"), std::string::npos) << r.err;
}

TEST_F(cli_config, when_config_is_valid_then_runs) {
  write("logging:\n  level: debug\n  levels:\n    amf.ngap: trace\n");
  auto r = run_process(MERIDIAN_BINARY, {"--config", file_.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
