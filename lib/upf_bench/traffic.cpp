#include "meridian/upf_bench/traffic.hpp"

#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "meridian/gtpu/header.hpp"
#include "meridian/transport/udp_batch_socket.hpp"
#include "meridian/upf_bench/rate_search.hpp"

namespace meridian::upf_bench {

using transport::outgoing_datagram;
using transport::udp_batch_config;
using transport::udp_batch_socket;

namespace {

std::uint64_t monotonic_ns() noexcept {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(ts.tv_nsec);
}

void sleep_until_ns(std::uint64_t when) noexcept {
  timespec ts{static_cast<time_t>(when / 1'000'000'000u), static_cast<long>(when % 1'000'000'000u)};
  while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
}

std::uint64_t schedstat_ns(const std::string& path) {
  std::ifstream f(path);
  std::uint64_t ns = 0;
  f >> ns;
  return ns;
}

// The largest train one UDP GSO send carries: at most 64 segments
// (UDP_MAX_SEGMENTS on older kernels) and a 65507-octet payload.
std::size_t max_segments(std::size_t segment) noexcept {
  return std::max<std::size_t>(1, std::min<std::size_t>(64, 65507 / segment));
}

constexpr std::size_t max_burst_packets = 1024;
// Large enough that a receiver descheduled for a few ms does not drop at
// 2 Mpps, small enough that an overloaded forwarder's backlog clears quickly.
constexpr int socket_buffer_bytes = 4 << 20;

std::expected<udp_batch_socket, std::string> open_socket(const topology& topo, bench_node node, ipv4_endpoint bind,
                                                         bool receive) {
  auto in = topo.enter(node);
  if (!in.ok()) return std::unexpected(fmt::format("cannot enter namespace {}", topo.netns_name(node)));
  udp_batch_config cfg;
  cfg.bind_ = bind;
  cfg.batch_size_ = 64;
  cfg.try_gro_ = receive;
  cfg.try_gso_ = true;
  auto s = udp_batch_socket::open(cfg);
  if (!s) return std::unexpected(s.error().message());
  // As root the buffers may exceed net.core.[rw]mem_max: the receiver must not
  // be the one that loses packets.
  (void)::setsockopt(s->native_handle(), SOL_SOCKET, receive ? SO_RCVBUFFORCE : SO_SNDBUFFORCE, &socket_buffer_bytes,
                     sizeof socket_buffer_bytes);
  return std::move(*s);
}

}  // namespace

std::string_view to_string(direction d) noexcept {
  switch (d) {
    case direction::uplink:
      return "ul";
    case direction::downlink:
      return "dl";
    case direction::both:
      return "ul+dl";
  }
  return "?";
}

std::optional<direction> parse_direction(std::string_view text) noexcept {
  if (text == "ul") return direction::uplink;
  if (text == "dl") return direction::downlink;
  if (text == "both" || text == "ul+dl") return direction::both;
  return std::nullopt;
}

std::uint64_t process_cpu_ns(int pid) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(fmt::format("/proc/{}/task", pid), ec))
    total += schedstat_ns((task.path() / "schedstat").string());
  return total;
}

std::uint64_t thread_cpu_ns(int tid) { return schedstat_ns(fmt::format("/proc/self/task/{}/schedstat", tid)); }

bool pin_current_thread(int cpu) noexcept {
  if (cpu < 0) return true;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return ::sched_setaffinity(0, sizeof set, &set) == 0;
}

struct traffic_engine::state {
  traffic_config cfg_;
  topology_plan plan_;
  std::optional<uplink_packet_writer> ul_writer_;
  std::optional<udp_batch_socket> ul_tx_, ul_rx_, dl_tx_, dl_rx_;

  // Generator (the calling thread only).
  std::vector<std::uint8_t> ul_buffer_, dl_buffer_;
  std::vector<outgoing_datagram> out_;
  std::size_t ul_cursor_ = 0, dl_cursor_ = 0;
  std::size_t ul_run_left_ = 0;                   // packets the current uplink session still sends in a row
  std::vector<std::uint16_t> ul_identification_;  // next IPv4 Identification per session, as a host counts
  std::uint64_t sequence_ = 0;
  std::uint32_t trial_ = 0;

  // Receiver thread.
  std::thread receiver_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint32_t> current_trial_{0};
  std::atomic<std::uint64_t> last_receive_ns_{0};
  mutable std::mutex mutex_;
  latency_histogram histogram_;          // guarded by mutex_
  std::uint64_t received_ = 0;           // guarded by mutex_
  std::vector<std::uint64_t> per_flow_;  // guarded by mutex_

  void receive_loop();
  void take(std::span<const transport::received_datagram> batch, bool gtpu);
  std::size_t fill_uplink(std::size_t packets, std::uint64_t now);
  std::size_t fill_downlink(std::size_t packets, std::uint64_t now);
  std::size_t send(udp_batch_socket& s, std::uint64_t deadline);
};

void traffic_engine::state::take(std::span<const transport::received_datagram> batch, bool gtpu) {
  const std::uint32_t trial = current_trial_.load(std::memory_order_acquire);
  const std::uint64_t now = monotonic_ns();
  std::uint64_t got = 0;
  std::lock_guard lock(mutex_);
  for (const auto& d : batch) {
    for (std::size_t i = 0, n = d.segment_count(); i < n; ++i) {
      const auto seg = d.segment(i);
      const auto p = gtpu ? read_downlink_gpdu(seg) : read_probe(seg);
      if (!p || p->trial_ != trial) continue;
      const std::uint64_t latency = now > p->sent_ns_ ? now - p->sent_ns_ : 0;
      histogram_.record(latency);
      // Later than the bound is lost: otherwise a forwarder's deep queue would
      // earn credit for a backlog that only drains after the trial.
      if (cfg_.max_latency_ns_ != 0 && latency > cfg_.max_latency_ns_) continue;
      ++got;
      if (p->flow_ < per_flow_.size()) ++per_flow_[p->flow_];
    }
  }
  received_ += got;
  // Any packet counts as activity, a straggler of an earlier trial included:
  // run_trial waits for quiet before it starts.
  if (!batch.empty()) last_receive_ns_.store(now, std::memory_order_relaxed);
}

void traffic_engine::state::receive_loop() {
  pin_current_thread(cfg_.receiver_cpu_);
  std::vector<pollfd> fds;
  std::vector<std::pair<udp_batch_socket*, bool>> sockets;
  if (ul_rx_) {
    fds.push_back({ul_rx_->native_handle(), POLLIN, 0});
    sockets.emplace_back(&*ul_rx_, false);
  }
  if (dl_rx_) {
    fds.push_back({dl_rx_->native_handle(), POLLIN, 0});
    sockets.emplace_back(&*dl_rx_, true);
  }
  while (!stop_.load(std::memory_order_relaxed)) {
    if (::poll(fds.data(), fds.size(), 5) <= 0) continue;
    for (auto& [socket, gtpu] : sockets) {
      // Bounded so that one busy socket cannot starve the other.
      for (int round = 0; round < 64; ++round) {
        auto batch = socket->receive_batch();
        if (!batch || batch->empty()) break;
        take(*batch, gtpu);
      }
    }
  }
}

std::size_t traffic_engine::state::fill_uplink(std::size_t packets, std::uint64_t now) {
  const std::size_t size = ul_writer_->packet_size();
  const std::size_t per_train = max_segments(size);
  const auto& sessions = cfg_.sessions_;
  const ipv4_endpoint upf{plan_.upf_n3_, gtpu::udp_port};
  std::size_t written = 0;
  while (written < packets) {
    const std::size_t train = std::min(per_train, packets - written);
    const std::size_t at = written * size;
    for (std::size_t i = 0; i < train; ++i) {
      // Each UE sends a short run, as a host's socket does, then the next one.
      if (ul_run_left_ == 0) {
        ul_cursor_ = (ul_cursor_ + 1) % sessions.size();
        ul_run_left_ = std::max<std::size_t>(1, cfg_.uplink_packets_per_flow_);
      }
      --ul_run_left_;
      const std::size_t flow = ul_cursor_;
      ul_writer_->write(std::span(ul_buffer_).subspan(at + i * size, size), sessions[flow],
                        probe{trial_, static_cast<std::uint32_t>(flow), sequence_++, now}, ul_identification_[flow]++);
    }
    out_.push_back({std::span<const std::uint8_t>(ul_buffer_).subspan(at, train * size), upf,
                    static_cast<std::uint16_t>(train > 1 ? size : 0)});
    written += train;
  }
  return written;
}

std::size_t traffic_engine::state::fill_downlink(std::size_t packets, std::uint64_t now) {
  const std::size_t size = downlink_payload_size(cfg_.inner_size_);
  const std::size_t per_train = std::min(max_segments(size), std::max<std::size_t>(1, cfg_.downlink_packets_per_flow_));
  const auto& sessions = cfg_.sessions_;
  std::size_t written = 0;
  while (written < packets) {
    const std::size_t train = std::min(per_train, packets - written);
    const std::size_t flow = dl_cursor_++ % sessions.size();
    const std::size_t at = written * size;
    for (std::size_t i = 0; i < train; ++i)
      write_probe(std::span(dl_buffer_).subspan(at + i * size, size),
                  probe{trial_, static_cast<std::uint32_t>(flow), sequence_++, now});
    out_.push_back({std::span<const std::uint8_t>(dl_buffer_).subspan(at, train * size),
                    ipv4_endpoint{sessions[flow].ue_address_, cfg_.ue_port_},
                    static_cast<std::uint16_t>(train > 1 ? size : 0)});
    written += train;
  }
  return written;
}

// Sends out_, waiting for room while the socket is full (until `deadline`);
// returns the packets that left.
std::size_t traffic_engine::state::send(udp_batch_socket& s, std::uint64_t deadline) {
  std::size_t sent = 0;
  std::size_t at = 0;
  while (at < out_.size()) {
    const auto r = s.send_batch(std::span(out_).subspan(at));
    sent += r.sent_;
    at += r.consumed_;
    if (!r.would_block_) {
      if (r.consumed_ == 0) break;
      continue;
    }
    if (monotonic_ns() >= deadline) break;
    pollfd p{s.native_handle(), POLLOUT, 0};
    (void)::poll(&p, 1, 1);
  }
  out_.clear();
  return sent;
}

std::expected<std::unique_ptr<traffic_engine>, std::string> traffic_engine::create(const topology& topo,
                                                                                   traffic_config cfg) {
  if (cfg.sessions_.empty()) return std::unexpected(std::string("no sessions to send on"));
  if (cfg.inner_size_ < min_inner_size || cfg.inner_size_ > max_inner_size)
    return std::unexpected(
        fmt::format("packet size {} is outside {}..{}", cfg.inner_size_, min_inner_size, max_inner_size));
  auto s = std::make_unique<state>();
  s->cfg_ = std::move(cfg);
  s->plan_ = topo.plan();
  const auto& plan = s->plan_;
  const bool ul = s->cfg_.direction_ != direction::downlink;
  const bool dl = s->cfg_.direction_ != direction::uplink;
  if (ul) {
    s->ul_writer_ = uplink_packet_writer::create(
        {s->cfg_.inner_size_, ipv4_endpoint{plan.dn_n6_, plan.dn_port_}, s->cfg_.ue_port_, 9});
    if (!s->ul_writer_) return std::unexpected(std::string("cannot build the uplink packet template"));
    auto tx = open_socket(topo, bench_node::gnb, {plan.gnb_n3_, 0}, false);
    if (!tx) return std::unexpected("uplink generator: " + tx.error());
    s->ul_tx_.emplace(std::move(*tx));
    auto rx = open_socket(topo, bench_node::dn, {plan.dn_n6_, plan.dn_port_}, true);
    if (!rx) return std::unexpected("uplink receiver: " + rx.error());
    s->ul_rx_.emplace(std::move(*rx));
    s->ul_buffer_.resize(max_burst_packets * s->ul_writer_->packet_size());
  }
  if (dl) {
    auto tx = open_socket(topo, bench_node::dn, {plan.dn_n6_, 0}, false);
    if (!tx) return std::unexpected("downlink generator: " + tx.error());
    s->dl_tx_.emplace(std::move(*tx));
    auto rx = open_socket(topo, bench_node::gnb, {plan.gnb_n3_, gtpu::udp_port}, true);
    if (!rx) return std::unexpected("downlink receiver: " + rx.error());
    s->dl_rx_.emplace(std::move(*rx));
    s->dl_buffer_.resize(max_burst_packets * downlink_payload_size(s->cfg_.inner_size_));
  }
  if (s->cfg_.count_per_flow_) s->per_flow_.assign(s->cfg_.sessions_.size(), 0);
  s->ul_identification_.assign(s->cfg_.sessions_.size(), 0);
  s->out_.reserve(max_burst_packets);
  state* raw = s.get();
  s->receiver_ = std::thread([raw] { raw->receive_loop(); });
  return std::unique_ptr<traffic_engine>(new traffic_engine(std::move(s)));
}

traffic_engine::traffic_engine(std::unique_ptr<state> s) : state_(std::move(s)) {}

traffic_engine::~traffic_engine() {
  state_->stop_.store(true);
  if (state_->receiver_.joinable()) state_->receiver_.join();
}

std::size_t traffic_engine::uplink_outer_overhead() const noexcept {
  return state_->ul_writer_ ? state_->ul_writer_->probe_offset() : 0;
}

std::vector<std::uint64_t> traffic_engine::received_per_flow() const {
  std::lock_guard lock(state_->mutex_);
  return state_->per_flow_;
}

trial_result traffic_engine::run_trial(double rate_pps, const cpu_clock& forwarder_cpu) {
  auto& s = *state_;
  ::prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);  // pacing sleeps are ~100 µs
  // An overloaded trial leaves packets queued in the forwarder; the next trial
  // starts once they are through (nothing arrived for 30 ms, at most 2 s), so
  // that it measures its own rate and not the backlog.
  for (const std::uint64_t limit = monotonic_ns() + 2'000'000'000u;;) {
    const std::uint64_t t = monotonic_ns();
    if (t >= limit || t - s.last_receive_ns_.load(std::memory_order_relaxed) > 30'000'000) break;
    sleep_until_ns(t + 5'000'000);
  }
  s.trial_ = s.trial_ + 1;
  {
    std::lock_guard lock(s.mutex_);
    s.histogram_.clear();
    s.received_ = 0;
    std::fill(s.per_flow_.begin(), s.per_flow_.end(), 0);
  }
  s.current_trial_.store(s.trial_, std::memory_order_release);

  struct stream {
    udp_batch_socket* socket;
    bool uplink;
    std::uint64_t sent = 0;
  };
  std::vector<stream> streams;
  if (s.ul_tx_) streams.push_back({&*s.ul_tx_, true});
  if (s.dl_tx_) streams.push_back({&*s.dl_tx_, false});
  const bool paced = std::isfinite(rate_pps) && rate_pps > 0;
  const double per_stream = paced ? rate_pps / static_cast<double>(streams.size()) : 0;
  // About 100 µs of traffic per burst, so that pacing stays smooth at the
  // rates that matter and the generator still batches.
  const std::size_t burst =
      paced ? std::clamp<std::size_t>(static_cast<std::size_t>(per_stream * 100e-6), 1, max_burst_packets)
            : max_burst_packets;

  const std::uint64_t cpu0 = forwarder_cpu ? forwarder_cpu() : 0;
  const std::uint64_t t0 = monotonic_ns();
  const auto duration_ns = static_cast<std::uint64_t>(s.cfg_.trial_seconds_ * 1e9);
  const std::uint64_t end = t0 + duration_ns;
  std::uint64_t now = t0;
  while (now < end) {
    bool any = false;
    std::uint64_t next_due = end;
    for (auto& st : streams) {
      const double due = paced ? per_stream * static_cast<double>(now - t0) * 1e-9 : INFINITY;
      if (static_cast<double>(st.sent) >= due) {
        const auto when = t0 + static_cast<std::uint64_t>(static_cast<double>(st.sent + 1) / per_stream * 1e9);
        next_due = std::min(next_due, when);
        continue;
      }
      // Behind schedule (the generator was descheduled): catch up in larger bursts.
      const std::size_t n = paced
                                ? std::clamp<std::size_t>(static_cast<std::size_t>(due - static_cast<double>(st.sent)),
                                                          burst, max_burst_packets)
                                : burst;
      if (st.uplink)
        s.fill_uplink(n, now);
      else
        s.fill_downlink(n, now);
      st.sent += s.send(*st.socket, end);
      any = true;
    }
    if (!any) sleep_until_ns(next_due);
    now = monotonic_ns();
  }
  const std::uint64_t sent_until = now;

  // Stragglers: wait until nothing has arrived for 20 ms, at most drain_seconds_.
  const std::uint64_t drain_end = sent_until + static_cast<std::uint64_t>(s.cfg_.drain_seconds_ * 1e9);
  for (;;) {
    sleep_until_ns(monotonic_ns() + 5'000'000);
    const std::uint64_t t = monotonic_ns();
    if (t >= drain_end) break;
    const std::uint64_t last = s.last_receive_ns_.load(std::memory_order_relaxed);
    if (t - std::max(last, sent_until) > 20'000'000) break;
  }
  const std::uint64_t cpu1 = forwarder_cpu ? forwarder_cpu() : 0;
  s.current_trial_.store(0, std::memory_order_release);

  trial_result r;
  for (const auto& st : streams) r.sent_ += st.sent;
  r.seconds_ = static_cast<double>(sent_until - t0) * 1e-9;
  {
    std::lock_guard lock(s.mutex_);
    r.received_ = s.received_;
    r.latency_p50_ns_ = s.histogram_.percentile(0.50);
    r.latency_p99_ns_ = s.histogram_.percentile(0.99);
  }
  if (r.seconds_ > 0) {
    r.offered_pps_ = static_cast<double>(r.sent_) / r.seconds_;
    r.delivered_pps_ = static_cast<double>(std::min(r.received_, r.sent_)) / r.seconds_;
  }
  if (forwarder_cpu && r.received_ > 0)
    r.forwarder_cpu_ns_per_packet_ = static_cast<double>(cpu1 - cpu0) / static_cast<double>(r.received_);
  return r;
}

}  // namespace meridian::upf_bench
