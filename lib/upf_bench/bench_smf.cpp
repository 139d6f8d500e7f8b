// The benchmark's test SMF (bench_smf.hpp).

#include "meridian/upf_bench/bench_smf.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace meridian::upf_bench {

bool upf_allocates_f_teids(const std::optional<pfcp::up_function_features>& features) noexcept {
  return features && features->test(feature_ftup);
}

std::expected<std::unique_ptr<bench_smf>, std::string> bench_smf::create(asio::io_context& io,
                                                                         n4_peer::client_config cfg,
                                                                         n4_peer::endpoint upf) {
  auto c = n4_peer::client::create(io, cfg);
  if (!c) return std::unexpected("test SMF: " + c.error());
  return std::unique_ptr<bench_smf>(new bench_smf(io, std::move(*c), upf));
}

bench_smf::bench_smf(asio::io_context& io, std::unique_ptr<n4_peer::client> c, n4_peer::endpoint upf)
    : io_(io), client_(std::move(c)), upf_(upf) {
  client_->on_node_request([this](const n4_peer::endpoint&, const pfcp::message& m) {
    // §6.2.6.3: the UPF set the association up itself (the client has accepted it).
    if (const auto* r = std::get_if<pfcp::association_setup_request>(&m.body_)) {
      associated_ = true;
      learn_features(r->up_function_features_);
    }
  });
}

bench_smf::~bench_smf() { stop(); }

void bench_smf::stop() {
  if (client_) client_->stop();
}

void bench_smf::learn_features(const std::optional<pfcp::up_function_features>& f) { ftup_ = upf_allocates_f_teids(f); }

bool bench_smf::try_associate(std::chrono::milliseconds wait) {
  if (associated_) return true;
  // Shared with the handler, which runs when the client stops if no answer came in time.
  auto answered = std::make_shared<bool>(false);
  client_->associate(upf_, [this, answered](n4_peer::response r) {
    *answered = true;
    if (!r) return;
    const auto* a = std::get_if<pfcp::association_setup_response>(&r->body_);
    if (a == nullptr || a->cause_.value_ != pfcp::cause_value::request_accepted) return;
    associated_ = true;
    learn_features(a->up_function_features_);
  });
  n4_peer::run_until(
      io_, [&] { return *answered || associated_; }, wait);
  return associated_;
}

std::expected<void, std::string> bench_smf::establish(std::vector<bench_session>& sessions, std::uint64_t first_cp_seid,
                                                      const topology_plan& plan, const session_qos& qos,
                                                      std::size_t in_flight, std::chrono::milliseconds limit) {
  // Shared with the response handlers, which may outlive this call when it
  // gives up (they then run when the client stops).
  struct progress_state {
    std::vector<bench_session> wanted;
    std::size_t next = 0, done = 0, failed = 0;
    std::string first_error;
  };
  auto st = std::make_shared<progress_state>();
  st->wanted = sessions;
  const bool choose = ftup_;
  auto launch = std::make_shared<std::function<void()>>();
  *launch = [this, st, first_cp_seid, plan, qos, choose, weak = std::weak_ptr(launch)] {
    const std::size_t i = st->next++;
    const seid cp = *seid::from(first_cp_seid + i);
    client_->establish(
        upf_, session_establishment(plan, st->wanted[i], cp, choose, qos), [st, i, choose, weak](n4_peer::response r) {
          ++st->done;
          std::string error;
          if (!r) {
            error = r.error().message();
          } else if (const auto* resp = std::get_if<pfcp::session_establishment_response>(&r->body_); !resp) {
            error = "unexpected answer";
          } else if (resp->cause_.value_ != pfcp::cause_value::request_accepted) {
            error = fmt::format("cause {}", static_cast<unsigned>(resp->cause_.value_));
          } else if (choose) {
            // §5.5.3: the F-TEID the UPF chose is in the Created PDR of the uplink PDR.
            for (const auto& c : resp->created_pdr_)
              if (c.pdr_id_.value_ == 1 && c.local_f_teid_ && !c.local_f_teid_->choose_)
                st->wanted[i].uplink_teid_ = c.local_f_teid_->teid_;
          }
          if (!error.empty()) {
            ++st->failed;
            if (st->first_error.empty()) st->first_error = error;
            return;  // no new requests after a failure
          }
          if (st->next < st->wanted.size())
            if (auto next = weak.lock()) (*next)();
        });
  };
  for (std::size_t k = 0; k < std::min(in_flight, st->wanted.size()); ++k) (*launch)();
  const bool finished = n4_peer::run_until(
      io_, [&] { return st->done == st->next && (st->failed > 0 || st->next == st->wanted.size()); }, limit);
  if (!finished)
    return std::unexpected(fmt::format("{} of {} establishments unanswered", st->next - st->done, st->wanted.size()));
  if (st->failed != 0)
    return std::unexpected(fmt::format("{} of {} session establishments failed, first: {}", st->failed,
                                       st->wanted.size(), st->first_error));
  sessions = std::move(st->wanted);
  return {};
}

bool bench_smf::release(std::chrono::milliseconds wait) {
  if (!associated_) return false;
  auto answered = std::make_shared<bool>(false);
  client_->release_association(upf_, [answered](const n4_peer::response& r) { *answered = r.has_value(); });
  n4_peer::run_until(
      io_, [&] { return *answered; }, wait);
  associated_ = false;
  return *answered;
}

}  // namespace meridian::upf_bench
