// TS 29.281 §7: GTP-U messages as owned values, driven by the IE lists of
// ie_schema.hpp in both directions.

#include "meridian/gtpu/messages.hpp"

#include "ie_schema.hpp"

namespace meridian::gtpu {

using namespace detail;

namespace {

// The value length of the TV IEs of TS 29.281 §8, 0 for any other type.
constexpr std::size_t tv_length(std::uint8_t type) {
  if (type == ie_codec<recovery>::type) return ie_codec<recovery>::tv_length;
  if (type == ie_codec<teid_data_i>::type) return ie_codec<teid_data_i>::tv_length;
  return 0;
}

template <class Msg, class... Fs>
decode_result<Msg> decode_ies_impl(byte_reader& r, std::tuple<Fs...>*) {
  Msg m{};
  std::array<bool, sizeof...(Fs)> seen{};
  std::optional<decode_error> err;
  while (!r.empty() && !err) {
    const std::size_t at = r.offset();
    const std::uint8_t type = *r.u8();
    bool matched = false;
    auto try_field = [&]<std::size_t I, class F>() {
      using T = value_t<F>;
      using C = ie_codec<T>;
      if (matched || C::type != type) return;
      matched = true;
      decode_result<byte_reader> value = std::unexpected(decode_error{});
      if constexpr (C::format == ie_format::tv) {
        value = r.sub(C::tv_length, C::name);
      } else {
        std::size_t len = 0;
        if constexpr (C::format == ie_format::tlv1) {
          auto l = r.u8(C::name);
          if (!l) return void(err = l.error());
          len = *l;
        } else {
          auto l = r.u16(C::name);
          if (!l) return void(err = l.error());
          len = *l;
        }
        value = r.sub(len, C::name);
      }
      if (!value) return void(err = value.error());
      auto v = C::decode(*value);
      if (!v) return void(err = v.error());
      if (!value->empty()) return void(err = value->error(decode_errc::invalid_length, C::name));
      // TS 29.281 §7.1: a repeated IE; the first one counts.
      if (seen[I]) return;
      seen[I] = true;
      m.*(F::member) = std::move(*v);
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) { (try_field.template operator()<I, Fs>(), ...); }
    (std::index_sequence_for<Fs...>{});
    if (err || matched) continue;
    // TS 29.281 §7.1 / TS 29.060 §7.7.0: an unexpected or unknown TLV IE is
    // skipped; a TV IE only when its type (so its length) is one GTP-U knows,
    // e.g. a Recovery in an Echo Request as some GTPv1-C-minded peers send.
    if (type < 128) {
      const std::size_t tv = tv_length(type);
      if (tv == 0) {
        err = decode_error{decode_errc::unknown_type, at, "unknown TV IE"};
        break;
      }
      if (auto s = r.skip(tv, "TV IE"); !s) err = s.error();
      continue;
    }
    auto l = r.u16("unknown IE length");
    if (!l) {
      err = l.error();
      break;
    }
    if (auto s = r.skip(*l, "unknown IE"); !s) err = s.error();
  }
  if (err) return std::unexpected(*err);
  // Mandatory IEs (plain members) must have been seen.
  std::optional<decode_error> missing;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((missing || is_optional_v<Fs> || seen[I]
          ? void()
          : void(missing = decode_error{decode_errc::missing_mandatory_ie, r.offset(), ie_codec<value_t<Fs>>::name})),
     ...);
  }
  (std::index_sequence_for<Fs...>{});
  if (missing) return std::unexpected(*missing);
  return m;
}

template <class Msg>
decode_result<Msg> decode_ies(byte_reader& r) {
  return decode_ies_impl<Msg>(r, static_cast<typename schema_of<Msg>::fields*>(nullptr));
}

template <class T>
void encode_one(byte_writer& w, const T& v) {
  using C = ie_codec<T>;
  w.u8(C::type);
  if constexpr (C::format == ie_format::tv) {
    C::encode(w, v);
  } else if constexpr (C::format == ie_format::tlv1) {
    auto len = w.length(1, C::name);
    C::encode(w, v);
  } else {
    auto len = w.length(2, C::name);
    C::encode(w, v);
  }
}

template <class Msg, class... Fs>
void encode_ies_impl(byte_writer& w, const Msg& m, std::tuple<Fs...>*) {
  auto one = [&]<class F>() {
    const auto& v = m.*(F::member);
    if constexpr (is_optional_v<F>) {
      if (v) encode_one(w, *v);
    } else {
      encode_one(w, v);
    }
  };
  (one.template operator()<Fs>(), ...);
}

template <class Msg>
void encode_ies(byte_writer& w, const Msg& m) {
  encode_ies_impl(w, m, static_cast<typename schema_of<Msg>::fields*>(nullptr));
}

}  // namespace

message_type message::type() const noexcept {
  struct visitor {
    message_type operator()(const echo_request&) const { return message_type::echo_request; }
    message_type operator()(const echo_response&) const { return message_type::echo_response; }
    message_type operator()(const error_indication&) const { return message_type::error_indication; }
    message_type operator()(const supported_extension_headers_notification&) const {
      return message_type::supported_extension_headers_notification;
    }
    message_type operator()(const end_marker&) const { return message_type::end_marker; }
    message_type operator()(const g_pdu&) const { return message_type::g_pdu; }
  };
  return std::visit(visitor{}, body_);
}

decode_result<message> decode(std::span<const std::uint8_t> packet) {
  auto h = decode_header(packet);
  if (!h) return std::unexpected(h.error());
  // The whole-message decoder (tools, pcap check) re-encodes what it decodes,
  // so padding after the Length cannot be represented and stays an error here.
  if (h->trailing_octets_ != 0)
    return std::unexpected(decode_error{decode_errc::trailing_bytes, packet.size() - h->trailing_octets_,
                                        "octets after GTP-U Length"});
  message m;
  m.teid_ = h->teid_;
  if (h->s()) m.sequence_number_ = h->sequence_number_;
  if (h->pn()) m.n_pdu_number_ = h->n_pdu_number_;
  for_each_extension_header(*h, [&](const extension_header_view& x) {
    extension_header e;
    e.type_ = x.type_;
    e.content_ = std::vector<std::uint8_t>(x.content_.begin(), x.content_.end());
    if (x.type_ == extension_type::pdu_session_container) {
      // Kept as raw octets when not decodable (a second container is not validated by decode_header).
      if (auto c = decode_pdu_session_container(x.content_); c && padded_content_size(*c) == x.content_.size())
        e.content_ = *c;
    }
    m.extension_headers_.push_back(std::move(e));
  });
  byte_reader body(h->body_, h->body_offset_);
  auto decode_body = [&]<class Msg>() -> decode_result<message> {
    auto b = decode_ies<Msg>(body);
    if (!b) return std::unexpected(b.error());
    m.body_ = std::move(*b);
    return m;
  };
  switch (static_cast<message_type>(h->message_type_)) {
    case message_type::echo_request:
      return decode_body.operator()<echo_request>();
    case message_type::echo_response:
      return decode_body.operator()<echo_response>();
    case message_type::error_indication:
      return decode_body.operator()<error_indication>();
    case message_type::supported_extension_headers_notification:
      return decode_body.operator()<supported_extension_headers_notification>();
    case message_type::end_marker:
      return decode_body.operator()<end_marker>();
    case message_type::g_pdu:
      m.body_ = g_pdu{{h->body_.begin(), h->body_.end()}};
      return m;
  }
  return std::unexpected(decode_error{decode_errc::unknown_type, 1, "GTP-U message type"});
}

encode_result<std::vector<std::uint8_t>> encode(const message& m) {
  byte_writer w;
  const bool e = !m.extension_headers_.empty();
  const bool s = m.sequence_number_.has_value();
  const bool pn = m.n_pdu_number_.has_value();
  w.u8(static_cast<std::uint8_t>(0x30 | (e ? 0x04 : 0) | (s ? 0x02 : 0) | (pn ? 0x01 : 0)));
  w.u8(static_cast<std::uint8_t>(m.type()));
  w.u16(0);  // Length, patched below: it excludes the TEID that follows it
  w.u32(m.teid_.value());
  if (e || s || pn) {
    w.u16(m.sequence_number_.value_or(0));
    w.u8(m.n_pdu_number_.value_or(0));
    w.u8(e ? m.extension_headers_.front().type_ : extension_type::no_more);
  }
  for (std::size_t i = 0; i < m.extension_headers_.size(); ++i) {
    const auto& x = m.extension_headers_[i];
    if (const auto* c = std::get_if<pdu_session_container>(&x.content_)) {
      const std::size_t n = padded_content_size(*c);
      w.u8(static_cast<std::uint8_t>((n + 2) / 4));
      std::vector<std::uint8_t> tmp(n);
      auto ok = write_pdu_session_container(*c, tmp);
      if (!ok) return std::unexpected(ok.error());
      w.bytes(tmp);
    } else {
      const auto& raw = std::get<std::vector<std::uint8_t>>(x.content_);
      // §5.2.1: an extension header is a whole number of 4-octet units.
      if ((raw.size() + 2) % 4 != 0 || raw.size() + 2 > 255 * 4)
        return std::unexpected(encode_error{encode_errc::invalid_argument, "extension header content length"});
      w.u8(static_cast<std::uint8_t>((raw.size() + 2) / 4));
      w.bytes(raw);
    }
    w.u8(i + 1 < m.extension_headers_.size() ? m.extension_headers_[i + 1].type_ : extension_type::no_more);
  }
  std::visit(
      [&]<class B>(const B& b) {
        if constexpr (std::is_same_v<B, g_pdu>)
          w.bytes(b.t_pdu_);
        else
          encode_ies(w, b);
      },
      m.body_);
  const std::size_t length = w.size() - mandatory_header_size;
  if (length > 0xffff) return std::unexpected(encode_error{encode_errc::length_overflow, "GTP-U length"});
  w.patch_uint_be(2, length, 2);
  return std::move(w).finish();
}

}  // namespace meridian::gtpu
