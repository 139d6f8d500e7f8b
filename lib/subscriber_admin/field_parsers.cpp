#include "field_parsers.hpp"

#include <charconv>

#include <fmt/format.h>

#include "meridian/common/hex.hpp"
#include "text_util.hpp"

namespace meridian::subscriber_admin::field {

parsed<model::supi> supi(std::string_view text) {
  auto s = model::supi::parse(text);
  if (!s)
    return std::unexpected(fmt::format("'{}' is not a SUPI (imsi-<5 to 15 digits> or nai-<user>@<realm>)",
                                       text::printable(text)));
  return *s;
}

parsed<udr::auth_method> auth_method(std::string_view text) {
  std::string upper;
  for (char c : text) upper += c == '-' ? '_' : (c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
  if (upper == "5G_AKA") return udr::auth_method::five_g_aka;
  if (upper == "EAP_AKA_PRIME" || upper == "EAP_AKA'") return udr::auth_method::eap_aka_prime;
  return std::unexpected(std::string("must be 5G_AKA or EAP_AKA_PRIME"));
}

parsed<std::array<std::uint8_t, 2>> amf(std::string_view text) {
  auto b = from_hex(text);
  if (!b || b->size() != 2) return std::unexpected(std::string("must be 4 hex digits"));
  return std::array<std::uint8_t, 2>{(*b)[0], (*b)[1]};
}

parsed<std::uint64_t> sqn(std::string_view text) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
  if (text.empty() || text.size() > 12 || ec != std::errc{} || end != text.data() + text.size())
    return std::unexpected(std::string("must be 1 to 12 hex digits (48 bits)"));
  return v;
}

parsed<unsigned> number(std::string_view text, unsigned max) {
  unsigned v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || v > max)
    return std::unexpected(fmt::format("must be a number from 0 to {}", max));
  return v;
}

parsed<model::s_nssai> snssai(std::string_view text) {
  auto n = model::s_nssai::parse(text);
  if (!n)
    return std::unexpected(
        fmt::format("'{}' is not an S-NSSAI (SST 0..255, optionally /SD in 6 hex digits)", text::printable(text)));
  return *n;
}

parsed<std::string> bit_rate(std::string_view text) {
  if (!udr::is_bit_rate(text))
    return std::unexpected(fmt::format("'{}' is not a bit rate like \"100 Mbps\"", text::printable(text)));
  return std::string(text);
}

}  // namespace meridian::subscriber_admin::field
