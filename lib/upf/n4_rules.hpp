#pragma once
// Private to the N4 node: translating the rules of PFCP Session Establishment
// and Modification Requests (TS 29.244 §7.5.2, §7.5.4) into upf::session_rules,
// and naming the rule at fault when the data path refuses them.

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "meridian/pfcp/messages.hpp"
#include "meridian/upf/datapath.hpp"
#include "meridian/upf/rules.hpp"
#include "meridian/upf/session.hpp"

namespace meridian::upf::n4 {

/// TS 29.244 §8.2.80: Failed Rule ID's Rule ID Type.
enum class rule_kind : std::uint8_t { pdr = 0, far = 1, qer = 2, urr = 3, bar = 4 };

struct failed_rule {
  rule_kind kind_ = rule_kind::pdr;
  std::uint32_t id_ = 0;
};

/// Why a request's rules were refused, and what the response says about it.
struct rule_failure {
  pfcp::cause_value cause_ = pfcp::cause_value::rule_creation_modification_failure;
  std::optional<failed_rule> rule_{};
  std::optional<std::uint16_t> offending_ie_{};
  std::string reason_{};
};

pfcp::failed_rule_id encode_failed_rule(const failed_rule& r);

/// Hands out the TEID for an F-TEID with CH set; PDRs with the same CHOOSE ID
/// in one message share one TEID (§5.5.3). Nothing: no TEID left.
using teid_chooser = std::function<std::optional<teid>(std::optional<std::uint8_t> choose_id)>;

/// A PDR whose F-TEID the UPF chose: reported in a Created PDR.
struct chosen_teid {
  pdr_id pdr_{};
  teid teid_{};
};

/// PDRs whose SDF filters are all IPv6: they cannot match a packet of the
/// IPv4 data path, so N4 keeps them (the CP function may update or remove
/// them) but does not install them. Open5GS sends one per IPv4v6 session
/// (ICMPv6 Router Solicitations to the CP function).
using ipv6_only_pdrs = std::unordered_set<std::uint16_t>;

/// Fills `out` (whose seid_ is set) from a Session Establishment Request.
std::expected<void, rule_failure> translate_establishment(const pfcp::session_establishment_request& req,
                                                          session_rules& out, const teid_chooser& choose,
                                                          std::vector<chosen_teid>& chosen, ipv6_only_pdrs& ipv6_only);

/// Applies a Session Modification Request's Remove/Create/Update IEs to `rules`
/// (a copy of the session's rules) and collects the data path's options.
std::expected<modify_options, rule_failure> translate_modification(const pfcp::session_modification_request& req,
                                                                   session_rules& rules, const teid_chooser& choose,
                                                                   std::vector<chosen_teid>& chosen,
                                                                   ipv6_only_pdrs& ipv6_only);

/// The rules to install: `rules` without the IPv6-only PDRs.
session_rules installable(const session_rules& rules, const ipv6_only_pdrs& ipv6_only);

/// The rule to name in Failed Rule ID for an error of the data path.
rule_failure failure_from(const rules_error& e, const session_rules& rules);

/// Usage Report contents common to the three Usage Report IEs.
template <class UsageReport>
UsageReport usage_report(const urr_usage& u, std::uint32_t seqn, pfcp::flag trigger) {
  UsageReport r;
  r.urr_id_.value_ = u.id_.value();
  r.ur_seqn_.value_ = seqn;
  r.usage_report_trigger_.set(trigger);
  pfcp::volume_measurement v;
  v.total_volume_ = u.volume_.total_octets_;
  v.uplink_volume_ = u.volume_.uplink_octets_;
  v.downlink_volume_ = u.volume_.downlink_octets_;
  v.total_number_of_packets_ = u.volume_.total_packets_;
  v.uplink_number_of_packets_ = u.volume_.uplink_packets_;
  v.downlink_number_of_packets_ = u.volume_.downlink_packets_;
  r.volume_measurement_ = v;
  return r;
}

}  // namespace meridian::upf::n4
