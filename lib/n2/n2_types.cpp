// The N2 identities and their NGAP encodings.

#include "meridian/n2/n2_types.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace meridian::n2 {

namespace {

bool all_digits(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::uint8_t digit(char c) noexcept { return static_cast<std::uint8_t>(c - '0'); }

}  // namespace

std::string plmn_id::to_string() const { return mcc + "/" + mnc; }

bool plmn_id::valid() const noexcept {
  return mcc.size() == 3 && (mnc.size() == 2 || mnc.size() == 3) && all_digits(mcc) && all_digits(mnc);
}

std::optional<plmn_id> parse_plmn(std::string_view text) {
  plmn_id p;
  if (const auto slash = text.find('/'); slash != std::string_view::npos) {
    p.mcc = std::string(text.substr(0, slash));
    p.mnc = std::string(text.substr(slash + 1));
  } else {
    if (text.size() < 5) return std::nullopt;
    p.mcc = std::string(text.substr(0, 3));
    p.mnc = std::string(text.substr(3));
  }
  if (!p.valid()) return std::nullopt;
  return p;
}

ngap::plmn_identity encode_plmn(const plmn_id& p) {
  // MCC digit 2 | MCC digit 1, MNC digit 3 (or F) | MCC digit 3, MNC digit 2 | MNC digit 1.
  const std::uint8_t mnc3 = p.mnc.size() == 3 ? digit(p.mnc[2]) : 0x0F;
  return {static_cast<std::uint8_t>(digit(p.mcc[1]) << 4 | digit(p.mcc[0])),
          static_cast<std::uint8_t>(mnc3 << 4 | digit(p.mcc[2])),
          static_cast<std::uint8_t>(digit(p.mnc[1]) << 4 | digit(p.mnc[0]))};
}

std::optional<plmn_id> decode_plmn(const ngap::plmn_identity& o) {
  if (o.size() != 3) return std::nullopt;
  const std::array<std::uint8_t, 6> d{static_cast<std::uint8_t>(o[0] & 0x0F), static_cast<std::uint8_t>(o[0] >> 4),
                                      static_cast<std::uint8_t>(o[1] & 0x0F), static_cast<std::uint8_t>(o[2] & 0x0F),
                                      static_cast<std::uint8_t>(o[2] >> 4),   static_cast<std::uint8_t>(o[1] >> 4)};
  for (std::size_t i = 0; i < 5; ++i)
    if (d[i] > 9) return std::nullopt;
  if (d[5] > 9 && d[5] != 0x0F) return std::nullopt;
  plmn_id p;
  p.mcc = {static_cast<char>('0' + d[0]), static_cast<char>('0' + d[1]), static_cast<char>('0' + d[2])};
  p.mnc = {static_cast<char>('0' + d[3]), static_cast<char>('0' + d[4])};
  if (d[5] != 0x0F) p.mnc.push_back(static_cast<char>('0' + d[5]));
  return p;
}

ngap::tac encode_tac(std::uint32_t tac) {
  return {static_cast<std::uint8_t>(tac >> 16), static_cast<std::uint8_t>(tac >> 8), static_cast<std::uint8_t>(tac)};
}

std::optional<std::uint32_t> decode_tac(const ngap::tac& o) {
  if (o.size() != 3) return std::nullopt;
  return std::uint32_t{o[0]} << 16 | std::uint32_t{o[1]} << 8 | o[2];
}

std::string s_nssai_value::to_string() const {
  return sd ? fmt::format("{}/{:06x}", sst, *sd) : fmt::format("{}", sst);
}

ngap::s_nssai encode_s_nssai(const s_nssai_value& s) {
  ngap::s_nssai out;
  out.sst_ = {s.sst};
  if (s.sd)
    out.sd_ = ngap::sd{static_cast<std::uint8_t>(*s.sd >> 16), static_cast<std::uint8_t>(*s.sd >> 8),
                       static_cast<std::uint8_t>(*s.sd)};
  return out;
}

std::optional<s_nssai_value> decode_s_nssai(const ngap::s_nssai& s) {
  if (s.sst_.size() != 1) return std::nullopt;
  s_nssai_value v{s.sst_[0], std::nullopt};
  if (s.sd_) {
    if (s.sd_->size() != 3) return std::nullopt;
    const auto& d = *s.sd_;
    v.sd = std::uint32_t{d[0]} << 16 | std::uint32_t{d[1]} << 8 | d[2];
  }
  return v;
}

ngap::guami encode_guami(const guami_value& g) {
  ngap::guami out;
  out.plmn_identity_ = encode_plmn(g.plmn);
  out.amf_region_id_ = asn1::bit_string::from_uint(g.region, 8);
  out.amf_set_id_ = asn1::bit_string::from_uint(g.set & 0x3FFu, 10);
  out.amf_pointer_ = asn1::bit_string::from_uint(g.pointer & 0x3Fu, 6);
  return out;
}

std::string gnb_identity::id_string() const { return fmt::format("0x{:06x}", id); }

ngap::global_ran_node_id encode_global_gnb_id(const gnb_identity& g) {
  ngap::global_gnb_id gg;
  gg.plmn_identity_ = encode_plmn(g.plmn);
  gg.gnb_id_.value_ = asn1::bit_string::from_uint(g.id, g.length_bits);
  ngap::global_ran_node_id out;
  out.value_ = std::move(gg);
  return out;
}

std::optional<gnb_identity> decode_global_gnb_id(const ngap::global_ran_node_id& id) {
  const auto* gg = std::get_if<ngap::global_gnb_id>(&id.value_);
  if (gg == nullptr) return std::nullopt;
  const auto* bits = std::get_if<asn1::bit_string>(&gg->gnb_id_.value_);
  if (bits == nullptr || bits->length_ < 22 || bits->length_ > 32) return std::nullopt;
  auto plmn = decode_plmn(gg->plmn_identity_);
  if (!plmn) return std::nullopt;
  return gnb_identity{*plmn, static_cast<std::uint32_t>(bits->to_uint()), static_cast<std::uint8_t>(bits->length_)};
}

std::chrono::seconds to_duration(ngap::time_to_wait t) noexcept {
  switch (t) {
    case ngap::time_to_wait::v1s:
      return std::chrono::seconds(1);
    case ngap::time_to_wait::v2s:
      return std::chrono::seconds(2);
    case ngap::time_to_wait::v5s:
      return std::chrono::seconds(5);
    case ngap::time_to_wait::v10s:
      return std::chrono::seconds(10);
    case ngap::time_to_wait::v20s:
      return std::chrono::seconds(20);
    case ngap::time_to_wait::v60s:
      return std::chrono::seconds(60);
  }
  return std::chrono::seconds(60);
}

ngap::time_to_wait time_to_wait_at_least(std::chrono::seconds d) noexcept {
  for (auto t : {ngap::time_to_wait::v1s, ngap::time_to_wait::v2s, ngap::time_to_wait::v5s, ngap::time_to_wait::v10s,
                 ngap::time_to_wait::v20s})
    if (to_duration(t) >= d) return t;
  return ngap::time_to_wait::v60s;
}

}  // namespace meridian::n2
