#pragma once
// The AUSF's Nausf_UEAuthentication (TS 29.509 §5.2) with TS 33.501 §6.1.3:
// - 5G-AKA: the UDM's 5G HE AV becomes the SEAF's 5G AV (HXRES*, A.5); the
//   SEAF's RES* is checked against XRES*, the outcome confirmed to the UDM,
//   and K_SEAF (A.6) handed over on success;
// - EAP-AKA': the AUSF is the EAP server (RFC 9048): it sends the
//   AKA'-Challenge, checks AT_MAC and AT_RES, handles Synchronization-Failure
//   (AUTS to the UDM, a fresh challenge), and on success derives K_AUSF from
//   EMSK (Annex F) and K_SEAF from it;
// - the serving network name is checked before anything is asked of the UDM.
//
// Each authentication is a context under a random authCtxId, alive until it
// ends or its lifetime passes. Single-threaded, like every NF core here.

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "meridian/ausf/ausf_config.hpp"
#include "meridian/ausf/ausf_service.hpp"
#include "meridian/common/clock.hpp"
#include "meridian/crypto/secret.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "meridian/udm/udm_service.hpp"

namespace meridian::ausf {

struct ue_authentication_counters {
  std::uint64_t started = 0;             ///< challenges handed out (a re-synchronisation's included)
  std::uint64_t succeeded = 0;
  std::uint64_t failed = 0;              ///< RES* or RES wrong, AT_MAC wrong, the UE rejected, ...
  std::uint64_t resynchronisations = 0;  ///< EAP-AKA' AUTS passed to the UDM
  std::uint64_t rejected_requests = 0;   ///< requests answered with a problem
  std::uint64_t expired_contexts = 0;
  std::uint64_t udm_confirmation_failures = 0;
};

/// Fills its argument with unpredictable octets (authCtxIds, EAP Identifiers);
/// false when none can be had.
using random_source = std::function<bool(std::span<std::uint8_t>)>;

class ue_authentication final : public nausf_ue_authentication {
 public:
  /// `random`: by default the operating system's CSPRNG, one call each time
  /// (the composition root gives a pooled one, udm::random_pool).
  ue_authentication(ausf_config config, udm::nudm_ue_authentication& udm, const meridian::clock& clock,
                    random_source random = {});

  sbi::awaitable<ue_authentication_ctx> authenticate(authentication_info info) override;
  sbi::awaitable<confirmation_data_response> confirm_5g_aka(std::string auth_ctx_id, confirmation_data data) override;
  sbi::awaitable<ausf::eap_session> eap_session(std::string auth_ctx_id, ausf::eap_session session) override;

  const ue_authentication_counters& counters() const noexcept { return counters_; }
  /// Authentications in progress.
  std::size_t contexts() const noexcept { return contexts_.size(); }

 private:
  // What the AUSF keeps of a 5G-AKA run (TS 33.501 §6.1.3.2 step 2-3). Never log it.
  struct aka_context {
    std::array<std::uint8_t, 16> xres_star{};
    crypto::key256 kausf;
  };
  // What it keeps of an EAP-AKA' run: the EAP server's state.
  struct eap_context {
    std::uint8_t identifier = 0;  ///< of the last EAP-Request sent
    std::array<std::uint8_t, 16> rand{};
    std::vector<std::uint8_t> xres;
    security::eap_aka_prime_keys keys;
    unsigned resynchronisations = 0;
  };
  struct context {
    model::supi supi;
    std::string serving_network_name;
    meridian::clock::time_point expires{};
    std::variant<aka_context, eap_context> method;
  };

  // An authCtxId's 128 random bits; the id is their lowercase hex.
  using context_key = std::array<std::uint8_t, 16>;
  static std::optional<context_key> key_of(std::string_view id) noexcept;

  std::string link(const std::string& id, const char* leaf) const;
  /// Takes the context out of the table (a concurrent call for the same id
  /// then finds none), or nothing when unknown or expired.
  std::optional<context> take(std::string_view id);
  void put(std::string_view id, context c);
  void put(const context_key& key, context c);
  void drop_expired();
  sbi::awaitable<sbi::no_content> confirm_to_udm(model::supi supi, std::string serving_network_name, bool success,
                                                 udm::auth_type type);
  sbi::awaitable<ausf::eap_session> eap_failure(context c, std::uint8_t identifier);

  ausf_config config_;
  udm::nudm_ue_authentication& udm_;
  const meridian::clock& clock_;
  // The key's octets are random: its first eight are a hash already.
  struct key_hash {
    std::size_t operator()(const context_key& k) const noexcept {
      std::size_t h = 0;
      for (std::size_t i = 0; i < sizeof h; ++i) h = h << 8 | k[i];
      return h;
    }
  };
  std::unordered_map<context_key, context, key_hash> contexts_;
  std::deque<std::pair<meridian::clock::time_point, context_key>> expiry_order_;
  random_source random_;  // authCtxIds and EAP Identifiers
  ue_authentication_counters counters_;
};

}  // namespace meridian::ausf
