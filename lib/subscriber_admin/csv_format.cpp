#include "csv_format.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include <fmt/format.h>

#include "field_parsers.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/subscriber_admin/subscriber_options.hpp"
#include "text_util.hpp"

namespace meridian::subscriber_admin::csv {

namespace {

enum column : std::uint8_t {
  supi, k, opc, op, amf, sqn, ind_length, auth_method, default_nssai, nssai, dnn, static_ip, ue_ambr_uplink,
  ue_ambr_downlink, rat_restrictions, column_count
};
constexpr std::array<std::string_view, column_count> column_names{
    "supi", "k", "opc", "op", "amf", "sqn", "ind_length", "auth_method", "default_nssai", "nssai", "dnn",
    "static_ip", "ue_ambr_uplink", "ue_ambr_downlink", "rat_restrictions"};

// RFC 4180 fields of one line: "..." quotes a field, "" inside is a quote.
std::optional<std::vector<std::string>> fields_of(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"' && text::trim(cur).empty() && !was_quoted) {
      cur.clear();
      quoted = was_quoted = true;
    } else if (c == ',') {
      out.emplace_back(was_quoted ? cur : std::string(text::trim(cur)));
      cur.clear();
      was_quoted = false;
    } else {
      cur += c;
    }
  }
  if (quoted) return std::nullopt;
  out.emplace_back(was_quoted ? cur : std::string(text::trim(cur)));
  return out;
}

// "--auth-method: reason" (apply_options' words) as "auth_method: reason".
std::string as_column_error(std::string e) {
  if (!e.starts_with("--")) return e;
  e.erase(0, 2);
  for (char& c : e) {
    if (c == ':') break;
    if (c == '-') c = '_';
  }
  return e;
}

std::vector<std::string> list_of(const std::string& field) {
  std::vector<std::string> out;
  for (auto part : text::split(field, ';'))
    if (!part.empty()) out.emplace_back(part);
  return out;
}

template <std::size_t N>
std::expected<crypto::secret<N>, std::string> key_field(const std::string& value, std::string_view name) {
  auto key = field::key<N>(value);
  if (!key) return std::unexpected(fmt::format("{}: {}", name, key.error()));
  return *key;
}

std::expected<udr::subscriber, std::string> subscriber_of(const std::array<const std::string*, column_count>& f,
                                                          const subscriber_defaults& d,
                                                          const subscriber_keys* known_keys) {
  auto get = [&](column c) -> const std::string* { return f[c] != nullptr && !f[c]->empty() ? f[c] : nullptr; };
  if (!get(supi)) return std::unexpected(std::string("supi: missing"));
  auto id = field::supi(*get(supi));
  if (!id) return std::unexpected("supi: " + id.error());
  subscriber_keys keys;
  if (known_keys != nullptr) {
    keys = *known_keys;
  } else {
    if (!get(k)) return std::unexpected(std::string("k: missing"));
    auto kk = key_field<16>(*get(k), "k");
    if (!kk) return std::unexpected(kk.error());
    keys.k_ = *kk;
    if ((get(opc) != nullptr) == (get(op) != nullptr))
      return std::unexpected(std::string("opc/op: give exactly one of them"));
    auto o = get(opc) ? key_field<16>(*get(opc), "opc") : key_field<16>(*get(op), "op");
    if (!o) return std::unexpected(o.error());
    keys.op_ = *o;
    keys.op_kind_ = get(opc) ? udr::op_kind::opc : udr::op_kind::op;
  }
  udr::subscriber s = new_subscriber(*id, keys, d);
  subscriber_options o;
  auto optional_field = [&](column c) -> std::optional<std::string> {
    if (const auto* v = get(c)) return *v;
    return std::nullopt;
  };
  o.auth_method_ = optional_field(auth_method);
  o.amf_ = optional_field(amf);
  o.sqn_ = optional_field(sqn);
  o.ind_length_ = optional_field(ind_length);
  if (get(default_nssai)) o.default_nssai_ = list_of(*get(default_nssai));
  if (get(nssai)) o.nssai_ = list_of(*get(nssai));
  if (get(dnn)) o.dnn_ = list_of(*get(dnn));
  if (get(static_ip)) o.static_ip_ = list_of(*get(static_ip));
  o.ue_ambr_uplink_ = optional_field(ue_ambr_uplink);
  o.ue_ambr_downlink_ = optional_field(ue_ambr_downlink);
  if (get(rat_restrictions)) o.rat_restriction_ = list_of(*get(rat_restrictions));
  if (!o.default_nssai_.empty() || !o.nssai_.empty()) {
    if (o.default_nssai_.empty()) return std::unexpected(std::string("default_nssai: missing while nssai is given"));
  }
  if (auto r = apply_options(s, o, d); !r) return std::unexpected(as_column_error(r.error()));
  return s;
}

std::string csv_field(std::string_view v) {
  if (v.find_first_of(",\"") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

template <class R, class F>
std::string joined(const R& range, F text_of) {
  std::string out;
  for (const auto& v : range) {
    if (!out.empty()) out += ';';
    out += text_of(v);
  }
  return out;
}

}  // namespace

std::expected<std::vector<udr::subscriber>, std::string> import(std::string_view text, std::string_view name,
                                                                const subscriber_defaults& d) {
  std::vector<udr::subscriber> out;
  std::array<int, column_count> index;
  index.fill(-1);
  std::size_t width = 0;
  bool header = true;
  std::size_t number = 0;
  for (std::string_view line : text::lines(text)) {
    ++number;
    if (text::trim(line).empty() || text::trim(line).starts_with('#')) continue;
    auto fields = fields_of(line);
    if (!fields) return std::unexpected(fmt::format("{}:{}: an unterminated quote", name, number));
    if (header) {
      for (std::size_t i = 0; i < fields->size(); ++i) {
        const auto* at = std::find(column_names.begin(), column_names.end(), (*fields)[i]);
        if (at == column_names.end())
          return std::unexpected(
              fmt::format("{}:{}: unknown column '{}'", name, number, text::printable((*fields)[i])));
        auto& slot = index[static_cast<std::size_t>(at - column_names.begin())];
        if (slot >= 0) return std::unexpected(fmt::format("{}:{}: column '{}' twice", name, number, *at));
        slot = static_cast<int>(i);
      }
      if (index[supi] < 0) return std::unexpected(fmt::format("{}:{}: the header has no supi column", name, number));
      width = fields->size();
      header = false;
      continue;
    }
    if (fields->size() != width)
      return std::unexpected(fmt::format("{}:{}: {} fields where the header has {}", name, number, fields->size(), width));
    std::array<const std::string*, column_count> by_column{};
    for (std::size_t c = 0; c < column_count; ++c)
      by_column[c] = index[c] >= 0 ? &(*fields)[static_cast<std::size_t>(index[c])] : nullptr;
    auto s = subscriber_of(by_column, d, nullptr);
    for (auto& f : *fields) crypto::wipe_object(f);
    if (!s) return std::unexpected(fmt::format("{}:{}: {}", name, number, s.error()));
    out.push_back(std::move(*s));
  }
  if (header) return std::unexpected(fmt::format("{}: no header line", name));
  return out;
}

void write_header(std::ostream& out, bool with_keys) {
  std::string line;
  for (std::size_t c = 0; c < column_count; ++c) {
    if (!with_keys && (c == k || c == opc || c == op)) continue;
    if (!line.empty()) line += ',';
    line += column_names[c];
  }
  out << line << '\n';
}

std::expected<std::string, std::string> row(const udr::subscriber& s, bool with_keys, const subscriber_defaults& d) {
  std::array<std::string, column_count> f;
  f[supi] = s.supi_.to_string();
  if (with_keys) {
    f[k] = to_hex(s.k_.bytes());
    (s.op_kind_ == udr::op_kind::opc ? f[opc] : f[op]) = to_hex(s.op_.bytes());
  }
  f[amf] = to_hex(s.amf_);
  f[sqn] = udr::sqn_to_hex(s.sqn_.sqn_);
  f[ind_length] = std::to_string(s.sqn_.ind_length_);
  f[auth_method] = std::string(sbi::to_string(s.auth_method_));
  std::vector<std::string> defaults, others;
  for (const auto& n : s.nssai_) (n.default_ ? defaults : others).push_back(n.snssai_.to_string());
  f[default_nssai] = joined(defaults, [](const auto& v) { return v; });
  f[nssai] = joined(others, [](const auto& v) { return v; });
  f[dnn] = joined(s.sessions_, [](const auto& c) { return c.dnn_; });
  std::vector<std::string> ips;
  for (const auto& c : s.sessions_) {
    if (c.static_ipv4_) ips.push_back(c.dnn_ + "=" + *c.static_ipv4_);
    if (c.static_ipv6_) ips.push_back(c.dnn_ + "=" + *c.static_ipv6_);
  }
  f[static_ip] = joined(ips, [](const auto& v) { return v; });
  f[ue_ambr_uplink] = s.ue_ambr_.uplink_;
  f[ue_ambr_downlink] = s.ue_ambr_.downlink_;
  f[rat_restrictions] = joined(s.rat_restrictions_, [](auto r) { return std::string(sbi::to_string(r)); });

  // CSV is exact only if reading the row back gives the same subscriber.
  std::array<const std::string*, column_count> back{};
  for (std::size_t c = 0; c < column_count; ++c) back[c] = &f[c];
  const subscriber_keys keys{.k_ = s.k_, .op_ = s.op_, .op_kind_ = s.op_kind_};
  auto again = subscriber_of(back, d, &keys);
  // The SQN scheme, lastIndexes and difSign are the UDM's working state, not
  // provisioning: neither file format carries them.
  if (again) {
    again->sqn_.scheme_ = s.sqn_.scheme_;
    again->sqn_.last_indexes_ = s.sqn_.last_indexes_;
    again->sqn_.dif_sign_ = s.sqn_.dif_sign_;
  }
  if (!again || !(*again == s))
    return std::unexpected(fmt::format("{}: its session settings differ from the defaults, which CSV cannot carry "
                                       "(export it as YAML)",
                                       s.supi_.to_string()));
  std::string line;
  for (std::size_t c = 0; c < column_count; ++c) {
    if (!with_keys && (c == k || c == opc || c == op)) continue;
    if (c != 0) line += ',';
    line += csv_field(f[c]);
  }
  for (auto& v : f) crypto::wipe_object(v);
  return line;
}

}  // namespace meridian::subscriber_admin::csv
