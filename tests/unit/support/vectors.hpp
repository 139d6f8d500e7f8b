#pragma once
// Loading the official test vectors kept in tests/vectors (JSON copied from
// ../shared/vectors) for table-driven tests.

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "meridian/common/hex.hpp"

namespace meridian::test {

/// The JSON array in tests/vectors/<file>; fails the calling test when unreadable.
inline nlohmann::json load_vectors(const std::string& file) {
  std::ifstream in(std::string(MERIDIAN_TEST_VECTORS_DIR) + "/" + file);
  if (!in) {
    ADD_FAILURE() << "cannot read test vectors " << file;
    return nlohmann::json::array();
  }
  return nlohmann::json::parse(in);
}

/// The bytes of a hex string in a vector; fails the calling test on bad hex.
inline std::vector<std::uint8_t> hex_bytes(const std::string& text) {
  auto b = from_hex(text);
  if (!b) {
    ADD_FAILURE() << "bad hex in test vector: " << b.error().message();
    return {};
  }
  return *b;
}

}  // namespace meridian::test
