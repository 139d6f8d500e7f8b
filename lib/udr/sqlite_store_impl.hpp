#pragma once
// The SQLite subscriber store: one connection and its prepared statements.
// sqlite_open.cpp opens and migrates, sqlite_provisioning.cpp holds the
// operator's reads and writes, sqlite_udr_data.cpp the UDR's (authentication
// data, the batched durable writes, context data, home network keys).

#include <memory>

#include "meridian/udr/sqlite_store.hpp"
#include "sqlite.hpp"

namespace meridian::udr {

class sqlite_store final : public subscriber_store {
 public:
  /// Takes an open, migrated connection and prepares the statements.
  static store_result<std::unique_ptr<sqlite_store>> create(sqlite::connection db, schema_info schema);

  store_result<void> insert(const subscriber& s) override;
  store_result<std::size_t> insert_all(std::span<const subscriber> subscribers) override;
  store_result<void> replace(const subscriber& s, sqn_write sqn) override;
  store_result<void> remove(const model::supi& supi) override;
  store_result<std::optional<subscriber>> find(const model::supi& supi) override;
  store_result<void> for_each(const std::function<bool(const subscriber&)>& visit) override;
  store_result<std::size_t> count() override;

  store_result<std::optional<authentication_record>> find_authentication(const model::supi& supi) override;
  store_result<std::optional<udm::auth_event>> find_authentication_status(const model::supi& supi) override;
  store_result<std::optional<udm::amf_3gpp_access_registration>> find_amf_context(
      const model::supi& supi) override;
  store_result<std::vector<write_outcome>> apply(std::span<const write_op> ops) override;

  store_result<void> insert_hn_key(const hn_key& key) override;
  store_result<std::vector<hn_key>> hn_keys() override;

  schema_info schema() const override { return schema_; }

 private:
  explicit sqlite_store(sqlite::connection db, schema_info schema) : db_(std::move(db)), schema_(schema) {}
  store_result<void> prepare_all();

  // Provisioning steps, inside the caller's transaction.
  store_result<void> insert_rows(const subscriber& s);
  store_result<void> insert_children(const subscriber& s);
  /// Reads the current row of select_subscriber_ (or for_each's scan) and its children.
  store_result<subscriber> read_subscriber(sqlite::statement& row);
  store_result<bool> exists(const model::supi& supi);

  // One write_op each, inside apply()'s transaction.
  store_result<write_outcome> apply_one(const sqn_update& u);
  store_result<write_outcome> apply_one(const authentication_status_put& p);
  store_result<write_outcome> apply_one(const amf_context_put& p);

  sqlite::connection db_;
  schema_info schema_;

  sqlite::statement insert_subscriber_, insert_sqn_state_, insert_snssai_, insert_session_, update_subscriber_,
      update_ind_length_, update_admin_sqn_, delete_children_,
      delete_subscriber_, select_subscriber_, select_all_, select_snssai_, select_sessions_, count_, exists_,
      select_auth_, update_sqn_by_row_, update_sqn_, upsert_auth_status_by_row_, upsert_auth_status_, select_auth_status_, upsert_amf_context_,
      select_amf_context_, insert_hn_key_, select_hn_keys_;
};

}  // namespace meridian::udr
