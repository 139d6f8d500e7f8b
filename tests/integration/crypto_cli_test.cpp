// `meridian crypto` driven as a user drives it, over the official vectors in
// tests/vectors: each vector is its own ctest case.

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>

#include <nlohmann/json.hpp>

#include "process.hpp"

namespace {

using json = nlohmann::json;
using meridian::test::process_result;
using meridian::test::run_process;

json load(const std::string& file) {
  std::ifstream in(std::string(MERIDIAN_TEST_VECTORS_DIR) + "/" + file);
  if (!in) return json::array();
  return json::parse(in);
}

std::vector<json> select(const std::string& file, const std::string& key, const std::string& prefix) {
  std::vector<json> out;
  for (const auto& v : load(file))
    if (v.value(key, std::string()).starts_with(prefix)) out.push_back(v);
  return out;
}

std::string test_name(const json& v) {
  std::string name;
  for (char c : v.at("id").get<std::string>()) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

process_result crypto(std::vector<std::string> args) {
  args.insert(args.begin(), "crypto");
  return run_process(MERIDIAN_BINARY, args);
}

// Runs a command expected to succeed and print one JSON object.
json crypto_json(std::vector<std::string> args) {
  auto r = crypto(std::move(args));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  auto j = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out;
  return j;
}

// Keeps the first `bits` bits of a hex string (the rest of the last octet zeroed).
std::string first_bits(const std::string& hex, std::size_t bits) {
  std::string out = hex.substr(0, (bits + 7) / 8 * 2);
  if (bits % 8 != 0) {
    const unsigned last = std::stoul(out.substr(out.size() - 2), nullptr, 16) & (0xff00u >> (bits % 8));
    char buf[3];
    std::snprintf(buf, sizeof buf, "%02x", last & 0xff);
    out.replace(out.size() - 2, 2, buf);
  }
  return out;
}

// ---- Milenage (TS 35.207/35.208) -------------------------------------------

std::vector<std::string> milenage_args_for_order_test() {
  return {"milenage",
          "--k",
          "465b5ce8b199b49faa5f0a2ee238a6bc",
          "--opc",
          "cd63cb71954a9f4e48a5994e37a02baf",
          "--rand",
          "23553cbe9637a89d218ae64dae47bf35",
          "--sqn",
          "ff9bb4d0b607",
          "--amf",
          "b9b9"};
}

class crypto_milenage_cli : public ::testing::TestWithParam<json> {};

TEST_P(crypto_milenage_cli, with_op_and_with_opc_gives_every_function_of_the_vector) {
  const json& v = GetParam();
  for (const auto& [opt, value] : {std::pair{"--op", v["op"]}, std::pair{"--opc", v["opc"]}}) {
    auto j =
        crypto_json({"milenage", "--k", v["k"], opt, value, "--rand", v["rand"], "--sqn", v["sqn"], "--amf", v["amf"]});
    EXPECT_EQ(j["opc"], v["opc"]);
    EXPECT_EQ(j["mac_a"], v["f1_mac_a"]);
    EXPECT_EQ(j["mac_s"], v["f1star_mac_s"]);
    EXPECT_EQ(j["res"], v["f2_res"]);
    EXPECT_EQ(j["ck"], v["f3_ck"]);
    EXPECT_EQ(j["ik"], v["f4_ik"]);
    EXPECT_EQ(j["ak"], v["f5_ak"]);
    EXPECT_EQ(j["ak_star"], v["f5star_ak_star"]);
  }
}

TEST(crypto_milenage_cli_output, keys_come_in_the_documented_order) {
  auto r = crypto(milenage_args_for_order_test());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::size_t last = 0;
  for (const char* key :
       {"\"opc\"", "\"mac_a\"", "\"mac_s\"", "\"res\"", "\"ck\"", "\"ik\"", "\"ak\"", "\"ak_star\""}) {
    const auto at = r.out.find(key);
    ASSERT_NE(at, std::string::npos) << key;
    EXPECT_GE(at, last) << key;
    last = at;
  }
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << "one JSON object on one line";
}

TEST_P(crypto_milenage_cli, aka_agrees_with_milenage_and_builds_autn_with_the_separation_bit) {
  const json& v = GetParam();
  auto j = crypto_json({"aka", "--k", v["k"], "--op", v["op"], "--rand", v["rand"], "--sqn", v["sqn"], "--amf",
                        v["amf"], "--snn", "5G:mnc093.mcc208.3gppnetwork.org", "--supi", "208930000000001"});
  EXPECT_EQ(j["opc"], v["opc"]);
  EXPECT_EQ(j["res"], v["f2_res"]);
  EXPECT_EQ(j["ck"], v["f3_ck"]);
  EXPECT_EQ(j["ik"], v["f4_ik"]);
  EXPECT_EQ(j["ak"], v["f5_ak"]);
  const std::string autn = j["autn"];
  ASSERT_EQ(autn.size(), 32u);
  EXPECT_EQ(autn.substr(0, 12), v["derived"]["sqn_xor_ak"]);
  EXPECT_TRUE(std::stoul(autn.substr(12, 2), nullptr, 16) & 0x80) << "AMF separation bit must be 1 in 5G";
  if (std::stoul(v["amf"].get<std::string>().substr(0, 2), nullptr, 16) & 0x80) {
    EXPECT_EQ(autn, v["derived"]["autn"]) << "the vector's AMF already has the separation bit";
  }
  for (const char* key : {"xres_star", "hxres_star"}) EXPECT_EQ(j[key].get<std::string>().size(), 32u) << key;
  for (const char* key : {"kausf", "kseaf", "kamf", "kgnb", "nh"})
    EXPECT_EQ(j[key].get<std::string>().size(), 64u) << key;
  for (const char* key : {"knas_enc", "knas_int"}) EXPECT_EQ(j[key].get<std::string>().size(), 32u) << key;
  EXPECT_NE(j["kgnb"], j["nh"]);
  EXPECT_NE(j["knas_enc"], j["knas_int"]);

  // Each step of the chain equals the single derivation from its inputs: the
  // derivations themselves are checked against the Annex A vectors below.
  const std::string snn = "5G:mnc093.mcc208.3gppnetwork.org";
  const std::string sqn_xor_ak = autn.substr(0, 12);
  auto kausf =
      crypto_json({"derive", "kausf", "--ck", j["ck"], "--ik", j["ik"], "--snn", snn, "--sqn-xor-ak", sqn_xor_ak});
  EXPECT_EQ(kausf["kausf"], j["kausf"]);
  auto res_star = crypto_json(
      {"derive", "res-star", "--ck", j["ck"], "--ik", j["ik"], "--snn", snn, "--rand", v["rand"], "--res", j["res"]});
  EXPECT_EQ(res_star["res_star"], j["xres_star"]);
  EXPECT_EQ(res_star["hres_star"], j["hxres_star"]);
  auto kseaf = crypto_json({"derive", "kseaf", "--kausf", j["kausf"], "--snn", snn});
  EXPECT_EQ(kseaf["kseaf"], j["kseaf"]);
  auto kamf = crypto_json({"derive", "kamf", "--kseaf", j["kseaf"], "--supi", "208930000000001", "--abba", "0000"});
  EXPECT_EQ(kamf["kamf"], j["kamf"]);
  auto nas = crypto_json(
      {"derive", "algorithm-keys", "--kind", "nas", "--key", j["kamf"], "--enc-alg", "2", "--int-alg", "2"});
  EXPECT_EQ(nas["enc_key"], j["knas_enc"]);
  EXPECT_EQ(nas["int_key"], j["knas_int"]);
  auto kgnb = crypto_json({"derive", "kgnb", "--kamf", j["kamf"], "--ul-nas-count", "0"});
  EXPECT_EQ(kgnb["kgnb"], j["kgnb"]);
  EXPECT_EQ(kgnb["nh"], j["nh"]);
}

INSTANTIATE_TEST_SUITE_P(vectors, crypto_milenage_cli, ::testing::ValuesIn(select("milenage.json", "id", "")),
                         [](const auto& info) { return test_name(info.param); });

// ---- 128-NEA / 128-NIA (TS 33.401 Annex C, TS 35.217, TS 35.223) -----------

class crypto_nea_nia_cli : public ::testing::TestWithParam<json> {};

TEST_P(crypto_nea_nia_cli, gives_the_vector_output) {
  const json& v = GetParam();
  const std::string alg = v["algorithm"];
  const std::size_t bits = v["length_bits"];
  std::vector<std::string> args{alg.starts_with("NEA") ? "nea" : "nia",
                                "--alg",
                                alg.substr(3, 1),
                                "--key",
                                v["key"],
                                "--count",
                                v["count"],
                                "--bearer",
                                std::to_string(v["bearer"].get<int>()),
                                "--direction",
                                std::to_string(v["direction"].get<int>()),
                                "--length-bits",
                                std::to_string(bits)};
  if (alg.starts_with("NEA")) {
    args.insert(args.end(), {"--data", v["plaintext"]});
    auto r = crypto(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, first_bits(v["ciphertext"], bits) + "\n");
    // Ciphering twice deciphers.
    args.back() = r.out.substr(0, r.out.size() - 1);
    auto back = crypto(args);
    EXPECT_EQ(back.out, first_bits(v["plaintext"], bits) + "\n");
  } else {
    args.insert(args.end(), {"--data", v["message"]});
    auto r = crypto(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, v["mac"].get<std::string>() + "\n");
  }
}

std::vector<json> nea_nia_vectors() {
  auto all = select("nea_nia.json", "algorithm", "NEA");
  for (auto& v : select("nea_nia.json", "algorithm", "NIA")) all.push_back(v);
  return all;
}

INSTANTIATE_TEST_SUITE_P(vectors, crypto_nea_nia_cli, ::testing::ValuesIn(nea_nia_vectors()),
                         [](const auto& info) { return test_name(info.param); });

// ---- SUCI (TS 33.501 Annex C.4) ---------------------------------------------

class crypto_suci_cli : public ::testing::TestWithParam<json> {};

TEST_P(crypto_suci_cli, conceal_gives_the_vector_scheme_output_and_deconceal_the_supi) {
  const json& v = GetParam();
  const int scheme = v["protection_scheme_id"];
  const std::string mcc_mnc = v["mcc_mnc"];
  const std::string supi = "imsi-" + mcc_mnc + v["msin"].get<std::string>();
  const std::string mnc_length = std::to_string(mcc_mnc.size() - 3);
  std::vector<std::string> args{"suci", "conceal", "--supi", supi, "--mnc-length", mnc_length, "--hn-key-id", "1"};
  if (scheme == 0) {
    args.insert(args.end(), {"--profile", "null"});
  } else {
    args.insert(args.end(), {"--profile", scheme == 1 ? "A" : "B", "--hn-public-key", v["home_network_public_key"],
                             "--eph-private-key", v["eph_private_key"]});
  }
  auto r = crypto(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_FALSE(r.out.empty());
  const std::string suci = r.out.substr(0, r.out.size() - 1);
  EXPECT_TRUE(suci.starts_with("suci-0-" + mcc_mnc.substr(0, 3) + "-" + mcc_mnc.substr(3) + "-0-" +
                               std::to_string(scheme) + "-"))
      << suci;
  if (scheme != 0) {
    EXPECT_TRUE(suci.ends_with("-" + v["scheme_output"].get<std::string>())) << suci;
  }

  std::vector<std::string> back{"suci", "deconceal", "--suci", suci};
  if (scheme != 0) back.insert(back.end(), {"--hn-private-key", v["home_network_private_key"]});
  auto d = crypto(back);
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(d.out, supi + "\n");
}

INSTANTIATE_TEST_SUITE_P(vectors, crypto_suci_cli, ::testing::ValuesIn(select("suci.json", "id", "")),
                         [](const auto& info) { return test_name(info.param); });

TEST(crypto_suci_cli, keygen_then_conceal_then_deconceal_round_trips_for_both_profiles) {
  for (const char* profile : {"A", "B"}) {
    auto keys = crypto_json({"suci", "keygen", "--profile", profile});
    ASSERT_TRUE(keys.contains("private_key") && keys.contains("public_key")) << keys;
    for (const char* supi : {"imsi-001010123456789", "nai-alice@operator.example"}) {
      auto c = crypto({"suci", "conceal", "--supi", supi, "--profile", profile, "--hn-public-key", keys["public_key"],
                       "--hn-key-id", "7", "--routing-indicator", "12"});
      ASSERT_EQ(c.exit_code, 0) << profile << " " << supi << ": " << c.err;
      auto d = crypto(
          {"suci", "deconceal", "--suci", c.out.substr(0, c.out.size() - 1), "--hn-private-key", keys["private_key"]});
      ASSERT_EQ(d.exit_code, 0) << c.out << d.err;
      EXPECT_EQ(d.out, std::string(supi) + "\n");
    }
  }
}

// ---- Bad input: one line on stderr, nothing on stdout, exit 2 ---------------

void expect_usage_error(std::vector<std::string> args, const std::string& mentions) {
  auto r = crypto(args);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(mentions), std::string::npos) << r.err;
}

const std::vector<std::string> milenage_ok{"milenage",
                                           "--k",
                                           "465b5ce8b199b49faa5f0a2ee238a6bc",
                                           "--opc",
                                           "cd63cb71954a9f4e48a5994e37a02baf",
                                           "--rand",
                                           "23553cbe9637a89d218ae64dae47bf35",
                                           "--sqn",
                                           "ff9bb4d0b607",
                                           "--amf",
                                           "b9b9"};

TEST(crypto_cli_errors, when_hex_is_bad_then_exit_2_naming_the_option) {
  auto args = milenage_ok;
  args[2] = "465b5ce8b199b49faa5f0a2ee238a6bz";
  expect_usage_error(args, "--k");
}

TEST(crypto_cli_errors, when_length_is_wrong_then_exit_2_giving_the_expected_length) {
  auto args = milenage_ok;
  args[8] = "ff9bb4d0b6";
  expect_usage_error(args, "--sqn: expected 6 octets");
}

TEST(crypto_cli_errors, when_both_op_and_opc_or_neither_then_exit_2) {
  auto args = milenage_ok;
  args[3] = "--op";
  args.insert(args.end(), {"--opc", "cd63cb71954a9f4e48a5994e37a02baf"});
  auto r = crypto(args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  auto neither = milenage_ok;
  neither.erase(neither.begin() + 3, neither.begin() + 5);
  expect_usage_error(neither, "--op");
}

TEST(crypto_cli_errors, when_text_inputs_are_empty_or_too_long_then_exit_2) {
  auto args = milenage_ok;
  args[0] = "aka";
  auto snn_empty = args;
  snn_empty.insert(snn_empty.end(), {"--snn", "", "--supi", "208930000000001"});
  expect_usage_error(snn_empty, "--snn: must not be empty");
  auto snn_long = args;
  snn_long.insert(snn_long.end(), {"--snn", std::string(65536, 'a'), "--supi", "208930000000001"});
  expect_usage_error(snn_long, "--snn");
  expect_usage_error({"derive", "kamf", "--kseaf", std::string(64, '0'), "--supi", "1", "--abba", ""}, "--abba");
  expect_usage_error({"nea", "--alg", "1", "--key", "00000000000000000000000000000000", "--count", "00000000",
                      "--bearer", "0", "--direction", "0", "--length-bits", "4294967296", "--data", "00"},
                     "--length-bits");
}

TEST(crypto_cli_errors, when_algorithm_is_unknown_then_exit_2) {
  expect_usage_error({"nea", "--alg", "4", "--key", "00000000000000000000000000000000", "--count", "00000000",
                      "--bearer", "0", "--direction", "0", "--length-bits", "8", "--data", "00"},
                     "--alg");
}

TEST(crypto_cli_errors, when_data_does_not_match_length_bits_then_exit_2) {
  expect_usage_error({"nia", "--alg", "2", "--key", "00000000000000000000000000000000", "--count", "00000000",
                      "--bearer", "0", "--direction", "0", "--length-bits", "9", "--data", "00"},
                     "needs 2 octets");
  expect_usage_error({"nia", "--alg", "2", "--key", "00000000000000000000000000000000", "--count", "00000000",
                      "--bearer", "32", "--direction", "0", "--length-bits", "8", "--data", "00"},
                     "--bearer");
}

TEST(crypto_cli_errors, when_profile_or_suci_is_bad_then_exit_2) {
  expect_usage_error({"suci", "keygen", "--profile", "C"}, "--profile");
  expect_usage_error({"suci", "deconceal", "--suci", "suci-0-208-93-0-1-1-zz", "--hn-private-key",
                      "c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d"},
                     "--suci");
  expect_usage_error({"suci", "conceal", "--supi", "imsi-12", "--profile", "null"}, "--supi");
}

TEST(crypto_cli_errors, when_mac_of_suci_is_wrong_then_exit_2) {
  // The C.4.3.1 scheme output with the last MAC octet changed.
  expect_usage_error({"suci", "deconceal", "--suci",
                      "suci-0-208-93-0-1-1-b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457dcb02352410"
                      "cddd9e730ef3fa88",
                      "--hn-private-key", "c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d"},
                     "crypto suci deconceal");
}

}  // namespace

namespace {

// ---- Annex A derivations (kdf_5g.json) through `crypto derive` -------------

class crypto_derive_cli : public ::testing::TestWithParam<json> {};

TEST_P(crypto_derive_cli, gives_the_vector_output) {
  const json& v = GetParam();
  const json& in = v["inputs"];
  const json& out = v["outputs"];
  const std::string d = v["derivation"];
  if (d == "ck_ik_prime") {
    auto j = crypto_json({"derive", "ck-ik-prime", "--ck", in["ck"], "--ik", in["ik"], "--access-network-name",
                          in["access_network_identity"], "--sqn-xor-ak", in["sqn_xor_ak"]});
    EXPECT_EQ(j["ck_prime"], out["ck_prime"]);
    EXPECT_EQ(j["ik_prime"], out["ik_prime"]);
  } else if (d == "res_star") {
    auto j = crypto_json({"derive", "res-star", "--ck", in["ck"], "--ik", in["ik"], "--snn", in["serving_network_name"],
                          "--rand", in["rand"], "--res", in["res"]});
    EXPECT_EQ(j["res_star"], out["res_star"]);
  } else if (d == "kausf") {
    auto j = crypto_json({"derive", "kausf", "--ck", in["ck"], "--ik", in["ik"], "--snn", in["serving_network_name"],
                          "--sqn-xor-ak", in["sqn_xor_ak"]});
    EXPECT_EQ(j["kausf"], out["kausf"]);
  } else if (d == "kseaf") {
    auto j = crypto_json({"derive", "kseaf", "--kausf", in["kausf"], "--snn", in["serving_network_name"]});
    EXPECT_EQ(j["kseaf"], out["kseaf"]);
  } else if (d == "kamf") {
    auto j = crypto_json({"derive", "kamf", "--kseaf", in["kseaf"], "--supi", in["supi"], "--abba", in["abba"]});
    EXPECT_EQ(j["kamf"], out["kamf"]);
  } else if (d == "kgnb") {
    auto j = crypto_json({"derive", "kgnb", "--kamf", in["kamf"], "--ul-nas-count",
                          std::to_string(in["uplink_nas_count"].get<long>()), "--access",
                          in["access_type_distinguisher"].get<int>() == 1 ? "3gpp" : "non-3gpp"});
    EXPECT_EQ(j["kgnb"], out["kgnb"]);
  } else if (d.ends_with("_keys_5g")) {
    auto j = crypto_json({"derive", "algorithm-keys", "--kind", d.substr(0, d.find('_')), "--key", in["key"],
                          "--enc-alg", std::to_string(in["ciphering_alg_id"].get<int>()), "--int-alg",
                          std::to_string(in["integrity_alg_id"].get<int>())});
    EXPECT_EQ(j["enc_key_256"], out["enc_key_256"]);
    EXPECT_EQ(j["int_key_256"], out["int_key_256"]);
    EXPECT_EQ(j["enc_key"], out["enc_key_128"]);
    EXPECT_EQ(j["int_key"], out["int_key_128"]);
  } else {
    FAIL() << "no command for derivation " << d;
  }
}

std::vector<json> derivation_vectors() {
  std::vector<json> out;
  for (const auto& v : load("kdf_5g.json"))
    if (v["derivation"] != "hmac_sha256") out.push_back(v);  // HMAC alone has no command; the library tests it
  return out;
}

INSTANTIATE_TEST_SUITE_P(vectors, crypto_derive_cli, ::testing::ValuesIn(derivation_vectors()),
                         [](const auto& info) { return test_name(info.param); });

}  // namespace
