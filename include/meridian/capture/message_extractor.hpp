#pragma once
// The 5G core messages of a capture, in capture order: NGAP (SCTP DATA with
// PPID 60 or port 38412, TS 38.412 §7; SCTP directly over IP or in UDP port
// 9899, RFC 6951), PFCP (UDP port 8805, TS 29.244 §4.2.2) and GTP-U (UDP port
// 2152, TS 29.281 §4.4.2). Frames that carry none of them are passed over;
// malformed ones are counted by the layer that failed. Pure over bytes.

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/capture/capture_file.hpp"
#include "meridian/capture/sctp_reassembler.hpp"

namespace meridian::capture {

inline constexpr std::uint32_t ngap_ppid = 60;        // TS 38.412 §7
inline constexpr std::uint16_t ngap_port = 38412;     // TS 38.412 §7
inline constexpr std::uint16_t sctp_udp_port = 9899;  // RFC 6951 (tshark's default)
inline constexpr std::uint16_t pfcp_port = 8805;      // TS 29.244 §4.2.2
inline constexpr std::uint16_t gtpu_port = 2152;      // TS 29.281 §4.4.2

enum class captured_protocol : std::uint8_t { ngap, pfcp, gtpu };

/// "NGAP", "PFCP", "GTP-U"
std::string_view to_string(captured_protocol p) noexcept;

/// One message found in the capture.
struct captured_message {
  std::uint64_t frame_ = 0;  ///< 1-based number of the frame completing the message
  captured_protocol protocol_ = captured_protocol::ngap;
  std::string src_;  ///< "addr:port" ("[v6:addr]:port" for IPv6)
  std::string dst_;
  std::uint16_t stream_ = 0;  ///< SCTP stream (NGAP only)
  std::vector<std::uint8_t> payload_;
};

/// How many frames each layer passed over, and why.
struct extraction_counters {
  std::uint64_t frames_ = 0;
  std::uint64_t unknown_link_ = 0;    ///< a link type this reader does not know
  std::uint64_t not_ip_ = 0;          ///< ARP, LLDP ...: not an error
  std::uint64_t malformed_link_ = 0;  ///< shorter than its link header
  std::uint64_t malformed_ip_ = 0;    ///< an IP header that does not fit
  std::uint64_t ip_fragments_ = 0;    ///< not reassembled
  std::uint64_t malformed_udp_ = 0;
  std::uint64_t messages_ = 0;
  sctp_counters sctp_;
  /// Frames passed over because something in them was malformed.
  std::uint64_t malformed() const noexcept {
    return malformed_link_ + malformed_ip_ + malformed_udp_ + sctp_.malformed_packets_;
  }
};

class message_extractor {
 public:
  /// Appends the messages that `frame` completes to `out`.
  void add_frame(const captured_frame& frame, std::vector<captured_message>& out);
  /// As above, for a frame given by its link type and bytes.
  void add_frame(std::uint64_t frame_number, link_type link, std::span<const std::uint8_t> frame,
                 std::vector<captured_message>& out);

  extraction_counters counters() const noexcept;

 private:
  void add_udp(std::uint64_t frame_number, const ip_packet& ip, std::vector<captured_message>& out);
  void add_sctp(std::uint64_t frame_number, const ip_packet& ip, std::span<const std::uint8_t> sctp,
                std::vector<captured_message>& out);

  sctp_reassembler sctp_;
  std::vector<sctp_user_message> sctp_messages_;  // reused between frames
  extraction_counters counters_;
};

/// Every message of a capture file held in memory, and why reading stopped
/// early if it did.
struct capture_messages {
  std::vector<captured_message> messages_;
  extraction_counters counters_;
  std::optional<decode_error> file_error_;  ///< the file was cut short or malformed at this point
};
decode_result<capture_messages> extract_messages(std::span<const std::uint8_t> file);

/// extract_messages() of a file on disk; the error names the file and says why
/// it is not a capture ("cannot read capture FILE: ...").
std::expected<capture_messages, std::string> read_capture(const std::filesystem::path& file);

}  // namespace meridian::capture
