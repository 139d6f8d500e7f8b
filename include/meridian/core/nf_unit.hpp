#pragma once
// The one path from configuration to a running network function, the same
// for every NF (the shape of srsRAN Project's unit factories):
//
//   YAML sections of the NF ──config::section (strict: an unknown key, a bad
//   type or range is a config_error naming file, line and key)──► the NF's
//   own config struct (a working default for every option, so no file is
//   needed) ──<nf>_node::create()──► the running NF, wired in process.
//
// A unit is a small struct that names the NF's configuration and reads its
// sections of the document; its node (upf_node, amf_node, gnb_node) builds
// and runs the NF from that configuration. `meridian <nf>` reads the
// configuration through the unit, applies its command-line overrides to the
// struct and creates the node; `meridian core` will do the same for several.

#include <concepts>
#include <string_view>

#include "meridian/common/config.hpp"

namespace meridian::core {

template <class Unit>
concept nf_unit = requires(config::section& root, typename Unit::config_type& cfg) {
  { Unit::name } -> std::convertible_to<std::string_view>;
  Unit::read_config(root, cfg);
};

/// Reads `Unit`'s sections of `doc` over the defaults and rejects every
/// top-level key the unit did not read: the whole document belongs to this NF.
template <nf_unit Unit>
typename Unit::config_type load_config(const config::document& doc) {
  typename Unit::config_type cfg{};
  auto root = doc.root();
  Unit::read_config(root, cfg);
  root.finish();
  return cfg;
}

}  // namespace meridian::core
