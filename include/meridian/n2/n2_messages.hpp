#pragma once
// What both ends of N2 do with received octets before any procedure logic:
// decode, and when that fails choose the Error Indication cause that
// TS 38.413 §10 gives for the kind of error. Plus the builders and names both
// ends share. Pure functions: no sockets, no logging.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "meridian/common/result.hpp"
#include "meridian/ngap/ngap.hpp"

namespace meridian::n2 {

/// The first octets of an NGAP-PDU (X.691 ALIGNED): the CHOICE index and the
/// procedure code, readable even when the rest of the message is not.
struct pdu_header {
  ngap::triggering_message kind = ngap::triggering_message::initiating_message;
  ngap::procedure_code procedure = 0;
};
std::optional<pdu_header> peek_header(std::span<const std::uint8_t> bytes) noexcept;

/// Why received octets cannot go to the procedures. Callers decide (which
/// counter, which log kind) on this value, never on the log text.
enum class inbound_problem : std::uint8_t {
  none,                   ///< decoded: `pdu` holds the message
  undecodable,            ///< the codec refused the octets (`decode` says what and where)
  unknown_pdu_extension,  ///< an NGAP-PDU CHOICE alternative beyond this release's root
  unknown_procedure,      ///< a procedure code this release does not define (§10.3.4.1)
};
std::string_view to_string(inbound_problem p) noexcept;

/// Received octets after decoding: either a PDU to hand to the procedures, or
/// the Error Indication cause to answer with (TS 38.413 §10), or nothing to do.
struct inbound {
  enum class verdict : std::uint8_t {
    process,           ///< `pdu` holds the message
    error_indication,  ///< answer with an Error Indication carrying `cause` (and `diagnostics`)
    ignore,            ///< an unknown procedure of criticality "ignore" (§10.3.4.1): drop silently
  };
  verdict what = verdict::process;
  inbound_problem kind = inbound_problem::none;
  /// The codec's error when kind == undecodable.
  std::optional<decode_error> decode;
  ngap::ngap_pdu pdu;
  ngap::cause cause;
  std::optional<ngap::criticality_diagnostics> diagnostics;
  std::string problem;  ///< for the log line, empty when processed
};

inbound receive_ngap(std::span<const std::uint8_t> bytes);

/// TS 38.413 §10: the protocol cause for a message the codec could not decode.
/// Octets that are no valid APER of the NGAP-PDU are a transfer syntax error
/// (§10.2); a missing mandatory IE, repeated IE or unknown IE id is an
/// abstract syntax error (§10.3), "falsely constructed message" for wrong
/// occurrences and "reject" for a missing mandatory IE.
ngap::cause_protocol cause_for_decode_error(const decode_error& e) noexcept;

ngap::cause protocol_cause(ngap::cause_protocol c);
ngap::cause misc_cause(ngap::cause_misc c);
ngap::cause radio_network_cause(ngap::cause_radio_network c);

/// Criticality Diagnostics naming the procedure and message that was not accepted.
ngap::criticality_diagnostics diagnostics_for(const pdu_header& h);

/// Wraps message `m` as the NGAP-PDU alternative `Outcome` (initiating_message,
/// successful_outcome or unsuccessful_outcome).
template <class Outcome, class Message>
ngap::ngap_pdu make_pdu(Message m) {
  Outcome o;
  o.value_ = std::move(m);
  ngap::ngap_pdu pdu;
  pdu.value_ = std::move(o);
  return pdu;
}

/// The message of type `Message` if `pdu` is that alternative `Outcome`
/// carrying it, else null: `message_as<ngap::successful_outcome, ngap::ng_setup_response>(pdu)`.
template <class Outcome, class Message>
const Message* message_as(const ngap::ngap_pdu& pdu) noexcept {
  const auto* o = std::get_if<Outcome>(&pdu.value_);
  return o ? std::get_if<Message>(&o->value_) : nullptr;
}

/// TS 38.413 §9.2.3.1 Error Indication (non-UE-associated).
ngap::ngap_pdu make_error_indication(const ngap::cause& c, std::optional<ngap::criticality_diagnostics> d = {});

/// The PDU's octets; an empty vector when the encoder refused it (a bug in
/// what this process built, never something a peer sent).
std::vector<std::uint8_t> encode(const ngap::ngap_pdu& pdu);

/// "NGSetupRequest", "ErrorIndication", ... for the messages of the N2
/// management procedures; "procedure 15 initiating message" otherwise.
std::string message_name(std::span<const std::uint8_t> bytes);
/// "protocol: transfer-syntax-error"
std::string to_string(const ngap::cause& c);

/// X.680 §41.4 Table 10: whether every character of `text` is in the
/// PrintableString alphabet (A-Z a-z 0-9 space ' ( ) + , - . / : = ?). The
/// NGAP codec passes the octets through as they came, so procedures check
/// names (RANNodeName, AMFName) with this before using them.
bool is_printable_string(std::string_view text) noexcept;

}  // namespace meridian::n2
