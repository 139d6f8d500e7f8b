#include <gtest/gtest.h>

#include "meridian/security/sqn.hpp"

using namespace meridian::security;

namespace {

// SQN = SEQ || IND with the default 5-bit IND.
constexpr std::uint64_t sqn_of(std::uint64_t seq, std::uint64_t ind, unsigned ind_bits = 5) {
  return (seq << ind_bits) | ind;
}

}  // namespace

TEST(sqn_ue_state, a_new_usim_accepts_the_first_sqn_and_refuses_its_replay) {
  sqn_ue_state ue;
  const auto sqn = sqn_of(1, 1);
  EXPECT_TRUE(ue.is_fresh(sqn));
  ue.accept(sqn);
  EXPECT_FALSE(ue.is_fresh(sqn));
  EXPECT_EQ(ue.sqn_ms(), sqn);
}

TEST(sqn_ue_state, seq_zero_is_never_fresh) {
  // C.2.1: every SEQ_MS(i) starts at zero and freshness needs SEQ > SEQ_MS(i).
  const sqn_ue_state ue;
  EXPECT_FALSE(ue.is_fresh(sqn_of(0, 3)));
}

TEST(sqn_ue_state, lower_seq_for_the_same_ind_is_stale) {
  sqn_ue_state ue;
  ue.accept(sqn_of(10, 4));
  EXPECT_FALSE(ue.is_fresh(sqn_of(9, 4)));
  EXPECT_FALSE(ue.is_fresh(sqn_of(10, 4)));
  EXPECT_TRUE(ue.is_fresh(sqn_of(11, 4)));
}

TEST(sqn_ue_state, lower_seq_with_another_ind_is_still_fresh) {
  // C.2.1: each IND has its own SEQ_MS, so vectors used out of order in
  // different serving nodes are accepted.
  sqn_ue_state ue;
  ue.accept(sqn_of(10, 4));
  EXPECT_TRUE(ue.is_fresh(sqn_of(9, 3)));
  ue.accept(sqn_of(9, 3));
  EXPECT_EQ(ue.seq_ms(3), 9u);
  EXPECT_EQ(ue.seq_ms(4), 10u);
  EXPECT_EQ(ue.sqn_ms(), sqn_of(10, 4));  // still the highest accepted
}

TEST(sqn_ue_state, jump_beyond_delta_is_refused_and_delta_itself_is_accepted) {
  sqn_config cfg;
  cfg.delta = 100;
  sqn_ue_state ue(cfg);
  ue.accept(sqn_of(50, 0));
  EXPECT_TRUE(ue.is_fresh(sqn_of(150, 1)));   // SEQ - SEQ_MS == Δ
  EXPECT_FALSE(ue.is_fresh(sqn_of(151, 1)));  // SEQ - SEQ_MS > Δ
}

TEST(sqn_ue_state, delta_is_measured_from_the_highest_seq_not_the_ind_entry) {
  sqn_config cfg;
  cfg.delta = 100;
  sqn_ue_state ue(cfg);
  ue.accept(sqn_of(500, 0));
  // IND 7 was never used (SEQ_MS(7) == 0), but 620 is still > Δ past 500.
  EXPECT_FALSE(ue.is_fresh(sqn_of(620, 7)));
  EXPECT_TRUE(ue.is_fresh(sqn_of(600, 7)));
}

TEST(sqn_ue_state, age_limit_refuses_a_seq_l_or_more_below_the_highest) {
  sqn_config cfg;
  cfg.age_limit_l = 10;
  sqn_ue_state ue(cfg);
  ue.accept(sqn_of(100, 0));
  EXPECT_TRUE(ue.is_fresh(sqn_of(91, 1)));   // SEQ_MS - SEQ = 9 < L
  EXPECT_FALSE(ue.is_fresh(sqn_of(90, 1)));  // SEQ_MS - SEQ = 10, not < L
  cfg.age_limit_l = 0;                       // off: only the array decides
  sqn_ue_state no_limit(cfg);
  no_limit.accept(sqn_of(100, 0));
  EXPECT_TRUE(no_limit.is_fresh(sqn_of(1, 1)));
}

TEST(sqn_ue_state, ind_length_is_configurable) {
  sqn_config cfg;
  cfg.ind_bits = 8;
  sqn_ue_state ue(cfg);
  ue.accept(sqn_of(20, 200, 8));
  EXPECT_EQ(ue.seq_ms(200), 20u);
  EXPECT_TRUE(ue.is_fresh(sqn_of(5, 199, 8)));
  EXPECT_FALSE(ue.is_fresh(sqn_of(20, 200, 8)));

  // No IND at all: a single SEQ_MS, so every lower SEQ is stale.
  cfg.ind_bits = 0;
  sqn_ue_state single(cfg);
  single.accept(20);
  EXPECT_FALSE(single.is_fresh(19));
  EXPECT_TRUE(single.is_fresh(21));
}

TEST(sqn_ue_state, oversized_ind_length_is_clamped) {
  sqn_config cfg;
  cfg.ind_bits = 60;
  const sqn_ue_state ue(cfg);
  EXPECT_EQ(ue.config().ind_bits, sqn_config::max_ind_bits);
}

TEST(sqn_ue_state, bits_above_48_are_ignored) {
  sqn_ue_state ue;
  ue.accept((1ull << 60) | sqn_of(3, 2));
  EXPECT_EQ(ue.sqn_ms(), sqn_of(3, 2));
}

TEST(sqn_he_state, next_increments_seq_and_cycles_ind) {
  sqn_he_state he;
  EXPECT_EQ(he.next(), sqn_of(1, 1));
  EXPECT_EQ(he.next(), sqn_of(2, 2));
  sqn_he_state near_wrap(sqn_of(7, 31));
  EXPECT_EQ(near_wrap.next(), sqn_of(8, 0));  // IND wraps modulo 2^5
}

TEST(sqn_he_state, next_stays_within_48_bits) {
  sqn_he_state he(sqn_mask);
  EXPECT_LE(he.next(), sqn_mask);
}

TEST(sqn_he_state, resynchronise_moves_a_lagging_counter_past_sqn_ms) {
  sqn_he_state he(sqn_of(5, 2));
  const auto sqn_ms = sqn_of(40, 9);
  he.resynchronise(sqn_ms);
  const auto next = he.next();
  EXPECT_EQ(next >> 5, 41u);

  sqn_ue_state ue;
  ue.accept(sqn_ms);
  EXPECT_TRUE(ue.is_fresh(next));
}

TEST(sqn_he_state, resynchronise_keeps_a_counter_that_is_already_acceptable) {
  sqn_he_state he(sqn_of(50, 2));
  he.resynchronise(sqn_of(40, 9));
  EXPECT_EQ(he.current(), sqn_of(50, 2));
}

TEST(sqn_he_state, resynchronise_resets_a_counter_too_far_ahead) {
  sqn_config cfg;
  cfg.delta = 10;
  sqn_he_state he(sqn_of(1000, 2), cfg);
  he.resynchronise(sqn_of(40, 9));
  const auto next = he.next();
  sqn_ue_state ue(cfg);
  ue.accept(sqn_of(40, 9));
  EXPECT_TRUE(ue.is_fresh(next));
}
