#pragma once
// Packet detection (TS 29.244 §5.2.1): picks the PDR for one packet. Uplink
// packets are found by the TEID of their GTP-U tunnel, downlink packets by the
// destination (UE) address of the IP packet; among that session's PDRs the
// first in precedence order whose PDI matches — QFI, UE address, SDF filters
// over the 5-tuple parsed from the packet's bytes — wins.

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string_view>

#include "meridian/common/result.hpp"
#include "meridian/upf/five_tuple.hpp"
#include "meridian/upf/session_table.hpp"

namespace meridian::upf {

enum class classify_errc : std::uint8_t {
  malformed_packet,    ///< the inner packet is not a well-formed IPv4 packet
  unknown_teid,        ///< no session owns the tunnel (TS 29.281 §7.3.1: Error Indication)
  unknown_ue_address,  ///< no session owns the destination address
  no_matching_pdr,     ///< the session has no PDR for this packet
};

std::string_view to_string(classify_errc c) noexcept;

struct classify_error {
  classify_errc code_ = classify_errc::malformed_packet;
  decode_error decode_{};  ///< for malformed_packet: what was wrong, where
};

struct classification {
  session* session_ = nullptr;
  const compiled_pdr* pdr_ = nullptr;
  five_tuple tuple_{};
};

using classify_result = std::expected<classification, classify_error>;

/// One uplink packet of a batch: its tunnel, its QFI, its inner packet.
struct uplink_packet_ref {
  teid teid_{};
  std::optional<qfi> qfi_{};
  std::span<const std::uint8_t> packet_{};
};

class packet_classifier {
 public:
  explicit packet_classifier(const session_table& table) noexcept : table_(&table) {}

  /// A T-PDU that arrived in tunnel `t`, with the QFI of its PDU Session
  /// Container if it had one.
  std::expected<classification, classify_error> classify_uplink(teid t, std::optional<qfi> q,
                                                                std::span<const std::uint8_t> packet) const noexcept;

  /// An IP packet from N6 towards a UE.
  std::expected<classification, classify_error> classify_downlink(std::span<const std::uint8_t> packet) const noexcept;

  /// The same for a batch (what one recvmmsg brings), writing results[i] for
  /// packets[i], i < min(sizes). It walks the batch in stages — parse all,
  /// then look up all index slots, then all sessions, then match — with
  /// prefetches between, so that with many sessions the cache misses of the
  /// packets overlap instead of adding up.
  void classify_uplink_batch(std::span<const uplink_packet_ref> packets,
                             std::span<classify_result> results) const noexcept;
  void classify_downlink_batch(std::span<const std::span<const std::uint8_t>> packets,
                               std::span<classify_result> results) const noexcept;

 private:
  const session_table* table_;
};

}  // namespace meridian::upf
