#pragma once
// A hand-written stateful fake of the UDR (udr::nudr_data_repository) for the
// home network's tests: subscribers in a map, the authentication-subscription
// PATCH applied as RFC 6902 says (a failed "test" changes nothing and answers
// MODIFICATION_NOT_ALLOWED), every SQN written recorded in order, and a gate
// that holds reads of the authentication subscription so that a test can
// interleave requests as a real, slower store would.
//
// Also: home network keys from a map (udm::home_network_keys).

#include <coroutine>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "meridian/udm/home_network_keys.hpp"
#include "meridian/udr/udr_service.hpp"

namespace meridian::test {

/// Suspends every coroutine that waits on it while closed; open() resumes them in order.
class gate {
 public:
  void close() noexcept { closed_ = true; }
  /// Resumes the waiters in the order they came (each runs until it suspends again or ends).
  void open() {
    closed_ = false;
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto h : waiting) h.resume();
  }
  std::size_t waiting() const noexcept { return waiting_.size(); }

  auto wait() noexcept {
    struct awaiter {
      gate& g;
      bool await_ready() const noexcept { return !g.closed_; }
      void await_suspend(std::coroutine_handle<> h) { g.waiting_.push_back(h); }
      void await_resume() const noexcept {}
    };
    return awaiter{*this};
  }

 private:
  bool closed_ = false;
  std::vector<std::coroutine_handle<>> waiting_;
};

class in_memory_udr final : public udr::nudr_data_repository {
 public:
  struct subscriber {
    udr::authentication_subscription authentication{};
    std::optional<udm::access_and_mobility_subscription_data> am_data{};
    std::optional<udm::smf_selection_subscription_data> smf_select_data{};
    udm::sm_subs_data sm_data{};
    std::optional<udm::amf_3gpp_access_registration> amf_3gpp{};
    std::vector<udm::auth_event> auth_events{};
  };

  std::map<model::supi, subscriber> subscribers;
  /// Closed: query_auth_subs_data waits here between reading and answering.
  gate auth_reads;
  /// Every sequenceNumber/sqn written, in the order the PATCHes were applied.
  std::vector<std::string> sqn_writes;
  std::size_t refused_patches = 0;
  /// The serving PLMNs each provisioned-data query named, in order.
  std::vector<model::plmn> queried_plmns;

  subscriber& add(const model::supi& supi, udr::authentication_subscription authentication) {
    auto& s = subscribers.insert_or_assign(supi, subscriber{}).first->second;
    authentication.supi_ = supi;
    s.authentication = std::move(authentication);
    return s;
  }

  std::string sqn_of(const model::supi& supi) const {
    return *subscribers.at(supi).authentication.sequence_number_->sqn_;
  }

  /// Reads, then waits at auth_reads before answering: a closed gate hands
  /// every waiting request the same (by then stale) SQN.
  sbi::awaitable<udr::authentication_subscription> query_auth_subs_data(model::supi ue_id) override {
    auto* s = find(ue_id);
    if (!s) co_return std::unexpected(user_not_found());
    auto read = s->authentication;
    co_await auth_reads.wait();
    co_return read;
  }

  sbi::awaitable<sbi::no_content> modify_authentication_subscription(
      model::supi ue_id, std::vector<udr::authentication_subscription_patch> patch) override {
    auto* s = find(ue_id);
    if (!s) co_return std::unexpected(user_not_found());
    // RFC 6902 §5: all or nothing. Apply to a copy, keep it only if every item succeeds.
    auto next = s->authentication;
    for (const auto& item : patch) {
      if (item.op_ == sbi::patch_operation::test && item.path_ == "/sequenceNumber/sqn") {
        const auto* value = std::get_if<std::string>(&item.value_);
        if (!value || !next.sequence_number_ || next.sequence_number_->sqn_ != *value) {
          ++refused_patches;
          co_return std::unexpected(sbi::problem_details::of(sbi::cause::modification_not_allowed, "test failed"));
        }
      } else if (item.op_ == sbi::patch_operation::replace && item.path_ == "/sequenceNumber") {
        const auto* value = std::get_if<udr::sequence_number>(&item.value_);
        if (!value) co_return std::unexpected(sbi::problem_details::of(sbi::cause::mandatory_ie_incorrect));
        next.sequence_number_ = *value;
      } else {
        co_return std::unexpected(sbi::problem_details::of(sbi::cause::mandatory_ie_incorrect, item.path_));
      }
    }
    s->authentication = std::move(next);
    if (s->authentication.sequence_number_ && s->authentication.sequence_number_->sqn_)
      sqn_writes.push_back(*s->authentication.sequence_number_->sqn_);
    co_return sbi::no_content{};
  }

  sbi::awaitable<sbi::no_content> create_authentication_status(model::supi ue_id, udm::auth_event event) override {
    auto* s = find(ue_id);
    if (!s) co_return std::unexpected(user_not_found());
    s->auth_events.push_back(std::move(event));
    co_return sbi::no_content{};
  }

  sbi::awaitable<udm::auth_event> query_authentication_status(model::supi ue_id) override {
    auto* s = find(ue_id);
    if (!s) co_return std::unexpected(user_not_found());
    if (s->auth_events.empty()) co_return std::unexpected(data_not_found());
    co_return s->auth_events.back();
  }

  sbi::awaitable<udm::access_and_mobility_subscription_data> query_am_data(model::supi ue_id,
                                                                          model::plmn serving_plmn_id) override {
    queried_plmns.push_back(serving_plmn_id);
    auto* s = find(ue_id);
    if (!s) co_return std::unexpected(user_not_found());
    if (!s->am_data) co_return std::unexpected(data_not_found());
    co_return *s->am_data;
  }

  sbi::awaitable<udm::smf_selection_subscription_data> query_smf_select_data(model::supi ue_id,
                                                                            model::plmn serving_plmn_id) override {
    queried_plmns.push_back(serving_plmn_id);
    auto* s = find(ue_id);
    if (!s) co_return std::unexpected(user_not_found());
    if (!s->smf_select_data) co_return std::unexpected(data_not_found());
    co_return *s->smf_select_data;
  }

  sbi::awaitable<udm::sm_subs_data> query_sm_data(model::supi ue_id, model::plmn serving_plmn_id,
                                                  std::optional<model::s_nssai> single_nssai,
                                                  std::optional<sbi::dnn> dnn) override {
    queried_plmns.push_back(serving_plmn_id);
    auto* s = find(ue_id);
    if (!s) co_return std::unexpected(user_not_found());
    udm::sm_subs_data out;
    for (auto data : s->sm_data) {
      if (single_nssai && data.single_nssai_ != *single_nssai) continue;
      if (dnn) {
        auto it = data.dnn_configurations_.find(*dnn);
        if (it == data.dnn_configurations_.end()) continue;
        auto config = it->second;
        data.dnn_configurations_ = {{*dnn, config}};
      }
      out.push_back(std::move(data));
    }
    if (out.empty()) co_return std::unexpected(data_not_found());
    co_return out;
  }

  sbi::awaitable<sbi::no_content> create_amf_context_3gpp(model::supi ue_id,
                                                          udm::amf_3gpp_access_registration registration) override {
    auto* s = find(ue_id);
    if (!s) co_return std::unexpected(user_not_found());
    s->amf_3gpp = std::move(registration);
    co_return sbi::no_content{};
  }

  sbi::awaitable<udm::amf_3gpp_access_registration> query_amf_context_3gpp(model::supi ue_id) override {
    auto* s = find(ue_id);
    if (!s) co_return std::unexpected(user_not_found());
    // As lib/udr answers (docs/udr.md): no registration is CONTEXT_NOT_FOUND.
    if (!s->amf_3gpp) co_return std::unexpected(sbi::problem_details::of(sbi::cause::context_not_found));
    co_return *s->amf_3gpp;
  }

 private:
  subscriber* find(const model::supi& supi) {
    auto it = subscribers.find(supi);
    return it == subscribers.end() ? nullptr : &it->second;
  }
  static sbi::problem_details user_not_found() { return sbi::problem_details::of(sbi::cause::user_not_found); }
  static sbi::problem_details data_not_found() { return sbi::problem_details::of(sbi::cause::data_not_found); }
};

/// The home network's SUCI private keys, from a map.
class fake_home_network_keys final : public udm::home_network_keys {
 public:
  std::map<std::pair<std::uint8_t, model::protection_scheme>, udm::hn_private_key> keys;

  std::optional<udm::hn_private_key> find(std::uint8_t key_id, model::protection_scheme scheme) const override {
    auto it = keys.find({key_id, scheme});
    if (it == keys.end()) return std::nullopt;
    return it->second;
  }
};

}  // namespace meridian::test
