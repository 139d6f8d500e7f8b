#pragma once
// Hand-written fakes of the PCF's service interfaces: scripted answers,
// recorded calls (see scripted_operation.hpp).

#include <string>

#include "meridian/pcf/pcf_service.hpp"
#include "support/scripted_operation.hpp"

namespace meridian::test {

class fake_npcf_am_policy_control final : public pcf::npcf_am_policy_control {
 public:
  scripted_operation<sbi::result<pcf::policy_association_created>, pcf::policy_association_request> create_;
  scripted_operation<sbi::result<pcf::policy_update>, std::string, pcf::policy_association_update_request> update_;
  scripted_operation<sbi::result<sbi::no_content>, std::string> delete_policy_association_;

  sbi::awaitable<pcf::policy_association_created> create(pcf::policy_association_request request) override {
    co_return create_.answer(std::move(request));
  }
  sbi::awaitable<pcf::policy_update> update(std::string pol_asso_id,
                                            pcf::policy_association_update_request request) override {
    co_return update_.answer(std::move(pol_asso_id), std::move(request));
  }
  sbi::awaitable<sbi::no_content> delete_policy_association(std::string pol_asso_id) override {
    co_return delete_policy_association_.answer(std::move(pol_asso_id));
  }
};

class fake_npcf_sm_policy_control final : public pcf::npcf_sm_policy_control {
 public:
  scripted_operation<sbi::result<pcf::sm_policy_created>, pcf::sm_policy_context_data> create_;
  scripted_operation<sbi::result<pcf::sm_policy_decision>, std::string, pcf::sm_policy_update_context_data> update_;
  scripted_operation<sbi::result<sbi::no_content>, std::string, pcf::sm_policy_delete_data> delete_sm_policy_;

  sbi::awaitable<pcf::sm_policy_created> create(pcf::sm_policy_context_data context) override {
    co_return create_.answer(std::move(context));
  }
  sbi::awaitable<pcf::sm_policy_decision> update(std::string sm_policy_id,
                                                 pcf::sm_policy_update_context_data context) override {
    co_return update_.answer(std::move(sm_policy_id), std::move(context));
  }
  sbi::awaitable<sbi::no_content> delete_sm_policy(std::string sm_policy_id, pcf::sm_policy_delete_data data) override {
    co_return delete_sm_policy_.answer(std::move(sm_policy_id), std::move(data));
  }
};

}  // namespace meridian::test
