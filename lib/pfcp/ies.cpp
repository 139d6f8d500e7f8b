// TS 29.244 §8.2: the value parts of the PFCP IEs that are more than an
// integer, an enumeration octet, flags or opaque octets.

#include "meridian/pfcp/ies.hpp"

#include <algorithm>

namespace meridian::pfcp {

namespace {

template <std::size_t N>
decode_result<std::array<std::uint8_t, N>> read_array(byte_reader& r, std::string_view what) {
  auto b = r.bytes(N, what);
  if (!b) return std::unexpected(b.error());
  std::array<std::uint8_t, N> a{};
  std::copy(b->begin(), b->end(), a.begin());
  return a;
}

// Reads an optional fixed-size field into `out` when `present`; false (with
// `err` set) when the value ends first.
template <class T, class Read>
bool read_if(bool present, std::optional<T>& out, std::optional<decode_error>& err, Read&& read) {
  if (!present || err) return !err;
  auto v = read();
  if (!v) {
    err = v.error();
    return false;
  }
  out = static_cast<T>(*v);
  return true;
}

}  // namespace

// ---- §8.2.3 F-TEID ------------------------------------------------------------------

decode_result<f_teid> f_teid::decode(byte_reader& r) {
  auto flags = r.u8(ie_name);
  if (!flags) return std::unexpected(flags.error());
  const bool v4 = (*flags & 0x01) != 0, v6 = (*flags & 0x02) != 0, ch = (*flags & 0x04) != 0,
             chid = (*flags & 0x08) != 0;
  f_teid f;
  if (ch) {
    f.choose_ = true;
    f.choose_ipv4_ = v4;
    f.choose_ipv6_ = v6;
    if (chid) {
      auto id = r.u8("CHOOSE ID");
      if (!id) return std::unexpected(id.error());
      f.choose_id_ = *id;
    }
    return f;
  }
  if (chid) return std::unexpected(decode_error{decode_errc::invalid_value, r.offset() - 1, "F-TEID CHID without CH"});
  auto id = r.u32("TEID");
  if (!id) return std::unexpected(id.error());
  f.teid_ = *teid::from(*id);
  std::optional<decode_error> err;
  read_if(v4, f.ipv4_, err, [&] { return read_array<4>(r, "F-TEID IPv4 address"); });
  read_if(v6, f.ipv6_, err, [&] { return read_array<16>(r, "F-TEID IPv6 address"); });
  if (err) return std::unexpected(*err);
  return f;
}

void f_teid::encode(byte_writer& w) const {
  if (choose_) {
    w.u8(static_cast<std::uint8_t>((choose_ipv4_ ? 0x01 : 0) | (choose_ipv6_ ? 0x02 : 0) | 0x04 |
                                   (choose_id_ ? 0x08 : 0)));
    if (choose_id_) w.u8(*choose_id_);
    return;
  }
  if (choose_id_) w.fail({encode_errc::invalid_argument, "F-TEID CHOOSE ID without CHOOSE"});
  w.u8(static_cast<std::uint8_t>((ipv4_ ? 0x01 : 0) | (ipv6_ ? 0x02 : 0)));
  w.u32(teid_.value());
  if (ipv4_) w.bytes(*ipv4_);
  if (ipv6_) w.bytes(*ipv6_);
}

// ---- §8.2.5 SDF Filter ------------------------------------------------------------

decode_result<sdf_filter> sdf_filter::decode(byte_reader& r) {
  auto flags = r.u8(ie_name);
  if (!flags) return std::unexpected(flags.error());
  if (auto s = r.skip(1, "SDF filter spare"); !s) return std::unexpected(s.error());
  sdf_filter f;
  if ((*flags & 0x01) != 0) {
    auto len = r.u16("flow description length");
    if (!len) return std::unexpected(len.error());
    auto text = r.bytes(*len, "flow description");
    if (!text) return std::unexpected(text.error());
    f.flow_description_ = std::string(text->begin(), text->end());
  }
  std::optional<decode_error> err;
  read_if((*flags & 0x02) != 0, f.tos_traffic_class_, err, [&] { return r.u16("ToS traffic class"); });
  read_if((*flags & 0x04) != 0, f.security_parameter_index_, err, [&] { return r.u32("security parameter index"); });
  read_if((*flags & 0x08) != 0, f.flow_label_, err, [&] { return r.u24("flow label"); });
  read_if((*flags & 0x10) != 0, f.sdf_filter_id_, err, [&] { return r.u32("SDF filter ID"); });
  if (err) return std::unexpected(*err);
  return f;
}

void sdf_filter::encode(byte_writer& w) const {
  w.u8(static_cast<std::uint8_t>((flow_description_ ? 0x01 : 0) | (tos_traffic_class_ ? 0x02 : 0) |
                                 (security_parameter_index_ ? 0x04 : 0) | (flow_label_ ? 0x08 : 0) |
                                 (sdf_filter_id_ ? 0x10 : 0)));
  w.u8(0);
  if (flow_description_) {
    auto len = w.length(2, "flow description");
    w.bytes({reinterpret_cast<const std::uint8_t*>(flow_description_->data()), flow_description_->size()});
  }
  if (tos_traffic_class_) w.u16(*tos_traffic_class_);
  if (security_parameter_index_) w.u32(*security_parameter_index_);
  if (flow_label_) w.u24(*flow_label_, "flow label");
  if (sdf_filter_id_) w.u32(*sdf_filter_id_);
}

// ---- §8.2.7 Gate Status ------------------------------------------------------------

decode_result<gate_status> gate_status::decode(byte_reader& r) {
  auto v = r.u8(ie_name);
  if (!v) return std::unexpected(v.error());
  return gate_status{static_cast<std::uint8_t>((*v >> 2) & 0x03), static_cast<std::uint8_t>(*v & 0x03)};
}

void gate_status::encode(byte_writer& w) const {
  if (ul_gate_ > 3 || dl_gate_ > 3) w.fail({encode_errc::value_out_of_range, ie_name});
  w.u8(static_cast<std::uint8_t>(((ul_gate_ & 0x03) << 2) | (dl_gate_ & 0x03)));
}

// ---- §8.2.37 F-SEID ------------------------------------------------------------------

decode_result<f_seid> f_seid::decode(byte_reader& r) {
  auto flags = r.u8(ie_name);
  if (!flags) return std::unexpected(flags.error());
  auto id = r.u64("SEID");
  if (!id) return std::unexpected(id.error());
  f_seid f;
  f.seid_ = *seid::from(*id);
  std::optional<decode_error> err;
  // Bit 2 is V4 and bit 1 V6, the reverse of F-TEID.
  read_if((*flags & 0x02) != 0, f.ipv4_, err, [&] { return read_array<4>(r, "F-SEID IPv4 address"); });
  read_if((*flags & 0x01) != 0, f.ipv6_, err, [&] { return read_array<16>(r, "F-SEID IPv6 address"); });
  if (err) return std::unexpected(*err);
  return f;
}

void f_seid::encode(byte_writer& w) const {
  w.u8(static_cast<std::uint8_t>((ipv4_ ? 0x02 : 0) | (ipv6_ ? 0x01 : 0)));
  w.u64(seid_.value());
  if (ipv4_) w.bytes(*ipv4_);
  if (ipv6_) w.bytes(*ipv6_);
}

// ---- §8.2.38 Node ID ------------------------------------------------------------------

decode_result<node_id> node_id::decode(byte_reader& r) {
  auto t = r.u8(ie_name);
  if (!t) return std::unexpected(t.error());
  node_id n;
  switch (*t & 0x0f) {
    case 0: {
      auto a = read_array<4>(r, "node ID IPv4 address");
      if (!a) return std::unexpected(a.error());
      n.type_ = kind::ipv4;
      n.ipv4_ = *a;
      return n;
    }
    case 1: {
      auto a = read_array<16>(r, "node ID IPv6 address");
      if (!a) return std::unexpected(a.error());
      n.type_ = kind::ipv6;
      n.ipv6_ = *a;
      return n;
    }
    case 2: {
      // RFC 1035 §3.1 labels, without the root label (TS 29.244 §8.2.38).
      n.type_ = kind::fqdn;
      if (r.empty()) return std::unexpected(r.error(decode_errc::invalid_length, "node ID FQDN"));
      while (!r.empty()) {
        const std::size_t at = r.offset();
        auto len = r.u8("FQDN label length");
        if (!len) return std::unexpected(len.error());
        if (*len == 0 || *len > 63)
          return std::unexpected(decode_error{decode_errc::invalid_value, at, "FQDN label length"});
        auto label = r.bytes(*len, "FQDN label");
        if (!label) return std::unexpected(label.error());
        if (std::find(label->begin(), label->end(), '.') != label->end())
          return std::unexpected(decode_error{decode_errc::unsupported, at, "FQDN label containing '.'"});
        if (!n.fqdn_.empty()) n.fqdn_.push_back('.');
        n.fqdn_.append(label->begin(), label->end());
      }
      return n;
    }
    default:
      return std::unexpected(decode_error{decode_errc::invalid_value, r.offset() - 1, "node ID type"});
  }
}

void node_id::encode(byte_writer& w) const {
  w.u8(static_cast<std::uint8_t>(type_));
  switch (type_) {
    case kind::ipv4:
      w.bytes(ipv4_);
      return;
    case kind::ipv6:
      w.bytes(ipv6_);
      return;
    case kind::fqdn: {
      std::size_t start = 0;
      if (fqdn_.empty()) w.fail({encode_errc::invalid_argument, "node ID FQDN"});
      while (start <= fqdn_.size() && !fqdn_.empty()) {
        std::size_t dot = fqdn_.find('.', start);
        if (dot == std::string::npos) dot = fqdn_.size();
        const std::size_t n = dot - start;
        if (n == 0 || n > 63) {
          w.fail({encode_errc::invalid_argument, "node ID FQDN label"});
          return;
        }
        w.u8(static_cast<std::uint8_t>(n));
        w.bytes({reinterpret_cast<const std::uint8_t*>(fqdn_.data() + start), n});
        start = dot + 1;
      }
      return;
    }
  }
  w.fail({encode_errc::invalid_argument, "node ID type"});
}

// ---- §8.2.44 Volume Measurement --------------------------------------------------------

decode_result<volume_measurement> volume_measurement::decode(byte_reader& r) {
  auto flags = r.u8(ie_name);
  if (!flags) return std::unexpected(flags.error());
  volume_measurement v;
  std::optional<std::uint64_t>* slots[] = {&v.total_volume_,
                                           &v.uplink_volume_,
                                           &v.downlink_volume_,
                                           &v.total_number_of_packets_,
                                           &v.uplink_number_of_packets_,
                                           &v.downlink_number_of_packets_};
  for (unsigned i = 0; i < 6; ++i) {
    if ((*flags & (1u << i)) == 0) continue;
    auto x = r.u64(ie_name);
    if (!x) return std::unexpected(x.error());
    *slots[i] = *x;
  }
  return v;
}

void volume_measurement::encode(byte_writer& w) const {
  const std::optional<std::uint64_t>* slots[] = {&total_volume_,
                                                 &uplink_volume_,
                                                 &downlink_volume_,
                                                 &total_number_of_packets_,
                                                 &uplink_number_of_packets_,
                                                 &downlink_number_of_packets_};
  std::uint8_t flags = 0;
  for (unsigned i = 0; i < 6; ++i)
    if (*slots[i]) flags = static_cast<std::uint8_t>(flags | (1u << i));
  w.u8(flags);
  for (const auto* s : slots)
    if (*s) w.u64(**s);
}

// ---- §8.2.56 Outer Header Creation --------------------------------------------------

namespace {
using ohc = outer_header_creation;
constexpr bool ohc_has_teid(std::uint16_t d) { return (d & (ohc::gtpu_udp_ipv4 | ohc::gtpu_udp_ipv6)) != 0; }
constexpr bool ohc_has_ipv4(std::uint16_t d) { return (d & (ohc::gtpu_udp_ipv4 | ohc::udp_ipv4 | ohc::ipv4)) != 0; }
constexpr bool ohc_has_ipv6(std::uint16_t d) { return (d & (ohc::gtpu_udp_ipv6 | ohc::udp_ipv6 | ohc::ipv6)) != 0; }
constexpr bool ohc_has_port(std::uint16_t d) { return (d & (ohc::udp_ipv4 | ohc::udp_ipv6)) != 0; }
}  // namespace

decode_result<outer_header_creation> outer_header_creation::decode(byte_reader& r) {
  auto d = r.u16(ie_name);
  if (!d) return std::unexpected(d.error());
  outer_header_creation o;
  o.description_ = *d;
  std::optional<decode_error> err;
  std::optional<std::uint32_t> id;
  read_if(ohc_has_teid(*d), id, err, [&] { return r.u32("outer header TEID"); });
  if (id) o.teid_ = *teid::from(*id);
  read_if(ohc_has_ipv4(*d), o.ipv4_, err, [&] { return read_array<4>(r, "outer header IPv4 address"); });
  read_if(ohc_has_ipv6(*d), o.ipv6_, err, [&] { return read_array<16>(r, "outer header IPv6 address"); });
  read_if(ohc_has_port(*d), o.port_number_, err, [&] { return r.u16("outer header port number"); });
  read_if((*d & c_tag) != 0, o.c_tag_, err, [&] { return read_array<3>(r, "C-TAG"); });
  read_if((*d & s_tag) != 0, o.s_tag_, err, [&] { return read_array<3>(r, "S-TAG"); });
  if (err) return std::unexpected(*err);
  return o;
}

void outer_header_creation::encode(byte_writer& w) const {
  const std::uint16_t d = description_;
  // The fields present must be exactly those the description calls for.
  if (teid_.has_value() != ohc_has_teid(d) || ipv4_.has_value() != ohc_has_ipv4(d) ||
      ipv6_.has_value() != ohc_has_ipv6(d) || port_number_.has_value() != ohc_has_port(d) ||
      c_tag_.has_value() != ((d & c_tag) != 0) || s_tag_.has_value() != ((d & s_tag) != 0))
    w.fail({encode_errc::invalid_argument, "outer header creation fields do not match its description"});
  w.u16(d);
  if (teid_) w.u32(teid_->value());
  if (ipv4_) w.bytes(*ipv4_);
  if (ipv6_) w.bytes(*ipv6_);
  if (port_number_) w.u16(*port_number_);
  if (c_tag_) w.bytes(*c_tag_);
  if (s_tag_) w.bytes(*s_tag_);
}

// ---- §8.2.62 UE IP Address ----------------------------------------------------------

decode_result<ue_ip_address> ue_ip_address::decode(byte_reader& r) {
  auto flags = r.u8(ie_name);
  if (!flags) return std::unexpected(flags.error());
  ue_ip_address u;
  const std::uint8_t f = *flags;
  u.destination_ = (f & 0x04) != 0;
  u.choose_ipv4_ = (f & 0x10) != 0;
  u.choose_ipv6_ = (f & 0x20) != 0;
  std::optional<decode_error> err;
  read_if((f & 0x02) != 0, u.ipv4_, err, [&] { return read_array<4>(r, "UE IPv4 address"); });
  read_if((f & 0x01) != 0, u.ipv6_, err, [&] { return read_array<16>(r, "UE IPv6 address"); });
  read_if((f & 0x08) != 0, u.ipv6_prefix_delegation_bits_, err, [&] { return r.u8("IPv6 prefix delegation bits"); });
  read_if((f & 0x40) != 0, u.ipv6_prefix_length_, err, [&] { return r.u8("IPv6 prefix length"); });
  if (err) return std::unexpected(*err);
  return u;
}

void ue_ip_address::encode(byte_writer& w) const {
  w.u8(static_cast<std::uint8_t>((ipv6_ ? 0x01 : 0) | (ipv4_ ? 0x02 : 0) | (destination_ ? 0x04 : 0) |
                                 (ipv6_prefix_delegation_bits_ ? 0x08 : 0) | (choose_ipv4_ ? 0x10 : 0) |
                                 (choose_ipv6_ ? 0x20 : 0) | (ipv6_prefix_length_ ? 0x40 : 0)));
  if (ipv4_) w.bytes(*ipv4_);
  if (ipv6_) w.bytes(*ipv6_);
  if (ipv6_prefix_delegation_bits_) w.u8(*ipv6_prefix_delegation_bits_);
  if (ipv6_prefix_length_) w.u8(*ipv6_prefix_length_);
}

// ---- §8.2.64 Outer Header Removal ---------------------------------------------------

decode_result<outer_header_removal> outer_header_removal::decode(byte_reader& r) {
  auto d = r.u8(ie_name);
  if (!d) return std::unexpected(d.error());
  outer_header_removal o;
  o.description_ = *d;
  if (!r.empty()) o.gtpu_extension_header_deletion_ = *r.u8();
  return o;
}

void outer_header_removal::encode(byte_writer& w) const {
  w.u8(description_);
  if (gtpu_extension_header_deletion_) w.u8(*gtpu_extension_header_deletion_);
}

// ---- §8.2.101 S-NSSAI ------------------------------------------------------------------

namespace {
constexpr std::uint32_t no_sd = 0xffffff;  // TS 23.003 §28.4.2
}

decode_result<model::s_nssai> s_nssai_ie::decode(byte_reader& r) {
  auto sst = r.u8(ie_name);
  if (!sst) return std::unexpected(sst.error());
  auto sd = r.u24("SD");
  if (!sd) return std::unexpected(sd.error());
  model::s_nssai v;
  v.sst_ = *sst;
  if (*sd != no_sd) v.sd_ = model::slice_differentiator::from(*sd);  // 24 bits: always in range
  return v;
}

void s_nssai_ie::encode(byte_writer& w, const model::s_nssai& v) {
  w.u8(v.sst_);
  w.u24(v.sd_ ? v.sd_->value() : no_sd, "SD");
}

}  // namespace meridian::pfcp
