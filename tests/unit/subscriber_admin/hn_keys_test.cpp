// `subscriber hn-key add`'s key ids and keys, key files read from disk, and
// how an import or export file's format is told.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "meridian/common/hex.hpp"
#include "meridian/subscriber_admin/hn_keys.hpp"
#include "meridian/subscriber_admin/keys_file.hpp"
#include "meridian/subscriber_admin/subscriber_files.hpp"

namespace meridian::subscriber_admin {
namespace {

// TS 33.501 C.4.3 (Profile A): the home network private key.
constexpr const char* profile_a_private = "c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d";
constexpr const char* profile_a_public = "5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650";

// A file under the test's own temporary directory, removed with it.
class temp_files : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("meridian_hn_keys_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string file(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }
  std::filesystem::path dir_;
};

udr::hn_key key_with_id(std::uint8_t id) {
  udr::hn_key k;
  k.key_id_ = id;
  return k;
}

TEST(hn_keys, the_next_id_is_one_above_the_highest_in_use) {
  EXPECT_EQ(next_hn_key_id({}), 1);
  EXPECT_EQ(next_hn_key_id({key_with_id(3), key_with_id(1)}), 4);
  EXPECT_EQ(next_hn_key_id({key_with_id(254)}), 255);
  EXPECT_EQ(next_hn_key_id({key_with_id(255)}), std::nullopt);
}

TEST_F(temp_files, an_imported_private_key_gives_the_ts_33_501_public_key) {
  const auto path = file("hn.key", std::string("# home network key 1\n") + profile_a_private + "\n");
  auto key = new_hn_key(7, crypto::ecies_profile::a, path);
  ASSERT_TRUE(key.has_value()) << key.error();
  EXPECT_EQ(key->key_id_, 7);
  EXPECT_EQ(to_hex(key->public_key_), profile_a_public);
}

TEST_F(temp_files, a_generated_key_differs_each_time_and_a_bad_file_is_named) {
  auto a = new_hn_key(1, crypto::ecies_profile::b, "");
  auto b = new_hn_key(1, crypto::ecies_profile::b, "");
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(a->public_key_.size(), 33u);
  EXPECT_NE(a->public_key_, b->public_key_);
  const auto bad = file("bad.key", "k: 00\n");
  EXPECT_EQ(new_hn_key(1, crypto::ecies_profile::a, bad).error().rfind("--private-key: line 1: ", 0), 0u);
  EXPECT_EQ(
      new_hn_key(1, crypto::ecies_profile::a, (dir_ / "none").string()).error().rfind("--private-key: cannot read ", 0),
      0u);
}

TEST_F(temp_files, a_keys_file_is_read_and_its_errors_name_option_and_file) {
  const auto good = file("keys.yaml", "k: 465b5ce8b199b49faa5f0a2ee238a6bc\nopc: cd63cb71954a9f4e48a5994e37a02baf\n");
  auto keys = read_subscriber_keys_file(good, "--keys");
  ASSERT_TRUE(keys.has_value()) << keys.error();
  EXPECT_EQ(to_hex(keys->op_.bytes()), "cd63cb71954a9f4e48a5994e37a02baf");
  const auto bad = file("bad.yaml", "k: 465b5ce8b199b49faa5f0a2ee238a6bc\n");
  EXPECT_EQ(read_subscriber_keys_file(bad, "--keys").error().rfind("--keys " + bad + ": ", 0), 0u);
  EXPECT_EQ(read_subscriber_keys_file((dir_ / "none").string(), "--keys").error().rfind("--keys: cannot read ", 0), 0u);
}

TEST(subscriber_files, the_format_is_the_option_given_else_the_files_extension) {
  EXPECT_EQ(resolve_format("csv", "subscribers.yaml"), file_format::csv);
  EXPECT_EQ(resolve_format("", "subscribers.yml"), file_format::yaml);
  EXPECT_EQ(resolve_format("xml", "a.csv").error(), "--format: 'xml' is not csv or yaml");
  EXPECT_EQ(resolve_format("", "out.txt").error(), "cannot tell the format of 'out.txt': give --format csv or yaml");
}

}  // namespace
}  // namespace meridian::subscriber_admin
