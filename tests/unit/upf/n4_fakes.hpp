#pragma once
// Stand-ins for the N4 node's neighbours: an installer that keeps the
// sessions in a real session_table (so rule errors are the data path's own)
// and records what it was asked, and a sender that keeps every datagram.
// The installer answers the asynchronous interface at once, or, with hold_,
// keeps the answers until the test releases them (answer_next/answer_all):
// a worker that has not answered yet. Operations apply to the table when
// they are asked, in order, as a worker applies them in its order.
// Plus builders for the requests an SMF sends.

#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "meridian/pfcp/messages.hpp"
#include "meridian/upf/async_session_installer.hpp"
#include "meridian/upf/datapath.hpp"
#include "meridian/upf/n4_node.hpp"
#include "meridian/upf/session_table.hpp"

namespace meridian::upf::test {

class fake_installer final : public async_session_installer {
 public:
  void establish_async(session_rules rules, establish_completion done) override {
    answer([done = std::move(done), r = establish(std::move(rules))]() mutable { done(std::move(r)); });
  }
  void modify_async(session_rules rules, modify_options options, modify_completion done) override {
    answer([done = std::move(done), r = modify(std::move(rules), options)]() mutable { done(std::move(r)); });
  }
  void remove_async(seid id, remove_completion done) override {
    answer([done = std::move(done), r = remove(id)]() mutable { done(std::move(r)); });
  }
  /// Runs the oldest held answer; false when none is held.
  bool answer_next() {
    if (held_.empty()) return false;
    auto f = std::move(held_.front());
    held_.pop_front();
    f();
    return true;
  }
  /// Runs every held answer (and those they cause), in order.
  std::size_t answer_all() {
    std::size_t n = 0;
    while (answer_next()) ++n;
    return n;
  }
  /// True: answers wait in held_ until the test releases them.
  bool hold_ = false;
  std::deque<std::move_only_function<void()>> held_{};

  // What a worker does with each operation, at once.
  std::expected<void, rules_error> establish(session_rules rules) {
    ++establish_calls_;
    auto s = table_.establish(rules, clock::time_point{});
    if (!s) return std::unexpected(s.error());
    last_rules_ = std::move(rules);
    return {};
  }
  std::expected<std::vector<urr_usage>, rules_error> modify(session_rules rules,
                                                            const modify_options& options) {
    ++modify_calls_;
    auto s = table_.modify(rules, clock::time_point{});
    if (!s) return std::unexpected(s.error());
    last_rules_ = std::move(rules);
    last_options_ = options;
    std::vector<urr_usage> out;
    for (urr_id id : options.query_urrs_) out.push_back(urr_usage{id, usage_});
    return out;
  }
  std::optional<std::vector<urr_usage>> remove(seid id) {
    ++remove_calls_;
    auto* s = table_.find(id);
    if (s == nullptr) return std::nullopt;
    std::vector<urr_usage> out;
    for (const auto& u : s->rules().urrs_) out.push_back(urr_usage{u.id_, usage_});
    table_.remove(id);
    removed_.push_back(id);
    return out;
  }

  session_table table_{};
  /// What every URR reports as measured.
  volume_measurement usage_{1000, 600, 400, 10, 6, 4};
  std::optional<session_rules> last_rules_{};
  modify_options last_options_{};
  std::vector<seid> removed_{};
  int establish_calls_ = 0;
  int modify_calls_ = 0;
  int remove_calls_ = 0;

 private:
  void answer(std::move_only_function<void()> f) {
    if (hold_)
      held_.push_back(std::move(f));
    else
      f();
  }
};

struct sent_datagram {
  n4_endpoint to_{};
  std::vector<std::uint8_t> bytes_{};
};

class fake_sender final : public n4_sender {
 public:
  void send(const n4_endpoint& to, std::span<const std::uint8_t> datagram) override {
    sent_.push_back({to, {datagram.begin(), datagram.end()}});
  }
  /// The last datagram, decoded (the test fails on an undecodable one through the expected).
  std::expected<pfcp::message, pfcp::decode_failure> last() const {
    if (sent_.empty()) return std::unexpected(pfcp::decode_failure{});
    return pfcp::decode(sent_.back().bytes_);
  }
  std::vector<sent_datagram> sent_{};
};

inline pfcp::ipv4_address v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) { return {a, b, c, d}; }

inline pfcp::node_id smf_node_id() {
  pfcp::node_id n;
  n.ipv4_ = v4(127, 0, 0, 2);
  return n;
}

inline pfcp::apply_action action(std::initializer_list<pfcp::flag> fs) {
  pfcp::apply_action a;
  for (auto f : fs) a.set(f);
  return a;
}

inline pfcp::f_teid choose_teid(std::optional<std::uint8_t> choose_id = std::nullopt) {
  pfcp::f_teid f;
  f.choose_ = true;
  f.choose_ipv4_ = true;
  f.choose_id_ = choose_id;
  return f;
}

/// One PDU session as an SMF asks for it: uplink PDR (CHOOSE F-TEID, QFI 9,
/// an SDF filter) to an N6 FAR; downlink PDR on the UE address to a FAR with
/// outer header creation towards the gNB; a QER with gate and MBR; a URR with
/// a volume threshold; a BAR.
inline pfcp::session_establishment_request establishment(std::uint64_t cp_seid, std::uint8_t ue_last = 2) {
  pfcp::session_establishment_request m;
  m.node_id_ = smf_node_id();
  m.cp_f_seid_ = pfcp::f_seid{*seid::from(cp_seid), v4(127, 0, 0, 2), std::nullopt};

  pfcp::create_pdr ul;
  ul.pdr_id_.value_ = 1;
  ul.precedence_.value_ = 200;
  ul.pdi_.source_interface_.value_ = pfcp::interface_value::access;
  ul.pdi_.local_f_teid_ = choose_teid();
  ul.pdi_.ue_ip_address_.push_back(
      pfcp::ue_ip_address{v4(10, 45, 0, ue_last), std::nullopt, false, false, false, std::nullopt, std::nullopt});
  ul.pdi_.qfi_.push_back(pfcp::qfi{9});
  pfcp::sdf_filter sdf;
  sdf.flow_description_ = "permit out 17 from 192.0.2.0/24 to assigned 5000-5010";
  ul.pdi_.sdf_filter_.push_back(sdf);
  ul.outer_header_removal_ = pfcp::outer_header_removal{0, std::nullopt};
  ul.far_id_ = pfcp::far_id{1};
  ul.qer_id_.push_back(pfcp::qer_id{1});
  ul.urr_id_.push_back(pfcp::urr_id{1});
  m.create_pdr_.push_back(ul);

  pfcp::create_pdr dl;
  dl.pdr_id_.value_ = 2;
  dl.precedence_.value_ = 200;
  dl.pdi_.source_interface_.value_ = pfcp::interface_value::core;
  dl.pdi_.ue_ip_address_.push_back(
      pfcp::ue_ip_address{v4(10, 45, 0, ue_last), std::nullopt, true, false, false, std::nullopt, std::nullopt});
  dl.far_id_ = pfcp::far_id{2};
  dl.qer_id_.push_back(pfcp::qer_id{1});
  dl.urr_id_.push_back(pfcp::urr_id{1});
  m.create_pdr_.push_back(dl);

  pfcp::create_far to_n6;
  to_n6.far_id_.value_ = 1;
  to_n6.apply_action_ = action({pfcp::flags::apply_action::forw});
  to_n6.forwarding_parameters_.emplace();
  to_n6.forwarding_parameters_->destination_interface_.value_ = pfcp::interface_value::core;
  m.create_far_.push_back(to_n6);

  pfcp::create_far to_gnb;
  to_gnb.far_id_.value_ = 2;
  to_gnb.apply_action_ = action({pfcp::flags::apply_action::forw});
  to_gnb.forwarding_parameters_.emplace();
  to_gnb.forwarding_parameters_->destination_interface_.value_ = pfcp::interface_value::access;
  pfcp::outer_header_creation ohc;
  ohc.description_ = pfcp::outer_header_creation::gtpu_udp_ipv4;
  ohc.teid_ = *teid::from(0x1234);
  ohc.ipv4_ = v4(192, 0, 2, 10);
  to_gnb.forwarding_parameters_->outer_header_creation_ = ohc;
  to_gnb.bar_id_ = pfcp::bar_id{1};
  m.create_far_.push_back(to_gnb);

  pfcp::create_qer q;
  q.qer_id_.value_ = 1;
  q.gate_status_ = pfcp::gate_status{0, 1};
  q.mbr_ = pfcp::mbr{100'000, 200'000};
  q.qfi_ = pfcp::qfi{9};
  m.create_qer_.push_back(q);

  pfcp::create_urr u;
  u.urr_id_.value_ = 1;
  u.measurement_method_.set(pfcp::flags::measurement_method::volum);
  u.reporting_triggers_.set(pfcp::flags::reporting_triggers::volth);
  u.volume_threshold_ = pfcp::volume_threshold{5'000'000, std::nullopt, std::nullopt};
  m.create_urr_.push_back(u);

  m.create_bar_ = pfcp::create_bar{};
  m.create_bar_->bar_id_.value_ = 1;
  return m;
}

inline pfcp::message request(pfcp::message_body body, std::uint32_t sequence, std::optional<std::uint64_t> s = {}) {
  pfcp::message m;
  m.header_.sequence_number_ = sequence;
  if (s) m.header_.seid_ = *seid::from(*s);
  m.body_ = std::move(body);
  return m;
}

inline std::vector<std::uint8_t> bytes_of(const pfcp::message& m) {
  auto b = pfcp::encode(m);
  return b ? std::move(*b) : std::vector<std::uint8_t>{};
}

/// `datagram` without its top-level IE of type `type` (for missing-IE tests).
inline std::vector<std::uint8_t> without_ie(std::vector<std::uint8_t> datagram, std::uint16_t type) {
  const std::size_t header = (datagram[0] & 0x01) ? 16 : 8;
  for (std::size_t at = header; at + 4 <= datagram.size();) {
    const std::uint16_t t = static_cast<std::uint16_t>(datagram[at] << 8 | datagram[at + 1]);
    const std::size_t len = static_cast<std::size_t>(datagram[at + 2] << 8 | datagram[at + 3]);
    if (t == type) {
      datagram.erase(datagram.begin() + static_cast<std::ptrdiff_t>(at),
                     datagram.begin() + static_cast<std::ptrdiff_t>(at + 4 + len));
      const std::size_t length = datagram.size() - 4;
      datagram[2] = static_cast<std::uint8_t>(length >> 8);
      datagram[3] = static_cast<std::uint8_t>(length);
      return datagram;
    }
    at += 4 + len;
  }
  return datagram;
}

}  // namespace meridian::upf::test
