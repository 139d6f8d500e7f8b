#pragma once
// The embedded subscriber store: one SQLite file (Debian libsqlite3), WAL
// journal, synchronous=FULL (a committed transaction survives a crash and a
// power cut), foreign keys on. Opening a file that an older Meridian wrote
// migrates it (lib/udr/migrations/NNNN_*.sql, compiled in; the table
// schema_version lists what was applied). A new file is created mode 0600: it
// holds every subscriber's K.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>

#include "meridian/udr/subscriber_store.hpp"

namespace meridian::udr {

struct sqlite_store_options {
  /// How long a write waits for another process's transaction (the operator's
  /// tool beside a running UDR) before failing with store_errc::busy.
  std::chrono::milliseconds busy_timeout_{5000};
  /// Create the file when it does not exist (the tool's `add`/`import` do; a
  /// read-only command reports a missing file instead).
  bool create_ = true;
  /// The connection's page cache. SQLite's default (2 MiB) holds the pages of
  /// some 15,000 subscribers; past that every SQN update of a subscriber not
  /// seen lately reads its page again. Memory is taken only as pages are used.
  std::size_t cache_kib_ = 64 * 1024;
};

/// Opens (or creates) the store in `path` and brings its schema up to date.
store_result<std::unique_ptr<subscriber_store>> open_sqlite_store(const std::filesystem::path& path,
                                                                  const sqlite_store_options& options = {});

/// The migrations compiled into this build: version and name ("0001_initial").
struct migration_info {
  int version_ = 0;
  std::string_view name_{};
};
std::span<const migration_info> sqlite_migrations() noexcept;

}  // namespace meridian::udr
