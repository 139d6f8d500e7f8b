// The SMF's n4_port over n4_peer::client (n4_client_port.hpp).

#include "meridian/smf/n4_client_port.hpp"

#include <functional>
#include <utility>

#include "meridian/runtime/pending_requests.hpp"
#include "smf_support.hpp"

namespace meridian::smf {

std::string_view to_string(n4_errc e) noexcept {
  switch (e) {
    case n4_errc::no_answer: return "no answer from the UPF";
    case n4_errc::no_association: return "no PFCP association with the UPF";
    case n4_errc::unexpected: return "unexpected answer from the UPF";
    case n4_errc::stopped: return "N4 stopped";
  }
  return "?";
}

namespace {

using answers_table = runtime::pending_requests<std::uint64_t, n4_peer::response>;
using sender = std::move_only_function<void(n4_peer::response_handler)>;

n4_errc error_of(const n4_peer::request_error& e) {
  switch (e.code_) {
    case n4_peer::request_errc::timeout: return n4_errc::no_answer;
    case n4_peer::request_errc::stopped: return n4_errc::stopped;
    case n4_peer::request_errc::encode_failed:
    case n4_peer::request_errc::version_not_supported: return n4_errc::unexpected;
  }
  return n4_errc::unexpected;
}

template <class Body>
n4_result<Body> body_of(n4_result<pfcp::message> m) {
  if (!m) return std::unexpected(m.error());
  auto* b = std::get_if<Body>(&m->body_);
  if (b == nullptr) return std::unexpected(n4_errc::unexpected);
  return std::move(*b);
}

class client_port final : public n4_port {
 public:
  client_port(n4_peer::client& client, runtime::timer_service& timers, n4_client_port_config cfg)
      : client_(client), timers_(timers), cfg_(cfg), answers_(std::make_shared<answers_table>(timers)) {
    // §6.2.6.3: a UPF may set the association up itself; the client has accepted it.
    client_.on_node_request([this, alive = std::weak_ptr<answers_table>(answers_)](const n4_peer::endpoint& from,
                                                                                const pfcp::message& m) {
      if (alive.expired()) return;
      if (from == cfg_.upf_ && std::holds_alternative<pfcp::association_setup_request>(m.body_)) associated_ = true;
      if (from == cfg_.upf_ && std::holds_alternative<pfcp::association_release_request>(m.body_))
        associated_ = false;
    });
  }
  ~client_port() override {
    // Whoever still waits is resumed with `stopped`; late client answers find no table.
    answers_->cancel_all();
  }

  runtime::task<n4_result<pfcp::session_establishment_response>> establish(
      pfcp::session_establishment_request request) override {
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool associated = co_await ensure_association();
      if (!associated) co_return std::unexpected(n4_errc::no_association);
      auto send = [this, request](n4_peer::response_handler h) mutable {
        client_.establish(cfg_.upf_, std::move(request), std::move(h));
      };
      n4_result<pfcp::message> answer = co_await call(std::move(send));
      auto body = body_of<pfcp::session_establishment_response>(std::move(answer));
      // §6.2.6: the UPF lost our association (it restarted): set it up again, once.
      if (body && body->cause_.value_ == pfcp::cause_value::no_established_pfcp_association && attempt == 0) {
        associated_ = false;
        continue;
      }
      co_return body;
    }
    co_return std::unexpected(n4_errc::no_association);
  }

  runtime::task<n4_result<pfcp::session_modification_response>> modify(
      seid up_seid, pfcp::session_modification_request request) override {
    auto send = [this, up_seid, request](n4_peer::response_handler h) mutable {
      client_.modify(cfg_.upf_, up_seid, std::move(request), std::move(h));
    };
    n4_result<pfcp::message> answer = co_await call(std::move(send));
    co_return body_of<pfcp::session_modification_response>(std::move(answer));
  }

  runtime::task<n4_result<pfcp::session_deletion_response>> remove(seid up_seid) override {
    auto send = [this, up_seid](n4_peer::response_handler h) { client_.remove(cfg_.upf_, up_seid, std::move(h)); };
    n4_result<pfcp::message> answer = co_await call(std::move(send));
    co_return body_of<pfcp::session_deletion_response>(std::move(answer));
  }

  pfcp::ipv4_address cp_address() const override {
    const auto& n = client_.node_id();
    if (n.type_ == pfcp::node_id::kind::ipv4 && n.ipv4_ != pfcp::ipv4_address{}) return n.ipv4_;
    return client_.local_endpoint().address_;
  }

 private:
  runtime::task<bool> ensure_association() {
    // One Association Setup at a time: calls that come meanwhile wait for its outcome.
    while (associating_) {
      std::expected<void, runtime::runtime_error> waited = co_await timers_.sleep_for(std::chrono::milliseconds(5));
      if (!waited) co_return false;
    }
    if (associated_) co_return true;
    associating_ = true;
    const bool ok = co_await associate();
    associating_ = false;
    co_return ok;
  }

  runtime::task<bool> associate() {
    auto send = [this](n4_peer::response_handler h) { client_.associate(cfg_.upf_, std::move(h)); };
    n4_result<pfcp::message> answer = co_await call(std::move(send));
    auto body = body_of<pfcp::association_setup_response>(std::move(answer));
    if (!body || body->cause_.value_ != pfcp::cause_value::request_accepted) {
      smf_detail::logger()->warn("PFCP association with {} failed: {}", n4_peer::to_string(cfg_.upf_),
                                 body ? "rejected" : to_string(body.error()));
      co_return false;
    }
    associated_ = true;
    co_return true;
  }

  /// One request and its answer: registered before it is sent, so that an
  /// answer the client gives at once (a closed socket) is not lost.
  runtime::task<n4_result<pfcp::message>> call(sender send) {
    const std::uint64_t key = next_key_++;
    auto answer = answers_->wait(key, cfg_.answer_timeout_);
    send([key, alive = std::weak_ptr<answers_table>(answers_)](n4_peer::response r) {
      if (auto table = alive.lock()) table->complete(key, std::move(r));
    });
    std::expected<n4_peer::response, runtime::runtime_error> got = co_await answer;
    if (!got) co_return std::unexpected(got.error() == runtime::runtime_error::timed_out ? n4_errc::no_answer
                                                                                          : n4_errc::stopped);
    if (!*got) co_return std::unexpected(error_of(got->error()));
    co_return std::move(**got);
  }

  n4_peer::client& client_;
  runtime::timer_service& timers_;
  n4_client_port_config cfg_;
  std::shared_ptr<answers_table> answers_;
  std::uint64_t next_key_ = 1;
  bool associated_ = false;
  bool associating_ = false;
};

}  // namespace

std::unique_ptr<n4_port> make_n4_client_port(n4_peer::client& client, runtime::timer_service& timers,
                                             n4_client_port_config cfg) {
  return std::make_unique<client_port>(client, timers, cfg);
}

}  // namespace meridian::smf
