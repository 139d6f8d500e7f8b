#include "meridian/capture/capture_report.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "meridian/common/hex.hpp"
#include "meridian/crypto/milenage.hpp"
#include "meridian/gtpu/messages.hpp"
#include "meridian/nas/json.hpp"
#include "meridian/ngap/json.hpp"
#include "meridian/ngap/ngap.hpp"
#include "meridian/pfcp/messages.hpp"

namespace meridian::capture {

namespace {

using json = nlohmann::ordered_json;

std::expected<crypto::key128, std::string> key_from_text(std::string_view name, std::string_view text) {
  auto bytes = from_hex(text);
  if (!bytes) return std::unexpected(fmt::format("{}: {}", name, bytes.error().message()));
  auto key = crypto::key128::from(*bytes);
  crypto::secure_wipe(*bytes);
  if (!key) return std::unexpected(fmt::format("{}: 16 octets (32 hex digits) expected, got {}", name, bytes->size()));
  return *key;
}

bool is_protected(const nas_report& r) { return r.mac_ == mac_check::ok || r.mac_ == mac_check::bad; }

json nas_security_json(const nas_report& r) {
  json j;
  j["direction"] = r.uplink_ ? "uplink" : "downlink";
  j["message"] = r.name_;
  j["mac"] = std::string(to_string(r.mac_));
  if (is_protected(r)) {
    j["count"] = r.count_;
    j["algorithms"] = r.algorithms_;
    j["deciphered"] = r.deciphered_;
  }
  if (!r.note_.empty()) j["note"] = r.note_;
  if (r.plain_ && r.deciphered_) j["plain"] = json::parse(nas::to_json(*r.plain_), nullptr, false);
  if (!r.failure_.empty()) j["error"] = r.failure_;
  return j;
}

}  // namespace

std::expected<std::optional<subscriber_keys>, std::string> subscriber_keys_from_text(std::string_view k,
                                                                                     std::string_view opc,
                                                                                     std::string_view op,
                                                                                     std::string_view supi) {
  using error = std::unexpected<std::string>;
  if (k.empty() && opc.empty() && op.empty()) {
    if (!supi.empty()) return error("--supi needs --k and --opc (or --op)");
    return std::nullopt;
  }
  if (k.empty()) return error("--opc/--op need --k");
  if (opc.empty() == op.empty()) return error("--k needs exactly one of --opc and --op");
  if (!supi.empty() && !std::ranges::all_of(supi, [](char c) { return c >= '0' && c <= '9'; }))
    return error("--supi: the IMSI's digits expected (e.g. 208930000000001)");
  auto key = key_from_text("--k", k);
  if (!key) return error(key.error());
  auto opc_key = op.empty() ? key_from_text("--opc", opc) : key_from_text("--op", op);
  if (!opc_key) return error(opc_key.error());
  return subscriber_keys{*key, op.empty() ? *opc_key : crypto::milenage_opc(*key, *opc_key), std::string(supi)};
}

std::string message_json_line(const captured_message& m, nas_follower& follower) {
  json line;
  line["frame"] = m.frame_;
  line["src"] = m.src_;
  line["dst"] = m.dst_;
  switch (m.protocol_) {
    case captured_protocol::ngap: {
      line["stream"] = m.stream_;
      ngap::ngap_pdu pdu;
      asn1::aper_error err;
      if (!ngap::decode_ngap_pdu(m.payload_, pdu, err)) {
        line["error"] = "NGAP decode: " + err.message();
        line["hex"] = to_hex(m.payload_);
        break;
      }
      line["ngap"] = ngap::to_json(pdu);
      if (follower.has_keys()) {
        for (const auto& r : follower.on_ngap(m, pdu))
          if (r.mac_ != mac_check::not_protected || !r.note_.empty())
            line["nas_security"].push_back(nas_security_json(r));
      }
      break;
    }
    case captured_protocol::pfcp: {
      auto msg = pfcp::decode(m.payload_);
      if (msg) {
        line["pfcp"] = json::parse(pfcp::to_json_text(*msg, -1), nullptr, false);
      } else {
        line["error"] = "PFCP decode: " + msg.error().error_.message();
        line["hex"] = to_hex(m.payload_);
      }
      break;
    }
    case captured_protocol::gtpu: {
      auto msg = gtpu::decode(m.payload_);
      if (msg) {
        line["gtpu"] = json::parse(gtpu::to_json_text(*msg, -1), nullptr, false);
      } else {
        line["error"] = "GTP-U decode: " + msg.error().message();
        line["hex"] = to_hex(m.payload_);
      }
      break;
    }
  }
  return line.dump();
}

std::string check_report_text(const capture_check& c, bool with_keys) {
  std::string out = fmt::format("messages: {}, decoded: {}, identical: {}, failed: {}\n", c.messages_, c.decoded_,
                                c.identical_, c.failures_.size());
  out += fmt::format("ngap: {}, nas: {}, pfcp: {}, gtpu: {}\n", c.ngap_, c.nas_, c.pfcp_, c.gtpu_);
  out += fmt::format("sender deviations: {}\n", c.deviations_.size());
  for (const auto& d : c.deviations_)
    out += fmt::format("  frame {} {}: {}: {}\n", d.frame_, to_string(d.protocol_), to_string(d.kind_), d.detail_);
  if (with_keys) {
    out += fmt::format("mac verified: {}, mac failed: {}, deciphered: {}\n", c.mac_verified_, c.mac_failed_,
                       c.deciphered_);
    for (const auto& r : c.nas_reports_) {
      if (r.mac_ == mac_check::not_protected && r.note_.empty()) continue;
      out += fmt::format("  frame {} {} {}: mac: {}", r.frame_, r.uplink_ ? "UL" : "DL", r.name_, to_string(r.mac_));
      if (is_protected(r))
        out += fmt::format(" (COUNT {}, {}{})", r.count_, r.algorithms_, r.deciphered_ ? ", deciphered" : "");
      if (!r.note_.empty()) out += "; " + r.note_;
      out += '\n';
    }
  }
  for (const auto& f : c.failures_) out += fmt::format("  frame {}: {}\n", f.frame_, f.reason_);
  return out;
}

}  // namespace meridian::capture
