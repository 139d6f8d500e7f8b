#pragma once
// `meridian pcap check` as a library: every NGAP message of a capture, every
// NAS-PDU inside it (followed by a nas_follower, so with the subscriber's keys
// every protected message's MAC is verified), every PFCP and GTP-U message is
// decoded, re-encoded and compared octet for octet with what was captured.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "meridian/capture/message_extractor.hpp"
#include "meridian/capture/nas_follower.hpp"

namespace meridian::capture {

/// One message (or NAS-PDU) that did not come back identical, or whose MAC did not verify.
struct check_failure {
  std::uint64_t frame_ = 0;
  std::string reason_;  ///< "NGAP InitialUEMessage: re-encoding differs at byte 7 (...)"
};

struct capture_check {
  std::size_t messages_ = 0;  ///< NGAP, NAS, PFCP and GTP-U messages checked
  std::size_t decoded_ = 0;
  std::size_t identical_ = 0;
  std::size_t ngap_ = 0;
  std::size_t nas_ = 0;
  std::size_t pfcp_ = 0;
  std::size_t gtpu_ = 0;
  std::size_t mac_verified_ = 0;
  std::size_t mac_failed_ = 0;
  std::size_t deciphered_ = 0;
  std::vector<check_failure> failures_;  ///< in capture order
  std::vector<nas_report> nas_reports_;  ///< every NAS-PDU's report, in capture order
  bool passed() const noexcept { return failures_.empty(); }
};

/// Checks every message; `keys` makes the NAS follower verify MACs and decipher.
capture_check check_capture(const std::vector<captured_message>& messages, std::optional<subscriber_keys> keys);

}  // namespace meridian::capture
