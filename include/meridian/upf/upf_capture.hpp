#pragma once
// `meridian upf --pcap`: every datagram the UPF takes from or puts on N3
// (GTP-U) and N4 (PFCP), written to one pcap as the IPv4/UDP packet it was on
// the wire (ip_framing.hpp), with its real addresses and ports, so that
// Wireshark decodes it. A GRO buffer is written as the datagrams the kernel
// joined, a GSO train as the datagrams the kernel will cut it into.
//
// A debugging aid that costs throughput: the workers and the N4 thread write
// through one mutex, and each datagram is framed into a fresh buffer. Without
// --pcap there is no capture, and a worker tests one null pointer per batch.
//
// Bounded on disk (an iperf3 run once grew a capture to 3.4 GB in minutes):
// a G-PDU is kept up to its headers and the first `gpdu_inner_octets` of the
// packet it carries (the record keeps the real length, as tcpdump -s does);
// control messages (PFCP, GTP-U Echo, Error Indication, End Marker) are kept
// whole. When a file reaches `max_file_bytes` it is rotated as logrotate does:
// FILE is always the newest, older ones are FILE.1 … FILE.(files-1), and the
// oldest is removed (tcpdump's -C and -W).

#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "meridian/common/clock.hpp"
#include "meridian/common/ip_framing.hpp"
#include "meridian/common/pcap_writer.hpp"
#include "meridian/transport/udp_batch_socket.hpp"

namespace meridian::upf {

/// How much `meridian upf --pcap` keeps.
struct capture_limits {
  /// Octets of a G-PDU's inner packet kept after the GTP-U header; 0 keeps it whole.
  std::size_t gpdu_inner_octets = 128;
  /// A file is rotated when it reaches this size; 0 never rotates.
  std::uint64_t max_file_bytes = 100ull << 20;
  /// Files kept, the current one included (at least 1).
  unsigned files = 10;
};

class upf_capture {
 public:
  /// Creates (truncates) `file`. `clk` stamps the packets; it must outlive the capture.
  static std::expected<std::unique_ptr<upf_capture>, std::string> create(const std::filesystem::path& file,
                                                                         const clock& clk,
                                                                         capture_limits limits = {});

  /// A batch received on the N3 socket bound to `local`.
  void n3_received(const ipv4_endpoint& local, std::span<const transport::received_datagram> batch) noexcept;
  /// Datagrams handed to the N3 socket bound to `local`.
  void n3_sent(const ipv4_endpoint& local, std::span<const transport::outgoing_datagram> batch) noexcept;
  /// One datagram from `src` to `dst` (N4: each PFCP message either way).
  void datagram(const ipv4_endpoint& src, const ipv4_endpoint& dst, std::span<const std::uint8_t> payload) noexcept;

  /// Writes what is buffered to the file; false on a write error.
  bool flush();
  std::uint64_t frames_written() const;
  /// Datagrams that could not be framed (larger than an IPv4 packet) or written.
  std::uint64_t frames_dropped() const;
  /// Files rotated out so far.
  std::uint64_t rotations() const;

 private:
  upf_capture(pcap_writer w, std::filesystem::path file, const clock& clk, capture_limits limits)
      : writer_(std::move(w)), file_(std::move(file)), clock_(clk), limits_(limits) {}
  /// Frames and writes one datagram; the mutex is held.
  void write_locked(clock::wall_time when, const ipv4_endpoint& src, const ipv4_endpoint& dst,
                    std::span<const std::uint8_t> payload);
  /// How many octets of this N3/N4 payload's frame to keep.
  std::size_t capture_length(std::span<const std::uint8_t> payload, std::size_t frame_size) const noexcept;
  /// Moves FILE to FILE.1 (and so on) and starts a new FILE; the mutex is held.
  void rotate_locked();

  mutable std::mutex mutex_;
  pcap_writer writer_;
  std::filesystem::path file_;
  const clock& clock_;
  capture_limits limits_;
  std::uint64_t dropped_ = 0;
  std::uint64_t frames_before_ = 0;  ///< frames in files already rotated out
  std::uint64_t rotations_ = 0;
};

}  // namespace meridian::upf
