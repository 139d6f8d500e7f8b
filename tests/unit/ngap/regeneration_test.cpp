// The committed generated code equals a fresh run of tools/asn1gen over the
// NGAP ASN.1 in ../shared/specs (skipped when ../shared is not there).

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ngap_generator, committed_code_equals_fresh_generation) {
  namespace fs = std::filesystem;
  const fs::path src = MERIDIAN_SOURCE_DIR;
  const fs::path asn = src.parent_path() / "shared" / "specs" / "ngap" / "38413-h30.asn";
  if (!fs::exists(asn)) GTEST_SKIP() << "no " << asn << ": regeneration check skipped";
  const fs::path out = fs::temp_directory_path() / ("asn1gen-check-" + std::to_string(::getpid()));
  fs::remove_all(out);
  const std::string cmd = "python3 '" + (src / "tools/asn1gen/asn1gen.py").string() + "' '" + asn.string() +
                          "' --out '" + out.string() + "' 2>&1";
  std::string log;
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::array<char, 512> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) log += buf.data();
  const int rc = ::pclose(p);
  if (rc != 0 && log.find("python3") != std::string::npos && log.find("not found") != std::string::npos)
    GTEST_SKIP() << "python3 not available";
  ASSERT_EQ(rc, 0) << log;
  std::size_t compared = 0;
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    if (!e.is_regular_file()) continue;
    const auto rel = fs::relative(e.path(), out);
    ++compared;
    EXPECT_EQ(slurp(e.path()), slurp(src / rel))
        << rel << " differs from a fresh generation: run "
        << "python3 tools/asn1gen/asn1gen.py ../shared/specs/ngap/38413-h30.asn --out .";
  }
  EXPECT_GT(compared, 10u);
  fs::remove_all(out);
}

}  // namespace
