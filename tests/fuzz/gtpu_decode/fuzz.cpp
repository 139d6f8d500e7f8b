// Fuzz target: GTP-U decoding (TS 29.281). Properties checked on every input:
//   - neither the allocation-free header/G-PDU decode nor the owned decode
//     crashes or reads out of bounds (ASan/UBSan);
//   - a failure reports an offset inside the input;
//   - what decodes re-encodes, and that encoding decodes to an equal message;
//   - the G-PDU view's body lies inside the input and ends where the Length
//     says: exactly the trailing octets (a sender's padding) follow it.

#include <cstdint>
#include <cstdlib>
#include <span>

#include "meridian/gtpu/gpdu.hpp"
#include "meridian/gtpu/messages.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace meridian::gtpu;
  const std::span<const std::uint8_t> in(data, size);

  auto h = decode_header(in);
  if (!h) {
    if (h.error().offset > size) std::abort();
  } else if (h->body_.data() + h->body_.size() + h->trailing_octets_ != data + size || h->body_offset_ > size) {
    std::abort();
  }
  (void)decode_gpdu(in);

  auto m = decode(in);
  if (!m) {
    if (m.error().offset > size) std::abort();
    return 0;
  }
  (void)to_json_text(*m);
  auto bytes = encode(*m);
  if (!bytes) return 0;  // e.g. an extension header kept raw that no longer fits the unit rule
  auto again = decode(*bytes);
  if (!again || !(*again == *m)) std::abort();
  return 0;
}
