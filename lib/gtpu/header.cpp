// TS 29.281 §5.1 (header) and §5.2 (extension header chain), decoded without
// allocating: every G-PDU on the UPF data path goes through decode_header().

#include "meridian/gtpu/header.hpp"

#include "meridian/common/byte_reader.hpp"

namespace meridian::gtpu {

std::string_view to_string(message_type t) noexcept {
  switch (t) {
    case message_type::echo_request:
      return "echo_request";
    case message_type::echo_response:
      return "echo_response";
    case message_type::error_indication:
      return "error_indication";
    case message_type::supported_extension_headers_notification:
      return "supported_extension_headers_notification";
    case message_type::end_marker:
      return "end_marker";
    case message_type::g_pdu:
      return "g_pdu";
  }
  return "unknown";
}

bool extension_type::is_known(std::uint8_t type) noexcept {
  switch (type) {
    case service_class_indicator:
    case udp_port:
    case ran_container:
    case long_pdcp_pdu_number:
    case xw_ran_container:
    case nr_ran_container:
    case pdu_session_container:
    case pdcp_pdu_number:
      return true;
    default:
      return false;
  }
}

decode_result<header_view> decode_header(std::span<const std::uint8_t> packet) noexcept {
  byte_reader r(packet);
  header_view h;
  auto flags = r.u8("GTP-U flags");
  if (!flags) return std::unexpected(flags.error());
  // Version 1 and PT 1 (GTP, not GTP'), TS 29.281 §5.1.
  if ((*flags >> 5) != 1 || (*flags & 0x10) == 0)
    return std::unexpected(decode_error{decode_errc::invalid_value, 0, "GTP-U version/PT"});
  h.flags_ = *flags;
  auto type = r.u8("GTP-U message type");
  if (!type) return std::unexpected(type.error());
  h.message_type_ = *type;
  auto length = r.u16("GTP-U length");
  if (!length) return std::unexpected(length.error());
  auto id = r.u32("TEID");
  if (!id) return std::unexpected(id.error());
  h.teid_ = *teid::from(*id);
  // The Length counts everything after the mandatory 8 octets.
  auto payload = r.sub(*length, "GTP-U payload (Length)");
  if (!payload) return std::unexpected(payload.error());
  // Octets after the Length's end are not part of the message (TS 29.281 §5.1:
  // the Length alone delimits it). Some gNBs pad datagrams to a fixed size, so
  // the message is kept and the padding reported for the caller to count.
  h.trailing_octets_ = r.remaining();
  byte_reader p = *payload;

  if (h.has_optional_part()) {
    auto seq = p.u16("sequence number");
    if (!seq) return std::unexpected(seq.error());
    auto npdu = p.u8("N-PDU number");
    if (!npdu) return std::unexpected(npdu.error());
    auto next = p.u8("next extension header type");
    if (!next) return std::unexpected(next.error());
    h.sequence_number_ = *seq;
    h.n_pdu_number_ = *npdu;
    // The next-type octet is only meaningful with E (§5.1).
    if (h.e()) h.first_extension_type_ = *next;
  }

  const std::size_t chain_start = p.offset();
  std::size_t type_at = chain_start - 1;  // where the current type octet is
  std::uint8_t ext = h.first_extension_type_;
  while (ext != extension_type::no_more) {
    auto units = p.peek_u8("extension header length");
    if (!units) return std::unexpected(units.error());
    if (*units == 0) return std::unexpected(p.error(decode_errc::invalid_length, "extension header length"));
    const std::size_t total = std::size_t{*units} * 4;
    const std::size_t at = p.offset();
    auto hdr = p.bytes(total, "extension header");
    if (!hdr) return std::unexpected(hdr.error());
    auto content = hdr->subspan(1, total - 2);
    if (ext == extension_type::pdu_session_container) {
      if (!h.pdu_session_container_) {
        auto c = decode_pdu_session_container(content, at + 1);
        if (!c) return std::unexpected(c.error());
        h.pdu_session_container_ = *c;
      }
    } else if (ext == extension_type::udp_port) {
      // TS 29.281 §5.2.2.1: length 1, the port in the first two content octets.
      h.udp_port_ = static_cast<std::uint16_t>((content[0] << 8) | content[1]);
    } else if (!extension_type::is_known(ext) && extension_type::comprehension_required(ext)) {
      return std::unexpected(
          decode_error{decode_errc::unsupported, type_at, "extension header (comprehension required)"});
    }
    type_at = at + total - 1;
    ext = (*hdr)[total - 1];
  }
  h.extension_headers_ = packet.subspan(chain_start, p.offset() - chain_start);
  h.body_offset_ = p.offset();
  h.body_ = p.rest();
  return h;
}

}  // namespace meridian::gtpu
