// The gNB's N2 runtime over the SCTP layer.

#include "meridian/gnb/gnb_n2_client.hpp"

#include <fmt/format.h>
#include <asio/ip/address.hpp>
#include <asio/post.hpp>

#include "meridian/common/log.hpp"

namespace meridian::gnb {

struct gnb_n2_client::n2_link final : gnb_n2_notifier, std::enable_shared_from_this<n2_link> {
  n2_link(gnb_n2_client& o, transport::sctp_endpoint r, gnb_config cfg)
      : owner(o), remote(r), n2(std::move(cfg), r.to_string(), o.timers_, *this) {}

  void send_ngap(std::span<const std::uint8_t> pdu) override {
    if (!association) return;
    if (auto r = association->send(0, transport::ngap_ppid, pdu); !r)
      log::get("gnb.ngap")->warn("association {}: cannot send NGAP: {}", association->id(), r.error().message());
  }
  void connect() override { owner.connect(*this); }
  void on_ready_changed(bool ready) override { owner.on_ready_changed(ready); }

  gnb_n2_client& owner;
  transport::sctp_endpoint remote;
  gnb_n2 n2;
  std::shared_ptr<transport::sctp_association> association;
};

transport::sctp_result<std::unique_ptr<gnb_n2_client>> gnb_n2_client::start(
    asio::io_context& io, gnb_config cfg, const transport::sctp_config& sctp,
    std::shared_ptr<transport::sctp_pcap_mirror> mirror) {
  std::unique_ptr<gnb_n2_client> self(new gnb_n2_client(io, sctp));
  if (mirror) self->client_.set_pcap_mirror(std::move(mirror));
  std::error_code ec;
  if (!cfg.local_address.empty()) {
    const auto a = asio::ip::make_address(cfg.local_address, ec);
    if (ec)
      return std::unexpected(transport::sctp_error{transport::sctp_errc::address_error, 0,
                                                   "local address '" + cfg.local_address + "' is not an IP address"});
    self->local_ = transport::sctp_endpoint{a, 0};
  }
  std::vector<transport::sctp_endpoint> amfs;
  for (const auto& amf : cfg.amfs) {
    const auto a = asio::ip::make_address(amf.address, ec);
    if (ec)
      return std::unexpected(transport::sctp_error{transport::sctp_errc::address_error, 0,
                                                   "AMF address '" + amf.address + "' is not an IP address"});
    amfs.push_back({a, amf.port});
  }
  for (std::uint32_t i = 0; i < cfg.count; ++i) {
    gnb_config instance = cfg;
    // read_gnb_config checked that the ids of all `count` instances fit.
    instance.identity = *model::global_gnb_id::from(cfg.identity.plmn_id(), cfg.identity.gnb_id() + i,
                                                    cfg.identity.length_bits());
    if (cfg.count > 1) instance.name = fmt::format("{}-{}", cfg.name, i + 1);
    for (const auto& amf : amfs) self->links_.push_back(std::make_shared<n2_link>(*self, amf, instance));
  }
  log::get("gnb.ngap")
      ->info("{} gNB(s) from {} connecting to {} AMF(s)", cfg.count, cfg.identity.id_string(), amfs.size());
  for (auto& l : self->links_) self->connect(*l);
  self->arm_status_timer();
  return self;
}

gnb_n2_client::~gnb_n2_client() { close(); }

gnb_n2& gnb_n2_client::link(std::size_t i) { return links_.at(i)->n2; }

void gnb_n2_client::arm_status_timer() {
  if (closed_) return;
  status_timer_.expires_after(log::rate_limit_config{}.window);
  status_timer_.async_wait([this](const std::error_code& ec) {
    // Cancelled when the client closes (or is destroyed): `this` is not touched then.
    if (ec) return;
    for (auto& l : links_) l->n2.drain_log_summaries();
    arm_status_timer();
  });
}

void gnb_n2_client::close() {
  closed_ = true;
  status_timer_.cancel();
  for (auto& l : links_) {
    if (l->association) l->association->close();
    l->association.reset();
  }
  by_association_.clear();
}

void gnb_n2_client::on_ready_changed(bool ready) {
  if (!ready) {
    --ready_;
    return;
  }
  if (++ready_ == links_.size() && links_.size() > 1)
    log::get("gnb.ngap")->info("all {} NG Setups complete", links_.size());
}

void gnb_n2_client::connect(n2_link& l) {
  if (closed_) return;
  if (l.association) {
    by_association_.erase(l.association->id());
    l.association->abort();
    l.association.reset();
  }
  auto a = client_.connect(l.remote, local_);
  if (!a) {
    log::get("gnb.ngap")->warn("cannot start an association to {}: {}", l.remote.to_string(), a.error().message());
    l.n2.on_disconnected();
    return;
  }
  l.association = *a;
  by_association_[l.association->id()] = &l;
}

void gnb_n2_client::on_association_up(const std::shared_ptr<transport::sctp_association>& a) {
  const auto it = by_association_.find(a->id());
  if (it == by_association_.end()) return;
  n2_link& l = *it->second;
  l.n2.on_connected();
}

void gnb_n2_client::on_message(transport::sctp_association& a, const transport::sctp_message& m) {
  const auto it = by_association_.find(a.id());
  if (it == by_association_.end()) return;
  n2_link& l = *it->second;
  l.n2.on_ngap(m.bytes);
}

void gnb_n2_client::on_association_down(transport::sctp_association& a, transport::sctp_down_reason why) {
  const auto it = by_association_.find(a.id());
  if (it == by_association_.end()) return;
  n2_link& l = *it->second;
  log::get("gnb.ngap")->debug("association {} to {} down: {}", a.id(), l.remote.to_string(), transport::to_string(why));
  by_association_.erase(it);
  // The layer is still inside this association's call: release it afterwards.
  asio::post(io_, [keep = std::move(l.association)] {});
  l.n2.on_disconnected();
}

void gnb_n2_client::on_association_restart(transport::sctp_association& a) {
  // The AMF restarted under the same association: its N2 state is gone, so set up again.
  const auto it = by_association_.find(a.id());
  if (it == by_association_.end()) return;
  n2_link& l = *it->second;
  l.n2.on_connected();
}

}  // namespace meridian::gnb
