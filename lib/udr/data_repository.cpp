// Nudr_DataRepository over a subscriber store: reads on the loop, writes
// group-committed (committer.cpp), the SQN compare-and-swap checked against
// the newest accepted SQN before it is queued (see data_repository.hpp).

#include "meridian/udr/data_repository.hpp"

#include <coroutine>
#include <unordered_map>

#include <fmt/format.h>

#include "committer.hpp"
#include "meridian/common/log.hpp"
#include "meridian/crypto/milenage.hpp"
#include "meridian/udr/sqlite_store.hpp"
#include "provisioned_data.hpp"

namespace meridian::udr {

namespace {

using sbi::cause;
using sbi::problem_details;

problem_details user_not_found() { return problem_details::of(cause::user_not_found); }

problem_details store_failure(const store_error& e) {
  log::get("udr")->warn("subscriber store: {}", e.message());
  return problem_details::of(cause::system_failure, "the subscriber store failed");
}

problem_details bad_patch(std::string detail) { return problem_details::of(cause::invalid_msg_format, std::move(detail)); }

// What a patch asks for, once its items are understood.
struct sqn_patch {
  std::optional<std::uint64_t> test_{};          // "test" /sequenceNumber/sqn
  std::optional<sequence_number> replace_{};     // "replace" /sequenceNumber
  std::optional<std::uint64_t> replace_sqn_{};   // "replace" /sequenceNumber/sqn
};

sbi::result<sqn_patch> read_patch(const std::vector<authentication_subscription_patch>& items) {
  sqn_patch out;
  for (const auto& item : items) {
    const auto* text = std::get_if<std::string>(&item.value_);
    if (item.op_ == sbi::patch_operation::test && item.path_ == "/sequenceNumber/sqn" && text) {
      out.test_ = sqn_from_hex(*text);
      if (!out.test_) return std::unexpected(bad_patch("the tested sqn must be 12 hex digits"));
    } else if (item.op_ == sbi::patch_operation::replace && item.path_ == "/sequenceNumber") {
      const auto* value = std::get_if<sequence_number>(&item.value_);
      if (!value) return std::unexpected(bad_patch("replace /sequenceNumber needs a SequenceNumber"));
      out.replace_ = *value;
    } else if (item.op_ == sbi::patch_operation::replace && item.path_ == "/sequenceNumber/sqn" && text) {
      out.replace_sqn_ = sqn_from_hex(*text);
      if (!out.replace_sqn_) return std::unexpected(bad_patch("the new sqn must be 12 hex digits"));
    } else {
      return std::unexpected(bad_patch(fmt::format("unsupported patch item: {} {}", sbi::to_string(item.op_),
                                                   item.path_)));
    }
  }
  return out;
}

// The SQN state after `patch` applied to `current`, or why it cannot be.
sbi::result<sqn_state> patched(const sqn_state& current, const sqn_patch& patch) {
  sqn_state next = current;
  if (patch.replace_) {
    // A SequenceNumber without sqn keeps the SQN and replaces the rest.
    sequence_number value = *patch.replace_;
    if (!value.sqn_) value.sqn_ = sqn_to_hex(current.sqn_);
    if (!value.ind_length_) value.ind_length_ = static_cast<std::int32_t>(current.ind_length_);
    auto s = from_sequence_number(value);
    if (!s) return std::unexpected(bad_patch("the SequenceNumber is out of range (sqn: 12 hex digits, indLength: 0..16)"));
    next = std::move(*s);
  }
  if (patch.replace_sqn_) next.sqn_ = *patch.replace_sqn_;
  return next;
}

// The answer to a context-data write: 204, USER_NOT_FOUND, or the store's failure.
sbi::result<sbi::no_content> written(const store_result<write_outcome>& outcome) {
  if (!outcome) return std::unexpected(store_failure(outcome.error()));
  if (*outcome == write_outcome::not_found) return std::unexpected(user_not_found());
  return sbi::no_content{};
}

// A stored context-data resource, else USER_NOT_FOUND for an unknown
// subscriber or `absent` for a known one without it.
template <class T>
sbi::result<T> context_answer(subscriber_store& reader, const model::supi& id, store_result<std::optional<T>> found,
                              cause absent) {
  if (!found) return std::unexpected(store_failure(found.error()));
  if (*found) return std::move(**found);
  auto exists = reader.find_authentication(id);
  if (!exists) return std::unexpected(store_failure(exists.error()));
  if (!*exists) return std::unexpected(user_not_found());
  return std::unexpected(problem_details::of(absent));
}

// The subscriber a provisioned-data query reads.
sbi::result<subscriber> provisioned(subscriber_store& reader, const model::supi& id) {
  auto s = reader.find(id);
  if (!s) return std::unexpected(store_failure(s.error()));
  if (!*s) return std::unexpected(user_not_found());
  return std::move(**s);
}

}  // namespace

// ---------------------------------------------------------------- loop side

// What lives on the loop thread and outlives the repository for the answers
// still posted (they hold it weakly).
struct data_repository::loop_state {
  std::unique_ptr<subscriber_store> reader_;
  executor post_;
  committer* committer_ = nullptr;
  std::size_t cache_limit_ = 0;

  // The writes staged since the last hand-over to the committer (see submit_staged).
  std::vector<pending_write> staged_;
  bool flush_posted_ = false;

  // A subscriber's authentication data as this repository knows it: what the
  // store held when read, with the newest SQN accepted since (committed, or
  // in flight). Reads are answered from here, so a vector costs no read of
  // the store. A failed update marks it stale: the store is then the only
  // truth, and the entry goes once its in-flight updates have answered.
  // Another process's change is caught by the SQN update itself: it carries
  // the basis it was computed from and is refused if the store's differs.
  struct cached_authentication {
    authentication_record stored_{};
    crypto::key128 opc_{};  // OPc, derived once when the store holds OP
    std::size_t in_flight_ = 0;
    bool stale_ = false;
  };
  std::unordered_map<model::supi, cached_authentication> auth_;
  std::uint64_t sqn_conflicts_ = 0;

  // The entry to answer from: present and not stale.
  cached_authentication* usable(const model::supi& id) {
    auto it = auth_.find(id);
    return it != auth_.end() && !it->second.stale_ ? &it->second : nullptr;
  }

  // Takes a fresh read of the store in. A stale entry keeps its mark (updates
  // are in flight); a new one is made only when `need` (an update will be in
  // flight) or the cache has room, idle entries giving way when it is full.
  cached_authentication* remember(const model::supi& id, authentication_record read, bool need) {
    auto it = auth_.find(id);
    if (it == auth_.end()) {
      if (auth_.size() >= cache_limit_) std::erase_if(auth_, [](const auto& e) { return e.second.in_flight_ == 0; });
      if (!need && auth_.size() >= cache_limit_) return nullptr;
      it = auth_.try_emplace(id).first;
    }
    auto& e = it->second;
    e.opc_ = read.op_kind_ == op_kind::opc ? read.op_ : crypto::milenage_opc(read.k_, read.op_);
    e.stored_ = std::move(read);
    return &e;
  }

  // An update of `id` has answered: a refused or failed one makes the entry
  // stale. `e` is still `id`'s entry: one with updates in flight is never
  // dropped (remember() drops idle ones only), and elements of an
  // unordered_map stay where they are through rehashing.
  void answered(cached_authentication& e, const model::supi& id, bool applied) {
    if (!applied) e.stale_ = true;
    if (--e.in_flight_ == 0 && (e.stale_ || auth_.size() > cache_limit_)) auth_.erase(id);
  }

  // Hands the staged writes to the committer. Done at the end of each turn,
  // and also whenever `submit_every` have gathered: one turn can resume a
  // whole answered batch (a thousand requests), and if their next writes
  // waited for the turn's end the committer would sit idle meanwhile, then the
  // loop while it synced — lockstep. Handing them over as they come lets the
  // committer sync one batch while the loop makes the next.
  static constexpr std::size_t submit_every = 256;
  void submit_staged() {
    if (committer_ == nullptr || staged_.empty()) return;
    std::vector<pending_write> next;
    next.reserve(submit_every);
    committer_->submit(std::exchange(staged_, std::move(next)));
  }
  void flush() {
    flush_posted_ = false;
    submit_staged();
  }
};

// co_await write(op): stages the write, resumes with its outcome once durable.
class data_repository::write_awaiter {
 public:
  write_awaiter(std::shared_ptr<loop_state> loop, write_op op) : loop_(std::move(loop)), op_(std::move(op)) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    auto& loop = *loop_;
    loop.staged_.push_back(pending_write{std::move(op_), [this, h](store_result<write_outcome> r) {
                                           result_ = std::move(r);
                                           h.resume();
                                         }});
    if (loop.staged_.size() >= loop_state::submit_every) {
      loop.submit_staged();
    } else if (!loop.flush_posted_) {
      loop.flush_posted_ = true;
      loop.post_([weak = std::weak_ptr<loop_state>(loop_)] {
        if (auto l = weak.lock()) l->flush();
      });
    }
  }
  store_result<write_outcome> await_resume() { return std::move(*result_); }

 private:
  std::shared_ptr<loop_state> loop_;
  write_op op_;
  std::optional<store_result<write_outcome>> result_;
};

data_repository::data_repository(std::unique_ptr<subscriber_store> reader, std::unique_ptr<subscriber_store> writer,
                                 executor post, std::size_t cache_limit)
    : loop_(std::make_shared<loop_state>()), committer_(std::make_unique<committer>(std::move(writer), post)) {
  loop_->reader_ = std::move(reader);
  loop_->cache_limit_ = cache_limit;
  loop_->post_ = std::move(post);
  loop_->committer_ = committer_.get();
}

data_repository::~data_repository() {
  // Writes staged in this turn still go to disk and are answered.
  loop_->flush();
  loop_->committer_ = nullptr;
  committer_.reset();
}

data_repository_counters data_repository::counters() const {
  auto c = committer_->counters();
  c.sqn_conflicts_ = loop_->sqn_conflicts_;
  return c;
}

store_result<std::vector<hn_key>> data_repository::hn_keys() { return loop_->reader_->hn_keys(); }

// ---------------------------------------------------------------- authentication data

namespace {

authentication_subscription answer_of(const authentication_record& a, const crypto::key128& opc, model::supi ue_id) {
  authentication_subscription out;
  out.authentication_method_ = a.auth_method_;
  out.enc_permanent_key_ = sbi::bytes(a.k_.bytes().begin(), a.k_.bytes().end());
  out.enc_opc_key_ = sbi::bytes(opc.bytes().begin(), opc.bytes().end());
  out.authentication_management_field_ = sbi::bytes(a.amf_.begin(), a.amf_.end());
  out.algorithm_id_ = "milenage";
  out.sequence_number_ = to_sequence_number(a.sqn_);
  out.supi_ = std::move(ue_id);
  return out;
}

authentication_basis basis_of(const authentication_record& a) {
  authentication_basis b{.op_kind_ = a.op_kind_,
                         .amf_ = a.amf_,
                         .auth_method_ = a.auth_method_,
                         .ind_length_ = a.sqn_.ind_length_,
                         .location_ = a.location_};
  // A store that named the row checks the credentials' version there, so K
  // and OP stay here: fewer copies of key material, each wiped when it goes.
  if (a.location_.row_ == 0) {
    b.k_.emplace(a.k_);
    b.op_.emplace(a.op_);
  }
  return b;
}

}  // namespace

sbi::awaitable<authentication_subscription> data_repository::query_auth_subs_data(model::supi ue_id) {
  auto& loop = *loop_;
  if (const auto* e = loop.usable(ue_id)) co_return answer_of(e->stored_, e->opc_, std::move(ue_id));
  auto found = loop.reader_->find_authentication(ue_id);
  if (!found) co_return std::unexpected(store_failure(found.error()));
  if (!*found) co_return std::unexpected(user_not_found());
  if (const auto* e = loop.remember(ue_id, **found, false)) co_return answer_of(e->stored_, e->opc_, std::move(ue_id));
  const auto& a = **found;
  const crypto::key128 opc = a.op_kind_ == op_kind::opc ? a.op_ : crypto::milenage_opc(a.k_, a.op_);
  co_return answer_of(a, opc, std::move(ue_id));
}

sbi::awaitable<sbi::no_content> data_repository::modify_authentication_subscription(
    model::supi ue_id, std::vector<authentication_subscription_patch> patch) {
  auto request = read_patch(patch);
  if (!request) co_return std::unexpected(request.error());

  // The patch is judged against the newest SQN this repository accepted, else
  // the stored one. `loop` keeps the state alive across the co_await.
  const std::shared_ptr<loop_state> loop = loop_;
  auto* entry = loop->usable(ue_id);
  if (entry == nullptr) {
    auto found = loop->reader_->find_authentication(ue_id);
    if (!found) co_return std::unexpected(store_failure(found.error()));
    if (!*found) co_return std::unexpected(user_not_found());
    entry = loop->remember(ue_id, std::move(**found), true);
  }
  const sqn_state& current = entry->stored_.sqn_;
  if (request->test_ && *request->test_ != current.sqn_) {
    ++loop->sqn_conflicts_;
    co_return std::unexpected(problem_details::of(cause::modification_not_allowed, "the sqn has changed"));
  }
  if (!request->replace_ && !request->replace_sqn_) co_return sbi::no_content{};  // a test alone changes nothing
  auto next = patched(current, *request);
  if (!next) co_return std::unexpected(next.error());

  // Accepted: later requests build on it. No suspension happened between the
  // check above and this line, so no other request came in between.
  sqn_update update{.supi_ = ue_id,
                    .expected_sqn_ = request->test_,
                    .value_ = *next,
                    .expected_basis_ = basis_of(entry->stored_)};
  entry->stored_.sqn_ = std::move(*next);
  ++entry->in_flight_;
  store_result<write_outcome> outcome = co_await write_awaiter(loop, std::move(update));

  // From here on only `loop` is used: the repository may be gone.
  loop->answered(*entry, ue_id, outcome && *outcome == write_outcome::applied);
  if (!outcome) co_return std::unexpected(store_failure(outcome.error()));
  switch (*outcome) {
    case write_outcome::applied: co_return sbi::no_content{};
    case write_outcome::not_found: co_return std::unexpected(user_not_found());
    case write_outcome::test_failed:
      ++loop->sqn_conflicts_;
      co_return std::unexpected(problem_details::of(cause::modification_not_allowed, "the sqn has changed"));
  }
  co_return std::unexpected(problem_details::of(cause::system_failure));
}

sbi::awaitable<sbi::no_content> data_repository::create_authentication_status(model::supi ue_id,
                                                                             udm::auth_event event) {
  // The row this repository read the subscriber from, if it has: the store
  // writes there without a SUPI lookup.
  const auto* known = loop_->usable(ue_id);
  authentication_status_put put{.supi_ = std::move(ue_id),
                                .event_ = std::move(event),
                                .location_ = known != nullptr ? known->stored_.location_ : sqn_location{}};
  store_result<write_outcome> outcome = co_await write_awaiter(loop_, std::move(put));
  co_return written(outcome);
}

sbi::awaitable<udm::auth_event> data_repository::query_authentication_status(model::supi ue_id) {
  auto& reader = *loop_->reader_;
  co_return context_answer(reader, ue_id, reader.find_authentication_status(ue_id), cause::data_not_found);
}

// ---------------------------------------------------------------- provisioned data

sbi::awaitable<udm::access_and_mobility_subscription_data> data_repository::query_am_data(model::supi ue_id,
                                                                                         model::plmn) {
  auto s = provisioned(*loop_->reader_, ue_id);
  if (!s) co_return std::unexpected(s.error());
  co_return am_data_of(*s);
}

sbi::awaitable<udm::smf_selection_subscription_data> data_repository::query_smf_select_data(model::supi ue_id,
                                                                                           model::plmn) {
  auto s = provisioned(*loop_->reader_, ue_id);
  if (!s) co_return std::unexpected(s.error());
  co_return smf_selection_data_of(*s);
}

sbi::awaitable<udm::sm_subs_data> data_repository::query_sm_data(model::supi ue_id, model::plmn,
                                                                 std::optional<model::s_nssai> single_nssai,
                                                                 std::optional<sbi::dnn> dnn) {
  auto s = provisioned(*loop_->reader_, ue_id);
  if (!s) co_return std::unexpected(s.error());
  auto data = sm_data_of(*s, single_nssai, dnn);
  if (data.empty()) co_return std::unexpected(problem_details::of(cause::data_not_found));
  co_return data;
}

// ---------------------------------------------------------------- context data

sbi::awaitable<sbi::no_content> data_repository::create_amf_context_3gpp(
    model::supi ue_id, udm::amf_3gpp_access_registration registration) {
  amf_context_put put{.supi_ = std::move(ue_id), .registration_ = std::move(registration)};
  store_result<write_outcome> outcome = co_await write_awaiter(loop_, std::move(put));
  co_return written(outcome);
}

sbi::awaitable<udm::amf_3gpp_access_registration> data_repository::query_amf_context_3gpp(model::supi ue_id) {
  auto& reader = *loop_->reader_;
  co_return context_answer(reader, ue_id, reader.find_amf_context(ue_id), cause::context_not_found);
}

store_result<std::unique_ptr<data_repository>> open_sqlite_repository(const std::filesystem::path& path,
                                                                      executor post,
                                                                      std::size_t authentication_cache_limit) {
  auto writer = open_sqlite_store(path);
  if (!writer) return std::unexpected(writer.error());
  auto reader = open_sqlite_store(path, {.busy_timeout_ = std::chrono::milliseconds(5000), .create_ = false});
  if (!reader) return std::unexpected(reader.error());
  return std::make_unique<data_repository>(std::move(*reader), std::move(*writer), std::move(post),
                                           authentication_cache_limit);
}

}  // namespace meridian::udr
