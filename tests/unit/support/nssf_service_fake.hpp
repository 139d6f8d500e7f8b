#pragma once
// Hand-written fake of the NSSF's service interface: scripted answers,
// recorded calls (see scripted_operation.hpp).

#include "meridian/nssf/nssf_service.hpp"
#include "support/scripted_operation.hpp"

namespace meridian::test {

class fake_nnssf_ns_selection final : public nssf::nnssf_ns_selection {
 public:
  scripted_operation<sbi::result<nssf::authorized_network_slice_info>, nssf::ns_selection_query> get_;

  sbi::awaitable<nssf::authorized_network_slice_info> get(nssf::ns_selection_query query) override {
    co_return get_.answer(std::move(query));
  }
};

}  // namespace meridian::test
