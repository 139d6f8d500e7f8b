#pragma once
// NGAP carries NAS as an opaque OCTET STRING, and the ngap module does not
// depend on the nas module. A tool that links both can hand the NGAP JSON
// rendering a NAS renderer; without one, NAS-PDUs are printed as hex.

#include <cstdint>
#include <span>
#include <string>

namespace meridian::ngap {

/// Returns the NAS-PDU as JSON text, or an empty string when it does not decode.
using nas_json_renderer = std::string (*)(std::span<const std::uint8_t> nas_pdu);

/// Installs (or, with nullptr, removes) the renderer; call once at start-up.
void set_nas_json_renderer(nas_json_renderer renderer) noexcept;

}  // namespace meridian::ngap
