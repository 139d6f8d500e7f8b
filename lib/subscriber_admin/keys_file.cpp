#include "meridian/subscriber_admin/keys_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "field_parsers.hpp"
#include "text_util.hpp"

namespace meridian::subscriber_admin {

namespace {

// The key in hex `value`, or "line N: <field> must be ..." (never the value).
template <std::size_t N>
std::expected<crypto::secret<N>, std::string> secret_of(std::string_view value, std::string_view field,
                                                        std::size_t line) {
  auto key = field::key<N>(value);
  if (!key) return std::unexpected(fmt::format("line {}: {} {}", line, field, key.error()));
  return *key;
}

}  // namespace

std::expected<subscriber_keys, std::string> parse_subscriber_keys(std::string_view text) {
  subscriber_keys out;
  bool have_k = false;
  std::optional<udr::op_kind> kind;
  std::size_t number = 0;
  for (std::string_view line : text::lines(text)) {
    ++number;
    line = text::trim(text::strip_comment(line));
    if (line.empty()) continue;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos)
      return std::unexpected(fmt::format("line {}: expected 'k: HEX', 'opc: HEX' or 'op: HEX'", number));
    const std::string_view name = text::trim(line.substr(0, colon));
    const std::string_view value = text::unquote(text::trim(line.substr(colon + 1)));
    if (name == "k") {
      if (have_k) return std::unexpected(fmt::format("line {}: k is given twice", number));
      auto k = secret_of<16>(value, "k", number);
      if (!k) return std::unexpected(k.error());
      out.k_ = *k;
      have_k = true;
    } else if (name == "opc" || name == "op") {
      if (kind) return std::unexpected(fmt::format("line {}: give one of opc and op, once", number));
      auto op = secret_of<16>(value, name, number);
      if (!op) return std::unexpected(op.error());
      out.op_ = *op;
      kind = name == "opc" ? udr::op_kind::opc : udr::op_kind::op;
    } else {
      return std::unexpected(
          fmt::format("line {}: unknown key '{}' (expected k, opc or op)", number, text::printable(name)));
    }
  }
  if (!have_k) return std::unexpected(std::string("no 'k: HEX' line"));
  if (!kind) return std::unexpected(std::string("no 'opc: HEX' or 'op: HEX' line"));
  out.op_kind_ = *kind;
  return out;
}

std::expected<crypto::key256, std::string> parse_private_key(std::string_view text) {
  std::string digits;
  std::size_t number = 0, value_line = 0;
  for (std::string_view line : text::lines(text)) {
    ++number;
    line = text::trim(text::strip_comment(line));
    if (line.empty()) continue;
    if (const auto colon = line.find(':'); colon != std::string_view::npos) {
      if (text::trim(line.substr(0, colon)) != "private_key")
        return std::unexpected(fmt::format("line {}: expected 64 hex digits or 'private_key: HEX'", number));
      line = text::unquote(text::trim(line.substr(colon + 1)));
    }
    for (char c : line)
      if (c != ' ' && c != '\t') digits += c;
    if (value_line == 0) value_line = number;
  }
  auto key = secret_of<32>(digits, "the private key", value_line == 0 ? 1 : value_line);
  crypto::wipe_object(digits);
  return key;
}

std::expected<std::string, std::string> read_secret_file(const std::string& path) {
  std::string out;
  if (path == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return out;
}

secret_text::~secret_text() { crypto::wipe_object(s_); }

std::expected<subscriber_keys, std::string> read_subscriber_keys_file(const std::string& path,
                                                                      std::string_view option) {
  auto text = read_secret_file(path);
  if (!text) return std::unexpected(fmt::format("{}: {}", option, text.error()));
  const secret_text guard(std::move(*text));
  auto keys = parse_subscriber_keys(guard.view());
  if (!keys)
    return std::unexpected(fmt::format("{} {}: {}", option, path == "-" ? "(standard input)" : path, keys.error()));
  return *keys;
}

std::expected<crypto::key256, std::string> read_private_key_file(const std::string& path, std::string_view option) {
  auto text = read_secret_file(path);
  if (!text) return std::unexpected(fmt::format("{}: {}", option, text.error()));
  const secret_text guard(std::move(*text));
  auto key = parse_private_key(guard.view());
  if (!key) return std::unexpected(fmt::format("{}: {}", option, key.error()));
  return *key;
}

}  // namespace meridian::subscriber_admin
