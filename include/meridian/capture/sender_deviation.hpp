#pragma once
// A captured message that does not match the specification in a way our
// codecs read past but, rightly, do not reproduce: spare bits set, octets after
// a complete NGAP-PDU, a PFCP or GTP-U Length that disagrees with the datagram.
// `pcap check` tells such a sender's deviation from a failure of our codec by
// normalising the captured octets (rewriting them as a conforming sender would
// have sent them, from the captured octets alone) and then requiring the
// decoded message to re-encode to exactly the normalised octets. Only fields
// the specification leaves without meaning, or the framing, are rewritten, so
// a codec that decodes or re-encodes anything else wrongly still fails.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/capture/message_extractor.hpp"

namespace meridian::capture {

enum class deviation_kind : std::uint8_t {
  /// Bits the specification marks spare ("set to 0 by the sender, not
  /// evaluated by the receiver") are set.
  spare_bits,
  /// Octets after a complete PDU that delimits itself (NGAP's APER encoding).
  trailing_octets,
  /// A Length field that does not match the octets the datagram carries (PFCP, GTP-U).
  length_inconsistent,
};

/// "spare bits", "trailing octets after a complete PDU", "length field inconsistent with the data"
std::string_view to_string(deviation_kind k) noexcept;

struct deviation {
  deviation_kind kind_ = deviation_kind::spare_bits;
  /// Where and what, in captured-octet offsets: "Node ID IE at byte 8: spare bits 0xf0 set".
  std::string detail_;
};

/// A message as a conforming sender would have sent it.
struct normalised_message {
  std::vector<std::uint8_t> bytes_;
  /// What was rewritten, at most one entry per kind (several places of one
  /// kind share its detail); empty when the octets are unchanged.
  std::vector<deviation> deviations_;
};

/// Normalises one captured message. Reads nothing beyond `message`, never
/// fails: what it cannot frame it leaves unchanged, for the codec to judge.
///  - PFCP (TS 29.244 §7.2.2, §8.2.38): without FO, a Length covering more or
///    fewer octets than follow its field is set to them, resp. the datagram
///    is cut where the Length ends (a Length shorter than the header is left
///    alone); header octet 1 bits 5-4, the last header octet's bits 4-1 (all
///    eight when MP is 0) and bits 8-5 of each top-level Node ID's type octet
///    are cleared.
///  - GTP-U (TS 29.281 §5.1): a Length longer than the octets after the
///    mandatory header is set to them, a shorter one cuts the datagram where
///    it ends (as the UPF forwards it); octet 1 bit 4 is cleared.
///  - NGAP (TS 38.413 §9.4, X.691 §11.1): octets after the end of the NGAP-PDU
///    (its CHOICE index, procedure code, criticality and the value's open-type
///    length) are cut.
normalised_message normalise(captured_protocol protocol, std::span<const std::uint8_t> message);

}  // namespace meridian::capture
