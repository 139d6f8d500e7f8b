// The `n4:` configuration keys (docs/n4.md).

#include <fmt/format.h>

#include "meridian/common/config.hpp"
#include "meridian/upf/ids.hpp"
#include "meridian/upf/n4_config.hpp"

namespace meridian::upf {

namespace {

std::array<std::uint8_t, 4> read_address(config::section& s, std::string_view key, std::array<std::uint8_t, 4> value) {
  std::string text = fmt::format("{}.{}.{}.{}", value[0], value[1], value[2], value[3]);
  s.read(key, text);
  auto a = parse_ipv4(text);
  if (!a) s.fail(key, fmt::format("'{}' is not an IPv4 address", text));
  return ipv4_octets(*a);
}

std::chrono::milliseconds read_ms(config::section& s, std::string_view key, std::chrono::milliseconds value,
                                  std::int64_t min) {
  return std::chrono::milliseconds(s.read_integer(key, min, 3'600'000, value.count()));
}

}  // namespace

void read_config(config::section s, n4_config& cfg) {
  cfg.bind_address_ = read_address(s, "bind", cfg.bind_address_);
  cfg.port_ = static_cast<std::uint16_t>(s.read_integer("port", 0, 65535, cfg.port_));
  cfg.node_id_ = read_address(s, "node_id", cfg.node_id_);
  cfg.n3_address_ = read_address(s, "n3_address", cfg.n3_address_);
  for (auto smf : s.children("smf")) {
    n4_config::smf_peer p;
    p.address_ = read_address(smf, "address", p.address_);
    p.port_ = static_cast<std::uint16_t>(smf.read_integer("port", 1, 65535, p.port_));
    smf.finish();
    cfg.smfs_.push_back(p);
  }
  cfg.t1_ = read_ms(s, "t1_ms", cfg.t1_, 1);
  cfg.n1_ = static_cast<unsigned>(s.read_integer("n1", 0, 10, cfg.n1_));
  cfg.heartbeat_interval_ = read_ms(s, "heartbeat_interval_ms", cfg.heartbeat_interval_, 100);
  cfg.association_retry_interval_ = read_ms(s, "association_retry_ms", cfg.association_retry_interval_, 100);
  cfg.response_cache_time_ = read_ms(s, "response_cache_ms", cfg.response_cache_time_, 0);
  cfg.requests_in_progress_limit_ = static_cast<std::size_t>(
      s.read_integer("requests_in_progress_limit", 0, 1'000'000, static_cast<std::int64_t>(cfg.requests_in_progress_limit_)));
  s.finish();
}

}  // namespace meridian::upf
