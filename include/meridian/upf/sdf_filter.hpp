#pragma once
// An SDF filter's Flow Description (TS 29.244 §8.2.5, which takes the
// IPFilterRule syntax of TS 29.212 §5.4.2 / RFC 6733 §4.3), parsed once when
// the rule is installed so that matching a packet is a few integer compares.
//
// Supported subset: "permit out <proto> from <src> [ports] to <dst> [ports]"
// where <proto> is "ip" (any), a number 0..255, or tcp/udp/icmp/sctp;
// an address is "any", "assigned" (the UE's address), a.b.c.d or a.b.c.d/len;
// ports are a list of up to max_port_ranges entries "p" or "p-q" separated by
// commas. IPv6 addresses and rule options (frag, ipoptions, ...) are reported
// as unsupported rather than silently ignored.
//
// Direction: TS 29.212 §5.4.2 writes every flow description as "out", from the
// network towards the UE: "from" is the remote side, "to" is the UE. A downlink
// packet matches as written; an uplink packet matches with source and
// destination swapped.

#include <array>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "meridian/upf/five_tuple.hpp"
#include "meridian/upf/ids.hpp"

namespace meridian::upf {

struct port_range {
  std::uint16_t low_ = 0;
  std::uint16_t high_ = 65535;
  bool operator==(const port_range&) const = default;
};

inline constexpr std::size_t max_port_ranges = 4;

/// One side of the rule: an address prefix (or the UE's own address) and ports.
struct flow_endpoint {
  enum class address_kind : std::uint8_t { any, assigned, prefix };
  address_kind kind_ = address_kind::any;
  ipv4_address address_{};  ///< network address, host bits cleared
  std::uint8_t prefix_length_ = 0;
  std::uint8_t port_range_count_ = 0;  ///< 0: any port
  std::array<port_range, max_port_ranges> ports_{};

  bool operator==(const flow_endpoint&) const = default;
};

/// A parsed "permit out" flow description.
struct flow_description {
  std::optional<std::uint8_t> protocol_{};  ///< nothing: "ip", any protocol
  flow_endpoint remote_{};                  ///< the "from" side
  flow_endpoint ue_{};                      ///< the "to" side

  bool operator==(const flow_description&) const = default;
};

enum class sdf_parse_errc : std::uint8_t {
  syntax,        ///< not an IPFilterRule
  unsupported,   ///< valid IPFilterRule outside the subset above (IPv6, options, deny, "in")
  out_of_range,  ///< a number too big for its field
};

struct sdf_parse_error {
  sdf_parse_errc code_ = sdf_parse_errc::syntax;
  std::size_t offset_ = 0;      ///< character offset in the text
  std::string_view what_ = {};  ///< which part (a static name)
  std::string message() const;
  bool operator==(const sdf_parse_error&) const = default;
};

std::expected<flow_description, sdf_parse_error> parse_flow_description(std::string_view text);

/// Whether `t` matches `f` for a packet travelling in `dir`; `ue_address`
/// stands for "assigned" (a rule with "assigned" never matches without one).
bool matches(const flow_description& f, const five_tuple& t, direction dir,
             std::optional<ipv4_address> ue_address) noexcept;

}  // namespace meridian::upf
