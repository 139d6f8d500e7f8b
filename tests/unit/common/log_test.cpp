#include <gtest/gtest.h>

#include "meridian/common/log.hpp"

using namespace meridian;

TEST(log, parses_every_level_name_and_rejects_others) {
  for (auto l : {log::level::trace, log::level::debug, log::level::info, log::level::warn, log::level::error,
                 log::level::critical, log::level::off})
    EXPECT_EQ(log::parse_level(log::to_string(l)), l);
  EXPECT_FALSE(log::parse_level("verbose"));
  EXPECT_FALSE(log::parse_level(""));
}

TEST(log, most_specific_configured_name_wins) {
  log::logging_config cfg;
  cfg.default_level = log::level::warn;
  cfg.levels["amf"] = log::level::info;
  cfg.levels["amf.ngap"] = log::level::trace;
  log::configure(cfg);
  EXPECT_EQ(log::effective_level("amf.ngap"), log::level::trace);
  EXPECT_EQ(log::effective_level("amf.ngap.asn1"), log::level::trace);
  EXPECT_EQ(log::effective_level("amf.nas"), log::level::info);
  EXPECT_EQ(log::effective_level("amfx"), log::level::warn) << "a prefix must end at a dot";
  EXPECT_EQ(log::effective_level("upf"), log::level::warn);
  log::configure({});
}

TEST(log, named_loggers_are_shared_and_follow_reconfiguration) {
  auto a = log::get("test.logger");
  auto b = log::get("test.logger");
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(a->name(), "test.logger");
  log::logging_config cfg;
  cfg.levels["test"] = log::level::error;
  log::configure(cfg);
  EXPECT_EQ(a->level(), spdlog::level::err);
  log::configure({});
  EXPECT_EQ(a->level(), spdlog::level::info);
}
