#include "row_codec.hpp"

#include <nlohmann/json.hpp>

namespace meridian::udr::row {

std::string_view op_kind_text(op_kind k) noexcept { return k == op_kind::op ? "OP" : "OPC"; }

std::optional<op_kind> op_kind_of(std::string_view text) noexcept {
  if (text == "OP") return op_kind::op;
  if (text == "OPC") return op_kind::opc;
  return std::nullopt;
}

std::string last_indexes_json(const std::map<std::string, std::int32_t>& m) {
  if (m.empty()) return "{}";  // nearly always, and written with every SQN update
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j.dump();
}

std::optional<std::map<std::string, std::int32_t>> last_indexes_of(std::string_view json) {
  if (json == "{}") return std::map<std::string, std::int32_t>{};
  const auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  std::map<std::string, std::int32_t> out;
  for (const auto& [k, v] : j.items()) {
    if (!v.is_number_integer()) return std::nullopt;
    const auto n = v.get<std::int64_t>();
    if (n < 0 || n > 0xffff) return std::nullopt;
    out[k] = static_cast<std::int32_t>(n);
  }
  return out;
}

}  // namespace meridian::udr::row
