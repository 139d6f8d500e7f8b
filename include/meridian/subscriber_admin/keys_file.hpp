#pragma once
// The files that carry key material to `meridian subscriber`, so that no key
// is ever typed on a command line (where /proc/<pid>/cmdline shows it):
// - a subscriber's keys: YAML lines `k: HEX` and `opc: HEX` (or `op: HEX`);
// - a home network private key: its 64 hex digits (or `private_key: HEX`).
// Errors name the line and the field, never the value.

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

#include "meridian/crypto/secret.hpp"
#include "meridian/udr/subscriber.hpp"

namespace meridian::subscriber_admin {

struct subscriber_keys {
  crypto::key128 k_{};
  crypto::key128 op_{};
  udr::op_kind op_kind_ = udr::op_kind::opc;
};

/// Parses a keys file's text: `k:` once, and exactly one of `opc:` / `op:`;
/// blank lines and `#` comments allowed, values optionally quoted.
std::expected<subscriber_keys, std::string> parse_subscriber_keys(std::string_view text);

/// Parses a home network private key file: 64 hex digits, whitespace and `#`
/// comments allowed, or a line `private_key: HEX`.
std::expected<crypto::key256, std::string> parse_private_key(std::string_view text);

/// The whole of `path`, or of standard input for "-". The buffer is wiped by
/// the caller's secret_text.
std::expected<std::string, std::string> read_secret_file(const std::string& path);

/// A subscriber's keys from the file `path` ("-": standard input), the text
/// wiped after parsing. Errors start with `option`: "--keys: cannot read F: ..."
/// or "--keys F: line 2: ..." (F "(standard input)" for "-").
std::expected<subscriber_keys, std::string> read_subscriber_keys_file(const std::string& path, std::string_view option);

/// A home network private key from the file `path` ("-": standard input);
/// errors "<option>: <why>".
std::expected<crypto::key256, std::string> read_private_key_file(const std::string& path, std::string_view option);

/// A std::string that wipes itself: what key files are read into.
class secret_text {
 public:
  explicit secret_text(std::string s) : s_(std::move(s)) {}
  ~secret_text();
  secret_text(const secret_text&) = delete;
  secret_text& operator=(const secret_text&) = delete;
  std::string_view view() const noexcept { return s_; }

 private:
  std::string s_;
};

}  // namespace meridian::subscriber_admin
