#pragma once
// Small text helpers for the subscriber files (keys, CSV, options).

#include <string>
#include <string_view>
#include <vector>

namespace meridian::subscriber_admin::text {

std::string_view trim(std::string_view s) noexcept;
/// The part of a line before a `#` comment.
std::string_view strip_comment(std::string_view line) noexcept;
/// Without one pair of surrounding '...' or "..." quotes.
std::string_view unquote(std::string_view s) noexcept;
/// Lines of `text` (LF or CRLF), the last one even without a newline.
std::vector<std::string_view> lines(std::string_view text);
/// `s` split at `sep`, each part trimmed; empty input gives no parts.
std::vector<std::string_view> split(std::string_view s, char sep);
/// `s` with control and non-ASCII characters shown as '?', cut to 40
/// characters: for echoing a name from a file in an error line.
std::string printable(std::string_view s);

}  // namespace meridian::subscriber_admin::text
