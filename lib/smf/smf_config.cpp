// The `smf:` section (smf_config.hpp): parse, validate, translate.

#include "meridian/smf/smf_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "meridian/sbi_types/bit_rate.hpp"
#include "session_messages.hpp"

namespace meridian::smf {
namespace {

std::uint64_t read_bit_rate(config::section& s, std::string_view key, std::uint64_t fallback) {
  std::string text;
  s.read(key, text);
  if (text.empty()) return fallback;
  auto bps = sbi::parse_bit_rate(text);
  if (!bps || *bps == 0) s.fail(key, fmt::format("'{}' is not a bit rate such as \"100 Mbps\"", text));
  return *bps;
}

model::s_nssai parse_slice(config::section& s, std::string_view key, const std::string& text) {
  auto v = model::s_nssai::parse(text);
  if (!v) s.fail(key, fmt::format("'{}' is not an S-NSSAI such as \"1\" or \"1/010203\"", text));
  return *v;
}

void read_dnn(config::section s, dnn_config& d) {
  s.read("dnn", d.dnn_);
  if (d.dnn_.empty()) s.fail("dnn", "a DNN needs a name");
  std::vector<std::string> slices;
  s.read("slices", slices);
  if (!slices.empty()) {
    d.s_nssais_.clear();
    for (const auto& t : slices) d.s_nssais_.push_back(parse_slice(s, "slices", t));
  }
  d.five_qi_ = static_cast<std::uint8_t>(s.read_integer("five_qi", 1, 255, d.five_qi_));
  d.arp_priority_level_ = static_cast<std::uint8_t>(s.read_integer("arp_priority_level", 1, 15, d.arp_priority_level_));
  s.read("arp_preemption_capability", d.arp_preemption_capability_);
  s.read("arp_preemption_vulnerability", d.arp_preemption_vulnerability_);
  d.session_ambr_uplink_bps_ = read_bit_rate(s, "session_ambr_uplink", d.session_ambr_uplink_bps_);
  d.session_ambr_downlink_bps_ = read_bit_rate(s, "session_ambr_downlink", d.session_ambr_downlink_bps_);
  std::vector<std::string> dns;
  s.read("dns", dns);
  if (!dns.empty()) {
    d.dns_ipv4_.clear();
    for (const auto& t : dns) {
      auto a = parse_ipv4(t);
      if (!a) s.fail("dns", fmt::format("'{}' is not an IPv4 address", t));
      d.dns_ipv4_.push_back(*a);
    }
  }
  dns.clear();
  s.read("dns6", dns);
  if (!dns.empty()) {
    d.dns_ipv6_.clear();
    for (const auto& t : dns) {
      auto a = parse_ipv6(t);
      if (!a) s.fail("dns6", fmt::format("'{}' is not an IPv6 address", t));
      d.dns_ipv6_.push_back(*a);
    }
  }
  // TS 24.008 §10.5.6.3: the link MTU is 2 octets; below 576 no IPv4 host works (RFC 791).
  d.ipv4_link_mtu_ = static_cast<std::uint16_t>(s.read_integer("mtu", 576, 65535, d.ipv4_link_mtu_));
  s.finish();
}

void read_pool(config::section s, ue_address_pool_config& p) {
  s.read("dnn", p.dnn_);
  std::string text;
  s.read("slice", text);
  if (!text.empty()) p.s_nssai_ = parse_slice(s, "slice", text);
  text.clear();
  s.read("ipv4", text);
  if (text == "none") {
    p.ipv4_.reset();
  } else if (!text.empty()) {
    auto c = ipv4_cidr::parse(text);
    // A /30 leaves one UE address once the network, gateway and broadcast addresses are out.
    if (!c || c->length_ > 30) s.fail("ipv4", fmt::format("'{}' is not an IPv4 block of /30 or wider", text));
    p.ipv4_ = *c;
  }
  text.clear();
  s.read("ipv6", text);
  if (text == "none") {
    p.ipv6_.reset();
  } else if (!text.empty()) {
    auto c = ipv6_prefix::parse(text);
    // TS 23.501 §5.8.2.2.3: one /64 per session, so the range is /64 or wider.
    if (!c || c->length_ > 64 || c->length_ < 16)
      s.fail("ipv6", fmt::format("'{}' is not an IPv6 prefix between /16 and /64", text));
    p.ipv6_ = *c;
  }
  if (!p.ipv4_ && !p.ipv6_) s.fail("ipv4", "a pool needs IPv4 or IPv6 addresses");
  s.finish();
}

}  // namespace

void read_smf_config(config::section s, smf_config& cfg) {
  std::string text;
  s.read("upf_n3_address", text);
  if (!text.empty()) {
    auto a = parse_ipv4(text);
    if (!a) s.fail("upf_n3_address", fmt::format("'{}' is not an IPv4 address", text));
    cfg.upf_n3_address_ = *a;
  }
  cfg.default_qfi_ = static_cast<std::uint8_t>(s.read_integer("default_qfi", 1, 63, cfg.default_qfi_));
  auto dnns = s.children("dnns");
  if (!dnns.empty()) {
    cfg.dnns_.clear();
    std::set<std::string> names;
    for (auto& d : dnns) {
      dnn_config c;
      read_dnn(d, c);
      if (!names.insert(c.dnn_).second) d.fail("dnn", fmt::format("DNN '{}' is configured twice", c.dnn_));
      cfg.dnns_.push_back(std::move(c));
    }
  }
  auto pools = s.children("pools");
  if (!pools.empty()) {
    cfg.pools_.clear();
    for (auto& p : pools) {
      ue_address_pool_config c;
      read_pool(p, c);
      const bool known = std::any_of(cfg.dnns_.begin(), cfg.dnns_.end(), [&](const dnn_config& d) { return d.dnn_ == c.dnn_; });
      if (!known) p.fail("dnn", fmt::format("pool for DNN '{}', which is not one of the DNNs", c.dnn_));
      cfg.pools_.push_back(std::move(c));
    }
  }
  s.finish();
}

}  // namespace meridian::smf
