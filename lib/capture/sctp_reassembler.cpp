#include "meridian/capture/sctp_reassembler.hpp"

#include "capture_bytes.hpp"

namespace meridian::capture {

namespace {
constexpr std::uint8_t chunk_data = 0;  // RFC 9260 §3.3.1
constexpr std::uint8_t flag_unordered = 0x04;
constexpr std::uint8_t flag_beginning = 0x02;
constexpr std::uint8_t flag_ending = 0x01;
constexpr std::size_t data_header = 16;  // type, flags, length, TSN, stream, SSN, PPID
}  // namespace

void sctp_reassembler::add_packet(const ip_address& src, const ip_address& dst, std::span<const std::uint8_t> s,
                                  std::vector<sctp_user_message>& out) {
  ++counters_.packets_;
  if (s.size() < 12) return void(++counters_.malformed_packets_);
  const std::uint16_t sport = be16(s, 0);
  const std::uint16_t dport = be16(s, 2);
  std::size_t off = 12;
  while (off + 4 <= s.size()) {
    const std::uint8_t type = s[off];
    const std::uint8_t flags = s[off + 1];
    const std::size_t len = be16(s, off + 2);
    if (len < 4 || off + len > s.size()) return void(++counters_.malformed_packets_);
    if (type == chunk_data) {
      if (len < data_header) return void(++counters_.malformed_packets_);
      ++counters_.data_chunks_;
      const std::uint32_t tsn = be32(s, off + 4);
      const std::uint16_t stream = be16(s, off + 8);
      const std::uint32_t ppid = be32(s, off + 12);
      const auto data = s.subspan(off + data_header, len - data_header);
      const bool begin = (flags & flag_beginning) != 0;
      const bool end = (flags & flag_ending) != 0;
      const stream_key key{src, dst, sport, dport, stream, (flags & flag_unordered) != 0};
      if (begin && end) {
        // A whole message. A retransmission is kept as its own message: the
        // capture shows it twice, and so does what reads the capture.
        out.push_back({sport, dport, stream, ppid, {data.begin(), data.end()}});
        ++counters_.messages_;
      } else if (begin) {
        if (partial_.erase(key)) ++counters_.fragments_dropped_;  // an unfinished message is abandoned
        partial_[key] = partial_message{tsn + 1, ppid, {data.begin(), data.end()}};
      } else if (auto it = partial_.find(key); it == partial_.end()) {
        ++counters_.fragments_dropped_;
      } else if (tsn == it->second.next_tsn_ - 1) {
        // the previous fragment again (retransmitted): already have it
      } else if (tsn != it->second.next_tsn_ || it->second.bytes_.size() + data.size() > max_message_size) {
        partial_.erase(it);
        ++counters_.fragments_dropped_;
      } else {
        auto& m = it->second;
        m.bytes_.insert(m.bytes_.end(), data.begin(), data.end());
        m.next_tsn_ = tsn + 1;
        if (end) {
          out.push_back({sport, dport, stream, m.ppid_, std::move(m.bytes_)});
          ++counters_.messages_;
          partial_.erase(it);
        }
      }
    }
    off += (len + 3) / 4 * 4;  // chunks are padded to 4 octets
  }
}

}  // namespace meridian::capture
