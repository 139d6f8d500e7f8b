#pragma once
// NGAP messages out of captured frames: link layer (Ethernet, Linux cooked
// SLL/SLL2, raw IP, BSD loopback) -> IPv4/IPv6 -> SCTP (directly, or carried in
// UDP port 9899, RFC 6951) -> DATA chunks, reassembled when fragmented
// (RFC 9260 §6.9) -> the user messages of PPID 60 or port 38412 (TS 38.412 §7).
// Pure over bytes: reading the capture file is the caller's business.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <tuple>
#include <vector>

namespace meridian::ngap {

/// One NGAP message found in the capture.
struct captured_ngap {
  std::uint64_t frame = 0;  ///< 1-based frame number of the frame completing the message
  std::string src;          ///< "addr:port"
  std::string dst;
  std::uint16_t stream = 0;
  std::vector<std::uint8_t> payload;
};

class sctp_ngap_extractor {
 public:
  /// `link_type` is the pcap LINKTYPE_* of the frame. Messages completed by
  /// this frame are appended to `out`. Frames that are not NGAP are ignored;
  /// malformed ones too (their count is in skipped()).
  void add_frame(std::uint64_t frame_number, int link_type, std::span<const std::uint8_t> frame,
                 std::vector<captured_ngap>& out);
  std::uint64_t skipped() const noexcept { return skipped_; }

 private:
  void add_ip(std::uint64_t frame_number, std::span<const std::uint8_t> ip, std::vector<captured_ngap>& out);
  void add_sctp(std::uint64_t frame_number, const std::string& src_addr, const std::string& dst_addr,
                std::span<const std::uint8_t> sctp, std::vector<captured_ngap>& out);

  struct fragment_key {
    std::string src, dst;
    std::uint16_t stream;
    bool operator<(const fragment_key& o) const {
      return std::tie(src, dst, stream) < std::tie(o.src, o.dst, o.stream);
    }
  };
  std::map<fragment_key, std::vector<std::uint8_t>> partial_;
  std::uint64_t skipped_ = 0;
};

}  // namespace meridian::ngap
