// The AMF's N11 relay: 5GSM between the UE and the SMF (TS 24.501 §5.4.5,
// TS 23.502 §4.3.2.2.1 and §4.3.4.2), the AMF carrying what it does not read.
//
//   UE ── UL NAS TRANSPORT (PDU session ID, request type, S-NSSAI, DNN,
//         5GSM: PDU SESSION ESTABLISHMENT REQUEST) ─► AMF
//   AMF: S-NSSAI in the allowed NSSAI, DNN subscribed for it (Nudm_SDM_Get
//        smf-select-data), an SMF; else the 5GSM message goes back (#90, #91)
//   AMF ── Nsmf_PDUSession_CreateSMContext (N1 SM) ─► SMF
//   AMF ◄─ Namf_Communication_N1N2MessageTransfer (N1: ESTABLISHMENT ACCEPT,
//          N2: PDU Session Resource Setup Request Transfer) ── SMF
//   gNB ◄─ PDU SESSION RESOURCE SETUP REQUEST (NAS-PDU: DL NAS TRANSPORT) ── AMF
//   gNB ── PDU SESSION RESOURCE SETUP RESPONSE (Response Transfer) ─► AMF
//   AMF ── Nsmf_PDUSession_UpdateSMContext (N2 SM: PDU_RES_SETUP_RSP) ─► SMF
//
// Later 5GSM of a session (modification, release) goes to its SM context with
// UpdateSMContext; what the SMF answers (N1 and N2) is delivered the same way.
// Deliveries to one UE leave one at a time, in order (ue_sessions::queue).

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "mm_support.hpp"

#include "meridian/amf/amf_n2.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/sbi_types/bit_rate.hpp"

namespace meridian::amf {

using mm_detail::logger;

namespace {

/// TS 23.003 §9.1: DNN labels compare without regard to case.
bool same_dnn(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// The SmContextStatusUri the AMF gives the SMF for one session; the
/// notification names the UE and the session by it.
std::string status_uri(const model::supi& supi, std::uint8_t psi) {
  return fmt::format("http://amf.invalid/namf-callback/v1/{}/sm-context-status/{}", supi.to_string(), psi);
}

/// The N2 SM information type of the SMF's N2 container for the gNB.
std::optional<smf::n2_sm_info_type> n2_type_of(amf::ngap_ie_type t) {
  switch (t) {
    case amf::ngap_ie_type::pdu_res_setup_req:
      return smf::n2_sm_info_type::pdu_res_setup_req;
    case amf::ngap_ie_type::pdu_res_rel_cmd:
      return smf::n2_sm_info_type::pdu_res_rel_cmd;
    case amf::ngap_ie_type::pdu_res_mod_req:
      return smf::n2_sm_info_type::pdu_res_mod_req;
    default:
      return std::nullopt;
  }
}

/// Releases an SM context whose UE is gone; nobody waits for the answer.
runtime::task<void> release_quietly(smf::nsmf_pdu_session& smf, std::string ref, smf::cause why) {
  smf::sm_context_release_data data;
  data.cause_ = why;
  std::expected<smf::sm_context_released_data, sbi::problem_details> r =
      co_await smf.release_sm_context(ref, std::move(data));
  if (!r) logger()->debug("SM context {}: release refused ({})", ref, r.error().status_);
}

}  // namespace

ue_sessions& mm_layer::sessions_of(mm_context& ctx) {
  if (!ctx.sessions) ctx.sessions = std::make_unique<ue_sessions>();
  return *ctx.sessions;
}

void mm_layer::on_ul_nas_transport(mm_context& ctx, nas::ul_nas_transport m) {
  if (m.payload_container_type_.value_ != nas::payload_container_type_value::n1_sm_information) {
    // SMS, LPP, UE policy, ...: no function behind this AMF takes them.
    ++counters_.unsupported_payloads;
    logger()->info("AMF UE NGAP ID {}: UL NAS Transport with payload container type {} not relayed", ctx.ue.value(),
                   static_cast<int>(m.payload_container_type_.value_));
    return;
  }
  ++counters_.uplink_sm_messages;
  runtime::spawn(relay_uplink_sm(ctx.ue, std::move(m)), sessions_of(ctx).procedures.token());
}

void mm_layer::return_payload(mm_context& ctx, std::uint8_t psi, std::vector<std::uint8_t> payload,
                              nas::gmm_cause cause) {
  ++counters_.sm_messages_not_forwarded;
  logger()->info("AMF UE NGAP ID {}: 5GSM for PDU session {} not forwarded, 5GMM cause #{}", ctx.ue.value(), psi,
                 static_cast<int>(cause));
  nas::dl_nas_transport dl;
  dl.payload_container_type_.value_ = nas::payload_container_type_value::n1_sm_information;
  dl.payload_container_.bytes_ = std::move(payload);
  if (psi != 0) dl.pdu_session_id_ = psi;
  dl.cause_ = cause;
  send(ctx, dl);
}

std::vector<std::uint8_t> mm_layer::seal_n1_sm(mm_context& ctx, std::uint8_t psi, std::vector<std::uint8_t> n1_sm) {
  nas::dl_nas_transport dl;
  dl.payload_container_type_.value_ = nas::payload_container_type_value::n1_sm_information;
  dl.payload_container_.bytes_ = std::move(n1_sm);
  dl.pdu_session_id_ = psi;
  return seal(ctx, dl, protection::as_context);
}

runtime::task<void> mm_layer::relay_uplink_sm(model::amf_ue_ngap_id ue, nas::ul_nas_transport m) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr || !ctx->supi) co_return;
  std::vector<std::uint8_t> payload = std::move(m.payload_container_.bytes_);
  const std::uint8_t psi = m.pdu_session_id_.value_or(0);
  // TS 24.501 §9.11.3.41: PDU session identity values 1 to 15.
  if (psi < 1 || psi > 15) {
    return_payload(*ctx, psi, std::move(payload), nas::gmm_cause::payload_was_not_forwarded);
    co_return;
  }
  ue_sessions& ss = sessions_of(*ctx);
  const auto link = ss.links.find(psi);
  const auto request = m.request_type_ ? std::optional(m.request_type_->value_) : std::nullopt;

  if (request != nas::request_type_value::initial_request) {
    // TS 24.501 §5.4.5.2.5: 5GSM of a session this AMF has no routing context
    // for (or one it does not serve: emergency, MA PDU) goes back.
    if (link == ss.links.end() || (request && request != nas::request_type_value::existing_pdu_session &&
                                   request != nas::request_type_value::modification_request)) {
      return_payload(*ctx, psi, std::move(payload), nas::gmm_cause::payload_was_not_forwarded);
      co_return;
    }
    smf::sm_context_update_data u;
    u.n1_sm_msg_ = std::move(payload);
    co_await update_sm_context(ue, psi, std::move(u));
    co_return;
  }

  // An initial request on a PDU session ID in use: TS 23.502 §4.3.2.2.1 has
  // the AMF release the old SM context first.
  if (link != ss.links.end()) {
    std::string old_ref = std::move(link->second.sm_context_ref);
    ss.links.erase(link);
    if (!old_ref.empty() && services_.smf != nullptr) {
      smf::sm_context_release_data release;
      release.cause_ = smf::cause::rel_due_to_duplicate_session_id;
      std::expected<smf::sm_context_released_data, sbi::problem_details> released =
          co_await services_.smf->release_sm_context(old_ref, std::move(release));
      (void)released;  // gone either way
      ctx = context(ue);
      if (ctx == nullptr) co_return;
    }
  }
  if (services_.smf == nullptr) {
    return_payload(*ctx, psi, std::move(payload), nas::gmm_cause::payload_was_not_forwarded);
    co_return;
  }

  // The slice: the UE's, when in its allowed NSSAI; else the first allowed one
  // (TS 23.502 §4.3.2.2.1 step 2: the AMF selects a default S-NSSAI).
  model::s_nssai slice;
  if (m.s_nssai_) {
    if (std::find(ctx->allowed_nssai.begin(), ctx->allowed_nssai.end(), m.s_nssai_->value_) ==
        ctx->allowed_nssai.end()) {
      return_payload(*ctx, psi, std::move(payload), nas::gmm_cause::payload_was_not_forwarded);
      co_return;
    }
    slice = m.s_nssai_->value_;
  } else if (!ctx->allowed_nssai.empty()) {
    slice = ctx->allowed_nssai.front();
  } else {
    return_payload(*ctx, psi, std::move(payload), nas::gmm_cause::payload_was_not_forwarded);
    co_return;
  }

  // The DNN: subscribed for the slice (or its default one when the UE named none).
  if (!ctx->guti) co_return;  // registered UEs have one
  if (!sessions_of(*ctx).smf_selection) {
    const model::supi supi = *ctx->supi;
    const model::plmn plmn = ctx->guti->guami_.plmn_;
    std::expected<udm::smf_selection_subscription_data, sbi::problem_details> selection =
        co_await services_.sdm.get_smf_select_data(supi, plmn);
    ctx = context(ue);
    if (ctx == nullptr) co_return;
    if (!selection) {
      return_payload(*ctx, psi, std::move(payload), nas::gmm_cause::payload_was_not_forwarded);
      co_return;
    }
    sessions_of(*ctx).smf_selection = std::move(*selection);
  }
  const auto& subscribed = sessions_of(*ctx).smf_selection->subscribed_snssai_infos_;
  const auto infos = subscribed.find(slice);
  std::optional<std::string> dnn;
  if (infos != subscribed.end()) {
    for (const auto& d : infos->second.dnn_infos_) {
      if (d.dnn_barred_.value_or(false)) continue;
      if (m.dnn_ ? same_dnn(d.dnn_, m.dnn_->value_) : d.default_dnn_indicator_.value_or(false)) dnn = d.dnn_;
      if (dnn) break;
    }
    if (!dnn && !m.dnn_)
      for (const auto& d : infos->second.dnn_infos_)
        if (!d.dnn_barred_.value_or(false)) {
          dnn = d.dnn_;
          break;
        }
  }
  if (!dnn) {
    return_payload(*ctx, psi, std::move(payload), nas::gmm_cause::dnn_not_supported_or_not_subscribed_in_the_slice);
    co_return;
  }

  const ue_ngap_context* connection = n2_.ues().find(ue);
  if (connection == nullptr) co_return;
  smf::sm_context_create_data data;
  data.supi_ = *ctx->supi;
  data.pei_ = ctx->pei;
  data.pdu_session_id_ = model::pdu_session_id::from(psi);
  data.dnn_ = m.dnn_ ? m.dnn_->value_ : *dnn;
  if (!m.dnn_) data.selected_dnn_ = *dnn;
  data.s_nssai_ = slice;
  data.serving_nf_id_ = cfg_.nf_instance_id;
  data.guami_ = ctx->guti->guami_;
  data.serving_network_.plmn_ = ctx->guti->guami_.plmn_;
  data.request_type_ = smf::request_type::initial_request;
  data.n1_sm_msg_ = std::move(payload);
  data.an_type_ = sbi::access_type::access_3gpp;
  data.rat_type_ = sbi::rat_type::nr;
  if (connection->tai && connection->ncgi)
    data.ue_location_ =
        sbi::user_location{.nr_location_ = sbi::nr_location{.tai_ = *connection->tai, .ncgi_ = *connection->ncgi}};
  data.sm_context_status_uri_ = status_uri(*ctx->supi, psi);
  sessions_of(*ctx).links[psi] =
      pdu_session_link{.sm_context_ref = {}, .s_nssai = slice, .dnn = *dnn, .held_updates = {}};

  std::expected<smf::sm_context_created, smf::sm_context_create_error> created =
      co_await services_.smf->create_sm_context(std::move(data));
  ctx = context(ue);
  if (ctx == nullptr) {
    // The UE went while the SMF worked: its SM context goes too.
    if (created)
      runtime::spawn(
          release_quietly(*services_.smf, created->sm_context_ref_, smf::cause::rel_due_to_unspecified_reason));
    co_return;
  }
  ue_sessions& now = sessions_of(*ctx);
  const auto mine = now.links.find(psi);
  if (!created) {
    ++counters_.sm_context_create_failures;
    if (mine != now.links.end() && mine->second.sm_context_ref.empty()) now.links.erase(mine);
    logger()->info("AMF UE NGAP ID {}: CreateSMContext for PDU session {} refused ({})", ue.value(), psi,
                   sbi::to_string(created.error().error_.cause_.value_or(sbi::cause::system_failure)));
    // The SMF's PDU Session Establishment Reject, when it gave one, reaches the UE.
    if (created.error().n1_sm_msg_)
      deliver(*ctx, session_delivery{.pdu_session_id = psi,
                                     .n1_sm = std::move(*created.error().n1_sm_msg_),
                                     .n2_type = std::nullopt,
                                     .n2_transfer = {}});
    co_return;
  }
  ++counters_.sm_contexts_created;
  if (mine == now.links.end()) {
    // Replaced meanwhile by a newer request on the same ID: this one is not wanted.
    runtime::spawn(
        release_quietly(*services_.smf, created->sm_context_ref_, smf::cause::rel_due_to_duplicate_session_id));
    co_return;
  }
  mine->second.sm_context_ref = created->sm_context_ref_;
  std::vector<smf::sm_context_update_data> held = std::move(mine->second.held_updates);
  for (auto& u : held) co_await update_sm_context(ue, psi, std::move(u));
}

runtime::task<void> mm_layer::update_sm_context(model::amf_ue_ngap_id ue, std::uint8_t psi,
                                                smf::sm_context_update_data u) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr || services_.smf == nullptr) co_return;
  ue_sessions& ss = sessions_of(*ctx);
  const auto link = ss.links.find(psi);
  if (link == ss.links.end()) co_return;
  if (link->second.sm_context_ref.empty()) {
    // CreateSMContext still runs: this waits for its reference.
    link->second.held_updates.push_back(std::move(u));
    co_return;
  }
  const std::string ref = link->second.sm_context_ref;
  std::expected<smf::sm_context_updated_data, smf::sm_context_update_error> updated =
      co_await services_.smf->update_sm_context(ref, std::move(u));
  ctx = context(ue);
  if (ctx == nullptr) co_return;
  session_delivery d{.pdu_session_id = psi, .n1_sm = {}, .n2_type = std::nullopt, .n2_transfer = {}};
  std::optional<sbi::bytes>* n1 = nullptr;
  std::optional<sbi::bytes>* n2 = nullptr;
  std::optional<smf::n2_sm_info_type> n2_type;
  if (updated) {
    n1 = &updated->n1_sm_msg_;
    n2 = &updated->n2_sm_info_;
    n2_type = updated->n2_sm_info_type_;
  } else {
    n1 = &updated.error().n1_sm_msg_;
    n2 = &updated.error().n2_sm_info_;
    n2_type = updated.error().n2_sm_info_type_;
    if (updated.error().error_.cause_ == sbi::cause::context_not_found) {
      // The SMF no longer has it: the routing context goes as well.
      sessions_of(*ctx).links.erase(psi);
    }
  }
  if (*n1) d.n1_sm = std::move(**n1);
  if (*n2 && n2_type) {
    d.n2_type = n2_type;
    d.n2_transfer = std::move(**n2);
  }
  if (!d.n1_sm.empty() || d.n2_type) deliver(*ctx, std::move(d));
}

void mm_layer::deliver(mm_context& ctx, session_delivery d) {
  ue_sessions& ss = sessions_of(ctx);
  ss.queue.push_back(std::move(d));
  if (ss.delivering) return;
  ss.delivering = true;
  runtime::spawn(run_deliveries(ctx.ue), ss.procedures.token());
}

runtime::task<void> mm_layer::run_deliveries(model::amf_ue_ngap_id ue) {
  for (;;) {
    mm_context* ctx = context(ue);
    if (ctx == nullptr) co_return;
    ue_sessions& ss = sessions_of(*ctx);
    if (ss.queue.empty()) {
      ss.delivering = false;
      co_return;
    }
    session_delivery d = std::move(ss.queue.front());
    ss.queue.erase(ss.queue.begin());
    const std::uint8_t psi = d.pdu_session_id;
    // Sealed as it leaves, so that downlink NAS COUNTs reach the UE in order.
    std::vector<std::uint8_t> nas;
    if (!d.n1_sm.empty()) nas = seal_n1_sm(*ctx, psi, std::move(d.n1_sm));
    if (!d.n2_type) {
      if (!nas.empty()) n2_.send_downlink_nas(ue, nas);
      continue;
    }
    const auto link = ss.links.find(psi);
    pdu_session_resource_request request{.pdu_session_id = psi,
                                         .s_nssai = link != ss.links.end() ? link->second.s_nssai : model::s_nssai{},
                                         .transfer = std::move(d.n2_transfer),
                                         .nas_pdu = {}};
    pdu_session_resource_result result;
    smf::n2_sm_info_type answered = smf::n2_sm_info_type::pdu_res_setup_rsp;
    smf::n2_sm_info_type failed = smf::n2_sm_info_type::pdu_res_setup_fail;
    switch (*d.n2_type) {
      case smf::n2_sm_info_type::pdu_res_setup_req: {
        request.nas_pdu = std::move(nas);
        std::optional<ngap::ue_aggregate_maximum_bit_rate> ambr;
        if (ctx->ue_ambr_downlink != 0 || ctx->ue_ambr_uplink != 0) {
          ambr.emplace();
          ambr->ue_aggregate_maximum_bit_rate_dl_ = static_cast<std::int64_t>(ctx->ue_ambr_downlink);
          ambr->ue_aggregate_maximum_bit_rate_ul_ = static_cast<std::int64_t>(ctx->ue_ambr_uplink);
        }
        std::vector<pdu_session_resource_request> sessions;
        sessions.push_back(std::move(request));
        result = co_await n2_.pdu_session_resource_setup(ue, std::move(sessions), std::move(ambr));
        break;
      }
      case smf::n2_sm_info_type::pdu_res_rel_cmd: {
        answered = failed = smf::n2_sm_info_type::pdu_res_rel_rsp;
        std::vector<pdu_session_resource_request> sessions;
        sessions.push_back(std::move(request));
        result = co_await n2_.pdu_session_resource_release(ue, std::move(sessions), std::move(nas));
        break;
      }
      case smf::n2_sm_info_type::pdu_res_mod_req: {
        answered = smf::n2_sm_info_type::pdu_res_mod_rsp;
        failed = smf::n2_sm_info_type::pdu_res_mod_fail;
        request.nas_pdu = std::move(nas);
        std::vector<pdu_session_resource_request> sessions;
        sessions.push_back(std::move(request));
        result = co_await n2_.pdu_session_resource_modify(ue, std::move(sessions));
        break;
      }
      default:
        logger()->warn("AMF UE NGAP ID {}: N2 SM information {} for PDU session {} not carried by this AMF", ue.value(),
                       sbi::to_string(*d.n2_type), psi);
        if (!nas.empty()) n2_.send_downlink_nas(ue, nas);
        continue;
    }
    if (result.outcome == pdu_session_resource_outcome::connection_gone) co_return;
    for (auto& a : result.items) {
      smf::sm_context_update_data u;
      u.n2_sm_info_ = std::move(a.transfer);
      u.n2_sm_info_type_ = a.succeeded ? answered : failed;
      co_await update_sm_context(ue, a.pdu_session_id, std::move(u));
    }
  }
}

sbi::awaitable<amf::n1_n2_message_transfer_rsp_data> mm_layer::n1_n2_message_transfer(
    std::string ue_context_id, amf::n1_n2_message_transfer_req_data request) {
  ++counters_.n1_n2_transfers;
  std::optional<std::uint8_t> psi;
  if (request.pdu_session_id_) psi = request.pdu_session_id_->value();
  const n2_sm_information* sm = request.n2_info_container_ && request.n2_info_container_->sm_info_
                                    ? &*request.n2_info_container_->sm_info_
                                    : nullptr;
  if (sm != nullptr) psi = sm->pdu_session_id_.value();
  if (!psi) co_return std::unexpected(sbi::problem_details::of(sbi::cause::mandatory_ie_missing, "pduSessionId"));
  session_delivery d{.pdu_session_id = *psi, .n1_sm = {}, .n2_type = std::nullopt, .n2_transfer = {}};
  if (request.n1_message_container_ && request.n1_message_container_->n1_message_class_ == n1_message_class::sm)
    d.n1_sm = std::move(request.n1_message_container_->n1_message_content_);
  if (sm != nullptr && sm->n2_info_content_) {
    const auto type =
        sm->n2_info_content_->ngap_ie_type_ ? n2_type_of(*sm->n2_info_content_->ngap_ie_type_) : std::nullopt;
    if (!type) co_return std::unexpected(sbi::problem_details::of(sbi::cause::invalid_msg_format, "ngapIeType"));
    d.n2_type = type;
    d.n2_transfer = std::move(request.n2_info_container_->sm_info_->n2_info_content_->ngap_data_);
  }
  if (d.n1_sm.empty() && !d.n2_type)
    co_return std::unexpected(sbi::problem_details::of(sbi::cause::mandatory_ie_missing, "n1MessageContainer"));

  const auto connected = by_supi_.find(ue_context_id);
  if (mm_context* ctx =
          connected == by_supi_.end() ? nullptr : context(*model::amf_ue_ngap_id::from(connected->second));
      ctx != nullptr && ctx->state == mm_state::registered) {
    deliver(*ctx, std::move(d));
    co_return amf::n1_n2_message_transfer_rsp_data{};
  }
  // TS 23.502 §4.2.3.3: a UE in CM-IDLE is paged; the delivery waits for its Service Request.
  const auto idle = idle_by_supi_.find(ue_context_id);
  const auto parked = idle == idle_by_supi_.end() ? idle_.end() : idle_.find(idle->second);
  if (parked == idle_.end()) co_return std::unexpected(sbi::problem_details::of(sbi::cause::context_not_found));
  ue_sessions& ss = sessions_of(parked->second);
  ss.queue.push_back(std::move(d));
  if (!ss.paging) {
    ss.paging = true;
    runtime::spawn(page(parked->first), parked->second.procedures.token());
  }
  co_return amf::n1_n2_message_transfer_rsp_data{.cause_ = n1_n2_message_transfer_cause::attempting_to_reach_ue};
}

sbi::awaitable<sbi::no_content> mm_layer::sm_context_status_notification(
    sbi::uri sm_context_status_uri, smf::sm_context_status_notification notification) {
  // ".../v1/{supi}/sm-context-status/{psi}", as status_uri() made it.
  static constexpr std::string_view marker = "/sm-context-status/";
  const auto at = sm_context_status_uri.rfind(marker);
  const auto start = sm_context_status_uri.rfind('/', at == std::string::npos || at == 0 ? 0 : at - 1);
  if (at == std::string::npos || start == std::string::npos)
    co_return std::unexpected(sbi::problem_details::of(sbi::cause::resource_context_not_found));
  const std::string supi = sm_context_status_uri.substr(start + 1, at - start - 1);
  const std::string psi_text = sm_context_status_uri.substr(at + marker.size());
  const int psi = std::atoi(psi_text.c_str());
  const auto it = by_supi_.find(supi);
  mm_context* ctx = it == by_supi_.end() ? nullptr : context(*model::amf_ue_ngap_id::from(it->second));
  if (ctx == nullptr || !ctx->sessions || !ctx->sessions->links.contains(static_cast<std::uint8_t>(psi)))
    co_return std::unexpected(sbi::problem_details::of(sbi::cause::context_not_found));
  if (notification.status_info_.resource_status_ == smf::resource_status::released) {
    logger()->info("AMF UE NGAP ID {}: PDU session {} released by the SMF", ctx->ue.value(), psi);
    ctx->sessions->links.erase(static_cast<std::uint8_t>(psi));
  }
  co_return sbi::no_content{};
}

void mm_layer::release_sessions_not_in(mm_context& ctx, const nas::psi_bitmap& ue_status) {
  if (!ctx.sessions || services_.smf == nullptr) return;
  auto& links = ctx.sessions->links;
  for (auto it = links.begin(); it != links.end();) {
    if (ue_status.has(it->first) || it->second.sm_context_ref.empty()) {
      ++it;
      continue;
    }
    runtime::spawn(release_quietly(*services_.smf, it->second.sm_context_ref, smf::cause::pdu_session_status_mismatch));
    it = links.erase(it);
  }
}

void mm_layer::release_sm_contexts(mm_context& ctx) {
  if (!ctx.sessions) return;
  ctx.sessions->procedures.request_cancellation();
  if (services_.smf != nullptr)
    for (auto& [psi, link] : ctx.sessions->links)
      if (!link.sm_context_ref.empty())
        runtime::spawn(
            release_quietly(*services_.smf, std::move(link.sm_context_ref), smf::cause::rel_due_to_unspecified_reason));
  ctx.sessions.reset();
}

}  // namespace meridian::amf
