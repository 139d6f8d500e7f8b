#pragma once
// Time is injected: protocol code asks a clock, never the system, so tests move
// time by hand (T3512 expiry, heartbeat loss, Time To Wait) without sleeping.

#include <chrono>

namespace meridian {

class clock {
 public:
  using duration = std::chrono::nanoseconds;
  /// Monotonic time, for timers and intervals.
  using time_point = std::chrono::time_point<std::chrono::steady_clock, duration>;
  /// Wall-clock time, for timestamps that leave the process (pcap, PFCP Recovery Time Stamp).
  using wall_time = std::chrono::time_point<std::chrono::system_clock, duration>;

  virtual ~clock() = default;
  virtual time_point now() const noexcept = 0;
  virtual wall_time wall_now() const noexcept = 0;
};

/// The real clocks of the machine.
class system_clock_source final : public clock {
 public:
  time_point now() const noexcept override {
    return std::chrono::time_point_cast<duration>(std::chrono::steady_clock::now());
  }
  wall_time wall_now() const noexcept override {
    return std::chrono::time_point_cast<duration>(std::chrono::system_clock::now());
  }
};

/// A clock that moves only when a test says so. Monotonic and wall time advance together.
class manual_clock final : public clock {
 public:
  explicit manual_clock(wall_time wall_start = wall_time(std::chrono::seconds(1'700'000'000))) noexcept
      : wall_(wall_start) {}

  time_point now() const noexcept override { return now_; }
  wall_time wall_now() const noexcept override { return wall_; }

  void advance(duration d) noexcept {
    now_ += d;
    wall_ += d;
  }

 private:
  time_point now_{};
  wall_time wall_;
};

}  // namespace meridian
