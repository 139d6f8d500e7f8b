#pragma once
// Hand-written fake of the UDR's service interface: scripted answers,
// recorded calls (see scripted_operation.hpp).

#include <optional>
#include <vector>

#include "meridian/udr/udr_service.hpp"
#include "support/scripted_operation.hpp"

namespace meridian::test {

class fake_nudr_data_repository final : public udr::nudr_data_repository {
 public:
  scripted_operation<sbi::result<udr::authentication_subscription>, model::supi> query_auth_subs_data_;
  scripted_operation<sbi::result<sbi::no_content>, model::supi, std::vector<udr::authentication_subscription_patch>>
      modify_authentication_subscription_;
  scripted_operation<sbi::result<sbi::no_content>, model::supi, udm::auth_event> create_authentication_status_;
  scripted_operation<sbi::result<udm::auth_event>, model::supi> query_authentication_status_;
  scripted_operation<sbi::result<udm::access_and_mobility_subscription_data>, model::supi, model::plmn> query_am_data_;
  scripted_operation<sbi::result<udm::smf_selection_subscription_data>, model::supi, model::plmn>
      query_smf_select_data_;
  scripted_operation<sbi::result<udm::sm_subs_data>, model::supi, model::plmn, std::optional<model::s_nssai>,
                     std::optional<sbi::dnn>>
      query_sm_data_;
  scripted_operation<sbi::result<sbi::no_content>, model::supi, udm::amf_3gpp_access_registration>
      create_amf_context_3gpp_;
  scripted_operation<sbi::result<udm::amf_3gpp_access_registration>, model::supi> query_amf_context_3gpp_;

  sbi::awaitable<udr::authentication_subscription> query_auth_subs_data(model::supi ue_id) override {
    co_return query_auth_subs_data_.answer(std::move(ue_id));
  }
  sbi::awaitable<sbi::no_content> modify_authentication_subscription(
      model::supi ue_id, std::vector<udr::authentication_subscription_patch> patch) override {
    co_return modify_authentication_subscription_.answer(std::move(ue_id), std::move(patch));
  }
  sbi::awaitable<sbi::no_content> create_authentication_status(model::supi ue_id, udm::auth_event event) override {
    co_return create_authentication_status_.answer(std::move(ue_id), std::move(event));
  }
  sbi::awaitable<udm::auth_event> query_authentication_status(model::supi ue_id) override {
    co_return query_authentication_status_.answer(std::move(ue_id));
  }
  sbi::awaitable<udm::access_and_mobility_subscription_data> query_am_data(model::supi ue_id,
                                                                          model::plmn serving_plmn_id) override {
    co_return query_am_data_.answer(std::move(ue_id), serving_plmn_id);
  }
  sbi::awaitable<udm::smf_selection_subscription_data> query_smf_select_data(model::supi ue_id,
                                                                            model::plmn serving_plmn_id) override {
    co_return query_smf_select_data_.answer(std::move(ue_id), serving_plmn_id);
  }
  sbi::awaitable<udm::sm_subs_data> query_sm_data(model::supi ue_id, model::plmn serving_plmn_id,
                                                  std::optional<model::s_nssai> single_nssai,
                                                  std::optional<sbi::dnn> dnn) override {
    co_return query_sm_data_.answer(std::move(ue_id), serving_plmn_id, single_nssai, std::move(dnn));
  }
  sbi::awaitable<sbi::no_content> create_amf_context_3gpp(model::supi ue_id,
                                                          udm::amf_3gpp_access_registration registration) override {
    co_return create_amf_context_3gpp_.answer(std::move(ue_id), std::move(registration));
  }
  sbi::awaitable<udm::amf_3gpp_access_registration> query_amf_context_3gpp(model::supi ue_id) override {
    co_return query_amf_context_3gpp_.answer(std::move(ue_id));
  }
};

}  // namespace meridian::test
