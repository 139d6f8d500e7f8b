#pragma once
// The UDM's Nudm_SDM Get operations (TS 29.503 §5.2.2.2): the subscriber's
// provisioned data, read from the UDR's provisioned-data resources (TS 29.505
// §5.2) for the serving PLMN asked for, or the home PLMN.

#include "meridian/udm/udm_config.hpp"
#include "meridian/udm/udm_service.hpp"
#include "meridian/udr/udr_service.hpp"

namespace meridian::udm {

class subscriber_data_management final : public nudm_sdm {
 public:
  subscriber_data_management(udm_config config, udr::nudr_data_repository& udr);

  sbi::awaitable<access_and_mobility_subscription_data> get_am_data(model::supi supi,
                                                                    std::optional<model::plmn> plmn_id) override;
  sbi::awaitable<smf_selection_subscription_data> get_smf_select_data(model::supi supi,
                                                                      std::optional<model::plmn> plmn_id) override;
  sbi::awaitable<sm_subs_data> get_sm_data(model::supi supi, sm_data_query query) override;
  /// The NSSAI of am-data (TS 29.503 §5.2.2.2.3): DATA_NOT_FOUND when am-data has none.
  sbi::awaitable<nssai> get_nssai(model::supi supi, std::optional<model::plmn> plmn_id) override;
  /// The UE's PDU sessions per SMF (TS 29.503 §5.2.2.2.6). They come from SMF
  /// registrations (Nudm_UECM for the SMF), which no NF of Meridian makes yet
  /// (docs/services.md: left out), so a known subscriber has none; an unknown
  /// one is USER_NOT_FOUND.
  sbi::awaitable<ue_context_in_smf_data> get_ue_context_in_smf_data(model::supi supi) override;

 private:
  model::plmn serving(const std::optional<model::plmn>& plmn_id) const { return plmn_id.value_or(config_.home_plmn_); }

  udm_config config_;
  udr::nudr_data_repository& udr_;
};

}  // namespace meridian::udm
