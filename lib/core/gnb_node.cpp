// The gNB's N2 side built from its configuration (gnb_node.hpp).

#include "meridian/core/gnb_node.hpp"

#include "meridian/gnb/gnb_n2_client.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "n2_capture.hpp"

namespace meridian::core {

void gnb_unit::read_config(config::section& root, gnb_node_config& cfg) {
  gnb::read_gnb_config(root.child("gnb"), cfg.gnb_);
  transport::read_sctp_config(root.child("sctp"), cfg.sctp_);
}

struct gnb_node::impl {
  std::shared_ptr<transport::sctp_pcap_mirror> mirror_;
  std::unique_ptr<gnb::gnb_n2_client> client_;
};

std::expected<std::unique_ptr<gnb_node>, node_error> gnb_node::create(asio::io_context& io, gnb_node_config cfg,
                                                                      const clock& clk) {
  auto i = std::make_unique<impl>();
  auto mirror = open_n2_capture(cfg.pcap_, clk);
  if (!mirror) return std::unexpected(mirror.error());
  i->mirror_ = std::move(*mirror);
  auto client = gnb::gnb_n2_client::start(io, std::move(cfg.gnb_), cfg.sctp_, i->mirror_);
  if (!client) return std::unexpected(node_error{node_error::kind::listen, client.error().message()});
  i->client_ = std::move(*client);
  return std::unique_ptr<gnb_node>(new gnb_node(std::move(i)));
}

gnb_node::gnb_node(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

gnb_node::~gnb_node() {
  if (impl_->mirror_) impl_->mirror_->flush();
}

void gnb_node::send_ng_reset_to_all() {
  auto& c = *impl_->client_;
  for (std::size_t i = 0; i < c.link_count(); ++i)
    c.link(i).send_ng_reset(n2::misc_cause(ngap::cause_misc::om_intervention));
}

void gnb_node::send_ran_configuration_update_to_all() {
  auto& c = *impl_->client_;
  for (std::size_t i = 0; i < c.link_count(); ++i) c.link(i).send_ran_configuration_update();
}

void gnb_node::stop() { impl_->client_->close(); }

std::size_t gnb_node::link_count() const noexcept { return impl_->client_->link_count(); }
std::size_t gnb_node::ready_count() const noexcept { return impl_->client_->ready_count(); }
gnb::gnb_n2_client& gnb_node::client() noexcept { return *impl_->client_; }

}  // namespace meridian::core
