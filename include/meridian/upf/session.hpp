#pragma once
// One PFCP session's data-path state: its rules, compiled at installation into
// the form the per-packet path wants (PDRs in precedence order, FAR/QER/URR
// references resolved to indices), the token buckets of its QERs, the usage
// counters of its URRs and its downlink buffer. Applying a PDR to a packet
// touches only this object: no allocation, no lock, no lookup by ID.

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/common/clock.hpp"
#include "meridian/upf/packet_buffer.hpp"
#include "meridian/upf/rules.hpp"
#include "meridian/upf/token_bucket.hpp"
#include "meridian/upf/usage_counter.hpp"

namespace meridian::upf {

/// Why a set of rules cannot be installed (TS 29.244 §7.5.3.1: the answer is a
/// Cause "Rule creation/modification failure" naming the offending rule).
enum class rules_errc : std::uint8_t {
  duplicate_rule_id,  ///< two PDRs/FARs/QERs/URRs with the same ID
  unknown_far,        ///< a PDR names a FAR that is not in the session
  unknown_qer,
  unknown_urr,
  missing_far,        ///< a PDR without a FAR ID
  no_key,             ///< a PDR with neither a local F-TEID nor a UE IP address
  duplicate_seid,     ///< a session with this SEID exists already
  unknown_seid,       ///< no session with this SEID
  teid_in_use,        ///< another session's PDR uses this local TEID
  ue_address_in_use,  ///< another session's PDR uses this UE IP address
};

struct rules_error {
  rules_errc code_ = rules_errc::unknown_far;
  std::uint32_t rule_id_ = 0;  ///< the PDR (or other rule, TEID, address) at fault
  std::string message() const;
  bool operator==(const rules_error&) const = default;
};

std::string_view to_string(rules_errc c) noexcept;

/// The enforcement state of one QER: its gates and the token buckets of its MBRs.
struct qer_state {
  gate gate_uplink_ = gate::open;
  gate gate_downlink_ = gate::open;
  std::optional<token_bucket> uplink_{};
  std::optional<token_bucket> downlink_{};
};

/// Pointers from a PDR to its QER or URR state: the usual one or two are held
/// inline (no pointer to chase per packet), any further ones in a vector — a
/// PDR may name any number of QERs and URRs.
template <class T>
class rule_refs {
 public:
  void push_back(T* p) {
    if (size_ < inline_capacity)
      inline_[size_] = p;
    else
      overflow_.push_back(p);
    ++size_;
  }
  std::size_t size() const noexcept { return size_; }
  T* operator[](std::size_t i) const noexcept {
    return i < inline_capacity ? inline_[i] : overflow_[i - inline_capacity];
  }

 private:
  static constexpr std::size_t inline_capacity = 2;
  std::array<T*, inline_capacity> inline_{};
  std::vector<T*> overflow_{};
  std::size_t size_ = 0;
};

/// A PDR with its references resolved and its match fields copied next to
/// each other, so that detection walks one contiguous array per session
/// instead of chasing pointers into the rules (measured: at 100,000 sessions
/// each pointer chased is a cache miss).
struct compiled_pdr {
  // Match fields (from the PDI).
  std::uint32_t precedence_ = 0;
  std::optional<teid> local_teid_{};
  std::optional<qfi> qfi_{};
  std::optional<ipv4_address> ue_address_{};
  /// Direction the PDR's SDF filters are read in: access-side PDRs see uplink packets.
  direction sdf_direction_ = direction::uplink;
  /// Number of SDF filters; the first is kept inline, any others are read from rule_.
  std::uint32_t sdf_count_ = 0;
  flow_description first_sdf_{};

  // Actions.
  // Actions, as pointers into the owning session (which never moves).
  pdr_id id_{};
  const far* far_ = nullptr;
  rule_refs<qer_state> qers_{};
  rule_refs<usage_counter> urrs_{};
  /// The QFI of the first of the PDR's QERs that has one: what a downlink
  /// G-PDU's PDU Session Container carries (TS 38.415 §5.5.2.1).
  std::optional<qfi> downlink_qfi_{};
  const pdr* rule_ = nullptr;  ///< the full rule, for the N4 side
};

/// What the data path does with a packet after its PDR has been applied.
enum class disposition : std::uint8_t {
  forward,           ///< send according to the FAR (outer header creation / N6)
  drop_far,          ///< FAR says DROP
  drop_gate_closed,  ///< a QER's gate is closed for this direction
  drop_mbr,          ///< above a QER's MBR
  buffered,          ///< held in the session's buffer
  buffered_notify,   ///< held, and it is the first: send a Downlink Data Report
  drop_buffer_full,  ///< FAR says BUFF but the buffer is full or the packet too big
};

struct verdict {
  disposition disposition_ = disposition::drop_far;
  const far* far_ = nullptr;
  /// A URR reached its threshold with this packet: the session has a usage report due.
  bool usage_report_due_ = false;
};

struct session_config {
  packet_buffer_config buffer_{};
};

class session {
 public:
  /// Checks and compiles `rules`; nothing is installed on error.
  static std::expected<std::unique_ptr<session>, rules_error> create(session_rules rules, const session_config& cfg,
                                                                     clock::time_point now);

  session(const session&) = delete;
  session& operator=(const session&) = delete;

  seid id() const noexcept { return rules_.seid_; }
  const session_rules& rules() const noexcept { return rules_; }

  /// PDRs keyed by local TEID (packets arriving in a GTP-U tunnel), precedence order.
  std::span<const compiled_pdr> tunnel_pdrs() const noexcept { return tunnel_pdrs_; }
  /// PDRs keyed by UE IP address (plain IP from N6), precedence order.
  std::span<const compiled_pdr> ue_address_pdrs() const noexcept { return ue_address_pdrs_; }

  /// Enforces the PDR's QERs, counts its URRs and applies its FAR to a packet
  /// of `packet.size()` octets (the inner packet: GTP-U header excluded) going
  /// in `dir`. Buffered packets are copied into the session buffer.
  verdict apply(const compiled_pdr& p, direction dir, std::span<const std::uint8_t> packet,
                clock::time_point now) noexcept;

  std::span<usage_counter> usage_counters() noexcept { return usage_; }
  usage_counter* find_usage(urr_id id) noexcept;
  packet_buffer& buffer() noexcept { return buffer_; }

  /// Carries measurements and buffered packets over from the session this one replaces.
  void take_state_from(session& previous) noexcept;

 private:
  session(session_rules rules, const session_config& cfg) : rules_(std::move(rules)), buffer_(cfg.buffer_) {}

  // Detection reads these two first: they lead the object, sharing its first cache line.
  std::vector<compiled_pdr> tunnel_pdrs_{};
  std::vector<compiled_pdr> ue_address_pdrs_{};
  session_rules rules_;
  std::vector<qer_state> qers_{};       ///< built once; compiled PDRs point into it
  std::vector<usage_counter> usage_{};  ///< built once; compiled PDRs point into it
  packet_buffer buffer_;
};

}  // namespace meridian::upf
