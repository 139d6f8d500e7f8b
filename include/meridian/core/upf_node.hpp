#pragma once
// The UPF as one object: the configuration (`upf:` data path, `n4:` PFCP
// node), the data path's workers with their N3 sockets and N6 TUN queues,
// the N4 server on the caller's io_context, the optional capture, and the
// bridge between N4 and the data path: the workers' notifications (downlink
// data, usage thresholds, Error Indications) and the answers to
// asynchronous session operations are posted onto the N4 io_context, so
// the N4 loop never waits on a worker for them (docs/core.md).

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <asio/io_context.hpp>

#include "meridian/common/clock.hpp"
#include "meridian/common/config.hpp"
#include "meridian/transport/tun_device.hpp"
#include "meridian/upf/async_session_installer.hpp"
#include "meridian/upf/datapath_engine.hpp"
#include "meridian/upf/n4_config.hpp"
#include "meridian/upf/n4_server.hpp"
#include "meridian/upf/upf_capture.hpp"
#include "meridian/upf/worker_counters.hpp"

namespace meridian::core {

struct upf_node_config {
  /// The data path; the defaults are those of `meridian upf` (N3 on
  /// 127.0.0.1:2152, TUN upf0 with offloads, MTU 1400, large socket buffers).
  upf::datapath_config datapath_ = default_datapath();
  upf::n4_config n4_{};
  /// The TUN's address and the UE pool it routes, a.b.c.d/len.
  std::string tun_address_ = "10.45.0.1/16";
  /// Capture N3 and N4 to this pcap file; empty: no capture.
  std::string pcap_{};
  /// How much of it is kept: G-PDU snap length, file size and rotation.
  upf::capture_limits pcap_limits_{};

  static upf::datapath_config default_datapath();
};

/// "10.45.0.1/16" → address and prefix length (no length: /32).
std::optional<transport::tun_ipv4_address> parse_ipv4_prefix(std::string_view text);

/// The UPF's unit (nf_unit.hpp): sections `upf:` and `n4:`.
struct upf_unit {
  using config_type = upf_node_config;
  static constexpr std::string_view name = "upf";
  static void read_config(config::section& root, upf_node_config& cfg);
};

struct upf_node_error {
  enum class kind : std::uint8_t { config, capture, datapath, n4 };
  kind kind_ = kind::config;
  std::string message_{};
};

/// What the UPF reports about itself, for printing.
struct upf_node_status {
  ipv4_endpoint n3_{};
  bool n3_gro_ = false;
  bool n3_gso_ = false;
  upf::n4_endpoint n4_{};
  std::string tun_name_{};
  std::string tun_address_{};
  std::size_t workers_ = 0;
  bool steering_ = false;
  std::size_t sessions_ = 0;
  upf::worker_counter_values counters_{};
  /// With a capture: frames written and dropped.
  std::optional<std::uint64_t> capture_written_{};
  std::uint64_t capture_dropped_ = 0;
};

class upf_node {
 public:
  /// Opens the capture, the data path (TUN: needs CAP_NET_ADMIN) and the N4
  /// socket, which serves from now on through `io`. `clk` must outlive the node.
  static std::expected<std::unique_ptr<upf_node>, upf_node_error> create(asio::io_context& io, upf_node_config cfg,
                                                                         const clock& clk);
  ~upf_node();
  upf_node(const upf_node&) = delete;
  upf_node& operator=(const upf_node&) = delete;

  /// Starts the workers and the capture's periodic flush.
  void start();
  /// Closes N4, stops the workers, writes out the capture; idempotent.
  void stop();

  upf_node_status status() const;
  const upf_node_config& config() const noexcept;

  upf::datapath_engine& datapath() noexcept;
  upf::n4_server& n4() noexcept;
  /// The data path's session operations with their answers posted onto the N4 io_context.
  upf::async_session_installer& installer() noexcept;

  struct impl;

 private:
  explicit upf_node(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
};

}  // namespace meridian::core
