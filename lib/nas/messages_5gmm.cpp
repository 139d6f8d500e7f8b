// 5GMM messages: the schemas of schemas_5gmm.hpp instantiated for decode and encode.

#include "internal.hpp"
#include "schemas_5gmm.hpp"

namespace meridian::nas::detail {

decode_result<gmm_message> decode_gmm(std::uint8_t type, byte_reader& r, std::size_t type_offset) {
  return decode_by_type<gmm_message>(type, r, type_offset);
}

void encode_gmm(byte_writer& w, const gmm_message& m) { encode_variant(w, m); }

std::string_view gmm_name(const gmm_message& m) { return variant_name(m); }

}  // namespace meridian::nas::detail
