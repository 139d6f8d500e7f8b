#include <gtest/gtest.h>

#include "meridian/common/config.hpp"
#include "meridian/transport/sctp_config.hpp"

namespace meridian::transport {
namespace {

sctp_config read(std::string_view yaml) {
  auto doc = config::document::parse(yaml, "test.yaml");
  sctp_config cfg;
  read_sctp_config(doc.root().child("sctp"), cfg);
  return cfg;
}

TEST(sctp_config, when_section_is_absent_then_defaults_are_auto_without_encapsulation) {
  const auto cfg = read("other: 1\n");
  EXPECT_EQ(cfg.backend, sctp_backend_kind::automatic);
  EXPECT_EQ(cfg.encapsulation, sctp_encapsulation::none);
  EXPECT_EQ(cfg.udp_encapsulation_port, 9899);
  EXPECT_GE(cfg.out_streams, 2);
}

TEST(sctp_config, when_keys_are_given_then_they_are_read) {
  const auto cfg = read(
      "sctp: {backend: usrsctp, encapsulation: udp, udp_encapsulation_port: 19899, out_streams: 8, in_streams: 4,\n"
      "       send_queue_messages: 16, rto_min_ms: 50, rto_max_ms: 500, nodelay: false}\n");
  EXPECT_EQ(cfg.backend, sctp_backend_kind::usrsctp);
  EXPECT_EQ(cfg.encapsulation, sctp_encapsulation::udp);
  EXPECT_EQ(cfg.udp_encapsulation_port, 19899);
  EXPECT_EQ(cfg.effective_remote_udp_port(), 19899);
  EXPECT_EQ(cfg.out_streams, 8);
  EXPECT_EQ(cfg.in_streams, 4);
  EXPECT_EQ(cfg.send_queue_messages, 16u);
  EXPECT_EQ(cfg.rto_min_ms, 50u);
  EXPECT_FALSE(cfg.nodelay);
}

TEST(sctp_config, when_key_is_unknown_then_error_names_it) {
  try {
    read("sctp:\n  backend: auto\n  bakend: kernel\n");
    FAIL() << "no error";
  } catch (const config::config_error& e) {
    EXPECT_EQ(e.key(), "sctp.bakend");
    EXPECT_EQ(e.line(), 3);
  }
}

TEST(sctp_config, when_backend_name_is_unknown_then_error) {
  EXPECT_THROW(read("sctp: {backend: lksctp}\n"), config::config_error);
  EXPECT_THROW(read("sctp: {encapsulation: tcp}\n"), config::config_error);
}

TEST(sctp_config, when_kernel_backend_asks_for_udp_encapsulation_then_error) {
  EXPECT_THROW(read("sctp: {backend: kernel, encapsulation: udp}\n"), config::config_error);
}

TEST(sctp_config, when_streams_are_zero_then_error) {
  EXPECT_THROW(read("sctp: {out_streams: 0}\n"), config::config_error);
}

}  // namespace
}  // namespace meridian::transport
