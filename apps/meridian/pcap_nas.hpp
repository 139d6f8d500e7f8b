#pragma once
// NAS in a capture: every NAS-PDU that NGAP carries is decoded and re-encoded,
// and with the subscriber's keys each UE's 5G-AKA (TS 33.501 §6.1.3.2) and
// Security Mode Command (TS 24.501 §5.4.2) are followed: K_AUSF -> K_SEAF ->
// K_AMF -> K_NASint/K_NASenc (TS 33.501 Annex A), NAS COUNTs per direction
// (TS 24.501 §4.4.3), then every protected message's MAC is verified and its
// payload deciphered (128-NEA0..3) and decoded.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "meridian/crypto/secret.hpp"
#include "meridian/nas/nas.hpp"
#include "pcap_capture.hpp"

namespace meridian::app {

/// The subscriber whose NAS is followed (`--k`, `--opc`, `--supi`).
struct subscriber_keys {
  crypto::key128 k;
  crypto::key128 opc;
  std::string supi;  ///< IMSI digits; empty: taken from a null-scheme SUCI in the capture
};

enum class mac_check : std::uint8_t {
  not_protected,  ///< a plain NAS message
  no_keys,        ///< protected, but no --k/--opc given
  no_context,     ///< protected, but no 5G-AKA + Security Mode Command for this UE seen yet
  ok,
  bad,
};

/// What became of one NAS-PDU.
struct nas_report {
  std::uint64_t frame = 0;
  bool uplink = false;
  std::string name;        ///< the (inner) message's name, or "" when unknown
  bool decoded = false;    ///< the outer PDU decoded
  bool identical = false;  ///< ... and re-encoded (and its plain inner message too) byte for byte
  std::string failure;     ///< why not, when not
  mac_check mac = mac_check::not_protected;
  std::uint32_t count = 0;            ///< the NAS COUNT used (protected messages with a context)
  std::string algorithms;             ///< "128-NEA0/128-NIA2" for protected messages with a context
  bool deciphered = false;            ///< a ciphered payload was deciphered with the UE's K_NASenc
  std::optional<nas::nas_pdu> plain;  ///< the inner plain message, when it could be read
  std::string note;                   ///< what the follower learnt or lacked (keys derived, SUPI unknown ...)
};

/// Follows the NAS of every UE in a capture, message by message, in order.
class nas_follower {
 public:
  explicit nas_follower(std::optional<subscriber_keys> keys) : keys_(std::move(keys)) {}

  /// Every NAS-PDU in one decoded NGAP message (`ngap_json` is ngap::to_json of it).
  std::vector<nas_report> on_ngap(const captured_message& m, const nlohmann::json& ngap_json);

 private:
  struct count_state {
    bool any = false;
    std::uint32_t last = 0;  ///< the COUNT of the last message whose MAC verified
    std::uint32_t estimate(std::uint8_t sequence_number) const noexcept;
  };
  struct pending_auth {
    std::array<std::uint8_t, 16> rand{};
    std::array<std::uint8_t, 16> autn{};
    std::vector<std::uint8_t> abba;
    bool ours = true;  ///< AUTN's MAC-A verified with the given K/OPc
  };
  struct ue_state {
    std::string serving_plmn;  ///< "208/93" style: MCC and MNC digits of the TAI the gNB reports
    std::string supi;          ///< IMSI digits when learnt
    std::optional<pending_auth> auth;
    bool has_context = false;
    crypto::key128 knas_int;
    crypto::key128 knas_enc;
    std::uint8_t nea = 0;
    std::uint8_t nia = 0;
    count_state ul;
    count_state dl;
  };

  nas_report on_nas(ue_state& ue, std::uint64_t frame, bool uplink, std::span<const std::uint8_t> bytes);
  void learn(ue_state& ue, const nas::nas_pdu& plain, nas_report& r);
  bool activate_context(ue_state& ue, const nas::nas_pdu& smc, nas_report& r);
  ue_state& ue_for(const captured_message& m, const nlohmann::json& ies);

  std::optional<subscriber_keys> keys_;
  std::vector<ue_state> ues_;
  std::map<std::string, std::size_t> by_ran_id_;  ///< "<association>|<RAN UE NGAP ID>"
  std::map<std::string, std::size_t> by_amf_id_;  ///< "<AMF endpoint>|<AMF UE NGAP ID>"
  std::map<std::uint32_t, std::size_t> by_tmsi_;  ///< 5G-TMSI of the 5G-GUTI the network assigned
};

/// Text for a mac_check ("ok", "bad", ...).
std::string_view to_string(mac_check m) noexcept;

}  // namespace meridian::app
