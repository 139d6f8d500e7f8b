#include "operation_inputs.hpp"

#include "meridian/common/text_arguments.hpp"

namespace meridian::security {

std::string_view input_reader::text(std::string_view name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? std::string_view{} : std::string_view(it->second);
}

std::string input_reader::option(std::string_view name) { return "--" + std::string(name); }

std::vector<std::uint8_t> input_reader::hex(std::string_view name, std::size_t octets) {
  return keep(parse_hex_argument(option(name), text(name), octets));
}

std::uint64_t input_reader::number(std::string_view name, std::uint64_t max) {
  return keep(parse_number_argument(option(name), text(name), max));
}

std::string input_reader::nonempty_text(std::string_view name, std::size_t max_octets) {
  return keep(parse_text_argument(option(name), text(name), max_octets));
}

void input_reader::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
}

}  // namespace meridian::security
