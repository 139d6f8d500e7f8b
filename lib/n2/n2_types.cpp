// The NGAP encodings of the model identities.

#include "meridian/n2/n2_types.hpp"

namespace meridian::n2 {

namespace {

std::optional<std::uint32_t> u24(const asn1::octet_string& o) {
  if (o.size() != 3) return std::nullopt;
  return std::uint32_t{o[0]} << 16 | std::uint32_t{o[1]} << 8 | o[2];
}

asn1::octet_string octets24(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

/// The value of a BIT STRING of exactly `bits` bits.
std::optional<std::uint64_t> fixed_bits(const asn1::bit_string& b, std::size_t bits) {
  if (b.length_ != bits || b.bytes_.size() * 8 < bits) return std::nullopt;
  return b.to_uint();
}

}  // namespace

ngap::plmn_identity encode_plmn(const model::plmn& p) {
  const auto o = p.to_bcd();
  return {o.begin(), o.end()};
}

std::optional<model::plmn> decode_plmn(const ngap::plmn_identity& octets) { return model::plmn::from_bcd(octets); }

ngap::tac encode_tac(model::tac tac) { return octets24(tac.value()); }

std::optional<model::tac> decode_tac(const ngap::tac& octets) {
  auto v = u24(octets);
  if (!v) return std::nullopt;
  return model::tac::from(*v);
}

ngap::tai encode_tai(const model::tai& t) {
  ngap::tai out;
  out.plmn_identity_ = encode_plmn(t.plmn_);
  out.tac_ = encode_tac(t.tac_);
  return out;
}

std::optional<model::tai> decode_tai(const ngap::tai& t) {
  auto p = decode_plmn(t.plmn_identity_);
  auto tac = decode_tac(t.tac_);
  if (!p || !tac) return std::nullopt;
  return model::tai{*p, *tac};
}

ngap::s_nssai encode_s_nssai(const model::s_nssai& s) {
  ngap::s_nssai out;
  out.sst_ = {s.sst_};
  if (s.sd_) out.sd_ = octets24(s.sd_->value());
  return out;
}

std::optional<model::s_nssai> decode_s_nssai(const ngap::s_nssai& s) {
  if (s.sst_.size() != 1) return std::nullopt;
  model::s_nssai v{s.sst_[0], std::nullopt};
  if (s.sd_) {
    auto sd = u24(*s.sd_);
    if (!sd) return std::nullopt;
    v.sd_ = model::slice_differentiator::from(*sd);
  }
  return v;
}

ngap::guami encode_guami(const model::guami& g) {
  ngap::guami out;
  out.plmn_identity_ = encode_plmn(g.plmn_);
  out.amf_region_id_ = asn1::bit_string::from_uint(g.amf_id_.region_.value(), 8);
  out.amf_set_id_ = asn1::bit_string::from_uint(g.amf_id_.set_.value(), 10);
  out.amf_pointer_ = asn1::bit_string::from_uint(g.amf_id_.pointer_.value(), 6);
  return out;
}

std::optional<model::guami> decode_guami(const ngap::guami& g) {
  auto p = decode_plmn(g.plmn_identity_);
  auto region = fixed_bits(g.amf_region_id_, 8);
  auto set = fixed_bits(g.amf_set_id_, 10);
  auto pointer = fixed_bits(g.amf_pointer_, 6);
  if (!p || !region || !set || !pointer) return std::nullopt;
  return model::guami{*p,
                      {*model::amf_region_id::from(*region), *model::amf_set_id::from(*set),
                       *model::amf_pointer::from(*pointer)}};
}

ngap::nr_cgi encode_ncgi(const model::ncgi& c) {
  ngap::nr_cgi out;
  out.plmn_identity_ = encode_plmn(c.plmn_);
  out.nr_cell_identity_ = asn1::bit_string::from_uint(c.nci_.value(), 36);
  return out;
}

std::optional<model::ncgi> decode_ncgi(const ngap::nr_cgi& c) {
  auto p = decode_plmn(c.plmn_identity_);
  auto nci = fixed_bits(c.nr_cell_identity_, 36);
  if (!p || !nci) return std::nullopt;
  return model::ncgi{*p, *model::nr_cell_identity::from(*nci)};
}

ngap::five_g_s_tmsi encode_s_tmsi(const model::s_tmsi_5g& s) {
  ngap::five_g_s_tmsi out;
  out.amf_set_id_ = asn1::bit_string::from_uint(s.set_.value(), 10);
  out.amf_pointer_ = asn1::bit_string::from_uint(s.pointer_.value(), 6);
  const auto t = s.tmsi_.value();
  out.five_g_tmsi_ = {static_cast<std::uint8_t>(t >> 24), static_cast<std::uint8_t>(t >> 16),
                      static_cast<std::uint8_t>(t >> 8), static_cast<std::uint8_t>(t)};
  return out;
}

std::optional<model::s_tmsi_5g> decode_s_tmsi(const ngap::five_g_s_tmsi& s) {
  auto set = fixed_bits(s.amf_set_id_, 10);
  auto pointer = fixed_bits(s.amf_pointer_, 6);
  const auto& t = s.five_g_tmsi_;
  if (!set || !pointer || t.size() != 4) return std::nullopt;
  const std::uint32_t tmsi = std::uint32_t{t[0]} << 24 | std::uint32_t{t[1]} << 16 | std::uint32_t{t[2]} << 8 | t[3];
  return model::s_tmsi_5g{*model::amf_set_id::from(*set), *model::amf_pointer::from(*pointer),
                          *model::tmsi_5g::from(tmsi)};
}

ngap::global_ran_node_id encode_global_gnb_id(const model::global_gnb_id& g) {
  ngap::global_gnb_id gg;
  gg.plmn_identity_ = encode_plmn(g.plmn_id());
  gg.gnb_id_.value_ = asn1::bit_string::from_uint(g.gnb_id(), g.length_bits());
  ngap::global_ran_node_id out;
  out.value_ = std::move(gg);
  return out;
}

std::optional<model::global_gnb_id> decode_global_gnb_id(const ngap::global_ran_node_id& id) {
  const auto* gg = std::get_if<ngap::global_gnb_id>(&id.value_);
  if (gg == nullptr) return std::nullopt;
  const auto* bits = std::get_if<asn1::bit_string>(&gg->gnb_id_.value_);
  if (bits == nullptr || bits->length_ < 22 || bits->length_ > 32) return std::nullopt;
  auto plmn = decode_plmn(gg->plmn_identity_);
  if (!plmn) return std::nullopt;
  return model::global_gnb_id::from(*plmn, static_cast<std::uint32_t>(bits->to_uint()),
                                    static_cast<unsigned>(bits->length_));
}

ngap::amf_ue_ngap_id encode_amf_ue_ngap_id(model::amf_ue_ngap_id id) noexcept {
  return static_cast<ngap::amf_ue_ngap_id>(id.value());
}

std::optional<model::amf_ue_ngap_id> decode_amf_ue_ngap_id(ngap::amf_ue_ngap_id v) noexcept {
  if (v < 0) return std::nullopt;
  return model::amf_ue_ngap_id::from(static_cast<std::uint64_t>(v));
}

ngap::ran_ue_ngap_id encode_ran_ue_ngap_id(model::ran_ue_ngap_id id) noexcept {
  return static_cast<ngap::ran_ue_ngap_id>(id.value());
}

std::optional<model::ran_ue_ngap_id> decode_ran_ue_ngap_id(ngap::ran_ue_ngap_id v) noexcept {
  if (v < 0) return std::nullopt;
  return model::ran_ue_ngap_id::from(static_cast<std::uint64_t>(v));
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
