#pragma once
// The TS 29.503 provisioned-data schemas the UDR answers, built from a stored
// subscriber. Pure functions: no store, no thread.

#include <optional>

#include "meridian/udm/udm_types.hpp"
#include "meridian/udr/subscriber.hpp"

namespace meridian::udr {

/// AccessAndMobilitySubscriptionData: UE-AMBR, the S-NSSAIs (default ones in
/// defaultSingleNssais), RAT restrictions.
udm::access_and_mobility_subscription_data am_data_of(const subscriber& s);

/// SmfSelectionSubscriptionData: each S-NSSAI that has sessions, with its DNNs.
udm::smf_selection_subscription_data smf_selection_data_of(const subscriber& s);

/// SmSubsData: one SessionManagementSubscriptionData per S-NSSAI with its DNN
/// configurations, kept to `single_nssai` and `dnn` when given (S-NSSAIs left
/// with no DNN are dropped when a DNN was asked for).
udm::sm_subs_data sm_data_of(const subscriber& s, const std::optional<model::s_nssai>& single_nssai,
                             const std::optional<sbi::dnn>& dnn);

}  // namespace meridian::udr
