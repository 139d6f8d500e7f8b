#include "meridian/capture/capture_check.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "meridian/gtpu/messages.hpp"
#include "meridian/ngap/json.hpp"
#include "meridian/ngap/ngap.hpp"
#include "meridian/pfcp/messages.hpp"

namespace meridian::capture {

namespace {

round_trip compare(const std::string& what, std::span<const std::uint8_t> in, std::span<const std::uint8_t> out) {
  if (std::ranges::equal(in, out)) return {true, true, {}};
  std::size_t at = 0;
  while (at < in.size() && at < out.size() && in[at] == out[at]) ++at;
  return {true, false,
          fmt::format("{}: re-encoding differs at byte {} ({} octets in, {} out)", what, at, in.size(), out.size())};
}

// The message's name ("InitialUEMessage") for a failure reason. The generated
// NGAP code keeps its name tables inside its JSON rendering, so a message that
// failed to re-encode is named through it; nothing else here goes through JSON.
std::string ngap_message_name(const ngap::ngap_pdu& pdu) {
  const auto j = ngap::to_json(pdu);
  for (const auto& [kind, body] : j.items())
    if (body.contains("value") && body["value"].is_object() && !body["value"].empty())
      return body["value"].begin().key();
  return "?";
}

// Decodes and re-encodes NGAP; `decoded` keeps the last PDU that decoded, for the NAS follower.
round_trip check_ngap(std::span<const std::uint8_t> bytes, std::optional<ngap::ngap_pdu>& decoded) {
  ngap::ngap_pdu pdu;
  asn1::aper_error err;
  if (!ngap::decode_ngap_pdu(bytes, pdu, err)) return {false, false, "NGAP decode: " + err.message()};
  auto again = ngap::encode_ngap_pdu(pdu);
  round_trip r;
  if (!again)
    r = {true, false, "NGAP encode: " + again.error().message()};
  else if (std::ranges::equal(*again, bytes))
    r = {true, true, {}};
  else
    r = compare("NGAP " + ngap_message_name(pdu), bytes, *again);
  decoded = std::move(pdu);
  return r;
}

round_trip check_pfcp(std::span<const std::uint8_t> bytes) {
  auto m = pfcp::decode(bytes);
  if (!m) return {false, false, "PFCP decode: " + m.error().error_.message()};
  // A datagram may carry more than one message (FO, TS 29.244 §7.2.2.4.2): the first is compared.
  if (m->header_.length_ + 4u < bytes.size()) bytes = bytes.first(m->header_.length_ + 4u);
  auto again = pfcp::encode(*m);
  if (!again) return {true, false, "PFCP encode: " + again.error().message()};
  return compare(fmt::format("PFCP {}", pfcp::message_name(m->body_)), bytes, *again);
}

round_trip check_gtpu(std::span<const std::uint8_t> bytes) {
  auto m = gtpu::decode(bytes);
  if (!m) return {false, false, "GTP-U decode: " + m.error().message()};
  auto again = gtpu::encode(*m);
  if (!again) return {true, false, "GTP-U encode: " + again.error().message()};
  return compare("GTP-U", bytes, *again);
}

}  // namespace

message_verdict judge(captured_protocol protocol, std::span<const std::uint8_t> captured,
                      const round_trip_codec& codec) {
  auto as_captured = codec(captured);
  if (as_captured.identical_) return {std::move(as_captured), {}};
  // The deviation is found in the captured octets alone; the normalised octets
  // are then held to the same standard as any message: identical or failed.
  auto n = normalise(protocol, captured);
  if (n.deviations_.empty()) return {std::move(as_captured), {}};
  auto normalised = codec(n.bytes_);
  if (normalised.identical_) return {std::move(normalised), std::move(n.deviations_)};
  std::string what;
  for (const auto& d : n.deviations_)
    what += fmt::format("{}{}: {}", what.empty() ? "" : "; ", to_string(d.kind_), d.detail_);
  normalised.decoded_ = normalised.decoded_ || as_captured.decoded_;
  normalised.reason_ += fmt::format(" (after normalising the sender's deviations: {})", what);
  return {std::move(normalised), {}};
}

capture_check check_capture(const std::vector<captured_message>& messages, std::optional<subscriber_keys> keys) {
  capture_check c;
  nas_follower follower(std::move(keys));
  const auto count = [&](std::uint64_t frame, const round_trip& r) {
    ++c.messages_;
    c.decoded_ += r.decoded_ ? 1 : 0;
    c.identical_ += r.identical_ ? 1 : 0;
    if (!r.identical_) c.failures_.push_back({frame, r.reason_});
  };
  const auto count_verdict = [&](const captured_message& m, message_verdict v) {
    ++c.messages_;
    c.decoded_ += v.result_.decoded_ ? 1 : 0;
    if (v.failed())
      c.failures_.push_back({m.frame_, std::move(v.result_.reason_)});
    else if (v.deviations_.empty())
      ++c.identical_;
    for (auto& d : v.deviations_) c.deviations_.push_back({m.frame_, m.protocol_, d.kind_, std::move(d.detail_)});
  };
  for (const auto& m : messages) {
    switch (m.protocol_) {
      case captured_protocol::ngap: {
        ++c.ngap_;
        std::optional<ngap::ngap_pdu> pdu;
        count_verdict(m, judge(m.protocol_, m.payload_,
                               [&](std::span<const std::uint8_t> bytes) { return check_ngap(bytes, pdu); }));
        if (!pdu) break;
        for (auto& r : follower.on_ngap(m, *pdu)) {
          ++c.nas_;
          count(m.frame_, {r.decoded_, r.identical_, r.failure_});
          c.mac_verified_ += r.mac_ == mac_check::ok ? 1 : 0;
          c.deciphered_ += r.deciphered_ ? 1 : 0;
          if (r.mac_ == mac_check::bad) {
            ++c.mac_failed_;
            c.failures_.push_back({m.frame_, fmt::format("NAS {} {}: MAC does not verify (COUNT {})",
                                                         r.uplink_ ? "uplink" : "downlink", r.name_, r.count_)});
          }
          c.nas_reports_.push_back(std::move(r));
        }
        break;
      }
      case captured_protocol::pfcp:
        ++c.pfcp_;
        count_verdict(m, judge(m.protocol_, m.payload_, check_pfcp));
        break;
      case captured_protocol::gtpu:
        ++c.gtpu_;
        count_verdict(m, judge(m.protocol_, m.payload_, check_gtpu));
        break;
    }
  }
  return c;
}

}  // namespace meridian::capture
