#pragma once
// The GTP-U header (TS 29.281 §5) and its extension header chain, decoded as a
// view into the packet: nothing here allocates, because the UPF data path
// decodes every G-PDU through it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "meridian/common/result.hpp"
#include "meridian/common/strong_id.hpp"
#include "meridian/gtpu/pdu_session_container.hpp"

namespace meridian::gtpu {

/// TS 29.281 §6.1, Table 6.1-1
enum class message_type : std::uint8_t {
  echo_request = 1,
  echo_response = 2,
  error_indication = 26,
  supported_extension_headers_notification = 31,
  end_marker = 254,
  g_pdu = 255,
};

std::string_view to_string(message_type t) noexcept;

/// TS 29.281 §5.2.1, Figure 5.2.1-3: next extension header type values.
namespace extension_type {
inline constexpr std::uint8_t no_more = 0x00;
inline constexpr std::uint8_t service_class_indicator = 0x20;
inline constexpr std::uint8_t udp_port = 0x40;
inline constexpr std::uint8_t ran_container = 0x81;
inline constexpr std::uint8_t long_pdcp_pdu_number = 0x82;
inline constexpr std::uint8_t xw_ran_container = 0x83;
inline constexpr std::uint8_t nr_ran_container = 0x84;
inline constexpr std::uint8_t pdu_session_container = 0x85;
inline constexpr std::uint8_t pdcp_pdu_number = 0xc0;

/// TS 29.281 §5.2.1: bits 8 and 7 of the type say what a receiver that does
/// not know the type must do; "10" and "11" mean the endpoint must understand it.
constexpr bool comprehension_required(std::uint8_t type) noexcept { return (type & 0x80) != 0; }
/// Whether this codec understands `type` (so it is never "unknown" here).
bool is_known(std::uint8_t type) noexcept;
}  // namespace extension_type

/// The UDP port for GTP-U (TS 29.281 §4.4.2.0).
inline constexpr std::uint16_t udp_port = 2152;

/// TS 29.281 §5.1: the mandatory 8 octets.
inline constexpr std::size_t mandatory_header_size = 8;

/// TS 29.281 §5.1 and §5.2: a decoded header. Spans point into the decoded packet.
struct header_view {
  std::uint8_t flags_ = 0x30;  ///< octet 1 as received: version 1, PT 1, E, S, PN
  std::uint8_t message_type_ = 0;
  teid teid_{};
  std::uint16_t sequence_number_ = 0;  ///< meaningful when s() (present on the wire when has_optional_part())
  std::uint8_t n_pdu_number_ = 0;      ///< meaningful when pn()
  std::uint8_t first_extension_type_ = extension_type::no_more;
  /// The extension header chain (from the first header's length octet to the
  /// last "no more" type octet), empty without E.
  std::span<const std::uint8_t> extension_headers_{};
  /// What follows the header and its extensions, up to the Length field's end.
  std::span<const std::uint8_t> body_{};
  /// Offset of body_ in the decoded packet.
  std::size_t body_offset_ = 0;
  /// The PDU Session Container (TS 38.415), when the chain carries one.
  std::optional<pdu_session_container> pdu_session_container_{};
  /// The UDP Port extension header (TS 29.281 §5.2.2.1), when present.
  std::optional<std::uint16_t> udp_port_{};
  /// Octets after the end the Length field gives (a sender's padding): not part
  /// of the message; the data path forwards the message and counts them.
  std::size_t trailing_octets_ = 0;

  bool e() const noexcept { return (flags_ & 0x04) != 0; }
  bool s() const noexcept { return (flags_ & 0x02) != 0; }
  bool pn() const noexcept { return (flags_ & 0x01) != 0; }
  bool has_optional_part() const noexcept { return (flags_ & 0x07) != 0; }
};

/// Decodes the header and walks the extension chain (TS 29.281 §5). Allocation-free.
/// An unknown extension header whose type says "comprehension required" fails
/// with decode_errc::unsupported; the error's offset then points at the octet
/// holding that type, so the caller can name it in a Supported Extension
/// Headers Notification (§7.3.2). Unknown types not requiring comprehension are
/// skipped. Octets after the Length field's end do not make the header invalid:
/// they are left out of body_ and counted in trailing_octets_; a Length that
/// runs past the packet is an error.
decode_result<header_view> decode_header(std::span<const std::uint8_t> packet) noexcept;

/// One extension header of a chain.
struct extension_header_view {
  std::uint8_t type_ = 0;
  std::span<const std::uint8_t> content_{};  ///< between the length octet and the next-type octet
};

/// Walks `chain` (header_view::extension_headers_) calling `f(extension_header_view)`
/// for each header. The chain was validated by decode_header, so this cannot fail.
template <class F>
void for_each_extension_header(const header_view& h, F&& f) {
  std::uint8_t type = h.first_extension_type_;
  std::span<const std::uint8_t> rest = h.extension_headers_;
  while (type != extension_type::no_more && !rest.empty()) {
    const std::size_t total = std::size_t{rest[0]} * 4;
    if (total < 4 || total > rest.size()) return;
    f(extension_header_view{type, rest.subspan(1, total - 2)});
    type = rest[total - 1];
    rest = rest.subspan(total);
  }
}

}  // namespace meridian::gtpu
