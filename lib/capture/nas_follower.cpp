#include "meridian/capture/nas_follower.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "meridian/capture/ngap_nas.hpp"
#include "meridian/nas/security.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/key_hierarchy.hpp"

namespace meridian::capture {

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

// TS 24.008 §10.5.1.3: the PLMN identity's BCD digits as "MCC/MNC", or "" when not digits.
std::string plmn_text(std::span<const std::uint8_t, 3> p) {
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

// The AMF's end of the association: NGAP's well-known port is the AMF's (TS 38.412 §7).
const std::string& amf_endpoint(const captured_message& m) {
  const auto ends_with_port = [](const std::string& s) { return s.size() > 6 && s.ends_with(":38412"); };
  return ends_with_port(m.src_) ? m.src_ : m.dst_;
}

std::string imsi_of(const nas::mobile_identity& id) {
  if (const auto* s = std::get_if<nas::suci_imsi>(&id.value_); s && s->protection_scheme_ == 0) {
    const std::string msin = s->msin();
    if (!msin.empty()) return std::string(s->plmn_.digits()) + msin;
  }
  return {};
}

bool ciphered(nas::security_header_type t) {
  using sht = nas::security_header_type;
  return t == sht::integrity_protected_and_ciphered || t == sht::integrity_protected_and_ciphered_with_new_context;
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
  if (!last_) return sequence_number;
  return security::estimate_nas_count(*last_, sequence_number) & 0xffffffu;
}

nas_follower::ue_state& nas_follower::ue_for(const captured_message& m, std::optional<std::uint64_t> amf,
                                             std::optional<std::uint64_t> ran,
                                             std::optional<std::uint32_t> five_g_tmsi) {
  const std::string association = std::min(m.src_, m.dst_) + "-" + std::max(m.src_, m.dst_);
  const std::string ran_key = ran ? fmt::format("{}|{}", association, *ran) : std::string{};
  const std::string amf_key = amf ? fmt::format("{}|{}", amf_endpoint(m), *amf) : std::string{};
  std::optional<std::size_t> at;
  // The AMF UE NGAP ID survives a handover to another gNB; the RAN one does not.
  if (amf)
    if (auto it = by_amf_id_.find(amf_key); it != by_amf_id_.end()) at = it->second;
  if (!at && ran)
    if (auto it = by_ran_id_.find(ran_key); it != by_ran_id_.end()) at = it->second;
  // A UE back from idle (a new NG connection) names itself by its 5G-S-TMSI (TS 38.413 §9.3.3.20).
  if (!at && five_g_tmsi)
    if (auto it = by_tmsi_.find(*five_g_tmsi); it != by_tmsi_.end()) at = it->second;
  if (!at) {
    at = ues_.size();
    ues_.emplace_back();
  }
  if (ran) by_ran_id_[ran_key] = *at;
  if (amf) by_amf_id_[amf_key] = *at;
  return ues_[*at];
}

std::vector<nas_report> nas_follower::on_ngap(const captured_message& m, const ngap::ngap_pdu& pdu) {
  std::vector<nas_report> out;
  const auto view = nas_of(pdu);
  if (view.nas_pdus_.empty()) return out;
  auto& ue = ue_for(m, view.amf_ue_ngap_id_, view.ran_ue_ngap_id_, view.five_g_tmsi_);
  if (view.tai_plmn_)
    if (auto plmn = plmn_text(*view.tai_plmn_); !plmn.empty()) ue.serving_plmn_ = plmn;
  for (const auto nas_pdu : view.nas_pdus_) out.push_back(on_nas(ue, m.frame_, view.uplink_, nas_pdu));
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
    if (auto imsi = imsi_of(reg->mobile_identity_); !imsi.empty()) ue.supi_ = imsi;
  } else if (const auto* idr = std::get_if<nas::identity_response>(&gmm->message_)) {
    if (auto imsi = imsi_of(idr->mobile_identity_); !imsi.empty()) ue.supi_ = imsi;
  } else if (const auto* auth = std::get_if<nas::authentication_request>(&gmm->message_)) {
    if (!auth->rand_ || !auth->autn_) return;  // EAP-AKA' is not followed
    ue.auth_ = pending_auth{*auth->rand_, *auth->autn_, auth->abba_.bytes_};
    if (!keys_) return;
    // AUTN's MAC-A tells at once whether K/OPc are this subscriber's (TS 33.102 §6.3.3).
    if (!security::autn_mac_verifies(keys_->k_, keys_->opc_, *auth->rand_, *auth->autn_)) {
      ue.auth_->ours_ = false;
      r.note_ = "AUTN's MAC-A does not match --k/--opc: another subscriber, not followed";
    }
  }
}

void nas_follower::activate_context(ue_state& ue, const nas::nas_pdu& smc_pdu, nas_report& r) {
  const auto* gmm = std::get_if<nas::gmm_pdu>(&smc_pdu);
  const auto* smc = gmm ? std::get_if<nas::security_mode_command>(&gmm->message_) : nullptr;
  if (!smc || !keys_) return;
  ue.context_.reset();  // a new context replaces the old one, whether or not it can be derived
  if (!ue.auth_) {
    r.note_ = "no Authentication Request for this UE before the Security Mode Command";
    return;
  }
  if (!ue.auth_->ours_) return;
  const std::string supi = keys_->supi_.empty() ? ue.supi_ : keys_->supi_;
  if (supi.empty()) {
    r.note_ = "SUPI unknown (concealed SUCI or 5G-GUTI): give --supi";
    return;
  }
  if (ue.serving_plmn_.empty()) {
    r.note_ = "serving PLMN unknown (no TAI in the NGAP messages of this UE)";
    return;
  }
  const auto algorithms = smc->selected_nas_security_algorithms_;
  if (algorithms.ciphering_ > 3 || algorithms.integrity_ > 3) {
    r.note_ = fmt::format("unknown algorithms 5G-EA{}/5G-IA{}", algorithms.ciphering_, algorithms.integrity_);
    return;
  }
  // TS 33.501 Annex A.2, A.6, A.7, A.8. The follower sees both directions;
  // it holds the context as the network does.
  const std::string snn = serving_network_name(ue.serving_plmn_);
  const auto kausf = security::derive_kausf_of_challenge(keys_->k_, keys_->opc_, ue.auth_->rand_, ue.auth_->autn_, snn);
  const auto kseaf = security::derive_kseaf(kausf, snn);
  const auto kamf = security::derive_kamf(kseaf, supi, ue.auth_->abba_);
  // BEARER for 3GPP access: 1, as every implementation in the shared captures
  // (free5GC and Open5GS AMFs, UERANSIM UEs) computes it; with 0 none of
  // their MACs verifies.
  ue.context_ = security::nas_security_context::from_kamf(
      security::nas_role::network, kamf, static_cast<crypto::nia>(algorithms.integrity_),
      static_cast<crypto::nea>(algorithms.ciphering_), security::nas_connection_identifier_3gpp, smc->ngksi_.ksi_);
  ue.ul_ = {};
  ue.dl_ = {};
  r.note_ = fmt::format("NAS keys derived for SUPI {} in {}", supi, snn);
}

nas_report nas_follower::on_nas(ue_state& ue, std::uint64_t frame, bool uplink, std::span<const std::uint8_t> bytes) {
  nas_report r;
  r.frame_ = frame;
  r.uplink_ = uplink;
  auto pdu = nas::decode_nas(bytes);
  if (!pdu) {
    r.failure_ = "NAS decode: " + pdu.error().message();
    return r;
  }
  r.decoded_ = true;
  r.name_ = std::string(nas::message_name(*pdu));
  auto again = nas::encode_nas(*pdu);
  if (!again) {
    r.failure_ = "NAS encode: " + again.error().message();
    return r;
  }
  if (auto diff = compare(bytes, *again); !diff.empty()) {
    r.failure_ = "NAS " + r.name_ + ": " + diff;
    return r;
  }
  const auto* prot = std::get_if<nas::protected_pdu>(&*pdu);
  if (!prot) {
    r.identical_ = true;
    learn(ue, *pdu, r);
    r.plain_ = std::move(*pdu);
    return r;
  }
  const bool is_ciphered = ciphered(prot->security_header_type_);
  // A Security Mode Command (integrity protected with a new context, so its
  // payload is plain) brings the keys the MAC is checked with.
  if (prot->security_header_type_ == nas::security_header_type::integrity_protected_with_new_context && !uplink) {
    std::optional<nas::nas_pdu> smc;
    if (check_plain(prot->payload_, smc).empty() && smc) activate_context(ue, *smc, r);
  }
  std::vector<std::uint8_t> plain_bytes;
  if (!keys_ || !ue.context_) {
    r.mac_ = keys_ ? mac_check::no_context : mac_check::no_keys;
    if (!is_ciphered) plain_bytes = prot->payload_;
    // Without keys a ciphered payload is read only when it was null-ciphered:
    // it then decodes and re-encodes as itself.
    if (is_ciphered) {
      std::optional<nas::nas_pdu> inner;
      if (check_plain(prot->payload_, inner).empty()) plain_bytes = prot->payload_;
    }
  } else {
    auto& counter = uplink ? ue.ul_ : ue.dl_;
    const auto& ctx = *ue.context_;
    const auto count = counter.estimate(prot->sequence_number_);
    r.algorithms_ =
        fmt::format("128-NEA{}/128-NIA{}", static_cast<int>(ctx.ciphering()), static_cast<int>(ctx.integrity()));
    auto u = nas::verify_and_decipher(
        bytes, nas::protection_params(ctx, count, uplink ? security::direction_uplink : security::direction_downlink));
    if (!u) {
      r.failure_ = "NAS security: " + u.error().message();
      return r;
    }
    r.count_ = u->count_;
    r.mac_ = u->mac_valid_ ? mac_check::ok : mac_check::bad;
    if (u->mac_valid_) {
      counter.last_ = u->count_;
      r.deciphered_ = is_ciphered;
    }
    plain_bytes = std::move(u->plain_);
  }
  if (plain_bytes.empty()) {
    r.identical_ = true;  // the outer PDU re-encoded identically; the ciphertext cannot be read
    return r;
  }
  std::optional<nas::nas_pdu> inner;
  if (auto failure = check_plain(plain_bytes, inner); !failure.empty()) {
    // A payload deciphered with a wrong MAC is noise, not a codec failure.
    if (r.mac_ == mac_check::bad) {
      r.identical_ = true;
      r.deciphered_ = false;
      return r;
    }
    r.failure_ = "NAS inner message: " + failure;
    return r;
  }
  r.identical_ = true;
  r.name_ = std::string(nas::message_name(*inner));
  learn(ue, *inner, r);
  r.plain_ = std::move(inner);
  return r;
}

}  // namespace meridian::capture
