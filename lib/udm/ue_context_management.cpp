#include "meridian/udm/ue_context_management.hpp"

#include "meridian/common/log.hpp"

namespace meridian::udm {

namespace {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = log::get("udm.uecm");
  return l;
}

using sbi::cause;
using sbi::problem_details;

// The registration in force: the UDR's, unless there is none or it was purged.
sbi::result<std::optional<amf_3gpp_access_registration>> in_force(sbi::result<amf_3gpp_access_registration> stored) {
  if (!stored) {
    // The UDR says "none" with CONTEXT_NOT_FOUND (TS 29.505, what lib/udr
    // answers); DATA_NOT_FOUND is taken the same way from other UDRs.
    const auto c = stored.error().cause_;
    if (c == cause::context_not_found || c == cause::data_not_found) return std::optional<amf_3gpp_access_registration>{};
    return std::unexpected(std::move(stored.error()));
  }
  if (stored->purge_flag_.value_or(false)) return std::optional<amf_3gpp_access_registration>{};
  return std::optional<amf_3gpp_access_registration>(std::move(*stored));
}

}  // namespace

ue_context_management::ue_context_management(udr::nudr_data_repository& udr,
                                             nudm_uecm_deregistration_notification& notifier,
                                             const meridian::clock& clock)
    : udr_(udr), notifier_(notifier), clock_(clock) {}

sbi::awaitable<sbi::no_content> ue_context_management::notify(sbi::uri callback, deregistration_data data) {
  auto answered = co_await notifier_.deregistration_notification(std::move(callback), data);
  if (answered) {
    ++counters_.notifications_sent;
  } else {
    ++counters_.notifications_failed;
    logger()->warn("DeregistrationNotification to the previous AMF failed: {}", answered.error().detail_.value_or(""));
  }
  co_return answered;
}

// TS 29.503 §5.3.2.2.2 (3GppRegistration) with TS 23.502 §4.2.2.2.2 step 14.
sbi::awaitable<amf_3gpp_access_registration> ue_context_management::registration_amf_3gpp_access(
    model::supi ue_id, amf_3gpp_access_registration registration) {
  auto queried = co_await udr_.query_amf_context_3gpp(ue_id);
  auto previous = in_force(std::move(queried));
  if (!previous) co_return std::unexpected(std::move(previous.error()));

  if (!registration.registration_time_)
    registration.registration_time_ = std::chrono::time_point_cast<std::chrono::milliseconds>(clock_.wall_now());
  registration.purge_flag_.reset();
  auto stored_copy = registration;
  auto stored = co_await udr_.create_amf_context_3gpp(ue_id, std::move(stored_copy));
  if (!stored) co_return std::unexpected(std::move(stored.error()));
  ++counters_.registrations;

  if (*previous && (*previous)->amf_instance_id_ != registration.amf_instance_id_) {
    deregistration_data data;
    data.dereg_reason_ = registration.initial_registration_ind_.value_or(false)
                             ? deregistration_reason::ue_initial_registration
                             : deregistration_reason::ue_registration_area_change;
    data.access_type_ = sbi::access_type::access_3gpp;
    // The outcome is counted and logged; the new AMF's registration stands either way.
    (void)co_await notify((*previous)->dereg_callback_uri_, data);
  }
  co_return registration;
}

// TS 29.503 §5.3.2.4.2 (Update3GppRegistration).
sbi::awaitable<sbi::no_content> ue_context_management::update_amf_3gpp_access(
    model::supi ue_id, amf_3gpp_access_registration_modification modification) {
  auto queried = co_await udr_.query_amf_context_3gpp(ue_id);
  auto current = in_force(std::move(queried));
  if (!current) co_return std::unexpected(std::move(current.error()));
  if (!*current || (*current)->guami_ != modification.guami_)
    co_return std::unexpected(problem_details::of(cause::context_not_found, "not the registered AMF"));
  auto updated = std::move(**current);
  if (modification.purge_flag_) updated.purge_flag_ = modification.purge_flag_;
  if (modification.pei_) updated.pei_ = modification.pei_;
  auto stored = co_await udr_.create_amf_context_3gpp(ue_id, std::move(updated));
  if (!stored) co_return std::unexpected(std::move(stored.error()));
  co_return sbi::no_content{};
}

// TS 29.503 deregAMF (a custom operation on amf-3gpp-access): the registered
// AMF is told to deregister the UE, and its registration ends.
sbi::awaitable<sbi::no_content> ue_context_management::deregistration_amf_3gpp_access(model::supi ue_id,
                                                                                       amf_dereg_info info) {
  auto queried = co_await udr_.query_amf_context_3gpp(ue_id);
  auto current = in_force(std::move(queried));
  if (!current) co_return std::unexpected(std::move(current.error()));
  if (!*current) co_return std::unexpected(problem_details::of(cause::context_not_found, "no AMF is registered"));
  auto ended = std::move(**current);
  ended.purge_flag_ = true;
  const sbi::uri callback = ended.dereg_callback_uri_;
  auto stored = co_await udr_.create_amf_context_3gpp(ue_id, std::move(ended));
  if (!stored) co_return std::unexpected(std::move(stored.error()));
  deregistration_data data;
  data.dereg_reason_ = info.dereg_reason_;
  data.access_type_ = sbi::access_type::access_3gpp;
  co_return co_await notify(callback, data);
}

}  // namespace meridian::udm
