#include "meridian/udm/subscriber_data_management.hpp"

namespace meridian::udm {

subscriber_data_management::subscriber_data_management(udm_config config, udr::nudr_data_repository& udr)
    : config_(std::move(config)), udr_(udr) {}

// Each operation is one UDR query; the UDR's problems (USER_NOT_FOUND,
// DATA_NOT_FOUND) are the SDM's own (TS 29.503 §6.1.7.3), so they pass through.

sbi::awaitable<access_and_mobility_subscription_data> subscriber_data_management::get_am_data(
    model::supi supi, std::optional<model::plmn> plmn_id) {
  co_return co_await udr_.query_am_data(std::move(supi), serving(plmn_id));
}

sbi::awaitable<smf_selection_subscription_data> subscriber_data_management::get_smf_select_data(
    model::supi supi, std::optional<model::plmn> plmn_id) {
  co_return co_await udr_.query_smf_select_data(std::move(supi), serving(plmn_id));
}

sbi::awaitable<sm_subs_data> subscriber_data_management::get_sm_data(model::supi supi, sm_data_query query) {
  co_return co_await udr_.query_sm_data(std::move(supi), serving(query.plmn_id_), query.single_nssai_,
                                        std::move(query.dnn_));
}

sbi::awaitable<nssai> subscriber_data_management::get_nssai(model::supi supi, std::optional<model::plmn> plmn_id) {
  auto am = co_await udr_.query_am_data(std::move(supi), serving(plmn_id));
  if (!am) co_return std::unexpected(std::move(am.error()));
  if (!am->nssai_) co_return std::unexpected(sbi::problem_details::of(sbi::cause::data_not_found, "no subscribed NSSAI"));
  co_return std::move(*am->nssai_);
}

sbi::awaitable<ue_context_in_smf_data> subscriber_data_management::get_ue_context_in_smf_data(model::supi supi) {
  // Only the subscriber's existence is known to the UDR here: am-data answers
  // USER_NOT_FOUND for an unknown SUPI and DATA_NOT_FOUND for a known one
  // without access and mobility data.
  auto am = co_await udr_.query_am_data(std::move(supi), config_.home_plmn_);
  if (!am && am.error().cause_ != sbi::cause::data_not_found) co_return std::unexpected(std::move(am.error()));
  co_return ue_context_in_smf_data{};
}

}  // namespace meridian::udm
