// TS 29.244 §7.5.2 / §7.5.4: from the Create/Update/Remove IEs of the PFCP
// session messages to the data path's session_rules. What the data path does
// not support is refused with the rule's ID rather than silently ignored.

#include "n4_rules.hpp"

#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

namespace meridian::upf::n4 {

namespace {

namespace aa = pfcp::flags::apply_action;

/// TS 29.244 §8.2.31 PFCPSMReq-Flags: DROBU bit 1, SNDEM bit 2, QAURR bit 3.
constexpr pfcp::flag sndem{0, 2};
constexpr pfcp::flag qaurr{0, 3};

std::unexpected<rule_failure> fail(rule_kind kind, std::uint32_t id, std::string reason,
                                   pfcp::cause_value cause = pfcp::cause_value::rule_creation_modification_failure) {
  return std::unexpected(rule_failure{cause, failed_rule{kind, id}, std::nullopt, std::move(reason)});
}

std::optional<interface_type> to_interface(pfcp::interface_value v) {
  if (static_cast<std::uint8_t>(v) > static_cast<std::uint8_t>(interface_type::five_g_vn_internal)) return std::nullopt;
  return static_cast<interface_type>(v);
}

ipv4_address to_address(const pfcp::ipv4_address& a) { return ipv4_from_octets(a[0], a[1], a[2], a[3]); }

std::expected<pdi, rule_failure> translate_pdi(const pfcp::pdi& in, std::uint16_t pdr, const teid_chooser& choose,
                                               std::vector<chosen_teid>& chosen, ipv6_only_pdrs& ipv6_only) {
  pdi out;
  ipv6_only.erase(pdr);
  auto source = to_interface(in.source_interface_.value_);
  if (!source) return fail(rule_kind::pdr, pdr, "unknown source interface");
  out.source_interface_ = *source;
  if (in.local_f_teid_) {
    const pfcp::f_teid& f = *in.local_f_teid_;
    if (f.choose_) {
      if (f.choose_ipv6_ && !f.choose_ipv4_) return fail(rule_kind::pdr, pdr, "F-TEID CHOOSE for IPv6 only");
      auto t = choose(f.choose_id_);
      if (!t) return fail(rule_kind::pdr, pdr, "no TEID left", pfcp::cause_value::no_resources_available);
      out.local_teid_ = *t;
      chosen.push_back({*pdr_id::from(pdr), *t});
    } else {
      out.local_teid_ = f.teid_;
    }
  }
  for (const auto& ue : in.ue_ip_address_) {
    if (ue.choose_ipv4_ || ue.choose_ipv6_) return fail(rule_kind::pdr, pdr, "UE IP address allocation by the UPF");
    if (ue.ipv4_) {
      out.ue_address_ = to_address(*ue.ipv4_);
      break;
    }
  }
  std::size_t ipv6_filters = 0;
  for (const auto& sdf : in.sdf_filter_) {
    if (!sdf.flow_description_) return fail(rule_kind::pdr, pdr, "SDF filter without a flow description");
    auto fd = parse_flow_description(*sdf.flow_description_);
    if (!fd && fd.error().code_ == sdf_parse_errc::unsupported && fd.error().what_ == "IPv6 address") {
      // Never matches an IPv4 packet: leaving it out of the PDR's filters changes no match.
      ++ipv6_filters;
      continue;
    }
    if (!fd) return fail(rule_kind::pdr, pdr, fd.error().message());
    out.sdf_filters_.push_back(*fd);
  }
  if (ipv6_filters > 0 && out.sdf_filters_.empty()) ipv6_only.insert(pdr);
  if (!in.qfi_.empty()) out.qfi_ = *qfi::from(in.qfi_.front().value_);
  if (in.application_id_) return fail(rule_kind::pdr, pdr, "application detection is not supported");
  return out;
}

template <class CreateOrUpdate>
std::expected<void, rule_failure> set_pdr_refs(pdr& p, const CreateOrUpdate& in) {
  if (in.far_id_) p.far_id_ = *far_id::from(in.far_id_->value_);
  if (!in.qer_id_.empty()) {
    p.qer_ids_.clear();
    for (const auto& q : in.qer_id_) p.qer_ids_.push_back(*qer_id::from(q.value_));
  }
  if (!in.urr_id_.empty()) {
    p.urr_ids_.clear();
    for (const auto& u : in.urr_id_) p.urr_ids_.push_back(*urr_id::from(u.value_));
  }
  if (!in.activate_predefined_rules_.empty())
    return fail(rule_kind::pdr, p.id_.value(), "predefined rules are not supported");
  return {};
}

std::expected<pdr, rule_failure> translate_pdr(const pfcp::create_pdr& in, const teid_chooser& choose,
                                               std::vector<chosen_teid>& chosen, ipv6_only_pdrs& ipv6_only) {
  pdr out;
  out.id_ = *pdr_id::from(in.pdr_id_.value_);
  out.precedence_ = in.precedence_.value_;
  auto p = translate_pdi(in.pdi_, in.pdr_id_.value_, choose, chosen, ipv6_only);
  if (!p) return std::unexpected(p.error());
  out.pdi_ = std::move(*p);
  out.remove_outer_header_ = in.outer_header_removal_.has_value();
  if (auto r = set_pdr_refs(out, in); !r) return std::unexpected(r.error());
  return out;
}

std::expected<apply_action, rule_failure> translate_action(const pfcp::apply_action& a, std::uint32_t far) {
  const bool drop = a.test(aa::drop), forw = a.test(aa::forw), buff = a.test(aa::buff);
  // §8.2.26: exactly one of DROP, FORW and BUFF (DUPL and the rest are not supported).
  if (int{drop} + int{forw} + int{buff} != 1)
    return fail(rule_kind::far, far, "apply action needs one of DROP/FORW/BUFF");
  if (a.test(aa::dupl)) return fail(rule_kind::far, far, "duplication is not supported");
  if (drop) return apply_action::drop;
  if (forw) return apply_action::forward;
  return a.test(aa::nocp) ? apply_action::buffer_and_notify : apply_action::buffer;
}

std::expected<std::optional<outer_header_creation>, rule_failure> translate_ohc(const pfcp::outer_header_creation& o,
                                                                                std::uint32_t far) {
  if ((o.description_ & pfcp::outer_header_creation::gtpu_udp_ipv4) == 0 || !o.teid_ || !o.ipv4_)
    return fail(rule_kind::far, far, "outer header creation other than GTP-U/UDP/IPv4 is not supported");
  return outer_header_creation{*o.teid_, to_address(*o.ipv4_), o.port_number_.value_or(2152)};
}

std::expected<far, rule_failure> translate_far(const pfcp::create_far& in) {
  far out;
  out.id_ = *far_id::from(in.far_id_.value_);
  const std::uint32_t id = in.far_id_.value_;
  auto action = translate_action(in.apply_action_, id);
  if (!action) return std::unexpected(action.error());
  out.action_ = *action;
  if (in.forwarding_parameters_) {
    const auto& fp = *in.forwarding_parameters_;
    auto dest = to_interface(fp.destination_interface_.value_);
    if (!dest) return fail(rule_kind::far, id, "unknown destination interface");
    out.destination_interface_ = *dest;
    if (fp.outer_header_creation_) {
      auto o = translate_ohc(*fp.outer_header_creation_, id);
      if (!o) return std::unexpected(o.error());
      out.outer_header_creation_ = *o;
    }
  } else if (out.action_ == apply_action::forward) {
    // §7.5.2.3: Forwarding Parameters are conditional on FORW.
    return std::unexpected(rule_failure{pfcp::cause_value::conditional_ie_missing, failed_rule{rule_kind::far, id},
                                        pfcp::forwarding_parameters::ie_type, "FORW without forwarding parameters"});
  }
  if (in.bar_id_) out.bar_id_ = *bar_id::from(in.bar_id_->value_);
  return out;
}

void set_gate(qer& q, const pfcp::gate_status& g) {
  q.gate_uplink_ = g.ul_gate_ == 0 ? gate::open : gate::closed;
  q.gate_downlink_ = g.dl_gate_ == 0 ? gate::open : gate::closed;
}

void set_mbr(qer& q, const pfcp::mbr& m) {
  q.mbr_uplink_kbps_ = m.ul_;
  q.mbr_downlink_kbps_ = m.dl_;
}

qer translate_qer(const pfcp::create_qer& in) {
  qer out;
  out.id_ = *qer_id::from(in.qer_id_.value_);
  set_gate(out, in.gate_status_);
  if (in.mbr_) set_mbr(out, *in.mbr_);
  if (in.qfi_) out.qfi_ = *qfi::from(in.qfi_->value_);
  return out;
}

volume_threshold to_threshold(const pfcp::volume_threshold& v) {
  return volume_threshold{v.total_volume_, v.uplink_volume_, v.downlink_volume_};
}

urr translate_urr(const pfcp::create_urr& in) {
  urr out;
  out.id_ = *urr_id::from(in.urr_id_.value_);
  if (in.volume_threshold_) out.volume_threshold_ = to_threshold(*in.volume_threshold_);
  return out;
}

template <class Rule, class Id>
auto find_rule(std::vector<Rule>& rules, Id id) {
  return std::find_if(rules.begin(), rules.end(), [&](const Rule& r) { return r.id_ == id; });
}

template <class Rule>
std::optional<std::uint32_t> first_duplicate(const std::vector<Rule>& rules) {
  std::unordered_set<std::uint32_t> seen;
  for (const auto& r : rules)
    if (!seen.insert(r.id_.value()).second) return r.id_.value();
  return std::nullopt;
}

std::expected<void, rule_failure> check_unique(const session_rules& r) {
  if (auto d = first_duplicate(r.pdrs_)) return fail(rule_kind::pdr, *d, "duplicate PDR ID");
  if (auto d = first_duplicate(r.fars_)) return fail(rule_kind::far, *d, "duplicate FAR ID");
  if (auto d = first_duplicate(r.qers_)) return fail(rule_kind::qer, *d, "duplicate QER ID");
  if (auto d = first_duplicate(r.urrs_)) return fail(rule_kind::urr, *d, "duplicate URR ID");
  return {};
}

template <class Create>
std::expected<void, rule_failure> add_created(const std::vector<pfcp::create_pdr>& pdrs,
                                              const std::vector<pfcp::create_far>& fars, const Create& in,
                                              session_rules& out, const teid_chooser& choose,
                                              std::vector<chosen_teid>& chosen, ipv6_only_pdrs& ipv6_only) {
  for (const auto& c : pdrs) {
    auto p = translate_pdr(c, choose, chosen, ipv6_only);
    if (!p) return std::unexpected(p.error());
    out.pdrs_.push_back(std::move(*p));
  }
  for (const auto& c : fars) {
    auto f = translate_far(c);
    if (!f) return std::unexpected(f.error());
    out.fars_.push_back(std::move(*f));
  }
  for (const auto& c : in.create_qer_) out.qers_.push_back(translate_qer(c));
  for (const auto& c : in.create_urr_) out.urrs_.push_back(translate_urr(c));
  if (in.create_bar_) {
    if (out.bar_) return fail(rule_kind::bar, in.create_bar_->bar_id_.value_, "the session has a BAR already");
    out.bar_ = bar{*bar_id::from(in.create_bar_->bar_id_.value_), std::nullopt};
  }
  return {};
}

}  // namespace

pfcp::failed_rule_id encode_failed_rule(const failed_rule& r) {
  pfcp::failed_rule_id out;
  out.value_.push_back(static_cast<std::uint8_t>(r.kind_));
  // §8.2.80: the Rule ID has the width of the rule's own ID IE.
  const std::size_t octets = r.kind_ == rule_kind::pdr ? 2 : r.kind_ == rule_kind::bar ? 1 : 4;
  for (std::size_t i = octets; i-- > 0;) out.value_.push_back(static_cast<std::uint8_t>(r.id_ >> (8 * i)));
  return out;
}

std::expected<void, rule_failure> translate_establishment(const pfcp::session_establishment_request& req,
                                                          session_rules& out, const teid_chooser& choose,
                                                          std::vector<chosen_teid>& chosen, ipv6_only_pdrs& ipv6_only) {
  if (req.create_pdr_.empty())
    return std::unexpected(rule_failure{pfcp::cause_value::mandatory_ie_missing, std::nullopt,
                                        pfcp::create_pdr::ie_type, "no Create PDR"});
  if (req.create_far_.empty())
    return std::unexpected(rule_failure{pfcp::cause_value::mandatory_ie_missing, std::nullopt,
                                        pfcp::create_far::ie_type, "no Create FAR"});
  if (auto r = add_created(req.create_pdr_, req.create_far_, req, out, choose, chosen, ipv6_only); !r) return r;
  return check_unique(out);
}

std::expected<modify_options, rule_failure> translate_modification(const pfcp::session_modification_request& req,
                                                                   session_rules& rules, const teid_chooser& choose,
                                                                   std::vector<chosen_teid>& chosen,
                                                                   ipv6_only_pdrs& ipv6_only) {
  modify_options options;
  // Removals first, so that a request may remove and re-create an ID.
  for (const auto& r : req.remove_pdr_) {
    auto it = find_rule(rules.pdrs_, *pdr_id::from(r.pdr_id_.value_));
    if (it == rules.pdrs_.end()) return fail(rule_kind::pdr, r.pdr_id_.value_, "Remove PDR: no such PDR");
    ipv6_only.erase(r.pdr_id_.value_);
    rules.pdrs_.erase(it);
  }
  for (const auto& r : req.remove_far_) {
    auto it = find_rule(rules.fars_, *far_id::from(r.far_id_.value_));
    if (it == rules.fars_.end()) return fail(rule_kind::far, r.far_id_.value_, "Remove FAR: no such FAR");
    rules.fars_.erase(it);
  }
  for (const auto& r : req.remove_qer_) {
    auto it = find_rule(rules.qers_, *qer_id::from(r.qer_id_.value_));
    if (it == rules.qers_.end()) return fail(rule_kind::qer, r.qer_id_.value_, "Remove QER: no such QER");
    rules.qers_.erase(it);
  }
  for (const auto& r : req.remove_urr_) {
    auto it = find_rule(rules.urrs_, *urr_id::from(r.urr_id_.value_));
    if (it == rules.urrs_.end()) return fail(rule_kind::urr, r.urr_id_.value_, "Remove URR: no such URR");
    // A removed URR's final measurement goes in the response (its last report).
    options.query_urrs_.push_back(it->id_);
    rules.urrs_.erase(it);
  }
  if (req.remove_bar_) {
    if (!rules.bar_ || rules.bar_->id_.value() != req.remove_bar_->bar_id_.value_)
      return fail(rule_kind::bar, req.remove_bar_->bar_id_.value_, "Remove BAR: no such BAR");
    rules.bar_.reset();
  }

  if (auto r = add_created(req.create_pdr_, req.create_far_, req, rules, choose, chosen, ipv6_only); !r)
    return std::unexpected(r.error());

  for (const auto& u : req.update_pdr_) {
    auto it = find_rule(rules.pdrs_, *pdr_id::from(u.pdr_id_.value_));
    if (it == rules.pdrs_.end()) return fail(rule_kind::pdr, u.pdr_id_.value_, "Update PDR: no such PDR");
    if (u.outer_header_removal_) it->remove_outer_header_ = true;
    if (u.precedence_) it->precedence_ = u.precedence_->value_;
    if (u.pdi_) {
      auto p = translate_pdi(*u.pdi_, u.pdr_id_.value_, choose, chosen, ipv6_only);
      if (!p) return std::unexpected(p.error());
      it->pdi_ = std::move(*p);
    }
    if (!u.deactivate_predefined_rules_.empty())
      return fail(rule_kind::pdr, u.pdr_id_.value_, "predefined rules are not supported");
    if (auto r = set_pdr_refs(*it, u); !r) return std::unexpected(r.error());
  }
  for (const auto& u : req.update_far_) {
    auto it = find_rule(rules.fars_, *far_id::from(u.far_id_.value_));
    const std::uint32_t id = u.far_id_.value_;
    if (it == rules.fars_.end()) return fail(rule_kind::far, id, "Update FAR: no such FAR");
    if (u.apply_action_) {
      auto a = translate_action(*u.apply_action_, id);
      if (!a) return std::unexpected(a.error());
      it->action_ = *a;
    }
    if (u.update_forwarding_parameters_) {
      const auto& fp = *u.update_forwarding_parameters_;
      if (fp.destination_interface_) {
        auto dest = to_interface(fp.destination_interface_->value_);
        if (!dest) return fail(rule_kind::far, id, "unknown destination interface");
        it->destination_interface_ = *dest;
      }
      if (fp.outer_header_creation_) {
        auto o = translate_ohc(*fp.outer_header_creation_, id);
        if (!o) return std::unexpected(o.error());
        it->outer_header_creation_ = *o;
      }
      // §8.2.31 SNDEM: after the switch, End Markers go down the FAR's previous tunnel.
      if (fp.pfcpsmreq_flags_ && fp.pfcpsmreq_flags_->test(sndem)) options.send_end_marker_.push_back(it->id_);
    }
    if (u.bar_id_) it->bar_id_ = *bar_id::from(u.bar_id_->value_);
  }
  for (const auto& u : req.update_qer_) {
    auto it = find_rule(rules.qers_, *qer_id::from(u.qer_id_.value_));
    if (it == rules.qers_.end()) return fail(rule_kind::qer, u.qer_id_.value_, "Update QER: no such QER");
    if (u.gate_status_) set_gate(*it, *u.gate_status_);
    if (u.mbr_) set_mbr(*it, *u.mbr_);
    if (u.qfi_) it->qfi_ = *qfi::from(u.qfi_->value_);
  }
  for (const auto& u : req.update_urr_) {
    auto it = find_rule(rules.urrs_, *urr_id::from(u.urr_id_.value_));
    if (it == rules.urrs_.end()) return fail(rule_kind::urr, u.urr_id_.value_, "Update URR: no such URR");
    if (u.volume_threshold_) it->volume_threshold_ = to_threshold(*u.volume_threshold_);
  }
  if (req.update_bar_) {
    if (!rules.bar_ || rules.bar_->id_.value() != req.update_bar_->bar_id_.value_)
      return fail(rule_kind::bar, req.update_bar_->bar_id_.value_, "Update BAR: no such BAR");
  }

  // Query URR, or every URR with QAURR (§7.5.4.1: "Query all URRs").
  if (req.pfcpsmreq_flags_ && req.pfcpsmreq_flags_->test(qaurr)) {
    for (const auto& u : rules.urrs_) options.query_urrs_.push_back(u.id_);
  } else {
    for (const auto& q : req.query_urr_) {
      const auto id = *urr_id::from(q.urr_id_.value_);
      if (find_rule(rules.urrs_, id) == rules.urrs_.end())
        return fail(rule_kind::urr, q.urr_id_.value_, "Query URR: no such URR");
      options.query_urrs_.push_back(id);
    }
  }
  if (auto r = check_unique(rules); !r) return std::unexpected(r.error());
  return options;
}

session_rules installable(const session_rules& rules, const ipv6_only_pdrs& ipv6_only) {
  if (ipv6_only.empty()) return rules;
  session_rules out = rules;
  std::erase_if(out.pdrs_, [&](const pdr& p) { return ipv6_only.contains(p.id_.value()); });
  return out;
}

rule_failure failure_from(const rules_error& e, const session_rules& rules) {
  rule_failure f;
  f.reason_ = e.message();
  switch (e.code_) {
    case rules_errc::teid_in_use:
      for (const auto& p : rules.pdrs_)
        if (p.pdi_.local_teid_ && p.pdi_.local_teid_->value() == e.rule_id_) f.rule_ = {rule_kind::pdr, p.id_.value()};
      break;
    case rules_errc::ue_address_in_use:
      for (const auto& p : rules.pdrs_)
        if (p.pdi_.ue_address_ && p.pdi_.ue_address_->value() == e.rule_id_) f.rule_ = {rule_kind::pdr, p.id_.value()};
      break;
    case rules_errc::duplicate_seid:
    case rules_errc::unknown_seid:
      f.cause_ = pfcp::cause_value::system_failure;
      break;
    default:
      f.rule_ = {rule_kind::pdr, e.rule_id_};
      break;
  }
  return f;
}

}  // namespace meridian::upf::n4
