// The SQLite store's statements, prepared once per connection. The schema they
// run on is lib/udr/migrations/*.sql.

#include "sqlite_store_impl.hpp"

namespace meridian::udr {

namespace {

// A whole subscriber's columns, in the order read_subscriber() reads them:
// the subscriber row and its SQN state (schema version 3: a table of its own).
constexpr std::string_view subscriber_columns =
    "s.supi, s.k, s.op, s.op_kind, s.amf, q.sqn, q.ind_length, q.sqn_scheme, q.last_indexes, q.dif_sign, "
    "s.auth_method, s.ue_ambr_ul, s.ue_ambr_dl, s.rat_restrictions";

}  // namespace

store_result<std::unique_ptr<sqlite_store>> sqlite_store::create(sqlite::connection db, schema_info schema) {
  std::unique_ptr<sqlite_store> s(new sqlite_store(std::move(db), schema));
  if (auto r = s->prepare_all(); !r) return std::unexpected(r.error());
  return s;
}

store_result<void> sqlite_store::prepare_all() {
  const std::string select_subscriber = std::string("SELECT ") + std::string(subscriber_columns) +
                                        " FROM subscriber s JOIN sqn_state q ON q.supi = s.supi";
  const struct {
    sqlite::statement* target;
    std::string sql;
  } statements[] = {
      // Bound by bind_subscriber_columns (sqlite_provisioning.cpp).
      {&insert_subscriber_,
       "INSERT INTO subscriber (supi, k, op, op_kind, amf, auth_method, ue_ambr_ul, ue_ambr_dl, rat_restrictions) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
      // Bound by bind_sqn_columns.
      {&insert_sqn_state_,
       "INSERT INTO sqn_state (supi, sqn, ind_length, sqn_scheme, last_indexes, dif_sign) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
      {&insert_snssai_, "INSERT INTO subscribed_snssai (supi, snssai, is_default, position) VALUES (?1, ?2, ?3, ?4)"},
      {&insert_session_,
       "INSERT INTO session_config (supi, snssai, dnn, position, default_dnn, default_pdu_type, allowed_pdu_types, "
       "default_ssc_mode, allowed_ssc_modes, qos_5qi, arp_priority, arp_preempt_cap, arp_preempt_vuln, "
       "session_ambr_ul, session_ambr_dl, static_ipv4, static_ipv6) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"},
      // The operator's replace: the SQN state stays unless asked (sqn_write),
      // but for the IND length.
      {&update_subscriber_,
       "UPDATE subscriber SET k = ?2, op = ?3, op_kind = ?4, amf = ?5, auth_method = ?6, ue_ambr_ul = ?7, "
       "ue_ambr_dl = ?8, rat_restrictions = ?9 WHERE supi = ?1"},
      {&update_ind_length_, "UPDATE sqn_state SET ind_length = ?2 WHERE supi = ?1"},
      {&update_admin_sqn_,
       "UPDATE sqn_state SET sqn = ?2, ind_length = ?3, sqn_scheme = ?4, last_indexes = ?5, dif_sign = ?6 "
       "WHERE supi = ?1"},
      // Sessions go with their S-NSSAI (ON DELETE CASCADE).
      {&delete_children_, "DELETE FROM subscribed_snssai WHERE supi = ?1"},
      {&delete_subscriber_, "DELETE FROM subscriber WHERE supi = ?1"},
      {&select_subscriber_, select_subscriber + " WHERE s.supi = ?1"},
      {&select_all_, select_subscriber + " ORDER BY s.supi"},
      {&select_snssai_, "SELECT snssai, is_default FROM subscribed_snssai WHERE supi = ?1 ORDER BY position"},
      {&select_sessions_,
       "SELECT snssai, dnn, default_dnn, default_pdu_type, allowed_pdu_types, default_ssc_mode, allowed_ssc_modes, "
       "qos_5qi, arp_priority, arp_preempt_cap, arp_preempt_vuln, session_ambr_ul, session_ambr_dl, static_ipv4, "
       "static_ipv6 FROM session_config WHERE supi = ?1 ORDER BY position"},
      {&count_, "SELECT count(*) FROM subscriber"},
      {&exists_, "SELECT 1 FROM subscriber WHERE supi = ?1"},
      {&select_auth_,
       "SELECT s.k, s.op, s.op_kind, s.amf, q.sqn, q.ind_length, q.sqn_scheme, q.last_indexes, q.dif_sign, "
       "s.auth_method, q.id, q.credentials_version FROM subscriber s JOIN sqn_state q ON q.supi = s.supi "
       "WHERE s.supi = ?1"},
      // The compare-and-swap, addressed by the row the UDR read (the
      // authentication vector's path: an integer key, a narrow row): ?2 NULL
      // replaces unconditionally; the credentials must be those read (their
      // version ?3) and the IND length ?4.
      {&update_sqn_by_row_,
       "UPDATE sqn_state SET sqn = ?5, ind_length = ?6, sqn_scheme = ?7, last_indexes = ?8, dif_sign = ?9 "
       "WHERE id = ?1 AND (?2 IS NULL OR sqn = ?2) AND credentials_version = ?3 AND ind_length = ?4"},
      // The same by SUPI, for an update that names no row: ?7 NULL replaces
      // unconditionally; ?8 NULL skips the basis (credentials and IND length) check.
      {&update_sqn_,
       "UPDATE sqn_state SET sqn = ?2, ind_length = ?3, sqn_scheme = ?4, last_indexes = ?5, dif_sign = ?6 "
       "WHERE supi = ?1 AND (?7 IS NULL OR sqn = ?7) AND (?8 IS NULL OR (ind_length = ?13 AND EXISTS ("
       "SELECT 1 FROM subscriber WHERE supi = ?1 AND k = ?8 AND op = ?9 AND op_kind = ?10 AND amf = ?11 "
       "AND auth_method = ?12)))"},
      // The authentication status (schema 3: keyed by the sqn_state id).
      // Updated in place when there is one (which the foreign keys' cascades
      // keep only for a subscriber that exists), else inserted. By the row
      // the UDR read: the foreign key refuses a row that is gone. By SUPI:
      // nothing is inserted for an unknown subscriber (apply_one: not_found).
      {&upsert_auth_status_by_row_,
       "INSERT INTO authentication_status (sqn_id, nf_instance_id, success, time_stamp_ms, auth_type, "
       "serving_network_name, auth_removal_ind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
       "ON CONFLICT (sqn_id) DO UPDATE SET nf_instance_id = excluded.nf_instance_id, success = excluded.success, "
       "time_stamp_ms = excluded.time_stamp_ms, auth_type = excluded.auth_type, "
       "serving_network_name = excluded.serving_network_name, auth_removal_ind = excluded.auth_removal_ind"},
      {&upsert_auth_status_,
       "INSERT INTO authentication_status (sqn_id, nf_instance_id, success, time_stamp_ms, auth_type, "
       "serving_network_name, auth_removal_ind) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7 FROM sqn_state WHERE supi = ?1 "
       "ON CONFLICT (sqn_id) DO UPDATE SET nf_instance_id = excluded.nf_instance_id, success = excluded.success, "
       "time_stamp_ms = excluded.time_stamp_ms, auth_type = excluded.auth_type, "
       "serving_network_name = excluded.serving_network_name, auth_removal_ind = excluded.auth_removal_ind"},
      {&select_auth_status_,
       "SELECT a.nf_instance_id, a.success, a.time_stamp_ms, a.auth_type, a.serving_network_name, "
       "a.auth_removal_ind FROM authentication_status a JOIN sqn_state q ON q.id = a.sqn_id WHERE q.supi = ?1"},
      {&upsert_amf_context_,
       "INSERT OR REPLACE INTO amf_context_3gpp (supi, amf_instance_id, dereg_callback_uri, guami, rat_type, "
       "supported_features, purge_flag, pei, initial_registration_ind, emergency_registration_ind, "
       "registration_time_ms, registered_supi) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12 "
       "WHERE EXISTS (SELECT 1 FROM subscriber WHERE supi = ?1)"},
      {&select_amf_context_,
       "SELECT amf_instance_id, dereg_callback_uri, guami, rat_type, supported_features, purge_flag, pei, "
       "initial_registration_ind, emergency_registration_ind, registration_time_ms, registered_supi "
       "FROM amf_context_3gpp WHERE supi = ?1"},
      {&insert_hn_key_, "INSERT INTO hn_key (key_id, profile, private_key) VALUES (?1, ?2, ?3)"},
      {&select_hn_keys_, "SELECT key_id, profile, private_key FROM hn_key ORDER BY key_id"},
  };
  for (const auto& s : statements) {
    auto prepared = sqlite::statement::prepare(db_.get(), s.sql);
    if (!prepared) return std::unexpected(prepared.error());
    *s.target = std::move(*prepared);
  }
  return {};
}

store_result<bool> sqlite_store::exists(const model::supi& supi) {
  sqlite::reset_on_exit reset(exists_);
  exists_.bind(1, supi.to_string());
  return exists_.step("looking up a subscriber");
}

}  // namespace meridian::udr
