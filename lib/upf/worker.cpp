// A data-path worker thread; see worker.hpp.

#include "meridian/upf/worker.hpp"

#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "meridian/upf/n6_writer.hpp"

#include "meridian/upf/upf_capture.hpp"

namespace meridian::upf {

handoff_mesh::handoff_mesh(std::size_t workers, std::size_t slots_per_ring) : workers_(workers) {
  rings_.reserve(workers * workers);
  for (std::size_t i = 0; i < workers * workers; ++i)
    // The diagonal (a worker to itself) is never used: keep it minimal.
    rings_.push_back(std::make_unique<handoff_ring>(i % (workers + 1) == 0 ? 2 : slots_per_ring));
}

worker::worker(const worker_config& cfg, transport::udp_batch_socket n3, std::optional<transport::tun_device> tun,
               handoff_mesh* mesh, datapath_notifier* notifier, const clock& clk)
    : config_(cfg),
      n3_(std::move(n3)),
      tun_(std::move(tun)),
      mesh_(mesh),
      clock_(&clk),
      table_(cfg.sessions_),
      pipeline_(cfg.pipeline_, table_, *this, notifier, counters_),
      // A read may bring a 64 KiB GSO super-packet and its virtio header.
      tun_buffer_(65536 + 64),
      wake_after_round_(mesh != nullptr ? mesh->workers() : 0, false) {
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  const auto watch = [&](int fd) {
    if (fd < 0) return;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  };
  watch(wake_fd_);
  watch(n3_.native_handle());
  if (tun_) watch(tun_->native_handle());
}

worker::~worker() {
  stop();
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void worker::start() {
  if (running()) return;
  stopping_.store(false);
  thread_ = std::thread([this] { run(); });
  const std::string name = "upf-worker-" + std::to_string(index());
  ::pthread_setname_np(thread_.native_handle(), name.substr(0, 15).c_str());
}

void worker::stop() {
  if (!running()) return;
  stopping_.store(true);
  wake();
  thread_.join();
  // Commands posted after the last round: run them here so that every reply is sent.
  run_commands();
}

void worker::wake() noexcept {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
}

void worker::post(command c) {
  {
    std::lock_guard lock(commands_mutex_);
    commands_.push_back(std::move(c));
  }
  wake();
}

void worker::run_commands() noexcept {
  // Called every round of the loop: nothing to do must cost no allocation.
  {
    std::lock_guard lock(commands_mutex_);
    if (commands_.empty()) return;
    running_.swap(commands_);
  }
  for (auto& c : running_) c();
  running_.clear();
}

void worker::drain_handoffs(clock::time_point now) noexcept {
  if (mesh_ == nullptr) return;
  for (std::size_t from = 0; from < mesh_->workers(); ++from) {
    if (from == index()) continue;
    handoff_ring& ring = mesh_->ring(from, index());
    // Bounded: at most one ring's worth per round, so a busy producer cannot starve the sockets.
    for (std::size_t i = 0; i < ring.capacity(); ++i) {
      handoff_slot* s = ring.front();
      if (s == nullptr) break;
      pipeline_.on_handoff(s->kind_, s->peer_, std::span(s->bytes_).first(s->size_), now);
      ring.pop();
    }
  }
}

void worker::run() noexcept {
  std::array<epoll_event, 4> events{};
  while (!stopping_.load(std::memory_order_relaxed)) {
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), 100);
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < n; ++i) {
      if (events[static_cast<std::size_t>(i)].data.fd == wake_fd_) {
        std::uint64_t v = 0;
        [[maybe_unused]] const auto r = ::read(wake_fd_, &v, sizeof v);
      }
    }
    run_commands();
    drain_handoffs(clock_->now());

    for (std::size_t i = 0; i < config_.n3_batches_per_round_; ++i) {
      auto batch = n3_.receive_batch();
      if (!batch || batch->empty()) break;
      if (config_.capture_ != nullptr) config_.capture_->n3_received(n3_.local_endpoint(), *batch);
      pipeline_.on_n3_batch(*batch, clock_->now());
    }
    if (tun_) {
      const auto now = clock_->now();
      for (std::size_t i = 0; i < config_.tun_reads_per_round_; ++i) {
        auto packet = tun_->read(tun_buffer_);
        if (!packet || !*packet) break;
        pipeline_.on_n6_packet(**packet, now);
      }
      pipeline_.flush();
    }
    for (std::size_t w = 0; w < wake_after_round_.size(); ++w) {
      if (!wake_after_round_[w]) continue;
      wake_after_round_[w] = false;
      if (worker* other = mesh_->member(w)) other->wake();
    }
  }
}

void worker::send_n3(std::span<const transport::outgoing_datagram> datagrams) noexcept {
  // A full socket buffer gets a short wait; what still does not fit is dropped
  // and counted (the data path never blocks for long on one peer).
  const auto all = datagrams;
  for (int attempt = 0; attempt < 3 && !datagrams.empty(); ++attempt) {
    const auto out = n3_.send_batch(datagrams);
    if (out.dropped_ > 0) counters_.add(worker_counter::n3_send_dropped, out.dropped_);
    datagrams = datagrams.subspan(out.consumed_);
    if (!out.would_block_) break;
    pollfd p{n3_.native_handle(), POLLOUT, 0};
    ::poll(&p, 1, 5);
  }
  if (!datagrams.empty()) counters_.add(worker_counter::n3_send_dropped, datagrams.size());
  // What the socket took (a datagram the kernel then refused is counted in n3_send_dropped).
  if (config_.capture_ != nullptr)
    config_.capture_->n3_sent(n3_.local_endpoint(), all.first(all.size() - datagrams.size()));
}

void worker::write_n6(std::span<const n6_packet> packets) noexcept {
  for (const auto& p : packets) {
    if (!tun_) {
      counters_.add(worker_counter::n6_write_dropped, packets_in(p));
      continue;
    }
    const n6_write_outcome out = write_n6_packet(*tun_, p, gso_fallback_);
    if (out.refused_) counters_.add(worker_counter::n6_super_packets_refused);
    if (out.dropped_ > 0) counters_.add(worker_counter::n6_write_dropped, out.dropped_);
  }
}

bool worker::hand_over(std::size_t to, handoff_kind kind, const ipv4_endpoint& peer,
                       std::span<const std::uint8_t> bytes) noexcept {
  if (mesh_ == nullptr || to >= mesh_->workers() || bytes.size() > handoff_slot::max_bytes) return false;
  handoff_ring& ring = mesh_->ring(index(), to);
  handoff_slot* s = ring.begin_push();
  if (s == nullptr) return false;
  s->kind_ = kind;
  s->peer_ = peer;
  s->size_ = static_cast<std::uint16_t>(bytes.size());
  std::memcpy(s->bytes_.data(), bytes.data(), bytes.size());
  ring.commit_push();
  wake_after_round_[to] = true;
  return true;
}

}  // namespace meridian::upf
