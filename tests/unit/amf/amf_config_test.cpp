// Reading the `amf:` section: defaults, values, and errors naming the line.

#include <gtest/gtest.h>

#include "meridian/amf/amf_config.hpp"
#include "meridian/amf/mm.hpp"
#include "meridian/common/config.hpp"

namespace meridian::amf {
namespace {

amf_config read(std::string_view yaml) {
  auto doc = config::document::parse(yaml, "amf.yaml");
  amf_config cfg;
  read_amf_config(doc.root().child("amf"), cfg);
  return cfg;
}

TEST(amf_config, with_no_section_every_option_keeps_its_default) {
  const auto cfg = read("{}");
  EXPECT_EQ(cfg.name, "meridian-amf");
  EXPECT_EQ(cfg.ngap_address, "127.0.0.1");
  EXPECT_EQ(cfg.ngap_port, 38412);
  ASSERT_EQ(cfg.plmn_support.size(), 1u);
  EXPECT_EQ(cfg.plmn_support[0].plmn.to_string(), "001/01");
  EXPECT_EQ(cfg.time_to_wait, ngap::time_to_wait::v10s);
}

TEST(amf_config, plmns_slices_guamis_and_time_to_wait_are_read) {
  const auto cfg = read(
      "amf:\n  name: core-1\n  time_to_wait_s: 2\n  plmns:\n    - plmn: \"310/410\"\n      slices: [{sst: 1, sd: "
      "\"010203\"}, {sst: 2}]\n  guamis: [{plmn: \"310/410\", region: 2, set: 3, pointer: 4}]\n");
  EXPECT_EQ(cfg.name, "core-1");
  EXPECT_EQ(cfg.time_to_wait, ngap::time_to_wait::v2s);
  ASSERT_EQ(cfg.plmn_support.size(), 1u);
  EXPECT_EQ(cfg.plmn_support[0].plmn.mnc(), "410");
  ASSERT_EQ(cfg.plmn_support[0].slices.size(), 2u);
  EXPECT_EQ(cfg.plmn_support[0].slices[0].sd_, model::slice_differentiator::from(0x010203u));
  ASSERT_EQ(cfg.served_guamis.size(), 1u);
  EXPECT_EQ(cfg.served_guamis[0].amf_id_.set_.value(), 3);
}

TEST(amf_config, when_a_key_is_unknown_or_a_value_bad_then_the_error_names_the_line) {
  try {
    read("amf:\n  name: x\n  bogus: 1\n");
    FAIL() << "unknown key accepted";
  } catch (const config::config_error& e) {
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.key(), "amf.bogus");
  }
  EXPECT_THROW(read("amf:\n  time_to_wait_s: 3\n"), config::config_error);
  EXPECT_THROW(read("amf:\n  plmns: [{plmn: \"01/01\"}]\n"), config::config_error);
  EXPECT_THROW(read("amf:\n  plmns: [{plmn: \"001/01\", slices: [{sst: 1, sd: \"xyz\"}]}]\n"), config::config_error);
}

TEST(amf_config, by_default_the_tai_list_is_plmn_001_01_tac_1_as_the_default_gnb_announces) {
  const auto cfg = read("{}");
  ASSERT_EQ(cfg.tais.size(), 1u);
  EXPECT_EQ(cfg.tais[0].plmn.to_string(), "001/01");
  EXPECT_EQ(cfg.tais[0].tacs, std::vector<model::tac>{model::tac::literal(1)});
  EXPECT_FALSE(cfg.accept_any_tac);
}

TEST(amf_config, the_tai_list_is_read_with_decimal_and_hex_tacs) {
  const auto cfg = read("amf:\n  tais:\n    - plmn: \"001/01\"\n      tacs: [1, 0x10, 16777215]\n    - plmn: \"310/410\"\n"
                        "      tacs: [7]\n");
  ASSERT_EQ(cfg.tais.size(), 2u);
  EXPECT_EQ(cfg.tais[0].tacs,
            (std::vector<model::tac>{model::tac::literal(1), model::tac::literal(16), model::tac::literal(0xFFFFFF)}));
  EXPECT_EQ(cfg.tais[1].plmn.to_string(), "310/410");
}

TEST(amf_config, accept_any_tac_must_be_asked_for_and_cannot_be_combined_with_a_tai_list) {
  const auto any = read("amf:\n  accept_any_tac: true\n");
  EXPECT_TRUE(any.accept_any_tac);
  EXPECT_TRUE(any.tais.empty());
  EXPECT_THROW(read("amf:\n  accept_any_tac: true\n  tais: [{plmn: \"001/01\", tacs: [1]}]\n"), config::config_error);
  EXPECT_THROW(read("amf:\n  tais: [{plmn: \"001/01\", tacs: [16777216]}]\n"), config::config_error);
  EXPECT_THROW(read("amf:\n  tais: [{plmn: \"001/01\", tacs: [x1]}]\n"), config::config_error);
  EXPECT_THROW(read("amf:\n  tais: [{plmn: \"001/01\"}]\n"), config::config_error);
}

TEST(amf_config, an_amf_name_outside_the_printable_string_alphabet_is_a_configuration_error) {
  EXPECT_THROW(read("amf:\n  name: amf_1\n"), config::config_error);
  EXPECT_EQ(read("amf:\n  name: \"AMF (lab) 1\"\n").name, "AMF (lab) 1");
}

TEST(amf_config, when_plmns_are_served_then_the_tai_list_follows_them_with_the_configured_tacs) {
  auto cfg = read("amf:\n  tais:\n    - plmn: \"001/01\"\n      tacs: [1, 7]\n");
  serve_plmns(cfg, {*model::plmn::parse("999/70"), *model::plmn::parse("310/410")});
  ASSERT_EQ(cfg.plmn_support.size(), 2u);
  ASSERT_EQ(cfg.tais.size(), 2u);
  EXPECT_EQ(cfg.tais[0].plmn.to_string(), "999/70");
  EXPECT_EQ(cfg.tais[1].plmn.to_string(), "310/410");
  EXPECT_EQ(cfg.tais[1].tacs, (std::vector<model::tac>{model::tac::literal(1), model::tac::literal(7)}));
}

}  // namespace
}  // namespace meridian::amf

namespace meridian::amf {
namespace {

mm_config read_nas(std::string_view yaml) {
  auto doc = config::document::parse(yaml, "amf.yaml");
  amf_config cfg;
  mm_config nas;
  read_amf_config(doc.root().child("amf"), cfg, nas);
  return nas;
}

TEST(amf_nas_config, the_idle_mode_timers_are_read) {
  const auto nas = read_nas(
      "amf:\n  nas:\n    t3513_ms: 1500\n    paging_attempts: 2\n    mobile_reachable_margin_s: 60\n"
      "    implicit_deregistration_s: 0\n");
  EXPECT_EQ(nas.t3513, std::chrono::milliseconds(1500));
  EXPECT_EQ(nas.paging_attempts, 2);
  EXPECT_EQ(nas.mobile_reachable_margin, std::chrono::seconds(60));
  EXPECT_EQ(nas.implicit_deregistration, std::chrono::seconds(0));
  EXPECT_THROW(read_nas("amf:\n  nas:\n    paging_attempts: 0\n"), config::config_error);
}

TEST(amf_nas_config, timers_algorithm_lists_and_options_are_read) {
  const auto nas = read_nas(
      "amf:\n  name: core-1\n  nas:\n    t3512_s: 600\n    t3560_ms: 2000\n    integrity: [NIA1, nia2]\n"
      "    ciphering: [NEA0]\n    request_imeisv: false\n");
  EXPECT_EQ(nas.t3512, std::chrono::seconds(600));
  EXPECT_EQ(nas.t3560, std::chrono::milliseconds(2000));
  EXPECT_EQ(nas.t3550, mm_config{}.t3550);
  EXPECT_EQ(nas.integrity_order, (std::vector<crypto::nia>{crypto::nia::nia1, crypto::nia::nia2}));
  EXPECT_EQ(nas.ciphering_order, (std::vector<crypto::nea>{crypto::nea::nea0}));
  EXPECT_FALSE(nas.request_imeisv);
}

TEST(amf_nas_config, nia0_an_unknown_algorithm_or_key_is_refused_naming_the_key) {
  EXPECT_THROW(read_nas("amf:\n  nas:\n    integrity: [NIA0]\n"), config::config_error);
  EXPECT_THROW(read_nas("amf:\n  nas:\n    ciphering: [NEA4]\n"), config::config_error);
  EXPECT_THROW(read_nas("amf:\n  nas:\n    t3599_ms: 5000\n"), config::config_error);
  try {
    read_nas("amf:\n  nas:\n    integrity: [NIA0]\n");
  } catch (const config::config_error& e) {
    EXPECT_NE(std::string(e.what()).find("amf.nas.integrity"), std::string::npos) << e.what();
  }
}

TEST(amf_nas_config, without_a_nas_section_an_amf_section_is_still_checked_whole) {
  EXPECT_THROW(read_nas("amf:\n  nme: typo\n"), config::config_error);
  EXPECT_EQ(read_nas("amf:\n  name: x\n").t3512, mm_config{}.t3512);
}

}  // namespace
}  // namespace meridian::amf
