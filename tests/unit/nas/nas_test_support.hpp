#pragma once
// Helpers shared by the nas unit tests: byte-exact round trips through every
// nesting level (security-protected outer form with null ciphering, payload
// containers, NAS message containers).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "meridian/common/hex.hpp"
#include "meridian/crypto/secret.hpp"
#include "meridian/nas/nas.hpp"
#include "support/vectors.hpp"

namespace meridian::nas::test {

inline std::string hex(std::span<const std::uint8_t> b) { return to_hex(b); }

/// A made-up 128-bit key, different for each seed.
inline crypto::key128 key(std::uint8_t seed) {
  std::array<std::uint8_t, 16> k{};
  for (std::size_t i = 0; i < 16; ++i) k[i] = static_cast<std::uint8_t>(seed + i * 7);
  return crypto::key128(std::span<const std::uint8_t, 16>(k));
}

/// Decodes `bytes`, re-encodes, and checks both directions; recurses into
/// containers whose contents are NAS messages. Returns the decoded PDU.
inline std::optional<nas_pdu> expect_round_trip(const std::vector<std::uint8_t>& bytes, const std::string& label,
                                                bool payload_view_ok = true) {
  auto pdu = decode_nas(bytes);
  if (!pdu) {
    ADD_FAILURE() << label << ": decode failed: " << pdu.error().message();
    return std::nullopt;
  }
  auto again = encode_nas(*pdu);
  if (!again) {
    ADD_FAILURE() << label << ": encode failed: " << again.error().message();
    return std::nullopt;
  }
  EXPECT_EQ(hex(*again), hex(bytes)) << label << ": re-encoding differs";
  auto redecoded = decode_nas(*again);
  EXPECT_TRUE(redecoded.has_value()) << label;
  if (redecoded) {
    EXPECT_TRUE(*redecoded == *pdu) << label << ": decode(encode(x)) != x";
  }
  if (const auto* p = std::get_if<protected_pdu>(&*pdu)) {
    expect_round_trip(p->payload_, label + " (inner)", payload_view_ok);
  }
  if (const auto* g = std::get_if<gmm_pdu>(&*pdu)) {
    std::visit(
        [&](const auto& m) {
          using T = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<T, ul_nas_transport> || std::is_same_v<T, dl_nas_transport>) {
            auto pl = decode_payload(m.payload_container_type_, m.payload_container_.bytes_);
            EXPECT_EQ(pl.has_value(), payload_view_ok)
                << label << ": payload container: " << (pl ? "" : pl.error().message());
            if (pl) {
              auto enc = encode_payload(*pl);
              ASSERT_TRUE(enc.has_value());
              EXPECT_EQ(hex(*enc), hex(m.payload_container_.bytes_)) << label << ": payload container re-encoding";
            }
          }
          if constexpr (requires { m.nas_message_container_; }) {
            if (m.nas_message_container_) expect_round_trip(m.nas_message_container_->bytes_, label + " (container)");
          }
        },
        g->message_);
  }
  return std::move(*pdu);
}

/// Every prefix of `bytes` must decode to an error inside the input or to a message; never crash.
inline void expect_truncation_safe(const std::vector<std::uint8_t>& bytes, const std::string& label) {
  for (std::size_t k = 0; k < bytes.size(); ++k) {
    std::span<const std::uint8_t> prefix(bytes.data(), k);
    auto pdu = decode_nas(prefix);
    if (!pdu) {
      EXPECT_LE(pdu.error().offset, k) << label << " truncated at " << k;
    } else {
      auto enc = encode_nas(*pdu);
      EXPECT_TRUE(enc.has_value()) << label << " truncated at " << k << " decodes but does not encode";
    }
    if (pdu) {
      if (const auto* p = std::get_if<protected_pdu>(&*pdu)) (void)decode_plain_nas(p->payload_);
    }
  }
}

}  // namespace meridian::nas::test
