// TS 33.501 §6.1.3.2 steps 10-12 (TS 29.509 §5.2.2.2.2, 5g-aka-confirmation):
// RES* against XRES*, the UDM told, K_SEAF on success.

#include "challenges.hpp"
#include "meridian/ausf/ue_authentication.hpp"
#include "meridian/crypto/secret.hpp"
#include "meridian/security/key_hierarchy.hpp"

namespace meridian::ausf {

using sbi::cause;
using sbi::problem_details;

sbi::awaitable<confirmation_data_response> ue_authentication::confirm_5g_aka(std::string auth_ctx_id,
                                                                             confirmation_data data) {
  auto c = take(auth_ctx_id);
  if (!c || !std::holds_alternative<aka_context>(c->method)) {
    if (c) put(auth_ctx_id, std::move(*c));  // an EAP context: not this resource's
    ++counters_.rejected_requests;
    co_return std::unexpected(problem_details::of(cause::context_not_found, "no 5G-AKA authentication with this id"));
  }
  // The context is spent whatever the answer: one RES* per challenge.
  const auto& aka = std::get<aka_context>(c->method);
  const bool success = data.res_star_ && crypto::constant_time_equal(*data.res_star_, aka.xres_star);

  confirmation_data_response response;
  if (success) {
    ++counters_.succeeded;
    response.auth_result_ = auth_result::authentication_success;
    response.supi_ = c->supi;
    const auto kseaf = security::derive_kseaf(aka.kausf, c->serving_network_name);
    response.kseaf_ = sbi::bytes(kseaf.bytes().begin(), kseaf.bytes().end());
  } else {
    ++counters_.failed;
    response.auth_result_ = auth_result::authentication_failure;
    detail::logger()->info("5G-AKA failed: RES* {}", data.res_star_ ? "does not match" : "absent");
  }
  // The context is spent: its SUPI and name go to the UDM without a copy.
  (void)co_await confirm_to_udm(std::move(c->supi), std::move(c->serving_network_name), success,
                                udm::auth_type::five_g_aka);
  co_return response;
}

}  // namespace meridian::ausf
