#include "meridian/security/serving_network_name.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace meridian::security {

namespace {

bool all_of_length(std::string_view s, std::size_t n, bool (*ok)(char)) {
  return s.size() == n && std::all_of(s.begin(), s.end(), ok);
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Consumes `prefix` from the front of `s`.
bool take(std::string_view& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.remove_prefix(prefix.size());
  return true;
}

}  // namespace

// TS 24.501 §9.12.1: a two-digit MNC is written with a leading zero.
std::string serving_network_name(const model::plmn& plmn) {
  return fmt::format("5G:mnc{}{}.mcc{}.3gppnetwork.org", plmn.mnc().size() == 2 ? "0" : "", plmn.mnc(), plmn.mcc());
}

std::optional<serving_network_id> parse_serving_network_name(std::string_view text) {
  serving_network_id id;
  if (!take(text, "5G:mnc")) return std::nullopt;
  if (text.size() < 3 || !all_of_length(text.substr(0, 3), 3, is_digit)) return std::nullopt;
  id.mnc = std::string(text.substr(0, 3));
  text.remove_prefix(3);
  if (!take(text, ".mcc")) return std::nullopt;
  if (text.size() < 3 || !all_of_length(text.substr(0, 3), 3, is_digit)) return std::nullopt;
  id.mcc = std::string(text.substr(0, 3));
  text.remove_prefix(3);
  if (!take(text, ".3gppnetwork.org")) return std::nullopt;
  if (text.empty()) return id;
  // TS 33.501 §6.1.1.4.1: an SNPN appends ":" and its NID.
  if (!take(text, ":") || !all_of_length(text, 11, is_hex)) return std::nullopt;
  id.nid = std::string(text);
  return id;
}

bool names_one_of(std::string_view text, std::span<const model::plmn> plmns) {
  const auto id = parse_serving_network_name(text);
  if (!id) return false;
  return std::any_of(plmns.begin(), plmns.end(), [&](const model::plmn& p) {
    // A two-digit MNC is written with a leading zero (TS 24.501 §9.12.1).
    const std::string_view written = id->mnc;
    const bool mnc_matches = p.mnc().size() == 2 ? written[0] == '0' && written.substr(1) == p.mnc() : written == p.mnc();
    return id->mcc == p.mcc() && mnc_matches;
  });
}

}  // namespace meridian::security
