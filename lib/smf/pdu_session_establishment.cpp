// UE-requested PDU session establishment, non-roaming (TS 23.502 §4.3.2.2.1;
// TS 24.501 §6.4.1 on the network side):
//
//   AMF ── Nsmf_PDUSession_CreateSMContext (N1: PDU SESSION ESTABLISHMENT REQUEST) ─► SMF
//     5GSM header: PTI assigned (else 5GSM STATUS #81, §7.3.1), PDU session ID
//       assigned and equal to the AMF's (else REJECT #43, §7.3.2)
//     DNN served (#27), on the slice (#70); SSC mode 1 (#68)
//     SMF ── Nudm_SDM_Get sm-data (S-NSSAI, DNN) ─► UDM: DNN subscribed (#27),
//       allowed PDU session types, 5G QoS profile, Session-AMBR, static address
//     PDU session type (§6.4.1.2; TS 23.501 §5.8.2.2.1): #28 unknown / not
//       served, #50 / #51 when only one family is allowed (in the accept for IPv4v6)
//     UE address(es) from the DNN's pool (#26 when exhausted)
//   AMF ◄─ 201 Created (smContextRef) ── SMF                (any refusal above: 4xx + REJECT)
//   SMF ── PFCP Session Establishment Request (pfcp_rules.hpp) ─► UPF
//   AMF ◄─ Namf_Communication_N1N2MessageTransfer (N1: PDU SESSION ESTABLISHMENT
//          ACCEPT, N2: PDU Session Resource Setup Request Transfer) ── SMF
//   UPF refusal or no answer: N1N2MessageTransfer with REJECT #26, the UPF
//   session (if any) deleted, the address freed, SmContextStatusNotify RELEASED.
//
// The user-plane half starts from a timer once the 201 is out, as the
// specification orders it, so that the AMF holds the smContextRef before
// the N1N2MessageTransfer reaches it.

#include <algorithm>

#include <fmt/format.h>

#include "meridian/sbi_types/bit_rate.hpp"
#include "meridian/smf/smf.hpp"
#include "n2_transfers.hpp"
#include "pfcp_rules.hpp"
#include "session_messages.hpp"
#include "smf_support.hpp"

namespace meridian::smf {

using namespace smf_detail;

namespace {

using type = nas::pdu_session_type_value;

/// Which PDU session types a session may have: the subscription's (any IP
/// type with IPv4v6) and what the pool can address.
struct allowed_types {
  bool ipv4 = true;
  bool ipv6 = true;
  bool ipv4v6 = true;
};

allowed_types subscribed_types(const udm::dnn_configuration* sub) {
  if (sub == nullptr) return {};
  std::vector<sbi::pdu_session_type> types = sub->pdu_session_types_.allowed_session_types_;
  if (sub->pdu_session_types_.default_session_type_) types.push_back(*sub->pdu_session_types_.default_session_type_);
  if (types.empty()) return {};
  allowed_types a{false, false, false};
  for (auto t : types) {
    if (t == sbi::pdu_session_type::ipv4) a.ipv4 = true;
    if (t == sbi::pdu_session_type::ipv6) a.ipv6 = true;
    // TS 23.501 §5.8.2.2.1: IPv4v6 subscribed allows each family alone as well.
    if (t == sbi::pdu_session_type::ipv4v6) a = {true, true, true};
  }
  return a;
}

std::optional<type> to_nas(sbi::pdu_session_type t) {
  switch (t) {
    case sbi::pdu_session_type::ipv4: return type::ipv4;
    case sbi::pdu_session_type::ipv6: return type::ipv6;
    case sbi::pdu_session_type::ipv4v6: return type::ipv4v6;
    default: return std::nullopt;
  }
}

struct type_choice {
  type selected = type::ipv4;
  std::optional<nas::gsm_cause> cause;  ///< in the accept
};

/// TS 24.501 §6.4.1.2 / TS 23.501 §5.8.2.2.1: the PDU session type for what the UE asked.
std::expected<type_choice, nas::gsm_cause> choose_type(std::optional<type> requested, const allowed_types& a) {
  if (!requested) {
    // The UE left it to the network: the widest it may have.
    if (a.ipv4v6) return type_choice{type::ipv4v6, std::nullopt};
    if (a.ipv4) return type_choice{type::ipv4, std::nullopt};
    if (a.ipv6) return type_choice{type::ipv6, std::nullopt};
    return std::unexpected(nas::gsm_cause::unknown_pdu_session_type);
  }
  switch (*requested) {
    case type::ipv4:
      if (a.ipv4) return type_choice{type::ipv4, std::nullopt};
      if (a.ipv6) return std::unexpected(nas::gsm_cause::pdu_session_type_ipv6_only_allowed);
      break;
    case type::ipv6:
      if (a.ipv6) return type_choice{type::ipv6, std::nullopt};
      if (a.ipv4) return std::unexpected(nas::gsm_cause::pdu_session_type_ipv4_only_allowed);
      break;
    case type::ipv4v6:
      if (a.ipv4v6) return type_choice{type::ipv4v6, std::nullopt};
      if (a.ipv4) return type_choice{type::ipv4, nas::gsm_cause::pdu_session_type_ipv4_only_allowed};
      if (a.ipv6) return type_choice{type::ipv6, nas::gsm_cause::pdu_session_type_ipv6_only_allowed};
      break;
    default:
      // Ethernet and Unstructured are not served (yet); anything else is not a type.
      break;
  }
  return std::unexpected(nas::gsm_cause::unknown_pdu_session_type);
}

/// The subscription's static address of each family (TS 29.503 IpAddress).
struct static_addresses {
  std::optional<ipv4_address> ipv4;
  std::optional<ipv6_address> ipv6_prefix;
};

static_addresses statics_of(const udm::dnn_configuration* sub) {
  static_addresses out;
  if (sub == nullptr) return out;
  for (const auto& a : sub->static_ip_address_) {
    if (a.ipv4_addr_ && !out.ipv4) out.ipv4 = parse_ipv4(*a.ipv4_addr_);
    if (a.ipv6_prefix_ && !out.ipv6_prefix) {
      if (auto p = ipv6_prefix::parse(*a.ipv6_prefix_); p && p->length_ <= 64) out.ipv6_prefix = p->prefix_;
    }
    if (a.ipv6_addr_ && !out.ipv6_prefix) {
      if (auto v = parse_ipv6(*a.ipv6_addr_)) {
        ipv6_address p{};
        std::copy_n(v->begin(), 8, p.begin());
        out.ipv6_prefix = p;
      }
    }
  }
  return out;
}

}  // namespace

sbi::awaitable<sm_context_created, sm_context_create_error> session_management_function::create_sm_context(
    sm_context_create_data data) {
  ++counters_.create_requests;
  const std::uint8_t amf_psi = data.pdu_session_id_ ? data.pdu_session_id_->value() : 0;
  if (!data.n1_sm_msg_ || data.n1_sm_msg_->empty()) {
    ++counters_.establishments_rejected;
    co_return std::unexpected(create_error(sbi::cause::mandatory_ie_missing, {}, "n1SmMsg missing"));
  }
  const sbi::bytes n1 = std::move(*data.n1_sm_msg_);
  const std::optional<gsm_header> header = peek_gsm_header(n1);

  auto decoded = nas::decode_plain_nas(n1);
  if (!decoded) {
    ++counters_.malformed_n1;
    const nas::gsm_cause cause = nas::gsm_cause_for(decoded.error());
    logger()->info("CreateSMContext: undecodable N1 SM ({})", decoded.error().message());
    const std::uint8_t psi = header ? header->pdu_session_id : amf_psi;
    const std::uint8_t pti = header ? header->pti : 0;
    // §7.5 / §7.6: an establishment request whose IEs are wrong is rejected;
    // anything else that is not even a message gets 5GSM STATUS.
    if (header && header->message_type == nas::pdu_session_establishment_request::message_type &&
        pti_assigned(pti)) {
      ++counters_.establishments_rejected;
      co_return std::unexpected(create_error(problem_for(cause), establishment_reject(psi, pti, cause),
                                             decoded.error().message()));
    }
    ++counters_.gsm_status_sent;
    co_return std::unexpected(create_error(sbi::cause::n1_sm_error, gsm_status(psi, pti, cause),
                                           decoded.error().message()));
  }
  const auto* pdu = std::get_if<nas::gsm_pdu>(&*decoded);
  const auto* request = pdu != nullptr ? std::get_if<nas::pdu_session_establishment_request>(&pdu->message_) : nullptr;
  if (request == nullptr) {
    ++counters_.gsm_status_sent;
    const std::uint8_t psi = pdu != nullptr ? pdu->pdu_session_id_ : amf_psi;
    const std::uint8_t pti = pdu != nullptr ? pdu->pti_ : 0;
    co_return std::unexpected(
        create_error(sbi::cause::n1_sm_error,
                     gsm_status(psi, pti, nas::gsm_cause::message_type_not_compatible_with_protocol_state),
                     "N1 SM is not a PDU Session Establishment Request"));
  }
  const std::uint8_t psi = pdu->pdu_session_id_;
  const std::uint8_t pti = pdu->pti_;
  // §7.3.1: a request without an assigned PTI cannot be answered by a reject.
  if (!pti_assigned(pti)) {
    ++counters_.gsm_status_sent;
    co_return std::unexpected(
        create_error(sbi::cause::n1_sm_error, gsm_status(psi, pti, nas::gsm_cause::invalid_pti_value), "invalid PTI"));
  }
  auto reject = [&](nas::gsm_cause cause, std::string detail) {
    ++counters_.establishments_rejected;
    logger()->info("PDU session {} (PTI {}): establishment rejected, 5GSM cause #{}: {}", psi, pti,
                   static_cast<unsigned>(cause), detail);
    return std::unexpected(create_error(problem_for(cause), establishment_reject(psi, pti, cause), std::move(detail)));
  };
  // §7.3.2: an unassigned or reserved PDU session identity, or one that is not the AMF's.
  if (!psi_assigned(psi) || (data.pdu_session_id_ && amf_psi != psi))
    co_return reject(nas::gsm_cause::invalid_pdu_session_identity, "invalid PDU session identity");
  if (data.request_type_ && *data.request_type_ != request_type::initial_request)
    co_return reject(nas::gsm_cause::request_rejected_unspecified, "only initial requests are served");

  // §6.4.1.2 (network side): a request for a PDU session ID the UE already has
  // replaces it: the old one is released locally first.
  if (sm_context* old = find_session(data.supi_, psi); old != nullptr) {
    logger()->info("PDU session {}: establishment for an existing session, releasing the old one", psi);
    const std::string old_ref = old->ref;
    co_await release_locally(old_ref);
  }

  // DNN and slice (TS 23.501 §5.15.2: a DNN is served per S-NSSAI).
  const std::string requested_dnn = data.selected_dnn_.value_or(data.dnn_.value_or(std::string{}));
  const dnn_config* dc = requested_dnn.empty() ? (cfg_.dnns_.empty() ? nullptr : &cfg_.dnns_.front()) : dnn(requested_dnn);
  if (dc == nullptr) co_return reject(nas::gsm_cause::missing_or_unknown_dnn, "DNN not served: " + requested_dnn);
  model::s_nssai slice{};
  if (data.s_nssai_)
    slice = *data.s_nssai_;
  else if (!dc->s_nssais_.empty())
    slice = dc->s_nssais_.front();
  if (!dc->s_nssais_.empty() && std::find(dc->s_nssais_.begin(), dc->s_nssais_.end(), slice) == dc->s_nssais_.end())
    co_return reject(nas::gsm_cause::missing_or_unknown_dnn_in_a_slice,
                     fmt::format("DNN {} not served on S-NSSAI {}", dc->dnn_, slice.to_string()));
  // Only SSC mode 1 is served (TS 23.501 §5.6.9.2.1: the anchor never moves).
  if (request->ssc_mode_ && request->ssc_mode_->value_ != 1)
    co_return reject(nas::gsm_cause::not_supported_ssc_mode, "only SSC mode 1 is served");

  // The subscription (TS 29.503 §5.2.2.2.5): the DNN must be in it.
  udm::sm_subs_data sm_data;
  const udm::dnn_configuration* sub = nullptr;
  if (services_.sdm != nullptr && data.supi_) {
    udm::sm_data_query query;
    query.single_nssai_ = slice;
    query.dnn_ = dc->dnn_;
    sbi::result<udm::sm_subs_data> got = co_await services_.sdm->get_sm_data(*data.supi_, query);
    if (!got) {
      const bool unknown = got.error().cause_ == sbi::cause::data_not_found ||
                           got.error().cause_ == sbi::cause::user_not_found;
      co_return reject(unknown ? nas::gsm_cause::missing_or_unknown_dnn : nas::gsm_cause::network_failure,
                       unknown ? "no subscription data" : "the UDM did not answer");
    }
    sm_data = std::move(*got);
    for (const auto& s : sm_data) {
      if (s.single_nssai_ != slice) continue;
      if (auto it = s.dnn_configurations_.find(dc->dnn_); it != s.dnn_configurations_.end()) sub = &it->second;
    }
    if (sub == nullptr) co_return reject(nas::gsm_cause::missing_or_unknown_dnn, "DNN not subscribed: " + dc->dnn_);
    const auto& ssc = sub->ssc_modes_;
    const bool mode1 = ssc.default_ssc_mode_ == sbi::ssc_mode::ssc_mode_1 ||
                       std::find(ssc.allowed_ssc_modes_.begin(), ssc.allowed_ssc_modes_.end(),
                                 sbi::ssc_mode::ssc_mode_1) != ssc.allowed_ssc_modes_.end();
    if (!mode1) co_return reject(nas::gsm_cause::not_supported_ssc_mode, "SSC mode 1 not subscribed");
  }

  // PDU session type: what the UE asked, the subscription allows and the pool can address.
  ue_address_pool* pool = pools_.find(dc->dnn_, slice);
  if (pool == nullptr) co_return reject(nas::gsm_cause::insufficient_resources, "no address pool for " + dc->dnn_);
  allowed_types allowed = subscribed_types(sub);
  allowed.ipv4 = allowed.ipv4 && pool->has_ipv4();
  allowed.ipv6 = allowed.ipv6 && pool->has_ipv6();
  allowed.ipv4v6 = allowed.ipv4v6 && allowed.ipv4 && allowed.ipv6;
  std::optional<type> requested_type;
  if (request->pdu_session_type_)
    requested_type = request->pdu_session_type_->value_;
  else if (sub != nullptr && sub->pdu_session_types_.default_session_type_)
    requested_type = to_nas(*sub->pdu_session_types_.default_session_type_);
  const auto choice = choose_type(requested_type, allowed);
  if (!choice) co_return reject(choice.error(), "PDU session type not allowed");

  // Addresses (TS 23.501 §5.8.2.2): the subscription's static ones, else from the pool.
  auto ctx = std::make_unique<sm_context>();
  ctx->pool = pool;
  const static_addresses statics = statics_of(sub);
  if (choice->selected != type::ipv6) {
    auto a = pool->allocate_ipv4(statics.ipv4);
    if (!a) co_return reject(nas::gsm_cause::insufficient_resources, std::string(to_string(a.error())));
    ctx->ipv4 = *a;
  }
  if (choice->selected != type::ipv4) {
    auto p = pool->allocate_ipv6_prefix(statics.ipv6_prefix);
    if (!p) {
      free_addresses(*ctx);
      co_return reject(nas::gsm_cause::insufficient_resources, std::string(to_string(p.error())));
    }
    ctx->ipv6_prefix = *p;
  }

  // The default QoS flow and the Session-AMBR: the subscription's, else local policy.
  ctx->ref = std::to_string(next_ref_++);
  ctx->supi = data.supi_;
  ctx->ue_context_id = data.supi_ ? data.supi_->to_string() : std::string{};
  ctx->status_uri = data.sm_context_status_uri_;
  ctx->pdu_session_id = psi;
  ctx->pti = pti;
  ctx->dnn = dc->dnn_;
  ctx->dnn_cfg = dc;
  ctx->s_nssai = slice;
  ctx->type = choice->selected;
  ctx->type_cause = choice->cause;
  ctx->qfi = cfg_.default_qfi_;
  ctx->five_qi = dc->five_qi_;
  ctx->arp_priority_level = dc->arp_priority_level_;
  ctx->arp_preemption_capability = dc->arp_preemption_capability_;
  ctx->arp_preemption_vulnerability = dc->arp_preemption_vulnerability_;
  ctx->ambr_uplink_bps = dc->session_ambr_uplink_bps_;
  ctx->ambr_downlink_bps = dc->session_ambr_downlink_bps_;
  if (sub != nullptr && sub->qos_profile_5g_) {
    const auto& q = *sub->qos_profile_5g_;
    ctx->five_qi = q.qos_5qi_;
    ctx->arp_priority_level = q.arp_.priority_level_;
    ctx->arp_preemption_capability = q.arp_.preempt_cap_ == sbi::preemption_capability::may_preempt;
    ctx->arp_preemption_vulnerability = q.arp_.preempt_vuln_ == sbi::preemption_vulnerability::preemptable;
  }
  if (sub != nullptr && sub->session_ambr_) {
    auto ul = sbi::parse_bit_rate(sub->session_ambr_->uplink_);
    auto dl = sbi::parse_bit_rate(sub->session_ambr_->downlink_);
    if (ul && dl) {
      ctx->ambr_uplink_bps = *ul;
      ctx->ambr_downlink_bps = *dl;
    } else {
      logger()->warn("PDU session {}: unreadable subscribed Session-AMBR, local policy used", psi);
    }
  }
  ctx->requested_epco = request->extended_protocol_configuration_options_;
  ctx->cp_seid = *seid::from(next_cp_seid_++);
  ctx->state = sm_state::establishing;

  const std::string ref = ctx->ref;
  ctx->start = std::make_unique<runtime::timer>(timers_);
  ctx->start->arm_after(clock::duration::zero(), [this, ref] {
    runtime::spawn(establish_user_plane(ref), procedures_.token());
  });
  logger()->info("PDU session {} (PTI {}): SM context {} for DNN {} S-NSSAI {}, {}{}{}", psi, pti, ref, ctx->dnn,
                 slice.to_string(), ctx->ipv4 ? to_string(*ctx->ipv4) : std::string{},
                 ctx->ipv4 && ctx->ipv6_prefix ? " " : "",
                 ctx->ipv6_prefix ? to_string(*ctx->ipv6_prefix) + "/64" : std::string{});
  if (ctx->supi) by_session_[session_key(*ctx->supi, psi)] = ref;
  contexts_.emplace(ref, std::move(ctx));

  sm_context_created created;
  created.sm_context_ref_ = ref;
  created.data_.pdu_session_id_ = model::pdu_session_id::from(psi);
  created.data_.s_nssai_ = slice;
  created.data_.up_cnx_state_ = up_cnx_state::activating;
  co_return created;
}

runtime::task<void> session_management_function::establish_user_plane(std::string ref) {
  sm_context* ctx = find_any(ref);
  if (ctx == nullptr) co_return;
  if (ctx->release_requested) {
    co_await release_locally(ref);
    co_return;
  }
  pfcp::session_establishment_request request = session_establishment(*ctx, n4_.cp_address());
  n4_result<pfcp::session_establishment_response> answer = co_await n4_.establish(std::move(request));
  const bool accepted = answer && answer->cause_.value_ == pfcp::cause_value::request_accepted && answer->up_f_seid_;
  ctx = find_any(ref);
  if (ctx == nullptr) {
    // Gone meanwhile (a duplicate request replaced it): the UPF's session goes too.
    if (accepted) {
      n4_result<pfcp::session_deletion_response> deleted = co_await n4_.remove(answer->up_f_seid_->seid_);
      if (!deleted) ++counters_.n4_failures;
    }
    co_return;
  }
  if (accepted) ctx->up_seid = answer->up_f_seid_->seid_;
  if (ctx->release_requested || ctx->state == sm_state::releasing) {
    co_await release_locally(ref);
    co_return;
  }
  if (!accepted) {
    ++counters_.n4_failures;
    logger()->warn("PDU session {}: PFCP session establishment failed ({})", ctx->pdu_session_id,
                   answer ? fmt::format("cause {}", static_cast<unsigned>(answer->cause_.value_))
                          : std::string(to_string(answer.error())));
    co_await fail_establishment(ref, nas::gsm_cause::insufficient_resources);
    co_return;
  }
  // §5.5.3: the F-TEID the UPF chose for the uplink PDR.
  for (const auto& c : answer->created_pdr_) {
    if (c.pdr_id_.value_ != uplink_pdr || !c.local_f_teid_ || c.local_f_teid_->choose_) continue;
    ctx->ul_tunnel = gtp_tunnel_end{c.local_f_teid_->ipv4_.value_or(cfg_.upf_n3_address_), c.local_f_teid_->teid_.value()};
  }
  if (!ctx->ul_tunnel) {
    logger()->warn("PDU session {}: the UPF gave no uplink F-TEID", ctx->pdu_session_id);
    co_await fail_establishment(ref, nas::gsm_cause::insufficient_resources);
    co_return;
  }
  auto n2 = setup_request_transfer(*ctx);
  sbi::bytes n1 = encode_gsm(ctx->pdu_session_id, ctx->pti, establishment_accept(*ctx));
  if (!n2 || n1.empty()) {
    logger()->error("PDU session {}: N1/N2 SM could not be built ({})", ctx->pdu_session_id,
                    n2 ? "N1" : n2.error());
    co_await fail_establishment(ref, nas::gsm_cause::network_failure);
    co_return;
  }

  amf::n1_n2_message_transfer_req_data transfer;
  transfer.n1_message_container_ = amf::n1_message_container{amf::n1_message_class::sm, std::move(n1)};
  amf::n2_sm_information sm;
  sm.pdu_session_id_ = *model::pdu_session_id::from(ctx->pdu_session_id);
  sm.n2_info_content_ = amf::n2_info_content{std::nullopt, amf::ngap_ie_type::pdu_res_setup_req, std::move(*n2)};
  sm.s_nssai_ = ctx->s_nssai;
  transfer.n2_info_container_ = amf::n2_info_container{amf::n2_information_class::sm, std::move(sm)};
  transfer.pdu_session_id_ = model::pdu_session_id::from(ctx->pdu_session_id);
  ctx->state = sm_state::awaiting_an;
  const std::string ue = ctx->ue_context_id;
  sbi::result<amf::n1_n2_message_transfer_rsp_data> sent =
      co_await services_.amf.n1_n2_message_transfer(ue, std::move(transfer));
  ctx = find_any(ref);
  if (ctx == nullptr) co_return;
  if (ctx->release_requested) {
    co_await release_locally(ref);
    co_return;
  }
  if (!sent) {
    // The accept never reached the UE: nothing holds the session up.
    ++counters_.establishments_failed;
    logger()->warn("PDU session {}: N1N2MessageTransfer failed ({}), released", ctx->pdu_session_id,
                   sbi::to_string(sent.error().cause_.value_or(sbi::cause::system_failure)));
    const sbi::uri uri = ctx->status_uri;
    co_await release_locally(ref);
    co_await notify_released(uri);
    co_return;
  }
  ++counters_.establishments_accepted;
}

runtime::task<void> session_management_function::fail_establishment(std::string ref, nas::gsm_cause cause) {
  sm_context* ctx = find_any(ref);
  if (ctx == nullptr) co_return;
  ++counters_.establishments_failed;
  amf::n1_n2_message_transfer_req_data transfer;
  transfer.n1_message_container_ = amf::n1_message_container{
      amf::n1_message_class::sm, establishment_reject(ctx->pdu_session_id, ctx->pti, cause)};
  transfer.pdu_session_id_ = model::pdu_session_id::from(ctx->pdu_session_id);
  const std::string ue = ctx->ue_context_id;
  const sbi::uri uri = ctx->status_uri;
  // The address is free again before the UE hears of the failure.
  co_await release_locally(ref);
  sbi::result<amf::n1_n2_message_transfer_rsp_data> sent =
      co_await services_.amf.n1_n2_message_transfer(ue, std::move(transfer));
  if (!sent) logger()->info("the establishment reject could not be transferred");
  co_await notify_released(uri);
}

}  // namespace meridian::smf
