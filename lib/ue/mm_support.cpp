// What the UE's 5GMM procedures share.

#include "mm_support.hpp"

#include <type_traits>
#include <variant>

namespace meridian::ue::detail {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = log::get("ue.nas");
  return l;
}

std::vector<model::tai> tais_of(const nas::tai_list& list) {
  std::vector<model::tai> out;
  for (const auto& partial : list.partial_lists_) {
    std::visit(
        [&](const auto& p) {
          using T = std::decay_t<decltype(p)>;
          if constexpr (std::is_same_v<T, nas::tai_list_tacs>) {
            for (const auto& tac : p.tacs_) out.push_back(model::tai{p.plmn_, tac});
          } else if constexpr (std::is_same_v<T, nas::tai_list_consecutive>) {
            // Type 01: count_ TACs from the first (a TAC past 2^24 - 1 does not exist).
            for (std::uint32_t i = 0; i < p.count_; ++i)
              if (auto tac = model::tac::from(p.first_tac_.value() + i)) out.push_back(model::tai{p.plmn_, *tac});
          } else {
            out.insert(out.end(), p.tais_.begin(), p.tais_.end());
          }
        },
        partial);
  }
  out.shrink_to_fit();
  return out;
}

}  // namespace meridian::ue::detail
