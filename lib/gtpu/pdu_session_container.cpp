// TS 38.415 §5.5.2: the PDU Session Container content, both PDU types.

#include "meridian/gtpu/pdu_session_container.hpp"

#include "meridian/common/byte_reader.hpp"
#include "span_writer.hpp"

namespace meridian::gtpu {

namespace {

constexpr std::uint8_t dl_pdu_type = 0;
constexpr std::uint8_t ul_pdu_type = 1;

// Reads `octets` octets into an optional when `present`; false with err set on truncation.
template <class T>
bool read_opt(bool present, byte_reader& r, std::size_t octets, std::string_view what, std::optional<T>& out,
              std::optional<decode_error>& err) {
  if (!present || err) return true;
  if (r.remaining() < octets) {
    err = r.error(decode_errc::truncated, what);
    return false;
  }
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < octets; ++i) v = (v << 8) | *r.u8();
  out = static_cast<T>(v);
  return true;
}

decode_result<pdu_session_container> decode_dl(byte_reader& r, std::uint8_t o1) {
  dl_pdu_session_information d;
  auto o2 = r.u8("PDU Session Container QFI");
  if (!o2) return std::unexpected(o2.error());
  const bool qmp = (o1 & 0x08) != 0, snp = (o1 & 0x04) != 0, msnp = (o1 & 0x02) != 0;
  const bool ppp = (*o2 & 0x80) != 0;
  d.rqi_ = (*o2 & 0x40) != 0;
  d.qfi_ = *qfi::from(*o2 & 0x3f);
  std::optional<decode_error> err;
  if (ppp) {
    auto p = r.u8("PDU Session Container PPI");
    if (!p) return std::unexpected(p.error());
    d.ppi_ = static_cast<std::uint8_t>(*p >> 5);
  }
  read_opt(qmp, r, 8, "DL Sending Time Stamp", d.dl_sending_time_stamp_, err);
  read_opt(snp, r, 3, "DL QFI Sequence Number", d.dl_qfi_sequence_number_, err);
  read_opt(msnp, r, 4, "DL MBS QFI Sequence Number", d.dl_mbs_qfi_sequence_number_, err);
  if (err) return std::unexpected(*err);
  return pdu_session_container{d};
}

decode_result<pdu_session_container> decode_ul(byte_reader& r, std::uint8_t o1) {
  ul_pdu_session_information u;
  auto o2 = r.u8("PDU Session Container QFI");
  if (!o2) return std::unexpected(o2.error());
  const bool qmp = (o1 & 0x08) != 0, dl_delay = (o1 & 0x04) != 0, ul_delay = (o1 & 0x02) != 0, snp = (o1 & 0x01) != 0;
  const bool n3n9_delay = (*o2 & 0x80) != 0, new_ie = (*o2 & 0x40) != 0;
  u.qfi_ = *qfi::from(*o2 & 0x3f);
  std::optional<decode_error> err;
  if (qmp) {
    ul_qos_monitoring_time_stamps ts;
    std::optional<std::uint64_t> a, b, c;
    read_opt(true, r, 8, "DL Sending Time Stamp Repeated", a, err);
    read_opt(true, r, 8, "DL Received Time Stamp", b, err);
    read_opt(true, r, 8, "UL Sending Time Stamp", c, err);
    if (err) return std::unexpected(*err);
    ts.dl_sending_time_stamp_repeated_ = *a;
    ts.dl_received_time_stamp_ = *b;
    ts.ul_sending_time_stamp_ = *c;
    u.qos_monitoring_ = ts;
  }
  read_opt(dl_delay, r, 4, "DL Delay Result", u.dl_delay_result_, err);
  read_opt(ul_delay, r, 4, "UL Delay Result", u.ul_delay_result_, err);
  read_opt(snp, r, 3, "UL QFI Sequence Number", u.ul_qfi_sequence_number_, err);
  read_opt(n3n9_delay, r, 4, "N3/N9 Delay Result", u.n3_n9_delay_result_, err);
  read_opt(new_ie, r, 1, "New IE Flags", u.new_ie_flags_, err);
  if (err) return std::unexpected(*err);
  read_opt(u.new_ie_flags_ && (*u.new_ie_flags_ & 0x01) != 0, r, 4, "D1 UL PDCP Delay Result",
           u.d1_ul_pdcp_delay_result_, err);
  if (err) return std::unexpected(*err);
  return pdu_session_container{u};
}

template <class T>
void put(detail::span_writer& w, const std::optional<T>& v, std::size_t octets) {
  if (v) w.uint_be(*v, octets);
}

}  // namespace

decode_result<pdu_session_container> decode_pdu_session_container(std::span<const std::uint8_t> content,
                                                                  std::size_t base_offset) noexcept {
  // The container every G-PDU on N3 carries is the bare one (type and QFI,
  // no optional field): decoded here without the general reader, which costs
  // more than the rest of the UPF's per-packet work.
  if (content.size() >= 2) {
    const std::uint8_t t = static_cast<std::uint8_t>(content[0] >> 4);
    if (t == ul_pdu_type && (content[0] & 0x0f) == 0 && (content[1] & 0xc0) == 0) {
      ul_pdu_session_information u;
      u.qfi_ = *qfi::from(content[1] & 0x3f);
      return pdu_session_container{u};
    }
    if (t == dl_pdu_type && (content[0] & 0x0e) == 0 && (content[1] & 0x80) == 0) {
      dl_pdu_session_information d;
      d.rqi_ = (content[1] & 0x40) != 0;
      d.qfi_ = *qfi::from(content[1] & 0x3f);
      return pdu_session_container{d};
    }
  }
  byte_reader r(content, base_offset);
  auto o1 = r.u8("PDU Session Container PDU Type");
  if (!o1) return std::unexpected(o1.error());
  const std::uint8_t type = static_cast<std::uint8_t>(*o1 >> 4);
  decode_result<pdu_session_container> c =
      type == dl_pdu_type ? decode_dl(r, *o1)
      : type == ul_pdu_type
          ? decode_ul(r, *o1)
          : std::unexpected(decode_error{decode_errc::unsupported, base_offset, "PDU Session Container PDU Type"});
  // Whatever follows the fields is padding (TS 38.415 §5.5.3.x): 0..3 octets,
  // but a sender may pad to any multiple of 4, so any amount is accepted.
  return c;
}

std::size_t content_size(const pdu_session_container& c) noexcept {
  if (const auto* d = std::get_if<dl_pdu_session_information>(&c)) {
    return 2 + (d->ppi_ ? 1 : 0) + (d->dl_sending_time_stamp_ ? 8 : 0) + (d->dl_qfi_sequence_number_ ? 3 : 0) +
           (d->dl_mbs_qfi_sequence_number_ ? 4 : 0);
  }
  const auto& u = std::get<ul_pdu_session_information>(c);
  const bool new_ie = u.new_ie_flags_ || u.d1_ul_pdcp_delay_result_;
  return 2 + (u.qos_monitoring_ ? 24 : 0) + (u.dl_delay_result_ ? 4 : 0) + (u.ul_delay_result_ ? 4 : 0) +
         (u.ul_qfi_sequence_number_ ? 3 : 0) + (u.n3_n9_delay_result_ ? 4 : 0) + (new_ie ? 1 : 0) +
         (u.d1_ul_pdcp_delay_result_ ? 4 : 0);
}

std::size_t padded_content_size(const pdu_session_container& c) noexcept {
  const std::size_t n = content_size(c) + 2;  // + GTP-U length and next-type octets
  return (n + 3) / 4 * 4 - 2;
}

encode_result<std::size_t> write_pdu_session_container(const pdu_session_container& c,
                                                       std::span<std::uint8_t> out) noexcept {
  detail::span_writer w(out);
  if (const auto* d = std::get_if<dl_pdu_session_information>(&c)) {
    if ((d->ppi_ && *d->ppi_ > 7) || (d->dl_qfi_sequence_number_ && *d->dl_qfi_sequence_number_ > 0xffffff))
      return std::unexpected(encode_error{encode_errc::value_out_of_range, "DL PDU SESSION INFORMATION"});
    w.u8(static_cast<std::uint8_t>((dl_pdu_type << 4) | (d->dl_sending_time_stamp_ ? 0x08 : 0) |
                                   (d->dl_qfi_sequence_number_ ? 0x04 : 0) |
                                   (d->dl_mbs_qfi_sequence_number_ ? 0x02 : 0)));
    w.u8(static_cast<std::uint8_t>((d->ppi_ ? 0x80 : 0) | (d->rqi_ ? 0x40 : 0) | d->qfi_.value()));
    if (d->ppi_) w.u8(static_cast<std::uint8_t>(*d->ppi_ << 5));
    put(w, d->dl_sending_time_stamp_, 8);
    put(w, d->dl_qfi_sequence_number_, 3);
    put(w, d->dl_mbs_qfi_sequence_number_, 4);
  } else {
    const auto& u = std::get<ul_pdu_session_information>(c);
    if (u.ul_qfi_sequence_number_ && *u.ul_qfi_sequence_number_ > 0xffffff)
      return std::unexpected(encode_error{encode_errc::value_out_of_range, "UL QFI Sequence Number"});
    const bool new_ie = u.new_ie_flags_ || u.d1_ul_pdcp_delay_result_;
    std::uint8_t flags = u.new_ie_flags_.value_or(0);
    if (u.d1_ul_pdcp_delay_result_) flags |= 0x01;
    w.u8(static_cast<std::uint8_t>((ul_pdu_type << 4) | (u.qos_monitoring_ ? 0x08 : 0) |
                                   (u.dl_delay_result_ ? 0x04 : 0) | (u.ul_delay_result_ ? 0x02 : 0) |
                                   (u.ul_qfi_sequence_number_ ? 0x01 : 0)));
    w.u8(static_cast<std::uint8_t>((u.n3_n9_delay_result_ ? 0x80 : 0) | (new_ie ? 0x40 : 0) | u.qfi_.value()));
    if (u.qos_monitoring_) {
      w.uint_be(u.qos_monitoring_->dl_sending_time_stamp_repeated_, 8);
      w.uint_be(u.qos_monitoring_->dl_received_time_stamp_, 8);
      w.uint_be(u.qos_monitoring_->ul_sending_time_stamp_, 8);
    }
    put(w, u.dl_delay_result_, 4);
    put(w, u.ul_delay_result_, 4);
    put(w, u.ul_qfi_sequence_number_, 3);
    put(w, u.n3_n9_delay_result_, 4);
    if (new_ie) w.u8(flags);
    put(w, u.d1_ul_pdcp_delay_result_, 4);
  }
  const std::size_t padded = padded_content_size(c);
  while (w.size() < padded) w.u8(0);
  if (w.overflow()) return std::unexpected(encode_error{encode_errc::invalid_argument, "PDU Session Container buffer"});
  return w.size();
}

}  // namespace meridian::gtpu
