#include <fmt/format.h>

#include "meridian/common/config.hpp"
#include "meridian/common/log.hpp"

namespace meridian::log {

void read_config(config::section s, logging_config& cfg) {
  std::string level_name(to_string(cfg.default_level));
  s.read("level", level_name);
  if (auto l = parse_level(level_name))
    cfg.default_level = *l;
  else
    s.fail("level", fmt::format("'{}' is not a log level (one of: {})", level_name, level_names()));

  std::map<std::string, std::string, std::less<>> per_logger;
  s.read("levels", per_logger);
  for (const auto& [name, value] : per_logger) {
    auto l = parse_level(value);
    if (!l)
      s.fail("levels", fmt::format("'{}' for logger '{}' is not a log level (one of: {})", value, name, level_names()));
    cfg.levels[name] = *l;
  }
  s.finish();
}

}  // namespace meridian::log
