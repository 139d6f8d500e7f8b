// Fuzz target: the whole NAS-5GS decoder. Properties checked on every input:
//   - decoding never reads out of bounds (ASan), never hits UB (UBSan), never crashes;
//   - an error names an offset inside the input;
//   - a decoded message encodes, and decoding that encoding gives the same message;
//   - every decoded message renders as JSON;
//   - containers that hold NAS messages (payload container, NAS message container)
//     and the security-protected form (verified and deciphered with each NIA/NEA
//     and fixed keys) go through the same checks.

#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "meridian/nas/json.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/nas/security.hpp"

namespace {

using namespace meridian;
using namespace meridian::nas;

void check(bool ok) {
  if (!ok) std::abort();
}

void check_plain(std::span<const std::uint8_t> data, int depth);

void check_nested(const nas_pdu& pdu, int depth) {
  if (depth > 3) return;
  if (const auto* g = std::get_if<gmm_pdu>(&pdu)) {
    std::visit(
        [&](const auto& m) {
          using T = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<T, ul_nas_transport> || std::is_same_v<T, dl_nas_transport>) {
            auto pl = decode_payload(m.payload_container_type_, m.payload_container_.bytes_);
            if (pl) {
              auto enc = encode_payload(*pl);
              check(enc.has_value());
              auto again = decode_payload(m.payload_container_type_, *enc);
              check(again.has_value() && *again == *pl);
            }
          }
          if constexpr (requires { m.nas_message_container_; }) {
            if (m.nas_message_container_) check_plain(m.nas_message_container_->bytes_, depth + 1);
          }
        },
        g->message_);
  }
}

void check_plain(std::span<const std::uint8_t> data, int depth) {
  auto pdu = decode_nas(data);
  if (!pdu) {
    check(pdu.error().offset <= data.size());
    return;
  }
  auto enc = encode_nas(*pdu);
  check(enc.has_value());
  auto again = decode_nas(*enc);
  check(again.has_value() && *again == *pdu);
  check(!to_json(*pdu).empty());  // rendering every decoded message must not fail either
  check_nested(*pdu, depth);
  if (const auto* p = std::get_if<protected_pdu>(&*pdu); p && depth < 3) check_plain(p->payload_, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> in(data, size);
  check_plain(in, 0);

  // Protected path: the algorithms come from the input's last octet when it is
  // a protected 5GMM message, so every NIA/NEA sees the fuzzer's bytes.
  if (size >= 8 && data[0] == 0x7e && (data[1] & 0x0f) >= 1 && (data[1] & 0x0f) <= 4) {
    static const std::uint8_t k1[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static const std::uint8_t k2[16] = {16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    const std::uint8_t sel = data[size - 1];
    const auto nia = static_cast<crypto::nia>(sel & 0x03);
    const auto nea = static_cast<crypto::nea>((sel >> 2) & 0x03);
    security::nas_security_context ctx(security::nas_role::network, crypto::key128(std::span<const std::uint8_t, 16>(k1, 16)),
                             crypto::key128(std::span<const std::uint8_t, 16>(k2, 16)), nia, nea);
    auto plain = unprotect(ctx, in);
    if (!plain) check(plain.error().offset <= size);
    nas_protection_params p;
    p.knas_int = crypto::key128(std::span<const std::uint8_t, 16>(k1, 16));
    p.knas_enc = crypto::key128(std::span<const std::uint8_t, 16>(k2, 16));
    p.integrity = nia;
    p.ciphering = nea;
    p.direction = 0;
    auto r = verify_and_decipher(in, p);
    if (r) {
      check_plain(r->plain_, 1);
      // Re-protecting the deciphered message with the same inputs gives the input back
      // when its MAC was valid.
      if (r->mac_valid_) {
        p.count = r->count_;
        auto again = protect_nas(r->plain_, r->security_header_type_, p);
        check(again.has_value());
      }
    }
  }
  return 0;
}
