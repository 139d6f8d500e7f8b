// The keys files: what they accept, and errors that name the line and the
// field but never echo a key.

#include <gtest/gtest.h>

#include "meridian/common/hex.hpp"
#include "meridian/subscriber_admin/keys_file.hpp"

namespace meridian::subscriber_admin {
namespace {

constexpr const char* k_hex = "465b5ce8b199b49faa5f0a2ee238a6bc";
constexpr const char* opc_hex = "cd63cb71954a9f4e48a5994e37a02baf";

TEST(keys_file, k_and_opc_lines_with_comments_quotes_and_crlf_are_read) {
  const std::string text = std::string("# subscriber 1\r\nk: ") + k_hex + "\r\n\r\nopc: \"" + opc_hex + "\"  # from the SIM vendor\r\n";
  auto keys = parse_subscriber_keys(text);
  ASSERT_TRUE(keys) << keys.error();
  EXPECT_EQ(to_hex(keys->k_.bytes()), k_hex);
  EXPECT_EQ(to_hex(keys->op_.bytes()), opc_hex);
  EXPECT_EQ(keys->op_kind_, udr::op_kind::opc);
}

TEST(keys_file, an_op_line_gives_op) {
  auto keys = parse_subscriber_keys(std::string("op: ") + opc_hex + "\nk: " + k_hex);
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->op_kind_, udr::op_kind::op);
}

TEST(keys_file, each_mistake_is_one_line_that_never_shows_the_key) {
  const std::string short_k = "465b5ce8b199b49faa5f0a2ee238a6";  // 15 octets
  const struct {
    std::string text;
    std::string error;
  } cases[] = {
      {"k: " + short_k + "\nopc: " + opc_hex, "line 1: k must be 32 hex digits (16 octets)"},
      {std::string("k: ") + k_hex + "\nopc: " + opc_hex + "zz", "line 2: opc must be 32 hex digits (16 octets)"},
      {std::string("k: ") + k_hex, "no 'opc: HEX' or 'op: HEX' line"},
      {std::string("opc: ") + opc_hex, "no 'k: HEX' line"},
      {std::string("k: ") + k_hex + "\nk: " + k_hex + "\nopc: " + opc_hex, "line 2: k is given twice"},
      {std::string("k: ") + k_hex + "\nopc: " + opc_hex + "\nop: " + opc_hex, "line 3: give one of opc and op, once"},
      {std::string("k: ") + k_hex + "\nki: " + opc_hex, "line 2: unknown key 'ki' (expected k, opc or op)"},
      {std::string(k_hex), "line 1: expected 'k: HEX', 'opc: HEX' or 'op: HEX'"},
  };
  for (const auto& c : cases) {
    auto keys = parse_subscriber_keys(c.text);
    ASSERT_FALSE(keys) << c.text;
    EXPECT_EQ(keys.error(), c.error);
    EXPECT_EQ(keys.error().find(k_hex), std::string::npos);
    EXPECT_EQ(keys.error().find(opc_hex), std::string::npos);
    EXPECT_EQ(keys.error().find(short_k), std::string::npos);
  }
}

TEST(keys_file, a_private_key_file_is_hex_or_a_private_key_line) {
  const std::string hex = "c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d";
  for (const std::string& text : {hex + "\n", "# home network key 1\nprivate_key: " + hex + "\n",
                                  hex.substr(0, 32) + "\n" + hex.substr(32) + "\n"}) {
    auto key = parse_private_key(text);
    ASSERT_TRUE(key) << key.error();
    EXPECT_EQ(to_hex(key->bytes()), hex);
  }
  auto bad = parse_private_key(hex.substr(2));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "line 1: the private key must be 64 hex digits (32 octets)");
  EXPECT_FALSE(parse_private_key("secret: " + hex));
}

}  // namespace
}  // namespace meridian::subscriber_admin
