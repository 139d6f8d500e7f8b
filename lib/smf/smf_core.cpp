// The SMF core (smf.hpp): the SM context table, the dispatch of
// UpdateSMContext and ReleaseSMContext, and what every procedure shares.

#include "meridian/smf/smf.hpp"

#include "smf_support.hpp"

namespace meridian::smf {

using smf_detail::logger;

std::string_view to_string(sm_state s) noexcept {
  switch (s) {
    case sm_state::establishing: return "establishing";
    case sm_state::awaiting_an: return "awaiting AN tunnel";
    case sm_state::active: return "active";
    case sm_state::inactive: return "inactive";
    case sm_state::releasing: return "releasing";
  }
  return "?";
}

session_management_function::session_management_function(smf_config cfg, smf_services services, n4_port& n4,
                                                           runtime::timer_service& timers)
    : cfg_(std::move(cfg)), services_(services), n4_(n4), timers_(timers), pools_(cfg_.pools_) {}

session_management_function::~session_management_function() {
  // Procedures waiting on N4 or a service resume now, find their context gone, and end.
  procedures_.request_cancellation();
}

sm_context* session_management_function::find_any(const std::string& ref) {
  auto it = contexts_.find(ref);
  return it == contexts_.end() ? nullptr : it->second.get();
}

sm_context* session_management_function::find(const std::string& ref) {
  sm_context* ctx = find_any(ref);
  // A context the AMF released while its establishment ran is gone for the AMF.
  return ctx != nullptr && !ctx->release_requested ? ctx : nullptr;
}

const sm_context* session_management_function::context(const std::string& ref) const {
  auto it = contexts_.find(ref);
  return it == contexts_.end() ? nullptr : it->second.get();
}

std::string session_management_function::session_key(const model::supi& supi, std::uint8_t pdu_session_id) {
  return supi.to_string() + "/" + std::to_string(pdu_session_id);
}

sm_context* session_management_function::find_session(const std::optional<model::supi>& supi,
                                                       std::uint8_t pdu_session_id) {
  if (!supi) return nullptr;
  auto it = by_session_.find(session_key(*supi, pdu_session_id));
  return it == by_session_.end() ? nullptr : find(it->second);
}

void session_management_function::unindex(const sm_context& ctx) {
  if (!ctx.supi) return;
  auto it = by_session_.find(session_key(*ctx.supi, ctx.pdu_session_id));
  if (it != by_session_.end() && it->second == ctx.ref) by_session_.erase(it);
}

const dnn_config* session_management_function::dnn(std::string_view name) const {
  for (const auto& d : cfg_.dnns_) {
    if (d.dnn_ == name) return &d;
  }
  return nullptr;
}

void session_management_function::free_addresses(sm_context& ctx) {
  if (ctx.pool == nullptr) return;
  if (ctx.ipv4) ctx.pool->release_ipv4(*ctx.ipv4);
  if (ctx.ipv6_prefix) ctx.pool->release_ipv6_prefix(*ctx.ipv6_prefix);
  ctx.ipv4.reset();
  ctx.ipv6_prefix.reset();
}

void session_management_function::forget(const std::string& ref) {
  auto it = contexts_.find(ref);
  if (it == contexts_.end()) return;
  unindex(*it->second);
  contexts_.erase(it);
}

runtime::task<void> session_management_function::release_locally(std::string ref) {
  sm_context* ctx = find_any(ref);
  if (ctx == nullptr) co_return;
  // Out of the table first: nothing else acts on it while the UPF is asked.
  unindex(*ctx);
  auto it = contexts_.find(ref);
  std::unique_ptr<sm_context> owned = std::move(it->second);
  contexts_.erase(it);
  if (owned->up_seid) {
    const seid up = *owned->up_seid;
    n4_result<pfcp::session_deletion_response> deleted = co_await n4_.remove(up);
    if (!deleted || deleted->cause_.value_ != pfcp::cause_value::request_accepted) {
      ++counters_.n4_failures;
      logger()->warn("PDU session {}: PFCP session deletion failed ({})", owned->pdu_session_id,
                     deleted ? "rejected" : to_string(deleted.error()));
    }
  }
  // Only now: the UPF no longer routes the address to this session.
  free_addresses(*owned);
}

runtime::task<void> session_management_function::notify_released(sbi::uri uri) {
  if (services_.status == nullptr || uri.empty()) co_return;
  sm_context_status_notification n;
  n.status_info_.resource_status_ = resource_status::released;
  std::expected<sbi::no_content, sbi::problem_details> sent =
      co_await services_.status->sm_context_status_notification(std::move(uri), std::move(n));
  if (!sent) logger()->debug("SmContextStatusNotify not delivered");
}

sbi::awaitable<sm_context_updated_data, sm_context_update_error> session_management_function::update_sm_context(
    std::string sm_context_ref, sm_context_update_data data) {
  sm_context* ctx = find(sm_context_ref);
  if (ctx == nullptr) co_return std::unexpected(update_error(sbi::cause::context_not_found, {}, "unknown smContextRef"));

  if (data.n2_sm_info_type_) {
    switch (*data.n2_sm_info_type_) {
      case n2_sm_info_type::pdu_res_setup_rsp: {
        if (!data.n2_sm_info_) {
          ++counters_.malformed_n2;
          co_return std::unexpected(update_error(sbi::cause::n2_sm_error, {}, "PDU_RES_SETUP_RSP without N2 SM"));
        }
        sbi::result<sm_context_updated_data, sm_context_update_error> r =
            co_await an_tunnel_setup(sm_context_ref, std::move(*data.n2_sm_info_));
        co_return r;
      }
      case n2_sm_info_type::pdu_res_setup_fail: {
        // The gNB could not set the session up: the user plane stays down until the UE asks again.
        logger()->info("PDU session {}: the gNB failed the resource setup", ctx->pdu_session_id);
        sbi::result<sm_context_updated_data, sm_context_update_error> r = co_await an_release(sm_context_ref);
        co_return r;
      }
      default:
        // Release Response and the rest: nothing for the SMF to change.
        co_return sm_context_updated_data{};
    }
  }
  if (data.n1_sm_msg_) {
    sbi::result<sm_context_updated_data, sm_context_update_error> r =
        co_await n1_from_ue(sm_context_ref, std::move(*data.n1_sm_msg_));
    co_return r;
  }
  if (data.up_cnx_state_ == up_cnx_state::deactivated) {
    sbi::result<sm_context_updated_data, sm_context_update_error> r = co_await an_release(sm_context_ref);
    co_return r;
  }
  co_return sm_context_updated_data{};
}

sbi::awaitable<sm_context_released_data> session_management_function::release_sm_context(
    std::string sm_context_ref, sm_context_release_data) {
  sm_context* ctx = find(sm_context_ref);
  if (ctx == nullptr) co_return std::unexpected(sbi::problem_details::of(sbi::cause::context_not_found));
  ++counters_.releases;
  if (ctx->state == sm_state::establishing) {
    // The PFCP establishment is not answered yet (or not sent): it finishes the release.
    ctx->release_requested = true;
    unindex(*ctx);
    co_return sm_context_released_data{};
  }
  co_await release_locally(sm_context_ref);
  co_return sm_context_released_data{};
}

sm_context_update_error session_management_function::update_error(sbi::cause c, sbi::bytes n1, std::string detail) {
  sm_context_update_error e;
  e.error_ = sbi::problem_details::of(c, std::move(detail));
  if (!n1.empty()) e.n1_sm_msg_ = std::move(n1);
  return e;
}

}  // namespace meridian::smf
