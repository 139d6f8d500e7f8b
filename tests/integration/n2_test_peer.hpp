#pragma once
// What the test-only N2 peers (n2_raw_client, n2_ue_client) share: an SCTP
// association notifier that keeps what arrives, a bounded event-loop wait,
// and the association to `meridian amf` with short retransmission timers.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/address.hpp>

#include "meridian/common/log.hpp"
#include "meridian/transport/sctp.hpp"

namespace meridian::test {

class n2_test_peer final : public transport::sctp_association_notifier {
 public:
  void on_association_up(const std::shared_ptr<transport::sctp_association>&) override { up = true; }
  void on_message(transport::sctp_association&, const transport::sctp_message& m) override {
    received.emplace_back(m.bytes.begin(), m.bytes.end());
  }
  void on_association_down(transport::sctp_association&, transport::sctp_down_reason) override { down = true; }
  bool up = false;
  bool down = false;
  std::vector<std::vector<std::uint8_t>> received;
};

/// Runs `io` until `done()` holds; false after 10 s without.
inline bool run_until(asio::io_context& io, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (io.stopped()) io.restart();
    io.run_for(std::chrono::milliseconds(5));
  }
  return true;
}

/// Warnings only, as the peers print their own lines.
inline void quiet_logs() {
  log::logging_config lc;
  lc.default_level = log::level::warn;
  log::configure(lc);
}

/// SCTP with short retransmission timers (a lost INIT is repeated within a second).
inline transport::sctp_config fast_sctp() {
  transport::sctp_config cfg;
  cfg.rto_initial_ms = 200;
  cfg.rto_min_ms = 100;
  cfg.rto_max_ms = 1000;
  return cfg;
}

/// The association to ADDRESS PORT (argv[1], argv[2]) once up, or null after printing why.
inline std::shared_ptr<transport::sctp_association> connect_to(asio::io_context& io, transport::sctp_client& client,
                                                               n2_test_peer& p, char** argv) {
  const transport::sctp_endpoint amf{asio::ip::make_address(argv[1]),
                                     static_cast<std::uint16_t>(std::strtoul(argv[2], nullptr, 10))};
  auto a = client.connect(amf);
  if (!a || !run_until(io, [&] { return p.up; })) {
    std::printf("FAIL: no association to %s\n", amf.to_string().c_str());
    return nullptr;
  }
  return *a;
}

}  // namespace meridian::test
