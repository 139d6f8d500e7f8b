// The named operations behind `meridian crypto`, run as the tool runs them
// (inputs as typed text), against the official vectors in tests/vectors, and
// their one-line errors.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "meridian/security/crypto_operations.hpp"
#include "support/vectors.hpp"

namespace {

using meridian::security::crypto_operations;
using meridian::security::operation_outputs;
using meridian::security::operation_values;
using meridian::security::run_crypto_operation;
using meridian::test::load_vectors;

// The outputs as a map, or a failed test naming the error.
std::map<std::string, std::string> outputs(std::string_view group, std::string_view name, operation_values in) {
  auto r = run_crypto_operation(group, name, std::move(in));
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error());
  if (!r) return {};
  return {r->begin(), r->end()};
}

std::string error(std::string_view group, std::string_view name, operation_values in) {
  auto r = run_crypto_operation(group, name, std::move(in));
  EXPECT_FALSE(r.has_value());
  return r ? std::string() : r.error();
}

const operation_values milenage_set_1{{"k", "465b5ce8b199b49faa5f0a2ee238a6bc"},
                                      {"opc", "cd63cb71954a9f4e48a5994e37a02baf"},
                                      {"rand", "23553cbe9637a89d218ae64dae47bf35"},
                                      {"sqn", "ff9bb4d0b607"},
                                      {"amf", "b9b9"}};

TEST(crypto_operations, milenage_gives_every_ts_35_207_output_from_op_and_from_opc) {
  for (const auto& v : load_vectors("milenage.json")) {
    for (const char* key : {"op", "opc"}) {
      const std::string k = key;
      auto out = outputs("", "milenage",
                         {{"k", v["k"]}, {k, v[k]}, {"rand", v["rand"]}, {"sqn", v["sqn"]}, {"amf", v["amf"]}});
      EXPECT_EQ(out["opc"], v["opc"].get<std::string>()) << v["id"] << " " << k;
      EXPECT_EQ(out["mac_a"], v["f1_mac_a"].get<std::string>()) << v["id"];
      EXPECT_EQ(out["mac_s"], v["f1star_mac_s"].get<std::string>()) << v["id"];
      EXPECT_EQ(out["res"], v["f2_res"].get<std::string>()) << v["id"];
      EXPECT_EQ(out["ck"], v["f3_ck"].get<std::string>()) << v["id"];
      EXPECT_EQ(out["ik"], v["f4_ik"].get<std::string>()) << v["id"];
      EXPECT_EQ(out["ak"], v["f5_ak"].get<std::string>()) << v["id"];
      EXPECT_EQ(out["ak_star"], v["f5star_ak_star"].get<std::string>()) << v["id"];
    }
  }
}

TEST(crypto_operations, outputs_come_in_the_documented_order) {
  auto r = run_crypto_operation("", "milenage", milenage_set_1);
  ASSERT_TRUE(r.has_value());
  std::vector<std::string> names;
  for (const auto& [name, value] : *r) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"opc", "mac_a", "mac_s", "res", "ck", "ik", "ak", "ak_star"}));
}

TEST(crypto_operations, aka_derives_autn_from_sqn_xor_ak_and_the_chain_agrees_with_derive_kausf) {
  auto in = milenage_set_1;
  in["snn"] = "5G:mnc093.mcc208.3gppnetwork.org";
  in["supi"] = "208930000000001";
  auto chain = outputs("", "aka", in);
  // TS 33.102 §6.3.2: AUTN = SQN xor AK || AMF || MAC-A; set 1's SQN xor AK is 55f328b43577.
  EXPECT_EQ(chain["autn"], "55f328b43577b9b94a9ffac354dfafb3");
  auto kausf = outputs("derive", "kausf",
                       {{"ck", chain["ck"]}, {"ik", chain["ik"]}, {"snn", in["snn"]}, {"sqn-xor-ak", "55f328b43577"}});
  EXPECT_EQ(kausf["kausf"], chain["kausf"]);
  auto kseaf = outputs("derive", "kseaf", {{"kausf", chain["kausf"]}, {"snn", in["snn"]}});
  EXPECT_EQ(kseaf["kseaf"], chain["kseaf"]);
  auto kamf = outputs("derive", "kamf", {{"kseaf", chain["kseaf"]}, {"supi", "208930000000001"}});
  EXPECT_EQ(kamf["kamf"], chain["kamf"]);
}

TEST(crypto_operations, each_annex_a_derivation_matches_its_official_vector) {
  std::size_t checked = 0;
  for (const auto& v : load_vectors("kdf_5g.json")) {
    const auto& i = v["inputs"];
    const auto& o = v["outputs"];
    const std::string d = v["derivation"];
    if (d == "kausf") {
      EXPECT_EQ(outputs("derive", "kausf",
                        {{"ck", i["ck"]},
                         {"ik", i["ik"]},
                         {"snn", i["serving_network_name"]},
                         {"sqn-xor-ak", i["sqn_xor_ak"]}})["kausf"],
                o["kausf"].get<std::string>());
    } else if (d == "res_star") {
      EXPECT_EQ(outputs("derive", "res-star",
                        {{"ck", i["ck"]},
                         {"ik", i["ik"]},
                         {"snn", i["serving_network_name"]},
                         {"rand", i["rand"]},
                         {"res", i["res"]}})["res_star"],
                o["res_star"].get<std::string>());
    } else if (d == "kseaf") {
      EXPECT_EQ(outputs("derive", "kseaf", {{"kausf", i["kausf"]}, {"snn", i["serving_network_name"]}})["kseaf"],
                o["kseaf"].get<std::string>());
    } else if (d == "kamf") {
      EXPECT_EQ(outputs("derive", "kamf", {{"kseaf", i["kseaf"]}, {"supi", i["supi"]}, {"abba", i["abba"]}})["kamf"],
                o["kamf"].get<std::string>());
    } else if (d == "kgnb") {
      EXPECT_EQ(
          outputs("derive", "kgnb",
                  {{"kamf", i["kamf"]}, {"ul-nas-count", std::to_string(i["uplink_nas_count"].get<long>())}})["kgnb"],
          o["kgnb"].get<std::string>());
    } else if (d == "ck_ik_prime") {
      auto out = outputs("derive", "ck-ik-prime",
                         {{"ck", i["ck"]},
                          {"ik", i["ik"]},
                          {"access-network-name", i["access_network_identity"]},
                          {"sqn-xor-ak", i["sqn_xor_ak"]}});
      EXPECT_EQ(out["ck_prime"], o["ck_prime"].get<std::string>());
      EXPECT_EQ(out["ik_prime"], o["ik_prime"].get<std::string>());
    } else if (d.ends_with("_keys_5g")) {
      auto out = outputs("derive", "algorithm-keys",
                         {{"key", i["key"]},
                          {"kind", d.substr(0, d.find('_'))},
                          {"enc-alg", std::to_string(i["ciphering_alg_id"].get<int>())},
                          {"int-alg", std::to_string(i["integrity_alg_id"].get<int>())}});
      EXPECT_EQ(out["enc_key_256"], o["enc_key_256"].get<std::string>()) << v["id"];
      EXPECT_EQ(out["int_key"], o["int_key_128"].get<std::string>()) << v["id"];
    } else {
      continue;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 10u);
}

TEST(crypto_operations, eap_aka_prime_gives_the_rfc_5448_test_case_keys) {
  const auto cases = load_vectors("eap_aka_prime.json")["cases"];
  ASSERT_FALSE(cases.empty());
  const auto& c = cases[0];
  auto out = outputs("", "eap-aka-prime",
                     {{"ck", c["ck"]},
                      {"ik", c["ik"]},
                      {"identity", c["identity"]},
                      {"network-name", c["network_name"]},
                      {"sqn-xor-ak", c["sqn_xor_ak"]}});
  for (const char* key : {"ck_prime", "ik_prime", "k_encr", "k_aut", "k_re", "msk", "emsk", "k_ausf"})
    EXPECT_EQ(out[key], c[key].get<std::string>()) << key;
}

TEST(crypto_operations, a_null_scheme_suci_deconceals_to_the_supi_it_came_from) {
  auto suci = outputs("suci", "conceal", {{"supi", "imsi-208930000000001"}, {"profile", "null"}})["suci"];
  EXPECT_EQ(suci, "suci-0-208-93-0-0-0-0000000001");
  EXPECT_EQ(outputs("suci", "deconceal", {{"suci", suci}})["supi"], "imsi-208930000000001");
}

TEST(crypto_operations, nea_then_nea_again_gives_the_plaintext_back) {
  operation_values in{{"alg", "2"},          {"key", "d3c5d592327fb11c4035c6680af8c6d1"},
                      {"count", "398a59b4"}, {"bearer", "21"},
                      {"direction", "1"},    {"length-bits", "40"},
                      {"data", "0102030405"}};
  auto cipher = outputs("", "nea", in)["ciphertext"];
  EXPECT_NE(cipher, "0102030405");
  in["data"] = cipher;
  EXPECT_EQ(outputs("", "nea", in)["ciphertext"], "0102030405");
}

TEST(crypto_operations, when_both_or_neither_of_op_and_opc_are_given_then_it_says_so) {
  auto both = milenage_set_1;
  both["op"] = "cdc202d5123e20f62b6d676ac72cb318";
  EXPECT_EQ(error("", "milenage", both), "give exactly one of --op and --opc");
  auto neither = milenage_set_1;
  neither.erase("opc");
  EXPECT_EQ(error("", "milenage", neither), "give exactly one of --op and --opc");
}

TEST(crypto_operations, a_bad_input_is_named_with_its_option) {
  auto in = milenage_set_1;
  in["sqn"] = "00";
  EXPECT_EQ(error("", "milenage", in), "--sqn: expected 6 octets (12 hex digits), got 1");
  EXPECT_EQ(error("derive", "kamf", {{"kseaf", std::string(64, '0')}, {"supi", "1"}, {"abba", ""}}),
            "--abba: must hold at least one octet");
  EXPECT_EQ(error("derive", "kgnb", {{"kamf", std::string(64, '0')}, {"access", "wifi"}}),
            "--access: 'wifi' is not 3gpp or non-3gpp");
  EXPECT_EQ(error("", "nia",
                  {{"alg", "2"},
                   {"key", std::string(32, '0')},
                   {"count", "00000000"},
                   {"bearer", "0"},
                   {"direction", "0"},
                   {"length-bits", "9"},
                   {"data", "00"}}),
            "--data: --length-bits 9 needs 2 octets, got 1");
  EXPECT_EQ(error("suci", "conceal", {{"supi", "imsi-208930000000001"}, {"profile", "A"}}),
            "--hn-public-key is required for profiles A and B");
}

TEST(crypto_operations, of_several_bad_inputs_the_one_read_first_is_reported) {
  // The SQN xor AK is read first, then the derivation's arguments last to first.
  EXPECT_EQ(error("derive", "kausf", {{"ck", "zz"}, {"ik", "00"}, {"snn", ""}, {"sqn-xor-ak", "00"}}),
            "--sqn-xor-ak: expected 6 octets (12 hex digits), got 1");
  EXPECT_EQ(error("derive", "kausf", {{"ck", "zz"}, {"ik", "00"}, {"snn", ""}, {"sqn-xor-ak", "000000000000"}}),
            "--snn: must not be empty");
}

TEST(crypto_operations, an_unknown_operation_or_a_missing_required_input_is_an_error) {
  EXPECT_EQ(error("derive", "kxyz", {}), "no crypto operation 'derive kxyz'");
  EXPECT_EQ(error("derive", "kseaf", {{"snn", "x"}}), "--kausf is required");
}

TEST(crypto_operations, every_operation_has_distinct_inputs_and_its_group_a_help_line) {
  std::set<std::string> seen;
  for (const auto& op : crypto_operations()) {
    EXPECT_TRUE(seen.insert(std::string(op.group_) + " " + std::string(op.name_)).second) << op.name_;
    if (!op.group_.empty()) {
      EXPECT_FALSE(meridian::security::crypto_operation_group_help(op.group_).empty());
    }
    std::set<std::string_view> names;
    for (const auto& in : op.inputs_) {
      EXPECT_TRUE(names.insert(in.name_).second) << op.name_ << " --" << in.name_;
      EXPECT_FALSE(in.required_ && !in.default_.empty()) << op.name_ << " --" << in.name_;
    }
    for (const auto& in : op.inputs_)
      if (!in.excludes_.empty()) {
        EXPECT_TRUE(names.contains(in.excludes_)) << op.name_ << " --" << in.name_;
      }
  }
  EXPECT_EQ(seen.size(), 15u);
}

}  // namespace
