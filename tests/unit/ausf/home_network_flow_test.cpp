// Whole authentications between the UE side of the security module (the USIM
// and ME of TS 33.501 §6.1.3) and the home network: AUSF + UDM + UDR (the
// in-memory fake). The SEAF's part (forwarding, HRES* check) is done here by
// the test, as the AMF will do it.

#include <set>

#include "ausf_test_support.hpp"
#include "meridian/security/eap_aka_prime.hpp"
#include "meridian/security/suci.hpp"

namespace meridian::ausf::test {
namespace {

namespace eap = security::eap;

// ---------------------------------------------------------------- 5G-AKA

struct aka_run {
  std::string ctx_id;
  av_5g_aka av;
};

// AMF -> AUSF: Nausf_UEAuthentication_Authenticate; the SEAF's 5G AV back.
aka_run start_5g_aka(home_network& hn, sbi::supi_or_suci id, std::optional<udm::resynchronization_info> resync = {}) {
  auto info = info_for(std::move(id));
  info.resynchronization_info_ = std::move(resync);
  auto r = run(hn.ausf.authenticate(std::move(info)));
  EXPECT_TRUE(r && *r) << (r && !*r ? r->error().detail_.value_or("") : "");
  if (!r || !*r) return {};
  EXPECT_EQ((*r)->auth_type_, udm::auth_type::five_g_aka);
  EXPECT_EQ((*r)->links_.count("5g-aka"), 1u);
  return {ctx_id_of(**r), std::get<av_5g_aka>((*r)->auth_data_5g_)};
}

confirmation_data_response confirm(home_network& hn, const std::string& ctx_id, std::optional<sbi::bytes> res_star) {
  confirmation_data data{.res_star_ = std::move(res_star)};
  auto r = run(hn.ausf.confirm_5g_aka(ctx_id, std::move(data)));
  EXPECT_TRUE(r && *r);
  return r && *r ? **r : confirmation_data_response{};
}

TEST(home_network_5g_aka, the_ue_and_the_home_network_agree_on_kseaf_and_the_udr_records_the_success) {
  home_network hn;
  hn.udr.add(alice, subscription());
  ue phone;
  const auto run1 = start_5g_aka(hn, alice);
  auto ue_side = security::ue_authenticate(phone.k, phone.opc, array_of<16>(run1.av.rand_),
                                           array_of<16>(run1.av.autn_), snn, phone.usim);
  ASSERT_TRUE(ue_side.has_value());
  // The SEAF's own check (TS 33.501 §6.1.3.2 step 9): HRES* against HXRES*.
  EXPECT_EQ(to_hex(security::derive_hres_star(array_of<16>(run1.av.rand_), ue_side->res_star)),
            to_hex(run1.av.hxres_star_));

  const auto result =
      confirm(hn, run1.ctx_id, sbi::bytes(ue_side->res_star.begin(), ue_side->res_star.end()));
  EXPECT_EQ(result.auth_result_, auth_result::authentication_success);
  EXPECT_EQ(result.supi_, alice);
  ASSERT_TRUE(result.kseaf_.has_value());
  EXPECT_EQ(to_hex(*result.kseaf_), to_hex(security::derive_kseaf(ue_side->kausf, snn).bytes()));

  const auto& events = hn.udr.subscribers.at(alice).auth_events;
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].success_);
  EXPECT_EQ(events[0].auth_type_, udm::auth_type::five_g_aka);
  EXPECT_EQ(events[0].serving_network_name_, snn);
  EXPECT_EQ(hn.ausf.contexts(), 0u);  // the context is spent
}

TEST(home_network_5g_aka, a_ue_with_another_key_finds_a_mac_failure_and_a_wrong_res_star_fails_at_the_ausf) {
  home_network hn;
  hn.udr.add(alice, subscription());
  ue stranger;
  stranger.k.mutable_bytes()[15] ^= 0x01;
  const auto run1 = start_5g_aka(hn, alice);
  auto ue_side = security::ue_authenticate(stranger.k, stranger.opc, array_of<16>(run1.av.rand_),
                                           array_of<16>(run1.av.autn_), snn, stranger.usim);
  ASSERT_FALSE(ue_side.has_value());
  EXPECT_EQ(ue_side.error().reason, security::autn_failure::mac_failure);

  // Had it answered anyway, its RES* would not be XRES*.
  const auto res_star = security::derive_res_star(security::key128{}, security::key128{}, snn,
                                                  array_of<16>(run1.av.rand_), sbi::bytes(8, 0));
  const auto result = confirm(hn, run1.ctx_id, sbi::bytes(res_star.begin(), res_star.end()));
  EXPECT_EQ(result.auth_result_, auth_result::authentication_failure);
  EXPECT_FALSE(result.kseaf_.has_value());
  EXPECT_FALSE(result.supi_.has_value());
  ASSERT_EQ(hn.udr.subscribers.at(alice).auth_events.size(), 1u);
  EXPECT_FALSE(hn.udr.subscribers.at(alice).auth_events[0].success_);
}

TEST(home_network_5g_aka, a_synch_failure_resynchronises_sqn_through_auts_and_the_second_attempt_succeeds) {
  home_network hn;
  hn.udr.add(alice, subscription());  // the home network at SEQ 1
  ue phone;
  phone.usim.accept((5000ull << 5) | 1);  // far ahead, at the IND of the first vector (SEQ 2, IND 1)
  const auto first = start_5g_aka(hn, alice);
  auto refused = security::ue_authenticate(phone.k, phone.opc, array_of<16>(first.av.rand_),
                                           array_of<16>(first.av.autn_), snn, phone.usim);
  ASSERT_FALSE(refused.has_value());
  ASSERT_EQ(refused.error().reason, security::autn_failure::synch_failure);

  // TS 33.501 §6.1.3.2.2 (TS 24.501 §5.4.1.3.7 cause #21): the SEAF asks again with RAND and AUTS.
  const auto second = start_5g_aka(
      hn, alice,
      udm::resynchronization_info{.rand_ = first.av.rand_,
                                  .auts_ = sbi::bytes(refused.error().auts.begin(), refused.error().auts.end())});
  auto accepted = security::ue_authenticate(phone.k, phone.opc, array_of<16>(second.av.rand_),
                                            array_of<16>(second.av.autn_), snn, phone.usim);
  ASSERT_TRUE(accepted.has_value());
  EXPECT_EQ(accepted->sqn >> 5, 5001u);
  const auto result = confirm(hn, second.ctx_id, sbi::bytes(accepted->res_star.begin(), accepted->res_star.end()));
  EXPECT_EQ(result.auth_result_, auth_result::authentication_success);
  EXPECT_EQ(hn.udm.counters().resynchronisations, 1u);
}

TEST(home_network_5g_aka, an_unknown_subscriber_is_user_not_found) {
  home_network hn;
  hn.udr.add(alice, subscription());
  auto r = run(hn.ausf.authenticate(info_for(*model::supi::parse("imsi-001010000000999"))));
  EXPECT_EQ(cause_of(r), sbi::cause::user_not_found);
  EXPECT_EQ(hn.ausf.contexts(), 0u);
}

// A SUCI the UE conceals with the home network's Profile A public key.
model::suci concealed(const model::supi& supi, const crypto::ecies_key_pair& hn_key, std::uint8_t key_id) {
  security::conceal_options options;
  options.scheme = model::protection_scheme::profile_a;
  options.hn_public_key = hn_key.public_key;
  options.hn_public_key_id = key_id;
  auto s = security::conceal(supi, options);
  EXPECT_TRUE(s.has_value());
  return s ? *s : model::suci{};
}

TEST(home_network_5g_aka, a_profile_a_suci_is_deconcealed_and_the_supi_comes_back_with_kseaf) {
  home_network hn;
  hn.udr.add(alice, subscription());
  const auto hn_key = *crypto::ecies_generate_key_pair(crypto::ecies_profile::a);
  hn.keys.keys.insert_or_assign({4, model::protection_scheme::profile_a},
                                *udm::hn_private_key::from(hn_key.private_key));
  ue phone;
  const auto run1 = start_5g_aka(hn, concealed(alice, hn_key, 4));
  auto ue_side = security::ue_authenticate(phone.k, phone.opc, array_of<16>(run1.av.rand_),
                                           array_of<16>(run1.av.autn_), snn, phone.usim);
  ASSERT_TRUE(ue_side.has_value());
  const auto result = confirm(hn, run1.ctx_id, sbi::bytes(ue_side->res_star.begin(), ue_side->res_star.end()));
  EXPECT_EQ(result.auth_result_, auth_result::authentication_success);
  EXPECT_EQ(result.supi_, alice);
}

TEST(home_network_5g_aka, a_suci_with_an_unknown_key_id_is_unsupported_protection_scheme) {
  home_network hn;
  hn.udr.add(alice, subscription());
  const auto hn_key = *crypto::ecies_generate_key_pair(crypto::ecies_profile::a);
  hn.keys.keys.insert_or_assign({4, model::protection_scheme::profile_a},
                                *udm::hn_private_key::from(hn_key.private_key));
  auto r = run(hn.ausf.authenticate(info_for(concealed(alice, hn_key, 5))));
  EXPECT_EQ(cause_of(r), sbi::cause::unsupported_protection_scheme);
  EXPECT_TRUE(hn.udr.sqn_writes.empty());
}

TEST(home_network_5g_aka, concurrent_authentications_of_one_subscriber_use_distinct_increasing_sqns) {
  home_network hn;
  hn.udr.add(alice, subscription());
  constexpr std::size_t n = 6;
  std::vector<std::optional<sbi::result<ue_authentication_ctx>>> started(n);
  hn.udr.auth_reads.close();
  for (auto& s : started) start(hn.ausf.authenticate(info_for(alice)), s);
  ASSERT_EQ(hn.udr.auth_reads.waiting(), n);
  hn.udr.auth_reads.open();

  // Each UE-side check sees a distinct SQN; a USIM accepts them in increasing order.
  std::vector<std::uint64_t> sqns;
  for (auto& s : started) {
    ASSERT_TRUE(s && *s);
    const auto& av = std::get<av_5g_aka>((*s)->auth_data_5g_);
    ue phone;  // a fresh USIM for each, so freshness does not depend on order
    auto accepted = security::ue_authenticate(phone.k, phone.opc, array_of<16>(av.rand_), array_of<16>(av.autn_),
                                              snn, phone.usim);
    ASSERT_TRUE(accepted.has_value());
    sqns.push_back(accepted->sqn);
    EXPECT_EQ(confirm(hn, ctx_id_of(**s), sbi::bytes(accepted->res_star.begin(), accepted->res_star.end())).auth_result_,
              auth_result::authentication_success);
  }
  EXPECT_EQ(std::set<std::uint64_t>(sqns.begin(), sqns.end()).size(), n);
  std::vector<std::uint64_t> written;
  for (const auto& w : hn.udr.sqn_writes) written.push_back(std::stoull(w, nullptr, 16));
  EXPECT_TRUE(std::is_sorted(written.begin(), written.end()));
  EXPECT_EQ(std::set<std::uint64_t>(written.begin(), written.end()), std::set<std::uint64_t>(sqns.begin(), sqns.end()));
}

// ---------------------------------------------------------------- EAP-AKA'

struct eap_run {
  std::string ctx_id;
  std::vector<std::uint8_t> request;
};

eap_run start_eap(home_network& hn, sbi::supi_or_suci id) {
  auto r = run(hn.ausf.authenticate(info_for(std::move(id))));
  EXPECT_TRUE(r && *r) << (r && !*r ? r->error().detail_.value_or("") : "");
  if (!r || !*r) return {};
  EXPECT_EQ((*r)->auth_type_, udm::auth_type::eap_aka_prime);
  EXPECT_EQ((*r)->links_.count("eap-session"), 1u);
  return {ctx_id_of(**r), std::get<eap_payload>((*r)->auth_data_5g_)};
}

ausf::eap_session exchange(home_network& hn, const std::string& ctx_id, std::vector<std::uint8_t> response) {
  ausf::eap_session in;
  in.eap_payload_ = std::move(response);
  auto r = run(hn.ausf.eap_session(ctx_id, std::move(in)));
  EXPECT_TRUE(r && *r) << (r && !*r ? r->error().detail_.value_or("") : "");
  return r && *r ? **r : ausf::eap_session{};
}

TEST(home_network_eap_aka_prime, the_ue_and_the_home_network_agree_on_kausf_and_kseaf) {
  home_network hn;
  hn.udr.add(alice, subscription(udr::auth_method::eap_aka_prime));
  ue phone;
  security::eap_aka_prime_peer peer(phone.k, phone.opc, security::eap_aka_prime_identity(alice), snn, phone.usim);
  const auto run1 = start_eap(hn, alice);

  auto step = peer.receive(run1.request);
  ASSERT_EQ(step.action, security::eap_peer_action::challenge_response);
  const auto outcome = exchange(hn, run1.ctx_id, step.response);
  EXPECT_EQ(outcome.auth_result_, auth_result::authentication_success);
  EXPECT_EQ(outcome.supi_, alice);
  ASSERT_TRUE(outcome.k_seaf_.has_value());
  ASSERT_TRUE(peer.kausf().has_value());
  EXPECT_EQ(to_hex(*outcome.k_seaf_), to_hex(security::derive_kseaf(*peer.kausf(), snn).bytes()));

  // EAP-Success reaches the UE (in the NAS Authentication Result).
  ASSERT_TRUE(outcome.eap_payload_.has_value());
  EXPECT_EQ(peer.receive(*outcome.eap_payload_).action, security::eap_peer_action::success);
  EXPECT_TRUE(peer.authenticated());
  const auto& events = hn.udr.subscribers.at(alice).auth_events;
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].success_);
  EXPECT_EQ(events[0].auth_type_, udm::auth_type::eap_aka_prime);
}

TEST(home_network_eap_aka_prime, a_ue_with_another_key_rejects_the_challenge_and_the_ausf_answers_eap_failure) {
  home_network hn;
  hn.udr.add(alice, subscription(udr::auth_method::eap_aka_prime));
  ue stranger;
  stranger.k.mutable_bytes()[0] ^= 0x01;
  security::eap_aka_prime_peer peer(stranger.k, stranger.opc, security::eap_aka_prime_identity(alice), snn,
                                    stranger.usim);
  const auto run1 = start_eap(hn, alice);
  auto step = peer.receive(run1.request);
  ASSERT_EQ(step.action, security::eap_peer_action::authentication_reject);
  EXPECT_EQ(step.autn_failure_, security::autn_failure::mac_failure);

  const auto outcome = exchange(hn, run1.ctx_id, step.response);
  EXPECT_EQ(outcome.auth_result_, auth_result::authentication_failure);
  EXPECT_FALSE(outcome.k_seaf_.has_value());
  ASSERT_TRUE(outcome.eap_payload_.has_value());
  EXPECT_EQ(eap::decode(*outcome.eap_payload_)->code_, eap::code::failure);
  EXPECT_EQ(peer.receive(*outcome.eap_payload_).action, security::eap_peer_action::failure);
  EXPECT_FALSE(hn.udr.subscribers.at(alice).auth_events.at(0).success_);
}

TEST(home_network_eap_aka_prime, a_response_with_a_wrong_at_mac_or_res_fails) {
  for (int what : {0, 1}) {
    home_network hn;
    hn.udr.add(alice, subscription(udr::auth_method::eap_aka_prime));
    ue phone;
    security::eap_aka_prime_peer peer(phone.k, phone.opc, security::eap_aka_prime_identity(alice), snn, phone.usim);
    const auto run1 = start_eap(hn, alice);
    auto response = peer.receive(run1.request).response;
    if (what == 0) {
      response.back() ^= 0x01;  // AT_MAC
    } else {
      // Another RES under a correct MAC: a UE with the right K_aut but the wrong RES cannot exist,
      // so build it from the keys the AUSF would use.
      auto p = *eap::decode(response);
      (*p.attributes_.res_)[0] ^= 0x01;
      response = *eap::encode_with_mac(p, peer.keys()->k_aut);
      ASSERT_TRUE(eap::mac_verifies(response, peer.keys()->k_aut));
    }
    const auto outcome = exchange(hn, run1.ctx_id, response);
    EXPECT_EQ(outcome.auth_result_, auth_result::authentication_failure) << what;
    EXPECT_FALSE(outcome.k_seaf_.has_value());
  }
}

TEST(home_network_eap_aka_prime, a_synchronization_failure_brings_a_fresh_challenge_that_succeeds) {
  home_network hn;
  hn.udr.add(alice, subscription(udr::auth_method::eap_aka_prime));
  ue phone;
  phone.usim.accept((7000ull << 5) | 1);  // far ahead, at the IND of the first vector (SEQ 2, IND 1)
  security::eap_aka_prime_peer peer(phone.k, phone.opc, security::eap_aka_prime_identity(alice), snn, phone.usim);
  const auto run1 = start_eap(hn, alice);

  auto step = peer.receive(run1.request);
  ASSERT_EQ(step.action, security::eap_peer_action::synchronization_failure);
  const auto again = exchange(hn, run1.ctx_id, step.response);
  EXPECT_EQ(again.auth_result_, auth_result::authentication_ongoing);
  EXPECT_EQ(again.links_.count("eap-session"), 1u);
  ASSERT_TRUE(again.eap_payload_.has_value());
  const auto second_request = eap::decode(*again.eap_payload_);
  ASSERT_TRUE(second_request.has_value());
  EXPECT_EQ(second_request->identifier_, static_cast<std::uint8_t>(eap::decode(run1.request)->identifier_ + 1));

  step = peer.receive(*again.eap_payload_);
  ASSERT_EQ(step.action, security::eap_peer_action::challenge_response);
  const auto outcome = exchange(hn, run1.ctx_id, step.response);
  EXPECT_EQ(outcome.auth_result_, auth_result::authentication_success);
  EXPECT_EQ(to_hex(*outcome.k_seaf_), to_hex(security::derive_kseaf(*peer.kausf(), snn).bytes()));
  EXPECT_EQ(hn.ausf.counters().resynchronisations, 1u);
  EXPECT_EQ(hn.udm.counters().resynchronisations, 1u);
  EXPECT_EQ(std::stoull(hn.udr.sqn_of(alice), nullptr, 16) >> 5, 7001u);
}

TEST(home_network_eap_aka_prime, a_second_synchronization_failure_in_one_session_ends_it) {
  home_network hn;
  hn.udr.add(alice, subscription(udr::auth_method::eap_aka_prime));
  ue phone;
  phone.usim.accept((7000ull << 5) | 1);
  security::eap_aka_prime_peer peer(phone.k, phone.opc, security::eap_aka_prime_identity(alice), snn, phone.usim);
  const auto run1 = start_eap(hn, alice);
  const auto again = exchange(hn, run1.ctx_id, peer.receive(run1.request).response);
  ASSERT_TRUE(again.eap_payload_.has_value());
  // The UE's SQN jumps again before it sees the fresh challenge.
  phone.usim.accept((90000ull << 5) | 2);  // the fresh challenge is SEQ 7001, IND 2
  auto step = peer.receive(*again.eap_payload_);
  ASSERT_EQ(step.action, security::eap_peer_action::synchronization_failure);
  const auto outcome = exchange(hn, run1.ctx_id, step.response);
  EXPECT_EQ(outcome.auth_result_, auth_result::authentication_failure);
}

TEST(home_network_eap_aka_prime, the_eap_session_of_an_unknown_or_finished_context_is_context_not_found) {
  home_network hn;
  hn.udr.add(alice, subscription(udr::auth_method::eap_aka_prime));
  ue phone;
  security::eap_aka_prime_peer peer(phone.k, phone.opc, security::eap_aka_prime_identity(alice), snn, phone.usim);
  const auto run1 = start_eap(hn, alice);
  const auto response = peer.receive(run1.request).response;
  EXPECT_EQ(exchange(hn, run1.ctx_id, response).auth_result_, auth_result::authentication_success);
  ausf::eap_session replay;
  replay.eap_payload_ = response;
  EXPECT_EQ(cause_of(run(hn.ausf.eap_session(run1.ctx_id, replay))), sbi::cause::context_not_found);
}

}  // namespace
}  // namespace meridian::ausf::test
