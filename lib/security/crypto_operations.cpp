#include "meridian/security/crypto_operations.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "meridian/common/hex.hpp"
#include "meridian/crypto/ecies.hpp"
#include "meridian/crypto/milenage.hpp"
#include "meridian/crypto/nas_algorithms.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/security/key_chain.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "meridian/security/suci.hpp"
#include "operation_inputs.hpp"

namespace meridian::security {

namespace {

// Where an operation passes several inputs to one derivation, they are read
// last argument first: the order in which the tool has always reported the
// first bad one.

std::string hex(std::span<const std::uint8_t> bytes) { return to_hex(bytes); }

// The subscriber's K and OPc, from --k and either --op or --opc.
const operation_input k_input{"k", "Subscriber key K, 32 hex digits"};
const operation_input op_input{"op", "Operator variant OP, 32 hex digits", false, {}, "opc"};
const operation_input opc_input{"opc", "OPc (OP already combined with K), 32 hex digits", false};
// RAND, SQN and AMF of one authentication.
const operation_input rand_input{"rand", "RAND, 32 hex digits"};
const operation_input sqn_input{"sqn", "SQN, 12 hex digits"};
const operation_input amf_input{"amf", "Authentication management field, 4 hex digits"};

std::pair<key128, key128> subscriber_keys(input_reader& in) {
  if (in.given("op") == in.given("opc")) in.fail("give exactly one of --op and --opc");
  const key128 k = in.key<16>("k");
  const key128 opc = in.given("op") ? crypto::milenage_opc(k, in.key<16>("op")) : in.key<16>("opc");
  return {k, opc};
}

operation_result milenage_operation(const operation_values& v) {
  input_reader in(v);
  const auto [k, opc] = subscriber_keys(in);
  const auto rand = in.octets<16>("rand");
  const auto sqn = in.octets<6>("sqn");
  const auto amf = in.octets<2>("amf");
  if (!in.ok()) return in.failure();
  const crypto::milenage m(k, opc);
  const auto out = m.f2345(rand);
  return operation_outputs{
      {"opc", hex(opc.bytes())}, {"mac_a", hex(m.f1(rand, sqn, amf))}, {"mac_s", hex(m.f1_star(rand, sqn, amf))},
      {"res", hex(out.res)},     {"ck", hex(out.ck.bytes())},          {"ik", hex(out.ik.bytes())},
      {"ak", hex(out.ak)},       {"ak_star", hex(m.f5_star(rand))}};
}

// The SUPI value that enters KAMF (TS 33.501 A.7): the IMSI digits or the NAI.
std::string supi_value(input_reader& in) {
  const auto text = in.text("supi");
  if (auto s = model::supi::parse(text)) return std::string(s->value());
  if (auto s = model::supi::parse("imsi-" + std::string(text))) return std::string(s->value());
  in.fail(fmt::format("--supi: '{}' is neither 5-15 IMSI digits nor imsi-…/nai-…", text));
  return {};
}

operation_result aka_operation(const operation_values& v) {
  input_reader in(v);
  key_chain_input c;
  std::tie(c.k, c.opc) = subscriber_keys(in);
  c.rand = in.octets<16>("rand");
  c.sqn = in.octets<6>("sqn");
  c.amf = in.octets<2>("amf");
  c.abba = in.hex("abba");
  if (c.abba.empty()) in.fail("--abba: must hold at least one octet");
  c.uplink_nas_count = static_cast<std::uint32_t>(in.number("ul-nas-count", 0xffffffffu));
  c.nas_ciphering_algorithm = static_cast<std::uint8_t>(in.number("nea", 3));
  c.nas_integrity_algorithm = static_cast<std::uint8_t>(in.number("nia", 3));
  c.supi_value = supi_value(in);
  c.serving_network_name = in.nonempty_text("snn");
  if (!in.ok()) return in.failure();
  const auto k = derive_key_chain(c);
  return operation_outputs{{"opc", hex(c.opc.bytes())},
                           {"res", hex(k.av.res)},
                           {"ck", hex(k.av.ck.bytes())},
                           {"ik", hex(k.av.ik.bytes())},
                           {"ak", hex(k.av.ak)},
                           {"autn", hex(k.av.autn)},
                           {"xres_star", hex(k.av.xres_star)},
                           {"hxres_star", hex(k.av.hxres_star)},
                           {"kausf", hex(k.av.kausf.bytes())},
                           {"kseaf", hex(k.kseaf.bytes())},
                           {"kamf", hex(k.kamf.bytes())},
                           {"knas_enc", hex(k.knas_enc.bytes())},
                           {"knas_int", hex(k.knas_int.bytes())},
                           {"kgnb", hex(k.kgnb.bytes())},
                           {"nh", hex(k.nh.bytes())}};
}

// The inputs of 128-NEA and 128-NIA (TS 33.501 D.2, D.3).
const std::vector<operation_input> algorithm_inputs{
    {"alg", "Algorithm: 0, 1 (SNOW 3G), 2 (AES), 3 (ZUC)"},
    {"key", "128-bit key, 32 hex digits"},
    {"count", "COUNT, 8 hex digits"},
    {"bearer", "BEARER, 0-31"},
    {"direction", "DIRECTION: 0 uplink, 1 downlink"},
    {"length-bits", "Message length in bits"},
    {"data", "Message, ceil(length/8) octets in hex"},
};

struct algorithm_args {
  std::uint8_t alg = 0;
  key128 key;
  crypto::algorithm_input input;
  std::size_t length_bits = 0;
  std::vector<std::uint8_t> data;
};

algorithm_args algorithm_arguments(input_reader& in) {
  algorithm_args a{static_cast<std::uint8_t>(in.number("alg", 3)), in.key<16>("key"), {}, 0, {}};
  const auto count = in.octets<4>("count");
  a.input.count = static_cast<std::uint32_t>(count[0]) << 24 | static_cast<std::uint32_t>(count[1]) << 16 |
                  static_cast<std::uint32_t>(count[2]) << 8 | count[3];
  a.input.bearer = static_cast<std::uint8_t>(in.number("bearer", 31));
  a.input.direction = static_cast<std::uint8_t>(in.number("direction", 1));
  // LENGTH is a 32-bit field in TS 33.501 D.2/D.3.
  a.length_bits = in.number("length-bits", 0xffffffffu);
  a.data = in.hex("data");
  const std::size_t octets = (a.length_bits + 7) / 8;
  if (a.data.size() != octets)
    in.fail(fmt::format("--data: --length-bits {} needs {} octets, got {}", a.length_bits, octets, a.data.size()));
  return a;
}

operation_result nea_operation(const operation_values& v) {
  input_reader in(v);
  auto a = algorithm_arguments(in);
  if (!in.ok()) return in.failure();
  auto r = crypto::nea_apply(static_cast<crypto::nea>(a.alg), a.key, a.input, a.data, a.length_bits);
  if (!r) return std::unexpected(r.error().message());
  return operation_outputs{{"ciphertext", hex(a.data)}};
}

operation_result nia_operation(const operation_values& v) {
  input_reader in(v);
  const auto a = algorithm_arguments(in);
  if (!in.ok()) return in.failure();
  auto mac = crypto::nia_mac(static_cast<crypto::nia>(a.alg), a.key, a.input, a.data, a.length_bits);
  if (!mac) return std::unexpected(mac.error().message());
  return operation_outputs{{"mac", hex(*mac)}};
}

operation_result suci_keygen_operation(const operation_values& v) {
  const input_reader in(v);
  const auto profile = crypto::parse_ecies_profile(in.text("profile"));
  if (!profile) return std::unexpected(fmt::format("--profile: '{}' is not A or B", in.text("profile")));
  auto pair = crypto::ecies_generate_key_pair(*profile);
  if (!pair) return std::unexpected(pair.error().message());
  operation_outputs out{{"private_key", hex(pair->private_key)}, {"public_key", hex(pair->public_key)}};
  crypto::secure_wipe(pair->private_key);
  return out;
}

operation_result suci_conceal_operation(const operation_values& v) {
  input_reader in(v);
  const auto id = model::supi::parse(in.text("supi"));
  if (!id)
    return std::unexpected(fmt::format("--supi: '{}' is not imsi-<5-15 digits> or nai-<user@realm>", in.text("supi")));
  conceal_options options;
  const auto scheme = parse_protection_scheme(in.text("profile"));
  if (!scheme) return std::unexpected(fmt::format("--profile: '{}' is not A or B", in.text("profile")));
  options.scheme = *scheme;
  std::vector<std::uint8_t> hn_key, eph_key;
  if (options.scheme != protection_scheme::null) {
    if (!in.given("hn-public-key")) return std::unexpected("--hn-public-key is required for profiles A and B");
    hn_key = in.hex("hn-public-key");
    options.hn_public_key = hn_key;
    // TS 23.003 §2.2B: key id 0 is reserved for the null scheme.
    if (in.ok() && !in.given("hn-key-id")) return std::unexpected("--hn-key-id is required for profiles A and B");
    options.hn_public_key_id = static_cast<std::uint8_t>(in.number("hn-key-id", 255));
  }
  options.routing_indicator = in.text("routing-indicator");
  options.mnc_length = static_cast<unsigned>(in.number("mnc-length", 3));
  if (options.mnc_length < 2) in.fail("--mnc-length: must be 2 or 3");
  if (in.given("eph-private-key")) {
    eph_key = in.hex("eph-private-key");
    options.ephemeral_private_key = std::span<const std::uint8_t>(eph_key);
  }
  if (!in.ok()) {
    crypto::secure_wipe(eph_key);
    return in.failure();
  }
  auto concealed = conceal(*id, options);
  crypto::secure_wipe(eph_key);
  if (!concealed) return std::unexpected(concealed.error().detail);
  return operation_outputs{{"suci", to_string(*concealed)}};
}

operation_result suci_deconceal_operation(const operation_values& v) {
  input_reader in(v);
  auto parsed = parse_suci(in.text("suci"));
  if (!parsed) return std::unexpected(fmt::format("--suci: {}", parsed.error().detail));
  std::vector<std::uint8_t> key;
  if (parsed->protection_scheme_ != protection_scheme::null) {
    if (!in.given("hn-private-key")) return std::unexpected("--hn-private-key is required for profiles A and B");
    key = in.hex("hn-private-key", 32);
    if (!in.ok()) return in.failure();
  }
  auto id = deconceal(*parsed, key);
  crypto::secure_wipe(key);
  if (!id) return std::unexpected(id.error().detail);
  return operation_outputs{{"supi", id->to_string()}};
}

// ---- One TS 33.501 Annex A derivation from its direct inputs ----------------

operation_result kausf_operation(const operation_values& v) {
  input_reader in(v);
  const auto sqn_xor_ak = in.octets<6>("sqn-xor-ak");
  const auto snn = in.nonempty_text("snn");
  const auto ik = in.key<16>("ik");
  const auto ck = in.key<16>("ck");
  if (!in.ok()) return in.failure();
  return operation_outputs{{"kausf", hex(security::derive_kausf(ck, ik, snn, sqn_xor_ak).bytes())}};
}

operation_result res_star_operation(const operation_values& v) {
  input_reader in(v);
  const auto rand = in.octets<16>("rand");
  const auto res = in.hex("res");
  if (!is_valid_res_length(res.size())) in.fail("--res: must be 4 to 16 octets");
  const auto snn = in.nonempty_text("snn");
  const auto ik = in.key<16>("ik");
  const auto ck = in.key<16>("ck");
  if (!in.ok()) return in.failure();
  const auto res_star = security::derive_res_star(ck, ik, snn, rand, res);
  return operation_outputs{{"res_star", hex(res_star)}, {"hres_star", hex(derive_hres_star(rand, res_star))}};
}

operation_result kseaf_operation(const operation_values& v) {
  input_reader in(v);
  const auto snn = in.nonempty_text("snn");
  const auto kausf = in.key<32>("kausf");
  if (!in.ok()) return in.failure();
  return operation_outputs{{"kseaf", hex(security::derive_kseaf(kausf, snn).bytes())}};
}

operation_result kamf_operation(const operation_values& v) {
  input_reader in(v);
  const auto abba = in.hex("abba");
  if (abba.empty()) in.fail("--abba: must hold at least one octet");
  // TS 33.501 A.7: the IMSI digits or the NAI; RFC 7542 caps an NAI at 253 octets.
  const auto supi = in.nonempty_text("supi", 253);
  const auto kseaf = in.key<32>("kseaf");
  if (!in.ok()) return in.failure();
  return operation_outputs{{"kamf", hex(security::derive_kamf(kseaf, supi, abba).bytes())}};
}

operation_result algorithm_keys_operation(const operation_values& v) {
  input_reader in(v);
  const auto family = parse_algorithm_key_family(in.text("kind"));
  if (!family) return std::unexpected(fmt::format("--kind: '{}' is not nas, rrc or up", in.text("kind")));
  const auto key = in.key<32>("key");
  const auto enc_alg = static_cast<std::uint8_t>(in.number("enc-alg", 3));
  const auto int_alg = static_cast<std::uint8_t>(in.number("int-alg", 3));
  if (!in.ok()) return in.failure();
  const auto k = security::derive_algorithm_keys(key, *family, enc_alg, int_alg);
  return operation_outputs{{"enc_key_256", hex(k.enc_256.bytes())},
                           {"int_key_256", hex(k.int_256.bytes())},
                           {"enc_key", hex(k.enc.bytes())},
                           {"int_key", hex(k.integ.bytes())}};
}

operation_result kgnb_operation(const operation_values& v) {
  input_reader in(v);
  const auto kamf = in.key<32>("kamf");
  const auto count = static_cast<std::uint32_t>(in.number("ul-nas-count", 0xffffffffu));
  if (!in.ok()) return in.failure();
  const auto access = parse_access_type(in.text("access"));
  if (!access) return std::unexpected(fmt::format("--access: '{}' is not 3gpp or non-3gpp", in.text("access")));
  const auto kgnb = security::derive_kgnb(kamf, count, *access);
  return operation_outputs{{"kgnb", hex(kgnb.bytes())}, {"nh", hex(derive_nh(kamf, kgnb).bytes())}};
}

// CK' and IK' (TS 33.402 A.2, RFC 9048) from CK, IK, a network name and SQN xor AK.
ck_ik_prime ck_ik_prime_of(input_reader& in, std::string_view network_name) {
  const auto sqn_xor_ak = in.octets<6>("sqn-xor-ak");
  const auto name = in.nonempty_text(network_name);
  const auto ik = in.key<16>("ik");
  const auto ck = in.key<16>("ck");
  if (!in.ok()) return {};
  return derive_ck_ik_prime(ck, ik, name, sqn_xor_ak);
}

operation_result ck_ik_prime_operation(const operation_values& v) {
  input_reader in(v);
  const auto keys = ck_ik_prime_of(in, "access-network-name");
  if (!in.ok()) return in.failure();
  return operation_outputs{{"ck_prime", hex(keys.ck_prime.bytes())}, {"ik_prime", hex(keys.ik_prime.bytes())}};
}

operation_result eap_aka_prime_operation(const operation_values& v) {
  input_reader in(v);
  const auto prime = ck_ik_prime_of(in, "network-name");
  const auto identity = in.nonempty_text("identity");
  if (!in.ok()) return in.failure();
  const auto keys = derive_eap_aka_prime_keys(prime, identity);
  return operation_outputs{
      {"ck_prime", hex(prime.ck_prime.bytes())}, {"ik_prime", hex(prime.ik_prime.bytes())},
      {"k_encr", hex(keys.k_encr.bytes())},      {"k_aut", hex(keys.k_aut.bytes())},
      {"k_re", hex(keys.k_re.bytes())},          {"msk", hex(keys.msk.bytes())},
      {"emsk", hex(keys.emsk.bytes())},          {"k_ausf", hex(derive_kausf_from_emsk(keys.emsk).bytes())}};
}

const operation_input ck_input{"ck", "CK, 32 hex digits"};
const operation_input ik_input{"ik", "IK, 32 hex digits"};
const operation_input snn_input{"snn", "Serving network name"};
const operation_input sqn_xor_ak_input{"sqn-xor-ak", "SQN xor AK, 12 hex digits"};

const std::vector<crypto_operation>& table() {
  static const std::vector<crypto_operation> operations{
      {"",
       "milenage",
       "Milenage f1..f5* (TS 35.206) for K, OP/OPc, RAND, SQN, AMF",
       {k_input, op_input, opc_input, rand_input, sqn_input, amf_input},
       output_form::json_object,
       milenage_operation},
      {"",
       "aka",
       "5G-AKA and the key hierarchy (TS 33.501 §6.1.3.2, Annex A): AUTN, XRES*, KAUSF ... KgNB, NH",
       {k_input,
        op_input,
        opc_input,
        rand_input,
        sqn_input,
        amf_input,
        {"snn", "Serving network name, e.g. 5G:mnc093.mcc208.3gppnetwork.org"},
        {"supi", "SUPI: IMSI digits, imsi-… or nai-…"},
        {"abba", "ABBA parameter, hex (default 0000)", false, "0000"},
        {"ul-nas-count", "Uplink NAS COUNT for KgNB (default 0)", false, "0"},
        {"nea", "Ciphering algorithm id for KNASenc, 0-3 (default 2)", false, "2"},
        {"nia", "Integrity algorithm id for KNASint, 0-3 (default 2)", false, "2"}},
       output_form::json_object,
       aka_operation},
      {"", "nea", "128-NEA0..3 ciphering (TS 33.501 D.2): prints the ciphertext", algorithm_inputs, output_form::line,
       nea_operation},
      {"", "nia", "128-NIA0..3 integrity (TS 33.501 D.3): prints the 32-bit MAC", algorithm_inputs, output_form::line,
       nia_operation},
      {"suci",
       "keygen",
       "Generate a home network key pair",
       {{"profile", "ECIES profile: A (X25519) or B (P-256)"}},
       output_form::json_object,
       suci_keygen_operation},
      {"suci",
       "conceal",
       "Conceal a SUPI into a SUCI (UE side)",
       {{"supi", "SUPI: imsi-<digits> or nai-<user@realm>"},
        {"profile", "Protection scheme: null, A or B"},
        {"hn-public-key", "Home network public key, hex (not for null)", false},
        {"hn-key-id", "Home network public key identifier, 1-255 (not for null)", false},
        {"routing-indicator", "Routing indicator, 1-4 digits (default 0)", false, "0"},
        {"eph-private-key", "Fixed ephemeral private key, hex (default random)", false},
        {"mnc-length", "Digits of the MNC in an IMSI: 2 or 3 (default 2)", false, "2"}},
       output_form::line,
       suci_conceal_operation},
      {"suci",
       "deconceal",
       "Recover the SUPI from a SUCI (home network side)",
       {{"suci", "SUCI in the TS 23.003 string form"},
        {"hn-private-key", "Home network private key, hex (not for null)", false}},
       output_form::line,
       suci_deconceal_operation},
      {"derive",
       "kausf",
       "KAUSF (A.2)",
       {ck_input, ik_input, snn_input, sqn_xor_ak_input},
       output_form::json_object,
       kausf_operation},
      {"derive",
       "res-star",
       "RES* / XRES* (A.4) and HRES* / HXRES* (A.5)",
       {ck_input, ik_input, snn_input, {"rand", "RAND, 32 hex digits"}, {"res", "RES, 4-16 octets in hex"}},
       output_form::json_object,
       res_star_operation},
      {"derive",
       "kseaf",
       "KSEAF (A.6)",
       {{"kausf", "KAUSF, 64 hex digits"}, snn_input},
       output_form::json_object,
       kseaf_operation},
      {"derive",
       "kamf",
       "KAMF (A.7)",
       {{"kseaf", "KSEAF, 64 hex digits"},
        {"supi", "SUPI value: IMSI digits or NAI"},
        {"abba", "ABBA, hex (default 0000)", false, "0000"}},
       output_form::json_object,
       kamf_operation},
      {"derive",
       "algorithm-keys",
       "NAS, RRC or UP algorithm keys (A.8)",
       {{"key", "KAMF (nas) or KgNB (rrc, up), 64 hex digits"},
        {"kind", "nas, rrc or up (default nas)", false, "nas"},
        {"enc-alg", "ciphering algorithm id 0-3 (default 0)", false, "0"},
        {"int-alg", "integrity algorithm id 0-3 (default 0)", false, "0"}},
       output_form::json_object,
       algorithm_keys_operation},
      {"derive",
       "kgnb",
       "KgNB or KN3IWF (A.9) and the first NH (A.10)",
       {{"kamf", "KAMF, 64 hex digits"},
        {"ul-nas-count", "uplink NAS COUNT (default 0)", false, "0"},
        {"access", "3gpp or non-3gpp (default 3gpp)", false, "3gpp"}},
       output_form::json_object,
       kgnb_operation},
      {"derive",
       "ck-ik-prime",
       "CK' and IK' (TS 33.402 A.2, RFC 9048)",
       {ck_input, ik_input, {"access-network-name", "Access network identity, e.g. WLAN"}, sqn_xor_ak_input},
       output_form::json_object,
       ck_ik_prime_operation},
      {"",
       "eap-aka-prime",
       "EAP-AKA' keys (RFC 9048): CK', IK', K_encr, K_aut, K_re, MSK, EMSK and K_AUSF",
       {ck_input,
        ik_input,
        {"identity", "Identity for MK: the IMSI digits or NAI in 5G (TS 33.501 Annex F.3)"},
        {"network-name", "Access network name (AT_KDF_INPUT); in 5G the serving network name"},
        {"sqn-xor-ak", "SQN xor AK (the first 6 octets of AUTN), 12 hex digits"}},
       output_form::json_object,
       eap_aka_prime_operation},
  };
  return operations;
}

}  // namespace

std::span<const crypto_operation> crypto_operations() { return table(); }

std::string_view crypto_operation_group_help(std::string_view group) noexcept {
  if (group == "suci") return "SUCI key generation, concealment and deconcealment (TS 33.501 C)";
  if (group == "derive") return "One TS 33.501 Annex A key derivation from its direct inputs";
  return {};
}

operation_result run_crypto_operation(std::string_view group, std::string_view name, operation_values values) {
  const auto& ops = table();
  const auto op = std::ranges::find_if(ops, [&](const auto& o) { return o.group_ == group && o.name_ == name; });
  if (op == ops.end()) return std::unexpected(fmt::format("no crypto operation '{} {}'", group, name));
  for (const auto& input : op->inputs_) {
    if (values.contains(input.name_)) continue;
    if (input.required_) return std::unexpected(fmt::format("--{} is required", input.name_));
    values.emplace(input.name_, input.default_);
  }
  return op->run_(values);
}

}  // namespace meridian::security
