// What real SMFs sent to their UPFs (Open5GS and free5GC captures, kept as
// tests/vectors/pfcp_pcap_messages.json) replayed into our UPF's N4 node: every
// session request the real UPF accepted, ours accepts too. The captured UP
// SEIDs are mapped to the ones our node allocated, as the SMF would have used
// ours. (Here rather than in upf_unit_tests because this binary links the JSON
// library the vectors need.)

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>

#include "meridian/upf/n4_node.hpp"
#include "support/vectors.hpp"
#include "upf/n4_fakes.hpp"

namespace meridian::upf {
namespace {

using namespace std::chrono_literals;
using pfcp::cause_value;

std::optional<cause_value> cause_of(const pfcp::message& m) {
  std::optional<cause_value> out;
  std::visit(
      [&](const auto& b) {
        if constexpr (requires { b.cause_.value_; }) out = b.cause_.value_;
      },
      m.body_);
  return out;
}

TEST(captured_smf, every_session_request_a_real_upf_accepted_is_accepted_by_ours) {
  const auto vectors = meridian::test::load_vectors("pfcp_pcap_messages.json");
  ASSERT_FALSE(vectors.empty());
  std::set<std::string> sources;
  for (const auto& v : vectors) sources.insert(v["source"].get<std::string>());

  std::size_t compared = 0;
  for (const auto& source : sources) {
    SCOPED_TRACE(source);
    manual_clock clock;
    test::fake_installer installer;
    test::fake_sender sender;
    n4_config cfg;
    cfg.heartbeat_interval_ = std::chrono::hours(24);  // the clock jumps below; no heartbeat in between
    cfg.response_cache_time_ = 1s;
    n4_node node(cfg, installer, sender, clock);
    const n4_endpoint smf{{127, 0, 0, 2}, 8805};
    pfcp::association_setup_request as;
    as.node_id_ = test::smf_node_id();
    node.on_datagram(smf, test::bytes_of(test::request(as, 0xffffff)));
    ASSERT_TRUE(node.associated(smf));

    std::map<std::uint64_t, seid> seid_map;       // captured UP SEID -> ours
    std::map<std::uint32_t, pfcp::message> ours;  // our answer by sequence number
    for (const auto& v : vectors) {
      if (v["source"] != source) continue;
      SCOPED_TRACE("frame " + v["frame"].dump());
      auto m = pfcp::decode(meridian::test::hex_bytes(v["hex"]));
      ASSERT_TRUE(m);
      const std::uint32_t seq = m->header_.sequence_number_;
      if (const auto* r = std::get_if<pfcp::session_establishment_response>(&m->body_)) {
        auto it = ours.find(seq);
        ASSERT_NE(it, ours.end()) << "a response to a request we did not see";
        const auto& mine = std::get<pfcp::session_establishment_response>(it->second.body_);
        if (r->up_f_seid_ && mine.up_f_seid_) seid_map[r->up_f_seid_->seid_.value()] = mine.up_f_seid_->seid_;
      }
      const bool session_request = std::holds_alternative<pfcp::session_establishment_request>(m->body_) ||
                                   std::holds_alternative<pfcp::session_modification_request>(m->body_) ||
                                   std::holds_alternative<pfcp::session_deletion_request>(m->body_);
      if (session_request) {
        pfcp::message req = *m;
        if (!std::holds_alternative<pfcp::session_establishment_request>(req.body_)) {
          auto s = seid_map.find(req.header_.seid_->value());
          if (s == seid_map.end()) continue;  // its establishment is not in the capture
          req.header_.seid_ = s->second;
        }
        // Each request is new to the node even where two SMFs reused a sequence number.
        clock.advance(2s);
        node.on_timer();
        const std::size_t before = sender.sent_.size();
        node.on_datagram(smf, test::bytes_of(req));
        ASSERT_EQ(sender.sent_.size(), before + 1);
        auto answer = sender.last();
        ASSERT_TRUE(answer);
        ours[seq] = *answer;
        continue;
      }
      const bool session_response = std::holds_alternative<pfcp::session_establishment_response>(m->body_) ||
                                    std::holds_alternative<pfcp::session_modification_response>(m->body_) ||
                                    std::holds_alternative<pfcp::session_deletion_response>(m->body_);
      if (!session_response) continue;
      auto it = ours.find(seq);
      if (it == ours.end()) continue;  // its request was skipped above
      const auto theirs = cause_of(*m), mine = cause_of(it->second);
      ASSERT_TRUE(theirs && mine);
      if (*theirs == cause_value::request_accepted) {
        EXPECT_EQ(*mine, cause_value::request_accepted) << pfcp::to_json_text(it->second);
        ++compared;
      }
    }
  }
  // 6 establishments, 8 modifications and 2 deletions are in the captures.
  EXPECT_GE(compared, 10u);
}

}  // namespace
}  // namespace meridian::upf
