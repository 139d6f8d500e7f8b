// QoS rules with their packet filters (TS 24.501 §9.11.4.13) and QoS flow
// descriptions with their parameter lists (§9.11.4.12).

#include "meridian/nas/ies.hpp"

namespace meridian::nas {

namespace {

/// The size of a packet filter component's value, by type (Table 9.11.4.13.1); -1 if unknown.
int component_size(std::uint8_t type) {
  switch (type) {
    case 0x01:
      return 0;
    case 0x10:
    case 0x11:
      return 8;
    case 0x21:
    case 0x23:
      return 17;
    case 0x30:
      return 1;
    case 0x40:
    case 0x50:
      return 2;
    case 0x41:
    case 0x51:
      return 4;
    case 0x60:
      return 4;
    case 0x70:
      return 2;
    case 0x80:
      return 3;
    case 0x81:
    case 0x82:
      return 6;
    case 0x83:
    case 0x84:
      return 2;
    case 0x85:
    case 0x86:
      return 1;
    case 0x87:
      return 2;
    case 0x88:
    case 0x89:
      return 12;
    default:
      return -1;
  }
}

decode_result<packet_filter> decode_filter(byte_reader& r) {
  packet_filter f;
  auto h = r.u8("packet filter");
  if (!h) return std::unexpected(h.error());
  if ((*h & 0xc0) != 0)
    return std::unexpected(decode_error{decode_errc::invalid_value, r.offset() - 1, "packet filter spare"});
  f.direction_ = static_cast<packet_filter_direction>((*h >> 4) & 0x03);
  f.identifier_ = *h & 0x0f;
  auto len = r.u8("packet filter contents length");
  if (!len) return std::unexpected(len.error());
  auto contents = r.sub(*len, "packet filter contents");
  if (!contents) return std::unexpected(contents.error());
  if (contents->empty()) return std::unexpected(contents->error(decode_errc::invalid_length, "packet filter contents"));
  while (!contents->empty()) {
    const std::size_t at = contents->offset();
    const std::uint8_t type = *contents->u8();
    const int size = component_size(type);
    if (size < 0) return std::unexpected(decode_error{decode_errc::invalid_value, at, "packet filter component type"});
    auto v = contents->bytes(static_cast<std::size_t>(size), "packet filter component value");
    if (!v) return std::unexpected(v.error());
    f.components_.push_back(
        {static_cast<packet_filter_component_type>(type), std::vector<std::uint8_t>(v->begin(), v->end())});
  }
  return f;
}

decode_result<qos_rule> decode_rule(byte_reader& outer) {
  qos_rule q;
  auto id = outer.u8("QoS rule identifier");
  if (!id) return std::unexpected(id.error());
  q.identifier_ = *id;
  auto len = outer.u16("length of QoS rule");
  if (!len) return std::unexpected(len.error());
  auto rr = outer.sub(*len, "QoS rule");
  if (!rr) return std::unexpected(rr.error());
  byte_reader& r = *rr;
  const std::size_t at = r.offset();
  auto h = r.u8("rule operation code");
  if (!h) return std::unexpected(h.error());
  const std::uint8_t op = *h >> 5;
  if (op == 0 || op == 7) return std::unexpected(decode_error{decode_errc::invalid_value, at, "rule operation code"});
  q.operation_ = static_cast<qos_rule_operation>(op);
  q.default_rule_ = (*h & 0x10) != 0;
  const unsigned filters = *h & 0x0f;
  for (unsigned i = 0; i < filters; ++i) {
    if (q.operation_ == qos_rule_operation::modify_and_delete_packet_filters) {
      auto b = r.u8("packet filter identifier");
      if (!b) return std::unexpected(b.error());
      if ((*b & 0xf0) != 0)
        return std::unexpected(
            decode_error{decode_errc::invalid_value, r.offset() - 1, "packet filter identifier spare"});
      packet_filter f;
      f.identifier_ = *b & 0x0f;
      f.direction_ = packet_filter_direction::ts_1;
      q.packet_filters_.push_back(f);
    } else {
      auto f = decode_filter(r);
      if (!f) return std::unexpected(f.error());
      q.packet_filters_.push_back(std::move(*f));
    }
  }
  if (!r.empty()) q.precedence_ = *r.u8();
  if (!r.empty()) {
    const std::uint8_t b = *r.u8();
    if ((b & 0x80) != 0)
      return std::unexpected(decode_error{decode_errc::invalid_value, r.offset() - 1, "QoS rule QFI spare"});
    q.segregation_ = (b & 0x40) != 0;
    q.qfi_ = b & 0x3f;
  }
  if (!r.empty()) return std::unexpected(r.error(decode_errc::invalid_length, "QoS rule"));
  return q;
}

}  // namespace

decode_result<qos_rules> qos_rules::decode(byte_reader& r) {
  qos_rules out;
  while (!r.empty()) {
    auto q = decode_rule(r);
    if (!q) return std::unexpected(q.error());
    out.rules_.push_back(std::move(*q));
  }
  return out;
}

void qos_rules::encode(byte_writer& w) const {
  for (const auto& q : rules_) {
    w.u8(q.identifier_);
    auto len = w.length(2, "QoS rule");
    if (q.packet_filters_.size() > 15) w.fail({encode_errc::value_out_of_range, "number of packet filters"});
    w.u8(static_cast<std::uint8_t>(((static_cast<std::uint8_t>(q.operation_) & 0x07) << 5) |
                                   (q.default_rule_ ? 0x10 : 0) | (q.packet_filters_.size() & 0x0f)));
    for (const auto& f : q.packet_filters_) {
      if (q.operation_ == qos_rule_operation::modify_and_delete_packet_filters) {
        w.u8(f.identifier_ & 0x0f);
        continue;
      }
      w.u8(static_cast<std::uint8_t>(((static_cast<std::uint8_t>(f.direction_) & 0x03) << 4) | (f.identifier_ & 0x0f)));
      auto flen = w.length(1, "packet filter contents");
      for (const auto& c : f.components_) {
        const int size = component_size(static_cast<std::uint8_t>(c.type_));
        if (size < 0 || static_cast<std::size_t>(size) != c.value_.size())
          w.fail({encode_errc::value_out_of_range, "packet filter component"});
        w.u8(static_cast<std::uint8_t>(c.type_));
        w.bytes(c.value_);
      }
    }
    if (q.precedence_) w.u8(*q.precedence_);
    if (q.qfi_) {
      if (!q.precedence_) w.fail({encode_errc::missing_field, "QoS rule precedence"});
      w.u8(static_cast<std::uint8_t>((q.segregation_ ? 0x40 : 0) | (*q.qfi_ & 0x3f)));
    }
  }
}

decode_result<qos_flow_descriptions> qos_flow_descriptions::decode(byte_reader& r) {
  qos_flow_descriptions out;
  while (!r.empty()) {
    qos_flow_description d;
    const std::size_t at = r.offset();
    auto qfi = r.u8("QFI");
    if (!qfi) return std::unexpected(qfi.error());
    if ((*qfi & 0xc0) != 0) return std::unexpected(decode_error{decode_errc::invalid_value, at, "QFI spare"});
    d.qfi_ = *qfi & 0x3f;
    auto op = r.u8("operation code");
    if (!op) return std::unexpected(op.error());
    const std::uint8_t code = *op >> 5;
    if ((*op & 0x1f) != 0 || code == 0 || code > 3)
      return std::unexpected(decode_error{decode_errc::invalid_value, at + 1, "QoS flow operation code"});
    d.operation_ = static_cast<qos_flow_operation>(code);
    auto e = r.u8("number of parameters");
    if (!e) return std::unexpected(e.error());
    if ((*e & 0x80) != 0)
      return std::unexpected(decode_error{decode_errc::invalid_value, at + 2, "QoS flow E bit spare"});
    d.e_bit_ = (*e & 0x40) != 0;
    const unsigned count = *e & 0x3f;
    for (unsigned i = 0; i < count; ++i) {
      auto id = r.u8("parameter identifier");
      if (!id) return std::unexpected(id.error());
      auto len = r.u8("length of parameter contents");
      if (!len) return std::unexpected(len.error());
      auto c = r.bytes(*len, "parameter contents");
      if (!c) return std::unexpected(c.error());
      d.parameters_.push_back(
          {static_cast<qos_flow_parameter_id>(*id), std::vector<std::uint8_t>(c->begin(), c->end())});
    }
    out.descriptions_.push_back(std::move(d));
  }
  return out;
}

void qos_flow_descriptions::encode(byte_writer& w) const {
  for (const auto& d : descriptions_) {
    w.u8(d.qfi_ & 0x3f);
    w.u8(static_cast<std::uint8_t>((static_cast<std::uint8_t>(d.operation_) & 0x07) << 5));
    if (d.parameters_.size() > 63) w.fail({encode_errc::value_out_of_range, "number of parameters"});
    w.u8(static_cast<std::uint8_t>((d.e_bit_ ? 0x40 : 0) | (d.parameters_.size() & 0x3f)));
    for (const auto& p : d.parameters_) {
      w.u8(static_cast<std::uint8_t>(p.id_));
      if (p.contents_.size() > 255) w.fail({encode_errc::length_overflow, "parameter contents"});
      w.u8(static_cast<std::uint8_t>(p.contents_.size()));
      w.bytes(p.contents_);
    }
  }
}

}  // namespace meridian::nas
