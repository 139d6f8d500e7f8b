#include "sqlite.hpp"

#include <fmt/format.h>

namespace meridian::udr::sqlite {

store_error error_of(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  store_errc code = store_errc::io;
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: code = store_errc::busy; break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: code = store_errc::not_a_database; break;
    case SQLITE_CONSTRAINT:
      code = (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) ? store_errc::duplicate
                                                                                     : store_errc::invalid;
      break;
    default: code = store_errc::io; break;
  }
  // SQLite's messages name tables and constraints, never bound values, so
  // they carry no key material.
  const char* msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return store_error{code, fmt::format("{}: {}", what, msg != nullptr ? msg : sqlite3_errstr(rc))};
}

void connection::close() noexcept {
  if (db_ != nullptr) sqlite3_close_v2(std::exchange(db_, nullptr));
}

store_result<void> connection::exec(std::string_view sql, std::string_view what) {
  const std::string text(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return std::unexpected(error_of(db_, rc, what));
  return {};
}

store_result<statement> statement::prepare(sqlite3* db, std::string_view sql) {
  statement s;
  s.db_ = db;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s.s_,
                                    nullptr);
  if (rc != SQLITE_OK) return std::unexpected(error_of(db, rc, "preparing a statement"));
  return s;
}

statement& statement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}
statement& statement::bind(int i, std::string_view v) {
  sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
statement& statement::bind_blob(int i, std::span<const std::uint8_t> v) {
  sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
statement& statement::bind_static(int i, std::string_view v) {
  sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  return *this;
}
statement& statement::bind_blob_static(int i, std::span<const std::uint8_t> v) {
  sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  return *this;
}
statement& statement::bind_null(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

store_result<bool> statement::step(std::string_view what) {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(error_of(db_, sqlite3_extended_errcode(db_), what));
}

store_result<void> statement::run(std::string_view what) {
  for (;;) {
    auto row = step(what);
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};
  }
}

void statement::reset() noexcept {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

std::string_view statement::text(int col) const noexcept {
  const auto* p = sqlite3_column_text(s_, col);
  const int n = sqlite3_column_bytes(s_, col);
  if (p == nullptr) return {};
  return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)};
}

std::optional<std::string> statement::optional_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return std::string(text(col));
}

std::optional<std::int64_t> statement::optional_int64(int col) const noexcept {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

std::span<const std::uint8_t> statement::blob(int col) const noexcept {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(s_, col));
  const int n = sqlite3_column_bytes(s_, col);
  if (p == nullptr) return {};
  return {p, static_cast<std::size_t>(n)};
}

store_result<transaction> transaction::begin(connection& db) {
  if (auto r = db.exec("BEGIN IMMEDIATE", "starting a transaction"); !r) return std::unexpected(r.error());
  return transaction(&db);
}

transaction::~transaction() {
  if (db_ != nullptr) (void)db_->exec("ROLLBACK", "rolling back");
}

store_result<void> transaction::commit() {
  auto r = db_->exec("COMMIT", "committing");
  if (!r) return r;  // the destructor rolls back
  db_ = nullptr;
  return {};
}

}  // namespace meridian::udr::sqlite
