#pragma once
// The SMF core: Nsmf_PDUSession (smf_service.hpp) over 5GSM (TS 24.501 §6),
// N4 (n4_port.hpp) and the AMF's Namf_Communication. One coroutine per
// procedure, one file each (lib/smf/):
//
//   UE-requested PDU session establishment (TS 23.502 §4.3.2.2.1),
//   pdu_session_establishment.cpp:
//     AMF ── CreateSMContext (N1: PDU SESSION ESTABLISHMENT REQUEST) ─► SMF
//       PTI, PDU session ID, DNN, S-NSSAI, SSC mode checked; Nudm_SDM_Get
//       sm-data; PDU session type chosen; UE address(es) from the pool
//       (any refusal: SmContextCreateError with PDU SESSION ESTABLISHMENT REJECT)
//     AMF ◄─ 201 (smContextRef) ── SMF
//     SMF ── PFCP Session Establishment (UL PDR F-TEID CHOOSE, DL PDR on the
//            UE address, FARs, session QER with the Session-AMBR) ─► UPF
//     AMF ◄─ N1N2MessageTransfer (N1: PDU SESSION ESTABLISHMENT ACCEPT,
//            N2: PDU Session Resource Setup Request Transfer) ── SMF
//       (UPF refusal or silence: N1N2MessageTransfer with the REJECT #26, the
//        address freed, the context gone)
//   AN tunnel (pdu_session_resource_setup.cpp):
//     AMF ── UpdateSMContext (N2: PDU Session Resource Setup Response Transfer) ─► SMF
//     SMF ── PFCP Session Modification (DL FAR: forward to the gNB's F-TEID) ─► UPF
//   UE-requested release (TS 23.502 §4.3.4.2), pdu_session_release.cpp:
//     AMF ── UpdateSMContext (N1: PDU SESSION RELEASE REQUEST) ─► SMF
//     SMF ── PFCP Session Deletion ─► UPF; address freed
//     AMF ◄─ 200 (N1: PDU SESSION RELEASE COMMAND #36, N2: Release Command Transfer) ── SMF
//     AMF ── UpdateSMContext (N1: PDU SESSION RELEASE COMPLETE) ─► SMF: context gone,
//            SmContextStatusNotify (RELEASED)
//   ReleaseSMContext: PFCP Session Deletion, address freed, context gone.
//
// Malformed or unexpected 5GSM gets 5GSM STATUS or a reject with the cause of
// TS 24.501 §7, never a crash. Everything runs on one thread (the timers'
// and the N4 port's); procedures look their context up again after every
// co_await, since a release may have ended it meanwhile.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "meridian/amf/amf_service.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/nas/ies.hpp"
#include "meridian/runtime/cancellation.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"
#include "meridian/smf/n4_port.hpp"
#include "meridian/smf/smf_config.hpp"
#include "meridian/smf/smf_service.hpp"
#include "meridian/smf/ue_address_pool.hpp"
#include "meridian/udm/udm_service.hpp"

namespace meridian::smf {

/// The other NFs the SMF calls, through their service interfaces only.
struct smf_services {
  amf::namf_communication& amf;
  /// Nudm_SDM (sm-data); without it the SMF's configuration alone decides.
  udm::nudm_sdm* sdm = nullptr;
  /// Where SmContextStatusNotify goes (the AMF); optional.
  nsmf_sm_context_status_notification* status = nullptr;
};

enum class sm_state : std::uint8_t {
  establishing,  ///< 201 given; PFCP establishment and N1N2 transfer under way
  awaiting_an,   ///< N1 accept and N2 setup request sent; waiting for the gNB's tunnel
  active,        ///< the downlink forwards to the gNB
  inactive,      ///< the AN released the user plane; downlink buffered on the UPF
  releasing,     ///< RELEASE COMMAND sent; waiting for RELEASE COMPLETE
};
std::string_view to_string(sm_state s) noexcept;

/// A GTP-U tunnel end: IPv4 address and TEID.
struct gtp_tunnel_end {
  ipv4_address address_{};
  std::uint32_t teid_ = 0;
  bool operator==(const gtp_tunnel_end&) const = default;
};

/// What the SMF holds of one PDU session (an SM context).
struct sm_context {
  std::string ref;
  std::optional<model::supi> supi;
  std::string ue_context_id;  ///< TS 29.518 UeContextId for N1N2MessageTransfer
  sbi::uri status_uri;        ///< where SmContextStatusNotify goes
  std::uint8_t pdu_session_id = 0;
  std::uint8_t pti = 0;  ///< of the PDU SESSION ESTABLISHMENT REQUEST
  std::string dnn;
  model::s_nssai s_nssai{};
  nas::pdu_session_type_value type = nas::pdu_session_type_value::ipv4;
  /// #50 / #51 when the UE asked for IPv4v6 and got one family.
  std::optional<nas::gsm_cause> type_cause;
  std::optional<ipv4_address> ipv4;
  std::optional<ipv6_address> ipv6_prefix;  ///< the /64 (first 8 octets)
  std::array<std::uint8_t, 8> ipv6_interface_id{0, 0, 0, 0, 0, 0, 0, 1};
  ue_address_pool* pool = nullptr;
  /// Default QoS flow and session.
  std::uint8_t qfi = 1;
  std::uint8_t five_qi = 9;
  std::uint8_t arp_priority_level = 8;
  bool arp_preemption_capability = false;
  bool arp_preemption_vulnerability = true;
  std::uint64_t ambr_uplink_bps = 0;
  std::uint64_t ambr_downlink_bps = 0;
  std::optional<nas::extended_pco> requested_epco;
  const dnn_config* dnn_cfg = nullptr;
  /// N4.
  seid cp_seid{};
  std::optional<seid> up_seid;
  std::optional<gtp_tunnel_end> ul_tunnel;  ///< the UPF's N3 end
  std::optional<gtp_tunnel_end> dl_tunnel;  ///< the gNB's end
  sm_state state = sm_state::establishing;
  /// ReleaseSMContext came while the establishment was under way: it finishes the release.
  bool release_requested = false;
  /// Starts the user-plane half of the establishment once the 201 is out.
  std::unique_ptr<runtime::timer> start;
};

struct smf_counters {
  std::uint64_t create_requests = 0;
  std::uint64_t establishments_rejected = 0;  ///< SmContextCreateError with a reject
  std::uint64_t establishments_failed = 0;    ///< after the 201: UPF or AMF failure
  std::uint64_t establishments_accepted = 0;  ///< N1N2 transfer with the accept done
  std::uint64_t an_tunnels_set_up = 0;
  std::uint64_t releases = 0;
  std::uint64_t gsm_status_sent = 0;
  std::uint64_t n4_failures = 0;
  std::uint64_t malformed_n1 = 0;
  std::uint64_t malformed_n2 = 0;
};

class session_management_function final : public nsmf_pdu_session {
 public:
  /// `n4`, `timers` and the services outlive the SMF; all on one thread.
  session_management_function(smf_config cfg, smf_services services, n4_port& n4, runtime::timer_service& timers);
  ~session_management_function() override;

  sbi::awaitable<sm_context_created, sm_context_create_error> create_sm_context(
      sm_context_create_data data) override;
  sbi::awaitable<sm_context_updated_data, sm_context_update_error> update_sm_context(
      std::string sm_context_ref, sm_context_update_data data) override;
  sbi::awaitable<sm_context_released_data> release_sm_context(std::string sm_context_ref,
                                                              sm_context_release_data data) override;

  /// For tests and metrics.
  const sm_context* context(const std::string& ref) const;
  std::size_t context_count() const noexcept { return contexts_.size(); }
  const smf_counters& counters() const noexcept { return counters_; }
  ue_address_pools& pools() noexcept { return pools_; }
  const smf_config& config() const noexcept { return cfg_; }

 private:
  /// The context the AMF can still address (not released while establishing).
  sm_context* find(const std::string& ref);
  sm_context* find_any(const std::string& ref);
  sm_context* find_session(const std::optional<model::supi>& supi, std::uint8_t pdu_session_id);
  const dnn_config* dnn(std::string_view name) const;

  // pdu_session_establishment.cpp
  runtime::task<void> establish_user_plane(std::string ref);
  runtime::task<void> fail_establishment(std::string ref, nas::gsm_cause cause);

  // pdu_session_resource_setup.cpp
  sbi::awaitable<sm_context_updated_data, sm_context_update_error> an_tunnel_setup(std::string ref,
                                                                                     sbi::bytes transfer);
  sbi::awaitable<sm_context_updated_data, sm_context_update_error> an_release(std::string ref);

  // n1_session_management.cpp: a 5GSM message from the UE on an existing session.
  sbi::awaitable<sm_context_updated_data, sm_context_update_error> n1_from_ue(std::string ref, sbi::bytes n1);

  // pdu_session_release.cpp
  sbi::awaitable<sm_context_updated_data, sm_context_update_error> ue_requested_release(std::string ref,
                                                                                         std::uint8_t pti);
  runtime::task<void> release_complete(std::string ref);
  /// Deletes the UPF session (if any), frees the addresses, forgets the context.
  runtime::task<void> release_locally(std::string ref);
  void forget(const std::string& ref);
  /// Takes the context out of by_session_ (it is being released).
  void unindex(const sm_context& ctx);
  static std::string session_key(const model::supi& supi, std::uint8_t pdu_session_id);
  static sm_context_update_error update_error(sbi::cause c, sbi::bytes n1, std::string detail);
  void free_addresses(sm_context& ctx);
  runtime::task<void> notify_released(sbi::uri uri);

  smf_config cfg_;
  smf_services services_;
  n4_port& n4_;
  runtime::timer_service& timers_;
  ue_address_pools pools_;
  std::unordered_map<std::string, std::unique_ptr<sm_context>> contexts_;
  /// "SUPI/PDU session ID" → ref of the live context, so that a new request
  /// for a session the UE has is found without a scan.
  std::unordered_map<std::string, std::string> by_session_;
  std::uint64_t next_ref_ = 1;
  std::uint64_t next_cp_seid_ = 1;
  smf_counters counters_;
  /// Cancelled when the SMF goes: procedures still waiting end with it.
  runtime::cancellation_source procedures_;
};

}  // namespace meridian::smf
