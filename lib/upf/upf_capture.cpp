// The UPF's N3/N4 capture (upf_capture.hpp).

#include "meridian/upf/upf_capture.hpp"

#include <algorithm>

namespace meridian::upf {

std::expected<std::unique_ptr<upf_capture>, std::string> upf_capture::create(const std::filesystem::path& file,
                                                                             const clock& clk) {
  auto w = pcap_writer::create(file, pcap_link_type::ipv4);
  if (!w) return std::unexpected(w.error());
  return std::unique_ptr<upf_capture>(new upf_capture(std::move(*w), clk));
}

void upf_capture::write_locked(clock::wall_time when, const ipv4_endpoint& src, const ipv4_endpoint& dst,
                               std::span<const std::uint8_t> payload) {
  auto frame = ipv4_udp_frame(src, dst, payload);
  if (!frame || !writer_.write(when, *frame)) ++dropped_;
}

void upf_capture::n3_received(const ipv4_endpoint& local,
                              std::span<const transport::received_datagram> batch) noexcept {
  const auto when = clock_.wall_now();
  std::lock_guard lock(mutex_);
  for (const auto& d : batch)
    for (std::size_t i = 0; i < d.segment_count(); ++i) write_locked(when, d.peer_, local, d.segment(i));
}

void upf_capture::n3_sent(const ipv4_endpoint& local, std::span<const transport::outgoing_datagram> batch) noexcept {
  const auto when = clock_.wall_now();
  std::lock_guard lock(mutex_);
  for (const auto& d : batch) {
    // A train: the datagrams UDP GSO (or the socket's fallback) cuts it into.
    const std::size_t step = d.segment_size_ == 0 ? d.data_.size() : d.segment_size_;
    if (d.data_.empty() || step == 0) {
      write_locked(when, local, d.peer_, d.data_);
      continue;
    }
    for (std::size_t at = 0; at < d.data_.size(); at += step)
      write_locked(when, local, d.peer_, d.data_.subspan(at, std::min(step, d.data_.size() - at)));
  }
}

void upf_capture::datagram(const ipv4_endpoint& src, const ipv4_endpoint& dst,
                           std::span<const std::uint8_t> payload) noexcept {
  const auto when = clock_.wall_now();
  std::lock_guard lock(mutex_);
  write_locked(when, src, dst, payload);
}

bool upf_capture::flush() {
  std::lock_guard lock(mutex_);
  return writer_.flush();
}

std::uint64_t upf_capture::frames_written() const {
  std::lock_guard lock(mutex_);
  return writer_.frames_written();
}

std::uint64_t upf_capture::frames_dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace meridian::upf
