// 5GSM messages: the schemas of schemas_5gsm.hpp instantiated for decode and encode.

#include "internal.hpp"
#include "schemas_5gsm.hpp"

namespace meridian::nas::detail {

decode_result<gsm_message> decode_gsm(std::uint8_t type, byte_reader& r, std::size_t type_offset) {
  return decode_by_type<gsm_message>(type, r, type_offset);
}

void encode_gsm(byte_writer& w, const gsm_message& m) { encode_variant(w, m); }

std::string_view gsm_name(const gsm_message& m) { return variant_name(m); }

}  // namespace meridian::nas::detail
