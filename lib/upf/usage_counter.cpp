// URR volume measurement and threshold detection; see usage_counter.hpp.

#include "meridian/upf/usage_counter.hpp"

namespace meridian::upf {

bool usage_counter::over_threshold() const noexcept {
  const auto& t = threshold_;
  return (t.total_ && measured_.total_octets_ >= *t.total_) || (t.uplink_ && measured_.uplink_octets_ >= *t.uplink_) ||
         (t.downlink_ && measured_.downlink_octets_ >= *t.downlink_);
}

bool usage_counter::add(direction dir, std::size_t octets) noexcept {
  const auto n = static_cast<std::uint64_t>(octets);
  measured_.total_octets_ += n;
  ++measured_.total_packets_;
  if (dir == direction::uplink) {
    measured_.uplink_octets_ += n;
    ++measured_.uplink_packets_;
  } else {
    measured_.downlink_octets_ += n;
    ++measured_.downlink_packets_;
  }
  if (reached_ || !over_threshold()) return false;
  reached_ = true;
  return true;
}

volume_measurement usage_counter::take_report() noexcept {
  const volume_measurement m = measured_;
  measured_ = {};
  reached_ = false;
  return m;
}

void usage_counter::set_threshold(const volume_threshold& t) noexcept {
  threshold_ = t;
  // A lowered threshold already exceeded fires on the next packet.
  if (!over_threshold()) reached_ = false;
}

}  // namespace meridian::upf
