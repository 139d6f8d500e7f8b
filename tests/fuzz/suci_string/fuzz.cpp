// Fuzz target: SUCI strings (TS 23.003 §28.7.3, TS 29.571 SupiOrSuci) as users
// and peers send them. Properties checked on every input:
//   - parse_suci never crashes, throws or reads out of bounds (ASan/UBSan);
//   - a string that parses is written back by to_string (and to_nai) into text
//     that parses to the same SUCI;
//   - an error names its kind with a non-empty detail.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "meridian/security/suci.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace meridian::security;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parse_suci(text);
  if (!parsed) {
    if (parsed.error().detail.empty()) std::abort();
    return 0;
  }
  auto again = parse_suci(to_string(*parsed));
  if (!again || !(*again == *parsed)) std::abort();
  // The NAI form round-trips too, except that it cannot keep a three-digit MNC
  // that begins with 0 (the realm pads two-digit MNCs with that zero).
  const bool ambiguous_mnc =
      parsed->supi_type_ == meridian::model::supi::type::imsi && parsed->home_plmn_.mnc().size() == 3 && parsed->home_plmn_.mnc()[0] == '0';
  auto nai = parse_suci(to_nai(*parsed), ambiguous_mnc ? 3 : 0);
  if (!nai || !(*nai == *parsed)) std::abort();
  // De-concealing with no key must fail cleanly or, for the null scheme, succeed.
  auto id = deconceal(*parsed, {});
  if (parsed->protection_scheme_ == protection_scheme::null && !id) std::abort();
  if (parsed->protection_scheme_ != protection_scheme::null && id) std::abort();
  return 0;
}
