#include "meridian/udm/ue_authentication.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "meridian/common/log.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "meridian/security/serving_network_name.hpp"
#include "meridian/security/sqn.hpp"
#include "meridian/udm/random_pool.hpp"
#include "meridian/udm/sidf.hpp"

namespace meridian::udm {

namespace {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = log::get("udm.ueau");
  return l;
}

using sbi::cause;
using sbi::problem_details;

// TS 29.505 SequenceNumber.sqn: SEQ || IND as 12 hex digits.
std::optional<std::uint64_t> parse_sqn(std::string_view text) {
  if (text.size() != 12) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : text) {
    const int d = std::isdigit(static_cast<unsigned char>(c))   ? c - '0'
                  : (c >= 'a' && c <= 'f')                       ? c - 'a' + 10
                  : (c >= 'A' && c <= 'F')                       ? c - 'A' + 10
                                                                 : -1;
    if (d < 0) return std::nullopt;
    v = (v << 4) | static_cast<unsigned>(d);
  }
  return v;
}

// TS 29.505 SequenceNumber.sqn from SEQ || IND (by hand: one per vector).
std::string format_sqn(std::uint64_t sqn) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(12, '0');  // within std::string's inline buffer: no allocation
  sqn &= security::sqn_mask;
  for (std::size_t i = out.size(); i-- > 0; sqn >>= 4) out[i] = digits[sqn & 0xf];
  return out;
}

// The subscriber's long-term credentials, out of the UDR's answer. K and OPc
// are moved into wiping storage and wiped in the answer.
struct credentials {
  crypto::key128 k;
  crypto::key128 opc;
  crypto::amf16 amf{};
  auth_type method = auth_type::five_g_aka;
  std::uint64_t sqn = 0;
  std::string sqn_text;
  udr::sequence_number sequence;
  unsigned ind_bits = 5;
};

sbi::result<credentials> credentials_of(udr::authentication_subscription& s, const udm_config& config) {
  struct wipe_keys {
    udr::authentication_subscription& s;
    ~wipe_keys() {
      if (s.enc_permanent_key_) crypto::wipe_object(*s.enc_permanent_key_);
      if (s.enc_opc_key_) crypto::wipe_object(*s.enc_opc_key_);
    }
  } const wipe{s};

  credentials c;
  switch (s.authentication_method_) {
    case udr::auth_method::five_g_aka:
      c.method = auth_type::five_g_aka;
      break;
    case udr::auth_method::eap_aka_prime:
      c.method = auth_type::eap_aka_prime;
      break;
    default:
      // EAP-TLS, EAP-TTLS and NONE need no AKA vector, and Meridian's AUSF runs neither.
      return std::unexpected(problem_details::of(
          cause::authentication_rejected,
          fmt::format("authentication method {} is not supported", sbi::to_string(s.authentication_method_))));
  }
  if (s.algorithm_id_) {
    std::string algorithm = *s.algorithm_id_;
    std::transform(algorithm.begin(), algorithm.end(), algorithm.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (algorithm != "milenage")
      return std::unexpected(problem_details::of(cause::av_generation_problem,
                                                 fmt::format("algorithm {} is not supported", *s.algorithm_id_)));
  }
  auto k = s.enc_permanent_key_ ? crypto::key128::from(*s.enc_permanent_key_) : std::nullopt;
  auto opc = s.enc_opc_key_ ? crypto::key128::from(*s.enc_opc_key_) : std::nullopt;
  if (!k || !opc)
    return std::unexpected(problem_details::of(cause::av_generation_problem, "no 16-octet K and OPc for the subscriber"));
  c.k = *k;
  c.opc = *opc;

  if (s.authentication_management_field_) {
    if (s.authentication_management_field_->size() != 2)
      return std::unexpected(problem_details::of(cause::av_generation_problem, "the AMF field is not 2 octets"));
    c.amf = {(*s.authentication_management_field_)[0], (*s.authentication_management_field_)[1]};
  } else {
    c.amf = config.default_authentication_management_field_;
  }

  // Without a stored SQN the compare-and-swap has nothing to test against, and
  // two first requests could both start from zero: the store must hold one.
  if (!s.sequence_number_ || !s.sequence_number_->sqn_)
    return std::unexpected(problem_details::of(cause::av_generation_problem, "the subscriber has no SQN"));
  auto sqn = parse_sqn(*s.sequence_number_->sqn_);
  if (!sqn) return std::unexpected(problem_details::of(cause::av_generation_problem, "the stored SQN is not 12 hex digits"));
  c.sqn = *sqn;
  c.sqn_text = *s.sequence_number_->sqn_;
  c.sequence = *s.sequence_number_;
  const auto ind = s.sequence_number_->ind_length_.value_or(static_cast<std::int32_t>(config.ind_bits_));
  if (ind < 0 || static_cast<unsigned>(ind) > security::sqn_config::max_ind_bits)
    return std::unexpected(problem_details::of(cause::av_generation_problem, "the stored IND length is out of range"));
  c.ind_bits = static_cast<unsigned>(ind);
  return c;
}

// The AV for `method` from the Milenage outputs (TS 33.501 §6.1.3.2 step 1 for
// 5G-AKA, §6.1.3.1 step 1 with Annex A.3 for EAP-AKA').
authentication_vector make_vector(const credentials& c, const crypto::rand128& rand, std::uint64_t sqn,
                                  const std::string& serving_network_name) {
  auto he = security::generate_he_av(c.k, c.opc, rand, security::sqn_to_bytes(sqn), c.amf, serving_network_name);
  const crypto::scoped_wipe wipe_res(he.res);
  auto bytes = [](std::span<const std::uint8_t> b) { return sbi::bytes(b.begin(), b.end()); };
  if (c.method == auth_type::five_g_aka) {
    return av_5g_he_aka{.rand_ = bytes(he.rand),
                        .xres_star_ = bytes(he.xres_star),
                        .autn_ = bytes(he.autn),
                        .kausf_ = bytes(he.kausf.bytes())};
  }
  // TS 33.501 A.3: the serving network name is the access network identity.
  const auto prime = security::derive_ck_ik_prime(he.ck, he.ik, serving_network_name,
                                                  std::span<const std::uint8_t, 6>(he.autn.data(), 6));
  return av_eap_aka_prime{.rand_ = bytes(he.rand),
                          .xres_ = bytes(he.res),
                          .autn_ = bytes(he.autn),
                          .ck_prime_ = bytes(prime.ck_prime.bytes()),
                          .ik_prime_ = bytes(prime.ik_prime.bytes())};
}

std::vector<udr::authentication_subscription_patch> sqn_update(const credentials& c, std::uint64_t next) {
  udr::sequence_number replaced = c.sequence;
  replaced.sqn_ = format_sqn(next);
  std::vector<udr::authentication_subscription_patch> patch(2);
  patch[0].op_ = sbi::patch_operation::test;
  patch[0].path_ = "/sequenceNumber/sqn";
  patch[0].value_ = c.sqn_text;
  patch[1].op_ = sbi::patch_operation::replace;
  patch[1].path_ = "/sequenceNumber";
  patch[1].value_ = std::move(replaced);
  return patch;
}

}  // namespace

rand_source system_rand_source() {
  return [pool = std::make_shared<random_pool>()]() -> std::optional<crypto::rand128> {
    crypto::rand128 r{};
    if (!pool->draw(r)) return std::nullopt;
    return r;
  };
}

ue_authentication::ue_authentication(udm_config config, udr::nudr_data_repository& udr, const home_network_keys& keys,
                                     rand_source rand)
    : config_(std::move(config)), udr_(udr), keys_(keys), rand_(std::move(rand)) {}

// TS 29.503 §5.4.2.2 / TS 33.501 §6.1.3.1-6.1.3.2 step 1: GenerateAuthData.
sbi::awaitable<authentication_info_result> ue_authentication::get(sbi::supi_or_suci supi_or_suci,
                                                                  authentication_info_request request) {
  // The SIDF first: everything below is about the subscriber.
  auto supi = deconceal_supi(supi_or_suci, keys_, config_.allow_null_scheme_);
  if (!supi) {
    ++counters_.deconcealment_failures;
    logger()->info("SUCI not de-concealed: {}", supi.error().detail_.value_or(""));
    co_return std::unexpected(std::move(supi.error()));
  }
  const bool from_suci = std::holds_alternative<model::suci>(supi_or_suci);

  // TS 33.501 §6.1.2: the serving network name must be well formed and, if
  // the operator lists networks, one of them.
  const std::string& snn = request.serving_network_name_;
  if (!security::parse_serving_network_name(snn)) {
    ++counters_.rejected_requests;
    auto p = problem_details::of(cause::mandatory_ie_incorrect, "servingNetworkName is not 5G:mnc<MNC>.mcc<MCC>.3gppnetwork.org");
    p.invalid_params_.push_back({"/servingNetworkName", std::nullopt});
    co_return std::unexpected(std::move(p));
  }
  if (!config_.authorized_serving_plmns_.empty() && !security::names_one_of(snn, config_.authorized_serving_plmns_)) {
    ++counters_.rejected_requests;
    co_return std::unexpected(problem_details::of(cause::serving_network_not_authorized));
  }
  std::optional<security::auts112> auts;
  std::optional<crypto::rand128> auts_rand;
  if (const auto& resync = request.resynchronization_info_) {
    if (resync->rand_.size() != 16 || resync->auts_.size() != 14) {
      ++counters_.rejected_requests;
      auto p = problem_details::of(cause::mandatory_ie_incorrect, "RAND must be 16 octets and AUTS 14");
      p.invalid_params_.push_back({"/resynchronizationInfo", std::nullopt});
      co_return std::unexpected(std::move(p));
    }
    auts.emplace();
    auts_rand.emplace();
    std::copy(resync->auts_.begin(), resync->auts_.end(), auts->begin());
    std::copy(resync->rand_.begin(), resync->rand_.end(), auts_rand->begin());
  }

  for (unsigned attempt = 0; attempt < config_.max_sqn_update_attempts_; ++attempt) {
    auto subscription = co_await udr_.query_auth_subs_data(*supi);
    if (!subscription) co_return std::unexpected(std::move(subscription.error()));
    auto c = credentials_of(*subscription, config_);
    if (!c) {
      ++counters_.rejected_requests;
      logger()->warn("no authentication vector: {}", c.error().detail_.value_or(""));
      co_return std::unexpected(std::move(c.error()));
    }

    security::sqn_he_state he(c->sqn, security::sqn_config{.ind_bits = c->ind_bits, .delta = config_.sqn_delta_});
    if (auts) {
      // TS 33.102 §6.3.5: SQN_MS from AUTS; SQN_HE is reset only when MAC-S
      // verifies, and a new vector is sent either way.
      if (auto sqn_ms = security::verify_auts(c->k, c->opc, *auts_rand, *auts)) {
        he.resynchronise(*sqn_ms);
        if (attempt == 0) ++counters_.resynchronisations;
      } else if (attempt == 0) {
        ++counters_.auts_mac_failures;
        logger()->warn("AUTS with a MAC-S that does not verify: SQN not resynchronised");
      }
    }
    const std::uint64_t next = he.next();

    // Durable before use: the UDR answers the PATCH only once it is written.
    auto patch = sqn_update(*c, next);
    auto written = co_await udr_.modify_authentication_subscription(*supi, std::move(patch));
    if (!written) {
      if (written.error().cause_ == cause::modification_not_allowed) {
        ++counters_.sqn_conflicts;  // another request advanced the SQN first: read it again
        continue;
      }
      co_return std::unexpected(std::move(written.error()));
    }

    auto rand = rand_();
    if (!rand) {
      // The SQN is spent without a vector, which is harmless (the next one is fresher still).
      logger()->error("no random octets for RAND");
      co_return std::unexpected(problem_details::of(cause::av_generation_problem, "no random octets for RAND"));
    }
    authentication_info_result result;
    result.auth_type_ = c->method;
    result.authentication_vector_ = make_vector(*c, *rand, next, snn);
    if (from_suci) result.supi_ = *supi;
    ++counters_.vectors_generated;
    if (logger()->should_log(spdlog::level::debug))
      logger()->debug("{}: {} vector, SQN {}", supi->to_string(), sbi::to_string(c->method), format_sqn(next));
    co_return result;
  }
  ++counters_.rejected_requests;
  logger()->warn("SQN update kept conflicting after {} attempts", config_.max_sqn_update_attempts_);
  co_return std::unexpected(problem_details::of(cause::av_generation_problem, "the SQN kept changing under this request"));
}

// TS 29.503 §5.4.2.3 ConfirmAuth: the AUSF reports the outcome; the UDM keeps
// it in the UDR's authentication status (TS 33.501 §6.1.4.1).
sbi::awaitable<auth_event> ue_authentication::result_confirmation(model::supi supi, auth_event event) {
  auto stored = co_await udr_.create_authentication_status(supi, event);
  if (!stored) co_return std::unexpected(std::move(stored.error()));
  co_return event;
}

}  // namespace meridian::udm
