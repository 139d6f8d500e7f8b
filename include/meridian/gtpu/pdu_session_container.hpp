#pragma once
// The PDU Session Container extension header content (TS 38.415 §5.5.2),
// carried in GTP-U extension header type 0x85 on N3/N9. Plain values, no
// allocation: the UPF reads the QFI of every uplink packet from it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <variant>

#include "meridian/common/result.hpp"
#include "meridian/common/strong_id.hpp"

namespace meridian::gtpu {

/// TS 38.415 §5.5.2.1: DL PDU SESSION INFORMATION (PDU Type 0)
struct dl_pdu_session_information {
  qfi qfi_{};
  bool rqi_ = false;                                           ///< Reflective QoS Indicator
  std::optional<std::uint8_t> ppi_{};                          ///< Paging Policy Indicator (PPP), 3 bits
  std::optional<std::uint64_t> dl_sending_time_stamp_{};       ///< QMP
  std::optional<std::uint32_t> dl_qfi_sequence_number_{};      ///< SNP, 24 bits
  std::optional<std::uint32_t> dl_mbs_qfi_sequence_number_{};  ///< MSNP (Rel-17)
  bool operator==(const dl_pdu_session_information&) const = default;
};

/// TS 38.415 §5.5.2.2: the QoS monitoring time stamps of an UL PDU (QMP)
struct ul_qos_monitoring_time_stamps {
  std::uint64_t dl_sending_time_stamp_repeated_ = 0;
  std::uint64_t dl_received_time_stamp_ = 0;
  std::uint64_t ul_sending_time_stamp_ = 0;
  bool operator==(const ul_qos_monitoring_time_stamps&) const = default;
};

/// TS 38.415 §5.5.2.2: UL PDU SESSION INFORMATION (PDU Type 1)
struct ul_pdu_session_information {
  qfi qfi_{};
  std::optional<ul_qos_monitoring_time_stamps> qos_monitoring_{};  ///< QMP
  std::optional<std::uint32_t> dl_delay_result_{};                 ///< DL Delay Ind
  std::optional<std::uint32_t> ul_delay_result_{};                 ///< UL Delay Ind
  std::optional<std::uint32_t> ul_qfi_sequence_number_{};          ///< SNP, 24 bits
  std::optional<std::uint32_t> n3_n9_delay_result_{};              ///< N3/N9 Delay Ind
  /// The octet announced by the New IE Flag (its bit 1 is D1 UL PDCP Delay Result Ind).
  std::optional<std::uint8_t> new_ie_flags_{};
  std::optional<std::uint32_t> d1_ul_pdcp_delay_result_{};
  bool operator==(const ul_pdu_session_information&) const = default;
};

/// TS 38.415 §5.5.2
using pdu_session_container = std::variant<dl_pdu_session_information, ul_pdu_session_information>;

/// Decodes the extension header content (without the GTP-U length and
/// next-type octets). Padding octets after the fields are accepted (§5.5.3.x: 0..3).
/// `base_offset` is the content's offset in the packet, for error offsets.
decode_result<pdu_session_container> decode_pdu_session_container(std::span<const std::uint8_t> content,
                                                                  std::size_t base_offset = 0) noexcept;

/// Octets of the content without padding.
std::size_t content_size(const pdu_session_container& c) noexcept;

/// Writes the content and zero padding so that content + 2 is a multiple of 4
/// (the GTP-U extension header length unit). `out` must hold padded_content_size(c).
/// Returns octets written, or an error if a field does not fit its width.
encode_result<std::size_t> write_pdu_session_container(const pdu_session_container& c,
                                                       std::span<std::uint8_t> out) noexcept;

/// content_size() rounded up so that the extension header is whole 4-octet units.
std::size_t padded_content_size(const pdu_session_container& c) noexcept;

}  // namespace meridian::gtpu
