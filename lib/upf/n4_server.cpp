// The N4 node on a UDP socket in an Asio io_context (n4_server.hpp).

#include "meridian/upf/n4_server.hpp"

#include <array>
#include <system_error>

#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>

#include "meridian/common/log.hpp"
#include "meridian/upf/upf_capture.hpp"

namespace meridian::upf {

namespace {

n4_endpoint from_asio(const asio::ip::udp::endpoint& e) {
  n4_endpoint out;
  if (e.address().is_v4()) out.address_ = e.address().to_v4().to_bytes();
  out.port_ = e.port();
  return out;
}

asio::ip::udp::endpoint to_asio(const n4_endpoint& e) { return {asio::ip::address_v4(e.address_), e.port_}; }

ipv4_endpoint to_ipv4(const n4_endpoint& e) { return {e.address_, e.port_}; }

class socket_sender final : public n4_sender {
 public:
  explicit socket_sender(asio::ip::udp::socket& s) : socket_(s) {}
  /// --pcap: what is sent from `local` is written to `c` too.
  void capture_to(upf_capture* c, const n4_endpoint& local) {
    capture_ = c;
    local_ = local;
  }
  void send(const n4_endpoint& to, std::span<const std::uint8_t> datagram) override {
    std::error_code ec;
    socket_.send_to(asio::buffer(datagram.data(), datagram.size()), to_asio(to), 0, ec);
    if (ec) log::get("upf.n4")->warn("send to {} failed: {}", to_string(to), ec.message());
    if (!ec && capture_ != nullptr) capture_->datagram(to_ipv4(local_), to_ipv4(to), datagram);
  }

 private:
  asio::ip::udp::socket& socket_;
  upf_capture* capture_ = nullptr;
  n4_endpoint local_{};
};

}  // namespace

struct n4_server::impl : std::enable_shared_from_this<n4_server::impl> {
  impl(asio::io_context& io, n4_config cfg, async_session_installer& installer, const clock& clk,
       std::unique_ptr<teid_allocator> allocator)
      : socket_(io),
        timer_(io),
        sender_(socket_),
        node_(std::move(cfg), installer, sender_, clk, std::move(allocator)),
        clock_(clk),
        notifier_(*this) {}

  /// The data path's reports go to the node, and may give it a deadline to arm.
  struct rearming_notifier final : datapath_notifier {
    explicit rearming_notifier(impl& i) : i_(i) {}
    void on_downlink_data(seid session, pdr_id pdr) override {
      i_.node_.on_downlink_data(session, pdr);
      i_.arm();
    }
    void on_usage_threshold(seid session, std::vector<urr_usage> usage) override {
      i_.node_.on_usage_threshold(session, std::move(usage));
      i_.arm();
    }
    void on_error_indication(remote_f_teid tunnel) override {
      i_.node_.on_error_indication(tunnel);
      i_.arm();
    }
    impl& i_;
  };

  void receive() {
    // Handlers hold the impl weakly: one already queued when the server goes finds nothing.
    socket_.async_receive_from(
        asio::buffer(buffer_), peer_, [self = weak_from_this()](std::error_code ec, std::size_t n) {
          auto me = self.lock();
          if (!me || ec == asio::error::operation_aborted || !me->socket_.is_open()) return;
          if (!ec) {
            const std::span<const std::uint8_t> datagram(me->buffer_.data(), n);
            if (me->capture_ != nullptr)
              me->capture_->datagram(to_ipv4(from_asio(me->peer_)), to_ipv4(me->local_), datagram);
            me->node_.on_datagram(from_asio(me->peer_), datagram);
          }
          me->arm();
          me->receive();
        });
  }

  void arm() {
    auto next = node_.next_deadline();
    if (!next) {
      timer_.cancel();
      armed_.reset();
      return;
    }
    if (armed_ && *armed_ == *next) return;
    armed_ = *next;
    const auto wait = *next - clock_.now();
    timer_.expires_after(std::max(wait, clock::duration::zero()));
    timer_.async_wait([self = weak_from_this()](std::error_code ec) {
      auto me = self.lock();
      if (!me || ec == asio::error::operation_aborted || !me->socket_.is_open()) return;
      me->armed_.reset();
      me->node_.on_timer();
      me->arm();
    });
  }

  asio::ip::udp::socket socket_;
  asio::steady_timer timer_;
  socket_sender sender_;
  n4_node node_;
  const clock& clock_;
  rearming_notifier notifier_;
  std::optional<clock::time_point> armed_;
  upf_capture* capture_ = nullptr;
  n4_endpoint local_{};
  asio::ip::udp::endpoint peer_;
  std::array<std::uint8_t, 65536> buffer_{};
};

std::expected<std::unique_ptr<n4_server>, std::string> n4_server::create(asio::io_context& io, n4_config cfg,
                                                                         async_session_installer& installer, const clock& clk,
                                                                         std::unique_ptr<teid_allocator> allocator,
                                                                         upf_capture* capture) {
  const n4_endpoint bind{cfg.bind_address_, cfg.port_};
  auto i = std::make_shared<impl>(io, std::move(cfg), installer, clk, std::move(allocator));
  std::error_code ec;
  i->socket_.open(asio::ip::udp::v4(), ec);
  if (!ec) i->socket_.bind(to_asio(bind), ec);
  if (ec) return std::unexpected("cannot bind PFCP socket to " + to_string(bind) + ": " + ec.message());
  // Best effort (the kernel caps it at net.core.rmem_max): room for bursts of requests.
  i->socket_.set_option(asio::socket_base::receive_buffer_size(4 << 20), ec);
  if (capture != nullptr) {
    // Bound to 0.0.0.0, the frames name that address: the socket does not say which one a peer used.
    i->local_ = from_asio(i->socket_.local_endpoint());
    i->capture_ = capture;
    i->sender_.capture_to(capture, i->local_);
  }
  log::get("upf.n4")->info("PFCP listening on {}", to_string(from_asio(i->socket_.local_endpoint())));
  std::unique_ptr<n4_server> s(new n4_server(std::move(i)));
  s->impl_->node_.start();
  s->impl_->receive();
  s->impl_->arm();
  return s;
}

n4_server::n4_server(std::shared_ptr<impl> i) : impl_(std::move(i)) {}
n4_server::~n4_server() { stop(); }

n4_node& n4_server::node() noexcept { return impl_->node_; }
datapath_notifier& n4_server::notifier() noexcept { return impl_->notifier_; }

n4_endpoint n4_server::local_endpoint() const {
  std::error_code ec;
  auto e = impl_->socket_.local_endpoint(ec);
  return ec ? n4_endpoint{} : from_asio(e);
}

void n4_server::kick() { impl_->arm(); }

void n4_server::stop() {
  std::error_code ec;
  impl_->timer_.cancel();
  if (impl_->socket_.is_open()) impl_->socket_.close(ec);
}

}  // namespace meridian::upf
