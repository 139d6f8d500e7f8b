#pragma once
// What every NAS message struct carries besides its IEs.

#include <cstdint>
#include <vector>

namespace meridian::nas {

/// The order in which a decoded message's optional IEs arrived (indexes into the
/// message's schema), so that re-encoding reproduces the input byte for byte
/// even when a peer sent them out of the specification's order. An empty order
/// (a message built in code) encodes in the specification's order. It takes no
/// part in comparing messages.
struct ie_order {
  std::vector<std::uint8_t> fields_;
  bool operator==(const ie_order&) const noexcept { return true; }
};

/// TS 24.007 §11.2.3.1.1 extended protocol discriminator.
enum class extended_protocol_discriminator : std::uint8_t {
  mobility_management_5gs = 0x7e,
  session_management_5gs = 0x2e,
};

/// TS 24.501 §9.3 security header type.
enum class security_header_type : std::uint8_t {
  plain = 0,
  integrity_protected = 1,
  integrity_protected_and_ciphered = 2,
  integrity_protected_with_new_context = 3,
  integrity_protected_and_ciphered_with_new_context = 4,
};

}  // namespace meridian::nas
