// Every SBI enum's strings: they round-trip, they are unique, and they are
// exactly the strings of the OpenAPI schema they come from (read from
// ../shared/specs/openapi with yaml-cpp), so the JSON binding of issue 19 can
// be a table lookup.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "meridian/amf/amf_service.hpp"
#include "meridian/ausf/ausf_service.hpp"
#include "meridian/nrf/nrf_service.hpp"
#include "meridian/nssf/nssf_service.hpp"
#include "meridian/pcf/pcf_service.hpp"
#include "meridian/smf/smf_service.hpp"
#include "meridian/udm/udm_service.hpp"
#include "meridian/udr/udr_service.hpp"

namespace meridian {
namespace {

using sbi::sbi_enum;

template <sbi_enum E>
std::vector<std::string> strings_of() {
  std::vector<std::string> out;
  for (const auto& e : enum_strings(E{})) out.emplace_back(e.text_);
  return out;
}

template <sbi_enum E>
void expect_round_trip() {
  std::set<std::string_view> seen;
  std::set<E> values;
  for (const auto& e : enum_strings(E{})) {
    EXPECT_FALSE(e.text_.empty());
    EXPECT_EQ(sbi::to_string(e.value_), e.text_);
    EXPECT_EQ(sbi::from_string<E>(e.text_), e.value_) << e.text_;
    EXPECT_TRUE(seen.insert(e.text_).second) << "string listed twice: " << e.text_;
    EXPECT_TRUE(values.insert(e.value_).second) << "enumerator listed twice: " << e.text_;
  }
  // Every enumerator 0..n-1 has its row: the enums are dense from 0.
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_TRUE(values.contains(static_cast<E>(i))) << i;
  EXPECT_FALSE(sbi::from_string<E>("NOT_A_VALUE_OF_ANY_SCHEMA").has_value());
  EXPECT_FALSE(sbi::from_string<E>("").has_value());
}

TEST(enum_strings, every_enum_round_trips_through_its_strings) {
  expect_round_trip<sbi::cause>();
  expect_round_trip<sbi::access_type>();
  expect_round_trip<sbi::rat_type>();
  expect_round_trip<sbi::pdu_session_type>();
  expect_round_trip<sbi::ssc_mode>();
  expect_round_trip<sbi::preemption_capability>();
  expect_round_trip<sbi::preemption_vulnerability>();
  expect_round_trip<sbi::patch_operation>();
  expect_round_trip<sbi::nf_type>();
  expect_round_trip<udm::auth_type>();
  expect_round_trip<udm::av_type>();
  expect_round_trip<udm::deregistration_reason>();
  expect_round_trip<ausf::auth_result>();
  expect_round_trip<udr::auth_method>();
  expect_round_trip<udr::sqn_scheme>();
  expect_round_trip<udr::sign>();
  expect_round_trip<amf::n1_message_class>();
  expect_round_trip<amf::n2_information_class>();
  expect_round_trip<amf::ngap_ie_type>();
  expect_round_trip<amf::n1_n2_message_transfer_cause>();
  expect_round_trip<smf::up_cnx_state>();
  expect_round_trip<smf::ho_state>();
  expect_round_trip<smf::request_type>();
  expect_round_trip<smf::n2_sm_info_type>();
  expect_round_trip<smf::cause>();
  expect_round_trip<smf::resource_status>();
  expect_round_trip<nrf::nf_status>();
  expect_round_trip<nrf::nf_service_status>();
  expect_round_trip<nrf::uri_scheme>();
  expect_round_trip<nrf::transport_protocol>();
  expect_round_trip<nrf::service_name>();
  expect_round_trip<nrf::access_token_error>();
  expect_round_trip<pcf::request_trigger>();
  expect_round_trip<pcf::policy_control_request_trigger>();
  expect_round_trip<pcf::flow_direction>();
  expect_round_trip<nssf::roaming_indication>();
}

TEST(enum_strings, from_string_is_case_sensitive_as_json_is) {
  EXPECT_EQ(sbi::from_string<udm::auth_type>("5G_AKA"), udm::auth_type::five_g_aka);
  EXPECT_FALSE(sbi::from_string<udm::auth_type>("5g_aka").has_value());
  EXPECT_EQ(sbi::from_string<sbi::patch_operation>("replace"), sbi::patch_operation::replace);
  EXPECT_FALSE(sbi::from_string<sbi::patch_operation>("REPLACE").has_value());
}

TEST(enum_strings, enumerator_outside_the_table_prints_as_empty_not_garbage) {
  EXPECT_EQ(sbi::to_string(static_cast<udm::auth_type>(200)), "");
}

// ------------------------------------------------------------ against the YAML

const std::filesystem::path openapi_dir = std::filesystem::path(MERIDIAN_SHARED_DIR) / "specs" / "openapi";

/// The enum values of components/schemas/<schema> (or of one property of it,
/// "Schema/property"), from `enum` and from the `enum` of each anyOf/oneOf branch
/// (3GPP's extensible enums are anyOf [enum, string]).
std::set<std::string> schema_enum(const YAML::Node& doc, const std::string& path) {
  const auto slash = path.find('/');
  YAML::Node node = doc["components"]["schemas"][path.substr(0, slash)];
  // reset(), not operator=: assigning to a yaml-cpp Node writes into the tree.
  if (node && slash != std::string::npos) node.reset(node["properties"][path.substr(slash + 1)]);
  std::set<std::string> out;
  if (!node) return out;
  auto take = [&out](const YAML::Node& n) {
    if (n["enum"])
      for (const auto& v : n["enum"]) out.insert(v.as<std::string>());
  };
  take(node);
  for (const char* key : {"anyOf", "oneOf"})
    if (node[key])
      for (const auto& branch : node[key]) take(branch);
  return out;
}

enum class coverage { all_values, subset };

struct checked_enum {
  std::string schema;
  std::vector<std::string> ours;
  coverage cover;
};

/// Ours must be spelled exactly as the schema's values; where we claim all
/// values, the sets must be equal.
void check_against(const std::string& file, const std::vector<checked_enum>& enums) {
  const auto path = openapi_dir / file;
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent: enum strings not checked against it";
  const YAML::Node doc = YAML::LoadFile(path.string());
  for (const auto& e : enums) {
    SCOPED_TRACE(file + " " + e.schema);
    const auto theirs = schema_enum(doc, e.schema);
    ASSERT_FALSE(theirs.empty()) << "no enum found for the schema";
    for (const auto& s : e.ours) EXPECT_TRUE(theirs.contains(s)) << "'" << s << "' is not a value of the schema";
    if (e.cover == coverage::all_values) {
      EXPECT_EQ(std::set<std::string>(e.ours.begin(), e.ours.end()), theirs);
    }
  }
}

TEST(enum_strings_match_openapi, ts29571_common_data) {
  check_against("TS29571_CommonData.yaml",
                {{"AccessType", strings_of<sbi::access_type>(), coverage::all_values},
                 {"RatType", strings_of<sbi::rat_type>(), coverage::subset},
                 {"PduSessionType", strings_of<sbi::pdu_session_type>(), coverage::all_values},
                 {"SscMode", strings_of<sbi::ssc_mode>(), coverage::all_values},
                 {"PreemptionCapability", strings_of<sbi::preemption_capability>(), coverage::all_values},
                 {"PreemptionVulnerability", strings_of<sbi::preemption_vulnerability>(), coverage::all_values},
                 {"PatchOperation", strings_of<sbi::patch_operation>(), coverage::all_values},
                 {"UriScheme", strings_of<nrf::uri_scheme>(), coverage::all_values}});
}

TEST(enum_strings_match_openapi, ts29510_nrf) {
  check_against("TS29510_Nnrf_NFManagement.yaml",
                {{"NFType", strings_of<sbi::nf_type>(), coverage::subset},
                 {"NFStatus", strings_of<nrf::nf_status>(), coverage::all_values},
                 {"NFServiceStatus", strings_of<nrf::nf_service_status>(), coverage::all_values},
                 {"ServiceName", strings_of<nrf::service_name>(), coverage::subset},
                 {"TransportProtocol", strings_of<nrf::transport_protocol>(), coverage::all_values}});
  check_against("TS29510_Nnrf_AccessToken.yaml",
                {{"AccessTokenErr/error", strings_of<nrf::access_token_error>(), coverage::all_values}});
}

TEST(enum_strings_match_openapi, ts29503_udm) {
  check_against("TS29503_Nudm_UEAU.yaml", {{"AuthType", strings_of<udm::auth_type>(), coverage::all_values},
                                           {"AvType", strings_of<udm::av_type>(), coverage::all_values}});
  check_against("TS29503_Nudm_UECM.yaml",
                {{"DeregistrationReason", strings_of<udm::deregistration_reason>(), coverage::all_values}});
}

TEST(enum_strings_match_openapi, ts29509_ausf) {
  check_against("TS29509_Nausf_UEAuthentication.yaml",
                {{"AuthResult", strings_of<ausf::auth_result>(), coverage::all_values}});
}

TEST(enum_strings_match_openapi, ts29505_udr) {
  check_against("TS29505_Subscription_Data.yaml",
                {{"AuthMethod", strings_of<udr::auth_method>(), coverage::all_values},
                 {"SqnScheme", strings_of<udr::sqn_scheme>(), coverage::all_values},
                 {"Sign", strings_of<udr::sign>(), coverage::all_values}});
}

TEST(enum_strings_match_openapi, ts29518_amf) {
  check_against("TS29518_Namf_Communication.yaml",
                {{"N1MessageClass", strings_of<amf::n1_message_class>(), coverage::all_values},
                 {"N2InformationClass", strings_of<amf::n2_information_class>(), coverage::all_values},
                 {"NgapIeType", strings_of<amf::ngap_ie_type>(), coverage::all_values},
                 {"N1N2MessageTransferCause", strings_of<amf::n1_n2_message_transfer_cause>(), coverage::all_values}});
}

TEST(enum_strings_match_openapi, ts29502_smf) {
  check_against("TS29502_Nsmf_PDUSession.yaml",
                {{"UpCnxState", strings_of<smf::up_cnx_state>(), coverage::all_values},
                 {"HoState", strings_of<smf::ho_state>(), coverage::all_values},
                 {"RequestType", strings_of<smf::request_type>(), coverage::all_values},
                 {"N2SmInfoType", strings_of<smf::n2_sm_info_type>(), coverage::all_values},
                 {"Cause", strings_of<smf::cause>(), coverage::all_values},
                 {"ResourceStatus", strings_of<smf::resource_status>(), coverage::all_values}});
}

TEST(enum_strings_match_openapi, ts29507_ts29512_pcf) {
  check_against("TS29507_Npcf_AMPolicyControl.yaml",
                {{"RequestTrigger", strings_of<pcf::request_trigger>(), coverage::all_values}});
  check_against("TS29512_Npcf_SMPolicyControl.yaml",
                {{"PolicyControlRequestTrigger", strings_of<pcf::policy_control_request_trigger>(), coverage::subset},
                 {"FlowDirection", strings_of<pcf::flow_direction>(), coverage::all_values}});
}

TEST(enum_strings_match_openapi, ts29531_nssf) {
  check_against("TS29531_Nnssf_NSSelection.yaml",
                {{"RoamingIndication", strings_of<nssf::roaming_indication>(), coverage::all_values}});
}

// ------------------------------------------------------------ problem details

TEST(problem_details, of_a_cause_carries_the_status_its_specification_gives) {
  EXPECT_EQ(sbi::problem_details::of(sbi::cause::user_not_found).status_, 404);
  EXPECT_EQ(sbi::problem_details::of(sbi::cause::authentication_rejected).status_, 403);
  EXPECT_EQ(sbi::problem_details::of(sbi::cause::serving_network_not_authorized).status_, 403);
  EXPECT_EQ(sbi::problem_details::of(sbi::cause::context_not_found).status_, 404);
  EXPECT_EQ(sbi::problem_details::of(sbi::cause::mandatory_ie_incorrect).status_, 400);
  EXPECT_EQ(sbi::problem_details::of(sbi::cause::nf_congestion).status_, 503);
  EXPECT_EQ(sbi::problem_details::of(sbi::cause::timed_out_request).status_, 504);
  const auto p = sbi::problem_details::of(sbi::cause::mandatory_ie_missing, "servingNetworkName is absent");
  EXPECT_EQ(p.cause_, sbi::cause::mandatory_ie_missing);
  EXPECT_EQ(p.detail_, "servingNetworkName is absent");
  EXPECT_EQ(sbi::to_string(*p.cause_), "MANDATORY_IE_MISSING");
}

TEST(problem_details, every_cause_has_an_error_status) {
  for (const auto& e : sbi::cause_table) {
    EXPECT_GE(e.status_, 400) << e.text_;
    EXPECT_LT(e.status_, 600) << e.text_;
    EXPECT_EQ(sbi::http_status_of(e.value_), e.status_);
  }
}

}  // namespace
}  // namespace meridian
