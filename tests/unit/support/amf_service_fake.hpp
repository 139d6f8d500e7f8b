#pragma once
// Hand-written fake of the AMF's service interface: scripted answers,
// recorded calls (see scripted_operation.hpp).

#include <string>

#include "meridian/amf/amf_service.hpp"
#include "support/scripted_operation.hpp"

namespace meridian::test {

class fake_namf_communication final : public amf::namf_communication {
 public:
  scripted_operation<sbi::result<amf::n1_n2_message_transfer_rsp_data>, std::string,
                     amf::n1_n2_message_transfer_req_data>
      n1_n2_message_transfer_;

  sbi::awaitable<amf::n1_n2_message_transfer_rsp_data> n1_n2_message_transfer(
      std::string ue_context_id, amf::n1_n2_message_transfer_req_data request) override {
    co_return n1_n2_message_transfer_.answer(std::move(ue_context_id), std::move(request));
  }
};

}  // namespace meridian::test
