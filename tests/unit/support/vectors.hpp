#pragma once
// Loading the official test vectors kept in tests/vectors (JSON copied from
// ../shared/vectors) for table-driven tests.

#include <gtest/gtest.h>

#include <cctype>
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

/// A gtest parameter name from a vector's "id": every character outside
/// [A-Za-z0-9] becomes '_' (INSTANTIATE_TEST_SUITE_P's name generator).
inline std::string vector_name(const ::testing::TestParamInfo<nlohmann::json>& info) {
  std::string name;
  for (char c : info.param.at("id").get<std::string>()) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

}  // namespace meridian::test
