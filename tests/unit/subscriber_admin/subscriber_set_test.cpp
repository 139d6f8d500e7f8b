// `meridian subscriber set` over a real SQLite store: it changes what was
// asked and never writes back an SQN it read, so a UDR serving the same store
// meanwhile cannot be rolled back.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "meridian/common/hex.hpp"
#include "meridian/subscriber_admin/subscriber_set.hpp"
#include "meridian/udr/sqlite_store.hpp"

namespace meridian::subscriber_admin {
namespace {

constexpr const char* k_hex = "465b5ce8b199b49faa5f0a2ee238a6bc";
constexpr const char* opc_hex = "cd63cb71954a9f4e48a5994e37a02baf";

struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "subscriber_set_XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path = pattern;
  }
  ~temp_dir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
};

crypto::key128 key(const char* hex) { return *crypto::key128::from(*from_hex(hex)); }

model::supi supi() { return *model::supi::parse("imsi-001010000000001"); }

// A store over a real one whose find() lets a live UDR (another connection to
// the same file) hand out a vector after the read: the SQN advances from the
// one the tool just read.
class store_with_live_udr final : public udr::subscriber_store {
 public:
  store_with_live_udr(std::unique_ptr<udr::subscriber_store> real, std::unique_ptr<udr::subscriber_store> udr)
      : real_(std::move(real)), udr_(std::move(udr)) {}

  std::uint64_t advanced_to_ = 0;

  udr::store_result<std::optional<udr::subscriber>> find(const model::supi& s) override {
    auto found = real_->find(s);
    if (found && *found) {
      const auto& read = (**found).sqn_;
      udr::sqn_state next = read;
      next.sqn_ = read.sqn_ + 32;
      const std::vector<udr::write_op> ops{udr::sqn_update{.supi_ = s, .expected_sqn_ = read.sqn_, .value_ = next}};
      auto r = udr_->apply(ops);
      if (r && r->size() == 1 && (*r)[0] == udr::write_outcome::applied) advanced_to_ = next.sqn_;
    }
    return found;
  }
  udr::store_result<void> insert(const udr::subscriber& s) override { return real_->insert(s); }
  udr::store_result<std::size_t> insert_all(std::span<const udr::subscriber> s) override {
    return real_->insert_all(s);
  }
  udr::store_result<void> replace(const udr::subscriber& s, udr::sqn_write w) override { return real_->replace(s, w); }
  udr::store_result<void> remove(const model::supi& s) override { return real_->remove(s); }
  udr::store_result<void> for_each(const std::function<bool(const udr::subscriber&)>& v) override {
    return real_->for_each(v);
  }
  udr::store_result<std::size_t> count() override { return real_->count(); }
  udr::store_result<std::optional<udr::authentication_record>> find_authentication(const model::supi& s) override {
    return real_->find_authentication(s);
  }
  udr::store_result<std::optional<udm::auth_event>> find_authentication_status(const model::supi& s) override {
    return real_->find_authentication_status(s);
  }
  udr::store_result<std::optional<udm::amf_3gpp_access_registration>> find_amf_context(
      const model::supi& s) override {
    return real_->find_amf_context(s);
  }
  udr::store_result<std::vector<udr::write_outcome>> apply(std::span<const udr::write_op> ops) override {
    return real_->apply(ops);
  }
  udr::store_result<void> insert_hn_key(const udr::hn_key& k) override { return real_->insert_hn_key(k); }
  udr::store_result<std::vector<udr::hn_key>> hn_keys() override { return real_->hn_keys(); }
  udr::schema_info schema() const override { return real_->schema(); }

 private:
  std::unique_ptr<udr::subscriber_store> real_;
  std::unique_ptr<udr::subscriber_store> udr_;
};

struct fixture {
  temp_dir dir;
  std::filesystem::path file = dir.path / "s.db";
  subscriber_defaults defaults;
  std::unique_ptr<store_with_live_udr> store;

  fixture() {
    auto first = udr::open_sqlite_store(file);
    auto second = udr::open_sqlite_store(file);
    if (!first || !second) return;
    store = std::make_unique<store_with_live_udr>(std::move(*first), std::move(*second));
    auto s = new_subscriber(supi(), subscriber_keys{.k_ = key(k_hex), .op_ = key(opc_hex)}, defaults);
    s.sqn_.sqn_ = 0x20;
    if (!store->insert(s)) store.reset();
  }
  udr::subscriber stored() {
    auto reopened = udr::open_sqlite_store(file);
    return **(*reopened)->find(supi());
  }
};

TEST(subscriber_set, without_sqn_an_sqn_advanced_by_a_live_udr_after_the_read_is_kept) {
  fixture f;
  ASSERT_TRUE(f.store);
  subscriber_options o;
  o.amf_ = "9001";
  o.ind_length_ = "6";
  auto set = set_subscriber(*f.store, supi(), std::nullopt, o, f.defaults);
  ASSERT_TRUE(set);
  ASSERT_EQ(f.store->advanced_to_, 0x40u);  // the UDR's vector came between the read and the write

  const auto s = f.stored();
  EXPECT_EQ(s.sqn_.sqn_, 0x40u);  // not rolled back to the 0x20 the tool read
  EXPECT_EQ(s.amf_, (std::array<std::uint8_t, 2>{0x90, 0x01}));
  EXPECT_EQ(s.sqn_.ind_length_, 6u);
}

TEST(subscriber_set, new_keys_alone_leave_the_sqn_as_stored) {
  fixture f;
  ASSERT_TRUE(f.store);
  const subscriber_keys keys{.k_ = key("000102030405060708090a0b0c0d0e0f"), .op_ = key(opc_hex),
                             .op_kind_ = udr::op_kind::op};
  ASSERT_TRUE(set_subscriber(*f.store, supi(), keys, {}, f.defaults));
  const auto s = f.stored();
  EXPECT_EQ(s.k_, keys.k_);
  EXPECT_EQ(s.op_kind_, udr::op_kind::op);
  EXPECT_EQ(s.sqn_.sqn_, 0x40u);
}

TEST(subscriber_set, an_sqn_given_is_written) {
  fixture f;
  ASSERT_TRUE(f.store);
  subscriber_options o;
  o.sqn_ = "1000";
  ASSERT_TRUE(set_subscriber(*f.store, supi(), std::nullopt, o, f.defaults));
  EXPECT_EQ(f.stored().sqn_.sqn_, 0x1000u);
}

TEST(subscriber_set, an_unknown_subscriber_or_a_bad_option_is_a_reason_and_changes_nothing) {
  fixture f;
  ASSERT_TRUE(f.store);
  subscriber_options o;
  o.amf_ = "9001";
  auto unknown = set_subscriber(*f.store, *model::supi::parse("imsi-001010000000002"), std::nullopt, o, f.defaults);
  ASSERT_FALSE(unknown);
  ASSERT_TRUE(std::holds_alternative<std::string>(unknown.error()));
  EXPECT_EQ(std::get<std::string>(unknown.error()), "no subscriber imsi-001010000000002");

  o.amf_ = "zz";
  auto bad = set_subscriber(*f.store, supi(), std::nullopt, o, f.defaults);
  ASSERT_FALSE(bad);
  ASSERT_TRUE(std::holds_alternative<std::string>(bad.error()));
  EXPECT_TRUE(std::get<std::string>(bad.error()).starts_with("--amf:"));
  const auto s = f.stored();
  EXPECT_EQ(s.amf_, (std::array<std::uint8_t, 2>{0x80, 0x00}));
  EXPECT_EQ(s.sqn_.sqn_, 0x40u);  // only the live UDR moved it (during the one read that found it)
}

}  // namespace
}  // namespace meridian::subscriber_admin
