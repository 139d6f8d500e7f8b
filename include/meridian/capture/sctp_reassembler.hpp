#pragma once
// SCTP as seen in a capture (RFC 9260): the common header, every chunk of a
// packet (a packet may bundle several DATA chunks, §6.10), and the user
// messages of DATA chunks, reassembled when fragmented (§6.9) by consecutive
// TSNs per direction and stream. SCTP arrives directly over IP or carried in
// UDP (RFC 6951). Nothing is acknowledged or reordered: this is an observer.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "meridian/capture/ip_packet.hpp"

namespace meridian::capture {

/// One complete user message.
struct sctp_user_message {
  std::uint16_t src_port_ = 0;
  std::uint16_t dst_port_ = 0;
  std::uint16_t stream_ = 0;
  std::uint32_t ppid_ = 0;  ///< payload protocol identifier (60 for NGAP, TS 38.412 §7)
  std::vector<std::uint8_t> payload_;
};

/// What the reassembler saw that it could not use.
struct sctp_counters {
  std::uint64_t packets_ = 0;
  std::uint64_t malformed_packets_ = 0;  ///< a common header or chunk length that does not fit
  std::uint64_t data_chunks_ = 0;
  std::uint64_t fragments_dropped_ = 0;  ///< a fragment with no beginning, or after a gap in the TSNs
  std::uint64_t messages_ = 0;
};

class sctp_reassembler {
 public:
  /// The largest message put together from fragments; a longer one is dropped
  /// (a bound on what a hostile capture can make this reader hold).
  static constexpr std::size_t max_message_size = 1u << 20;

  /// Reads one SCTP packet from `src` to `dst` and appends the user messages it
  /// completes to `out`. A malformed packet is counted; the chunks before the
  /// malformed one are still read.
  void add_packet(const ip_address& src, const ip_address& dst, std::span<const std::uint8_t> packet,
                  std::vector<sctp_user_message>& out);

  const sctp_counters& counters() const noexcept { return counters_; }

 private:
  struct stream_key {
    ip_address src_, dst_;
    std::uint16_t src_port_, dst_port_, stream_;
    bool unordered_;
    auto operator<=>(const stream_key&) const = default;
  };
  struct partial_message {
    std::uint32_t next_tsn_ = 0;
    std::uint32_t ppid_ = 0;
    std::vector<std::uint8_t> bytes_;
  };
  std::map<stream_key, partial_message> partial_;
  sctp_counters counters_;
};

}  // namespace meridian::capture
