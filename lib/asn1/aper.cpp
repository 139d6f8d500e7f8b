// ALIGNED PER (ITU-T X.691, 02/2021). Clause numbers below are X.691's.

#include "meridian/asn1/aper.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace meridian::asn1 {

namespace {
constexpr std::size_t k16 = 16384;  // §11.9.3.8: fragment unit
constexpr std::uint64_t k64 = 65536;
}  // namespace

unsigned octets_for(std::uint64_t v) noexcept {
  unsigned n = 1;
  while (n < 8 && (v >> (8 * n)) != 0) ++n;
  return n;
}

unsigned bits_for(std::uint64_t v) noexcept {
  unsigned n = 0;
  while (n < 64 && (v >> n) != 0) ++n;
  return n;
}

bit_string bit_string::from_uint(std::uint64_t value, std::size_t length) {
  bit_string b;
  b.length_ = length;
  b.bytes_.assign((length + 7) / 8, 0);
  for (std::size_t i = 0; i < length && i < 64; ++i) {
    if ((value >> (length - 1 - i)) & 1u) b.bytes_[i / 8] |= static_cast<std::uint8_t>(0x80u >> (i % 8));
  }
  return b;
}

std::uint64_t bit_string::to_uint() const noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < length_ && i < 64 && i / 8 < bytes_.size(); ++i)
    v = (v << 1) | ((bytes_[i / 8] >> (7 - i % 8)) & 1u);
  return v;
}

std::string aper_error::message() const {
  return fmt::format("{} at bit {} (byte {}) in {}", to_string(code), bit_offset, bit_offset / 8,
                     what.empty() ? std::string_view("?") : what);
}

// ---------------------------------------------------------------- reader

bool aper_reader::fail(decode_errc code, std::string_view what) noexcept {
  if (!failed_) {
    failed_ = true;
    err_ = aper_error{code, bit_offset(), what};
  }
  return false;
}

bool aper_reader::adopt(const aper_reader& inner) noexcept {
  if (!failed_) {
    failed_ = true;
    err_ = inner.failed_ ? inner.err_ : aper_error{decode_errc::invalid_value, inner.bit_offset(), {}};
  }
  return false;
}

bool aper_reader::get_bits(std::uint64_t& v, unsigned count, std::string_view what) noexcept {
  if (count > 64 || remaining_bits() < count) return fail(decode_errc::truncated, what);
  std::uint64_t x = 0;
  unsigned left = count;
  while (left > 0) {
    const std::size_t byte = pos_ / 8;
    const unsigned used = static_cast<unsigned>(pos_ % 8);
    const unsigned avail = 8 - used;
    const unsigned take = std::min(avail, left);
    const unsigned chunk = (static_cast<unsigned>(data_[byte]) >> (avail - take)) & ((1u << take) - 1u);
    x = (x << take) | chunk;
    pos_ += take;
    left -= take;
  }
  v = x;
  return true;
}

bool aper_reader::get_bit(bool& v, std::string_view what) noexcept {
  std::uint64_t x = 0;
  if (!get_bits(x, 1, what)) return false;
  v = x != 0;
  return true;
}

bool aper_reader::get_semi_octets(std::uint64_t& v, std::size_t octets, std::string_view what) noexcept {
  if (octets == 0 || octets > 8) return fail(decode_errc::unsupported, what);
  align();
  return get_bits(v, static_cast<unsigned>(octets * 8), what);
}

bool aper_reader::get_constrained(std::uint64_t& v, std::uint64_t lb, std::uint64_t ub,
                                  std::string_view what) noexcept {
  const std::uint64_t span = ub - lb;  // range - 1
  std::uint64_t x = 0;
  if (span == 0) {
    x = 0;
  } else if (span < 255) {  // §11.5.7.2: bit-field, not aligned
    if (!get_bits(x, bits_for(span), what)) return false;
  } else if (span == 255) {  // one octet, aligned
    align();
    if (!get_bits(x, 8, what)) return false;
  } else if (span < k64) {  // two octets, aligned
    align();
    if (!get_bits(x, 16, what)) return false;
  } else {  // §11.5.7.4 indefinite length case: octet count, then the octets
    std::uint64_t len = 0;
    if (!get_bits(len, bits_for(octets_for(span) - 1), what)) return false;
    if (!get_semi_octets(x, static_cast<std::size_t>(len) + 1, what)) return false;
  }
  if (x > span) return fail(decode_errc::invalid_value, what);
  v = lb + x;
  return true;
}

bool aper_reader::get_normally_small(std::uint64_t& v, std::string_view what) noexcept {
  bool large = false;
  if (!get_bit(large, what)) return false;
  if (!large) return get_bits(v, 6, what);
  std::size_t n = 0;
  if (!get_length(n, unsized(), what)) return false;
  return get_semi_octets(v, n, what);
}

bool aper_reader::get_length(std::size_t& n, size_range size, std::string_view what, bool* fragment) noexcept {
  if (fragment) *fragment = false;
  if (size.ub >= 0 && size.ub < static_cast<std::int64_t>(k64)) {
    std::uint64_t x = 0;
    if (!get_constrained(x, static_cast<std::uint64_t>(size.lb), static_cast<std::uint64_t>(size.ub), what))
      return false;
    n = static_cast<std::size_t>(x);
    return true;
  }
  // §11.9.3.5-8: unconstrained (or ub >= 64K) length, octet-aligned.
  align();
  std::uint64_t b0 = 0;
  if (!get_bits(b0, 8, what)) return false;
  if ((b0 & 0x80u) == 0) {
    n = static_cast<std::size_t>(b0);
  } else if ((b0 & 0xC0u) == 0x80u) {
    std::uint64_t b1 = 0;
    if (!get_bits(b1, 8, what)) return false;
    n = static_cast<std::size_t>(((b0 & 0x3Fu) << 8) | b1);
  } else {
    const std::uint64_t m = b0 & 0x3Fu;
    if (m < 1 || m > 4 || fragment == nullptr) return fail(decode_errc::invalid_length, what);
    n = static_cast<std::size_t>(m) * k16;
    *fragment = true;
  }
  return true;
}

bool aper_reader::get_count(std::size_t& n, size_range size, std::string_view what) noexcept {
  if (size.ext) {
    bool outside = false;
    if (!get_bit(outside, what)) return false;
    if (outside) size = unsized();
  }
  if (size.lb == size.ub && size.ub >= 0 && size.ub < static_cast<std::int64_t>(k64)) {
    n = static_cast<std::size_t>(size.ub);
    return true;
  }
  bool frag = false;
  if (!get_length(n, size, what, &frag)) return false;
  if (frag) return fail(decode_errc::unsupported, what);  // >16K components: never in the 3GPP protocols
  if (size.ub >= 0 && (static_cast<std::int64_t>(n) < size.lb || static_cast<std::int64_t>(n) > size.ub) && !size.ext)
    return fail(decode_errc::invalid_length, what);
  return true;
}

bool aper_reader::get_int(std::int64_t& v, int_range c, std::string_view what) noexcept {
  if (c.ext) {
    bool outside = false;
    if (!get_bit(outside, what)) return false;
    if (outside) c = unconstrained();
  }
  if (c.has_lb && c.has_ub) {
    std::uint64_t x = 0;
    if (!get_constrained(x, 0, static_cast<std::uint64_t>(c.ub - c.lb), what)) return false;
    v = c.lb + static_cast<std::int64_t>(x);
    return true;
  }
  std::size_t n = 0;
  if (!get_length(n, unsized(), what)) return false;
  if (n == 0 || n > 8) return fail(decode_errc::unsupported, what);
  std::uint64_t x = 0;
  if (!get_semi_octets(x, n, what)) return false;
  if (c.has_lb) {  // §11.7 semi-constrained: offset from lb
    v = c.lb + static_cast<std::int64_t>(x);
  } else {  // §11.8 unconstrained: two's complement
    if (n < 8 && (x >> (8 * n - 1)) & 1u) x |= ~std::uint64_t{0} << (8 * n);
    v = static_cast<std::int64_t>(x);
  }
  return true;
}

bool aper_reader::get_enum_index(std::uint32_t& v, std::uint32_t root_count, bool ext, std::string_view what) noexcept {
  if (ext) {
    bool outside = false;
    if (!get_bit(outside, what)) return false;
    if (outside) {  // §14.3: normally small index into the additions
      std::uint64_t x = 0;
      if (!get_normally_small(x, what)) return false;
      if (x > 0xFFFF) return fail(decode_errc::invalid_value, what);
      v = root_count + static_cast<std::uint32_t>(x);
      return true;
    }
  }
  if (root_count == 0) return fail(decode_errc::invalid_value, what);
  std::uint64_t x = 0;
  if (!get_constrained(x, 0, root_count - 1, what)) return false;
  v = static_cast<std::uint32_t>(x);
  return true;
}

bool aper_reader::get_choice(std::uint32_t& index, std::uint32_t root_count, bool ext, bool& is_ext,
                             std::string_view what) noexcept {
  is_ext = false;
  if (ext && !get_bit(is_ext, what)) return false;
  std::uint64_t x = 0;
  if (is_ext) {
    if (!get_normally_small(x, what)) return false;
    if (x > 0xFFFF) return fail(decode_errc::invalid_value, what);
    index = root_count + static_cast<std::uint32_t>(x);
    return true;
  }
  if (root_count == 0) return fail(decode_errc::invalid_value, what);
  if (!get_constrained(x, 0, root_count - 1, what)) return false;
  index = static_cast<std::uint32_t>(x);
  return true;
}

bool aper_reader::get_fragmented_octets(std::vector<std::uint8_t>& v, std::string_view what) {
  // §11.9.3.8: fragments of 16K..64K octets until a length below 16K.
  v.clear();
  for (;;) {
    std::size_t n = 0;
    bool frag = false;
    if (!get_length(n, unsized(), what, &frag)) return false;
    align();
    if (remaining_bits() / 8 < n) return fail(decode_errc::truncated, what);
    const std::size_t at = pos_ / 8;
    v.insert(v.end(), data_.begin() + static_cast<std::ptrdiff_t>(at),
             data_.begin() + static_cast<std::ptrdiff_t>(at + n));
    pos_ += n * 8;
    if (!frag) return true;
  }
}

bool aper_reader::get_bit_string(bit_string& v, size_range size, std::string_view what) {
  if (size.ext) {
    bool outside = false;
    if (!get_bit(outside, what)) return false;
    if (outside) size = unsized();
  }
  std::size_t n = 0;
  if (size.lb == size.ub && size.ub >= 0 && size.ub <= static_cast<std::int64_t>(k64)) {
    n = static_cast<std::size_t>(size.ub);
    if (n > 16) align();  // §16.9/16.10
  } else {
    bool frag = false;
    if (!get_length(n, size, what, &frag)) return false;
    if (frag) {  // fragmented: n is a multiple of 16K bits per fragment
      v.bytes_.clear();
      v.length_ = 0;
      for (;;) {
        align();
        if (remaining_bits() < n) return fail(decode_errc::truncated, what);
        const std::size_t at = pos_ / 8;
        v.bytes_.insert(v.bytes_.end(), data_.begin() + static_cast<std::ptrdiff_t>(at),
                        data_.begin() + static_cast<std::ptrdiff_t>(at + n / 8));
        v.length_ += n;
        pos_ += n;
        if (!frag) break;
        if (!get_length(n, unsized(), what, &frag)) return false;
      }
      if (v.length_ % 8) v.bytes_.back() &= static_cast<std::uint8_t>(0xFF00u >> (v.length_ % 8));
      return true;
    }
    if (size.ub >= 0 && !size.ext && static_cast<std::int64_t>(n) < size.lb)
      return fail(decode_errc::invalid_length, what);
    align();  // §16.11: octet-aligned in the ALIGNED variant
  }
  if (remaining_bits() < n) return fail(decode_errc::truncated, what);
  v.length_ = n;
  v.bytes_.assign((n + 7) / 8, 0);
  for (std::size_t i = 0; i < n;) {
    const unsigned take = static_cast<unsigned>(std::min<std::size_t>(8, n - i));
    std::uint64_t b = 0;
    get_bits(b, take, what);
    v.bytes_[i / 8] = static_cast<std::uint8_t>(b << (8 - take));
    i += take;
  }
  return true;
}

bool aper_reader::get_octet_string(octet_string& v, size_range size, std::string_view what) {
  if (size.ext) {
    bool outside = false;
    if (!get_bit(outside, what)) return false;
    if (outside) size = unsized();
  }
  std::size_t n = 0;
  if (size.lb == size.ub && size.ub >= 0 && size.ub <= static_cast<std::int64_t>(k64)) {
    n = static_cast<std::size_t>(size.ub);
    if (n > 2) align();  // §17.6/17.7
  } else {
    if (size.ub < 0 || size.ub >= static_cast<std::int64_t>(k64)) return get_fragmented_octets(v, what);
    if (!get_length(n, size, what)) return false;
    align();  // §17.8
  }
  if (remaining_bits() < n * 8) return fail(decode_errc::truncated, what);
  v.resize(n);
  if (pos_ % 8 == 0) {
    if (n) std::memcpy(v.data(), data_.data() + pos_ / 8, n);
    pos_ += n * 8;
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t b = 0;
      get_bits(b, 8, what);
      v[i] = static_cast<std::uint8_t>(b);
    }
  }
  return true;
}

bool aper_reader::get_known_string(std::string& v, size_range size, std::string_view what) {
  if (size.ext) {
    bool outside = false;
    if (!get_bit(outside, what)) return false;
    if (outside) size = unsized();
  }
  std::size_t n = 0;
  const bool fixed = size.lb == size.ub && size.ub >= 0 && size.ub < static_cast<std::int64_t>(k64);
  if (fixed) {
    n = static_cast<std::size_t>(size.ub);
  } else {
    std::vector<std::uint8_t> tmp;
    if (size.ub < 0 || size.ub >= static_cast<std::int64_t>(k64)) {
      if (!get_fragmented_octets(tmp, what)) return false;
      v.assign(tmp.begin(), tmp.end());
      return true;
    }
    if (!get_length(n, size, what)) return false;
  }
  // §30.5.7: octet-aligned when the upper bound times 8 bits exceeds 16.
  if (size.ub < 0 || size.ub * 8 > 16) align();
  if (remaining_bits() < n * 8) return fail(decode_errc::truncated, what);
  v.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t b = 0;
    get_bits(b, 8, what);
    v[i] = static_cast<char>(b);
  }
  return true;
}

bool aper_reader::get_utf8_string(std::string& v, std::string_view what) {
  std::vector<std::uint8_t> tmp;
  if (!get_fragmented_octets(tmp, what)) return false;
  v.assign(tmp.begin(), tmp.end());
  return true;
}

bool aper_reader::get_oid(object_identifier& v, std::string_view what) {
  return get_fragmented_octets(v.contents_, what);
}

bool aper_reader::get_open(aper_reader& inner, std::vector<std::uint8_t>& storage, std::string_view what) {
  std::size_t n = 0;
  bool frag = false;
  if (!get_length(n, unsized(), what, &frag)) return false;
  if (frag) {
    // Reassemble: the first fragment's octets, then the rest.
    align();
    if (remaining_bits() / 8 < n) return fail(decode_errc::truncated, what);
    const std::size_t start_bit = bit_offset();
    storage.assign(data_.begin() + static_cast<std::ptrdiff_t>(pos_ / 8),
                   data_.begin() + static_cast<std::ptrdiff_t>(pos_ / 8 + n));
    pos_ += n * 8;
    std::vector<std::uint8_t> more;
    if (!get_fragmented_octets(more, what)) return false;
    storage.insert(storage.end(), more.begin(), more.end());
    inner = aper_reader(storage, start_bit);
    return true;
  }
  align();
  if (remaining_bits() / 8 < n) return fail(decode_errc::truncated, what);
  inner = aper_reader(data_.subspan(pos_ / 8, n), bit_offset());
  pos_ += n * 8;
  return true;
}

bool aper_reader::get_open_octets(std::vector<std::uint8_t>& v, std::string_view what) {
  return get_fragmented_octets(v, what);
}

bool aper_reader::get_extensions(unknown_extensions& v, std::string_view what) {
  // §19.7: normally small (count - 1), presence bitmap, then each present addition as an open type.
  std::uint64_t count = 0;
  if (!get_normally_small(count, what)) return false;
  ++count;
  if (count > remaining_bits()) return fail(decode_errc::truncated, what);
  std::vector<bool> present(static_cast<std::size_t>(count));
  for (std::size_t i = 0; i < count; ++i) {
    bool b = false;
    if (!get_bit(b, what)) return false;
    present[i] = b;
  }
  v.clear();
  for (std::size_t i = 0; i < count; ++i) {
    if (!present[i]) continue;
    unknown_extension e;
    e.index_ = i;
    if (!get_fragmented_octets(e.value_, what)) return false;
    v.push_back(std::move(e));
  }
  return true;
}

// ---------------------------------------------------------------- writer

void aper_writer::fail(encode_errc code, std::string_view what) noexcept {
  if (!failed_) {
    failed_ = true;
    err_ = encode_error{code, what};
  }
}

void aper_writer::put_bits(std::uint64_t v, unsigned count) {
  while (count > 0) {
    const unsigned used = static_cast<unsigned>(bits_ % 8);
    if (used == 0) buf_.push_back(0);
    const unsigned space = 8 - used;
    const unsigned take = std::min(space, count);
    const unsigned chunk = static_cast<unsigned>((v >> (count - take)) & ((1u << take) - 1u));
    buf_.back() = static_cast<std::uint8_t>(buf_.back() | (chunk << (space - take)));
    bits_ += take;
    count -= take;
  }
}

void aper_writer::align() { bits_ = (bits_ + 7) / 8 * 8; }

void aper_writer::put_semi_octets(std::uint64_t v) {
  const unsigned n = octets_for(v);
  align();
  put_bits(v, n * 8);
}

void aper_writer::put_constrained(std::uint64_t v, std::uint64_t lb, std::uint64_t ub, std::string_view what) {
  if (v < lb || v > ub) {
    fail(encode_errc::value_out_of_range, what);
    v = lb;
  }
  const std::uint64_t span = ub - lb;
  const std::uint64_t x = v - lb;
  if (span == 0) return;
  if (span < 255) {
    put_bits(x, bits_for(span));
  } else if (span == 255) {
    align();
    put_bits(x, 8);
  } else if (span < k64) {
    align();
    put_bits(x, 16);
  } else {
    const unsigned n = octets_for(x);
    put_bits(n - 1, bits_for(octets_for(span) - 1));
    align();
    put_bits(x, n * 8);
  }
}

void aper_writer::put_normally_small(std::uint64_t v) {
  if (v <= 63) {
    put_bits(v, 7);  // leading 0 bit + 6 bits
    return;
  }
  put_bit(true);
  align();
  put_bits(octets_for(v), 8);
  put_semi_octets(v);
}

void aper_writer::put_length(std::size_t n, size_range size, std::string_view what) {
  if (size.ub >= 0 && size.ub < static_cast<std::int64_t>(k64)) {
    put_constrained(n, static_cast<std::uint64_t>(size.lb), static_cast<std::uint64_t>(size.ub), what);
    return;
  }
  align();
  if (n < 128) {
    put_bits(n, 8);
  } else if (n < k16) {
    put_bits(0x8000u | n, 16);
  } else {
    fail(encode_errc::length_overflow, what);  // callers fragment before reaching here
  }
}

void aper_writer::put_count(std::size_t n, size_range size, std::string_view what) {
  if (size.ext) {
    const bool outside =
        size.ub >= 0 && (static_cast<std::int64_t>(n) < size.lb || static_cast<std::int64_t>(n) > size.ub);
    put_bit(outside);
    if (outside) size = unsized();
  }
  if (size.lb == size.ub && size.ub >= 0 && size.ub < static_cast<std::int64_t>(k64)) {
    if (static_cast<std::int64_t>(n) != size.ub) fail(encode_errc::value_out_of_range, what);
    return;
  }
  if (size.ub >= 0 && (static_cast<std::int64_t>(n) < size.lb || static_cast<std::int64_t>(n) > size.ub)) {
    fail(encode_errc::value_out_of_range, what);
    return;
  }
  put_length(n, size, what);
}

void aper_writer::put_int(std::int64_t v, int_range c, std::string_view what) {
  if (c.ext) {
    const bool outside = (c.has_lb && v < c.lb) || (c.has_ub && v > c.ub);
    put_bit(outside);
    if (outside) c = unconstrained();
  }
  if (c.has_lb && c.has_ub) {
    if (v < c.lb || v > c.ub) {
      fail(encode_errc::value_out_of_range, what);
      v = c.lb;
    }
    put_constrained(static_cast<std::uint64_t>(v - c.lb), 0, static_cast<std::uint64_t>(c.ub - c.lb), what);
    return;
  }
  if (c.has_lb) {
    if (v < c.lb) {
      fail(encode_errc::value_out_of_range, what);
      v = c.lb;
    }
    const auto x = static_cast<std::uint64_t>(v - c.lb);
    put_length(octets_for(x), unsized(), what);
    put_semi_octets(x);
    return;
  }
  // Two's complement in the fewest octets.
  unsigned n = 1;
  while (n < 8) {
    const std::int64_t lo = -(std::int64_t{1} << (8 * n - 1));
    const std::int64_t hi = (std::int64_t{1} << (8 * n - 1)) - 1;
    if (v >= lo && v <= hi) break;
    ++n;
  }
  put_length(n, unsized(), what);
  align();
  put_bits(static_cast<std::uint64_t>(v), n * 8);
}

void aper_writer::put_enum_index(std::uint32_t v, std::uint32_t root_count, bool ext) {
  if (ext) {
    put_bit(v >= root_count);
    if (v >= root_count) {
      put_normally_small(v - root_count);
      return;
    }
  }
  if (v >= root_count) {
    fail(encode_errc::value_out_of_range, "ENUMERATED");
    v = 0;
  }
  put_constrained(v, 0, root_count - 1, "ENUMERATED");
}

void aper_writer::put_choice(std::uint32_t index, std::uint32_t root_count, bool ext) {
  if (ext) put_bit(index >= root_count);
  if (index >= root_count) {
    if (!ext) fail(encode_errc::value_out_of_range, "CHOICE");
    put_normally_small(index - root_count);
    return;
  }
  put_constrained(index, 0, root_count - 1, "CHOICE");
}

void aper_writer::put_fragmented_octets(std::span<const std::uint8_t> v) {
  // §11.9.3.8: 64K/48K/32K/16K fragments, then the remainder (possibly an empty one).
  align();
  std::size_t at = 0;
  for (;;) {
    const std::size_t left = v.size() - at;
    if (left < k16) {
      put_length(left, unsized(), {});
      align();
      buf_.insert(buf_.end(), v.begin() + static_cast<std::ptrdiff_t>(at), v.end());
      bits_ += left * 8;
      return;
    }
    const std::size_t m = std::min<std::size_t>(4, left / k16);
    put_bits(0xC0u | m, 8);
    buf_.insert(buf_.end(), v.begin() + static_cast<std::ptrdiff_t>(at),
                v.begin() + static_cast<std::ptrdiff_t>(at + m * k16));
    bits_ += m * k16 * 8;
    at += m * k16;
  }
}

void aper_writer::put_bit_string(const bit_string& v, size_range size, std::string_view what) {
  const std::size_t n = v.length_;
  if (v.bytes_.size() < (n + 7) / 8) {
    fail(encode_errc::invalid_argument, what);
    return;
  }
  if (size.ext) {
    const bool outside =
        size.ub >= 0 && (static_cast<std::int64_t>(n) < size.lb || static_cast<std::int64_t>(n) > size.ub);
    put_bit(outside);
    if (outside) size = unsized();
  }
  if (size.ub >= 0 && (static_cast<std::int64_t>(n) < size.lb || static_cast<std::int64_t>(n) > size.ub)) {
    fail(encode_errc::value_out_of_range, what);
    return;
  }
  if (size.lb == size.ub && size.ub >= 0 && size.ub <= static_cast<std::int64_t>(k64)) {
    if (n > 16) align();
  } else if (size.ub >= 0 && size.ub < static_cast<std::int64_t>(k64)) {
    put_length(n, size, what);
    align();
  } else if (n < k16) {
    put_length(n, unsized(), what);
    align();
  } else {
    // Fragmented in units of 16K bits; only whole-octet fragment sizes occur.
    align();
    std::size_t at = 0;
    for (;;) {
      const std::size_t left = n - at;
      if (left < k16) {
        put_length(left, unsized(), what);
        align();
        for (std::size_t i = 0; i < left; ++i) put_bit((v.bytes_[(at + i) / 8] >> (7 - (at + i) % 8)) & 1u);
        return;
      }
      const std::size_t m = std::min<std::size_t>(4, left / k16);
      put_bits(0xC0u | m, 8);
      buf_.insert(buf_.end(), v.bytes_.begin() + static_cast<std::ptrdiff_t>(at / 8),
                  v.bytes_.begin() + static_cast<std::ptrdiff_t>(at / 8 + m * k16 / 8));
      bits_ += m * k16;
      at += m * k16;
    }
  }
  for (std::size_t i = 0; i < n;) {
    const unsigned take = static_cast<unsigned>(std::min<std::size_t>(8, n - i));
    put_bits(static_cast<std::uint64_t>(v.bytes_[i / 8] >> (8 - take)), take);
    i += take;
  }
}

void aper_writer::put_octet_string(std::span<const std::uint8_t> v, size_range size, std::string_view what) {
  const std::size_t n = v.size();
  if (size.ext) {
    const bool outside =
        size.ub >= 0 && (static_cast<std::int64_t>(n) < size.lb || static_cast<std::int64_t>(n) > size.ub);
    put_bit(outside);
    if (outside) size = unsized();
  }
  if (size.ub >= 0 && (static_cast<std::int64_t>(n) < size.lb || static_cast<std::int64_t>(n) > size.ub)) {
    fail(encode_errc::value_out_of_range, what);
    return;
  }
  if (size.lb == size.ub && size.ub >= 0 && size.ub <= static_cast<std::int64_t>(k64)) {
    if (n > 2) align();
  } else if (size.ub >= 0 && size.ub < static_cast<std::int64_t>(k64)) {
    put_length(n, size, what);
    align();
  } else {
    put_fragmented_octets(v);
    return;
  }
  if (bits_ % 8 == 0) {
    buf_.insert(buf_.end(), v.begin(), v.end());
    bits_ += n * 8;
  } else {
    for (auto b : v) put_bits(b, 8);
  }
}

void aper_writer::put_known_string(std::string_view v, size_range size, std::string_view what) {
  const std::size_t n = v.size();
  if (size.ext) {
    const bool outside =
        size.ub >= 0 && (static_cast<std::int64_t>(n) < size.lb || static_cast<std::int64_t>(n) > size.ub);
    put_bit(outside);
    if (outside) size = unsized();
  }
  if (size.ub >= 0 && (static_cast<std::int64_t>(n) < size.lb || static_cast<std::int64_t>(n) > size.ub)) {
    fail(encode_errc::value_out_of_range, what);
    return;
  }
  const bool fixed = size.lb == size.ub && size.ub >= 0 && size.ub < static_cast<std::int64_t>(k64);
  if (!fixed) {
    if (size.ub < 0 || size.ub >= static_cast<std::int64_t>(k64)) {
      put_fragmented_octets(std::span(reinterpret_cast<const std::uint8_t*>(v.data()), v.size()));
      return;
    }
    put_length(n, size, what);
  }
  if (size.ub < 0 || size.ub * 8 > 16) align();
  for (char c : v) put_bits(static_cast<std::uint8_t>(c), 8);
}

void aper_writer::put_utf8_string(std::string_view v) {
  put_fragmented_octets(std::span(reinterpret_cast<const std::uint8_t*>(v.data()), v.size()));
}

void aper_writer::put_oid(const object_identifier& v) { put_fragmented_octets(v.contents_); }

std::size_t aper_writer::open_begin() {
  // Reserve one length octet; open_end() widens it when the value is longer.
  align();
  buf_.push_back(0);
  bits_ += 8;
  return buf_.size();
}

void aper_writer::open_end(std::size_t mark) {
  align();
  if (bits_ / 8 == mark) {  // §11.1: an empty complete encoding is one zero octet
    buf_.push_back(0);
    bits_ += 8;
  }
  buf_.resize(bits_ / 8);
  const std::size_t n = buf_.size() - mark;
  if (n < 128) {
    buf_[mark - 1] = static_cast<std::uint8_t>(n);
  } else if (n < k16) {
    buf_.insert(buf_.begin() + static_cast<std::ptrdiff_t>(mark), 0);
    buf_[mark - 1] = static_cast<std::uint8_t>(0x80u | (n >> 8));
    buf_[mark] = static_cast<std::uint8_t>(n & 0xFFu);
    bits_ += 8;
  } else {
    std::vector<std::uint8_t> value(buf_.begin() + static_cast<std::ptrdiff_t>(mark), buf_.end());
    buf_.resize(mark - 1);
    bits_ = buf_.size() * 8;
    put_fragmented_octets(value);
  }
}

void aper_writer::put_open_octets(std::span<const std::uint8_t> v) { put_fragmented_octets(v); }

void aper_writer::put_extensions(const unknown_extensions& v) {
  std::size_t count = 0;
  for (const auto& e : v) count = std::max(count, e.index_ + 1);
  if (count == 0) {
    fail(encode_errc::invalid_argument, "extension additions");
    return;
  }
  put_normally_small(count - 1);
  std::size_t next = 0;
  for (std::size_t i = 0; i < count; ++i) {
    bool present = false;
    for (const auto& e : v) present = present || e.index_ == i;
    put_bit(present);
    (void)next;
  }
  for (std::size_t i = 0; i < count; ++i)
    for (const auto& e : v)
      if (e.index_ == i) {
        put_fragmented_octets(e.value_);
        break;
      }
}

void aper_writer::put_unknown_alternative(const unknown_extension& v) {
  put_normally_small(v.index_);
  put_fragmented_octets(v.value_);
}

std::vector<std::uint8_t> aper_writer::finish() && {
  align();
  buf_.resize(bits_ / 8);
  if (buf_.empty()) buf_.push_back(0);
  return std::move(buf_);
}

}  // namespace meridian::asn1
