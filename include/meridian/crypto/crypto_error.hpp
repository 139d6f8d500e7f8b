#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace meridian::crypto {

enum class crypto_errc : std::uint8_t {
  invalid_length,     ///< an input has the wrong size (key, bit length beyond the data, ...)
  invalid_parameter,  ///< a parameter is out of its range (bearer > 31, unknown algorithm, ...)
  invalid_key,        ///< a key that is not usable (not a point on the curve, wrong form, ...)
  mac_failure,        ///< an integrity check failed
  backend_failure,    ///< OpenSSL reported an error it should not have
};

struct crypto_error {
  crypto_errc code = crypto_errc::invalid_parameter;
  std::string_view what = {};  ///< a static description of the offending input
  std::string message() const;
  bool operator==(const crypto_error&) const = default;
};

template <class T>
using crypto_result = std::expected<T, crypto_error>;

}  // namespace meridian::crypto
