// The benchmark's test SMF and the UPF's feature bits (TS 29.244 §8.2.25):
// each bit of UP Function Features alone, then a UPF double on loopback that
// answers PFCP and announces FTUP without BUCP (the bench must send CHOOSE
// F-TEIDs and use the TEIDs the UPF chose) or BUCP without FTUP (fixed F-TEIDs).

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <optional>
#include <vector>

#include <asio/ip/udp.hpp>

#include "meridian/upf_bench/bench_smf.hpp"

namespace meridian::upf_bench {
namespace {

using namespace std::chrono_literals;

constexpr pfcp::flag bucp{0, 1}, ftup{0, 5};

TEST(upf_features, when_a_single_feature_bit_is_set_then_only_ftup_means_the_upf_allocates_f_teids) {
  EXPECT_FALSE(upf_allocates_f_teids(std::nullopt));
  EXPECT_FALSE(upf_allocates_f_teids(pfcp::up_function_features{}));
  for (std::uint8_t octet = 0; octet < 4; ++octet) {  // octets 5 to 8 of the IE
    for (std::uint8_t bit = 1; bit <= 8; ++bit) {
      pfcp::up_function_features f;
      f.set(pfcp::flag{octet, bit});
      EXPECT_EQ(upf_allocates_f_teids(f), octet == 0 && bit == 5)
          << "octet " << octet + 5 << " bit " << static_cast<int>(bit);
    }
  }
  pfcp::up_function_features all;
  all.octets_ = {0xff, 0xff};
  EXPECT_TRUE(upf_allocates_f_teids(all));
  all.set(ftup, false);
  EXPECT_FALSE(upf_allocates_f_teids(all));  // every other bit, BUCP included, is not FTUP
}

/// A UPF as seen over N4: a UDP socket on loopback that answers Association
/// Setup with `features_` and Session Establishment with Request accepted,
/// choosing TEIDs 0x5000, 0x5001, ... for F-TEIDs with CHOOSE.
class upf_double {
 public:
  explicit upf_double(asio::io_context& io)
      : socket_(io, asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0)) {
    receive();
  }

  n4_peer::endpoint endpoint() const { return {{127, 0, 0, 1}, socket_.local_endpoint().port()}; }

  /// A UPF-initiated Association Setup Request (§6.2.6.3) to `smf`.
  void setup_association_with(const n4_peer::endpoint& smf) {
    pfcp::association_setup_request r;
    r.node_id_ = node_id();
    r.recovery_time_stamp_.value_ = 3'900'000'000u;
    r.up_function_features_ = features_;
    send(smf, std::nullopt, 1000, r);
  }

  std::optional<pfcp::up_function_features> features_;
  std::vector<pfcp::session_establishment_request> establishments_;

 private:
  static pfcp::node_id node_id() {
    pfcp::node_id id;
    id.type_ = pfcp::node_id::kind::ipv4;
    id.ipv4_ = {127, 0, 0, 1};
    return id;
  }

  void receive() {
    socket_.async_receive_from(asio::buffer(buffer_), peer_, [this](std::error_code ec, std::size_t n) {
      if (ec) return;
      if (auto m = pfcp::decode(std::span<const std::uint8_t>(buffer_.data(), n))) answer(*m);
      receive();
    });
  }

  void answer(const pfcp::message& m) {
    const n4_peer::endpoint to{peer_.address().to_v4().to_bytes(), peer_.port()};
    const auto seq = m.header_.sequence_number_;
    if (std::holds_alternative<pfcp::association_setup_request>(m.body_)) {
      pfcp::association_setup_response r;
      r.node_id_ = node_id();
      r.cause_.value_ = pfcp::cause_value::request_accepted;
      r.recovery_time_stamp_.value_ = 3'900'000'000u;
      r.up_function_features_ = features_;
      send(to, std::nullopt, seq, r);
    } else if (const auto* req = std::get_if<pfcp::session_establishment_request>(&m.body_)) {
      establishments_.push_back(*req);
      pfcp::session_establishment_response r;
      r.node_id_ = node_id();
      r.cause_.value_ = pfcp::cause_value::request_accepted;
      r.up_f_seid_ =
          pfcp::f_seid{*seid::from(establishments_.size()), std::array<std::uint8_t, 4>{127, 0, 0, 1}, std::nullopt};
      for (const auto& pdr : req->create_pdr_) {
        if (!pdr.pdi_.local_f_teid_ || !pdr.pdi_.local_f_teid_->choose_) continue;
        pfcp::created_pdr c;
        c.pdr_id_ = pdr.pdr_id_;
        pfcp::f_teid chosen;
        chosen.teid_ = *teid::from(0x5000 + next_teid_++);
        chosen.ipv4_ = {10, 150, 0, 2};
        c.local_f_teid_ = chosen;
        r.created_pdr_.push_back(c);
      }
      send(to, req->cp_f_seid_.seid_, seq, r);
    }
    // Anything else (the association setup response to ours) needs no answer.
  }

  void send(const n4_peer::endpoint& to, std::optional<seid> header_seid, std::uint32_t seq, pfcp::message_body body) {
    pfcp::message m;
    m.header_.sequence_number_ = seq;
    m.header_.seid_ = header_seid;
    m.body_ = std::move(body);
    auto bytes = pfcp::encode(m);
    ASSERT_TRUE(bytes.has_value());
    std::error_code ec;
    socket_.send_to(asio::buffer(*bytes), asio::ip::udp::endpoint(asio::ip::address_v4(to.address_), to.port_), 0, ec);
  }

  asio::ip::udp::socket socket_;
  asio::ip::udp::endpoint peer_;
  std::array<std::uint8_t, 65536> buffer_{};
  std::uint32_t next_teid_ = 0;
};

class bench_smf_test : public ::testing::Test {
 protected:
  std::unique_ptr<bench_smf> make_smf(bool interface_types = true) {
    n4_peer::client_config cfg;
    cfg.bind_address_ = {127, 0, 0, 1};
    cfg.port_ = 0;
    cfg.t1_ = 500ms;
    cfg.send_interface_types_ = interface_types;
    auto s = bench_smf::create(io_, cfg, upf_.endpoint());
    EXPECT_TRUE(s) << s.error();
    return s ? std::move(*s) : nullptr;
  }

  std::vector<bench_session> sessions(std::size_t n) const { return synthetic_sessions(n, plan_.ue_pool_); }

  asio::io_context io_;
  upf_double upf_{io_};
  topology_plan plan_{};
};

TEST_F(bench_smf_test, when_the_upf_announces_ftup_without_bucp_then_the_bench_asks_it_to_choose_f_teids) {
  pfcp::up_function_features f;
  f.set(ftup);
  upf_.features_ = f;
  auto smf = make_smf();
  ASSERT_TRUE(smf);
  ASSERT_TRUE(smf->try_associate(2000ms));
  EXPECT_TRUE(smf->ftup());
  auto s = sessions(3);
  ASSERT_TRUE(smf->establish(s, 1, plan_, {}, 2, 5000ms));
  ASSERT_EQ(upf_.establishments_.size(), 3u);
  for (const auto& req : upf_.establishments_) {
    const auto& ft = req.create_pdr_.at(0).pdi_.local_f_teid_;
    ASSERT_TRUE(ft.has_value());
    EXPECT_TRUE(ft->choose_);
    EXPECT_TRUE(ft->choose_ipv4_);
  }
  // The gNB will send to the TEIDs the UPF chose.
  std::vector<std::uint32_t> uplink;
  for (const auto& b : s) uplink.push_back(b.uplink_teid_.value());
  std::sort(uplink.begin(), uplink.end());
  EXPECT_EQ(uplink, (std::vector<std::uint32_t>{0x5000, 0x5001, 0x5002}));
}

TEST_F(bench_smf_test, when_the_upf_announces_bucp_without_ftup_then_the_bench_sends_fixed_f_teids) {
  pfcp::up_function_features f;
  f.set(bucp);
  upf_.features_ = f;
  auto smf = make_smf();
  ASSERT_TRUE(smf);
  ASSERT_TRUE(smf->try_associate(2000ms));
  EXPECT_FALSE(smf->ftup());
  auto s = sessions(2);
  const auto wanted = s;
  ASSERT_TRUE(smf->establish(s, 1, plan_, {}, 2, 5000ms));
  ASSERT_EQ(upf_.establishments_.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& ft = upf_.establishments_[i].create_pdr_.at(0).pdi_.local_f_teid_;
    ASSERT_TRUE(ft.has_value());
    EXPECT_FALSE(ft->choose_);
    EXPECT_EQ(s[i].uplink_teid_, wanted[i].uplink_teid_);
  }
}

TEST_F(bench_smf_test, when_the_upf_sets_up_the_association_with_ftup_itself_then_the_bench_learns_it) {
  pfcp::up_function_features f;
  f.set(ftup);
  upf_.features_ = f;
  auto smf = make_smf();
  ASSERT_TRUE(smf);
  upf_.setup_association_with(smf->client().local_endpoint());
  ASSERT_TRUE(n4_peer::run_until(
      io_, [&] { return smf->associated(); }, 2000ms));
  EXPECT_TRUE(smf->ftup());
}

TEST_F(bench_smf_test, when_interface_types_are_on_then_the_rules_name_n3_and_n6_and_when_off_they_are_left_out) {
  for (bool on : {true, false}) {
    upf_.establishments_.clear();
    auto smf = make_smf(on);
    ASSERT_TRUE(smf);
    ASSERT_TRUE(smf->try_associate(2000ms));
    auto s = sessions(1);
    ASSERT_TRUE(smf->establish(s, 1, plan_, {}, 1, 5000ms));
    ASSERT_EQ(upf_.establishments_.size(), 1u);
    const auto& req = upf_.establishments_[0];
    using t = pfcp::three_gpp_interface_type;
    const auto n3 = on ? std::optional<t>(t{11}) : std::nullopt;  // N3 3GPP Access
    const auto n6 = on ? std::optional<t>(t{17}) : std::nullopt;  // N6
    // Uplink PDR from N3, its FAR to N6; downlink PDR from N6, its FAR to N3.
    EXPECT_EQ(req.create_pdr_.at(0).pdi_.source_interface_type_, n3);
    EXPECT_EQ(req.create_pdr_.at(1).pdi_.source_interface_type_, n6);
    EXPECT_EQ(req.create_far_.at(0).forwarding_parameters_->destination_interface_type_, n6);
    EXPECT_EQ(req.create_far_.at(1).forwarding_parameters_->destination_interface_type_, n3);
  }
}

}  // namespace
}  // namespace meridian::upf_bench
