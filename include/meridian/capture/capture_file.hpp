#pragma once
// Reading capture files: classic pcap (microsecond or nanosecond timestamps,
// either byte order) and pcapng (draft-ietf-opsawg-pcapng: any number of
// sections and interfaces, each interface with its own link type and
// timestamp resolution; Enhanced, Simple and obsolete Packet Blocks). Pure
// over the file's bytes: a malformed or truncated file stops the reader with a
// decode_error that says where, after every frame before that point.

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "meridian/capture/link_layer.hpp"
#include "meridian/common/result.hpp"

namespace meridian::capture {

enum class capture_format : std::uint8_t { pcap, pcapng };

/// One captured frame; `data_` points into the file's bytes.
struct captured_frame {
  std::uint64_t number_ = 0;  ///< 1-based, in file order (Wireshark's frame number)
  link_type link_ = link_type::ethernet;
  std::uint32_t interface_ = 0;        ///< pcapng interface (0 for pcap)
  std::uint64_t timestamp_ns_ = 0;     ///< since the epoch, 0 when the file has none (Simple Packet Block)
  std::uint32_t original_length_ = 0;  ///< the frame's length on the wire (data_ may be shorter)
  std::span<const std::uint8_t> data_;
};

/// Reads frames one by one from a capture held in memory.
class capture_reader {
 public:
  /// Recognises the format by its magic number; an error when it is neither.
  static decode_result<capture_reader> open(std::span<const std::uint8_t> file);

  /// The next frame, or nothing at the end of the file or at the first
  /// malformed block (then error() says what and where).
  std::optional<captured_frame> next();

  capture_format format() const noexcept { return format_; }
  /// Why reading stopped before the end of the file, if it did.
  const std::optional<decode_error>& error() const noexcept { return error_; }
  /// Frames returned so far.
  std::uint64_t frames() const noexcept { return frame_number_; }

 private:
  struct interface_description {
    link_type link_ = link_type::ethernet;
    std::uint32_t snaplen_ = 0;
    std::uint64_t ticks_per_second_ = 1'000'000;
  };

  capture_reader(std::span<const std::uint8_t> file, capture_format format) : file_(file), format_(format) {}
  std::optional<captured_frame> next_pcap();
  std::optional<captured_frame> next_pcapng();
  bool read_section_header();
  bool read_interface_description(std::span<const std::uint8_t> body);
  std::optional<captured_frame> fail(decode_errc code, std::size_t offset, std::string_view what);
  std::uint16_t u16(std::size_t at) const noexcept;
  std::uint32_t u32(std::size_t at) const noexcept;

  std::span<const std::uint8_t> file_;
  capture_format format_;
  std::size_t offset_ = 0;
  bool big_endian_ = false;
  std::optional<decode_error> error_;
  std::uint64_t frame_number_ = 0;
  // pcap: the global header's values
  link_type pcap_link_ = link_type::ethernet;
  bool pcap_nanoseconds_ = false;
  // pcapng: the current section's interfaces
  std::vector<interface_description> interfaces_;
};

/// The whole file's bytes, or why it could not be read.
std::expected<std::vector<std::uint8_t>, std::string> read_file_bytes(const std::filesystem::path& file);

}  // namespace meridian::capture
