// Normalising a captured message's deviations from the specification
// (sender_deviation.hpp). Each rule reads the captured octets only, never the
// decoded message or our re-encoding, so what counts as the sender's deviation
// does not depend on what our codec makes of the message.

#include "meridian/capture/sender_deviation.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "capture_bytes.hpp"
#include "meridian/asn1/aper.hpp"
#include "meridian/gtpu/header.hpp"
#include "meridian/pfcp/ies.hpp"

namespace meridian::capture {

std::string_view to_string(deviation_kind k) noexcept {
  switch (k) {
    case deviation_kind::spare_bits:
      return "spare bits";
    case deviation_kind::trailing_octets:
      return "trailing octets after a complete PDU";
    case deviation_kind::length_inconsistent:
      return "length field inconsistent with the data";
  }
  return "?";
}

namespace {

// Records one finding, joining it to an earlier one of the same kind.
void add(normalised_message& n, deviation_kind kind, std::string detail) {
  auto same = std::ranges::find(n.deviations_, kind, &deviation::kind_);
  if (same == n.deviations_.end())
    n.deviations_.push_back({kind, std::move(detail)});
  else
    same->detail_ += "; " + detail;
}

// Clears the bits of `mask` in b[at], recording them as spare bits set.
void clear_spare(normalised_message& n, std::size_t at, std::uint8_t mask, const std::string& where) {
  const auto set = static_cast<std::uint8_t>(n.bytes_[at] & mask);
  if (set == 0) return;
  n.bytes_[at] = static_cast<std::uint8_t>(n.bytes_[at] & ~mask);
  add(n, deviation_kind::spare_bits, fmt::format("{} (byte {}): spare bits 0x{:02x} set", where, at, set));
}

void put_be16(std::vector<std::uint8_t>& b, std::size_t at, std::size_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

// A Length field at octets 3-4 that counts what follows the first `uncovered`
// octets (PFCP: 4, GTP-U: 8). Longer than the datagram: set to what it
// carries. Shorter: the message ends where the Length says, the rest is cut.
// `min_length` is the least Length that still covers the rest of the header:
// a shorter one is not a message with extra octets but no framing at all.
void normalise_length(normalised_message& n, std::size_t uncovered, std::size_t min_length, bool cut_allowed,
                      std::string_view protocol) {
  auto& b = n.bytes_;
  const std::size_t length = be16(b, 2);
  const std::size_t carried = b.size() - uncovered;
  if (length > carried) {
    put_be16(b, 2, carried);
    add(n, deviation_kind::length_inconsistent,
        length == b.size() ? fmt::format("{} Length {} counts the {} octets before it too ({} expected)", protocol,
                                         length, uncovered, carried)
                           : fmt::format("{} Length {} runs {} octets past the datagram ({} expected)", protocol,
                                         length, length - carried, carried));
  } else if (length < carried && cut_allowed && length >= min_length) {
    b.resize(uncovered + length);
    add(n, deviation_kind::length_inconsistent,
        fmt::format("{} Length {} ends {} octets before the datagram does; those octets were cut", protocol, length,
                    carried - length));
  }
}

// TS 29.244 §7.2.2.1: octet 1 is Version (bits 8-6), spare (5-4), FO, MP, S;
// §7.2.2.2/§7.2.2.3: the last header octet is Message Priority (bits 8-5, when
// MP is 1) and spare bits 4-1. §8.2.38: Node ID's first octet is spare (8-5)
// and Node ID Type (4-1). Node ID is a top-level IE only (§7.4, §7.5).
void normalise_pfcp(normalised_message& n) {
  auto& b = n.bytes_;
  if (b.size() < 8) return;
  const bool fo = (b[0] & 0x04) != 0, mp = (b[0] & 0x02) != 0, s = (b[0] & 0x01) != 0;
  const std::size_t header = s ? 16 : 8;
  if (b.size() < header) return;
  // With FO another message follows in the datagram (§7.2.2.4.2): the octets
  // after the Length are not extra.
  normalise_length(n, 4, header - 4, !fo, "PFCP");
  clear_spare(n, 0, 0x18, "PFCP header octet 1");
  clear_spare(n, header - 1, mp ? 0x0f : 0xff, fmt::format("PFCP header octet {}", header));
  const std::size_t end = std::min<std::size_t>(b.size(), 4 + be16(b, 2));
  std::size_t at = header;
  while (at + 4 <= end) {
    const std::uint16_t type = be16(b, at);
    const std::size_t length = be16(b, at + 2);
    if (length > end - at - 4) break;  // the codec reports the broken IE
    if (type == pfcp::node_id::ie_type && length >= 1) clear_spare(n, at + 4, 0xf0, "Node ID IE type octet");
    at += 4 + length;
  }
}

// TS 29.281 §5.1: octet 1 is Version (bits 8-6), PT, a spare bit 4, E, S, PN;
// the Length counts what follows the 8 mandatory octets.
void normalise_gtpu(normalised_message& n) {
  auto& b = n.bytes_;
  if (b.size() < gtpu::mandatory_header_size) return;
  if ((b[0] >> 5) != 1 || (b[0] & 0x10) == 0) return;  // not GTPv1-U: nothing here to normalise
  const std::size_t optional_part = (b[0] & 0x07) != 0 ? 4 : 0;
  normalise_length(n, gtpu::mandatory_header_size, optional_part, true, "GTP-U");
  clear_spare(n, 0, 0x08, "GTP-U header octet 1");
}

// Where the NGAP-PDU ends (TS 38.413 §9.4.3, NGAP-PDU-Descriptions): a CHOICE
// of InitiatingMessage, SuccessfulOutcome, UnsuccessfulOutcome (each a
// procedureCode INTEGER (0..255), a Criticality and the value as an open type)
// or an extension alternative (an open type). The open type's length
// determinant ends it; none of its contents is read.
std::optional<std::size_t> ngap_pdu_end(std::span<const std::uint8_t> bytes) {
  asn1::aper_reader r(bytes);
  std::uint32_t index = 0;
  bool is_ext = false;
  if (!r.get_choice(index, 3, true, is_ext, "NGAP-PDU")) return std::nullopt;
  std::uint64_t code = 0, criticality = 0;
  if (!is_ext &&
      (!r.get_constrained(code, 0, 255, "procedureCode") || !r.get_constrained(criticality, 0, 2, "criticality")))
    return std::nullopt;
  std::vector<std::uint8_t> value;
  if (!r.get_open_octets(value, "value")) return std::nullopt;
  return (r.bit_offset() + 7) / 8;
}

void normalise_ngap(normalised_message& n) {
  const auto end = ngap_pdu_end(n.bytes_);
  if (!end || *end >= n.bytes_.size()) return;
  const std::size_t extra = n.bytes_.size() - *end;
  n.bytes_.resize(*end);
  add(n, deviation_kind::trailing_octets, fmt::format("{} octets after the {}-octet NGAP-PDU were cut", extra, *end));
}

}  // namespace

normalised_message normalise(captured_protocol protocol, std::span<const std::uint8_t> message) {
  normalised_message n{{message.begin(), message.end()}, {}};
  switch (protocol) {
    case captured_protocol::ngap:
      normalise_ngap(n);
      break;
    case captured_protocol::pfcp:
      normalise_pfcp(n);
      break;
    case captured_protocol::gtpu:
      normalise_gtpu(n);
      break;
  }
  return n;
}

}  // namespace meridian::capture
