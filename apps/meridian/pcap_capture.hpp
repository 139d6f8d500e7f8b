#pragma once
// The messages of a capture file that `meridian pcap` looks at, in capture
// order: NGAP (SCTP, TS 38.412 §7; found by ngap::sctp_ngap_extractor), PFCP
// (UDP port 8805, TS 29.244 §4.2.2) and GTP-U (UDP port 2152, TS 29.281 §4.4.2).

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace meridian::app {

enum class captured_protocol : std::uint8_t { ngap, pfcp, gtpu };

struct captured_message {
  std::uint64_t frame = 0;  ///< 1-based frame number of the frame completing the message
  captured_protocol protocol = captured_protocol::ngap;
  std::string src;  ///< "addr:port"
  std::string dst;
  std::uint16_t stream = 0;  ///< SCTP stream (NGAP only)
  std::vector<std::uint8_t> payload;
};

/// The UDP payload of one frame when it is PFCP or GTP-U (by port), else
/// nothing. `link_type` is the pcap LINKTYPE_*. Pure over bytes; a malformed
/// frame is simply not a message.
bool udp_message_of_frame(int link_type, std::span<const std::uint8_t> frame, captured_message& out);

/// Every NGAP, PFCP and GTP-U message of a pcap or pcapng file. Throws
/// usage_error when the file cannot be read as a capture.
std::vector<captured_message> read_capture(const std::string& file);

}  // namespace meridian::app
