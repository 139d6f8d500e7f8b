// EAP-AKA' (RFC 9048): the key derivations against the published vectors
// (RFC 5448 Appendix C, which RFC 9048 keeps) and the 5G case of
// tests/vectors/eap_aka_prime.json, and the packet codec against packets laid
// out by hand from RFC 4187 §8-§10, MACs computed outside this code (Python's
// hmac and hashlib, openssl dgst) and tshark's EAP-AKA' dissector.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <unistd.h>

#include "meridian/common/hex.hpp"
#include "meridian/common/pcap_writer.hpp"
#include "meridian/crypto/kdf.hpp"
#include "meridian/security/eap_aka_prime.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "support/command_output.hpp"
#include "support/vectors.hpp"

using namespace meridian;
using namespace meridian::security;
using meridian::test::hex_bytes;
using meridian::test::load_vectors;

namespace {

std::string hex(std::span<const std::uint8_t> b) { return to_hex(b); }

template <std::size_t N>
crypto::secret<N> secret_of(const std::string& text) {
  auto s = crypto::secret<N>::from(hex_bytes(text));
  if (!s) {
    ADD_FAILURE() << "expected " << N << " octets: " << text;
    return {};
  }
  return *s;
}

template <std::size_t N>
std::array<std::uint8_t, N> array_of(const std::string& text) {
  const auto b = hex_bytes(text);
  std::array<std::uint8_t, N> a{};
  if (b.size() != N) {
    ADD_FAILURE() << "expected " << N << " octets: " << text;
    return a;
  }
  std::copy(b.begin(), b.end(), a.begin());
  return a;
}

std::vector<nlohmann::json> eap_cases() {
  std::vector<nlohmann::json> out;
  const auto file = load_vectors("eap_aka_prime.json");  // named: a temporary would die before the loop
  for (const auto& c : file.at("cases")) out.push_back(c);
  return out;
}

std::string case_name(const ::testing::TestParamInfo<nlohmann::json>& info) {
  std::string name;
  for (char c : info.param.at("name").get<std::string>()) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

// ---------------------------------------------------------------- derivations

class eap_aka_prime_vector : public ::testing::TestWithParam<nlohmann::json> {};

TEST_P(eap_aka_prime_vector, every_key_matches_the_vector) {
  const auto& v = GetParam();
  const auto prime = derive_ck_ik_prime(secret_of<16>(v.at("ck")), secret_of<16>(v.at("ik")),
                                        v.at("network_name").get<std::string>(), array_of<6>(v.at("sqn_xor_ak")));
  EXPECT_EQ(hex(prime.ck_prime.bytes()), v.at("ck_prime").get<std::string>());
  EXPECT_EQ(hex(prime.ik_prime.bytes()), v.at("ik_prime").get<std::string>());
  const auto keys = derive_eap_aka_prime_keys(prime, v.at("identity").get<std::string>());
  // MK = K_encr | K_aut | K_re | MSK | EMSK: each part checked is MK checked.
  EXPECT_EQ(hex(keys.k_encr.bytes()), v.at("k_encr").get<std::string>());
  EXPECT_EQ(hex(keys.k_aut.bytes()), v.at("k_aut").get<std::string>());
  EXPECT_EQ(hex(keys.k_re.bytes()), v.at("k_re").get<std::string>());
  EXPECT_EQ(hex(keys.msk.bytes()), v.at("msk").get<std::string>());
  EXPECT_EQ(hex(keys.emsk.bytes()), v.at("emsk").get<std::string>());
  EXPECT_EQ(hex(derive_kausf_from_emsk(keys.emsk).bytes()), v.at("k_ausf").get<std::string>());
}

TEST_P(eap_aka_prime_vector, sqn_xor_ak_is_the_first_six_octets_of_autn) {
  const auto& v = GetParam();
  EXPECT_EQ(v.at("autn").get<std::string>().substr(0, 12), v.at("sqn_xor_ak").get<std::string>());
}

INSTANTIATE_TEST_SUITE_P(vectors, eap_aka_prime_vector, ::testing::ValuesIn(eap_cases()), case_name);

TEST(eap_aka_prime_vectors, the_file_holds_the_published_rfc_case_and_the_5g_case) {
  std::size_t published = 0, derived = 0;
  for (const auto& c : eap_cases()) (c.at("derived").get<bool>() ? derived : published) += 1;
  EXPECT_GE(published, 1u);
  EXPECT_GE(derived, 1u);
}

TEST(eap_aka_prime_identity, is_the_imsi_digits_or_the_nai_of_the_supi) {
  EXPECT_EQ(eap_aka_prime_identity(*model::supi::parse("imsi-001010000000001")), "001010000000001");
  EXPECT_EQ(eap_aka_prime_identity(*model::supi::parse("nai-user@example.org")), "user@example.org");
}

// ---------------------------------------------------------------- codec

// RFC 5448 Appendix C case 1's RAND and AUTN in an AKA'-Challenge for network
// "WLAN", identifier 0x2a, laid out by hand from RFC 4187 §8.1/§10 and RFC 9048
// §3.1-3.2. The MAC (K_aut of case 1) was computed with Python's hmac/hashlib:
//   hmac.new(k_aut, packet_with_zero_mac, sha256).digest()[:16]
const std::string challenge_hex =
    "012a0050" "32010000"                                   // Request, id 0x2a, length 80; AKA', Challenge
    "01050000" "81e92b6c0ee0e12ebceba8d92a99dfa5"           // AT_RAND
    "02050000" "bb52e91c747ac3ab2a5c23d15ee351d5"           // AT_AUTN
    "17020004" "574c414e"                                   // AT_KDF_INPUT "WLAN"
    "18010001"                                              // AT_KDF 1
    "0b050000" "6efc34f7b8a1c3a1765d57ebf95d68fa";          // AT_MAC
const std::string response_hex =
    "022a0028" "32010000"                                   // Response, id 0x2a, length 40; AKA', Challenge
    "03030040" "28d7b0f2a2ec3de5"                           // AT_RES, 64 bits
    "0b050000" "6c3f96832547012764a578bb722e19fc";          // AT_MAC
const std::string k_aut_case1 = "0842ea722ff6835bfa2032499fc3ec23c2f0e388b4f07543ffc677f1696d71ea";

eap::packet case1_challenge() {
  return eap::challenge_request(0x2a, array_of<16>("81e92b6c0ee0e12ebceba8d92a99dfa5"),
                                array_of<16>("bb52e91c747ac3ab2a5c23d15ee351d5"), "WLAN");
}

TEST(eap_codec, the_challenge_request_is_encoded_as_rfc_4187_lays_it_out_with_its_mac) {
  auto bytes = eap::encode_with_mac(case1_challenge(), secret_of<32>(k_aut_case1));
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(hex(*bytes), challenge_hex);
}

TEST(eap_codec, the_challenge_request_decodes_to_its_attributes) {
  auto p = eap::decode(hex_bytes(challenge_hex));
  ASSERT_TRUE(p.has_value()) << p.error().message();
  EXPECT_EQ(p->code_, eap::code::request);
  EXPECT_EQ(p->identifier_, 0x2a);
  EXPECT_EQ(p->subtype_, eap::aka_subtype::challenge);
  EXPECT_EQ(hex(*p->attributes_.rand_), "81e92b6c0ee0e12ebceba8d92a99dfa5");
  EXPECT_EQ(hex(*p->attributes_.autn_), "bb52e91c747ac3ab2a5c23d15ee351d5");
  EXPECT_EQ(*p->attributes_.kdf_input_, "WLAN");
  EXPECT_EQ(p->attributes_.kdf_, std::vector<std::uint16_t>{1});
  EXPECT_EQ(hex(*p->attributes_.mac_), "6efc34f7b8a1c3a1765d57ebf95d68fa");
  EXPECT_FALSE(p->attributes_.res_.has_value());
}

TEST(eap_codec, the_challenge_response_round_trips_and_its_mac_verifies) {
  const auto bytes = hex_bytes(response_hex);
  auto p = eap::decode(bytes);
  ASSERT_TRUE(p.has_value()) << p.error().message();
  EXPECT_EQ(p->code_, eap::code::response);
  EXPECT_EQ(hex(*p->attributes_.res_), "28d7b0f2a2ec3de5");
  auto again = eap::encode(*p);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(hex(*again), response_hex);
  EXPECT_TRUE(eap::mac_verifies(bytes, secret_of<32>(k_aut_case1)));
}

TEST(eap_codec, a_mac_over_attributes_in_another_order_verifies_over_the_octets_as_received) {
  // AT_MAC first, then AT_RES: legal (RFC 4187 fixes no order), and not how
  // encode() writes it. MAC by Python over this order with the MAC zeroed.
  const std::string reordered_zero = "022a0028" "32010000" "0b050000" "00000000000000000000000000000000"
                                     "03030040" "28d7b0f2a2ec3de5";
  auto mac = crypto::hmac_sha256(secret_of<32>(k_aut_case1).bytes(), hex_bytes(reordered_zero));
  std::string reordered = reordered_zero;
  reordered.replace(24, 32, hex(std::span(mac).first(16)));
  EXPECT_TRUE(eap::mac_verifies(hex_bytes(reordered), secret_of<32>(k_aut_case1)));
  auto tampered = hex_bytes(reordered);
  tampered.back() ^= 0x01;  // one bit of RES
  EXPECT_FALSE(eap::mac_verifies(tampered, secret_of<32>(k_aut_case1)));
}

TEST(eap_codec, the_mac_agrees_with_openssl_dgst) {
  if (std::system("openssl version > /dev/null 2>&1") != 0) GTEST_SKIP() << "openssl is not installed";
  auto zeroed = hex_bytes(challenge_hex);
  std::fill(zeroed.end() - 16, zeroed.end(), std::uint8_t{0});
  const auto file = std::filesystem::temp_directory_path() / ("meridian_eap_mac_" + std::to_string(::getpid()));
  {
    std::FILE* f = std::fopen(file.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(zeroed.data(), 1, zeroed.size(), f);
    std::fclose(f);
  }
  const std::string out = test::command_output("openssl dgst -sha256 -mac HMAC -macopt hexkey:" + k_aut_case1 + " " +
                                               file.string() + " 2>/dev/null");
  std::filesystem::remove(file);
  auto mac = eap::compute_mac(*eap::decode(hex_bytes(challenge_hex)), secret_of<32>(k_aut_case1));
  ASSERT_TRUE(mac.has_value());
  EXPECT_NE(out.find(hex(*mac)), std::string::npos) << out;
}

TEST(eap_codec, a_wrong_key_or_a_changed_octet_fails_the_mac) {
  const auto bytes = hex_bytes(challenge_hex);
  EXPECT_TRUE(eap::mac_verifies(bytes, secret_of<32>(k_aut_case1)));
  auto other_key = secret_of<32>(k_aut_case1);
  other_key.mutable_bytes()[0] ^= 0x80;
  EXPECT_FALSE(eap::mac_verifies(bytes, other_key));
  for (std::size_t i = 8; i < bytes.size() - 16; ++i) {  // every octet outside the MAC itself
    auto changed = bytes;
    changed[i] ^= 0x01;
    EXPECT_FALSE(eap::mac_verifies(changed, secret_of<32>(k_aut_case1))) << "octet " << i;
  }
}

TEST(eap_codec, a_packet_without_mac_never_verifies) {
  eap::packet p;
  p.code_ = eap::code::response;
  p.subtype_ = eap::aka_subtype::authentication_reject;
  auto bytes = eap::encode(p);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_FALSE(eap::mac_verifies(*bytes, secret_of<32>(k_aut_case1)));
}

// Every subtype the 5G exchange uses, built in code.
std::vector<eap::packet> sample_packets() {
  std::vector<eap::packet> out;
  out.push_back(case1_challenge());
  out.back().attributes_.mac_ = array_of<16>("6efc34f7b8a1c3a1765d57ebf95d68fa");
  {
    eap::packet p;
    p.code_ = eap::code::response;
    p.identifier_ = 7;
    p.subtype_ = eap::aka_subtype::challenge;
    p.attributes_.res_ = hex_bytes("00112233445566778899aabbccddeeff");
    p.attributes_.checkcode_ = std::vector<std::uint8_t>{};
    p.attributes_.result_ind_ = true;
    p.attributes_.mac_ = std::array<std::uint8_t, 16>{1, 2, 3};
    out.push_back(p);
  }
  {
    eap::packet p;
    p.code_ = eap::code::response;
    p.identifier_ = 8;
    p.subtype_ = eap::aka_subtype::synchronization_failure;
    p.attributes_.auts_ = array_of<14>("0102030405060708090a0b0c0d0e");
    p.attributes_.kdf_ = {1};
    out.push_back(p);
  }
  {
    eap::packet p;
    p.code_ = eap::code::response;
    p.identifier_ = 9;
    p.subtype_ = eap::aka_subtype::authentication_reject;
    out.push_back(p);
  }
  {
    eap::packet p;
    p.code_ = eap::code::response;
    p.identifier_ = 10;
    p.subtype_ = eap::aka_subtype::client_error;
    p.attributes_.client_error_code_ = 0;
    out.push_back(p);
  }
  {
    eap::packet p = case1_challenge();
    p.identifier_ = 11;
    p.attributes_.kdf_ = {2, 1};
    p.attributes_.kdf_input_ = "5G:mnc093.mcc208.3gppnetwork.org";
    p.attributes_.checkcode_ = std::vector<std::uint8_t>(32, 0x5a);
    p.attributes_.mac_ = std::array<std::uint8_t, 16>{};
    out.push_back(p);
  }
  for (auto c : {eap::code::success, eap::code::failure}) {
    eap::packet p;
    p.code_ = c;
    p.identifier_ = 12;
    out.push_back(p);
  }
  return out;
}

TEST(eap_codec, every_sample_round_trips) {
  for (const auto& p : sample_packets()) {
    auto bytes = eap::encode(p);
    ASSERT_TRUE(bytes.has_value()) << bytes.error().message();
    auto back = eap::decode(*bytes);
    ASSERT_TRUE(back.has_value()) << back.error().message();
    if (p.code_ == eap::code::success || p.code_ == eap::code::failure) {
      EXPECT_EQ(back->code_, p.code_);
      EXPECT_EQ(back->identifier_, p.identifier_);
      EXPECT_EQ(bytes->size(), 4u);
    } else {
      EXPECT_EQ(*back, p);
    }
    auto again = eap::encode(*back);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *bytes);
    EXPECT_EQ(bytes->size() % 4, 0u);
  }
}

TEST(eap_codec, truncating_a_packet_at_any_octet_is_an_error_never_a_crash) {
  for (const auto& p : sample_packets()) {
    const auto bytes = *eap::encode(p);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      auto r = eap::decode(std::span(bytes).first(n));
      EXPECT_FALSE(r.has_value()) << "length " << n << " of " << hex(bytes);
      if (!r) {
        EXPECT_LE(r.error().offset, bytes.size());
      }
    }
  }
}

TEST(eap_codec, truncating_the_length_with_the_packet_is_an_error_at_the_cut_attribute) {
  // The EAP Length cut along with the packet: the attribute list ends inside an attribute.
  const auto bytes = hex_bytes(challenge_hex);
  for (std::size_t n = 9; n < bytes.size(); ++n) {
    auto cut = std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    cut[2] = static_cast<std::uint8_t>(n >> 8);
    cut[3] = static_cast<std::uint8_t>(n);
    auto r = eap::decode(cut);
    // A cut exactly between attributes leaves a shorter valid packet.
    const bool at_boundary = n == 28 || n == 48 || n == 56 || n == 60;
    EXPECT_EQ(r.has_value(), at_boundary) << "length " << n;
  }
}

TEST(eap_codec, every_single_octet_change_decodes_or_fails_cleanly) {
  for (const auto& p : sample_packets()) {
    const auto bytes = *eap::encode(p);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      for (std::uint8_t v : {std::uint8_t{0x00}, std::uint8_t{0xff}, static_cast<std::uint8_t>(bytes[i] ^ 0x80)}) {
        auto changed = bytes;
        changed[i] = v;
        auto r = eap::decode(changed);
        if (r) {
          EXPECT_TRUE(eap::encode(*r).has_value());
        }
      }
    }
  }
}

eap::packet decode_or_fail(const std::string& text) {
  auto p = eap::decode(hex_bytes(text));
  EXPECT_TRUE(p.has_value()) << text;
  return p ? *p : eap::packet{};
}

decode_errc error_of(const std::string& text) {
  auto p = eap::decode(hex_bytes(text));
  EXPECT_FALSE(p.has_value()) << text;
  return p ? decode_errc::unsupported : p.error().code;
}

TEST(eap_codec, malformed_packets_name_what_is_wrong) {
  EXPECT_EQ(error_of("05010004"), decode_errc::invalid_value);                  // code 5
  EXPECT_EQ(error_of("01010003"), decode_errc::invalid_length);                 // Length below the header
  EXPECT_EQ(error_of("0101000c320100000105"), decode_errc::truncated);          // Length beyond the input
  EXPECT_EQ(error_of("03010005ff"), decode_errc::invalid_length);               // Success with data
  EXPECT_EQ(error_of("0101000817010000"), decode_errc::unsupported);            // EAP-AKA (23), not AKA'
  EXPECT_EQ(error_of("0101000832030000"), decode_errc::unknown_type);           // subtype 3 is unassigned
  EXPECT_EQ(error_of("010100083201"), decode_errc::truncated);                  // no reserved octets
  EXPECT_EQ(error_of("0101000c3201000001000000"), decode_errc::invalid_length); // attribute length 0
  EXPECT_EQ(error_of("0101000c3201000001010000"), decode_errc::invalid_length); // AT_RAND of 4 octets
  EXPECT_EQ(error_of("0101000c3201000063010000"), decode_errc::unknown_type);   // unknown non-skippable (99)
  EXPECT_EQ(error_of("0101001c32010000030500410011223344556677" "8899aabbccddeeff"),
            decode_errc::invalid_value);                                        // RES of 65 bits
  EXPECT_EQ(error_of("01010010320100000302001000112233"), decode_errc::invalid_value);  // RES of 16 bits
  EXPECT_EQ(error_of("0101001c32010000030500200011223300000000" "0000000000000000"),
            decode_errc::invalid_length);                                       // RES padded beyond 4 octets
  EXPECT_EQ(error_of("01010010320100001702000941424344"), decode_errc::invalid_length);  // name longer than attribute
  EXPECT_EQ(error_of("0101001032010000860200000000ffff"), decode_errc::invalid_length);  // AT_CHECKCODE of 4 octets
  EXPECT_EQ(error_of("01010030320100000105000000000000000000000000000000000000"
                     "0105000000000000000000000000000000000000"),
            decode_errc::duplicate_ie);                                         // AT_RAND twice
}

TEST(eap_codec, a_repeated_kdf_is_a_list_and_an_unknown_skippable_attribute_is_skipped) {
  // AT_KDF 2, AT_KDF 1, AT_BIDDING (136, skippable, not read here).
  auto p = decode_or_fail("0101001432010000" "18010002" "18010001" "88010000");
  EXPECT_EQ(p.attributes_.kdf_, (std::vector<std::uint16_t>{2, 1}));
}

TEST(eap_codec, octets_beyond_the_eap_length_are_link_padding) {
  auto p = decode_or_fail("03070004" "000000");
  EXPECT_EQ(p.code_, eap::code::success);
  EXPECT_EQ(p.identifier_, 7);
}

TEST(eap_codec, encoding_refuses_values_the_rfc_forbids) {
  eap::packet p;
  p.code_ = eap::code::response;
  p.attributes_.res_ = std::vector<std::uint8_t>(3, 0);
  EXPECT_FALSE(eap::encode(p).has_value());
  p.attributes_.res_ = std::vector<std::uint8_t>(17, 0);
  EXPECT_FALSE(eap::encode(p).has_value());
  p.attributes_.res_.reset();
  p.attributes_.checkcode_ = std::vector<std::uint8_t>(20, 0);  // EAP-AKA's SHA-1 size, not AKA''s
  EXPECT_FALSE(eap::encode(p).has_value());
  p.attributes_.checkcode_.reset();
  p.attributes_.kdf_input_ = std::string(1100, 'x');  // longer than one attribute can be
  EXPECT_FALSE(eap::encode(p).has_value());
}

// ---------------------------------------------------------------- tshark

bool have_tshark() { return std::system("tshark --version > /dev/null 2>&1") == 0; }

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  return out;
}

TEST(eap_tshark, tshark_reads_every_packet_we_encode_with_the_same_subtype_and_attributes) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  const auto packets = sample_packets();
  const auto dir = std::filesystem::temp_directory_path() / ("meridian_eap_tshark_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "eap.pcap";
  {
    auto w = pcap_writer::create(file, static_cast<pcap_link_type>(147));  // USER0, mapped to eap below
    ASSERT_TRUE(w.has_value()) << w.error();
    for (const auto& p : packets) ASSERT_TRUE(w->write(clock::wall_time{}, *eap::encode(p)));
    ASSERT_TRUE(w->flush());
  }
  const std::string base = "tshark -r " + file.string() +
                           " -o 'uat:user_dlts:\"User 0 (DLT=147)\",\"eap\",\"0\",\"\",\"0\",\"\"'";
  const std::string verbose = test::command_output(base + " -V 2>/dev/null");
  EXPECT_EQ(verbose.find("Malformed"), std::string::npos) << verbose;
  EXPECT_EQ(verbose.find("Severity level: Error"), std::string::npos) << verbose;
  const std::string fields = test::command_output(
      base + " -T fields -E separator='|' -E aggregator=',' -e eap.code -e eap.id -e eap.type -e eap.aka.subtype"
             " -e eap.aka.subtype.type -e eap.aka.subtype.len 2>/dev/null");
  std::filesystem::remove_all(dir);
  const auto lines = split(fields, '\n');
  ASSERT_EQ(lines.size(), packets.size()) << fields;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const auto& p = packets[i];
    auto cols = split(lines[i], '|');
    cols.resize(6);
    SCOPED_TRACE(lines[i]);
    EXPECT_EQ(cols[0], std::to_string(static_cast<int>(p.code_)));
    EXPECT_EQ(cols[1], std::to_string(p.identifier_));
    if (p.code_ == eap::code::success || p.code_ == eap::code::failure) continue;
    EXPECT_EQ(cols[2], "50");
    EXPECT_EQ(cols[3], std::to_string(static_cast<int>(p.subtype_)));
    // The attribute types in order, and their lengths, as tshark walked them.
    auto bytes = *eap::encode(p);
    std::string types, lengths;
    for (std::size_t at = 8; at < bytes.size(); at += bytes[at + 1] * 4u) {
      types += (types.empty() ? "" : ",") + std::to_string(bytes[at]);
      lengths += (lengths.empty() ? "" : ",") + std::to_string(bytes[at + 1]);
    }
    EXPECT_EQ(cols[4], types);
    EXPECT_EQ(cols[5], lengths);
  }
}

}  // namespace
