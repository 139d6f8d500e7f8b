#include "yaml_format.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <initializer_list>
#include <set>

#include <fmt/format.h>

#include "field_parsers.hpp"
#include "meridian/common/hex.hpp"
#include "text_util.hpp"

namespace meridian::subscriber_admin::yaml {

namespace {

template <class T>
using result = std::expected<T, std::string>;

// Reads one file's nodes; every error is "<name>:<line>: <path>: <reason>".
class reader {
 public:
  explicit reader(std::string_view name) : name_(name) {}

  std::unexpected<std::string> fail(const YAML::Node& n, std::string_view path, std::string_view reason) const {
    return std::unexpected(fmt::format("{}:{}: {}: {}", name_, n.Mark().line + 1, path, reason));
  }

  // A mapping whose keys are all among `known`.
  result<void> mapping(const YAML::Node& n, std::string_view path, std::initializer_list<std::string_view> known) const {
    if (!n.IsMap()) return fail(n, path, "must be a mapping");
    for (const auto& kv : n) {
      const std::string key = kv.first.Scalar();
      if (std::find(known.begin(), known.end(), key) == known.end())
        return fail(kv.first, fmt::format("{}.{}", path, text::printable(key)), "unknown key");
    }
    return {};
  }

  // The scalar text of n[key], nothing when absent.
  result<std::optional<std::string>> text(const YAML::Node& n, std::string_view key, std::string_view path) const {
    const YAML::Node v = n[std::string(key)];
    if (!v) return std::optional<std::string>{};
    if (!v.IsScalar()) return fail(v, fmt::format("{}.{}", path, key), "must be a single value");
    return std::optional<std::string>(v.Scalar());
  }

  // n[key] parsed by `parse` into `out` when present.
  template <class T, class Parse>
  result<void> field(const YAML::Node& n, std::string_view key, std::string_view path, T& out, Parse parse) const {
    auto t = text(n, key, path);
    if (!t) return std::unexpected(t.error());
    if (!*t) return {};
    auto v = parse(**t);
    if (!v) return fail(n[std::string(key)], fmt::format("{}.{}", path, key), v.error());
    out = std::move(*v);
    return {};
  }

  // A sequence of scalars under n[key], each parsed.
  template <class T, class Parse>
  result<void> list(const YAML::Node& n, std::string_view key, std::string_view path, std::vector<T>& out,
                    Parse parse) const {
    const YAML::Node v = n[std::string(key)];
    if (!v) return {};
    if (!v.IsSequence()) return fail(v, fmt::format("{}.{}", path, key), "must be a list");
    out.clear();
    for (const auto& item : v) {
      if (!item.IsScalar()) return fail(item, fmt::format("{}.{}", path, key), "must be a list of values");
      auto parsed = parse(item.Scalar());
      if (!parsed) return fail(item, fmt::format("{}.{}", path, key), parsed.error());
      out.push_back(std::move(*parsed));
    }
    return {};
  }

 private:
  std::string_view name_;
};

result<bool> boolean(std::string_view text) {
  if (text == "true" || text == "yes") return true;
  if (text == "false" || text == "no") return false;
  return std::unexpected(std::string("must be true or false"));
}

result<sbi::ambr> ambr_of(const reader& r, const YAML::Node& n, std::string_view path, sbi::ambr out) {
  if (auto e = r.mapping(n, path, {"uplink", "downlink"}); !e) return std::unexpected(e.error());
  if (auto e = r.field(n, "uplink", path, out.uplink_, field::bit_rate); !e) return std::unexpected(e.error());
  if (auto e = r.field(n, "downlink", path, out.downlink_, field::bit_rate); !e) return std::unexpected(e.error());
  return out;
}

result<udr::session_config> session_of(const reader& r, const YAML::Node& n, const std::string& path,
                                       const udr::subscriber& s, const subscriber_defaults& d) {
  if (auto e = r.mapping(n, path,
                         {"snssai", "dnn", "default_dnn", "pdu_session_types", "default_pdu_session_type", "ssc_modes",
                          "default_ssc_mode", "5qi", "arp", "session_ambr", "static_ipv4", "static_ipv6"});
      !e)
    return std::unexpected(e.error());
  auto dnn = r.text(n, "dnn", path);
  if (!dnn) return std::unexpected(dnn.error());
  if (!*dnn) return r.fail(n, path, "dnn is missing");
  model::s_nssai snssai = s.nssai_.empty() ? model::s_nssai{} : s.nssai_.front().snssai_;
  for (const auto& sub : s.nssai_)
    if (sub.default_) {
      snssai = sub.snssai_;
      break;
    }
  if (auto e = r.field(n, "snssai", path, snssai, field::snssai); !e) return std::unexpected(e.error());
  udr::session_config c = default_session(snssai, **dnn, false, d);
  if (auto e = r.field(n, "default_dnn", path, c.default_dnn_, boolean); !e) return std::unexpected(e.error());
  if (auto e = r.list(n, "pdu_session_types", path, c.allowed_pdu_session_types_,
                      field::enumerator<sbi::pdu_session_type>);
      !e)
    return std::unexpected(e.error());
  c.default_pdu_session_type_ = c.allowed_pdu_session_types_.empty() ? c.default_pdu_session_type_
                                                                     : c.allowed_pdu_session_types_.front();
  if (auto e = r.field(n, "default_pdu_session_type", path, c.default_pdu_session_type_,
                       field::enumerator<sbi::pdu_session_type>);
      !e)
    return std::unexpected(e.error());
  if (auto e = r.list(n, "ssc_modes", path, c.allowed_ssc_modes_, field::enumerator<sbi::ssc_mode>); !e)
    return std::unexpected(e.error());
  c.default_ssc_mode_ = c.allowed_ssc_modes_.empty() ? c.default_ssc_mode_ : c.allowed_ssc_modes_.front();
  if (auto e = r.field(n, "default_ssc_mode", path, c.default_ssc_mode_, field::enumerator<sbi::ssc_mode>); !e)
    return std::unexpected(e.error());
  if (auto e = r.field(n, "5qi", path, c.qos_5qi_,
                       [](std::string_view t) -> result<sbi::qos_5qi> {
                         auto v = field::number(t, 255);
                         if (!v) return std::unexpected(v.error());
                         return static_cast<sbi::qos_5qi>(*v);
                       });
      !e)
    return std::unexpected(e.error());
  if (const YAML::Node arp = n["arp"]) {
    const std::string p = path + ".arp";
    if (auto e = r.mapping(arp, p, {"priority_level", "preempt_cap", "preempt_vuln"}); !e)
      return std::unexpected(e.error());
    if (auto e = r.field(arp, "priority_level", p, c.arp_.priority_level_,
                         [](std::string_view t) -> result<std::uint8_t> {
                           auto v = field::number(t, 15);
                           if (!v || *v < 1) return std::unexpected(std::string("must be a number from 1 to 15"));
                           return static_cast<std::uint8_t>(*v);
                         });
        !e)
      return std::unexpected(e.error());
    if (auto e = r.field(arp, "preempt_cap", p, c.arp_.preempt_cap_, field::enumerator<sbi::preemption_capability>);
        !e)
      return std::unexpected(e.error());
    if (auto e = r.field(arp, "preempt_vuln", p, c.arp_.preempt_vuln_,
                         field::enumerator<sbi::preemption_vulnerability>);
        !e)
      return std::unexpected(e.error());
  }
  if (const YAML::Node ambr = n["session_ambr"]) {
    auto a = ambr_of(r, ambr, path + ".session_ambr", c.session_ambr_);
    if (!a) return std::unexpected(a.error());
    c.session_ambr_ = *a;
  }
  auto v4 = r.text(n, "static_ipv4", path);
  auto v6 = r.text(n, "static_ipv6", path);
  if (!v4) return std::unexpected(v4.error());
  if (!v6) return std::unexpected(v6.error());
  c.static_ipv4_ = *v4;
  c.static_ipv6_ = *v6;
  return c;
}

result<udr::subscriber> subscriber_of(const reader& r, const YAML::Node& n, const std::string& path,
                                      const subscriber_defaults& d) {
  if (auto e = r.mapping(n, path,
                         {"supi", "k", "opc", "op", "amf", "sqn", "ind_length", "auth_method", "nssai", "sessions",
                          "ue_ambr", "rat_restrictions"});
      !e)
    return std::unexpected(e.error());
  std::optional<model::supi> supi;
  if (auto e = r.field(n, "supi", path, supi, field::supi); !e) return std::unexpected(e.error());
  if (!supi) return r.fail(n, path, "supi is missing");
  const std::string where = fmt::format("{} ({})", path, supi->to_string());
  subscriber_keys keys;
  std::optional<crypto::key128> k, opc, op;
  if (auto e = r.field(n, "k", where, k, field::key<16>); !e) return std::unexpected(e.error());
  if (auto e = r.field(n, "opc", where, opc, field::key<16>); !e) return std::unexpected(e.error());
  if (auto e = r.field(n, "op", where, op, field::key<16>); !e) return std::unexpected(e.error());
  if (!k) return r.fail(n, where, "k is missing");
  if (opc.has_value() == op.has_value()) return r.fail(n, where, "give exactly one of opc and op");
  keys.k_ = *k;
  keys.op_ = opc ? *opc : *op;
  keys.op_kind_ = opc ? udr::op_kind::opc : udr::op_kind::op;
  udr::subscriber s = new_subscriber(*supi, keys, d);

  if (auto e = r.field(n, "auth_method", where, s.auth_method_, field::auth_method); !e)
    return std::unexpected(e.error());
  if (auto e = r.field(n, "amf", where, s.amf_, field::amf); !e) return std::unexpected(e.error());
  if (auto e = r.field(n, "sqn", where, s.sqn_.sqn_, field::sqn); !e) return std::unexpected(e.error());
  if (auto e = r.field(n, "ind_length", where, s.sqn_.ind_length_,
                       [](std::string_view t) { return field::number(t, udr::ind_length_max); });
      !e)
    return std::unexpected(e.error());
  if (const YAML::Node nssai = n["nssai"]) {
    if (!nssai.IsSequence() || nssai.size() == 0) return r.fail(nssai, where + ".nssai", "must be a non-empty list");
    s.nssai_.clear();
    for (const auto& item : nssai) {
      const std::string p = where + ".nssai";
      if (auto e = r.mapping(item, p, {"snssai", "default"}); !e) return std::unexpected(e.error());
      std::optional<model::s_nssai> snssai;
      bool is_default = false;
      if (auto e = r.field(item, "snssai", p, snssai, field::snssai); !e) return std::unexpected(e.error());
      if (!snssai) return r.fail(item, p, "snssai is missing");
      if (auto e = r.field(item, "default", p, is_default, boolean); !e) return std::unexpected(e.error());
      s.nssai_.push_back({.snssai_ = *snssai, .default_ = is_default});
    }
    // The default sessions were put on the default S-NSSAI; follow the new one.
    for (auto& c : s.sessions_) c.snssai_ = s.nssai_.front().snssai_;
    for (const auto& sub : s.nssai_)
      if (sub.default_) {
        for (auto& c : s.sessions_) c.snssai_ = sub.snssai_;
        break;
      }
  }
  if (const YAML::Node sessions = n["sessions"]) {
    if (!sessions.IsSequence()) return r.fail(sessions, where + ".sessions", "must be a list");
    s.sessions_.clear();
    std::size_t i = 0;
    for (const auto& item : sessions) {
      auto c = session_of(r, item, fmt::format("{}.sessions[{}]", where, i++), s, d);
      if (!c) return std::unexpected(c.error());
      s.sessions_.push_back(std::move(*c));
    }
  }
  if (const YAML::Node ambr = n["ue_ambr"]) {
    auto a = ambr_of(r, ambr, where + ".ue_ambr", s.ue_ambr_);
    if (!a) return std::unexpected(a.error());
    s.ue_ambr_ = *a;
  }
  if (auto e = r.list(n, "rat_restrictions", where, s.rat_restrictions_, field::enumerator<sbi::rat_type>); !e)
    return std::unexpected(e.error());
  if (auto problem = udr::validate(s)) return r.fail(n, where, *problem);
  return s;
}

// A double-quoted YAML scalar (valid JSON string too).
std::string q(std::string_view v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

template <class E>
std::string enum_list(const std::vector<E>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::string(sbi::to_string(v[i]));
  return out + "]";
}

std::string ambr_text(const sbi::ambr& a) { return fmt::format("{{uplink: {}, downlink: {}}}", q(a.uplink_), q(a.downlink_)); }

}  // namespace

std::expected<std::vector<udr::subscriber>, std::string> import(std::string_view text, std::string_view name,
                                                                const subscriber_defaults& d) {
  const reader r(name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    // A syntax error in a file is an error value here, never an exception out.
    return std::unexpected(fmt::format("{}:{}: {}", name, e.mark.line + 1, e.msg));
  }
  if (auto e = r.mapping(root, "(top)", {"subscribers"}); !e) return std::unexpected(e.error());
  const YAML::Node list = root["subscribers"];
  if (!list || !list.IsSequence()) return r.fail(root, "subscribers", "must be a list");
  std::vector<udr::subscriber> out;
  out.reserve(list.size());
  std::set<model::supi> seen;
  std::size_t i = 0;
  for (const auto& item : list) {
    auto s = subscriber_of(r, item, fmt::format("subscribers[{}]", i++), d);
    if (!s) return std::unexpected(s.error());
    if (!seen.insert(s->supi_).second)
      return r.fail(item, fmt::format("subscribers[{}]", i - 1), fmt::format("{} is listed twice", s->supi_.to_string()));
    out.push_back(std::move(*s));
  }
  return out;
}

std::string mapping(const udr::subscriber& s, bool with_keys, std::string_view first, std::string_view rest) {
  std::vector<std::string> lines;
  lines.push_back("supi: " + q(s.supi_.to_string()));
  if (with_keys) {
    lines.push_back("k: " + q(to_hex(s.k_.bytes())));
    lines.push_back(fmt::format("{}: {}", s.op_kind_ == udr::op_kind::opc ? "opc" : "op", q(to_hex(s.op_.bytes()))));
  }
  lines.push_back("amf: " + q(to_hex(s.amf_)));
  lines.push_back(fmt::format("sqn: {}  # SEQ {}, IND {}", q(udr::sqn_to_hex(s.sqn_.sqn_)), s.sqn_.seq(), s.sqn_.ind()));
  lines.push_back(fmt::format("ind_length: {}", s.sqn_.ind_length_));
  lines.push_back(fmt::format("auth_method: {}", sbi::to_string(s.auth_method_)));
  lines.push_back("nssai:");
  for (const auto& n : s.nssai_)
    lines.push_back(fmt::format("  - {{snssai: {}, default: {}}}", q(n.snssai_.to_string()), n.default_));
  lines.push_back(s.sessions_.empty() ? "sessions: []" : "sessions:");
  for (const auto& c : s.sessions_) {
    lines.push_back("  - snssai: " + q(c.snssai_.to_string()));
    lines.push_back("    dnn: " + q(c.dnn_));
    lines.push_back(fmt::format("    default_dnn: {}", c.default_dnn_));
    lines.push_back("    pdu_session_types: " + enum_list(c.allowed_pdu_session_types_));
    lines.push_back(fmt::format("    default_pdu_session_type: {}", sbi::to_string(c.default_pdu_session_type_)));
    lines.push_back("    ssc_modes: " + enum_list(c.allowed_ssc_modes_));
    lines.push_back(fmt::format("    default_ssc_mode: {}", sbi::to_string(c.default_ssc_mode_)));
    lines.push_back(fmt::format("    5qi: {}", c.qos_5qi_));
    lines.push_back(fmt::format("    arp: {{priority_level: {}, preempt_cap: {}, preempt_vuln: {}}}",
                                c.arp_.priority_level_, sbi::to_string(c.arp_.preempt_cap_),
                                sbi::to_string(c.arp_.preempt_vuln_)));
    lines.push_back("    session_ambr: " + ambr_text(c.session_ambr_));
    if (c.static_ipv4_) lines.push_back("    static_ipv4: " + q(*c.static_ipv4_));
    if (c.static_ipv6_) lines.push_back("    static_ipv6: " + q(*c.static_ipv6_));
  }
  lines.push_back("ue_ambr: " + ambr_text(s.ue_ambr_));
  lines.push_back("rat_restrictions: " + enum_list(s.rat_restrictions_));
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += i == 0 ? first : rest;
    out += lines[i];
    out += '\n';
    crypto::wipe_object(lines[i]);
  }
  return out;
}

}  // namespace meridian::subscriber_admin::yaml
