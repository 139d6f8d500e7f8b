// The NAS PDU: TS 24.007 §11.2.3.1.1 extended protocol discriminator, TS 24.501
// §9.1–9.3 headers, the security-protected outer form (§9.1.1), payload
// container contents (§9.11.3.39) and the causes of §7 for a failed decode.

#include "internal.hpp"
#include "meridian/nas/nas.hpp"

namespace meridian::nas {

namespace {

decode_result<nas_pdu> decode_impl(std::span<const std::uint8_t> bytes, std::size_t base, bool allow_protected) {
  byte_reader r(bytes, base);
  auto epd = r.u8("extended protocol discriminator");
  if (!epd) return std::unexpected(epd.error());
  if (*epd == static_cast<std::uint8_t>(extended_protocol_discriminator::mobility_management_5gs)) {
    const std::size_t sht_at = r.offset();
    auto h = r.u8("security header type");
    if (!h) return std::unexpected(h.error());
    const std::uint8_t sht = *h & 0x0f;
    if (sht == 0) {
      const std::size_t type_at = r.offset();
      auto type = r.u8("message type");
      if (!type) return std::unexpected(type.error());
      auto m = detail::decode_gmm(*type, r, type_at);
      if (!m) return std::unexpected(m.error());
      return nas_pdu(gmm_pdu{std::move(*m), static_cast<std::uint8_t>(*h >> 4)});
    }
    if (sht > 4) return std::unexpected(decode_error{decode_errc::invalid_value, sht_at, "security header type"});
    if (!allow_protected)
      return std::unexpected(decode_error{decode_errc::invalid_value, sht_at, "security header type (nested)"});
    protected_pdu p;
    p.security_header_type_ = static_cast<security_header_type>(sht);
    p.spare_half_octet_ = *h >> 4;
    auto mac = r.bytes(4, "message authentication code");
    if (!mac) return std::unexpected(mac.error());
    for (std::size_t i = 0; i < 4; ++i) p.mac_[i] = (*mac)[i];
    auto sqn = r.u8("sequence number");
    if (!sqn) return std::unexpected(sqn.error());
    p.sequence_number_ = *sqn;
    auto rest = r.rest();
    if (rest.empty()) return std::unexpected(r.error(decode_errc::truncated, "plain NAS message"));
    p.payload_.assign(rest.begin(), rest.end());
    return nas_pdu(std::move(p));
  }
  if (*epd == static_cast<std::uint8_t>(extended_protocol_discriminator::session_management_5gs)) {
    gsm_pdu p;
    auto psi = r.u8("PDU session identity");
    if (!psi) return std::unexpected(psi.error());
    auto pti = r.u8("procedure transaction identity");
    if (!pti) return std::unexpected(pti.error());
    const std::size_t type_at = r.offset();
    auto type = r.u8("message type");
    if (!type) return std::unexpected(type.error());
    auto m = detail::decode_gsm(*type, r, type_at);
    if (!m) return std::unexpected(m.error());
    p.pdu_session_id_ = *psi;
    p.pti_ = *pti;
    p.message_ = std::move(*m);
    return nas_pdu(std::move(p));
  }
  return std::unexpected(decode_error{decode_errc::invalid_value, base, "extended protocol discriminator"});
}

}  // namespace

decode_result<nas_pdu> decode_nas(std::span<const std::uint8_t> bytes, std::size_t base_offset) {
  return decode_impl(bytes, base_offset, true);
}

decode_result<nas_pdu> decode_plain_nas(std::span<const std::uint8_t> bytes, std::size_t base_offset) {
  return decode_impl(bytes, base_offset, false);
}

encode_result<std::vector<std::uint8_t>> encode_nas(const nas_pdu& pdu) {
  byte_writer w;
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, gmm_pdu>) {
          w.u8(static_cast<std::uint8_t>(extended_protocol_discriminator::mobility_management_5gs));
          w.u8(static_cast<std::uint8_t>((p.spare_half_octet_ & 0x0f) << 4));
          detail::encode_gmm(w, p.message_);
        } else if constexpr (std::is_same_v<T, gsm_pdu>) {
          w.u8(static_cast<std::uint8_t>(extended_protocol_discriminator::session_management_5gs));
          w.u8(p.pdu_session_id_);
          w.u8(p.pti_);
          detail::encode_gsm(w, p.message_);
        } else {
          w.u8(static_cast<std::uint8_t>(extended_protocol_discriminator::mobility_management_5gs));
          const auto sht = static_cast<std::uint8_t>(p.security_header_type_);
          if (sht < 1 || sht > 4) w.fail({encode_errc::invalid_argument, "security header type"});
          w.u8(static_cast<std::uint8_t>(((p.spare_half_octet_ & 0x0f) << 4) | (sht & 0x0f)));
          w.bytes(p.mac_);
          w.u8(p.sequence_number_);
          if (p.payload_.empty()) w.fail({encode_errc::missing_field, "plain NAS message"});
          w.bytes(p.payload_);
        }
      },
      pdu);
  return std::move(w).finish();
}

encode_result<std::vector<std::uint8_t>> encode_nas(const gmm_message& m) { return encode_nas(nas_pdu(gmm_pdu{m})); }

encode_result<std::vector<std::uint8_t>> encode_nas(std::uint8_t pdu_session_id, std::uint8_t pti,
                                                    const gsm_message& m) {
  return encode_nas(nas_pdu(gsm_pdu{pdu_session_id, pti, m}));
}

std::string_view message_name(const gmm_message& m) { return detail::gmm_name(m); }
std::string_view message_name(const gsm_message& m) { return detail::gsm_name(m); }
std::string_view message_name(const nas_pdu& pdu) {
  if (const auto* g = std::get_if<gmm_pdu>(&pdu)) return message_name(g->message_);
  if (const auto* s = std::get_if<gsm_pdu>(&pdu)) return message_name(s->message_);
  return "Security protected NAS message";
}

/// TS 24.501 §9.11.3.39, Figure 9.11.3.39.2: entries of "multiple payloads".
decode_result<payload> decode_payload(payload_container_type type, std::span<const std::uint8_t> contents,
                                      std::size_t base_offset) {
  byte_reader r(contents, base_offset);
  if (type.value_ == payload_container_type_value::n1_sm_information) {
    auto pdu = decode_plain_nas(contents, base_offset);
    if (!pdu) return std::unexpected(pdu.error());
    if (auto* s = std::get_if<gsm_pdu>(&*pdu)) return payload(std::move(*s));
    return std::unexpected(decode_error{decode_errc::invalid_value, base_offset, "N1 SM information (not 5GSM)"});
  }
  if (type.value_ != payload_container_type_value::multiple_payloads)
    return payload(std::vector<std::uint8_t>(contents.begin(), contents.end()));
  multiple_payloads mp;
  auto count = r.u8("number of entries");
  if (!count) return std::unexpected(count.error());
  if (*count == 0) return std::unexpected(decode_error{decode_errc::invalid_value, base_offset, "number of entries"});
  for (unsigned i = 0; i < *count; ++i) {
    auto len = r.u16("payload container entry length");
    if (!len) return std::unexpected(len.error());
    auto er = r.sub(*len, "payload container entry");
    if (!er) return std::unexpected(er.error());
    auto h = er->u8("payload container entry");
    if (!h) return std::unexpected(h.error());
    payload_container_entry e;
    e.type_ = static_cast<payload_container_type_value>(*h & 0x0f);
    const unsigned opts = *h >> 4;
    for (unsigned k = 0; k < opts; ++k) {
      auto iei = er->u8("payload container entry optional IE");
      if (!iei) return std::unexpected(iei.error());
      payload_container_entry::optional_ie ie;
      ie.iei_ = *iei;
      std::size_t vlen = 0;
      if (*iei == 0x12 || *iei == 0x59) {  // PDU session ID, old PDU session ID: TV 2
        vlen = 1;
      } else if ((*iei & 0x80) != 0) {  // type 1: value in the IEI octet
        vlen = 0;
      } else {
        auto l = er->u8("optional IE length");
        if (!l) return std::unexpected(l.error());
        vlen = *l;
      }
      auto v = er->bytes(vlen, "optional IE value");
      if (!v) return std::unexpected(v.error());
      ie.value_.assign(v->begin(), v->end());
      e.optional_ies_.push_back(std::move(ie));
    }
    auto rest = er->rest();
    e.contents_.assign(rest.begin(), rest.end());
    mp.entries_.push_back(std::move(e));
  }
  if (!r.empty()) return std::unexpected(r.error(decode_errc::trailing_bytes, "multiple payloads"));
  return payload(std::move(mp));
}

encode_result<std::vector<std::uint8_t>> encode_payload(const payload& p) {
  if (const auto* s = std::get_if<gsm_pdu>(&p)) return encode_nas(nas_pdu(*s));
  if (const auto* raw = std::get_if<std::vector<std::uint8_t>>(&p)) return *raw;
  const auto& mp = std::get<multiple_payloads>(p);
  byte_writer w;
  if (mp.entries_.empty() || mp.entries_.size() > 255) w.fail({encode_errc::value_out_of_range, "number of entries"});
  w.u8(static_cast<std::uint8_t>(mp.entries_.size()));
  for (const auto& e : mp.entries_) {
    auto len = w.length(2, "payload container entry");
    if (e.optional_ies_.size() > 15) w.fail({encode_errc::value_out_of_range, "number of optional IEs"});
    w.u8(static_cast<std::uint8_t>((e.optional_ies_.size() << 4) | (static_cast<std::uint8_t>(e.type_) & 0x0f)));
    for (const auto& ie : e.optional_ies_) {
      w.u8(ie.iei_);
      if (ie.iei_ == 0x12 || ie.iei_ == 0x59 || (ie.iei_ & 0x80) != 0) {
        w.bytes(ie.value_);
      } else {
        auto l = w.length(1, "optional IE");
        w.bytes(ie.value_);
      }
    }
    w.bytes(e.contents_);
  }
  return std::move(w).finish();
}

gmm_cause gmm_cause_for(const decode_error& e) {
  switch (e.code) {
    case decode_errc::unknown_type:
      return e.what == "message type" ? gmm_cause::message_type_non_existent_or_not_implemented
                                      : gmm_cause::invalid_mandatory_information;
    case decode_errc::missing_mandatory_ie:
    case decode_errc::truncated:
    case decode_errc::invalid_length:
      return gmm_cause::invalid_mandatory_information;
    case decode_errc::invalid_value:
    case decode_errc::duplicate_ie:
    case decode_errc::trailing_bytes:
      return gmm_cause::semantically_incorrect_message;
    case decode_errc::unsupported:
      return gmm_cause::protocol_error_unspecified;
  }
  return gmm_cause::protocol_error_unspecified;
}

gsm_cause gsm_cause_for(const decode_error& e) {
  switch (gmm_cause_for(e)) {
    case gmm_cause::message_type_non_existent_or_not_implemented:
      return gsm_cause::message_type_non_existent_or_not_implemented;
    case gmm_cause::invalid_mandatory_information:
      return gsm_cause::invalid_mandatory_information;
    case gmm_cause::semantically_incorrect_message:
      return gsm_cause::semantically_incorrect_message;
    default:
      return gsm_cause::protocol_error_unspecified;
  }
}

}  // namespace meridian::nas
