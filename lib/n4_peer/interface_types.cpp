// TS 29.244 §8.2.118 3GPP Interface Type in the test SMF's rules (interface_types.hpp).

#include "meridian/n4_peer/interface_types.hpp"

namespace meridian::n4_peer {

namespace {

std::optional<pfcp::three_gpp_interface_type> ie_for(pfcp::interface_value v) {
  const auto t = interface_type_for(v);
  if (!t) return std::nullopt;
  return pfcp::three_gpp_interface_type{static_cast<std::uint8_t>(*t)};
}

void add_to(pfcp::pdi& pdi) {
  if (!pdi.source_interface_type_) pdi.source_interface_type_ = ie_for(pdi.source_interface_.value_);
}

void add_to(pfcp::forwarding_parameters& f) {
  if (!f.destination_interface_type_) f.destination_interface_type_ = ie_for(f.destination_interface_.value_);
}

void add_to(pfcp::update_forwarding_parameters& f) {
  // Only with a new Destination Interface: without one there is nothing to derive it from.
  if (!f.destination_interface_type_ && f.destination_interface_)
    f.destination_interface_type_ = ie_for(f.destination_interface_->value_);
}

}  // namespace

std::optional<three_gpp_interface> interface_type_for(pfcp::interface_value v) noexcept {
  switch (v) {
    case pfcp::interface_value::access:
      return three_gpp_interface::n3_3gpp_access;
    case pfcp::interface_value::core:
    case pfcp::interface_value::sgi_lan_n6_lan:
      return three_gpp_interface::n6;
    case pfcp::interface_value::cp_function:
    case pfcp::interface_value::five_g_vn_internal:
      return std::nullopt;
  }
  return std::nullopt;
}

void add_interface_types(pfcp::session_establishment_request& req) {
  for (auto& p : req.create_pdr_) add_to(p.pdi_);
  for (auto& f : req.create_far_)
    if (f.forwarding_parameters_) add_to(*f.forwarding_parameters_);
}

void add_interface_types(pfcp::session_modification_request& req) {
  for (auto& p : req.create_pdr_) add_to(p.pdi_);
  for (auto& p : req.update_pdr_)
    if (p.pdi_) add_to(*p.pdi_);
  for (auto& f : req.create_far_)
    if (f.forwarding_parameters_) add_to(*f.forwarding_parameters_);
  for (auto& f : req.update_far_)
    if (f.update_forwarding_parameters_) add_to(*f.update_forwarding_parameters_);
}

}  // namespace meridian::n4_peer
