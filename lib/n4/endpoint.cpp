// A PFCP peer's address (endpoint.hpp).

#include "meridian/n4/endpoint.hpp"

#include <functional>

#include <fmt/format.h>

namespace meridian::n4 {

std::string to_string(const endpoint& e) {
  return fmt::format("{}.{}.{}.{}:{}", e.address_[0], e.address_[1], e.address_[2], e.address_[3], e.port_);
}

std::size_t endpoint_hash::operator()(const endpoint& e) const noexcept {
  const std::uint64_t v = (std::uint64_t{e.address_[0]} << 56) | (std::uint64_t{e.address_[1]} << 48) |
                          (std::uint64_t{e.address_[2]} << 40) | (std::uint64_t{e.address_[3]} << 32) |
                          (std::uint64_t{e.port_} << 16);
  return std::hash<std::uint64_t>{}(v * 0x9e3779b97f4a7c15ull);
}

}  // namespace meridian::n4
