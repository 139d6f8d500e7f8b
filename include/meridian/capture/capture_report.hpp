#pragma once
// What `meridian pcap` shows of a capture, as text: each message as one JSON
// line (decoded NGAP, PFCP, GTP-U, and with the subscriber's keys what the NAS
// follower verified and deciphered), and the verdict of check_capture() as a
// report for people. The subscriber's keys come as typed hex and are checked
// here, so every tool reading captures takes them the same way.

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "meridian/capture/capture_check.hpp"
#include "meridian/capture/message_extractor.hpp"
#include "meridian/capture/nas_follower.hpp"

namespace meridian::capture {

/// The subscriber to follow from K and exactly one of OPc and OP (32 hex digits
/// each) and the IMSI's digits (may be empty); nothing when no key is given.
/// The error is one line naming the option (--k, --opc, --op, --supi).
std::expected<std::optional<subscriber_keys>, std::string> subscriber_keys_from_text(std::string_view k,
                                                                                     std::string_view opc,
                                                                                     std::string_view op,
                                                                                     std::string_view supi);

/// One message as a JSON object on one line (no newline): frame, addresses,
/// the decoded message or the decoder's error and the hex. With a follower
/// that has keys, an NGAP message's NAS-PDUs that are protected (or about which
/// it learnt something) are listed under "nas_security"; the follower must see
/// every message in capture order.
std::string message_json_line(const captured_message& m, nas_follower& follower);

/// The check's report: counts, sender deviations, with keys every protected
/// NAS message's MAC verdict, then the failures; one line each, '\n'-ended.
std::string check_report_text(const capture_check& c, bool with_keys);

}  // namespace meridian::capture
