// TS 24.501 §5.4.3, identification, the UE's side:
//
//   UE ◄─ IDENTITY REQUEST (identity type) ── AMF
//   UE ── IDENTITY RESPONSE (mobile identity) ─► AMF
//
// A SUCI may be asked for before NAS security (§4.4.4.2), and a new one is
// computed each time (a fresh ECIES ephemeral key, TS 33.501 §6.12.2); any
// other identity only under integrity protection.

#include "meridian/ue/mm.hpp"
#include "mm_support.hpp"

namespace meridian::ue {

using detail::logger;

namespace {

/// TS 23.003 §6.2.1: the IMEI's Check Digit (Luhn, over the 14 digits of TAC and SNR).
char luhn_check_digit(std::string_view digits14) {
  unsigned sum = 0;
  for (std::size_t i = 0; i < digits14.size(); ++i) {
    unsigned d = static_cast<unsigned>(digits14[i] - '0');
    if (i % 2 == 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

}  // namespace

void mm_entity::on_identity_request(const nas::identity_request& m, bool integrity_checked) {
  if (!connected_) return;
  nas::identity_response r;
  switch (m.identity_type_.value_) {
    case nas::identity_type::suci: {
      // A new SUCI, whatever 5G-GUTI the UE holds.
      auto saved = std::move(guti_);
      guti_.reset();
      r.mobile_identity_ = identity_for_request();
      guti_ = std::move(saved);
      break;
    }
    case nas::identity_type::guti:
      if (!integrity_checked) return;
      r.mobile_identity_ = guti_ ? nas::mobile_identity{nas::guti_5g_identity{.value_ = *guti_}}
                                 : nas::mobile_identity{nas::no_identity{}};
      break;
    case nas::identity_type::imei: {
      if (!integrity_checked) return;
      std::string imei(imeisv().substr(0, 14));
      imei.push_back(luhn_check_digit(imei));
      r.mobile_identity_ = nas::mobile_identity{nas::imei{{std::move(imei)}}};
      break;
    }
    case nas::identity_type::imeisv:
      if (!integrity_checked) return;
      r.mobile_identity_ = nas::mobile_identity{nas::imeisv{{std::string(imeisv())}}};
      break;
    default:
      // §5.4.3.3: an identity the UE does not have: "no identity".
      if (!integrity_checked) return;
      r.mobile_identity_ = nas::mobile_identity{nas::no_identity{}};
      break;
  }
  logger()->debug("UE {}: Identity Response", id_);
  send(r);
}

}  // namespace meridian::ue
