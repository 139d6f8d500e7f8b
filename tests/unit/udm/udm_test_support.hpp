#pragma once
// What the UDM's tests share: a home network (the UDM's services over the
// in-memory UDR), subscribers with the TS 35.207 keys, RANDs from a counter,
// and running tasks to their end or leaving them suspended.

#include <gtest/gtest.h>

#include <expected>
#include <optional>
#include <string>

#include "meridian/common/hex.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/udm/subscriber_data_management.hpp"
#include "meridian/udm/ue_authentication.hpp"
#include "meridian/udm/ue_context_management.hpp"
#include "support/run_task.hpp"
#include "support/udr_in_memory_fake.hpp"
#include "support/udm_service_fake.hpp"
#include "support/udr_service_fake.hpp"
#include "support/vectors.hpp"

namespace meridian::udm::test {

inline model::supi supi_of(const char* text) { return *model::supi::parse(text); }
inline const model::supi alice = *model::supi::parse("imsi-001010000000001");
inline const char* const snn = "5G:mnc001.mcc001.3gppnetwork.org";

/// TS 35.207 test set 1's K and OPc, the given SQN (12 hex digits) and method.
inline udr::authentication_subscription subscription(std::string sqn = "000000000020",
                                                     udr::auth_method method = udr::auth_method::five_g_aka) {
  udr::authentication_subscription s;
  s.authentication_method_ = method;
  s.enc_permanent_key_ = meridian::test::hex_bytes("465b5ce8b199b49faa5f0a2ee238a6bc");
  s.enc_opc_key_ = meridian::test::hex_bytes("cd63cb71954a9f4e48a5994e37a02baf");
  s.authentication_management_field_ = sbi::bytes{0x80, 0x00};
  s.algorithm_id_ = "milenage";
  s.sequence_number_ = udr::sequence_number{.sqn_scheme_ = udr::sqn_scheme::non_time_based, .sqn_ = sqn};
  return s;
}

/// RAND number n: 16 octets, distinct for every n.
inline crypto::rand128 rand_n(std::uint32_t n) {
  crypto::rand128 r{};
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = static_cast<std::uint8_t>((n >> (8 * (i % 4))) + i * 7);
  return r;
}

/// The UDM's three services over one in-memory UDR.
struct home_network {
  meridian::test::in_memory_udr udr;
  meridian::test::fake_home_network_keys keys;
  meridian::test::fake_nudm_uecm_deregistration_notification amfs;
  manual_clock clock;
  udm_config config;
  std::uint32_t rands_given = 0;
  std::optional<std::uint32_t> rands_fail_after;
  ue_authentication ueau{config, udr, keys, [this]() -> std::optional<crypto::rand128> {
                           if (rands_fail_after && rands_given >= *rands_fail_after) return std::nullopt;
                           return rand_n(++rands_given);
                         }};
  subscriber_data_management sdm{config, udr};
  ue_context_management uecm{udr, amfs, clock};

  explicit home_network(udm_config c = {}) : config(std::move(c)) {}
};

using meridian::test::array_of;
using meridian::test::cause_of;
using meridian::test::run;
using meridian::test::start;

inline authentication_info_request request_for(std::string serving_network_name = snn) {
  authentication_info_request r;
  r.serving_network_name_ = std::move(serving_network_name);
  r.ausf_instance_id_ = "ausf-test";
  return r;
}

}  // namespace meridian::udm::test
