// YAML readers for the N2 identities.

#include "meridian/n2/n2_config.hpp"

#include <charconv>
#include <string>

#include <fmt/format.h>

#include "meridian/common/config.hpp"

namespace meridian::n2 {

void read_plmn(config::section& s, std::string_view key, model::plmn& out) {
  std::string text = out.to_string();
  s.read(key, text);
  auto p = model::plmn::parse(text);
  if (!p) s.fail(key, fmt::format("'{}' is not a PLMN (MCC/MNC, e.g. \"001/01\")", text));
  out = *p;
}

void read_slices(config::section& s, std::string_view key, std::vector<model::s_nssai>& out) {
  auto items = s.children(key);
  if (items.empty()) return;
  std::vector<model::s_nssai> slices;
  for (auto& item : items) {
    model::s_nssai v;
    v.sst_ = static_cast<std::uint8_t>(item.read_integer("sst", 0, 255, v.sst_));
    std::string sd;
    item.read("sd", sd);
    if (!sd.empty()) {
      std::uint32_t value = 0;
      const auto [end, ec] = std::from_chars(sd.data(), sd.data() + sd.size(), value, 16);
      if (sd.size() != 6 || ec != std::errc{} || end != sd.data() + sd.size())
        item.fail("sd", fmt::format("'{}' is not a slice differentiator (6 hex digits)", sd));
      v.sd_ = model::slice_differentiator::from(value);
    }
    item.finish();
    slices.push_back(v);
  }
  out = std::move(slices);
}

}  // namespace meridian::n2
