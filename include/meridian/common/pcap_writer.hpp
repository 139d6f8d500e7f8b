#pragma once
// Classic libpcap files (the format every Wireshark and tshark opens). The
// link type is raw IPv4 (LINKTYPE_IPV4): an interface that is not IP on our side
// (NGAP over usrsctp, GTP-U from a socket) is captured by wrapping each payload
// in the IPv4/SCTP or IPv4/UDP headers it had or would have had on the wire,
// see ip_framing.hpp.

#include <cstdint>
#include <cstdio>
#include <expected>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include "meridian/common/clock.hpp"

namespace meridian {

/// https://www.tcpdump.org/linktypes.html
enum class pcap_link_type : std::uint32_t {
  ethernet = 1,  ///< LINKTYPE_ETHERNET
  raw = 101,     ///< LINKTYPE_RAW: IPv4 or IPv6 by the version nibble
  ipv4 = 228,    ///< LINKTYPE_IPV4
};

class pcap_writer {
 public:
  /// Creates (truncates) `file` and writes the global header. The error says why
  /// the file could not be opened.
  static std::expected<pcap_writer, std::string> create(const std::filesystem::path& file,
                                                        pcap_link_type link = pcap_link_type::ipv4,
                                                        std::uint32_t snaplen = 262144);

  /// Appends one frame with its timestamp; returns false on a write error.
  bool write(clock::wall_time when, std::span<const std::uint8_t> frame) {
    return write(when, frame, frame.size());
  }
  /// Appends the first `capture_at_most` octets of `frame` (and the file's
  /// snap length at most); the record keeps the frame's real length, so
  /// Wireshark shows it as cut by the capture, not as malformed.
  bool write(clock::wall_time when, std::span<const std::uint8_t> frame, std::size_t capture_at_most);
  bool flush();

  std::uint64_t frames_written() const noexcept { return frames_; }
  /// The file's size so far, headers included (what rotation limits).
  std::uint64_t bytes_written() const noexcept { return bytes_; }

 private:
  struct file_closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };
  explicit pcap_writer(std::unique_ptr<std::FILE, file_closer> f, std::uint32_t snaplen)
      : file_(std::move(f)), snaplen_(snaplen) {}

  std::unique_ptr<std::FILE, file_closer> file_;
  std::uint32_t snaplen_;
  std::uint64_t frames_ = 0;
  std::uint64_t bytes_ = 24;  // the global header
};

}  // namespace meridian
