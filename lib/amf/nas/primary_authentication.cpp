// The AMF's 5GMM layer: dispatch of NAS PDUs per UE, and primary
// authentication by 5G-AKA (TS 24.501 §5.4.1.3, TS 33.501 §6.1.3.2); the
// sequence diagram is at the top of include/meridian/amf/mm.hpp.

#include <fmt/format.h>

#include "meridian/amf/amf_n2.hpp"
#include "meridian/amf/mm.hpp"
#include "meridian/common/log.hpp"
#include "meridian/nas/nas.hpp"

namespace meridian::amf {

namespace {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = log::get("amf.nas");
  return l;
}

ngap::cause nas_cause(ngap::cause_nas c) {
  ngap::cause out;
  out.value_ = c;
  return out;
}

}  // namespace

mm_layer::mm_layer(mm_config cfg, amf_n2& n2, ausf::nausf_ue_authentication& ausf, runtime::timer_service& timers)
    : cfg_(std::move(cfg)), n2_(n2), ausf_(ausf), timers_(timers), authentication_responses_(timers) {}

mm_layer::~mm_layer() {
  for (auto& [id, ctx] : ues_) ctx.procedures.request_cancellation();
}

const mm_context* mm_layer::find(model::amf_ue_ngap_id ue) const {
  const auto it = ues_.find(ue.value());
  return it == ues_.end() ? nullptr : &it->second;
}

void mm_layer::send(model::amf_ue_ngap_id ue, const nas::gmm_message& m) {
  auto bytes = nas::encode_nas(m);
  if (!bytes) {
    logger()->error("AMF UE NGAP ID {}: cannot encode {}", ue.value(), nas::message_name(m));
    return;
  }
  n2_.send_downlink_nas(ue, *bytes);
}

void mm_layer::release(model::amf_ue_ngap_id ue, bool authentication_failure) {
  n2_.release_ue_context(ue, nas_cause(authentication_failure ? ngap::cause_nas::authentication_failure
                                                               : ngap::cause_nas::normal_release));
}

void mm_layer::on_initial_nas(const ue_ngap_context& ue, std::span<const std::uint8_t> nas_pdu,
                              const ngap::initial_ue_message&) {
  auto [it, fresh] = ues_.try_emplace(ue.amf_id.value());
  if (!fresh) it->second.procedures.request_cancellation();
  it->second = mm_context{};
  it->second.ue = ue.amf_id;
  on_uplink_nas(ue, nas_pdu);
}

void mm_layer::on_uplink_nas(const ue_ngap_context& ue, std::span<const std::uint8_t> nas_pdu) {
  const auto it = ues_.find(ue.amf_id.value());
  if (it == ues_.end()) return;
  auto pdu = nas::decode_nas(nas_pdu);
  if (!pdu) {
    ++counters_.undecodable_nas;
    logger()->warn("AMF UE NGAP ID {}: undecodable NAS: {}", ue.amf_id.value(), pdu.error().message());
    return;
  }
  const auto* gmm = std::get_if<nas::gmm_pdu>(&*pdu);
  if (gmm == nullptr) {
    // Protected NAS needs the security context the next step builds (SMC).
    ++counters_.unexpected_nas;
    logger()->debug("AMF UE NGAP ID {}: {} not handled yet", ue.amf_id.value(), nas::message_name(*pdu));
    return;
  }
  on_gmm(it->second, gmm->message_);
}

void mm_layer::on_gmm(mm_context& ctx, const nas::gmm_message& m) {
  if (const auto* rr = std::get_if<nas::registration_request>(&m)) {
    ++counters_.registration_requests;
    const auto* suci = std::get_if<nas::suci_imsi>(&rr->mobile_identity_.value_);
    const auto model_suci = suci != nullptr ? suci->to_model() : std::nullopt;
    if (!model_suci) {
      ++counters_.unsupported_identities;
      logger()->info("AMF UE NGAP ID {}: Registration Request without an IMSI SUCI: not handled yet", ctx.ue.value());
      release(ctx.ue, false);
      return;
    }
    runtime::spawn(primary_authentication(ctx.ue, *model_suci), ctx.procedures.token());
    return;
  }
  if (const auto* ar = std::get_if<nas::authentication_response>(&m)) {
    if (ctx.state == mm_state::authenticating && authentication_responses_.complete(ctx.ue.value(), *ar)) return;
  }
  ++counters_.unexpected_nas;
  logger()->debug("AMF UE NGAP ID {}: {} unexpected in this state", ctx.ue.value(), nas::message_name(m));
}

void mm_layer::on_ue_context_released(model::amf_ue_ngap_id ue, ue_release_reason) {
  const auto it = ues_.find(ue.value());
  if (it == ues_.end()) return;
  it->second.procedures.request_cancellation();  // its procedure ends here, inline
  ues_.erase(ue.value());
}

runtime::task<void> mm_layer::primary_authentication(model::amf_ue_ngap_id ue, model::suci suci) {
  ++counters_.authentications_started;
  // AMF ── Nausf_UEAuthentication_Authenticate(SUCI, serving network name) ─► AUSF
  ausf::authentication_info info;
  info.supi_or_suci_ = suci;
  info.serving_network_name_ = cfg_.serving_network_name;
  std::expected<ausf::ue_authentication_ctx, sbi::problem_details> ctx = co_await ausf_.authenticate(std::move(info));
  auto it = ues_.find(ue.value());
  if (it == ues_.end()) co_return;  // released meanwhile
  const auto* av = ctx ? std::get_if<ausf::av_5g_aka>(&ctx->auth_data_5g_) : nullptr;
  const auto link = ctx ? ctx->links_.find("5g-aka") : decltype(ctx->links_.end()){};
  if (av == nullptr || av->rand_.size() != 16 || av->autn_.size() != 16 || link == ctx->links_.end()) {
    // Unknown subscriber, undecryptable SUCI, EAP-AKA' (next step), ...
    ++counters_.authentications_rejected;
    logger()->info("AMF UE NGAP ID {}: the AUSF did not start 5G-AKA ({})", ue.value(),
                   ctx ? "not a 5G-AKA vector" : sbi::to_string(ctx.error().cause_.value_or(sbi::cause::system_failure)));
    release(ue, false);
    co_return;
  }
  const std::string auth_ctx_id(ausf::auth_ctx_id_of(link->second.href_));

  // UE ◄─ AUTHENTICATION REQUEST (ngKSI, ABBA, RAND, AUTN) ── AMF, then T3560.
  mm_context& mc = it->second;
  mc.state = mm_state::authenticating;
  nas::authentication_request request;
  request.ngksi_.ksi_ = mc.ngksi;
  request.abba_.bytes_ = {0x00, 0x00};  // TS 33.501 §A.7.1: ABBA 0x0000 (no features)
  nas::rand_value rand{};
  nas::autn_value autn{};
  std::copy(av->rand_.begin(), av->rand_.end(), rand.begin());
  std::copy(av->autn_.begin(), av->autn_.end(), autn.begin());
  request.rand_ = rand;
  request.autn_ = autn;
  // TS 24.501 §5.4.1.3.7 b): on each expiry of T3560 the request is sent
  // again, four times; the fifth expiry aborts the procedure.
  std::optional<nas::authentication_response> response;
  for (int sent = 1; !response; ++sent) {
    auto answer = authentication_responses_.wait(ue.value(), cfg_.t3560);
    send(ue, request);
    std::expected<nas::authentication_response, runtime::runtime_error> got = co_await answer;
    if (got) {
      response = std::move(*got);
      break;
    }
    if (got.error() != runtime::runtime_error::timed_out) co_return;  // released
    ++counters_.t3560_expiries;
    if (sent < 5) continue;
    logger()->info("AMF UE NGAP ID {}: T3560 expired five times, no Authentication Response", ue.value());
    if (auto again = ues_.find(ue.value()); again != ues_.end()) again->second.state = mm_state::deregistered;
    release(ue, false);
    co_return;
  }

  // AMF ── 5g-aka-confirmation(RES*) ─► AUSF ── SUPI, K_SEAF ─► AMF
  ausf::confirmation_data data;
  if (response->res_star_) data.res_star_ = sbi::bytes(response->res_star_->begin(), response->res_star_->end());
  std::expected<ausf::confirmation_data_response, sbi::problem_details> confirmed =
      co_await ausf_.confirm_5g_aka(auth_ctx_id, std::move(data));
  it = ues_.find(ue.value());
  if (it == ues_.end()) co_return;
  if (confirmed && confirmed->auth_result_ == ausf::auth_result::authentication_success && confirmed->kseaf_) {
    it->second.state = mm_state::authenticated;
    it->second.supi = confirmed->supi_;
    it->second.kseaf = *confirmed->kseaf_;
    ++counters_.authentications_succeeded;
    logger()->info("AMF UE NGAP ID {}: 5G-AKA complete", ue.value());  // the SUPI only at debug (DESIGN.md)
    logger()->debug("AMF UE NGAP ID {}: SUPI {}", ue.value(), it->second.supi ? it->second.supi->to_string() : "?");
    co_return;
  }
  // TS 24.501 §5.4.1.3.5: RES* wrong: Authentication Reject, and the connection ends.
  ++counters_.authentications_rejected;
  it->second.state = mm_state::deregistered;
  logger()->info("AMF UE NGAP ID {}: 5G-AKA failed at the AUSF; Authentication Reject", ue.value());
  send(ue, nas::authentication_reject{});
  release(ue, true);
}

}  // namespace meridian::amf
