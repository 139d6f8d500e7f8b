#pragma once
// `meridian pcap check` as a library: every NGAP message of a capture, every
// NAS-PDU inside it (followed by a nas_follower, so with the subscriber's keys
// every protected message's MAC is verified), every PFCP and GTP-U message is
// decoded, re-encoded and compared octet for octet with what was captured. A
// message that differs only by a sender's deviation from the specification
// (sender_deviation.hpp) is reported as such, not as a failure.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "meridian/capture/message_extractor.hpp"
#include "meridian/capture/nas_follower.hpp"
#include "meridian/capture/sender_deviation.hpp"

namespace meridian::capture {

/// One message (or NAS-PDU) that did not come back identical, or whose MAC did not verify.
struct check_failure {
  std::uint64_t frame_ = 0;
  std::string reason_;  ///< "NGAP InitialUEMessage: re-encoding differs at byte 7 (...)"
};

/// A message that re-encodes identically only once the sender's deviation of
/// this kind is normalised: the sender's fault, not a failure.
struct sender_deviation {
  std::uint64_t frame_ = 0;
  captured_protocol protocol_ = captured_protocol::ngap;
  deviation_kind kind_ = deviation_kind::spare_bits;
  std::string detail_;  ///< "Node ID IE type octet (byte 12): spare bits 0xf0 set"
};

struct capture_check {
  std::size_t messages_ = 0;  ///< NGAP, NAS, PFCP and GTP-U messages checked
  std::size_t decoded_ = 0;
  std::size_t identical_ = 0;  ///< identical as captured, with no normalisation
  std::size_t ngap_ = 0;
  std::size_t nas_ = 0;
  std::size_t pfcp_ = 0;
  std::size_t gtpu_ = 0;
  std::size_t mac_verified_ = 0;
  std::size_t mac_failed_ = 0;
  std::size_t deciphered_ = 0;
  std::vector<check_failure> failures_;  ///< in capture order
  /// In capture order, one per kind and message; a message listed here decoded
  /// and re-encoded identically once normalised, and is not a failure.
  std::vector<sender_deviation> deviations_;
  std::vector<nas_report> nas_reports_;  ///< every NAS-PDU's report, in capture order
  bool passed() const noexcept { return failures_.empty(); }
};

/// Decoding and re-encoding one message's octets.
struct round_trip {
  bool decoded_ = false;
  bool identical_ = false;  ///< the re-encoding equals the octets given
  std::string reason_;      ///< why not, when not identical
};
using round_trip_codec = std::function<round_trip(std::span<const std::uint8_t>)>;

/// One message's verdict: identical as captured (no deviations), identical
/// once normalised (the deviations), or failed (`result_.reason_`).
struct message_verdict {
  round_trip result_;
  std::vector<deviation> deviations_;
  bool failed() const noexcept { return !result_.identical_; }
};

/// Judges one message with `codec`: as captured first; only if that is not
/// identical, the normalised octets (normalise()) must decode and re-encode to
/// exactly themselves for the message to be the sender's deviation. Otherwise
/// it failed, with the reason the normalised octets give (naming what was
/// normalised), or the captured octets' reason when there was nothing to normalise.
message_verdict judge(captured_protocol protocol, std::span<const std::uint8_t> captured,
                      const round_trip_codec& codec);

/// Checks every message; `keys` makes the NAS follower verify MACs and decipher.
capture_check check_capture(const std::vector<captured_message>& messages, std::optional<subscriber_keys> keys);

}  // namespace meridian::capture
