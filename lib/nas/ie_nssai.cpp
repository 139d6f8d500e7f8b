// S-NSSAI, NSSAI and rejected NSSAI (TS 24.501 §9.11.2.8, §9.11.3.37, §9.11.3.46).

#include "meridian/nas/ies.hpp"

namespace meridian::nas {

/// TS 24.501 §9.11.2.8: the length alone says which parts are present.
decode_result<s_nssai> s_nssai::decode(byte_reader& r) {
  const std::size_t len = r.remaining();
  if (len != 1 && len != 2 && len != 4 && len != 5 && len != 8)
    return std::unexpected(r.error(decode_errc::invalid_length, "S-NSSAI"));
  // The lengths checked above guarantee every read below; u24 values are 24-bit SDs.
  s_nssai out;
  out.value_.sst_ = *r.u8();
  if (len == 2) {
    out.mapped_hplmn_ = model::s_nssai{*r.u8(), std::nullopt};
    return out;
  }
  if (len >= 4) out.value_.sd_ = model::slice_differentiator::from(*r.u24());
  if (len >= 5) out.mapped_hplmn_ = model::s_nssai{*r.u8(), std::nullopt};
  if (len == 8) out.mapped_hplmn_->sd_ = model::slice_differentiator::from(*r.u24());
  return out;
}

void s_nssai::encode(byte_writer& w) const {
  w.u8(value_.sst_);
  if (!value_.sd_) {
    if (mapped_hplmn_ && mapped_hplmn_->sd_) w.fail({encode_errc::invalid_argument, "S-NSSAI mapped SD without SD"});
    if (mapped_hplmn_) w.u8(mapped_hplmn_->sst_);
    return;
  }
  w.u24(value_.sd_->value(), "SD");
  if (mapped_hplmn_) {
    w.u8(mapped_hplmn_->sst_);
    if (mapped_hplmn_->sd_) w.u24(mapped_hplmn_->sd_->value(), "mapped HPLMN SD");
  }
}

decode_result<nssai> nssai::decode(byte_reader& r) {
  nssai out;
  while (!r.empty()) {
    auto len = r.u8("S-NSSAI length");
    if (!len) return std::unexpected(len.error());
    auto sub = r.sub(*len, "S-NSSAI");
    if (!sub) return std::unexpected(sub.error());
    auto s = s_nssai::decode(*sub);
    if (!s) return std::unexpected(s.error());
    out.s_nssais_.push_back(*s);
  }
  return out;
}

void nssai::encode(byte_writer& w) const {
  for (const auto& s : s_nssais_) {
    auto len = w.length(1, "S-NSSAI");
    s.encode(w);
  }
}

/// TS 24.501 §9.11.3.46: length of rejected S-NSSAI (bits 8-5) | cause (bits 4-1), SST, [SD].
decode_result<rejected_nssai> rejected_nssai::decode(byte_reader& r) {
  rejected_nssai out;
  while (!r.empty()) {
    const std::size_t at = r.offset();
    auto h = *r.u8();
    const unsigned len = h >> 4;
    if (len != 1 && len != 4) return std::unexpected(decode_error{decode_errc::invalid_length, at, "rejected S-NSSAI"});
    rejected_s_nssai e;
    e.cause_ = h & 0x0f;
    auto sst = r.u8("rejected S-NSSAI SST");
    if (!sst) return std::unexpected(sst.error());
    e.s_nssai_.sst_ = *sst;
    if (len == 4) {
      auto sd = r.u24("rejected S-NSSAI SD");
      if (!sd) return std::unexpected(sd.error());
      e.s_nssai_.sd_ = model::slice_differentiator::from(*sd);
    }
    out.rejected_.push_back(e);
  }
  return out;
}

void rejected_nssai::encode(byte_writer& w) const {
  for (const auto& e : rejected_) {
    const auto& sd = e.s_nssai_.sd_;
    w.u8(static_cast<std::uint8_t>(((sd ? 4 : 1) << 4) | (e.cause_ & 0x0f)));
    w.u8(e.s_nssai_.sst_);
    if (sd) w.u24(sd->value(), "SD");
  }
}

}  // namespace meridian::nas
