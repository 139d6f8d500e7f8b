// Network name (TS 24.008 §10.5.3.5a) and its text codings (TS 23.038).

#include "meridian/nas/ies.hpp"

namespace meridian::nas {

decode_result<network_name> network_name::decode(byte_reader& r) {
  auto h = r.u8("network name");
  if (!h) return std::unexpected(h.error());
  network_name out;
  out.ext_ = (*h & 0x80) != 0;
  out.coding_scheme_ = (*h >> 4) & 0x07;
  out.add_ci_ = (*h & 0x08) != 0;
  out.spare_bits_in_last_octet_ = *h & 0x07;
  auto rest = r.rest();
  out.text_.assign(rest.begin(), rest.end());
  return out;
}

void network_name::encode(byte_writer& w) const {
  w.u8(static_cast<std::uint8_t>((ext_ ? 0x80 : 0) | ((coding_scheme_ & 0x07) << 4) | (add_ci_ ? 0x08 : 0) |
                                 (spare_bits_in_last_octet_ & 0x07)));
  w.bytes(text_);
}

namespace {
void append_utf8(std::string& s, std::uint32_t cp) {
  if (cp < 0x80) {
    s.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    s.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    s.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}
}  // namespace

std::string network_name::to_utf8() const {
  std::string out;
  if (coding_scheme_ == 1) {  // UCS2, big endian
    for (std::size_t i = 0; i + 1 < text_.size(); i += 2) {
      const std::uint32_t cp = static_cast<std::uint32_t>((text_[i] << 8) | text_[i + 1]);
      if (cp >= 0xd800 && cp <= 0xdfff)
        out.push_back('?');
      else
        append_utf8(out, cp);
    }
    return out;
  }
  if (coding_scheme_ == 0) {  // GSM 7-bit default alphabet, packed (TS 23.038 §6.1.2.3)
    const std::size_t total_bits = text_.size() * 8 - (text_.empty() ? 0 : spare_bits_in_last_octet_);
    const std::size_t chars = total_bits / 7;
    for (std::size_t i = 0; i < chars; ++i) {
      const std::size_t bit = i * 7;
      unsigned v = text_[bit / 8] >> (bit % 8);
      if (bit % 8 > 1 && bit / 8 + 1 < text_.size()) v |= static_cast<unsigned>(text_[bit / 8 + 1]) << (8 - bit % 8);
      v &= 0x7f;
      // Basic printable subset; the rest of the table maps to '?'.
      if (v == 0x00)
        out.push_back('@');
      else if (v == 0x0a || v == 0x0d)
        out.push_back(static_cast<char>(v));
      else if (v >= 0x20 && v < 0x7f && v != 0x24 && v != 0x40 && v != 0x5b && v != 0x5c && v != 0x5d && v != 0x5e &&
               v != 0x5f && v != 0x60 && v != 0x7b && v != 0x7c && v != 0x7d && v != 0x7e)
        out.push_back(static_cast<char>(v));
      else if (v == 0x02)
        out.push_back('$');
      else if (v == 0x11)
        out.push_back('_');
      else
        out.push_back('?');
    }
    return out;
  }
  return out;
}

}  // namespace meridian::nas
