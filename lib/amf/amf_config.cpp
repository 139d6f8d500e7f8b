// Reading the `amf:` configuration section.

#include "meridian/amf/amf_config.hpp"

#include "meridian/amf/mm.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "meridian/common/config.hpp"
#include "meridian/n2/n2_config.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

namespace {

std::optional<model::tac> parse_tac(std::string_view text) {
  int base = 10;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
    base = 16;
  }
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value > 0xFFFFFF) return std::nullopt;
  return model::tac::from(value);
}

}  // namespace

void read_amf_config(config::section s, amf_config& cfg, mm_config& nas) {
  read_mm_config(s.child("nas"), nas);
  read_amf_config(std::move(s), cfg);
}

void read_amf_config(config::section s, amf_config& cfg) {
  s.read("name", cfg.name).read("ngap_address", cfg.ngap_address).read("ngap_port", cfg.ngap_port);
  if (cfg.name.empty() || cfg.name.size() > 150) s.fail("name", "an AMF name has 1..150 characters");
  if (!n2::is_printable_string(cfg.name))
    s.fail("name", "an AMF name is a PrintableString: letters, digits, space and ' ( ) + , - . / : = ? only");
  cfg.relative_capacity = static_cast<std::uint8_t>(s.read_integer("relative_capacity", 0, 255, cfg.relative_capacity));
  const auto ttw = s.read_integer("time_to_wait_s", 1, 60, n2::to_duration(cfg.time_to_wait).count());
  cfg.time_to_wait = n2::time_to_wait_at_least(std::chrono::seconds(ttw));
  if (n2::to_duration(cfg.time_to_wait).count() != ttw)
    s.fail("time_to_wait_s", fmt::format("{} is not a Time To Wait (1, 2, 5, 10, 20 or 60)", ttw));

  if (auto items = s.children("guamis"); !items.empty()) {
    cfg.served_guamis.clear();
    for (auto& item : items) {
      model::guami g;
      auto& id = g.amf_id_;
      n2::read_plmn(item, "plmn", g.plmn_);
      // The ranges read here are the model types' own, so from() always has a value.
      id.region_ = *model::amf_region_id::from(
          item.read_integer("region", 0, model::amf_region_id::max_value, id.region_.value()));
      id.set_ = *model::amf_set_id::from(item.read_integer("set", 0, model::amf_set_id::max_value, id.set_.value()));
      id.pointer_ =
          *model::amf_pointer::from(item.read_integer("pointer", 0, model::amf_pointer::max_value, id.pointer_.value()));
      item.finish();
      cfg.served_guamis.push_back(g);
    }
  }
  if (auto items = s.children("plmns"); !items.empty()) {
    cfg.plmn_support.clear();
    for (auto& item : items) {
      n2::plmn_slices p;
      n2::read_plmn(item, "plmn", p.plmn);
      n2::read_slices(item, "slices", p.slices);
      item.finish();
      cfg.plmn_support.push_back(p);
    }
  }
  auto tai_items = s.children("tais");
  for (std::size_t i = 0; i < tai_items.size(); ++i) {
    auto& item = tai_items[i];
    if (i == 0) cfg.tais.clear();
    served_tais t;
    n2::read_plmn(item, "plmn", t.plmn);
    std::vector<std::string> tacs;
    item.read("tacs", tacs);
    if (tacs.empty()) item.fail("tacs", "a TAI list entry needs at least one TAC");
    t.tacs.clear();
    for (const auto& text : tacs) {
      const auto tac = parse_tac(text);
      if (!tac) item.fail("tacs", fmt::format("'{}' is not a TAC (0..16777215, decimal or 0x hex)", text));
      t.tacs.push_back(*tac);
    }
    item.finish();
    cfg.tais.push_back(std::move(t));
  }
  s.read("accept_any_tac", cfg.accept_any_tac);
  cfg.response_timeout =
      std::chrono::milliseconds(s.read_integer("response_timeout_ms", 1, 3'600'000, cfg.response_timeout.count()));
  if (cfg.accept_any_tac) {
    // Two ways of saying which TAs are served would leave one of them silently unused.
    if (!tai_items.empty()) s.fail("accept_any_tac", "accept_any_tac: true serves every TAC; remove the tais list");
    cfg.tais.clear();
  }
  s.finish();
}

void serve_plmns(amf_config& cfg, const std::vector<model::plmn>& plmns) {
  std::vector<model::tac> tacs;
  for (const auto& t : cfg.tais)
    for (const auto tac : t.tacs)
      if (std::find(tacs.begin(), tacs.end(), tac) == tacs.end()) tacs.push_back(tac);
  if (tacs.empty()) tacs.push_back(model::tac::literal(1));
  // A GUAMI is a PLMN's (TS 23.003 §2.10.1): the AMF's identifier in each served PLMN.
  const model::amf_identifier amf_id = cfg.served_guamis.empty() ? model::guami{}.amf_id_ : cfg.served_guamis.front().amf_id_;
  cfg.served_guamis.clear();
  cfg.plmn_support.clear();
  if (!cfg.accept_any_tac) cfg.tais.clear();
  for (const auto& p : plmns) {
    cfg.served_guamis.push_back(model::guami{p, amf_id});
    cfg.plmn_support.push_back(n2::plmn_slices{p});
    if (!cfg.accept_any_tac) cfg.tais.push_back(served_tais{p, tacs});
  }
}

}  // namespace meridian::amf
