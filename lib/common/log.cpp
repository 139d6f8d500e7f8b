#include "meridian/common/log.hpp"

#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace meridian::log {

namespace {

struct registry {
  std::mutex mutex;
  logging_config config;
  std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> loggers;
  std::shared_ptr<spdlog::sinks::sink> sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
};

registry& reg() {
  static registry r;
  return r;
}

spdlog::level::level_enum to_spdlog(level l) noexcept {
  switch (l) {
    case level::trace:
      return spdlog::level::trace;
    case level::debug:
      return spdlog::level::debug;
    case level::info:
      return spdlog::level::info;
    case level::warn:
      return spdlog::level::warn;
    case level::error:
      return spdlog::level::err;
    case level::critical:
      return spdlog::level::critical;
    case level::off:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

// The most specific configured prefix wins: "amf.ngap" over "amf" over the default.
level resolve(const logging_config& cfg, std::string_view name) {
  level result = cfg.default_level;
  std::size_t best = 0;
  for (const auto& [prefix, l] : cfg.levels) {
    const bool matches =
        name == prefix || (name.starts_with(prefix) && name.size() > prefix.size() && name[prefix.size()] == '.');
    if (matches && prefix.size() >= best) {
      best = prefix.size();
      result = l;
    }
  }
  return result;
}

}  // namespace

std::optional<level> parse_level(std::string_view name) noexcept {
  static constexpr std::pair<std::string_view, level> table[] = {
      {"trace", level::trace}, {"debug", level::debug},       {"info", level::info}, {"warn", level::warn},
      {"error", level::error}, {"critical", level::critical}, {"off", level::off}};
  for (const auto& [n, l] : table)
    if (n == name) return l;
  return std::nullopt;
}

std::string_view to_string(level l) noexcept {
  switch (l) {
    case level::trace:
      return "trace";
    case level::debug:
      return "debug";
    case level::info:
      return "info";
    case level::warn:
      return "warn";
    case level::error:
      return "error";
    case level::critical:
      return "critical";
    case level::off:
      return "off";
  }
  return "info";
}

std::string_view level_names() noexcept { return "trace, debug, info, warn, error, critical, off"; }

void configure(const logging_config& cfg) {
  auto& r = reg();
  std::lock_guard lock(r.mutex);
  r.config = cfg;
  for (auto& [name, logger] : r.loggers) logger->set_level(to_spdlog(resolve(cfg, name)));
}

std::shared_ptr<spdlog::logger> get(std::string_view name) {
  auto& r = reg();
  std::lock_guard lock(r.mutex);
  if (auto it = r.loggers.find(name); it != r.loggers.end()) return it->second;
  auto logger = std::make_shared<spdlog::logger>(std::string(name), r.sink);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ [%n] %v");
  logger->set_level(to_spdlog(resolve(r.config, name)));
  r.loggers.emplace(std::string(name), logger);
  return logger;
}

level effective_level(std::string_view name) {
  auto& r = reg();
  std::lock_guard lock(r.mutex);
  return resolve(r.config, name);
}

}  // namespace meridian::log
