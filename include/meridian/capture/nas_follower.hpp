#pragma once
// NAS in a capture: every NAS-PDU that NGAP carries (ngap_nas.hpp) is decoded
// and re-encoded, and with the subscriber's keys each UE's 5G-AKA (TS 33.501
// §6.1.3.2) and Security Mode Command (TS 24.501 §5.4.2) are followed:
// K_AUSF -> K_SEAF -> K_AMF -> K_NASint/K_NASenc (TS 33.501 Annex A) into a
// security::nas_security_context, NAS COUNTs per direction (TS 24.501
// §4.4.3), then every protected message's MAC is verified and its payload
// deciphered (128-NEA0..3) and decoded.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/capture/message_extractor.hpp"
#include "meridian/crypto/secret.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/ngap/ngap_pdu_descriptions.hpp"
#include "meridian/security/nas_security_context.hpp"

namespace meridian::capture {

/// The subscriber whose NAS is followed.
struct subscriber_keys {
  crypto::key128 k_;
  crypto::key128 opc_;
  std::string supi_;  ///< IMSI digits; empty: taken from a null-scheme SUCI in the capture
};

enum class mac_check : std::uint8_t {
  not_protected,  ///< a plain NAS message
  no_keys,        ///< protected, but the follower has no subscriber keys
  no_context,     ///< protected, but no 5G-AKA + Security Mode Command for this UE seen yet
  ok,
  bad,
};

/// Text for a mac_check ("ok", "bad", ...).
std::string_view to_string(mac_check m) noexcept;

/// What became of one NAS-PDU.
struct nas_report {
  std::uint64_t frame_ = 0;
  bool uplink_ = false;
  std::string name_;        ///< the (inner) message's name, or "" when unknown
  bool decoded_ = false;    ///< the outer PDU decoded
  bool identical_ = false;  ///< ... and re-encoded (and its plain inner message too) byte for byte
  std::string failure_;     ///< why not, when not
  mac_check mac_ = mac_check::not_protected;
  std::uint32_t count_ = 0;            ///< the NAS COUNT used (protected messages with a context)
  std::string algorithms_;             ///< "128-NEA0/128-NIA2" for protected messages with a context
  bool deciphered_ = false;            ///< a ciphered payload was deciphered with the UE's K_NASenc
  std::optional<nas::nas_pdu> plain_;  ///< the inner plain message, when it could be read
  std::string note_;                   ///< what the follower learnt or lacked (keys derived, SUPI unknown ...)
};

/// Follows the NAS of every UE in a capture, message by message, in order.
class nas_follower {
 public:
  explicit nas_follower(std::optional<subscriber_keys> keys) : keys_(std::move(keys)) {}

  /// Every NAS-PDU in one decoded NGAP message `pdu`, which arrived as `m`.
  std::vector<nas_report> on_ngap(const captured_message& m, const ngap::ngap_pdu& pdu);

  bool has_keys() const noexcept { return keys_.has_value(); }

 private:
  /// The COUNT of the last message of one direction whose MAC verified: an
  /// observer sees retransmissions, so a repeat of it is still that COUNT.
  struct count_state {
    std::optional<std::uint32_t> last_;
    std::uint32_t estimate(std::uint8_t sequence_number) const noexcept;
  };
  struct pending_auth {
    std::array<std::uint8_t, 16> rand_{};
    std::array<std::uint8_t, 16> autn_{};
    std::vector<std::uint8_t> abba_;
    bool ours_ = true;  ///< AUTN's MAC-A verified with the given K/OPc
  };
  struct ue_state {
    std::string serving_plmn_;  ///< "208/93" style: MCC and MNC digits of the TAI the gNB reports
    std::string supi_;          ///< IMSI digits when learnt
    std::optional<pending_auth> auth_;
    std::optional<security::nas_security_context> context_;
    count_state ul_;
    count_state dl_;
  };

  nas_report on_nas(ue_state& ue, std::uint64_t frame, bool uplink, std::span<const std::uint8_t> bytes);
  void learn(ue_state& ue, const nas::nas_pdu& plain, nas_report& r);
  void activate_context(ue_state& ue, const nas::nas_pdu& smc, nas_report& r);
  ue_state& ue_for(const captured_message& m, std::optional<std::uint64_t> amf_id, std::optional<std::uint64_t> ran_id,
                   std::optional<std::uint32_t> five_g_tmsi);

  std::optional<subscriber_keys> keys_;
  std::vector<ue_state> ues_;
  std::map<std::string, std::size_t> by_ran_id_;  ///< "<association>|<RAN UE NGAP ID>"
  std::map<std::string, std::size_t> by_amf_id_;  ///< "<AMF endpoint>|<AMF UE NGAP ID>"
  std::map<std::uint32_t, std::size_t> by_tmsi_;  ///< 5G-TMSI of the 5G-GUTI the network assigned
};

}  // namespace meridian::capture
