#pragma once
// Text that came from the wire (a RAN Node Name, a NAS network name, a DNN, an
// FQDN, a SUPI) is written into log lines only through `escaped`, so a peer
// cannot forge log lines with a newline or move a terminal with an escape
// sequence. Printable ASCII is kept; every other octet becomes \n, \r, \t or
// \xNN, and a backslash is doubled so the escaping cannot be imitated.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace meridian::log {

/// Wraps wire text for formatting: `logger->warn("name {}", log::escaped(name))`.
struct escaped {
  std::string_view text;
  explicit escaped(std::string_view t) noexcept : text(t) {}
  explicit escaped(std::span<const std::uint8_t> octets) noexcept
      : text(reinterpret_cast<const char*>(octets.data()), octets.size()) {}
};

/// The escaped form as a string (what the formatter writes).
std::string escape(std::string_view text);

/// Whether `text` would be written unchanged (printable ASCII, no backslash).
bool is_plain(std::string_view text) noexcept;

}  // namespace meridian::log

template <>
struct fmt::formatter<meridian::log::escaped> : fmt::formatter<std::string_view> {
  template <class Context>
  auto format(const meridian::log::escaped& e, Context& ctx) const {
    if (meridian::log::is_plain(e.text)) return fmt::formatter<std::string_view>::format(e.text, ctx);
    return fmt::formatter<std::string_view>::format(meridian::log::escape(e.text), ctx);
  }
};
