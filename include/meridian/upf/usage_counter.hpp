#pragma once
// Volume measurement for one URR (TS 29.244 §5.2.2): octets and packets per
// direction since the last usage report, and detection of the moment the
// measured volume reaches the Volume Threshold (§5.2.2.2.1), which makes the
// UPF send a Session Report Request. The crossing is reported once; the
// counters restart when the report is taken, as §5.2.2.3 requires.

#include <cstddef>
#include <cstdint>

#include "meridian/upf/ids.hpp"
#include "meridian/upf/rules.hpp"

namespace meridian::upf {

/// TS 29.244 §8.2.44 Volume Measurement, plus packet counts.
struct volume_measurement {
  std::uint64_t total_octets_ = 0;
  std::uint64_t uplink_octets_ = 0;
  std::uint64_t downlink_octets_ = 0;
  std::uint64_t total_packets_ = 0;
  std::uint64_t uplink_packets_ = 0;
  std::uint64_t downlink_packets_ = 0;
  bool operator==(const volume_measurement&) const = default;
};

class usage_counter {
 public:
  usage_counter() = default;
  explicit usage_counter(urr_id id, const volume_threshold& threshold) noexcept : id_(id), threshold_(threshold) {}

  /// Counts one packet. True exactly when this packet makes the measurement
  /// reach a threshold that had not been reached since the last report.
  bool add(direction dir, std::size_t octets) noexcept;

  /// The measurement since the last report; counting restarts from zero and
  /// the threshold is armed again.
  volume_measurement take_report() noexcept;

  const volume_measurement& measured() const noexcept { return measured_; }
  bool threshold_reached() const noexcept { return reached_; }
  urr_id id() const noexcept { return id_; }
  /// A new threshold from a Session Modification, keeping what was measured.
  void set_threshold(const volume_threshold& t) noexcept;

 private:
  bool over_threshold() const noexcept;

  urr_id id_{};
  volume_threshold threshold_{};
  volume_measurement measured_{};
  bool reached_ = false;
};

}  // namespace meridian::upf
