#include "meridian/udr/subscriber.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "meridian/crypto/milenage.hpp"

namespace meridian::udr {

// By hand, not fmt::format: the UDR and the UDM write one for every vector.
std::string sqn_to_hex(std::uint64_t sqn) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(12, '0');  // within std::string's inline buffer: no allocation
  sqn &= sqn_max;
  for (std::size_t i = out.size(); i-- > 0; sqn >>= 4) out[i] = digits[sqn & 0xf];
  return out;
}

std::optional<std::uint64_t> sqn_from_hex(std::string_view text) noexcept {
  if (text.size() != 12) return std::nullopt;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

udr::sequence_number to_sequence_number(const sqn_state& s) {
  return udr::sequence_number{.sqn_scheme_ = s.scheme_,
                              .sqn_ = sqn_to_hex(s.sqn_),
                              .last_indexes_ = s.last_indexes_,
                              .ind_length_ = static_cast<std::int32_t>(s.ind_length_),
                              .dif_sign_ = s.dif_sign_};
}

std::optional<sqn_state> from_sequence_number(const udr::sequence_number& s) {
  sqn_state out;
  if (!s.sqn_) return std::nullopt;
  const auto sqn = sqn_from_hex(*s.sqn_);
  if (!sqn) return std::nullopt;
  out.sqn_ = *sqn;
  if (s.ind_length_) {
    if (*s.ind_length_ < 0 || *s.ind_length_ > static_cast<std::int32_t>(ind_length_max)) return std::nullopt;
    out.ind_length_ = static_cast<unsigned>(*s.ind_length_);
  }
  if (s.sqn_scheme_) out.scheme_ = *s.sqn_scheme_;
  out.last_indexes_ = s.last_indexes_;
  out.dif_sign_ = s.dif_sign_;
  return out;
}

crypto::key128 subscriber::opc() const {
  if (op_kind_ == op_kind::opc) return op_;
  return crypto::milenage_opc(k_, op_);
}

bool is_bit_rate(std::string_view text) noexcept {
  // TS 29.571 BitRate: ^\d+(\.\d+)? (bps|Kbps|Mbps|Gbps|Tbps)$
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i > start;
  };
  if (!digits()) return false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i >= text.size() || text[i] != ' ') return false;
  const std::string_view unit = text.substr(i + 1);
  return unit == "bps" || unit == "Kbps" || unit == "Mbps" || unit == "Gbps" || unit == "Tbps";
}

namespace {

bool is_ipv4(const std::string& text) {
  in_addr a{};
  return inet_pton(AF_INET, text.c_str(), &a) == 1;
}

// An IPv6 address, or a prefix "addr/len" with len 1..128 (TS 29.571 Ipv6Addr / Ipv6Prefix).
bool is_ipv6_or_prefix(const std::string& text) {
  std::string addr = text;
  if (const auto slash = text.find('/'); slash != std::string::npos) {
    addr = text.substr(0, slash);
    const std::string_view len = std::string_view(text).substr(slash + 1);
    unsigned v = 0;
    const auto [end, ec] = std::from_chars(len.data(), len.data() + len.size(), v);
    if (len.empty() || ec != std::errc{} || end != len.data() + len.size() || v < 1 || v > 128) return false;
  }
  in6_addr a{};
  return inet_pton(AF_INET6, addr.c_str(), &a) == 1;
}

template <class E>
bool contains(const std::vector<E>& v, E e) {
  return std::find(v.begin(), v.end(), e) != v.end();
}

std::optional<std::string> validate_session(const subscriber& s, const session_config& c) {
  const std::string where = fmt::format("session {} on {}", c.dnn_, c.snssai_.to_string());
  if (c.dnn_.empty() || c.dnn_.size() > 100) return fmt::format("{}: the DNN must have 1 to 100 characters", where);
  if (std::none_of(s.nssai_.begin(), s.nssai_.end(), [&](const auto& n) { return n.snssai_ == c.snssai_; }))
    return fmt::format("{}: S-NSSAI {} is not subscribed", where, c.snssai_.to_string());
  if (!contains(c.allowed_pdu_session_types_, c.default_pdu_session_type_))
    return fmt::format("{}: the default PDU session type is not among the allowed ones", where);
  if (!contains(c.allowed_ssc_modes_, c.default_ssc_mode_))
    return fmt::format("{}: the default SSC mode is not among the allowed ones", where);
  if (c.arp_.priority_level_ < 1 || c.arp_.priority_level_ > 15)
    return fmt::format("{}: the ARP priority level must be 1..15", where);
  if (!is_bit_rate(c.session_ambr_.uplink_) || !is_bit_rate(c.session_ambr_.downlink_))
    return fmt::format("{}: the session AMBR must be bit rates like \"100 Mbps\"", where);
  if (c.static_ipv4_ && !is_ipv4(*c.static_ipv4_))
    return fmt::format("{}: '{}' is not an IPv4 address", where, *c.static_ipv4_);
  if (c.static_ipv6_ && !is_ipv6_or_prefix(*c.static_ipv6_))
    return fmt::format("{}: '{}' is not an IPv6 address or prefix", where, *c.static_ipv6_);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> validate(const subscriber& s) {
  if (s.sqn_.sqn_ > sqn_max) return "sqn: must fit in 48 bits (12 hex digits)";
  if (s.sqn_.ind_length_ > ind_length_max) return fmt::format("ind_length: must be 0..{}", ind_length_max);
  if (s.nssai_.empty()) return "nssai: at least one S-NSSAI must be subscribed";
  if (std::none_of(s.nssai_.begin(), s.nssai_.end(), [](const auto& n) { return n.default_; }))
    return "nssai: at least one subscribed S-NSSAI must be a default one";
  std::set<model::s_nssai> slices;
  for (const auto& n : s.nssai_)
    if (!slices.insert(n.snssai_).second) return fmt::format("nssai: {} is listed twice", n.snssai_.to_string());
  std::set<std::pair<model::s_nssai, std::string>> sessions;
  std::set<model::s_nssai> with_default_dnn;
  for (const auto& c : s.sessions_) {
    if (auto e = validate_session(s, c)) return e;
    if (!sessions.insert({c.snssai_, c.dnn_}).second)
      return fmt::format("sessions: DNN {} on {} is listed twice", c.dnn_, c.snssai_.to_string());
    if (c.default_dnn_ && !with_default_dnn.insert(c.snssai_).second)
      return fmt::format("sessions: {} has more than one default DNN", c.snssai_.to_string());
  }
  if (!is_bit_rate(s.ue_ambr_.uplink_) || !is_bit_rate(s.ue_ambr_.downlink_))
    return "ue_ambr: must be bit rates like \"1 Gbps\"";
  if (s.auth_method_ != auth_method::five_g_aka && s.auth_method_ != auth_method::eap_aka_prime)
    return "auth_method: must be 5G_AKA or EAP_AKA_PRIME";
  return std::nullopt;
}

std::string_view profile_name(crypto::ecies_profile p) noexcept { return p == crypto::ecies_profile::a ? "A" : "B"; }

std::optional<crypto::ecies_profile> profile_from_name(std::string_view text) noexcept {
  if (text == "A" || text == "a") return crypto::ecies_profile::a;
  if (text == "B" || text == "b") return crypto::ecies_profile::b;
  return std::nullopt;
}

namespace {

std::expected<hn_key, std::string> hn_key_of(std::uint8_t key_id, crypto::ecies_profile profile,
                                             crypto::ecies_key_pair pair) {
  const crypto::scoped_wipe wipe_private(pair.private_key);
  auto k = crypto::key256::from(pair.private_key);
  if (!k) return std::unexpected(std::string("the private key must be 32 octets"));
  return hn_key{.key_id_ = key_id, .profile_ = profile, .private_key_ = *k, .public_key_ = std::move(pair.public_key)};
}

}  // namespace

std::expected<hn_key, std::string> make_hn_key(std::uint8_t key_id, crypto::ecies_profile profile,
                                               std::span<const std::uint8_t> private_key) {
  if (key_id == 0) return std::unexpected(std::string("the key id must be 1..255 (0 is the null scheme's)"));
  if (private_key.size() != crypto::ecies_private_key_length)
    return std::unexpected(std::string("the private key must be 32 octets (64 hex digits)"));
  auto pair = crypto::ecies_key_pair_from_private(profile, private_key);
  if (!pair)
    return std::unexpected(fmt::format("the private key is not a valid Profile {} key", profile_name(profile)));
  return hn_key_of(key_id, profile, std::move(*pair));
}

std::expected<hn_key, std::string> generate_hn_key(std::uint8_t key_id, crypto::ecies_profile profile) {
  if (key_id == 0) return std::unexpected(std::string("the key id must be 1..255 (0 is the null scheme's)"));
  auto pair = crypto::ecies_generate_key_pair(profile);
  if (!pair) return std::unexpected(std::string("generating the key pair failed: ") + pair.error().message());
  return hn_key_of(key_id, profile, std::move(*pair));
}

}  // namespace meridian::udr
