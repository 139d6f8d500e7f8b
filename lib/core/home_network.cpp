// The home network in one process: UDR (SQLite) → UDM → AUSF (issue 14).

#include "meridian/core/home_network.hpp"

#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <fmt/format.h>

#include "meridian/ausf/ue_authentication.hpp"
#include "meridian/common/log.hpp"
#include "meridian/udm/subscriber_data_management.hpp"
#include "meridian/udm/random_pool.hpp"
#include "meridian/udm/ue_authentication.hpp"
#include "meridian/udm/ue_context_management.hpp"
#include "meridian/udr/data_repository.hpp"
#include "meridian/udr/subscriber.hpp"

namespace meridian::core {

stored_home_network_keys::stored_home_network_keys(const std::vector<udr::hn_key>& keys) {
  for (const auto& k : keys) {
    const auto scheme = k.profile_ == crypto::ecies_profile::a ? model::protection_scheme::profile_a
                                                                : model::protection_scheme::profile_b;
    keys_.push_back(entry{k.key_id_, scheme, udm::hn_private_key(k.private_key_)});
  }
}

std::optional<udm::hn_private_key> stored_home_network_keys::find(std::uint8_t key_id,
                                                                  model::protection_scheme scheme) const {
  for (const auto& e : keys_)
    if (e.key_id == key_id && e.scheme == scheme) return e.key;
  return std::nullopt;
}

namespace {

/// Where the UDM's DeregistrationNotifications go when the AMFs are in this
/// process too: no other AMF can have registered a UE here, so one arriving
/// is logged and answered; the notified AMF's own purge is its business.
class logged_deregistration_notifications final : public udm::nudm_uecm_deregistration_notification {
 public:
  sbi::awaitable<sbi::no_content> deregistration_notification(sbi::uri callback_uri,
                                                              udm::deregistration_data data) override {
    log::get("core")->info("UDM: DeregistrationNotification to {} ({})", callback_uri,
                           sbi::to_string(data.dereg_reason_));
    co_return sbi::no_content{};
  }
};

}  // namespace

struct home_network::impl {
  std::unique_ptr<udr::data_repository> udr;
  std::unique_ptr<stored_home_network_keys> keys;
  std::unique_ptr<udm::ue_authentication> udm;
  std::unique_ptr<ausf::ue_authentication> ausf;
  logged_deregistration_notifications deregistration_notifications;
  std::unique_ptr<udm::ue_context_management> uecm;
  std::unique_ptr<udm::subscriber_data_management> sdm;
};

home_network::home_network(std::unique_ptr<impl> i) : impl_(std::move(i)) {}
home_network::~home_network() = default;

std::expected<std::unique_ptr<home_network>, node_error> home_network::open(asio::io_context& io,
                                                                            home_network_config cfg,
                                                                            const clock& clk) {
  auto i = std::make_unique<impl>();
  auto repo = udr::open_sqlite_repository(cfg.db_, [&io](std::function<void()> f) { asio::post(io, std::move(f)); });
  if (!repo)
    return std::unexpected(node_error{node_error::kind::store,
                                      fmt::format("subscriber store {}: {}", cfg.db_.string(), repo.error().message())});
  i->udr = std::move(*repo);
  auto keys = i->udr->hn_keys();
  if (!keys)
    return std::unexpected(node_error{node_error::kind::store, fmt::format("subscriber store {}: home network keys: {}",
                                                                           cfg.db_.string(), keys.error().message())});
  i->keys = std::make_unique<stored_home_network_keys>(*keys);
  i->uecm = std::make_unique<udm::ue_context_management>(*i->udr, i->deregistration_notifications, clk);
  i->sdm = std::make_unique<udm::subscriber_data_management>(cfg.udm_, *i->udr);
  i->udm = std::make_unique<udm::ue_authentication>(std::move(cfg.udm_), *i->udr, *i->keys,
                                                    cfg.rand_ ? std::move(cfg.rand_) : udm::system_rand_source());
  // The AUSF's authCtxIds from a pool of CSPRNG octets (one DRBG call per KiB).
  auto pool = std::make_shared<udm::random_pool>();
  i->ausf = std::make_unique<ausf::ue_authentication>(
      std::move(cfg.ausf_), *i->udm, clk, [pool](std::span<std::uint8_t> out) { return pool->draw(out); });
  log::get("core")->debug("home network on {}: {} SUCI key(s)", cfg.db_.string(), i->keys->size());
  return std::unique_ptr<home_network>(new home_network(std::move(i)));
}

udr::nudr_data_repository& home_network::udr() noexcept { return *impl_->udr; }
udm::nudm_ue_authentication& home_network::udm_ue_authentication() noexcept { return *impl_->udm; }
ausf::nausf_ue_authentication& home_network::ausf() noexcept { return *impl_->ausf; }
udm::nudm_uecm& home_network::udm_uecm() noexcept { return *impl_->uecm; }
udm::nudm_sdm& home_network::udm_sdm() noexcept { return *impl_->sdm; }
udr::data_repository_counters home_network::udr_counters() const { return impl_->udr->counters(); }
std::size_t home_network::home_network_key_count() const noexcept { return impl_->keys->size(); }

runtime::task<std::expected<std::uint64_t, sbi::problem_details>> generate_vectors(
    udm::nudm_ue_authentication& udm, model::supi supi, std::string serving_network_name, std::uint64_t count,
    std::function<void(const udm::authentication_info_result&)> on_vector) {
  for (std::uint64_t n = 0; n < count; ++n) {
    udm::authentication_info_request request;
    request.serving_network_name_ = serving_network_name;
    request.ausf_instance_id_ = "meridian-subscriber-vectors";
    sbi::supi_or_suci who = supi;
    auto result = co_await udm.get(std::move(who), std::move(request));
    if (!result) co_return std::unexpected(std::move(result.error()));
    on_vector(*result);
  }
  co_return count;
}

}  // namespace meridian::core
