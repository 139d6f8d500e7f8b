// Schema migrations: a new store is at the newest version, a file written by
// an older Meridian is brought up to date with its data kept, and a file from
// a newer Meridian is refused untouched.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "meridian/udr/sqlite_store.hpp"
#include "udr_test_support.hpp"

namespace meridian::udr {
namespace {

const std::filesystem::path migrations_dir = std::filesystem::path(MERIDIAN_SOURCE_DIR) / "lib/udr/migrations";

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs SQL on a file with SQLite alone, as an older Meridian (or a person) would.
bool run_sql(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open(file.c_str(), &db) == SQLITE_OK;
  char* err = nullptr;
  ok = ok && sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK;
  if (err != nullptr) ADD_FAILURE() << err;
  sqlite3_free(err);
  sqlite3_close(db);
  return ok;
}

std::vector<int> applied_versions(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  std::vector<int> out;
  if (sqlite3_open(file.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT version FROM schema_version ORDER BY version", -1, &s, nullptr) == SQLITE_OK)
      while (sqlite3_step(s) == SQLITE_ROW) out.push_back(sqlite3_column_int(s, 0));
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return out;
}

TEST(udr_migrations, the_compiled_in_migrations_are_the_files_in_the_tree) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(migrations_dir))
    if (e.path().extension() == ".sql") files.push_back(e.path().stem().string());
  std::sort(files.begin(), files.end());
  std::vector<std::string> compiled;
  for (const auto& m : sqlite_migrations()) compiled.emplace_back(m.name_);
  EXPECT_EQ(compiled, files);
  ASSERT_GE(compiled.size(), 2u);
}

TEST(udr_migrations, a_new_store_has_every_migration_applied_in_order) {
  test::temp_dir dir;
  const auto path = dir.file("s.db");
  auto store = open_sqlite_store(path);
  ASSERT_TRUE(store);
  const auto all = sqlite_migrations();
  EXPECT_EQ((*store)->schema().version_, all.back().version_);
  EXPECT_EQ((*store)->schema().latest_known_, all.back().version_);
  std::vector<int> expected;
  for (const auto& m : all) expected.push_back(m.version_);
  store->reset();
  EXPECT_EQ(applied_versions(path), expected);
}

TEST(udr_migrations, a_version_1_file_is_migrated_on_open_and_keeps_its_subscribers) {
  test::temp_dir dir;
  const auto path = dir.file("old.db");
  // The file as the release with only migration 1 left it, with one subscriber.
  ASSERT_TRUE(run_sql(path, read_file(migrations_dir / "0001_initial.sql") +
                                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                "applied_at TEXT NOT NULL) STRICT;"
                                "INSERT INTO schema_version VALUES (1, '0001_initial', '2025-01-01 00:00:00');"
                                "INSERT INTO subscriber VALUES ('imsi-001010000000007', "
                                "x'465b5ce8b199b49faa5f0a2ee238a6bc', x'cd63cb71954a9f4e48a5994e37a02baf', 'OPC', "
                                "x'8000', 96, 5, 'NON_TIME_BASED', '{}', NULL, '5G_AKA', '1 Gbps', '2 Gbps', '');"
                                "INSERT INTO subscribed_snssai VALUES ('imsi-001010000000007', '1', 1, 0);"));
  ASSERT_EQ(applied_versions(path), (std::vector<int>{1}));

  auto store = open_sqlite_store(path);
  ASSERT_TRUE(store) << store.error().message();
  EXPECT_EQ((*store)->schema().version_, 3);
  const auto supi = test::supi_of("imsi-001010000000007");
  auto s = (*store)->find(supi);
  ASSERT_TRUE(s && *s);
  EXPECT_EQ((*s)->sqn_.sqn_, 96u);
  EXPECT_EQ((*s)->ue_ambr_.downlink_, "2 Gbps");
  // The tables of migration 2 work on the migrated file.
  udm::auth_event event{.nf_instance_id_ = "ausf-1", .success_ = true, .time_stamp_ = {},
                        .auth_type_ = udm::auth_type::five_g_aka, .serving_network_name_ = "5G:mnc001.mcc001.3gppnetwork.org",
                        .auth_removal_ind_ = std::nullopt};
  const write_op op = authentication_status_put{.supi_ = supi, .event_ = event};
  auto r = (*store)->apply(std::span(&op, 1));
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0], write_outcome::applied);
  EXPECT_EQ(**(*store)->find_authentication_status(supi), event);
  store->reset();
  EXPECT_EQ(applied_versions(path), (std::vector<int>{1, 2, 3}));
}

TEST(udr_migrations, a_version_2_file_keeps_its_sqns_and_authentication_statuses_in_version_3) {
  test::temp_dir dir;
  const auto path = dir.file("v2.db");
  ASSERT_TRUE(run_sql(path, read_file(migrations_dir / "0001_initial.sql") +
                                read_file(migrations_dir / "0002_context_data.sql") +
                                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                "applied_at TEXT NOT NULL) STRICT;"
                                "INSERT INTO schema_version VALUES (1, '0001_initial', '2025-01-01 00:00:00');"
                                "INSERT INTO schema_version VALUES (2, '0002_context_data', '2025-01-01 00:00:00');"
                                "INSERT INTO subscriber VALUES ('imsi-001010000000007', "
                                "x'465b5ce8b199b49faa5f0a2ee238a6bc', x'cd63cb71954a9f4e48a5994e37a02baf', 'OPC', "
                                "x'8000', 4000, 4, 'NON_TIME_BASED', '{\"ausf\":3}', 'POSITIVE', '5G_AKA', "
                                "'1 Gbps', '2 Gbps', '');"
                                "INSERT INTO subscribed_snssai VALUES ('imsi-001010000000007', '1', 1, 0);"
                                "INSERT INTO authentication_status VALUES ('imsi-001010000000007', 'ausf-9', 1, "
                                "1700000000000, '5G_AKA', '5G:mnc001.mcc001.3gppnetwork.org', NULL);"));
  auto store = open_sqlite_store(path);
  ASSERT_TRUE(store) << store.error().message();
  EXPECT_EQ((*store)->schema().version_, 3);
  const auto supi = test::supi_of("imsi-001010000000007");
  auto a = (*store)->find_authentication(supi);
  ASSERT_TRUE(a && *a);
  EXPECT_EQ((*a)->sqn_.sqn_, 4000u);
  EXPECT_EQ((*a)->sqn_.ind_length_, 4u);
  EXPECT_EQ((*a)->sqn_.last_indexes_, (std::map<std::string, std::int32_t>{{"ausf", 3}}));
  EXPECT_EQ((*a)->sqn_.dif_sign_, sign::positive);
  EXPECT_NE((*a)->location_.row_, 0);
  auto status = (*store)->find_authentication_status(supi);
  ASSERT_TRUE(status && *status);
  EXPECT_EQ((*status)->nf_instance_id_, "ausf-9");
  EXPECT_EQ((*status)->time_stamp_.time_since_epoch().count(), 1700000000000);
  // Deleting the subscriber takes its SQN state and status with it.
  ASSERT_TRUE((*store)->remove(supi));
  EXPECT_FALSE(*(*store)->find_authentication_status(supi));
}

TEST(udr_migrations, a_file_from_a_newer_meridian_is_refused_unchanged) {
  test::temp_dir dir;
  const auto path = dir.file("new.db");
  { ASSERT_TRUE(open_sqlite_store(path)); }
  ASSERT_TRUE(run_sql(path, "INSERT INTO schema_version VALUES (999, '0999_future', '2030-01-01 00:00:00');"));
  auto store = open_sqlite_store(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code_, store_errc::schema_too_new);
  const auto versions = applied_versions(path);
  ASSERT_FALSE(versions.empty());
  EXPECT_EQ(versions.back(), 999);
}

}  // namespace
}  // namespace meridian::udr
