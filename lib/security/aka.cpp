#include "meridian/security/aka.hpp"

#include <algorithm>
#include <span>

#include "meridian/security/key_hierarchy.hpp"

namespace meridian::security {

namespace {

// TS 33.102 Annex H: the "AMF separation bit" is bit 0 of AMF, its most
// significant bit; TS 33.501 §6.1.3.2 requires it set to 1 for 5G.
constexpr std::uint8_t separation_bit = 0x80;

// TS 33.102 §6.3.3: the dummy AMF used in the computation of MAC-S.
constexpr amf16 resync_amf{0x00, 0x00};

// AUTS = (SQN_MS xor AK*) || MAC-S with an existing Milenage instance.
auts112 make_auts(const crypto::milenage& m, const rand128& rand, std::uint64_t sqn_ms) {
  const sqn48 sqn = sqn_to_bytes(sqn_ms & sqn_mask);
  ak48 ak_star = m.f5_star(rand);
  const crypto::scoped_wipe wipe_ak_star(ak_star);
  const crypto::mac64 mac_s = m.f1_star(rand, sqn, resync_amf);
  auts112 auts{};
  for (std::size_t i = 0; i < 6; ++i) auts[i] = static_cast<std::uint8_t>(sqn[i] ^ ak_star[i]);
  std::copy(mac_s.begin(), mac_s.end(), auts.begin() + 6);
  return auts;
}

}  // namespace

// TS 33.501 §6.1.3.2.0 steps 1-3 (ARPF/UDM and AUSF): 5G HE AV, HXRES*, KAUSF.
he_authentication_vector generate_he_av(const key128& k, const key128& opc, const rand128& rand, const sqn48& sqn,
                                        const amf16& amf, std::string_view serving_network_name) {
  const crypto::milenage m(k, opc);
  amf16 amf_5g = amf;
  amf_5g[0] = static_cast<std::uint8_t>(amf_5g[0] | separation_bit);

  auto f = m.f2345(rand);
  // RES and AK are plain arrays in f2345_output (CK and IK wipe themselves).
  const crypto::scoped_wipe wipe_res(f.res);
  const crypto::scoped_wipe wipe_ak(f.ak);
  const crypto::mac64 mac_a = m.f1(rand, sqn, amf_5g);

  he_authentication_vector av;
  av.rand = rand;
  // TS 33.102 §6.3.2: AUTN = SQN xor AK || AMF || MAC.
  for (std::size_t i = 0; i < 6; ++i) av.autn[i] = static_cast<std::uint8_t>(sqn[i] ^ f.ak[i]);
  std::copy(amf_5g.begin(), amf_5g.end(), av.autn.begin() + 6);
  std::copy(mac_a.begin(), mac_a.end(), av.autn.begin() + 8);
  const std::span<const std::uint8_t, 6> sqn_xor_ak(av.autn.data(), 6);

  av.xres_star = derive_res_star(f.ck, f.ik, serving_network_name, rand, f.res);
  av.hxres_star = derive_hres_star(rand, av.xres_star);
  av.kausf = derive_kausf(f.ck, f.ik, serving_network_name, sqn_xor_ak);
  av.res = f.res;
  av.ck = f.ck;
  av.ik = f.ik;
  av.ak = f.ak;
  return av;
}

// TS 33.102 §6.3.3: the USIM's AUTN check.
// Order: MAC first (AMF is under the MAC, so a forged separation bit is a MAC
// failure); then the separation bit, so that a genuine non-5G vector neither
// consumes an SQN nor provokes a resynchronisation; then SQN freshness.
std::expected<usim_aka_result, ue_aka_rejection> usim_check(const key128& k, const key128& opc, const rand128& rand,
                                                           const autn128& autn, const sqn_ue_state& state) {
  const crypto::milenage m(k, opc);
  auto f = m.f2345(rand);
  // RES and AK are plain arrays in f2345_output; wipe them on every way out.
  const crypto::scoped_wipe wipe_res(f.res);
  const crypto::scoped_wipe wipe_ak(f.ak);

  sqn48 sqn{};
  for (std::size_t i = 0; i < 6; ++i) sqn[i] = static_cast<std::uint8_t>(autn[i] ^ f.ak[i]);
  const amf16 amf{autn[6], autn[7]};
  const crypto::mac64 xmac = m.f1(rand, sqn, amf);
  const std::span<const std::uint8_t> mac(autn.data() + 8, 8);

  if (!crypto::constant_time_equal(xmac, mac)) {
    return std::unexpected(ue_aka_rejection{autn_failure::mac_failure, {}});
  }
  if ((amf[0] & separation_bit) == 0) {
    return std::unexpected(ue_aka_rejection{autn_failure::non_5g_auth_unacceptable, {}});
  }
  const std::uint64_t sqn_value = sqn_from_bytes(sqn);
  if (!state.is_fresh(sqn_value)) {
    return std::unexpected(ue_aka_rejection{autn_failure::synch_failure, make_auts(m, rand, state.sqn_ms())});
  }
  usim_aka_result r;
  r.res = f.res;
  r.ck = f.ck;
  r.ik = f.ik;
  r.sqn = sqn_value;
  return r;
}

// TS 33.501 §6.1.3.2.0 step 5: the UE's AUTN check, then RES* and KAUSF.
std::expected<ue_aka_result, ue_aka_rejection> ue_authenticate(const key128& k, const key128& opc, const rand128& rand,
                                                               const autn128& autn,
                                                               std::string_view serving_network_name,
                                                               sqn_ue_state& state) {
  auto usim = usim_check(k, opc, rand, autn, state);
  if (!usim) return std::unexpected(usim.error());
  const crypto::scoped_wipe wipe_res(usim->res);
  state.accept(usim->sqn);

  ue_aka_result r;
  const std::span<const std::uint8_t, 6> sqn_xor_ak(autn.data(), 6);
  r.res_star = derive_res_star(usim->ck, usim->ik, serving_network_name, rand, usim->res);
  r.kausf = derive_kausf(usim->ck, usim->ik, serving_network_name, sqn_xor_ak);
  r.ck = usim->ck;
  r.ik = usim->ik;
  r.sqn = usim->sqn;
  return r;
}

// TS 33.102 §6.3.3: AUTS = (SQN_MS xor AK*) || MAC-S, MAC-S = f1*(SQN_MS, RAND, AMF = 0x0000).
auts112 generate_auts(const key128& k, const key128& opc, const rand128& rand, std::uint64_t sqn_ms) {
  const crypto::milenage m(k, opc);
  return make_auts(m, rand, sqn_ms);
}

// TS 33.102 §6.3.5: recover SQN_MS with AK* = f5*(RAND) and check MAC-S.
std::optional<std::uint64_t> verify_auts(const key128& k, const key128& opc, const rand128& rand, const auts112& auts) {
  const crypto::milenage m(k, opc);
  ak48 ak_star = m.f5_star(rand);
  const crypto::scoped_wipe wipe_ak_star(ak_star);
  sqn48 sqn_ms{};
  for (std::size_t i = 0; i < 6; ++i) sqn_ms[i] = static_cast<std::uint8_t>(auts[i] ^ ak_star[i]);
  const crypto::mac64 xmac_s = m.f1_star(rand, sqn_ms, resync_amf);
  if (!crypto::constant_time_equal(xmac_s, std::span<const std::uint8_t>(auts.data() + 6, 8))) return std::nullopt;
  return sqn_from_bytes(sqn_ms);
}

bool autn_mac_verifies(const key128& k, const key128& opc, const rand128& rand, const autn128& autn) {
  const crypto::milenage m(k, opc);
  auto f = m.f2345(rand);
  const crypto::scoped_wipe wipe_res(f.res);
  const crypto::scoped_wipe wipe_ak(f.ak);
  sqn48 sqn{};
  for (std::size_t i = 0; i < 6; ++i) sqn[i] = static_cast<std::uint8_t>(autn[i] ^ f.ak[i]);
  const crypto::mac64 xmac = m.f1(rand, sqn, amf16{autn[6], autn[7]});
  return crypto::constant_time_equal(xmac, std::span<const std::uint8_t>(autn.data() + 8, 8));
}

key256 derive_kausf_of_challenge(const key128& k, const key128& opc, const rand128& rand, const autn128& autn,
                                 std::string_view serving_network_name) {
  const crypto::milenage m(k, opc);
  auto f = m.f2345(rand);
  const crypto::scoped_wipe wipe_res(f.res);
  const crypto::scoped_wipe wipe_ak(f.ak);
  return derive_kausf(f.ck, f.ik, serving_network_name, std::span<const std::uint8_t, 6>(autn.data(), 6));
}

}  // namespace meridian::security
