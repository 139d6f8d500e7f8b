#include "meridian/crypto/random.hpp"

#include <openssl/rand.h>

#include <climits>

namespace meridian::crypto {

crypto_result<void> random_bytes(std::span<std::uint8_t> out) noexcept {
  // RAND_bytes takes an int length; callers ask for a few dozen octets, but
  // a larger request is split rather than truncated.
  while (!out.empty()) {
    const std::size_t n = out.size() < static_cast<std::size_t>(INT_MAX) ? out.size() : INT_MAX;
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1)
      return std::unexpected(crypto_error{crypto_errc::backend_failure, "RAND_bytes: generator not seeded"});
    out = out.subspan(n);
  }
  return {};
}

}  // namespace meridian::crypto
