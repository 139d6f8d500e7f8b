// Nudr_DataRepository over the SQLite store: the UDM's reads, the SQN
// compare-and-swap answered only once durable and group-committed, and the
// context data it writes back.

#include <gtest/gtest.h>

#include <algorithm>

#include "meridian/udr/data_repository.hpp"
#include "meridian/udr/sqlite_store.hpp"
#include "udr_test_support.hpp"

namespace meridian::udr {
namespace {

using test::full_subscriber;
using test::plain_subscriber;
using test::supi_of;

// Spawns `t` and runs `loop` until it ends (bounded).
template <class T>
std::optional<T> run_on(test::loop& loop, runtime::task<T> t) {
  test::outcome<T> out;
  runtime::spawn(std::move(t), out.sink());
  loop.run_until([&] { return out.done(); });
  return std::move(out.value);
}

// A repository over a fresh file holding `subscribers`, answering on `loop`.
struct fixture {
  test::temp_dir dir;
  std::filesystem::path path = dir.file("udr.db");
  test::loop loop;
  std::unique_ptr<data_repository> repo;

  explicit fixture(std::vector<subscriber> subscribers = {full_subscriber()}) {
    {
      auto store = open_sqlite_store(path);
      EXPECT_TRUE(store);
      if (store) {
        EXPECT_TRUE((*store)->insert_all(subscribers));
      }
    }
    auto r = open_sqlite_repository(path, loop.post());
    EXPECT_TRUE(r) << (r ? "" : r.error().message());
    if (r) repo = std::move(*r);
  }

  template <class T>
  std::optional<T> run(runtime::task<T> t) {
    return run_on(loop, std::move(t));
  }

  // The SQN as the file holds it, read through a connection of its own.
  std::uint64_t stored_sqn(const std::string& supi) {
    auto store = open_sqlite_store(path, {.busy_timeout_ = std::chrono::milliseconds(5000), .create_ = false});
    if (!store) return ~0ull;
    auto a = (*store)->find_authentication(supi_of(supi));
    return a && *a ? (*a)->sqn_.sqn_ : ~0ull;
  }
};

std::vector<authentication_subscription_patch> cas(const std::string& expected, std::uint64_t next) {
  std::vector<authentication_subscription_patch> patch;
  patch.push_back({.op_ = sbi::patch_operation::test, .path_ = "/sequenceNumber/sqn", .from_ = std::nullopt,
                   .value_ = expected});
  sequence_number value{.sqn_scheme_ = sqn_scheme::non_time_based, .sqn_ = sqn_to_hex(next), .last_indexes_ = {},
                        .ind_length_ = 5, .dif_sign_ = std::nullopt};
  patch.push_back({.op_ = sbi::patch_operation::replace, .path_ = "/sequenceNumber", .from_ = std::nullopt,
                   .value_ = std::move(value)});
  return patch;
}

sbi::awaitable<sbi::no_content> advance(nudr_data_repository& repo, model::supi supi, std::string expected,
                                        std::uint64_t next) {
  auto patch = cas(expected, next);
  co_return co_await repo.modify_authentication_subscription(std::move(supi), std::move(patch));
}

// What the UDM does for each vector: read the SQN, take the next SEQ (IND
// kept), compare-and-swap; on a lost race read again (bounded). Gives the SQN
// it got, or nothing.
runtime::task<std::optional<std::uint64_t>> take_sqn(nudr_data_repository& repo, model::supi supi,
                                                     std::vector<std::uint64_t>* answered) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto subs = co_await repo.query_auth_subs_data(supi);
    if (!subs || !subs->sequence_number_ || !subs->sequence_number_->sqn_) co_return std::nullopt;
    const std::string current = *subs->sequence_number_->sqn_;
    const std::uint64_t next = (*sqn_from_hex(current) + 32) & sqn_max;
    auto patch = cas(current, next);
    auto done = co_await repo.modify_authentication_subscription(supi, std::move(patch));
    if (done) {
      answered->push_back(next);
      co_return next;
    }
    if (!done.error().cause_ || *done.error().cause_ != sbi::cause::modification_not_allowed) co_return std::nullopt;
  }
  co_return std::nullopt;
}

TEST(udr_repository, authentication_data_carries_k_opc_amf_and_the_sqn) {
  auto s = full_subscriber();
  s.op_ = test::key_of(test::op_set1);
  s.op_kind_ = op_kind::op;
  fixture f({s});
  auto subs = f.run(f.repo->query_auth_subs_data(s.supi_));
  ASSERT_TRUE(subs && *subs);
  const auto& a = **subs;
  EXPECT_EQ(a.authentication_method_, auth_method::eap_aka_prime);
  EXPECT_EQ(a.enc_permanent_key_, *from_hex(test::k_set1));
  // OPc derived from K and OP (TS 35.208 test set 1).
  EXPECT_EQ(a.enc_opc_key_, *from_hex(test::opc_set1));
  EXPECT_EQ(a.authentication_management_field_, (sbi::bytes{0x90, 0x01}));
  EXPECT_EQ(a.algorithm_id_, "milenage");
  ASSERT_TRUE(a.sequence_number_);
  EXPECT_EQ(a.sequence_number_->sqn_, "000000000020");
  EXPECT_EQ(a.sequence_number_->ind_length_, 5);
  EXPECT_EQ(a.sequence_number_->last_indexes_.at("ausf"), 3);
  EXPECT_EQ(a.supi_, s.supi_);
}

TEST(udr_repository, an_unknown_subscriber_is_user_not_found_everywhere) {
  fixture f;
  const auto who = supi_of("imsi-001019999999999");
  auto is_user_not_found = [](const auto& r) {
    return r && !*r && r->error().cause_ == sbi::cause::user_not_found && r->error().status_ == 404;
  };
  EXPECT_TRUE(is_user_not_found(f.run(f.repo->query_auth_subs_data(who))));
  EXPECT_TRUE(is_user_not_found(f.run(advance(*f.repo, who, "000000000020", 0x40))));
  EXPECT_TRUE(is_user_not_found(f.run(f.repo->query_am_data(who, model::plmn{}))));
  EXPECT_TRUE(is_user_not_found(f.run(f.repo->query_smf_select_data(who, model::plmn{}))));
  EXPECT_TRUE(is_user_not_found(f.run(f.repo->query_sm_data(who, model::plmn{}, std::nullopt, std::nullopt))));
  EXPECT_TRUE(is_user_not_found(f.run(f.repo->query_authentication_status(who))));
  EXPECT_TRUE(is_user_not_found(f.run(f.repo->query_amf_context_3gpp(who))));
  udm::auth_event event;
  EXPECT_TRUE(is_user_not_found(f.run(f.repo->create_authentication_status(who, std::move(event)))));
  udm::amf_3gpp_access_registration reg;
  EXPECT_TRUE(is_user_not_found(f.run(f.repo->create_amf_context_3gpp(who, reg))));
}

TEST(udr_repository, a_successful_sqn_update_is_on_disk_when_it_is_answered) {
  fixture f;
  const auto supi = supi_of("imsi-001010000000001");
  auto r = f.run(advance(*f.repo, supi, "000000000020", 0x40));
  ASSERT_TRUE(r && *r);
  // Read through another connection at the moment of the answer.
  EXPECT_EQ(f.stored_sqn("imsi-001010000000001"), 0x40u);
  auto subs = f.run(f.repo->query_auth_subs_data(supi));
  ASSERT_TRUE(subs && *subs);
  EXPECT_EQ((*subs)->sequence_number_->sqn_, "000000000040");
  // Survives closing everything.
  f.repo.reset();
  EXPECT_EQ(f.stored_sqn("imsi-001010000000001"), 0x40u);
}

TEST(udr_repository, a_stale_test_value_is_modification_not_allowed_and_changes_nothing) {
  fixture f;
  const auto supi = supi_of("imsi-001010000000001");
  auto r = f.run(advance(*f.repo, supi, "00000000001f", 0x40));
  ASSERT_TRUE(r);
  ASSERT_FALSE(*r);
  EXPECT_EQ(r->error().cause_, sbi::cause::modification_not_allowed);
  EXPECT_EQ(r->error().status_, 403);
  EXPECT_EQ(f.stored_sqn("imsi-001010000000001"), 0x20u);
  EXPECT_EQ(f.repo->counters().sqn_conflicts_, 1u);
  EXPECT_EQ(f.repo->counters().commits_, 0u);
}

TEST(udr_repository, updates_made_in_one_turn_cost_one_transaction) {
  fixture f;
  const auto supi = supi_of("imsi-001010000000001");
  constexpr int n = 50;
  std::vector<test::outcome<sbi::result<sbi::no_content>>> outs(n);
  // Each builds on the previous one without waiting for it to be durable.
  for (int i = 0; i < n; ++i)
    runtime::spawn(advance(*f.repo, supi, sqn_to_hex(0x20 + 32u * i), 0x20 + 32u * (i + 1)), outs[i].sink());
  ASSERT_TRUE(f.loop.run_until([&] { return std::all_of(outs.begin(), outs.end(), [](auto& o) { return o.done(); }); }));
  for (auto& o : outs) EXPECT_TRUE(*o.value);
  const auto c = f.repo->counters();
  EXPECT_EQ(c.commits_, 1u);
  EXPECT_EQ(c.writes_, static_cast<std::uint64_t>(n));
  EXPECT_EQ(c.largest_batch_, static_cast<std::uint64_t>(n));
  EXPECT_EQ(f.stored_sqn("imsi-001010000000001"), 0x20u + 32u * n);
}

TEST(udr_repository, concurrent_vector_requests_for_one_subscriber_get_distinct_increasing_sqns) {
  fixture f;
  const auto supi = supi_of("imsi-001010000000001");
  constexpr int n = 300;
  std::vector<std::uint64_t> answered;  // in the order the answers arrived
  std::vector<test::outcome<std::optional<std::uint64_t>>> outs(n);
  // Spread over several turns, so some requests read while earlier batches sync.
  int spawned = 0;
  ASSERT_TRUE(f.loop.run_until([&] {
    for (int k = 0; k < 7 && spawned < n; ++k, ++spawned)
      runtime::spawn(take_sqn(*f.repo, supi, &answered), outs[spawned].sink());
    return spawned == n && std::all_of(outs.begin(), outs.end(), [](auto& o) { return o.done(); });
  }));
  std::vector<std::uint64_t> got;
  for (auto& o : outs) {
    ASSERT_TRUE(*o.value);
    got.push_back(**o.value);
  }
  std::sort(got.begin(), got.end());
  EXPECT_EQ(std::adjacent_find(got.begin(), got.end()), got.end()) << "an SQN was handed out twice";
  ASSERT_EQ(answered.size(), static_cast<std::size_t>(n));
  EXPECT_TRUE(std::is_sorted(answered.begin(), answered.end()));
  EXPECT_EQ(answered.back(), 0x20u + 32u * n);
  EXPECT_EQ(f.stored_sqn("imsi-001010000000001"), answered.back());
  // Group commit: far fewer syncs than vectors.
  EXPECT_LT(f.repo->counters().commits_, static_cast<std::uint64_t>(n));
}

TEST(udr_repository, a_patch_it_does_not_understand_is_refused_without_a_write) {
  fixture f;
  const auto supi = supi_of("imsi-001010000000001");
  std::vector<authentication_subscription_patch> patch;
  patch.push_back({.op_ = sbi::patch_operation::remove, .path_ = "/encPermanentKey", .from_ = std::nullopt,
                   .value_ = std::monostate{}});
  auto r = f.run(f.repo->modify_authentication_subscription(supi, std::move(patch)));
  ASSERT_TRUE(r);
  ASSERT_FALSE(*r);
  EXPECT_EQ(r->error().cause_, sbi::cause::invalid_msg_format);
  std::vector<authentication_subscription_patch> bad_hex;
  bad_hex.push_back({.op_ = sbi::patch_operation::test, .path_ = "/sequenceNumber/sqn", .from_ = std::nullopt,
                     .value_ = std::string("xyz")});
  auto r2 = f.run(f.repo->modify_authentication_subscription(supi, std::move(bad_hex)));
  ASSERT_TRUE(r2);
  ASSERT_FALSE(*r2);
  EXPECT_EQ(r2->error().cause_, sbi::cause::invalid_msg_format);
  EXPECT_EQ(f.repo->counters().writes_, 0u);
}

TEST(udr_repository, a_replace_without_test_sets_the_sqn_as_after_a_resynchronisation) {
  fixture f;
  const auto supi = supi_of("imsi-001010000000001");
  std::vector<authentication_subscription_patch> patch;
  patch.push_back({.op_ = sbi::patch_operation::replace, .path_ = "/sequenceNumber/sqn", .from_ = std::nullopt,
                   .value_ = std::string("0000000007E0")});
  auto r = f.run(f.repo->modify_authentication_subscription(supi, std::move(patch)));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ(f.stored_sqn("imsi-001010000000001"), 0x7e0u);
  auto subs = f.run(f.repo->query_auth_subs_data(supi));
  ASSERT_TRUE(subs && *subs);
  EXPECT_EQ((*subs)->sequence_number_->last_indexes_.at("ausf"), 3);  // the rest kept
}

TEST(udr_repository, authentication_status_and_the_serving_amf_are_stored_and_read_back) {
  fixture f;
  const auto supi = supi_of("imsi-001010000000001");
  auto none = f.run(f.repo->query_authentication_status(supi));
  ASSERT_TRUE(none && !*none);
  EXPECT_EQ(none->error().cause_, sbi::cause::data_not_found);
  auto no_amf = f.run(f.repo->query_amf_context_3gpp(supi));
  ASSERT_TRUE(no_amf && !*no_amf);
  EXPECT_EQ(no_amf->error().cause_, sbi::cause::context_not_found);

  udm::auth_event event{.nf_instance_id_ = "ausf-1", .success_ = true,
                        .time_stamp_ = sbi::date_time(std::chrono::milliseconds(1735689600123)),
                        .auth_type_ = udm::auth_type::eap_aka_prime,
                        .serving_network_name_ = "5G:mnc001.mcc001.3gppnetwork.org", .auth_removal_ind_ = false};
  auto put = f.run(f.repo->create_authentication_status(supi, event));
  ASSERT_TRUE(put && *put);
  auto back = f.run(f.repo->query_authentication_status(supi));
  ASSERT_TRUE(back && *back);
  EXPECT_EQ(**back, event);

  udm::amf_3gpp_access_registration reg;
  reg.amf_instance_id_ = "5e8d1c4a-0000-4000-8000-000000000001";
  reg.dereg_callback_uri_ = "http://amf.example/dereg";
  reg.guami_ = *model::guami::parse("001/01/020040");
  reg.rat_type_ = sbi::rat_type::nr;
  reg.pei_ = model::pei::parse("imeisv-4370816125816151");
  reg.initial_registration_ind_ = true;
  reg.registration_time_ = sbi::date_time(std::chrono::milliseconds(1735689600999));
  reg.supi_ = supi;
  auto ctx = f.run(f.repo->create_amf_context_3gpp(supi, reg));
  ASSERT_TRUE(ctx && *ctx);
  auto reg_back = f.run(f.repo->query_amf_context_3gpp(supi));
  ASSERT_TRUE(reg_back && *reg_back);
  EXPECT_EQ(**reg_back, reg);
}

TEST(udr_repository, provisioned_data_follows_the_subscription) {
  fixture f;
  const auto supi = supi_of("imsi-001010000000001");
  const auto embb = *model::s_nssai::parse("1");
  const auto urllc = *model::s_nssai::parse("2/0a0b0c");

  auto am = f.run(f.repo->query_am_data(supi, model::plmn{}));
  ASSERT_TRUE(am && *am);
  EXPECT_EQ((*am)->subscribed_ue_ambr_, (sbi::ambr{.uplink_ = "500 Mbps", .downlink_ = "2 Gbps"}));
  ASSERT_TRUE((*am)->nssai_);
  EXPECT_EQ((*am)->nssai_->default_single_nssais_, std::vector<model::s_nssai>{embb});
  EXPECT_EQ((*am)->nssai_->single_nssais_, std::vector<model::s_nssai>{urllc});
  EXPECT_EQ((*am)->rat_restrictions_, (std::vector<sbi::rat_type>{sbi::rat_type::eutra, sbi::rat_type::wlan}));

  auto sel = f.run(f.repo->query_smf_select_data(supi, model::plmn{}));
  ASSERT_TRUE(sel && *sel);
  ASSERT_EQ((*sel)->subscribed_snssai_infos_.size(), 2u);
  const auto& embb_dnns = (*sel)->subscribed_snssai_infos_.at(embb).dnn_infos_;
  ASSERT_EQ(embb_dnns.size(), 1u);
  EXPECT_EQ(embb_dnns[0].dnn_, "internet");
  EXPECT_EQ(embb_dnns[0].default_dnn_indicator_, true);

  sbi::dnn internet = "internet";
  auto sm = f.run(f.repo->query_sm_data(supi, model::plmn{}, embb, std::move(internet)));
  ASSERT_TRUE(sm && *sm);
  ASSERT_EQ((*sm)->size(), 1u);
  const auto& conf = (**sm)[0].dnn_configurations_.at("internet");
  EXPECT_EQ(conf.pdu_session_types_.default_session_type_, sbi::pdu_session_type::ipv4v6);
  EXPECT_EQ(conf.ssc_modes_.allowed_ssc_modes_,
            (std::vector<sbi::ssc_mode>{sbi::ssc_mode::ssc_mode_1, sbi::ssc_mode::ssc_mode_3}));
  ASSERT_TRUE(conf.qos_profile_5g_);
  EXPECT_EQ(conf.qos_profile_5g_->qos_5qi_, 8);
  EXPECT_EQ(conf.qos_profile_5g_->arp_.priority_level_, 3);
  EXPECT_EQ(conf.session_ambr_, (sbi::ambr{.uplink_ = "200 Mbps", .downlink_ = "1.5 Gbps"}));
  ASSERT_EQ(conf.static_ip_address_.size(), 2u);
  EXPECT_EQ(conf.static_ip_address_[0].ipv4_addr_, "10.45.0.7");
  EXPECT_EQ(conf.static_ip_address_[1].ipv6_prefix_, "2001:db8:1::/64");

  auto all = f.run(f.repo->query_sm_data(supi, model::plmn{}, std::nullopt, std::nullopt));
  ASSERT_TRUE(all && *all);
  EXPECT_EQ((*all)->size(), 2u);
  sbi::dnn unknown = "corporate";
  auto none = f.run(f.repo->query_sm_data(supi, model::plmn{}, std::nullopt, std::move(unknown)));
  ASSERT_TRUE(none && !*none);
  EXPECT_EQ(none->error().cause_, sbi::cause::data_not_found);
}

TEST(udr_repository, writes_staged_when_the_repository_goes_away_are_still_made_durable_and_answered) {
  fixture f;
  const auto supi = supi_of("imsi-001010000000001");
  test::outcome<sbi::result<sbi::no_content>> out;
  runtime::spawn(advance(*f.repo, supi, "000000000020", 0x40), out.sink());
  EXPECT_FALSE(out.done());
  f.repo.reset();
  EXPECT_EQ(f.stored_sqn("imsi-001010000000001"), 0x40u);
  ASSERT_TRUE(f.loop.run_until([&] { return out.done(); }));
  EXPECT_TRUE(*out.value);
}

// A store that fails its first transactions, over a real one, and counts the
// authentication reads.
class failing_writer final : public subscriber_store {
 public:
  explicit failing_writer(std::unique_ptr<subscriber_store> real, int failures)
      : real_(std::move(real)), failures_(failures) {}
  store_result<void> insert(const subscriber& s) override { return real_->insert(s); }
  store_result<std::size_t> insert_all(std::span<const subscriber> s) override { return real_->insert_all(s); }
  store_result<void> replace(const subscriber& s, sqn_write w) override { return real_->replace(s, w); }
  store_result<void> remove(const model::supi& s) override { return real_->remove(s); }
  store_result<std::optional<subscriber>> find(const model::supi& s) override { return real_->find(s); }
  store_result<void> for_each(const std::function<bool(const subscriber&)>& v) override { return real_->for_each(v); }
  store_result<std::size_t> count() override { return real_->count(); }
  store_result<std::optional<authentication_record>> find_authentication(const model::supi& s) override {
    ++authentication_reads_;
    return real_->find_authentication(s);
  }
  store_result<std::optional<udm::auth_event>> find_authentication_status(const model::supi& s) override {
    return real_->find_authentication_status(s);
  }
  store_result<std::optional<udm::amf_3gpp_access_registration>> find_amf_context(const model::supi& s) override {
    return real_->find_amf_context(s);
  }
  store_result<std::vector<write_outcome>> apply(std::span<const write_op> ops) override {
    if (failures_ > 0) {
      --failures_;
      return std::unexpected(store_error{store_errc::io, "disk full (test)"});
    }
    return real_->apply(ops);
  }
  store_result<void> insert_hn_key(const hn_key& k) override { return real_->insert_hn_key(k); }
  store_result<std::vector<hn_key>> hn_keys() override { return real_->hn_keys(); }
  schema_info schema() const override { return real_->schema(); }

  int authentication_reads_ = 0;

 private:
  std::unique_ptr<subscriber_store> real_;
  int failures_;
};

TEST(udr_repository, a_failed_commit_answers_system_failure_and_the_next_request_starts_from_the_stored_sqn) {
  test::temp_dir dir;
  const auto path = dir.file("udr.db");
  {
    auto store = open_sqlite_store(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->insert(full_subscriber()));
  }
  test::loop loop;
  auto reader = open_sqlite_store(path);
  auto writer = open_sqlite_store(path);
  ASSERT_TRUE(reader && writer);
  data_repository repo(std::move(*reader), std::make_unique<failing_writer>(std::move(*writer), 1), loop.post());
  const auto supi = supi_of("imsi-001010000000001");

  // Two requests in one turn: the second builds on the first, and both fail with the batch.
  test::outcome<std::optional<std::uint64_t>> first, second;
  std::vector<std::uint64_t> answered;
  runtime::spawn(take_sqn(repo, supi, &answered), first.sink());
  runtime::spawn(take_sqn(repo, supi, &answered), second.sink());
  ASSERT_TRUE(loop.run_until([&] { return first.done() && second.done(); }));
  EXPECT_EQ(*first.value, std::nullopt);
  EXPECT_EQ(*second.value, std::nullopt);
  EXPECT_TRUE(answered.empty());
  EXPECT_EQ(repo.counters().failed_commits_, 1u);

  // The SQNs the failed batch would have used are not skipped over, nor reused
  // for anything answered: the next vector starts from what the file holds.
  test::outcome<std::optional<std::uint64_t>> third;
  runtime::spawn(take_sqn(repo, supi, &answered), third.sink());
  ASSERT_TRUE(loop.run_until([&] { return third.done(); }));
  EXPECT_EQ(*third.value, std::optional<std::uint64_t>(0x40));
}

// ---------------------------------------------------------------- authentication data in memory

// A repository whose reader counts its authentication reads, over `subscribers`.
struct counted_fixture {
  test::temp_dir dir;
  std::filesystem::path path = dir.file("udr.db");
  test::loop loop;
  failing_writer* reader = nullptr;
  std::unique_ptr<data_repository> repo;

  explicit counted_fixture(std::size_t cache_limit, std::vector<subscriber> subscribers = {full_subscriber()}) {
    {
      auto store = open_sqlite_store(path);
      EXPECT_TRUE(store && (*store)->insert_all(subscribers));
    }
    auto r = open_sqlite_store(path);
    auto w = open_sqlite_store(path);
    EXPECT_TRUE(r && w);
    auto counted = std::make_unique<failing_writer>(std::move(*r), 0);
    reader = counted.get();
    repo = std::make_unique<data_repository>(std::move(counted), std::move(*w), loop.post(), cache_limit);
  }
  template <class T>
  std::optional<T> run(runtime::task<T> t) {
    return run_on(loop, std::move(t));
  }
  // Another process's connection (`meridian subscriber set` / `delete`).
  std::unique_ptr<subscriber_store> other_process() {
    auto store = open_sqlite_store(path, {.busy_timeout_ = std::chrono::milliseconds(5000), .create_ = false});
    EXPECT_TRUE(store);
    return store ? std::move(*store) : nullptr;
  }
};

bool refused_as_changed(const std::optional<sbi::result<sbi::no_content>>& r) {
  return r && !*r && r->error().cause_ == sbi::cause::modification_not_allowed;
}

TEST(udr_repository, after_the_first_read_authentication_data_and_sqn_updates_are_answered_from_memory) {
  counted_fixture f(default_authentication_cache_limit);
  const auto supi = supi_of("imsi-001010000000001");
  std::vector<std::uint64_t> answered;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(f.run(take_sqn(*f.repo, supi, &answered)).value_or(std::nullopt));
  EXPECT_EQ(answered, (std::vector<std::uint64_t>{0x40, 0x60, 0x80}));
  EXPECT_EQ(f.reader->authentication_reads_, 1);
  // And what memory answers is what the file holds.
  auto subs = f.run(f.repo->query_auth_subs_data(supi));
  ASSERT_TRUE(subs && *subs);
  EXPECT_EQ((*subs)->sequence_number_->sqn_, "000000000080");
  EXPECT_EQ(f.other_process()->find_authentication(supi)->value().sqn_.sqn_, 0x80u);
}

TEST(udr_repository, with_a_cache_limit_of_zero_every_vector_reads_the_store) {
  counted_fixture f(0);
  const auto supi = supi_of("imsi-001010000000001");
  std::vector<std::uint64_t> answered;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(f.run(take_sqn(*f.repo, supi, &answered)).value_or(std::nullopt));
  EXPECT_EQ(answered, (std::vector<std::uint64_t>{0x40, 0x60, 0x80}));
  EXPECT_EQ(f.reader->authentication_reads_, 6);  // the read and the update's, each time
}

TEST(udr_repository, idle_subscribers_beyond_the_cache_limit_are_dropped_and_read_again) {
  counted_fixture f(2, {plain_subscriber("imsi-001010000000001"), plain_subscriber("imsi-001010000000002"),
                        plain_subscriber("imsi-001010000000003")});
  for (const char* who : {"imsi-001010000000001", "imsi-001010000000002", "imsi-001010000000003",
                          "imsi-001010000000001"}) {
    auto subs = f.run(f.repo->query_auth_subs_data(supi_of(who)));
    ASSERT_TRUE(subs && *subs);
  }
  // The third did not fit: the two idle ones went, so the first is read again.
  EXPECT_EQ(f.reader->authentication_reads_, 4);
}

TEST(udr_repository, a_key_changed_by_another_process_refuses_the_sqn_update_and_the_next_read_has_the_new_key) {
  counted_fixture f(default_authentication_cache_limit);
  const auto supi = supi_of("imsi-001010000000001");
  auto before = f.run(f.repo->query_auth_subs_data(supi));
  ASSERT_TRUE(before && *before);
  EXPECT_EQ((*before)->enc_permanent_key_, *from_hex(test::k_set1));

  // `meridian subscriber set --keys` in another process: new K, same SQN.
  auto changed = full_subscriber();
  changed.k_ = test::key_of("000102030405060708090a0b0c0d0e0f");
  ASSERT_TRUE(f.other_process()->replace(changed, sqn_write::keep));

  // The vector the UDM would build from the old K never gets its SQN.
  EXPECT_TRUE(refused_as_changed(f.run(advance(*f.repo, supi, "000000000020", 0x40))));
  EXPECT_EQ(f.other_process()->find_authentication(supi)->value().sqn_.sqn_, 0x20u);
  auto after = f.run(f.repo->query_auth_subs_data(supi));
  ASSERT_TRUE(after && *after);
  EXPECT_EQ((*after)->enc_permanent_key_, *from_hex("000102030405060708090a0b0c0d0e0f"));
  auto retried = f.run(advance(*f.repo, supi, "000000000020", 0x40));
  ASSERT_TRUE(retried && *retried);
  EXPECT_EQ(f.other_process()->find_authentication(supi)->value().sqn_.sqn_, 0x40u);
}

TEST(udr_repository, an_ind_length_or_sqn_set_by_another_process_is_read_before_the_next_vector) {
  counted_fixture f(default_authentication_cache_limit);
  const auto supi = supi_of("imsi-001010000000001");
  ASSERT_TRUE(f.run(f.repo->query_auth_subs_data(supi)).value_or(std::unexpected(sbi::problem_details{})));

  auto changed = full_subscriber();
  changed.sqn_.sqn_ = 0x1000;
  changed.sqn_.ind_length_ = 4;
  ASSERT_TRUE(f.other_process()->replace(changed, sqn_write::replace));

  std::vector<std::uint64_t> answered;
  auto next = f.run(take_sqn(*f.repo, supi, &answered));
  ASSERT_TRUE(next && *next);
  EXPECT_EQ(**next, 0x1000u + 32);  // from the SQN set, not from the one in memory
  EXPECT_EQ(f.reader->authentication_reads_, 2);
}

TEST(udr_repository, a_subscriber_deleted_by_another_process_gets_no_further_sqn) {
  counted_fixture f(default_authentication_cache_limit);
  const auto supi = supi_of("imsi-001010000000001");
  ASSERT_TRUE(f.run(f.repo->query_auth_subs_data(supi)).value_or(std::unexpected(sbi::problem_details{})));
  ASSERT_TRUE(f.other_process()->remove(supi));

  auto r = f.run(advance(*f.repo, supi, "000000000020", 0x40));
  ASSERT_TRUE(r && !*r);
  EXPECT_EQ(r->error().cause_, sbi::cause::user_not_found);
  auto subs = f.run(f.repo->query_auth_subs_data(supi));
  ASSERT_TRUE(subs && !*subs);
  EXPECT_EQ(subs->error().cause_, sbi::cause::user_not_found);
}

TEST(udr_repository, a_subscriber_deleted_and_added_again_by_another_process_is_read_again_before_its_next_sqn) {
  counted_fixture f(default_authentication_cache_limit);
  const auto supi = supi_of("imsi-001010000000001");
  ASSERT_TRUE(f.run(f.repo->query_auth_subs_data(supi)).value_or(std::unexpected(sbi::problem_details{})));
  // Another process deletes the subscriber and adds it again with the same
  // SQN, IND length and credentials: only the stored row is new. The update
  // the repository makes from its earlier read must not land on it unseen.
  ASSERT_TRUE(f.other_process()->remove(supi));
  ASSERT_TRUE(f.other_process()->insert(full_subscriber()));

  EXPECT_TRUE(refused_as_changed(f.run(advance(*f.repo, supi, "000000000020", 0x40))));
  EXPECT_EQ(f.other_process()->find_authentication(supi)->value().sqn_.sqn_, 0x20u);
  std::vector<std::uint64_t> answered;
  auto next = f.run(take_sqn(*f.repo, supi, &answered));
  ASSERT_TRUE(next && *next);
  EXPECT_EQ(**next, 0x20u + 32);
  EXPECT_EQ(f.reader->authentication_reads_, 2);
  EXPECT_EQ(f.other_process()->find_authentication(supi)->value().sqn_.sqn_, 0x40u);
}

TEST(udr_repository, credentials_rewritten_unchanged_by_another_process_do_not_refuse_the_sqn_update) {
  counted_fixture f(default_authentication_cache_limit);
  const auto supi = supi_of("imsi-001010000000001");
  ASSERT_TRUE(f.run(f.repo->query_auth_subs_data(supi)).value_or(std::unexpected(sbi::problem_details{})));
  // `meridian subscriber set --ue-ambr-uplink ...`: the same K, OPc, AMF and method written again.
  auto changed = full_subscriber();
  changed.ue_ambr_.uplink_ = "2 Gbps";
  ASSERT_TRUE(f.other_process()->replace(changed, sqn_write::keep));
  auto r = f.run(advance(*f.repo, supi, "000000000020", 0x40));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ(f.other_process()->find_authentication(supi)->value().sqn_.sqn_, 0x40u);
  EXPECT_EQ(f.reader->authentication_reads_, 1);
}

TEST(udr_repository, a_status_for_a_subscriber_deleted_and_added_again_meanwhile_goes_to_the_new_one) {
  counted_fixture f(default_authentication_cache_limit);
  const auto supi = supi_of("imsi-001010000000001");
  // Read (and remembered with its row), then replaced under the repository.
  ASSERT_TRUE(f.run(f.repo->query_auth_subs_data(supi)).value_or(std::unexpected(sbi::problem_details{})));
  ASSERT_TRUE(f.other_process()->remove(supi));
  ASSERT_TRUE(f.other_process()->insert(full_subscriber()));

  udm::auth_event event{.nf_instance_id_ = "ausf-1", .success_ = true, .time_stamp_ = {},
                        .auth_type_ = udm::auth_type::five_g_aka, .serving_network_name_ = "5G:mnc001.mcc001.3gppnetwork.org",
                        .auth_removal_ind_ = std::nullopt};
  auto stored = f.run(f.repo->create_authentication_status(supi, event));
  ASSERT_TRUE(stored && *stored);
  auto read = f.other_process()->find_authentication_status(supi);
  ASSERT_TRUE(read && *read);
  EXPECT_EQ(**read, event);
}

TEST(udr_repository, a_status_for_an_unknown_subscriber_is_refused_alone_and_its_batch_is_still_committed) {
  fixture f;
  const auto known = supi_of("imsi-001010000000001");
  test::outcome<sbi::result<sbi::no_content>> sqn, unknown_status, known_status;
  udm::auth_event event{.nf_instance_id_ = "ausf-1", .success_ = true, .time_stamp_ = {},
                        .auth_type_ = udm::auth_type::five_g_aka, .serving_network_name_ = "5G:mnc001.mcc001.3gppnetwork.org",
                        .auth_removal_ind_ = std::nullopt};
  // One turn: one transaction.
  runtime::spawn(advance(*f.repo, known, "000000000020", 0x40), sqn.sink());
  runtime::spawn(f.repo->create_authentication_status(supi_of("imsi-001019999999999"), event), unknown_status.sink());
  runtime::spawn(f.repo->create_authentication_status(known, event), known_status.sink());
  ASSERT_TRUE(f.loop.run_until([&] { return sqn.done() && unknown_status.done() && known_status.done(); }));
  ASSERT_TRUE(unknown_status.value && !*unknown_status.value);
  EXPECT_EQ(unknown_status.value->error().cause_, sbi::cause::user_not_found);
  EXPECT_TRUE(sqn.value && *sqn.value);
  EXPECT_TRUE(known_status.value && *known_status.value);
  EXPECT_EQ(f.repo->counters().commits_, 1u);
  EXPECT_EQ(f.stored_sqn("imsi-001010000000001"), 0x40u);

  // Stored again in place, and gone with its subscriber.
  event.success_ = false;
  auto again = f.run(f.repo->create_authentication_status(known, event));
  ASSERT_TRUE(again && *again);
  auto read = f.run(f.repo->query_authentication_status(known));
  ASSERT_TRUE(read && *read);
  EXPECT_FALSE((*read)->success_);
  {
    auto other = open_sqlite_store(f.path, {.busy_timeout_ = std::chrono::milliseconds(5000), .create_ = false});
    ASSERT_TRUE(other && (*other)->remove(known));
  }
  auto after = f.run(f.repo->create_authentication_status(known, event));
  ASSERT_TRUE(after && !*after);
  EXPECT_EQ(after->error().cause_, sbi::cause::user_not_found);
}

}  // namespace
}  // namespace meridian::udr
