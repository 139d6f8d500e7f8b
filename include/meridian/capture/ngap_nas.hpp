#pragma once
// The NAS an NGAP message carries, read from the decoded NGAP structs: the
// NAS-PDU IEs of the NAS transport messages (TS 38.413 §8.6) and of the UE
// context and PDU session resource messages that piggyback one (§8.2, §8.3),
// with what identifies the UE (AMF and RAN UE NGAP IDs, the 5G-S-TMSI a UE
// back from idle names itself by) and the PLMN of the TAI the gNB reports.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "meridian/ngap/ngap_pdu_descriptions.hpp"

namespace meridian::capture {

/// The NAS-related view of one NGAP message; spans point into the message.
struct ngap_nas_view {
  bool uplink_ = false;  ///< InitialUEMessage and UplinkNASTransport carry NAS uplink; the others downlink
  std::optional<std::uint64_t> amf_ue_ngap_id_;
  std::optional<std::uint64_t> ran_ue_ngap_id_;
  std::optional<std::uint32_t> five_g_tmsi_;             ///< FiveG-S-TMSI (TS 38.413 §9.3.3.20) of an InitialUEMessage
  std::optional<std::array<std::uint8_t, 3>> tai_plmn_;  ///< PLMN identity of the TAI in UserLocationInformation
  std::vector<std::span<const std::uint8_t>> nas_pdus_;  ///< in the order of the message's IEs
};

/// Every NAS-PDU of `pdu` and its UE's identifiers; no NAS-PDUs for the
/// messages that carry none.
ngap_nas_view nas_of(const ngap::ngap_pdu& pdu);

}  // namespace meridian::capture
