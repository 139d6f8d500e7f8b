// Reading the `gnb:` configuration section.

#include "meridian/gnb/gnb_config.hpp"

#include <fmt/format.h>

#include "meridian/common/config.hpp"
#include "meridian/n2/n2_config.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::gnb {

void read_gnb_config(config::section s, gnb_config& cfg) {
  n2::read_plmn(s, "plmn", cfg.identity.plmn);
  cfg.identity.length_bits = static_cast<std::uint8_t>(s.read_integer("id_length", 22, 32, cfg.identity.length_bits));
  const auto max_id = (std::int64_t{1} << cfg.identity.length_bits) - 1;
  cfg.identity.id = static_cast<std::uint32_t>(s.read_integer("id", 0, max_id, cfg.identity.id));
  s.read("name", cfg.name).read("local_address", cfg.local_address);
  if (cfg.name.empty() || cfg.name.size() > 150) s.fail("name", "a RAN node name has 1..150 characters");
  if (!n2::is_printable_string(cfg.name))
    s.fail("name", "a RAN node name is a PrintableString: letters, digits, space and ' ( ) + , - . / : = ? only");
  cfg.tac = static_cast<std::uint32_t>(s.read_integer("tac", 0, 0xFFFFFF, cfg.tac));
  n2::read_slices(s, "slices", cfg.slices);
  cfg.count = static_cast<std::uint32_t>(s.read_integer("count", 1, 100000, cfg.count));
  if (cfg.identity.id + std::int64_t{cfg.count} - 1 > max_id)
    s.fail("count", fmt::format("{} gNBs from id {} overflow a {}-bit gNB ID", cfg.count, cfg.identity.id,
                                cfg.identity.length_bits));
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
