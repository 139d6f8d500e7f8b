// Extended protocol configuration options (TS 24.008 §10.5.6.3A, containers
// of §10.5.6.3).

#include "meridian/nas/ies.hpp"

namespace meridian::nas {

decode_result<extended_pco> extended_pco::decode(byte_reader& r) {
  extended_pco out;
  const std::size_t at = r.offset();
  auto h = r.u8("extended protocol configuration options");
  if (!h) return std::unexpected(h.error());
  if ((*h & 0x80) == 0) return std::unexpected(decode_error{decode_errc::invalid_value, at, "ePCO ext bit"});
  out.header_ = *h;
  while (!r.empty()) {
    auto id = r.u16("ePCO container identifier");
    if (!id) return std::unexpected(id.error());
    auto len = r.u8("ePCO container length");
    if (!len) return std::unexpected(len.error());
    auto c = r.bytes(*len, "ePCO container contents");
    if (!c) return std::unexpected(c.error());
    out.containers_.push_back(pco_container{*id, std::vector<std::uint8_t>(c->begin(), c->end())});
  }
  return out;
}

void extended_pco::encode(byte_writer& w) const {
  w.u8(header_);
  for (const auto& c : containers_) {
    w.u16(c.id_);
    if (c.contents_.size() > 255) w.fail({encode_errc::length_overflow, "ePCO container"});
    w.u8(static_cast<std::uint8_t>(c.contents_.size()));
    w.bytes(c.contents_);
  }
}

std::vector<std::array<std::uint8_t, 4>> extended_pco::dns_server_ipv4() const {
  std::vector<std::array<std::uint8_t, 4>> out;
  for (const auto& c : containers_) {
    if (c.id_ == pco_id::dns_server_ipv4_address && c.contents_.size() == 4)
      out.push_back({c.contents_[0], c.contents_[1], c.contents_[2], c.contents_[3]});
  }
  return out;
}

std::vector<std::array<std::uint8_t, 16>> extended_pco::dns_server_ipv6() const {
  std::vector<std::array<std::uint8_t, 16>> out;
  for (const auto& c : containers_) {
    if (c.id_ == pco_id::dns_server_ipv6_address && c.contents_.size() == 16) {
      std::array<std::uint8_t, 16> a{};
      for (std::size_t i = 0; i < 16; ++i) a[i] = c.contents_[i];
      out.push_back(a);
    }
  }
  return out;
}

std::optional<std::uint16_t> extended_pco::ipv4_link_mtu() const {
  for (const auto& c : containers_) {
    if (c.id_ == pco_id::ipv4_link_mtu && c.contents_.size() == 2)
      return static_cast<std::uint16_t>((c.contents_[0] << 8) | c.contents_[1]);
  }
  return std::nullopt;
}

}  // namespace meridian::nas
