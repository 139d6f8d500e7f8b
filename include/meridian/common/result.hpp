#pragma once
// The project's error convention: decoders return std::expected<T, decode_error>
// that says what failed and at which byte offset; encoders return
// std::expected<T, encode_error>. Nothing from the wire ever throws or aborts.

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace meridian {

enum class decode_errc : std::uint8_t {
  truncated,             ///< input ended before the field did
  invalid_value,         ///< a field holds a value the specification forbids
  invalid_length,        ///< a length field disagrees with the specification or the container
  unknown_type,          ///< a message type / IE / procedure we do not know
  duplicate_ie,          ///< an IE that may appear once appeared again
  missing_mandatory_ie,  ///< a mandatory IE is absent
  trailing_bytes,        ///< bytes left over where the message must end
  unsupported,           ///< valid per the specification but not implemented here
};

std::string_view to_string(decode_errc code) noexcept;

struct decode_error {
  decode_errc code = decode_errc::invalid_value;
  std::size_t offset = 0;      ///< byte offset into the outermost input
  std::string_view what = {};  ///< the field or IE being decoded (a static name)

  /// "truncated at byte 12 (5GS mobile identity)"
  std::string message() const;
  bool operator==(const decode_error&) const = default;
};

template <class T>
using decode_result = std::expected<T, decode_error>;

enum class encode_errc : std::uint8_t {
  value_out_of_range,  ///< a field's value does not fit its encoding
  length_overflow,     ///< a length-prefixed part grew beyond its length field
  missing_field,       ///< a field that must be present for this encoding is absent
  invalid_argument,    ///< the caller asked for something the specification forbids
};

std::string_view to_string(encode_errc code) noexcept;

struct encode_error {
  encode_errc code = encode_errc::invalid_argument;
  std::string_view what = {};

  std::string message() const;
  bool operator==(const encode_error&) const = default;
};

template <class T>
using encode_result = std::expected<T, encode_error>;

}  // namespace meridian
