#pragma once
// The edge between the UE's NAS layer and what carries it (RRC over the
// emulated radio link in the gNB emulator; a test double in the tests).
// NAS sees only the NAS signalling connection of TS 24.501 §4.2.2 / §5.3.1:
// it asks for one by handing over the initial NAS message, sends on it, and
// hears when it is released or fails.

#include <cstdint>
#include <span>

namespace meridian::ue {

/// Which emulated UE: the host's index of its NAS context (32 bits: the host
/// keeps the contexts in an array, and 8 bytes per UE would be wasted).
using ue_index = std::uint32_t;

/// TS 24.501 Annex D (TS 38.331 EstablishmentCause) for the RRC connection
/// the initial NAS message asks for.
enum class establishment_cause : std::uint8_t {
  mo_signalling,
  mo_data,
  mt_access,
  emergency,
  mo_voice_call,
  mo_sms,
  mps_priority_access,
  mcs_priority_access,
};

/// What NAS asks of the lower layer (the "notifier" of this layer).
class lower_layer_notifier {
 public:
  virtual ~lower_layer_notifier() = default;
  /// 5GMM-IDLE: establish the RRC connection with `cause` and carry
  /// `initial_nas` in it (RRCSetupComplete's dedicatedNAS-Message; the gNB
  /// sends it in an Initial UE Message).
  virtual void establish_connection(ue_index ue, establishment_cause cause,
                                    std::span<const std::uint8_t> initial_nas) = 0;
  /// 5GMM-CONNECTED: send `pdu` on the existing connection.
  virtual void send_uplink_nas(ue_index ue, std::span<const std::uint8_t> pdu) = 0;
  /// NAS releases the connection locally (T3510 expiry, T3521's fifth
  /// expiry, a network it found not genuine, §5.5.1.2.7 / §5.4.1.3.7). The
  /// lower layer need not report the release back.
  virtual void release_connection(ue_index ue) = 0;
};

}  // namespace meridian::ue
