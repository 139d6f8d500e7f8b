// The UDM's Nudm_SDM Get operations over the in-memory UDR.

#include "udm_test_support.hpp"

namespace meridian::udm::test {
namespace {

const model::plmn home = *model::plmn::parse("001/01");
const model::plmn visited = *model::plmn::parse("208/93");
const model::s_nssai embb = *model::s_nssai::parse("1");
const model::s_nssai urllc = *model::s_nssai::parse("2/000001");

home_network provisioned() {
  udm_config config;
  config.home_plmn_ = home;
  home_network hn(config);
  auto& s = hn.udr.add(alice, subscription());
  access_and_mobility_subscription_data am;
  am.subscribed_ue_ambr_ = sbi::ambr{.uplink_ = "1 Gbps", .downlink_ = "2 Gbps"};
  am.nssai_ = nssai{.default_single_nssais_ = {embb}, .single_nssais_ = {urllc}};
  s.am_data = am;
  smf_selection_subscription_data smf;
  smf.subscribed_snssai_infos_[embb] = snssai_info{.dnn_infos_ = {{.dnn_ = "internet", .default_dnn_indicator_ = true}}};
  s.smf_select_data = smf;
  session_management_subscription_data sm_embb;
  sm_embb.single_nssai_ = embb;
  sm_embb.dnn_configurations_["internet"] = dnn_configuration{};
  sm_embb.dnn_configurations_["ims"] = dnn_configuration{};
  session_management_subscription_data sm_urllc;
  sm_urllc.single_nssai_ = urllc;
  sm_urllc.dnn_configurations_["factory"] = dnn_configuration{};
  s.sm_data = {sm_embb, sm_urllc};
  return hn;
}

TEST(udm_sdm, am_data_is_the_udrs_for_the_serving_plmn_or_the_home_plmn) {
  auto hn = provisioned();
  auto at_home = run(hn.sdm.get_am_data(alice, std::nullopt));
  ASSERT_TRUE(at_home && *at_home);
  EXPECT_EQ((*at_home)->subscribed_ue_ambr_->downlink_, "2 Gbps");
  auto roaming = run(hn.sdm.get_am_data(alice, visited));
  ASSERT_TRUE(roaming && *roaming);
  EXPECT_EQ(hn.udr.queried_plmns, (std::vector<model::plmn>{home, visited}));
}

TEST(udm_sdm, nssai_comes_from_am_data_and_is_data_not_found_when_it_has_none) {
  auto hn = provisioned();
  auto n = run(hn.sdm.get_nssai(alice, std::nullopt));
  ASSERT_TRUE(n && *n);
  EXPECT_EQ((*n)->default_single_nssais_, std::vector<model::s_nssai>{embb});
  EXPECT_EQ((*n)->single_nssais_, std::vector<model::s_nssai>{urllc});
  hn.udr.subscribers.at(alice).am_data->nssai_.reset();
  EXPECT_EQ(cause_of(run(hn.sdm.get_nssai(alice, std::nullopt))), sbi::cause::data_not_found);
}

TEST(udm_sdm, smf_select_data_lists_the_dnns_per_slice) {
  auto hn = provisioned();
  auto r = run(hn.sdm.get_smf_select_data(alice, std::nullopt));
  ASSERT_TRUE(r && *r);
  ASSERT_EQ((*r)->subscribed_snssai_infos_.count(embb), 1u);
  EXPECT_EQ((*r)->subscribed_snssai_infos_.at(embb).dnn_infos_[0].dnn_, "internet");
}

TEST(udm_sdm, sm_data_is_filtered_by_slice_and_dnn) {
  auto hn = provisioned();
  auto all = run(hn.sdm.get_sm_data(alice, {}));
  ASSERT_TRUE(all && *all);
  EXPECT_EQ((*all)->size(), 2u);
  sm_data_query query{.single_nssai_ = embb, .dnn_ = "ims", .plmn_id_ = visited};
  auto one = run(hn.sdm.get_sm_data(alice, query));
  ASSERT_TRUE(one && *one);
  ASSERT_EQ((*one)->size(), 1u);
  EXPECT_EQ((*one)->front().single_nssai_, embb);
  EXPECT_EQ((*one)->front().dnn_configurations_.size(), 1u);
  EXPECT_EQ((*one)->front().dnn_configurations_.count("ims"), 1u);
  EXPECT_EQ(hn.udr.queried_plmns.back(), visited);
  sm_data_query unknown{.single_nssai_ = urllc, .dnn_ = "internet"};
  EXPECT_EQ(cause_of(run(hn.sdm.get_sm_data(alice, unknown))), sbi::cause::data_not_found);
}

TEST(udm_sdm, an_unknown_subscriber_is_user_not_found_for_every_data_set) {
  auto hn = provisioned();
  const auto bob = supi_of("imsi-001010000000999");
  EXPECT_EQ(cause_of(run(hn.sdm.get_am_data(bob, std::nullopt))), sbi::cause::user_not_found);
  EXPECT_EQ(cause_of(run(hn.sdm.get_nssai(bob, std::nullopt))), sbi::cause::user_not_found);
  EXPECT_EQ(cause_of(run(hn.sdm.get_smf_select_data(bob, std::nullopt))), sbi::cause::user_not_found);
  EXPECT_EQ(cause_of(run(hn.sdm.get_sm_data(bob, {}))), sbi::cause::user_not_found);
  EXPECT_EQ(cause_of(run(hn.sdm.get_ue_context_in_smf_data(bob))), sbi::cause::user_not_found);
}

TEST(udm_sdm, ue_context_in_smf_data_of_a_known_subscriber_has_no_sessions_until_smfs_register) {
  auto hn = provisioned();
  auto r = run(hn.sdm.get_ue_context_in_smf_data(alice));
  ASSERT_TRUE(r && *r);
  EXPECT_TRUE((*r)->pdu_sessions_.empty());
  hn.udr.subscribers.at(alice).am_data.reset();  // known, but no am-data: still known
  auto without_am = run(hn.sdm.get_ue_context_in_smf_data(alice));
  ASSERT_TRUE(without_am && *without_am);
}

}  // namespace
}  // namespace meridian::udm::test
