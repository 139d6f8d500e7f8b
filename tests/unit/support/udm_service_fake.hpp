#pragma once
// Hand-written fakes of the UDM's service interfaces: scripted answers,
// recorded calls (see scripted_operation.hpp).

#include <optional>

#include "meridian/udm/udm_service.hpp"
#include "support/scripted_operation.hpp"

namespace meridian::test {

class fake_nudm_ue_authentication final : public udm::nudm_ue_authentication {
 public:
  scripted_operation<sbi::result<udm::authentication_info_result>, sbi::supi_or_suci, udm::authentication_info_request>
      get_;
  scripted_operation<sbi::result<udm::auth_event>, model::supi, udm::auth_event> result_confirmation_;

  sbi::awaitable<udm::authentication_info_result> get(sbi::supi_or_suci supi_or_suci,
                                                      udm::authentication_info_request request) override {
    co_return get_.answer(std::move(supi_or_suci), std::move(request));
  }
  sbi::awaitable<udm::auth_event> result_confirmation(model::supi supi, udm::auth_event event) override {
    co_return result_confirmation_.answer(std::move(supi), std::move(event));
  }
};

class fake_nudm_sdm final : public udm::nudm_sdm {
 public:
  scripted_operation<sbi::result<udm::access_and_mobility_subscription_data>, model::supi, std::optional<model::plmn>>
      get_am_data_;
  scripted_operation<sbi::result<udm::smf_selection_subscription_data>, model::supi, std::optional<model::plmn>>
      get_smf_select_data_;
  scripted_operation<sbi::result<udm::sm_subs_data>, model::supi, udm::sm_data_query> get_sm_data_;
  scripted_operation<sbi::result<udm::nssai>, model::supi, std::optional<model::plmn>> get_nssai_;
  scripted_operation<sbi::result<udm::ue_context_in_smf_data>, model::supi> get_ue_context_in_smf_data_;

  sbi::awaitable<udm::access_and_mobility_subscription_data> get_am_data(
      model::supi supi, std::optional<model::plmn> plmn_id) override {
    co_return get_am_data_.answer(std::move(supi), plmn_id);
  }
  sbi::awaitable<udm::smf_selection_subscription_data> get_smf_select_data(
      model::supi supi, std::optional<model::plmn> plmn_id) override {
    co_return get_smf_select_data_.answer(std::move(supi), plmn_id);
  }
  sbi::awaitable<udm::sm_subs_data> get_sm_data(model::supi supi, udm::sm_data_query query) override {
    co_return get_sm_data_.answer(std::move(supi), std::move(query));
  }
  sbi::awaitable<udm::nssai> get_nssai(model::supi supi, std::optional<model::plmn> plmn_id) override {
    co_return get_nssai_.answer(std::move(supi), plmn_id);
  }
  sbi::awaitable<udm::ue_context_in_smf_data> get_ue_context_in_smf_data(model::supi supi) override {
    co_return get_ue_context_in_smf_data_.answer(std::move(supi));
  }
};

class fake_nudm_uecm final : public udm::nudm_uecm {
 public:
  scripted_operation<sbi::result<udm::amf_3gpp_access_registration>, model::supi, udm::amf_3gpp_access_registration>
      registration_amf_3gpp_access_;
  scripted_operation<sbi::result<sbi::no_content>, model::supi, udm::amf_3gpp_access_registration_modification>
      update_amf_3gpp_access_;
  scripted_operation<sbi::result<sbi::no_content>, model::supi, udm::amf_dereg_info> deregistration_amf_3gpp_access_;

  sbi::awaitable<udm::amf_3gpp_access_registration> registration_amf_3gpp_access(
      model::supi ue_id, udm::amf_3gpp_access_registration registration) override {
    co_return registration_amf_3gpp_access_.answer(std::move(ue_id), std::move(registration));
  }
  sbi::awaitable<sbi::no_content> update_amf_3gpp_access(
      model::supi ue_id, udm::amf_3gpp_access_registration_modification modification) override {
    co_return update_amf_3gpp_access_.answer(std::move(ue_id), std::move(modification));
  }
  sbi::awaitable<sbi::no_content> deregistration_amf_3gpp_access(model::supi ue_id, udm::amf_dereg_info info) override {
    co_return deregistration_amf_3gpp_access_.answer(std::move(ue_id), info);
  }
};

class fake_nudm_uecm_deregistration_notification final : public udm::nudm_uecm_deregistration_notification {
 public:
  scripted_operation<sbi::result<sbi::no_content>, sbi::uri, udm::deregistration_data> deregistration_notification_;

  sbi::awaitable<sbi::no_content> deregistration_notification(sbi::uri callback_uri,
                                                              udm::deregistration_data data) override {
    co_return deregistration_notification_.answer(std::move(callback_uri), data);
  }
};

}  // namespace meridian::test
