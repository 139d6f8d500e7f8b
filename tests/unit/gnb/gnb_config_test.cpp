// Reading the `gnb:` section: defaults, values, and errors.

#include <gtest/gtest.h>

#include "meridian/common/config.hpp"
#include "meridian/gnb/gnb_config.hpp"

namespace meridian::gnb {
namespace {

gnb_config read(std::string_view yaml) {
  auto doc = config::document::parse(yaml, "gnb.yaml");
  gnb_config cfg;
  read_gnb_config(doc.root().child("gnb"), cfg);
  return cfg;
}

TEST(gnb_config, with_no_section_the_gnb_connects_to_a_loopback_amf) {
  const auto cfg = read("{}");
  EXPECT_EQ(cfg.identity.gnb_id(), 1u);
  EXPECT_EQ(cfg.identity.length_bits(), 22u);
  EXPECT_EQ(cfg.tac.value(), 1u);
  ASSERT_EQ(cfg.amfs.size(), 1u);
  EXPECT_EQ(cfg.amfs[0], (amf_address{"127.0.0.1", 38412}));
}

TEST(gnb_config, identity_amfs_and_retry_timers_are_read) {
  const auto cfg = read(
      "gnb:\n  id: 0x100\n  id_length: 32\n  plmn: \"999/70\"\n  tac: 7\n  count: 3\n  retry_initial_ms: 50\n"
      "  amfs: [{address: 10.0.0.1, port: 1000}, {address: 10.0.0.2}]\n");
  EXPECT_EQ(cfg.identity.gnb_id(), 0x100u);
  EXPECT_EQ(cfg.identity.length_bits(), 32u);
  EXPECT_EQ(cfg.identity.plmn_id().to_string(), "999/70");
  EXPECT_EQ(cfg.count, 3u);
  EXPECT_EQ(cfg.retry_initial, std::chrono::milliseconds(50));
  ASSERT_EQ(cfg.amfs.size(), 2u);
  EXPECT_EQ(cfg.amfs[1].port, 38412);
}

TEST(gnb_config, when_ids_overflow_the_id_length_or_keys_are_unknown_then_reading_fails) {
  EXPECT_THROW(read("gnb:\n  id_length: 22\n  id: 4194303\n  count: 2\n"), config::config_error);
  EXPECT_THROW(read("gnb:\n  id_length: 21\n"), config::config_error);
  EXPECT_THROW(read("gnb:\n  amfs: [{address: x, bogus: 1}]\n"), config::config_error);
  EXPECT_THROW(read("gnb:\n  retry_initial_ms: 100\n  retry_max_ms: 10\n"), config::config_error);
}

TEST(gnb_config, a_ran_node_name_outside_the_printable_string_alphabet_is_a_configuration_error) {
  EXPECT_THROW(read("gnb:\n  name: gnb_1\n"), config::config_error);
  EXPECT_EQ(read("gnb:\n  name: \"gNB (lab) 1\"\n").name, "gNB (lab) 1");
}

}  // namespace
}  // namespace meridian::gnb
