// Decoding received N2 octets and choosing the TS 38.413 §10 answer to those
// that cannot be processed.

#include "meridian/n2/n2_messages.hpp"

#include <fmt/format.h>

namespace meridian::n2 {

std::optional<pdu_header> peek_header(std::span<const std::uint8_t> bytes) noexcept {
  // X.691 ALIGNED: octet 0 = extension bit, 2-bit CHOICE index, padding;
  // octet 1 = procedureCode INTEGER (0..255).
  if (bytes.size() < 2) return std::nullopt;
  if ((bytes[0] & 0x80) != 0) return std::nullopt;
  const unsigned index = (bytes[0] >> 5) & 0x03;
  if (index > 2) return std::nullopt;
  return pdu_header{static_cast<ngap::triggering_message>(index), bytes[1]};
}

ngap::cause_protocol cause_for_decode_error(const decode_error& e) noexcept {
  switch (e.code) {
    case decode_errc::missing_mandatory_ie:
      // §10.3.5: a missing IE of criticality "reject" makes the procedure fail.
      return ngap::cause_protocol::abstract_syntax_error_reject;
    case decode_errc::duplicate_ie:
      // §10.3.6: IEs with too many occurrences.
      return ngap::cause_protocol::abstract_syntax_error_falsely_constructed_message;
    case decode_errc::unknown_type:
      return ngap::cause_protocol::abstract_syntax_error_reject;
    case decode_errc::truncated:
    case decode_errc::invalid_value:
    case decode_errc::invalid_length:
    case decode_errc::trailing_bytes:
    case decode_errc::unsupported:
      // §10.2: the message cannot be decoded (value ranges, size constraints, length).
      return ngap::cause_protocol::transfer_syntax_error;
  }
  return ngap::cause_protocol::transfer_syntax_error;
}

ngap::cause protocol_cause(ngap::cause_protocol c) {
  ngap::cause out;
  out.value_ = c;
  return out;
}

ngap::cause misc_cause(ngap::cause_misc c) {
  ngap::cause out;
  out.value_ = c;
  return out;
}

ngap::cause radio_network_cause(ngap::cause_radio_network c) {
  ngap::cause out;
  out.value_ = c;
  return out;
}

ngap::criticality_diagnostics diagnostics_for(const pdu_header& h) {
  ngap::criticality_diagnostics d;
  d.procedure_code_ = h.procedure;
  d.triggering_message_ = h.kind;
  return d;
}

inbound receive_ngap(std::span<const std::uint8_t> bytes) {
  inbound in;
  auto decoded = ngap::decode_ngap_pdu(bytes);
  const auto header = peek_header(bytes);
  if (!decoded) {
    in.what = inbound::verdict::error_indication;
    in.kind = inbound_problem::undecodable;
    in.decode = decoded.error();
    in.cause = protocol_cause(cause_for_decode_error(decoded.error()));
    // Diagnostics only when the procedure could be read at all.
    if (header && decoded.error().offset >= 2) in.diagnostics = diagnostics_for(*header);
    in.problem = fmt::format("undecodable NGAP ({} octets): {}", bytes.size(), decoded.error().message());
    return in;
  }
  in.pdu = std::move(*decoded);
  // §10.3.4.1: an unknown procedure code is handled by the criticality the peer gave it.
  const asn1::raw_procedure* raw = nullptr;
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (!std::is_same_v<T, asn1::unknown_extension>) raw = std::get_if<asn1::raw_procedure>(&m.value_);
      },
      in.pdu.value_);
  if (in.pdu.which() == ngap::ngap_pdu::alternative::unknown_extension) {
    in.what = inbound::verdict::error_indication;
    in.kind = inbound_problem::unknown_pdu_extension;
    in.cause = protocol_cause(ngap::cause_protocol::transfer_syntax_error);
    in.problem = "NGAP-PDU of an unknown CHOICE extension";
    return in;
  }
  if (raw != nullptr) {
    in.kind = inbound_problem::unknown_procedure;
    in.problem = fmt::format("unknown procedure code {}", raw->code_);
    switch (raw->criticality_) {
      case asn1::ie_criticality::ignore:
        in.what = inbound::verdict::ignore;
        return in;
      case asn1::ie_criticality::notify:
        in.what = inbound::verdict::error_indication;
        in.cause = protocol_cause(ngap::cause_protocol::abstract_syntax_error_ignore_and_notify);
        break;
      case asn1::ie_criticality::reject:
        in.what = inbound::verdict::error_indication;
        in.cause = protocol_cause(ngap::cause_protocol::abstract_syntax_error_reject);
        break;
    }
    if (header) {
      in.diagnostics = diagnostics_for(*header);
      in.diagnostics->procedure_criticality_ = static_cast<ngap::criticality>(raw->criticality_);
    }
  }
  return in;
}

std::string_view to_string(inbound_problem p) noexcept {
  switch (p) {
    case inbound_problem::none:
      return "none";
    case inbound_problem::undecodable:
      return "undecodable";
    case inbound_problem::unknown_pdu_extension:
      return "unknown NGAP-PDU extension";
    case inbound_problem::unknown_procedure:
      return "unknown procedure";
  }
  return "?";
}

ngap::ngap_pdu make_error_indication(const ngap::cause& c, std::optional<ngap::criticality_diagnostics> d) {
  ngap::error_indication ei;
  ei.cause_ = c;
  ei.criticality_diagnostics_ = std::move(d);
  ngap::initiating_message im;
  im.value_ = std::move(ei);
  ngap::ngap_pdu pdu;
  pdu.value_ = std::move(im);
  return pdu;
}

std::vector<std::uint8_t> encode(const ngap::ngap_pdu& pdu) {
  auto bytes = ngap::encode_ngap_pdu(pdu);
  if (!bytes) return {};
  return std::move(*bytes);
}

std::string message_name(std::span<const std::uint8_t> bytes) {
  const auto h = peek_header(bytes);
  if (!h) return "undecodable octets";
  struct row {
    ngap::procedure_code code;
    const char* names[3];
  };
  static constexpr row rows[] = {
      {ngap::id_ng_setup, {"NGSetupRequest", "NGSetupResponse", "NGSetupFailure"}},
      {ngap::id_ng_reset, {"NGReset", "NGResetAcknowledge", "NGReset unsuccessful outcome"}},
      {ngap::id_error_indication, {"ErrorIndication", "ErrorIndication successful outcome", "ErrorIndication failure"}},
      {ngap::id_ran_configuration_update,
       {"RANConfigurationUpdate", "RANConfigurationUpdateAcknowledge", "RANConfigurationUpdateFailure"}},
      {ngap::id_amf_configuration_update,
       {"AMFConfigurationUpdate", "AMFConfigurationUpdateAcknowledge", "AMFConfigurationUpdateFailure"}},
  };
  for (const auto& r : rows)
    if (r.code == h->procedure) return r.names[static_cast<int>(h->kind)];
  static constexpr const char* kinds[] = {"initiating message", "successful outcome", "unsuccessful outcome"};
  return fmt::format("procedure {} {}", h->procedure, kinds[static_cast<int>(h->kind)]);
}

std::string to_string(const ngap::cause& c) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, ngap::cause_radio_network>)
          return fmt::format("radio-network: {}", ngap::to_string(v));
        else if constexpr (std::is_same_v<T, ngap::cause_transport>)
          return fmt::format("transport: {}", ngap::to_string(v));
        else if constexpr (std::is_same_v<T, ngap::cause_nas>)
          return fmt::format("nas: {}", ngap::to_string(v));
        else if constexpr (std::is_same_v<T, ngap::cause_protocol>)
          return fmt::format("protocol: {}", ngap::to_string(v));
        else if constexpr (std::is_same_v<T, ngap::cause_misc>)
          return fmt::format("misc: {}", ngap::to_string(v));
        else
          return "cause extension";
      },
      c.value_);
}

bool is_printable_string(std::string_view text) noexcept {
  for (const char ch : text) {
    const bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == ' ' ||
                    ch == '\'' || ch == '(' || ch == ')' || ch == '+' || ch == ',' || ch == '-' || ch == '.' ||
                    ch == '/' || ch == ':' || ch == '=' || ch == '?';
    if (!ok) return false;
  }
  return true;
}

}  // namespace meridian::n2
