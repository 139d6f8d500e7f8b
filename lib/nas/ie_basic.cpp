// Small fixed-layout IEs: octets, the NAS encodings of PLMN and TAI, TAI lists, registration result,
// security algorithms and capabilities, PSI bitmaps, GPRS timers.

#include <string_view>

#include "meridian/nas/ies.hpp"

namespace meridian::nas {

namespace {
template <class T>
decode_result<T> fail(const byte_reader& r, decode_errc c, std::string_view what) {
  return std::unexpected(r.error(c, what));
}
}  // namespace

decode_result<octets> octets::decode(byte_reader& r) {
  auto b = r.rest();
  return octets{std::vector<std::uint8_t>(b.begin(), b.end())};
}

decode_result<nas_security_algorithms> nas_security_algorithms::decode(byte_reader& r) {
  auto b = r.u8("NAS security algorithms");
  if (!b) return std::unexpected(b.error());
  return nas_security_algorithms{static_cast<std::uint8_t>(*b >> 4), static_cast<std::uint8_t>(*b & 0x0f)};
}

/// TS 24.008 §10.5.1.13: MCC digit 2|1, MNC digit 3|MCC digit 3, MNC digit 2|1.
decode_result<model::plmn> decode_plmn(byte_reader& r) {
  const std::size_t at = r.offset();
  auto b = r.bytes(3, "PLMN identity");
  if (!b) return std::unexpected(b.error());
  auto p = model::plmn::from_bcd(*b);
  if (!p) return std::unexpected(decode_error{decode_errc::invalid_value, at, "PLMN identity digit"});
  return *p;
}

void encode_plmn(byte_writer& w, const model::plmn& p) { w.bytes(p.to_bcd()); }

decode_result<model::tai> decode_tai(byte_reader& r) {
  auto p = decode_plmn(r);
  if (!p) return std::unexpected(p.error());
  auto t = r.u24("TAC");
  if (!t) return std::unexpected(t.error());
  return model::tai{*p, *model::tac::from(*t)};
}

void encode_tai(byte_writer& w, const model::tai& t) {
  encode_plmn(w, t.plmn_);
  w.u24(t.tac_.value(), "TAC");
}

/// TS 24.501 §9.11.3.9: partial lists, each headed by type (bits 7-6) and number of elements - 1 (bits 5-1).
decode_result<tai_list> tai_list::decode(byte_reader& r) {
  tai_list out;
  while (!r.empty()) {
    const std::size_t at = r.offset();
    auto h = r.u8("partial tracking area identity list");
    if (!h) return std::unexpected(h.error());
    const unsigned type = bits(*h, 6, 2);
    const unsigned count = bits(*h, 4, 5) + 1u;
    if ((*h & 0x80) != 0) return fail<tai_list>(r, decode_errc::invalid_value, "partial TAI list spare bit");
    if (type == 0) {
      tai_list_tacs l;
      auto p = decode_plmn(r);
      if (!p) return std::unexpected(p.error());
      l.plmn_ = *p;
      for (unsigned i = 0; i < count; ++i) {
        auto t = r.u24("TAC");
        if (!t) return std::unexpected(t.error());
        l.tacs_.push_back(*model::tac::from(*t));
      }
      out.partial_lists_.emplace_back(std::move(l));
    } else if (type == 1) {
      tai_list_consecutive l;
      auto p = decode_plmn(r);
      if (!p) return std::unexpected(p.error());
      l.plmn_ = *p;
      auto t = r.u24("TAC");
      if (!t) return std::unexpected(t.error());
      l.first_tac_ = *model::tac::from(*t);
      l.count_ = static_cast<std::uint8_t>(count);
      out.partial_lists_.emplace_back(std::move(l));
    } else if (type == 2) {
      tai_list_tais l;
      for (unsigned i = 0; i < count; ++i) {
        auto t = decode_tai(r);
        if (!t) return std::unexpected(t.error());
        l.tais_.push_back(std::move(*t));
      }
      out.partial_lists_.emplace_back(std::move(l));
    } else {
      return std::unexpected(decode_error{decode_errc::invalid_value, at, "type of TAI list"});
    }
  }
  if (out.partial_lists_.empty()) return fail<tai_list>(r, decode_errc::invalid_length, "TAI list");
  return out;
}

void tai_list::encode(byte_writer& w) const {
  auto header = [&](unsigned type, std::size_t count) {
    if (count < 1 || count > 32) w.fail({encode_errc::value_out_of_range, "number of elements in partial TAI list"});
    w.u8(static_cast<std::uint8_t>((type << 5) | ((count - 1) & 0x1f)));
  };
  for (const auto& pl : partial_lists_) {
    if (const auto* a = std::get_if<tai_list_tacs>(&pl)) {
      header(0, a->tacs_.size());
      encode_plmn(w, a->plmn_);
      for (auto t : a->tacs_) w.u24(t.value(), "TAC");
    } else if (const auto* b = std::get_if<tai_list_consecutive>(&pl)) {
      header(1, b->count_);
      encode_plmn(w, b->plmn_);
      w.u24(b->first_tac_.value(), "TAC");
    } else if (const auto* c = std::get_if<tai_list_tais>(&pl)) {
      header(2, c->tais_.size());
      for (const auto& t : c->tais_) encode_tai(w, t);
    }
  }
}

decode_result<registration_result> registration_result::decode(byte_reader& r) {
  auto b = r.u8("5GS registration result");
  if (!b) return std::unexpected(b.error());
  registration_result out;
  out.value_ = *b & 0x07;
  out.sms_allowed_ = (*b & 0x08) != 0;
  out.nssaa_to_be_performed_ = (*b & 0x10) != 0;
  out.emergency_registered_ = (*b & 0x20) != 0;
  out.disaster_roaming_ = (*b & 0x40) != 0;
  out.spare_bit8_ = (*b & 0x80) != 0;
  return out;
}

void registration_result::encode(byte_writer& w) const {
  w.u8(static_cast<std::uint8_t>((value_ & 0x07) | (sms_allowed_ ? 0x08 : 0) | (nssaa_to_be_performed_ ? 0x10 : 0) |
                                 (emergency_registered_ ? 0x20 : 0) | (disaster_roaming_ ? 0x40 : 0) |
                                 (spare_bit8_ ? 0x80 : 0)));
}

decode_result<ue_security_capability> ue_security_capability::decode(byte_reader& r) {
  ue_security_capability out;
  auto ea = r.u8("5G-EA");
  if (!ea) return std::unexpected(ea.error());
  auto ia = r.u8("5G-IA");
  if (!ia) return std::unexpected(ia.error());
  out.ea_ = *ea;
  out.ia_ = *ia;
  if (!r.empty()) out.eea_ = *r.u8();
  if (!r.empty()) out.eia_ = *r.u8();
  auto rest = r.rest();
  out.spare_.assign(rest.begin(), rest.end());
  return out;
}

void ue_security_capability::encode(byte_writer& w) const {
  w.u8(ea_);
  w.u8(ia_);
  if (eea_) w.u8(*eea_);
  if (eia_) {
    if (!eea_) w.fail({encode_errc::missing_field, "EEA (needed before EIA)"});
    w.u8(*eia_);
  }
  if (!spare_.empty() && !(eea_ && eia_)) w.fail({encode_errc::missing_field, "EEA/EIA (needed before spare)"});
  w.bytes(spare_);
}

decode_result<psi_bitmap> psi_bitmap::decode(byte_reader& r) {
  auto lo = r.u8("PSI(7)-PSI(0)");
  if (!lo) return std::unexpected(lo.error());
  auto hi = r.u8("PSI(15)-PSI(8)");
  if (!hi) return std::unexpected(hi.error());
  psi_bitmap out;
  out.psi_ = static_cast<std::uint16_t>(*lo | (*hi << 8));
  auto rest = r.rest();
  out.spare_.assign(rest.begin(), rest.end());
  return out;
}

void psi_bitmap::encode(byte_writer& w) const {
  w.u8(static_cast<std::uint8_t>(psi_ & 0xff));
  w.u8(static_cast<std::uint8_t>(psi_ >> 8));
  w.bytes(spare_);
}

decode_result<integrity_protection_maximum_data_rate> integrity_protection_maximum_data_rate::decode(byte_reader& r) {
  auto ul = r.u8("maximum data rate for UP integrity protection for uplink");
  if (!ul) return std::unexpected(ul.error());
  auto dl = r.u8("maximum data rate for UP integrity protection for downlink");
  if (!dl) return std::unexpected(dl.error());
  return integrity_protection_maximum_data_rate{*ul, *dl};
}

template <timer_kind Kind>
std::optional<std::uint64_t> timer_ie<Kind>::seconds() const {
  const std::uint64_t v = value_;
  if constexpr (Kind == timer_kind::gprs_timer_3) {
    // TS 24.008 Table 10.5.163a
    switch (unit_) {
      case 0:
        return v * 600;
      case 1:
        return v * 3600;
      case 2:
        return v * 36000;
      case 3:
        return v * 2;
      case 4:
        return v * 30;
      case 5:
        return v * 60;
      case 6:
        return v * 1152000;
      default:
        return std::nullopt;
    }
  } else {
    // TS 24.008 Table 10.5.172 / 10.5.163: 2 s, 1 min, decihours; other values as 1 min.
    switch (unit_) {
      case 0:
        return v * 2;
      case 1:
        return v * 60;
      case 2:
        return v * 360;
      case 7:
        return std::nullopt;
      default:
        return v * 60;
    }
  }
}
template struct timer_ie<timer_kind::gprs_timer>;
template struct timer_ie<timer_kind::gprs_timer_2>;
template struct timer_ie<timer_kind::gprs_timer_3>;

}  // namespace meridian::nas
