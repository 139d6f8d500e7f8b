// `meridian subscriber` driven as an operator drives it: every subcommand,
// keys only from files or standard input, and bad input (malformed IMSI,
// wrong key length, duplicate SUPI) answered with one line, exit 2, and the
// store unchanged.

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "process.hpp"

namespace {

using meridian::test::process_result;
using meridian::test::run_process;

constexpr const char* k_hex = "465b5ce8b199b49faa5f0a2ee238a6bc";
constexpr const char* opc_hex = "cd63cb71954a9f4e48a5994e37a02baf";

class subscriber_cli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "meridian_subscriber_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_ = (dir_ / "subscribers.db").string();
    keys_ = write("keys.yaml", fmt::format("k: {}\nopc: {}\n", k_hex, opc_hex));
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  // `meridian subscriber <args...> --db <db>`, standard input from `stdin_file`.
  process_result sub(std::vector<std::string> args, const std::string& stdin_file = "/dev/null") {
    args.insert(args.begin(), "subscriber");
    args.push_back("--db");
    args.push_back(db_);
    return run_process(MERIDIAN_BINARY, args, std::chrono::seconds(120), stdin_file);
  }

  // Runs a command that must succeed; gives its standard output.
  std::string ok(std::vector<std::string> args) {
    auto r = sub(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    return r.out;
  }

  // Runs a command that must fail with exit 2 and one line on stderr containing `says`.
  void refused(std::vector<std::string> args, const std::string& says, const std::string& stdin_file = "/dev/null") {
    auto r = sub(std::move(args), stdin_file);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(k_hex), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(opc_hex), std::string::npos) << r.err;
  }

  // Everything in the store, keys included: what "unchanged" is compared on.
  std::string snapshot() { return ok({"export", "--with-keys"}); }

  void add(const std::string& supi) { ok({"add", "--supi", supi, "--keys", keys_}); }

  std::filesystem::path dir_;
  std::string db_;
  std::string keys_;
};

TEST_F(subscriber_cli, add_creates_a_private_store_and_show_hides_the_keys_unless_asked) {
  EXPECT_EQ(ok({"add", "--supi", "imsi-001010000000001", "--keys", keys_, "--dnn", "internet", "--dnn", "ims",
                "--static-ip", "internet=10.45.0.2"}),
            "added imsi-001010000000001\n");
  struct stat st {};
  ASSERT_EQ(::stat(db_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  const auto shown = ok({"show", "--supi", "imsi-001010000000001"});
  EXPECT_NE(shown.find("supi: \"imsi-001010000000001\""), std::string::npos) << shown;
  EXPECT_NE(shown.find("dnn: \"ims\""), std::string::npos) << shown;
  EXPECT_NE(shown.find("static_ipv4: \"10.45.0.2\""), std::string::npos) << shown;
  EXPECT_NE(shown.find("auth_method: 5G_AKA"), std::string::npos) << shown;
  EXPECT_EQ(shown.find(k_hex), std::string::npos) << shown;
  EXPECT_EQ(shown.find(opc_hex), std::string::npos) << shown;

  const auto with_keys = ok({"show", "--supi", "imsi-001010000000001", "--show-keys"});
  EXPECT_NE(with_keys.find(fmt::format("k: \"{}\"", k_hex)), std::string::npos) << with_keys;
  EXPECT_NE(with_keys.find(fmt::format("opc: \"{}\"", opc_hex)), std::string::npos) << with_keys;
}

TEST_F(subscriber_cli, keys_from_standard_input_are_taken_with_a_dash) {
  auto r = sub({"add", "--supi", "nai-alice@example.org", "--keys", "-", "--auth-method", "EAP_AKA_PRIME"}, keys_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto shown = ok({"show", "--supi", "nai-alice@example.org", "--show-keys"});
  EXPECT_NE(shown.find(k_hex), std::string::npos);
  EXPECT_NE(shown.find("auth_method: EAP_AKA_PRIME"), std::string::npos);
}

TEST_F(subscriber_cli, there_is_no_option_that_takes_a_key_on_the_command_line) {
  auto r = sub({"add", "--supi", "imsi-001010000000001", "--k", k_hex, "--opc", opc_hex});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(db_));
}

TEST_F(subscriber_cli, a_malformed_imsi_is_refused_with_one_line_and_nothing_is_stored) {
  add("imsi-001010000000001");
  const auto before = snapshot();
  refused({"add", "--supi", "imsi-0010100000000012", "--keys", keys_}, "is not a SUPI");
  refused({"add", "--supi", "imsi-00101000000000a", "--keys", keys_}, "is not a SUPI");
  refused({"add", "--supi", "001010000000001", "--keys", keys_}, "is not a SUPI");
  EXPECT_EQ(snapshot(), before);
}

TEST_F(subscriber_cli, a_wrong_key_length_is_refused_with_one_line_and_nothing_is_stored) {
  add("imsi-001010000000001");
  const auto before = snapshot();
  const auto short_k = write("short.yaml", fmt::format("k: {}\nopc: {}\n", std::string(k_hex).substr(0, 30), opc_hex));
  refused({"add", "--supi", "imsi-001010000000002", "--keys", short_k}, "k must be 32 hex digits (16 octets)");
  const auto long_opc = write("long.yaml", fmt::format("k: {}\nopc: {}00\n", k_hex, opc_hex));
  refused({"add", "--supi", "imsi-001010000000002", "--keys", long_opc}, "opc must be 32 hex digits (16 octets)");
  refused({"set", "--supi", "imsi-001010000000001", "--keys", short_k}, "k must be 32 hex digits");
  EXPECT_EQ(snapshot(), before);
}

TEST_F(subscriber_cli, a_duplicate_supi_is_refused_with_one_line_and_the_first_stays) {
  ok({"add", "--supi", "imsi-001010000000001", "--keys", keys_, "--amf", "9001"});
  const auto before = snapshot();
  const auto other = write("other.yaml", fmt::format("k: {}\nop: {}\n", opc_hex, k_hex));
  refused({"add", "--supi", "imsi-001010000000001", "--keys", other}, "imsi-001010000000001 exists already");
  EXPECT_EQ(snapshot(), before);
}

TEST_F(subscriber_cli, import_reads_csv_and_yaml_and_list_shows_every_subscriber) {
  const auto csv = write("subs.csv", fmt::format("supi,k,opc,dnn\nimsi-001010000000002,{0},{1},internet\n"
                                                 "imsi-001010000000001,{0},{1},internet;ims\n",
                                                 k_hex, opc_hex));
  EXPECT_EQ(ok({"import", csv}), "imported 2 subscriber(s)\n");
  const auto yaml = write("subs.yaml", fmt::format("subscribers:\n  - supi: nai-bob@example.org\n    k: {}\n"
                                                   "    op: {}\n    auth_method: EAP_AKA_PRIME\n",
                                                   k_hex, opc_hex));
  EXPECT_EQ(ok({"import", yaml}), "imported 1 subscriber(s)\n");
  const auto list = ok({"list"});
  std::istringstream lines(list);
  std::vector<std::string> got;
  for (std::string line; std::getline(lines, line);) got.push_back(line);
  ASSERT_EQ(got.size(), 3u) << list;
  EXPECT_TRUE(got[0].starts_with("imsi-001010000000001 ")) << got[0];
  EXPECT_NE(got[0].find("dnn internet,ims"), std::string::npos) << got[0];
  EXPECT_TRUE(got[2].starts_with("nai-bob@example.org ")) << got[2];
  EXPECT_NE(got[2].find("EAP_AKA_PRIME"), std::string::npos) << got[2];
}

TEST_F(subscriber_cli, an_import_with_one_bad_row_or_a_duplicate_stores_nothing) {
  add("imsi-001010000000009");
  const auto before = snapshot();
  const auto bad_row = write("bad.csv", fmt::format("supi,k,opc\nimsi-001010000000001,{0},{1}\n"
                                                    "imsi-001010000000002,{0}00,{1}\n",
                                                    k_hex, opc_hex));
  refused({"import", bad_row}, "bad.csv:3: k: must be 32 hex digits (16 octets)");
  const auto dup = write("dup.csv", fmt::format("supi,k,opc\nimsi-001010000000001,{0},{1}\n"
                                                "imsi-001010000000009,{0},{1}\n",
                                                k_hex, opc_hex));
  refused({"import", dup}, "imsi-001010000000009 exists already");
  const auto bad_imsi = write("bad.yaml", fmt::format("subscribers:\n  - supi: imsi-1234\n    k: {}\n    opc: {}\n",
                                                      k_hex, opc_hex));
  refused({"import", bad_imsi}, "bad.yaml:2: subscribers[0].supi: 'imsi-1234' is not a SUPI");
  EXPECT_EQ(snapshot(), before);
}

TEST_F(subscriber_cli, import_from_standard_input_needs_a_format) {
  const auto csv = write("subs.csv", fmt::format("supi,k,opc\nimsi-001010000000001,{},{}\n", k_hex, opc_hex));
  refused({"import", "-"}, "give --format csv or yaml", csv);
  auto r = sub({"import", "-", "--format", "csv"}, csv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "imported 1 subscriber(s)\n");
}

TEST_F(subscriber_cli, set_changes_fields_and_an_unknown_subscriber_is_refused) {
  add("imsi-001010000000001");
  EXPECT_EQ(ok({"set", "--supi", "imsi-001010000000001", "--sqn", "1f", "--auth-method", "eap-aka-prime",
                "--default-nssai", "1/010203", "--nssai", "2", "--ue-ambr-downlink", "2 Gbps", "--rat-restriction",
                "EUTRA"}),
            "updated imsi-001010000000001\n");
  const auto shown = ok({"show", "--supi", "imsi-001010000000001"});
  EXPECT_NE(shown.find("sqn: \"00000000001f\"  # SEQ 0, IND 31"), std::string::npos) << shown;
  EXPECT_NE(shown.find("auth_method: EAP_AKA_PRIME"), std::string::npos) << shown;
  EXPECT_NE(shown.find("{snssai: \"1/010203\", default: true}"), std::string::npos) << shown;
  EXPECT_NE(shown.find("{snssai: \"2\", default: false}"), std::string::npos) << shown;
  EXPECT_NE(shown.find("downlink: \"2 Gbps\""), std::string::npos) << shown;
  EXPECT_NE(shown.find("rat_restrictions: [EUTRA]"), std::string::npos) << shown;
  const auto before = snapshot();
  refused({"set", "--supi", "imsi-001010000000002", "--sqn", "1"}, "no subscriber imsi-001010000000002");
  refused({"set", "--supi", "imsi-001010000000001", "--amf", "12345"}, "--amf: must be 4 hex digits");
  refused({"set", "--supi", "imsi-001010000000001"}, "nothing to change");
  EXPECT_EQ(snapshot(), before);
}

TEST_F(subscriber_cli, delete_removes_the_subscriber_and_a_second_delete_is_refused) {
  add("imsi-001010000000001");
  add("imsi-001010000000002");
  EXPECT_EQ(ok({"delete", "--supi", "imsi-001010000000001"}), "deleted imsi-001010000000001\n");
  refused({"show", "--supi", "imsi-001010000000001"}, "no subscriber imsi-001010000000001");
  refused({"delete", "--supi", "imsi-001010000000001"}, "no subscriber imsi-001010000000001");
  const auto list = ok({"list"});
  EXPECT_TRUE(list.starts_with("imsi-001010000000002 ")) << list;
  EXPECT_EQ(std::count(list.begin(), list.end(), '\n'), 1);
}

TEST_F(subscriber_cli, export_with_keys_imports_into_a_new_store_as_the_same_subscribers) {
  ok({"add", "--supi", "imsi-001010000000001", "--keys", keys_, "--sqn", "abc", "--dnn", "internet", "--dnn", "ims",
      "--static-ip", "ims=2001:db8::5"});
  add("nai-carol@example.org");
  const auto exported = dir_ / "all.yaml";
  EXPECT_EQ(ok({"export", "--with-keys", "--output", exported.string()}), "");
  struct stat st {};
  ASSERT_EQ(::stat(exported.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto other_db = (dir_ / "other.db").string();
  auto r = run_process(MERIDIAN_BINARY, {"subscriber", "import", exported.string(), "--db", other_db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto again = run_process(MERIDIAN_BINARY, {"subscriber", "export", "--with-keys", "--db", other_db});
  EXPECT_EQ(again.out, snapshot());

  const auto csv = dir_ / "all.csv";
  ok({"export", "--output", csv.string()});
  std::ifstream in(csv);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header.find(",k,"), std::string::npos) << header;  // no keys unless asked
  EXPECT_TRUE(header.starts_with("supi,amf,sqn")) << header;
}

TEST_F(subscriber_cli, hn_keys_are_generated_or_imported_and_listed_without_private_keys) {
  const auto generated = ok({"hn-key", "add", "--profile", "A"});
  EXPECT_TRUE(generated.starts_with("key id 1, profile A, public key ")) << generated;
  // TS 33.501 C.4.4: the Profile B private key and its compressed public key.
  const std::string priv_b = "f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda";
  const auto key_file = write("hn_b.key", "# Profile B test key of TS 33.501 C.4.4\n" + priv_b + "\n");
  EXPECT_EQ(ok({"hn-key", "add", "--profile", "B", "--id", "7", "--private-key", key_file}),
            "key id 7, profile B, public key 0272da71976234ce833a6907425867b82e074d44ef907dfb4b3e21c1c2256ebcd1\n");
  refused({"hn-key", "add", "--profile", "A", "--id", "7"}, "key id 7 exists already");
  refused({"hn-key", "add", "--profile", "C"}, "--profile: 'C' is not A or B");
  const auto list = ok({"hn-key", "list"});
  EXPECT_NE(list.find("  1  A  "), std::string::npos) << list;
  EXPECT_NE(list.find("  7  B  0272da71976234ce833a6907425867b82e074d44ef907dfb4b3e21c1c2256ebcd1"), std::string::npos)
      << list;
  EXPECT_EQ(list.find(priv_b), std::string::npos) << list;
  EXPECT_EQ(std::count(list.begin(), list.end(), '\n'), 2);
}

TEST_F(subscriber_cli, the_store_and_the_defaults_come_from_the_configuration) {
  const auto db = (dir_ / "from_config.db").string();
  const auto cfg = write("meridian.yaml", fmt::format("udr:\n  db: {}\n  defaults:\n    dnn: [corporate, internet]\n"
                                                      "    amf: \"a000\"\n    session: {{5qi: 7}}\n",
                                                      db));
  auto r = run_process(MERIDIAN_BINARY, {"--config", cfg, "subscriber", "add", "--supi", "imsi-001010000000001",
                                         "--keys", keys_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(db));
  auto shown = run_process(MERIDIAN_BINARY, {"--config", cfg, "subscriber", "show", "--supi", "imsi-001010000000001"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("amf: \"a000\""), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("dnn: \"corporate\"\n    default_dnn: true"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("5qi: 7"), std::string::npos) << shown.out;
  const auto bad = write("bad.yaml", "udr:\n  defaults:\n    amf: xyz\n");
  auto e = run_process(MERIDIAN_BINARY, {"--config", bad, "subscriber", "list"});
  EXPECT_EQ(e.exit_code, 1);
  EXPECT_NE(e.err.find("udr.defaults.amf"), std::string::npos) << e.err;
}

TEST_F(subscriber_cli, a_hundred_thousand_subscribers_import_in_seconds) {
  std::string csv = "supi,k,opc\n";
  for (int i = 0; i < 100000; ++i) csv += fmt::format("imsi-00101{:010},{},{}\n", i, k_hex, opc_hex);
  const auto file = write("100k.csv", csv);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ok({"import", file}), "imported 100000 subscriber(s)\n");
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // "In seconds" with room for a loaded CI machine; docs/performance.md has the measured figure.
  EXPECT_LT(seconds, 60.0);
  std::cout << "[ import ] 100000 subscribers in " << seconds << " s\n";
  const auto shown = ok({"show", "--supi", "imsi-001010000099999"});
  EXPECT_NE(shown.find("imsi-001010000099999"), std::string::npos);
}

}  // namespace
