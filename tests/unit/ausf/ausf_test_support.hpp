#pragma once
// What the AUSF's tests share: the home network (AUSF over the real UDM over
// the in-memory UDR), a UE (USIM keys, SQN state, the security module's UE
// side), and running tasks.

#include <gtest/gtest.h>

#include <expected>
#include <optional>
#include <string>

#include "meridian/ausf/ue_authentication.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/eap_aka_prime_peer.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "meridian/udm/ue_authentication.hpp"
#include "support/run_task.hpp"
#include "support/udr_in_memory_fake.hpp"
#include "support/vectors.hpp"

namespace meridian::ausf::test {

using meridian::test::hex_bytes;

inline const model::supi alice = *model::supi::parse("imsi-001010000000001");
inline const char* const snn = "5G:mnc001.mcc001.3gppnetwork.org";
inline const char* const k_hex = "465b5ce8b199b49faa5f0a2ee238a6bc";    // TS 35.207 set 1
inline const char* const opc_hex = "cd63cb71954a9f4e48a5994e37a02baf";

inline udr::authentication_subscription subscription(udr::auth_method method = udr::auth_method::five_g_aka,
                                                     std::string sqn = "000000000020") {
  udr::authentication_subscription s;
  s.authentication_method_ = method;
  s.enc_permanent_key_ = hex_bytes(k_hex);
  s.enc_opc_key_ = hex_bytes(opc_hex);
  s.authentication_management_field_ = sbi::bytes{0x80, 0x00};
  s.sequence_number_ = udr::sequence_number{.sqn_ = std::move(sqn)};
  return s;
}

/// The AUSF over the UDM over the in-memory UDR, on a manual clock.
struct home_network {
  meridian::test::in_memory_udr udr;
  meridian::test::fake_home_network_keys keys;
  manual_clock clock;
  udm::ue_authentication udm{udm::udm_config{}, udr, keys};
  ausf_config config;
  ue_authentication ausf{config, udm, clock};

  explicit home_network(ausf_config c = {}) : config(std::move(c)) {}
};

/// One UE: its USIM (K, OPc, SQN state).
struct ue {
  crypto::key128 k = *crypto::key128::from(hex_bytes(k_hex));
  crypto::key128 opc = *crypto::key128::from(hex_bytes(opc_hex));
  security::sqn_ue_state usim;
};

using meridian::test::array_of;
using meridian::test::cause_of;
using meridian::test::run;
using meridian::test::start;

inline authentication_info info_for(sbi::supi_or_suci id, std::string serving_network_name = snn) {
  authentication_info info;
  info.supi_or_suci_ = std::move(id);
  info.serving_network_name_ = std::move(serving_network_name);
  return info;
}

/// The authCtxId of the context's only link.
inline std::string ctx_id_of(const ue_authentication_ctx& ctx) {
  EXPECT_EQ(ctx.links_.size(), 1u);
  return ctx.links_.empty() ? std::string() : std::string(auth_ctx_id_of(ctx.links_.begin()->second.href_));
}

}  // namespace meridian::ausf::test
