// TS 29.281 §6.1: the G-PDU fast path, decode as views and encode into headroom.

#include "meridian/gtpu/gpdu.hpp"

#include "span_writer.hpp"

namespace meridian::gtpu {

std::size_t gpdu_header_size(const gpdu_header_params& p) noexcept {
  std::size_t n = mandatory_header_size;
  if (p.sequence_number_ || p.pdu_session_container_) n += 4;
  if (p.pdu_session_container_) n += 2 + padded_content_size(*p.pdu_session_container_);
  return n;
}

encode_result<std::span<std::uint8_t>> prepend_gpdu_header(std::span<std::uint8_t> buffer, std::size_t payload_offset,
                                                           std::size_t payload_size,
                                                           const gpdu_header_params& p) noexcept {
  const std::size_t hsize = gpdu_header_size(p);
  if (payload_offset < hsize || payload_offset > buffer.size() || payload_size > buffer.size() - payload_offset)
    return std::unexpected(encode_error{encode_errc::invalid_argument, "G-PDU headroom"});
  const std::size_t length = hsize - mandatory_header_size + payload_size;
  if (length > 0xffff) return std::unexpected(encode_error{encode_errc::length_overflow, "GTP-U length"});
  auto out = buffer.subspan(payload_offset - hsize, hsize + payload_size);
  detail::span_writer w(out.first(hsize));
  const bool e = p.pdu_session_container_.has_value();
  const bool s = p.sequence_number_.has_value();
  w.u8(static_cast<std::uint8_t>(0x30 | (e ? 0x04 : 0) | (s ? 0x02 : 0)));
  w.u8(static_cast<std::uint8_t>(message_type::g_pdu));
  w.uint_be(length, 2);
  w.uint_be(p.teid_.value(), 4);
  if (e || s) {
    w.uint_be(p.sequence_number_.value_or(0), 2);
    w.u8(0);  // N-PDU number, PN not set
    w.u8(e ? extension_type::pdu_session_container : extension_type::no_more);
  }
  if (e) {
    const std::size_t content = padded_content_size(*p.pdu_session_container_);
    w.u8(static_cast<std::uint8_t>((content + 2) / 4));
    auto written = write_pdu_session_container(*p.pdu_session_container_, out.subspan(w.size(), content));
    if (!written) return std::unexpected(written.error());
    // span_writer does not know about the octets written through the subspan.
    detail::span_writer tail(out.subspan(w.size() + content, 1));
    tail.u8(extension_type::no_more);
  }
  return out;
}

decode_result<header_view> decode_gpdu(std::span<const std::uint8_t> packet) noexcept {
  auto h = decode_header(packet);
  if (!h) return h;
  if (h->message_type_ != static_cast<std::uint8_t>(message_type::g_pdu))
    return std::unexpected(decode_error{decode_errc::unknown_type, 1, "G-PDU message type"});
  return h;
}

}  // namespace meridian::gtpu
