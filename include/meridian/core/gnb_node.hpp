#pragma once
// The gNB's N2 side built from its configuration: `gnb:` (gnb_config) and
// `sctp:`, its N2 client (gnb_n2_client, used through its public API) on
// the caller's io_context, and the optional N2 capture.

#include <cstddef>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include <asio/io_context.hpp>

#include "meridian/common/clock.hpp"
#include "meridian/common/config.hpp"
#include "meridian/core/node_error.hpp"
#include "meridian/gnb/gnb_config.hpp"
#include "meridian/transport/sctp_config.hpp"

namespace meridian::gnb {
class gnb_n2_client;
}

namespace meridian::core {

struct gnb_node_config {
  gnb::gnb_config gnb_{};
  transport::sctp_config sctp_{};
  /// Capture every N2 message to this pcap file; empty: no capture.
  std::string pcap_{};
};

/// The gNB's unit (nf_unit.hpp): sections `gnb:` and `sctp:`.
struct gnb_unit {
  using config_type = gnb_node_config;
  static constexpr std::string_view name = "gnb";
  static void read_config(config::section& root, gnb_node_config& cfg);
};

class gnb_node {
 public:
  /// Opens the capture and starts connecting to every AMF. `clk` must outlive the node.
  static std::expected<std::unique_ptr<gnb_node>, node_error> create(asio::io_context& io, gnb_node_config cfg,
                                                                     const clock& clk);
  ~gnb_node();
  gnb_node(const gnb_node&) = delete;
  gnb_node& operator=(const gnb_node&) = delete;

  /// NG Reset (cause O&M intervention) on every N2 link.
  void send_ng_reset_to_all();
  /// RAN Configuration Update on every N2 link.
  void send_ran_configuration_update_to_all();
  /// Closes every association gracefully (nothing reconnects) and writes out the capture.
  void stop();

  std::size_t link_count() const noexcept;
  std::size_t ready_count() const noexcept;
  gnb::gnb_n2_client& client() noexcept;

  struct impl;

 private:
  explicit gnb_node(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
};

}  // namespace meridian::core
