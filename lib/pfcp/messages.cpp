// TS 29.244 §7: decoding and encoding whole PFCP messages. The message type
// selects the body struct; its schema (schemas.hpp) does the rest.

#include "meridian/pfcp/messages.hpp"

#include <fmt/format.h>

#include "schemas.hpp"

namespace meridian::pfcp {

using namespace detail;

namespace {

// TS 29.244 §7.6: the Cause a receiver answers a message it could not decode with.
cause_value cause_for(const decode_error& e, const decode_ctx& c) {
  switch (e.code) {
    case decode_errc::missing_mandatory_ie:
      return cause_value::mandatory_ie_missing;
    case decode_errc::invalid_length:
      return cause_value::invalid_length;
    default:
      return c.top_mandatory_ ? cause_value::mandatory_ie_incorrect : cause_value::request_rejected;
  }
}

constexpr std::string_view names[] = {
    "heartbeat_request",
    "heartbeat_response",
    "pfd_management_request",
    "pfd_management_response",
    "association_setup_request",
    "association_setup_response",
    "association_update_request",
    "association_update_response",
    "association_release_request",
    "association_release_response",
    "node_report_request",
    "node_report_response",
    "session_establishment_request",
    "session_establishment_response",
    "session_modification_request",
    "session_modification_response",
    "session_deletion_request",
    "session_deletion_response",
    "session_report_request",
    "session_report_response",
};
static_assert(std::size(names) == std::variant_size_v<message_body>);

}  // namespace

std::string_view message_name(const message_body& b) noexcept { return names[b.index()]; }

std::string_view to_string(message_type t) noexcept {
  std::string_view out = "unknown";
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((std::variant_alternative_t<I, message_body>::type == t ? void(out = names[I]) : void()), ...);
  }
  (std::make_index_sequence<std::variant_size_v<message_body>>{});
  if (t == message_type::version_not_supported_response) out = "version_not_supported_response";
  return out;
}

std::string decode_failure::message() const {
  std::string line = error_.message();
  if (offending_ie_) line += fmt::format(", offending IE type {}", *offending_ie_);
  if (header_) line += fmt::format(", PFCP cause {}", static_cast<unsigned>(cause_));
  return line;
}

std::expected<message, decode_failure> decode(std::span<const std::uint8_t> datagram) {
  byte_reader r(datagram);
  auto h = decode_header(r);
  if (!h) return std::unexpected(decode_failure{h.error(), std::nullopt, cause_value::request_rejected, std::nullopt});
  auto fail = [&](decode_error e, cause_value cause, std::optional<std::uint16_t> offending = std::nullopt) {
    return std::unexpected(decode_failure{e, *h, cause, offending});
  };
  // TS 29.244 §7.2.2.1: only version 1 exists; others get Version Not Supported.
  if (h->version_ != 1) return fail({decode_errc::unsupported, 0, "PFCP version"}, cause_value::request_rejected);
  // The Length counts every octet after the first 4, SEID and sequence number included.
  const std::size_t after_length = header_size(*h) - 4;
  if (h->length_ < after_length)
    return fail({decode_errc::invalid_length, 2, "PFCP message length"}, cause_value::invalid_length);
  byte_reader rest(datagram.subspan(4), 4);
  (void)rest.skip(after_length);
  auto body = rest.sub(h->length_ - after_length, "PFCP message body");
  if (!body) return fail({decode_errc::invalid_length, 2, "PFCP message length"}, cause_value::invalid_length);
  if (!rest.empty() && !h->follow_on_)
    return fail(rest.error(decode_errc::trailing_bytes, "octets after the PFCP message"), cause_value::invalid_length);

  decode_ctx ctx;
  std::optional<std::expected<message, decode_failure>> out;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    auto one = [&]<std::size_t J>() {
      using B = std::variant_alternative_t<J, message_body>;
      if (out || static_cast<std::uint8_t>(B::type) != h->message_type_) return;
      auto b = decode_group<B>(*body, ctx);
      if (!b)
        out = fail(b.error(), cause_for(b.error(), ctx), ctx.offending_ie_);
      else
        out = message{*h, message_body{std::in_place_index<J>, std::move(*b)}};
    };
    (one.template operator()<I>(), ...);
  }
  (std::make_index_sequence<std::variant_size_v<message_body>>{});
  if (!out) return fail({decode_errc::unknown_type, 1, "PFCP message type"}, cause_value::request_rejected);
  return std::move(*out);
}

encode_result<std::vector<std::uint8_t>> encode(const message& m) {
  byte_writer w;
  header h = m.header_;
  std::visit([&](const auto& b) { h.message_type_ = static_cast<std::uint8_t>(b.type); }, m.body_);
  {
    auto len = encode_header(w, h);
    std::visit([&](const auto& b) { encode_group(w, b); }, m.body_);
  }
  return std::move(w).finish();
}

}  // namespace meridian::pfcp
