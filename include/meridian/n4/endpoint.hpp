#pragma once
// A PFCP entity's UDP address (TS 29.244 §4.2.2), shared by the UPF's N4 node
// and the SMF's N4 client so that both name their peers the same way.

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>

#include "meridian/pfcp/header.hpp"

namespace meridian::n4 {

/// A PFCP peer's UDP address (IPv4) and port, by default 8805 (TS 29.244 §4.2.2).
struct endpoint {
  std::array<std::uint8_t, 4> address_{};
  std::uint16_t port_ = pfcp::udp_port;
  auto operator<=>(const endpoint&) const = default;
};

/// "a.b.c.d:port".
std::string to_string(const endpoint& e);

struct endpoint_hash {
  std::size_t operator()(const endpoint& e) const noexcept;
};

}  // namespace meridian::n4
