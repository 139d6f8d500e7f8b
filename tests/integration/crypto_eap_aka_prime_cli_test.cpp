// `meridian crypto eap-aka-prime` driven as a user drives it, over every case
// of tests/vectors/eap_aka_prime.json (RFC 5448 Appendix C case 1 and the
// derived 5G case): each case is its own ctest case.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>

#include <nlohmann/json.hpp>

#include "process.hpp"

namespace {

using json = nlohmann::json;
using meridian::test::run_process;

std::vector<json> eap_cases() {
  std::ifstream in(std::string(MERIDIAN_TEST_VECTORS_DIR) + "/eap_aka_prime.json");
  if (!in) return {};
  std::vector<json> out;
  const auto file = json::parse(in);  // named: a temporary would die before the loop
  for (const auto& c : file.at("cases")) out.push_back(c);
  return out;
}

std::string case_name(const ::testing::TestParamInfo<json>& info) {
  std::string name;
  for (char c : info.param.at("name").get<std::string>()) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

std::vector<std::string> args_of(const json& v) {
  auto text = [&](const char* key) { return v.at(key).get<std::string>(); };
  return {"crypto",   "eap-aka-prime", "--ck",         text("ck"),           "--ik",
          text("ik"), "--identity",    text("identity"), "--network-name", text("network_name"),
          "--sqn-xor-ak", text("sqn_xor_ak")};
}

class crypto_eap_aka_prime_cli : public ::testing::TestWithParam<json> {};

TEST_P(crypto_eap_aka_prime_cli, prints_every_key_of_the_vector_in_the_documented_order) {
  const auto& v = GetParam();
  auto r = run_process(MERIDIAN_BINARY, args_of(v));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  auto j = nlohmann::ordered_json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  const std::vector<std::string> fields = {"ck_prime", "ik_prime", "k_encr", "k_aut", "k_re", "msk", "emsk", "k_ausf"};
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  EXPECT_EQ(keys, fields);
  for (const auto& f : fields) EXPECT_EQ(j.value(f, std::string()), v.at(f).get<std::string>()) << f;
}

INSTANTIATE_TEST_SUITE_P(vectors, crypto_eap_aka_prime_cli, ::testing::ValuesIn(eap_cases()), case_name);

TEST(crypto_eap_aka_prime_cli_input, a_short_ck_is_one_line_on_stderr_and_exit_2) {
  auto args = args_of(eap_cases().at(0));
  args[3] = "5349fbe098649f948f5d2e973a81c0";  // 15 octets
  auto r = run_process(MERIDIAN_BINARY, args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("--ck"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(crypto_eap_aka_prime_cli_input, a_missing_option_is_a_usage_error) {
  auto args = args_of(eap_cases().at(0));
  args.resize(args.size() - 2);  // no --sqn-xor-ak
  auto r = run_process(MERIDIAN_BINARY, args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("sqn-xor-ak"), std::string::npos) << r.err;
}

TEST(crypto_eap_aka_prime_cli_input, a_sqn_xor_ak_that_is_not_hex_is_refused) {
  auto args = args_of(eap_cases().at(0));
  args.back() = "bb52e91c747z";
  auto r = run_process(MERIDIAN_BINARY, args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("--sqn-xor-ak"), std::string::npos) << r.err;
}

}  // namespace
