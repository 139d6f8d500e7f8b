#pragma once
// Configuration of the AMF's N2 side (`amf:` section). Every option has a
// default, so `meridian amf` starts with no file: AMF "meridian-amf" on
// 127.0.0.1:38412 serving PLMN 001/01 with slice SST 1.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "meridian/n2/n2_types.hpp"
#include "meridian/ngap/ngap_ies.hpp"

namespace meridian::config {
class section;
}

namespace meridian::amf {

struct amf_config {
  /// TS 38.413 §9.3.3.21 AMF Name.
  std::string name = "meridian-amf";
  /// Where N2 listens.
  std::string ngap_address = "127.0.0.1";
  std::uint16_t ngap_port = 38412;
  /// TS 38.413 §9.3.1.10 Relative AMF Capacity (0..255).
  std::uint8_t relative_capacity = 255;
  /// TS 38.413 §9.3.3.3: the GUAMIs this AMF serves.
  std::vector<model::guami> served_guamis{model::guami{}};
  /// TS 38.413 §9.2.6.2 PLMN Support List: PLMNs and the slices served in each.
  std::vector<n2::plmn_slices> plmn_support{n2::plmn_slices{}};
  /// Time To Wait sent with NG Setup Failure and RAN Configuration Update Failure.
  ngap::time_to_wait time_to_wait = ngap::time_to_wait::v10s;
};

/// Reads an `amf:` section over the defaults in `cfg`; raises config::config_error.
void read_amf_config(config::section s, amf_config& cfg);

}  // namespace meridian::amf
