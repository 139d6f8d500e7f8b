#pragma once
// Sequence number management of TS 33.102 Annex C: SQN = SEQ || IND. The home
// network generates fresh SQNs (C.1.1, C.3.2); the USIM keeps an array of the
// highest SEQ accepted per IND value and checks freshness with a limit Δ on
// how far ahead a SEQ may jump (C.2.1, C.2.2).

#include <cstdint>
#include <vector>

namespace meridian::security {

struct sqn_config {
  unsigned ind_bits = 5;               ///< length of IND in bits (C.3.2: 5 recommended)
  std::uint64_t delta = 1ull << 28;    ///< Δ: the largest accepted jump in SEQ (C.2.2)
  std::uint64_t age_limit_l = 0;       ///< L of C.2.2; 0 disables the age limit check
};

/// The USIM side: the SEQ_MS array and the freshness check.
class sqn_ue_state {
 public:
  explicit sqn_ue_state(sqn_config cfg = {});

  /// True when `sqn` (48 bits) is fresh: SEQ > SEQ_MS(IND) and SEQ - SEQ_MS <= Δ
  /// (and within L of the highest SEQ when the age limit is on).
  bool is_fresh(std::uint64_t sqn) const;
  /// Records an accepted SQN.
  void accept(std::uint64_t sqn);
  /// SQN_MS for a synchronisation failure (TS 33.102 §6.3.3): the highest
  /// sequence number accepted so far, SEQ || IND.
  std::uint64_t sqn_ms() const;

  const sqn_config& config() const noexcept { return cfg_; }

 private:
  sqn_config cfg_;
  std::vector<std::uint64_t> seq_ms_;  // indexed by IND
  std::uint64_t highest_sqn_ = 0;      // the highest SQN accepted, SEQ||IND
};

/// The home network side: SQN_HE and the generation of the next SQN.
class sqn_he_state {
 public:
  explicit sqn_he_state(std::uint64_t sqn_he = 0, sqn_config cfg = {});

  /// The next SQN to put in an authentication vector: SEQ incremented, IND
  /// cycled (C.3.2), 48 bits.
  std::uint64_t next();
  /// Resynchronises after a verified AUTS carrying SQN_MS (C.3.4): the next
  /// SQN generated is fresh for the USIM.
  void resynchronise(std::uint64_t sqn_ms);
  std::uint64_t current() const noexcept { return sqn_he_; }

 private:
  std::uint64_t sqn_he_;
  sqn_config cfg_;
};

}  // namespace meridian::security
