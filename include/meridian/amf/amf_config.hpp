#pragma once
// Configuration of the AMF's N2 side (`amf:` section). Every option has a
// default, so `meridian amf` starts with no file: AMF "meridian-amf" on
// 127.0.0.1:38412 serving PLMN 001/01 with slice SST 1 in tracking area TAC 1
// (what `meridian gnb` announces by default).

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "meridian/model/plmn.hpp"
#include "meridian/model/tai.hpp"
#include "meridian/n2/n2_types.hpp"
#include "meridian/ngap/ngap_ies.hpp"

namespace meridian::config {
class section;
}

namespace meridian::amf {

/// TS 23.003 §19.4.2.3: the tracking areas (TAI = PLMN + TAC) this AMF serves in one PLMN.
struct served_tais {
  model::plmn plmn;
  /// TS 38.413 §9.3.3.10 TAC (24 bits).
  std::vector<model::tac> tacs{model::tac::literal(1)};
  bool operator==(const served_tais&) const = default;
};

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
  /// The TAI list: a gNB is set up only when one of its Supported TAs is
  /// served here (and its PLMN is in plmn_support). An empty list serves
  /// nothing unless accept_any_tac says otherwise.
  std::vector<served_tais> tais{served_tais{}};
  /// Serve every TAC of the supported PLMNs (lab use); must be asked for explicitly.
  bool accept_any_tac = false;
  /// Time To Wait sent with NG Setup Failure and RAN Configuration Update Failure.
  ngap::time_to_wait time_to_wait = ngap::time_to_wait::v10s;
  /// How long a procedure the AMF starts (NG Reset, AMF Configuration Update)
  /// waits for the gNB's answer.
  std::chrono::milliseconds response_timeout{5000};
};

/// Reads an `amf:` section over the defaults in `cfg`; raises config::config_error.
void read_amf_config(config::section s, amf_config& cfg);

struct mm_config;
/// The same, with its `nas:` section (the 5GMM layer's options, mm.hpp) read into `nas`.
void read_amf_config(config::section s, amf_config& cfg, mm_config& nas);

/// Serves exactly `plmns` (each with the default slice and a GUAMI with the
/// AMF Identifier the first GUAMI had), and makes the TAI list those PLMNs
/// with the TACs the list had, so `meridian amf --plmn X` accepts a gNB of
/// PLMN X with the usual TACs. Keeps accept_any_tac as it is.
void serve_plmns(amf_config& cfg, const std::vector<model::plmn>& plmns);

}  // namespace meridian::amf
