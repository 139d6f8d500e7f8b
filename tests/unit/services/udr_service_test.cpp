// The UDR's interface can be called from a coroutine (the UDM's read of the
// credentials and its SQN compare-and-swap), and its fake answers as scripted
// and records what it was asked.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "meridian/udr/udr_service.hpp"
#include "run_to_end.hpp"
#include "support/udr_service_fake.hpp"
#include "test_values.hpp"

namespace meridian {
namespace {

using test::run_to_end;

// What the UDM does before an AV: read K/OPc/SQN, then advance SQN only if
// nobody else did in between ("test" then "replace").
runtime::task<bool> advance_sqn(udr::nudr_data_repository& udr, model::supi supi, std::string next_sqn) {
  auto subs = co_await udr.query_auth_subs_data(supi);
  if (!subs || !subs->sequence_number_ || !subs->sequence_number_->sqn_) co_return false;
  udr::sequence_number next = *subs->sequence_number_;
  next.sqn_ = next_sqn;
  std::vector<udr::authentication_subscription_patch> patch;
  patch.push_back({.op_ = sbi::patch_operation::test, .path_ = "/sequenceNumber/sqn", .from_ = std::nullopt,
                   .value_ = *subs->sequence_number_->sqn_});
  patch.push_back(
      {.op_ = sbi::patch_operation::replace, .path_ = "/sequenceNumber", .from_ = std::nullopt, .value_ = next});
  auto done = co_await udr.modify_authentication_subscription(supi, std::move(patch));
  co_return done.has_value();
}

TEST(udr_service, sqn_update_is_a_test_then_replace_patch) {
  test::fake_nudr_data_repository udr;
  udr::authentication_subscription subs;
  subs.authentication_method_ = udr::auth_method::five_g_aka;
  subs.enc_permanent_key_ = sbi::bytes(16, 0x46);
  subs.sequence_number_ = udr::sequence_number{.sqn_scheme_ = udr::sqn_scheme::non_time_based,
                                               .sqn_ = "000000000020",
                                               .last_indexes_ = {},
                                               .ind_length_ = 5,
                                               .dif_sign_ = std::nullopt};
  udr.query_auth_subs_data_.will_answer(subs);
  udr.modify_authentication_subscription_.will_answer(sbi::no_content{});

  EXPECT_EQ(run_to_end(advance_sqn(udr, test::test_supi(), "000000000040")), true);
  const auto& patch = udr.modify_authentication_subscription_.last<1>();
  ASSERT_EQ(patch.size(), 2u);
  EXPECT_EQ(patch[0].op_, sbi::patch_operation::test);
  EXPECT_EQ(std::get<std::string>(patch[0].value_), "000000000020");
  EXPECT_EQ(patch[1].path_, "/sequenceNumber");
  EXPECT_EQ(std::get<udr::sequence_number>(patch[1].value_).sqn_, "000000000040");
}

TEST(udr_service, a_lost_race_on_sqn_is_an_error_the_caller_sees) {
  test::fake_nudr_data_repository udr;
  udr::authentication_subscription subs;
  subs.sequence_number_ = udr::sequence_number{};
  subs.sequence_number_->sqn_ = "000000000020";
  udr.query_auth_subs_data_.will_answer(subs);
  udr.modify_authentication_subscription_.will_answer(
      std::unexpected(sbi::problem_details::of(sbi::cause::modification_not_allowed)));
  EXPECT_EQ(run_to_end(advance_sqn(udr, test::test_supi(), "000000000040")), false);
}

TEST(udr_service, unknown_subscriber_is_user_not_found) {
  test::fake_nudr_data_repository udr;
  udr.query_auth_subs_data_.will_answer(std::unexpected(sbi::problem_details::of(sbi::cause::user_not_found)));
  EXPECT_EQ(run_to_end(advance_sqn(udr, test::test_supi(), "000000000040")), false);
  EXPECT_EQ(udr.modify_authentication_subscription_.call_count(), 0u);
}

runtime::task<std::size_t> provisioned(udr::nudr_data_repository& udr, model::supi supi, model::plmn plmn) {
  auto am = co_await udr.query_am_data(supi, plmn);
  auto smf_sel = co_await udr.query_smf_select_data(supi, plmn);
  sbi::dnn internet = "internet";
  auto sm = co_await udr.query_sm_data(supi, plmn, test::embb(), std::move(internet));
  if (!am || !smf_sel || !sm) co_return 0;
  co_return smf_sel->subscribed_snssai_infos_.size() + sm->size();
}

TEST(udr_service, provisioned_data_queries_carry_the_serving_plmn) {
  test::fake_nudr_data_repository udr;
  udr.query_am_data_.will_answer(udm::access_and_mobility_subscription_data{});
  udm::smf_selection_subscription_data sel;
  sel.subscribed_snssai_infos_[test::embb()] = udm::snssai_info{
      .dnn_infos_ = {{.dnn_ = "internet", .default_dnn_indicator_ = true, .dnn_barred_ = std::nullopt}}};
  udr.query_smf_select_data_.will_answer(sel);
  udr.query_sm_data_.will_answer(udm::sm_subs_data{});
  EXPECT_EQ(run_to_end(provisioned(udr, test::test_supi(), test::test_plmn())), 1u);
  EXPECT_EQ(udr.query_am_data_.last<1>(), test::test_plmn());
  EXPECT_EQ(udr.query_sm_data_.last<2>(), test::embb());
  EXPECT_EQ(udr.query_sm_data_.last<3>(), "internet");
}

runtime::task<bool> store_status_and_context(udr::nudr_data_repository& udr, model::supi supi) {
  udm::auth_event event{.nf_instance_id_ = "ausf-1",
                        .success_ = true,
                        .auth_type_ = udm::auth_type::five_g_aka,
                        .serving_network_name_ = test::serving_network_name};
  auto status = co_await udr.create_authentication_status(supi, std::move(event));
  udm::amf_3gpp_access_registration reg;
  reg.amf_instance_id_ = "amf-1";
  auto ctx = co_await udr.create_amf_context_3gpp(supi, reg);
  auto back = co_await udr.query_amf_context_3gpp(supi);
  co_return status && ctx && back && back->amf_instance_id_ == "amf-1";
}

TEST(udr_service, authentication_status_and_amf_context_round_trip_through_the_fake) {
  test::fake_nudr_data_repository udr;
  udr.create_authentication_status_.will_answer(sbi::no_content{});
  udr.create_amf_context_3gpp_.will_answer(sbi::no_content{});
  udr.query_amf_context_3gpp_.will_answer_with([&udr](const model::supi&) -> sbi::result<udm::amf_3gpp_access_registration> {
    return udr.create_amf_context_3gpp_.last<1>();
  });
  EXPECT_EQ(run_to_end(store_status_and_context(udr, test::test_supi())), true);
  EXPECT_TRUE(udr.create_authentication_status_.last<1>().success_);
}

}  // namespace
}  // namespace meridian
