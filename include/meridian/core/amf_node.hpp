#pragma once
// The AMF built from its configuration: `amf:` (amf_config), `sctp:` and
// the subscriber store of `udr: db:`, its N2 server (amf_n2_server, used
// through its public API) on the caller's io_context, the 5GMM layer above
// it, the home network (UDR on the store, UDM, AUSF) in the same process
// behind the service interfaces the 5GMM layer calls, and the optional N2
// capture. The operator's actions (AMF Configuration Update, NG Reset,
// deregistering a UE) are calls on the node.

#include <cstddef>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include <asio/io_context.hpp>

#include "meridian/amf/amf_config.hpp"
#include "meridian/amf/amf_n2.hpp"
#include "meridian/amf/mm.hpp"
#include "meridian/common/clock.hpp"
#include "meridian/common/config.hpp"
#include "meridian/core/home_network.hpp"
#include "meridian/core/node_error.hpp"
#include "meridian/transport/sctp_config.hpp"

namespace meridian::amf {
class amf_n2_server;
}

namespace meridian::core {

struct amf_node_config {
  amf::amf_config amf_{};
  transport::sctp_config sctp_{};
  /// The 5GMM layer; its serving network name follows the first served
  /// GUAMI's PLMN (TS 33.501 §6.1.1.4) unless set.
  amf::mm_config mm_{};
  /// The home network the AMF authenticates and registers its UEs with
  /// (`udr: db:`, default subscribers.db as for `meridian subscriber`).
  home_network_config home_{};
  /// Capture every N2 message to this pcap file; empty: no capture.
  std::string pcap_{};
};

/// The AMF's unit (nf_unit.hpp): sections `amf:`, `sctp:` and `udr:`'s `db`
/// (the rest of `udr:` is `meridian subscriber`'s).
struct amf_unit {
  using config_type = amf_node_config;
  static constexpr std::string_view name = "amf";
  static void read_config(config::section& root, amf_node_config& cfg);
};

class amf_node {
 public:
  /// Opens the capture and the subscriber store and listens on N2. `clk`
  /// must outlive the node.
  static std::expected<std::unique_ptr<amf_node>, node_error> create(asio::io_context& io, amf_node_config cfg,
                                                                     const clock& clk);
  ~amf_node();
  amf_node(const amf_node&) = delete;
  amf_node& operator=(const amf_node&) = delete;

  /// AMF Configuration Update to every set-up gNB.
  void send_configuration_update();
  /// NG Reset (cause O&M intervention) to every set-up gNB; how many were sent.
  std::size_t send_ng_reset_to_all();
  /// Closes every association gracefully and writes out the capture.
  void stop();

  const amf::amf_n2_counters& counters() const noexcept;
  const amf::mm_counters& mm_counters() const noexcept;
  amf::amf_n2_server& server() noexcept;

  struct impl;

 private:
  explicit amf_node(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
};

}  // namespace meridian::core
