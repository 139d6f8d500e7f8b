#pragma once
// CRC32c (Castagnoli), the SCTP checksum of RFC 9260 Appendix A.

#include <cstdint>
#include <span>

namespace meridian {

/// The CRC32c of `data` as RFC 9260 defines it (reflected, init and final xor all-ones).
std::uint32_t crc32c(std::span<const std::uint8_t> data) noexcept;

}  // namespace meridian
