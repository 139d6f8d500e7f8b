#include "meridian/core/node_overrides.hpp"

#include <fmt/format.h>

#include "meridian/amf/amf_config.hpp"
#include "meridian/common/text_arguments.hpp"
#include "meridian/model/global_gnb_id.hpp"
#include "meridian/model/plmn.hpp"
#include "meridian/model/tai.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "meridian/upf/ids.hpp"

namespace meridian::core {

namespace {

using failure = std::unexpected<std::string>;

// "ADDR" or "ADDR:PORT" (IPv4), "[ADDR]:PORT" (IPv6).
std::expected<gnb::amf_address, std::string> parse_amf(const std::string& text, int default_port) {
  gnb::amf_address a;
  a.port = static_cast<std::uint16_t>(default_port >= 0 ? default_port : 38412);
  std::string host = text;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos) return failure(fmt::format("--amf: '{}' is not ADDRESS[:PORT]", text));
    host = text.substr(1, close - 1);
    if (close + 1 < text.size() && text[close + 1] == ':') port = text.substr(close + 2);
  } else if (const auto colon = text.find(':');
             colon != std::string::npos && text.find(':', colon + 1) == std::string::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (!port.empty()) {
    auto p = parse_number_argument("--amf", port, 65535);
    if (!p) return failure(p.error());
    a.port = static_cast<std::uint16_t>(*p);
  }
  a.address = host;
  return a;
}

std::expected<model::plmn, std::string> parse_plmn(const std::string& text) {
  auto p = model::plmn::parse(text);
  if (!p) return failure(fmt::format("--plmn: '{}' is not a PLMN (MCC/MNC)", text));
  return *p;
}

std::expected<std::array<std::uint8_t, 4>, std::string> parse_address(std::string_view option,
                                                                      const std::string& text) {
  const auto a = upf::parse_ipv4(text);
  if (!a) return failure(fmt::format("{}: '{}' is not an IPv4 address", option, text));
  return upf::ipv4_octets(*a);
}

}  // namespace

std::expected<void, std::string> apply_overrides(const sctp_overrides& o, transport::sctp_config& cfg) {
  if (!o.encapsulation_.empty()) {
    auto e = transport::parse_sctp_encapsulation(o.encapsulation_);
    if (!e) return failure(fmt::format("--sctp-encapsulation: '{}' is not one of: none, udp", o.encapsulation_));
    cfg.encapsulation = *e;
    if (*e == transport::sctp_encapsulation::udp && cfg.backend == transport::sctp_backend_kind::automatic)
      cfg.backend = transport::sctp_backend_kind::usrsctp;
  }
  if (o.udp_port_ > 0) cfg.udp_encapsulation_port = static_cast<std::uint16_t>(o.udp_port_);
  if (o.remote_udp_port_ > 0) cfg.remote_udp_encapsulation_port = static_cast<std::uint16_t>(o.remote_udp_port_);
  return {};
}

std::expected<void, std::string> apply_overrides(const amf_overrides& o, amf_node_config& cfg) {
  auto& amf = cfg.amf_;
  if (!o.ngap_address_.empty()) amf.ngap_address = o.ngap_address_;
  if (o.ngap_port_ >= 0) amf.ngap_port = static_cast<std::uint16_t>(o.ngap_port_);
  if (!o.plmns_.empty()) {
    std::vector<model::plmn> plmns;
    for (const auto& text : o.plmns_) {
      auto p = parse_plmn(text);
      if (!p) return failure(p.error());
      plmns.push_back(*p);
    }
    amf::serve_plmns(amf, plmns);
  }
  if (o.time_to_wait_ >= 0) {
    amf.time_to_wait = n2::time_to_wait_at_least(std::chrono::seconds(o.time_to_wait_));
    if (n2::to_duration(amf.time_to_wait).count() != o.time_to_wait_)
      return failure("--time-to-wait: one of 1, 2, 5, 10, 20, 60");
  }
  if (!o.db_.empty()) cfg.home_.db_ = o.db_;
  return apply_overrides(o.sctp_, cfg.sctp_);
}

std::expected<void, std::string> apply_overrides(const gnb_overrides& o, gnb_node_config& cfg) {
  auto& g = cfg.gnb_;
  if (!o.amfs_.empty()) {
    g.amfs.clear();
    for (const auto& text : o.amfs_) {
      auto a = parse_amf(text, o.amf_port_);
      if (!a) return failure(a.error());
      g.amfs.push_back(*a);
    }
  } else if (o.amf_port_ >= 0) {
    for (auto& a : g.amfs) a.port = static_cast<std::uint16_t>(o.amf_port_);
  }
  if (!o.local_address_.empty()) g.local_address = o.local_address_;
  if (!o.plmn_.empty()) {
    auto p = parse_plmn(o.plmn_);
    if (!p) return failure(p.error());
    g.identity = *model::global_gnb_id::from(*p, g.identity.gnb_id(), g.identity.length_bits());
  }
  const unsigned id_bits = g.identity.length_bits();
  if (!o.gnb_id_.empty()) {
    auto id = parse_number_argument("--gnb-id", o.gnb_id_, (std::uint64_t{1} << id_bits) - 1);
    if (!id) return failure(id.error());
    g.identity = *model::global_gnb_id::from(g.identity.plmn_id(), static_cast<std::uint32_t>(*id), id_bits);
  }
  if (o.tac_ >= 0) g.tac = *model::tac::from(static_cast<std::uint64_t>(o.tac_));
  if (o.count_ > 0) g.count = static_cast<std::uint32_t>(o.count_);
  if (std::uint64_t{g.identity.gnb_id()} + g.count - 1 >= (std::uint64_t{1} << id_bits))
    return failure("--count: the gNB ids overflow the gNB ID length");
  return apply_overrides(o.sctp_, cfg.sctp_);
}

std::expected<void, std::string> apply_overrides(const upf_overrides& o, upf_node_config& cfg) {
  if (!o.tun_address_.empty()) cfg.tun_address_ = o.tun_address_;
  if (!parse_ipv4_prefix(cfg.tun_address_))
    return failure(fmt::format("--tun-address: '{}' is not an IPv4 prefix (a.b.c.d/len)", cfg.tun_address_));
  if (!o.n3_address_.empty()) {
    auto a = parse_address("--n3-address", o.n3_address_);
    if (!a) return failure(a.error());
    cfg.datapath_.n3_.bind_.address = *a;
  }
  if (o.n3_port_ >= 0) cfg.datapath_.n3_.bind_.port = static_cast<std::uint16_t>(o.n3_port_);
  if (!o.n4_address_.empty()) {
    auto a = parse_address("--n4-address", o.n4_address_);
    if (!a) return failure(a.error());
    cfg.n4_.bind_address_ = *a;
  }
  if (o.n4_port_ >= 0) cfg.n4_.port_ = static_cast<std::uint16_t>(o.n4_port_);
  for (const auto& text : o.smfs_) {
    auto a = parse_address("--smf", text);
    if (!a) return failure(a.error());
    cfg.n4_.smfs_.push_back(upf::n4_config::smf_peer{*a, 8805});
  }
  if (!o.tun_name_.empty()) cfg.datapath_.tun_->name_ = o.tun_name_;
  if (o.workers_ > 0) cfg.datapath_.workers_ = static_cast<std::size_t>(o.workers_);
  return {};
}

}  // namespace meridian::core
