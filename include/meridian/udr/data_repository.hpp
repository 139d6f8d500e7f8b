#pragma once
// Nudr_DataRepository (udr_service.hpp) in process, over a subscriber store.
//
// Reads run on the calling thread (the event loop the repository belongs to)
// against a store of their own. Writes — above all the SQN update that every
// authentication vector needs — are answered only once durable, and are
// group-committed: the writes of one event-loop turn are handed together to a
// committer thread, which runs them in one transaction with one sync; while
// it syncs, the next turns' writes queue up and go in the next transaction.
// So durability costs one sync per batch, not per vector, and the loop never
// waits for the disk.
//
// SQN discipline: the "test" item of modify_authentication_subscription is a
// compare-and-swap, checked twice: at once against the newest SQN this
// repository has accepted (so two requests in one turn cannot both advance
// from the same SQN, and the loser learns it without touching the disk), and
// again inside the transaction against the stored SQN (so a failed batch, or
// another writer, can never let an SQN be reused).
//
// Authentication data in memory: the UDM's read of a subscriber's credentials
// and SQN is answered from memory once the subscriber has been read, and the
// SQN update judged against the newest SQN accepted, so a vector costs no read
// of the store. Another process may change the store meanwhile (`meridian
// subscriber set`, `delete`, or a second process making vectors): each SQN
// update carries the credentials, IND length and SQN it was computed from and
// the transaction applies it only if the store holds exactly those; otherwise
// it is refused like a lost compare-and-swap, the entry is dropped and the
// UDM reads the store again. So a vector is never built from credentials
// other than those stored when its SQN became durable. At most
// `authentication_cache_limit` idle subscribers are kept (then the idle ones
// are dropped together); 0 reads the store for every vector.
//
// One thread: every call, and the executor, belong to one event loop. Key
// material is never logged; K and OPc in memory are wiped when dropped.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

#include "meridian/udr/subscriber_store.hpp"
#include "meridian/udr/udr_service.hpp"

namespace meridian::udr {

/// Runs a function on the repository's event-loop thread (asio::post to its io_context).
using executor = std::function<void(std::function<void()>)>;

/// Subscribers whose authentication data a repository keeps in memory by
/// default (about 250 octets each).
inline constexpr std::size_t default_authentication_cache_limit = 1'000'000;

struct data_repository_counters {
  std::uint64_t commits_ = 0;          ///< transactions committed (one sync each)
  std::uint64_t writes_ = 0;           ///< writes those transactions carried
  std::uint64_t failed_commits_ = 0;   ///< transactions that failed (their writes answered an error)
  std::uint64_t largest_batch_ = 0;    ///< the most writes in one transaction
  std::uint64_t sqn_conflicts_ = 0;    ///< SQN updates refused because their "test" item failed
};

class data_repository final : public nudr_data_repository {
 public:
  /// `reader` serves reads on the loop thread; `writer` (the same data: a
  /// second connection to the same file) belongs to the committer thread.
  /// `post` runs a function on the loop thread; it must stay usable while
  /// writes are in flight. `authentication_cache_limit`: see above.
  data_repository(std::unique_ptr<subscriber_store> reader, std::unique_ptr<subscriber_store> writer, executor post,
                  std::size_t authentication_cache_limit = default_authentication_cache_limit);
  /// Commits the writes already made and answers them (through `post`), then
  /// stops the committer. Calls still in flight end through `post` and touch
  /// only state they share with it, so the loop may go on running them.
  ~data_repository() override;
  data_repository(const data_repository&) = delete;
  data_repository& operator=(const data_repository&) = delete;

  sbi::awaitable<authentication_subscription> query_auth_subs_data(model::supi ue_id) override;
  sbi::awaitable<sbi::no_content> modify_authentication_subscription(
      model::supi ue_id, std::vector<authentication_subscription_patch> patch) override;
  sbi::awaitable<sbi::no_content> create_authentication_status(model::supi ue_id, udm::auth_event event) override;
  sbi::awaitable<udm::auth_event> query_authentication_status(model::supi ue_id) override;
  sbi::awaitable<udm::access_and_mobility_subscription_data> query_am_data(model::supi ue_id,
                                                                          model::plmn serving_plmn_id) override;
  sbi::awaitable<udm::smf_selection_subscription_data> query_smf_select_data(model::supi ue_id,
                                                                            model::plmn serving_plmn_id) override;
  sbi::awaitable<udm::sm_subs_data> query_sm_data(model::supi ue_id, model::plmn serving_plmn_id,
                                                  std::optional<model::s_nssai> single_nssai,
                                                  std::optional<sbi::dnn> dnn) override;
  sbi::awaitable<sbi::no_content> create_amf_context_3gpp(model::supi ue_id,
                                                          udm::amf_3gpp_access_registration registration) override;
  sbi::awaitable<udm::amf_3gpp_access_registration> query_amf_context_3gpp(model::supi ue_id) override;

  /// The home network's SUCI keys, for the UDM's de-concealment (the
  /// composition root hands them over; they are not a TS 29.505 resource).
  store_result<std::vector<hn_key>> hn_keys();

  data_repository_counters counters() const;

 private:
  struct loop_state;
  class committer;
  class write_awaiter;

  std::shared_ptr<loop_state> loop_;
  std::unique_ptr<committer> committer_;
};

/// A repository over the SQLite store in `path` (two connections to it).
store_result<std::unique_ptr<data_repository>> open_sqlite_repository(
    const std::filesystem::path& path, executor post,
    std::size_t authentication_cache_limit = default_authentication_cache_limit);

}  // namespace meridian::udr
