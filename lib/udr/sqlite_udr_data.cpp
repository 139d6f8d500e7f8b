// The UDR's own reads and writes in the SQLite store: the authentication data
// the UDM reads for every vector, the batched durable writes (SQN
// compare-and-swap, authentication status, the serving AMF), and the home
// network's SUCI keys.

#include <chrono>

#include <fmt/format.h>

#include "row_codec.hpp"
#include "sqlite_store_impl.hpp"

namespace meridian::udr {

namespace {

store_error malformed(const model::supi& supi, std::string_view what) {
  return store_error{store_errc::invalid, fmt::format("the stored {} of {} is malformed", what, supi.to_string())};
}

std::optional<std::int64_t> flag(std::optional<bool> b) {
  if (!b) return std::nullopt;
  return *b ? 1 : 0;
}
std::optional<bool> flag_of(std::optional<std::int64_t> v) {
  if (!v) return std::nullopt;
  return *v != 0;
}

}  // namespace

store_result<std::optional<authentication_record>> sqlite_store::find_authentication(const model::supi& supi) {
  sqlite::reset_on_exit reset(select_auth_);
  select_auth_.bind(1, supi.to_string());
  auto row = select_auth_.step("reading authentication data");
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<authentication_record>{};
  auto& q = select_auth_;
  auto k = crypto::key128::from(q.blob(0));
  auto op = crypto::key128::from(q.blob(1));
  const auto kind = row::op_kind_of(q.text(2));
  const auto amf = q.blob(3);
  const auto scheme = sbi::from_string<sqn_scheme>(q.text(6));
  auto last = row::last_indexes_of(q.text(7));
  const auto method = sbi::from_string<auth_method>(q.text(9));
  if (!k || !op || !kind || amf.size() != 2 || !scheme || !last || !method)
    return std::unexpected(malformed(supi, "authentication data"));
  authentication_record a{.k_ = *k,
                          .op_ = *op,
                          .op_kind_ = *kind,
                          .amf_ = {amf[0], amf[1]},
                          .sqn_ = sqn_state{.sqn_ = static_cast<std::uint64_t>(q.int64(4)),
                                            .ind_length_ = static_cast<unsigned>(q.int64(5)),
                                            .scheme_ = *scheme,
                                            .last_indexes_ = std::move(*last),
                                            .dif_sign_ = std::nullopt},
                          .auth_method_ = *method,
                          .location_ = sqn_location{.row_ = q.int64(10), .credentials_version_ = q.int64(11)}};
  if (!q.is_null(8)) {
    const auto sign = sbi::from_string<udr::sign>(q.text(8));
    if (!sign) return std::unexpected(malformed(supi, "dif_sign"));
    a.sqn_.dif_sign_ = *sign;
  }
  return std::optional<authentication_record>(std::move(a));
}

store_result<std::optional<udm::auth_event>> sqlite_store::find_authentication_status(const model::supi& supi) {
  sqlite::reset_on_exit reset(select_auth_status_);
  auto& q = select_auth_status_;
  q.bind(1, supi.to_string());
  auto row = q.step("reading the authentication status");
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<udm::auth_event>{};
  const auto type = sbi::from_string<udm::auth_type>(q.text(3));
  if (!type) return std::unexpected(malformed(supi, "authentication status"));
  return std::optional<udm::auth_event>(udm::auth_event{
      .nf_instance_id_ = std::string(q.text(0)),
      .success_ = q.int64(1) != 0,
      .time_stamp_ = sbi::date_time(std::chrono::milliseconds(q.int64(2))),
      .auth_type_ = *type,
      .serving_network_name_ = std::string(q.text(4)),
      .auth_removal_ind_ = flag_of(q.optional_int64(5)),
  });
}

store_result<std::optional<udm::amf_3gpp_access_registration>> sqlite_store::find_amf_context(
    const model::supi& supi) {
  sqlite::reset_on_exit reset(select_amf_context_);
  auto& q = select_amf_context_;
  q.bind(1, supi.to_string());
  auto row = q.step("reading the serving AMF");
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<udm::amf_3gpp_access_registration>{};
  const auto guami = model::guami::parse(q.text(2));
  const auto rat = sbi::from_string<sbi::rat_type>(q.text(3));
  if (!guami || !rat) return std::unexpected(malformed(supi, "serving AMF"));
  udm::amf_3gpp_access_registration r;
  r.amf_instance_id_ = std::string(q.text(0));
  r.dereg_callback_uri_ = std::string(q.text(1));
  r.guami_ = *guami;
  r.rat_type_ = *rat;
  r.supported_features_ = q.optional_text(4);
  r.purge_flag_ = flag_of(q.optional_int64(5));
  if (!q.is_null(6)) {
    auto pei = model::pei::parse(q.text(6));
    if (!pei) return std::unexpected(malformed(supi, "PEI"));
    r.pei_ = std::move(*pei);
  }
  r.initial_registration_ind_ = flag_of(q.optional_int64(7));
  r.emergency_registration_ind_ = flag_of(q.optional_int64(8));
  if (const auto t = q.optional_int64(9)) r.registration_time_ = sbi::date_time(std::chrono::milliseconds(*t));
  if (!q.is_null(10)) {
    auto s = model::supi::parse(q.text(10));
    if (!s) return std::unexpected(malformed(supi, "registered SUPI"));
    r.supi_ = std::move(*s);
  }
  return std::optional<udm::amf_3gpp_access_registration>(std::move(r));
}

store_result<write_outcome> sqlite_store::apply_one(const sqn_update& u) {
  const auto& v = u.value_;
  const std::string last_indexes = row::last_indexes_json(v.last_indexes_);
  const auto dif_sign =
      v.dif_sign_ ? std::optional<std::string_view>(sbi::to_string(*v.dif_sign_)) : std::nullopt;
  // The "test" item: NULL replaces unconditionally. (Bound without an
  // optional<int64_t>: GCC 12 sees a false maybe-uninitialized in that.)
  const auto bind_expected_sqn = [&u](sqlite::statement& st, int i) {
    if (u.expected_sqn_)
      st.bind(i, static_cast<std::int64_t>(*u.expected_sqn_));
    else
      st.bind_null(i);
  };
  if (const auto& b = u.expected_basis_; b && b->location_.row_ != 0) {
    // The UDR's path: the row it read, no SUPI lookup; the credentials'
    // version stands for the credentials themselves (0003_sqn_state.sql).
    // Everything bound lives until `reset` (declared last).
    sqlite::reset_on_exit reset(update_sqn_by_row_);
    bind_expected_sqn(update_sqn_by_row_, 2);
    update_sqn_by_row_.bind(1, b->location_.row_)
        .bind(3, b->location_.credentials_version_)
        .bind(4, static_cast<std::int64_t>(b->ind_length_))
        .bind(5, static_cast<std::int64_t>(v.sqn_ & sqn_max))
        .bind(6, static_cast<std::int64_t>(v.ind_length_))
        .bind_static(7, sbi::to_string(v.scheme_))
        .bind_static(8, last_indexes)
        .bind_optional_static(9, dif_sign);
    if (auto r = update_sqn_by_row_.run("updating the SQN"); !r) return std::unexpected(r.error());
    if (update_sqn_by_row_.changes() == 1) return write_outcome::applied;
  } else if (b && (!b->k_ || !b->op_)) {
    // A basis naming neither a row nor the credentials cannot be checked: refused.
    auto found = exists(u.supi_);
    if (!found) return std::unexpected(found.error());
    return *found ? write_outcome::test_failed : write_outcome::not_found;
  } else {
    const std::string supi = u.supi_.to_string();
    sqlite::reset_on_exit reset(update_sqn_);
    update_sqn_.bind_static(1, supi)
        .bind(2, static_cast<std::int64_t>(v.sqn_ & sqn_max))
        .bind(3, static_cast<std::int64_t>(v.ind_length_))
        .bind_static(4, sbi::to_string(v.scheme_))
        .bind_static(5, last_indexes)
        .bind_optional_static(6, dif_sign);
    bind_expected_sqn(update_sqn_, 7);
    if (b) {
      update_sqn_.bind_blob_static(8, b->k_->bytes())
          .bind_blob_static(9, b->op_->bytes())
          .bind_static(10, row::op_kind_text(b->op_kind_))
          .bind_blob_static(11, b->amf_)
          .bind_static(12, sbi::to_string(b->auth_method_))
          .bind(13, static_cast<std::int64_t>(b->ind_length_));
    }
    if (auto r = update_sqn_.run("updating the SQN"); !r) return std::unexpected(r.error());
    if (update_sqn_.changes() == 1) return write_outcome::applied;
  }
  // Not applied: a subscriber that is gone, or a test that failed.
  auto found = exists(u.supi_);
  if (!found) return std::unexpected(found.error());
  return *found ? write_outcome::test_failed : write_outcome::not_found;
}

store_result<write_outcome> sqlite_store::apply_one(const authentication_status_put& p) {
  const auto& e = p.event_;
  // ?1 is bound by the caller: the row id, or the SUPI.
  const auto bind_event = [&e](sqlite::statement& st) {
    st.bind_static(2, e.nf_instance_id_)
        .bind(3, std::int64_t{e.success_})
        .bind(4, static_cast<std::int64_t>(e.time_stamp_.time_since_epoch().count()))
        .bind_static(5, sbi::to_string(e.auth_type_))
        .bind_static(6, e.serving_network_name_)
        .bind_optional(7, flag(e.auth_removal_ind_));
  };
  if (p.location_.row_ != 0) {
    sqlite::reset_on_exit reset(upsert_auth_status_by_row_);
    upsert_auth_status_by_row_.bind(1, p.location_.row_);
    bind_event(upsert_auth_status_by_row_);
    auto r = upsert_auth_status_by_row_.run("storing the authentication status");
    if (r) return write_outcome::applied;
    // Only this statement is undone; the batch's transaction goes on. A row
    // that is gone (the subscriber deleted, perhaps added again): by SUPI.
    if (upsert_auth_status_by_row_.extended_errcode() != SQLITE_CONSTRAINT_FOREIGNKEY)
      return std::unexpected(r.error());
  }
  const std::string supi = p.supi_.to_string();
  sqlite::reset_on_exit reset(upsert_auth_status_);  // after what it binds without a copy
  upsert_auth_status_.bind_static(1, supi);
  bind_event(upsert_auth_status_);
  if (auto r = upsert_auth_status_.run("storing the authentication status"); !r) return std::unexpected(r.error());
  return upsert_auth_status_.changes() == 0 ? write_outcome::not_found : write_outcome::applied;
}

store_result<write_outcome> sqlite_store::apply_one(const amf_context_put& p) {
  sqlite::reset_on_exit reset(upsert_amf_context_);
  const auto& r = p.registration_;
  upsert_amf_context_.bind(1, p.supi_.to_string())
      .bind(2, r.amf_instance_id_)
      .bind(3, r.dereg_callback_uri_)
      .bind(4, r.guami_.to_string())
      .bind(5, sbi::to_string(r.rat_type_))
      .bind_optional(6, r.supported_features_)
      .bind_optional(7, flag(r.purge_flag_))
      .bind_optional(8, r.pei_ ? std::optional<std::string>(r.pei_->to_string()) : std::nullopt)
      .bind_optional(9, flag(r.initial_registration_ind_))
      .bind_optional(10, flag(r.emergency_registration_ind_))
      .bind_optional(11, r.registration_time_
                    ? std::optional<std::int64_t>(r.registration_time_->time_since_epoch().count())
                    : std::nullopt)
      .bind_optional(12, r.supi_ ? std::optional<std::string>(r.supi_->to_string()) : std::nullopt);
  if (auto res = upsert_amf_context_.run("storing the serving AMF"); !res) return std::unexpected(res.error());
  return upsert_amf_context_.changes() == 0 ? write_outcome::not_found : write_outcome::applied;
}

store_result<std::vector<write_outcome>> sqlite_store::apply(std::span<const write_op> ops) {
  auto tx = sqlite::transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  std::vector<write_outcome> out;
  out.reserve(ops.size());
  for (const auto& op : ops) {
    auto r = std::visit([this](const auto& o) { return apply_one(o); }, op);
    if (!r) return std::unexpected(r.error());
    out.push_back(*r);
  }
  // synchronous=FULL: this COMMIT syncs the WAL once for the whole batch.
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return out;
}

store_result<void> sqlite_store::insert_hn_key(const hn_key& key) {
  sqlite::reset_on_exit reset(insert_hn_key_);
  insert_hn_key_.bind(1, std::int64_t{key.key_id_})
      .bind(2, profile_name(key.profile_))
      .bind_blob(3, key.private_key_.bytes());
  auto r = insert_hn_key_.run("storing a home network key");
  if (!r && r.error().code_ == store_errc::duplicate)
    return std::unexpected(store_error{store_errc::duplicate, fmt::format("key id {} exists already", key.key_id_)});
  return r;
}

store_result<std::vector<hn_key>> sqlite_store::hn_keys() {
  sqlite::reset_on_exit reset(select_hn_keys_);
  std::vector<hn_key> out;
  for (;;) {
    auto row = select_hn_keys_.step("reading home network keys");
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    const auto id = select_hn_keys_.int64(0);
    const auto profile = profile_from_name(select_hn_keys_.text(1));
    if (id < 1 || id > 255 || !profile)
      return std::unexpected(store_error{store_errc::invalid, fmt::format("home network key {} is malformed", id)});
    auto key = make_hn_key(static_cast<std::uint8_t>(id), *profile, select_hn_keys_.blob(2));
    if (!key)
      return std::unexpected(store_error{store_errc::invalid, fmt::format("home network key {}: {}", id, key.error())});
    out.push_back(std::move(*key));
  }
}

}  // namespace meridian::udr
