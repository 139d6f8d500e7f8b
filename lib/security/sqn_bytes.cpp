#include "meridian/security/aka.hpp"

namespace meridian::security {

sqn48 sqn_to_bytes(std::uint64_t sqn) noexcept {
  sqn48 out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(sqn >> (8 * (out.size() - 1 - i)));
  return out;
}

std::uint64_t sqn_from_bytes(const sqn48& sqn) noexcept {
  std::uint64_t v = 0;
  for (std::uint8_t b : sqn) v = (v << 8) | b;
  return v;
}

}  // namespace meridian::security
