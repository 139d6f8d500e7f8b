// Issue 13 on the AMF's N2 side: tracking areas it does not serve, names that
// would inject log lines, floods of bad PDUs, and one gNB ID on many
// associations. Log lines are captured with a test sink.

#include <gtest/gtest.h>

#include <chrono>

#include "meridian/amf/amf_n2.hpp"
#include "meridian/gnb/gnb_n2.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "support/log_capture.hpp"

namespace meridian::amf {
namespace {

using namespace std::chrono_literals;

class recording_sender final : public amf_n2_notifier {
 public:
  void send_ngap(gnb_association_id to, std::span<const std::uint8_t> pdu) override {
    ++count;
    last_to = to;
    auto decoded = ngap::decode_ngap_pdu(pdu);
    ASSERT_TRUE(decoded) << "the AMF sent octets it cannot decode itself";
    last = std::move(*decoded);
  }
  void release_association(gnb_association_id a) override { released.push_back(a); }

  template <class Outcome, class T>
  const T* last_as() const {
    const auto* o = std::get_if<Outcome>(&last.value_);
    return o ? std::get_if<T>(&o->value_) : nullptr;
  }
  std::size_t count = 0;
  gnb_association_id last_to;
  ngap::ngap_pdu last;
  std::vector<gnb_association_id> released;
};

gnb_association_id assoc(std::uint64_t i) { return *gnb_association_id::from(i); }

template <class Outcome, class T>
std::vector<std::uint8_t> bytes_of(T m) {
  return n2::encode(n2::make_pdu<Outcome>(std::move(m)));
}

ngap::supported_ta_list tas(const std::string& plmn, std::uint32_t tac) {
  ngap::broadcast_plmn_item bp;
  bp.plmn_identity_ = n2::encode_plmn(*model::plmn::parse(plmn));
  bp.tai_slice_support_list_.push_back(ngap::slice_support_item{n2::encode_s_nssai({1, std::nullopt})});
  ngap::supported_ta_item ta;
  ta.tac_ = n2::encode_tac(*model::tac::from(tac));
  ta.broadcast_plmn_list_.push_back(bp);
  return {ta};
}

std::vector<std::uint8_t> setup_request(std::uint32_t id, std::uint32_t tac = 1, std::string name = "test-gnb") {
  ngap::ng_setup_request r;
  r.global_ran_node_id_ = n2::encode_global_gnb_id(*model::global_gnb_id::from(model::plmn{}, id, 22));
  r.ran_node_name_ = std::move(name);
  r.supported_ta_list_ = tas("001/01", tac);
  r.default_paging_drx_ = ngap::paging_drx::v128;
  return bytes_of<ngap::initiating_message>(std::move(r));
}

struct hostile_fixture : ::testing::Test {
  manual_clock clk;
  runtime::timer_service timers{clk};
  recording_sender out;

  std::unique_ptr<amf_n2> make(amf_config cfg = {}) { return std::make_unique<amf_n2>(std::move(cfg), out, timers); }
};

// --- 6: the TAI list ---------------------------------------------------------

TEST_F(hostile_fixture, when_no_supported_ta_is_in_the_tai_list_then_setup_fails_with_unknown_plmn_and_time_to_wait) {
  auto amf = make();  // default: PLMN 001/01, TAC 1
  amf->on_gnb_connected(assoc(1));
  amf->on_ngap(assoc(1), setup_request(7, /*tac=*/2));
  const auto* f = out.last_as<ngap::unsuccessful_outcome, ngap::ng_setup_failure>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(std::get<ngap::cause_misc>(f->cause_.value_), ngap::cause_misc::unknown_plmn_or_snpn);
  EXPECT_EQ(f->time_to_wait_, ngap::time_to_wait::v10s);
  EXPECT_EQ(amf->ready_gnb_count(), 0u);

  amf->on_ngap(assoc(1), setup_request(7, /*tac=*/1));
  EXPECT_NE((out.last_as<ngap::successful_outcome, ngap::ng_setup_response>()), nullptr);
}

TEST_F(hostile_fixture, a_gnb_is_accepted_when_any_one_of_its_tas_is_served) {
  amf_config cfg;
  cfg.tais = {served_tais{model::plmn{}, {model::tac::literal(5), model::tac::literal(0x010203)}}};
  auto amf = make(cfg);
  ngap::ng_setup_request r;
  r.global_ran_node_id_ = n2::encode_global_gnb_id({});
  r.supported_ta_list_ = tas("001/01", 4);
  r.supported_ta_list_.push_back(tas("001/01", 0x010203)[0]);
  amf->on_gnb_connected(assoc(1));
  amf->on_ngap(assoc(1), bytes_of<ngap::initiating_message>(r));
  EXPECT_EQ(amf->ready_gnb_count(), 1u);
}

TEST_F(hostile_fixture, when_tai_list_is_empty_then_no_ta_is_served_unless_any_tac_is_accepted_explicitly) {
  amf_config cfg;
  cfg.tais.clear();
  auto strict = make(cfg);
  strict->on_gnb_connected(assoc(1));
  strict->on_ngap(assoc(1), setup_request(7, 1));
  EXPECT_NE((out.last_as<ngap::unsuccessful_outcome, ngap::ng_setup_failure>()), nullptr);

  cfg.accept_any_tac = true;
  auto lab = make(cfg);
  lab->on_gnb_connected(assoc(1));
  lab->on_ngap(assoc(1), setup_request(7, 4711));
  EXPECT_NE((out.last_as<ngap::successful_outcome, ngap::ng_setup_response>()), nullptr);
  EXPECT_EQ(lab->ready_gnb_count(), 1u);
}

TEST_F(hostile_fixture, a_ran_configuration_update_moving_the_gnb_out_of_the_tai_list_is_refused) {
  auto amf = make();
  amf->on_gnb_connected(assoc(1));
  amf->on_ngap(assoc(1), setup_request(7));
  ngap::ran_configuration_update u;
  u.supported_ta_list_ = tas("001/01", 9);
  amf->on_ngap(assoc(1), bytes_of<ngap::initiating_message>(u));
  const auto* f = out.last_as<ngap::unsuccessful_outcome, ngap::ran_configuration_update_failure>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(std::get<ngap::cause_misc>(f->cause_.value_), ngap::cause_misc::unknown_plmn_or_snpn);
  EXPECT_EQ(n2::decode_tac(amf->find(assoc(1))->supported_tas[0].tac_), model::tac::literal(1)) << "the old TAs stay";
}

// The default configurations of both ends set up with each other out of the box.
class gnb_to_amf final : public gnb::gnb_n2_notifier {
 public:
  void send_ngap(std::span<const std::uint8_t> pdu) override { amf->on_ngap(assoc(1), pdu); }
  void connect() override {}
  amf_n2* amf = nullptr;
};

class amf_to_gnb final : public amf_n2_notifier {
 public:
  void send_ngap(gnb_association_id, std::span<const std::uint8_t> pdu) override { gnb->on_ngap(pdu); }
  gnb::gnb_n2* gnb = nullptr;
};

TEST(amf_defaults, the_default_amf_sets_up_the_default_gnb) {
  manual_clock clk;
  runtime::timer_service timers(clk);
  gnb_to_amf up;
  amf_to_gnb down;
  amf_n2 amf(amf_config{}, down, timers);
  const gnb::gnb_config gnb_defaults;
  gnb::gnb_n2 g(gnb_defaults, "127.0.0.1:38412", timers, up);
  up.amf = &amf;
  down.gnb = &g;
  amf.on_gnb_connected(assoc(1));
  g.on_connected();
  EXPECT_EQ(g.state(), gnb::n2_state::ready);
  EXPECT_EQ(amf.ready_gnb_count(), 1u);
}

// --- 7: log injection ----------------------------------------------------------

TEST_F(hostile_fixture, when_ran_node_name_holds_a_newline_and_an_escape_then_setup_is_refused_and_no_line_holds_them) {
  test::log_capture log("amf.ngap");
  auto amf = make();
  amf->on_gnb_connected(assoc(1));
  amf->on_ngap(assoc(1), setup_request(7, 1, "gnb\n2026-12-07T10:00:00.000 info  [amf.ngap] forged\x1b[2J"));
  const auto* f = out.last_as<ngap::unsuccessful_outcome, ngap::ng_setup_failure>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(std::get<ngap::cause_protocol>(f->cause_.value_), ngap::cause_protocol::semantic_error);
  EXPECT_TRUE(f->time_to_wait_);
  EXPECT_EQ(amf->ready_gnb_count(), 0u);
  EXPECT_EQ(amf->counters().invalid_names, 1u);
  ASSERT_GE(log.size(), 1u);
  EXPECT_FALSE(log.any_line_holds('\n'));
  EXPECT_FALSE(log.any_line_holds('\x1b'));
  EXPECT_EQ(log.count("gnb\\n2026-12-07"), 1u) << "the name is logged escaped";
}

TEST_F(hostile_fixture, names_outside_the_printable_string_alphabet_are_refused_in_ran_configuration_update_too) {
  test::log_capture log("amf.ngap");
  auto amf = make();
  amf->on_gnb_connected(assoc(1));
  amf->on_ngap(assoc(1), setup_request(7, 1, "gNB (lab) 1/2 'a'+b,c-d.e:f=g?"));
  ASSERT_EQ(amf->ready_gnb_count(), 1u) << "every PrintableString character is accepted";
  ngap::ran_configuration_update u;
  u.ran_node_name_ = std::string("renamed\r\x07");
  amf->on_ngap(assoc(1), bytes_of<ngap::initiating_message>(u));
  const auto* f = out.last_as<ngap::unsuccessful_outcome, ngap::ran_configuration_update_failure>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(std::get<ngap::cause_protocol>(f->cause_.value_), ngap::cause_protocol::semantic_error);
  EXPECT_EQ(amf->find(assoc(1))->name, "gNB (lab) 1/2 'a'+b,c-d.e:f=g?");
  EXPECT_FALSE(log.any_line_holds('\r'));
  EXPECT_FALSE(log.any_line_holds('\x07'));
}

// --- 8: rate-limited warnings, exact counters --------------------------------

TEST_F(hostile_fixture, ten_thousand_bad_pdus_from_one_association_give_a_bounded_number_of_lines_and_exact_counters) {
  test::log_capture log("amf.ngap");
  auto amf = make();
  amf->on_gnb_connected(assoc(1));
  amf->on_ngap(assoc(1), setup_request(7));
  const std::vector<std::uint8_t> garbage{0xDE, 0xAD, 0xBE, 0xEF, 0x01};
  const auto before = out.count;
  log.clear();
  for (int i = 0; i < 10'000; ++i) {
    amf->on_ngap(assoc(1), garbage);
    if (i % 1000 == 999) clk.advance(1s);  // the flood spans one 10 s window
  }
  EXPECT_EQ(amf->counters().undecodable_messages, 10'000u);
  EXPECT_EQ(amf->counters().error_indications_sent, 10'000u);
  EXPECT_EQ(out.count - before, 10'000u) << "every bad PDU still gets its Error Indication";
  EXPECT_LE(log.size(), 10u);
  EXPECT_EQ(log.count("answering Error Indication"), log.size());

  // The status timer's drain reports what was held back, once.
  clk.advance(10s);
  amf->drain_log_summaries();
  amf->drain_log_summaries();
  EXPECT_EQ(log.count("more like this"), 1u);
  const auto logged_in_full = log.count("answering Error Indication");
  EXPECT_EQ(log.count(fmt::format("{} more like this (undecodable NGAP)", 10'000 - logged_in_full)), 1u);
}

TEST_F(hostile_fixture, warnings_are_limited_per_association_and_a_departing_association_reports_its_summary) {
  test::log_capture log("amf.ngap");
  auto amf = make();
  const std::vector<std::uint8_t> garbage{0xDE, 0xAD, 0xBE, 0xEF, 0x01};
  amf->on_gnb_connected(assoc(1));
  amf->on_gnb_connected(assoc(2));
  for (int i = 0; i < 100; ++i) amf->on_ngap(assoc(1), garbage);
  const auto after_first = log.count("answering Error Indication");
  amf->on_ngap(assoc(2), garbage);
  EXPECT_EQ(log.count("answering Error Indication"), after_first + 1) << "another association has its own budget";
  amf->on_gnb_disconnected(assoc(1));
  EXPECT_EQ(log.count(fmt::format("{} more like this", 100 - after_first)), 1u);
}

// --- 9: one gNB ID on many associations --------------------------------------

TEST_F(hostile_fixture, fifty_associations_presenting_the_same_gnb_id_count_as_one_gnb) {
  test::log_capture log("amf.ngap");
  auto amf = make();
  for (std::uint64_t i = 1; i <= 50; ++i) {
    amf->on_gnb_connected(assoc(i));
    amf->on_ngap(assoc(i), setup_request(7));
    ASSERT_NE((out.last_as<ngap::successful_outcome, ngap::ng_setup_response>()), nullptr) << "association " << i;
  }
  EXPECT_EQ(amf->ready_gnb_count(), 1u);
  EXPECT_EQ(amf->gnb_count(), 1u);
  ASSERT_NE(amf->find(assoc(50)), nullptr);
  EXPECT_TRUE(amf->find(assoc(50))->setup_complete) << "the latest association carries the gNB";
  EXPECT_EQ(amf->find(assoc(1)), nullptr);
  EXPECT_EQ(amf->counters().duplicate_gnb_ids, 49u);
  ASSERT_EQ(out.released.size(), 49u);
  EXPECT_EQ(out.released.front(), assoc(1));
  EXPECT_EQ(out.released.back(), assoc(49));
  // The released associations' down notifications change nothing.
  for (std::uint64_t i = 1; i < 50; ++i) amf->on_gnb_disconnected(assoc(i));
  EXPECT_EQ(amf->ready_gnb_count(), 1u);
  // Another gNB ID is another gNB.
  amf->on_gnb_connected(assoc(51));
  amf->on_ngap(assoc(51), setup_request(8));
  EXPECT_EQ(amf->ready_gnb_count(), 2u);
  EXPECT_LE(log.count("releasing it (restart)"), 10u) << "the duplicate warnings are rate-limited too";
}

TEST_F(hostile_fixture, when_a_gnb_sets_up_again_on_its_own_association_nothing_is_released) {
  auto amf = make();
  amf->on_gnb_connected(assoc(1));
  amf->on_ngap(assoc(1), setup_request(7));
  amf->on_ngap(assoc(1), setup_request(7));
  EXPECT_EQ(amf->ready_gnb_count(), 1u);
  EXPECT_TRUE(out.released.empty());
  EXPECT_EQ(amf->counters().duplicate_gnb_ids, 0u);
  // After the association goes, the same gNB ID on a new one is simply a new set-up.
  amf->on_gnb_disconnected(assoc(1));
  amf->on_gnb_connected(assoc(2));
  amf->on_ngap(assoc(2), setup_request(7));
  EXPECT_TRUE(out.released.empty());
  EXPECT_EQ(amf->ready_gnb_count(), 1u);
}

}  // namespace
}  // namespace meridian::amf
