// CM-IDLE (TS 23.501 §5.3.3.2.4, TS 24.501 §5.3.7, §5.6.2): a registered
// UE whose connection ends keeps its 5GMM context here, by 5G-TMSI, with its
// NAS security context and its PDU sessions' routing contexts:
//
//   connection released ─► enter_idle: the SMF deactivates each session's
//     user plane (UpdateSMContext upCnxState DEACTIVATED, TS 23.502 §4.2.6);
//     the mobile reachable timer (T3512 + 4 min) starts
//   an initial NAS message naming it (Service Request's 5G-S-TMSI,
//     Registration or Deregistration Request's 5G-GUTI of a served GUAMI)
//     ─► adopt: the context moves to the new connection, its timers stop,
//     and the message is checked with its NAS security context (a failed
//     check puts it back: the sender was not that UE)
//   the SMF's N1N2MessageTransfer while idle ─► the delivery waits, the UE is
//     paged (T3513, paging_attempts), its Service Request collects it
//   mobile reachable expiry ─► implicit de-registration timer ─► deregistered:
//     SM contexts released, the UDM told (purge), the 5G-TMSI freed

#include <algorithm>

#include "mm_support.hpp"

#include "meridian/amf/amf_n2.hpp"
#include "meridian/nas/nas.hpp"

namespace meridian::amf {

using mm_detail::logger;

namespace {

/// Tells the SMF that a session's user plane is down (the UE went idle); nobody waits for the answer.
runtime::task<void> deactivate_quietly(smf::nsmf_pdu_session& smf, std::string ref) {
  smf::sm_context_update_data data;
  data.up_cnx_state_ = smf::up_cnx_state::deactivated;
  std::expected<smf::sm_context_updated_data, smf::sm_context_update_error> r =
      co_await smf.update_sm_context(ref, std::move(data));
  if (!r) logger()->debug("SM context {}: deactivation refused ({})", ref, r.error().error_.status_);
}

}  // namespace

const mm_context* mm_layer::find_idle(model::tmsi_5g tmsi) const {
  const auto it = idle_.find(tmsi.value());
  return it == idle_.end() ? nullptr : &it->second;
}

void mm_layer::enter_idle(mm_context ctx) {
  ++counters_.idle_entries;
  logger()->debug("AMF UE NGAP ID {}: CM-IDLE, 5G-GUTI {}", ctx.ue.value(), ctx.guti->to_string());
  ctx.awaited = {};
  if (ctx.sessions) {
    ue_sessions& ss = *ctx.sessions;
    ss.procedures.request_cancellation();
    ss.procedures = runtime::cancellation_source{};
    ss.queue.clear();
    ss.delivering = false;
    if (services_.smf != nullptr)
      for (const auto& [psi, link] : ss.links)
        if (!link.sm_context_ref.empty()) runtime::spawn(deactivate_quietly(*services_.smf, link.sm_context_ref));
  }
  park(std::move(ctx));
}

void mm_layer::park(mm_context ctx) {
  const std::uint32_t tmsi = ctx.guti->tmsi_.value();
  ctx.procedures = runtime::cancellation_source{};
  if (ctx.supi) idle_by_supi_[ctx.supi->to_string()] = tmsi;
  auto [it, inserted] = idle_.insert_or_assign(tmsi, std::move(ctx));
  mm_context& parked = it->second;
  runtime::spawn(reachability(tmsi), parked.procedures.token());
  if (parked.sessions && !parked.sessions->queue.empty()) {
    parked.sessions->paging = true;
    runtime::spawn(page(tmsi), parked.procedures.token());
  }
}

std::optional<std::uint32_t> mm_layer::idle_ue_named_by(std::span<const std::uint8_t> bytes) const {
  if (idle_.empty()) return std::nullopt;
  auto pdu = nas::decode_nas(bytes);
  const auto* sp = pdu ? std::get_if<nas::protected_pdu>(&*pdu) : nullptr;
  // §4.4.6: an initial message of a UE with a security context is integrity protected, not ciphered.
  if (sp == nullptr || sp->security_header_type_ != nas::security_header_type::integrity_protected) return std::nullopt;
  auto inner = nas::decode_plain_nas(sp->payload_, 7);
  const auto* gmm = inner ? std::get_if<nas::gmm_pdu>(&*inner) : nullptr;
  if (gmm == nullptr) return std::nullopt;
  const nas::mobile_identity* identity = nullptr;
  if (const auto* sr = std::get_if<nas::service_request>(&gmm->message_)) identity = &sr->s_tmsi_;
  if (const auto* rr = std::get_if<nas::registration_request>(&gmm->message_)) identity = &rr->mobile_identity_;
  if (const auto* dr = std::get_if<nas::deregistration_request_ue_originating>(&gmm->message_))
    identity = &dr->mobile_identity_;
  if (identity == nullptr) return std::nullopt;
  // Only an identity this AMF gave names one of its contexts (TS 23.003 §2.10.1).
  const auto& served = n2_.config().served_guamis;
  std::optional<std::uint32_t> tmsi;
  if (const auto* g = std::get_if<nas::guti_5g_identity>(&identity->value_)) {
    if (std::find(served.begin(), served.end(), g->value_.guami_) != served.end()) tmsi = g->value_.tmsi_.value();
  } else if (const auto* s = std::get_if<nas::s_tmsi_5g_identity>(&identity->value_)) {
    if (std::any_of(served.begin(), served.end(), [&](const model::guami& m) {
          return m.amf_id_.set_ == s->value_.set_ && m.amf_id_.pointer_ == s->value_.pointer_;
        }))
      tmsi = s->value_.tmsi_.value();
  }
  if (!tmsi || !idle_.contains(*tmsi)) return std::nullopt;
  return tmsi;
}

void mm_layer::adopt(mm_context& slot, std::uint32_t tmsi) {
  auto node = idle_.extract(tmsi);
  mm_context& ctx = node.mapped();
  ctx.procedures.request_cancellation();  // the reachability timers and any paging end here
  ctx.procedures = runtime::cancellation_source{};
  ctx.ue = slot.ue;
  if (ctx.supi) {
    idle_by_supi_.erase(ctx.supi->to_string());
    by_supi_[ctx.supi->to_string()] = ctx.ue.value();
  }
  if (ctx.sessions) ctx.sessions->paging = false;
  slot = std::move(ctx);
}

runtime::task<void> mm_layer::reachability(std::uint32_t tmsi) {
  // §5.3.7: with T3512 deactivated the network keeps the UE without these timers.
  if (cfg_.t3512.count() == 0) co_return;
  std::expected<void, runtime::runtime_error> slept =
      co_await timers_.sleep_for(cfg_.t3512 + cfg_.mobile_reachable_margin);
  if (!slept) co_return;
  ++counters_.mobile_reachable_expiries;
  logger()->debug("5G-TMSI {:08x}: mobile reachable timer expired", tmsi);
  slept = co_await timers_.sleep_for(cfg_.implicit_deregistration);
  if (!slept) co_return;
  implicit_deregistration(tmsi);
}

void mm_layer::implicit_deregistration(std::uint32_t tmsi) {
  auto node = idle_.extract(tmsi);
  if (node.empty()) return;
  mm_context& ctx = node.mapped();
  ++counters_.implicit_deregistrations;
  logger()->info("5G-GUTI {}: implicitly deregistered (TS 24.501 §5.3.7)", ctx.guti->to_string());
  release_sm_contexts(ctx);
  tmsis_in_use_.erase(tmsi);
  if (ctx.supi) {
    idle_by_supi_.erase(ctx.supi->to_string());
    runtime::spawn(purge_at_udm(*ctx.supi));
  }
}

runtime::task<void> mm_layer::page(std::uint32_t tmsi) {
  for (int attempt = 1; attempt <= cfg_.paging_attempts; ++attempt) {
    const auto it = idle_.find(tmsi);
    if (it == idle_.end()) co_return;
    const mm_context& ctx = it->second;
    std::vector<model::tai> area;
    if (ctx.tai) {
      for (const auto& partial : registration_area(*ctx.tai).partial_lists_)
        if (const auto* tacs = std::get_if<nas::tai_list_tacs>(&partial))
          for (const auto& tac : tacs->tacs_) area.push_back(model::tai{tacs->plmn_, tac});
    }
    ++counters_.pagings;
    if (n2_.send_paging(model::s_tmsi_5g::of(*ctx.guti), area) == 0)
      logger()->info("5G-GUTI {}: no gNB serves its registration area; paging anyway later", ctx.guti->to_string());
    std::expected<void, runtime::runtime_error> slept = co_await timers_.sleep_for(cfg_.t3513);
    if (!slept) co_return;  // the UE answered (its context was adopted) or went
    ++counters_.t3513_expiries;
  }
  const auto it = idle_.find(tmsi);
  if (it == idle_.end()) co_return;
  ++counters_.paging_failures;
  logger()->info("5G-GUTI {}: no answer to paging; what waited for the UE is dropped", it->second.guti->to_string());
  if (it->second.sessions) {
    it->second.sessions->queue.clear();
    it->second.sessions->paging = false;
  }
}

}  // namespace meridian::amf
