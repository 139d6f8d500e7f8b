// The `amf: nas:` section: the 5GMM layer's timers, algorithm priority lists
// and options (mm_config in include/meridian/amf/mm.hpp).

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "meridian/amf/mm.hpp"

namespace meridian::amf {

namespace {

/// "NIA2" / "nia2" → 2 for prefix "nia"; nothing otherwise.
std::optional<unsigned> algorithm_number(std::string text, std::string_view prefix) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  if (text.size() != prefix.size() + 1 || !text.starts_with(prefix)) return std::nullopt;
  const char d = text.back();
  if (d < '0' || d > '3') return std::nullopt;
  return static_cast<unsigned>(d - '0');
}

std::chrono::milliseconds read_timer(config::section& s, std::string_view key, std::chrono::milliseconds d) {
  return std::chrono::milliseconds(s.read_integer(key, 100, 600'000, d.count()));
}

}  // namespace

void read_mm_config(config::section s, mm_config& cfg) {
  s.read("serving_network_name", cfg.serving_network_name).read("nf_instance_id", cfg.nf_instance_id);
  s.read("request_imeisv", cfg.request_imeisv);
  cfg.t3550 = read_timer(s, "t3550_ms", cfg.t3550);
  cfg.t3560 = read_timer(s, "t3560_ms", cfg.t3560);
  cfg.t3570 = read_timer(s, "t3570_ms", cfg.t3570);
  cfg.t3522 = read_timer(s, "t3522_ms", cfg.t3522);
  cfg.t3513 = read_timer(s, "t3513_ms", cfg.t3513);
  cfg.t3555 = read_timer(s, "t3555_ms", cfg.t3555);
  cfg.paging_attempts = static_cast<int>(s.read_integer("paging_attempts", 1, 16, cfg.paging_attempts));
  cfg.mobile_reachable_margin = std::chrono::seconds(
      s.read_integer("mobile_reachable_margin_s", 0, 24 * 3600, cfg.mobile_reachable_margin.count()));
  cfg.implicit_deregistration = std::chrono::seconds(
      s.read_integer("implicit_deregistration_s", 0, 24 * 3600, cfg.implicit_deregistration.count()));
  // 0 deactivates the periodic registration timer (TS 24.008 §10.5.7.4a); at most 31 x 320 h.
  cfg.t3512 = std::chrono::seconds(s.read_integer("t3512_s", 0, 31LL * 320 * 3600, cfg.t3512.count()));

  std::vector<std::string> names;
  s.read("integrity", names);
  if (!names.empty()) {
    cfg.integrity_order.clear();
    for (const auto& n : names) {
      const auto a = algorithm_number(n, "nia");
      // TS 33.501 §5.5.2: NIA0 only for unauthenticated emergency sessions, which this AMF does not serve.
      if (!a || *a == 0) s.fail("integrity", fmt::format("'{}' is not one of NIA1, NIA2, NIA3", n));
      cfg.integrity_order.push_back(static_cast<crypto::nia>(*a));
    }
  }
  names.clear();
  s.read("ciphering", names);
  if (!names.empty()) {
    cfg.ciphering_order.clear();
    for (const auto& n : names) {
      const auto a = algorithm_number(n, "nea");
      if (!a) s.fail("ciphering", fmt::format("'{}' is not one of NEA0, NEA1, NEA2, NEA3", n));
      cfg.ciphering_order.push_back(static_cast<crypto::nea>(*a));
    }
  }
  s.finish();
}

}  // namespace meridian::amf
