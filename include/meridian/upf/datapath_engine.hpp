#pragma once
// The UPF's data path as a whole: N forwarding workers, their N3 sockets and
// TUN queues, and the async_session_installer that N4 calls.
//
// Sharding (docs/upf.md): a session lives on the worker of its first local
// TEID (TEID mod N; sharded_teid_allocator makes TEIDs for a chosen worker),
// or of its UE address when it has no tunnel. A reuseport classic-BPF program
// on the N3 sockets computes TEID mod N, so the kernel delivers each G-PDU to
// the worker that owns its tunnel. Whatever still arrives at the wrong worker
// (a GRO train mixing tunnels, a TEID the SMF chose, a downlink packet on the
// TUN queue the kernel picked) is found in the worker's directory of other
// workers' keys and handed over through lock-free rings.

#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "meridian/common/clock.hpp"
#include "meridian/transport/tun_device.hpp"
#include "meridian/transport/udp_batch_socket.hpp"
#include "meridian/upf/async_session_installer.hpp"
#include "meridian/upf/datapath.hpp"
#include "meridian/upf/sharded_teid_allocator.hpp"
#include "meridian/upf/worker.hpp"

namespace meridian::upf {

struct datapath_config {
  /// Forwarding threads; at most max_workers.
  std::size_t workers_ = 1;
  /// N3 GTP-U socket (address, port, batch size, GRO/GSO, buffers); reuse_port_ is set for you.
  transport::udp_batch_config n3_{};
  /// N6 TUN device (name, address/prefix, MTU, offloads); nothing: no N6 (tests of N3 alone).
  std::optional<transport::tun_config> tun_{};
  /// Pre-sizing and per-session buffering; not a limit.
  session_table_config sessions_{};
  /// Arena size, largest packet, Error Indication rate; worker index/count and N3 address are filled in.
  pipeline_config pipeline_{};
  /// Packets in flight between each ordered pair of workers.
  std::size_t handoff_ring_slots_ = 1024;
  /// --pcap: the workers write every N3 datagram here; it must outlive the engine. Null: no capture.
  upf_capture* capture_ = nullptr;

  static constexpr std::size_t max_workers = 64;
};

struct datapath_error {
  enum class kind : std::uint8_t { config, tun, n3_socket, steering };
  kind kind_ = kind::config;
  std::string message_{};
};

/// Installs sessions on the workers asynchronously (async_session_installer:
/// the worker's answer is posted back onto the N4 thread through `post`,
/// nobody waits).
class datapath_engine final : public async_session_installer {
 public:
  /// Runs a function on the N4 thread (e.g. asio::post to its io_context).
  using executor = std::function<void(std::function<void()>)>;

  /// Opens the sockets and the TUN (which needs CAP_NET_ADMIN: the error
  /// message then says so) and builds the workers; start() runs them.
  /// `notifier` may be null. `post` carries the notifier's calls and the
  /// asynchronous completions to the N4 thread; without it they are made on
  /// the worker.
  static std::expected<std::unique_ptr<datapath_engine>, datapath_error> open(const datapath_config& cfg,
                                                                              const clock& clk,
                                                                              datapath_notifier* notifier = nullptr,
                                                                              executor post = {});
  ~datapath_engine() override;

  void start();
  void stop();

  // async_session_installer: completions through `post` (see open()).
  void establish_async(session_rules rules, establish_completion done) override;
  void modify_async(session_rules rules, modify_options options, modify_completion done) override;
  void remove_async(seid id, remove_completion done) override;

  /// The TEID allocator for CHOOSE: allocate(worker_for_seid(s, worker_count())) keeps a
  /// session's tunnels on one worker. TEIDs of installed sessions are reserved in it.
  sharded_teid_allocator& teids() noexcept { return teids_; }

  std::size_t worker_count() const noexcept { return workers_.size(); }
  ipv4_endpoint n3_endpoint() const noexcept { return n3_endpoint_; }
  const std::string& tun_name() const noexcept { return tun_name_; }
  transport::tun_offloads tun_offloads() const noexcept { return tun_offloads_; }
  bool n3_gro() const noexcept { return n3_gro_; }
  bool n3_gso() const noexcept { return n3_gso_; }
  /// Whether the kernel accepted the TEID-steering reuseport program (workers > 1).
  bool steering() const noexcept { return steering_; }
  std::size_t session_count() const;

  /// Every worker's counters, and their sum.
  std::vector<worker_counter_values> worker_counters() const;
  worker_counter_values total_counters() const;

 private:
  class posting_notifier;
  datapath_engine(const clock& clk, std::size_t workers, datapath_notifier* notifier, executor post);
  std::size_t owner_of(const session_rules& rules) const noexcept;

  // Each operation, with `back` carrying the workers' answers back (back_async()).
  void establish_via(const executor& back, session_rules rules, establish_completion done);
  void modify_via(const executor& back, session_rules rules, modify_options options, modify_completion done);
  void remove_via(const executor& back, seid id, remove_completion done);
  /// Runs `f(worker_pipeline&)` on worker `w`, then `then(result)` through `back`.
  template <class F, class Then>
  void on_worker(std::size_t w, const executor& back, F f, Then then);
  /// Tells every worker but `owner` that `owner` has these keys now (nothing:
  /// nobody), then runs `then` through `back` once all of them have.
  void publish_keys(const executor& back, const session_rules& rules, std::optional<std::size_t> owner,
                    std::move_only_function<void()> then);
  /// Where the asynchronous answers go: the N4 thread, or the worker when open() got no executor.
  const executor& back_async() const noexcept { return post_ ? post_ : inline_; }

  const clock* clock_;
  executor post_;
  executor inline_;
  std::unique_ptr<posting_notifier> notifier_;
  sharded_teid_allocator teids_;
  std::unique_ptr<handoff_mesh> mesh_;
  std::vector<std::unique_ptr<worker>> workers_;
  mutable std::mutex owners_mutex_;
  std::unordered_map<std::uint64_t, std::size_t> owners_;  ///< SEID → worker
  ipv4_endpoint n3_endpoint_{};
  std::string tun_name_{};
  transport::tun_offloads tun_offloads_{};
  bool n3_gro_ = false;
  bool n3_gso_ = false;
  bool steering_ = false;
};

}  // namespace meridian::upf
