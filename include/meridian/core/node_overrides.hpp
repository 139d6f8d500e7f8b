#pragma once
// What `meridian amf`, `gnb` and `upf` take on the command line to override
// their configuration (nf_unit.hpp: configuration first, then these), as the
// user typed it, and how each changes the NF's config struct. An empty string
// or a negative number keeps the configuration's value. A bad value is one
// line naming the option, checked in the order the options are applied.

#include <expected>
#include <string>
#include <vector>

#include "meridian/core/amf_node.hpp"
#include "meridian/core/gnb_node.hpp"
#include "meridian/core/upf_node.hpp"
#include "meridian/transport/sctp_config.hpp"

namespace meridian::core {

/// The `sctp:` section: --sctp-encapsulation, --udp-encapsulation-port,
/// --remote-udp-encapsulation-port.
struct sctp_overrides {
  std::string encapsulation_;  ///< "none" or "udp"; udp also picks usrsctp when the backend is automatic
  int udp_port_ = -1;
  int remote_udp_port_ = -1;
};

struct amf_overrides {
  std::string ngap_address_;
  int ngap_port_ = -1;
  std::vector<std::string> plmns_;  ///< MCC/MNC each, slice SST 1; replace amf.plmns
  int time_to_wait_ = -1;           ///< seconds: 1, 2, 5, 10, 20 or 60
  std::string db_;                  ///< the subscriber store (udr.db)
  sctp_overrides sctp_;
};

struct gnb_overrides {
  std::vector<std::string> amfs_;  ///< ADDRESS[:PORT] or [IPv6]:PORT each; replace gnb.amfs
  std::string local_address_;
  std::string plmn_;
  std::string gnb_id_;  ///< decimal or 0x hex, within the gNB ID's length
  int tac_ = -1;
  int count_ = -1;
  int amf_port_ = -1;  ///< the AMFs' port when an --amf gives none (or for every configured AMF)
  sctp_overrides sctp_;
};

struct upf_overrides {
  std::string n3_address_;
  int n3_port_ = -1;
  std::string n4_address_;
  int n4_port_ = -1;
  std::string tun_name_;
  std::string tun_address_;  ///< a.b.c.d/len
  int workers_ = -1;
  std::vector<std::string> smfs_;  ///< IPv4 addresses of SMFs to associate with (port 8805)
};

std::expected<void, std::string> apply_overrides(const sctp_overrides& o, transport::sctp_config& cfg);
std::expected<void, std::string> apply_overrides(const amf_overrides& o, amf_node_config& cfg);
std::expected<void, std::string> apply_overrides(const gnb_overrides& o, gnb_node_config& cfg);
std::expected<void, std::string> apply_overrides(const upf_overrides& o, upf_node_config& cfg);

}  // namespace meridian::core
