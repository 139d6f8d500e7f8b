#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <sstream>
#include <string>

#include <spdlog/sinks/ostream_sink.h>

#include "meridian/common/invariant.hpp"
#include "meridian/common/log.hpp"

using namespace meridian;

namespace {

// Captures what the "invariant" logger writes while the fixture lives.
class invariant_log : public ::testing::Test {
 protected:
  void SetUp() override {
    logger_ = log::get("invariant");
    sink_ = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    sink_->set_pattern("%l %v");
    logger_->sinks().push_back(sink_);
  }
  void TearDown() override { std::erase(logger_->sinks(), sink_); }

  std::string captured() {
    logger_->flush();
    return out_.str();
  }

  std::shared_ptr<spdlog::logger> logger_;
  std::ostringstream out_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
};

}  // namespace

TEST_F(invariant_log, when_an_invariant_fails_in_release_mode_then_it_is_counted_logged_and_execution_continues) {
  const auto before = invariant::failure_count();
  invariant::report_failure("heap index is valid", "lib/runtime/timer_service.cpp", 42,
                            invariant::mode::log_and_continue);
  EXPECT_EQ(invariant::failure_count(), before + 1);
  const auto text = captured();
  EXPECT_NE(text.find("error"), std::string::npos) << text;
  EXPECT_NE(text.find("lib/runtime/timer_service.cpp:42"), std::string::npos) << text;
  EXPECT_NE(text.find("heap index is valid"), std::string::npos) << text;
}

TEST_F(invariant_log, each_failure_is_counted_once) {
  const auto before = invariant::failure_count();
  for (int i = 0; i < 3; ++i) invariant::report_failure("x", "f.cpp", 1, invariant::mode::log_and_continue);
  EXPECT_EQ(invariant::failure_count(), before + 3);
}

TEST_F(invariant_log, when_the_condition_holds_then_the_macro_neither_counts_nor_logs) {
  const auto before = invariant::failure_count();
  int evaluations = 0;
  MERIDIAN_INVARIANT(++evaluations == 1, "condition evaluated once");
  EXPECT_EQ(evaluations, 1);
  EXPECT_EQ(invariant::failure_count(), before);
  EXPECT_EQ(captured(), "");
}

#ifdef NDEBUG
TEST_F(invariant_log, in_a_release_build_a_failing_macro_logs_its_own_file_and_line_and_continues) {
  const auto before = invariant::failure_count();
  const int line = __LINE__ + 1;
  MERIDIAN_INVARIANT(1 + 1 == 3, "arithmetic still works");
  EXPECT_EQ(invariant::failure_count(), before + 1);
  const auto text = captured();
  EXPECT_NE(text.find("invariant_test.cpp:" + std::to_string(line)), std::string::npos) << text;
  EXPECT_NE(text.find("arithmetic still works"), std::string::npos) << text;
}
#endif

TEST(invariant_death, in_abort_mode_a_failed_invariant_aborts_the_process) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(invariant::report_failure("must hold", "f.cpp", 7, invariant::mode::abort), "must hold");
}
