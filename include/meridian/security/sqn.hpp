#pragma once
// Sequence number management of TS 33.102 Annex C: SQN = SEQ || IND. The home
// network generates fresh SQNs (C.1.1, C.3.2); the USIM keeps an array of the
// highest SEQ accepted per IND value and checks freshness with a limit Δ on
// how far ahead a SEQ may jump (C.2.1, C.2.2).

#include <cstdint>
#include <vector>

namespace meridian::security {

struct sqn_config {
  unsigned ind_bits = 5;             ///< length of IND in bits (C.3.2: 5 recommended); 0..max_ind_bits
  std::uint64_t delta = 1ull << 28;  ///< Δ: the largest accepted jump in SEQ (C.2.1)
  std::uint64_t age_limit_l = 0;     ///< L of C.2.2; 0 disables the age limit check

  /// The longest IND supported: the USIM array has 2^ind_bits entries, and
  /// operators use 5 (TS 33.102 C.3.2). Longer values are clamped to this.
  static constexpr unsigned max_ind_bits = 16;
};

/// SQN is 48 bits (TS 33.102 §6.3.7).
inline constexpr std::uint64_t sqn_mask = (1ull << 48) - 1;

/// The USIM side: the SEQ_MS array and the freshness check.
class sqn_ue_state {
 public:
  explicit sqn_ue_state(sqn_config cfg = {});

  /// True when `sqn` (48 bits; higher bits are ignored) is fresh (C.2.1, C.2.2):
  /// SEQ - SEQ_MS <= Δ against the highest SEQ accepted anywhere, then
  /// SEQ_MS - SEQ < L when the age limit is on, then SEQ > SEQ_MS(IND).
  bool is_fresh(std::uint64_t sqn) const;
  /// Records an accepted SQN: SEQ_MS(IND) and the highest SQN never go down.
  void accept(std::uint64_t sqn);
  /// SQN_MS for a synchronisation failure (TS 33.102 §6.3.3): the highest
  /// sequence number accepted so far, SEQ || IND.
  std::uint64_t sqn_ms() const;
  /// SEQ_MS(ind), for tests and tools; 0 for an index outside the array.
  std::uint64_t seq_ms(std::uint64_t ind) const noexcept;

  /// The configuration in effect (ind_bits clamped to max_ind_bits).
  const sqn_config& config() const noexcept { return cfg_; }

 private:
  sqn_config cfg_;
  std::vector<std::uint64_t> seq_ms_;  // indexed by IND
  std::uint64_t highest_sqn_ = 0;      // the highest SQN accepted, SEQ||IND
};

/// The home network side: SQN_HE and the generation of the next SQN.
class sqn_he_state {
 public:
  /// `sqn_he` is the last SQN handed out (SEQ || IND); 0 for a new subscriber.
  explicit sqn_he_state(std::uint64_t sqn_he = 0, sqn_config cfg = {});

  /// The next SQN to put in an authentication vector: SEQ incremented, IND
  /// cycled (C.3.2), 48 bits.
  std::uint64_t next();
  /// Resynchronises after a verified AUTS carrying SQN_MS (TS 33.102 §6.3.5,
  /// C.3.4): when the next SQN this counter would produce is not acceptable to
  /// a USIM whose highest SQN is SQN_MS, SEQ_HE is reset to SEQ_MS; either way
  /// the next SQN generated is fresh for the USIM.
  void resynchronise(std::uint64_t sqn_ms);
  std::uint64_t current() const noexcept { return sqn_he_; }

  /// The configuration in effect (ind_bits clamped to max_ind_bits).
  const sqn_config& config() const noexcept { return cfg_; }

 private:
  std::uint64_t sqn_he_;
  sqn_config cfg_;
};

}  // namespace meridian::security
