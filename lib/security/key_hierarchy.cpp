#include "meridian/security/key_hierarchy.hpp"

#include <algorithm>

#include "meridian/crypto/kdf.hpp"

namespace meridian::security {

namespace {

// FC values of TS 33.501 Annex A and TS 33.402 A.2 (the number space is TS 33.220's).
constexpr std::uint8_t fc_ck_ik_prime = 0x20;    // TS 33.402 A.2
constexpr std::uint8_t fc_algorithm_key = 0x69;  // A.8
constexpr std::uint8_t fc_kausf = 0x6A;          // A.2
constexpr std::uint8_t fc_res_star = 0x6B;       // A.4
constexpr std::uint8_t fc_kseaf = 0x6C;          // A.6
constexpr std::uint8_t fc_kamf = 0x6D;           // A.7
constexpr std::uint8_t fc_kgnb = 0x6E;           // A.9
constexpr std::uint8_t fc_nh = 0x6F;             // A.10
constexpr std::uint8_t fc_kng_ran_star = 0x70;   // A.11 (target gNB)
constexpr std::uint8_t fc_kamf_prime = 0x72;     // A.13

using bytes = std::span<const std::uint8_t>;

// The character string of a text parameter (TS 33.220 B.2.1.2: the octets as given).
bytes text(std::string_view s) noexcept { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

// KEY = CK || IK (A.2, A.4, TS 33.402 A.2), kept in wiped storage.
crypto::secret<32> ck_ik(const key128& ck, const key128& ik) noexcept {
  crypto::secret<32> key;
  auto out = key.mutable_bytes();
  std::copy(ck.bytes().begin(), ck.bytes().end(), out.begin());
  std::copy(ik.bytes().begin(), ik.bytes().end(), out.begin() + 16);
  return key;
}

// The last 16 octets of a 32-octet value ("the 128 least significant bits").
template <class Out, class In>
Out low_128(const In& in) noexcept {
  Out out{};
  std::copy(in.begin() + 16, in.end(), out.begin());
  return out;
}

key128 low_key128(const key256& in) noexcept {
  key128 out;
  std::copy(in.bytes().begin() + 16, in.bytes().end(), out.mutable_bytes().begin());
  return out;
}

template <std::size_t N>
std::array<std::uint8_t, N> big_endian(std::uint64_t v) noexcept {
  std::array<std::uint8_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * (N - 1 - i)));
  return out;
}

}  // namespace

// TS 33.501 A.2.
key256 derive_kausf(const key128& ck, const key128& ik, std::string_view serving_network_name,
                    std::span<const std::uint8_t, 6> sqn_xor_ak) {
  return crypto::kdf(ck_ik(ck, ik).bytes(), fc_kausf, {text(serving_network_name), sqn_xor_ak});
}

// TS 33.501 A.4.
std::array<std::uint8_t, 16> derive_res_star(const key128& ck, const key128& ik, std::string_view serving_network_name,
                                             std::span<const std::uint8_t, 16> rand,
                                             std::span<const std::uint8_t> res) {
  // An out-of-range RES length is a caller bug (see the header); the KDF input
  // still encodes it unambiguously, so it is derived rather than refused.
  const key256 out = crypto::kdf(ck_ik(ck, ik).bytes(), fc_res_star, {text(serving_network_name), rand, res});
  return low_128<std::array<std::uint8_t, 16>>(out.bytes());
}

// TS 33.501 A.5.
std::array<std::uint8_t, 16> derive_hres_star(std::span<const std::uint8_t, 16> rand,
                                              std::span<const std::uint8_t, 16> res_star) {
  // S = RAND || XRES* (or the UE's RES*): XRES* is secret until the UE answers.
  std::array<std::uint8_t, 32> s{};
  const crypto::scoped_wipe wipe_s(s);
  std::copy(rand.begin(), rand.end(), s.begin());
  std::copy(res_star.begin(), res_star.end(), s.begin() + 16);
  auto digest = crypto::sha256(s);
  const crypto::scoped_wipe wipe_digest(digest);
  return low_128<std::array<std::uint8_t, 16>>(digest);
}

// TS 33.501 A.6.
key256 derive_kseaf(const key256& kausf, std::string_view serving_network_name) {
  return crypto::kdf(kausf.bytes(), fc_kseaf, {text(serving_network_name)});
}

// TS 33.501 A.7.
key256 derive_kamf(const key256& kseaf, std::string_view supi_value, std::span<const std::uint8_t> abba) {
  return crypto::kdf(kseaf.bytes(), fc_kamf, {text(supi_value), abba});
}

// TS 33.501 A.13.
key256 derive_kamf_prime(const key256& kamf, std::uint8_t direction, std::uint32_t count) {
  const std::uint8_t dir[1] = {direction};
  const auto cnt = big_endian<4>(count);
  return crypto::kdf(kamf.bytes(), fc_kamf_prime, {dir, cnt});
}

// TS 33.501 A.8 (full KDF output).
key256 derive_algorithm_key_256(const key256& parent, algorithm_distinguisher type, std::uint8_t algorithm_id) {
  const std::uint8_t p0[1] = {static_cast<std::uint8_t>(type)};
  const std::uint8_t p1[1] = {algorithm_id};
  return crypto::kdf(parent.bytes(), fc_algorithm_key, {p0, p1});
}

// TS 33.501 A.8: the 128 least significant bits.
key128 derive_algorithm_key(const key256& parent, algorithm_distinguisher type, std::uint8_t algorithm_id) {
  return low_key128(derive_algorithm_key_256(parent, type, algorithm_id));
}

// TS 33.501 A.9.
key256 derive_kgnb(const key256& kamf, std::uint32_t uplink_nas_count, access_type access) {
  const auto cnt = big_endian<4>(uplink_nas_count);
  const std::uint8_t distinguisher[1] = {static_cast<std::uint8_t>(access)};
  return crypto::kdf(kamf.bytes(), fc_kgnb, {cnt, distinguisher});
}

// TS 33.501 A.10.
key256 derive_nh(const key256& kamf, const key256& sync_input) {
  return crypto::kdf(kamf.bytes(), fc_nh, {sync_input.bytes()});
}

// TS 33.501 A.11.
key256 derive_kng_ran_star(const key256& kgnb_or_nh, std::uint16_t pci, std::uint32_t arfcn_dl) {
  const auto p0 = big_endian<2>(pci);
  const auto p1 = big_endian<3>(arfcn_dl & 0xffffffu);
  return crypto::kdf(kgnb_or_nh.bytes(), fc_kng_ran_star, {p0, p1});
}

// TS 33.402 A.2 (TS 33.501 A.3 with the serving network name as access network identity).
ck_ik_prime derive_ck_ik_prime(const key128& ck, const key128& ik, std::string_view access_network_name,
                               std::span<const std::uint8_t, 6> sqn_xor_ak) {
  const key256 out = crypto::kdf(ck_ik(ck, ik).bytes(), fc_ck_ik_prime, {text(access_network_name), sqn_xor_ak});
  ck_ik_prime keys;
  // CK' is the 128 most significant bits, IK' the 128 least significant.
  std::copy(out.bytes().begin(), out.bytes().begin() + 16, keys.ck_prime.mutable_bytes().begin());
  std::copy(out.bytes().begin() + 16, out.bytes().end(), keys.ik_prime.mutable_bytes().begin());
  return keys;
}

// RFC 9048 §3.3 / RFC 5448 §3.3: MK = PRF'(IK'|CK', "EAP-AKA'"|Identity).
eap_aka_prime_keys derive_eap_aka_prime_keys(const ck_ik_prime& keys, std::string_view identity) {
  // K = IK' | CK' (IK' first, unlike CK || IK of the 3GPP KDF).
  crypto::secret<32> k;
  std::copy(keys.ik_prime.bytes().begin(), keys.ik_prime.bytes().end(), k.mutable_bytes().begin());
  std::copy(keys.ck_prime.bytes().begin(), keys.ck_prime.bytes().end(), k.mutable_bytes().begin() + 16);

  static constexpr std::string_view label = "EAP-AKA'";
  constexpr std::size_t mk_octets = 16 + 32 + 32 + 64 + 64;  // 1664 bits
  constexpr std::size_t blocks = (mk_octets + 31) / 32;      // 7 HMAC outputs
  crypto::secret<blocks * 32> mk;
  auto mk_bytes = mk.mutable_bytes();

  for (std::size_t n = 1; n <= blocks; ++n) {
    const std::uint8_t counter[1] = {static_cast<std::uint8_t>(n)};
    const bytes previous = n == 1 ? bytes{} : bytes(mk_bytes.data() + (n - 2) * 32, 32);
    auto t = crypto::hmac_sha256(k.bytes(), {previous, text(label), text(identity), counter});
    const crypto::scoped_wipe wipe_t(t);
    std::copy(t.begin(), t.end(), mk_bytes.begin() + static_cast<std::ptrdiff_t>((n - 1) * 32));
  }

  eap_aka_prime_keys out;
  auto take = [&, at = std::size_t{0}](auto& key) mutable {
    auto dst = key.mutable_bytes();
    std::copy(mk_bytes.begin() + static_cast<std::ptrdiff_t>(at),
              mk_bytes.begin() + static_cast<std::ptrdiff_t>(at + dst.size()), dst.begin());
    at += dst.size();
  };
  take(out.k_encr);
  take(out.k_aut);
  take(out.k_re);
  take(out.msk);
  take(out.emsk);
  return out;
}

std::string eap_aka_prime_identity(const model::supi& supi) { return std::string(supi.value()); }

// TS 33.501 Annex F: KAUSF = EMSK[0..255].
key256 derive_kausf_from_emsk(const crypto::secret<64>& emsk) {
  return key256(emsk.bytes().first<32>());
}

}  // namespace meridian::security
