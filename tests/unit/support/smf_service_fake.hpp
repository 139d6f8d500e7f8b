#pragma once
// Hand-written fakes of the SMF's service interfaces: scripted answers,
// recorded calls (see scripted_operation.hpp).

#include <string>

#include "meridian/smf/smf_service.hpp"
#include "support/scripted_operation.hpp"

namespace meridian::test {

class fake_nsmf_pdu_session final : public smf::nsmf_pdu_session {
 public:
  scripted_operation<sbi::result<smf::sm_context_created, smf::sm_context_create_error>, smf::sm_context_create_data>
      create_sm_context_;
  scripted_operation<sbi::result<smf::sm_context_updated_data, smf::sm_context_update_error>, std::string,
                     smf::sm_context_update_data>
      update_sm_context_;
  scripted_operation<sbi::result<smf::sm_context_released_data>, std::string, smf::sm_context_release_data>
      release_sm_context_;

  sbi::awaitable<smf::sm_context_created, smf::sm_context_create_error> create_sm_context(
      smf::sm_context_create_data data) override {
    co_return create_sm_context_.answer(std::move(data));
  }
  sbi::awaitable<smf::sm_context_updated_data, smf::sm_context_update_error> update_sm_context(
      std::string sm_context_ref, smf::sm_context_update_data data) override {
    co_return update_sm_context_.answer(std::move(sm_context_ref), std::move(data));
  }
  sbi::awaitable<smf::sm_context_released_data> release_sm_context(std::string sm_context_ref,
                                                                   smf::sm_context_release_data data) override {
    co_return release_sm_context_.answer(std::move(sm_context_ref), std::move(data));
  }
};

class fake_nsmf_sm_context_status_notification final : public smf::nsmf_sm_context_status_notification {
 public:
  scripted_operation<sbi::result<sbi::no_content>, sbi::uri, smf::sm_context_status_notification>
      sm_context_status_notification_;

  sbi::awaitable<sbi::no_content> sm_context_status_notification(
      sbi::uri sm_context_status_uri, smf::sm_context_status_notification notification) override {
    co_return sm_context_status_notification_.answer(std::move(sm_context_status_uri), notification);
  }
};

}  // namespace meridian::test
