// The 5G-AKA key chain (key_chain.hpp): TS 33.501 §6.1.3.2 and Annex A, step by step.

#include "meridian/security/key_chain.hpp"

#include <utility>

namespace meridian::security {

key_chain derive_key_chain(const key_chain_input& in) {
  key_chain c;
  c.av = generate_he_av(in.k, in.opc, in.rand, in.sqn, in.amf, in.serving_network_name);
  c.kseaf = derive_kseaf(c.av.kausf, in.serving_network_name);
  c.kamf = derive_kamf(c.kseaf, in.supi_value, in.abba);
  c.knas_enc = derive_algorithm_key(c.kamf, algorithm_distinguisher::n_nas_enc, in.nas_ciphering_algorithm);
  c.knas_int = derive_algorithm_key(c.kamf, algorithm_distinguisher::n_nas_int, in.nas_integrity_algorithm);
  c.kgnb = derive_kgnb(c.kamf, in.uplink_nas_count);
  c.nh = derive_nh(c.kamf, c.kgnb);
  return c;
}

std::optional<algorithm_key_family> parse_algorithm_key_family(std::string_view text) noexcept {
  if (text == "nas") return algorithm_key_family::nas;
  if (text == "rrc") return algorithm_key_family::rrc;
  if (text == "up") return algorithm_key_family::up;
  return std::nullopt;
}

algorithm_keys derive_algorithm_keys(const key256& parent, algorithm_key_family family, std::uint8_t ciphering_algorithm,
                                     std::uint8_t integrity_algorithm) {
  using enum algorithm_distinguisher;
  const auto [enc, integ] = family == algorithm_key_family::nas   ? std::pair{n_nas_enc, n_nas_int}
                            : family == algorithm_key_family::rrc ? std::pair{n_rrc_enc, n_rrc_int}
                                                                  : std::pair{n_up_enc, n_up_int};
  algorithm_keys k;
  k.enc_256 = derive_algorithm_key_256(parent, enc, ciphering_algorithm);
  k.int_256 = derive_algorithm_key_256(parent, integ, integrity_algorithm);
  k.enc = derive_algorithm_key(parent, enc, ciphering_algorithm);
  k.integ = derive_algorithm_key(parent, integ, integrity_algorithm);
  return k;
}

std::optional<access_type> parse_access_type(std::string_view text) noexcept {
  if (text == "3gpp") return access_type::three_gpp;
  if (text == "non-3gpp") return access_type::non_three_gpp;
  return std::nullopt;
}

}  // namespace meridian::security
