#include "meridian/transport/sctp_pcap_mirror.hpp"

#include "meridian/common/ip_framing.hpp"

namespace meridian::transport {

sctp_result<std::shared_ptr<sctp_pcap_mirror>> sctp_pcap_mirror::create(const std::filesystem::path& file,
                                                                        const clock& clk) {
  auto w = pcap_writer::create(file, pcap_link_type::ipv4);
  if (!w) return std::unexpected(sctp_error{sctp_errc::socket_error, 0, w.error()});
  return std::shared_ptr<sctp_pcap_mirror>(new sctp_pcap_mirror(std::move(*w), clk));
}

bool sctp_pcap_mirror::record(const sctp_mirrored_data& d) {
  const bool sent = d.direction == sctp_direction::sent;
  const sctp_endpoint& src = sent ? d.local : d.remote;
  const sctp_endpoint& dst = sent ? d.remote : d.local;
  std::lock_guard lock(mutex_);
  // The capture link type is IPv4; IPv6 associations are counted, not written.
  if (!src.address.is_v4() || !dst.address.is_v4()) {
    ++dropped_;
    return false;
  }
  const ipv4_endpoint s{src.address.to_v4().to_bytes(), src.port};
  const ipv4_endpoint t{dst.address.to_v4().to_bytes(), dst.port};
  const sctp_data_chunk_info chunk{d.verification_tag, d.tsn, d.stream, d.stream_sequence, d.ppid};
  auto frame = ipv4_sctp_data_frame(s, t, chunk, d.payload);
  if (!frame || !writer_.write(clock_.wall_now(), *frame)) {
    ++dropped_;
    return false;
  }
  return true;
}

bool sctp_pcap_mirror::flush() {
  std::lock_guard lock(mutex_);
  return writer_.flush();
}

std::uint64_t sctp_pcap_mirror::packets_written() const {
  std::lock_guard lock(mutex_);
  return writer_.frames_written();
}

std::uint64_t sctp_pcap_mirror::packets_dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace meridian::transport
