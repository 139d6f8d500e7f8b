// TS 29.244 §7.2.2: the PFCP message header.

#include "meridian/pfcp/header.hpp"

namespace meridian::pfcp {

decode_result<header> decode_header(byte_reader& r) noexcept {
  header h;
  auto flags = r.u8("PFCP header flags");
  if (!flags) return std::unexpected(flags.error());
  h.version_ = static_cast<std::uint8_t>(*flags >> 5);
  h.follow_on_ = (*flags & 0x04) != 0;
  const bool mp = (*flags & 0x02) != 0, s = (*flags & 0x01) != 0;
  auto type = r.u8("PFCP message type");
  if (!type) return std::unexpected(type.error());
  h.message_type_ = *type;
  auto length = r.u16("PFCP message length");
  if (!length) return std::unexpected(length.error());
  h.length_ = *length;
  if (s) {
    auto id = r.u64("SEID");
    if (!id) return std::unexpected(id.error());
    h.seid_ = *seid::from(*id);
  }
  auto seq = r.u24("sequence number");
  if (!seq) return std::unexpected(seq.error());
  h.sequence_number_ = *seq;
  auto last = r.u8("message priority");
  if (!last) return std::unexpected(last.error());
  if (mp) h.message_priority_ = static_cast<std::uint8_t>(*last >> 4);
  return h;
}

byte_writer::length_placeholder encode_header(byte_writer& w, const header& h) {
  if (h.version_ > 7 || (h.message_priority_ && *h.message_priority_ > 15))
    w.fail({encode_errc::value_out_of_range, "PFCP header"});
  w.u8(static_cast<std::uint8_t>((h.version_ << 5) | (h.follow_on_ ? 0x04 : 0) | (h.message_priority_ ? 0x02 : 0) |
                                 (h.seid_ ? 0x01 : 0)));
  w.u8(h.message_type_);
  auto len = w.length(2, "PFCP message length");
  if (h.seid_) w.u64(h.seid_->value());
  w.u24(h.sequence_number_, "sequence number");
  w.u8(static_cast<std::uint8_t>(h.message_priority_.value_or(0) << 4));
  return len;
}

}  // namespace meridian::pfcp
