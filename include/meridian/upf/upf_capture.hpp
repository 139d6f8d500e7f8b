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

class upf_capture {
 public:
  /// Creates (truncates) `file`. `clk` stamps the packets; it must outlive the capture.
  static std::expected<std::unique_ptr<upf_capture>, std::string> create(const std::filesystem::path& file,
                                                                         const clock& clk);

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

 private:
  upf_capture(pcap_writer w, const clock& clk) : writer_(std::move(w)), clock_(clk) {}
  /// Frames and writes one datagram; the mutex is held.
  void write_locked(clock::wall_time when, const ipv4_endpoint& src, const ipv4_endpoint& dst,
                    std::span<const std::uint8_t> payload);

  mutable std::mutex mutex_;
  pcap_writer writer_;
  const clock& clock_;
  std::uint64_t dropped_ = 0;
};

}  // namespace meridian::upf
