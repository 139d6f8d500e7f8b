// The AMF's N2 endpoint over the SCTP layer.

#include "meridian/amf/amf_n2_server.hpp"

#include <asio/ip/address.hpp>
#include <asio/post.hpp>

#include "meridian/common/log.hpp"

namespace meridian::amf {

namespace {

gnb_association_id id_of(const transport::sctp_association& a) { return *gnb_association_id::from(a.id()); }

}  // namespace

transport::sctp_result<std::unique_ptr<amf_n2_server>> amf_n2_server::start(
    asio::io_context& io, amf_config cfg, const transport::sctp_config& sctp,
    std::shared_ptr<transport::sctp_pcap_mirror> mirror) {
  std::error_code ec;
  const auto address = asio::ip::make_address(cfg.ngap_address, ec);
  if (ec)
    return std::unexpected(transport::sctp_error{transport::sctp_errc::address_error, 0,
                                                 "N2 address '" + cfg.ngap_address + "' is not an IP address"});
  const transport::sctp_endpoint local{address, cfg.ngap_port};
  std::unique_ptr<amf_n2_server> self(new amf_n2_server(io, std::move(cfg)));
  auto server = transport::make_sctp_server(io, sctp, local, *self);
  if (!server) return std::unexpected(server.error());
  self->server_ = std::move(*server);
  if (mirror) self->server_->set_pcap_mirror(std::move(mirror));
  self->arm_status_timer();
  log::get("amf.ngap")
      ->info("AMF {} listening for N2 on {}", self->n2_.config().name, self->server_->local_endpoint().to_string());
  return self;
}

amf_n2_server::~amf_n2_server() { close(); }

void amf_n2_server::arm_status_timer() {
  if (closed_) return;
  status_timer_.expires_after(log::rate_limit_config{}.window);
  status_timer_.async_wait([this](const std::error_code& ec) {
    // Cancelled when the server closes (or is destroyed): `this` is not touched then.
    if (ec) return;
    n2_.drain_log_summaries();
    arm_status_timer();
  });
}

void amf_n2_server::close() {
  closed_ = true;
  status_timer_.cancel();
  if (server_) server_->close();
  for (auto& [id, a] : associations_) a->close();
  associations_.clear();
}

std::vector<gnb_association_id> amf_n2_server::set_up_gnbs() const {
  std::vector<gnb_association_id> out;
  for (const auto& [id, a] : associations_)
    if (const auto* g = n2_.find(id); g != nullptr && g->setup_complete) out.push_back(id);
  return out;
}

void amf_n2_server::on_association_up(const std::shared_ptr<transport::sctp_association>& a) {
  const auto id = id_of(*a);
  associations_[id] = a;
  log::get("amf.ngap")->debug("N2 association {} from {} up", a->id(), a->remote_endpoint().to_string());
  n2_.on_gnb_connected(id);
}

void amf_n2_server::on_message(transport::sctp_association& a, const transport::sctp_message& m) {
  if (m.ppid != transport::ngap_ppid)
    log::get("amf.ngap")->debug("association {}: message with PPID {} treated as NGAP", a.id(), m.ppid);
  n2_.on_ngap(id_of(a), m.bytes, m.stream);
}

void amf_n2_server::on_association_down(transport::sctp_association& a, transport::sctp_down_reason why) {
  const auto id = id_of(a);
  log::get("amf.ngap")->debug("N2 association {} down: {}", a.id(), transport::to_string(why));
  n2_.on_gnb_disconnected(id);
  if (const auto it = associations_.find(id); it != associations_.end()) {
    // The layer is still inside this association's call: release it afterwards.
    asio::post(io_, [keep = std::move(it->second)] {});
    associations_.erase(it);
  }
}

void amf_n2_server::on_association_restart(transport::sctp_association& a) {
  // The peer restarted: whatever it had set up is gone with its state.
  const auto id = id_of(a);
  n2_.on_gnb_disconnected(id);
  n2_.on_gnb_connected(id);
}

void amf_n2_server::release_association(gnb_association_id a) {
  const auto it = associations_.find(a);
  if (it == associations_.end()) return;
  log::get("amf.ngap")->info("N2 association {} released: its gNB set up again on another association", a.value());
  // Graceful SHUTDOWN; its down notification finds no context left, and the
  // association object is released once the layer has left its calls.
  it->second->close();
}

void amf_n2_server::send_ngap(gnb_association_id to, std::span<const std::uint8_t> pdu) { send_ue_ngap(to, 0, pdu); }

void amf_n2_server::send_ue_ngap(gnb_association_id to, std::uint16_t stream, std::span<const std::uint8_t> pdu) {
  const auto it = associations_.find(to);
  if (it == associations_.end()) return;
  if (auto r = it->second->send(stream, transport::ngap_ppid, pdu); !r)
    log::get("amf.ngap")->warn("association {}: cannot send NGAP on stream {}: {}", to.value(), stream,
                               r.error().message());
}

}  // namespace meridian::amf
