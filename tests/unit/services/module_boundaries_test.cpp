// Issue 12's rule, checked on the source tree: a network function's code uses
// another network function only through its service interface
// (include/meridian/<nf>/<nf>_service.hpp and its *_types.hpp), never through
// its implementation headers. The composition root (core, apps) may wire
// implementations; it is not a network function.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

namespace fs = std::filesystem;

constexpr std::array<const char*, 9> network_functions{"amf", "smf", "ausf", "udm", "udr", "nrf", "pcf", "nssf", "upf"};

bool is_interface_header(const std::string& file) {
  return file.ends_with("_service.hpp") || file.ends_with("_types.hpp");
}

/// "lib/amf/x.cpp: meridian/smf/smf_core.hpp" for each include of another NF's
/// implementation header in the files of network function `nf`.
std::vector<std::string> violations_of(const fs::path& root, const std::string& nf) {
  static const std::regex include_line(R"(^\s*#\s*include\s*[<"]meridian/([a-z0-9_]+)/([^">]+)[">])");
  std::vector<std::string> out;
  for (const fs::path& dir : {root / "lib" / nf, root / "include" / "meridian" / nf}) {
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path());
      std::string line;
      while (std::getline(in, line)) {
        std::smatch m;
        if (!std::regex_search(line, m, include_line)) continue;
        const std::string target = m[1], file = m[2];
        if (target == nf) continue;
        if (std::find(network_functions.begin(), network_functions.end(), target) == network_functions.end())
          continue;
        if (is_interface_header(file)) continue;
        out.push_back(fs::relative(entry.path(), root).string() + ": meridian/" + target + "/" + file);
      }
    }
  }
  return out;
}

TEST(module_boundaries, no_network_function_includes_another_ones_implementation_headers) {
  const fs::path root = MERIDIAN_SOURCE_DIR;
  ASSERT_TRUE(fs::is_directory(root / "lib")) << root;
  for (const char* nf : network_functions) {
    for (const auto& v : violations_of(root, nf)) ADD_FAILURE() << v;
  }
}

TEST(module_boundaries, the_check_sees_a_violation_when_there_is_one) {
  // A tree of its own with one NF reaching into another's implementation.
  const fs::path root = fs::temp_directory_path() / ("meridian_boundaries_" + std::to_string(::getpid()));
  fs::create_directories(root / "lib" / "amf");
  {
    std::ofstream(root / "lib" / "amf" / "registration.cpp")
        << "#include \"meridian/smf/smf_service.hpp\"\n"
           "#include \"meridian/udm/udm_types.hpp\"\n"
           "#include \"meridian/model/supi.hpp\"\n"
           "#include \"meridian/smf/session_table.hpp\"\n";
  }
  const auto v = violations_of(root, "amf");
  fs::remove_all(root);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], "lib/amf/registration.cpp: meridian/smf/session_table.hpp");
}

}  // namespace
