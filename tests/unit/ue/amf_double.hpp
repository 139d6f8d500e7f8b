#pragma once
// An AMF double for the UE's scripted tests, built from the codecs and the
// security module (never from lib/ue): it stands in for the lower layer (it
// records every uplink NAS PDU), plays the network's side of 5G-AKA with the
// home network's own functions (TS 33.501 §6.1.3.2: the AV, XRES*, K_SEAF,
// K_AMF), keeps the network's 5G NAS security context, and builds the
// downlink messages a test sends, plain or protected. No GoogleTest here.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "meridian/common/hex.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/nas/security.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/eap_aka_prime.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "meridian/security/nas_security_context.hpp"
#include "meridian/ue/lower_layer.hpp"

namespace meridian::ue::test {

inline const char* const supi_text = "imsi-001010000000001";
inline const char* const k_hex = "465b5ce8b199b49faa5f0a2ee238a6bc";  // TS 35.207 set 1
inline const char* const opc_hex = "cd63cb71954a9f4e48a5994e37a02baf";
inline const char* const snn = "5G:mnc001.mcc001.3gppnetwork.org";

inline crypto::key128 key_of(const char* hex) { return *crypto::key128::from(*from_hex(hex)); }

struct uplink_record {
  bool initial = false;  ///< carried by the RRC establishment (an Initial UE Message)
  std::vector<std::uint8_t> bytes;
};

class amf_double final : public lower_layer_notifier {
 public:
  // ---- the lower layer
  void establish_connection(ue_index, establishment_cause cause, std::span<const std::uint8_t> pdu) override {
    uplinks.push_back({true, {pdu.begin(), pdu.end()}});
    last_cause = cause;
    ++establishments;
  }
  void send_uplink_nas(ue_index, std::span<const std::uint8_t> pdu) override {
    uplinks.push_back({false, {pdu.begin(), pdu.end()}});
  }
  void release_connection(ue_index) override { ++local_releases; }

  // ---- what the UE sent
  /// The 5GMM message of an uplink PDU: plain, or unprotected with the
  /// network's context (header type 4: the new one, taken into use when it
  /// verifies; header type 1 without a context: read as cleartext). Nothing
  /// when the PDU does not decode or its MAC does not verify.
  std::optional<nas::gmm_message> open(const std::vector<std::uint8_t>& bytes) {
    last_protection = nas::security_header_type::plain;
    auto pdu = nas::decode_nas(bytes);
    if (!pdu) return std::nullopt;
    if (auto* g = std::get_if<nas::gmm_pdu>(&*pdu)) return g->message_;
    auto* sp = std::get_if<nas::protected_pdu>(&*pdu);
    if (sp == nullptr) return std::nullopt;
    last_protection = sp->security_header_type_;
    const bool for_new =
        sp->security_header_type_ == nas::security_header_type::integrity_protected_and_ciphered_with_new_context;
    security::nas_security_context* sc = for_new ? (new_ctx ? &*new_ctx : nullptr) : (ctx ? &*ctx : nullptr);
    if (sc == nullptr) {
      if (sp->security_header_type_ != nas::security_header_type::integrity_protected) return std::nullopt;
      auto inner = nas::decode_plain_nas(sp->payload_);
      if (!inner) return std::nullopt;
      auto* g = std::get_if<nas::gmm_pdu>(&*inner);
      return g ? std::optional<nas::gmm_message>(g->message_) : std::nullopt;
    }
    auto plain = nas::unprotect(*sc, bytes);
    if (!plain) return std::nullopt;
    if (for_new) {
      ctx = std::move(new_ctx);
      new_ctx.reset();
    }
    auto inner = nas::decode_plain_nas(*plain);
    if (!inner) return std::nullopt;
    auto* g = std::get_if<nas::gmm_pdu>(&*inner);
    return g ? std::optional<nas::gmm_message>(g->message_) : std::nullopt;
  }
  /// The last uplink's message as T, or nothing (kept until the next call).
  template <class T>
  const T* last_as() {
    if (uplinks.empty()) return nullptr;
    last_opened = open(uplinks.back().bytes);
    return last_opened ? std::get_if<T>(&*last_opened) : nullptr;
  }

  // ---- 5G-AKA, the network's side
  /// An Authentication Request with a fresh AV (the next SQN of the home network, AMF field 0x8000).
  std::vector<std::uint8_t> authentication_request(std::uint8_t ngksi = 0, std::array<std::uint8_t, 2> amf = {0x80, 0}) {
    crypto::rand128 rand{};
    for (std::size_t i = 0; i < rand.size(); ++i) rand[i] = static_cast<std::uint8_t>(0x11 * (i + 1) + rand_counter);
    ++rand_counter;
    av = security::generate_he_av(k, opc, rand, security::sqn_to_bytes(sqn_he.next()), amf, snn);
    if ((amf[0] & 0x80) == 0) {
      // generate_he_av sets the separation bit as 5G requires; a test of #26 wants it clear.
      crypto::milenage m(k, opc);
      const auto sqn = security::sqn_to_bytes(sqn_he.current());
      const auto mac = m.f1(rand, sqn, amf);
      av->autn[6] = amf[0];
      av->autn[7] = amf[1];
      std::copy(mac.begin(), mac.end(), av->autn.begin() + 8);
    }
    nas::authentication_request r;
    r.ngksi_.ksi_ = ngksi;
    r.abba_ = nas::octets{{0x00, 0x00}};
    r.rand_ = av->rand;
    r.autn_ = av->autn;
    ngksi_ = ngksi;
    return *nas::encode_nas(r);
  }
  /// TS 33.501 §6.1.3.2.0 step 10-11: RES* against XRES*; on a match K_SEAF and K_AMF.
  bool accept(const nas::authentication_response& r) {
    if (!av || !r.res_star_ || *r.res_star_ != av->xres_star) return false;
    const auto kseaf = security::derive_kseaf(av->kausf, snn);
    const std::array<std::uint8_t, 2> abba{0, 0};
    kamf = security::derive_kamf(kseaf, supi_digits, abba);
    return true;
  }
  /// The home network's resynchronisation (TS 33.102 §6.3.5) from an Authentication Failure #21.
  bool resynchronise(const nas::authentication_failure& f) {
    if (!av || !f.authentication_failure_parameter_) return false;
    auto sqn_ms = security::verify_auts(k, opc, av->rand, *f.authentication_failure_parameter_);
    if (!sqn_ms) return false;
    sqn_he.resynchronise(*sqn_ms);
    return true;
  }

  // ---- EAP-AKA', the network's side (TS 33.501 §6.1.3.1 as the AUSF runs it)
  /// An Authentication Request carrying the EAP-Request/AKA'-Challenge of a fresh AV.
  std::vector<std::uint8_t> eap_authentication_request(std::uint8_t ngksi = 0, std::uint8_t identifier = 1,
                                                       std::string network_name = snn) {
    crypto::rand128 rand{};
    for (std::size_t i = 0; i < rand.size(); ++i) rand[i] = static_cast<std::uint8_t>(0x23 * (i + 1) + rand_counter);
    ++rand_counter;
    av = security::generate_he_av(k, opc, rand, security::sqn_to_bytes(sqn_he.next()), {0x80, 0x00}, snn);
    const auto prime = security::derive_ck_ik_prime(av->ck, av->ik, network_name,
                                                    std::span<const std::uint8_t, 6>(av->autn.data(), 6));
    eap_keys = security::derive_eap_aka_prime_keys(prime, supi_digits);
    nas::authentication_request r;
    r.ngksi_.ksi_ = ngksi;
    r.abba_ = nas::octets{{0x00, 0x00}};
    r.eap_message_ = nas::octets{
        security::eap::encode_with_mac(security::eap::challenge_request(identifier, av->rand, av->autn, network_name),
                                       eap_keys->k_aut)
            .value()};
    ngksi_ = ngksi;
    return nas::encode_nas(r).value();
  }
  /// The EAP-Response of an Authentication Response, decoded (nothing if absent or malformed).
  static std::optional<security::eap::packet> eap_of(const nas::authentication_response& r) {
    if (!r.eap_message_) return std::nullopt;
    auto p = security::eap::decode(r.eap_message_->bytes_);
    return p ? std::optional<security::eap::packet>(*p) : std::nullopt;
  }
  /// RFC 9048 / TS 33.501 §6.1.3.1 steps 6-7: AT_MAC under K_aut, AT_RES = XRES;
  /// then K_AUSF from EMSK (Annex F), K_SEAF and K_AMF.
  bool eap_accept(const nas::authentication_response& r) {
    if (!av || !eap_keys || !r.eap_message_) return false;
    auto p = eap_of(r);
    if (!p || p->code_ != security::eap::code::response || p->subtype_ != security::eap::aka_subtype::challenge)
      return false;
    if (!security::eap::mac_verifies(r.eap_message_->bytes_, eap_keys->k_aut)) return false;
    if (!p->attributes_.res_ ||
        !std::equal(p->attributes_.res_->begin(), p->attributes_.res_->end(), av->res.begin(), av->res.end()))
      return false;
    const auto kausf = security::derive_kausf_from_emsk(eap_keys->emsk);
    const std::array<std::uint8_t, 2> abba{0, 0};
    kamf = security::derive_kamf(security::derive_kseaf(kausf, snn), supi_digits, abba);
    return true;
  }
  /// An EAP-Success (or -Failure) packet.
  static std::vector<std::uint8_t> eap_end(bool success, std::uint8_t identifier = 1) {
    security::eap::packet p;
    p.code_ = success ? security::eap::code::success : security::eap::code::failure;
    p.identifier_ = identifier;
    return security::eap::encode(p).value();
  }
  /// The Authentication Result carrying EAP-Success or EAP-Failure.
  std::vector<std::uint8_t> authentication_result(bool success, std::uint8_t identifier = 1) {
    nas::authentication_result r;
    r.ngksi_.ksi_ = ngksi_;
    r.eap_message_ = nas::octets{eap_end(success, identifier)};
    r.abba_ = nas::octets{{0x00, 0x00}};
    return nas::encode_nas(r).value();
  }

  // ---- security mode control, the network's side
  struct smc_options {
    crypto::nia nia = crypto::nia::nia2;
    crypto::nea nea = crypto::nea::nea2;
    std::optional<nas::ue_security_capability> replayed;  ///< default: the UE's, as sent
    bool imeisv = true;
    bool rinmr = false;
    bool corrupt_mac = false;
    std::optional<std::vector<std::uint8_t>> eap;  ///< an EAP message (EAP-Success) in the command
  };
  /// A Security Mode Command under a new context from K_AMF (header type 3, downlink COUNT 0).
  std::vector<std::uint8_t> security_mode_command(const nas::ue_security_capability& ue_capability,
                                                  smc_options o) {
    new_ctx.emplace(security::nas_security_context::from_kamf(security::nas_role::network, *kamf, o.nia, o.nea,
                                                              security::nas_connection_identifier_3gpp, ngksi_));
    nas::security_mode_command c;
    c.selected_nas_security_algorithms_.integrity_ = static_cast<std::uint8_t>(o.nia);
    c.selected_nas_security_algorithms_.ciphering_ = static_cast<std::uint8_t>(o.nea);
    c.ngksi_.ksi_ = ngksi_;
    c.replayed_ue_security_capabilities_ = o.replayed.value_or(ue_capability);
    if (o.imeisv) c.imeisv_request_ = nas::half_octet{1};
    if (o.rinmr) c.additional_5g_security_information_ = nas::octets{{0x02}};
    if (o.eap) {
      c.eap_message_ = nas::octets{*o.eap};
      c.abba_ = nas::octets{{0x00, 0x00}};
    }
    auto sealed = *nas::protect(*new_ctx, *nas::encode_nas(c), nas::security_header_type::integrity_protected_with_new_context);
    if (o.corrupt_mac) sealed[3] ^= 0x01;
    return sealed;
  }
  // (value(): a test that builds a message the codec refuses fails loudly here.)
  /// A downlink message under the network's current context (integrity protected and ciphered).
  std::vector<std::uint8_t> seal(const nas::gmm_message& m) {
    return nas::protect(*ctx, nas::encode_nas(m).value(), nas::security_header_type::integrity_protected_and_ciphered).value();
  }
  std::vector<std::uint8_t> seal(const std::vector<std::uint8_t>& plain_pdu) {
    return nas::protect(*ctx, plain_pdu, nas::security_header_type::integrity_protected_and_ciphered).value();
  }
  static std::vector<std::uint8_t> plain(const nas::gmm_message& m) { return nas::encode_nas(m).value(); }

  // ---- state
  std::vector<uplink_record> uplinks;
  std::optional<establishment_cause> last_cause;
  int establishments = 0;
  int local_releases = 0;
  nas::security_header_type last_protection = nas::security_header_type::plain;
  std::optional<nas::gmm_message> last_opened;

  crypto::key128 k = key_of(k_hex);
  crypto::key128 opc = key_of(opc_hex);
  std::string supi_digits = "001010000000001";
  security::sqn_he_state sqn_he{0x20};
  std::optional<security::he_authentication_vector> av;
  std::optional<crypto::key256> kamf;
  std::optional<security::eap_aka_prime_keys> eap_keys;
  std::optional<security::nas_security_context> ctx;
  std::optional<security::nas_security_context> new_ctx;
  std::uint8_t ngksi_ = 0;
  std::uint8_t rand_counter = 0;
};

}  // namespace meridian::ue::test
