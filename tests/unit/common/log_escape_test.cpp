// Wire text in log lines: nothing a peer sends can start a new log line or
// reach the terminal as a control sequence (issue 13, log injection).

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include <fmt/format.h>

#include "meridian/common/log_escape.hpp"

using namespace meridian;

TEST(log_escape, when_text_is_printable_ascii_then_it_is_written_unchanged) {
  EXPECT_EQ(fmt::format("{}", log::escaped("gNB-Berlin 01 (lab)")), "gNB-Berlin 01 (lab)");
  EXPECT_TRUE(log::is_plain("gNB-Berlin 01 (lab)"));
}

TEST(log_escape, when_text_holds_a_newline_and_an_escape_then_neither_reaches_the_line) {
  const std::string forged = "gnb\n[2026-12-07 10:00:00] [amf] [info] all fine\x1b[2J";
  const auto line = fmt::format("NG Setup from {}", log::escaped(forged));
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
  EXPECT_EQ(line, "NG Setup from gnb\\n[2026-12-07 10:00:00] [amf] [info] all fine\\x1b[2J");
}

TEST(log_escape, when_text_holds_a_backslash_then_it_is_doubled_so_escapes_cannot_be_imitated) {
  EXPECT_EQ(log::escape("a\\nb"), "a\\\\nb");
  EXPECT_FALSE(log::is_plain("a\\b"));
}

TEST(log_escape, every_octet_that_is_not_printable_ascii_is_escaped) {
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    const auto out = log::escape(std::string_view(&ch, 1));
    for (const char o : out) {
      const auto u = static_cast<unsigned char>(o);
      EXPECT_TRUE(u >= 0x20 && u < 0x7f) << "octet " << c << " produced " << int(u);
    }
  }
  const std::array<std::uint8_t, 3> octets{0x00, 0x41, 0xff};
  EXPECT_EQ(fmt::format("{}", log::escaped(std::span<const std::uint8_t>(octets))), "\\x00A\\xff");
}
