#include "meridian/capture/capture_check.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "meridian/gtpu/messages.hpp"
#include "meridian/ngap/json.hpp"
#include "meridian/ngap/ngap.hpp"
#include "meridian/pfcp/messages.hpp"

namespace meridian::capture {

namespace {

struct check_result {
  bool decoded = false;
  bool identical = false;
  std::string reason;
};

check_result compare(const std::string& what, std::span<const std::uint8_t> in, std::span<const std::uint8_t> out) {
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

check_result check_pfcp(std::span<const std::uint8_t> bytes) {
  auto m = pfcp::decode(bytes);
  if (!m) return {false, false, "PFCP decode: " + m.error().error_.message()};
  // A datagram may carry more than one message (FO, TS 29.244 §7.2.2.4.2): the first is compared.
  if (m->header_.length_ + 4u < bytes.size()) bytes = bytes.first(m->header_.length_ + 4u);
  auto again = pfcp::encode(*m);
  if (!again) return {true, false, "PFCP encode: " + again.error().message()};
  return compare(fmt::format("PFCP {}", pfcp::message_name(m->body_)), bytes, *again);
}

check_result check_gtpu(std::span<const std::uint8_t> bytes) {
  auto m = gtpu::decode(bytes);
  if (!m) return {false, false, "GTP-U decode: " + m.error().message()};
  auto again = gtpu::encode(*m);
  if (!again) return {true, false, "GTP-U encode: " + again.error().message()};
  return compare("GTP-U", bytes, *again);
}

}  // namespace

capture_check check_capture(const std::vector<captured_message>& messages, std::optional<subscriber_keys> keys) {
  capture_check c;
  nas_follower follower(std::move(keys));
  const auto count = [&](std::uint64_t frame, const check_result& r) {
    ++c.messages_;
    c.decoded_ += r.decoded ? 1 : 0;
    c.identical_ += r.identical ? 1 : 0;
    if (!r.identical) c.failures_.push_back({frame, r.reason});
  };
  for (const auto& m : messages) {
    switch (m.protocol_) {
      case captured_protocol::ngap: {
        ++c.ngap_;
        ngap::ngap_pdu pdu;
        asn1::aper_error err;
        if (!ngap::decode_ngap_pdu(m.payload_, pdu, err)) {
          count(m.frame_, {false, false, "NGAP decode: " + err.message()});
          break;
        }
        auto again = ngap::encode_ngap_pdu(pdu);
        if (!again)
          count(m.frame_, {true, false, "NGAP encode: " + again.error().message()});
        else if (std::ranges::equal(*again, m.payload_))
          count(m.frame_, {true, true, {}});
        else
          count(m.frame_, compare("NGAP " + ngap_message_name(pdu), m.payload_, *again));
        for (auto& r : follower.on_ngap(m, pdu)) {
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
        count(m.frame_, check_pfcp(m.payload_));
        break;
      case captured_protocol::gtpu:
        ++c.gtpu_;
        count(m.frame_, check_gtpu(m.payload_));
        break;
    }
  }
  return c;
}

}  // namespace meridian::capture
