#pragma once
// The home network in one process (issue 14): the UDR over the SQLite
// subscriber store, the UDM (UE authentication, UECM, SDM) and the AUSF,
// wired through their service interfaces only, with the home network's SUCI keys handed from the store to
// the UDM's SIDF. `meridian subscriber vectors`, the home-network benchmark
// and (later) `meridian core` build it here.

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "meridian/ausf/ausf_config.hpp"
#include "meridian/ausf/ausf_service.hpp"
#include "meridian/common/clock.hpp"
#include "meridian/core/node_error.hpp"
#include "meridian/udm/home_network_keys.hpp"
#include "meridian/udm/udm_config.hpp"
#include "meridian/udm/udm_service.hpp"
#include "meridian/udm/ue_authentication.hpp"
#include "meridian/udr/data_repository.hpp"
#include "meridian/udr/udr_service.hpp"

namespace asio {
class io_context;
}

namespace meridian::udr {
struct hn_key;
}

namespace meridian::core {

struct home_network_config {
  /// The subscriber store (created if missing, mode 0600).
  std::filesystem::path db_ = "subscribers.db";
  udm::udm_config udm_{};
  ausf::ausf_config ausf_{};
  /// Where the UDM's RANDs come from; empty: the operating system's CSPRNG.
  /// (The home-network benchmark draws its RANDs ahead to prepare the UE's answers.)
  udm::rand_source rand_{};
};

/// The home network's SUCI private keys, loaded once from the store and
/// answered from memory (udm::home_network_keys is synchronous on purpose).
class stored_home_network_keys final : public udm::home_network_keys {
 public:
  explicit stored_home_network_keys(const std::vector<udr::hn_key>& keys);
  std::optional<udm::hn_private_key> find(std::uint8_t key_id, model::protection_scheme scheme) const override;
  std::size_t size() const noexcept { return keys_.size(); }

 private:
  struct entry {
    std::uint8_t key_id;
    model::protection_scheme scheme;
    udm::hn_private_key key;
  };
  std::vector<entry> keys_;
};

class home_network {
 public:
  /// Opens the store and builds UDR, UDM and AUSF on `io` (whose thread must
  /// make every call); `clk` times the AUSF's authentication contexts.
  static std::expected<std::unique_ptr<home_network>, node_error> open(asio::io_context& io, home_network_config cfg,
                                                                        const clock& clk);
  ~home_network();
  home_network(const home_network&) = delete;
  home_network& operator=(const home_network&) = delete;

  udr::nudr_data_repository& udr() noexcept;
  udm::nudm_ue_authentication& udm_ue_authentication() noexcept;
  ausf::nausf_ue_authentication& ausf() noexcept;
  /// The UDM's Nudm_UECM and Nudm_SDM (the AMF's registration and its UEs' subscription).
  udm::nudm_uecm& udm_uecm() noexcept;
  udm::nudm_sdm& udm_sdm() noexcept;
  /// The UDR's group commit so far (transactions, writes, largest batch).
  udr::data_repository_counters udr_counters() const;
  /// How many SUCI private keys the store holds.
  std::size_t home_network_key_count() const noexcept;

 private:
  struct impl;
  explicit home_network(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
};

/// Nudm_UEAuthentication_Get `count` times, one after another, for `supi`
/// (TS 33.501 §6.1.3: what an AUSF asks for each authentication): each
/// vector's SQN is durable in the UDR before `on_vector` sees it. Ends early,
/// with the problem, at the first refusal; else gives how many were made.
runtime::task<std::expected<std::uint64_t, sbi::problem_details>> generate_vectors(
    udm::nudm_ue_authentication& udm, model::supi supi, std::string serving_network_name, std::uint64_t count,
    std::function<void(const udm::authentication_info_result&)> on_vector);

}  // namespace meridian::core
