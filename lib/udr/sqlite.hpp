#pragma once
// Thin RAII over the SQLite C API for the store: a connection, prepared
// statements with typed binds and columns, a transaction guard, and the
// mapping of SQLite's result codes onto store_errc.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "meridian/udr/subscriber_store.hpp"

namespace meridian::udr::sqlite {

/// The store error for SQLite result `rc` on `db`, with `what` saying what was being done.
store_error error_of(sqlite3* db, int rc, std::string_view what);

class connection {
 public:
  connection() noexcept = default;
  explicit connection(sqlite3* db) noexcept : db_(db) {}
  connection(connection&& o) noexcept : db_(std::exchange(o.db_, nullptr)) {}
  connection& operator=(connection&& o) noexcept {
    if (this != &o) {
      close();
      db_ = std::exchange(o.db_, nullptr);
    }
    return *this;
  }
  ~connection() { close(); }

  sqlite3* get() const noexcept { return db_; }
  /// Runs SQL text without results (pragmas, migrations, BEGIN/COMMIT).
  store_result<void> exec(std::string_view sql, std::string_view what);

 private:
  void close() noexcept;
  sqlite3* db_ = nullptr;
};

class statement {
 public:
  statement() noexcept = default;
  statement(statement&& o) noexcept : db_(o.db_), s_(std::exchange(o.s_, nullptr)) {}
  statement& operator=(statement&& o) noexcept {
    if (this != &o) {
      sqlite3_finalize(s_);
      db_ = o.db_;
      s_ = std::exchange(o.s_, nullptr);
    }
    return *this;
  }
  ~statement() { sqlite3_finalize(s_); }

  static store_result<statement> prepare(sqlite3* db, std::string_view sql);

  // Binds are 1-based, as in SQLite. Text and blobs are copied (SQLITE_TRANSIENT)
  // so that the caller's buffers may go away before step().
  statement& bind(int i, std::int64_t v);
  statement& bind(int i, std::string_view v);
  statement& bind_blob(int i, std::span<const std::uint8_t> v);
  statement& bind_null(int i);
  // Not copied: for the hot writes, whose octets live until the statement is
  // reset (declare the reset_on_exit after them).
  statement& bind_static(int i, std::string_view v);
  statement& bind_blob_static(int i, std::span<const std::uint8_t> v);
  statement& bind_optional_static(int i, std::optional<std::string_view> v) {
    return v ? bind_static(i, *v) : bind_null(i);
  }
  statement& bind_optional(int i, const std::optional<std::string>& v) {
    return v ? bind(i, std::string_view(*v)) : bind_null(i);
  }
  statement& bind_optional(int i, std::optional<std::int64_t> v) { return v ? bind(i, *v) : bind_null(i); }

  /// SQLITE_ROW (true), SQLITE_DONE (false), or the error.
  store_result<bool> step(std::string_view what);
  /// Steps to the end of a statement without rows.
  store_result<void> run(std::string_view what);
  /// Resets for the next use and clears the binds.
  void reset() noexcept;

  std::int64_t int64(int col) const noexcept { return sqlite3_column_int64(s_, col); }
  bool is_null(int col) const noexcept { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string_view text(int col) const noexcept;
  std::optional<std::string> optional_text(int col) const;
  std::optional<std::int64_t> optional_int64(int col) const noexcept;
  std::span<const std::uint8_t> blob(int col) const noexcept;

  /// The extended result code of the connection's last failed call
  /// (SQLITE_CONSTRAINT_FOREIGNKEY, ...).
  int extended_errcode() const noexcept { return sqlite3_extended_errcode(db_); }
  /// Rows changed by the last step of this statement's connection.
  int changes() const noexcept { return sqlite3_changes(db_); }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* s_ = nullptr;
};

/// Resets a cached statement when the scope ends, on every way out.
class reset_on_exit {
 public:
  explicit reset_on_exit(statement& s) noexcept : s_(s) {}
  ~reset_on_exit() { s_.reset(); }
  reset_on_exit(const reset_on_exit&) = delete;
  reset_on_exit& operator=(const reset_on_exit&) = delete;

 private:
  statement& s_;
};

/// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted.
class transaction {
 public:
  static store_result<transaction> begin(connection& db);
  transaction(transaction&& o) noexcept : db_(std::exchange(o.db_, nullptr)) {}
  transaction& operator=(transaction&&) = delete;
  ~transaction();
  store_result<void> commit();

 private:
  explicit transaction(connection* db) noexcept : db_(db) {}
  connection* db_ = nullptr;
};

}  // namespace meridian::udr::sqlite
