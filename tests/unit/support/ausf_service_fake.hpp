#pragma once
// Hand-written fake of the AUSF's service interface: scripted answers,
// recorded calls (see scripted_operation.hpp).

#include <string>

#include "meridian/ausf/ausf_service.hpp"
#include "support/scripted_operation.hpp"

namespace meridian::test {

class fake_nausf_ue_authentication final : public ausf::nausf_ue_authentication {
 public:
  scripted_operation<sbi::result<ausf::ue_authentication_ctx>, ausf::authentication_info> authenticate_;
  scripted_operation<sbi::result<ausf::confirmation_data_response>, std::string, ausf::confirmation_data>
      confirm_5g_aka_;
  scripted_operation<sbi::result<ausf::eap_session>, std::string, ausf::eap_session> eap_session_;

  sbi::awaitable<ausf::ue_authentication_ctx> authenticate(ausf::authentication_info info) override {
    co_return authenticate_.answer(std::move(info));
  }
  sbi::awaitable<ausf::confirmation_data_response> confirm_5g_aka(std::string auth_ctx_id,
                                                                  ausf::confirmation_data data) override {
    co_return confirm_5g_aka_.answer(std::move(auth_ctx_id), std::move(data));
  }
  sbi::awaitable<ausf::eap_session> eap_session(std::string auth_ctx_id, ausf::eap_session session) override {
    co_return eap_session_.answer(std::move(auth_ctx_id), std::move(session));
  }
};

}  // namespace meridian::test
