// The hot primitives keep state outside the caller's objects: the AES-128
// block cipher under Milenage keys one OpenSSL context per thread (and a
// process-wide cipher fetch and key counter); HMAC-SHA-256 and SHA-256 keep
// theirs on the stack. These tests run the published vectors (TS 35.207/35.208
// Milenage, RFC 4231 HMAC, TS 33.501 Annex A KAUSF, FIPS 180-2 SHA-256) from
// several threads at once, with keys interleaved, and in a forked child.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "meridian/common/hex.hpp"
#include "meridian/crypto/kdf.hpp"
#include "meridian/crypto/milenage.hpp"
#include "support/vector_bytes.hpp"
#include "support/vectors.hpp"

using namespace meridian;
using namespace meridian::crypto;
using meridian::test::array_of;
using meridian::test::hex_bytes;
using meridian::test::load_vectors;

namespace {

key128 key_of(const nlohmann::json& hex) { return key128::from(hex_bytes(hex)).value_or(key128{}); }
std::string hex(std::span<const std::uint8_t> b) { return to_hex(b); }
std::vector<std::uint8_t> text(const std::string& s) { return {s.begin(), s.end()}; }

// Every vector as one check that says whether the primitives still give the
// published answer; a check may run on any thread.
struct vector_checks {
  std::vector<nlohmann::json> milenage_sets, hmac_cases, kausf_cases;

  vector_checks() {
    for (const auto& v : load_vectors("milenage.json")) milenage_sets.push_back(v);
    for (const auto& v : load_vectors("kdf_5g.json")) {
      if (v.at("derivation") == "hmac_sha256") hmac_cases.push_back(v);
      if (v.at("derivation") == "kausf" && v.at("outputs").contains("kausf")) kausf_cases.push_back(v);
    }
  }

  std::size_t size() const { return milenage_sets.size() + hmac_cases.size() + kausf_cases.size() + 1; }

  // Check number i (modulo size()); true if the answer matches.
  bool check(std::size_t i) const {
    i %= size();
    if (i < milenage_sets.size()) return milenage_matches(milenage_sets[i]);
    i -= milenage_sets.size();
    if (i < hmac_cases.size()) return hmac_matches(hmac_cases[i]);
    i -= hmac_cases.size();
    if (i < kausf_cases.size()) return kausf_matches(kausf_cases[i]);
    // FIPS 180-2 appendix B.1: SHA-256("abc").
    return hex(sha256(text("abc"))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  }

  static bool milenage_matches(const nlohmann::json& v) {
    if (hex(milenage_opc(key_of(v.at("k")), key_of(v.at("op"))).bytes()) != v.at("opc")) return false;
    const milenage m(key_of(v.at("k")), key_of(v.at("opc")));
    const auto rand = array_of<16>(v.at("rand"));
    const auto out = m.f2345(rand);
    return hex(m.f1(rand, array_of<6>(v.at("sqn")), array_of<2>(v.at("amf")))) == v.at("f1_mac_a") &&
           hex(out.res) == v.at("f2_res") && hex(out.ck.bytes()) == v.at("f3_ck") &&
           hex(out.ik.bytes()) == v.at("f4_ik") && hex(out.ak) == v.at("f5_ak") &&
           hex(m.f5_star(rand)) == v.at("f5star_ak_star");
  }

  static bool hmac_matches(const nlohmann::json& v) {
    const auto mac = hmac_sha256(hex_bytes(v.at("inputs").at("key")), hex_bytes(v.at("inputs").at("data")));
    const std::string expected = v.at("outputs").at("output");  // case 5 is published truncated
    return hex(mac).substr(0, expected.size()) == expected;
  }

  static bool kausf_matches(const nlohmann::json& v) {
    const auto& in = v.at("inputs");
    auto ck_ik = hex_bytes(in.at("ck"));
    const auto ik = hex_bytes(in.at("ik"));
    ck_ik.insert(ck_ik.end(), ik.begin(), ik.end());
    const auto k = kdf(ck_ik, 0x6a, {text(in.at("serving_network_name")), hex_bytes(in.at("sqn_xor_ak"))});
    return hex(k.bytes()) == v.at("outputs").at("kausf");
  }
};

// Runs every check on the calling thread; the number that failed.
std::size_t failures_of_all(const vector_checks& checks) {
  std::size_t failed = 0;
  for (std::size_t i = 0; i < checks.size(); ++i) failed += checks.check(i) ? 0 : 1;
  return failed;
}

}  // namespace

TEST(crypto_concurrency, the_vector_set_covers_every_primitive) {
  const vector_checks checks;
  EXPECT_EQ(checks.milenage_sets.size(), 6u);
  EXPECT_EQ(checks.hmac_cases.size(), 7u);
  EXPECT_FALSE(checks.kausf_cases.empty());
  EXPECT_EQ(failures_of_all(checks), 0u);
}

TEST(crypto_concurrency, threads_running_the_vectors_at_once_all_get_the_published_answers) {
  const vector_checks checks;
  constexpr std::size_t threads = 4, rounds = 1000;
  std::atomic<std::size_t> failed{0}, done{0};
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      // Each thread starts at another vector, so different keys run side by side.
      for (std::size_t i = 0; i < rounds * checks.size(); ++i) {
        if (!checks.check(i + t * 5)) failed.fetch_add(1);
        done.fetch_add(1);
      }
    });
  for (auto& th : pool) th.join();
  EXPECT_EQ(done.load(), threads * rounds * checks.size());
  EXPECT_EQ(failed.load(), 0u);
}

TEST(crypto_concurrency, one_milenage_object_serves_several_threads_at_once) {
  // Each thread's AES context must be keyed for this object on first use there,
  // even though the object was built (and its key set up) on another thread.
  const auto v = load_vectors("milenage.json").at(0);
  const milenage shared(key_of(v.at("k")), key_of(v.at("opc")));
  const auto rand = array_of<16>(v.at("rand"));
  std::atomic<std::size_t> failed{0};
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < 4; ++t)
    pool.emplace_back([&, t] {
      const auto other = load_vectors("milenage.json").at(1 + t);  // a second key on this thread
      const milenage mine(key_of(other.at("k")), key_of(other.at("opc")));
      for (int i = 0; i < 2000; ++i) {
        if (hex(shared.f2345(rand).res) != v.at("f2_res")) failed.fetch_add(1);
        if (hex(mine.f2345(array_of<16>(other.at("rand"))).res) != other.at("f2_res")) failed.fetch_add(1);
      }
    });
  for (auto& th : pool) th.join();
  EXPECT_EQ(failed.load(), 0u);
}

TEST(crypto_concurrency, a_cipher_made_after_another_died_at_the_same_address_is_keyed_afresh) {
  const auto sets = load_vectors("milenage.json");
  const auto rand0 = array_of<16>(sets.at(0).at("rand"));
  const auto rand1 = array_of<16>(sets.at(1).at("rand"));
  for (int i = 0; i < 4; ++i) {
    const auto& v = sets.at(static_cast<std::size_t>(i % 2));
    // Same storage each time; only the key tells the contexts apart.
    const milenage m(key_of(v.at("k")), key_of(v.at("opc")));
    EXPECT_EQ(hex(m.f2345(i % 2 == 0 ? rand0 : rand1).res), v.at("f2_res"));
  }
}

TEST(crypto_concurrency, a_forked_child_gets_the_published_answers) {
  const vector_checks checks;
  // The parent has used every primitive (so this thread's AES context exists
  // and holds a key) and keeps a keyed Milenage object across the fork.
  ASSERT_EQ(failures_of_all(checks), 0u);
  const auto& v = checks.milenage_sets.at(2);
  const milenage kept(key_of(v.at("k")), key_of(v.at("opc")));
  const auto rand = array_of<16>(v.at("rand"));
  ASSERT_EQ(hex(kept.f2345(rand).ck.bytes()), v.at("f3_ck"));

  const pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    // No gtest assertions here: the verdict is the exit status.
    const bool ok = failures_of_all(checks) == 0 && hex(kept.f2345(rand).ck.bytes()) == v.at("f3_ck");
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  // And the parent still does after its child ran.
  EXPECT_EQ(failures_of_all(checks), 0u);
}
