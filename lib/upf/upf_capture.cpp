// The UPF's N3/N4 capture (upf_capture.hpp).

#include "meridian/upf/upf_capture.hpp"

#include <algorithm>
#include <system_error>

#include "meridian/gtpu/header.hpp"

namespace meridian::upf {

namespace {
/// The IPv4 and UDP headers ipv4_udp_frame() puts before the payload.
constexpr std::size_t outer_headers = 20 + 8;

std::filesystem::path numbered(const std::filesystem::path& file, unsigned n) {
  // Two appends, not "." + to_string(n): GCC 12 -O3 warns falsely (-Wrestrict) on that operator+.
  auto p = file;
  p += ".";
  p += std::to_string(n);
  return p;
}
}  // namespace

std::expected<std::unique_ptr<upf_capture>, std::string> upf_capture::create(const std::filesystem::path& file,
                                                                             const clock& clk,
                                                                             capture_limits limits) {
  limits.files = std::max(limits.files, 1u);
  auto w = pcap_writer::create(file, pcap_link_type::ipv4);
  if (!w) return std::unexpected(w.error());
  return std::unique_ptr<upf_capture>(new upf_capture(std::move(*w), file, clk, limits));
}

std::size_t upf_capture::capture_length(std::span<const std::uint8_t> payload, std::size_t frame_size) const noexcept {
  if (limits_.gpdu_inner_octets == 0) return frame_size;
  // Only G-PDUs are cut: user data is the volume, control messages are what
  // someone debugging N3 needs whole.
  const auto h = gtpu::decode_header(payload);
  if (!h || h->message_type_ != static_cast<std::uint8_t>(gtpu::message_type::g_pdu)) return frame_size;
  return std::min(frame_size, outer_headers + h->body_offset_ + limits_.gpdu_inner_octets);
}

void upf_capture::write_locked(clock::wall_time when, const ipv4_endpoint& src, const ipv4_endpoint& dst,
                               std::span<const std::uint8_t> payload) {
  auto frame = ipv4_udp_frame(src, dst, payload);
  if (!frame || !writer_.write(when, *frame, capture_length(payload, frame->size()))) {
    ++dropped_;
    return;
  }
  if (limits_.max_file_bytes != 0 && writer_.bytes_written() >= limits_.max_file_bytes) rotate_locked();
}

void upf_capture::rotate_locked() {
  if (!writer_.flush()) ++dropped_;
  std::error_code ec;
  if (limits_.files == 1) {
    std::filesystem::remove(file_, ec);
  } else {
    std::filesystem::remove(numbered(file_, limits_.files - 1), ec);
    for (unsigned n = limits_.files - 1; n > 1; --n) std::filesystem::rename(numbered(file_, n - 1), numbered(file_, n), ec);
    std::filesystem::rename(file_, numbered(file_, 1), ec);
  }
  frames_before_ += writer_.frames_written();
  auto w = pcap_writer::create(file_, pcap_link_type::ipv4);
  // A file that cannot be reopened leaves the old writer in place (its file
  // was renamed, so it keeps growing there): the capture never stops the UPF.
  if (!w) {
    ++dropped_;
    return;
  }
  writer_ = std::move(*w);
  ++rotations_;
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
  return frames_before_ + writer_.frames_written();
}

std::uint64_t upf_capture::rotations() const {
  std::lock_guard lock(mutex_);
  return rotations_;
}

std::uint64_t upf_capture::frames_dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace meridian::upf
