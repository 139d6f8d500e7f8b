#pragma once
// Reading the N2 identities from YAML, shared by the `amf:` and `gnb:` sections:
//   plmn: "001/01"
//   slices: [{sst: 1}, {sst: 1, sd: "010203"}]
// Bad values raise config::config_error naming the file, line and key.

#include <string_view>
#include <vector>

#include "meridian/n2/n2_types.hpp"

namespace meridian::config {
class section;
}

namespace meridian::n2 {

/// `key: "MCC/MNC"` over the default in `out`.
void read_plmn(config::section& s, std::string_view key, model::plmn& out);
/// `key: [{sst: N, sd: "hex6"}...]` over the default in `out` (an absent key or an empty list keeps it).
void read_slices(config::section& s, std::string_view key, std::vector<model::s_nssai>& out);

}  // namespace meridian::n2
