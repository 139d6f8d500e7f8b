#pragma once
// Big-endian field reads for the capture module. Callers check the bounds first.

#include <cstddef>
#include <cstdint>
#include <span>

namespace meridian::capture {

inline std::uint16_t be16(std::span<const std::uint8_t> b, std::size_t at) noexcept {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

inline std::uint32_t be32(std::span<const std::uint8_t> b, std::size_t at) noexcept {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

}  // namespace meridian::capture
