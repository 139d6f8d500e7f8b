#include "meridian/security/sqn.hpp"

#include <algorithm>

namespace meridian::security {

namespace {

// ind_bits beyond the supported length would make the SEQ_MS array huge (and
// a shift of 48 or more undefined), so configuration is clamped, not trusted.
sqn_config normalised(sqn_config cfg) noexcept {
  cfg.ind_bits = std::min(cfg.ind_bits, sqn_config::max_ind_bits);
  return cfg;
}

std::uint64_t ind_mask(const sqn_config& cfg) noexcept { return (1ull << cfg.ind_bits) - 1; }
std::uint64_t seq_of(std::uint64_t sqn, const sqn_config& cfg) noexcept { return (sqn & sqn_mask) >> cfg.ind_bits; }
std::uint64_t ind_of(std::uint64_t sqn, const sqn_config& cfg) noexcept { return sqn & ind_mask(cfg); }
// SEQ has 48 - ind_bits bits.
std::uint64_t seq_mask(const sqn_config& cfg) noexcept { return sqn_mask >> cfg.ind_bits; }

}  // namespace

// TS 33.102 C.2.2: every SEQ_MS(i) starts at zero.
sqn_ue_state::sqn_ue_state(sqn_config cfg) : cfg_(normalised(cfg)), seq_ms_(std::size_t{1} << cfg_.ind_bits, 0) {}

// TS 33.102 C.2.1 (the Δ wrap-around check) and C.2.2 (the array and the
// optional age limit L).
bool sqn_ue_state::is_fresh(std::uint64_t sqn) const {
  const std::uint64_t seq = seq_of(sqn, cfg_);
  const std::uint64_t ind = ind_of(sqn, cfg_);
  // SEQ_MS without an index is the highest SEQ accepted anywhere in the array.
  const std::uint64_t highest_seq = seq_of(highest_sqn_, cfg_);

  // C.2.1: a jump of more than Δ is refused before the array is consulted, so
  // that the counter cannot be driven towards SEQmax (wrap-around protection).
  if (seq > highest_seq && seq - highest_seq > cfg_.delta) return false;
  // C.2.2: with L in use, accept only if SEQ_MS - SEQ < L.
  if (cfg_.age_limit_l != 0 && seq < highest_seq && highest_seq - seq >= cfg_.age_limit_l) return false;
  // C.2.2: fresh only if above the entry for its own IND.
  return seq > seq_ms_[ind];
}

// TS 33.102 C.2.2: SEQ_MS(IND) := SEQ.
void sqn_ue_state::accept(std::uint64_t sqn) {
  sqn &= sqn_mask;
  const std::uint64_t seq = seq_of(sqn, cfg_);
  auto& entry = seq_ms_[ind_of(sqn, cfg_)];
  entry = std::max(entry, seq);
  // SEQ sits above IND, so comparing whole SQNs orders by SEQ first.
  highest_sqn_ = std::max(highest_sqn_, sqn);
}

// TS 33.102 §6.3.3 / C.2.2: the highest previously accepted sequence number.
std::uint64_t sqn_ue_state::sqn_ms() const { return highest_sqn_; }

std::uint64_t sqn_ue_state::seq_ms(std::uint64_t ind) const noexcept {
  return ind < seq_ms_.size() ? seq_ms_[static_cast<std::size_t>(ind)] : 0;
}

sqn_he_state::sqn_he_state(std::uint64_t sqn_he, sqn_config cfg) : sqn_he_(sqn_he & sqn_mask), cfg_(normalised(cfg)) {}

// TS 33.102 C.3.2: SEQ_HE is incremented for each vector and IND cycles
// through its values, so that vectors used out of order in different serving
// nodes land in different SEQ_MS entries.
std::uint64_t sqn_he_state::next() {
  // SEQ wraps within its 48 - ind_bits bits (Δ keeps real counters far from
  // SEQmax); a wrapped SEQ is stale for the USIM, which then resynchronises us.
  const std::uint64_t seq = (seq_of(sqn_he_, cfg_) + 1) & seq_mask(cfg_);
  const std::uint64_t ind = (ind_of(sqn_he_, cfg_) + 1) & ind_mask(cfg_);
  sqn_he_ = (seq << cfg_.ind_bits) | ind;
  return sqn_he_;
}

// TS 33.102 §6.3.5 and C.3.4.
void sqn_he_state::resynchronise(std::uint64_t sqn_ms) {
  const std::uint64_t seq_ms = seq_of(sqn_ms, cfg_);
  const std::uint64_t next_seq = seq_of(sqn_he_, cfg_) + 1;
  // The SQN we would generate next is fresh for the USIM if it beats the
  // highest SEQ it accepted (hence every SEQ_MS(i)) by no more than Δ.
  const bool acceptable = next_seq > seq_ms && next_seq - seq_ms <= cfg_.delta;
  if (acceptable) return;
  // Otherwise SEQ_HE := SEQ_MS; IND keeps cycling from where it was.
  sqn_he_ = (seq_ms << cfg_.ind_bits) | ind_of(sqn_he_, cfg_);
}

}  // namespace meridian::security
