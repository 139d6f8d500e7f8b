#pragma once
// Identifiers of the rules a PFCP session installs in the UPF, with the widths
// TS 29.244 gives them, and the IPv4 address type the data path keys on.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "meridian/common/strong_id.hpp"

namespace meridian::upf {

/// TS 29.244 §8.2.36: Rule ID of a PDR, 16 bits
using pdr_id = strong_id<struct pdr_id_tag, std::uint16_t>;
/// TS 29.244 §8.2.74: FAR ID, 32 bits
using far_id = strong_id<struct far_id_tag, std::uint32_t>;
/// TS 29.244 §8.2.75: QER ID, 32 bits
using qer_id = strong_id<struct qer_id_tag, std::uint32_t>;
/// TS 29.244 §8.2.54: URR ID, 32 bits
using urr_id = strong_id<struct urr_id_tag, std::uint32_t>;
/// TS 29.244 §8.2.88: BAR ID, 8 bits
using bar_id = strong_id<struct bar_id_tag, std::uint8_t>;

/// An IPv4 address held as a host-order integer, so that prefixes are masks
/// and the address can key a hash table directly.
using ipv4_address = strong_id<struct ipv4_address_tag, std::uint32_t>;

/// From the four octets as they appear on the wire (network order).
constexpr ipv4_address ipv4_from_octets(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) noexcept {
  return *ipv4_address::from((std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) | (std::uint32_t{c} << 8) |
                             std::uint32_t{d});
}

/// The four octets as they appear on the wire (network order).
constexpr std::array<std::uint8_t, 4> ipv4_octets(ipv4_address a) noexcept {
  const std::uint32_t v = a.value();
  return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8),
          static_cast<std::uint8_t>(v)};
}

/// Dotted-quad text ("10.45.0.1"); nothing for anything else (no leading zeros
/// trickery, no shorthand forms).
std::optional<ipv4_address> parse_ipv4(std::string_view text) noexcept;
std::string to_string(ipv4_address a);

/// The direction a packet travels through the UPF.
enum class direction : std::uint8_t {
  uplink,    ///< from the UE (N3/N9 GTP-U) towards the data network
  downlink,  ///< from the data network (N6) towards the UE
};

}  // namespace meridian::upf
