#pragma once
// Configuration of the gNB's N2 side (`gnb:` section). Every option has a
// default, so `meridian gnb` starts with no file: gNB 0x000001 (22-bit id) of
// PLMN 001/01, TAC 1, slice SST 1, connecting to the AMF at 127.0.0.1:38412.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "meridian/n2/n2_types.hpp"
#include "meridian/ngap/ngap_ies.hpp"

namespace meridian::config {
class section;
}

namespace meridian::gnb {

struct amf_address {
  std::string address = "127.0.0.1";
  std::uint16_t port = 38412;
  bool operator==(const amf_address&) const = default;
};

struct gnb_config {
  /// Global gNB ID: PLMN, id and its length in bits (22..32).
  model::global_gnb_id identity;
  /// TS 38.413 §9.3.1.6 RAN Node Name.
  std::string name = "meridian-gnb";
  /// The one Tracking Area this gNB serves and the slices it supports there.
  model::tac tac = model::tac::literal(1);
  std::vector<model::s_nssai> slices{model::s_nssai{}};
  ngap::paging_drx default_paging_drx = ngap::paging_drx::v128;
  /// The AMFs to set up N2 with (one association and NG Setup each).
  std::vector<amf_address> amfs{amf_address{}};
  /// Local address to bind; empty lets the stack choose.
  std::string local_address;
  /// gNB instances run by this process, with consecutive gNB ids from identity.id (load tests).
  std::uint32_t count = 1;
  /// Back-off between attempts when no Time To Wait says otherwise: doubles from initial to max.
  std::chrono::milliseconds retry_initial{1000};
  std::chrono::milliseconds retry_max{32000};
  /// How long to wait for the answer to NG Setup Request before trying again.
  std::chrono::milliseconds setup_response_timeout{5000};
};

/// Reads a `gnb:` section over the defaults in `cfg`; raises config::config_error.
void read_gnb_config(config::section s, gnb_config& cfg);

}  // namespace meridian::gnb
