#pragma once
// Entry points shared between the nas module's source files.

#include <string_view>

#include "meridian/common/byte_reader.hpp"
#include "meridian/common/byte_writer.hpp"
#include "meridian/nas/messages_5gmm.hpp"
#include "meridian/nas/messages_5gsm.hpp"

namespace meridian::nas::detail {

/// The message body after the message type octet.
decode_result<gmm_message> decode_gmm(std::uint8_t type, byte_reader& r, std::size_t type_offset);
decode_result<gsm_message> decode_gsm(std::uint8_t type, byte_reader& r, std::size_t type_offset);
/// Message type octet and body.
void encode_gmm(byte_writer& w, const gmm_message& m);
void encode_gsm(byte_writer& w, const gsm_message& m);
std::string_view gmm_name(const gmm_message& m);
std::string_view gsm_name(const gsm_message& m);

}  // namespace meridian::nas::detail
