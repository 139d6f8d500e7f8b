#pragma once
// The `udr:` section of the configuration as `meridian subscriber` reads it:
// where the store is, and what a new subscriber gets for every field the
// command line (or an import file) leaves out.
//
//   udr:
//     db: /var/lib/meridian/subscribers.db
//     defaults:
//       auth_method: 5G_AKA          # or EAP_AKA_PRIME
//       amf: "8000"
//       ind_length: 5
//       nssai: ["1"]                 # the default S-NSSAIs
//       dnn: [internet]              # one session each, on the first default S-NSSAI
//       ue_ambr: {uplink: 1 Gbps, downlink: 1 Gbps}
//       session: {pdu_session_type: IPV4, ssc_mode: SSC_MODE_1, 5qi: 9, arp_priority: 8,
//                 ambr: {uplink: 1 Gbps, downlink: 1 Gbps}}

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "meridian/common/config.hpp"
#include "meridian/subscriber_admin/keys_file.hpp"
#include "meridian/udr/subscriber.hpp"

namespace meridian::subscriber_admin {

struct subscriber_defaults {
  udr::auth_method auth_method_ = udr::auth_method::five_g_aka;
  std::array<std::uint8_t, 2> amf_{0x80, 0x00};
  unsigned ind_length_ = 5;
  std::vector<model::s_nssai> nssai_{model::s_nssai{}};  ///< the default S-NSSAIs (SST 1)
  std::vector<std::string> dnns_{"internet"};
  sbi::ambr ue_ambr_{.uplink_ = "1 Gbps", .downlink_ = "1 Gbps"};
  /// What each session gets (its S-NSSAI, DNN and addresses are set per session).
  udr::session_config session_{};
};

struct admin_config {
  std::string db_ = "subscribers.db";
  subscriber_defaults defaults_{};
};

/// Reads the `udr:` section of `root` over `cfg` (config_error on a bad value).
void read_config(config::section& root, admin_config& cfg);

/// A subscriber with `keys` and the defaults: the default S-NSSAIs, one
/// session per default DNN on the first of them (the first DNN the default).
udr::subscriber new_subscriber(model::supi supi, const subscriber_keys& keys, const subscriber_defaults& d);

/// The session `dnn` on `snssai` with the defaults' settings.
udr::session_config default_session(const model::s_nssai& snssai, std::string dnn, bool default_dnn,
                                    const subscriber_defaults& d);

}  // namespace meridian::subscriber_admin
