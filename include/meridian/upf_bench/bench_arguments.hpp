#pragma once
// `meridian bench upf`'s options as the user typed them (comma lists, numbers)
// and the benchmark's options they make: --quick first, then each option
// given replaces its part. A bad value is one line naming the option.

#include <cstddef>
#include <expected>
#include <string>

#include "meridian/upf_bench/runner.hpp"

namespace meridian::upf_bench {

/// Empty text and zero numbers keep the default (or --quick's value).
struct bench_arguments {
  bool quick_ = false;
  std::string forwarders_;  ///< relay-mmsg, relay-gro, upf
  std::string directions_;  ///< ul, dl, both
  std::string sizes_;       ///< inner IPv4 packet sizes, min_inner_size..max_inner_size
  std::string sessions_;    ///< 1..1000000
  double trial_ms_ = 0;
  std::size_t max_trials_ = 0;
  double mbr_mbps_ = 0;
  std::size_t packets_per_flow_ = 0;
  bool no_pin_ = false;
  bool external_upf_ = false;
  bool no_interface_types_ = false;
};

/// The benchmark's options; meridian_binary_ and instructions_ stay the caller's to set.
std::expected<bench_options, std::string> bench_options_from(const bench_arguments& a);

}  // namespace meridian::upf_bench
