// Reading the `gnb:` configuration section.

#include "meridian/gnb/gnb_config.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "meridian/common/config.hpp"
#include "meridian/n2/n2_config.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::gnb {

void read_gnb_config(config::section s, gnb_config& cfg) {
  model::plmn plmn = cfg.identity.plmn_id();
  n2::read_plmn(s, "plmn", plmn);
  const auto length_bits = static_cast<unsigned>(s.read_integer("id_length", 22, 32, cfg.identity.length_bits()));
  const auto max_id = (std::int64_t{1} << length_bits) - 1;
  const auto id = s.read_integer("id", 0, max_id, std::min<std::int64_t>(cfg.identity.gnb_id(), max_id));
  // The ranges read above are the ones global_gnb_id::from checks, so it has a value.
  cfg.identity = *model::global_gnb_id::from(plmn, static_cast<std::uint32_t>(id), length_bits);
  s.read("name", cfg.name).read("local_address", cfg.local_address);
  if (cfg.name.empty() || cfg.name.size() > 150) s.fail("name", "a RAN node name has 1..150 characters");
  if (!n2::is_printable_string(cfg.name))
    s.fail("name", "a RAN node name is a PrintableString: letters, digits, space and ' ( ) + , - . / : = ? only");
  cfg.tac = *model::tac::from(s.read_integer("tac", 0, model::tac::max_value, cfg.tac.value()));
  n2::read_slices(s, "slices", cfg.slices);
  cfg.count = static_cast<std::uint32_t>(s.read_integer("count", 1, 100000, cfg.count));
  if (cfg.identity.gnb_id() + std::int64_t{cfg.count} - 1 > max_id)
    s.fail("count", fmt::format("{} gNBs from id {} overflow a {}-bit gNB ID", cfg.count, cfg.identity.gnb_id(),
                                cfg.identity.length_bits()));
  cfg.retry_initial =
      std::chrono::milliseconds(s.read_integer("retry_initial_ms", 1, 3'600'000, cfg.retry_initial.count()));
  cfg.retry_max = std::chrono::milliseconds(s.read_integer("retry_max_ms", 1, 3'600'000, cfg.retry_max.count()));
  if (cfg.retry_max < cfg.retry_initial) s.fail("retry_max_ms", "must not be shorter than retry_initial_ms");
  cfg.setup_response_timeout = std::chrono::milliseconds(
      s.read_integer("setup_response_timeout_ms", 1, 3'600'000, cfg.setup_response_timeout.count()));
  if (auto items = s.children("amfs"); !items.empty()) {
    cfg.amfs.clear();
    for (auto& item : items) {
      amf_address a;
      item.read("address", a.address).read("port", a.port);
      item.finish();
      cfg.amfs.push_back(a);
    }
  }
  s.finish();
}

}  // namespace meridian::gnb
