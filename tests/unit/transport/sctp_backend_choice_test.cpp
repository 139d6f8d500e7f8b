#include <unistd.h>

#include <gtest/gtest.h>

#include "meridian/transport/sctp.hpp"
#include "sctp_test_support.hpp"

namespace meridian::transport {
namespace {

TEST(sctp_backend_choice, when_udp_encapsulation_is_asked_then_auto_means_usrsctp) {
  sctp_config cfg;
  cfg.encapsulation = sctp_encapsulation::udp;
  EXPECT_EQ(resolve_sctp_backend(cfg), sctp_backend_kind::usrsctp);
}

TEST(sctp_backend_choice, when_auto_then_kernel_exactly_where_the_kernel_has_sctp) {
  sctp_config cfg;
  EXPECT_EQ(resolve_sctp_backend(cfg),
            kernel_sctp_available() ? sctp_backend_kind::kernel : sctp_backend_kind::usrsctp);
}

TEST(sctp_backend_choice, when_kernel_is_forced_without_kernel_sctp_then_server_reports_backend_unavailable) {
  if (kernel_sctp_available()) GTEST_SKIP() << "this kernel has SCTP";
  asio::io_context io;
  test::recording_notifier events;
  sctp_config cfg;
  cfg.backend = sctp_backend_kind::kernel;
  auto server = make_sctp_server(io, cfg, test::loopback(), events);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, sctp_errc::backend_unavailable);
  sctp_client client(io, cfg, events);
  auto a = client.connect(test::loopback(ngap_sctp_port));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, sctp_errc::backend_unavailable);
}

TEST(sctp_backend_choice, when_usrsctp_runs_with_another_udp_port_then_second_port_is_refused) {
  asio::io_context io;
  test::recording_notifier events;
  sctp_config first;
  first.backend = sctp_backend_kind::usrsctp;
  first.encapsulation = sctp_encapsulation::udp;
  first.udp_encapsulation_port = test::free_udp_port();
  auto server = make_sctp_server(io, first, test::loopback(), events);
  ASSERT_TRUE(server) << server.error().message();

  sctp_config second = first;
  second.udp_encapsulation_port = test::free_udp_port();
  ASSERT_NE(second.udp_encapsulation_port, first.udp_encapsulation_port);
  auto refused = make_sctp_server(io, second, test::loopback(), events);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, sctp_errc::backend_unavailable);
  EXPECT_NE(refused.error().message().find("one stack per process"), std::string::npos) << refused.error().message();
}

TEST(sctp_backend_choice, when_address_is_not_on_any_interface_then_bind_fails_with_address_error) {
  if (::geteuid() != 0) GTEST_SKIP() << "usrsctp over raw IP needs root";
  asio::io_context io;
  test::recording_notifier events;
  sctp_config cfg;
  cfg.backend = sctp_backend_kind::usrsctp;
  // TEST-NET-3 (RFC 5737): never assigned to this host.
  auto server = make_sctp_server(io, cfg, sctp_endpoint{asio::ip::make_address("203.0.113.7"), 0}, events);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, sctp_errc::address_error) << server.error().message();
}

}  // namespace
}  // namespace meridian::transport
