// The operator's reads and writes of whole subscribers in the SQLite store.

#include <fmt/format.h>

#include "row_codec.hpp"
#include "sqlite_store_impl.hpp"

namespace meridian::udr {

namespace {

store_error invalid_row(std::string_view supi, std::string_view column) {
  return store_error{store_errc::invalid, fmt::format("the stored {} of {} is malformed", column, supi)};
}

// Binds ?1..?9 of insert_subscriber_ / update_subscriber_ (?1 is the SUPI).
void bind_subscriber_columns(sqlite::statement& s, const subscriber& sub) {
  s.bind(1, sub.supi_.to_string())
      .bind_blob(2, sub.k_.bytes())
      .bind_blob(3, sub.op_.bytes())
      .bind(4, row::op_kind_text(sub.op_kind_))
      .bind_blob(5, sub.amf_)
      .bind(6, sbi::to_string(sub.auth_method_))
      .bind(7, sub.ue_ambr_.uplink_)
      .bind(8, sub.ue_ambr_.downlink_)
      .bind(9, row::join(sub.rat_restrictions_));
}

// Binds ?1..?6 of insert_sqn_state_ / update_admin_sqn_: the SUPI and its SQN state.
void bind_sqn_columns(sqlite::statement& s, const subscriber& sub) {
  s.bind(1, sub.supi_.to_string())
      .bind(2, static_cast<std::int64_t>(sub.sqn_.sqn_))
      .bind(3, static_cast<std::int64_t>(sub.sqn_.ind_length_))
      .bind(4, sbi::to_string(sub.sqn_.scheme_))
      .bind(5, row::last_indexes_json(sub.sqn_.last_indexes_))
      .bind_optional(6, sub.sqn_.dif_sign_ ? std::optional<std::string>(std::string(sbi::to_string(*sub.sqn_.dif_sign_)))
                                   : std::nullopt);
}

store_error refused(const subscriber& s, std::string reason) {
  return store_error{store_errc::invalid, fmt::format("{}: {}", s.supi_.to_string(), reason)};
}

// The duplicate error names the SUPI (SQLite's message names only the column).
store_error named(const store_error& e, const model::supi& supi) {
  if (e.code_ == store_errc::duplicate)
    return store_error{store_errc::duplicate, fmt::format("{} exists already", supi.to_string())};
  return e;
}

}  // namespace

store_result<void> sqlite_store::insert_children(const subscriber& s) {
  const std::string supi = s.supi_.to_string();
  std::int64_t position = 0;
  for (const auto& n : s.nssai_) {
    sqlite::reset_on_exit reset(insert_snssai_);
    insert_snssai_.bind(1, supi).bind(2, n.snssai_.to_string()).bind(3, std::int64_t{n.default_}).bind(4, position++);
    if (auto r = insert_snssai_.run("storing an S-NSSAI"); !r) return r;
  }
  position = 0;
  for (const auto& c : s.sessions_) {
    sqlite::reset_on_exit reset(insert_session_);
    insert_session_.bind(1, supi)
        .bind(2, c.snssai_.to_string())
        .bind(3, c.dnn_)
        .bind(4, position++)
        .bind(5, std::int64_t{c.default_dnn_})
        .bind(6, sbi::to_string(c.default_pdu_session_type_))
        .bind(7, row::join(c.allowed_pdu_session_types_))
        .bind(8, sbi::to_string(c.default_ssc_mode_))
        .bind(9, row::join(c.allowed_ssc_modes_))
        .bind(10, std::int64_t{c.qos_5qi_})
        .bind(11, std::int64_t{c.arp_.priority_level_})
        .bind(12, sbi::to_string(c.arp_.preempt_cap_))
        .bind(13, sbi::to_string(c.arp_.preempt_vuln_))
        .bind(14, c.session_ambr_.uplink_)
        .bind(15, c.session_ambr_.downlink_)
        .bind_optional(16, c.static_ipv4_)
        .bind_optional(17, c.static_ipv6_);
    if (auto r = insert_session_.run("storing a session configuration"); !r) return r;
  }
  return {};
}

store_result<void> sqlite_store::insert_rows(const subscriber& s) {
  if (auto reason = validate(s)) return std::unexpected(refused(s, std::move(*reason)));
  {
    sqlite::reset_on_exit reset(insert_subscriber_);
    bind_subscriber_columns(insert_subscriber_, s);
    if (auto r = insert_subscriber_.run("storing a subscriber"); !r) return std::unexpected(named(r.error(), s.supi_));
  }
  {
    sqlite::reset_on_exit reset(insert_sqn_state_);
    bind_sqn_columns(insert_sqn_state_, s);
    if (auto r = insert_sqn_state_.run("storing a subscriber's SQN"); !r) return r;
  }
  return insert_children(s);
}

store_result<void> sqlite_store::insert(const subscriber& s) {
  auto tx = sqlite::transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  if (auto r = insert_rows(s); !r) return r;
  return tx->commit();
}

store_result<std::size_t> sqlite_store::insert_all(std::span<const subscriber> subscribers) {
  auto tx = sqlite::transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  for (const auto& s : subscribers)
    if (auto r = insert_rows(s); !r) return std::unexpected(r.error());
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return subscribers.size();
}

store_result<void> sqlite_store::replace(const subscriber& s, sqn_write sqn) {
  if (auto reason = validate(s)) return std::unexpected(refused(s, std::move(*reason)));
  auto tx = sqlite::transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  {
    sqlite::reset_on_exit reset(update_subscriber_);
    bind_subscriber_columns(update_subscriber_, s);
    if (auto r = update_subscriber_.run("updating a subscriber"); !r) return r;
    if (update_subscriber_.changes() == 0)
      return std::unexpected(store_error{store_errc::not_found, fmt::format("no subscriber {}", s.supi_.to_string())});
  }
  if (sqn == sqn_write::replace) {
    sqlite::reset_on_exit reset(update_admin_sqn_);
    bind_sqn_columns(update_admin_sqn_, s);
    if (auto r = update_admin_sqn_.run("updating a subscriber's SQN"); !r) return r;
  } else {
    sqlite::reset_on_exit reset(update_ind_length_);
    update_ind_length_.bind(1, s.supi_.to_string()).bind(2, static_cast<std::int64_t>(s.sqn_.ind_length_));
    if (auto r = update_ind_length_.run("updating a subscriber's IND length"); !r) return r;
  }
  {
    sqlite::reset_on_exit reset(delete_children_);
    delete_children_.bind(1, s.supi_.to_string());
    if (auto r = delete_children_.run("replacing a subscriber's slices"); !r) return r;
  }
  if (auto r = insert_children(s); !r) return r;
  return tx->commit();
}

store_result<void> sqlite_store::remove(const model::supi& supi) {
  sqlite::reset_on_exit reset(delete_subscriber_);
  delete_subscriber_.bind(1, supi.to_string());
  if (auto r = delete_subscriber_.run("deleting a subscriber"); !r) return r;
  if (delete_subscriber_.changes() == 0)
    return std::unexpected(store_error{store_errc::not_found, fmt::format("no subscriber {}", supi.to_string())});
  return {};
}

store_result<subscriber> sqlite_store::read_subscriber(sqlite::statement& row) {
  const std::string supi_text(row.text(0));
  auto supi = model::supi::parse(supi_text);
  if (!supi) return std::unexpected(invalid_row(supi_text, "supi"));
  subscriber s{.supi_ = std::move(*supi)};
  auto k = crypto::key128::from(row.blob(1));
  auto op = crypto::key128::from(row.blob(2));
  const auto kind = row::op_kind_of(row.text(3));
  const auto amf = row.blob(4);
  if (!k || !op || !kind || amf.size() != 2) return std::unexpected(invalid_row(supi_text, "credentials"));
  s.k_ = *k;
  s.op_ = *op;
  s.op_kind_ = *kind;
  s.amf_ = {amf[0], amf[1]};
  const auto scheme = sbi::from_string<sqn_scheme>(row.text(7));
  auto last = row::last_indexes_of(row.text(8));
  const auto method = sbi::from_string<auth_method>(row.text(10));
  auto rats = row::split<sbi::rat_type>(row.text(13));
  if (!scheme || !last || !method || !rats) return std::unexpected(invalid_row(supi_text, "subscription"));
  s.sqn_ = sqn_state{.sqn_ = static_cast<std::uint64_t>(row.int64(5)),
                     .ind_length_ = static_cast<unsigned>(row.int64(6)),
                     .scheme_ = *scheme,
                     .last_indexes_ = std::move(*last),
                     .dif_sign_ = std::nullopt};
  if (!row.is_null(9)) {
    const auto sign = sbi::from_string<udr::sign>(row.text(9));
    if (!sign) return std::unexpected(invalid_row(supi_text, "dif_sign"));
    s.sqn_.dif_sign_ = *sign;
  }
  s.auth_method_ = *method;
  s.ue_ambr_ = sbi::ambr{.uplink_ = std::string(row.text(11)), .downlink_ = std::string(row.text(12))};
  s.rat_restrictions_ = std::move(*rats);

  {
    sqlite::reset_on_exit reset(select_snssai_);
    select_snssai_.bind(1, supi_text);
    for (;;) {
      auto r = select_snssai_.step("reading S-NSSAIs");
      if (!r) return std::unexpected(r.error());
      if (!*r) break;
      const auto n = model::s_nssai::parse(select_snssai_.text(0));
      if (!n) return std::unexpected(invalid_row(supi_text, "S-NSSAI"));
      s.nssai_.push_back({.snssai_ = *n, .default_ = select_snssai_.int64(1) != 0});
    }
  }
  sqlite::reset_on_exit reset(select_sessions_);
  select_sessions_.bind(1, supi_text);
  for (;;) {
    auto r = select_sessions_.step("reading session configurations");
    if (!r) return std::unexpected(r.error());
    if (!*r) break;
    auto& q = select_sessions_;
    const auto n = model::s_nssai::parse(q.text(0));
    const auto default_type = sbi::from_string<sbi::pdu_session_type>(q.text(3));
    auto types = row::split<sbi::pdu_session_type>(q.text(4));
    const auto default_ssc = sbi::from_string<sbi::ssc_mode>(q.text(5));
    auto sscs = row::split<sbi::ssc_mode>(q.text(6));
    const auto cap = sbi::from_string<sbi::preemption_capability>(q.text(9));
    const auto vuln = sbi::from_string<sbi::preemption_vulnerability>(q.text(10));
    if (!n || !default_type || !types || !default_ssc || !sscs || !cap || !vuln)
      return std::unexpected(invalid_row(supi_text, "session configuration"));
    s.sessions_.push_back(session_config{
        .snssai_ = *n,
        .dnn_ = std::string(q.text(1)),
        .default_dnn_ = q.int64(2) != 0,
        .default_pdu_session_type_ = *default_type,
        .allowed_pdu_session_types_ = std::move(*types),
        .default_ssc_mode_ = *default_ssc,
        .allowed_ssc_modes_ = std::move(*sscs),
        .qos_5qi_ = static_cast<sbi::qos_5qi>(q.int64(7)),
        .arp_ = sbi::arp{.priority_level_ = static_cast<std::uint8_t>(q.int64(8)),
                         .preempt_cap_ = *cap,
                         .preempt_vuln_ = *vuln},
        .session_ambr_ = sbi::ambr{.uplink_ = std::string(q.text(11)), .downlink_ = std::string(q.text(12))},
        .static_ipv4_ = q.optional_text(13),
        .static_ipv6_ = q.optional_text(14),
    });
  }
  return s;
}

store_result<std::optional<subscriber>> sqlite_store::find(const model::supi& supi) {
  sqlite::reset_on_exit reset(select_subscriber_);
  select_subscriber_.bind(1, supi.to_string());
  auto row = select_subscriber_.step("reading a subscriber");
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<subscriber>{};
  auto s = read_subscriber(select_subscriber_);
  if (!s) return std::unexpected(s.error());
  return std::optional<subscriber>(std::move(*s));
}

store_result<void> sqlite_store::for_each(const std::function<bool(const subscriber&)>& visit) {
  // One read transaction, so that the scan sees one state of the file.
  if (auto r = db_.exec("BEGIN", "starting a read"); !r) return r;
  struct end_read {
    sqlite::connection& db;
    ~end_read() { (void)db.exec("COMMIT", "ending a read"); }
  } end{db_};
  sqlite::reset_on_exit reset(select_all_);
  for (;;) {
    auto row = select_all_.step("listing subscribers");
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};
    auto s = read_subscriber(select_all_);
    if (!s) return std::unexpected(s.error());
    if (!visit(*s)) return {};
  }
}

store_result<std::size_t> sqlite_store::count() {
  sqlite::reset_on_exit reset(count_);
  auto row = count_.step("counting subscribers");
  if (!row) return std::unexpected(row.error());
  return static_cast<std::size_t>(count_.int64(0));
}

}  // namespace meridian::udr
