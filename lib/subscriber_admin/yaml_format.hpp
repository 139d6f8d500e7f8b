#pragma once
// The YAML form of subscribers (subscriber_files.hpp): a mapping with one key,
// `subscribers`, holding a sequence of subscriber mappings; every field but
// supi, k and opc/op is optional and defaults from the configuration.

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/subscriber_admin/admin_config.hpp"

namespace meridian::subscriber_admin::yaml {

std::expected<std::vector<udr::subscriber>, std::string> import(std::string_view text, std::string_view name,
                                                                const subscriber_defaults& d);

/// The subscriber's YAML mapping, each line prefixed by `first` (the first
/// line) or `rest` (the others), keys only with `with_keys`.
std::string mapping(const udr::subscriber& s, bool with_keys, std::string_view first, std::string_view rest);

}  // namespace meridian::subscriber_admin::yaml
