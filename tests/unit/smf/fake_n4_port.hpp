#pragma once
// An N4 port for tests (and the smf_session fuzz target): its UPF accepts,
// refuses or stays silent as the test says, and every request is recorded.

#include <cstdint>
#include <utility>
#include <vector>

#include "meridian/smf/n4_port.hpp"

namespace meridian::smf::test {

/// An N4 port whose UPF does what `*_mode` says, and records every request.
class fake_n4_port final : public n4_port {
 public:
  enum class mode : std::uint8_t { accept, reject, no_answer };
  mode establish_mode = mode::accept;
  mode modify_mode = mode::accept;
  mode remove_mode = mode::accept;

  std::vector<pfcp::session_establishment_request> establishments;
  std::vector<std::pair<seid, pfcp::session_modification_request>> modifications;
  std::vector<seid> deletions;
  /// The uplink F-TEID the UPF chooses, and its N3 address.
  std::uint32_t next_teid = 0x1000;
  pfcp::ipv4_address n3_address{192, 0, 2, 100};
  std::uint64_t next_up_seid = 0x5000;

  runtime::task<n4_result<pfcp::session_establishment_response>> establish(
      pfcp::session_establishment_request request) override {
    establishments.push_back(request);
    if (establish_mode == mode::no_answer) co_return std::unexpected(n4_errc::no_answer);
    pfcp::session_establishment_response r;
    if (establish_mode == mode::reject) {
      r.cause_.value_ = pfcp::cause_value::no_resources_available;
      co_return r;
    }
    r.cause_.value_ = pfcp::cause_value::request_accepted;
    r.up_f_seid_ = pfcp::f_seid{*seid::from(next_up_seid++), pfcp::ipv4_address{127, 0, 0, 9}, std::nullopt};
    pfcp::created_pdr pdr;
    pdr.pdr_id_.value_ = 1;
    pfcp::f_teid f;
    f.teid_ = *teid::from(next_teid++);
    f.ipv4_ = n3_address;
    pdr.local_f_teid_ = f;
    r.created_pdr_.push_back(pdr);
    co_return r;
  }
  runtime::task<n4_result<pfcp::session_modification_response>> modify(
      seid up_seid, pfcp::session_modification_request request) override {
    modifications.emplace_back(up_seid, request);
    if (modify_mode == mode::no_answer) co_return std::unexpected(n4_errc::no_answer);
    pfcp::session_modification_response r;
    r.cause_.value_ = modify_mode == mode::reject ? pfcp::cause_value::session_context_not_found
                                                  : pfcp::cause_value::request_accepted;
    co_return r;
  }
  runtime::task<n4_result<pfcp::session_deletion_response>> remove(seid up_seid) override {
    deletions.push_back(up_seid);
    if (remove_mode == mode::no_answer) co_return std::unexpected(n4_errc::no_answer);
    pfcp::session_deletion_response r;
    r.cause_.value_ = remove_mode == mode::reject ? pfcp::cause_value::session_context_not_found
                                                  : pfcp::cause_value::request_accepted;
    co_return r;
  }
  pfcp::ipv4_address cp_address() const override { return {127, 0, 0, 2}; }
};

}  // namespace meridian::smf::test
