// TS 29.244 §7.5.8, Session Report Request, and §5.2.2.5: what the data path
// reports (datapath_notifier) becomes a Session Report Request towards the
// session's CP function — downlink data (§7.5.8.2, DLDR), a usage threshold
// (§7.5.8.3, USAR) or an Error Indication from a peer (§7.5.8.4, ERIR).

#include <algorithm>

#include "n4_node_impl.hpp"

namespace meridian::upf {

using pfcp::cause_value;

void n4_node::impl::report(seid session, pfcp::session_report_request r) {
  auto it = sessions_.find(session.value());
  if (it == sessions_.end()) {
    log_->debug("report for session {:#x}, which is gone", session.value());
    return;
  }
  ++counters_.reports_sent_;
  send_request(it->second.peer_, it->second.cp_seid_, std::move(r), session);
}

void n4_node::impl::downlink_data(seid session, pdr_id pdr) {
  // §7.5.8.2: Report Type DLDR with a Downlink Data Report naming the PDR.
  pfcp::session_report_request r;
  r.report_type_.set(pfcp::flags::report_type::dldr);
  pfcp::downlink_data_report d;
  d.pdr_id_.push_back(pfcp::pdr_id{pdr.value()});
  r.downlink_data_report_ = std::move(d);
  report(session, std::move(r));
}

void n4_node::impl::usage_threshold(seid session, std::vector<urr_usage> usage) {
  auto it = sessions_.find(session.value());
  if (it == sessions_.end()) return;
  // §7.5.8.3: Report Type USAR, one Usage Report per URR, trigger VOLTH.
  pfcp::session_report_request r;
  r.report_type_.set(pfcp::flags::report_type::usar);
  for (const auto& u : usage)
    r.usage_report_.push_back(n4::usage_report<pfcp::usage_report_session_report_request>(
        u, it->second.ur_seqn_++, pfcp::flags::usage_report_trigger::volth));
  report(session, std::move(r));
}

void n4_node::impl::error_indication(remote_f_teid tunnel) {
  // §7.5.8.4: Report Type ERIR, the tunnel as the Remote F-TEID, to every
  // session with a FAR into it (normally one). Error Indications are rare and
  // bounded per second by the workers, so a scan of the sessions is enough.
  std::vector<seid> affected;
  for (const auto& [id, s] : sessions_) {
    const bool forwards_into = std::any_of(s.rules_.fars_.begin(), s.rules_.fars_.end(), [&](const far& f) {
      return f.outer_header_creation_ && f.outer_header_creation_->teid_ == tunnel.teid_ &&
             f.outer_header_creation_->peer_address_ == tunnel.address_;
    });
    if (forwards_into) affected.push_back(s.up_seid_);
  }
  if (affected.empty()) {
    ++counters_.error_indications_unmatched_;
    return;
  }
  for (const seid session : affected) {
    pfcp::session_report_request r;
    r.report_type_.set(pfcp::flags::report_type::erir);
    pfcp::f_teid remote;
    remote.teid_ = tunnel.teid_;
    remote.ipv4_ = ipv4_octets(tunnel.address_);
    pfcp::error_indication_report report_ie;
    report_ie.remote_f_teid_.push_back(remote);
    r.error_indication_report_ = std::move(report_ie);
    report(session, std::move(r));
  }
}

void n4_node::impl::on_response(const n4_endpoint&, const pfcp::header&, const pfcp::session_report_response& rsp,
                                std::optional<seid> session) {
  if (!session) return;
  if (rsp.cause_.value_ == cause_value::session_context_not_found) {
    // §7.5.9.1: the CP function has no such session: ours is an orphan.
    if (auto it = sessions_.find(session->value()); it != sessions_.end()) {
      log_->warn("session {:#x}: the CP function does not know it; deleted", session->value());
      delete_session(it);
    }
  } else if (rsp.cause_.value_ != cause_value::request_accepted) {
    log_->warn("session {:#x}: Session Report refused with cause {}", session->value(),
               static_cast<int>(rsp.cause_.value_));
  }
}

}  // namespace meridian::upf
