// The UE's side of EAP-AKA' (TS 33.501 §6.1.3.1, RFC 9048 §3) against
// challenges the home network's pieces build: the AV of aka.hpp, CK'/IK' and
// the keys of key_hierarchy.hpp, the packets of eap_aka_prime.hpp.

#include <gtest/gtest.h>

#include "meridian/common/hex.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/eap_aka_prime.hpp"
#include "meridian/security/eap_aka_prime_peer.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "support/vectors.hpp"

using namespace meridian;
using namespace meridian::security;
using meridian::test::hex_bytes;

namespace {

key128 key_of(const std::string& text) { return *key128::from(hex_bytes(text)); }

const std::string snn = "5G:mnc093.mcc208.3gppnetwork.org";
const std::string identity = "208930000000001";

// TS 35.207 test set 1's K and OPc.
struct subscriber {
  key128 k = key_of("465b5ce8b199b49faa5f0a2ee238a6bc");
  key128 opc = key_of("cd63cb71954a9f4e48a5994e37a02baf");
};

rand128 rand_n(std::uint8_t n) {
  rand128 r{};
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = static_cast<std::uint8_t>(n * 31 + i);
  return r;
}

std::uint64_t sqn_of(std::uint64_t seq, std::uint64_t ind) { return (seq << 5) | ind; }

// The network's side of one challenge, as the AUSF builds it from the UDM's AV.
struct network_challenge {
  he_authentication_vector av;
  eap_aka_prime_keys keys;
  std::vector<std::uint8_t> bytes;
};

network_challenge make_challenge(const subscriber& s, std::uint64_t sqn, std::uint8_t identifier = 1,
                                 const std::string& network_name = snn, amf16 amf = {0x80, 0x00}) {
  network_challenge c{generate_he_av(s.k, s.opc, rand_n(identifier), sqn_to_bytes(sqn), amf, snn), {}, {}};
  if (amf[0] == 0x00) {
    // generate_he_av always sets the separation bit; a non-5G AV is built by hand.
    const crypto::milenage m(s.k, s.opc);
    const auto sqn_bytes = sqn_to_bytes(sqn);
    const auto mac = m.f1(c.av.rand, sqn_bytes, amf);
    for (std::size_t i = 0; i < 6; ++i) c.av.autn[i] = static_cast<std::uint8_t>(sqn_bytes[i] ^ c.av.ak[i]);
    c.av.autn[6] = amf[0];
    c.av.autn[7] = amf[1];
    std::copy(mac.begin(), mac.end(), c.av.autn.begin() + 8);
  }
  const auto prime =
      derive_ck_ik_prime(c.av.ck, c.av.ik, network_name, std::span<const std::uint8_t, 6>(c.av.autn.data(), 6));
  c.keys = derive_eap_aka_prime_keys(prime, identity);
  auto bytes = eap::encode_with_mac(eap::challenge_request(identifier, c.av.rand, c.av.autn, network_name),
                                    c.keys.k_aut);
  EXPECT_TRUE(bytes.has_value());
  c.bytes = bytes ? *bytes : std::vector<std::uint8_t>{};
  return c;
}

std::vector<std::uint8_t> success_packet(std::uint8_t identifier) {
  eap::packet p;
  p.code_ = eap::code::success;
  p.identifier_ = identifier;
  return *eap::encode(p);
}

TEST(eap_aka_prime_peer, accepts_a_fresh_challenge_answers_res_under_k_aut_and_derives_kausf_from_emsk) {
  subscriber s;
  sqn_ue_state state;
  eap_aka_prime_peer ue(s.k, s.opc, identity, snn, state);
  const auto c = make_challenge(s, sqn_of(1, 1), 0x11);

  const auto step = ue.receive(c.bytes);
  ASSERT_EQ(step.action, eap_peer_action::challenge_response);
  auto response = eap::decode(step.response);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->code_, eap::code::response);
  EXPECT_EQ(response->identifier_, 0x11);
  EXPECT_EQ(response->subtype_, eap::aka_subtype::challenge);
  ASSERT_TRUE(response->attributes_.res_.has_value());
  EXPECT_EQ(to_hex(*response->attributes_.res_), to_hex(c.av.res));
  EXPECT_TRUE(eap::mac_verifies(step.response, c.keys.k_aut));

  ASSERT_TRUE(ue.kausf().has_value());
  EXPECT_EQ(*ue.kausf(), derive_kausf_from_emsk(c.keys.emsk));
  EXPECT_FALSE(ue.authenticated());
  EXPECT_FALSE(state.is_fresh(sqn_of(1, 1)));  // the SQN is now used

  EXPECT_EQ(ue.receive(success_packet(0x12)).action, eap_peer_action::success);
  EXPECT_TRUE(ue.authenticated());
}

TEST(eap_aka_prime_peer, a_network_name_other_than_its_serving_network_name_is_rejected_and_no_sqn_used) {
  subscriber s;
  sqn_ue_state state;
  eap_aka_prime_peer ue(s.k, s.opc, identity, snn, state);
  const auto c = make_challenge(s, sqn_of(1, 1), 1, "5G:mnc001.mcc001.3gppnetwork.org");
  const auto step = ue.receive(c.bytes);
  EXPECT_EQ(step.action, eap_peer_action::authentication_reject);
  EXPECT_EQ(eap::decode(step.response)->subtype_, eap::aka_subtype::authentication_reject);
  EXPECT_TRUE(state.is_fresh(sqn_of(1, 1)));
  EXPECT_FALSE(ue.kausf().has_value());
}

TEST(eap_aka_prime_peer, an_autn_from_another_key_is_a_mac_failure_answered_with_authentication_reject) {
  subscriber s;
  subscriber impostor;
  impostor.k.mutable_bytes()[0] ^= 0x01;
  sqn_ue_state state;
  eap_aka_prime_peer ue(s.k, s.opc, identity, snn, state);
  const auto step = ue.receive(make_challenge(impostor, sqn_of(1, 1)).bytes);
  EXPECT_EQ(step.action, eap_peer_action::authentication_reject);
  ASSERT_TRUE(step.autn_failure_.has_value());
  EXPECT_EQ(*step.autn_failure_, autn_failure::mac_failure);
  auto p = eap::decode(step.response);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->subtype_, eap::aka_subtype::authentication_reject);
  EXPECT_FALSE(p->attributes_.mac_.has_value());
}

TEST(eap_aka_prime_peer, a_non_5g_amf_is_rejected) {
  subscriber s;
  sqn_ue_state state;
  eap_aka_prime_peer ue(s.k, s.opc, identity, snn, state);
  const auto step = ue.receive(make_challenge(s, sqn_of(1, 1), 1, snn, {0x00, 0x00}).bytes);
  EXPECT_EQ(step.action, eap_peer_action::authentication_reject);
  EXPECT_EQ(step.autn_failure_, autn_failure::non_5g_auth_unacceptable);
}

TEST(eap_aka_prime_peer, a_stale_sqn_is_answered_with_auts_that_the_home_network_verifies) {
  subscriber s;
  sqn_ue_state state;
  state.accept(sqn_of(40, 3));
  eap_aka_prime_peer ue(s.k, s.opc, identity, snn, state);
  const auto c = make_challenge(s, sqn_of(5, 3), 9);
  const auto step = ue.receive(c.bytes);
  ASSERT_EQ(step.action, eap_peer_action::synchronization_failure);
  auto p = eap::decode(step.response);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->identifier_, 9);
  EXPECT_EQ(p->subtype_, eap::aka_subtype::synchronization_failure);
  EXPECT_EQ(p->attributes_.kdf_, std::vector<std::uint16_t>{1});
  ASSERT_TRUE(p->attributes_.auts_.has_value());
  const auto sqn_ms = verify_auts(s.k, s.opc, c.av.rand, *p->attributes_.auts_);
  ASSERT_TRUE(sqn_ms.has_value());
  EXPECT_EQ(*sqn_ms, state.sqn_ms());
}

TEST(eap_aka_prime_peer, a_challenge_whose_at_mac_fails_gets_client_error_and_consumes_no_sqn) {
  subscriber s;
  sqn_ue_state state;
  eap_aka_prime_peer ue(s.k, s.opc, identity, snn, state);
  auto c = make_challenge(s, sqn_of(2, 0));
  c.bytes.back() ^= 0x01;  // last octet of AT_MAC
  const auto step = ue.receive(c.bytes);
  EXPECT_EQ(step.action, eap_peer_action::client_error);
  EXPECT_EQ(eap::decode(step.response)->attributes_.client_error_code_, std::uint16_t{0});
  EXPECT_TRUE(state.is_fresh(sqn_of(2, 0)));
  EXPECT_FALSE(ue.kausf().has_value());
}

TEST(eap_aka_prime_peer, when_kdf_1_is_offered_but_not_first_it_is_proposed_and_when_absent_the_challenge_is_rejected) {
  subscriber s;
  sqn_ue_state state;
  eap_aka_prime_peer ue(s.k, s.opc, identity, snn, state);
  auto c = make_challenge(s, sqn_of(1, 1));
  auto p = *eap::decode(c.bytes);
  p.attributes_.kdf_ = {7, 1};
  auto step = ue.receive(*eap::encode_with_mac(p, c.keys.k_aut));
  ASSERT_EQ(step.action, eap_peer_action::kdf_negotiation);
  EXPECT_EQ(eap::decode(step.response)->attributes_.kdf_, std::vector<std::uint16_t>{1});
  EXPECT_TRUE(state.is_fresh(sqn_of(1, 1)));

  p.attributes_.kdf_ = {7};
  step = ue.receive(*eap::encode_with_mac(p, c.keys.k_aut));
  EXPECT_EQ(step.action, eap_peer_action::authentication_reject);
}

TEST(eap_aka_prime_peer, malformed_or_incomplete_requests_get_client_error) {
  subscriber s;
  sqn_ue_state state;
  eap_aka_prime_peer ue(s.k, s.opc, identity, snn, state);
  EXPECT_EQ(ue.receive(hex_bytes("0105")).action, eap_peer_action::client_error);
  auto c = make_challenge(s, sqn_of(1, 1), 4);
  auto p = *eap::decode(c.bytes);
  p.attributes_.autn_.reset();
  auto step = ue.receive(*eap::encode_with_mac(p, c.keys.k_aut));
  EXPECT_EQ(step.action, eap_peer_action::client_error);
  EXPECT_EQ(eap::decode(step.response)->identifier_, 4);
  // A non-empty checkcode: there was no identity round to check.
  p = *eap::decode(c.bytes);
  p.attributes_.checkcode_ = std::vector<std::uint8_t>(32, 1);
  EXPECT_EQ(ue.receive(*eap::encode_with_mac(p, c.keys.k_aut)).action, eap_peer_action::client_error);
  EXPECT_TRUE(state.is_fresh(sqn_of(1, 1)));
}

TEST(eap_aka_prime_peer, success_without_an_accepted_challenge_is_a_failure_and_failure_forgets_the_keys) {
  subscriber s;
  sqn_ue_state state;
  eap_aka_prime_peer ue(s.k, s.opc, identity, snn, state);
  EXPECT_EQ(ue.receive(success_packet(1)).action, eap_peer_action::failure);
  EXPECT_FALSE(ue.authenticated());

  ASSERT_EQ(ue.receive(make_challenge(s, sqn_of(1, 1)).bytes).action, eap_peer_action::challenge_response);
  eap::packet failure;
  failure.code_ = eap::code::failure;
  EXPECT_EQ(ue.receive(*eap::encode(failure)).action, eap_peer_action::failure);
  EXPECT_FALSE(ue.kausf().has_value());
  EXPECT_FALSE(ue.authenticated());
}

}  // namespace
