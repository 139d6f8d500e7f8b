// Packet detection over the session table; see packet_classifier.hpp.

#include "meridian/upf/packet_classifier.hpp"

#include <algorithm>

namespace meridian::upf {

std::string_view to_string(classify_errc c) noexcept {
  switch (c) {
    case classify_errc::malformed_packet:
      return "malformed inner packet";
    case classify_errc::unknown_teid:
      return "no session for TEID";
    case classify_errc::unknown_ue_address:
      return "no session for UE address";
    case classify_errc::no_matching_pdr:
      return "no matching PDR";
  }
  return "unknown";
}

namespace {

bool sdf_matches(const compiled_pdr& c, const five_tuple& t) noexcept {
  if (c.sdf_count_ == 0) return true;
  if (matches(c.first_sdf_, t, c.sdf_direction_, c.ue_address_)) return true;
  if (c.sdf_count_ == 1) return false;
  const auto& rest = c.rule_->pdi_.sdf_filters_;
  for (std::size_t i = 1; i < rest.size(); ++i)
    if (matches(rest[i], t, c.sdf_direction_, c.ue_address_)) return true;
  return false;
}

std::unexpected<classify_error> fail(classify_errc c) noexcept { return std::unexpected(classify_error{c, {}}); }

classify_result match_tunnel(session* s, teid t, std::optional<qfi> q, const five_tuple& tuple) noexcept {
  if (s == nullptr) return fail(classify_errc::unknown_teid);
  for (const compiled_pdr& c : s->tunnel_pdrs()) {
    if (*c.local_teid_ != t) continue;
    if (c.qfi_ && (!q || *q != *c.qfi_)) continue;
    // On the access side the UE address is the packet's source (anti-spoofing).
    if (c.ue_address_) {
      const ipv4_address ue = c.sdf_direction_ == direction::uplink ? tuple.source_ : tuple.destination_;
      if (ue != *c.ue_address_) continue;
    }
    if (!sdf_matches(c, tuple)) continue;
    return classification{s, &c, tuple};
  }
  return fail(classify_errc::no_matching_pdr);
}

classify_result match_ue_address(session* s, const five_tuple& tuple) noexcept {
  if (s == nullptr) return fail(classify_errc::unknown_ue_address);
  for (const compiled_pdr& c : s->ue_address_pdrs()) {
    if (*c.ue_address_ != tuple.destination_) continue;
    if (!sdf_matches(c, tuple)) continue;
    return classification{s, &c, tuple};
  }
  return fail(classify_errc::no_matching_pdr);
}

void prefetch_pdrs(std::span<const compiled_pdr> pdrs) noexcept {
  if (pdrs.empty()) return;
  const auto* first = reinterpret_cast<const char*>(pdrs.data());
  const std::size_t bytes = std::min<std::size_t>(pdrs.size_bytes(), 256);
  for (std::size_t at = 0; at < bytes; at += 64) __builtin_prefetch(first + at);
}

}  // namespace

classify_result packet_classifier::classify_uplink(teid t, std::optional<qfi> q,
                                                   std::span<const std::uint8_t> packet) const noexcept {
  auto tuple = parse_five_tuple(packet);
  if (!tuple) return std::unexpected(classify_error{classify_errc::malformed_packet, tuple.error()});
  return match_tunnel(table_->find_by_teid(t), t, q, *tuple);
}

classify_result packet_classifier::classify_downlink(std::span<const std::uint8_t> packet) const noexcept {
  auto tuple = parse_five_tuple(packet);
  if (!tuple) return std::unexpected(classify_error{classify_errc::malformed_packet, tuple.error()});
  return match_ue_address(table_->find_by_ue_address(tuple->destination_), *tuple);
}

void packet_classifier::classify_uplink_batch(std::span<const uplink_packet_ref> packets,
                                              std::span<classify_result> results) const noexcept {
  const std::size_t n = std::min(packets.size(), results.size());
  for (std::size_t i = 0; i < n; ++i) {
    table_->prefetch_teid(packets[i].teid_);
    auto tuple = parse_five_tuple(packets[i].packet_);
    if (tuple)
      results[i] = classification{nullptr, nullptr, *tuple};
    else
      results[i] = std::unexpected(classify_error{classify_errc::malformed_packet, tuple.error()});
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!results[i]) continue;
    session* s = table_->find_by_teid(packets[i].teid_);
    results[i]->session_ = s;
    if (s != nullptr) __builtin_prefetch(s);
  }
  for (std::size_t i = 0; i < n; ++i)
    if (results[i] && results[i]->session_ != nullptr) prefetch_pdrs(results[i]->session_->tunnel_pdrs());
  for (std::size_t i = 0; i < n; ++i) {
    if (!results[i]) continue;
    const five_tuple tuple = results[i]->tuple_;
    results[i] = match_tunnel(results[i]->session_, packets[i].teid_, packets[i].qfi_, tuple);
  }
}

void packet_classifier::classify_downlink_batch(std::span<const std::span<const std::uint8_t>> packets,
                                                std::span<classify_result> results) const noexcept {
  const std::size_t n = std::min(packets.size(), results.size());
  for (std::size_t i = 0; i < n; ++i) {
    auto tuple = parse_five_tuple(packets[i]);
    if (tuple) {
      table_->prefetch_ue_address(tuple->destination_);
      results[i] = classification{nullptr, nullptr, *tuple};
    } else {
      results[i] = std::unexpected(classify_error{classify_errc::malformed_packet, tuple.error()});
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!results[i]) continue;
    session* s = table_->find_by_ue_address(results[i]->tuple_.destination_);
    results[i]->session_ = s;
    if (s != nullptr) __builtin_prefetch(s);
  }
  for (std::size_t i = 0; i < n; ++i)
    if (results[i] && results[i]->session_ != nullptr) prefetch_pdrs(results[i]->session_->ue_address_pdrs());
  for (std::size_t i = 0; i < n; ++i) {
    if (!results[i]) continue;
    const five_tuple tuple = results[i]->tuple_;
    results[i] = match_ue_address(results[i]->session_, tuple);
  }
}

}  // namespace meridian::upf
