#pragma once
// Hand-written fakes of the NRF's service interfaces: scripted answers,
// recorded calls (see scripted_operation.hpp).

#include <optional>
#include <vector>

#include "meridian/nrf/nrf_service.hpp"
#include "support/scripted_operation.hpp"

namespace meridian::test {

class fake_nnrf_nf_management final : public nrf::nnrf_nf_management {
 public:
  scripted_operation<sbi::result<nrf::nf_profile>, sbi::nf_instance_id, nrf::nf_profile> register_nf_instance_;
  scripted_operation<sbi::result<std::optional<nrf::nf_profile>>, sbi::nf_instance_id,
                     std::vector<nrf::nf_profile_patch>>
      update_nf_instance_;
  scripted_operation<sbi::result<sbi::no_content>, sbi::nf_instance_id> deregister_nf_instance_;
  scripted_operation<sbi::result<nrf::nf_profile>, sbi::nf_instance_id> get_nf_instance_;

  sbi::awaitable<nrf::nf_profile> register_nf_instance(sbi::nf_instance_id nf_instance_id,
                                                       nrf::nf_profile profile) override {
    co_return register_nf_instance_.answer(std::move(nf_instance_id), std::move(profile));
  }
  sbi::awaitable<std::optional<nrf::nf_profile>> update_nf_instance(
      sbi::nf_instance_id nf_instance_id, std::vector<nrf::nf_profile_patch> patch) override {
    co_return update_nf_instance_.answer(std::move(nf_instance_id), std::move(patch));
  }
  sbi::awaitable<sbi::no_content> deregister_nf_instance(sbi::nf_instance_id nf_instance_id) override {
    co_return deregister_nf_instance_.answer(std::move(nf_instance_id));
  }
  sbi::awaitable<nrf::nf_profile> get_nf_instance(sbi::nf_instance_id nf_instance_id) override {
    co_return get_nf_instance_.answer(std::move(nf_instance_id));
  }
};

class fake_nnrf_nf_discovery final : public nrf::nnrf_nf_discovery {
 public:
  scripted_operation<sbi::result<nrf::search_result>, nrf::search_nf_instances_query> search_nf_instances_;

  sbi::awaitable<nrf::search_result> search_nf_instances(nrf::search_nf_instances_query query) override {
    co_return search_nf_instances_.answer(std::move(query));
  }
};

class fake_nnrf_access_token final : public nrf::nnrf_access_token {
 public:
  scripted_operation<sbi::result<nrf::access_token_rsp, nrf::access_token_failure>, nrf::access_token_req>
      access_token_request_;

  sbi::awaitable<nrf::access_token_rsp, nrf::access_token_failure> access_token_request(
      nrf::access_token_req request) override {
    co_return access_token_request_.answer(std::move(request));
  }
};

}  // namespace meridian::test
