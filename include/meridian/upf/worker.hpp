#pragma once
// One data-path worker: a thread that owns a session_table, an N3 socket
// (SO_REUSEPORT, steered by TEID) and a TUN queue (IFF_MULTI_QUEUE), and runs
// the worker_pipeline over what they deliver, in batches. Between batches it
// runs the N4 commands posted to it (session establishment, modification,
// deletion: the only way the table changes, so the table needs no lock) and
// the packets other workers handed over through lock-free SPSC rings.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

#include "meridian/common/clock.hpp"
#include "meridian/transport/tun_device.hpp"
#include "meridian/transport/udp_batch_socket.hpp"
#include "meridian/upf/spsc_ring.hpp"
#include "meridian/upf/worker_pipeline.hpp"

namespace meridian::upf {

/// One packet in flight between two workers.
struct handoff_slot {
  static constexpr std::size_t max_bytes = 2048 + 64;
  handoff_kind kind_ = handoff_kind::n3_datagram;
  std::uint16_t size_ = 0;
  ipv4_endpoint peer_{};
  std::array<std::uint8_t, max_bytes> bytes_{};
};

using handoff_ring = spsc_ring<handoff_slot>;

class upf_capture;
class worker;

/// The rings between every ordered pair of workers: ring(from, to).
class handoff_mesh {
 public:
  handoff_mesh(std::size_t workers, std::size_t slots_per_ring);
  handoff_ring& ring(std::size_t from, std::size_t to) noexcept { return *rings_[from * workers_ + to]; }
  std::size_t workers() const noexcept { return workers_; }
  /// Registers the workers so that a producer can wake the consumer.
  void attach(std::vector<worker*> workers) { members_ = std::move(workers); }
  worker* member(std::size_t i) const noexcept { return i < members_.size() ? members_[i] : nullptr; }

 private:
  std::size_t workers_;
  std::vector<std::unique_ptr<handoff_ring>> rings_;
  std::vector<worker*> members_;
};

struct worker_config {
  pipeline_config pipeline_{};
  session_table_config sessions_{};
  /// N3 batches received per wake-up before the TUN gets its turn (fairness).
  std::size_t n3_batches_per_round_ = 16;
  /// TUN reads per wake-up before N3 gets its turn.
  std::size_t tun_reads_per_round_ = 256;
  /// --pcap: every N3 batch received and sent is written here (it outlives the
  /// worker); null, the default: no capture, one test per batch.
  upf_capture* capture_ = nullptr;
};

class worker final : private worker_egress {
 public:
  /// `tun` may be empty (no N6: uplink T-PDUs are counted and dropped) — tests
  /// of N3 alone use that. `mesh` may be null for a single worker.
  worker(const worker_config& cfg, transport::udp_batch_socket n3, std::optional<transport::tun_device> tun,
         handoff_mesh* mesh, datapath_notifier* notifier, const clock& clk);
  ~worker();

  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;

  void start();
  /// Stops the thread after its current round; idempotent.
  void stop();
  bool running() const noexcept { return thread_.joinable(); }

  /// Runs `f(worker_pipeline&)` on the worker thread between batches, then
  /// `reply(result)` on the same thread; returns at once, nobody waits. The
  /// reply hands the result on — datapath_engine posts it onto the N4
  /// io_context — and must not block. When the thread is not running both run
  /// here. Control-plane rate: the command allocates, the packet path does not.
  template <class F, class Reply>
  void execute(F f, Reply reply) {
    if (!running()) {
      reply(f(pipeline_));
      return;
    }
    post([this, f = std::move(f), reply = std::move(reply)]() mutable { reply(f(pipeline_)); });
  }

  const worker_counters& counters() const noexcept { return counters_; }
  std::size_t index() const noexcept { return config_.pipeline_.worker_index_; }
  const transport::udp_batch_socket& n3_socket() const noexcept { return n3_; }
  /// Wakes the thread (a command or a handed-over packet is waiting).
  void wake() noexcept;

 private:
  using command = std::move_only_function<void()>;
  void post(command c);
  void run() noexcept;
  void run_commands() noexcept;
  void drain_handoffs(clock::time_point now) noexcept;

  // worker_egress
  void send_n3(std::span<const transport::outgoing_datagram> datagrams) noexcept override;
  void write_n6(std::span<const n6_packet> packets) noexcept override;
  bool hand_over(std::size_t to, handoff_kind kind, const ipv4_endpoint& peer,
                 std::span<const std::uint8_t> bytes) noexcept override;

  worker_config config_;
  transport::udp_batch_socket n3_;
  std::optional<transport::tun_device> tun_;
  handoff_mesh* mesh_;
  const clock* clock_;
  worker_counters counters_{};
  session_table table_;
  worker_pipeline pipeline_;
  std::vector<std::uint8_t> tun_buffer_;
  std::vector<std::uint8_t> gso_fallback_;  ///< segments of a refused super-packet (allocated on first use)
  std::vector<bool> wake_after_round_;

  int wake_fd_ = -1;
  int epoll_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::mutex commands_mutex_;
  std::deque<command> commands_;
  std::deque<command> running_;  ///< the batch being run (kept: a deque allocates when made)
  std::thread thread_;
};

}  // namespace meridian::upf
