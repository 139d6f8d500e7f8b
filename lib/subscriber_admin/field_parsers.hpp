#pragma once
// One parser per subscriber field as people write it (command line, CSV,
// YAML), shared by all three so that each accepts the same text. Errors are
// the reason alone ("must be 4 hex digits"); callers prefix where.

#include <algorithm>
#include <array>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "meridian/common/hex.hpp"
#include "meridian/crypto/secret.hpp"
#include "meridian/sbi_types/enum_strings.hpp"
#include "meridian/udr/subscriber.hpp"

namespace meridian::subscriber_admin::field {

template <class T>
using parsed = std::expected<T, std::string>;

parsed<model::supi> supi(std::string_view text);
/// 5G_AKA / EAP_AKA_PRIME, or 5g-aka / eap-aka-prime in any case.
parsed<udr::auth_method> auth_method(std::string_view text);
parsed<std::array<std::uint8_t, 2>> amf(std::string_view text);
/// 1 to 12 hex digits.
parsed<std::uint64_t> sqn(std::string_view text);
parsed<unsigned> number(std::string_view text, unsigned max);
parsed<model::s_nssai> snssai(std::string_view text);
parsed<std::string> bit_rate(std::string_view text);

/// A key of exactly N octets from hex, the decoded copy wiped. The error
/// never holds the value.
template <std::size_t N>
parsed<crypto::secret<N>> key(std::string_view text) {
  auto bytes = from_hex(text);
  if (!bytes || bytes->size() != N) {
    if (bytes) crypto::secure_wipe(*bytes);
    return std::unexpected(fmt::format("must be {} hex digits ({} octets)", 2 * N, N));
  }
  auto s = crypto::secret<N>::from(*bytes);
  crypto::secure_wipe(*bytes);
  return *s;
}

/// The enumerator whose TS 29.5xx string is `text`, case-insensitive.
template <sbi::sbi_enum E>
parsed<E> enumerator(std::string_view text) {
  std::string allowed;
  for (const auto& e : enum_strings(E{})) {
    if (e.text_.size() == text.size() &&
        std::equal(text.begin(), text.end(), e.text_.begin(),
                   [](char a, char b) { return (a >= 'a' && a <= 'z' ? a - 32 : a) == b; }))
      return e.value_;
    if (!allowed.empty()) allowed += ", ";
    allowed += e.text_;
  }
  return std::unexpected("must be one of " + allowed);
}

}  // namespace meridian::subscriber_admin::field
