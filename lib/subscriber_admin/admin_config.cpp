#include "meridian/subscriber_admin/admin_config.hpp"

#include <fmt/format.h>

#include "field_parsers.hpp"

namespace meridian::subscriber_admin {

namespace {

// Reads `key` of `s` as text and parses it, or fails naming the key's line.
template <class T, class Parse>
void read_field(config::section& s, std::string_view key, T& out, Parse parse) {
  std::string text;
  s.read(key, text);
  if (text.empty()) return;
  auto v = parse(text);
  if (!v) s.fail(key, v.error());
  out = std::move(*v);
}

void read_ambr(config::section s, sbi::ambr& out) {
  read_field(s, "uplink", out.uplink_, field::bit_rate);
  read_field(s, "downlink", out.downlink_, field::bit_rate);
  s.finish();
}

void read_session(config::section s, udr::session_config& c) {
  read_field(s, "pdu_session_type", c.default_pdu_session_type_, field::enumerator<sbi::pdu_session_type>);
  c.allowed_pdu_session_types_ = {c.default_pdu_session_type_};
  read_field(s, "ssc_mode", c.default_ssc_mode_, field::enumerator<sbi::ssc_mode>);
  c.allowed_ssc_modes_ = {c.default_ssc_mode_};
  c.qos_5qi_ = static_cast<sbi::qos_5qi>(s.read_integer("5qi", 0, 255, c.qos_5qi_));
  c.arp_.priority_level_ = static_cast<std::uint8_t>(s.read_integer("arp_priority", 1, 15, c.arp_.priority_level_));
  read_ambr(s.child("ambr"), c.session_ambr_);
  s.finish();
}

void read_defaults(config::section s, subscriber_defaults& d) {
  read_field(s, "auth_method", d.auth_method_, field::auth_method);
  read_field(s, "amf", d.amf_, field::amf);
  d.ind_length_ = static_cast<unsigned>(s.read_integer("ind_length", 0, udr::ind_length_max, d.ind_length_));
  std::vector<std::string> nssai;
  s.read("nssai", nssai);
  if (!nssai.empty()) {
    d.nssai_.clear();
    for (const auto& text : nssai) {
      auto n = field::snssai(text);
      if (!n) s.fail("nssai", n.error());
      d.nssai_.push_back(*n);
    }
  }
  s.read("dnn", d.dnns_);
  read_ambr(s.child("ue_ambr"), d.ue_ambr_);
  read_session(s.child("session"), d.session_);
  s.finish();
}

}  // namespace

void read_config(config::section& root, admin_config& cfg) {
  auto udr = root.child("udr");
  udr.read("db", cfg.db_);
  read_defaults(udr.child("defaults"), cfg.defaults_);
  udr.finish();
}

udr::session_config default_session(const model::s_nssai& snssai, std::string dnn, bool default_dnn,
                                    const subscriber_defaults& d) {
  udr::session_config c = d.session_;
  c.snssai_ = snssai;
  c.dnn_ = std::move(dnn);
  c.default_dnn_ = default_dnn;
  c.static_ipv4_.reset();
  c.static_ipv6_.reset();
  return c;
}

udr::subscriber new_subscriber(model::supi supi, const subscriber_keys& keys, const subscriber_defaults& d) {
  udr::subscriber s{.supi_ = std::move(supi)};
  s.k_ = keys.k_;
  s.op_ = keys.op_;
  s.op_kind_ = keys.op_kind_;
  s.amf_ = d.amf_;
  s.sqn_.ind_length_ = d.ind_length_;
  s.auth_method_ = d.auth_method_;
  for (const auto& n : d.nssai_) s.nssai_.push_back({.snssai_ = n, .default_ = true});
  if (!d.nssai_.empty())
    for (std::size_t i = 0; i < d.dnns_.size(); ++i)
      s.sessions_.push_back(default_session(d.nssai_.front(), d.dnns_[i], i == 0, d));
  s.ue_ambr_ = d.ue_ambr_;
  return s;
}

}  // namespace meridian::subscriber_admin
