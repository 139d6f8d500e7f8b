#pragma once
// Captures what one named logger writes, so a test can assert on log lines
// (issue 13: no raw wire octets in a line, a bounded number of lines). While
// it lives, the logger writes only to the capture, at `level`; its sinks and
// level come back on destruction.

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>

#include "meridian/common/log.hpp"

namespace meridian::test {

class log_capture {
 public:
  explicit log_capture(std::string_view logger_name, spdlog::level::level_enum level = spdlog::level::trace)
      : logger_(log::get(logger_name)),
        saved_sinks_(logger_->sinks()),
        saved_level_(logger_->level()),
        sink_(std::make_shared<sink>()) {
    logger_->sinks() = {sink_};
    logger_->set_level(level);
  }
  ~log_capture() {
    logger_->sinks() = saved_sinks_;
    logger_->set_level(saved_level_);
  }
  log_capture(const log_capture&) = delete;
  log_capture& operator=(const log_capture&) = delete;

  /// Every formatted line so far (with the pattern's prefix and the newline).
  std::vector<std::string> lines() const {
    std::lock_guard lock(sink_->lines_mutex);
    return sink_->lines;
  }
  std::size_t size() const { return lines().size(); }
  /// How many lines contain `text`.
  std::size_t count(std::string_view text) const {
    const auto all = lines();
    return static_cast<std::size_t>(
        std::count_if(all.begin(), all.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; }));
  }
  /// Whether any line holds octet `c` anywhere but as its final newline.
  bool any_line_holds(char c) const {
    for (const auto& l : lines()) {
      const std::string_view body = std::string_view(l).substr(0, l.empty() || l.back() != '\n' ? l.size() : l.size() - 1);
      if (body.find(c) != std::string_view::npos) return true;
    }
    return false;
  }
  void clear() {
    std::lock_guard lock(sink_->lines_mutex);
    sink_->lines.clear();
  }

 private:
  struct sink final : spdlog::sinks::base_sink<std::mutex> {
    void sink_it_(const spdlog::details::log_msg& msg) override {
      spdlog::memory_buf_t buf;
      formatter_->format(msg, buf);
      std::lock_guard lock(lines_mutex);
      lines.emplace_back(buf.data(), buf.size());
    }
    void flush_() override {}
    mutable std::mutex lines_mutex;
    std::vector<std::string> lines;
  };

  std::shared_ptr<spdlog::logger> logger_;
  std::vector<spdlog::sink_ptr> saved_sinks_;
  spdlog::level::level_enum saved_level_;
  std::shared_ptr<sink> sink_;
};

}  // namespace meridian::test
