// 5GS mobile identity (TS 24.501 §9.11.3.4): SUCI (IMSI and NAI forms), 5G-GUTI,
// IMEI, IMEISV, 5G-S-TMSI, MAC address, EUI-64.

#include "meridian/nas/ies.hpp"

namespace meridian::nas {

namespace {

decode_result<std::string> bcd_digits(std::span<const std::uint8_t> b, std::size_t at, std::string_view what,
                                      bool skip_first_low) {
  std::string out;
  bool ended = false;
  for (std::size_t i = 0; i < b.size(); ++i) {
    for (int half = 0; half < 2; ++half) {
      if (i == 0 && half == 0 && skip_first_low) continue;
      const std::uint8_t d = half == 0 ? (b[i] & 0x0f) : (b[i] >> 4);
      if (d == 0x0f) {
        ended = true;
        continue;
      }
      if (d > 9 || ended) return std::unexpected(decode_error{decode_errc::invalid_value, at + i, what});
      out.push_back(static_cast<char>('0' + d));
    }
  }
  return out;
}

/// Routing indicator: 4 BCD digits, digit 2|1 then 4|3, unused digits F (TS 24.501 Figure 9.11.3.4.3).
/// Trailing F fillers are dropped; an F before a digit (seen in the wild) is kept as 'F'.
decode_result<std::string> routing_indicator(std::span<const std::uint8_t> b, std::size_t at) {
  std::string out;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::uint8_t d = (i % 2 == 0) ? (b[i / 2] & 0x0f) : (b[i / 2] >> 4);
    if (d > 9 && d != 0x0f)
      return std::unexpected(decode_error{decode_errc::invalid_value, at + i / 2, "routing indicator"});
    out.push_back(d == 0x0f ? 'F' : static_cast<char>('0' + d));
  }
  while (!out.empty() && out.back() == 'F') out.pop_back();
  return out;
}

void put_digits_bcd(byte_writer& w, std::string_view digits, std::size_t octets, std::string_view what) {
  if (digits.size() > octets * 2) w.fail({encode_errc::value_out_of_range, what});
  for (std::size_t i = 0; i < octets; ++i) {
    std::uint8_t v = 0;
    for (int half = 0; half < 2; ++half) {
      const std::size_t k = i * 2 + static_cast<std::size_t>(half);
      std::uint8_t d = 0x0f;
      if (k < digits.size()) {
        if (digits[k] == 'F')
          d = 0x0f;
        else if (digits[k] < '0' || digits[k] > '9')
          w.fail({encode_errc::value_out_of_range, what});
        else
          d = static_cast<std::uint8_t>(digits[k] - '0') & 0x0f;
      }
      v = static_cast<std::uint8_t>(v | (d << (4 * half)));
    }
    w.u8(v);
  }
}

decode_result<imei_digits> decode_imei(std::uint8_t first, byte_reader& r, std::size_t at, std::string_view what) {
  imei_digits out;
  const std::uint8_t d1 = first >> 4;
  if (d1 > 9) return std::unexpected(decode_error{decode_errc::invalid_value, at, what});
  out.digits_.push_back(static_cast<char>('0' + d1));
  const bool odd = (first & 0x08) != 0;
  const std::size_t rest_at = r.offset();
  auto rest = r.rest();
  auto d = bcd_digits(rest, rest_at, what, false);
  if (!d) return std::unexpected(d.error());
  out.digits_ += *d;
  // Odd indicator must agree with the number of digits, and only the last high nibble may be F.
  if (odd != (out.digits_.size() % 2 == 1) || (rest.size() * 2 + 1) - out.digits_.size() > 1)
    return std::unexpected(decode_error{decode_errc::invalid_value, at, what});
  // TS 23.003 §6.2: an IMEI has 15 digits, an IMEISV 16.
  if (out.digits_.size() != (what == "IMEI" ? 15u : 16u))
    return std::unexpected(decode_error{decode_errc::invalid_length, at, what});
  return out;
}

void encode_imei(byte_writer& w, const imei_digits& v, std::uint8_t type) {
  const std::string& s = v.digits_;
  if (s.empty() || s.size() > 17) {
    w.fail({encode_errc::value_out_of_range, "IMEI digits"});
    return;
  }
  const bool odd = s.size() % 2 == 1;
  if (s[0] < '0' || s[0] > '9') w.fail({encode_errc::value_out_of_range, "IMEI digits"});
  w.u8(static_cast<std::uint8_t>(((s[0] - '0') << 4) | (odd ? 0x08 : 0) | type));
  put_digits_bcd(w, std::string_view(s).substr(1), s.size() / 2, "IMEI digits");
}

}  // namespace

std::string suci_imsi::msin() const {
  if (protection_scheme_ != 0) return {};
  auto d = bcd_digits(scheme_output_, 0, "MSIN", false);
  return d ? *d : std::string{};
}

std::optional<model::suci> suci_imsi::to_model() const {
  model::suci s;
  s.supi_type_ = model::supi::type::imsi;
  s.home_plmn_ = plmn_;
  s.routing_indicator_ = routing_indicator_;
  s.protection_scheme_ = static_cast<model::protection_scheme>(protection_scheme_);
  s.home_network_public_key_id_ = home_network_public_key_id_;
  s.scheme_output_ = scheme_output_;
  // The model's own text form checks every field, so a SUCI that reads back
  // from its text is a valid one.
  auto back = model::suci::parse(s.to_string());
  if (!back || !(*back == s)) return std::nullopt;
  return s;
}

decode_result<mobile_identity> mobile_identity::decode(byte_reader& r) {
  const std::size_t at = r.offset();
  auto first = r.u8("5GS mobile identity");
  if (!first) return std::unexpected(first.error());
  const std::uint8_t type = *first & 0x07;
  mobile_identity out;
  switch (static_cast<identity_type>(type)) {
    case identity_type::suci: {
      const std::uint8_t format = (*first >> 4) & 0x07;
      if (format == 0) {
        suci_imsi s;
        auto p = decode_plmn(r);
        if (!p) return std::unexpected(p.error());
        s.plmn_ = *p;
        const std::size_t ri_at = r.offset();
        auto ri = r.bytes(2, "routing indicator");
        if (!ri) return std::unexpected(ri.error());
        auto ris = routing_indicator(*ri, ri_at);
        if (!ris) return std::unexpected(ris.error());
        s.routing_indicator_ = std::move(*ris);
        auto ps = r.u8("protection scheme identifier");
        if (!ps) return std::unexpected(ps.error());
        if ((*ps & 0xf0) != 0)
          return std::unexpected(decode_error{decode_errc::invalid_value, r.offset() - 1, "protection scheme spare"});
        s.protection_scheme_ = *ps & 0x0f;
        auto hn = r.u8("home network public key identifier");
        if (!hn) return std::unexpected(hn.error());
        s.home_network_public_key_id_ = *hn;
        auto rest = r.rest();
        s.scheme_output_.assign(rest.begin(), rest.end());
        out.value_ = std::move(s);
      } else {
        suci_nai s;
        s.supi_format_ = format;
        auto rest = r.rest();
        s.nai_.assign(rest.begin(), rest.end());
        out.value_ = std::move(s);
      }
      if ((*first & 0x88) != 0) return std::unexpected(decode_error{decode_errc::invalid_value, at, "SUCI spare bits"});
      return out;
    }
    case identity_type::guti: {
      guti_5g_identity g;
      g.octet1_high_ = *first >> 4;
      if ((*first & 0x08) != 0) return std::unexpected(decode_error{decode_errc::invalid_value, at, "5G-GUTI spare"});
      auto p = decode_plmn(r);
      if (!p) return std::unexpected(p.error());
      auto region = r.u8("AMF region ID");
      if (!region) return std::unexpected(region.error());
      auto set_ptr = r.u16("AMF set ID");
      if (!set_ptr) return std::unexpected(set_ptr.error());
      auto tmsi = r.u32("5G-TMSI");
      if (!tmsi) return std::unexpected(tmsi.error());
      // Every field width matches the model type's, so each from() has a value.
      auto& guami = g.value_.guami_;
      guami.plmn_ = *p;
      guami.amf_id_.region_ = *model::amf_region_id::from(*region);
      guami.amf_id_.set_ = *model::amf_set_id::from(*set_ptr >> 6);
      guami.amf_id_.pointer_ = *model::amf_pointer::from(*set_ptr & 0x3f);
      g.value_.tmsi_ = *model::tmsi_5g::from(*tmsi);
      out.value_ = g;
      break;
    }
    case identity_type::s_tmsi: {
      s_tmsi_5g_identity t;
      t.octet1_high_ = *first >> 4;
      if ((*first & 0x08) != 0) return std::unexpected(decode_error{decode_errc::invalid_value, at, "5G-S-TMSI spare"});
      auto set_ptr = r.u16("AMF set ID");
      if (!set_ptr) return std::unexpected(set_ptr.error());
      auto tmsi = r.u32("5G-TMSI");
      if (!tmsi) return std::unexpected(tmsi.error());
      t.value_.set_ = *model::amf_set_id::from(*set_ptr >> 6);
      t.value_.pointer_ = *model::amf_pointer::from(*set_ptr & 0x3f);
      t.value_.tmsi_ = *model::tmsi_5g::from(*tmsi);
      out.value_ = t;
      break;
    }
    case identity_type::imei: {
      auto d = decode_imei(*first, r, at, "IMEI");
      if (!d) return std::unexpected(d.error());
      out.value_ = imei{std::move(*d)};
      break;
    }
    case identity_type::imeisv: {
      auto d = decode_imei(*first, r, at, "IMEISV");
      if (!d) return std::unexpected(d.error());
      out.value_ = imeisv{std::move(*d)};
      break;
    }
    case identity_type::mac_address: {
      if ((*first & 0xf0) != 0)
        return std::unexpected(decode_error{decode_errc::invalid_value, at, "MAC address spare"});
      mac_address_identity m;
      m.usage_restricted_ = (*first & 0x08) != 0;
      auto b = r.bytes(6, "MAC address");
      if (!b) return std::unexpected(b.error());
      for (std::size_t i = 0; i < 6; ++i) m.mac_[i] = (*b)[i];
      out.value_ = m;
      break;
    }
    case identity_type::eui64: {
      if ((*first & 0xf8) != 0) return std::unexpected(decode_error{decode_errc::invalid_value, at, "EUI-64 spare"});
      eui64_identity e;
      auto b = r.bytes(8, "EUI-64");
      if (!b) return std::unexpected(b.error());
      for (std::size_t i = 0; i < 8; ++i) e.eui64_[i] = (*b)[i];
      out.value_ = e;
      break;
    }
    case identity_type::no_identity:
    default: {
      no_identity n;
      n.bytes_.assign(1, *first);
      auto rest = r.rest();
      n.bytes_.insert(n.bytes_.end(), rest.begin(), rest.end());
      out.value_ = std::move(n);
      break;
    }
  }
  if (!r.empty()) return std::unexpected(r.error(decode_errc::invalid_length, "5GS mobile identity"));
  return out;
}

void mobile_identity::encode(byte_writer& w) const {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, suci_imsi>) {
          w.u8(0x01);
          encode_plmn(w, v.plmn_);
          put_digits_bcd(w, v.routing_indicator_, 2, "routing indicator");
          w.u8(v.protection_scheme_ & 0x0f);
          w.u8(v.home_network_public_key_id_);
          w.bytes(v.scheme_output_);
        } else if constexpr (std::is_same_v<T, suci_nai>) {
          w.u8(static_cast<std::uint8_t>(((v.supi_format_ & 0x07) << 4) | 0x01));
          w.bytes(std::span(reinterpret_cast<const std::uint8_t*>(v.nai_.data()), v.nai_.size()));
        } else if constexpr (std::is_same_v<T, guti_5g_identity>) {
          const auto& id = v.value_.guami_.amf_id_;
          w.u8(static_cast<std::uint8_t>((v.octet1_high_ << 4) | 0x02));
          encode_plmn(w, v.value_.guami_.plmn_);
          w.u8(id.region_.value());
          w.u16(static_cast<std::uint16_t>((id.set_.value() << 6) | id.pointer_.value()));
          w.u32(v.value_.tmsi_.value());
        } else if constexpr (std::is_same_v<T, s_tmsi_5g_identity>) {
          w.u8(static_cast<std::uint8_t>((v.octet1_high_ << 4) | 0x04));
          w.u16(static_cast<std::uint16_t>((v.value_.set_.value() << 6) | v.value_.pointer_.value()));
          w.u32(v.value_.tmsi_.value());
        } else if constexpr (std::is_same_v<T, imei>) {
          encode_imei(w, v, 0x03);
        } else if constexpr (std::is_same_v<T, imeisv>) {
          encode_imei(w, v, 0x05);
        } else if constexpr (std::is_same_v<T, mac_address_identity>) {
          w.u8(static_cast<std::uint8_t>((v.usage_restricted_ ? 0x08 : 0) | 0x06));
          w.bytes(v.mac_);
        } else if constexpr (std::is_same_v<T, eui64_identity>) {
          w.u8(0x07);
          w.bytes(v.eui64_);
        } else {
          if (v.bytes_.empty() || (v.bytes_[0] & 0x07) != 0) w.fail({encode_errc::invalid_argument, "no identity"});
          w.bytes(v.bytes_);
        }
      },
      value_);
}

}  // namespace meridian::nas
