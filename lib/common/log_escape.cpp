#include "meridian/common/log_escape.hpp"

namespace meridian::log {

namespace {
bool printable(unsigned char c) noexcept { return c >= 0x20 && c < 0x7f && c != '\\'; }
}  // namespace

bool is_plain(std::string_view text) noexcept {
  for (const char ch : text)
    if (!printable(static_cast<unsigned char>(ch))) return false;
  return true;
}

std::string escape(std::string_view text) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 8);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (printable(c)) {
      out.push_back(ch);
      continue;
    }
    out.push_back('\\');
    switch (c) {
      case '\\':
        out.push_back('\\');
        break;
      case '\n':
        out.push_back('n');
        break;
      case '\r':
        out.push_back('r');
        break;
      case '\t':
        out.push_back('t');
        break;
      default:
        out.push_back('x');
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 0x0f]);
    }
  }
  return out;
}

}  // namespace meridian::log
