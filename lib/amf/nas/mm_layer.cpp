// The AMF's 5GMM layer: one context per UE-associated connection, the NAS
// PDUs it receives opened under the rules of TS 24.501 §4.4.4.3, the
// messages it sends protected as §4.4.5 says, and the answers handed to the
// procedure that waits for them. The procedures are in the other files here;
// the sequence diagram is at the top of include/meridian/amf/mm.hpp.

#include "mm_support.hpp"

#include "meridian/amf/amf_n2.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/nas/security.hpp"

namespace meridian::amf {

using mm_detail::logger;

namespace {

ngap::cause nas_cause(ngap::cause_nas c) {
  ngap::cause out;
  out.value_ = c;
  return out;
}

/// TS 24.501 §4.4.4.3: what the AMF processes before the secure exchange of
/// NAS messages is established (a plain message, or one whose MAC it cannot check).
bool allowed_without_security(const nas::gmm_message& m) {
  return std::holds_alternative<nas::registration_request>(m) || std::holds_alternative<nas::identity_response>(m) ||
         std::holds_alternative<nas::authentication_response>(m) ||
         std::holds_alternative<nas::authentication_failure>(m) ||
         std::holds_alternative<nas::security_mode_reject>(m) ||
         std::holds_alternative<nas::deregistration_request_ue_originating>(m) ||
         std::holds_alternative<nas::deregistration_accept_ue_terminated>(m) ||
         std::holds_alternative<nas::service_request>(m);
}

}  // namespace

std::string_view to_string(mm_state s) noexcept {
  switch (s) {
    case mm_state::deregistered: return "deregistered";
    case mm_state::identifying: return "identifying";
    case mm_state::authenticating: return "authenticating";
    case mm_state::authenticated: return "authenticated";
    case mm_state::securing: return "securing";
    case mm_state::registering: return "registering";
    case mm_state::registered: return "registered";
  }
  return "?";
}

mm_layer::mm_layer(mm_config cfg, amf_n2& n2, mm_services services, runtime::timer_service& timers)
    : cfg_(std::move(cfg)), n2_(n2), services_(services), timers_(timers), answers_(timers) {}

mm_layer::~mm_layer() {
  for (auto& [id, ctx] : ues_) {
    ctx.procedures.request_cancellation();
    if (ctx.sessions) ctx.sessions->procedures.request_cancellation();
  }
  for (auto& [tmsi, ctx] : idle_) ctx.procedures.request_cancellation();
}

const mm_context* mm_layer::find(model::amf_ue_ngap_id ue) const {
  const auto it = ues_.find(ue.value());
  return it == ues_.end() ? nullptr : &it->second;
}

mm_context* mm_layer::context(model::amf_ue_ngap_id ue) {
  const auto it = ues_.find(ue.value());
  return it == ues_.end() ? nullptr : &it->second;
}

std::vector<std::uint8_t> mm_layer::seal(mm_context& ctx, const nas::gmm_message& m, protection p) {
  auto plain = nas::encode_nas(m);
  if (!plain) {
    logger()->error("AMF UE NGAP ID {}: cannot encode {}", ctx.ue.value(), nas::message_name(m));
    return {};
  }
  security::nas_security_context* sc = p == protection::new_context ? &*ctx.new_security
                                       : ctx.security                ? &*ctx.security
                                                                     : nullptr;
  if (sc == nullptr) return std::move(*plain);
  const auto sht = p == protection::new_context ? nas::security_header_type::integrity_protected_with_new_context
                                                : nas::security_header_type::integrity_protected_and_ciphered;
  auto sealed = nas::protect(*sc, *plain, sht);
  if (!sealed) {
    // Only a wrapped downlink COUNT gets here: a new K_AMF would be needed first (TS 33.501 §6.4.3.1).
    logger()->error("AMF UE NGAP ID {}: cannot protect {}: {}", ctx.ue.value(), nas::message_name(m),
                    sealed.error().message());
    return {};
  }
  return std::move(*sealed);
}

void mm_layer::send(mm_context& ctx, const nas::gmm_message& m, protection p) {
  const auto pdu = seal(ctx, m, p);
  if (!pdu.empty()) n2_.send_downlink_nas(ctx.ue, pdu);
}

void mm_layer::release(model::amf_ue_ngap_id ue, ngap::cause_nas why) { n2_.release_ue_context(ue, nas_cause(why)); }

void mm_layer::reject(model::amf_ue_ngap_id ue, nas::gmm_cause cause) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr) return;
  ++counters_.registrations_rejected;
  ctx->state = mm_state::deregistered;
  logger()->info("AMF UE NGAP ID {}: Registration Reject, 5GMM cause #{}", ue.value(), static_cast<int>(cause));
  nas::registration_reject r;
  r.cause_ = cause;
  send(*ctx, r);
  release(ue);
}

model::tmsi_5g mm_layer::allocate_tmsi() {
  // 2^32 values for at most a few million UEs: a handful of draws at worst.
  for (;;) {
    const auto t = static_cast<std::uint32_t>(tmsi_random_());
    if (tmsis_in_use_.insert(t).second) return *model::tmsi_5g::from(t);  // every 32-bit value is one
  }
}

void mm_layer::on_initial_nas(const ue_ngap_context& ue, std::span<const std::uint8_t> nas_pdu,
                              const ngap::initial_ue_message&) {
  auto [it, fresh] = ues_.try_emplace(ue.amf_id.value());
  if (!fresh) {
    it->second.procedures.request_cancellation();
    release_sm_contexts(it->second);
  }
  it->second = mm_context{};
  it->second.ue = ue.amf_id;
  if (const auto tmsi = idle_ue_named_by(nas_pdu)) {
    // A UE of ours in CM-IDLE: its kept context checks the message.
    adopt(it->second, *tmsi);
    if (auto opened = open(it->second, nas_pdu, true)) {
      on_gmm(it->second, std::move(*opened));
      return;
    }
    // Not that UE after all (or its context is stale): the context goes
    // back to waiting for it, and the message is taken as from a stranger.
    mm_context back = std::move(it->second);
    if (back.supi) by_supi_.erase(back.supi->to_string());
    park(std::move(back));
    it->second = mm_context{};
    it->second.ue = ue.amf_id;
  }
  auto opened = open(it->second, nas_pdu, true);
  if (opened) on_gmm(it->second, std::move(*opened));
}

void mm_layer::on_uplink_nas(const ue_ngap_context& ue, std::span<const std::uint8_t> nas_pdu) {
  mm_context* ctx = context(ue.amf_id);
  if (ctx == nullptr) return;
  auto opened = open(*ctx, nas_pdu, false);
  if (opened) on_gmm(*ctx, std::move(*opened));
}

std::optional<nas::gmm_message> mm_layer::open(mm_context& ctx, std::span<const std::uint8_t> bytes, bool initial) {
  auto pdu = nas::decode_nas(bytes);
  if (!pdu) {
    ++counters_.undecodable_nas;
    logger()->warn("AMF UE NGAP ID {}: undecodable NAS: {}", ctx.ue.value(), pdu.error().message());
    return std::nullopt;
  }
  if (const auto* gmm = std::get_if<nas::gmm_pdu>(&*pdu)) {
    // §4.4.4.3: once the secure exchange is established, a plain message is discarded.
    if (ctx.security || !allowed_without_security(gmm->message_)) {
      ++(ctx.security ? counters_.unprotected_after_security : counters_.unexpected_nas);
      logger()->info("AMF UE NGAP ID {}: plain {} discarded (TS 24.501 §4.4.4.3)", ctx.ue.value(),
                     nas::message_name(gmm->message_));
      return std::nullopt;
    }
    return std::move(gmm->message_);
  }
  const auto* sp = std::get_if<nas::protected_pdu>(&*pdu);
  if (sp == nullptr) {  // a 5GSM message outside an UL NAS Transport
    ++counters_.unexpected_nas;
    return std::nullopt;
  }
  // Header types 3 and 4 belong to the context a Security Mode Command proposes.
  const bool for_new = sp->security_header_type_ == nas::security_header_type::integrity_protected_with_new_context ||
                       sp->security_header_type_ ==
                           nas::security_header_type::integrity_protected_and_ciphered_with_new_context;
  security::nas_security_context* sc = for_new ? (ctx.new_security ? &*ctx.new_security : nullptr)
                                               : (ctx.security ? &*ctx.security : nullptr);
  if (sc == nullptr) {
    // An initial message protected with a context this AMF does not have (the
    // UE's from another AMF, or one forgotten): its MAC cannot be checked, but
    // an unciphered Registration Request is taken as unverified (§4.4.4.3),
    // and authentication follows.
    if (initial && sp->security_header_type_ == nas::security_header_type::integrity_protected) {
      auto inner = nas::decode_plain_nas(sp->payload_, 7);
      if (const auto* gmm = inner ? std::get_if<nas::gmm_pdu>(&*inner) : nullptr;
          gmm != nullptr && allowed_without_security(gmm->message_)) {
        ctx.initial_unverified = true;
        return std::move(gmm->message_);
      }
    }
    ++counters_.integrity_failures;
    logger()->info("AMF UE NGAP ID {}: protected NAS for a security context not here; discarded", ctx.ue.value());
    return std::nullopt;
  }
  auto plain = nas::unprotect(*sc, bytes);
  if (!plain) {
    ++counters_.integrity_failures;
    logger()->info("AMF UE NGAP ID {}: NAS failed its integrity check; discarded ({})", ctx.ue.value(),
                   plain.error().message());
    return std::nullopt;
  }
  auto inner = nas::decode_plain_nas(*plain);
  const auto* gmm = inner ? std::get_if<nas::gmm_pdu>(&*inner) : nullptr;
  if (gmm == nullptr) {
    ++counters_.undecodable_nas;
    logger()->warn("AMF UE NGAP ID {}: undecodable protected NAS: {}", ctx.ue.value(),
                   inner ? "not a 5GMM message" : inner.error().message());
    return std::nullopt;
  }
  return std::move(gmm->message_);
}

void mm_layer::on_gmm(mm_context& ctx, nas::gmm_message m) {
  if (auto* rr = std::get_if<nas::registration_request>(&m)) {
    ++counters_.registration_requests;
    // A new Registration Request ends whatever ran for this UE (TS 24.501
    // §5.5.1.2.8 c: the newest one is the one answered).
    restart(ctx, registration(ctx.ue, std::move(*rr)));
    return;
  }
  if (auto* sr = std::get_if<nas::service_request>(&m)) {
    restart(ctx, service_request(ctx.ue, std::move(*sr)));
    return;
  }
  if (auto* dr = std::get_if<nas::deregistration_request_ue_originating>(&m)) {
    // §5.5.2.2.6: a UE's deregistration goes before any other procedure.
    restart(ctx, ue_deregistration(ctx.ue, std::move(*dr)));
    return;
  }
  if (auto* ul = std::get_if<nas::ul_nas_transport>(&m); ul != nullptr && ctx.state == mm_state::registered) {
    // TS 24.501 §5.4.5.2: runs beside the 5GMM procedures, not in their place.
    on_ul_nas_transport(ctx, std::move(*ul));
    return;
  }
  const std::uint8_t type = std::visit([](const auto& msg) { return msg.message_type; }, m);
  if (type != 0 && (ctx.awaited[0] == type || ctx.awaited[1] == type)) {
    ctx.awaited = {};
    if (answers_.complete(ctx.ue.value(), std::move(m))) return;
  }
  // TS 24.501 §7.4: a message the state does not expect gets 5GMM STATUS #98.
  ++counters_.unexpected_nas;
  logger()->debug("AMF UE NGAP ID {}: {} unexpected while {}", ctx.ue.value(), nas::message_name(m),
                  to_string(ctx.state));
  nas::gmm_status status;
  status.cause_ = nas::gmm_cause::message_type_not_compatible_with_protocol_state;
  send(ctx, status);
}

void mm_layer::restart(mm_context& ctx, runtime::task<void> t) {
  ctx.procedures.request_cancellation();
  ctx.procedures = runtime::cancellation_source{};
  ctx.awaited = {};
  runtime::spawn(std::move(t), ctx.procedures.token());
}

void mm_layer::on_ue_context_released(model::amf_ue_ngap_id ue, ue_release_reason) {
  const auto it = ues_.find(ue.value());
  if (it == ues_.end()) return;
  mm_context& ctx = it->second;
  ctx.procedures.request_cancellation();  // its procedure ends here, inline
  if (ctx.supi) {
    const auto s = by_supi_.find(ctx.supi->to_string());
    if (s != by_supi_.end() && s->second == ue.value()) by_supi_.erase(s);
  }
  if (ctx.state == mm_state::registered && ctx.guti && ctx.security && ctx.kamf) {
    // TS 23.502 §4.2.6: the UE stays registered, in CM-IDLE.
    mm_context idle = std::move(ctx);
    ues_.erase(it);
    enter_idle(std::move(idle));
    return;
  }
  release_sm_contexts(ctx);
  if (ctx.guti) tmsis_in_use_.erase(ctx.guti->tmsi_.value());
  ues_.erase(it);
}

runtime::task<std::optional<nas::gmm_message>> mm_layer::exchange(model::amf_ue_ngap_id ue, nas::gmm_message message,
                                                                  std::array<std::uint8_t, 2> answers,
                                                                  std::chrono::milliseconds timer,
                                                                  std::uint64_t* expiries, protection p,
                                                                  int transmissions) {
  for (int sent = 1; sent <= transmissions; ++sent) {
    mm_context* ctx = context(ue);
    if (ctx == nullptr) co_return std::nullopt;
    // Waiting starts before the message leaves: the answer may come back inline.
    auto answer = answers_.wait(ue.value(), timer);
    ctx->awaited = answers;
    send(*ctx, message, p);
    std::expected<nas::gmm_message, runtime::runtime_error> got = co_await answer;
    if (got) co_return std::move(*got);
    if (got.error() != runtime::runtime_error::timed_out) co_return std::nullopt;  // the connection went
    if (expiries != nullptr) ++*expiries;
  }
  if (mm_context* ctx = context(ue)) ctx->awaited = {};
  logger()->info("AMF UE NGAP ID {}: no answer to {} after {} transmissions", ue.value(), nas::message_name(message),
                 transmissions);
  co_return std::nullopt;
}

}  // namespace meridian::amf
