#pragma once
// How values that are not plain numbers or octets sit in the store's columns:
// enumerations as their TS 29.5xx strings, lists of them comma-separated, the
// SQN's lastIndexes as a JSON object. Reading never throws: a value the
// schema cannot hold (a file edited by hand) is nothing, which the store
// reports as store_errc::invalid naming the subscriber.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/sbi_types/enum_strings.hpp"
#include "meridian/udr/subscriber.hpp"

namespace meridian::udr::row {

template <sbi::sbi_enum E>
std::string join(const std::vector<E>& values) {
  std::string out;
  for (E v : values) {
    if (!out.empty()) out += ',';
    out += sbi::to_string(v);
  }
  return out;
}

template <sbi::sbi_enum E>
std::optional<std::vector<E>> split(std::string_view text) {
  std::vector<E> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const auto v = sbi::from_string<E>(item);
    if (!v) return std::nullopt;
    out.push_back(*v);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string_view op_kind_text(op_kind k) noexcept;
std::optional<op_kind> op_kind_of(std::string_view text) noexcept;

std::string last_indexes_json(const std::map<std::string, std::int32_t>& m);
std::optional<std::map<std::string, std::int32_t>> last_indexes_of(std::string_view json);

}  // namespace meridian::udr::row
