// A NAS PDU for people (inspect.hpp): decode, verify, decipher, render.

#include "meridian/nas/inspect.hpp"

#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "meridian/nas/json.hpp"
#include "meridian/nas/nas.hpp"

namespace meridian::nas {

namespace {

using json = nlohmann::ordered_json;

std::unexpected<inspect_error> fail(inspect_errc code, std::string message) {
  return std::unexpected(inspect_error{code, std::move(message)});
}

// TS 24.501 §9.3.1: header types 1 and 3 protect integrity only, so the payload is plain.
bool payload_is_plain(security_header_type t) noexcept {
  return t == security_header_type::integrity_protected ||
         t == security_header_type::integrity_protected_with_new_context;
}

void tree(const json& j, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  auto scalar = [](const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it->is_structured()) {
        out += pad + it.key() + ":\n";
        tree(*it, indent + 1, out);
      } else {
        out += pad + it.key() + ": " + scalar(*it) + "\n";
      }
    }
  } else if (j.is_array()) {
    std::size_t i = 0;
    for (const auto& e : j) {
      if (e.is_structured()) {
        out += fmt::format("{}- [{}]\n", pad, i);
        tree(e, indent + 1, out);
      } else {
        out += pad + "- " + scalar(e) + "\n";
      }
      ++i;
    }
  }
}

}  // namespace

std::expected<inspection, inspect_error> inspect(std::span<const std::uint8_t> bytes,
                                                 const std::optional<nas_protection_params>& keys, int indent) {
  auto pdu = decode_nas(bytes);
  if (!pdu) return fail(inspect_errc::undecodable, pdu.error().message());

  inspection result;
  std::optional<nas_pdu> inner;
  json security;
  if (const auto* p = std::get_if<protected_pdu>(&*pdu)) {
    std::vector<std::uint8_t> plain = p->payload_;
    if (keys) {
      auto v = verify_and_decipher(bytes, *keys);
      if (!v) return fail(inspect_errc::undecodable, v.error().message());
      result.mac_valid_ = v->mac_valid_;
      result.count_ = v->count_;
      security = {{"mac_valid", v->mac_valid_}, {"count", v->count_}, {"direction", keys->direction == 0 ? "ul" : "dl"}};
      plain = std::move(v->plain_);
    }
    // The payload starts after the 7-octet security header (TS 24.501 §9.1.1).
    auto d = decode_plain_nas(plain, 7);
    if (d) {
      inner = std::move(*d);
    } else if (result.mac_valid_ == false) {
      return fail(inspect_errc::undecodable,
                  fmt::format("NAS-MAC verification failed (COUNT {}); the deciphered message does not decode: {}",
                              result.count_, d.error().message()));
    } else if (keys || payload_is_plain(p->security_header_type_)) {
      return fail(inspect_errc::undecodable, d.error().message());
    }
  } else if (keys) {
    return fail(inspect_errc::not_protected, "keys given but the message is not security protected");
  }

  auto j = json::parse(to_json(*pdu, inner, -1), nullptr, false);
  if (j.is_discarded()) return fail(inspect_errc::undecodable, "the message does not render as JSON");
  if (!security.is_null()) j["security"] = std::move(security);
  result.json_ = j.dump(indent);
  return result;
}

std::string json_tree(std::string_view json_text) {
  const auto j = json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return std::string(json_text);
  std::string out;
  tree(j, 0, out);
  return out;
}

}  // namespace meridian::nas
