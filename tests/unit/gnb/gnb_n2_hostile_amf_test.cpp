// Issue 13 on the gNB's N2 side: AMF Names that would inject log lines get the
// protocol's answer and are never logged raw, and a flood of bad PDUs from the
// AMF gives a bounded number of log lines with exact counters.

#include <gtest/gtest.h>

#include "meridian/gnb/gnb_n2.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "support/log_capture.hpp"

namespace meridian::gnb {
namespace {

using namespace std::chrono_literals;

class fake_runtime final : public gnb_n2_notifier {
 public:
  void send_ngap(std::span<const std::uint8_t> pdu) override {
    ++count;
    auto decoded = ngap::decode_ngap_pdu(pdu);
    ASSERT_TRUE(decoded) << "the gNB sent octets it cannot decode itself";
    last = std::move(*decoded);
  }
  void connect() override {}

  template <class Outcome, class T>
  const T* last_as() const {
    const auto* o = std::get_if<Outcome>(&last.value_);
    return o ? std::get_if<T>(&o->value_) : nullptr;
  }
  std::size_t count = 0;
  ngap::ngap_pdu last;
};

std::vector<std::uint8_t> setup_response(std::string amf_name) {
  ngap::ng_setup_response r;
  r.amf_name_ = std::move(amf_name);
  r.served_guami_list_.push_back(ngap::served_guami_item{n2::encode_guami({})});
  r.relative_amf_capacity_ = 100;
  ngap::plmn_support_item p;
  p.plmn_identity_ = n2::encode_plmn({});
  p.slice_support_list_.push_back(ngap::slice_support_item{n2::encode_s_nssai({})});
  r.plmn_support_list_.push_back(p);
  return n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(r)));
}

struct hostile_amf_fixture : ::testing::Test {
  manual_clock clk;
  runtime::timer_service timers{clk};
  fake_runtime rt;
  const gnb_config cfg;
  gnb_n2 gnb{cfg, "127.0.0.1:38412", timers, rt};
};

TEST_F(hostile_amf_fixture, when_ng_setup_response_names_the_amf_with_control_octets_then_setup_fails_and_no_line_holds_them) {
  test::log_capture log("gnb.ngap");
  gnb.on_connected();
  gnb.on_ngap(setup_response("amf\nforged line\x1b[31m"));
  EXPECT_EQ(gnb.state(), n2_state::waiting_to_retry) << "TS 38.413 §10.4: the procedure ends unsuccessfully";
  EXPECT_EQ(gnb.counters().invalid_names, 1u);
  EXPECT_EQ(gnb.counters().ng_setups_completed, 0u);
  EXPECT_EQ(gnb.retry_at(), clk.now() + 1s) << "then retried after back-off";
  EXPECT_FALSE(log.any_line_holds('\n'));
  EXPECT_FALSE(log.any_line_holds('\x1b'));
  EXPECT_GE(log.count("amf\\nforged line\\x1b[31m"), 1u);
  clk.advance(1s);
  timers.run_due();
  gnb.on_ngap(setup_response("amf-1"));
  EXPECT_EQ(gnb.state(), n2_state::ready);
}

TEST_F(hostile_amf_fixture, when_amf_configuration_update_renames_the_amf_with_control_octets_then_it_is_refused) {
  gnb.on_connected();
  gnb.on_ngap(setup_response("amf-1"));
  test::log_capture log("gnb.ngap");
  ngap::amf_configuration_update u;
  u.amf_name_ = std::string("evil\r\n");
  gnb.on_ngap(n2::encode(n2::make_pdu<ngap::initiating_message>(u)));
  const auto* f = rt.last_as<ngap::unsuccessful_outcome, ngap::amf_configuration_update_failure>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(std::get<ngap::cause_protocol>(f->cause_.value_), ngap::cause_protocol::semantic_error);
  EXPECT_EQ(gnb.amf_name(), "amf-1");
  EXPECT_EQ(gnb.counters().amf_configuration_updates_failed, 1u);
  EXPECT_FALSE(log.any_line_holds('\r'));
  EXPECT_FALSE(log.any_line_holds('\n'));
}

TEST_F(hostile_amf_fixture, ten_thousand_bad_pdus_from_the_amf_give_a_bounded_number_of_lines_and_exact_counters) {
  gnb.on_connected();
  gnb.on_ngap(setup_response("amf-1"));
  test::log_capture log("gnb.ngap");
  const auto before = rt.count;
  const std::vector<std::uint8_t> garbage{0x7F, 0xFF, 0x00};
  for (int i = 0; i < 10'000; ++i) gnb.on_ngap(garbage);
  EXPECT_EQ(gnb.counters().undecodable_messages, 10'000u);
  EXPECT_EQ(rt.count - before, 10'000u) << "every one still answered by an Error Indication";
  EXPECT_LE(log.size(), 10u);
  clk.advance(10s);
  gnb.drain_log_summaries();
  const auto logged_in_full = log.count("answering Error Indication");
  EXPECT_EQ(log.count(fmt::format("{} more like this (undecodable NGAP)", 10'000 - logged_in_full)), 1u);
  EXPECT_EQ(gnb.state(), n2_state::ready);
}

}  // namespace
}  // namespace meridian::gnb
