#pragma once
// The subscriber store: where the UDR keeps its data. An interface, so that a
// PostgreSQL backend can stand beside the embedded SQLite one
// (sqlite_store.hpp); the repository (data_repository.hpp) and the operator's
// tool (subscriber_admin) use only this.
//
// Calls are synchronous and one store object is used by one thread at a
// time; the repository gives its committer thread a store of its own.
// Every write is durable when the call returns (a committed transaction).

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "meridian/model/supi.hpp"
#include "meridian/udm/udm_types.hpp"
#include "meridian/udr/subscriber.hpp"

namespace meridian::udr {

enum class store_errc : std::uint8_t {
  not_found,       ///< no subscriber (or key) by that name
  duplicate,       ///< a subscriber (or key) by that name exists already
  invalid,         ///< the data fails validate() or a check of the schema
  busy,            ///< another process held the database for longer than the busy timeout
  io,              ///< the file could not be opened, read, written or synced
  not_a_database,  ///< the file is not a store (or is damaged)
  schema_too_new,  ///< the file was migrated by a newer Meridian
};

struct store_error {
  store_errc code_ = store_errc::io;
  std::string detail_{};  ///< for a person; never holds key material
  /// "duplicate: imsi-001010000000001 exists already"
  std::string message() const;
};

template <class T>
using store_result = std::expected<T, store_error>;

/// Where a store keeps a subscriber's SQN state, and the version of the
/// subscriber's credentials (K, OP/OPc, AMF, method) when it was read; what
/// they mean is the store's own (0: unknown). An SQN update that carries them
/// goes straight to that row, without looking the SUPI up, and is refused if
/// the credentials changed since the read.
struct sqn_location {
  std::int64_t row_ = 0;
  std::int64_t credentials_version_ = 0;
};

/// The authentication data of one subscriber, as the UDM reads it for every
/// vector: one indexed read, no slice or session rows.
struct authentication_record {
  crypto::key128 k_{};
  crypto::key128 op_{};
  op_kind op_kind_ = op_kind::opc;
  std::array<std::uint8_t, 2> amf_{};
  sqn_state sqn_{};
  udr::auth_method auth_method_ = udr::auth_method::five_g_aka;
  sqn_location location_{};
};

/// What a vector is computed from besides the SQN: the credentials and the
/// IND length. The repository answers the UDM's reads from memory, so an SQN
/// update carries the basis it served and is applied only if the store still
/// holds it: a change made meanwhile by another process (`meridian subscriber
/// set`) refuses the update, and the UDM reads again.
struct authentication_basis {
  /// K and OP/OPc as read, compared by a store when location_ names no row.
  /// When it names one, the store compares the credentials' version there
  /// instead and these stay empty: fewer copies of key material to wipe.
  std::optional<crypto::key128> k_{};
  std::optional<crypto::key128> op_{};  ///< OP or OPc, as stored
  op_kind op_kind_ = op_kind::opc;
  std::array<std::uint8_t, 2> amf_{};
  udr::auth_method auth_method_ = udr::auth_method::five_g_aka;
  unsigned ind_length_ = 5;
  sqn_location location_{};  ///< as read with the credentials
};

/// One durable write of the repository (batched: store::apply runs a batch in
/// one transaction).
struct sqn_update {
  model::supi supi_;
  std::optional<std::uint64_t> expected_sqn_{};  ///< the "test" item: apply only if the stored SQN is this
  sqn_state value_{};
  /// Apply only if the stored credentials and IND length are these (test_failed otherwise).
  std::optional<authentication_basis> expected_basis_{};
};
struct authentication_status_put {
  model::supi supi_;
  udm::auth_event event_{};
  /// The subscriber's row as last read (sqn_location), when known: the store
  /// writes the status there without looking the SUPI up, and by SUPI if the
  /// row is gone.
  sqn_location location_{};
};
struct amf_context_put {
  model::supi supi_;
  udm::amf_3gpp_access_registration registration_{};
};
using write_op = std::variant<sqn_update, authentication_status_put, amf_context_put>;

enum class write_outcome : std::uint8_t {
  applied,
  test_failed,  ///< an sqn_update whose expected SQN (or basis) was not the stored one: nothing changed
  not_found,    ///< no such subscriber: nothing changed
};

/// What replace() does with the stored SQN state (SQN, scheme, lastIndexes,
/// difSign). The operator's tool reads a subscriber, changes it and writes it
/// back; meanwhile a live UDR may have advanced the SQN, and writing back the
/// SQN read would hand out used SQNs again. So the SQN is written only when
/// the operator asked for a new one.
enum class sqn_write : std::uint8_t {
  keep,     ///< the stored SQN state stays as it is, whatever `s` holds
  replace,  ///< the stored SQN state becomes s.sqn_
};

/// How a schema stands: the version of the newest migration applied.
struct schema_info {
  int version_ = 0;
  int latest_known_ = 0;  ///< the newest migration this build carries
};

class subscriber_store {
 public:
  virtual ~subscriber_store() = default;

  // ------------------------------------------------ provisioning (the operator's tool)

  /// Adds one subscriber; duplicate if the SUPI exists, invalid if validate() objects.
  virtual store_result<void> insert(const subscriber& s) = 0;
  /// Adds all of them in one transaction: all or none (the error names the
  /// first SUPI that failed).
  virtual store_result<std::size_t> insert_all(std::span<const subscriber> subscribers) = 0;
  /// Replaces a subscriber's data (context data stays), the SQN state only
  /// as `sqn` says (IND length is replaced either way); not_found if absent.
  virtual store_result<void> replace(const subscriber& s, sqn_write sqn) = 0;
  /// Removes a subscriber with its context data; not_found if absent.
  virtual store_result<void> remove(const model::supi& supi) = 0;
  /// The subscriber, or nothing.
  virtual store_result<std::optional<subscriber>> find(const model::supi& supi) = 0;
  /// Calls `visit` for each subscriber in SUPI order until it returns false.
  virtual store_result<void> for_each(const std::function<bool(const subscriber&)>& visit) = 0;
  virtual store_result<std::size_t> count() = 0;

  // ------------------------------------------------ the UDR's operations

  virtual store_result<std::optional<authentication_record>> find_authentication(const model::supi& supi) = 0;
  virtual store_result<std::optional<udm::auth_event>> find_authentication_status(const model::supi& supi) = 0;
  virtual store_result<std::optional<udm::amf_3gpp_access_registration>> find_amf_context(
      const model::supi& supi) = 0;
  /// Runs `ops` in order in one transaction and makes it durable (one sync):
  /// the outcome of each, or an error for the whole batch (nothing applied).
  virtual store_result<std::vector<write_outcome>> apply(std::span<const write_op> ops) = 0;

  // ------------------------------------------------ the home network's SUCI keys

  /// duplicate if a key with that id exists.
  virtual store_result<void> insert_hn_key(const hn_key& key) = 0;
  /// Every key, by id, public keys derived.
  virtual store_result<std::vector<hn_key>> hn_keys() = 0;

  virtual schema_info schema() const = 0;
};

}  // namespace meridian::udr
