#pragma once
// The UDM's Nudm_UECM for the AMF over 3GPP access (TS 29.503 §5.3.2): which
// AMF serves the UE, kept in the UDR's amf-3gpp-access context (TS 29.505
// §5.2.x), and the DeregistrationNotification to the AMF that no longer does
// (TS 23.502 §4.2.2.2.2 step 14).
//
// The UDR has no DELETE for the context, so an AMF that has been told to go
// (deregAMF) or purged the UE is kept with purgeFlag set, and a purged
// registration counts as none: nobody is notified about it again.

#include <cstdint>

#include "meridian/common/clock.hpp"
#include "meridian/udm/udm_service.hpp"
#include "meridian/udr/udr_service.hpp"

namespace meridian::udm {

struct ue_context_management_counters {
  std::uint64_t registrations = 0;
  std::uint64_t notifications_sent = 0;    ///< DeregistrationNotifications answered 204
  std::uint64_t notifications_failed = 0;  ///< ... that failed (the registration stands regardless)
};

class ue_context_management final : public nudm_uecm {
 public:
  ue_context_management(udr::nudr_data_repository& udr, nudm_uecm_deregistration_notification& notifier,
                        const meridian::clock& clock);

  /// Stores the registration (registrationTime set if absent); when another
  /// AMF held an unpurged registration, notifies it (UE_INITIAL_REGISTRATION
  /// when initialRegistrationInd is set, else UE_REGISTRATION_AREA_CHANGE)
  /// once the new one is stored, and answers after that notification.
  sbi::awaitable<amf_3gpp_access_registration> registration_amf_3gpp_access(
      model::supi ue_id, amf_3gpp_access_registration registration) override;

  /// CONTEXT_NOT_FOUND unless the GUAMI is the registered (unpurged) AMF's;
  /// applies purgeFlag and PEI.
  sbi::awaitable<sbi::no_content> update_amf_3gpp_access(
      model::supi ue_id, amf_3gpp_access_registration_modification modification) override;

  /// Tells the registered AMF to deregister the UE (DeregistrationNotification
  /// with the given reason) and marks its registration purged;
  /// CONTEXT_NOT_FOUND when no AMF is registered.
  sbi::awaitable<sbi::no_content> deregistration_amf_3gpp_access(model::supi ue_id, amf_dereg_info info) override;

  const ue_context_management_counters& counters() const noexcept { return counters_; }

 private:
  sbi::awaitable<sbi::no_content> notify(sbi::uri callback, deregistration_data data);

  udr::nudr_data_repository& udr_;
  nudm_uecm_deregistration_notification& notifier_;
  const meridian::clock& clock_;
  ue_context_management_counters counters_;
};

}  // namespace meridian::udm
