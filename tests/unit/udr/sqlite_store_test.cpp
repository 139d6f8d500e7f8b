// The SQLite subscriber store: what goes in comes out, the file is private,
// bad data and duplicates change nothing, and data survives a reopen.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "meridian/crypto/ecies.hpp"
#include "meridian/udr/sqlite_store.hpp"
#include "udr_test_support.hpp"

namespace meridian::udr {
namespace {

using test::full_subscriber;
using test::plain_subscriber;
using test::supi_of;

std::unique_ptr<subscriber_store> open_or_fail(const std::filesystem::path& path) {
  auto s = open_sqlite_store(path);
  EXPECT_TRUE(s) << (s ? "" : s.error().message());
  return s ? std::move(*s) : nullptr;
}

TEST(sqlite_store, a_new_store_file_and_its_wal_are_readable_by_the_owner_only) {
  test::temp_dir dir;
  const auto path = dir.file("subscribers.db");
  auto store = open_or_fail(path);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->insert(full_subscriber()));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto wal = path.string() + "-wal";
  ASSERT_EQ(::stat(wal.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(sqlite_store, every_field_of_a_subscriber_round_trips) {
  test::temp_dir dir;
  auto store = open_or_fail(dir.file("s.db"));
  ASSERT_TRUE(store);
  const auto s = full_subscriber();
  ASSERT_TRUE(store->insert(s));
  auto back = store->find(s.supi_);
  ASSERT_TRUE(back && *back);
  EXPECT_EQ(**back, s);
  EXPECT_EQ(*store->count(), 1u);
}

TEST(sqlite_store, an_nai_supi_is_stored_like_an_imsi) {
  test::temp_dir dir;
  auto store = open_or_fail(dir.file("s.db"));
  ASSERT_TRUE(store);
  const auto s = plain_subscriber("nai-alice@example.org");
  ASSERT_TRUE(store->insert(s));
  auto back = store->find(supi_of("nai-alice@example.org"));
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->supi_.kind(), model::supi::type::nai);
  EXPECT_EQ(**back, s);
}

TEST(sqlite_store, a_duplicate_supi_is_refused_and_the_first_stays) {
  test::temp_dir dir;
  auto store = open_or_fail(dir.file("s.db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->insert(full_subscriber()));
  auto second = plain_subscriber("imsi-001010000000001");
  auto r = store->insert(second);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code_, store_errc::duplicate);
  EXPECT_EQ(r.error().message(), "duplicate: imsi-001010000000001 exists already");
  EXPECT_EQ(**store->find(second.supi_), full_subscriber());
}

TEST(sqlite_store, insert_all_is_all_or_nothing) {
  test::temp_dir dir;
  auto store = open_or_fail(dir.file("s.db"));
  ASSERT_TRUE(store);
  std::vector<subscriber> batch{plain_subscriber("imsi-001010000000001"), plain_subscriber("imsi-001010000000002"),
                                plain_subscriber("imsi-001010000000001")};
  auto r = store->insert_all(batch);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code_, store_errc::duplicate);
  EXPECT_EQ(*store->count(), 0u);
  batch.pop_back();
  ASSERT_EQ(store->insert_all(batch).value_or(0), 2u);
  EXPECT_EQ(*store->count(), 2u);
}

TEST(sqlite_store, a_subscriber_that_fails_validation_is_not_stored) {
  test::temp_dir dir;
  auto store = open_or_fail(dir.file("s.db"));
  ASSERT_TRUE(store);
  auto s = plain_subscriber("imsi-001010000000001");
  s.sessions_[0].snssai_ = *model::s_nssai::parse("3");  // not subscribed
  auto r = store->insert(s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code_, store_errc::invalid);
  EXPECT_EQ(*store->count(), 0u);
}

TEST(sqlite_store, replace_changes_every_field_and_remove_deletes) {
  test::temp_dir dir;
  auto store = open_or_fail(dir.file("s.db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->insert(plain_subscriber("imsi-001010000000001")));
  const auto full = full_subscriber("imsi-001010000000001");
  ASSERT_TRUE(store->replace(full, sqn_write::replace));
  EXPECT_EQ(**store->find(full.supi_), full);
  ASSERT_TRUE(store->replace(plain_subscriber("imsi-001010000000001"), sqn_write::replace));
  EXPECT_EQ(**store->find(full.supi_), plain_subscriber("imsi-001010000000001"));

  ASSERT_TRUE(store->remove(full.supi_));
  EXPECT_FALSE(*store->find(full.supi_));
  auto again = store->remove(full.supi_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code_, store_errc::not_found);
  auto missing = store->replace(full, sqn_write::replace);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code_, store_errc::not_found);
}

TEST(sqlite_store, replace_keeping_the_sqn_leaves_an_sqn_advanced_meanwhile_and_changes_the_rest) {
  test::temp_dir dir;
  auto store = open_or_fail(dir.file("s.db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->insert(full_subscriber()));
  // The operator's tool reads the subscriber (SQN 0x20)...
  auto read = **store->find(supi_of("imsi-001010000000001"));
  // ...a live UDR then hands out SQN 0x41 (and records its IND)...
  sqn_state advanced{.sqn_ = 0x41, .ind_length_ = 5, .scheme_ = sqn_scheme::non_time_based,
                     .last_indexes_ = {{"ausf", 1}}, .dif_sign_ = sign::positive};
  const std::vector<write_op> ops{sqn_update{.supi_ = read.supi_, .expected_sqn_ = 0x20, .value_ = advanced}};
  ASSERT_EQ(store->apply(ops).value(), std::vector<write_outcome>{write_outcome::applied});
  // ...and the tool writes back its copy with other fields changed.
  read.amf_ = {0x80, 0x00};
  read.ue_ambr_.uplink_ = "1 Gbps";
  read.sqn_.ind_length_ = 4;
  ASSERT_TRUE(store->replace(read, sqn_write::keep));

  auto expected = read;
  expected.sqn_ = advanced;
  expected.sqn_.ind_length_ = 4;
  EXPECT_EQ(**store->find(read.supi_), expected);

  // Asked to, it does write the SQN state.
  read.sqn_.sqn_ = 0x100;
  ASSERT_TRUE(store->replace(read, sqn_write::replace));
  EXPECT_EQ(**store->find(read.supi_), read);
}

TEST(sqlite_store, for_each_visits_in_supi_order_and_stops_when_asked) {
  test::temp_dir dir;
  auto store = open_or_fail(dir.file("s.db"));
  ASSERT_TRUE(store);
  for (const char* s : {"imsi-001010000000003", "imsi-001010000000001", "imsi-001010000000002"})
    ASSERT_TRUE(store->insert(plain_subscriber(s)));
  std::vector<std::string> seen;
  ASSERT_TRUE(store->for_each([&](const subscriber& s) {
    seen.push_back(s.supi_.to_string());
    return seen.size() < 2;
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{"imsi-001010000000001", "imsi-001010000000002"}));
}

TEST(sqlite_store, data_survives_closing_and_reopening) {
  test::temp_dir dir;
  const auto path = dir.file("s.db");
  {
    auto store = open_or_fail(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->insert(full_subscriber()));
    const write_op op = sqn_update{.supi_ = supi_of("imsi-001010000000001"), .expected_sqn_ = 0x20,
                                   .value_ = sqn_state{.sqn_ = 0x41}};
    auto r = store->apply(std::span(&op, 1));
    ASSERT_TRUE(r);
    EXPECT_EQ((*r)[0], write_outcome::applied);
  }
  auto store = open_or_fail(path);
  ASSERT_TRUE(store);
  auto a = store->find_authentication(supi_of("imsi-001010000000001"));
  ASSERT_TRUE(a && *a);
  EXPECT_EQ((*a)->sqn_.sqn_, 0x41u);
  EXPECT_EQ((*a)->k_, test::key_of(test::k_set1));
}

TEST(sqlite_store, the_sqn_update_is_a_compare_and_swap) {
  test::temp_dir dir;
  auto store = open_or_fail(dir.file("s.db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->insert(full_subscriber()));
  const auto supi = supi_of("imsi-001010000000001");
  const std::vector<write_op> ops{
      sqn_update{.supi_ = supi, .expected_sqn_ = 0x20, .value_ = sqn_state{.sqn_ = 0x41}},
      sqn_update{.supi_ = supi, .expected_sqn_ = 0x20, .value_ = sqn_state{.sqn_ = 0x42}},  // stale
      sqn_update{.supi_ = supi, .expected_sqn_ = 0x41, .value_ = sqn_state{.sqn_ = 0x62}},
      sqn_update{.supi_ = supi_of("imsi-001010000000009"), .expected_sqn_ = std::nullopt, .value_ = {}},
      sqn_update{.supi_ = supi, .expected_sqn_ = std::nullopt, .value_ = sqn_state{.sqn_ = 0x83}},
  };
  auto r = store->apply(ops);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (std::vector<write_outcome>{write_outcome::applied, write_outcome::test_failed, write_outcome::applied,
                                            write_outcome::not_found, write_outcome::applied}));
  EXPECT_EQ((*store->find_authentication(supi))->sqn_.sqn_, 0x83u);
}

TEST(sqlite_store, authentication_data_gives_the_stored_op_kind) {
  test::temp_dir dir;
  auto store = open_or_fail(dir.file("s.db"));
  ASSERT_TRUE(store);
  auto s = full_subscriber();
  s.op_ = test::key_of(test::op_set1);
  s.op_kind_ = op_kind::op;
  ASSERT_TRUE(store->insert(s));
  auto a = store->find_authentication(s.supi_);
  ASSERT_TRUE(a && *a);
  EXPECT_EQ((*a)->op_kind_, op_kind::op);
  EXPECT_EQ((*a)->op_, test::key_of(test::op_set1));
  EXPECT_EQ((*a)->amf_, (std::array<std::uint8_t, 2>{0x90, 0x01}));
  EXPECT_EQ((*a)->auth_method_, auth_method::eap_aka_prime);
  // TS 35.208 test set 1: OPc from K and OP.
  EXPECT_EQ(s.opc(), test::key_of(test::opc_set1));
  EXPECT_FALSE(*store->find_authentication(supi_of("imsi-001010000000009")));
}

TEST(sqlite_store, home_network_keys_are_kept_by_id_with_their_public_keys_derived) {
  test::temp_dir dir;
  const auto path = dir.file("s.db");
  auto a = generate_hn_key(1, crypto::ecies_profile::a);
  auto b = generate_hn_key(2, crypto::ecies_profile::b);
  ASSERT_TRUE(a && b);
  {
    auto store = open_or_fail(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->insert_hn_key(*b));
    ASSERT_TRUE(store->insert_hn_key(*a));
    auto dup = store->insert_hn_key(*a);
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code_, store_errc::duplicate);
  }
  auto store = open_or_fail(path);
  ASSERT_TRUE(store);
  auto keys = store->hn_keys();
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0], *a);
  EXPECT_EQ((*keys)[1], *b);
  EXPECT_EQ((*keys)[0].public_key_.size(), 32u);
  EXPECT_EQ((*keys)[1].public_key_.size(), 33u);
}

TEST(sqlite_store, a_file_that_is_not_a_store_is_reported_and_left_alone) {
  test::temp_dir dir;
  const auto path = dir.file("notes.txt");
  std::ofstream(path) << "this is not a database, it is a text file that is long enough to have a header\n";
  auto s = open_sqlite_store(path);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code_, store_errc::not_a_database);
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "this is not a database, it is a text file that is long enough to have a header");
}

TEST(sqlite_store, opening_a_missing_file_without_create_fails_and_creates_nothing) {
  test::temp_dir dir;
  const auto path = dir.file("absent.db");
  auto s = open_sqlite_store(path, {.busy_timeout_ = std::chrono::milliseconds(100), .create_ = false});
  ASSERT_FALSE(s);
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace meridian::udr
