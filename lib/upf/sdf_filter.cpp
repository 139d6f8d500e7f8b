// Parsing and matching of the TS 29.212 §5.4.2 flow description subset; see
// sdf_filter.hpp for what is accepted.

#include "meridian/upf/sdf_filter.hpp"

#include <fmt/format.h>

namespace meridian::upf {

namespace {

struct token {
  std::string_view text_;
  std::size_t offset_ = 0;
};

class tokenizer {
 public:
  explicit tokenizer(std::string_view s) noexcept : s_(s) {}
  std::optional<token> next() noexcept {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
    if (pos_ >= s_.size()) return std::nullopt;
    const std::size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != ' ' && s_[pos_] != '\t') ++pos_;
    return token{s_.substr(start, pos_ - start), start};
  }
  std::size_t end() const noexcept { return s_.size(); }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

using parse_result = std::expected<void, sdf_parse_error>;

std::unexpected<sdf_parse_error> fail(sdf_parse_errc c, std::size_t at, std::string_view what) {
  return std::unexpected(sdf_parse_error{c, at, what});
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// A decimal number of at most `max`; nothing on any other text.
std::optional<std::uint32_t> parse_number(std::string_view s, std::uint32_t max) noexcept {
  if (s.empty() || s.size() > 10) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > max) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

std::expected<std::optional<std::uint8_t>, sdf_parse_error> parse_protocol(const token& t) {
  if (t.text_ == "ip") return std::optional<std::uint8_t>{};
  if (t.text_ == "tcp") return std::optional<std::uint8_t>{ip_proto_tcp};
  if (t.text_ == "udp") return std::optional<std::uint8_t>{ip_proto_udp};
  if (t.text_ == "icmp") return std::optional<std::uint8_t>{ip_proto_icmp};
  if (t.text_ == "sctp") return std::optional<std::uint8_t>{ip_proto_sctp};
  if (!t.text_.empty() && is_digit(t.text_[0])) {
    auto n = parse_number(t.text_, 255);
    if (!n) return fail(sdf_parse_errc::out_of_range, t.offset_, "protocol");
    return std::optional<std::uint8_t>{static_cast<std::uint8_t>(*n)};
  }
  return fail(sdf_parse_errc::syntax, t.offset_, "protocol");
}

parse_result parse_address(const token& t, flow_endpoint& e) {
  if (t.text_ == "any") {
    e.kind_ = flow_endpoint::address_kind::any;
    return {};
  }
  if (t.text_ == "assigned") {
    e.kind_ = flow_endpoint::address_kind::assigned;
    return {};
  }
  if (t.text_.find(':') != std::string_view::npos) return fail(sdf_parse_errc::unsupported, t.offset_, "IPv6 address");
  std::string_view addr = t.text_;
  std::uint32_t prefix = 32;
  if (const auto slash = addr.find('/'); slash != std::string_view::npos) {
    auto p = parse_number(addr.substr(slash + 1), 32);
    if (!p) return fail(sdf_parse_errc::out_of_range, t.offset_ + slash + 1, "prefix length");
    prefix = *p;
    addr = addr.substr(0, slash);
  }
  auto a = parse_ipv4(addr);
  if (!a) return fail(sdf_parse_errc::syntax, t.offset_, "IPv4 address");
  const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  e.kind_ = flow_endpoint::address_kind::prefix;
  e.address_ = *ipv4_address::from(a->value() & mask);
  e.prefix_length_ = static_cast<std::uint8_t>(prefix);
  return {};
}

parse_result parse_ports(const token& t, flow_endpoint& e) {
  std::string_view s = t.text_;
  std::size_t at = t.offset_;
  while (true) {
    const auto comma = s.find(',');
    const std::string_view item = s.substr(0, comma);
    if (e.port_range_count_ == max_port_ranges) return fail(sdf_parse_errc::unsupported, at, "too many port ranges");
    port_range r;
    const auto dash = item.find('-');
    auto low = parse_number(item.substr(0, dash), 65535);
    if (!low) return fail(sdf_parse_errc::syntax, at, "port");
    r.low_ = r.high_ = static_cast<std::uint16_t>(*low);
    if (dash != std::string_view::npos) {
      auto high = parse_number(item.substr(dash + 1), 65535);
      if (!high) return fail(sdf_parse_errc::syntax, at + dash + 1, "port");
      if (*high < *low) return fail(sdf_parse_errc::out_of_range, at, "port range");
      r.high_ = static_cast<std::uint16_t>(*high);
    }
    e.ports_[e.port_range_count_++] = r;
    if (comma == std::string_view::npos) break;
    s = s.substr(comma + 1);
    at += comma + 1;
  }
  return {};
}

bool address_matches(const flow_endpoint& e, ipv4_address a, std::optional<ipv4_address> ue) noexcept {
  switch (e.kind_) {
    case flow_endpoint::address_kind::any:
      return true;
    case flow_endpoint::address_kind::assigned:
      return ue.has_value() && *ue == a;
    case flow_endpoint::address_kind::prefix: {
      const std::uint32_t mask = e.prefix_length_ == 0 ? 0 : ~std::uint32_t{0} << (32 - e.prefix_length_);
      return (a.value() & mask) == e.address_.value();
    }
  }
  return false;
}

bool port_matches(const flow_endpoint& e, bool has_ports, std::uint16_t port) noexcept {
  if (e.port_range_count_ == 0) return true;
  if (!has_ports) return false;
  for (std::size_t i = 0; i < e.port_range_count_; ++i)
    if (port >= e.ports_[i].low_ && port <= e.ports_[i].high_) return true;
  return false;
}

}  // namespace

std::string sdf_parse_error::message() const {
  std::string_view kind = code_ == sdf_parse_errc::syntax        ? "syntax error"
                          : code_ == sdf_parse_errc::unsupported ? "unsupported"
                                                                 : "out of range";
  return fmt::format("flow description: {} at character {} ({})", kind, offset_, what_);
}

std::expected<flow_description, sdf_parse_error> parse_flow_description(std::string_view text) {
  tokenizer tk(text);
  flow_description f;

  auto t = tk.next();
  if (!t) return fail(sdf_parse_errc::syntax, 0, "action");
  if (t->text_ == "deny") return fail(sdf_parse_errc::unsupported, t->offset_, "deny");
  if (t->text_ != "permit") return fail(sdf_parse_errc::syntax, t->offset_, "action");

  t = tk.next();
  if (!t) return fail(sdf_parse_errc::syntax, tk.end(), "direction");
  if (t->text_ == "in") return fail(sdf_parse_errc::unsupported, t->offset_, "direction in");
  if (t->text_ != "out") return fail(sdf_parse_errc::syntax, t->offset_, "direction");

  t = tk.next();
  if (!t) return fail(sdf_parse_errc::syntax, tk.end(), "protocol");
  auto proto = parse_protocol(*t);
  if (!proto) return std::unexpected(proto.error());
  f.protocol_ = *proto;

  t = tk.next();
  if (!t || t->text_ != "from") return fail(sdf_parse_errc::syntax, t ? t->offset_ : tk.end(), "from");
  t = tk.next();
  if (!t) return fail(sdf_parse_errc::syntax, tk.end(), "source address");
  if (auto r = parse_address(*t, f.remote_); !r) return std::unexpected(r.error());

  t = tk.next();
  if (t && !t->text_.empty() && is_digit(t->text_[0])) {
    if (auto r = parse_ports(*t, f.remote_); !r) return std::unexpected(r.error());
    t = tk.next();
  }
  if (!t || t->text_ != "to") return fail(sdf_parse_errc::syntax, t ? t->offset_ : tk.end(), "to");
  t = tk.next();
  if (!t) return fail(sdf_parse_errc::syntax, tk.end(), "destination address");
  if (auto r = parse_address(*t, f.ue_); !r) return std::unexpected(r.error());

  t = tk.next();
  if (t && !t->text_.empty() && is_digit(t->text_[0])) {
    if (auto r = parse_ports(*t, f.ue_); !r) return std::unexpected(r.error());
    t = tk.next();
  }
  if (t) return fail(sdf_parse_errc::unsupported, t->offset_, "rule option");
  return f;
}

bool matches(const flow_description& f, const five_tuple& t, direction dir,
             std::optional<ipv4_address> ue_address) noexcept {
  if (f.protocol_ && *f.protocol_ != t.protocol_) return false;
  // The rule is written downlink-wise (remote → UE); uplink swaps the ends.
  const bool down = dir == direction::downlink;
  const ipv4_address remote = down ? t.source_ : t.destination_;
  const ipv4_address ue = down ? t.destination_ : t.source_;
  const std::uint16_t remote_port = down ? t.source_port_ : t.destination_port_;
  const std::uint16_t ue_port = down ? t.destination_port_ : t.source_port_;
  return address_matches(f.remote_, remote, ue_address) && address_matches(f.ue_, ue, ue_address) &&
         port_matches(f.remote_, t.has_ports_, remote_port) && port_matches(f.ue_, t.has_ports_, ue_port);
}

}  // namespace meridian::upf
