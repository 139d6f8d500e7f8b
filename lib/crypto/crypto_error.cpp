#include "meridian/crypto/crypto_error.hpp"

#include <fmt/format.h>

namespace meridian::crypto {

std::string crypto_error::message() const {
  std::string_view kind = "error";
  switch (code) {
    case crypto_errc::invalid_length:
      kind = "invalid length";
      break;
    case crypto_errc::invalid_parameter:
      kind = "invalid parameter";
      break;
    case crypto_errc::invalid_key:
      kind = "invalid key";
      break;
    case crypto_errc::mac_failure:
      kind = "MAC failure";
      break;
    case crypto_errc::backend_failure:
      kind = "crypto backend failure";
      break;
  }
  return what.empty() ? std::string(kind) : fmt::format("{}: {}", kind, what);
}

}  // namespace meridian::crypto
