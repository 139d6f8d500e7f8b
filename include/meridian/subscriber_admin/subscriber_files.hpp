#pragma once
// Subscribers in files: CSV and YAML, for `meridian subscriber import` and
// `export` (docs/udr.md has both formats). Import validates everything first
// and reports the first problem as "<name>:<line>: <field>: <reason>"; the
// caller then stores the lot in one transaction, or nothing.
//
// YAML carries every field. CSV carries one row per subscriber with the
// common fields; sessions are the listed DNNs with the default settings, so
// export refuses a subscriber whose sessions CSV cannot express.
// K and OPc/OP are written only when asked (`with_keys`).

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/subscriber_admin/admin_config.hpp"
#include "meridian/udr/subscriber.hpp"

namespace meridian::subscriber_admin {

enum class file_format : std::uint8_t { csv, yaml };

/// "csv" / "yaml" (also "yml"), or the format a file name's extension says.
std::optional<file_format> format_named(std::string_view name) noexcept;

/// The format `format_option` names (--format) or, when it is empty, the one
/// `file`'s name says; else one line asking for --format.
std::expected<file_format, std::string> resolve_format(std::string_view format_option, std::string_view file);

/// Every subscriber in `text`; `name` stands for the file in errors.
std::expected<std::vector<udr::subscriber>, std::string> import_subscribers(file_format f, std::string_view text,
                                                                            std::string_view name,
                                                                            const subscriber_defaults& d);

/// Writes subscribers one at a time: begin(), add() each, end().
class subscriber_writer {
 public:
  subscriber_writer(file_format f, std::ostream& out, bool with_keys, const subscriber_defaults& d);
  void begin();
  /// Fails (writing nothing) for a subscriber CSV cannot carry.
  std::expected<void, std::string> add(const udr::subscriber& s);
  void end();

 private:
  file_format format_;
  std::ostream& out_;
  bool with_keys_;
  subscriber_defaults defaults_;
  std::size_t count_ = 0;
};

/// One subscriber as YAML (what `show` prints), keys only with `with_keys`.
std::string subscriber_yaml(const udr::subscriber& s, bool with_keys);

}  // namespace meridian::subscriber_admin
