// The `n4:` configuration section: defaults, every key, and strict errors.

#include <gtest/gtest.h>

#include "meridian/common/config.hpp"
#include "meridian/upf/n4_config.hpp"

namespace meridian::upf {
namespace {

TEST(n4_config, when_the_section_is_absent_then_every_default_holds) {
  n4_config cfg;
  read_config(config::document::empty().root().child("n4"), cfg);
  EXPECT_EQ(cfg.port_, 8805);
  EXPECT_EQ(cfg.t1_.count(), 3000);
  EXPECT_EQ(cfg.n1_, 3u);
  EXPECT_TRUE(cfg.smfs_.empty());
  EXPECT_EQ(cfg.requests_in_progress_limit_, 0u);
}

TEST(n4_config, when_every_key_is_given_then_each_is_read) {
  auto doc = config::document::parse(R"(n4:
  bind: 10.0.0.1
  port: 18805
  node_id: 10.0.0.100
  n3_address: 10.0.1.1
  smf:
    - address: 10.0.0.2
    - address: 10.0.0.3
      port: 9999
  t1_ms: 500
  n1: 5
  heartbeat_interval_ms: 2000
  association_retry_ms: 1000
  response_cache_ms: 4000
  requests_in_progress_limit: 256
)");
  n4_config cfg;
  read_config(doc.root().child("n4"), cfg);
  EXPECT_EQ(cfg.bind_address_, (std::array<std::uint8_t, 4>{10, 0, 0, 1}));
  EXPECT_EQ(cfg.port_, 18805);
  EXPECT_EQ(cfg.node_id_, (std::array<std::uint8_t, 4>{10, 0, 0, 100}));
  EXPECT_EQ(cfg.n3_address_, (std::array<std::uint8_t, 4>{10, 0, 1, 1}));
  ASSERT_EQ(cfg.smfs_.size(), 2u);
  EXPECT_EQ(cfg.smfs_[0].port_, 8805);
  EXPECT_EQ(cfg.smfs_[1].port_, 9999);
  EXPECT_EQ(cfg.t1_.count(), 500);
  EXPECT_EQ(cfg.n1_, 5u);
  EXPECT_EQ(cfg.heartbeat_interval_.count(), 2000);
  EXPECT_EQ(cfg.association_retry_interval_.count(), 1000);
  EXPECT_EQ(cfg.response_cache_time_.count(), 4000);
  EXPECT_EQ(cfg.requests_in_progress_limit_, 256u);
}

TEST(n4_config, when_a_key_is_unknown_or_an_address_is_bad_then_config_error_names_the_line) {
  n4_config cfg;
  auto unknown = config::document::parse("n4:\n  port: 1\n  t3: 5\n", "upf.yaml");
  try {
    read_config(unknown.root().child("n4"), cfg);
    FAIL() << "no error";
  } catch (const config::config_error& e) {
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.file(), "upf.yaml");
  }
  auto bad = config::document::parse("n4:\n  bind: 10.0.0.300\n", "upf.yaml");
  EXPECT_THROW(read_config(bad.root().child("n4"), cfg), config::config_error);
}

}  // namespace
}  // namespace meridian::upf
