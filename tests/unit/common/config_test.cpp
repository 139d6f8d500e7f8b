#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "meridian/common/config.hpp"
#include "meridian/common/log.hpp"

using namespace meridian;
using config::config_error;
using config::document;

namespace {
// Runs `f` and returns the config_error it throws (fails the test if none).
template <class F>
config_error error_of(F f) {
  try {
    f();
  } catch (const config_error& e) {
    return e;
  }
  ADD_FAILURE() << "expected a config_error";
  return config_error("", 0, "", "");
}

struct sample_config {
  std::string name = "meridian";
  std::uint16_t port = 38412;
  bool enabled = false;
  double ratio = 0.5;
  std::vector<std::string> tags;
};

void read_sample(config::section s, sample_config& c) {
  auto n2 = s.child("n2");
  n2.read("name", c.name).read("port", c.port).read("enabled", c.enabled).read("ratio", c.ratio).read("tags", c.tags);
  n2.finish();
  s.finish();
}
}  // namespace

TEST(config, when_keys_are_absent_then_defaults_are_kept) {
  sample_config c;
  read_sample(document::parse("{}").root(), c);
  EXPECT_EQ(c.name, "meridian");
  EXPECT_EQ(c.port, 38412);
  read_sample(document::empty().root(), c);
  read_sample(document::parse("").root(), c);
  EXPECT_EQ(c.port, 38412);
}

TEST(config, reads_every_supported_type) {
  sample_config c;
  read_sample(
      document::parse("n2:\n  name: amf1\n  port: 0x9000\n  enabled: yes\n  ratio: 0.25\n  tags: [a, b]\n").root(), c);
  EXPECT_EQ(c.name, "amf1");
  EXPECT_EQ(c.port, 0x9000);
  EXPECT_TRUE(c.enabled);
  EXPECT_DOUBLE_EQ(c.ratio, 0.25);
  EXPECT_EQ(c.tags, (std::vector<std::string>{"a", "b"}));
}

TEST(config, when_key_is_unknown_then_error_names_file_line_and_full_key) {
  sample_config c;
  auto e = error_of([&] { read_sample(document::parse("n2:\n  name: x\n  prot: 1\n", "amf.yaml").root(), c); });
  EXPECT_EQ(e.file(), "amf.yaml");
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.key(), "n2.prot");
  EXPECT_EQ(e.reason(), "unknown key");
  EXPECT_STREQ(e.what(), "amf.yaml:3: n2.prot: unknown key");
}

TEST(config, when_top_level_key_is_unknown_then_error_names_it) {
  sample_config c;
  auto e = error_of([&] { read_sample(document::parse("n2: {}\nn3: {}\n", "x.yaml").root(), c); });
  EXPECT_EQ(e.key(), "n3");
  EXPECT_EQ(e.line(), 2);
}

TEST(config, when_type_is_wrong_then_error_names_key_and_value) {
  sample_config c;
  auto e = error_of([&] { read_sample(document::parse("n2:\n  port: many\n", "f.yaml").root(), c); });
  EXPECT_EQ(e.key(), "n2.port");
  EXPECT_EQ(e.line(), 2);
  EXPECT_NE(e.reason().find("expected an integer"), std::string::npos) << e.reason();
  EXPECT_NE(e.reason().find("many"), std::string::npos);

  e = error_of([&] { read_sample(document::parse("n2:\n  enabled: maybe\n", "f.yaml").root(), c); });
  EXPECT_EQ(e.key(), "n2.enabled");
  EXPECT_NE(e.reason().find("true or false"), std::string::npos);

  e = error_of([&] { read_sample(document::parse("n2:\n  name: [a, b]\n", "f.yaml").root(), c); });
  EXPECT_EQ(e.key(), "n2.name");
  EXPECT_NE(e.reason().find("a list"), std::string::npos);

  e = error_of([&] { read_sample(document::parse("n2: 5\n", "f.yaml").root(), c); });
  EXPECT_EQ(e.key(), "n2");
  EXPECT_NE(e.reason().find("expected a mapping"), std::string::npos);

  e = error_of([&] { read_sample(document::parse("n2:\n  ratio: 1.5x\n", "f.yaml").root(), c); });
  EXPECT_EQ(e.key(), "n2.ratio");
}

TEST(config, when_integer_is_out_of_range_then_error_gives_the_range) {
  sample_config c;
  auto e = error_of([&] { read_sample(document::parse("n2:\n  port: 70000\n", "f.yaml").root(), c); });
  EXPECT_EQ(e.key(), "n2.port");
  EXPECT_NE(e.reason().find("[0, 65535]"), std::string::npos) << e.reason();
  e = error_of([&] { read_sample(document::parse("n2:\n  port: -1\n", "f.yaml").root(), c); });
  EXPECT_EQ(e.key(), "n2.port");
}

TEST(config, when_file_is_missing_then_error_names_the_file) {
  auto e = error_of([] { document::load_file("/nonexistent/meridian.yaml"); });
  EXPECT_EQ(e.file(), "/nonexistent/meridian.yaml");
  EXPECT_EQ(e.line(), 0);
  EXPECT_STREQ(e.what(), "/nonexistent/meridian.yaml: no such file");
}

TEST(config, when_yaml_is_malformed_then_error_gives_the_line) {
  auto e = error_of([] { document::parse("a: 1\nb: [1, 2\n", "bad.yaml"); });
  EXPECT_EQ(e.file(), "bad.yaml");
  EXPECT_GE(e.line(), 2);
  EXPECT_NE(e.reason().find("YAML syntax error"), std::string::npos);

  e = error_of([] { document::parse("- a\n- b\n", "list.yaml"); });
  EXPECT_NE(e.reason().find("mapping at the top level"), std::string::npos);
}

TEST(config, loads_a_file_from_disk) {
  const auto path =
      std::filesystem::temp_directory_path() / ("meridian_config_test_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << "n2:\n  port: 1234\n";
  sample_config c;
  read_sample(document::load_file(path).root(), c);
  EXPECT_EQ(c.port, 1234);
  std::ofstream(path) << "n2:\n  port: 1234\n  bogus: 1\n";
  auto e = error_of([&] { read_sample(document::load_file(path).root(), c); });
  EXPECT_EQ(e.file(), path.string());
  EXPECT_EQ(e.key(), "n2.bogus");
  std::filesystem::remove(path);
}

TEST(config, list_of_sections_reports_each_element_by_index) {
  auto doc = document::parse("amfs:\n  - {address: 127.0.0.1}\n  - {address: 127.0.0.2, port: x}\n", "g.yaml");
  auto root = doc.root();
  auto amfs = root.children("amfs");
  ASSERT_EQ(amfs.size(), 2u);
  std::string address;
  std::uint16_t port = 0;
  amfs[0].read("address", address).read("port", port);
  EXPECT_EQ(address, "127.0.0.1");
  auto e = error_of([&] { amfs[1].read("port", port); });
  EXPECT_EQ(e.key(), "amfs[1].port");
  EXPECT_EQ(e.line(), 3);
}

TEST(logging_config, reads_levels_and_rejects_unknown_ones) {
  log::logging_config cfg;
  log::read_config(document::parse("logging:\n  level: warn\n  levels: {amf.ngap: trace}\n").root().child("logging"),
                   cfg);
  EXPECT_EQ(cfg.default_level, log::level::warn);
  EXPECT_EQ(cfg.levels.at("amf.ngap"), log::level::trace);

  auto e = error_of([] {
    log::logging_config c;
    log::read_config(document::parse("logging:\n  level: loud\n", "l.yaml").root().child("logging"), c);
  });
  EXPECT_EQ(e.key(), "logging.level");
  EXPECT_NE(e.reason().find("loud"), std::string::npos);
  EXPECT_NE(e.reason().find("debug"), std::string::npos);
}

TEST(config, when_path_is_a_directory_then_error_names_it) {
  auto e = error_of([] { document::load_file(std::filesystem::temp_directory_path()); });
  EXPECT_EQ(e.file(), std::filesystem::temp_directory_path().string());
  EXPECT_NE(e.reason().find("not a regular file"), std::string::npos) << e.reason();
}

TEST(config, when_key_is_duplicated_then_error_names_its_second_line) {
  auto e = error_of([] { document::parse("n2:\n  port: 1\n  port: 2\n", "d.yaml"); });
  EXPECT_EQ(e.key(), "n2.port");
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.reason(), "duplicate key");
}

TEST(config, when_key_is_not_a_scalar_then_error) {
  auto e = error_of([] { document::parse("? [a, b]\n: 1\n", "k.yaml"); });
  EXPECT_NE(e.reason().find("single value"), std::string::npos) << e.reason();
}

TEST(config, reads_unsigned_64_bit_values_up_to_int64_max) {
  auto doc = document::parse("seid: 0x7fffffffffffffff\nsmall: 5\n");
  auto root = doc.root();
  std::uint64_t seid = 0, small = 0;
  root.read("seid", seid).read("small", small);
  EXPECT_EQ(seid, 0x7fffffffffffffffull);
  EXPECT_EQ(small, 5u);
}
