#include "meridian/upf_bench/relay.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <optional>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "meridian/gtpu/gpdu.hpp"
#include "meridian/transport/udp_batch_socket.hpp"
#include "meridian/upf_bench/packets.hpp"
#include "meridian/upf_bench/traffic.hpp"

namespace meridian::upf_bench {

using transport::outgoing_datagram;
using transport::received_datagram;
using transport::udp_batch_config;
using transport::udp_batch_socket;

std::string_view to_string(relay_mode m) noexcept {
  return m == relay_mode::mmsg ? "relay recvmmsg→sendmmsg" : "relay GRO→GSO";
}

namespace {
constexpr std::size_t batch = 64;
constexpr std::size_t slot_bytes = 65536 + 64 * 64;  // a GRO train plus the headers the downlink adds
constexpr int socket_buffer_bytes = 4 << 20;         // as a UPF would set (traffic.cpp)
}  // namespace

struct udp_relay::state {
  relay_config cfg_;
  const topology* topo_ = nullptr;
  std::string route_;
  std::optional<udp_batch_socket> n3_, n6_;
  ipv4_endpoint dn_{}, gnb_{};
  ipv4_endpoint upf_n6_{};
  std::vector<std::uint8_t> out_buffer_;
  std::vector<outgoing_datagram> out_;
  std::vector<std::uint8_t> dl_header_;  // GTP-U + IPv4 + UDP for the current payload size
  std::size_t dl_header_payload_ = 0;
  std::size_t dl_gtpu_size_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> tid_{0};
  std::atomic<std::uint64_t> dropped_{0};

  void run();
  void uplink(std::span<const received_datagram> batch);
  void downlink(std::span<const received_datagram> batch);
  void flush(udp_batch_socket& s);
  void build_downlink_header(std::size_t payload);
};

void udp_relay::state::flush(udp_batch_socket& s) {
  if (out_.empty()) return;
  const auto r = s.send_batch(out_);
  // A forwarder whose socket is full drops, as a UPF would.
  std::uint64_t lost = r.dropped_;
  for (std::size_t i = r.consumed_; i < out_.size(); ++i)
    lost += out_[i].segment_size_ == 0 ? 1 : (out_[i].data_.size() + out_[i].segment_size_ - 1) / out_[i].segment_size_;
  if (lost != 0) dropped_.fetch_add(lost, std::memory_order_relaxed);
  out_.clear();
}

void udp_relay::state::uplink(std::span<const received_datagram> in) {
  const std::size_t strip = cfg_.uplink_strip_;
  if (cfg_.mode_ == relay_mode::mmsg) {
    // Nothing is copied: each probe payload is sent from the receive slot.
    for (const auto& d : in)
      for (std::size_t i = 0, n = d.segment_count(); i < n; ++i) {
        const auto seg = d.segment(i);
        if (seg.size() > strip) out_.push_back({seg.subspan(strip), dn_, 0});
      }
    flush(*n6_);
    return;
  }
  // GRO→GSO: the payloads of one coalesced train are gathered back to back and
  // leave as one GSO send.
  std::size_t at = 0;
  for (const auto& d : in) {
    const std::size_t start = at;
    std::size_t segment = 0;
    for (std::size_t i = 0, n = d.segment_count(); i < n; ++i) {
      const auto seg = d.segment(i);
      if (seg.size() <= strip) continue;
      const std::size_t len = seg.size() - strip;
      if (segment == 0) segment = len;
      std::memcpy(out_buffer_.data() + at, seg.data() + strip, len);
      at += len;
    }
    if (at == start) continue;
    const std::size_t total = at - start;
    out_.push_back({std::span<const std::uint8_t>(out_buffer_).subspan(start, total), dn_,
                    static_cast<std::uint16_t>(total > segment ? segment : 0)});
  }
  flush(*n6_);
}

void udp_relay::state::build_downlink_header(std::size_t payload) {
  gtpu::gpdu_header_params p;
  p.teid_ = *teid::from(0x10000000u);
  gtpu::dl_pdu_session_information dl;
  dl.qfi_ = *qfi::from(9);
  p.pdu_session_container_ = gtpu::pdu_session_container{dl};
  dl_gtpu_size_ = gtpu::gpdu_header_size(p);
  const std::size_t inner = ipv4_header_size + udp_header_size + payload;
  std::vector<std::uint8_t> packet(dl_gtpu_size_ + inner, 0);
  write_ipv4_udp_headers(std::span(packet).subspan(dl_gtpu_size_), upf_n6_,
                         ipv4_endpoint{{10, 160, 0, 1}, cfg_.ue_port_}, payload);
  (void)gtpu::prepend_gpdu_header(packet, dl_gtpu_size_, inner, p);
  dl_header_.assign(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(dl_gtpu_size_ + inner - payload));
  dl_header_payload_ = payload;
}

void udp_relay::state::downlink(std::span<const received_datagram> in) {
  std::size_t at = 0;
  for (const auto& d : in) {
    const std::size_t start = at;
    std::size_t stride = 0;
    for (std::size_t i = 0, n = d.segment_count(); i < n; ++i) {
      const auto seg = d.segment(i);
      if (seg.size() != dl_header_payload_) build_downlink_header(seg.size());
      const std::size_t len = dl_header_.size() + seg.size();
      if (at + len > out_buffer_.size()) break;
      std::memcpy(out_buffer_.data() + at, dl_header_.data(), dl_header_.size());
      std::memcpy(out_buffer_.data() + at + dl_header_.size(), seg.data(), seg.size());
      if (cfg_.mode_ == relay_mode::mmsg) {
        out_.push_back({std::span<const std::uint8_t>(out_buffer_).subspan(at, len), gnb_, 0});
      } else if (stride == 0) {
        stride = len;
      }
      at += len;
    }
    if (cfg_.mode_ == relay_mode::gro_gso && at > start) {
      const std::size_t total = at - start;
      out_.push_back({std::span<const std::uint8_t>(out_buffer_).subspan(start, total), gnb_,
                      static_cast<std::uint16_t>(total > stride ? stride : 0)});
    }
  }
  flush(*n3_);
}

void udp_relay::state::run() {
  tid_.store(static_cast<int>(::gettid()));
  pin_current_thread(cfg_.cpu_);
  pollfd fds[2] = {{n3_->native_handle(), POLLIN, 0}, {n6_->native_handle(), POLLIN, 0}};
  while (!stop_.load(std::memory_order_relaxed)) {
    if (::poll(fds, 2, 5) <= 0) continue;
    for (int round = 0; round < 64; ++round) {
      bool any = false;
      if (auto b = n3_->receive_batch(); b && !b->empty()) {
        uplink(*b);
        any = true;
      }
      if (auto b = n6_->receive_batch(); b && !b->empty()) {
        downlink(*b);
        any = true;
      }
      if (!any) break;
    }
  }
}

std::expected<std::unique_ptr<udp_relay>, std::string> udp_relay::start(const topology& topo, relay_config cfg) {
  auto s = std::make_unique<state>();
  s->cfg_ = cfg;
  s->topo_ = &topo;
  const auto& plan = topo.plan();
  s->dn_ = {plan.dn_n6_, plan.dn_port_};
  s->gnb_ = {plan.gnb_n3_, gtpu::udp_port};
  s->upf_n6_ = {plan.upf_n6_, cfg.ue_port_};
  s->route_ = fmt::format("{}/{}", to_string(plan.ue_pool_), plan.ue_pool_prefix_);
  if (auto r = topo.ip(bench_node::upf, {"route", "add", "local", s->route_, "dev", "lo"}); !r)
    return std::unexpected(r.error());
  {
    auto in = topo.enter(bench_node::upf);
    if (!in.ok()) return std::unexpected(std::string("cannot enter the upf namespace"));
    const bool gro = cfg.mode_ == relay_mode::gro_gso;
    udp_batch_config c;
    c.batch_size_ = batch;
    c.try_gro_ = gro;
    c.try_gso_ = gro;
    c.bind_ = {plan.upf_n3_, gtpu::udp_port};
    auto n3 = udp_batch_socket::open(c);
    if (!n3) return std::unexpected("relay N3 socket: " + n3.error().message());
    c.bind_ = {{0, 0, 0, 0}, cfg.ue_port_};
    auto n6 = udp_batch_socket::open(c);
    if (!n6) return std::unexpected("relay N6 socket: " + n6.error().message());
    for (int fd : {n3->native_handle(), n6->native_handle()}) {
      (void)::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &socket_buffer_bytes, sizeof socket_buffer_bytes);
      (void)::setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &socket_buffer_bytes, sizeof socket_buffer_bytes);
    }
    s->n3_.emplace(std::move(*n3));
    s->n6_.emplace(std::move(*n6));
  }
  s->out_buffer_.resize(batch * slot_bytes);
  s->out_.reserve(batch * 64);
  state* raw = s.get();
  s->thread_ = std::thread([raw] { raw->run(); });
  while (s->tid_.load() == 0) std::this_thread::yield();
  return std::unique_ptr<udp_relay>(new udp_relay(std::move(s)));
}

udp_relay::udp_relay(std::unique_ptr<state> s) : state_(std::move(s)) {}

udp_relay::~udp_relay() {
  state_->stop_.store(true);
  if (state_->thread_.joinable()) state_->thread_.join();
  state_->n3_.reset();
  state_->n6_.reset();
  (void)state_->topo_->ip(bench_node::upf, {"route", "del", "local", state_->route_, "dev", "lo"});
}

std::uint64_t udp_relay::cpu_ns() const { return thread_cpu_ns(state_->tid_.load()); }
std::uint64_t udp_relay::dropped() const noexcept { return state_->dropped_.load(std::memory_order_relaxed); }

}  // namespace meridian::upf_bench
