// Fuzz target: the SMF core across establish / update / release, as an AMF
// and a UPF see it. A fresh SMF (default configuration, a /29 IPv4 pool and a
// /62 IPv6 range so that exhaustion is reachable) over an N4 port and an AMF
// that are fakes; the input is a list of steps, each one octet of kind and,
// for those that carry bytes, a 2-octet big-endian length and that many octets:
//   0 CreateSMContext with these N1 octets (PDU session ID of the AMF: first octet)
//   1 CreateSMContext with a valid request (type, PSI, PTI, ePCO from the octet)
//   2 UpdateSMContext of a session (picked by the first octet) with these N1 octets
//   3 UpdateSMContext with these octets as PDU_RES_SETUP_RSP
//   4 UpdateSMContext with a valid setup response transfer
//   5 UpdateSMContext with a valid RELEASE REQUEST or RELEASE COMPLETE
//   6 ReleaseSMContext of a session        7 the timers run (the user-plane halves)
//   8 the UPF's behaviour changes (accept / refuse / silence per operation)
//   9 UpdateSMContext with upCnxState DEACTIVATED
// Properties checked: nothing crashes, leaks or reads out of bounds
// (ASan/UBSan); every N1 the SMF hands out decodes as 5GSM and every N2 with
// its NGAP decoder; and at the end, once every session is released, every
// address is back in its pool and no context is left.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "../quiet_logging.hpp"
#include "meridian/common/clock.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/ngap/ngap.hpp"
#include "meridian/smf/smf.hpp"
#include "smf/fake_n4_port.hpp"

namespace {

using namespace meridian;
using namespace meridian::smf;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

void check_n1(const std::optional<sbi::bytes>& n1) {
  if (!n1) return;
  auto d = nas::decode_plain_nas(*n1);
  if (!d || !std::holds_alternative<nas::gsm_pdu>(*d)) fail("the SMF handed out N1 SM that does not decode as 5GSM");
}

class checking_amf final : public amf::namf_communication {
 public:
  sbi::awaitable<amf::n1_n2_message_transfer_rsp_data> n1_n2_message_transfer(
      std::string, amf::n1_n2_message_transfer_req_data request) override {
    if (request.n1_message_container_) check_n1(request.n1_message_container_->n1_message_content_);
    if (request.n2_info_container_ && request.n2_info_container_->sm_info_ &&
        request.n2_info_container_->sm_info_->n2_info_content_) {
      const auto& bytes = request.n2_info_container_->sm_info_->n2_info_content_->ngap_data_;
      if (!ngap::decode_pdu_session_resource_setup_request_transfer(bytes)) fail("N2 setup request transfer");
    }
    if (refuse) co_return std::unexpected(sbi::problem_details::of(sbi::cause::ue_not_reachable));
    co_return amf::n1_n2_message_transfer_rsp_data{};
  }
  bool refuse = false;
};

/// Runs a task that the fakes let end at once; the value, if it ended.
template <class T>
std::optional<T> run(runtime::task<T> t) {
  std::optional<T> out;
  runtime::spawn(std::move(t), [&out](std::expected<T, runtime::runtime_error> r) {
    if (r) out.emplace(std::move(*r));
  });
  return out;
}

sbi::bytes establishment_request(std::uint8_t psi, std::uint8_t pti, std::uint8_t type, bool epco) {
  nas::pdu_session_establishment_request r;
  r.integrity_protection_maximum_data_rate_ = {0xff, 0xff};
  r.pdu_session_type_ = nas::pdu_session_type::from_nibble(type);
  if (epco) {
    nas::extended_pco e;
    e.containers_.push_back({nas::pco_id::dns_server_ipv4_address, {}});
    e.containers_.push_back({nas::pco_id::dns_server_ipv6_address, {}});
    e.containers_.push_back({nas::pco_id::ipv4_link_mtu, {}});
    r.extended_protocol_configuration_options_ = e;
  }
  auto b = nas::encode_nas(psi, pti, r);
  return b ? *b : sbi::bytes{};
}

sbi::bytes setup_response_transfer(std::uint32_t teid) {
  ngap::pdu_session_resource_setup_response_transfer t;
  ngap::gtp_tunnel tunnel;
  tunnel.transport_layer_address_ = asn1::bit_string({192, 0, 2, 50}, 32);
  tunnel.gtp_teid_ = {static_cast<std::uint8_t>(teid >> 24), static_cast<std::uint8_t>(teid >> 16),
                      static_cast<std::uint8_t>(teid >> 8), static_cast<std::uint8_t>(teid)};
  t.dl_qos_flow_per_tnl_information_.up_transport_layer_information_.value_ = tunnel;
  ngap::associated_qos_flow_item item;
  item.qos_flow_identifier_ = 1;
  t.dl_qos_flow_per_tnl_information_.associated_qos_flow_list_.push_back(item);
  auto b = ngap::encode_pdu_session_resource_setup_response_transfer(t);
  return b ? *b : sbi::bytes{};
}

struct harness {
  manual_clock clock;
  runtime::timer_service timers{clock};
  checking_amf amf;
  smf::test::fake_n4_port n4;
  std::unique_ptr<session_management_function> smf;
  std::vector<std::string> refs;
  const model::supi supi = *model::supi::parse("imsi-001010000000001");

  harness() {
    smf_config cfg;
    cfg.pools_[0].ipv4_ = ipv4_cidr::parse("10.45.0.0/29");
    cfg.pools_[0].ipv6_ = ipv6_prefix::parse("2001:db8:cafe::/62");
    smf = std::make_unique<session_management_function>(cfg, smf_services{amf, nullptr, nullptr}, n4, timers);
  }

  void create(sbi::bytes n1, std::uint8_t psi) {
    sm_context_create_data d;
    d.supi_ = supi;
    d.pdu_session_id_ = model::pdu_session_id::from(psi);
    d.dnn_ = "internet";
    d.s_nssai_ = model::s_nssai{1, std::nullopt};
    d.n1_sm_msg_ = std::move(n1);
    auto r = run(smf->create_sm_context(std::move(d)));
    if (!r) fail("CreateSMContext did not end");
    if (*r)
      refs.push_back((*r)->sm_context_ref_);
    else
      check_n1(r->error().n1_sm_msg_);
  }

  std::string pick(std::uint8_t k) const { return refs.empty() ? std::string("none") : refs[k % refs.size()]; }

  void update(const std::string& ref, sm_context_update_data d) {
    auto r = run(smf->update_sm_context(ref, std::move(d)));
    if (!r) fail("UpdateSMContext did not end");
    if (*r) {
      check_n1((*r)->n1_sm_msg_);
      if ((*r)->n2_sm_info_ && !ngap::decode_pdu_session_resource_release_command_transfer(*(*r)->n2_sm_info_))
        fail("N2 release command transfer");
    } else {
      check_n1(r->error().n1_sm_msg_);
    }
  }

  void release(const std::string& ref) {
    auto r = run(smf->release_sm_context(ref, {}));
    if (!r) fail("ReleaseSMContext did not end");
  }

  /// Every session released, the timers run: nothing may be left.
  void finish() {
    n4.establish_mode = n4.modify_mode = n4.remove_mode = smf::test::fake_n4_port::mode::accept;
    amf.refuse = false;
    timers.run_due();
    for (const auto& ref : refs) release(ref);
    timers.run_due();
    if (smf->context_count() != 0) fail("an SM context outlived its release");
    auto* pool = smf->pools().find("internet", model::s_nssai{1, std::nullopt});
    if (pool->ipv4_in_use() != 0 || pool->ipv6_in_use() != 0) fail("an address was lost");
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();
  harness h;
  std::span<const std::uint8_t> in(data, size);
  int steps = 0;
  while (!in.empty() && steps++ < 64) {
    const std::uint8_t kind = in[0] % 10;
    in = in.subspan(1);
    std::span<const std::uint8_t> payload;
    if (kind == 0 || kind == 2 || kind == 3) {
      if (in.size() < 2) break;
      const std::size_t n = std::min<std::size_t>((std::size_t{in[0]} << 8) | in[1], in.size() - 2);
      payload = in.subspan(2, n);
      in = in.subspan(2 + n);
    } else {
      if (in.empty()) break;
      payload = in.subspan(0, 1);
      in = in.subspan(1);
    }
    const std::uint8_t k = payload.empty() ? 0 : payload[0];
    switch (kind) {
      case 0:
        h.create({payload.begin(), payload.end()}, payload.empty() ? 1 : static_cast<std::uint8_t>(1 + k % 15));
        break;
      case 1: {
        const std::uint8_t psi = static_cast<std::uint8_t>(1 + (k >> 4) % 4);
        h.create(establishment_request(psi, static_cast<std::uint8_t>(1 + (k & 7)), static_cast<std::uint8_t>(k % 6),
                                       (k & 8) != 0),
                 psi);
        break;
      }
      case 2: {
        sm_context_update_data d;
        d.n1_sm_msg_ = sbi::bytes(payload.begin(), payload.end());
        h.update(h.pick(k), std::move(d));
        break;
      }
      case 3: {
        sm_context_update_data d;
        d.n2_sm_info_type_ = n2_sm_info_type::pdu_res_setup_rsp;
        d.n2_sm_info_ = sbi::bytes(payload.begin(), payload.end());
        h.update(h.pick(k), std::move(d));
        break;
      }
      case 4: {
        sm_context_update_data d;
        d.n2_sm_info_type_ = n2_sm_info_type::pdu_res_setup_rsp;
        d.n2_sm_info_ = setup_response_transfer(k);
        h.update(h.pick(k), std::move(d));
        break;
      }
      case 5: {
        const std::string ref = h.pick(k);
        const sm_context* ctx = h.smf->context(ref);
        const std::uint8_t psi = ctx != nullptr ? ctx->pdu_session_id : 1;
        sm_context_update_data d;
        auto b = (k & 1) != 0 ? nas::encode_nas(psi, 5, nas::pdu_session_release_complete{})
                              : nas::encode_nas(psi, 5, nas::pdu_session_release_request{});
        if (b) d.n1_sm_msg_ = *b;
        h.update(ref, std::move(d));
        break;
      }
      case 6:
        h.release(h.pick(k));
        break;
      case 7:
        h.timers.run_due();
        break;
      case 8: {
        using mode = smf::test::fake_n4_port::mode;
        auto m = [](unsigned v) { return v % 3 == 0 ? mode::accept : v % 3 == 1 ? mode::reject : mode::no_answer; };
        h.n4.establish_mode = m(k);
        h.n4.modify_mode = m(k >> 2);
        h.n4.remove_mode = m(k >> 4);
        h.amf.refuse = (k & 0x80) != 0;
        break;
      }
      case 9: {
        sm_context_update_data d;
        d.up_cnx_state_ = up_cnx_state::deactivated;
        h.update(h.pick(k), std::move(d));
        break;
      }
      default:
        break;
    }
  }
  h.finish();
  return 0;
}
