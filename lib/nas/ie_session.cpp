// Session IEs: DNN (TS 24.501 §9.11.2.1B), PDU address (§9.11.4.10),
// Session-AMBR (§9.11.4.14).

#include <cstdint>

#include "meridian/nas/ies.hpp"

namespace meridian::nas {

/// TS 23.003 §9.1: each label is a length octet and that many characters.
decode_result<dnn> dnn::decode(byte_reader& r) {
  dnn out;
  if (r.empty()) return std::unexpected(r.error(decode_errc::invalid_length, "DNN"));
  while (!r.empty()) {
    const std::size_t at = r.offset();
    const std::uint8_t len = *r.u8();
    if (len == 0) return std::unexpected(decode_error{decode_errc::invalid_value, at, "DNN label length"});
    auto label = r.bytes(len, "DNN label");
    if (!label) return std::unexpected(label.error());
    if (!out.value_.empty()) out.value_.push_back('.');
    for (std::uint8_t c : *label) {
      if (c == '.') return std::unexpected(decode_error{decode_errc::invalid_value, at, "DNN label"});
      out.value_.push_back(static_cast<char>(c));
    }
  }
  return out;
}

void dnn::encode(byte_writer& w) const {
  std::size_t start = 0;
  if (value_.empty()) w.fail({encode_errc::value_out_of_range, "DNN"});
  while (start <= value_.size() && !value_.empty()) {
    std::size_t dot = value_.find('.', start);
    if (dot == std::string::npos) dot = value_.size();
    const std::size_t len = dot - start;
    if (len == 0 || len > 63) w.fail({encode_errc::value_out_of_range, "DNN label"});
    w.u8(static_cast<std::uint8_t>(len));
    w.bytes(std::span(reinterpret_cast<const std::uint8_t*>(value_.data() + start), len));
    start = dot + 1;
  }
}

decode_result<pdu_address> pdu_address::decode(byte_reader& r) {
  const std::size_t at = r.offset();
  auto h = r.u8("PDU address");
  if (!h) return std::unexpected(h.error());
  if ((*h & 0xf0) != 0) return std::unexpected(decode_error{decode_errc::invalid_value, at, "PDU address spare"});
  pdu_address out;
  out.si6lla_ = (*h & 0x08) != 0;
  out.type_ = static_cast<pdu_session_type_value>(*h & 0x07);
  auto take = [&]<std::size_t N>(std::optional<std::array<std::uint8_t, N>>& dst, std::string_view what) -> bool {
    auto b = r.bytes(N, what);
    if (!b) return false;
    std::array<std::uint8_t, N> a{};
    for (std::size_t i = 0; i < N; ++i) a[i] = (*b)[i];
    dst = a;
    return true;
  };
  bool ok = true;
  switch (out.type_) {
    case pdu_session_type_value::ipv4:
      ok = take(out.ipv4_, "PDU address IPv4");
      break;
    case pdu_session_type_value::ipv6:
      ok = take(out.ipv6_interface_id_, "PDU address IPv6 interface identifier");
      break;
    case pdu_session_type_value::ipv4v6:
      ok = take(out.ipv6_interface_id_, "PDU address IPv6 interface identifier") && take(out.ipv4_, "PDU address IPv4");
      break;
    default:
      return std::unexpected(decode_error{decode_errc::invalid_value, at, "PDU session type value"});
  }
  if (!ok) return std::unexpected(r.error(decode_errc::truncated, "PDU address"));
  if (out.si6lla_) {
    if (out.type_ == pdu_session_type_value::ipv4)
      return std::unexpected(decode_error{decode_errc::invalid_value, at, "SI6LLA with IPv4"});
    if (!take(out.ipv6_link_local_, "IPv6 link local address"))
      return std::unexpected(r.error(decode_errc::truncated, "IPv6 link local address"));
  }
  return out;
}

void pdu_address::encode(byte_writer& w) const {
  w.u8(static_cast<std::uint8_t>((si6lla_ ? 0x08 : 0) | (static_cast<std::uint8_t>(type_) & 0x07)));
  const bool v4 = type_ == pdu_session_type_value::ipv4 || type_ == pdu_session_type_value::ipv4v6;
  const bool v6 = type_ == pdu_session_type_value::ipv6 || type_ == pdu_session_type_value::ipv4v6;
  if (!v4 && !v6) w.fail({encode_errc::value_out_of_range, "PDU address type"});
  if (v6) {
    if (!ipv6_interface_id_)
      w.fail({encode_errc::missing_field, "PDU address IPv6 interface identifier"});
    else
      w.bytes(*ipv6_interface_id_);
  }
  if (v4) {
    if (!ipv4_)
      w.fail({encode_errc::missing_field, "PDU address IPv4"});
    else
      w.bytes(*ipv4_);
  }
  if (si6lla_) {
    if (!ipv6_link_local_)
      w.fail({encode_errc::missing_field, "IPv6 link local address"});
    else
      w.bytes(*ipv6_link_local_);
  }
}

decode_result<session_ambr> session_ambr::decode(byte_reader& r) {
  session_ambr out;
  auto du = r.u8("unit for session-AMBR for downlink");
  if (!du) return std::unexpected(du.error());
  auto d = r.u16("session-AMBR for downlink");
  if (!d) return std::unexpected(d.error());
  auto uu = r.u8("unit for session-AMBR for uplink");
  if (!uu) return std::unexpected(uu.error());
  auto u = r.u16("session-AMBR for uplink");
  if (!u) return std::unexpected(u.error());
  out.downlink_unit_ = *du;
  out.downlink_ = *d;
  out.uplink_unit_ = *uu;
  out.uplink_ = *u;
  return out;
}

void session_ambr::encode(byte_writer& w) const {
  w.u8(downlink_unit_);
  w.u16(downlink_);
  w.u8(uplink_unit_);
  w.u16(uplink_);
}

/// TS 24.501 Table 9.11.4.14.1: 1 Kbps, 4, 16, 64, 256 Kbps, then 1 Mbps, 4 Mbps, ... up to 256 Pbps (25).
std::uint64_t session_ambr::bits_per_second(std::uint8_t unit, std::uint16_t value) {
  if (unit < 1 || unit > 25) return 0;
  const unsigned group = (unit - 1u) / 5u;
  const unsigned step = (unit - 1u) % 5u;
  std::uint64_t mult = 1000;
  for (unsigned i = 0; i < group; ++i) mult *= 1000;
  for (unsigned i = 0; i < step; ++i) mult *= 4;
  if (value != 0 && mult > UINT64_MAX / value) return UINT64_MAX;  // beyond 2^64 bps: saturate
  return mult * value;
}

}  // namespace meridian::nas
