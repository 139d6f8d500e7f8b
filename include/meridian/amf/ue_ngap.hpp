#pragma once
// The AMF's UE-associated logical NG-connections (TS 38.413 §8.2-8.3, §8.6,
// §9.3.3.1-2): one per UE a gNB has signalled for, named by the AMF UE NGAP ID
// the AMF allocates and the RAN UE NGAP ID the gNB chose, and the NAS layer
// (5GMM) that sits on top of them.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "meridian/common/strong_id.hpp"
#include "meridian/crypto/secret.hpp"
#include "meridian/model/guami.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/ncgi.hpp"
#include "meridian/model/ngap_ids.hpp"
#include "meridian/model/tai.hpp"
#include "meridian/ngap/ngap.hpp"

namespace meridian::amf {

/// One gNB's SCTP association, as the runtime numbers them.
using gnb_association_id = strong_id<struct gnb_association_id_tag, std::uint64_t>;

/// One UE-associated logical NG-connection.
struct ue_ngap_context {
  model::amf_ue_ngap_id amf_id;
  model::ran_ue_ngap_id ran_id;
  gnb_association_id association;
  /// The SCTP stream the gNB uses for this UE; the AMF answers on it (TS 38.412 §7).
  std::uint16_t stream = 0;
  /// The last User Location Information (NR) the gNB gave.
  std::optional<model::tai> tai;
  std::optional<model::ncgi> ncgi;
  /// TS 38.413 §9.3.1.74 UE Radio Capability, as the gNB sent it (kept for
  /// Initial Context Setup and paging); empty until the gNB sends it.
  std::vector<std::uint8_t> radio_capability;
};

/// Why a UE-associated connection ended.
enum class ue_release_reason : std::uint8_t {
  released,          ///< UE Context Release Complete (or its timeout) after the AMF's command
  association_lost,  ///< the gNB's association ended
  ng_reset,          ///< NG Reset (either direction) named it or reset all
  replaced,          ///< a new Initial UE Message on the same RAN UE NGAP ID
};
std::string_view to_string(ue_release_reason r) noexcept;

/// One PDU session in a TS 38.413 §8.2 PDU Session Resource procedure the
/// AMF starts for the SMF: the SMF's transfer (an APER-encoded
/// PDU Session Resource ... Request/Command Transfer, opaque to the AMF) and
/// the NAS PDU for the UE that rides with it.
struct pdu_session_resource_request {
  std::uint8_t pdu_session_id = 0;
  model::s_nssai s_nssai;                 ///< used by Setup only
  std::vector<std::uint8_t> transfer;
  std::vector<std::uint8_t> nas_pdu;      ///< empty: none
};

/// The gNB's answer for one PDU session: its transfer (Response, Unsuccessful
/// or Release Response Transfer) for the SMF.
struct pdu_session_resource_answer {
  std::uint8_t pdu_session_id = 0;
  bool succeeded = false;
  std::vector<std::uint8_t> transfer;
};

/// How a PDU Session Resource Setup, Modify or Release ended.
enum class pdu_session_resource_outcome : std::uint8_t {
  answered,         ///< the gNB answered; `items` holds its per-session answers
  no_answer,        ///< nothing within amf.response_timeout
  connection_gone,  ///< the UE-associated connection ended (or was not there)
};
struct pdu_session_resource_result {
  pdu_session_resource_outcome outcome = pdu_session_resource_outcome::connection_gone;
  std::vector<pdu_session_resource_answer> items;
};

/// What the NAS layer asks of TS 38.413 §8.3.1 Initial Context Setup: the
/// UE's AS security and its allowed slices at the gNB, and the NAS PDU
/// (Registration Accept, Service Accept) that rides with them.
struct initial_context_setup_parameters {
  model::guami guami;
  std::vector<model::s_nssai> allowed_nssai;
  /// TS 38.413 §9.3.1.86 UE Security Capabilities: 16-bit masks whose first
  /// (most significant) bit is 128-NEA1 / 128-NIA1 (NEA0/NIA0 are implied).
  std::uint16_t nr_encryption = 0;
  std::uint16_t nr_integrity = 0;
  std::uint16_t eutra_encryption = 0;
  std::uint16_t eutra_integrity = 0;
  /// TS 38.413 §9.3.1.87 Security Key: K_gNB (TS 33.501 A.9). Never log it.
  crypto::key256 security_key;
  std::vector<std::uint8_t> nas_pdu;
  /// TS 38.413 §9.3.1.54 Masked IMEISV (64 bits), when the AMF knows the IMEISV.
  std::optional<std::uint64_t> masked_imeisv;
  /// PDU sessions to set up with the context (a Service Request's
  /// reactivation), and the UE-AMBR the gNB needs with them (bit/s; 0: none).
  std::vector<pdu_session_resource_request> sessions;
  std::uint64_t ue_ambr_uplink = 0;
  std::uint64_t ue_ambr_downlink = 0;
};

/// How an Initial Context Setup ended.
enum class initial_context_setup_outcome : std::uint8_t {
  established,      ///< Initial Context Setup Response
  failed,           ///< Initial Context Setup Failure (cause given)
  no_answer,        ///< nothing within amf.response_timeout
  connection_gone,  ///< the UE-associated connection ended meanwhile
};
struct initial_context_setup_result {
  initial_context_setup_outcome outcome = initial_context_setup_outcome::connection_gone;
  std::optional<ngap::cause> cause;
  /// The gNB's answer for each PDU session of the request (Response or Unsuccessful Transfer).
  std::vector<pdu_session_resource_answer> sessions;
};

/// The NAS layer above UE-associated NGAP (5GMM); amf_n2 calls it, tests fake it.
class ue_nas_handler {
 public:
  virtual ~ue_nas_handler() = default;
  /// TS 38.413 §8.6.1 Initial UE Message: a new connection and its first NAS PDU.
  virtual void on_initial_nas(const ue_ngap_context& ue, std::span<const std::uint8_t> nas_pdu,
                              const ngap::initial_ue_message& m) = 0;
  /// TS 38.413 §8.6.3 Uplink NAS Transport.
  virtual void on_uplink_nas(const ue_ngap_context& ue, std::span<const std::uint8_t> nas_pdu) = 0;
  /// TS 38.413 §8.6.4 NAS Non Delivery Indication: a downlink NAS PDU the gNB could not deliver.
  virtual void on_nas_non_delivery(const ue_ngap_context& /*ue*/, std::span<const std::uint8_t> /*nas_pdu*/,
                                   const ngap::cause& /*why*/) {}
  /// The connection is gone (the UE may stay registered, in CM-IDLE).
  virtual void on_ue_context_released(model::amf_ue_ngap_id ue, ue_release_reason why) = 0;
};

/// The AMF's table of UE-associated connections: allocates AMF UE NGAP IDs
/// (40 bits, never one in use), finds a connection by either id.
class ue_ngap_table {
 public:
  /// A new connection for `ran_id` on `association`; nullptr when every AMF
  /// UE NGAP ID is in use (2^40 of them: never in practice).
  ue_ngap_context* create(gnb_association_id association, model::ran_ue_ngap_id ran_id, std::uint16_t stream);
  ue_ngap_context* find(model::amf_ue_ngap_id id);
  const ue_ngap_context* find(model::amf_ue_ngap_id id) const;
  ue_ngap_context* find(gnb_association_id association, model::ran_ue_ngap_id ran_id);
  bool erase(model::amf_ue_ngap_id id);
  /// The AMF UE NGAP IDs of every connection on `association`.
  std::vector<model::amf_ue_ngap_id> on(gnb_association_id association) const;
  std::size_t size() const noexcept { return by_amf_id_.size(); }

 private:
  struct ran_key {
    std::uint64_t association;
    std::uint32_t ran_id;
    bool operator==(const ran_key&) const = default;
  };
  struct ran_key_hash {
    std::size_t operator()(const ran_key& k) const noexcept {
      return std::hash<std::uint64_t>{}(k.association * 0x9E3779B97F4A7C15ull ^ k.ran_id);
    }
  };
  std::unordered_map<std::uint64_t, ue_ngap_context> by_amf_id_;
  std::unordered_map<ran_key, std::uint64_t, ran_key_hash> by_ran_id_;
  std::uint64_t next_ = 1;
};

}  // namespace meridian::amf
