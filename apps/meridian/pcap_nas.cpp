#include "pcap_nas.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "meridian/common/hex.hpp"
#include "meridian/crypto/milenage.hpp"
#include "meridian/nas/security.hpp"
#include "meridian/security/key_hierarchy.hpp"

namespace meridian::app {

namespace {

// "re-encoding differs at byte 7 (20 octets in, 21 out)", or "" when identical.
std::string compare(std::span<const std::uint8_t> in, std::span<const std::uint8_t> out) {
  if (std::ranges::equal(in, out)) return {};
  std::size_t at = 0;
  while (at < in.size() && at < out.size() && in[at] == out[at]) ++at;
  return fmt::format("re-encoding differs at byte {} ({} octets in, {} out)", at, in.size(), out.size());
}

// Decodes a plain NAS message and re-encodes it; the failure, or "" when identical.
std::string check_plain(std::span<const std::uint8_t> bytes, std::optional<nas::nas_pdu>& out) {
  auto pdu = nas::decode_plain_nas(bytes);
  if (!pdu) return "decode: " + pdu.error().message();
  auto again = nas::encode_nas(*pdu);
  out = std::move(*pdu);
  if (!again) return "encode: " + again.error().message();
  return compare(bytes, *again);
}

// TS 24.008 §10.5.1.3: the PLMN identity's BCD digits as "MCC/MNC".
std::string plmn_text(std::span<const std::uint8_t> p) {
  if (p.size() != 3) return {};
  const auto digit = [](unsigned d) { return d <= 9 ? static_cast<char>('0' + d) : '?'; };
  std::string mcc{digit(p[0] & 0x0f), digit(p[0] >> 4), digit(p[1] & 0x0f)};
  std::string mnc{digit(p[2] & 0x0f), digit(p[2] >> 4)};
  if ((p[1] >> 4) != 0x0f) mnc.push_back(digit(p[1] >> 4));
  if (mcc.find('?') != std::string::npos || mnc.find('?') != std::string::npos) return {};
  return mcc + "/" + mnc;
}

// TS 24.501 §9.12.1: "5G:mnc<MNC>.mcc<MCC>.3gppnetwork.org", the MNC with three digits.
std::string serving_network_name(const std::string& plmn) {
  const auto slash = plmn.find('/');
  std::string mnc = plmn.substr(slash + 1);
  if (mnc.size() == 2) mnc = "0" + mnc;
  return fmt::format("5G:mnc{}.mcc{}.3gppnetwork.org", mnc, plmn.substr(0, slash));
}

// The first "pLMNIdentity" under a "tAI" anywhere in `j` (the UserLocationInformation).
std::string tai_plmn(const nlohmann::json& j) {
  if (j.is_object()) {
    if (auto t = j.find("tAI"); t != j.end() && t->is_object())
      if (auto p = t->find("pLMNIdentity"); p != t->end() && p->is_string())
        if (auto bytes = from_hex(p->get<std::string>())) return plmn_text(*bytes);
    for (const auto& [key, value] : j.items())
      if (auto s = tai_plmn(value); !s.empty()) return s;
  } else if (j.is_array()) {
    for (const auto& value : j)
      if (auto s = tai_plmn(value); !s.empty()) return s;
  }
  return {};
}

// Every NAS-PDU (IEs named "NAS-PDU", "pDUSessionNAS-PDU" ...) anywhere in `j`,
// whether rendered as hex or as {"hex": ..., "nas": ...}.
void collect_nas(const nlohmann::json& j, std::vector<std::vector<std::uint8_t>>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      const bool nas = key.size() >= 7 && key.compare(key.size() - 7, 7, "NAS-PDU") == 0;
      const nlohmann::json* hex = nullptr;
      if (nas && value.is_string()) hex = &value;
      if (nas && value.is_object() && value.contains("hex") && value["hex"].is_string()) hex = &value["hex"];
      if (hex) {
        if (auto bytes = from_hex(hex->get<std::string>())) out.push_back(std::move(*bytes));
      } else {
        collect_nas(value, out);
      }
    }
  } else if (j.is_array()) {
    for (const auto& value : j) collect_nas(value, out);
  }
}

std::optional<std::uint64_t> ue_id(const nlohmann::json& ies, const char* name) {
  auto it = ies.find(name);
  if (it == ies.end()) return std::nullopt;
  if (it->is_number_unsigned()) return it->get<std::uint64_t>();
  if (it->is_number_integer() && it->get<std::int64_t>() >= 0)
    return static_cast<std::uint64_t>(it->get<std::int64_t>());
  if (it->is_string()) {
    const auto s = it->get<std::string>();
    if (!s.empty() && std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; }) && s.size() < 19)
      return std::stoull(s);
  }
  return std::nullopt;
}

// The AMF's end of the association: NGAP's well-known port is the AMF's (TS 38.412 §7).
const std::string& amf_endpoint(const captured_message& m) {
  const auto ends_with_port = [](const std::string& s) { return s.size() > 6 && s.ends_with(":38412"); };
  return ends_with_port(m.src) ? m.src : m.dst;
}

std::string imsi_of(const nas::mobile_identity& id) {
  if (const auto* s = std::get_if<nas::suci_imsi>(&id.value_); s && s->protection_scheme_ == 0) {
    const std::string msin = s->msin();
    if (!msin.empty()) return std::string(s->plmn_.digits()) + msin;
  }
  return {};
}

}  // namespace

std::string_view to_string(mac_check m) noexcept {
  switch (m) {
    case mac_check::not_protected:
      return "plain";
    case mac_check::no_keys:
      return "not checked (no --k/--opc)";
    case mac_check::no_context:
      return "not checked (no security context for this UE in the capture)";
    case mac_check::ok:
      return "ok";
    case mac_check::bad:
      return "bad";
  }
  return "?";
}

std::uint32_t nas_follower::count_state::estimate(std::uint8_t sequence_number) const noexcept {
  // TS 24.501 §4.4.3.1: the receiver keeps the overflow counter and steps it
  // when the sequence number wraps.
  if (!any) return sequence_number;
  std::uint32_t overflow = last >> 8;
  if (sequence_number < (last & 0xffu)) ++overflow;
  return ((overflow << 8) | sequence_number) & 0xffffffu;
}

nas_follower::ue_state& nas_follower::ue_for(const captured_message& m, const nlohmann::json& ies) {
  const auto ran = ue_id(ies, "RAN-UE-NGAP-ID");
  const auto amf = ue_id(ies, "AMF-UE-NGAP-ID");
  const std::string association = std::min(m.src, m.dst) + "-" + std::max(m.src, m.dst);
  const std::string ran_key = ran ? fmt::format("{}|{}", association, *ran) : std::string{};
  const std::string amf_key = amf ? fmt::format("{}|{}", amf_endpoint(m), *amf) : std::string{};
  std::optional<std::size_t> at;
  // The AMF UE NGAP ID survives a handover to another gNB; the RAN one does not.
  if (amf)
    if (auto it = by_amf_id_.find(amf_key); it != by_amf_id_.end()) at = it->second;
  if (!at && ran)
    if (auto it = by_ran_id_.find(ran_key); it != by_ran_id_.end()) at = it->second;
  // A UE back from idle (a new NG connection) names itself by its 5G-S-TMSI (TS 38.413 §9.3.3.20).
  if (!at && ies.contains("FiveG-S-TMSI") && ies["FiveG-S-TMSI"].is_object() &&
      ies["FiveG-S-TMSI"].contains("fiveG-TMSI") && ies["FiveG-S-TMSI"]["fiveG-TMSI"].is_string())
    if (auto tmsi = from_hex(ies["FiveG-S-TMSI"]["fiveG-TMSI"].get<std::string>()); tmsi && tmsi->size() == 4)
      if (auto it = by_tmsi_.find((std::uint32_t{(*tmsi)[0]} << 24) | (std::uint32_t{(*tmsi)[1]} << 16) |
                                  (std::uint32_t{(*tmsi)[2]} << 8) | (*tmsi)[3]);
          it != by_tmsi_.end())
        at = it->second;
  if (!at) {
    at = ues_.size();
    ues_.emplace_back();
  }
  if (ran) by_ran_id_[ran_key] = *at;
  if (amf) by_amf_id_[amf_key] = *at;
  return ues_[*at];
}

std::vector<nas_report> nas_follower::on_ngap(const captured_message& m, const nlohmann::json& ngap_json) {
  std::vector<nas_report> out;
  if (!ngap_json.is_object() || ngap_json.empty()) return out;
  const auto& outcome = ngap_json.begin().value();
  if (!outcome.is_object() || !outcome.contains("value") || !outcome["value"].is_object() || outcome["value"].empty())
    return out;
  const auto& ies = outcome["value"].begin().value();
  std::vector<std::vector<std::uint8_t>> pdus;
  collect_nas(ies, pdus);
  if (pdus.empty() || !ies.is_object()) return out;
  const std::string procedure = outcome.contains("procedureCode") && outcome["procedureCode"].is_string()
                                    ? outcome["procedureCode"].get<std::string>()
                                    : "";
  // NAS travels uplink only in these two (TS 38.413 §8.6); NAS Non Delivery
  // Indication sends a downlink NAS-PDU back to the AMF.
  const bool uplink = procedure == "InitialUEMessage" || procedure == "UplinkNASTransport";
  auto& ue = ue_for(m, ies);
  if (auto it = ies.find("UserLocationInformation"); it != ies.end())
    if (auto plmn = tai_plmn(*it); !plmn.empty()) ue.serving_plmn = plmn;
  for (const auto& pdu : pdus) out.push_back(on_nas(ue, m.frame, uplink, pdu));
  return out;
}

void nas_follower::learn(ue_state& ue, const nas::nas_pdu& plain, nas_report& r) {
  const auto* gmm = std::get_if<nas::gmm_pdu>(&plain);
  if (!gmm) return;
  const auto remember_guti = [&](const std::optional<nas::mobile_identity>& id) {
    if (const auto* guti = id ? std::get_if<nas::guti_5g_identity>(&id->value_) : nullptr)
      by_tmsi_[guti->value_.tmsi_.value()] = static_cast<std::size_t>(&ue - ues_.data());
  };
  if (const auto* accept = std::get_if<nas::registration_accept>(&gmm->message_)) {
    remember_guti(accept->guti_);
  } else if (const auto* update = std::get_if<nas::configuration_update_command>(&gmm->message_)) {
    remember_guti(update->guti_);
  } else if (const auto* reg = std::get_if<nas::registration_request>(&gmm->message_)) {
    if (auto imsi = imsi_of(reg->mobile_identity_); !imsi.empty()) ue.supi = imsi;
  } else if (const auto* idr = std::get_if<nas::identity_response>(&gmm->message_)) {
    if (auto imsi = imsi_of(idr->mobile_identity_); !imsi.empty()) ue.supi = imsi;
  } else if (const auto* auth = std::get_if<nas::authentication_request>(&gmm->message_)) {
    if (!auth->rand_ || !auth->autn_) return;  // EAP-AKA' is not followed
    ue.auth = pending_auth{*auth->rand_, *auth->autn_, auth->abba_.bytes_};
    if (!keys_) return;
    // AUTN's MAC-A tells at once whether K/OPc are this subscriber's (TS 33.102 §6.3.3).
    const crypto::milenage mil(keys_->k, keys_->opc);
    const auto f = mil.f2345(*auth->rand_);
    crypto::sqn48 sqn{};
    for (std::size_t i = 0; i < 6; ++i) sqn[i] = static_cast<std::uint8_t>((*auth->autn_)[i] ^ f.ak[i]);
    const crypto::amf16 amf{(*auth->autn_)[6], (*auth->autn_)[7]};
    const auto mac = mil.f1(*auth->rand_, sqn, amf);
    if (!std::equal(mac.begin(), mac.end(), auth->autn_->begin() + 8)) {
      ue.auth->ours = false;
      r.note = "AUTN's MAC-A does not match --k/--opc: another subscriber, not followed";
    }
  }
}

bool nas_follower::activate_context(ue_state& ue, const nas::nas_pdu& smc_pdu, nas_report& r) {
  const auto* gmm = std::get_if<nas::gmm_pdu>(&smc_pdu);
  const auto* smc = gmm ? std::get_if<nas::security_mode_command>(&gmm->message_) : nullptr;
  if (!smc || !keys_) return false;
  ue.has_context = false;  // a new context replaces the old one, whether or not it can be derived
  if (!ue.auth) {
    r.note = "no Authentication Request for this UE before the Security Mode Command";
    return false;
  }
  if (!ue.auth->ours) return false;
  const std::string supi = keys_->supi.empty() ? ue.supi : keys_->supi;
  if (supi.empty()) {
    r.note = "SUPI unknown (concealed SUCI or 5G-GUTI): give --supi";
    return false;
  }
  if (ue.serving_plmn.empty()) {
    r.note = "serving PLMN unknown (no TAI in the NGAP messages of this UE)";
    return false;
  }
  const auto algorithms = smc->selected_nas_security_algorithms_;
  if (algorithms.ciphering_ > 3 || algorithms.integrity_ > 3) {
    r.note = fmt::format("unknown algorithms 5G-EA{}/5G-IA{}", algorithms.ciphering_, algorithms.integrity_);
    return false;
  }
  // TS 33.501 Annex A.2, A.6, A.7, A.8.
  const std::string snn = serving_network_name(ue.serving_plmn);
  const crypto::milenage mil(keys_->k, keys_->opc);
  const auto f = mil.f2345(ue.auth->rand);
  std::array<std::uint8_t, 6> sqn_xor_ak{};
  std::copy_n(ue.auth->autn.begin(), 6, sqn_xor_ak.begin());
  const auto kausf = security::derive_kausf(f.ck, f.ik, snn, sqn_xor_ak);
  const auto kseaf = security::derive_kseaf(kausf, snn);
  const auto kamf = security::derive_kamf(kseaf, supi, ue.auth->abba);
  ue.knas_int =
      security::derive_algorithm_key(kamf, security::algorithm_distinguisher::n_nas_int, algorithms.integrity_);
  ue.knas_enc =
      security::derive_algorithm_key(kamf, security::algorithm_distinguisher::n_nas_enc, algorithms.ciphering_);
  ue.nea = algorithms.ciphering_;
  ue.nia = algorithms.integrity_;
  ue.has_context = true;
  ue.ul = {};
  ue.dl = {};
  r.note = fmt::format("NAS keys derived for SUPI {} in {}", supi, snn);
  return true;
}

nas_report nas_follower::on_nas(ue_state& ue, std::uint64_t frame, bool uplink, std::span<const std::uint8_t> bytes) {
  nas_report r;
  r.frame = frame;
  r.uplink = uplink;
  auto pdu = nas::decode_nas(bytes);
  if (!pdu) {
    r.failure = "NAS decode: " + pdu.error().message();
    return r;
  }
  r.decoded = true;
  r.name = std::string(nas::message_name(*pdu));
  auto again = nas::encode_nas(*pdu);
  if (!again) {
    r.failure = "NAS encode: " + again.error().message();
    return r;
  }
  if (auto diff = compare(bytes, *again); !diff.empty()) {
    r.failure = "NAS " + r.name + ": " + diff;
    return r;
  }
  const auto* prot = std::get_if<nas::protected_pdu>(&*pdu);
  if (!prot) {
    r.identical = true;
    learn(ue, *pdu, r);
    r.plain = std::move(*pdu);
    return r;
  }
  using sht = nas::security_header_type;
  const bool ciphered = prot->security_header_type_ == sht::integrity_protected_and_ciphered ||
                        prot->security_header_type_ == sht::integrity_protected_and_ciphered_with_new_context;
  // A Security Mode Command (integrity protected with a new context, so its
  // payload is plain) brings the keys the MAC is checked with.
  if (prot->security_header_type_ == sht::integrity_protected_with_new_context && !uplink) {
    std::optional<nas::nas_pdu> smc;
    if (check_plain(prot->payload_, smc).empty() && smc) activate_context(ue, *smc, r);
  }
  std::vector<std::uint8_t> plain_bytes;
  if (!keys_ || !ue.has_context) {
    r.mac = keys_ ? mac_check::no_context : mac_check::no_keys;
    if (!ciphered) plain_bytes = prot->payload_;
    // Without keys a ciphered payload is read only when it was null-ciphered:
    // it then decodes and re-encodes as itself.
    if (ciphered) {
      std::optional<nas::nas_pdu> inner;
      if (check_plain(prot->payload_, inner).empty()) plain_bytes = prot->payload_;
    }
  } else {
    auto& counter = uplink ? ue.ul : ue.dl;
    nas::nas_protection_params p;
    p.knas_int = ue.knas_int;
    p.knas_enc = ue.knas_enc;
    p.integrity = static_cast<crypto::nia>(ue.nia);
    p.ciphering = static_cast<crypto::nea>(ue.nea);
    p.count = counter.estimate(prot->sequence_number_);
    p.direction = uplink ? 0 : 1;
    // BEARER for 3GPP access: 1, as every implementation in the shared captures
    // (free5GC and Open5GS AMFs, UERANSIM UEs) computes it; with 0 none of
    // their MACs verifies.
    p.bearer = nas::nas_connection_identifier_3gpp;
    r.algorithms = fmt::format("128-NEA{}/128-NIA{}", ue.nea, ue.nia);
    auto u = nas::verify_and_decipher(bytes, p);
    if (!u) {
      r.failure = "NAS security: " + u.error().message();
      return r;
    }
    r.count = u->count_;
    r.mac = u->mac_valid_ ? mac_check::ok : mac_check::bad;
    if (u->mac_valid_) {
      counter.any = true;
      counter.last = u->count_;
      r.deciphered = ciphered;
    }
    plain_bytes = std::move(u->plain_);
  }
  if (plain_bytes.empty()) {
    r.identical = true;  // the outer PDU re-encoded identically; the ciphertext cannot be read
    return r;
  }
  std::optional<nas::nas_pdu> inner;
  if (auto failure = check_plain(plain_bytes, inner); !failure.empty()) {
    // A payload deciphered with a wrong MAC is noise, not a codec failure.
    if (r.mac == mac_check::bad) {
      r.identical = true;
      r.deciphered = false;
      return r;
    }
    r.failure = "NAS inner message: " + failure;
    return r;
  }
  r.identical = true;
  r.name = std::string(nas::message_name(*inner));
  learn(ue, *inner, r);
  r.plain = std::move(inner);
  return r;
}

}  // namespace meridian::app
