// UE address pools (ue_address_pool.hpp).

#include "meridian/smf/ue_address_pool.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace meridian::smf {
namespace {

std::uint32_t to_u32(const ipv4_address& a) noexcept {
  return (std::uint32_t{a[0]} << 24) | (std::uint32_t{a[1]} << 16) | (std::uint32_t{a[2]} << 8) | a[3];
}

ipv4_address from_u32(std::uint32_t v) noexcept {
  return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8),
          static_cast<std::uint8_t>(v)};
}

/// The upper 64 bits of an IPv6 address: what a /64 prefix is.
std::uint64_t upper64(const ipv6_address& a) noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | a[i];
  return v;
}

ipv6_address from_upper64(std::uint64_t v) noexcept {
  ipv6_address a{};
  for (std::size_t i = 0; i < 8; ++i) a[7 - i] = static_cast<std::uint8_t>(v >> (8 * i));
  return a;
}

std::uint32_t mask32(std::uint8_t length) noexcept {
  return length == 0 ? 0 : ~std::uint32_t{0} << (32 - length);
}

std::optional<std::uint8_t> parse_length(std::string_view text, unsigned max) noexcept {
  unsigned v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc{} || r.ptr != text.data() + text.size() || text.empty() || v > max) return std::nullopt;
  return static_cast<std::uint8_t>(v);
}

}  // namespace

std::optional<ipv4_address> parse_ipv4(std::string_view text) noexcept {
  const std::string s(text);
  in_addr a{};
  if (::inet_pton(AF_INET, s.c_str(), &a) != 1) return std::nullopt;
  ipv4_address out{};
  std::memcpy(out.data(), &a, 4);
  return out;
}

std::optional<ipv6_address> parse_ipv6(std::string_view text) noexcept {
  const std::string s(text);
  in6_addr a{};
  if (::inet_pton(AF_INET6, s.c_str(), &a) != 1) return std::nullopt;
  ipv6_address out{};
  std::memcpy(out.data(), &a, 16);
  return out;
}

std::string to_string(const ipv4_address& a) {
  char buf[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, a.data(), buf, sizeof buf);
  return buf;
}

std::string to_string(const ipv6_address& a) {
  char buf[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET6, a.data(), buf, sizeof buf);
  return buf;
}

std::optional<ipv4_cidr> ipv4_cidr::parse(std::string_view text) noexcept {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto a = parse_ipv4(text.substr(0, slash));
  auto l = parse_length(text.substr(slash + 1), 32);
  if (!a || !l) return std::nullopt;
  // The network's own address: host bits set in the text are cleared.
  return ipv4_cidr{from_u32(to_u32(*a) & mask32(*l)), *l};
}

std::string ipv4_cidr::to_string() const { return smf::to_string(network_) + "/" + std::to_string(length_); }

bool ipv4_cidr::contains(const ipv4_address& a) const noexcept {
  return (to_u32(a) & mask32(length_)) == (to_u32(network_) & mask32(length_));
}

std::optional<ipv6_prefix> ipv6_prefix::parse(std::string_view text) noexcept {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto a = parse_ipv6(text.substr(0, slash));
  auto l = parse_length(text.substr(slash + 1), 128);
  if (!a || !l) return std::nullopt;
  ipv6_prefix p{*a, *l};
  for (std::size_t bit = *l; bit < 128; ++bit) p.prefix_[bit / 8] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
  return p;
}

std::string ipv6_prefix::to_string() const { return smf::to_string(prefix_) + "/" + std::to_string(length_); }

bool ipv6_prefix::contains(const ipv6_address& a) const noexcept {
  for (std::size_t bit = 0; bit < length_; ++bit) {
    const std::uint8_t m = static_cast<std::uint8_t>(0x80u >> (bit % 8));
    if ((a[bit / 8] & m) != (prefix_[bit / 8] & m)) return false;
  }
  return true;
}

std::string_view to_string(pool_errc e) noexcept {
  switch (e) {
    case pool_errc::no_pool: return "no address pool";
    case pool_errc::exhausted: return "address pool exhausted";
    case pool_errc::static_in_use: return "static address in use";
  }
  return "?";
}

std::optional<std::uint64_t> slot_range::lease() {
  if (leased_.size() >= count_) return std::nullopt;
  // Bounded: at most count_ probes, and a free slot exists.
  for (std::uint64_t i = 0; i < count_; ++i) {
    const std::uint64_t offset = (cursor_ + i) % count_;
    const std::uint64_t slot = first_ + offset;
    if (leased_.contains(slot)) continue;
    leased_.insert(slot);
    cursor_ = (offset + 1) % count_;
    return slot;
  }
  return std::nullopt;
}

bool slot_range::lease(std::uint64_t slot) {
  if (!in_range(slot) || leased_.contains(slot)) return false;
  leased_.insert(slot);
  return true;
}

bool slot_range::release(std::uint64_t slot) { return leased_.erase(slot) != 0; }

ue_address_pool::ue_address_pool(ue_address_pool_config cfg) : cfg_(std::move(cfg)) {
  if (cfg_.ipv4_ && cfg_.ipv4_->length_ <= 30) {
    const std::uint64_t size = std::uint64_t{1} << (32 - cfg_.ipv4_->length_);
    // Host 0 is the network, host 1 the gateway on N6, the last the broadcast address.
    v4_.emplace(2, size - 3);
  }
  if (cfg_.ipv6_ && cfg_.ipv6_->length_ <= 64 && cfg_.ipv6_->length_ >= 16) {
    const std::uint64_t size = std::uint64_t{1} << (64 - cfg_.ipv6_->length_);
    // Prefix 0 of the range stays with the N6 side; a /64 range is that one prefix.
    if (size == 1)
      v6_.emplace(0, 1);
    else
      v6_.emplace(1, size - 1);
  }
}

std::optional<ipv4_address> ue_address_pool::ipv4_gateway() const noexcept {
  if (!v4_) return std::nullopt;
  return from_u32(to_u32(cfg_.ipv4_->network_) + 1);
}

std::expected<ipv4_address, pool_errc> ue_address_pool::allocate_ipv4(std::optional<ipv4_address> static_address) {
  const std::uint32_t base = v4_ ? to_u32(cfg_.ipv4_->network_) : 0;
  if (static_address) {
    if (v4_ && cfg_.ipv4_->contains(*static_address)) {
      if (!v4_->lease(to_u32(*static_address) - base)) return std::unexpected(pool_errc::static_in_use);
      return *static_address;
    }
    // Outside the range (the operator's static block): honoured, never twice.
    if (!static_v4_.insert(to_u32(*static_address)).second) return std::unexpected(pool_errc::static_in_use);
    return *static_address;
  }
  if (!v4_) return std::unexpected(pool_errc::no_pool);
  auto slot = v4_->lease();
  if (!slot) return std::unexpected(pool_errc::exhausted);
  return from_u32(base + static_cast<std::uint32_t>(*slot));
}

void ue_address_pool::release_ipv4(const ipv4_address& a) {
  if (v4_ && cfg_.ipv4_->contains(a)) {
    v4_->release(to_u32(a) - to_u32(cfg_.ipv4_->network_));
    return;
  }
  static_v4_.erase(to_u32(a));
}

std::expected<ipv6_address, pool_errc> ue_address_pool::allocate_ipv6_prefix(std::optional<ipv6_address> static_prefix) {
  const std::uint64_t base = v6_ ? upper64(cfg_.ipv6_->prefix_) : 0;
  // A slot is a /64 prefix: its number is the upper 64 bits' offset from the range's start.
  if (static_prefix) {
    const std::uint64_t p = upper64(*static_prefix);
    if (v6_ && cfg_.ipv6_->contains(*static_prefix)) {
      if (!v6_->lease(p - base)) return std::unexpected(pool_errc::static_in_use);
      return from_upper64(p);
    }
    if (!static_v6_.insert(p).second) return std::unexpected(pool_errc::static_in_use);
    return from_upper64(p);
  }
  if (!v6_) return std::unexpected(pool_errc::no_pool);
  auto slot = v6_->lease();
  if (!slot) return std::unexpected(pool_errc::exhausted);
  return from_upper64(base + *slot);
}

void ue_address_pool::release_ipv6_prefix(const ipv6_address& p) {
  const std::uint64_t v = upper64(p);
  if (v6_ && cfg_.ipv6_->contains(p)) {
    v6_->release(v - upper64(cfg_.ipv6_->prefix_));
    return;
  }
  static_v6_.erase(v);
}

std::size_t ue_address_pool::ipv4_in_use() const noexcept { return (v4_ ? v4_->in_use() : 0) + static_v4_.size(); }
std::size_t ue_address_pool::ipv6_in_use() const noexcept { return (v6_ ? v6_->in_use() : 0) + static_v6_.size(); }

ue_address_pools::ue_address_pools(const std::vector<ue_address_pool_config>& cfgs) {
  pools_.reserve(cfgs.size());
  for (const auto& c : cfgs) pools_.emplace_back(c);
}

ue_address_pool* ue_address_pools::find(std::string_view dnn, const std::optional<model::s_nssai>& s_nssai) {
  ue_address_pool* any_slice = nullptr;
  for (auto& p : pools_) {
    if (p.config().dnn_ != dnn) continue;
    if (p.config().s_nssai_ && s_nssai && *p.config().s_nssai_ == *s_nssai) return &p;
    if (!p.config().s_nssai_ && any_slice == nullptr) any_slice = &p;
  }
  return any_slice;
}

}  // namespace meridian::smf
