#include "meridian/ausf/ue_authentication.hpp"

#include <fmt/format.h>

#include "challenges.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/crypto/random.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "meridian/security/serving_network_name.hpp"

namespace meridian::ausf {

using detail::logger;
using sbi::cause;
using sbi::problem_details;

ue_authentication::ue_authentication(ausf_config config, udm::nudm_ue_authentication& udm,
                                     const meridian::clock& clock, random_source random)
    : config_(std::move(config)), udm_(udm), clock_(clock), random_(std::move(random)) {
  if (!random_) random_ = [](std::span<std::uint8_t> out) { return static_cast<bool>(crypto::random_bytes(out)); };
}

// One allocation, no format string: made for every authentication.
std::string ue_authentication::link(const std::string& id, const char* leaf) const {
  constexpr std::string_view middle = "/ue-authentications/";
  const std::string_view tail(leaf);
  std::string out;
  out.reserve(config_.api_root_.size() + middle.size() + id.size() + 1 + tail.size());
  out.append(config_.api_root_).append(middle).append(id).append(1, '/').append(tail);
  return out;
}

// Contexts expire in the order they were made (one lifetime for all), so the
// front of expiry_order_ is always the next to go. An entry whose context was
// taken and put back, or ended, no longer matches and is skipped.
void ue_authentication::drop_expired() {
  const auto now = clock_.now();
  while (!expiry_order_.empty() && expiry_order_.front().first <= now) {
    auto it = contexts_.find(expiry_order_.front().second);
    if (it != contexts_.end() && it->second.expires == expiry_order_.front().first) {
      contexts_.erase(it);
      ++counters_.expired_contexts;
    }
    expiry_order_.pop_front();
  }
}

// Exactly what to_hex made of the key: 32 lowercase hex digits.
std::optional<ue_authentication::context_key> ue_authentication::key_of(std::string_view id) noexcept {
  if (id.size() != 32) return std::nullopt;
  context_key key{};
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char ch = id[i];
    const int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
    if (v < 0) return std::nullopt;
    key[i / 2] = static_cast<std::uint8_t>(key[i / 2] << 4 | v);
  }
  return key;
}

std::optional<ue_authentication::context> ue_authentication::take(std::string_view id) {
  drop_expired();
  const auto key = key_of(id);
  if (!key) return std::nullopt;
  auto it = contexts_.find(*key);
  if (it == contexts_.end()) return std::nullopt;
  auto node = contexts_.extract(it);
  return std::move(node.mapped());
}

void ue_authentication::put(std::string_view id, context c) {
  if (const auto key = key_of(id)) put(*key, std::move(c));
}

void ue_authentication::put(const context_key& key, context c) {
  if (c.expires == meridian::clock::time_point{}) {
    c.expires = clock_.now() + config_.context_lifetime_;
    expiry_order_.emplace_back(c.expires, key);
  }
  contexts_.insert_or_assign(key, std::move(c));
}

// TS 33.501 §6.1.4.1a / TS 29.503 ConfirmAuth: the outcome goes to the UDM,
// which keeps it in the UDR. A failure to tell it is counted, not fatal: the
// authentication itself is decided.
sbi::awaitable<sbi::no_content> ue_authentication::confirm_to_udm(model::supi supi, std::string serving_network_name,
                                                                  bool success, udm::auth_type type) {
  udm::auth_event event;
  event.nf_instance_id_ = config_.nf_instance_id_;
  event.success_ = success;
  event.time_stamp_ = std::chrono::time_point_cast<std::chrono::milliseconds>(clock_.wall_now());
  event.auth_type_ = type;
  event.serving_network_name_ = std::move(serving_network_name);
  auto confirmed = co_await udm_.result_confirmation(std::move(supi), std::move(event));
  if (!confirmed) {
    ++counters_.udm_confirmation_failures;
    logger()->warn("result confirmation to the UDM failed: {}", confirmed.error().detail_.value_or(""));
    co_return std::unexpected(std::move(confirmed.error()));
  }
  co_return sbi::no_content{};
}

// TS 29.509 §5.2.2.2.2 / TS 33.501 §6.1.3.1 steps 1-3 and §6.1.3.2 steps 1-4.
sbi::awaitable<ue_authentication_ctx> ue_authentication::authenticate(authentication_info info) {
  std::string snn = std::move(info.serving_network_name_);
  // TS 33.501 §6.1.2: before anything else, is this SEAF entitled to the name?
  if (!security::parse_serving_network_name(snn)) {
    ++counters_.rejected_requests;
    auto p = problem_details::of(cause::mandatory_ie_incorrect,
                                 "servingNetworkName is not 5G:mnc<MNC>.mcc<MCC>.3gppnetwork.org");
    p.invalid_params_.push_back({"/servingNetworkName", std::nullopt});
    co_return std::unexpected(std::move(p));
  }
  if (!config_.authorized_serving_plmns_.empty() && !security::names_one_of(snn, config_.authorized_serving_plmns_)) {
    ++counters_.rejected_requests;
    co_return std::unexpected(problem_details::of(cause::serving_network_not_authorized));
  }
  drop_expired();
  if (contexts_.size() >= config_.max_contexts_) {
    ++counters_.rejected_requests;
    co_return std::unexpected(problem_details::of(cause::nf_congestion, "too many authentications in progress"));
  }
  // A random authCtxId (it names a resource an attacker must not guess) and
  // the first EAP Identifier.
  std::array<std::uint8_t, 17> random{};
  if (!random_(random)) {
    ++counters_.rejected_requests;
    co_return std::unexpected(problem_details::of(cause::system_failure, "no random octets"));
  }
  context_key key{};
  std::copy_n(random.begin(), key.size(), key.begin());
  const std::string id = to_hex(key);

  udm::authentication_info_request request;
  request.serving_network_name_ = snn;
  request.resynchronization_info_ = std::move(info.resynchronization_info_);
  request.ausf_instance_id_ = config_.nf_instance_id_;
  auto supi_or_suci = info.supi_or_suci_;
  auto answer = co_await udm_.get(std::move(supi_or_suci), std::move(request));
  if (!answer) {
    ++counters_.rejected_requests;
    co_return std::unexpected(detail::from_udm(std::move(answer.error())));
  }
  std::optional<model::supi> supi = answer->supi_;
  if (!supi) {
    if (const auto* given = std::get_if<model::supi>(&info.supi_or_suci_)) supi = *given;
  }
  if (!supi || !answer->authentication_vector_) {
    ++counters_.rejected_requests;
    co_return std::unexpected(problem_details::of(cause::upstream_server_error, "UDM: no SUPI or no vector"));
  }

  ue_authentication_ctx ctx;
  ctx.auth_type_ = answer->auth_type_;
  ctx.serving_network_name_ = snn;
  context c{*supi, std::move(snn), {}, aka_context{}};
  const std::string& network = c.serving_network_name;
  auto* he = std::get_if<udm::av_5g_he_aka>(&*answer->authentication_vector_);
  const auto* eap = std::get_if<udm::av_eap_aka_prime>(&*answer->authentication_vector_);
  if (answer->auth_type_ == udm::auth_type::five_g_aka && he && he->rand_.size() == 16 &&
      he->xres_star_.size() == 16 && he->autn_.size() == 16 && he->kausf_.size() == 32) {
    // TS 33.501 §6.1.3.2 steps 2-3: keep XRES* and K_AUSF, give the SEAF HXRES*.
    aka_context aka;
    std::copy(he->xres_star_.begin(), he->xres_star_.end(), aka.xres_star.begin());
    aka.kausf = *crypto::key256::from(he->kausf_);
    std::array<std::uint8_t, 16> rand{};
    std::copy(he->rand_.begin(), he->rand_.end(), rand.begin());
    const auto hxres_star = security::derive_hres_star(rand, aka.xres_star);
    ctx.auth_data_5g_ = av_5g_aka{.rand_ = std::move(he->rand_),
                                  .hxres_star_ = sbi::bytes(hxres_star.begin(), hxres_star.end()),
                                  .autn_ = std::move(he->autn_)};
    ctx.links_["5g-aka"] = sbi::link{link(id, "5g-aka-confirmation")};
    c.method = std::move(aka);
  } else if (answer->auth_type_ == udm::auth_type::eap_aka_prime && eap) {
    auto challenge = detail::make_eap_challenge(*eap, *supi, network, random[16]);
    if (!challenge) {
      ++counters_.rejected_requests;
      co_return std::unexpected(problem_details::of(cause::upstream_server_error, "UDM: malformed EAP-AKA' vector"));
    }
    eap_context e;
    e.identifier = random[16];
    e.rand = challenge->rand;
    e.xres = std::move(challenge->xres);
    e.keys = challenge->keys;
    ctx.auth_data_5g_ = std::move(challenge->request);
    ctx.links_["eap-session"] = sbi::link{link(id, "eap-session")};
    c.method = std::move(e);
  } else {
    ++counters_.rejected_requests;
    co_return std::unexpected(problem_details::of(cause::upstream_server_error, "UDM: vector does not fit the method"));
  }
  put(key, std::move(c));
  ++counters_.started;
  co_return ctx;
}

}  // namespace meridian::ausf
