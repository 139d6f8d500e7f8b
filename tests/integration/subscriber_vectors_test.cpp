// Issue 14's SQN discipline with the real binary: `meridian subscriber
// vectors` generates authentication vectors in a loop through UDR → UDM; it is
// killed with SIGKILL mid-stream and run again, and no SQN may have been handed
// out twice. The SQN of each printed vector is recovered from its AUTN
// (SQN ⊕ AK, AK = f5(RAND)) with the subscriber's keys, as a USIM would.

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "meridian/common/hex.hpp"
#include "meridian/crypto/milenage.hpp"
#include "process.hpp"

namespace {

using meridian::test::run_process;

// TS 35.208 test set 1.
constexpr const char* k_hex = "465b5ce8b199b49faa5f0a2ee238a6bc";
constexpr const char* opc_hex = "cd63cb71954a9f4e48a5994e37a02baf";
constexpr const char* supi = "imsi-001010000000001";

struct temp_dir {
  temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "meridian_vectors_XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path = pattern;
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::filesystem::path path;
};

std::uint64_t sqn_of(const nlohmann::json& line) {
  const auto rand = *meridian::from_hex(line.at("rand").get<std::string>());
  const auto autn = *meridian::from_hex(line.at("autn").get<std::string>());
  const auto k = *meridian::from_hex(k_hex);
  const auto opc = *meridian::from_hex(opc_hex);
  const meridian::crypto::milenage m(*meridian::crypto::key128::from(k), *meridian::crypto::key128::from(opc));
  meridian::crypto::rand128 r{};
  std::copy_n(rand.begin(), 16, r.begin());
  const auto ak = m.f2345(r).ak;
  std::uint64_t sqn = 0;
  for (int i = 0; i < 6; ++i) sqn = (sqn << 8) | static_cast<std::uint8_t>(autn.at(i) ^ ak[i]);
  return sqn;
}

std::vector<std::uint64_t> sqns_in(const std::string& text) {
  std::vector<std::uint64_t> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    // A line cut by the kill is not a vector that was handed out whole.
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("autn")) continue;
    out.push_back(sqn_of(j));
  }
  return out;
}

std::size_t lines_in(const std::filesystem::path& file) {
  std::ifstream in(file);
  return static_cast<std::size_t>(std::count(std::istreambuf_iterator<char>(in), {}, '\n'));
}

TEST(subscriber_vectors, after_kill_9_mid_stream_and_a_restart_no_sqn_is_handed_out_twice) {
  temp_dir dir;
  ASSERT_FALSE(dir.path.empty());
  const auto db = (dir.path / "subscribers.db").string();
  const auto keys = (dir.path / "keys.yaml").string();
  std::ofstream(keys) << fmt::format("k: {}\nopc: {}\n", k_hex, opc_hex);
  const auto added = run_process(MERIDIAN_BINARY, {"subscriber", "add", "--supi", supi, "--keys", keys, "--db", db});
  ASSERT_EQ(added.exit_code, 0) << added.err;

  // Run 1: a long stream, killed with SIGKILL once a few hundred vectors are out.
  const auto out1 = dir.path / "run1.jsonl";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const int fd = ::creat(out1.c_str(), 0600);
    ::dup2(fd, 1);
    ::execl(MERIDIAN_BINARY, MERIDIAN_BINARY, "subscriber", "vectors", "--supi", supi, "--count", "10000000", "--db",
            db.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (lines_in(out1) < 300 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the stream ended before it was killed";
  std::ifstream in1(out1);
  const std::string text1((std::istreambuf_iterator<char>(in1)), {});
  const auto first = sqns_in(text1);
  ASSERT_GE(first.size(), 300u) << text1.substr(0, 500);

  // Run 2: after the restart, every SQN is new and above every earlier one.
  const auto r2 = run_process(MERIDIAN_BINARY, {"subscriber", "vectors", "--supi", supi, "--count", "50", "--db", db});
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  const auto second = sqns_in(r2.out);
  ASSERT_EQ(second.size(), 50u);

  std::set<std::uint64_t> all;
  for (const auto s : first) EXPECT_TRUE(all.insert(s).second) << "SQN " << s << " handed out twice in run 1";
  for (const auto s : second) EXPECT_TRUE(all.insert(s).second) << "SQN " << s << " handed out again after the kill";
  EXPECT_TRUE(std::is_sorted(first.begin(), first.end()));
  EXPECT_TRUE(std::is_sorted(second.begin(), second.end()));
  EXPECT_GT(second.front(), first.back()) << "SQNs go on increasing across the kill";
}

}  // namespace
