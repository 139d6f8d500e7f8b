// PDU session establishment through the SMF core: what goes to the UPF, what
// goes to the AMF (N1 accept, N2 transfer), and every refusal with its cause.

#include <algorithm>

#include "smf/smf_fixture.hpp"

namespace meridian::smf::test {
namespace {

using type = nas::pdu_session_type_value;
using mode = fake_n4_port::mode;

struct smf_establishment : smf_fixture {};

TEST_F(smf_establishment, when_an_ipv4_session_is_requested_then_the_upf_gets_the_default_flow_rules) {
  auto r = create();
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->sm_context_ref_.empty());
  EXPECT_EQ(r->data_.pdu_session_id_, model::pdu_session_id::from(5));
  EXPECT_EQ(r->data_.up_cnx_state_, up_cnx_state::activating);
  const sm_context* ctx = smf->context(r->sm_context_ref_);
  ASSERT_NE(ctx, nullptr);
  ASSERT_TRUE(ctx->ipv4);
  EXPECT_TRUE(ipv4_cidr::parse("10.45.0.0/16")->contains(*ctx->ipv4));

  ASSERT_EQ(n4.establishments.size(), 1u);
  const auto& req = n4.establishments[0];
  EXPECT_EQ(req.cp_f_seid_.ipv4_, (pfcp::ipv4_address{127, 0, 0, 2}));
  EXPECT_EQ(req.pdn_type_->value_, pfcp::pdn_type_value::ipv4);
  ASSERT_EQ(req.create_pdr_.size(), 2u);
  const auto& ul = req.create_pdr_[0];
  EXPECT_EQ(ul.pdi_.source_interface_.value_, pfcp::interface_value::access);
  ASSERT_TRUE(ul.pdi_.local_f_teid_);
  EXPECT_TRUE(ul.pdi_.local_f_teid_->choose_);
  EXPECT_TRUE(ul.outer_header_removal_);
  ASSERT_EQ(ul.pdi_.ue_ip_address_.size(), 1u);
  EXPECT_EQ(ul.pdi_.ue_ip_address_[0].ipv4_, *ctx->ipv4);
  EXPECT_FALSE(ul.pdi_.ue_ip_address_[0].destination_);
  ASSERT_EQ(ul.pdi_.qfi_.size(), 1u);
  EXPECT_EQ(ul.pdi_.qfi_[0].value_, 1);
  const auto& dl = req.create_pdr_[1];
  EXPECT_EQ(dl.pdi_.source_interface_.value_, pfcp::interface_value::core);
  EXPECT_TRUE(dl.pdi_.ue_ip_address_.at(0).destination_);
  EXPECT_EQ(dl.pdi_.ue_ip_address_.at(0).ipv4_, *ctx->ipv4);
  ASSERT_EQ(req.create_far_.size(), 2u);
  EXPECT_TRUE(req.create_far_[0].apply_action_.test(pfcp::flags::apply_action::forw));
  EXPECT_EQ(req.create_far_[0].forwarding_parameters_->destination_interface_.value_, pfcp::interface_value::core);
  EXPECT_TRUE(req.create_far_[1].apply_action_.test(pfcp::flags::apply_action::buff));
  ASSERT_EQ(req.create_qer_.size(), 2u);
  ASSERT_TRUE(req.create_qer_[0].mbr_);
  EXPECT_EQ(req.create_qer_[0].mbr_->ul_, 1'000'000u);  // 1 Gbps in kbit/s
  EXPECT_EQ(req.create_qer_[0].mbr_->dl_, 1'000'000u);
  EXPECT_EQ(req.create_qer_[1].qfi_->value_, 1);
  EXPECT_EQ(std::count(ul.qer_id_.begin(), ul.qer_id_.end(), pfcp::qer_id{1}), 1);
  EXPECT_EQ(ctx->up_seid, seid::from(0x5000));
  EXPECT_EQ(ctx->state, sm_state::awaiting_an);
}

TEST_F(smf_establishment, when_the_upf_accepts_then_the_amf_gets_the_accept_and_the_setup_request_transfer) {
  auto r = create(type::ipv4, epco_request({nas::pco_id::dns_server_ipv4_address, nas::pco_id::ipv4_link_mtu}));
  ASSERT_TRUE(r);
  ASSERT_EQ(amf.n1_n2_message_transfer_.call_count(), 1u);
  EXPECT_EQ(amf.n1_n2_message_transfer_.last<0>(), "imsi-001010000000001");
  EXPECT_EQ(last_transfer().pdu_session_id_, model::pdu_session_id::from(5));
  const sm_context* ctx = smf->context(r->sm_context_ref_);
  ASSERT_NE(ctx, nullptr);

  auto g = decode_gsm(last_n1());
  ASSERT_TRUE(g);
  EXPECT_EQ(g->pdu_session_id_, 5);
  EXPECT_EQ(g->pti_, 1);
  const auto* accept = std::get_if<nas::pdu_session_establishment_accept>(&g->message_);
  ASSERT_NE(accept, nullptr);
  EXPECT_EQ(accept->selected_pdu_session_type_.value_, type::ipv4);
  EXPECT_EQ(accept->selected_ssc_mode_.value_, 1);
  ASSERT_EQ(accept->authorized_qos_rules_.rules_.size(), 1u);
  const auto& rule = accept->authorized_qos_rules_.rules_[0];
  EXPECT_TRUE(rule.default_rule_);
  EXPECT_EQ(rule.qfi_, 1);
  ASSERT_EQ(rule.packet_filters_.size(), 1u);
  EXPECT_EQ(rule.packet_filters_[0].components_.at(0).type_, nas::packet_filter_component_type::match_all);
  EXPECT_EQ(nas::session_ambr::bits_per_second(accept->session_ambr_.downlink_unit_, accept->session_ambr_.downlink_),
            1'000'000'000u);
  EXPECT_EQ(nas::session_ambr::bits_per_second(accept->session_ambr_.uplink_unit_, accept->session_ambr_.uplink_),
            1'000'000'000u);
  ASSERT_TRUE(accept->pdu_address_);
  EXPECT_EQ(accept->pdu_address_->ipv4_, ctx->ipv4);
  EXPECT_FALSE(accept->cause_);
  ASSERT_TRUE(accept->dnn_);
  EXPECT_EQ(accept->dnn_->value_, "internet");
  ASSERT_TRUE(accept->s_nssai_);
  EXPECT_EQ(accept->s_nssai_->value_.sst_, 1);
  ASSERT_TRUE(accept->authorized_qos_flow_descriptions_);
  ASSERT_TRUE(accept->extended_protocol_configuration_options_);
  const auto& epco = *accept->extended_protocol_configuration_options_;
  EXPECT_EQ(epco.dns_server_ipv4(), (std::vector<std::array<std::uint8_t, 4>>{{8, 8, 8, 8}, {1, 1, 1, 1}}));
  EXPECT_EQ(epco.ipv4_link_mtu(), std::optional<std::uint16_t>(1400));
  EXPECT_TRUE(epco.dns_server_ipv6().empty()) << "not asked for";

  ASSERT_TRUE(last_n2());
  EXPECT_EQ(last_transfer().n2_info_container_->sm_info_->n2_info_content_->ngap_ie_type_,
            amf::ngap_ie_type::pdu_res_setup_req);
  auto t = ngap::decode_pdu_session_resource_setup_request_transfer(*last_n2());
  ASSERT_TRUE(t);
  const auto& tunnel = std::get<ngap::gtp_tunnel>(t->ul_ngu_up_tnl_information_.value_);
  EXPECT_EQ(tunnel.transport_layer_address_.length_, 32u);
  EXPECT_EQ(tunnel.transport_layer_address_.bytes_, (std::vector<std::uint8_t>{192, 0, 2, 100}));
  EXPECT_EQ(tunnel.gtp_teid_, (std::vector<std::uint8_t>{0, 0, 0x10, 0}));
  EXPECT_EQ(t->pdu_session_type_, ngap::pdu_session_type::ipv4);
  ASSERT_EQ(t->qos_flow_setup_request_list_.size(), 1u);
  const auto& flow = t->qos_flow_setup_request_list_[0];
  EXPECT_EQ(flow.qos_flow_identifier_, 1);
  EXPECT_EQ(std::get<ngap::non_dynamic5_qi_descriptor>(flow.qos_flow_level_qos_parameters_.qos_characteristics_.value_)
                .five_qi_,
            9);
  EXPECT_EQ(flow.qos_flow_level_qos_parameters_.allocation_and_retention_priority_.priority_level_arp_, 8);
  ASSERT_TRUE(t->pdu_session_aggregate_maximum_bit_rate_);
  EXPECT_EQ(t->pdu_session_aggregate_maximum_bit_rate_->pdu_session_aggregate_maximum_bit_rate_dl_, 1'000'000'000);
  EXPECT_EQ(smf->counters().establishments_accepted, 1u);
}

TEST_F(smf_establishment, when_ipv4v6_is_requested_then_the_session_gets_an_address_and_a_64) {
  auto r = create(type::ipv4v6, epco_request({nas::pco_id::dns_server_ipv6_address}));
  ASSERT_TRUE(r);
  const sm_context* ctx = smf->context(r->sm_context_ref_);
  ASSERT_NE(ctx, nullptr);
  ASSERT_TRUE(ctx->ipv4);
  ASSERT_TRUE(ctx->ipv6_prefix);
  EXPECT_TRUE(ipv6_prefix::parse("2001:db8:cafe::/48")->contains(*ctx->ipv6_prefix));
  auto g = decode_gsm(last_n1());
  ASSERT_TRUE(g);
  const auto& accept = std::get<nas::pdu_session_establishment_accept>(g->message_);
  EXPECT_EQ(accept.selected_pdu_session_type_.value_, type::ipv4v6);
  ASSERT_TRUE(accept.pdu_address_);
  EXPECT_EQ(accept.pdu_address_->type_, type::ipv4v6);
  EXPECT_EQ(accept.pdu_address_->ipv4_, ctx->ipv4);
  EXPECT_EQ(accept.pdu_address_->ipv6_interface_id_, ctx->ipv6_interface_id);
  EXPECT_EQ(accept.extended_protocol_configuration_options_->dns_server_ipv6().size(), 1u);
  const auto& ue = n4.establishments.at(0).create_pdr_.at(1).pdi_.ue_ip_address_.at(0);
  EXPECT_EQ(ue.ipv4_, ctx->ipv4);
  EXPECT_EQ(ue.ipv6_, ctx->ipv6_prefix);
  EXPECT_EQ(ue.ipv6_prefix_length_, std::optional<std::uint8_t>(64));
  EXPECT_EQ(n4.establishments.at(0).pdn_type_->value_, pfcp::pdn_type_value::ipv4v6);
  auto t = ngap::decode_pdu_session_resource_setup_request_transfer(*last_n2());
  ASSERT_TRUE(t);
  EXPECT_EQ(t->pdu_session_type_, ngap::pdu_session_type::ipv4v6);
}

TEST_F(smf_establishment, when_ipv4v6_is_requested_and_only_ipv4_is_pooled_then_ipv4_is_accepted_with_cause_50) {
  smf_config cfg;
  cfg.pools_[0].ipv6_.reset();
  make(cfg, false);
  auto r = create(type::ipv4v6);
  ASSERT_TRUE(r);
  auto g = decode_gsm(last_n1());
  ASSERT_TRUE(g);
  const auto& accept = std::get<nas::pdu_session_establishment_accept>(g->message_);
  EXPECT_EQ(accept.selected_pdu_session_type_.value_, type::ipv4);
  EXPECT_EQ(accept.cause_, nas::gsm_cause::pdu_session_type_ipv4_only_allowed);
}

TEST_F(smf_establishment, when_ipv6_is_requested_and_only_ipv4_is_pooled_then_it_is_rejected_with_cause_50) {
  smf_config cfg;
  cfg.pools_[0].ipv6_.reset();
  make(cfg, false);
  auto r = create(type::ipv6);
  ASSERT_FALSE(r);
  EXPECT_EQ(reject_cause(r), nas::gsm_cause::pdu_session_type_ipv4_only_allowed);
  EXPECT_EQ(r.error().error_.cause_, sbi::cause::pdutype_denied);
  EXPECT_EQ(pool().ipv4_in_use(), 0u);
  EXPECT_TRUE(n4.establishments.empty());
}

TEST_F(smf_establishment, when_ethernet_or_an_unknown_type_is_requested_then_it_is_rejected_with_cause_28) {
  for (auto t : {type::ethernet, type::unstructured, static_cast<type>(6)}) {
    auto r = create(t);
    ASSERT_FALSE(r);
    EXPECT_EQ(reject_cause(r), nas::gsm_cause::unknown_pdu_session_type) << static_cast<int>(t);
    EXPECT_EQ(r.error().error_.status_, 403);
  }
  EXPECT_EQ(smf->context_count(), 0u);
}

TEST_F(smf_establishment, when_the_dnn_is_not_served_then_it_is_rejected_with_cause_27) {
  auto d = create_data(establishment_request(5, 1, type::ipv4));
  d.dnn_ = "ims";
  auto r = create(std::move(d));
  ASSERT_FALSE(r);
  EXPECT_EQ(reject_cause(r), nas::gsm_cause::missing_or_unknown_dnn);
  EXPECT_EQ(r.error().error_.cause_, sbi::cause::dnn_not_supported);
}

TEST_F(smf_establishment, when_no_dnn_is_given_then_the_first_configured_is_used) {
  auto d = create_data(establishment_request(5, 1, type::ipv4));
  d.dnn_.reset();
  auto r = create(std::move(d));
  ASSERT_TRUE(r);
  EXPECT_EQ(smf->context(r->sm_context_ref_)->dnn, "internet");
}

TEST_F(smf_establishment, when_the_dnn_is_not_served_on_the_slice_then_it_is_rejected_with_cause_70) {
  auto d = create_data(establishment_request(5, 1, type::ipv4));
  d.s_nssai_ = model::s_nssai{2, std::nullopt};
  auto r = create(std::move(d));
  ASSERT_FALSE(r);
  EXPECT_EQ(reject_cause(r), nas::gsm_cause::missing_or_unknown_dnn_in_a_slice);
}

TEST_F(smf_establishment, when_ssc_mode_2_is_requested_then_it_is_rejected_with_cause_68) {
  auto r = create(create_data(establishment_request(5, 1, type::ipv4, std::nullopt, 2)));
  ASSERT_FALSE(r);
  EXPECT_EQ(reject_cause(r), nas::gsm_cause::not_supported_ssc_mode);
}

TEST_F(smf_establishment, when_the_pti_is_not_assigned_then_the_answer_is_5gsm_status_81) {
  for (std::uint8_t pti : {0, 255}) {
    auto r = create(create_data(establishment_request(5, pti, type::ipv4)));
    ASSERT_FALSE(r);
    EXPECT_EQ(status_cause(r.error().n1_sm_msg_), nas::gsm_cause::invalid_pti_value);
    EXPECT_EQ(r.error().error_.cause_, sbi::cause::n1_sm_error);
  }
}

TEST_F(smf_establishment, when_the_pdu_session_id_is_invalid_or_not_the_amfs_then_it_is_rejected_with_cause_43) {
  auto zero = create(create_data(establishment_request(0, 1, type::ipv4)));
  ASSERT_FALSE(zero);
  EXPECT_EQ(reject_cause(zero), nas::gsm_cause::invalid_pdu_session_identity);
  auto other = create(create_data(establishment_request(6, 1, type::ipv4), 5));
  ASSERT_FALSE(other);
  EXPECT_EQ(reject_cause(other), nas::gsm_cause::invalid_pdu_session_identity);
}

TEST_F(smf_establishment, when_the_n1_is_not_an_establishment_request_then_the_answer_is_5gsm_status_98) {
  auto r = create(create_data(gsm(5, 1, nas::pdu_session_release_request{})));
  ASSERT_FALSE(r);
  EXPECT_EQ(status_cause(r.error().n1_sm_msg_), nas::gsm_cause::message_type_not_compatible_with_protocol_state);
}

TEST_F(smf_establishment, when_the_request_is_cut_short_anywhere_then_every_answer_is_a_reject_or_status_that_decodes) {
  const auto full = establishment_request(5, 1, type::ipv4v6, epco_request({nas::pco_id::dns_server_ipv4_address}));
  for (std::size_t n = 0; n < full.size(); ++n) {
    sbi::bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    auto d = create_data(cut);
    auto r = run(smf->create_sm_context(std::move(d)));
    ASSERT_TRUE(r) << n;
    if (*r) continue;  // an optional IE cut off at a boundary leaves a valid shorter request
    if (n == 0) {
      EXPECT_FALSE(r->error().n1_sm_msg_) << "nothing to answer to";
      continue;
    }
    ASSERT_TRUE(r->error().n1_sm_msg_) << n;
    auto g = nas::decode_plain_nas(*r->error().n1_sm_msg_);
    ASSERT_TRUE(g) << n;
    const auto& m = std::get<nas::gsm_pdu>(*g).message_;
    EXPECT_TRUE(std::holds_alternative<nas::pdu_session_establishment_reject>(m) ||
                std::holds_alternative<nas::gsm_status>(m))
        << n;
  }
  auto garbage = run(smf->create_sm_context(create_data({0x7e, 0x00, 0x41, 0xff})));
  ASSERT_TRUE(garbage);
  EXPECT_FALSE(*garbage);
}

TEST_F(smf_establishment, when_the_pool_is_exhausted_then_it_is_rejected_with_cause_26_until_a_session_ends) {
  smf_config cfg;
  cfg.pools_[0].ipv4_ = ipv4_cidr::parse("10.45.0.0/30");  // one UE address
  make(cfg, false);
  auto first = create(create_data(establishment_request(5, 1, type::ipv4), 5));
  ASSERT_TRUE(first);
  auto second = create(create_data(establishment_request(6, 1, type::ipv4), 6));
  ASSERT_FALSE(second);
  EXPECT_EQ(reject_cause(second), nas::gsm_cause::insufficient_resources);
  EXPECT_EQ(second.error().error_.cause_, sbi::cause::insufficient_resources);
  auto released = run(smf->release_sm_context(first->sm_context_ref_, {}));
  ASSERT_TRUE(released && *released);
  auto third = create(create_data(establishment_request(6, 2, type::ipv4), 6));
  EXPECT_TRUE(third);
}

TEST_F(smf_establishment, when_ipv4v6_cannot_get_its_prefix_then_the_ipv4_address_is_freed_too) {
  smf_config cfg;
  cfg.pools_[0].ipv6_ = ipv6_prefix::parse("2001:db8:cafe::/64");  // one prefix
  make(cfg, false);
  ASSERT_TRUE(create(create_data(establishment_request(5, 1, type::ipv6), 5)));
  const std::size_t v4_before = pool().ipv4_in_use();
  auto r = create(create_data(establishment_request(6, 1, type::ipv4v6), 6));
  ASSERT_FALSE(r);
  EXPECT_EQ(reject_cause(r), nas::gsm_cause::insufficient_resources);
  EXPECT_EQ(pool().ipv4_in_use(), v4_before);
}

TEST_F(smf_establishment, when_the_upf_refuses_then_the_ue_gets_a_reject_26_and_the_address_is_freed) {
  n4.establish_mode = mode::reject;
  auto r = create();
  ASSERT_TRUE(r) << "the 201 precedes N4";
  EXPECT_EQ(smf->context(r->sm_context_ref_), nullptr);
  EXPECT_EQ(pool().ipv4_in_use(), 0u);
  auto g = decode_gsm(last_n1());
  ASSERT_TRUE(g);
  const auto* reject = std::get_if<nas::pdu_session_establishment_reject>(&g->message_);
  ASSERT_NE(reject, nullptr);
  EXPECT_EQ(reject->cause_, nas::gsm_cause::insufficient_resources);
  EXPECT_EQ(g->pti_, 1);
  EXPECT_FALSE(last_transfer().n2_info_container_);
  ASSERT_EQ(status.sm_context_status_notification_.call_count(), 1u);
  EXPECT_EQ(status.sm_context_status_notification_.last<0>(), "http://amf/status/1");
  EXPECT_EQ(status.sm_context_status_notification_.last<1>().status_info_.resource_status_, resource_status::released);
  EXPECT_EQ(smf->counters().establishments_failed, 1u);
  EXPECT_TRUE(n4.deletions.empty()) << "nothing was established";
}

TEST_F(smf_establishment, when_the_upf_does_not_answer_then_the_ue_gets_a_reject_26_and_the_address_is_freed) {
  n4.establish_mode = mode::no_answer;
  auto r = create();
  ASSERT_TRUE(r);
  EXPECT_EQ(smf->context_count(), 0u);
  EXPECT_EQ(pool().ipv4_in_use(), 0u);
  auto g = decode_gsm(last_n1());
  ASSERT_TRUE(g);
  EXPECT_EQ(std::get<nas::pdu_session_establishment_reject>(g->message_).cause_,
            nas::gsm_cause::insufficient_resources);
  EXPECT_EQ(smf->counters().n4_failures, 1u);
}

TEST_F(smf_establishment, when_the_amf_cannot_transfer_the_accept_then_the_upf_session_and_address_are_released) {
  amf.n1_n2_message_transfer_.will_answer(std::unexpect, sbi::problem_details::of(sbi::cause::ue_not_reachable));
  auto r = create();
  ASSERT_TRUE(r);
  EXPECT_EQ(smf->context_count(), 0u);
  ASSERT_EQ(n4.deletions.size(), 1u);
  EXPECT_EQ(n4.deletions[0], seid::from(0x5000));
  EXPECT_EQ(pool().ipv4_in_use(), 0u);
}

TEST_F(smf_establishment, when_the_amf_releases_before_the_upf_is_asked_then_nothing_stays_on_the_upf) {
  auto r = run(smf->create_sm_context(create_data(establishment_request(5, 1, type::ipv4))));
  ASSERT_TRUE(r && *r);
  auto released = run(smf->release_sm_context((*r)->sm_context_ref_, {}));
  ASSERT_TRUE(released && *released);
  timers.run_due();
  EXPECT_TRUE(n4.establishments.empty());
  EXPECT_EQ(amf.n1_n2_message_transfer_.call_count(), 0u);
  EXPECT_EQ(smf->context_count(), 0u);
  EXPECT_EQ(pool().ipv4_in_use(), 0u);
}

TEST_F(smf_establishment, when_the_ue_asks_for_release_before_its_accept_then_the_answer_is_5gsm_status_98) {
  auto r = run(smf->create_sm_context(create_data(establishment_request(5, 1, type::ipv4))));
  ASSERT_TRUE(r && *r);
  sm_context_update_data d;
  d.n1_sm_msg_ = gsm(5, 2, nas::pdu_session_release_request{});
  auto u = update((*r)->sm_context_ref_, d);
  ASSERT_FALSE(u);
  EXPECT_EQ(status_cause(u.error().n1_sm_msg_), nas::gsm_cause::message_type_not_compatible_with_protocol_state);
  timers.run_due();
  EXPECT_EQ(smf->context((*r)->sm_context_ref_)->state, sm_state::awaiting_an) << "the establishment goes on";
}

TEST_F(smf_establishment, when_the_same_pdu_session_id_is_requested_again_then_the_old_session_is_released_first) {
  auto first = create();
  ASSERT_TRUE(first);
  auto second = create(create_data(establishment_request(5, 2, type::ipv4)));
  ASSERT_TRUE(second);
  EXPECT_NE(first->sm_context_ref_, second->sm_context_ref_);
  EXPECT_EQ(smf->context(first->sm_context_ref_), nullptr);
  ASSERT_EQ(n4.deletions.size(), 1u);
  EXPECT_EQ(n4.deletions[0], seid::from(0x5000));
  EXPECT_EQ(pool().ipv4_in_use(), 1u);
  EXPECT_EQ(smf->context_count(), 1u);
}

// ---- with the subscription (Nudm_SDM sm-data) ---------------------------------------------

udm::sm_subs_data subscription(udm::dnn_configuration dc, std::string dnn = "internet") {
  udm::session_management_subscription_data s;
  s.single_nssai_ = model::s_nssai{1, std::nullopt};
  s.dnn_configurations_.emplace(std::move(dnn), std::move(dc));
  return {s};
}

TEST_F(smf_establishment, when_the_dnn_is_not_subscribed_then_it_is_rejected_with_cause_27) {
  make(smf_config{}, true);
  sdm.get_sm_data_.will_answer(subscription({}, "ims"));
  auto r = create();
  ASSERT_FALSE(r);
  EXPECT_EQ(reject_cause(r), nas::gsm_cause::missing_or_unknown_dnn);
  ASSERT_EQ(sdm.get_sm_data_.call_count(), 1u);
  EXPECT_EQ(sdm.get_sm_data_.last<1>().dnn_, "internet");
  sdm.get_sm_data_.will_answer(std::unexpect, sbi::problem_details::of(sbi::cause::data_not_found));
  auto none = create();
  EXPECT_EQ(reject_cause(none), nas::gsm_cause::missing_or_unknown_dnn);
}

TEST_F(smf_establishment, when_the_subscription_gives_qos_ambr_and_a_static_address_then_they_are_used) {
  make(smf_config{}, true);
  udm::dnn_configuration dc;
  dc.pdu_session_types_.default_session_type_ = sbi::pdu_session_type::ipv4;
  dc.pdu_session_types_.allowed_session_types_ = {sbi::pdu_session_type::ipv4};
  sbi::subscribed_default_qos qos;
  qos.qos_5qi_ = 7;
  qos.arp_ = sbi::arp{2, sbi::preemption_capability::may_preempt, sbi::preemption_vulnerability::not_preemptable};
  dc.qos_profile_5g_ = qos;
  dc.session_ambr_ = sbi::ambr{"100 Mbps", "200 Mbps"};
  dc.static_ip_address_.push_back(udm::ip_address{"10.45.7.7", std::nullopt, std::nullopt});
  sdm.get_sm_data_.will_answer(subscription(dc));
  auto r = create(type::ipv4v6);
  ASSERT_TRUE(r);
  const sm_context* ctx = smf->context(r->sm_context_ref_);
  ASSERT_NE(ctx, nullptr);
  EXPECT_EQ(ctx->ipv4, (ipv4_address{10, 45, 7, 7}));
  auto g = decode_gsm(last_n1());
  ASSERT_TRUE(g);
  const auto& accept = std::get<nas::pdu_session_establishment_accept>(g->message_);
  EXPECT_EQ(accept.selected_pdu_session_type_.value_, type::ipv4);
  EXPECT_EQ(accept.cause_, nas::gsm_cause::pdu_session_type_ipv4_only_allowed);
  EXPECT_EQ(nas::session_ambr::bits_per_second(accept.session_ambr_.uplink_unit_, accept.session_ambr_.uplink_),
            100'000'000u);
  EXPECT_EQ(nas::session_ambr::bits_per_second(accept.session_ambr_.downlink_unit_, accept.session_ambr_.downlink_),
            200'000'000u);
  EXPECT_EQ(n4.establishments.at(0).create_qer_.at(0).mbr_->ul_, 100'000u);
  EXPECT_EQ(n4.establishments.at(0).create_qer_.at(0).mbr_->dl_, 200'000u);
  auto t = ngap::decode_pdu_session_resource_setup_request_transfer(*last_n2());
  ASSERT_TRUE(t);
  const auto& q = t->qos_flow_setup_request_list_.at(0).qos_flow_level_qos_parameters_;
  EXPECT_EQ(std::get<ngap::non_dynamic5_qi_descriptor>(q.qos_characteristics_.value_).five_qi_, 7);
  EXPECT_EQ(q.allocation_and_retention_priority_.priority_level_arp_, 2);
  EXPECT_EQ(q.allocation_and_retention_priority_.pre_emption_capability_,
            ngap::pre_emption_capability::may_trigger_pre_emption);
  EXPECT_EQ(q.allocation_and_retention_priority_.pre_emption_vulnerability_,
            ngap::pre_emption_vulnerability::not_pre_emptable);
  // The static address is held: a second UE asking for it cannot get it.
  sdm.get_sm_data_.will_answer(subscription(dc));
  auto again = create(create_data(establishment_request(6, 1, type::ipv4), 6));
  ASSERT_FALSE(again);
  EXPECT_EQ(reject_cause(again), nas::gsm_cause::insufficient_resources);
}

}  // namespace
}  // namespace meridian::smf::test
