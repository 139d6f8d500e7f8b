// Security-protected NAS messages (TS 24.501 §4.4.3–4.4.6, §9.1.1; TS 33.501
// §6.4.3 and Annex D for the algorithm inputs).

#include "meridian/nas/security.hpp"

namespace meridian::nas {

namespace {

constexpr std::size_t header_len = 7;  // EPD, security header type, MAC (4), SQN

bool ciphered(security_header_type sht) {
  return sht == security_header_type::integrity_protected_and_ciphered ||
         sht == security_header_type::integrity_protected_and_ciphered_with_new_context;
}

crypto::algorithm_input input(const nas_protection_params& p, std::uint32_t count) {
  return crypto::algorithm_input{count, p.bearer, p.direction};
}

}  // namespace

encode_result<std::vector<std::uint8_t>> protect_nas(std::span<const std::uint8_t> plain, security_header_type sht,
                                                     const nas_protection_params& p) {
  const auto t = static_cast<std::uint8_t>(sht);
  if (t < 1 || t > 4) return std::unexpected(encode_error{encode_errc::invalid_argument, "security header type"});
  if (plain.empty()) return std::unexpected(encode_error{encode_errc::missing_field, "plain NAS message"});
  std::vector<std::uint8_t> out(header_len + plain.size());
  out[0] = static_cast<std::uint8_t>(extended_protocol_discriminator::mobility_management_5gs);
  out[1] = t;
  out[6] = static_cast<std::uint8_t>(p.count & 0xff);
  std::copy(plain.begin(), plain.end(), out.begin() + header_len);
  if (ciphered(sht)) {
    auto r = crypto::nea_apply(p.ciphering, p.knas_enc, input(p, p.count),
                               std::span<std::uint8_t>(out).subspan(header_len), plain.size() * 8);
    if (!r) return std::unexpected(encode_error{encode_errc::invalid_argument, "NEA"});
  }
  std::span<const std::uint8_t> covered = std::span<const std::uint8_t>(out).subspan(6);
  auto mac = crypto::nia_mac(p.integrity, p.knas_int, input(p, p.count), covered, covered.size() * 8);
  if (!mac) return std::unexpected(encode_error{encode_errc::invalid_argument, "NIA"});
  std::copy(mac->begin(), mac->end(), out.begin() + 2);
  return out;
}

decode_result<unprotected_message> verify_and_decipher(std::span<const std::uint8_t> pdu,
                                                       const nas_protection_params& p) {
  if (pdu.size() < header_len + 1)
    return std::unexpected(decode_error{decode_errc::truncated, pdu.size(), "security protected NAS message"});
  if (pdu[0] != static_cast<std::uint8_t>(extended_protocol_discriminator::mobility_management_5gs))
    return std::unexpected(decode_error{decode_errc::invalid_value, 0, "extended protocol discriminator"});
  const std::uint8_t t = pdu[1] & 0x0f;
  if (t < 1 || t > 4) return std::unexpected(decode_error{decode_errc::invalid_value, 1, "security header type"});
  unprotected_message out;
  out.security_header_type_ = static_cast<security_header_type>(t);
  out.count_ = (p.count & 0xffff00u) | pdu[6];
  auto covered = pdu.subspan(6);
  auto mac = crypto::nia_mac(p.integrity, p.knas_int, input(p, out.count_), covered, covered.size() * 8);
  if (!mac) return std::unexpected(decode_error{decode_errc::unsupported, 2, "NIA"});
  out.mac_valid_ = crypto::constant_time_equal(*mac, pdu.subspan(2, 4));
  out.plain_.assign(pdu.begin() + header_len, pdu.end());
  if (ciphered(out.security_header_type_)) {
    auto r = crypto::nea_apply(p.ciphering, p.knas_enc, input(p, out.count_), out.plain_, out.plain_.size() * 8);
    if (!r) return std::unexpected(decode_error{decode_errc::unsupported, header_len, "NEA"});
  }
  return out;
}

nas_protection_params protection_params(const security::nas_security_context& context, std::uint32_t count,
                                        std::uint8_t direction) {
  nas_protection_params p;
  p.knas_int = context.knas_int();
  p.knas_enc = context.knas_enc();
  p.integrity = context.integrity();
  p.ciphering = context.ciphering();
  p.count = count;
  p.direction = direction;
  p.bearer = context.bearer();
  return p;
}

encode_result<std::vector<std::uint8_t>> protect(security::nas_security_context& context,
                                                 std::span<const std::uint8_t> plain, security_header_type sht) {
  const auto count = context.next_send_count();
  if (!count) return std::unexpected(encode_error{encode_errc::value_out_of_range, "NAS COUNT"});
  auto out = protect_nas(plain, sht, protection_params(context, *count, context.send_direction()));
  if (!out) return out;
  context.advance_send_count();  // a COUNT of 0x1000000 refuses the next message
  return out;
}

decode_result<std::vector<std::uint8_t>> unprotect(security::nas_security_context& context,
                                                   std::span<const std::uint8_t> pdu) {
  if (pdu.size() < header_len + 1)
    return std::unexpected(decode_error{decode_errc::truncated, pdu.size(), "security protected NAS message"});
  const auto count = context.receive_count_for(pdu[6]);
  if (!count) return std::unexpected(decode_error{decode_errc::invalid_value, 6, "NAS COUNT"});
  auto r = verify_and_decipher(pdu, protection_params(context, *count, context.receive_direction()));
  if (!r) return std::unexpected(r.error());
  if (!r->mac_valid_) return std::unexpected(decode_error{decode_errc::invalid_value, 2, "NAS-MAC"});
  context.accept_received(*count);
  return std::move(r->plain_);
}

encode_result<void> cipher_container(const security::nas_security_context& context, std::span<std::uint8_t> value,
                                     std::optional<std::uint32_t> count) {
  const bool ue = context.role() == security::nas_role::ue;
  const std::uint32_t c = count ? *count : (ue ? context.send_count().value_ : context.last_received_count().value_or(0));
  // A NAS message container travels uplink.
  auto r = crypto::nea_apply(context.ciphering(), context.knas_enc(),
                             crypto::algorithm_input{c, context.bearer(), security::direction_uplink}, value,
                             value.size() * 8);
  if (!r) return std::unexpected(encode_error{encode_errc::invalid_argument, "NEA"});
  return {};
}

}  // namespace meridian::nas
