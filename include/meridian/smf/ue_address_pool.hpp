#pragma once
// UE address allocation (TS 23.501 §5.8.2.2): one pool per DNN (and,
// optionally, S-NSSAI), each with an IPv4 range (a CIDR block) and an IPv6
// range of /64 prefixes (a shorter prefix, /48 by default), one /64 per PDU
// session (TS 23.501 §5.8.2.2.3: the UE gets a prefix, not an address).
//
// Invariants the tests hold it to: an address is never handed out twice while
// it is leased, a release gives it back, an exhausted pool says so (the SMF
// answers 5GSM #26), and a static address from the subscription
// (DnnConfiguration.staticIpAddress) is honoured — inside the pool's range it
// is reserved like any other lease, outside it is tracked so that it is not
// given to two sessions either.
//
// Allocation is next-fit over the range (the cursor moves on after each
// lease), so a released address is reused last: a UE that comes back soon
// does not find its old address on somebody else's session while stale
// packets may still be in flight.

#include <array>
#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "meridian/model/s_nssai.hpp"

namespace meridian::smf {

using ipv4_address = std::array<std::uint8_t, 4>;
using ipv6_address = std::array<std::uint8_t, 16>;

/// An IPv4 block: "10.45.0.0/16".
struct ipv4_cidr {
  ipv4_address network_{};
  std::uint8_t length_ = 32;
  static std::optional<ipv4_cidr> parse(std::string_view text) noexcept;
  std::string to_string() const;
  bool contains(const ipv4_address& a) const noexcept;
  bool operator==(const ipv4_cidr&) const = default;
};

/// An IPv6 prefix: "2001:db8:cafe::/48".
struct ipv6_prefix {
  ipv6_address prefix_{};
  std::uint8_t length_ = 128;
  static std::optional<ipv6_prefix> parse(std::string_view text) noexcept;
  std::string to_string() const;
  bool contains(const ipv6_address& a) const noexcept;
  bool operator==(const ipv6_prefix&) const = default;
};

std::optional<ipv4_address> parse_ipv4(std::string_view text) noexcept;
std::optional<ipv6_address> parse_ipv6(std::string_view text) noexcept;
std::string to_string(const ipv4_address& a);
std::string to_string(const ipv6_address& a);

enum class pool_errc : std::uint8_t {
  no_pool,         ///< no pool for that DNN / S-NSSAI, or none of that address family
  exhausted,       ///< every address (prefix) of the range is leased
  static_in_use,   ///< the subscription's static address is leased to another session
};
std::string_view to_string(pool_errc e) noexcept;

/// One range of equal-sized slots (IPv4 addresses or IPv6 /64 prefixes),
/// numbered 0..size-1, leased next-fit.
class slot_range {
 public:
  /// `first` and `count`: the slots of the range that may be leased (an IPv4
  /// block leaves out its network and broadcast addresses and the gateway).
  slot_range(std::uint64_t first, std::uint64_t count) noexcept : first_(first), count_(count) {}
  std::optional<std::uint64_t> lease();
  /// Leases this very slot; false when outside the range or taken.
  bool lease(std::uint64_t slot);
  /// False when the slot was not leased (a double release is harmless).
  bool release(std::uint64_t slot);
  bool leased(std::uint64_t slot) const { return leased_.contains(slot); }
  bool in_range(std::uint64_t slot) const noexcept { return slot >= first_ && slot - first_ < count_; }
  std::uint64_t capacity() const noexcept { return count_; }
  std::size_t in_use() const noexcept { return leased_.size(); }

 private:
  std::uint64_t first_;
  std::uint64_t count_;
  std::uint64_t cursor_ = 0;  ///< offset from first_ where the next search starts
  std::unordered_set<std::uint64_t> leased_;
};

struct ue_address_pool_config {
  std::string dnn_ = "internet";
  /// The slice the pool serves; nothing: every slice of the DNN.
  std::optional<model::s_nssai> s_nssai_{};
  std::optional<ipv4_cidr> ipv4_{ipv4_cidr{{10, 45, 0, 0}, 16}};
  std::optional<ipv6_prefix> ipv6_{ipv6_prefix{{0x20, 0x01, 0x0d, 0xb8, 0xca, 0xfe}, 48}};
  bool operator==(const ue_address_pool_config&) const = default;
};

/// The addresses of one DNN (and slice).
class ue_address_pool {
 public:
  /// A range that cannot hold a UE (IPv4 longer than /30, IPv6 longer than
  /// /64 or shorter than /16) leaves that family out of the pool.
  explicit ue_address_pool(ue_address_pool_config cfg);

  const ue_address_pool_config& config() const noexcept { return cfg_; }
  bool has_ipv4() const noexcept { return v4_.has_value(); }
  bool has_ipv6() const noexcept { return v6_.has_value(); }

  /// A free IPv4 address, or the static one when given.
  std::expected<ipv4_address, pool_errc> allocate_ipv4(std::optional<ipv4_address> static_address = std::nullopt);
  void release_ipv4(const ipv4_address& a);
  /// A free /64 prefix (its first 8 octets, the rest zero), or the static one.
  std::expected<ipv6_address, pool_errc> allocate_ipv6_prefix(std::optional<ipv6_address> static_prefix = std::nullopt);
  void release_ipv6_prefix(const ipv6_address& p);

  /// The gateway address (first host of the block), which is never leased.
  std::optional<ipv4_address> ipv4_gateway() const noexcept;
  std::size_t ipv4_in_use() const noexcept;
  std::size_t ipv6_in_use() const noexcept;

 private:
  ue_address_pool_config cfg_;
  std::optional<slot_range> v4_;
  std::optional<slot_range> v6_;
  /// Static addresses outside the ranges that sessions hold.
  std::unordered_set<std::uint32_t> static_v4_;
  std::unordered_set<std::uint64_t> static_v6_;
};

/// Every pool, found by DNN and S-NSSAI: a pool for that very slice wins
/// over one for any slice of the DNN.
class ue_address_pools {
 public:
  explicit ue_address_pools(const std::vector<ue_address_pool_config>& cfgs);
  ue_address_pool* find(std::string_view dnn, const std::optional<model::s_nssai>& s_nssai);

 private:
  std::vector<ue_address_pool> pools_;
};

}  // namespace meridian::smf
