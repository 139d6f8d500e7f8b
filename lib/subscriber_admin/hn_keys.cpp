#include "meridian/subscriber_admin/hn_keys.hpp"

#include <algorithm>

#include "meridian/subscriber_admin/keys_file.hpp"

namespace meridian::subscriber_admin {

std::optional<std::uint8_t> next_hn_key_id(const std::vector<udr::hn_key>& keys) {
  int next = 1;
  for (const auto& k : keys) next = std::max(next, k.key_id_ + 1);
  if (next > 255) return std::nullopt;
  return static_cast<std::uint8_t>(next);
}

std::expected<udr::hn_key, std::string> new_hn_key(std::uint8_t id, crypto::ecies_profile profile,
                                                   const std::string& private_key_file) {
  if (private_key_file.empty()) return udr::generate_hn_key(id, profile);
  auto key = read_private_key_file(private_key_file, "--private-key");
  if (!key) return std::unexpected(key.error());
  return udr::make_hn_key(id, profile, key->bytes());
}

}  // namespace meridian::subscriber_admin
