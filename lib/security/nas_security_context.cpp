#include "meridian/security/nas_security_context.hpp"

#include "meridian/security/key_hierarchy.hpp"

namespace meridian::security {

std::uint32_t estimate_nas_count(std::uint32_t reference, std::uint8_t sequence_number) noexcept {
  std::uint32_t overflow = reference >> 8;
  if (sequence_number < (reference & 0xffu)) overflow += 1;
  return (overflow << 8) | sequence_number;
}

nas_security_context::nas_security_context(nas_role role, const crypto::key128& knas_int,
                                           const crypto::key128& knas_enc, crypto::nia integrity, crypto::nea ciphering,
                                           std::uint8_t bearer, std::uint8_t ngksi)
    : role_(role),
      knas_int_(knas_int),
      knas_enc_(knas_enc),
      integrity_(integrity),
      ciphering_(ciphering),
      bearer_(bearer),
      ngksi_(ngksi) {}

nas_security_context nas_security_context::from_kamf(nas_role role, const crypto::key256& kamf, crypto::nia integrity,
                                                     crypto::nea ciphering, std::uint8_t bearer, std::uint8_t ngksi) {
  const auto knas_int =
      derive_algorithm_key(kamf, algorithm_distinguisher::n_nas_int, static_cast<std::uint8_t>(integrity));
  const auto knas_enc =
      derive_algorithm_key(kamf, algorithm_distinguisher::n_nas_enc, static_cast<std::uint8_t>(ciphering));
  return nas_security_context(role, knas_int, knas_enc, integrity, ciphering, bearer, ngksi);
}

std::optional<std::uint32_t> nas_security_context::next_send_count() const noexcept {
  const auto c = send_count().value_;
  if (c > 0xffffff) return std::nullopt;
  return c;
}

std::optional<std::uint32_t> nas_security_context::receive_count_for(std::uint8_t sequence_number) const noexcept {
  const auto count = estimate_nas_count(receive_count().value_, sequence_number);
  if (count > 0xffffff) return std::nullopt;
  return count;
}

void nas_security_context::accept_received(std::uint32_t count) noexcept {
  receive_ref().value_ = count + 1;
  last_received_ = count;
}

}  // namespace meridian::security
