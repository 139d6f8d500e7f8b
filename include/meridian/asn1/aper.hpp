#pragma once
// ASN.1 Packed Encoding Rules, ALIGNED variant (ITU-T X.691), as a small
// non-template runtime that generated code calls field by field.
//
// Decoding never reads past its input and never throws: every get_* returns
// false on failure after recording the first error (what failed, the ASN.1
// type name, and the absolute bit offset). Encoding records the first error
// (a value outside its constraint) and carries on writing, so generated
// encoders need no error checks between fields; the caller checks ok() once.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/common/result.hpp"

namespace meridian::asn1 {

/// An INTEGER's PER-visible constraint (X.691 §12). Without a lower bound the
/// number is unconstrained; with only a lower bound it is semi-constrained.
struct int_range {
  std::int64_t lb = 0;
  std::int64_t ub = 0;
  bool has_lb = false;
  bool has_ub = false;
  bool ext = false;  ///< "..." in the constraint: one extension bit precedes the value
};
constexpr int_range range(std::int64_t lb, std::int64_t ub) noexcept { return {lb, ub, true, true, false}; }
constexpr int_range range_ext(std::int64_t lb, std::int64_t ub) noexcept { return {lb, ub, true, true, true}; }
constexpr int_range semi(std::int64_t lb) noexcept { return {lb, 0, true, false, false}; }
constexpr int_range semi_ext(std::int64_t lb) noexcept { return {lb, 0, true, false, true}; }
constexpr int_range unconstrained() noexcept { return {}; }

/// A SIZE constraint (X.691 §11.9 length determinants); ub < 0 means no upper bound.
struct size_range {
  std::int64_t lb = 0;
  std::int64_t ub = -1;
  bool ext = false;
};
constexpr size_range sized(std::int64_t lb, std::int64_t ub) noexcept { return {lb, ub, false}; }
constexpr size_range sized_ext(std::int64_t lb, std::int64_t ub) noexcept { return {lb, ub, true}; }
constexpr size_range unsized() noexcept { return {0, -1, false}; }

/// BIT STRING value: `length_` bits, most significant bit of bytes_[0] first;
/// unused trailing bits of the last octet are zero.
struct bit_string {
  std::vector<std::uint8_t> bytes_;
  std::size_t length_ = 0;

  bit_string() = default;
  bit_string(std::vector<std::uint8_t> bytes, std::size_t length) : bytes_(std::move(bytes)), length_(length) {}
  /// The low `length` bits of `value`, as a BIT STRING of that length.
  static bit_string from_uint(std::uint64_t value, std::size_t length);
  /// The first min(length_, 64) bits as a number.
  std::uint64_t to_uint() const noexcept;
  bool operator==(const bit_string&) const = default;
};

using octet_string = std::vector<std::uint8_t>;

/// NULL carries no value.
struct null_type {
  bool operator==(const null_type&) const = default;
};

/// Decoding NULL reads nothing; this makes an optional NULL present.
inline bool decoded_null(null_type&) noexcept { return true; }

/// OBJECT IDENTIFIER, kept as its BER contents octets (X.690 §8.19), which is
/// what PER carries after the length (X.691 §24).
struct object_identifier {
  std::vector<std::uint8_t> contents_;
  bool operator==(const object_identifier&) const = default;
};

/// An extension addition or CHOICE alternative this code does not know,
/// kept as its open-type octets so that re-encoding reproduces it exactly.
struct unknown_extension {
  std::size_t index_ = 0;  ///< position among the type's extension additions
  std::vector<std::uint8_t> value_;
  bool operator==(const unknown_extension&) const = default;
};
using unknown_extensions = std::vector<unknown_extension>;

/// Where and why decoding stopped.
struct aper_error {
  decode_errc code = decode_errc::invalid_value;
  std::size_t bit_offset = 0;  ///< absolute, in the outermost input
  std::string_view what = {};  ///< the ASN.1 type (or IE) being decoded

  decode_error to_decode_error() const noexcept { return decode_error{code, bit_offset / 8, what}; }
  /// "truncated at bit 83 (byte 10) in AMFName"
  std::string message() const;
};

class aper_reader {
 public:
  aper_reader() = default;
  /// `base_bit` is the absolute bit offset of data[0] in the outermost input.
  explicit aper_reader(std::span<const std::uint8_t> data, std::size_t base_bit = 0) noexcept
      : data_(data), base_(base_bit) {}

  std::size_t bit_offset() const noexcept { return base_ + pos_; }
  std::size_t remaining_bits() const noexcept { return data_.size() * 8 - pos_; }
  /// Whole octets not yet touched (after alignment).
  std::size_t remaining_octets() const noexcept { return data_.size() - (pos_ + 7) / 8; }
  const aper_error& error() const noexcept { return err_; }
  bool failed() const noexcept { return failed_; }

  /// Records the first error and returns false, so callers can `return r.fail(...)`.
  bool fail(decode_errc code, std::string_view what) noexcept;
  /// Copies a nested reader's error (open types) into this one; returns false.
  bool adopt(const aper_reader& inner) noexcept;

  bool get_bits(std::uint64_t& v, unsigned count, std::string_view what) noexcept;
  bool get_bit(bool& v, std::string_view what) noexcept;
  bool get_bool(bool& v, std::string_view what) noexcept { return get_bit(v, what); }
  void align() noexcept { pos_ = (pos_ + 7) / 8 * 8; }

  /// X.691 §11.5.7: constrained whole number in lb..ub.
  bool get_constrained(std::uint64_t& v, std::uint64_t lb, std::uint64_t ub, std::string_view what) noexcept;
  /// X.691 §11.6: normally small non-negative whole number.
  bool get_normally_small(std::uint64_t& v, std::string_view what) noexcept;
  /// X.691 §11.9: a length determinant for the given SIZE constraint. For an
  /// unconstrained length, `fragment` is set when the length announced a
  /// fragment (16K, 32K, 48K or 64K items) and more length determinants follow.
  bool get_length(std::size_t& n, size_range size, std::string_view what, bool* fragment = nullptr) noexcept;
  /// SEQUENCE OF count; the extension bit is read here when the constraint has "...".
  bool get_count(std::size_t& n, size_range size, std::string_view what) noexcept;

  bool get_int(std::int64_t& v, int_range c, std::string_view what) noexcept;
  bool get_enum_index(std::uint32_t& v, std::uint32_t root_count, bool ext, std::string_view what) noexcept;
  template <class E>
  bool get_enum(E& v, std::uint32_t root_count, bool ext, std::string_view what) noexcept {
    std::uint32_t i = 0;
    if (!get_enum_index(i, root_count, ext, what)) return false;
    v = static_cast<E>(i);
    return true;
  }
  /// CHOICE index: root alternatives 0..root_count-1; extension alternatives
  /// are reported as root_count + their index with `is_ext` set.
  bool get_choice(std::uint32_t& index, std::uint32_t root_count, bool ext, bool& is_ext,
                  std::string_view what) noexcept;

  bool get_bit_string(bit_string& v, size_range size, std::string_view what);
  bool get_octet_string(octet_string& v, size_range size, std::string_view what);
  /// PrintableString, VisibleString, IA5String: 8 bits per character in the
  /// ALIGNED variant (X.691 §30.5.2, b rounded up to a power of two).
  bool get_known_string(std::string& v, size_range size, std::string_view what);
  /// UTF8String: constraints are not PER-visible, an unconstrained octet count.
  bool get_utf8_string(std::string& v, std::string_view what);
  bool get_oid(object_identifier& v, std::string_view what);

  /// An open type (X.691 §11.2): a length-prefixed complete encoding. `inner`
  /// reads exactly those octets and reports absolute offsets. Fragmented open
  /// types are reassembled into `storage`.
  bool get_open(aper_reader& inner, std::vector<std::uint8_t>& storage, std::string_view what);
  /// The octets of an open type, copied.
  bool get_open_octets(std::vector<std::uint8_t>& v, std::string_view what);
  /// SEQUENCE extension additions after the root (X.691 §19.7), all kept raw.
  bool get_extensions(unknown_extensions& v, std::string_view what);

 private:
  bool get_fragmented_octets(std::vector<std::uint8_t>& v, std::string_view what);
  bool get_semi_octets(std::uint64_t& v, std::size_t octets, std::string_view what) noexcept;

  std::span<const std::uint8_t> data_{};
  std::size_t pos_ = 0;   // bit position in data_
  std::size_t base_ = 0;  // absolute bit offset of data_[0]
  aper_error err_{};
  bool failed_ = false;
};

class aper_writer {
 public:
  aper_writer() { buf_.reserve(256); }

  bool ok() const noexcept { return !failed_; }
  const encode_error& error() const noexcept { return err_; }
  void fail(encode_errc code, std::string_view what) noexcept;

  void put_bits(std::uint64_t v, unsigned count);
  void put_bit(bool b) { put_bits(b ? 1u : 0u, 1); }
  void put_bool(bool b) { put_bit(b); }
  void align();
  std::size_t bit_size() const noexcept { return bits_; }

  void put_constrained(std::uint64_t v, std::uint64_t lb, std::uint64_t ub, std::string_view what);
  void put_normally_small(std::uint64_t v);
  /// Length determinant; for lengths of 16K and more only the first fragment's
  /// header is written by put_fragmented_octets, never by this.
  void put_length(std::size_t n, size_range size, std::string_view what);
  /// SEQUENCE OF count, including the extension bit when the constraint has "...".
  void put_count(std::size_t n, size_range size, std::string_view what);

  void put_int(std::int64_t v, int_range c, std::string_view what);
  void put_enum_index(std::uint32_t v, std::uint32_t root_count, bool ext);
  template <class E>
  void put_enum(E v, std::uint32_t root_count, bool ext) {
    put_enum_index(static_cast<std::uint32_t>(v), root_count, ext);
  }
  /// CHOICE index; extension alternatives are root_count + n.
  void put_choice(std::uint32_t index, std::uint32_t root_count, bool ext);

  void put_bit_string(const bit_string& v, size_range size, std::string_view what);
  void put_octet_string(std::span<const std::uint8_t> v, size_range size, std::string_view what);
  void put_known_string(std::string_view v, size_range size, std::string_view what);
  void put_utf8_string(std::string_view v);
  void put_oid(const object_identifier& v);

  /// Open type: everything written between open_begin() and open_end() becomes
  /// one length-prefixed complete encoding.
  std::size_t open_begin();
  void open_end(std::size_t mark);
  void put_open_octets(std::span<const std::uint8_t> v);
  /// SEQUENCE extension additions (X.691 §19.7); the extension bit was written by the caller.
  void put_extensions(const unknown_extensions& v);
  /// Extension CHOICE alternative: normally small index + open type.
  void put_unknown_alternative(const unknown_extension& v);

  /// The complete encoding (X.691 §11.1): padded to an octet, at least one octet.
  std::vector<std::uint8_t> finish() &&;
  const std::vector<std::uint8_t>& bytes() const noexcept { return buf_; }

 private:
  void put_fragmented_octets(std::span<const std::uint8_t> v);
  void put_semi_octets(std::uint64_t v);

  std::vector<std::uint8_t> buf_;
  std::size_t bits_ = 0;
  encode_error err_{};
  bool failed_ = false;
};

/// Octets needed for a non-negative number (at least one).
unsigned octets_for(std::uint64_t v) noexcept;
/// Bits needed for numbers 0..v (0 for v == 0).
unsigned bits_for(std::uint64_t v) noexcept;

}  // namespace meridian::asn1
