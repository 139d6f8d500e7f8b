#include "json_support.hpp"

#include <atomic>
#include <string>

#include <nlohmann/json.hpp>

#include "meridian/common/hex.hpp"
#include "meridian/ngap/json_hooks.hpp"

namespace meridian::ngap {

void json_object(nlohmann::json& j) { j = nlohmann::json::object(); }

void json_array(nlohmann::json& j) { j = nlohmann::json::array(); }

nlohmann::json& json_member(nlohmann::json& j, std::string_view key) { return j[std::string(key)]; }

nlohmann::json& json_element(nlohmann::json& j) {
  j.push_back(nullptr);
  return j.back();
}

void json_int(nlohmann::json& j, std::int64_t v) { j = v; }

void json_uint(nlohmann::json& j, std::uint64_t v) { j = v; }

void json_bool(nlohmann::json& j, bool v) { j = v; }

void json_string(nlohmann::json& j, std::string_view v) { j = v; }

void json_null(nlohmann::json& j) { j = nullptr; }

void json_hex(nlohmann::json& j, std::span<const std::uint8_t> v) { j = to_hex(v); }

void json_bits(nlohmann::json& j, const asn1::bit_string& v) {
  if (v.length_ <= 32) {
    std::string s;
    for (std::size_t i = 0; i < v.length_; ++i) s.push_back(((v.bytes_[i / 8] >> (7 - i % 8)) & 1u) ? '1' : '0');
    j = s;
    return;
  }
  j = to_hex(v.bytes_) + "/" + std::to_string(v.length_);
}

void json_enum(nlohmann::json& j, std::string_view name, std::uint32_t value) {
  if (name.empty()) {
    j = value;
  } else {
    j = name;
  }
}

void json_unknown_ies(nlohmann::json& j, const asn1::ie_extras& extras) {
  j = nlohmann::json::array();
  for (const auto& ie : extras.unknown_)
    j.push_back({{"id", ie.id_}, {"criticality", asn1::to_string(ie.criticality_)}, {"value", to_hex(ie.value_)}});
}

void add_unknown_ies(nlohmann::json& j, const asn1::ie_extras& extras) {
  if (!extras.unknown_.empty()) json_unknown_ies(j["unknown-ies"], extras);
}

void json_private_ies(nlohmann::json& j, const asn1::private_ies& v) {
  j = nlohmann::json::array();
  for (const auto& ie : v) {
    nlohmann::json e;
    if (ie.global_) {
      e["id"] = {{"global", to_hex(ie.global_id_.contents_)}};
    } else {
      e["id"] = {{"local", ie.local_}};
    }
    e["criticality"] = asn1::to_string(ie.criticality_);
    e["value"] = to_hex(ie.value_);
    j.push_back(std::move(e));
  }
}

void json_unknown_extensions(nlohmann::json& j, const asn1::unknown_extensions& v) {
  j = nlohmann::json::array();
  for (const auto& e : v) json_unknown_extension(json_element(j), e);
}

void json_unknown_extension(nlohmann::json& j, const asn1::unknown_extension& v) {
  j = {{"index", v.index_}, {"value", to_hex(v.value_)}};
}

void json_undecodable(nlohmann::json& j, const std::vector<std::uint8_t>& v, const asn1::aper_error& e) {
  j = {{"hex", to_hex(v)}, {"error", e.message()}};
}

namespace {
std::atomic<nas_json_renderer> nas_renderer{nullptr};
}  // namespace

void set_nas_json_renderer(nas_json_renderer renderer) noexcept { nas_renderer.store(renderer); }

void json_nas_pdu(nlohmann::json& j, const std::vector<std::uint8_t>& v) {
  if (auto render = nas_renderer.load()) {
    const std::string text = render(v);
    if (!text.empty()) {
      auto parsed = nlohmann::json::parse(text, nullptr, false);  // no exceptions: discarded on bad text
      if (!parsed.is_discarded()) {
        j = nlohmann::json{{"hex", to_hex(v)}, {"nas", std::move(parsed)}};
        return;
      }
    }
  }
  j = to_hex(v);
}

}  // namespace meridian::ngap
