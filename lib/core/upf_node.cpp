// The UPF built from its configuration and wired in process (upf_node.hpp).

#include "meridian/core/upf_node.hpp"

#include <chrono>
#include <functional>

#include <fmt/format.h>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include "meridian/common/log.hpp"
#include "meridian/upf/datapath_teid_allocator.hpp"
#include "meridian/upf/upf_capture.hpp"

namespace meridian::core {

namespace {

/// The data path exists before N4 (N4 needs its installer), so the
/// notifications it posts go to whatever N4 server is attached by then.
class late_notifier final : public upf::datapath_notifier {
 public:
  void attach(upf::datapath_notifier& target) { target_ = &target; }
  void on_downlink_data(seid session, upf::pdr_id pdr) override {
    if (target_ != nullptr) target_->on_downlink_data(session, pdr);
  }
  void on_usage_threshold(seid session, std::vector<upf::urr_usage> usage) override {
    if (target_ != nullptr) target_->on_usage_threshold(session, std::move(usage));
  }
  void on_error_indication(upf::remote_f_teid tunnel) override {
    if (target_ != nullptr) target_->on_error_indication(tunnel);
  }

 private:
  upf::datapath_notifier* target_ = nullptr;
};

}  // namespace

struct upf_node::impl {
  impl(asio::io_context& io, upf_node_config cfg, const clock& clk)
      : io_(io), cfg_(std::move(cfg)), clock_(clk), flush_timer_(io) {}
  ~impl() { stop(); }

  void flush_periodically() {
    flush_timer_.expires_after(std::chrono::seconds(1));
    flush_timer_.async_wait([this, alive = std::weak_ptr<int>(alive_)](const std::error_code& ec) {
      if (ec || !alive.lock()) return;
      capture_->flush();
      flush_periodically();
    });
  }

  void stop() {
    if (stopped_) return;
    stopped_ = true;
    if (n4_) n4_->stop();
    flush_timer_.cancel();
    if (engine_) engine_->stop();
    if (capture_) {
      auto logger = log::get("upf");
      if (!capture_->flush()) logger->warn("cannot write the capture to {}", cfg_.pcap_);
      logger->info("capture {}: {} packets written, {} dropped", cfg_.pcap_, capture_->frames_written(),
                   capture_->frames_dropped());
    }
  }

  asio::io_context& io_;
  upf_node_config cfg_;
  const clock& clock_;
  // Handlers posted onto io_ hold this weakly: one still queued when the node is gone does nothing.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  // Declared before the data path and N4, which write to it until they are gone.
  std::unique_ptr<upf::upf_capture> capture_;
  late_notifier notifier_;
  std::unique_ptr<upf::datapath_engine> engine_;
  std::unique_ptr<upf::n4_server> n4_;
  asio::steady_timer flush_timer_;
  bool started_ = false;
  bool stopped_ = false;
};

std::expected<std::unique_ptr<upf_node>, upf_node_error> upf_node::create(asio::io_context& io, upf_node_config cfg,
                                                                          const clock& clk) {
  using k = upf_node_error::kind;
  auto& d = cfg.datapath_;
  if (d.tun_) {
    const auto prefix = parse_ipv4_prefix(cfg.tun_address_);
    if (!prefix)
      return std::unexpected(
          upf_node_error{k::config, fmt::format("'{}' is not an IPv4 prefix (a.b.c.d/len)", cfg.tun_address_)});
    d.tun_->ipv4_ = *prefix;
  }
  // The F-TEIDs we hand out name the address N3 listens on.
  cfg.n4_.n3_address_ = d.n3_.bind_.address;

  auto i = std::make_unique<impl>(io, std::move(cfg), clk);
  if (!i->cfg_.pcap_.empty()) {
    auto c = upf::upf_capture::create(i->cfg_.pcap_, clk, i->cfg_.pcap_limits_);
    if (!c) return std::unexpected(upf_node_error{k::capture, c.error()});
    i->capture_ = std::move(*c);
    i->cfg_.datapath_.capture_ = i->capture_.get();
  }
  // The workers' notifications and the answers to asynchronous session
  // operations run on the N4 thread.
  upf::datapath_engine::executor to_n4 = [&io, alive = std::weak_ptr<int>(i->alive_)](std::function<void()> f) {
    asio::post(io, [alive, f = std::move(f)] {
      if (alive.lock()) f();
    });
  };
  auto dp = upf::datapath_engine::open(i->cfg_.datapath_, clk, &i->notifier_, std::move(to_n4));
  if (!dp) return std::unexpected(upf_node_error{k::datapath, dp.error().message_});
  i->engine_ = std::move(*dp);
  auto n4 = upf::n4_server::create(io, i->cfg_.n4_, *i->engine_, clk,
                                   std::make_unique<upf::datapath_teid_allocator>(*i->engine_), i->capture_.get());
  if (!n4) return std::unexpected(upf_node_error{k::n4, n4.error()});
  i->n4_ = std::move(*n4);
  i->notifier_.attach(i->n4_->notifier());
  return std::unique_ptr<upf_node>(new upf_node(std::move(i)));
}

upf_node::upf_node(std::unique_ptr<impl> i) : impl_(std::move(i)) {}
upf_node::~upf_node() = default;

void upf_node::start() {
  auto& i = *impl_;
  if (i.started_ || i.stopped_) return;
  i.started_ = true;
  i.engine_->start();
  const auto s = status();
  log::get("upf")->info("UPF running: N3 {}.{}.{}.{}:{} (GRO {}, GSO {}), N4 {}, N6 {} ({}), {} worker(s){}",
                        s.n3_.address[0], s.n3_.address[1], s.n3_.address[2], s.n3_.address[3], s.n3_.port,
                        s.n3_gro_ ? "on" : "off", s.n3_gso_ ? "on" : "off", upf::to_string(s.n4_), s.tun_name_,
                        s.tun_address_, s.workers_,
                        s.workers_ > 1 ? (s.steering_ ? ", TEID steering" : ", flow-hash steering") : "");
  if (i.capture_) {
    log::get("upf")->info("capturing N3 and N4 to {}", i.cfg_.pcap_);
    // The file is readable while the UPF runs: its buffer goes out every second.
    i.flush_periodically();
  }
}

void upf_node::stop() { impl_->stop(); }

upf_node_status upf_node::status() const {
  const auto& i = *impl_;
  const auto& e = *i.engine_;
  upf_node_status s;
  s.n3_ = e.n3_endpoint();
  s.n3_gro_ = e.n3_gro();
  s.n3_gso_ = e.n3_gso();
  s.n4_ = i.n4_->local_endpoint();
  s.tun_name_ = e.tun_name();
  s.tun_address_ = i.cfg_.tun_address_;
  s.workers_ = e.worker_count();
  s.steering_ = e.steering();
  s.sessions_ = e.session_count();
  s.counters_ = e.total_counters();
  if (i.capture_) {
    s.capture_written_ = i.capture_->frames_written();
    s.capture_dropped_ = i.capture_->frames_dropped();
  }
  return s;
}

const upf_node_config& upf_node::config() const noexcept { return impl_->cfg_; }
upf::datapath_engine& upf_node::datapath() noexcept { return *impl_->engine_; }
upf::n4_server& upf_node::n4() noexcept { return *impl_->n4_; }
upf::async_session_installer& upf_node::installer() noexcept { return *impl_->engine_; }

}  // namespace meridian::core
