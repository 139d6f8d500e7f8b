#pragma once
// The CSV form of subscribers (subscriber_files.hpp): one header line naming
// the columns (any order, unknown ones refused), then one row per subscriber.
// Lists inside a field are separated by ';'.

#include <expected>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/subscriber_admin/admin_config.hpp"

namespace meridian::subscriber_admin::csv {

std::expected<std::vector<udr::subscriber>, std::string> import(std::string_view text, std::string_view name,
                                                                const subscriber_defaults& d);

void write_header(std::ostream& out, bool with_keys);
/// The row, or why CSV cannot carry this subscriber.
std::expected<std::string, std::string> row(const udr::subscriber& s, bool with_keys, const subscriber_defaults& d);

}  // namespace meridian::subscriber_admin::csv
