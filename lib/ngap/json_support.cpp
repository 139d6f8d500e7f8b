#include "json_support.hpp"

#include <atomic>
#include <string>

#include "meridian/common/hex.hpp"
#include "meridian/ngap/json_hooks.hpp"

namespace meridian::ngap {

nlohmann::json json_hex(const std::vector<std::uint8_t>& v) { return to_hex(v); }

nlohmann::json json_bits(const asn1::bit_string& v) {
  if (v.length_ <= 32) {
    std::string s;
    for (std::size_t i = 0; i < v.length_; ++i) s.push_back(((v.bytes_[i / 8] >> (7 - i % 8)) & 1u) ? '1' : '0');
    return s;
  }
  return to_hex(v.bytes_) + "/" + std::to_string(v.length_);
}

nlohmann::json json_enum(std::string_view name, std::uint32_t value) {
  if (name.empty()) return value;
  return name;
}

nlohmann::json json_unknown_ies(const asn1::ie_extras& extras) {
  auto a = nlohmann::json::array();
  for (const auto& ie : extras.unknown_)
    a.push_back({{"id", ie.id_}, {"criticality", asn1::to_string(ie.criticality_)}, {"value", to_hex(ie.value_)}});
  return a;
}

void add_unknown_ies(nlohmann::json& j, const asn1::ie_extras& extras) {
  if (!extras.unknown_.empty()) j["unknown-ies"] = json_unknown_ies(extras);
}

nlohmann::json json_private_ies(const asn1::private_ies& v) {
  auto a = nlohmann::json::array();
  for (const auto& ie : v) {
    nlohmann::json e;
    if (ie.global_) {
      e["id"] = {{"global", to_hex(ie.global_id_.contents_)}};
    } else {
      e["id"] = {{"local", ie.local_}};
    }
    e["criticality"] = asn1::to_string(ie.criticality_);
    e["value"] = to_hex(ie.value_);
    a.push_back(std::move(e));
  }
  return a;
}

nlohmann::json json_unknown_extensions(const asn1::unknown_extensions& v) {
  auto a = nlohmann::json::array();
  for (const auto& e : v) a.push_back(json_unknown_extension(e));
  return a;
}

nlohmann::json json_unknown_extension(const asn1::unknown_extension& v) {
  return {{"index", v.index_}, {"value", to_hex(v.value_)}};
}

nlohmann::json json_undecodable(const std::vector<std::uint8_t>& v, const asn1::aper_error& e) {
  return {{"hex", to_hex(v)}, {"error", e.message()}};
}

namespace {
std::atomic<nas_json_renderer> nas_renderer{nullptr};
}  // namespace

void set_nas_json_renderer(nas_json_renderer renderer) noexcept { nas_renderer.store(renderer); }

nlohmann::json json_nas_pdu(const std::vector<std::uint8_t>& v) {
  if (auto render = nas_renderer.load()) {
    const std::string text = render(v);
    if (!text.empty()) {
      auto j = nlohmann::json::parse(text, nullptr, false);  // no exceptions: discarded on bad text
      if (!j.is_discarded()) return nlohmann::json{{"hex", to_hex(v)}, {"nas", std::move(j)}};
    }
  }
  return to_hex(v);
}

}  // namespace meridian::ngap
