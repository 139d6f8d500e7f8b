#pragma once
// GTP-U messages as owned values (TS 29.281 §7), for the path-management and
// tunnel-management messages, tools and tests. The data path uses gpdu.hpp instead.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "meridian/common/result.hpp"
#include "meridian/common/strong_id.hpp"
#include "meridian/gtpu/header.hpp"
#include "meridian/gtpu/pdu_session_container.hpp"

namespace meridian::gtpu {

/// TS 29.281 §8.2: Recovery (TV, type 14); the restart counter is sent as zero.
struct recovery {
  std::uint8_t restart_counter_ = 0;
  bool operator==(const recovery&) const = default;
};

/// TS 29.281 §8.3: Tunnel Endpoint Identifier Data I (TV, type 16)
struct teid_data_i {
  teid teid_{};
  bool operator==(const teid_data_i&) const = default;
};

/// TS 29.281 §8.4: GTP-U Peer Address (TLV, type 133), IPv4 (4 octets) or IPv6 (16).
struct gtp_u_peer_address {
  std::vector<std::uint8_t> address_;
  bool operator==(const gtp_u_peer_address&) const = default;
};

/// TS 29.281 §8.5: Extension Header Type List (type 141, one-octet length).
struct extension_header_type_list {
  std::vector<std::uint8_t> types_;
  bool operator==(const extension_header_type_list&) const = default;
};

/// TS 29.281 §8.6: Private Extension (TLV, type 255)
struct private_extension {
  std::uint16_t extension_identifier_ = 0;
  std::vector<std::uint8_t> extension_value_;
  bool operator==(const private_extension&) const = default;
};

/// TS 29.281 §7.2.1
struct echo_request {
  std::optional<private_extension> private_extension_;
  bool operator==(const echo_request&) const = default;
};
/// TS 29.281 §7.2.2
struct echo_response {
  recovery recovery_{};
  std::optional<private_extension> private_extension_;
  bool operator==(const echo_response&) const = default;
};
/// TS 29.281 §7.3.1
struct error_indication {
  teid_data_i teid_data_i_{};
  gtp_u_peer_address gtp_u_peer_address_{};
  std::optional<private_extension> private_extension_;
  bool operator==(const error_indication&) const = default;
};
/// TS 29.281 §7.2.3
struct supported_extension_headers_notification {
  extension_header_type_list extension_header_type_list_{};
  bool operator==(const supported_extension_headers_notification&) const = default;
};
/// TS 29.281 §7.3.2
struct end_marker {
  std::optional<private_extension> private_extension_;
  bool operator==(const end_marker&) const = default;
};
/// TS 29.281 §6.1: G-PDU, a T-PDU (user packet) in a tunnel
struct g_pdu {
  std::vector<std::uint8_t> t_pdu_;
  bool operator==(const g_pdu&) const = default;
};

/// TS 29.281 §5.2: one extension header of the chain. The PDU Session Container
/// is decoded; any other type keeps its content octets.
struct extension_header {
  std::uint8_t type_ = 0;
  std::variant<pdu_session_container, std::vector<std::uint8_t>> content_;
  bool operator==(const extension_header&) const = default;
};

/// TS 29.281 §5.1: a whole GTP-U message.
struct message {
  teid teid_{};
  std::optional<std::uint16_t> sequence_number_{};   ///< S flag
  std::optional<std::uint8_t> n_pdu_number_{};       ///< PN flag
  std::vector<extension_header> extension_headers_;  ///< E flag when non-empty
  std::variant<echo_request, echo_response, error_indication, supported_extension_headers_notification, end_marker,
               g_pdu>
      body_;

  message_type type() const noexcept;
  bool operator==(const message&) const = default;
};

/// Decodes any GTP-U message of TS 29.281 §7 (and the G-PDU, copying its T-PDU).
/// Mandatory IEs missing give missing_mandatory_ie naming the IE; unknown TLV IEs
/// are skipped; an unknown TV IE (whose length cannot be known) is an error.
decode_result<message> decode(std::span<const std::uint8_t> packet);

/// Encodes a message; IEs in ascending type order (TS 29.281 §8.1).
encode_result<std::vector<std::uint8_t>> encode(const message& m);

/// The message as JSON text (for logs and `meridian decode gtpu`).
std::string to_json_text(const message& m, int indent = 2);

}  // namespace meridian::gtpu
