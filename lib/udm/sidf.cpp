#include "meridian/udm/sidf.hpp"

#include <fmt/format.h>

#include "meridian/security/suci.hpp"

namespace meridian::udm {

namespace {

sbi::problem_details incorrect_suci(std::string detail) {
  auto p = sbi::problem_details::of(sbi::cause::mandatory_ie_incorrect, std::move(detail));
  p.invalid_params_.push_back({"/supiOrSuci", p.detail_});
  return p;
}

std::string_view profile_name(model::protection_scheme s) {
  return s == model::protection_scheme::profile_a ? "Profile A" : "Profile B";
}

}  // namespace

sbi::result<model::supi> deconceal_supi(const sbi::supi_or_suci& id, const home_network_keys& keys,
                                        bool allow_null_scheme) {
  if (const auto* supi = std::get_if<model::supi>(&id)) return *supi;
  const auto& suci = std::get<model::suci>(id);

  switch (suci.protection_scheme_) {
    case model::protection_scheme::null: {
      if (!allow_null_scheme)
        return std::unexpected(sbi::problem_details::of(sbi::cause::unsupported_protection_scheme,
                                                        "the home network requires a concealed SUCI"));
      auto supi = security::deconceal(suci, {});
      if (!supi) return std::unexpected(incorrect_suci(supi.error().message()));
      return *supi;
    }
    case model::protection_scheme::profile_a:
    case model::protection_scheme::profile_b: {
      const auto key = keys.find(suci.home_network_public_key_id_, suci.protection_scheme_);
      if (!key)
        return std::unexpected(sbi::problem_details::of(
            sbi::cause::unsupported_protection_scheme,
            fmt::format("no home network key {} for {}", suci.home_network_public_key_id_,
                        profile_name(suci.protection_scheme_))));
      auto supi = security::deconceal(suci, key->bytes());
      if (!supi) return std::unexpected(incorrect_suci(supi.error().message()));
      return *supi;
    }
  }
  return std::unexpected(sbi::problem_details::of(
      sbi::cause::unsupported_protection_scheme,
      fmt::format("protection scheme {} is not supported", static_cast<unsigned>(suci.protection_scheme_))));
}

}  // namespace meridian::udm
