#pragma once
// Named loggers on spdlog, one per function and layer ("amf.ngap", "upf.pfcp").
// Levels come from configuration and the command line. Never log K, OPc or any
// key derived from them; log a SUPI only at debug level.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/logger.h>

namespace meridian::log {

enum class level { trace, debug, info, warn, error, critical, off };

std::optional<level> parse_level(std::string_view name) noexcept;
std::string_view to_string(level l) noexcept;
/// "trace, debug, info, warn, error, critical, off" — for error messages.
std::string_view level_names() noexcept;

struct logging_config {
  level default_level = level::info;
  /// Per-logger overrides: {"amf.ngap": debug}. A name also covers its children
  /// ("amf" covers "amf.ngap") unless a longer name is given.
  std::map<std::string, level, std::less<>> levels;
};

/// Applies `cfg` to every existing logger and to those created later.
void configure(const logging_config& cfg);

/// The logger called `name`, created on first use; all loggers write to stderr.
std::shared_ptr<spdlog::logger> get(std::string_view name);

/// The level `name` gets under the current configuration.
level effective_level(std::string_view name);

}  // namespace meridian::log

namespace meridian::config {
class section;
}

namespace meridian::log {
/// Reads a `logging:` section — `level: info` and `levels: {amf.ngap: debug}` —
/// over the defaults in `cfg`; bad level names raise config_error.
void read_config(config::section s, logging_config& cfg);
}  // namespace meridian::log
