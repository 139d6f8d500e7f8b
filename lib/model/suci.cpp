// SUCI as a value: its TS 29.503 / TS 29.571 string form and the BCD of a null-scheme MSIN.

#include "meridian/model/suci.hpp"

#include <fmt/format.h>

#include "text.hpp"

namespace meridian::model {

std::vector<std::uint8_t> digits_to_bcd(std::string_view digits) {
  std::vector<std::uint8_t> out((digits.size() + 1) / 2);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const auto d = static_cast<std::uint8_t>((digits[i] - '0') & 0x0F);
    out[i / 2] |= static_cast<std::uint8_t>(i % 2 == 0 ? d : d << 4);
  }
  if (digits.size() % 2 != 0) out.back() |= 0xF0;
  return out;
}

std::optional<std::string> bcd_to_digits(std::span<const std::uint8_t> bcd) {
  if (bcd.empty()) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < bcd.size(); ++i) {
    const unsigned lo = bcd[i] & 0x0Fu, hi = bcd[i] >> 4;
    if (lo > 9) return std::nullopt;
    out.push_back(static_cast<char>('0' + lo));
    if (hi == 0xF && i + 1 == bcd.size()) break;
    if (hi > 9) return std::nullopt;
    out.push_back(static_cast<char>('0' + hi));
  }
  return out;
}

std::optional<std::string> suci::msin() const {
  if (supi_type_ != supi::type::imsi || protection_scheme_ != protection_scheme::null) return std::nullopt;
  return bcd_to_digits(scheme_output_);
}

// Renders BCD whatever it holds (to_string cannot fail): a valid MSIN as its
// digits, anything else with hex nibbles, which parse then refuses.
std::string bcd_to_text(std::span<const std::uint8_t> bcd) {
  static constexpr char nibble[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bcd.size(); ++i) {
    out.push_back(nibble[bcd[i] & 0x0F]);
    if ((bcd[i] >> 4) == 0xF && i + 1 == bcd.size()) break;
    out.push_back(nibble[bcd[i] >> 4]);
  }
  return out;
}

namespace {

using parse_result = std::expected<void, suci_parse_error>;

std::unexpected<suci_parse_error> refuse(suci_parse_error::kind k, std::string detail) {
  return std::unexpected(suci_parse_error{k, std::move(detail)});
}
std::unexpected<suci_parse_error> bad_format(std::string detail) {
  return refuse(suci_parse_error::kind::format, std::move(detail));
}
std::unexpected<suci_parse_error> bad_parameter(std::string detail) {
  return refuse(suci_parse_error::kind::parameter, std::move(detail));
}

std::string to_hex(std::span<const std::uint8_t> b) {
  std::string out;
  out.reserve(b.size() * 2);
  for (auto x : b) fmt::format_to(std::back_inserter(out), "{:02x}", x);
  return out;
}

/// The text up to the next '-' (consumed with it), or nothing when there is none.
std::optional<std::string_view> take_field(std::string_view& rest) {
  const std::size_t p = rest.find('-');
  if (p == std::string_view::npos) return std::nullopt;
  auto field = rest.substr(0, p);
  rest.remove_prefix(p + 1);
  return field;
}

/// Whether `rest` begins "<1-4 digits>-<one hex digit>-<1-3 digits>-": the
/// length of that prefix and the scheme id when it does.
std::optional<std::pair<std::size_t, unsigned>> tail_prefix(std::string_view rest) noexcept {
  std::size_t i = 0;
  while (i < rest.size() && i < 5 && detail::is_digit(rest[i])) ++i;
  if (i == 0 || i > 4 || i + 2 >= rest.size() || rest[i] != '-') return std::nullopt;
  const auto scheme = detail::hex_value(rest[i + 1]);
  if (!scheme || rest[i + 2] != '-') return std::nullopt;
  std::size_t j = i + 3, k = j;
  while (k < rest.size() && k - j < 4 && detail::is_digit(rest[k])) ++k;
  if (k == j || k - j > 3 || k >= rest.size() || rest[k] != '-') return std::nullopt;
  return std::pair{k + 1, *scheme};
}

// "<routing indicator>-<scheme (one hex digit)>-<key id>-<scheme output>"
parse_result parse_tail(std::string_view tail, suci& s) {
  auto ri = take_field(tail);
  if (!ri) return bad_format("missing routing indicator");
  if (ri->empty() || !detail::all_digits(*ri)) return bad_format("routing indicator must be digits");
  if (ri->size() > 4) return bad_parameter("routing indicator must be 1 to 4 digits");
  s.routing_indicator_ = std::string(*ri);
  auto scheme = take_field(tail);
  if (!scheme) return bad_format("missing protection scheme id");
  const auto scheme_id = scheme->size() == 1 ? detail::hex_value((*scheme)[0]) : std::nullopt;
  if (!scheme_id) return bad_format("protection scheme id must be one hex digit");
  s.protection_scheme_ = static_cast<protection_scheme>(*scheme_id);
  auto key_id_text = take_field(tail);
  if (!key_id_text) return bad_format("missing home network public key id");
  auto key_id = detail::parse_decimal(*key_id_text, 255);
  if (!key_id) return bad_format("home network public key id must be a number 0 to 255");
  s.home_network_public_key_id_ = static_cast<std::uint8_t>(*key_id);
  if (tail.empty()) return bad_format("missing scheme output");
  if (s.protection_scheme_ == protection_scheme::null) {
    // TS 23.003 §2.2B: the null scheme has key id 0 and outputs its input.
    if (s.home_network_public_key_id_ != 0)
      return bad_parameter("home network public key id must be 0 for the null scheme");
    if (s.supi_type_ == supi::type::imsi) {
      // TS 23.003 §2.2: an IMSI has at most 15 digits, so the MSIN at most 10.
      if (!detail::all_digits(tail) || tail.size() > 15 - 3 - s.home_plmn_.mnc_length())
        return bad_format("null-scheme output must be the MSIN: digits, at most 15 with the MCC and MNC");
      s.scheme_output_ = digits_to_bcd(tail);
    } else {
      s.scheme_output_.assign(tail.begin(), tail.end());
    }
    return {};
  }
  if (tail.size() % 2 != 0) return bad_format("scheme output must be an even number of hex digits");
  s.scheme_output_.clear();
  for (std::size_t i = 0; i < tail.size(); i += 2) {
    auto hi = detail::hex_value(tail[i]), lo = detail::hex_value(tail[i + 1]);
    if (!hi || !lo) return bad_format("scheme output must be an even number of hex digits");
    s.scheme_output_.push_back(static_cast<std::uint8_t>(*hi << 4 | *lo));
  }
  return {};
}

// "suci-1-<realm>-<ri>-<scheme>-<key id>-<output>": a realm may hold hyphens,
// and so may a null-scheme username, so the realm ends at the first hyphen
// followed by a well-formed "<ri>-<scheme>-<key id>-"; for a scheme other than
// null (hex output, no hyphens) that key id hyphen must moreover be the last one.
parse_result parse_nai_type(std::string_view rest, suci& s) {
  const std::size_t last_dash = rest.rfind('-');
  for (std::size_t p = rest.find('-'); p != std::string_view::npos; p = rest.find('-', p + 1)) {
    auto prefix = tail_prefix(rest.substr(p + 1));
    if (!prefix || p == 0) continue;
    if (prefix->second == 0 || p + prefix->first == last_dash) {
      s.realm_ = std::string(rest.substr(0, p));
      return parse_tail(rest.substr(p + 1), s);
    }
  }
  return bad_format("no \"-<routing indicator>-<scheme>-<key id>-\" after the realm");
}

}  // namespace

std::string suci::to_string() const {
  static constexpr char hex_digit[] = "0123456789abcdef";
  const bool imsi = supi_type_ == supi::type::imsi;
  std::string output;
  if (protection_scheme_ == protection_scheme::null)
    output = imsi ? bcd_to_text(scheme_output_) : std::string(scheme_output_.begin(), scheme_output_.end());
  else
    output = to_hex(scheme_output_);
  const std::string home = imsi ? fmt::format("{}-{}", home_plmn_.mcc(), home_plmn_.mnc()) : realm_;
  return fmt::format("suci-{}-{}-{}-{}-{}-{}", imsi ? 0 : 1, home, routing_indicator_,
                     hex_digit[static_cast<unsigned>(protection_scheme_) & 0x0Fu], unsigned{home_network_public_key_id_}, output);
}

std::expected<suci, suci_parse_error> suci::parse_with_reason(std::string_view text) {
  if (!text.starts_with("suci-")) return bad_format("a SUCI starts with \"suci-\"");
  std::string_view rest = text.substr(5);
  auto type = take_field(rest);
  if (!type) return bad_format("missing SUPI type");
  suci s;
  parse_result r;
  if (*type == "0") {
    s.supi_type_ = supi::type::imsi;
    auto mcc = take_field(rest);
    if (!mcc) return bad_format("missing MCC");
    auto mnc = take_field(rest);
    if (!mnc) return bad_format("missing MNC");
    if (mcc->size() != 3 || !detail::all_digits(*mcc)) return bad_format("MCC must be 3 digits");
    auto p = plmn::from_digits(*mcc, *mnc);
    if (!p) return bad_format("MNC must be 2 or 3 digits");
    s.home_plmn_ = *p;
    r = parse_tail(rest, s);
  } else if (*type == "1") {
    s.supi_type_ = supi::type::nai;
    r = parse_nai_type(rest, s);
  } else if (type->size() == 1 && (*type)[0] >= '2' && (*type)[0] <= '7') {
    // SUPI types 2..7 (GCI, GLI, spare) are not represented here.
    return bad_parameter(fmt::format("SUPI type {} (GLI, GCI or spare) is not supported", *type));
  } else {
    return bad_format("SUPI type must be a digit 0 to 7");
  }
  if (!r) return std::unexpected(std::move(r.error()));
  return s;
}

std::optional<suci> suci::parse(std::string_view text) {
  auto s = parse_with_reason(text);
  if (!s) return std::nullopt;
  return std::move(*s);
}

}  // namespace meridian::model
