#pragma once
// What one data-path worker does with packets, without the I/O: the worker
// (worker.hpp) receives a batch from its N3 socket or TUN queue and hands it
// here; everything that leaves goes out through a worker_egress in batches.
// Keeping the sockets out makes every rule of the per-packet path testable
// with a fake egress and an injected clock.
//
// Per batch: decode GTP-U → classify (batched lookups) → session::apply
// (QER gate and MBR, URR counting, FAR) → strip and write to N6, or
// encapsulate (QFI from the QER in the PDU Session Container, TS 38.415) and
// send on N3. Uplink packets of one flow are joined into GSO super-packets
// for the TUN and downlink G-PDUs of one tunnel into UDP GSO trains, so that
// the kernel handles a run of packets as one. No allocation and no lock per packet: outgoing packets are
// assembled in an arena allocated once; only rare events (Echo, Error
// Indication, reports) allocate.
//
// A packet that reached a worker which does not own its session (a GRO train
// mixing tunnels, a TEID the SMF chose, a TUN queue the kernel chose) is
// handed to the owner through worker_egress::hand_over. Each worker keeps a
// directory of the other workers' TEIDs and UE addresses (one more hash
// lookup, only on a miss), updated by N4 like the session table.
//
// Not thread-safe: the owning worker calls everything, including the session
// operations, which the worker runs between batches.

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <vector>

#include "meridian/common/clock.hpp"
#include "meridian/common/ip_framing.hpp"
#include "meridian/transport/tun_device.hpp"
#include "meridian/transport/udp_batch_socket.hpp"
#include "meridian/upf/datapath.hpp"
#include "meridian/upf/flat_index.hpp"
#include "meridian/upf/gso_coalescer.hpp"
#include "meridian/upf/n3_train_builder.hpp"
#include "meridian/upf/packet_classifier.hpp"
#include "meridian/upf/session_table.hpp"
#include "meridian/upf/worker_counters.hpp"

namespace meridian::upf {

/// Where a handed-over packet came from.
enum class handoff_kind : std::uint8_t {
  n3_datagram,  ///< a whole GTP-U datagram from `peer`
  n6_packet,    ///< an IP packet read from N6
};

/// Where a worker's packets go. Calls come in batches (once per input batch or
/// when the arena fills), so the virtual call is not per packet.
class worker_egress {
 public:
  virtual ~worker_egress() = default;
  /// Sends GTP-U datagrams on N3; the bytes stay valid during the call only.
  virtual void send_n3(std::span<const transport::outgoing_datagram> datagrams) noexcept = 0;
  /// Writes IP packets, or GSO super-packets of them, to N6; the bytes stay
  /// valid during the call only.
  virtual void write_n6(std::span<const n6_packet> packets) noexcept = 0;
  /// Passes a packet to worker `to`, which owns its session. False when the
  /// target's ring is full.
  virtual bool hand_over(std::size_t to, handoff_kind kind, const ipv4_endpoint& peer,
                         std::span<const std::uint8_t> bytes) noexcept = 0;
};

struct pipeline_config {
  std::size_t worker_index_ = 0;
  std::size_t worker_count_ = 1;
  /// Our N3 address: the GTP-U Peer Address of the Error Indications we send.
  std::array<std::uint8_t, 4> n3_address_{127, 0, 0, 1};
  /// Outgoing datagrams assembled before a flush; each slot holds one packet.
  std::size_t arena_slots_ = 256;
  /// Largest inner packet (N6 MTU or buffered packet) the arena slots hold.
  std::size_t max_packet_size_ = 2048;
  /// Error Indications per second and worker (TS 29.281 §7.3.1 asks for none
  /// in particular; a flood of stray G-PDUs must not become a flood back).
  /// The same bound applies to received Error Indications passed to N4, so a
  /// peer's flood cannot become a flood of Session Report Requests.
  std::uint32_t error_indication_rate_ = 1000;
  /// Join uplink packets into GSO super-packets for N6 (gso_coalescer); only
  /// for a TUN with IFF_VNET_HDR.
  bool coalesce_n6_ = false;
  /// Which transports; UDP needs a TUN that took USO (Linux 6.2).
  coalesce_protocols coalesce_protocols_{};
  /// Join downlink G-PDUs into UDP GSO trains (n3_train_builder).
  bool n3_trains_ = false;
  /// The largest G-PDU a train may carry: N3 path MTU − 28 (IPv4 + UDP).
  std::size_t max_train_datagram_ = 1472;
};

class worker_pipeline {
 public:
  /// `notifier` may be null (no N4 attached); the worker posts its calls on.
  worker_pipeline(const pipeline_config& cfg, session_table& table, worker_egress& egress, datapath_notifier* notifier,
                  worker_counters& counters);

  worker_pipeline(const worker_pipeline&) = delete;
  worker_pipeline& operator=(const worker_pipeline&) = delete;

  /// One receive batch from the N3 socket (GRO buffers are split here).
  void on_n3_batch(std::span<const transport::received_datagram> batch, clock::time_point now) noexcept;
  /// One read from the TUN; a GSO super-packet is segmented here.
  void on_n6_packet(const transport::tun_packet& packet, clock::time_point now) noexcept;
  /// A packet another worker handed over.
  void on_handoff(handoff_kind kind, const ipv4_endpoint& peer, std::span<const std::uint8_t> bytes,
                  clock::time_point now) noexcept;
  /// Sends what is assembled; called at the end of every batch.
  void flush() noexcept;

  // Session operations (N4), run on the worker between batches.
  std::expected<void, rules_error> establish(session_rules rules, clock::time_point now);
  std::expected<std::vector<urr_usage>, rules_error> modify(session_rules rules, const modify_options& options,
                                                            clock::time_point now);
  std::optional<std::vector<urr_usage>> remove(seid id);

  /// Directory of sessions on other workers: `worker` now owns these keys
  /// (nothing: they are gone). The owner itself keeps them in its table only.
  void set_remote_owner(std::span<const teid> teids, std::span<const ipv4_address> ue_addresses,
                        std::optional<std::size_t> worker);

  const session_table& table() const noexcept { return *table_; }
  session_table& table() noexcept { return *table_; }

 private:
  static constexpr std::size_t headroom = 64;  ///< room for any GTP-U header we write
  static constexpr std::size_t chunk = 64;     ///< uplink packets classified together

  struct pending_uplink {
    std::span<const std::uint8_t> datagram_{};
    ipv4_endpoint peer_{};
    bool handed_over_ = false;  ///< already passed on once: a miss now is final
  };

  void on_n3_datagram(std::span<const std::uint8_t> datagram, const ipv4_endpoint& peer, bool handed_over,
                      clock::time_point now) noexcept;
  void classify_pending(clock::time_point now) noexcept;
  void on_uplink_miss(const pending_uplink& p, teid t, clock::time_point now) noexcept;
  void on_n6_segment(std::size_t slot, std::size_t length, bool handed_over, clock::time_point now) noexcept;
  /// Encapsulates the packet in arena slot `slot` (payload at `headroom`) and queues it.
  void emit_downlink(std::size_t slot, std::size_t length, const compiled_pdr& pdr, const far& f) noexcept;
  /// Applies the verdict's side effects common to both directions; true when the packet is to be forwarded.
  bool account(session& s, const compiled_pdr& pdr, const verdict& v) noexcept;
  void drain_buffer(session& s, clock::time_point now) noexcept;
  std::size_t take_slot() noexcept;
  void queue_n3(std::span<const std::uint8_t> bytes, const ipv4_endpoint& peer) noexcept;
  void queue_n3_copy(std::span<const std::uint8_t> bytes, const ipv4_endpoint& peer) noexcept;
  void send_error_indication(teid t, const ipv4_endpoint& peer, clock::time_point now) noexcept;
  void report_error_indication(std::span<const std::uint8_t> datagram, clock::time_point now) noexcept;
  void send_echo_response(std::uint16_t sequence, const ipv4_endpoint& peer) noexcept;
  void send_end_marker(const outer_header_creation& tunnel) noexcept;
  /// Hands the packet to `owner` (from the directory) if that is another worker.
  bool hand_over_to(const std::size_t* owner, handoff_kind kind, const ipv4_endpoint& peer,
                    std::span<const std::uint8_t> bytes) noexcept;
  void flush_n6() noexcept;
  void queue_n6(std::span<const std::uint8_t> packet) noexcept;

  std::span<std::uint8_t> slot_bytes(std::size_t slot) noexcept {
    return std::span<std::uint8_t>(arena_).subspan(slot * slot_size_, slot_size_);
  }

  pipeline_config config_;
  session_table* table_;
  packet_classifier classifier_;
  worker_egress* egress_;
  datapath_notifier* notifier_;
  worker_counters* counters_;

  std::size_t slot_size_;
  std::vector<std::uint8_t> arena_;
  std::size_t slots_used_ = 0;
  std::vector<transport::outgoing_datagram> n3_out_;
  std::vector<n6_packet> n6_out_;
  std::optional<gso_coalescer> coalescer_;
  std::optional<n3_train_builder> trains_;

  std::array<pending_uplink, chunk> pending_{};
  std::array<uplink_packet_ref, chunk> refs_{};
  std::array<classify_result, chunk> results_{};
  std::size_t pending_count_ = 0;

  // The directory: values point into worker_numbers_ (flat_index holds pointers).
  std::vector<std::size_t> worker_numbers_;
  flat_index<const std::size_t> remote_teids_;
  flat_index<const std::size_t> remote_ue_addresses_;

  /// At most `limit` events in each one-second window.
  struct per_second_limit {
    clock::time_point window_{};
    std::uint32_t in_window_ = 0;
    bool admit(clock::time_point now, std::uint32_t limit) noexcept;
  };
  per_second_limit error_indications_out_{};
  per_second_limit error_indications_in_{};
};

}  // namespace meridian::upf
