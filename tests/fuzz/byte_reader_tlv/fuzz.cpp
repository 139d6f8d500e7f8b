// Fuzz target: a toy TLV format (1-octet type, 2-octet length, value; type 0x80
// and above nest a TLV list) parsed with byte_reader, then re-encoded with
// byte_writer's length placeholders. Properties checked on every input:
//   - parsing never reads out of bounds (ASan) and never crashes;
//   - an input that parses re-encodes to exactly the bytes consumed;
//   - an input that fails reports an offset inside the input.

#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "meridian/common/byte_reader.hpp"
#include "meridian/common/byte_writer.hpp"

namespace {

struct tlv {
  std::uint8_t type = 0;
  std::vector<std::uint8_t> value;  // leaf types
  std::vector<tlv> children;        // nested types (>= 0x80)
};

constexpr int max_depth = 16;

meridian::decode_result<std::vector<tlv>> parse_list(meridian::byte_reader r, int depth) {
  std::vector<tlv> out;
  if (depth > max_depth) return std::unexpected(r.error(meridian::decode_errc::unsupported, "nesting depth"));
  while (!r.empty()) {
    tlv t;
    auto type = r.u8("type");
    if (!type) return std::unexpected(type.error());
    t.type = *type;
    auto len = r.u16("length");
    if (!len) return std::unexpected(len.error());
    auto body = r.sub(*len, "value");
    if (!body) return std::unexpected(body.error());
    if (t.type >= 0x80) {
      auto kids = parse_list(*body, depth + 1);
      if (!kids) return std::unexpected(kids.error());
      t.children = std::move(*kids);
    } else {
      auto v = body->rest();
      t.value.assign(v.begin(), v.end());
    }
    out.push_back(std::move(t));
  }
  return out;
}

void encode_list(meridian::byte_writer& w, const std::vector<tlv>& list) {
  for (const auto& t : list) {
    w.u8(t.type);
    auto len = w.length(2, "length");
    if (t.type >= 0x80)
      encode_list(w, t.children);
    else
      w.bytes(t.value);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> input(data, size);
  auto parsed = parse_list(meridian::byte_reader(input), 0);
  if (!parsed) {
    if (parsed.error().offset > size) std::abort();
    return 0;
  }
  meridian::byte_writer w;
  encode_list(w, *parsed);
  auto bytes = std::move(w).finish();
  if (!bytes || bytes->size() != size || !std::equal(bytes->begin(), bytes->end(), input.begin())) std::abort();
  return 0;
}
