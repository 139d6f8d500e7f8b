#pragma once
// A scripted UE's NAS side for the AMF's tests and its fuzz target, built
// from the codecs and the security module (never from the AMF's code): it
// answers challenges with the USIM's computation (TS 35.207 set 1 keys, the
// subscriber imsi-001010000000001), derives K_AMF and the NAS keys itself,
// and protects and checks NAS as TS 24.501 §4.4 says. No GoogleTest here.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "meridian/common/hex.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/nas/security.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/eap_aka_prime_peer.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "meridian/security/nas_security_context.hpp"

namespace meridian::amf::test {

// TS 24.501 §8.2.6 Registration Request, initial, ngKSI 7, SUCI of
// imsi-001010000000001 with the null scheme, UE security capability
// 5G-EA0-2 / 5G-IA0-2 (the shape of tests/vectors/nas_samples.json's first one).
inline const char* const registration_request_hex = "7e004179000d0100f1100000000000000000102e02e0e0";
inline const char* const unknown_registration_request_hex = "7e004179000d0100f1100000000000000000902e02e0e0";

/// The UE's NAS side: USIM, K_AMF, the 5G NAS security context.
struct scripted_ue {
  crypto::key128 k = *crypto::key128::from(*from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"));  // TS 35.207 set 1
  crypto::key128 opc = *crypto::key128::from(*from_hex("cd63cb71954a9f4e48a5994e37a02baf"));
  security::sqn_ue_state usim{security::sqn_config{}};
  std::string supi_digits = "001010000000001";
  std::string serving_network_name = "5G:mnc001.mcc001.3gppnetwork.org";
  std::optional<crypto::key256> kseaf;
  std::optional<security::nas_security_context> security;
  /// The IMEISV given in the Security Mode Complete.
  std::string imeisv = "3534900698733190";

  /// The UE's EAP-AKA' peer, from the first EAP-Request it gets (it refers
  /// to `usim`; a heap object so that assigning a fresh scripted_ue works).
  std::unique_ptr<security::eap_aka_prime_peer> eap;
  /// What the EAP peer did with the last EAP packet.
  security::eap_peer_action last_eap_action = security::eap_peer_action::client_error;

  /// Answers an Authentication Request as the USIM and ME do (TS 33.501
  /// §6.1.3.2 for 5G-AKA, §6.1.3.1 for EAP-AKA': the peer's EAP-Response).
  std::optional<nas::authentication_response> answer(const nas::authentication_request& r) {
    if (r.eap_message_) {
      if (!eap)
        eap = std::make_unique<security::eap_aka_prime_peer>(
            k, opc, security::eap_aka_prime_identity(*model::supi::parse("imsi-" + supi_digits)),
            serving_network_name, usim);
      auto step = eap->receive(r.eap_message_->bytes_);
      last_eap_action = step.action;
      if (step.response.empty()) return std::nullopt;
      nas::authentication_response response;
      response.eap_message_ = nas::octets{std::move(step.response)};
      return response;
    }
    if (!r.rand_ || !r.autn_) return std::nullopt;
    auto ue_side = security::ue_authenticate(k, opc, *r.rand_, *r.autn_, serving_network_name, usim);
    if (!ue_side) return std::nullopt;
    kseaf = security::derive_kseaf(ue_side->kausf, serving_network_name);
    nas::authentication_response response;
    response.res_star_ = ue_side->res_star;
    return response;
  }
  crypto::key256 kamf() const {
    const std::array<std::uint8_t, 2> abba{0, 0};
    return security::derive_kamf(*kseaf, supi_digits, abba);
  }
  /// Opens a downlink NAS PDU: plain, or protected (a Security Mode Command
  /// takes the context it names into use first, TS 24.501 §5.4.2.3).
  std::optional<nas::gmm_message> receive(const std::vector<std::uint8_t>& bytes) {
    auto pdu = nas::decode_nas(bytes);
    if (!pdu) return std::nullopt;
    if (const auto* gmm = std::get_if<nas::gmm_pdu>(&*pdu)) return gmm->message_;
    const auto* sp = std::get_if<nas::protected_pdu>(&*pdu);
    if (sp == nullptr) return std::nullopt;
    if (sp->security_header_type_ == nas::security_header_type::integrity_protected_with_new_context) {
      auto inner = nas::decode_plain_nas(sp->payload_);
      const auto* gmm = inner ? std::get_if<nas::gmm_pdu>(&*inner) : nullptr;
      const auto* smc = gmm ? std::get_if<nas::security_mode_command>(&gmm->message_) : nullptr;
      // After EAP-AKA' the command carries the EAP-Success: K_AUSF is then in force.
      if (smc != nullptr && smc->eap_message_ && eap) {
        last_eap_action = eap->receive(smc->eap_message_->bytes_).action;
        if (eap->authenticated() && eap->kausf()) kseaf = security::derive_kseaf(*eap->kausf(), serving_network_name);
      }
      if (smc == nullptr || !kseaf) return std::nullopt;
      security.emplace(security::nas_security_context::from_kamf(
          security::nas_role::ue, kamf(), static_cast<crypto::nia>(smc->selected_nas_security_algorithms_.integrity_),
          static_cast<crypto::nea>(smc->selected_nas_security_algorithms_.ciphering_),
          security::nas_connection_identifier_3gpp, smc->ngksi_.ksi_));
    }
    if (!security) return std::nullopt;
    auto plain = nas::unprotect(*security, bytes);
    if (!plain) return std::nullopt;
    auto inner = nas::decode_plain_nas(*plain);
    const auto* gmm = inner ? std::get_if<nas::gmm_pdu>(&*inner) : nullptr;
    if (gmm == nullptr) return std::nullopt;
    return gmm->message_;
  }
  /// Protects an uplink 5GMM message with the context in use.
  std::vector<std::uint8_t> seal(const nas::gmm_message& m, nas::security_header_type sht =
                                                                 nas::security_header_type::integrity_protected_and_ciphered) {
    return *nas::protect(*security, *nas::encode_nas(m), sht);
  }
  /// The Security Mode Complete (header type 4) with the IMEISV and, in the
  /// NAS message container, the whole Registration Request (TS 24.501 §4.4.6).
  std::vector<std::uint8_t> security_mode_complete(const nas::registration_request& whole) {
    nas::security_mode_complete c;
    c.imeisv_ = nas::mobile_identity{nas::imeisv{{imeisv}}};
    c.nas_message_container_ = nas::octets{*nas::encode_nas(whole)};
    return seal(c, nas::security_header_type::integrity_protected_and_ciphered_with_new_context);
  }
};

/// The Registration Request of registration_request_hex, with `requested` as its requested NSSAI.
inline nas::registration_request whole_registration_request(std::vector<model::s_nssai> requested = {{}}) {
  auto pdu = nas::decode_nas(*from_hex(registration_request_hex));
  auto rr = std::get<nas::registration_request>(std::get<nas::gmm_pdu>(*pdu).message_);
  nas::nssai n;
  for (const auto& s : requested) n.s_nssais_.push_back(nas::s_nssai{.value_ = s, .mapped_hplmn_ = {}});
  rr.requested_nssai_ = std::move(n);
  return rr;
}

}  // namespace meridian::amf::test
