#include "meridian/common/result.hpp"

#include <fmt/format.h>

namespace meridian {

std::string_view to_string(decode_errc code) noexcept {
  switch (code) {
    case decode_errc::truncated:
      return "truncated";
    case decode_errc::invalid_value:
      return "invalid value";
    case decode_errc::invalid_length:
      return "invalid length";
    case decode_errc::unknown_type:
      return "unknown type";
    case decode_errc::duplicate_ie:
      return "duplicate IE";
    case decode_errc::missing_mandatory_ie:
      return "missing mandatory IE";
    case decode_errc::trailing_bytes:
      return "trailing bytes";
    case decode_errc::unsupported:
      return "unsupported";
  }
  return "unknown error";
}

std::string decode_error::message() const {
  if (what.empty()) return fmt::format("{} at byte {}", to_string(code), offset);
  return fmt::format("{} at byte {} ({})", to_string(code), offset, what);
}

std::string_view to_string(encode_errc code) noexcept {
  switch (code) {
    case encode_errc::value_out_of_range:
      return "value out of range";
    case encode_errc::length_overflow:
      return "length overflow";
    case encode_errc::missing_field:
      return "missing field";
    case encode_errc::invalid_argument:
      return "invalid argument";
  }
  return "unknown error";
}

std::string encode_error::message() const {
  if (what.empty()) return std::string(to_string(code));
  return fmt::format("{} ({})", to_string(code), what);
}

}  // namespace meridian
