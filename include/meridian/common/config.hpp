#pragma once
// YAML configuration: parse -> validate -> translate into each library's plain
// config struct. Reading is strict: an unknown key, a value of the wrong type or
// out of range, and a missing or unreadable file each raise config_error naming
// the file, line and full key. These are start-up errors (the only place the
// project throws); main() catches them and prints the message.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace meridian::config {

class config_error : public std::runtime_error {
 public:
  /// line is 1-based; 0 when the error concerns the file as a whole.
  config_error(std::string file, int line, std::string key, std::string reason);

  const std::string& file() const noexcept { return file_; }
  int line() const noexcept { return line_; }
  const std::string& key() const noexcept { return key_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string file_;
  int line_;
  std::string key_;
  std::string reason_;
};

namespace detail {
struct section_state;
}

/// A mapping in the document. Keys are read one by one into defaults that the
/// caller already holds; finish() then rejects any key nobody read.
class section {
 public:
  /// False when the key that named this section was absent (every read then
  /// keeps its default).
  bool present() const noexcept;
  /// The full dotted key of this section ("amf.ngap"), empty for the root.
  const std::string& path() const noexcept;

  section& read(std::string_view key, bool& out);
  section& read(std::string_view key, std::string& out);
  section& read(std::string_view key, double& out);
  section& read(std::string_view key, std::vector<std::string>& out);
  section& read(std::string_view key, std::map<std::string, std::string, std::less<>>& out);
  template <class Int>
  requires(std::is_integral_v<Int> && !std::is_same_v<Int, bool>) section& read(std::string_view key, Int& out) {
    // Values are parsed as int64_t, so an unsigned 64-bit option tops out at INT64_MAX.
    constexpr auto max = static_cast<std::int64_t>(
        std::min<std::uint64_t>(std::numeric_limits<Int>::max(), std::numeric_limits<std::int64_t>::max()));
    out = static_cast<Int>(read_integer(key, std::numeric_limits<Int>::min(), max, static_cast<std::int64_t>(out)));
    return *this;
  }
  /// An integer that must lie in [min, max].
  std::int64_t read_integer(std::string_view key, std::int64_t min, std::int64_t max, std::int64_t fallback);

  /// The nested mapping under `key`; an absent key gives an absent section.
  section child(std::string_view key);
  /// The mappings of a sequence under `key`, one section each.
  std::vector<section> children(std::string_view key);

  /// Throws config_error for the first key that no read() or child() asked for.
  void finish() const;

  /// Throws config_error at `key`'s line (or the section's when absent).
  [[noreturn]] void fail(std::string_view key, std::string_view reason) const;

 private:
  friend class document;
  explicit section(std::shared_ptr<detail::section_state> s) : s_(std::move(s)) {}
  std::shared_ptr<detail::section_state> s_;
};

class document {
 public:
  /// Loads and parses a YAML file; a missing file or a syntax error throws.
  static document load_file(const std::filesystem::path& file);
  /// Parses YAML text; `name` stands for the file in messages.
  static document parse(std::string_view text, std::string name = "<string>");
  /// A document with no keys: every option keeps its default.
  static document empty();

  section root() const;

 private:
  explicit document(std::shared_ptr<detail::section_state> root) : root_(std::move(root)) {}
  std::shared_ptr<detail::section_state> root_;
};

}  // namespace meridian::config
