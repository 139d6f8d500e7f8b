#pragma once
// The home network's SUCI de-concealment keys as `meridian subscriber hn-key
// add` makes them: the next key id, and a key pair generated or built from an
// imported private key (keys_file.hpp reads it, never from the command line).

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "meridian/crypto/ecies.hpp"
#include "meridian/udr/subscriber.hpp"

namespace meridian::subscriber_admin {

/// One above the highest Home Network Public Key Identifier in use (1 when
/// there is none); nothing when that would pass 255 (TS 23.003 §2.2B).
std::optional<std::uint8_t> next_hn_key_id(const std::vector<udr::hn_key>& keys);

/// A new key `id` of `profile`: generated, or from the private key in
/// `private_key_file` ("-": standard input) when one is named. Errors are one
/// line (a file's start with "--private-key: ").
std::expected<udr::hn_key, std::string> new_hn_key(std::uint8_t id, crypto::ecies_profile profile,
                                                   const std::string& private_key_file);

}  // namespace meridian::subscriber_admin
