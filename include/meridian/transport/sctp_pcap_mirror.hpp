#pragma once
// Writes the DATA messages of SCTP associations to a pcap as IPv4/SCTP packets,
// so that N2 can be opened in Wireshark even when a userspace stack (or UDP
// encapsulation) carries it. One mirror may serve many associations and
// threads. The packets are reconstructed: one DATA chunk each, TSNs from the
// association's own counters (received ones from the stack where it gives them).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>

#include "meridian/common/clock.hpp"
#include "meridian/common/pcap_writer.hpp"
#include "meridian/transport/sctp_association.hpp"
#include "meridian/transport/sctp_error.hpp"

namespace meridian::transport {

enum class sctp_direction : std::uint8_t { sent, received };

struct sctp_mirrored_data {
  sctp_direction direction = sctp_direction::sent;
  sctp_endpoint local;
  sctp_endpoint remote;
  std::uint32_t verification_tag = 0;
  std::uint32_t tsn = 0;
  std::uint16_t stream = 0;
  std::uint16_t stream_sequence = 0;
  std::uint32_t ppid = 0;
  std::span<const std::uint8_t> payload;
};

class sctp_pcap_mirror {
 public:
  /// Creates (truncates) `file`. `clk` stamps the packets; it must outlive the mirror.
  static sctp_result<std::shared_ptr<sctp_pcap_mirror>> create(const std::filesystem::path& file, const clock& clk);

  /// Appends one packet; returns false (and counts) when it could not be framed
  /// (IPv6, oversize) or written.
  bool record(const sctp_mirrored_data& d);
  bool flush();

  std::uint64_t packets_written() const;
  std::uint64_t packets_dropped() const;

 private:
  sctp_pcap_mirror(pcap_writer w, const clock& clk) : writer_(std::move(w)), clock_(clk) {}

  mutable std::mutex mutex_;
  pcap_writer writer_;
  const clock& clock_;
  std::uint64_t dropped_ = 0;
};

}  // namespace meridian::transport
