// The AMF built from its configuration (amf_node.hpp).

#include "meridian/core/amf_node.hpp"

#include "meridian/amf/amf_n2_server.hpp"
#include "meridian/common/log.hpp"
#include "meridian/security/serving_network_name.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "n2_capture.hpp"

namespace meridian::core {

void amf_unit::read_config(config::section& root, amf_node_config& cfg) {
  amf::read_amf_config(root.child("amf"), cfg.amf_, cfg.mm_);
  transport::read_sctp_config(root.child("sctp"), cfg.sctp_);
  // Only the store's path: the rest of `udr:` (defaults) is `meridian subscriber`'s.
  auto udr = root.child("udr");
  std::string db = cfg.home_.db_.string();
  udr.read("db", db);
  cfg.home_.db_ = db;
}

struct amf_node::impl {
  std::shared_ptr<transport::sctp_pcap_mirror> mirror_;
  std::unique_ptr<home_network> home_;
  std::unique_ptr<amf::amf_n2_server> server_;
  std::unique_ptr<amf::mm_layer> mm_;

  ~impl() {
    // N2 must stop handing NAS up before the 5GMM layer goes; the layer
    // (which holds the N2 side) goes before the N2 server; the home network last.
    if (server_) server_->procedures().set_nas_handler(nullptr);
    mm_.reset();
    server_.reset();
  }
};

std::expected<std::unique_ptr<amf_node>, node_error> amf_node::create(asio::io_context& io, amf_node_config cfg,
                                                                      const clock& clk) {
  auto i = std::make_unique<impl>();
  auto mirror = open_n2_capture(cfg.pcap_, clk);
  if (!mirror) return std::unexpected(mirror.error());
  i->mirror_ = std::move(*mirror);
  auto home = home_network::open(io, std::move(cfg.home_), clk);
  if (!home) return std::unexpected(home.error());
  i->home_ = std::move(*home);
  if (cfg.mm_.serving_network_name == amf::mm_config{}.serving_network_name && !cfg.amf_.served_guamis.empty())
    cfg.mm_.serving_network_name = security::serving_network_name(cfg.amf_.served_guamis.front().plmn_);
  auto server = amf::amf_n2_server::start(io, std::move(cfg.amf_), cfg.sctp_, i->mirror_);
  if (!server) return std::unexpected(node_error{node_error::kind::listen, server.error().message()});
  i->server_ = std::move(*server);
  i->mm_ = std::make_unique<amf::mm_layer>(
      std::move(cfg.mm_), i->server_->procedures(),
      amf::mm_services{i->home_->ausf(), i->home_->udm_uecm(), i->home_->udm_sdm()}, i->server_->timers());
  i->server_->procedures().set_nas_handler(i->mm_.get());
  return std::unique_ptr<amf_node>(new amf_node(std::move(i)));
}

amf_node::amf_node(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

amf_node::~amf_node() {
  if (impl_->mirror_) impl_->mirror_->flush();
}

void amf_node::send_configuration_update() { impl_->server_->procedures().send_amf_configuration_update(); }

std::size_t amf_node::send_ng_reset_to_all() {
  std::size_t sent = 0;
  auto& n2 = impl_->server_->procedures();
  // Every set-up gNB: the procedures know them by association.
  for (const auto& a : impl_->server_->set_up_gnbs())
    sent += n2.send_ng_reset(a, n2::misc_cause(ngap::cause_misc::om_intervention)) ? 1 : 0;
  log::get("amf.ngap")->info("NG Reset sent to {} gNBs", sent);
  return sent;
}

void amf_node::stop() { impl_->server_->close(); }

const amf::amf_n2_counters& amf_node::counters() const noexcept { return impl_->server_->procedures().counters(); }
const amf::mm_counters& amf_node::mm_counters() const noexcept { return impl_->mm_->counters(); }
amf::amf_n2_server& amf_node::server() noexcept { return *impl_->server_; }

}  // namespace meridian::core
