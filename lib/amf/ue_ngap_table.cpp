// The AMF's UE-associated connections and AMF UE NGAP ID allocation.

#include "meridian/amf/ue_ngap.hpp"

namespace meridian::amf {

std::string_view to_string(ue_release_reason r) noexcept {
  switch (r) {
    case ue_release_reason::released:
      return "released";
    case ue_release_reason::association_lost:
      return "association lost";
    case ue_release_reason::ng_reset:
      return "NG Reset";
    case ue_release_reason::replaced:
      return "replaced by a new Initial UE Message";
  }
  return "?";
}

ue_ngap_context* ue_ngap_table::create(gnb_association_id association, model::ran_ue_ngap_id ran_id,
                                       std::uint16_t stream) {
  // Ids go round the 40-bit space and skip those still in use, so an id is
  // not given again while a late message for its previous holder may arrive.
  constexpr std::uint64_t space = model::amf_ue_ngap_id::max_value + 1;
  for (std::uint64_t tries = 0; tries < space && tries <= by_amf_id_.size(); ++tries) {
    const std::uint64_t candidate = next_;
    next_ = (next_ + 1) % space;
    if (by_amf_id_.contains(candidate)) continue;
    auto [it, inserted] = by_amf_id_.try_emplace(candidate);
    ue_ngap_context& ue = it->second;
    ue.amf_id = *model::amf_ue_ngap_id::from(candidate);
    ue.ran_id = ran_id;
    ue.association = association;
    ue.stream = stream;
    by_ran_id_[ran_key{association.value(), ran_id.value()}] = candidate;
    return &ue;
  }
  return nullptr;
}

ue_ngap_context* ue_ngap_table::find(model::amf_ue_ngap_id id) {
  const auto it = by_amf_id_.find(id.value());
  return it == by_amf_id_.end() ? nullptr : &it->second;
}

const ue_ngap_context* ue_ngap_table::find(model::amf_ue_ngap_id id) const {
  const auto it = by_amf_id_.find(id.value());
  return it == by_amf_id_.end() ? nullptr : &it->second;
}

ue_ngap_context* ue_ngap_table::find(gnb_association_id association, model::ran_ue_ngap_id ran_id) {
  const auto it = by_ran_id_.find(ran_key{association.value(), ran_id.value()});
  return it == by_ran_id_.end() ? nullptr : find(*model::amf_ue_ngap_id::from(it->second));
}

bool ue_ngap_table::erase(model::amf_ue_ngap_id id) {
  const auto it = by_amf_id_.find(id.value());
  if (it == by_amf_id_.end()) return false;
  const ran_key k{it->second.association.value(), it->second.ran_id.value()};
  if (const auto r = by_ran_id_.find(k); r != by_ran_id_.end() && r->second == id.value()) by_ran_id_.erase(r);
  by_amf_id_.erase(it);
  return true;
}

std::vector<model::amf_ue_ngap_id> ue_ngap_table::on(gnb_association_id association) const {
  std::vector<model::amf_ue_ngap_id> out;
  for (const auto& [id, ue] : by_amf_id_)
    if (ue.association == association) out.push_back(ue.amf_id);
  return out;
}

}  // namespace meridian::amf
