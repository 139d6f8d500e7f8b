// pcap: https://www.tcpdump.org/manpages/pcap-savefile.5.html and
// draft-ietf-opsawg-pcap; pcapng: draft-ietf-opsawg-pcapng.

#include "meridian/capture/capture_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

namespace meridian::capture {

namespace {

constexpr std::uint32_t pcap_magic_us = 0xa1b2c3d4;
constexpr std::uint32_t pcap_magic_ns = 0xa1b23c4d;
constexpr std::size_t pcap_header_size = 24;
constexpr std::size_t pcap_record_header_size = 16;

constexpr std::uint32_t block_section_header = 0x0A0D0D0A;
constexpr std::uint32_t block_interface_description = 1;
constexpr std::uint32_t block_packet = 2;  // obsolete, still written by old tools
constexpr std::uint32_t block_simple_packet = 3;
constexpr std::uint32_t block_enhanced_packet = 6;
constexpr std::uint32_t byte_order_magic = 0x1A2B3C4D;
constexpr std::uint16_t option_end = 0;
constexpr std::uint16_t option_if_tsresol = 9;

std::uint32_t le32(std::span<const std::uint8_t> b, std::size_t at) noexcept {
  return std::uint32_t{b[at]} | (std::uint32_t{b[at + 1]} << 8) | (std::uint32_t{b[at + 2]} << 16) |
         (std::uint32_t{b[at + 3]} << 24);
}

std::uint32_t byte_swap(std::uint32_t v) noexcept {
  return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

std::uint64_t to_ns(std::uint64_t ticks, std::uint64_t ticks_per_second) noexcept {
  if (ticks_per_second == 0) return 0;
  const std::uint64_t seconds = ticks / ticks_per_second;
  const std::uint64_t rest = ticks % ticks_per_second;
  return seconds * 1'000'000'000u +
         static_cast<std::uint64_t>(static_cast<long double>(rest) * 1e9L / static_cast<long double>(ticks_per_second));
}

}  // namespace

decode_result<capture_reader> capture_reader::open(std::span<const std::uint8_t> file) {
  if (file.size() < 4) return std::unexpected(decode_error{decode_errc::truncated, file.size(), "capture file magic"});
  const std::uint32_t magic = le32(file, 0);
  if (magic == block_section_header) {
    capture_reader r(file, capture_format::pcapng);
    if (!r.read_section_header()) return std::unexpected(*r.error_);
    return r;
  }
  const bool swapped = magic == byte_swap(pcap_magic_us) || magic == byte_swap(pcap_magic_ns);
  if (magic != pcap_magic_us && magic != pcap_magic_ns && !swapped)
    return std::unexpected(decode_error{decode_errc::unknown_type, 0, "capture file magic (neither pcap nor pcapng)"});
  if (file.size() < pcap_header_size)
    return std::unexpected(decode_error{decode_errc::truncated, file.size(), "pcap file header"});
  capture_reader r(file, capture_format::pcap);
  r.big_endian_ = swapped;
  r.pcap_nanoseconds_ = magic == pcap_magic_ns || magic == byte_swap(pcap_magic_ns);
  if (r.u16(4) != 2) return std::unexpected(decode_error{decode_errc::unsupported, 4, "pcap major version"});
  // The link type's upper bits may carry FCS information; the type is the low 16.
  r.pcap_link_ = static_cast<link_type>(r.u32(20) & 0xffffu);
  r.offset_ = pcap_header_size;
  return r;
}

std::uint16_t capture_reader::u16(std::size_t at) const noexcept {
  return big_endian_ ? static_cast<std::uint16_t>((file_[at] << 8) | file_[at + 1])
                     : static_cast<std::uint16_t>(file_[at] | (file_[at + 1] << 8));
}

std::uint32_t capture_reader::u32(std::size_t at) const noexcept {
  const std::uint32_t v = le32(file_, at);
  return big_endian_ ? byte_swap(v) : v;
}

std::optional<captured_frame> capture_reader::fail(decode_errc code, std::size_t offset, std::string_view what) {
  error_ = decode_error{code, offset, what};
  offset_ = file_.size();
  return std::nullopt;
}

std::optional<captured_frame> capture_reader::next() {
  if (error_ || offset_ >= file_.size()) return std::nullopt;
  return format_ == capture_format::pcap ? next_pcap() : next_pcapng();
}

std::optional<captured_frame> capture_reader::next_pcap() {
  if (file_.size() - offset_ < pcap_record_header_size)
    return fail(decode_errc::truncated, file_.size(), "pcap record header");
  const std::size_t at = offset_;
  const std::uint32_t seconds = u32(at);
  const std::uint32_t fraction = u32(at + 4);
  const std::uint32_t captured = u32(at + 8);
  const std::uint32_t original = u32(at + 12);
  if (file_.size() - at - pcap_record_header_size < captured)
    return fail(decode_errc::truncated, file_.size(), "pcap record data");
  captured_frame f;
  f.number_ = ++frame_number_;
  f.link_ = pcap_link_;
  f.timestamp_ns_ = std::uint64_t{seconds} * 1'000'000'000u + (pcap_nanoseconds_ ? fraction : fraction * 1000ull);
  f.original_length_ = original;
  f.data_ = file_.subspan(at + pcap_record_header_size, captured);
  offset_ = at + pcap_record_header_size + captured;
  return f;
}

bool capture_reader::read_section_header() {
  // Type, total length, byte-order magic, major and minor version, section length (8): 28 octets, then options.
  const std::size_t at = offset_;
  if (file_.size() - at < 28) {
    fail(decode_errc::truncated, file_.size(), "pcapng section header block");
    return false;
  }
  const std::uint32_t magic = le32(file_, at + 8);
  if (magic != byte_order_magic && magic != byte_swap(byte_order_magic)) {
    fail(decode_errc::invalid_value, at + 8, "pcapng byte-order magic");
    return false;
  }
  big_endian_ = magic != byte_order_magic;
  const std::uint32_t length = u32(at + 4);
  if (length < 28 || length % 4 != 0) {
    fail(decode_errc::invalid_length, at + 4, "pcapng section header block length");
    return false;
  }
  if (file_.size() - at < length) {
    fail(decode_errc::truncated, file_.size(), "pcapng section header block");
    return false;
  }
  if (u16(at + 12) != 1) {
    fail(decode_errc::unsupported, at + 12, "pcapng major version");
    return false;
  }
  interfaces_.clear();  // interface ids are per section
  offset_ = at + length;
  return true;
}

bool capture_reader::read_interface_description(std::span<const std::uint8_t> body) {
  // `body` starts after type and length and ends before the trailing length.
  if (body.size() < 8) return false;
  const std::size_t base = static_cast<std::size_t>(body.data() - file_.data());
  interface_description d;
  d.link_ = static_cast<link_type>(u16(base));
  d.snaplen_ = u32(base + 4);
  std::size_t off = 8;
  while (off + 4 <= body.size()) {
    const std::uint16_t code = u16(base + off);
    const std::uint16_t len = u16(base + off + 2);
    if (code == option_end) break;
    if (off + 4 + len > body.size()) return false;
    if (code == option_if_tsresol && len >= 1) {
      const std::uint8_t r = body[off + 4];
      const unsigned exponent = r & 0x7fu;
      if (r & 0x80u) {
        d.ticks_per_second_ = exponent < 64 ? std::uint64_t{1} << exponent : 0;
      } else {
        std::uint64_t tps = 1;
        for (unsigned i = 0; i < exponent && tps != 0; ++i) tps = tps > UINT64_MAX / 10 ? 0 : tps * 10;
        d.ticks_per_second_ = tps;  // 0 (unrepresentable) gives timestamps of 0
      }
    }
    off += 4 + (std::size_t{len} + 3) / 4 * 4;
  }
  interfaces_.push_back(d);
  return true;
}

std::optional<captured_frame> capture_reader::next_pcapng() {
  while (offset_ < file_.size()) {
    const std::size_t at = offset_;
    if (file_.size() - at < 12) return fail(decode_errc::truncated, file_.size(), "pcapng block header");
    const std::uint32_t type = le32(file_, at);
    if (type == block_section_header) {
      if (!read_section_header()) return std::nullopt;
      continue;
    }
    const std::uint32_t length = u32(at + 4);
    if (length < 12 || length % 4 != 0) return fail(decode_errc::invalid_length, at + 4, "pcapng block length");
    if (file_.size() - at < length) return fail(decode_errc::truncated, file_.size(), "pcapng block");
    const std::uint32_t block_type = u32(at);
    const auto body = file_.subspan(at + 8, length - 12);
    offset_ = at + length;
    switch (block_type) {
      case block_interface_description:
        if (!read_interface_description(body))
          return fail(decode_errc::invalid_length, at, "pcapng interface description block");
        break;
      case block_enhanced_packet:
      case block_packet: {
        const bool enhanced = block_type == block_enhanced_packet;
        if (body.size() < 20) return fail(decode_errc::invalid_length, at, "pcapng packet block");
        const std::uint32_t interface = enhanced ? u32(at + 8) : u16(at + 8);
        const std::uint64_t ticks = (std::uint64_t{u32(at + 12)} << 32) | u32(at + 16);
        const std::uint32_t captured = u32(at + 20);
        const std::uint32_t original = u32(at + 24);
        if (interface >= interfaces_.size())
          return fail(decode_errc::invalid_value, at + 8, "pcapng packet block interface id");
        if (captured > body.size() - 20) return fail(decode_errc::invalid_length, at + 20, "pcapng packet block data");
        captured_frame f;
        f.number_ = ++frame_number_;
        f.link_ = interfaces_[interface].link_;
        f.interface_ = interface;
        f.timestamp_ns_ = to_ns(ticks, interfaces_[interface].ticks_per_second_);
        f.original_length_ = original;
        f.data_ = body.subspan(20, captured);
        return f;
      }
      case block_simple_packet: {
        if (body.size() < 4) return fail(decode_errc::invalid_length, at, "pcapng simple packet block");
        if (interfaces_.empty()) return fail(decode_errc::invalid_value, at, "pcapng simple packet block interface");
        const std::uint32_t original = u32(at + 8);
        std::size_t captured = std::min<std::size_t>(original, body.size() - 4);
        if (interfaces_[0].snaplen_ != 0) captured = std::min<std::size_t>(captured, interfaces_[0].snaplen_);
        captured_frame f;
        f.number_ = ++frame_number_;
        f.link_ = interfaces_[0].link_;
        f.original_length_ = original;
        f.data_ = body.subspan(4, captured);
        return f;
      }
      default:
        break;  // statistics, name resolution, decryption secrets, custom blocks: not needed here
    }
  }
  return std::nullopt;
}

std::expected<std::vector<std::uint8_t>, std::string> read_file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(std::string(std::strerror(errno)));
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::unexpected(std::string("read error"));
  return bytes;
}

}  // namespace meridian::capture
