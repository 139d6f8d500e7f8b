// The UDM's SIDF against TS 33.501 Annex C.4's SUCIs (tests/vectors/suci.json),
// through GenerateAuthData as the AUSF calls it.

#include "meridian/udm/sidf.hpp"
#include "udm_test_support.hpp"

namespace meridian::udm::test {
namespace {

using meridian::test::hex_bytes;
using meridian::test::load_vectors;

const model::supi spec_supi = *model::supi::parse("imsi-274012001002086");

nlohmann::json suci_vector(int scheme) {
  for (const auto& v : load_vectors("suci.json"))
    if (v.at("protection_scheme_id") == scheme) return v;
  ADD_FAILURE() << "no SUCI vector for scheme " << scheme;
  return {};
}

// The C.4 SUCI of `scheme` with home PLMN 274/012 and key id `key_id`.
model::suci spec_suci(int scheme, std::uint8_t key_id) {
  const auto v = suci_vector(scheme);
  model::suci s;
  s.home_plmn_ = *model::plmn::parse("274/012");
  s.protection_scheme_ = static_cast<model::protection_scheme>(scheme);
  s.home_network_public_key_id_ = key_id;
  s.scheme_output_ = hex_bytes(v.at("scheme_output"));
  return s;
}

void add_key(meridian::test::fake_home_network_keys& keys, std::uint8_t id, int scheme) {
  keys.keys.insert_or_assign({id, static_cast<model::protection_scheme>(scheme)},
                             *hn_private_key::from(hex_bytes(suci_vector(scheme).at("home_network_private_key"))));
}

TEST(udm_sidf, the_profile_a_and_b_sucis_of_annex_c4_deconceal_with_the_key_their_id_names) {
  for (int scheme : {1, 2}) {
    SCOPED_TRACE(scheme);
    meridian::test::fake_home_network_keys keys;
    add_key(keys, 7, scheme);
    auto supi = deconceal_supi(spec_suci(scheme, 7), keys, true);
    ASSERT_TRUE(supi.has_value()) << supi.error().detail_.value_or("");
    EXPECT_EQ(*supi, spec_supi);
  }
}

TEST(udm_sidf, the_null_scheme_suci_of_annex_c4_gives_its_imsi_unless_the_home_network_refuses_it) {
  meridian::test::fake_home_network_keys keys;
  auto s = spec_suci(0, 0);
  auto supi = deconceal_supi(s, keys, true);
  ASSERT_TRUE(supi.has_value());
  EXPECT_EQ(*supi, spec_supi);
  auto refused = deconceal_supi(s, keys, false);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().cause_, sbi::cause::unsupported_protection_scheme);
}

TEST(udm_sidf, a_suci_with_a_key_id_the_home_network_has_not_is_unsupported_protection_scheme) {
  meridian::test::fake_home_network_keys keys;
  add_key(keys, 7, 1);
  auto unknown_id = deconceal_supi(spec_suci(1, 8), keys, true);
  ASSERT_FALSE(unknown_id.has_value());
  EXPECT_EQ(unknown_id.error().cause_, sbi::cause::unsupported_protection_scheme);
  EXPECT_EQ(unknown_id.error().status_, 501);
  // Key 7 exists for Profile A only.
  auto other_profile = deconceal_supi(spec_suci(2, 7), keys, true);
  ASSERT_FALSE(other_profile.has_value());
  EXPECT_EQ(other_profile.error().cause_, sbi::cause::unsupported_protection_scheme);
}

TEST(udm_sidf, a_scheme_output_that_does_not_deconceal_is_mandatory_ie_incorrect_on_supi_or_suci) {
  meridian::test::fake_home_network_keys keys;
  add_key(keys, 7, 1);
  auto s = spec_suci(1, 7);
  s.scheme_output_.back() ^= 0x01;  // MAC tag
  auto r = deconceal_supi(s, keys, true);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().cause_, sbi::cause::mandatory_ie_incorrect);
  ASSERT_EQ(r.error().invalid_params_.size(), 1u);
  EXPECT_EQ(r.error().invalid_params_[0].param_, "/supiOrSuci");
  // The error says what failed, never the key.
  EXPECT_EQ(r.error().detail_->find(to_hex(keys.keys.begin()->second.bytes())), std::string::npos);
}

TEST(udm_sidf, a_reserved_protection_scheme_is_unsupported) {
  meridian::test::fake_home_network_keys keys;
  auto s = spec_suci(1, 7);
  s.protection_scheme_ = static_cast<model::protection_scheme>(5);
  auto r = deconceal_supi(s, keys, true);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().cause_, sbi::cause::unsupported_protection_scheme);
}

TEST(udm_sidf, generate_auth_data_for_a_suci_answers_the_supi_it_hid) {
  home_network hn;
  add_key(hn.keys, 3, 2);
  hn.udr.add(spec_supi, subscription());
  auto r = run(hn.ueau.get(spec_suci(2, 3), request_for()));
  ASSERT_TRUE(r && *r) << (r ? r->error().detail_.value_or("") : "");
  EXPECT_EQ((*r)->supi_, spec_supi);
  EXPECT_EQ(hn.udr.sqn_writes.size(), 1u);
}

TEST(udm_sidf, generate_auth_data_for_a_suci_with_an_unknown_key_id_touches_no_subscriber) {
  home_network hn;
  add_key(hn.keys, 3, 2);
  hn.udr.add(spec_supi, subscription());
  auto r = run(hn.ueau.get(spec_suci(2, 4), request_for()));
  EXPECT_EQ(cause_of(r), sbi::cause::unsupported_protection_scheme);
  EXPECT_TRUE(hn.udr.sqn_writes.empty());
  EXPECT_EQ(hn.ueau.counters().deconcealment_failures, 1u);
}

}  // namespace
}  // namespace meridian::udm::test
