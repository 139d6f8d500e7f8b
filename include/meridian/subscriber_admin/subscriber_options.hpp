#pragma once
// What `meridian subscriber add` and `set` take on the command line, as the
// user typed it, and how it changes a subscriber. Keys never come this way
// (keys_file.hpp).

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "meridian/subscriber_admin/admin_config.hpp"
#include "meridian/udr/subscriber.hpp"

namespace meridian::subscriber_admin {

struct subscriber_options {
  std::optional<std::string> auth_method_{};  ///< 5G_AKA / EAP_AKA_PRIME (also 5g-aka, eap-aka-prime)
  std::optional<std::string> amf_{};          ///< 4 hex digits
  std::optional<std::string> sqn_{};          ///< up to 12 hex digits: the last SQN used (SEQ || IND)
  std::optional<std::string> ind_length_{};   ///< 0..16
  std::vector<std::string> default_nssai_{};  ///< "1", "1/010203": replace the subscribed S-NSSAIs...
  std::vector<std::string> nssai_{};          ///< ...with these default and non-default ones
  std::vector<std::string> dnn_{};            ///< replace the sessions: each DNN on the first default S-NSSAI
  std::vector<std::string> static_ip_{};      ///< "DNN=ADDRESS": an IPv4 or IPv6 address (or prefix)
  std::optional<std::string> ue_ambr_uplink_{}, ue_ambr_downlink_{};  ///< "1 Gbps"
  std::vector<std::string> rat_restriction_{};  ///< replace the restricted RATs (NR, EUTRA, ...)
  bool no_rat_restrictions_ = false;           ///< clear them

  bool empty() const;
};

/// Applies the options to `s` (sessions left on an S-NSSAI no longer
/// subscribed move to the first default one), then validates it. The error is
/// one line naming the option.
std::expected<void, std::string> apply_options(udr::subscriber& s, const subscriber_options& o,
                                               const subscriber_defaults& d);

/// A SUPI as typed, or a one-line reason: "'imsi-12' is not a SUPI: ...".
std::expected<model::supi, std::string> parse_supi_argument(const std::string& text);

}  // namespace meridian::subscriber_admin
