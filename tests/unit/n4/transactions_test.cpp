// The PFCP transaction layer (TS 29.244 §6.4) with a manual clock: T1/N1
// retransmission, duplicate requests, stray and late responses, sequence
// number wrap.

#include "meridian/n4/transactions.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <vector>

#include "meridian/common/clock.hpp"

namespace meridian::n4 {
namespace {

using namespace std::chrono_literals;

struct sent_datagram {
  endpoint to_{};
  std::vector<std::uint8_t> bytes_{};
};

class recording_sender final : public datagram_sender {
 public:
  void send(const endpoint& to, std::span<const std::uint8_t> datagram) override {
    sent_.push_back({to, {datagram.begin(), datagram.end()}});
  }
  pfcp::message decoded(std::size_t i) const {
    auto m = pfcp::decode(sent_.at(i).bytes_);
    EXPECT_TRUE(m.has_value());
    return m ? *m : pfcp::message{};
  }
  std::vector<sent_datagram> sent_{};
};

/// Answers every Heartbeat Request (when `answer_`) and records what came up.
class recording_handler final : public request_handler {
 public:
  void on_request(const endpoint& from, const pfcp::message& request) override {
    requests_.push_back(request);
    if (answer_ && tx_ != nullptr) {
      pfcp::heartbeat_response r;
      r.recovery_time_stamp_.value_ = 77;
      tx_->respond(from, request.header_, std::nullopt, r);
    }
  }
  void on_malformed_request(const endpoint&, const pfcp::decode_failure& f) override { malformed_.push_back(f); }
  void on_overload(const endpoint&, const pfcp::message& request) override { refused_.push_back(request); }

  transactions* tx_ = nullptr;
  bool answer_ = true;
  std::vector<pfcp::message> requests_{};
  std::vector<pfcp::decode_failure> malformed_{};
  std::vector<pfcp::message> refused_{};
};

const endpoint upf{{127, 0, 0, 2}, 8805};
const endpoint other{{127, 0, 0, 3}, 8805};

std::vector<std::uint8_t> bytes_of(pfcp::message_body body, std::uint32_t sequence,
                                   std::optional<seid> header_seid = std::nullopt) {
  pfcp::message m;
  m.header_.sequence_number_ = sequence;
  m.header_.seid_ = header_seid;
  m.body_ = std::move(body);
  auto b = pfcp::encode(m);
  EXPECT_TRUE(b.has_value());
  return b ? *b : std::vector<std::uint8_t>{};
}

pfcp::heartbeat_request heartbeat() {
  pfcp::heartbeat_request r;
  r.recovery_time_stamp_.value_ = 5;
  return r;
}

pfcp::heartbeat_response heartbeat_answer() {
  pfcp::heartbeat_response r;
  r.recovery_time_stamp_.value_ = 6;
  return r;
}

class transactions_test : public ::testing::Test {
 protected:
  transactions_test() { make({}); }

  void make(transaction_config cfg) {
    cfg.t1_ = 1000ms;
    cfg.n1_ = 2;
    cfg.response_cache_time_ = 5000ms;
    tx_.emplace(cfg, sender_, clock_, handler_);
    handler_.tx_ = &*tx_;
  }

  /// Sends a Heartbeat Request to `upf`; the result lands in result_.
  std::uint32_t request() {
    auto seq = tx_->send_request(upf, std::nullopt, heartbeat(), [this](transaction_result r) {
      ++completions_;
      result_ = std::move(r);
    });
    EXPECT_TRUE(seq.has_value());
    return seq.value_or(0);
  }

  /// At most `limit` requests in progress, and a handler slow to answer (it answers none itself).
  void make_slow(std::size_t limit) {
    transaction_config cfg;
    cfg.requests_in_progress_limit_ = limit;
    make(cfg);
    handler_.answer_ = false;
  }

  /// Moves time on by `d` and runs what is due.
  void pass(std::chrono::milliseconds d) {
    clock_.advance(d);
    tx_->on_timer();
  }

  manual_clock clock_{};
  recording_sender sender_{};
  recording_handler handler_{};
  std::optional<transactions> tx_{};
  std::optional<transaction_result> result_{};
  int completions_ = 0;
};

TEST_F(transactions_test, when_t1_passes_without_an_answer_then_the_same_request_is_sent_again) {
  const auto seq = request();
  ASSERT_EQ(sender_.sent_.size(), 1u);
  EXPECT_EQ(sender_.decoded(0).header_.sequence_number_, seq);
  EXPECT_EQ(tx_->next_deadline(), clock_.now() + 1000ms);
  pass(999ms);
  EXPECT_EQ(sender_.sent_.size(), 1u);
  pass(1ms);
  ASSERT_EQ(sender_.sent_.size(), 2u);
  EXPECT_EQ(sender_.sent_[1].bytes_, sender_.sent_[0].bytes_);  // same sequence number, same octets
  EXPECT_EQ(sender_.sent_[1].to_, upf);
  EXPECT_EQ(tx_->counters().requests_retransmitted_, 1u);
  EXPECT_EQ(completions_, 0);
}

TEST_F(transactions_test, when_n1_retransmissions_go_unanswered_then_the_completion_gets_timeout) {
  request();
  pass(1000ms);
  pass(1000ms);
  EXPECT_EQ(sender_.sent_.size(), 3u);  // the request and N1 = 2 retransmissions
  EXPECT_EQ(completions_, 0);
  pass(1000ms);
  EXPECT_EQ(sender_.sent_.size(), 3u);
  ASSERT_EQ(completions_, 1);
  ASSERT_FALSE(result_->has_value());
  EXPECT_EQ(result_->error().code_, transaction_errc::timeout);
  EXPECT_EQ(tx_->counters().requests_timed_out_, 1u);
  EXPECT_EQ(tx_->outstanding(), 0u);
  pass(10'000ms);  // nothing more, ever
  EXPECT_EQ(completions_, 1);
  EXPECT_EQ(sender_.sent_.size(), 3u);
}

TEST_F(transactions_test, when_the_answer_arrives_then_the_completion_gets_it_and_nothing_is_retransmitted) {
  const auto seq = request();
  pass(500ms);
  tx_->on_datagram(upf, bytes_of(heartbeat_answer(), seq));
  ASSERT_EQ(completions_, 1);
  ASSERT_TRUE(result_->has_value());
  EXPECT_TRUE(std::holds_alternative<pfcp::heartbeat_response>((*result_)->body_));
  pass(5000ms);
  EXPECT_EQ(sender_.sent_.size(), 1u);
  EXPECT_EQ(tx_->counters().requests_retransmitted_, 0u);
  // A second copy of the answer matches nothing.
  tx_->on_datagram(upf, bytes_of(heartbeat_answer(), seq));
  EXPECT_EQ(completions_, 1);
  EXPECT_EQ(tx_->counters().responses_unmatched_, 1u);
}

TEST_F(transactions_test, when_the_completion_sends_the_next_request_then_that_one_is_pending) {
  const auto seq = tx_->send_request(upf, std::nullopt, heartbeat(), [this](transaction_result) { request(); });
  tx_->on_datagram(upf, bytes_of(heartbeat_answer(), *seq));
  EXPECT_EQ(tx_->outstanding(), 1u);
  EXPECT_EQ(sender_.sent_.size(), 2u);
}

TEST_F(transactions_test, when_a_request_is_retransmitted_then_it_is_answered_from_the_cache_without_processing) {
  tx_->on_datagram(upf, bytes_of(heartbeat(), 42));
  ASSERT_EQ(handler_.requests_.size(), 1u);
  ASSERT_EQ(sender_.sent_.size(), 1u);
  pass(1000ms);
  tx_->on_datagram(upf, bytes_of(heartbeat(), 42));
  EXPECT_EQ(handler_.requests_.size(), 1u);  // not processed again
  ASSERT_EQ(sender_.sent_.size(), 2u);
  EXPECT_EQ(sender_.sent_[1].bytes_, sender_.sent_[0].bytes_);
  EXPECT_EQ(sender_.sent_[1].to_, upf);
  EXPECT_EQ(tx_->counters().duplicates_answered_, 1u);
  // The same sequence number from another peer is another request.
  tx_->on_datagram(other, bytes_of(heartbeat(), 42));
  EXPECT_EQ(handler_.requests_.size(), 2u);
}

TEST_F(transactions_test, when_the_cache_time_has_passed_then_the_sequence_number_is_a_new_request) {
  tx_->on_datagram(upf, bytes_of(heartbeat(), 42));
  pass(5000ms);
  tx_->on_datagram(upf, bytes_of(heartbeat(), 42));
  EXPECT_EQ(handler_.requests_.size(), 2u);
  EXPECT_EQ(tx_->counters().duplicates_answered_, 0u);
}

TEST_F(transactions_test, when_a_retransmission_arrives_before_the_answer_then_it_is_dropped_and_counted) {
  handler_.answer_ = false;  // an answer that takes a while (an asynchronous procedure)
  tx_->on_datagram(upf, bytes_of(heartbeat(), 43));
  tx_->on_datagram(upf, bytes_of(heartbeat(), 43));
  EXPECT_EQ(handler_.requests_.size(), 1u);
  EXPECT_TRUE(sender_.sent_.empty());
  EXPECT_EQ(tx_->counters().duplicates_in_progress_, 1u);
  // The answer, when it comes, is what a later retransmission gets.
  tx_->respond(upf, handler_.requests_[0].header_, std::nullopt, heartbeat_answer());
  tx_->on_datagram(upf, bytes_of(heartbeat(), 43));
  ASSERT_EQ(sender_.sent_.size(), 2u);
  EXPECT_EQ(sender_.sent_[1].bytes_, sender_.sent_[0].bytes_);
  EXPECT_EQ(tx_->counters().duplicates_answered_, 1u);
}

TEST_F(transactions_test, when_the_answer_comes_after_we_gave_up_then_it_is_ignored_and_counted_late) {
  const auto seq = request();
  for (int i = 0; i < 3; ++i) pass(1000ms);  // T1, T1, T1: N1 = 2 retransmissions, then given up
  ASSERT_EQ(completions_, 1);
  tx_->on_datagram(upf, bytes_of(heartbeat_answer(), seq));
  EXPECT_EQ(completions_, 1);
  EXPECT_TRUE(!result_->has_value());
  EXPECT_EQ(tx_->counters().responses_late_, 1u);
  EXPECT_EQ(tx_->counters().responses_unmatched_, 0u);
}

TEST_F(transactions_test, when_a_response_has_an_unknown_sequence_number_then_it_is_ignored_and_counted) {
  const auto seq = request();
  tx_->on_datagram(upf, bytes_of(heartbeat_answer(), seq + 1000));
  EXPECT_EQ(completions_, 0);
  EXPECT_EQ(tx_->counters().responses_unmatched_, 1u);
  EXPECT_EQ(tx_->outstanding(), 1u);
}

TEST_F(transactions_test, when_a_response_comes_from_another_peer_or_has_another_type_then_it_matches_nothing) {
  const auto seq = request();
  tx_->on_datagram(other, bytes_of(heartbeat_answer(), seq));
  pfcp::association_setup_response wrong;
  wrong.node_id_.type_ = pfcp::node_id::kind::ipv4;
  tx_->on_datagram(upf, bytes_of(wrong, seq));
  EXPECT_EQ(completions_, 0);
  EXPECT_EQ(tx_->counters().responses_unmatched_, 2u);
  tx_->on_datagram(upf, bytes_of(heartbeat_answer(), seq));
  EXPECT_EQ(completions_, 1);
}

TEST_F(transactions_test, when_the_sequence_number_reaches_2_to_the_24_then_it_wraps_to_zero) {
  transaction_config cfg;
  cfg.first_sequence_number_ = 0xfffffe;
  make(cfg);
  EXPECT_EQ(request(), 0xfffffeu);
  EXPECT_EQ(request(), 0xffffffu);
  EXPECT_EQ(request(), 0u);
  EXPECT_EQ(sender_.decoded(2).header_.sequence_number_, 0u);
  EXPECT_EQ(tx_->outstanding(), 3u);
}

TEST_F(transactions_test, when_the_peer_speaks_another_version_then_it_gets_version_not_supported) {
  auto bytes = bytes_of(heartbeat(), 9);
  bytes[0] = static_cast<std::uint8_t>((2 << 5) | (bytes[0] & 0x1f));
  tx_->on_datagram(upf, bytes);
  ASSERT_EQ(sender_.sent_.size(), 1u);
  EXPECT_EQ(sender_.sent_[0].bytes_.at(1), 11);  // Version Not Supported Response
  EXPECT_EQ(tx_->counters().version_not_supported_, 1u);
  EXPECT_TRUE(handler_.requests_.empty());
}

TEST_F(transactions_test, when_our_request_gets_version_not_supported_then_its_completion_says_so) {
  const auto seq = request();
  const std::vector<std::uint8_t> vns{0x20,
                                      11,
                                      0,
                                      4,
                                      static_cast<std::uint8_t>(seq >> 16),
                                      static_cast<std::uint8_t>(seq >> 8),
                                      static_cast<std::uint8_t>(seq),
                                      0};
  tx_->on_datagram(upf, vns);
  ASSERT_EQ(completions_, 1);
  ASSERT_FALSE(result_->has_value());
  EXPECT_EQ(result_->error().code_, transaction_errc::version_not_supported);
}

TEST_F(transactions_test, when_the_header_is_undecodable_then_it_is_dropped_and_counted) {
  tx_->on_datagram(upf, std::vector<std::uint8_t>{0x20, 0x01, 0x00});
  EXPECT_TRUE(sender_.sent_.empty());
  EXPECT_EQ(tx_->counters().dropped_undecodable_header_, 1u);
  EXPECT_EQ(tx_->counters().received_, 1u);
}

TEST_F(transactions_test, when_a_request_body_is_malformed_then_the_handler_gets_the_failure_to_answer) {
  auto bytes = bytes_of(heartbeat(), 12);
  bytes.resize(bytes.size() - 2);  // cut into the Recovery Time Stamp
  bytes[3] = static_cast<std::uint8_t>(bytes.size() - 4);
  tx_->on_datagram(upf, bytes);
  ASSERT_EQ(handler_.malformed_.size(), 1u);
  ASSERT_TRUE(handler_.malformed_[0].header_.has_value());
  EXPECT_EQ(handler_.malformed_[0].header_->sequence_number_, 12u);
  EXPECT_TRUE(handler_.requests_.empty());
}

TEST_F(transactions_test, when_a_response_is_malformed_then_it_is_dropped_and_the_request_retried) {
  const auto seq = request();
  auto bytes = bytes_of(heartbeat_answer(), seq);
  bytes.resize(bytes.size() - 2);
  bytes[3] = static_cast<std::uint8_t>(bytes.size() - 4);
  tx_->on_datagram(upf, bytes);
  EXPECT_EQ(completions_, 0);
  EXPECT_EQ(tx_->counters().dropped_malformed_, 1u);
  pass(1000ms);
  EXPECT_EQ(tx_->counters().requests_retransmitted_, 1u);
}

TEST_F(transactions_test, when_the_s_flag_does_not_fit_the_message_then_the_request_is_dropped) {
  tx_->on_datagram(upf, bytes_of(pfcp::session_deletion_request{}, 35));  // session message without SEID
  EXPECT_TRUE(handler_.requests_.empty());
  EXPECT_EQ(tx_->counters().dropped_malformed_, 1u);
}

TEST_F(transactions_test, when_the_owner_stops_then_every_pending_request_completes_cancelled) {
  request();
  request();
  tx_->cancel_all();
  EXPECT_EQ(completions_, 2);
  EXPECT_EQ(result_->error().code_, transaction_errc::cancelled);
  EXPECT_EQ(tx_->outstanding(), 0u);
  pass(5000ms);
  EXPECT_EQ(sender_.sent_.size(), 2u);
}

TEST_F(transactions_test, when_a_request_is_cancelled_then_its_completion_never_runs) {
  const auto seq = request();
  EXPECT_TRUE(tx_->cancel(seq));
  pass(5000ms);
  tx_->on_datagram(upf, bytes_of(heartbeat_answer(), seq));
  EXPECT_EQ(completions_, 0);
  EXPECT_EQ(sender_.sent_.size(), 1u);
}

TEST_F(transactions_test, when_the_cache_is_full_then_the_oldest_answer_goes_first) {
  transaction_config cfg;
  cfg.response_cache_limit_ = 2;
  make(cfg);
  for (std::uint32_t s = 1; s <= 3; ++s) tx_->on_datagram(upf, bytes_of(heartbeat(), s));
  tx_->on_datagram(upf, bytes_of(heartbeat(), 3));
  EXPECT_EQ(handler_.requests_.size(), 3u);  // 3 still cached
  tx_->on_datagram(upf, bytes_of(heartbeat(), 1));
  EXPECT_EQ(handler_.requests_.size(), 4u);  // 1 was forgotten
}


// ---- requests in progress: never evicted (a slow answer, a busy data path) -------------

TEST_F(transactions_test, when_the_answer_takes_longer_than_the_cache_time_then_it_still_answers_its_request) {
  transaction_config cfg;
  make(cfg);  // response cache 5 s
  handler_.answer_ = false;
  tx_->on_datagram(upf, bytes_of(heartbeat(), 50));
  ASSERT_EQ(handler_.requests_.size(), 1u);
  // The peer retransmits every 3 s (its T1) for 30 s, six cache times: each
  // copy is dropped, none is processed a second time.
  for (int i = 0; i < 10; ++i) {
    pass(3000ms);
    tx_->on_datagram(upf, bytes_of(heartbeat(), 50));
  }
  EXPECT_EQ(handler_.requests_.size(), 1u);
  EXPECT_EQ(tx_->counters().duplicates_in_progress_, 10u);
  EXPECT_EQ(tx_->requests_in_progress(), 1u);
  EXPECT_TRUE(sender_.sent_.empty());
  // The answer after 30 s goes out with the request's sequence number ...
  tx_->respond(upf, handler_.requests_[0].header_, std::nullopt, heartbeat_answer());
  ASSERT_EQ(sender_.sent_.size(), 1u);
  EXPECT_EQ(sender_.decoded(0).header_.sequence_number_, 50u);
  EXPECT_TRUE(std::holds_alternative<pfcp::heartbeat_response>(sender_.decoded(0).body_));
  EXPECT_EQ(tx_->requests_in_progress(), 0u);
  // ... and is what a retransmission now gets, for the cache time from the answer.
  pass(4000ms);
  tx_->on_datagram(upf, bytes_of(heartbeat(), 50));
  EXPECT_EQ(handler_.requests_.size(), 1u);
  ASSERT_EQ(sender_.sent_.size(), 2u);
  EXPECT_EQ(sender_.sent_[1].bytes_, sender_.sent_[0].bytes_);
  EXPECT_EQ(tx_->counters().duplicates_answered_, 1u);
}

TEST_F(transactions_test, when_the_cache_overflows_then_a_request_in_progress_is_not_evicted) {
  transaction_config cfg;
  cfg.response_cache_limit_ = 2;
  make(cfg);
  handler_.answer_ = false;
  tx_->on_datagram(upf, bytes_of(heartbeat(), 60));
  handler_.answer_ = true;
  for (std::uint32_t s = 61; s <= 70; ++s) tx_->on_datagram(upf, bytes_of(heartbeat(), s));  // ten answers
  ASSERT_EQ(handler_.requests_.size(), 11u);
  tx_->on_datagram(upf, bytes_of(heartbeat(), 60));
  EXPECT_EQ(handler_.requests_.size(), 11u) << "the retransmission was processed again";
  EXPECT_EQ(tx_->counters().duplicates_in_progress_, 1u);
  tx_->respond(upf, handler_.requests_[0].header_, std::nullopt, heartbeat_answer());
  EXPECT_EQ(sender_.decoded(sender_.sent_.size() - 1).header_.sequence_number_, 60u);
}

TEST_F(transactions_test, when_as_many_requests_as_the_limit_are_in_progress_then_the_next_is_refused_not_handed_up) {
  make_slow(2);
  tx_->on_datagram(upf, bytes_of(heartbeat(), 80));
  tx_->on_datagram(upf, bytes_of(heartbeat(), 81));
  tx_->on_datagram(other, bytes_of(heartbeat(), 82));
  EXPECT_EQ(handler_.requests_.size(), 2u);
  ASSERT_EQ(handler_.refused_.size(), 1u);
  EXPECT_EQ(handler_.refused_[0].header_.sequence_number_, 82u);
  EXPECT_EQ(tx_->counters().requests_refused_, 1u);
  // A retransmission of a request in progress is no new request: not refused.
  tx_->on_datagram(upf, bytes_of(heartbeat(), 81));
  EXPECT_EQ(handler_.refused_.size(), 1u);
  // Once one is answered there is room again.
  tx_->respond(upf, handler_.requests_[0].header_, std::nullopt, heartbeat_answer());
  tx_->on_datagram(other, bytes_of(heartbeat(), 82));
  EXPECT_EQ(handler_.requests_.size(), 3u);
  EXPECT_EQ(handler_.refused_.size(), 1u);
}

TEST_F(transactions_test, when_the_handler_answers_a_refused_request_then_a_retransmission_gets_that_answer) {
  make_slow(1);
  tx_->on_datagram(upf, bytes_of(heartbeat(), 90));
  tx_->on_datagram(upf, bytes_of(heartbeat(), 91));
  ASSERT_EQ(handler_.refused_.size(), 1u);
  tx_->respond(upf, handler_.refused_[0].header_, std::nullopt, heartbeat_answer());
  tx_->on_datagram(upf, bytes_of(heartbeat(), 91));
  EXPECT_EQ(handler_.refused_.size(), 1u);
  EXPECT_EQ(handler_.requests_.size(), 1u);
  ASSERT_EQ(sender_.sent_.size(), 2u);
  EXPECT_EQ(sender_.sent_[1].bytes_, sender_.sent_[0].bytes_);
}

TEST_F(transactions_test, when_the_handler_drops_a_request_then_it_leaves_progress_and_copies_are_dropped_for_the_cache_time) {
  handler_.answer_ = false;
  tx_->on_datagram(upf, bytes_of(heartbeat(), 95));
  tx_->ignore(upf, handler_.requests_[0].header_);
  EXPECT_EQ(tx_->requests_in_progress(), 0u);
  pass(1000ms);
  tx_->on_datagram(upf, bytes_of(heartbeat(), 95));
  EXPECT_EQ(handler_.requests_.size(), 1u);
  EXPECT_EQ(tx_->counters().duplicates_ignored_, 1u);
  EXPECT_TRUE(sender_.sent_.empty());
  pass(5000ms);
  tx_->on_datagram(upf, bytes_of(heartbeat(), 95));
  EXPECT_EQ(handler_.requests_.size(), 2u);
}

}  // namespace
}  // namespace meridian::n4
