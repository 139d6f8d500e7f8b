#include "meridian/upf_bench/bench_arguments.hpp"

#include <cerrno>
#include <cstdlib>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "meridian/upf_bench/packets.hpp"

namespace meridian::upf_bench {

namespace {

using failure = std::unexpected<std::string>;

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

// Decimal numbers in [min, max], as std::strtoull reads them.
std::expected<std::vector<std::size_t>, std::string> numbers(std::string_view option, const std::string& text,
                                                             std::size_t min, std::size_t max) {
  std::vector<std::size_t> out;
  for (const auto& item : split(text)) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(item.c_str(), &end, 10);
    const bool whole = end == item.c_str() + item.size() && errno != ERANGE;
    if (!whole || v < min || v > max)
      return failure(fmt::format("{}: '{}' is not a number in {}..{}", option, item, min, max));
    out.push_back(static_cast<std::size_t>(v));
  }
  if (out.empty()) return failure(fmt::format("{}: empty list", option));
  return out;
}

// Each item of a comma list through `parse`, or the first it refuses.
template <class T, class Parse>
std::expected<std::vector<T>, std::string> parsed_list(const std::string& text, Parse parse, std::string_view option,
                                                       std::string_view choices) {
  std::vector<T> out;
  for (const auto& item : split(text)) {
    const auto v = parse(item);
    if (!v) return failure(fmt::format("{}: '{}' is not one of {}", option, item, choices));
    out.push_back(*v);
  }
  return out;
}

}  // namespace

std::expected<bench_options, std::string> bench_options_from(const bench_arguments& a) {
  bench_options o;
  if (a.quick_) make_quick(o);
  if (!a.forwarders_.empty()) {
    auto f =
        parsed_list<forwarder_kind>(a.forwarders_, parse_forwarder_kind, "--forwarders", "relay-mmsg, relay-gro, upf");
    if (!f) return failure(f.error());
    o.forwarders_ = std::move(*f);
  }
  if (!a.directions_.empty()) {
    auto d = parsed_list<direction>(a.directions_, parse_direction, "--directions", "ul, dl, both");
    if (!d) return failure(d.error());
    o.directions_ = std::move(*d);
  }
  if (!a.sizes_.empty()) {
    auto s = numbers("--sizes", a.sizes_, min_inner_size, max_inner_size);
    if (!s) return failure(s.error());
    o.sizes_ = std::move(*s);
  }
  if (!a.sessions_.empty()) {
    auto s = numbers("--sessions", a.sessions_, 1, 1'000'000);
    if (!s) return failure(s.error());
    o.sessions_ = std::move(*s);
  }
  if (a.trial_ms_ > 0) o.trial_seconds_ = a.trial_ms_ / 1000.0;
  if (a.max_trials_ > 0) o.search_.max_trials_ = a.max_trials_;
  if (a.packets_per_flow_ > 0) o.packets_per_flow_ = a.packets_per_flow_;
  o.mbr_bps_ = a.mbr_mbps_ * 1e6;
  o.pin_ = !a.no_pin_;
  o.external_upf_ = a.external_upf_;
  o.interface_types_ = !a.no_interface_types_;
  return o;
}

}  // namespace meridian::upf_bench
