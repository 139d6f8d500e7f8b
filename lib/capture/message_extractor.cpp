#include "meridian/capture/message_extractor.hpp"

#include <fmt/format.h>

namespace meridian::capture {

namespace {
std::string endpoint(const ip_address& a, std::uint16_t port) { return to_string(a) + ":" + std::to_string(port); }
}  // namespace

std::string_view to_string(captured_protocol p) noexcept {
  switch (p) {
    case captured_protocol::ngap:
      return "NGAP";
    case captured_protocol::pfcp:
      return "PFCP";
    case captured_protocol::gtpu:
      return "GTP-U";
  }
  return "?";
}

void message_extractor::add_frame(const captured_frame& frame, std::vector<captured_message>& out) {
  add_frame(frame.number_, frame.link_, frame.data_, out);
}

void message_extractor::add_frame(std::uint64_t frame_number, link_type link, std::span<const std::uint8_t> frame,
                                  std::vector<captured_message>& out) {
  ++counters_.frames_;
  const auto l2 = strip_link_layer(link, frame);
  if (!l2) return void(++counters_.malformed_link_);
  if (l2->kind_ == frame_payload::unknown_link) return void(++counters_.unknown_link_);
  if (l2->kind_ == frame_payload::not_ip) return void(++counters_.not_ip_);
  const auto ip = parse_ip(l2->ip_);
  if (!ip) return void(++counters_.malformed_ip_);
  if (ip->fragment_) return void(++counters_.ip_fragments_);
  if (ip->protocol_ == ip_protocol_sctp) add_sctp(frame_number, *ip, ip->payload_, out);
  if (ip->protocol_ == ip_protocol_udp) add_udp(frame_number, *ip, out);
}

void message_extractor::add_udp(std::uint64_t frame_number, const ip_packet& ip, std::vector<captured_message>& out) {
  const auto udp = parse_udp(ip.payload_);
  if (!udp) return void(++counters_.malformed_udp_);
  const auto is = [&](std::uint16_t port) { return udp->src_port_ == port || udp->dst_port_ == port; };
  if (is(sctp_udp_port)) return add_sctp(frame_number, ip, udp->payload_, out);
  captured_message m;
  if (is(pfcp_port))
    m.protocol_ = captured_protocol::pfcp;
  else if (is(gtpu_port))
    m.protocol_ = captured_protocol::gtpu;
  else
    return;
  m.frame_ = frame_number;
  m.src_ = endpoint(ip.src_, udp->src_port_);
  m.dst_ = endpoint(ip.dst_, udp->dst_port_);
  m.payload_.assign(udp->payload_.begin(), udp->payload_.end());
  out.push_back(std::move(m));
  ++counters_.messages_;
}

void message_extractor::add_sctp(std::uint64_t frame_number, const ip_packet& ip, std::span<const std::uint8_t> sctp,
                                 std::vector<captured_message>& out) {
  sctp_messages_.clear();
  sctp_.add_packet(ip.src_, ip.dst_, sctp, sctp_messages_);
  for (auto& s : sctp_messages_) {
    if (s.ppid_ != ngap_ppid && s.src_port_ != ngap_port && s.dst_port_ != ngap_port) continue;
    out.push_back({frame_number, captured_protocol::ngap, endpoint(ip.src_, s.src_port_),
                   endpoint(ip.dst_, s.dst_port_), s.stream_, std::move(s.payload_)});
    ++counters_.messages_;
  }
}

extraction_counters message_extractor::counters() const noexcept {
  auto c = counters_;
  c.sctp_ = sctp_.counters();
  return c;
}

decode_result<capture_messages> extract_messages(std::span<const std::uint8_t> file) {
  auto reader = capture_reader::open(file);
  if (!reader) return std::unexpected(reader.error());
  capture_messages out;
  message_extractor extractor;
  while (auto frame = reader->next()) extractor.add_frame(*frame, out.messages_);
  out.counters_ = extractor.counters();
  out.file_error_ = reader->error();
  return out;
}

std::expected<capture_messages, std::string> read_capture(const std::filesystem::path& file) {
  auto bytes = read_file_bytes(file);
  if (!bytes) return std::unexpected(fmt::format("cannot read capture {}: {}", file.string(), bytes.error()));
  auto messages = extract_messages(*bytes);
  if (!messages)
    return std::unexpected(fmt::format("cannot read capture {}: {}", file.string(), messages.error().message()));
  return std::move(*messages);
}

}  // namespace meridian::capture
