// SUCI: concealment and de-concealment (TS 33.501 §6.12.2, Annex C) and the
// string forms of TS 23.003 §2.2B / §28.7.3 and TS 29.571 (SupiOrSuci).
//
// Every parsed or received SUCI goes through one structural check (check_suci),
// so that parse_suci, deconceal and to_string agree on what a valid SUCI is:
// whatever parse_suci accepts, to_string writes back in a form that parses to
// the same value.

#include "meridian/security/suci.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "meridian/common/hex.hpp"
#include "meridian/crypto/secret.hpp"

namespace meridian::security {

using model::supi;

namespace {

using crypto::ecies_profile;

std::unexpected<suci_error> fail(suci_errc code, std::string detail) {
  return std::unexpected(suci_error{code, std::move(detail)});
}

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c); });
}

constexpr bool is_hex_digit(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/// Strict hex: an even, non-zero number of hex digits and nothing else. The
/// project's from_hex also skips separators and a "0x" prefix, which a SUCI
/// must not contain, so those are refused here before it decodes.
std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view s) {
  if (s.empty() || s.size() % 2 != 0 || !std::all_of(s.begin(), s.end(), is_hex_digit)) return std::nullopt;
  auto bytes = from_hex(s);
  if (!bytes) return std::nullopt;
  return std::move(*bytes);
}

/// A decimal number without leading zeros ("0" itself is fine), at most `max`.
std::optional<unsigned> parse_decimal(std::string_view s, unsigned max) noexcept {
  if (s.empty() || s.size() > 3 || !all_digits(s) || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  unsigned v = 0;
  for (char c : s) v = v * 10 + static_cast<unsigned>(c - '0');
  if (v > max) return std::nullopt;
  return v;
}

bool valid_profile_scheme(protection_scheme s) noexcept {
  return s == protection_scheme::profile_a || s == protection_scheme::profile_b;
}
ecies_profile profile_of(protection_scheme s) noexcept {
  return s == protection_scheme::profile_a ? ecies_profile::a : ecies_profile::b;
}

// RFC 7542 §2.2: realm = label *("." label), label = let-dig *(ldh-str) — letters,
// digits and hyphens, neither starting nor ending with a hyphen. (Internationalised
// realms must arrive in their A-label form.)
bool valid_realm(std::string_view realm) noexcept {
  if (realm.empty()) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = realm.find('.', start);
    const std::string_view label =
        realm.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      const bool ok = is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
      if (!ok) return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// Length of the well-formed UTF-8 sequence (2 to 4 octets, no overlongs or
// surrogates) starting at s[i], or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf)
    n = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3;
    if (b0 == 0xe0) lo = 0xa0;
    if (b0 == 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4;
    if (b0 == 0xf0) lo = 0x90;
    if (b0 == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (s.size() - i < n) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xbf)) return 0;
  }
  return n;
}

// RFC 7542 §2.2: utf8-username = dot-string of utf8-atext (letters, digits, the
// specials below, and non-ASCII UTF-8); no leading, trailing or doubled dot.
bool valid_username(std::string_view user) noexcept {
  static constexpr std::string_view specials = "!#$%&'*+-/=?^_`{|}~";
  if (user.empty() || user.front() == '.' || user.back() == '.') return false;
  for (std::size_t i = 0; i < user.size();) {
    const char c = user[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      const std::size_t n = utf8_sequence(user, i);
      if (n == 0) return false;
      i += n;
      continue;
    }
    const bool atext =
        is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || specials.find(c) != std::string_view::npos;
    if (!atext && !(c == '.' && user[i + 1] != '.')) return false;
    ++i;
  }
  return true;
}

bool valid_routing_indicator(std::string_view ri) noexcept { return !ri.empty() && ri.size() <= 4 && all_digits(ri); }

// TS 23.003 §2.2B: the SUCI's parts, each in its range, and a scheme output that
// the scheme can have produced. The one check shared by parsing and de-concealment.
suci_result<void> check_suci(const suci& s) {
  // The home PLMN is a model::plmn, valid by construction; an NAI-type SUCI ignores it.
  if (s.supi_type_ == supi::type::imsi) {
    if (!s.realm_.empty()) return fail(suci_errc::invalid_format, "an IMSI-type SUCI has no realm");
  } else if (s.supi_type_ == supi::type::nai) {
    if (!valid_realm(s.realm_)) return fail(suci_errc::invalid_format, "realm is not a valid domain name");
  } else {
    return fail(suci_errc::invalid_parameter, "unknown SUPI type");
  }
  if (!valid_routing_indicator(s.routing_indicator_))
    return fail(suci_errc::invalid_parameter, "routing indicator must be 1 to 4 digits");

  if (s.protection_scheme_ == protection_scheme::null) {
    if (s.home_network_public_key_id_ != 0)
      return fail(suci_errc::invalid_parameter, "home network public key id must be 0 for the null scheme");
    if (s.supi_type_ == supi::type::imsi) {
      auto msin = model::bcd_to_digits(s.scheme_output_);
      if (!msin) return fail(suci_errc::invalid_format, "null-scheme output is not an MSIN in BCD");
      if (s.home_plmn_.digits().size() + msin->size() > 15)
        return fail(suci_errc::invalid_format, "MCC, MNC and MSIN exceed 15 digits");
    } else {
      const std::string_view user(reinterpret_cast<const char*>(s.scheme_output_.data()), s.scheme_output_.size());
      if (!valid_username(user))
        return fail(suci_errc::invalid_format, "null-scheme output is not a valid NAI username");
    }
    return {};
  }
  if (!valid_profile_scheme(s.protection_scheme_)) return fail(suci_errc::unsupported_scheme, "protection scheme is not 0, 1 or 2");
  // TS 23.003 §2.2B: the key id is 0 if and only if the null scheme is used.
  if (s.home_network_public_key_id_ == 0)
    return fail(suci_errc::invalid_parameter, "home network public key id must be 1 to 255 for an ECIES profile");
  const std::size_t key_len = crypto::ecies_public_key_length(profile_of(s.protection_scheme_));
  if (s.scheme_output_.size() < key_len + 1 + crypto::ecies_mac_length)
    return fail(suci_errc::invalid_format,
                fmt::format("scheme output of Profile {} must hold a {}-octet ephemeral key, a ciphertext and an "
                            "8-octet MAC tag",
                            s.protection_scheme_ == protection_scheme::profile_a ? 'A' : 'B', key_len));
  // The ciphertext of an IMSI is the BCD MSIN: at most 10 digits, 5 octets.
  if (s.supi_type_ == supi::type::imsi && s.scheme_output_.size() > key_len + 5 + crypto::ecies_mac_length)
    return fail(suci_errc::invalid_format, "ciphertext is longer than an MSIN");
  return {};
}

// The parts of an ECIES scheme output (TS 33.501 C.3.2: key || ciphertext || tag),
// for an output check_suci accepted or, in to_string, whatever is there.
struct ecies_parts {
  std::span<const std::uint8_t> key, ciphertext, tag;
};
ecies_parts split_output(const suci& s) noexcept {
  const std::span<const std::uint8_t> out = s.scheme_output_;
  const std::size_t key_len = std::min(out.size(), crypto::ecies_public_key_length(profile_of(s.protection_scheme_)));
  const std::size_t tag_len = std::min(out.size() - key_len, crypto::ecies_mac_length);
  return {out.first(key_len), out.subspan(key_len, out.size() - key_len - tag_len), out.last(tag_len)};
}

// ---------------------------------------------------------------- parsing helpers

/// The text up to the next `sep` (consumed with it), or nothing when there is none.
std::optional<std::string_view> take_field(std::string_view& rest, char sep) {
  const std::size_t p = rest.find(sep);
  if (p == std::string_view::npos) return std::nullopt;
  auto field = rest.substr(0, p);
  rest.remove_prefix(p + 1);
  return field;
}

// TS 29.571 SupiOrSuci: the one parser of that form is model's; what it takes
// must then pass check_suci, as every SUCI here does.
suci_result<suci> parse_dash_form(std::string_view text) {
  auto s = suci::parse_with_reason(text);
  if (!s) {
    const bool range = s.error().kind_ == model::suci_parse_error::kind::parameter;
    return fail(range ? suci_errc::invalid_parameter : suci_errc::invalid_format, std::move(s.error().detail_));
  }
  auto ok = check_suci(*s);
  if (!ok) return std::unexpected(ok.error());
  return std::move(*s);
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

/// Consumes `prefix` from `s`: exactly for the SUCI's own field labels, ignoring
/// ASCII case for the fixed labels of a domain name (which is case-insensitive).
bool consume(std::string_view& s, std::string_view prefix, bool ignore_case = false) noexcept {
  const std::string_view head = s.substr(0, prefix.size());
  if (head.size() < prefix.size() || !(ignore_case ? iequals(head, prefix) : head == prefix)) return false;
  s.remove_prefix(prefix.size());
  return true;
}

// TS 23.003 §28.2 / §28.7.3: "5gc.mnc<MNC>.mcc<MCC>.3gppnetwork.org", MNC as 3
// digits, a two-digit MNC padded with a leading zero. `mnc_length` 0 reads a
// leading zero as that padding.
suci_result<void> parse_imsi_realm(std::string_view realm, unsigned mnc_length, suci& s) {
  std::string_view r = realm;
  if (!consume(r, "5gc.mnc", true) || r.size() < 3 || !all_digits(r.substr(0, 3)))
    return fail(suci_errc::invalid_format, "IMSI-type NAI realm must be 5gc.mnc<MNC>.mcc<MCC>.3gppnetwork.org");
  const bool padded = r[0] == '0';
  if (mnc_length == 2 && !padded)
    return fail(suci_errc::invalid_format, "realm MNC has no padding zero for a two-digit MNC");
  const std::string_view mnc = r.substr(mnc_length == 3 || !padded ? 0 : 1, mnc_length == 3 || !padded ? 3 : 2);
  r.remove_prefix(3);
  if (!consume(r, ".mcc", true) || r.size() < 3 || !all_digits(r.substr(0, 3)))
    return fail(suci_errc::invalid_format, "IMSI-type NAI realm must be 5gc.mnc<MNC>.mcc<MCC>.3gppnetwork.org");
  // Both parts were checked to be digits of the right count just above.
  s.home_plmn_ = *model::plmn::from_digits(r.substr(0, 3), mnc);
  r.remove_prefix(3);
  if (!iequals(r, ".3gppnetwork.org"))
    return fail(suci_errc::invalid_format, "IMSI-type NAI realm must be 5gc.mnc<MNC>.mcc<MCC>.3gppnetwork.org");
  return {};
}

/// The hex value of a ".<label><hex>" NAI field of exactly `len` octets (0: any, at least one).
suci_result<std::vector<std::uint8_t>> nai_hex_field(std::string_view value, std::string_view label, std::size_t len) {
  auto bytes = parse_hex(value);
  if (!bytes) return fail(suci_errc::invalid_format, fmt::format("{} must be an even number of hex digits", label));
  if (len != 0 && bytes->size() != len)
    return fail(suci_errc::invalid_format, fmt::format("{} must be {} octets", label, len));
  return std::move(*bytes);
}

// TS 23.003 §28.7.3, the NAI form of a SUCI: username@realm with the username
//   type<t>.rid<ri>.schid<s>.userid<MSIN or username>                         (null scheme)
//   type<t>.rid<ri>.schid<s>.hnkey<id>.ecckey<hex>.cip<hex>.mac<hex>          (Profiles A, B)
suci_result<suci> parse_nai_form(std::string_view text, unsigned mnc_length) {
  suci s;
  const std::size_t at = text.find('@');
  if (at == std::string_view::npos) return fail(suci_errc::invalid_format, "not a SUCI: neither \"suci-\" nor an NAI");
  if (text.find('@', at + 1) != std::string_view::npos) return fail(suci_errc::invalid_format, "more than one '@'");
  std::string_view user = text.substr(0, at);
  const std::string_view realm = text.substr(at + 1);

  if (!consume(user, "type") || user.empty())
    return fail(suci_errc::invalid_format, "NAI username must start with type<digit>");
  const char type = user[0];
  user.remove_prefix(1);
  if (type == '0')
    s.supi_type_ = supi::type::imsi;
  else if (type == '1')
    s.supi_type_ = supi::type::nai;
  else if (type >= '2' && type <= '7')
    return fail(suci_errc::invalid_parameter, fmt::format("SUPI type {} (GLI, GCI or spare) is not supported", type));
  else
    return fail(suci_errc::invalid_format, "SUPI type must be a digit 0 to 7");

  if (!consume(user, ".rid")) return fail(suci_errc::invalid_format, "missing .rid<routing indicator>");
  auto ri = take_field(user, '.');
  if (!ri || ri->empty() || !all_digits(*ri))
    return fail(suci_errc::invalid_format, "routing indicator must be digits");
  s.routing_indicator_ = std::string(*ri);
  if (!consume(user, "schid")) return fail(suci_errc::invalid_format, "missing .schid<protection scheme id>");
  auto schid = take_field(user, '.');
  if (!schid) return fail(suci_errc::invalid_format, "missing fields after the protection scheme id");
  auto scheme_id = parse_decimal(*schid, 15);
  if (!scheme_id) return fail(suci_errc::invalid_format, "protection scheme id must be a number 0 to 15");
  if (*scheme_id > 2)
    return fail(suci_errc::unsupported_scheme, fmt::format("protection scheme {} is not supported", *scheme_id));
  s.protection_scheme_ = static_cast<protection_scheme>(*scheme_id);

  if (s.protection_scheme_ == protection_scheme::null) {
    if (!consume(user, "userid")) return fail(suci_errc::invalid_format, "missing .userid<...> for the null scheme");
    if (user.empty()) return fail(suci_errc::invalid_format, "empty userid");
    if (s.supi_type_ == supi::type::imsi) {
      if (!all_digits(user) || user.size() > 10)
        return fail(suci_errc::invalid_format, "userid must be the MSIN, 1 to 10 digits");
      s.scheme_output_ = model::digits_to_bcd(user);
    } else {
      s.scheme_output_.assign(user.begin(), user.end());
    }
  } else {
    if (!consume(user, "hnkey")) return fail(suci_errc::invalid_format, "missing .hnkey<id>");
    auto key_id_text = take_field(user, '.');
    if (!key_id_text) return fail(suci_errc::invalid_format, "missing .ecckey<hex>");
    auto key_id = parse_decimal(*key_id_text, 255);
    if (!key_id) return fail(suci_errc::invalid_format, "home network public key id must be a number 0 to 255");
    s.home_network_public_key_id_ = static_cast<std::uint8_t>(*key_id);
    if (!consume(user, "ecckey")) return fail(suci_errc::invalid_format, "missing .ecckey<hex>");
    auto ecc = take_field(user, '.');
    if (!ecc) return fail(suci_errc::invalid_format, "missing .cip<hex>");
    if (!consume(user, "cip")) return fail(suci_errc::invalid_format, "missing .cip<hex>");
    auto cip = take_field(user, '.');
    if (!cip) return fail(suci_errc::invalid_format, "missing .mac<hex>");
    if (!consume(user, "mac")) return fail(suci_errc::invalid_format, "missing .mac<hex>");
    auto key = nai_hex_field(*ecc, "ecckey", crypto::ecies_public_key_length(profile_of(s.protection_scheme_)));
    if (!key) return std::unexpected(key.error());
    auto ct = nai_hex_field(*cip, "cip", 0);
    if (!ct) return std::unexpected(ct.error());
    auto tag = nai_hex_field(user, "mac", crypto::ecies_mac_length);
    if (!tag) return std::unexpected(tag.error());
    s.scheme_output_ = std::move(*key);
    s.scheme_output_.insert(s.scheme_output_.end(), ct->begin(), ct->end());
    s.scheme_output_.insert(s.scheme_output_.end(), tag->begin(), tag->end());
  }

  if (s.supi_type_ == supi::type::imsi) {
    auto r = parse_imsi_realm(realm, mnc_length, s);
    if (!r) return std::unexpected(r.error());
  } else {
    s.realm_ = std::string(realm);
  }
  auto ok = check_suci(s);
  if (!ok) return std::unexpected(ok.error());
  return s;
}

// The SUPI a de-concealed scheme input stands for (TS 33.501 C.3.1 inverted).
suci_result<supi> supi_from_input(const suci& s, std::span<const std::uint8_t> input) {
  std::string text;
  if (s.supi_type_ == supi::type::imsi) {
    auto msin = model::bcd_to_digits(input);
    if (!msin) return fail(suci_errc::invalid_supi, "scheme input is not an MSIN in BCD");
    text = "imsi-" + std::string(s.home_plmn_.digits()) + *msin;
  } else {
    const std::string_view user(reinterpret_cast<const char*>(input.data()), input.size());
    if (!valid_username(user)) return fail(suci_errc::invalid_supi, "scheme input is not a valid NAI username");
    text = fmt::format("nai-{}@{}", user, s.realm_);
  }
  auto id = supi::parse(text);
  if (!id) return fail(suci_errc::invalid_supi, "de-concealed SUPI is malformed");
  return std::move(*id);
}

suci_error crypto_failure(const crypto::crypto_error& e) { return suci_error{suci_errc::crypto, e.message()}; }

}  // namespace

std::string_view to_string(suci_errc code) noexcept {
  switch (code) {
    case suci_errc::invalid_supi:
      return "invalid SUPI";
    case suci_errc::invalid_format:
      return "invalid SUCI format";
    case suci_errc::invalid_parameter:
      return "invalid parameter";
    case suci_errc::unsupported_scheme:
      return "unsupported protection scheme";
    case suci_errc::crypto:
      return "ECIES failure";
  }
  return "SUCI error";
}

std::string suci_error::message() const {
  return detail.empty() ? std::string(to_string(code)) : fmt::format("{}: {}", to_string(code), detail);
}

// TS 33.501 §6.12.2 and C.3.1/C.3.2: the UE builds the SUCI from its SUPI.
suci_result<suci> conceal(const supi& id, const conceal_options& options) {
  suci s;
  s.supi_type_ = id.kind();
  s.protection_scheme_ = options.scheme;
  // TS 23.003 §2.2B: the null scheme's key id is 0 whatever key the USIM holds.
  s.home_network_public_key_id_ = s.protection_scheme_ == protection_scheme::null ? 0 : options.hn_public_key_id;
  s.routing_indicator_ = options.routing_indicator;
  if (!valid_routing_indicator(s.routing_indicator_))
    return fail(suci_errc::invalid_parameter, "routing indicator must be 1 to 4 digits");
  if (s.protection_scheme_ != protection_scheme::null && !valid_profile_scheme(s.protection_scheme_))
    return fail(suci_errc::unsupported_scheme, "protection scheme is not 0, 1 or 2");
  if (s.protection_scheme_ != protection_scheme::null && s.home_network_public_key_id_ == 0)
    return fail(suci_errc::invalid_parameter, "home network public key id must be 1 to 255 for an ECIES profile");

  // TS 33.501 C.3.1 / TS 24.501 §9.11.3.4: the scheme input is the MSIN in BCD
  // (IMSI) or the username of the NAI.
  std::vector<std::uint8_t> input;
  const std::string_view value = id.value();
  if (id.kind() == supi::type::imsi) {
    if (options.mnc_length != 2 && options.mnc_length != 3)
      return fail(suci_errc::invalid_parameter, "MNC length must be 2 or 3");
    if (value.size() <= 3 + options.mnc_length || !all_digits(value))
      return fail(suci_errc::invalid_supi, "IMSI too short for MCC, MNC and a non-empty MSIN");
    // A SUPI's IMSI is all digits (model::supi checked it), and the lengths were checked above.
    s.home_plmn_ = *model::plmn::from_digits(value.substr(0, 3), value.substr(3, options.mnc_length));
    input = model::digits_to_bcd(value.substr(3 + options.mnc_length));
  } else {
    const std::size_t at = value.find('@');
    const std::string_view user = value.substr(0, at);
    const std::string_view realm = at == std::string_view::npos ? std::string_view{} : value.substr(at + 1);
    if (!valid_username(user)) return fail(suci_errc::invalid_supi, "NAI username is not valid (RFC 7542)");
    if (!valid_realm(realm)) return fail(suci_errc::invalid_supi, "NAI realm is not a valid domain name (RFC 7542)");
    s.realm_ = std::string(realm);
    input.assign(user.begin(), user.end());
  }

  if (s.protection_scheme_ == protection_scheme::null) {
    s.scheme_output_ = std::move(input);
  } else {
    auto ct = crypto::ecies_encrypt(profile_of(s.protection_scheme_), options.hn_public_key, input, options.ephemeral_private_key);
    crypto::secure_wipe(input);
    if (!ct) return std::unexpected(crypto_failure(ct.error()));
    // TS 33.501 C.3.2: scheme output = ephemeral public key || ciphertext || MAC tag.
    s.scheme_output_ = std::move(ct->ephemeral_public_key);
    s.scheme_output_.insert(s.scheme_output_.end(), ct->ciphertext.begin(), ct->ciphertext.end());
    s.scheme_output_.insert(s.scheme_output_.end(), ct->mac_tag.begin(), ct->mac_tag.end());
  }
  auto ok = check_suci(s);
  if (!ok) return fail(suci_errc::invalid_supi, ok.error().detail);
  return s;
}

// TS 33.501 §6.12.2 and C.3.3: the SIDF recovers the SUPI.
suci_result<supi> deconceal(const suci& concealed, std::span<const std::uint8_t> hn_private_key) {
  auto ok = check_suci(concealed);
  if (!ok) return std::unexpected(ok.error());
  if (concealed.protection_scheme_ == protection_scheme::null) return supi_from_input(concealed, concealed.scheme_output_);

  const auto parts = split_output(concealed);
  crypto::ecies_ciphertext in;
  in.ephemeral_public_key.assign(parts.key.begin(), parts.key.end());
  in.ciphertext.assign(parts.ciphertext.begin(), parts.ciphertext.end());
  std::copy(parts.tag.begin(), parts.tag.end(), in.mac_tag.begin());
  auto plain = crypto::ecies_decrypt(profile_of(concealed.protection_scheme_), hn_private_key, in);
  if (!plain) return std::unexpected(crypto_failure(plain.error()));
  const crypto::scoped_wipe wipe_plain(*plain);
  return supi_from_input(concealed, *plain);
}

// TS 23.003 §28.7.3 NAI form.
std::string to_nai(const suci& s) {
  const bool imsi = s.supi_type_ == supi::type::imsi;
  const auto scheme_id = static_cast<unsigned>(s.protection_scheme_);
  std::string user = fmt::format("type{}.rid{}.schid{}", imsi ? 0 : 1, s.routing_indicator_, scheme_id);
  if (s.protection_scheme_ == protection_scheme::null) {
    user += ".userid";
    if (imsi)
      user += model::bcd_to_text(s.scheme_output_);
    else
      user.append(s.scheme_output_.begin(), s.scheme_output_.end());
  } else if (valid_profile_scheme(s.protection_scheme_)) {
    const auto parts = split_output(s);
    user += fmt::format(".hnkey{}.ecckey{}.cip{}.mac{}", s.home_network_public_key_id_, to_hex(parts.key),
                        to_hex(parts.ciphertext), to_hex(parts.tag));
  } else {
    // TS 23.003 §28.7.3, HPLMN proprietary schemes.
    user += fmt::format(".hnkey{}.out{}", s.home_network_public_key_id_, to_hex(s.scheme_output_));
  }
  if (!imsi) return user + "@" + s.realm_;
  // TS 23.003 §28.2: a two-digit MNC gets a leading zero in the domain name.
  const auto mnc = s.home_plmn_.mnc();
  return fmt::format("{}@5gc.mnc{}{}.mcc{}.3gppnetwork.org", user, mnc.size() == 2 ? "0" : "", mnc, s.home_plmn_.mcc());
}

// TS 23.003 §2.2B / TS 29.571 SupiOrSuci (IMSI), §28.7.3 NAI form (NAI).
std::string to_string(const suci& s) { return s.supi_type_ == supi::type::imsi ? s.to_string() : to_nai(s); }

// TS 23.003 §28.7.3 and TS 29.571: either string form.
suci_result<suci> parse_suci(std::string_view text, unsigned nai_mnc_length) {
  if (nai_mnc_length != 0 && nai_mnc_length != 2 && nai_mnc_length != 3)
    return fail(suci_errc::invalid_parameter, "MNC length must be 2 or 3");
  if (text.starts_with("suci-")) return parse_dash_form(text);
  if (text.starts_with("type")) return parse_nai_form(text, nai_mnc_length);
  return fail(suci_errc::invalid_format, "a SUCI starts with \"suci-\" or \"type<digit>.\"");
}

suci_result<suci> parse_suci(std::string_view text) { return parse_suci(text, 0); }

std::optional<protection_scheme> parse_protection_scheme(std::string_view text) noexcept {
  if (text == "null") return protection_scheme::null;
  const auto profile = crypto::parse_ecies_profile(text);
  if (!profile) return std::nullopt;
  return *profile == ecies_profile::a ? protection_scheme::profile_a : protection_scheme::profile_b;
}

}  // namespace meridian::security
